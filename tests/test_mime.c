/*
 * test_mime.c - crm_mime_parse: structure, exact body offsets, RFC 2045
 * defaults, every anomaly bit, limits, allocation failures, huge inputs.
 *
 * Case messages are written with "\n"; unless a case sets `lf`, every "\n"
 * (in the message and in the expected bodies) becomes "\r\n" before parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "mime.h"

#define MAXP 8

struct want_part {
    int parent;
    unsigned depth;
    const char *ct; /* "type/subtype" */
    const char *charset;
    enum crm_cte cte;
    int att;
    unsigned nchildren;
    const char *body; /* exact body bytes (before CRLF conversion) */
};

struct mime_case {
    const char *name;
    const char *msg;
    size_t len; /* 0: strlen(msg) */
    int lf;     /* keep LF line ends */
    const struct crm_mime_limits *lim;
    unsigned want_anom;
    size_t nparts;
    struct want_part p[MAXP];
};

static const struct crm_mime_limits lim_depth1 = {1, 256, 65536, 1000};
static const struct crm_mime_limits lim_parts3 = {16, 3, 65536, 1000};
static const struct crm_mime_limits lim_hdr40 = {16, 256, 40, 1000};

#define TP(b)                                                                                      \
    {                                                                                              \
        -1, 0, "text/plain", "", CRM_CTE_7BIT, 0, 0, b                                             \
    }

static const struct mime_case cases[] = {
    {"simple_text",
     "From: a@b\nSubject: s\n\nHello\nWorld\n",
     0,
     0,
     NULL,
     0,
     1,
     {TP("Hello\nWorld\n")}},
    {"simple_lf_only_is_bare_lf",
     "From: a@b\n\nHello\n",
     0,
     1,
     NULL,
     CRM_MIME_ANOM_BARE_LF,
     1,
     {TP("Hello\n")}},
    {"no_final_line_break", "From: a@b\n\nHello", 0, 0, NULL, 0, 1, {TP("Hello")}},
    {"no_headers_at_all", "\nbody\n", 0, 0, NULL, 0, 1, {TP("body\n")}},
    {"empty_body", "From: a@b\n\n", 0, 0, NULL, 0, 1, {TP("")}},
    {"alternative_with_preamble_epilogue",
     "Content-Type: multipart/alternative; boundary=\"b1\"\n\npre\n--b1\n"
     "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
     "plain=20text\n--b1\nContent-Type: text/html; charset=\"ISO-2022-JP\"\n"
     "Content-Transfer-Encoding: Base64\n\nPGI+aDwvYj4=\n--b1--\nepi\n",
     0,
     0,
     NULL,
     0,
     3,
     {{-1, 0, "multipart/alternative", "", CRM_CTE_7BIT, 0, 2,
       "pre\n--b1\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: "
       "quoted-printable\n\nplain=20text\n--b1\nContent-Type: text/html; "
       "charset=\"ISO-2022-JP\"\nContent-Transfer-Encoding: Base64\n\nPGI+aDwvYj4=\n--b1--\n"
       "epi\n"},
      {0, 1, "text/plain", "utf-8", CRM_CTE_QP, 0, 0, "plain=20text"},
      {0, 1, "text/html", "iso-2022-jp", CRM_CTE_BASE64, 0, 0, "PGI+aDwvYj4="}}},
    {"mixed_with_attachments",
     "Content-Type: multipart/mixed; boundary=mix\n\n--mix\nContent-Type: text/plain\n\nbody\n"
     "--mix\nContent-Type: application/pdf; name=\"a.pdf\"\n"
     "Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n"
     "--mix\nContent-Type: text/plain\n"
     "Content-Disposition: inline; filename*=UTF-8''%E3%81%82.txt\n\ninline named\n"
     "--mix\nContent-Type: image/png; name*0=a; name*1=.png\n\npng\n--mix--\n",
     0,
     0,
     NULL,
     0,
     5,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 4, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "body"},
      {0, 1, "application/pdf", "", CRM_CTE_BASE64, 1, 0, "JVBERi0="},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 1, 0, "inline named"},
      {0, 1, "image/png", "", CRM_CTE_7BIT, 1, 0, "png"}}},
    {"related_html_and_image",
     "Content-Type: multipart/related; type=\"text/html\"; boundary=\"rel\"\n\n--rel\n"
     "Content-Type: text/html; charset=utf-8\n\n<img src=\"cid:x\">\n--rel\n"
     "Content-Type: image/gif\nContent-ID: <x>\nContent-Transfer-Encoding: base64\n\nR0lG\n"
     "--rel--\n",
     0,
     0,
     NULL,
     0,
     3,
     {{-1, 0, "multipart/related", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "text/html", "utf-8", CRM_CTE_7BIT, 0, 0, "<img src=\"cid:x\">"},
      {0, 1, "image/gif", "", CRM_CTE_BASE64, 0, 0, "R0lG"}}},
    {"nested_three_deep",
     "Content-Type: multipart/mixed; boundary=m\n\n--m\n"
     "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\nP\n"
     "--a\nContent-Type: multipart/related; boundary=r\n\n--r\nContent-Type: text/html\n\nH\n"
     "--r\nContent-Type: image/png\n\nI\n--r--\n--a--\n--m\n"
     "Content-Type: application/zip\n\nZ\n--m--\n",
     0,
     0,
     NULL,
     0,
     7,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 2,
       "--a\nContent-Type: text/plain\n\nP\n--a\nContent-Type: multipart/related; "
       "boundary=r\n\n--r\nContent-Type: text/html\n\nH\n--r\nContent-Type: image/png\n\nI\n"
       "--r--\n--a--"},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, "P"},
      {1, 2, "multipart/related", "", CRM_CTE_7BIT, 0, 2,
       "--r\nContent-Type: text/html\n\nH\n--r\nContent-Type: image/png\n\nI\n--r--"},
      {3, 3, "text/html", "", CRM_CTE_7BIT, 0, 0, "H"},
      {3, 3, "image/png", "", CRM_CTE_7BIT, 0, 0, "I"},
      {0, 1, "application/zip", "", CRM_CTE_7BIT, 0, 0, "Z"}}},
    {"digest_defaults_to_rfc822",
     "Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: x\n\nm1\n--d\n"
     "Content-Type: text/plain\n\nnote\n--d--\n",
     0,
     0,
     NULL,
     0,
     3,
     {{-1, 0, "multipart/digest", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "message/rfc822", "", CRM_CTE_7BIT, 0, 0, "From: x\n\nm1"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "note"}}},
    {"rfc822_attachment_not_descended",
     "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\n"
     "Content-Type: multipart/alternative; boundary=i\n\n--i\nContent-Type: text/plain\n\nx\n"
     "--i--\n--o--\n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "message/rfc822", "", CRM_CTE_7BIT, 0, 0,
       "Content-Type: multipart/alternative; boundary=i\n\n--i\nContent-Type: text/plain\n\nx\n"
       "--i--"}}},
    {"prefix_boundaries_outer_abc_inner_abcd",
     "Content-Type: multipart/mixed; boundary=\"abc\"\n\n--abc\n"
     "Content-Type: multipart/alternative; boundary=\"abcd\"\n\n--abcd\n"
     "Content-Type: text/plain\n\np1\n--abcd\nContent-Type: text/html\n\n<p>h</p>\n--abcd--\n"
     "--abc\nContent-Type: text/plain\n\ntail\n--abc--\n",
     0,
     0,
     NULL,
     0,
     5,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 2, NULL},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, "p1"},
      {1, 2, "text/html", "", CRM_CTE_7BIT, 0, 0, "<p>h</p>"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "tail"}}},
    {"prefix_boundaries_outer_abcd_inner_abc",
     "Content-Type: multipart/mixed; boundary=\"abcd\"\n\n--abcd\n"
     "Content-Type: multipart/alternative; boundary=\"abc\"\n\n--abc\n\np1\n--abc--\n"
     "--abcd\n\ntail\n--abcd--\n",
     0,
     0,
     NULL,
     0,
     4,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 1, "--abc\n\np1\n--abc--"},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, "p1"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "tail"}}},
    {"boundary_text_not_at_line_start",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\n"
     "QUJD--b\n --b\nx --b--\n--b--\n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_BASE64, 0, 0, "QUJD--b\n --b\nx --b--"}}},
    {"delimiter_with_trailing_blanks",
     "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\nx\n--b-- \n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}},
    {"empty_part_body_before_delimiter",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n--b--\n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, ""}}},
    {"header_runs_into_delimiter",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n--b\n\nok\n"
     "--b--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BODY_SEP,
     3,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "text/html", "", CRM_CTE_7BIT, 0, 0, ""},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "ok"}}},
    {"missing_final_boundary",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nlast part\nto the end\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_CLOSE,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "last part\nto the end\n"}}},
    {"outer_delimiter_closes_inner",
     "Content-Type: multipart/mixed; boundary=o\n\n--o\n"
     "Content-Type: multipart/alternative; boundary=i\n\n--i\n\nin\n--o\n\nafter\n--o--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_CLOSE,
     4,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 1, "--i\n\nin"},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, "in"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "after"}}},
    {"outer_close_after_empty_inner_body",
     "Content-Type: multipart/mixed; boundary=o\n\n--o\n"
     "Content-Type: multipart/alternative; boundary=i\n\n--i\n\n--o--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_CLOSE,
     3,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 1, "--i\n\n"},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, ""}}},
    {"inner_reuses_outer_boundary",
     "Content-Type: multipart/mixed; boundary=s\n\n--s\n"
     "Content-Type: multipart/alternative; boundary=s\n\n--s\n\nin\n--s--\n--s\n\nout\n"
     "--s--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BOUNDARY,
     4,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 1, "--s\n\nin\n--s--"},
      {1, 2, "text/plain", "", CRM_CTE_7BIT, 0, 0, "in"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "out"}}},
    {"no_boundary_param",
     "Content-Type: multipart/mixed\n\n--b\n\nx\n--b--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BOUNDARY,
     1,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 0, "--b\n\nx\n--b--\n"}}},
    {"empty_boundary_param",
     "Content-Type: multipart/mixed; boundary=\"\"\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BOUNDARY,
     1,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 0, "x\n"}}},
    {"boundary_never_opens_a_part",
     "Content-Type: multipart/mixed; boundary=b\n\ntext\n--b--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BOUNDARY,
     1,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 0, "text\n--b--\n"}}},
    {"duplicate_content_type",
     "Content-Type: text/plain\nContent-Type: text/html\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_DUP_CT,
     1,
     {TP("x\n")}},
    {"duplicate_cte",
     "Content-Transfer-Encoding: base64\nContent-Transfer-Encoding: 7bit\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_DUP_CT,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_BASE64, 0, 0, "x\n"}}},
    {"garbage_cte_7_bit",
     "Content-Transfer-Encoding: 7-bit\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_CTE,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_OTHER, 0, 0, "x\n"}}},
    {"garbage_cte_media_type",
     "Content-Transfer-Encoding: text/html\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_CTE,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_OTHER, 0, 0, "x\n"}}},
    {"empty_cte",
     "Content-Transfer-Encoding:\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_CTE,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_OTHER, 0, 0, "x\n"}}},
    {"x_uuencode_is_other_not_anomaly",
     "Content-Transfer-Encoding: x-uuencode\n\nbegin\n",
     0,
     0,
     NULL,
     0,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_OTHER, 0, 0, "begin\n"}}},
    {"cte_case_and_blanks",
     "Content-Transfer-Encoding:  8BIT \n\nx\n",
     0,
     0,
     NULL,
     0,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_8BIT, 0, 0, "x\n"}}},
    {"bad_header_line",
     "From: a\nnot a header\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_HEADER,
     1,
     {TP("x\n")}},
    {"utf8_header", "Subject: \xe6\x97\xa5\n\nx\n", 0, 0, NULL, 0, 1, {TP("x\n")}},
    {"eight_bit_header_not_utf8",
     "Subject: \x93\xfa\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_HEADER,
     1,
     {TP("x\n")}},
    {"no_body_separator",
     "From: a\nSubject: b\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_NO_BODY_SEP,
     1,
     {TP("")}},
    {"nul_in_body",
     "From: a\n\nx\0y\n",
     13,
     0,
     NULL,
     CRM_MIME_ANOM_NUL,
     1,
     {{-1, 0, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}}, /* body compared up to NUL */
    {"nul_in_header",
     "X-A: \0\n\nx\n",
     10,
     0,
     NULL,
     CRM_MIME_ANOM_NUL | CRM_MIME_ANOM_BAD_HEADER,
     1,
     {TP("x\n")}},
    {"bare_lf_in_one_line",
     "From: a\r\n\r\nx\ny\r\n",
     0,
     1,
     NULL,
     CRM_MIME_ANOM_BARE_LF,
     1,
     {TP("x\ny\r\n")}},
    {"multipart_cte_base64",
     "Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n--b\n\n"
     "x\n--b--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_MULTIPART_CTE,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_BASE64, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}},
    {"multipart_cte_8bit_ok",
     "Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: 8bit\n\n--b\n\nx\n"
     "--b--\n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_8BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}},
    {"boundary_70_ok",
     "Content-Type: multipart/mixed; boundary="
     "\"0123456789012345678901234567890123456789012345678901234567890123456789\"\n\n"
     "--0123456789012345678901234567890123456789012345678901234567890123456789\n\nx\n"
     "--0123456789012345678901234567890123456789012345678901234567890123456789--\n",
     0,
     0,
     NULL,
     0,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}},
    {"boundary_71_too_long",
     "Content-Type: multipart/mixed; boundary="
     "\"01234567890123456789012345678901234567890123456789012345678901234567890\"\n\n"
     "--01234567890123456789012345678901234567890123456789012345678901234567890\n\nx\n"
     "--01234567890123456789012345678901234567890123456789012345678901234567890--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BOUNDARY_LEN,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x"}}},
    {"bad_content_type_defaults",
     "Content-Type: text\n\nx\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_CT,
     1,
     {TP("x\n")}},
    {"charset_too_long",
     "Content-Type: text/plain; charset=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n"
     "x\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_CT,
     1,
     {TP("x\n")}},
    {"bad_delimiter_trailing_junk",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b junk\n--b--\n",
     0,
     0,
     NULL,
     CRM_MIME_ANOM_BAD_DELIM,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "x\n--b junk"}}},
    {"nesting_over_limit",
     "Content-Type: multipart/mixed; boundary=o\n\n--o\n"
     "Content-Type: multipart/alternative; boundary=i\n\n--i\n\nin\n--i--\n--o--\n",
     0,
     0,
     &lim_depth1,
     CRM_MIME_ANOM_NESTING,
     2,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 1, NULL},
      {0, 1, "multipart/alternative", "", CRM_CTE_7BIT, 0, 0, "--i\n\nin\n--i--"}}},
    {"parts_over_limit",
     "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n1\n--b\n\n2\n--b\n\n3\n--b--\n",
     0,
     0,
     &lim_parts3,
     CRM_MIME_ANOM_PARTS,
     3,
     {{-1, 0, "multipart/mixed", "", CRM_CTE_7BIT, 0, 2, NULL},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "1"},
      {0, 1, "text/plain", "", CRM_CTE_7BIT, 0, 0, "2"}}},
    {"long_header_field",
     "Subject: 0123456789012345678901234567890123456789\n\nx\n",
     0,
     0,
     &lim_hdr40,
     CRM_MIME_ANOM_LONG_HEADER,
     1,
     {TP("x\n")}},
};

/* to_wire - the case text with "\n" turned into "\r\n" unless lf */
static void
to_wire(const char *s, size_t n, int lf, struct crm_buf *out)
{
    size_t i;

    crm_buf_init(out, 1 << 20);
    assert_int_equal(crm_buf_append(out, "", 0), CRM_OK);
    for (i = 0; i < n; i++) {
        if (s[i] == '\n' && !lf)
            assert_int_equal(crm_buf_putc(out, '\r'), CRM_OK);
        assert_int_equal(crm_buf_putc(out, s[i]), CRM_OK);
    }
}

/* check_part - compare one parsed part with its expectation */
static void
check_part(const struct mime_case *c, const struct crm_mime *m, size_t i)
{
    const struct crm_mime_part *p = &m->parts[i];
    const struct want_part *w = &c->p[i];
    char ct[128];
    struct crm_buf body;

    snprintf(ct, sizeof(ct), "%s/%s", p->type, p->subtype);
    if (p->parent != w->parent || p->depth != w->depth || strcmp(ct, w->ct) != 0 ||
        strcmp(p->charset, w->charset) != 0 || p->cte != w->cte || p->is_attachment != w->att ||
        p->nchildren != w->nchildren)
        fail_msg("%s part %zu: got parent=%d depth=%u %s charset=%s cte=%d att=%d children=%u, "
                 "want parent=%d depth=%u %s charset=%s cte=%d att=%d children=%u",
                 c->name, i, p->parent, p->depth, ct, p->charset, p->cte, p->is_attachment,
                 p->nchildren, w->parent, w->depth, w->ct, w->charset, w->cte, w->att,
                 w->nchildren);
    if (!(p->start <= p->body_start && p->body_start <= p->body_end && p->body_end <= m->len))
        fail_msg("%s part %zu: bad offsets %zu %zu %zu", c->name, i, p->start, p->body_start,
                 p->body_end);
    if (p->parent >= 0 &&
        (p->start < m->parts[p->parent].body_start || p->body_end > m->parts[p->parent].body_end))
        fail_msg("%s part %zu: [%zu, %zu) not inside its parent's body [%zu, %zu)", c->name, i,
                 p->start, p->body_end, m->parts[p->parent].body_start,
                 m->parts[p->parent].body_end);
    if (w->body == NULL)
        return;
    to_wire(w->body, strlen(w->body), c->lf, &body);
    if (p->body_end - p->body_start < body.len ||
        (c->len == 0 && p->body_end - p->body_start != body.len) ||
        memcmp(m->msg + p->body_start, body.p, body.len) != 0)
        fail_msg("%s part %zu: got body '%.*s', want '%s'", c->name, i,
                 (int)(p->body_end - p->body_start), m->msg + p->body_start, body.p);
    crm_buf_fini(&body);
}

static void
mime_parse_table(void **state)
{
    size_t i, j;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct mime_case *c = &cases[i];
        struct crm_buf msg;
        struct crm_mime *m = NULL;
        unsigned all = 0;

        to_wire(c->msg, c->len ? c->len : strlen(c->msg), c->lf, &msg);
        assert_int_equal(crm_mime_parse(msg.p, msg.len, c->lim, &m, NULL), CRM_OK);
        if (m->nparts != c->nparts || m->anomalies != c->want_anom)
            fail_msg("%s: got %zu parts anomalies %#x, want %zu parts anomalies %#x", c->name,
                     m->nparts, m->anomalies, c->nparts, c->want_anom);
        for (j = 0; j < m->nparts; j++) {
            check_part(c, m, j);
            all |= m->parts[j].anomalies;
        }
        if (all != m->anomalies)
            fail_msg("%s: parts' anomalies %#x differ from message's %#x", c->name, all,
                     m->anomalies);
        if (m->parts[0].start != 0 || m->parts[0].body_end != msg.len)
            fail_msg("%s: part 0 must span the message", c->name);
        crm_mime_free(m);
        crm_buf_fini(&msg);
    }
}

static void
mime_header_slices_and_boundary(void **state)
{
    const char *msg = "Content-Type: multipart/mixed;\r\n boundary=\"a\\\"b\"\r\n\r\n"
                      "--a\"b\r\nContent-Type: text/plain;\r\n\tcharset=utf-8\r\nX-A: 1\r\n\r\n"
                      "hi\r\n--a\"b--\r\n";
    const struct crm_hdr_field *f;
    struct crm_mime *m = NULL;
    const struct crm_mime_part *p;

    assert_int_equal(crm_mime_parse(msg, strlen(msg), NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->anomalies, 0);
    assert_int_equal(m->nparts, 2);
    assert_true(crm_slice_eq(m->parts[0].boundary, "a\"b"));
    assert_int_equal(m->parts[0].hdrs.n, 1);
    p = &m->parts[1];
    assert_int_equal(p->start, strlen("Content-Type: multipart/mixed;\r\n boundary=\"a\\\"b\"\r\n"
                                      "\r\n--a\"b\r\n"));
    assert_int_equal(p->body_start - p->start,
                     strlen("Content-Type: text/plain;\r\n\tcharset=utf-8\r\nX-A: 1\r\n\r\n"));
    assert_int_equal(p->hdrs.n, 2);
    f = crm_hdrs_find(&p->hdrs, "x-a", 0);
    assert_non_null(f);
    assert_true(crm_slice_eq(f->value, " 1"));
    assert_string_equal(p->charset, "utf-8");
    assert_null(m->parts[1].boundary.p);
    crm_mime_free(m);
}

static void
mime_content_type_comment_flagged(void **state)
{
    const char *msg = "Content-Type: multipart/mixed; boundary=\"(b)\"\r\n\r\n"
                      "--(b)\r\nContent-Type: text/plain; charset=utf-8 (Unicode)\r\n\r\nx\r\n"
                      "--(b)\r\nContent-Type: text/plain (note); charset=us-ascii\r\n\r\ny\r\n"
                      "--(b)\r\n\r\nz\r\n--(b)--\r\n";
    struct crm_mime *m = NULL;

    assert_int_equal(crm_mime_parse(msg, strlen(msg), NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->anomalies, 0);
    assert_int_equal(m->nparts, 4);
    assert_int_equal(m->parts[0].ct_comment, 0); /* a parenthesis inside quotes */
    assert_int_equal(m->parts[1].ct_comment, 1);
    assert_string_equal(m->parts[1].charset, "utf-8");
    assert_int_equal(m->parts[2].ct_comment, 1);
    assert_string_equal(m->parts[2].subtype, "plain");
    assert_int_equal(m->parts[3].ct_comment, 0); /* no Content-Type at all */
    crm_mime_free(m);
}

static void
mime_limits_zero_fields_mean_defaults(void **state)
{
    const struct crm_mime_limits zero = {0, 0, 0, 0};
    const char *msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n";
    struct crm_mime *m = NULL;

    assert_int_equal(crm_mime_parse(msg, strlen(msg), &zero, &m, NULL), CRM_OK);
    assert_int_equal(m->nparts, 2);
    assert_int_equal(m->anomalies, 0);
    crm_mime_free(m);
}

static void
mime_parse_fails_cleanly_on_enomem(void **state)
{
    const char *msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                      "Content-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n\r\nx\r\n--c--\r\n--b\r\n"
                      "Content-Type: text/html\r\n\r\ny\r\n--b--\r\n";
    struct crm_mime *m;
    struct crm_err err;
    long n;
    int rc;

    for (n = 0;; n++) {
        m = (struct crm_mime *)&n; /* must be reset to NULL on failure */
        crm_alloc_fail_after(n, 1);
        rc = crm_mime_parse(msg, strlen(msg), NULL, &m, &err);
        crm_alloc_fail_after(-1, 0);
        if (rc == CRM_OK)
            break;
        if (rc != CRM_ENOMEM || m != NULL || err.code != CRM_ENOMEM)
            fail_msg("fail after %ld: got rc %d out %p, want CRM_ENOMEM and NULL", n, rc,
                     (void *)m);
    }
    assert_true(n > 3);
    assert_int_equal(m->nparts, 4);
    crm_mime_free(m);
    crm_mime_free(NULL);
}

static void
mime_anomaly_names_are_stable(void **state)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {
        {CRM_MIME_ANOM_NESTING, "nesting"},
        {CRM_MIME_ANOM_PARTS, "too-many-parts"},
        {CRM_MIME_ANOM_LONG_HEADER, "long-header"},
        {CRM_MIME_ANOM_NO_BOUNDARY, "no-boundary"},
        {CRM_MIME_ANOM_NO_CLOSE, "no-close-boundary"},
        {CRM_MIME_ANOM_BAD_CTE, "bad-cte"},
        {CRM_MIME_ANOM_BAD_HEADER, "bad-header"},
        {CRM_MIME_ANOM_DUP_CT, "duplicate-content-type"},
        {CRM_MIME_ANOM_NO_BODY_SEP, "no-body-separator"},
        {CRM_MIME_ANOM_BARE_LF, "bare-lf"},
        {CRM_MIME_ANOM_LONG_LINE, "long-line"},
        {CRM_MIME_ANOM_NUL, "nul"},
        {CRM_MIME_ANOM_MULTIPART_CTE, "multipart-cte"},
        {CRM_MIME_ANOM_BOUNDARY_LEN, "long-boundary"},
        {CRM_MIME_ANOM_BAD_CT, "bad-content-type"},
        {CRM_MIME_ANOM_BAD_DELIM, "bad-delimiter"},
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(crm_mime_anomaly_str(names[i].bit), names[i].name) != 0)
            fail_msg("bit %#x: got %s, want %s", names[i].bit, crm_mime_anomaly_str(names[i].bit),
                     names[i].name);
    assert_string_equal(crm_mime_anomaly_str(CRM_MIME_ANOM_NUL | CRM_MIME_ANOM_NO_CLOSE),
                        "no-close-boundary");
    assert_string_equal(crm_mime_anomaly_str(0), "none");
}

/* mime_long_line_boundary - a 998-octet line is fine, 999 is not */
static void
mime_long_line_boundary(void **state)
{
    static const size_t lens[] = {998, 999};
    static const unsigned want[] = {0, CRM_MIME_ANOM_LONG_LINE};
    struct crm_buf b;
    struct crm_mime *m;
    size_t i, k;

    for (i = 0; i < 2; i++) {
        crm_buf_init(&b, 4096);
        assert_int_equal(crm_buf_puts(&b, "From: a\r\n\r\n"), CRM_OK);
        for (k = 0; k < lens[i]; k++)
            assert_int_equal(crm_buf_putc(&b, 'x'), CRM_OK);
        assert_int_equal(crm_buf_puts(&b, "\r\n"), CRM_OK);
        assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
        if (m->anomalies != want[i])
            fail_msg("line of %zu: got %#x, want %#x", lens[i], m->anomalies, want[i]);
        crm_mime_free(m);
        crm_buf_fini(&b);
    }
}

/*
 * Huge inputs. The parser is linear by design (each byte is visited a bounded
 * number of times: one line scan, one header-block scan, boundary compares
 * bounded by the line length times the stack height <= max_depth) and its
 * memory is bounded by the limits; these tests prove it terminates with the
 * right result and bounded arrays, without timing anything.
 */
static void
mime_50mb_single_line_body(void **state)
{
    const size_t n = 50u << 20;
    struct crm_buf b;
    struct crm_mime *m;

    crm_buf_init(&b, n + 64);
    assert_int_equal(crm_buf_reserve(&b, n + 32), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "From: a\r\n\r\n"), CRM_OK);
    memset(b.p + b.len, 'A', n);
    b.len += n;
    b.p[b.len] = '\0';
    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->nparts, 1);
    assert_int_equal(m->anomalies, CRM_MIME_ANOM_LONG_LINE);
    assert_int_equal(m->parts[0].body_end - m->parts[0].body_start, n);
    crm_mime_free(m);
    crm_buf_fini(&b);
}

static void
mime_million_folded_header_lines(void **state)
{
    struct crm_buf b;
    struct crm_mime *m;
    size_t i;

    crm_buf_init(&b, 16u << 20);
    assert_int_equal(crm_buf_puts(&b, "Content-Type: text/plain;\r\n"), CRM_OK);
    for (i = 0; i < 1000000; i++)
        assert_int_equal(crm_buf_puts(&b, " x=y;\r\n"), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "\r\nbody\r\n"), CRM_OK);
    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->nparts, 1);
    assert_true((m->anomalies & CRM_MIME_ANOM_LONG_HEADER) != 0);
    assert_int_equal(m->parts[0].hdrs.n, 1);
    assert_int_equal(m->parts[0].body_end - m->parts[0].body_start, 6);
    crm_mime_free(m);
    crm_buf_fini(&b);
}

static void
mime_many_fields_and_parts_are_capped(void **state)
{
    struct crm_buf b;
    struct crm_mime *m;
    size_t i;

    crm_buf_init(&b, 32u << 20);
    assert_int_equal(crm_buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\r\n"), CRM_OK);
    for (i = 0; i < 200000; i++)
        assert_int_equal(crm_buf_puts(&b, "X-F: v\r\n"), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "\r\n"), CRM_OK);
    for (i = 0; i < 100000; i++)
        assert_int_equal(crm_buf_puts(&b, "--b\r\n\r\npart\r\n"), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "--b--\r\n"), CRM_OK);
    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->nparts, 256);
    assert_int_equal(m->parts[0].hdrs.n, 1000);
    assert_int_equal(m->parts[0].nchildren, 255);
    assert_int_equal(m->anomalies, CRM_MIME_ANOM_LONG_HEADER | CRM_MIME_ANOM_PARTS);
    crm_mime_free(m);
    crm_buf_fini(&b);
}

static void
mime_deep_nesting_is_bounded(void **state)
{
    struct crm_buf b;
    struct crm_mime *m;
    size_t i;

    crm_buf_init(&b, 1 << 20);
    for (i = 0; i < 1000; i++)
        assert_int_equal(crm_buf_appendf(&b,
                                         "Content-Type: multipart/mixed; boundary=b%zu\r\n\r\n"
                                         "--b%zu\r\n",
                                         i, i),
                         CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "\r\nleaf\r\n"), CRM_OK);
    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
    assert_int_equal(m->nparts, 17); /* depths 0..16 */
    assert_int_equal(m->parts[16].depth, 16);
    assert_true((m->anomalies & CRM_MIME_ANOM_NESTING) != 0);
    assert_true((m->anomalies & CRM_MIME_ANOM_NO_CLOSE) != 0);
    crm_mime_free(m);
    crm_buf_fini(&b);
}

/*
 * Edges deep inside a large body. The parser takes runs of ordinary body
 * lines in bulk (per line only an LF and a CR search; with bare LFs, no
 * per-line visit at all), so each anomaly and each delimiter is placed after
 * a long run of base64 lines, in CRLF and LF messages, and must come out
 * exactly as a line-by-line reading gives it.
 */
struct deep_case {
    const char *name;
    const char *inject; /* bytes put between the two base64 runs of the attachment */
    size_t inject_len;  /* 0: strlen(inject) */
    unsigned want;      /* the attachment's anomalies, CRLF message (LF adds BARE_LF) */
};

static const struct deep_case deep_cases[] = {
    {"clean", "", 0, 0},
    {"nul_in_line", "QUJD\0REVG\n", 10, CRM_MIME_ANOM_NUL},
    {"nul_at_line_start", "\0QUJD\n", 6, CRM_MIME_ANOM_NUL},
    {"cr_in_line", "QUJD\rREVG\n", 0, CRM_MIME_ANOM_BARE_LF},
    {"cr_cr_lf", "QUJD\r\n", 0, CRM_MIME_ANOM_BARE_LF}, /* "\n" becomes "\r\n": CR CR LF */
    {"dash_lines_not_delimiters", "-x\n--x\n-- sig\n---\n", 0, 0},
    {"dash_prefix_of_boundary", "--bb\n", 0, CRM_MIME_ANOM_BAD_DELIM},
    {"line_998", NULL, 998, 0},
    {"line_999", NULL, 999, CRM_MIME_ANOM_LONG_LINE},
    {"line_5000", NULL, 5000, CRM_MIME_ANOM_LONG_LINE},
};

/* put_b64 - n lines of 76 base64 letters, each ended by eol */
static void
put_b64(struct crm_buf *b, size_t n, const char *eol)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, k;

    for (i = 0; i < n; i++) {
        for (k = 0; k < 76; k++)
            assert_int_equal(crm_buf_putc(b, al[(i * 7 + k) % 64]), CRM_OK);
        assert_int_equal(crm_buf_puts(b, eol), CRM_OK);
    }
}

/* put_wire - s[0..n) (n == 0: strlen(s)) with every "\n" written as eol */
static void
put_wire(struct crm_buf *b, const char *s, size_t n, const char *eol)
{
    size_t i;

    if (n == 0)
        n = strlen(s);
    for (i = 0; i < n; i++)
        assert_int_equal(s[i] == '\n' ? crm_buf_puts(b, eol) : crm_buf_putc(b, s[i]), CRM_OK);
}

/*
 * deep_message - a text part and a base64 attachment of 2 x 300 lines with
 * the case's bytes in between; OUT the attachment's body offsets.
 */
static void
deep_message(struct crm_buf *b, const struct deep_case *c, const char *eol, int close_eol,
             size_t *bs, size_t *be)
{
    size_t k;

    crm_buf_init(b, 1 << 20);
    put_wire(b, "From: a@b\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b\n", 0,
             eol);
    put_wire(b, "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n", 0, eol);
    *bs = b->len;
    put_b64(b, 300, eol);
    if (c->inject == NULL) {
        for (k = 0; k < c->inject_len; k++)
            assert_int_equal(crm_buf_putc(b, 'L'), CRM_OK);
        assert_int_equal(crm_buf_puts(b, eol), CRM_OK);
    } else {
        put_wire(b, c->inject, c->inject_len, eol);
    }
    put_b64(b, 300, eol);
    *be = b->len - strlen(eol); /* the line break before the delimiter belongs to it */
    assert_int_equal(crm_buf_puts(b, "--b--"), CRM_OK);
    if (close_eol)
        assert_int_equal(crm_buf_puts(b, eol), CRM_OK);
}

static void
mime_deep_body_edges(void **state)
{
    static const char *const eols[] = {"\r\n", "\n"};
    size_t i, e, ce, bs, be;

    for (i = 0; i < sizeof(deep_cases) / sizeof(deep_cases[0]); i++)
        for (e = 0; e < 2; e++)
            for (ce = 0; ce < 2; ce++) {
                const struct deep_case *c = &deep_cases[i];
                unsigned lf = e == 1 ? CRM_MIME_ANOM_BARE_LF : 0, want = c->want | lf;
                struct crm_buf b;
                struct crm_mime *m;

                deep_message(&b, c, eols[e], (int)ce, &bs, &be);
                assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
                if (m->nparts != 3 || m->parts[0].anomalies != lf || m->parts[1].anomalies != lf ||
                    m->parts[2].anomalies != want)
                    fail_msg("%s %s%s: got %zu parts anomalies %#x %#x %#x, want 3 parts %#x %#x "
                             "%#x",
                             c->name, e ? "LF" : "CRLF", ce ? "" : " no final eol", m->nparts,
                             m->parts[0].anomalies, m->nparts > 1 ? m->parts[1].anomalies : 0,
                             m->nparts > 2 ? m->parts[2].anomalies : 0, lf, lf, want);
                if (m->parts[2].body_start != bs || m->parts[2].body_end != be ||
                    m->parts[1].body_end != m->parts[1].body_start + 5 ||
                    m->parts[0].body_end != b.len)
                    fail_msg("%s %s: got attachment body [%zu, %zu), want [%zu, %zu)", c->name,
                             e ? "LF" : "CRLF", m->parts[2].body_start, m->parts[2].body_end, bs,
                             be);
                crm_mime_free(m);
                crm_buf_fini(&b);
            }
}

/*
 * mime_long_line_anywhere - once a part has BARE_LF (here from the message
 * header's bare LFs) its lines are measured a window at a time; a 999-octet
 * line must be found wherever it falls among lines of any length, with LF or
 * CRLF, last or not, and a 998-octet one never reported.
 */
static void
mime_long_line_anywhere(void **state)
{
    static const size_t fill[] = {1, 75, 300, 700, 997};
    static const char *const eols[] = {"\n", "\r\n"};
    size_t f, e, shift, len, k, j;

    for (f = 0; f < sizeof(fill) / sizeof(fill[0]); f++)
        for (e = 0; e < 2; e++)
            for (shift = 0; shift < 1100; shift += 37)
                for (len = 997; len <= 1000; len++) {
                    struct crm_buf b;
                    struct crm_mime *m;
                    unsigned want =
                        CRM_MIME_ANOM_BARE_LF | (len > 998 ? CRM_MIME_ANOM_LONG_LINE : 0);

                    crm_buf_init(&b, 1 << 20);
                    assert_int_equal(crm_buf_puts(&b, "From: a\n\n"), CRM_OK);
                    for (k = 0; k < shift; k++)
                        put_wire(&b, k % 50 == 49 ? "\n" : "x", 1, eols[e]);
                    put_wire(&b, "\n", 1, eols[e]);
                    for (j = 0; j < 3; j++) {
                        for (k = 0; k < fill[f]; k++)
                            assert_int_equal(crm_buf_putc(&b, 'y'), CRM_OK);
                        put_wire(&b, "\n", 1, eols[e]);
                    }
                    for (k = 0; k < len; k++)
                        assert_int_equal(crm_buf_putc(&b, 'z'), CRM_OK);
                    if (shift % 2) /* else the long line is last, without line break */
                        put_wire(&b, "\nend\n", 0, eols[e]);
                    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
                    if (m->anomalies != want)
                        fail_msg("fill %zu %s shift %zu line %zu: got %#x, want %#x", fill[f],
                                 e ? "CRLF" : "LF", shift, len, m->anomalies, want);
                    crm_mime_free(m);
                    crm_buf_fini(&b);
                }
}

/*
 * mime_anomaly_charged_to_its_part - a NUL, a bare LF or a long line deep in
 * one part is charged to that part, not to the parts before or after it.
 */
static void
mime_anomaly_charged_to_its_part(void **state)
{
    static const struct {
        const char *bad;
        size_t len;
        unsigned want;
    } bads[] = {{"x\0y\r\n", 5, CRM_MIME_ANOM_NUL},
                {"xy\n", 3, CRM_MIME_ANOM_BARE_LF},
                {"x\ry\r\n", 5, CRM_MIME_ANOM_BARE_LF},
                {"xy\n\0\r\n", 6, CRM_MIME_ANOM_BARE_LF | CRM_MIME_ANOM_NUL}};
    size_t i, at;

    for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
        for (at = 1; at <= 3; at++) {
            struct crm_buf b;
            struct crm_mime *m;
            size_t p;

            crm_buf_init(&b, 1 << 20);
            assert_int_equal(crm_buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\r\n\r\n"),
                             CRM_OK);
            for (p = 1; p <= 3; p++) {
                assert_int_equal(crm_buf_puts(&b, "--b\r\n\r\n"), CRM_OK);
                put_b64(&b, 100, "\r\n");
                if (p == at)
                    assert_int_equal(crm_buf_append(&b, bads[i].bad, bads[i].len), CRM_OK);
                put_b64(&b, 100, "\r\n");
            }
            assert_int_equal(crm_buf_puts(&b, "--b--\r\n"), CRM_OK);
            assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
            assert_int_equal(m->nparts, 4);
            for (p = 0; p < 4; p++)
                if (m->parts[p].anomalies != (p == at ? bads[i].want : 0))
                    fail_msg("bad %zu in part %zu: part %zu got %#x, want %#x", i, at, p,
                             m->parts[p].anomalies, p == at ? bads[i].want : 0);
            crm_mime_free(m);
            crm_buf_fini(&b);
        }
}

/*
 * Block edges of the body scanner. Runs of plain CRLF body lines are read 64
 * octets at a time from the first body line on, by SSE2, AVX2 or AVX-512BW
 * compares where the CPU has them; crm_mime_scan_cap makes every scanner the CPU has
 * run here. Each case's line is put after 40 base64 lines and a line of
 * 0..140 octets, so the line, its CR, LF and '-' and every octet of it fall
 * on each side of a block boundary; every scanner must give the anomalies
 * the case wants and the same parts and offsets as the line-at-a-time one.
 */
struct edge_case {
    const char *name;
    const char *line; /* the octets put after the shifting line; NULL: a long line */
    size_t len;       /* octets of line (0: strlen), or the long line's length */
    unsigned want;    /* anomalies in a multipart/mixed (boundary "b") */
    size_t nparts;    /* parts then */
    unsigned single;  /* anomalies in a single-part message */
};

static const struct edge_case edge_cases[] = {
    {"clean", "QUJD\r\n", 0, 0, 3, 0},
    {"empty_line", "\r\n", 0, 0, 3, 0},
    {"stray_cr", "QU\rJD\r\n", 0, CRM_MIME_ANOM_BARE_LF, 3, CRM_MIME_ANOM_BARE_LF},
    {"cr_ends_line_without_lf", "QUJD\rQUJD\r\n", 0, CRM_MIME_ANOM_BARE_LF, 3,
     CRM_MIME_ANOM_BARE_LF},
    {"cr_cr_lf", "QUJD\r\r\n", 0, CRM_MIME_ANOM_BARE_LF, 3, CRM_MIME_ANOM_BARE_LF},
    {"bare_lf", "QUJD\n", 0, CRM_MIME_ANOM_BARE_LF, 3, CRM_MIME_ANOM_BARE_LF},
    {"empty_bare_lf", "\n", 0, CRM_MIME_ANOM_BARE_LF, 3, CRM_MIME_ANOM_BARE_LF},
    {"nul_in_line", "QU\0JD\r\n", 7, CRM_MIME_ANOM_NUL, 3, CRM_MIME_ANOM_NUL},
    {"nul_at_line_start", "\0QUJD\r\n", 7, CRM_MIME_ANOM_NUL, 3, CRM_MIME_ANOM_NUL},
    {"dash_lines", "-x\r\n--x\r\n-\r\n", 0, 0, 3, 0},
    {"dash_inside_lines", "a-b\r\nQ--\r\n", 0, 0, 3, 0},
    {"boundary_prefix", "--bb\r\n", 0, CRM_MIME_ANOM_BAD_DELIM, 3, 0},
    {"delimiter", "--b\r\n\r\nQUJD\r\n", 0, 0, 4, 0},
    {"close_delimiter", "--b--\r\nepilogue\r\n", 0, 0, 3, 0},
    {"line_960", NULL, 960, 0, 3, 0},
    {"line_998", NULL, 998, 0, 3, 0},
    {"line_999", NULL, 999, CRM_MIME_ANOM_LONG_LINE, 3, CRM_MIME_ANOM_LONG_LINE},
    {"line_1064", NULL, 1064, CRM_MIME_ANOM_LONG_LINE, 3, CRM_MIME_ANOM_LONG_LINE},
};

/* edge_message - the case's line after 40 base64 lines and a line of shift octets */
static void
edge_message(struct crm_buf *b, const struct edge_case *c, size_t shift, int multi)
{
    size_t k;

    crm_buf_init(b, 1 << 20);
    if (multi)
        put_wire(b,
                 "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b\n"
                 "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n",
                 0, "\r\n");
    else
        put_wire(b, "From: a@b\n\n", 0, "\r\n");
    put_b64(b, 40, "\r\n");
    for (k = 0; k < shift; k++)
        assert_int_equal(crm_buf_putc(b, 'S'), CRM_OK);
    assert_int_equal(crm_buf_puts(b, "\r\n"), CRM_OK);
    if (c->line != NULL) {
        assert_int_equal(crm_buf_append(b, c->line, c->len ? c->len : strlen(c->line)), CRM_OK);
    } else {
        for (k = 0; k < c->len; k++)
            assert_int_equal(crm_buf_putc(b, 'L'), CRM_OK);
        assert_int_equal(crm_buf_puts(b, "\r\n"), CRM_OK);
    }
    put_b64(b, 3, "\r\n");
    if (multi)
        assert_int_equal(crm_buf_puts(b, "--b--\r\n"), CRM_OK);
}

/* same_parts - a and b agree on every part's place, kind and anomalies */
static int
same_parts(const struct crm_mime *a, const struct crm_mime *b)
{
    size_t i;

    if (a->nparts != b->nparts || a->anomalies != b->anomalies)
        return 0;
    for (i = 0; i < a->nparts; i++) {
        const struct crm_mime_part *p = &a->parts[i], *q = &b->parts[i];
        if (p->parent != q->parent || p->start != q->start || p->body_start != q->body_start ||
            p->body_end != q->body_end || p->anomalies != q->anomalies ||
            p->nchildren != q->nchildren || strcmp(p->type, q->type) != 0)
            return 0;
    }
    return 1;
}

static void
mime_scan_cap_selects_scanner(void **state)
{
    int best = crm_mime_scan_cap(-1);

    assert_int_equal(crm_mime_scan_cap(CRM_MIME_SCAN_SCALAR), CRM_MIME_SCAN_SCALAR);
#if defined(__SSE2__)
    assert_int_equal(crm_mime_scan_cap(CRM_MIME_SCAN_SSE2), CRM_MIME_SCAN_SSE2);
    assert_true(best >= CRM_MIME_SCAN_SSE2);
#endif
    assert_int_equal(crm_mime_scan_cap(CRM_MIME_SCAN_AVX2),
                     best < CRM_MIME_SCAN_AVX2 ? best : CRM_MIME_SCAN_AVX2);
    assert_int_equal(crm_mime_scan_cap(CRM_MIME_SCAN_AVX512), best);
    assert_int_equal(crm_mime_scan_cap(-1), best);
    print_message("widest body scanner here: %d\n", best);
}

static void
mime_scan_block_edges(void **state)
{
    int best = crm_mime_scan_cap(-1), scan, multi;
    size_t i, shift;

    for (i = 0; i < sizeof(edge_cases) / sizeof(edge_cases[0]); i++)
        for (multi = 0; multi < 2; multi++)
            for (shift = 0; shift <= 140; shift++) {
                const struct edge_case *c = &edge_cases[i];
                unsigned want = multi ? c->want : c->single;
                size_t nparts = multi ? c->nparts : 1;
                struct crm_mime *ref = NULL;
                struct crm_buf b;

                edge_message(&b, c, shift, multi);
                for (scan = CRM_MIME_SCAN_SCALAR; scan <= best; scan++) {
                    struct crm_mime *m;

                    assert_int_equal(crm_mime_scan_cap(scan), scan);
                    assert_int_equal(crm_mime_parse(b.p, b.len, NULL, &m, NULL), CRM_OK);
                    if (m->anomalies != want || m->nparts != nparts)
                        fail_msg("%s %s shift %zu scanner %d: got %zu parts anomalies %#x, want "
                                 "%zu parts %#x",
                                 c->name, multi ? "multipart" : "single", shift, scan, m->nparts,
                                 m->anomalies, nparts, want);
                    if (ref != NULL && !same_parts(ref, m))
                        fail_msg("%s %s shift %zu: scanner %d parts differ from scanner 0", c->name,
                                 multi ? "multipart" : "single", shift, scan);
                    if (ref == NULL)
                        ref = m;
                    else
                        crm_mime_free(m);
                }
                crm_mime_free(ref);
                crm_buf_fini(&b);
            }
    crm_mime_scan_cap(-1);
}

/*
 * mime_scan_deep_edges_every_scanner - the deep-body and long-line cases
 * above once more under each narrower scanner (they run with the widest).
 */
static void
mime_scan_deep_edges_every_scanner(void **state)
{
    int best = crm_mime_scan_cap(-1), scan;

    for (scan = CRM_MIME_SCAN_SCALAR; scan < best; scan++) {
        assert_int_equal(crm_mime_scan_cap(scan), scan);
        mime_deep_body_edges(state);
        mime_anomaly_charged_to_its_part(state);
        mime_long_line_boundary(state);
    }
    crm_mime_scan_cap(-1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mime_parse_table),
        cmocka_unit_test(mime_header_slices_and_boundary),
        cmocka_unit_test(mime_content_type_comment_flagged),
        cmocka_unit_test(mime_limits_zero_fields_mean_defaults),
        cmocka_unit_test(mime_parse_fails_cleanly_on_enomem),
        cmocka_unit_test(mime_anomaly_names_are_stable),
        cmocka_unit_test(mime_long_line_boundary),
        cmocka_unit_test(mime_deep_body_edges),
        cmocka_unit_test(mime_long_line_anywhere),
        cmocka_unit_test(mime_anomaly_charged_to_its_part),
        cmocka_unit_test(mime_50mb_single_line_body),
        cmocka_unit_test(mime_million_folded_header_lines),
        cmocka_unit_test(mime_many_fields_and_parts_are_capped),
        cmocka_unit_test(mime_deep_nesting_is_bounded),
        cmocka_unit_test(mime_scan_cap_selects_scanner),
        cmocka_unit_test(mime_scan_block_edges),
        cmocka_unit_test(mime_scan_deep_edges_every_scanner),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
