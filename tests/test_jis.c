/* test_jis.c - the native ISO-2022-JP codec: tables built on this glibc, the
 * subset it converts (with glibc's escape sequences), what it declines (out
 * untouched), and its behaviour at the output cap */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "jis.h"

#define CAP (1u << 20)

struct jis_case {
    const char *name, *in, *want; /* want NULL: CRM_JIS_DECLINED */
};

/* jis_run_cases - each case on a buffer holding "keep": the conversion is
 * appended, or (declined) the buffer is left exactly as it was */
static void
jis_run_cases(const struct jis_case *t, size_t n, int decode)
{
    struct crm_buf out;
    size_t i;
    int rc;

    for (i = 0; i < n; i++) {
        crm_buf_init(&out, CAP);
        assert_int_equal(crm_buf_puts(&out, "keep"), CRM_OK);
        rc = decode ? crm_jis_to_utf8(t[i].in, strlen(t[i].in), &out)
                    : crm_jis_from_utf8(t[i].in, strlen(t[i].in), &out);
        if (t[i].want == NULL &&
            (rc != CRM_JIS_DECLINED || strcmp(crm_buf_cstr(&out), "keep") != 0))
            fail_msg("%s: got rc %d \"%s\", want declined and \"keep\"", t[i].name, rc,
                     crm_buf_cstr(&out));
        if (t[i].want != NULL && (rc != CRM_OK || out.len != 4 + strlen(t[i].want) ||
                                  strcmp(crm_buf_cstr(&out) + 4, t[i].want) != 0))
            fail_msg("%s: got rc %d \"%s\", want \"keep%s\"", t[i].name, rc, crm_buf_cstr(&out),
                     t[i].want);
        crm_buf_fini(&out);
    }
}

static void
jis_tables_build_from_glibc(void **state)
{
    assert_int_equal(crm_jis_available(), 1);
    assert_int_equal(crm_jis_available(), 1);
}

static void
jis_decodes_ascii_and_jis_x0208_only(void **state)
{
    static const struct jis_case t[] = {
        {"ascii", "Hello,\r\nworld\x01\x7f", "Hello,\r\nworld\x01\x7f"},
        {"kana_kanji", "\x1b$B$\"4A;z\x1b(B", "あ漢字"},
        {"ends_in_jis_state", "\x1b$B$\"", "あ"},
        {"redundant_escapes", "\x1b(B\x1b(Ba\x1b$B\x1b$B$\"\x1b(B", "aあ"},
        {"symbols_latin1_greek", "\x1b$B!x!k&!\x1b(B", "§°Α"},
        {"empty", "", ""},
        {"roman_esc_j", "\x1b(Ja\x1b(B", NULL},
        {"old_jis_esc_dollar_at", "\x1b$@$\"\x1b(B", NULL},
        {"halfwidth_kana_esc_i", "\x1b(I6\x1b(B", NULL},
        {"jis_x0212", "\x1b$(D\"/\x1b(B", NULL},
        {"truncated_escape", "a\x1b(", NULL},
        {"unknown_escape", "\x1bxyz", NULL},
        {"crlf_in_jis_state", "\x1b$B$\"\r\n\x1b(B", NULL},
        {"space_in_jis_state", "\x1b$B$\" $\"\x1b(B", NULL},
        {"odd_byte", "\x1b$B$\"$", NULL},
        {"unassigned_pair", "\x1b$B/!\x1b(B", NULL},
        {"byte_7f_in_pair", "\x1b$B$\x7f\x1b(B", NULL},
        {"8bit_byte", "caf\xe9", NULL},
        {"late_8bit_byte", "\x1b$B$\"\x1b(Bok\xa4\xa2", NULL},
    };

    jis_run_cases(t, sizeof(t) / sizeof(t[0]), 1);
}

/* The escape sequences are glibc's (MILTER-NOTES section 5: "あ" is
 * ESC $ B $ " ESC ( B); test_charset compares with iconv itself. */
static void
jis_encodes_like_glibc_or_declines(void **state)
{
    static const struct jis_case t[] = {
        {"hiragana", "あ", "\x1b$B$\"\x1b(B"},
        {"ascii_between_runs", "aあ\r\nあ b", "a\x1b$B$\"\x1b(B\r\n\x1b$B$\"\x1b(B b"},
        {"run_of_three", "漢字あ", "\x1b$B4A;z$\"\x1b(B"},
        {"latin1_in_jis_x0208", "§", "\x1b$B!x\x1b(B"},
        {"ascii_only", "abc\r\n", "abc\r\n"},
        {"empty", "", ""},
        {"yen_sign", "¥", NULL},
        {"fullwidth_tilde_unnormalised", "～", NULL},
        {"halfwidth_katakana", "ｶ", NULL},
        {"emoji", "🙇", NULL},
        {"truncated_utf8", "\xe3\x81", NULL},
        {"overlong_utf8", "\xe0\x81\x82", NULL},
        {"surrogate", "\xed\xa0\x80", NULL},
        {"latin1_byte", "caf\xe9", NULL},
    };

    jis_run_cases(t, sizeof(t) / sizeof(t[0]), 0);
}

/* Near the cap the decoder declines (iconv then meets the cap exactly as it
 * always did); the encoder measures first and fails like crm_buf does. */
static void
jis_output_cap(void **state)
{
    static const char jis[] = "\x1b$B$\"$\"$\"$\"\x1b(B"; /* 14 bytes -> 12 of UTF-8 */
    struct crm_buf out;

    crm_buf_init(&out, 20); /* room for the text, not for the worst case (21) */
    assert_int_equal(crm_jis_to_utf8(jis, sizeof(jis) - 1, &out), CRM_JIS_DECLINED);
    assert_int_equal(out.len, 0);
    crm_buf_fini(&out);
    crm_buf_init(&out, 21);
    assert_int_equal(crm_jis_to_utf8(jis, sizeof(jis) - 1, &out), CRM_OK);
    assert_string_equal(crm_buf_cstr(&out), "ああああ");
    crm_buf_fini(&out);

    crm_buf_init(&out, 13);
    assert_int_equal(crm_jis_from_utf8("ああああ", 12, &out), CRM_ELIMIT);
    assert_null(out.p);
    crm_buf_init(&out, 14);
    assert_int_equal(crm_jis_from_utf8("ああああ", 12, &out), CRM_OK);
    assert_int_equal(out.len, 14);
    assert_memory_equal(out.p, jis, 14);
    crm_buf_fini(&out);
}

static void
jis_allocation_failure_is_enomem(void **state)
{
    struct crm_buf out;

    crm_buf_init(&out, CAP);
    crm_alloc_fail_after(0, 1);
    assert_int_equal(crm_jis_to_utf8("\x1b$B$\"\x1b(B", 8, &out), CRM_ENOMEM);
    assert_int_equal(crm_jis_from_utf8("あ", 3, &out), CRM_ENOMEM);
    crm_alloc_fail_after(-1, 0);
    assert_null(out.p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jis_tables_build_from_glibc),
        cmocka_unit_test(jis_decodes_ascii_and_jis_x0208_only),
        cmocka_unit_test(jis_encodes_like_glibc_or_declines),
        cmocka_unit_test(jis_output_cap),
        cmocka_unit_test(jis_allocation_failure_is_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
