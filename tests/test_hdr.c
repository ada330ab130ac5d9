/* test_hdr.c - header block splitting, unfolding, media types, parameters (RFC 2045/2231) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "hdr.h"
#include "mime.h"

#define SL(s) ((struct crm_slice){(s), sizeof(s) - 1})

/* ---- crm_hdrs_parse ------------------------------------------------------ */

struct parse_case {
    const char *name;
    const char *in;
    size_t max_field, max_fields;
    size_t want_n;
    long want_body; /* offset of the body, -1: end of input */
    unsigned want_anom;
    const char *want_name0, *want_value0; /* first field, NULL: not checked */
};

static const struct parse_case parse_cases[] = {
    {"crlf_two_fields", "A: 1\r\nB: 2\r\n\r\nbody", 0, 0, 2, 14, 0, "A", " 1"},
    {"lf_only_is_bare_lf", "A: 1\nB: 2\n\nbody", 0, 0, 2, 11, CRM_MIME_ANOM_BARE_LF, "A", " 1"},
    {"folded_value_kept_raw", "Subject: a\r\n b\r\n\tc\r\n\r\n", 0, 0, 1, 22, 0, "Subject",
     " a\r\n b\r\n\tc"},
    {"no_colon_line_is_bad_header", "A: 1\r\nnot a header\r\nB: 2\r\n\r\n", 0, 0, 2, 28,
     CRM_MIME_ANOM_BAD_HEADER, "A", " 1"},
    {"mbox_from_line_is_bad_header", "From a@b Mon Jan  1 00:00:00 2024\r\nA: 1\r\n\r\n", 0, 0, 1,
     43, CRM_MIME_ANOM_BAD_HEADER, "A", " 1"},
    {"name_with_space_is_bad_header", "Bad Name: x\r\nA: 1\r\n\r\n", 0, 0, 1, 21,
     CRM_MIME_ANOM_BAD_HEADER, "A", " 1"},
    {"leading_continuation_is_bad_header", " x\r\nA: 1\r\n\r\n", 0, 0, 1, 12,
     CRM_MIME_ANOM_BAD_HEADER, "A", " 1"},
    {"utf8_is_good_header", "Subject: \xe3\x81\x82\r\n\r\n", 0, 0, 1, 16, 0, "Subject",
     " \xe3\x81\x82"},
    {"eight_bit_not_utf8_is_bad_header", "Subject: \x82\xa0\r\n\r\n", 0, 0, 1, 15,
     CRM_MIME_ANOM_BAD_HEADER, "Subject", " \x82\xa0"},
    {"truncated_utf8_is_bad_header", "Subject: \xe3\x81\r\nA: 1\r\n\r\n", 0, 0, 2, 21,
     CRM_MIME_ANOM_BAD_HEADER, "Subject", " \xe3\x81"},
    {"obsolete_space_before_colon", "Subject : hi\r\n\r\n", 0, 0, 1, 16, 0, "Subject", " hi"},
    {"empty_value", "X-Empty:\r\n\r\n", 0, 0, 1, 12, 0, "X-Empty", ""},
    {"no_separator", "A: 1\r\nB: 2\r\n", 0, 0, 2, -1, CRM_MIME_ANOM_NO_BODY_SEP, "A", " 1"},
    {"no_separator_no_final_crlf", "A: 1", 0, 0, 1, -1, CRM_MIME_ANOM_NO_BODY_SEP, "A", " 1"},
    {"empty_block", "\r\nbody", 0, 0, 0, 2, 0, NULL, NULL},
    {"empty_input", "", 0, 0, 0, -1, CRM_MIME_ANOM_NO_BODY_SEP, NULL, NULL},
    {"whitespace_line_is_continuation", "A: 1\r\n \r\nB: 2\r\n\r\n", 0, 0, 2, 17, 0, "A",
     " 1\r\n "},
    {"max_fields_caps_array", "A: 1\r\nB: 2\r\nC: 3\r\n\r\nx", 0, 2, 2, 20,
     CRM_MIME_ANOM_LONG_HEADER, "A", " 1"},
    {"max_field_flags_long", "Subject: 0123456789\r\n\r\n", 10, 0, 1, 23, CRM_MIME_ANOM_LONG_HEADER,
     "Subject", " 0123456789"},
    {"folding_not_counted_in_length", "S: 12\r\n 34\r\n\r\n", 9, 0, 1, 14, 0, "S", " 12\r\n 34"},
    {"lone_cr_in_value", "A: 1\r2\r\n\r\n", 0, 0, 1, 10, CRM_MIME_ANOM_BARE_LF, "A", " 1\r2"},
};

static void
hdrs_parse_table(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
        const struct parse_case *c = &parse_cases[i];
        struct crm_hdrs h;
        size_t len = strlen(c->in), body = 12345;
        unsigned an = 0;
        size_t want_body = c->want_body < 0 ? len : (size_t)c->want_body;

        crm_hdrs_init(&h);
        assert_int_equal(crm_hdrs_parse(c->in, 0, len, c->max_field, c->max_fields, &h, &body, &an),
                         CRM_OK);
        if (h.n != c->want_n || body != want_body || an != c->want_anom)
            fail_msg("%s: got n=%zu body=%zu anom=%#x, want n=%zu body=%zu anom=%#x", c->name, h.n,
                     body, an, c->want_n, want_body, c->want_anom);
        if (c->want_name0 != NULL) {
            if (!crm_slice_eq(h.v[0].name, c->want_name0) ||
                !crm_slice_eq(h.v[0].value, c->want_value0))
                fail_msg("%s: got field0 '%.*s' = '%.*s', want '%s' = '%s'", c->name,
                         (int)h.v[0].name.len, h.v[0].name.p, (int)h.v[0].value.len, h.v[0].value.p,
                         c->want_name0, c->want_value0);
        }
        crm_hdrs_fini(&h);
    }
}

static void
hdrs_field_offsets_exact(void **state)
{
    const char *in = "X: 0\r\nA: 1\r\n 2\r\nB: 3\r\n\r\nbody";
    struct crm_hdrs h;
    size_t body;
    unsigned an = 0;

    crm_hdrs_init(&h);
    /* start in the middle of the buffer: offsets stay absolute */
    assert_int_equal(crm_hdrs_parse(in, 6, strlen(in), 0, 0, &h, &body, &an), CRM_OK);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.v[0].off, 6);
    assert_int_equal(h.v[0].len, 10); /* "A: 1\r\n 2\r\n" */
    assert_int_equal(h.v[1].off, 16);
    assert_int_equal(h.v[1].len, 6);
    assert_int_equal(body, 24);
    assert_int_equal(an, 0);
    crm_hdrs_fini(&h);
}

static void
hdrs_find_and_count_ignore_case(void **state)
{
    const char *in = "Received: a\r\nSUBJECT: s\r\nreceived: b\r\nReceived: c\r\n\r\n";
    const struct crm_hdr_field *f;
    struct crm_hdrs h;
    size_t body;
    unsigned an = 0;

    crm_hdrs_init(&h);
    assert_int_equal(crm_hdrs_parse(in, 0, strlen(in), 0, 0, &h, &body, &an), CRM_OK);
    assert_int_equal(crm_hdrs_count(&h, "received"), 3);
    assert_int_equal(crm_hdrs_count(&h, "Subject"), 1);
    assert_int_equal(crm_hdrs_count(&h, "Subj"), 0);
    f = crm_hdrs_find(&h, "RECEIVED", 1);
    assert_non_null(f);
    assert_true(crm_slice_eq(f->value, " b"));
    f = crm_hdrs_find(&h, "received", 2);
    assert_non_null(f);
    assert_true(crm_slice_eq(f->value, " c"));
    assert_null(crm_hdrs_find(&h, "received", 3));
    assert_null(crm_hdrs_find(&h, "To", 0));
    crm_hdrs_fini(&h);
}

static void
hdrs_parse_reports_enomem(void **state)
{
    const char *in = "A: 1\r\n\r\n";
    struct crm_hdrs h;
    size_t body;
    unsigned an = 0;

    crm_hdrs_init(&h);
    crm_alloc_fail_after(0, 1);
    assert_int_equal(crm_hdrs_parse(in, 0, strlen(in), 0, 0, &h, &body, &an), CRM_ENOMEM);
    crm_alloc_fail_after(-1, 0);
    crm_hdrs_fini(&h);
}

static void
hdrs_million_folded_lines_one_field(void **state)
{
    const size_t nlines = 1000000;
    struct crm_buf b;
    struct crm_hdrs h;
    size_t i, body;
    unsigned an = 0;

    crm_buf_init(&b, 64u << 20);
    assert_int_equal(crm_buf_puts(&b, "X-Long: start\r\n"), CRM_OK);
    for (i = 0; i < nlines; i++)
        assert_int_equal(crm_buf_puts(&b, " x\r\n"), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "\r\nbody"), CRM_OK);
    crm_hdrs_init(&h);
    assert_int_equal(crm_hdrs_parse(b.p, 0, b.len, 65536, 1000, &h, &body, &an), CRM_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.cap <= 16, 1);
    assert_int_equal(body, b.len - 4);
    assert_int_equal(an, CRM_MIME_ANOM_LONG_HEADER);
    crm_hdrs_fini(&h);
    crm_buf_fini(&b);
}

/* ---- crm_hdr_unfold ------------------------------------------------------ */

struct unfold_case {
    const char *name, *in, *want;
};

static const struct unfold_case unfold_cases[] = {
    {"trims", "  hello  ", "hello"}, {"drops_crlf_keeps_wsp", " a\r\n b\r\n\tc", "a b\tc"},
    {"drops_lf", " a\n b", "a b"},   {"empty", "", ""},
    {"blank_only", " \r\n ", ""},
};

static void
hdr_unfold_table(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(unfold_cases) / sizeof(unfold_cases[0]); i++) {
        const struct unfold_case *c = &unfold_cases[i];
        struct crm_buf b;

        crm_buf_init(&b, 1024);
        assert_int_equal(crm_hdr_unfold(crm_slice_from(c->in), &b), CRM_OK);
        if (strcmp(crm_buf_cstr(&b), c->want) != 0)
            fail_msg("%s: got '%s', want '%s'", c->name, crm_buf_cstr(&b), c->want);
        crm_buf_fini(&b);
    }
}

/* ---- crm_hdr_mediatype --------------------------------------------------- */

struct mt_case {
    const char *name, *in;
    int want_rc;
    const char *want_type, *want_sub;
};

static const struct mt_case mt_cases[] = {
    {"simple", " text/plain", CRM_OK, "text", "plain"},
    {"lower_cases_and_params", "TEXT/HTML; charset=UTF-8", CRM_OK, "text", "html"},
    {"spaces_and_comments", " (c) multipart (x) / mixed (y) ;boundary=a", CRM_OK, "multipart",
     "mixed"},
    {"folded", "\r\n\tmultipart/alternative;\r\n boundary=x", CRM_OK, "multipart", "alternative"},
    {"vendor_subtype", "application/vnd.ms-excel", CRM_OK, "application", "vnd.ms-excel"},
    {"no_slash", "text", CRM_EPARSE, NULL, NULL},
    {"no_subtype", "text/", CRM_EPARSE, NULL, NULL},
    {"no_type", "/plain", CRM_EPARSE, NULL, NULL},
    {"junk_after_subtype", "text/html charset=utf-8", CRM_EPARSE, NULL, NULL},
    {"empty", "", CRM_EPARSE, NULL, NULL},
    {"eight_bit_type", "t\xe9xt/plain", CRM_EPARSE, NULL, NULL},
    {"type_too_long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/plain", CRM_EPARSE, NULL, NULL},
};

static void
hdr_mediatype_table(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(mt_cases) / sizeof(mt_cases[0]); i++) {
        const struct mt_case *c = &mt_cases[i];
        char t[32] = "", s[64] = "";
        int rc = crm_hdr_mediatype(crm_slice_from(c->in), t, sizeof(t), s, sizeof(s));

        if (rc != c->want_rc)
            fail_msg("%s: got rc %d, want %d", c->name, rc, c->want_rc);
        if (rc == CRM_OK && (strcmp(t, c->want_type) != 0 || strcmp(s, c->want_sub) != 0))
            fail_msg("%s: got %s/%s, want %s/%s", c->name, t, s, c->want_type, c->want_sub);
    }
}

/* ---- crm_hdr_param / crm_hdr_has_param ----------------------------------- */

struct param_case {
    const char *name, *in, *param;
    int want_rc;
    const char *want; /* value when CRM_OK */
    int want_has;     /* crm_hdr_has_param */
};

static const struct param_case param_cases[] = {
    {"token", "text/plain; charset=utf-8", "charset", CRM_OK, "utf-8", 1},
    {"quoted", "text/plain; charset=\"utf-8\"", "charset", CRM_OK, "utf-8", 1},
    {"name_case_and_spaces", "text/plain ;  CharSet = \"UTF-8\" ", "charset", CRM_OK, "UTF-8", 1},
    {"escapes_in_quotes", "multipart/mixed; boundary=\"a\\\"b\\\\c\"", "boundary", CRM_OK,
     "a\"b\\c", 1},
    {"folded_before_param", "multipart/mixed;\r\n\tboundary=\"=_abc\"", "boundary", CRM_OK, "=_abc",
     1},
    {"fold_inside_quotes_removed", "x/y; a=\"ab\r\n cd\"", "a", CRM_OK, "ab cd", 1},
    {"unquoted_tspecials_lenient", "multipart/mixed; boundary=----=_Part_1/2?", "boundary", CRM_OK,
     "----=_Part_1/2?", 1},
    {"rfc2231_extended", "attachment; filename*=UTF-8''%E3%81%82.txt", "filename", CRM_OK,
     "\xe3\x81\x82.txt", 1},
    {"rfc2231_continuations", "attachment; filename*0=\"abc\"; filename*1=\"def\"", "filename",
     CRM_OK, "abcdef", 1},
    {"rfc2231_mixed_segments", "a/b; name*0*=utf-8'ja'%41%42; name*1*=%43; name*2=D%", "name",
     CRM_OK, "ABCD%", 1},
    {"rfc2231_out_of_order", "a/b; name*1=b; name*0=a", "name", CRM_OK, "ab", 1},
    {"rfc2231_and_plain_disagree_is_ambiguous", "a; filename=\"p.txt\"; filename*=utf-8''e.txt",
     "filename", CRM_EPARSE, NULL, 1},
    {"rfc2231_and_plain_agree", "a; filename=\"e.txt\"; filename*=utf-8''e.txt", "filename", CRM_OK,
     "e.txt", 1},
    {"boundary_plain_and_continuation_disagree",
     "multipart/mixed; boundary=\"AAA\"; boundary*0=BBB", "boundary", CRM_EPARSE, NULL, 1},
    {"boundary_extended_and_continuation_disagree",
     "multipart/mixed; boundary*=''AAA; boundary*0=BBB", "boundary", CRM_EPARSE, NULL, 1},
    {"boundary_continuation_alone", "multipart/mixed; boundary*0=AA; boundary*1=A", "boundary",
     CRM_OK, "AAA", 1},
    {"rfc2231_bad_percent_literal", "a; name*=utf-8''%zz%4", "name", CRM_OK, "%zz%4", 1},
    {"rfc2231_no_charset_quotes", "a; name*=abc", "name", CRM_OK, "abc", 1},
    {"rfc2231_gap_without_zero", "a/b; name*1=x", "name", CRM_ENOTFOUND, NULL, 1},
    {"rfc2231_duplicate_segment", "a/b; name*0=a; name*0=b", "name", CRM_EPARSE, NULL, 1},
    {"absent", "text/plain; format=flowed", "charset", CRM_ENOTFOUND, NULL, 0},
    {"no_params", "text/plain", "charset", CRM_ENOTFOUND, NULL, 0},
    {"longer_name_not_matched", "text/plain; charsetx=a; charset=b", "charset", CRM_OK, "b", 1},
    {"prefix_name_not_matched", "text/plain; chars=a", "charset", CRM_ENOTFOUND, NULL, 0},
    {"duplicate_is_ambiguous", "multipart/mixed; boundary=a; boundary=b", "boundary", CRM_EPARSE,
     NULL, 1},
    {"unterminated_quote", "text/html; charset=\"UTF-8", "charset", CRM_EPARSE, NULL, 0},
    {"junk_after_value", "multipart/mixed; boundary=abc def", "boundary", CRM_EPARSE, NULL, 1},
    {"comments_ignored", "text/plain (c;x); charset=utf-8 (latin)", "charset", CRM_OK, "utf-8", 1},
    {"semicolon_inside_other_quotes", "x/y; a=\"1;charset=bad\"; charset=good", "charset", CRM_OK,
     "good", 1},
    {"malformed_neighbour_skipped", "text/plain; ; foo; =x; charset=utf-8", "charset", CRM_OK,
     "utf-8", 1},
    {"empty_quoted", "x/y; a=\"\"", "a", CRM_OK, "", 1},
    {"empty_token", "x/y; a=; b=1", "a", CRM_OK, "", 1},
    {"disposition_filename", "attachment; filename=report.pdf", "filename", CRM_OK, "report.pdf",
     1},
};

static void
hdr_param_table(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(param_cases) / sizeof(param_cases[0]); i++) {
        const struct param_case *c = &param_cases[i];
        struct crm_buf b;
        int rc, has;

        crm_buf_init(&b, 1024);
        rc = crm_hdr_param(crm_slice_from(c->in), c->param, &b);
        if (rc != c->want_rc)
            fail_msg("%s: got rc %d, want %d", c->name, rc, c->want_rc);
        if (rc == CRM_OK && strcmp(crm_buf_cstr(&b), c->want) != 0)
            fail_msg("%s: got '%s', want '%s'", c->name, crm_buf_cstr(&b), c->want);
        has = crm_hdr_has_param(crm_slice_from(c->in), c->param);
        if (has != c->want_has)
            fail_msg("%s: has_param got %d, want %d", c->name, has, c->want_has);
        crm_buf_fini(&b);
    }
}

static void
hdr_param_appends_to_existing(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 64);
    assert_int_equal(crm_buf_puts(&b, "x="), CRM_OK);
    assert_int_equal(crm_hdr_param(SL("a/b; c=d"), "c", &b), CRM_OK);
    assert_string_equal(crm_buf_cstr(&b), "x=d");
    crm_buf_fini(&b);
}

static void
hdr_param_respects_buffer_cap(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 3);
    assert_int_equal(crm_hdr_param(SL("a/b; c=\"toolong\""), "c", &b), CRM_ELIMIT);
    assert_null(b.p);
    crm_buf_fini(&b);
}

static void
hdr_has_comment_table(void **state)
{
    static const struct {
        const char *name, *in;
        int want;
    } t[] = {
        {"none", "text/plain; charset=utf-8", 0},
        {"after_value", "text/plain; charset=utf8 (Unicode)", 1},
        {"after_type", "text/plain (body); charset=utf-8", 1},
        {"folded_before_param", "multipart/mixed;\r\n (x) boundary=\"b\"", 1},
        {"in_quoted_boundary", "multipart/mixed; boundary=\"odd'()+_,-./:=?\"", 0},
        {"escaped_quote_then_paren", "x/y; a=\"q\\\"(\"; b=1", 0},
        {"after_escaped_quote_string", "x/y; a=\"q\\\"\" (c)", 1},
        {"unquoted_value_paren", "application/pdf; name=E(E).pdf", 1},
        {"empty", "", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_hdr_has_comment(crm_slice_from(t[i].in)) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hdrs_parse_table),
        cmocka_unit_test(hdrs_field_offsets_exact),
        cmocka_unit_test(hdrs_find_and_count_ignore_case),
        cmocka_unit_test(hdrs_parse_reports_enomem),
        cmocka_unit_test(hdrs_million_folded_lines_one_field),
        cmocka_unit_test(hdr_unfold_table),
        cmocka_unit_test(hdr_mediatype_table),
        cmocka_unit_test(hdr_param_table),
        cmocka_unit_test(hdr_param_appends_to_existing),
        cmocka_unit_test(hdr_param_respects_buffer_cap),
        cmocka_unit_test(hdr_has_comment_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
