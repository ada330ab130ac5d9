/* test_rfc2047.c - encoded-word decoding: B and Q, Japanese charsets, joining
 * adjacent words, literal fallback, raw 8-bit bytes, linear time and bounds */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "charset.h"
#include "helpers.h"
#include "rfc2047.h"

#define CAP (1u << 20)

static void
rfc2047_decodes_words_per_table(void **state)
{
    static const struct {
        const char *name, *in, *want;
    } t[] = {
        {"plain_ascii", "Re: your application", "Re: your application"},
        {"b_iso2022jp", "=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは"},
        {"b_shift_jis", "=?Shift_JIS?B?grGC8YLJgr+CzQ==?=", "こんにちは"},
        {"b_utf8_lower_b", "=?utf-8?b?44GT44KT44Gr44Gh44Gv?=", "こんにちは"},
        {"q_utf8_underscore", "=?UTF-8?Q?caf=C3=A9_au_lait?=", "café au lait"},
        {"q_lower_hex", "=?utf-8?q?caf=c3=a9?=", "café"},
        {"q_latin1", "=?iso-8859-1?Q?Andr=E9?=", "André"},
        {"text_around_word", "Re: =?UTF-8?B?44GT44KT?= there", "Re: こん there"},
        {"adjacent_words_space_dropped", "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"},
        {"adjacent_words_folding_dropped", "=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=", "ab"},
        {"adjacent_words_tabs_dropped", "=?UTF-8?Q?a?= \t =?ISO-8859-1?Q?b?=", "ab"},
        {"adjacent_words_no_space", "=?UTF-8?Q?a?==?UTF-8?Q?b?=", "ab"},
        {"split_utf8_char_across_words", "=?UTF-8?B?4w==?= =?UTF-8?B?gYI=?=", "あ"},
        {"split_sjis_char_across_words", "=?Shift_JIS?Q?=82?= =?Shift_JIS?Q?=A0?=", "あ"},
        {"word_then_text_keeps_space", "=?UTF-8?Q?a?= b", "a b"},
        {"unfolds_plain_text", "long\r\n subject", "long subject"},
        {"rfc2231_language_suffix", "=?UTF-8*ja?B?44GC?=", "あ"},
        {"unknown_charset_literal", "=?x-klingon?Q?abc?=", "=?x-klingon?Q?abc?="},
        {"bad_base64_literal", "=?UTF-8?B?@@@@?=", "=?UTF-8?B?@@@@?="},
        {"bad_q_escape_literal", "=?UTF-8?Q?a=ZZ?=", "=?UTF-8?Q?a=ZZ?="},
        {"invalid_bytes_literal", "=?UTF-8?Q?=FF?=", "=?UTF-8?Q?=FF?="},
        {"unknown_encoding_literal", "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="},
        {"unterminated_literal", "=?UTF-8?Q?abc", "=?UTF-8?Q?abc"},
        {"space_inside_literal", "=?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?="},
        {"literal_between_words_keeps_spaces",
         "=?UTF-8?Q?a?= =?bogus?Q?x?= =?UTF-8?Q?b?=", "a =?bogus?Q?x?= b"},
        {"bad_word_in_run_keeps_spaces",
         "=?UTF-8?Q?a?= =?UTF-8?Q?=FF?= =?UTF-8?Q?b?=", "a =?UTF-8?Q?=FF?= b"},
        {"raw_utf8_kept", "caf\xc3\xa9", "caf\xc3\xa9"},
        {"raw_invalid_replaced", "caf\xe9!", "caf\xef\xbf\xbd!"},
        {"raw_truncated_replaced", "x\xe3\x81", "x\xef\xbf\xbd\xef\xbf\xbd"},
        {"empty", "", ""},
        {"empty_word",
         "=?UTF-8?B?"
         "?=",
         ""},
        {"question_marks",
         "=?=?==?"
         "?=",
         "=?=?==?"
         "?="},
    };
    struct crm_buf out;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        rc = crm_rfc2047_decode(crm_slice_from(t[i].in), &out);
        if (rc != CRM_OK || strcmp(crm_buf_cstr(&out), t[i].want) != 0)
            fail_msg("%s: got rc %d \"%s\", want \"%s\"", t[i].name, rc, crm_buf_cstr(&out),
                     t[i].want);
        if (!crm_utf8_valid(crm_buf_cstr(&out), out.len))
            fail_msg("%s: output is not valid UTF-8", t[i].name);
        crm_buf_fini(&out);
    }
}

static void
rfc2047_encode_round_trips_and_limits_word_length(void **state)
{
    static const char *const texts[] = {
        "選考結果のご連絡",
        "【重要】選考結果のご連絡（株式会社サンプル 人事部 採用担当）についてのお知らせです",
        "plain ascii",
        "mixed テキスト with 🙇 emoji",
    };
    struct crm_buf enc, dec;
    const char *p, *w;
    size_t i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        crm_buf_init(&enc, CAP);
        crm_buf_init(&dec, CAP);
        assert_int_equal(crm_rfc2047_encode(texts[i], strlen(texts[i]), &enc), CRM_OK);
        for (p = crm_buf_cstr(&enc); (w = strstr(p, "=?")) != NULL; p = strstr(w, "?=") + 2)
            if ((size_t)(strstr(w, "?=") + 2 - w) > 75)
                fail_msg("text %zu: got a word of %zu chars, want <= 75", i,
                         (size_t)(strstr(w, "?=") + 2 - w));
        assert_int_equal(crm_rfc2047_decode((struct crm_slice){enc.p, enc.len}, &dec), CRM_OK);
        if (strcmp(crm_buf_cstr(&dec), texts[i]) != 0)
            fail_msg("text %zu: got \"%s\", want \"%s\"", i, crm_buf_cstr(&dec), texts[i]);
        crm_buf_fini(&enc);
        crm_buf_fini(&dec);
    }
}

/* build_big - n bytes of repeated unit */
static void
build_big(struct crm_buf *b, const char *unit, size_t n)
{
    size_t ul = strlen(unit);

    crm_buf_init(b, n + ul);
    while (b->len + ul <= n)
        assert_int_equal(crm_buf_append(b, unit, ul), CRM_OK);
}

static void
rfc2047_megabyte_value_is_linear_and_bounded(void **state)
{
    static const char *const units[] = {
        "=?UTF-8?B?44GC?= ", /* a run of adjacent words */
        "=?UTF-8?Q?a=",      /* many near-words, none closed */
        "=?=?=?",            /* starts everywhere */
        "=?UTF-8?Q?=FF?= ",  /* adjacent words that all fail */
        "\xe9\xe3\x81",      /* invalid raw bytes */
    };
    struct crm_buf big, out;
    clock_t t0;
    double secs;
    size_t i;

    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        build_big(&big, units[i], 1u << 20);
        crm_buf_init(&out, 8u << 20);
        t0 = clock();
        assert_int_equal(crm_rfc2047_decode((struct crm_slice){big.p, big.len}, &out), CRM_OK);
        secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (secs > 2.0)
            fail_msg("unit %zu: 1 MiB took %.2f s, want linear time (< 2 s)", i, secs);
        assert_true(crm_utf8_valid(out.p, out.len));
        crm_buf_fini(&out);
        crm_buf_init(&out, 1000);
        assert_int_equal(crm_rfc2047_decode((struct crm_slice){big.p, big.len}, &out), CRM_ELIMIT);
        assert_null(out.p);
        crm_buf_fini(&big);
    }
}

/* sample_headers - decode every Subject/From/To/Cc of one message into all */
static void
sample_headers(const char *path, struct crm_buf *all)
{
    static const char *const names[] = {"subject:", "from:", "to:", "cc:"};
    struct crm_buf msg;
    const char *p, *end, *eol, *v;
    size_t k;
    int rc;

    if (th_read_file(path, &msg) != 0)
        fail_msg("cannot read %s", path);
    p = crm_buf_cstr(&msg);
    end = p + msg.len;
    while (p < end && *p != '\r' && *p != '\n') {
        /* one header field, with its continuation lines */
        for (eol = p; eol < end; eol++)
            if (*eol == '\n' && (eol + 1 >= end || (eol[1] != ' ' && eol[1] != '\t')))
                break;
        for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
            if (crm_slice_casestarts((struct crm_slice){p, (size_t)(eol - p)}, names[k])) {
                v = p + strlen(names[k]);
                rc = crm_rfc2047_decode((struct crm_slice){v, (size_t)(eol - v)}, all);
                if (rc != CRM_OK)
                    fail_msg("%s: got rc %d decoding %.40s, want CRM_OK", path, rc, p);
                assert_int_equal(crm_buf_putc(all, '\n'), CRM_OK);
            }
        }
        p = eol < end ? eol + 1 : end;
    }
    crm_buf_fini(&msg);
}

static void
rfc2047_decodes_real_world_sample_headers(void **state)
{
    static const char *const files[] = {
        "mikel-mail/attachment_with_quoted_filename.eml",
        "mikel-mail/raw_email.eml",
        "mikel-mail/invalid_subject_characters.eml",
        "mimekit/japanese.txt",
        "spamscope-mail-parser/mail_test_12",
    };
    static const char *const want[] = {
        "日本語メールテスト (testing Japanese emails)",
        "Eelanalüüsi päring",
        "NOTE: 한국말로 하는 것",
        "张先生 <baoguan@hotmail.com>",
        "Formação Frenetikpolis",
    };
    char path[1024];
    struct crm_buf all;
    size_t i;

    crm_buf_init(&all, 8u << 20);
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (snprintf(path, sizeof(path), "%s/../shared/mail-samples/%s", CRM_SOURCE_DIR,
                     files[i]) >= (int)sizeof(path))
            fail_msg("path too long");
        sample_headers(path, &all);
    }
    assert_true(crm_utf8_valid(crm_buf_cstr(&all), all.len));
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if (strstr(crm_buf_cstr(&all), want[i]) == NULL)
            fail_msg("got no \"%s\" among the decoded sample headers:\n%s", want[i],
                     crm_buf_cstr(&all));
    crm_buf_fini(&all);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc2047_decodes_words_per_table),
        cmocka_unit_test(rfc2047_encode_round_trips_and_limits_word_length),
        cmocka_unit_test(rfc2047_megabyte_value_is_linear_and_bounded),
        cmocka_unit_test(rfc2047_decodes_real_world_sample_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
