/* test_splice.c - per-part splicing: placement, charsets x transfer encodings, re-encoding,
 * CTE upgrade, minimal change, and every reason a part is left alone */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "charset.h"
#include "codec.h"
#include "mime.h"
#include "splice.h"

#define BIG ((size_t)1 << 24)

/* the blocks spliced by these tests (UTF-8 text, ASCII HTML) */
static const char blk_ja[] = "ご案内です。\r\n<https://x.example/i/T>\r\n";
static const char blk_en[] = "An invitation.\r\n<https://x.example/i/T>\r\n";
static const char blk_html[] = "<div>INV</div>\r\n";

/* ---- helpers ---- */

/* fail_str - report got/want for a case and fail */
static void
fail_str(const char *name, const char *what, const char *got, size_t glen, const char *want)
{
    print_error("case %s: %s\n  got  [%.*s]\n  want [%s]\n", name, what, (int)glen, got, want);
    fail();
}

/* encode_body - text (UTF-8) in charset cs with transfer encoding cte, appended to out */
static void
encode_body(const char *text, const char *cs, const char *cte, struct crm_buf *out)
{
    struct crm_buf c;
    const char *canon = crm_charset_canon(cs);

    crm_buf_init(&c, BIG);
    assert_non_null(canon);
    assert_int_equal(crm_charset_from_utf8(canon, text, strlen(text), &c, NULL), CRM_OK);
    if (strcmp(cte, "quoted-printable") == 0)
        assert_int_equal(crm_qp_encode(crm_buf_cstr(&c), c.len, canon, out), CRM_OK);
    else if (strcmp(cte, "base64") == 0)
        assert_int_equal(crm_b64_encode(crm_buf_cstr(&c), c.len, out), CRM_OK);
    else
        assert_int_equal(crm_buf_append(out, crm_buf_cstr(&c), c.len), CRM_OK);
    crm_buf_fini(&c);
}

/* decode_part - the part's body transfer-decoded and converted to UTF-8 into out */
static int
decode_part(const char *msg, const struct crm_mime_part *p, struct crm_buf *out)
{
    struct crm_buf d;
    const char *raw = msg + p->body_start;
    size_t n = p->body_end - p->body_start;
    const char *canon = crm_charset_canon(p->charset);
    int rc = CRM_OK;

    crm_buf_init(&d, BIG);
    if (p->cte == CRM_CTE_QP)
        rc = crm_qp_decode(raw, n, &d);
    else if (p->cte == CRM_CTE_BASE64)
        rc = crm_b64_decode(raw, n, &d);
    else
        rc = crm_buf_append(&d, raw, n);
    if (rc == CRM_OK && canon == NULL)
        rc = crm_buf_append(out, crm_buf_cstr(&d), d.len); /* HTML without charset */
    else if (rc == CRM_OK)
        rc = crm_charset_to_utf8(canon, crm_buf_cstr(&d), d.len, out, NULL);
    crm_buf_fini(&d);
    return rc;
}

/* replace_at - want with "@B@" replaced by block */
static void
replace_at(const char *want, const char *block, struct crm_buf *out)
{
    const char *at = strstr(want, "@B@");

    if (at == NULL) {
        assert_int_equal(crm_buf_puts(out, want), CRM_OK);
        return;
    }
    assert_int_equal(crm_buf_append(out, want, (size_t)(at - want)), CRM_OK);
    assert_int_equal(crm_buf_puts(out, block), CRM_OK);
    assert_int_equal(crm_buf_puts(out, at + 3), CRM_OK);
}

/* splice_msg - parse msg, prepare part `part`, splice block; OUT edit, reason */
static void
splice_msg(const char *msg, size_t len, size_t part, const char *block, struct crm_splice_edit *e,
           const char **reason, struct crm_mime **mp)
{
    struct crm_splice_target t;

    assert_int_equal(crm_mime_parse(msg, len, NULL, mp, NULL), CRM_OK);
    assert_true(part < (*mp)->nparts);
    crm_splice_target_init(&t, &(*mp)->parts[part], part == 0);
    assert_int_equal(crm_splice_prepare(msg, &t, 0, reason), CRM_OK);
    crm_splice_edit_init(e);
    if (*reason == NULL)
        assert_int_equal(crm_splice_part(msg, &t, block, strlen(block), e, reason), CRM_OK);
    crm_splice_target_fini(&t);
}

/* apply_edit - msg with [from, to) replaced by the edit's bytes */
static void
apply_edit(const char *msg, size_t len, const struct crm_splice_edit *e, struct crm_buf *out)
{
    assert_true(e->from <= e->to && e->to <= len);
    assert_int_equal(crm_buf_append(out, msg, e->from), CRM_OK);
    assert_int_equal(crm_buf_append(out, crm_buf_cstr(&e->bytes), e->bytes.len), CRM_OK);
    assert_int_equal(crm_buf_append(out, msg + e->to, len - e->to), CRM_OK);
}

/* check_lines - CRLF only, no line over 998 octets; QP/base64 bodies: no line over 76 */
static void
check_lines(const char *name, const char *s, size_t n, size_t max)
{
    size_t i, col = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\n') {
            if (i == 0 || s[i - 1] != '\r')
                fail_str(name, "bare LF in output", s, n, "CRLF only");
            col = 0;
        } else if (s[i] != '\r' && ++col > max) {
            char m[64];

            snprintf(m, sizeof(m), "a line longer than %zu", max);
            fail_str(name, m, s, n, "shorter lines");
        }
    }
}

/* ---- charsets x transfer encodings, single-part ---- */

struct cs_case {
    const char *name;
    const char *charset, *cte; /* of the part */
    const char *text;          /* body text, UTF-8 */
    const char *block;
    const char *want; /* decoded part text after the splice; "@B@" = block */
    int want_upgrade; /* CTE must become quoted-printable */
};

static const struct cs_case cs_cases[] = {
    {"iso2022jp_7bit_raw_insert", "iso-2022-jp", "7bit", "選考結果\r\n残念ながら\r\n", blk_ja,
     "選考結果\r\n残念ながら\r\n\r\n@B@", 0},
    {"shift_jis_8bit_raw_insert", "shift_jis", "8bit", "選考結果\r\n①残念\r\n", blk_ja,
     "選考結果\r\n①残念\r\n\r\n@B@", 0},
    {"euc_jp_8bit_raw_insert", "euc-jp", "8bit", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"utf8_8bit_raw_insert", "utf-8", "8bit", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"utf8_qp_in_place", "utf-8", "quoted-printable", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"utf8_base64_reencoded", "utf-8", "base64", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"iso2022jp_base64_reencoded", "iso-2022-jp", "base64", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"iso2022jp_qp_in_place", "iso-2022-jp", "quoted-printable", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"shift_jis_qp_in_place", "shift_jis", "quoted-printable", "選考結果\r\n①残念\r\n", blk_ja,
     "選考結果\r\n①残念\r\n\r\n@B@", 0},
    {"euc_jp_base64_reencoded", "euc-jp", "base64", "選考結果\r\n残念\r\n", blk_ja,
     "選考結果\r\n残念\r\n\r\n@B@", 0},
    {"latin1_8bit_en", "iso-8859-1", "8bit", "Café\r\nRegards\r\n", blk_en,
     "Café\r\nRegards\r\n\r\n@B@", 0},
    {"latin1_qp_en", "iso-8859-1", "quoted-printable", "Café\r\nRegards\r\n", blk_en,
     "Café\r\nRegards\r\n\r\n@B@", 0},
    {"ascii_7bit_en", "us-ascii", "7bit", "Hello\r\nRegards\r\n", blk_en,
     "Hello\r\nRegards\r\n\r\n@B@", 0},
    {"utf8_7bit_gains_8bit_becomes_qp", "utf-8", "7bit", "Hello\r\nRegards\r\n", blk_ja,
     "Hello\r\nRegards\r\n\r\n@B@", 1},
    {"iso2022jp_7bit_stays_7bit", "iso-2022-jp", "7bit", "Hello\r\n", blk_ja, "Hello\r\n\r\n@B@",
     0},
};

/* run_cs_case - build a single-part message, splice, check the decoded result and the bytes */
static void
run_cs_case(const struct cs_case *c)
{
    struct crm_buf msg, out, got, want;
    struct crm_splice_edit e;
    struct crm_mime *m = NULL, *m2 = NULL;
    const char *reason = NULL;
    size_t bs;

    crm_buf_init(&msg, BIG);
    assert_int_equal(crm_buf_appendf(&msg,
                                     "From: hr@example.co.jp\r\nTo: c@example.net\r\n"
                                     "MIME-Version: 1.0\r\nContent-Type: text/plain; "
                                     "charset=%s\r\nContent-Transfer-Encoding: %s\r\n\r\n",
                                     c->charset, c->cte),
                     CRM_OK);
    bs = msg.len;
    encode_body(c->text, c->charset, c->cte, &msg);
    splice_msg(msg.p, msg.len, 0, c->block, &e, &reason, &m);
    if (reason != NULL)
        fail_str(c->name, "reason", reason, strlen(reason), "(spliced)");
    if (e.cte_to_qp != c->want_upgrade)
        fail_str(c->name, "cte_to_qp", e.cte_to_qp ? "1" : "0", 1, c->want_upgrade ? "1" : "0");
    crm_buf_init(&out, BIG);
    apply_edit(msg.p, msg.len, &e, &out);
    if (out.len < bs || memcmp(out.p, msg.p, bs) != 0)
        fail_str(c->name, "header changed", out.p, bs, msg.p);
    if (!c->want_upgrade && (strcmp(c->cte, "7bit") == 0 || strcmp(c->cte, "8bit") == 0)) {
        if (e.from != e.to)
            fail_str(c->name, "raw part not a pure insertion", "replace", 7, "insert");
    }
    check_lines(c->name, out.p + bs, out.len - bs,
                (strcmp(c->cte, "8bit") == 0 || strcmp(c->cte, "7bit") == 0) && !c->want_upgrade
                    ? 998
                    : 76);
    assert_int_equal(crm_mime_parse(out.p, out.len, NULL, &m2, NULL), CRM_OK);
    crm_buf_init(&got, BIG);
    crm_buf_init(&want, BIG);
    if (c->want_upgrade) { /* the caller changes the header: decode as QP here */
        struct crm_mime_part p = m2->parts[0];

        p.cte = CRM_CTE_QP;
        assert_int_equal(decode_part(out.p, &p, &got), CRM_OK);
    } else {
        assert_int_equal(decode_part(out.p, &m2->parts[0], &got), CRM_OK);
    }
    replace_at(c->want, c->block, &want);
    if (got.len != want.len || memcmp(got.p, want.p, want.len) != 0)
        fail_str(c->name, "decoded part", crm_buf_cstr(&got), got.len, crm_buf_cstr(&want));
    crm_buf_fini(&got);
    crm_buf_fini(&want);
    crm_buf_fini(&out);
    crm_buf_fini(&msg);
    crm_splice_edit_fini(&e);
    crm_mime_free(m);
    crm_mime_free(m2);
}

static void
splice_charset_cte_matrix(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(cs_cases) / sizeof(cs_cases[0]); i++)
        run_cs_case(&cs_cases[i]);
}

/* ---- placement in text and HTML, and exact bytes ---- */

struct place_case {
    const char *name;
    const char *msg;   /* whole message */
    size_t part;       /* target part index */
    const char *block; /* block spliced */
    const char *want;  /* whole message after the edit */
};

#define HDR_PLAIN                                                                                  \
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
#define HDR_HTML "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"

static const struct place_case place_cases[] = {
    {"text_end_after_blank_line", HDR_PLAIN "Hello\r\nBye\r\n", 0, blk_en,
     HDR_PLAIN "Hello\r\nBye\r\n\r\n"
               "An invitation.\r\n<https://x.example/i/T>\r\n"},
    {"text_above_signature_delimiter", HDR_PLAIN "Hi\r\n\r\n-- \r\nSig\r\n", 0, blk_en,
     HDR_PLAIN "Hi\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n\r\n-- \r\nSig\r\n"},
    {"text_above_quote_attribution", HDR_PLAIN "Thanks\r\nOn Mon, 1 Jan, A wrote:\r\n> old\r\n", 0,
     blk_en,
     HDR_PLAIN "Thanks\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n\r\n"
               "On Mon, 1 Jan, A wrote:\r\n> old\r\n"},
    {"text_above_quoted_lines", HDR_PLAIN "Thanks\r\n\r\n> old\r\n> older\r\n", 0, blk_en,
     HDR_PLAIN "Thanks\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n\r\n> old\r\n"
               "> older\r\n"},
    {"text_above_original_message",
     HDR_PLAIN "Regards\r\n-----Original Message-----\r\nFrom: x\r\n", 0, blk_en,
     HDR_PLAIN "Regards\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n\r\n"
               "-----Original Message-----\r\nFrom: x\r\n"},
    {"text_above_japanese_attribution",
     HDR_PLAIN "ありがとう\r\n2026年11月1日(土) 10:00 山田 太郎 <t@example.jp>:\r\n> 旧\r\n", 0,
     blk_ja,
     HDR_PLAIN "ありがとう\r\n\r\nご案内です。\r\n<https://x.example/i/T>\r\n\r\n"
               "2026年11月1日(土) 10:00 山田 太郎 <t@example.jp>:\r\n> 旧\r\n"},
    {"text_without_final_newline", HDR_PLAIN "Hello", 0, blk_en,
     HDR_PLAIN "Hello\r\n\r\nAn invitation.\r\n<https://x.example/i/T>"},
    {"text_empty_body", HDR_PLAIN, 0, blk_en,
     HDR_PLAIN "An invitation.\r\n<https://x.example/i/T>\r\n"},
    {"html_before_body_end", HDR_HTML "<html><body><p>Hi</p></body></html>\r\n", 0, blk_html,
     HDR_HTML "<html><body><p>Hi</p>\r\n<div>INV</div>\r\n</body></html>\r\n"},
    {"html_above_gmail_quote",
     HDR_HTML "<html><body><p>Hi</p>\r\n<div class=\"gmail_quote\">old</div></body></html>\r\n", 0,
     blk_html,
     HDR_HTML "<html><body><p>Hi</p>\r\n<div>INV</div>\r\n"
              "<div class=\"gmail_quote\">old</div></body></html>\r\n"},
    {"html_fragment_at_end", HDR_HTML "<p>Hi</p>\r\n", 0, blk_html,
     HDR_HTML "<p>Hi</p>\r\n<div>INV</div>\r\n"},
    {"html_qp_split_close_tag_in_place",
     "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
     "\r\n<html><body><p>Hi</p></bo=\r\ndy></html>\r\n",
     0, blk_html,
     "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
     "\r\n<html><body><p>Hi</p>\r\n<div>INV</div>\r\n</bo=\r\ndy></html>\r\n"},
    {"qp_text_inserted_between_encoded_lines",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
     "\r\nCaf=C3=A9 is a long line that we soft-break here so that it continues on =\r\n"
     "the next line\r\n--=20\r\nSig\r\n",
     0, blk_en,
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
     "\r\nCaf=C3=A9 is a long line that we soft-break here so that it continues on =\r\n"
     "the next line\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n\r\n--=20\r\nSig\r\n"},
    {"inner_part_before_boundary_no_trailing_blank",
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" HDR_PLAIN
     "Hello\r\n--b\r\nContent-Type: application/pdf\r\n\r\nPDF\r\n--b--\r\n",
     1, blk_en,
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" HDR_PLAIN
     "Hello\r\n\r\nAn invitation.\r\n<https://x.example/i/T>\r\n--b\r\n"
     "Content-Type: application/pdf\r\n\r\nPDF\r\n--b--\r\n"},
    {"inner_empty_body_keeps_break_before_boundary",
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" HDR_PLAIN "--b--\r\n", 1,
     blk_en,
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" HDR_PLAIN
     "An invitation.\r\n<https://x.example/i/T>\r\n--b--\r\n"},
    {"inner_7bit_gains_8bit_cte_field_rewritten",
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
     "Content-Type: text/plain; charset=utf-8\r\ncontent-transfer-encoding: 7bit\r\n\r\n"
     "Hello\r\n--b--\r\n",
     1, blk_ja,
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
     "Content-Type: text/plain; charset=utf-8\r\ncontent-transfer-encoding: "
     "quoted-printable\r\n\r\n"
     "Hello\r\n\r\n=E3=81=94=E6=A1=88=E5=86=85=E3=81=A7=E3=81=99=E3=80=82\r\n"
     "<https://x.example/i/T>\r\n--b--\r\n"},
    {"inner_7bit_without_cte_field_gets_one",
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n--b--\r\n",
     1, blk_ja,
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
     "quoted-printable\r\n\r\n"
     "Hello\r\n\r\n=E3=81=94=E6=A1=88=E5=86=85=E3=81=A7=E3=81=99=E3=80=82\r\n"
     "<https://x.example/i/T>\r\n--b--\r\n"},
};

static void
splice_places_block_exactly(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(place_cases) / sizeof(place_cases[0]); i++) {
        const struct place_case *c = &place_cases[i];
        struct crm_splice_edit e;
        struct crm_mime *m = NULL;
        struct crm_buf out;
        const char *reason = NULL;

        splice_msg(c->msg, strlen(c->msg), c->part, c->block, &e, &reason, &m);
        if (reason != NULL)
            fail_str(c->name, "reason", reason, strlen(reason), "(spliced)");
        crm_buf_init(&out, BIG);
        apply_edit(c->msg, strlen(c->msg), &e, &out);
        if (strcmp(crm_buf_cstr(&out), c->want) != 0)
            fail_str(c->name, "output", crm_buf_cstr(&out), out.len, c->want);
        crm_buf_fini(&out);
        crm_splice_edit_fini(&e);
        crm_mime_free(m);
    }
}

/* ---- reasons: the part is left alone ---- */

struct reason_case {
    const char *name;
    const char *msg;
    size_t part;
    const char *block;
    const char *want_reason;
};

static const struct reason_case reason_cases[] = {
    {"iso2022jp_with_8bit_bytes",
     "Content-Type: text/plain; charset=iso-2022-jp\r\n\r\nHello \xE3\x81\x82\r\n", 0, blk_ja,
     "8bit-in-7bit-charset"},
    {"ascii_with_8bit_bytes", "Content-Type: text/plain\r\n\r\nCaf\xE9\r\n", 0, blk_en,
     "8bit-in-7bit-charset"},
    {"unknown_charset", "Content-Type: text/plain; charset=x-foo\r\n\r\nHello\r\n", 0, blk_en,
     "unknown-charset"},
    {"8bit_bytes_in_7bit_part",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
     "\xE3\x81\x82\r\n",
     0, blk_en, "8bit-in-7bit-part"},
    {"html_without_charset_with_8bit",
     "Content-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>\xE3\x81\x82</p>\r\n", 0,
     blk_html, "8bit-in-7bit-charset"},
    {"japanese_block_into_latin1", "Content-Type: text/plain; charset=iso-8859-1\r\n\r\nHi\r\n", 0,
     blk_ja, "charset-cannot-encode"},
    {"japanese_block_into_ascii", "Content-Type: text/plain; charset=us-ascii\r\n\r\nHi\r\n", 0,
     blk_ja, "charset-cannot-encode"},
    {"iso2022jp_insertion_point_not_ascii",
     "Content-Type: text/plain; charset=iso-2022-jp\r\n\r\nHi\r\n\x1b$B$\"\r\n", 0, blk_ja,
     "iso-2022-jp-state"},
    {"bad_base64",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     "SGVsbG8*\r\n",
     0, blk_en, "bad-base64"},
    {"bad_quoted_printable",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
     "quoted-printable\r\n\r\nbad =ZZ here\r\n",
     0, blk_en, "bad-quoted-printable"},
    {"nul_in_decoded_text",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     "SGkAdGhlcmU=\r\n",
     0, blk_en, "nul-in-text"},
    {"escape_in_utf8_text", "Content-Type: text/plain; charset=utf-8\r\n\r\nHi \x1b$B$\"\x1b(B\r\n",
     0, blk_en, "escape-in-text"},
    {"invalid_utf8_text",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHi "
     "\xff\r\n",
     0, blk_en, "charset-decode-error"},
    {"uuencoded_text",
     "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n", 0,
     blk_en, "unsupported-transfer-encoding"},
    /* decodable, but not in the form every reader reads alike (codec.h) */
    {"base64_without_padding",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     "SGVsbG8gdGhlcmUK\r\nSGk\r\n",
     0, blk_en, "loose-base64"},
    {"base64_with_blanks_inside",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     "SGVsbG8g dGhlcmUK\r\n",
     0, blk_en, "loose-base64"},
    {"qp_with_raw_8bit",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
     "quoted-printable\r\n\r\nCaf\xC3\xA9 =C3=A9\r\n",
     0, blk_en, "loose-quoted-printable"},
    {"qp_blank_after_soft_break",
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
     "quoted-printable\r\n\r\nHello th= \r\nere\r\n",
     0, blk_en, "loose-quoted-printable"},
    {"qp_html_with_raw_escape",
     "Content-Type: text/html; charset=iso-2022-jp\r\nContent-Transfer-Encoding: "
     "quoted-printable\r\n\r\n<body>\x1b$B$\"\x1b(B</body>\r\n",
     0, blk_html, "loose-quoted-printable"},
};

static void
splice_leaves_part_alone_with_reason(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(reason_cases) / sizeof(reason_cases[0]); i++) {
        const struct reason_case *c = &reason_cases[i];
        struct crm_splice_edit e;
        struct crm_mime *m = NULL;
        const char *reason = NULL;

        splice_msg(c->msg, strlen(c->msg), c->part, c->block, &e, &reason, &m);
        if (reason == NULL || strcmp(reason, c->want_reason) != 0)
            fail_str(c->name, "reason", reason ? reason : "(spliced)", reason ? strlen(reason) : 10,
                     c->want_reason);
        crm_splice_edit_fini(&e);
        crm_mime_free(m);
    }
}

/* ---- ISO-2022-JP state ---- */

static void
splice_jis_state_tracks_escapes(void **state)
{
    static const struct {
        const char *name, *s;
        size_t off;
        int want;
    } cases[] = {
        {"start_is_ascii", "abc", 0, 1},
        {"after_return_to_ascii", "\x1b$B$\"\x1b(B\r\nx", 9, 1},
        {"inside_jis_x0208", "\x1b$B$\"$\"\r\n", 9, 0},
        {"jis_roman_is_not_ascii", "\x1b(Jabc\r\n", 8, 0},
        {"offset_inside_escape", "\x1b$B$\"", 1, 0},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = crm_splice_jis_ascii_at(cases[i].s, strlen(cases[i].s), cases[i].off);

        if (got != cases[i].want)
            fail_str(cases[i].name, "ascii state", got ? "1" : "0", 1, cases[i].want ? "1" : "0");
    }
}

/* ---- big parts: QP and base64 lines stay within 76 and the work stays linear ---- */

static void
splice_long_qp_lines_stay_within_76(void **state)
{
    struct crm_buf msg, out, text;
    struct crm_splice_edit e;
    struct crm_mime *m = NULL;
    const char *reason = NULL;
    size_t i, bs;

    crm_buf_init(&text, BIG);
    for (i = 0; i < 2000; i++)
        assert_int_equal(crm_buf_puts(&text, "残念ながら今回は見送らせていただきます。"), CRM_OK);
    assert_int_equal(crm_buf_puts(&text, "\r\n"), CRM_OK);
    crm_buf_init(&msg, BIG);
    assert_int_equal(crm_buf_puts(&msg, "Content-Type: text/plain; charset=utf-8\r\n"
                                        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"),
                     CRM_OK);
    bs = msg.len;
    encode_body(crm_buf_cstr(&text), "utf-8", "quoted-printable", &msg);
    splice_msg(msg.p, msg.len, 0, blk_ja, &e, &reason, &m);
    assert_null(reason);
    crm_buf_init(&out, BIG);
    apply_edit(msg.p, msg.len, &e, &out);
    check_lines("long_qp", out.p + bs, out.len - bs, 76);
    assert_non_null(strstr(out.p + bs, "<https://x.example/i/T>"));
    crm_buf_fini(&out);
    crm_buf_fini(&msg);
    crm_buf_fini(&text);
    crm_splice_edit_fini(&e);
    crm_mime_free(m);
}

/* ---- allocation failures never crash and never yield a half edit ---- */

static void
splice_survives_allocation_failures(void **state)
{
    static const char msg[] = "Content-Type: text/plain; charset=utf-8\r\n"
                              "Content-Transfer-Encoding: base64\r\n\r\n"
                              "44GC44KK44GM44Go44GG\r\n";
    long n;

    for (n = 0; n < 200; n++) {
        struct crm_mime *m = NULL;
        struct crm_splice_target t;
        struct crm_splice_edit e;
        const char *reason = NULL;
        int rc;

        crm_alloc_fail_after(n, 1);
        rc = crm_mime_parse(msg, sizeof(msg) - 1, NULL, &m, NULL);
        if (rc != CRM_OK) {
            crm_alloc_fail_after(-1, 0);
            assert_int_equal(rc, CRM_ENOMEM);
            continue;
        }
        crm_splice_target_init(&t, &m->parts[0], 1);
        crm_splice_edit_init(&e);
        rc = crm_splice_prepare(msg, &t, 0, &reason);
        if (rc == CRM_OK && reason == NULL)
            rc = crm_splice_part(msg, &t, blk_ja, strlen(blk_ja), &e, &reason);
        crm_alloc_fail_after(-1, 0);
        assert_true(rc == CRM_OK || rc == CRM_ENOMEM);
        crm_splice_edit_fini(&e);
        crm_splice_target_fini(&t);
        crm_mime_free(m);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splice_charset_cte_matrix),
        cmocka_unit_test(splice_places_block_exactly),
        cmocka_unit_test(splice_leaves_part_alone_with_reason),
        cmocka_unit_test(splice_jis_state_tracks_escapes),
        cmocka_unit_test(splice_long_qp_lines_stay_within_76),
        cmocka_unit_test(splice_survives_allocation_failures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
