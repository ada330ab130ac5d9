/* test_charset.c - charset names, strict iconv conversions with real Japanese
 * text, the JIS normalisation table, the native ISO-2022-JP path against glibc
 * (which path ran, same bytes, same errors, threads), UTF-8 validation and
 * character lengths */
#include <iconv.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "charset.h"

#define CAP     (1u << 20)
#define THREADS 8

/* The binary is linked with -Wl,--wrap=iconv_open (tests/CMakeLists.txt). A
 * conversion that goes to iconv opens one descriptor; the native ISO-2022-JP
 * path opens none (the tables' one-time build opens two). */
iconv_t __real_iconv_open(const char *to, const char *from);
iconv_t __wrap_iconv_open(const char *to, const char *from);

static atomic_ulong iconv_opens;

iconv_t
__wrap_iconv_open(const char *to, const char *from)
{
    atomic_fetch_add(&iconv_opens, 1);
    return __real_iconv_open(to, from);
}

/* direct_iconv - one strict glibc conversion, not counted: 0 and the bytes
 * appended to out, or -1 when glibc refuses the text */
static int
direct_iconv(const char *to, const char *from, const char *in, size_t len, struct crm_buf *out)
{
    static char chunk[1 << 16];
    iconv_t cd = __real_iconv_open(to, from);
    char *ip = (char *)in, *op = chunk;
    size_t il = len, ol = sizeof(chunk), r;

    assert_true(cd != (iconv_t)-1);
    r = iconv(cd, &ip, &il, &op, &ol);
    if (r == 0)
        r = iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    if (r != 0)
        return -1;
    return crm_buf_append(out, chunk, sizeof(chunk) - ol) == CRM_OK ? 0 : -1;
}

struct charset_thread {
    const char *jis, *utf8, *src; /* src: what to encode (U+FF5E or U+301C), giving jis */
    size_t jis_len, utf8_len, src_len;
    int failures;
};

static pthread_barrier_t charset_gate;

/* charset_thread_run - convert both ways many times, from the first use on */
static void *
charset_thread_run(void *arg)
{
    struct charset_thread *t = arg;
    struct crm_buf out;
    int i;

    pthread_barrier_wait(&charset_gate);
    for (i = 0; i < 200; i++) {
        crm_buf_init(&out, CAP);
        if (crm_charset_to_utf8("ISO-2022-JP", t->jis, t->jis_len, &out, NULL) != CRM_OK ||
            out.len != t->utf8_len || memcmp(out.p, t->utf8, out.len) != 0)
            t->failures++;
        crm_buf_fini(&out);
        crm_buf_init(&out, CAP);
        if (crm_charset_from_utf8("ISO-2022-JP", t->src, t->src_len, &out, NULL) != CRM_OK ||
            out.len != t->jis_len || memcmp(out.p, t->jis, out.len) != 0)
            t->failures++;
        crm_buf_fini(&out);
    }
    return NULL;
}

/* First test of the program: THREADS threads race into the first ISO-2022-JP
 * conversion; the tables are built once (two iconv_open calls in all) and
 * every thread gets glibc's bytes both ways. Run under TSan too. */
static void
charset_iso2022_tables_build_once_under_threads(void **state)
{
    static const char text[] = "ご応募ありがとうございました。\r\n今回は見送らせていただきます。"
                               "\r\nAbc 123 ～ 選考\r\n";
    static const char normalised[] =
        "ご応募ありがとうございました。\r\n今回は見送らせていただきます。"
        "\r\nAbc 123 〜 選考\r\n";
    struct charset_thread t[THREADS];
    pthread_t tid[THREADS];
    struct crm_buf jis;
    int i;

    crm_buf_init(&jis, CAP);
    assert_int_equal(direct_iconv("ISO-2022-JP", "UTF-8", normalised, sizeof(normalised) - 1, &jis),
                     0);
    atomic_store(&iconv_opens, 0);
    assert_int_equal(pthread_barrier_init(&charset_gate, NULL, THREADS), 0);
    for (i = 0; i < THREADS; i++) {
        t[i] = (struct charset_thread){jis.p,
                                       normalised,
                                       i % 2 ? text : normalised,
                                       jis.len,
                                       sizeof(normalised) - 1,
                                       i % 2 ? sizeof(text) - 1 : sizeof(normalised) - 1,
                                       0};
        assert_int_equal(pthread_create(&tid[i], NULL, charset_thread_run, &t[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        if (t[i].failures != 0)
            fail_msg("thread %d: got %d conversions differing from glibc, want 0", i,
                     t[i].failures);
    }
    pthread_barrier_destroy(&charset_gate);
    if (atomic_load(&iconv_opens) != 2)
        fail_msg("iconv_open calls: got %lu, want 2 (the one-time table build)",
                 atomic_load(&iconv_opens));
    crm_buf_fini(&jis);
}

static void
charset_canon_maps_mime_names(void **state)
{
    static const struct {
        const char *in, *want; /* want NULL: unsupported */
    } t[] = {
        {"Shift_JIS", "CP932"},
        {"shift-jis", "CP932"},
        {"x-sjis", "CP932"},
        {"Windows-31J", "CP932"},
        {"MS932", "CP932"},
        {"cp932", "CP932"},
        {"EUC-JP", "EUC-JP-MS"},
        {"euc-jp", "EUC-JP-MS"},
        {"ISO-2022-JP", "ISO-2022-JP"},
        {"iso-2022-jp", "ISO-2022-JP"},
        {"US-ASCII", "ASCII"},
        {"ascii", "ASCII"},
        {"", "ASCII"},
        {"UTF-8", "UTF-8"},
        {"utf8", "UTF-8"},
        {" \"utf-8\" ", "UTF-8"},
        {"ISO-8859-1", "ISO-8859-1"},
        {"latin1", "ISO-8859-1"},
        {"iso-8859-15", "ISO-8859-15"},
        {"ISO_8859-2", "ISO-8859-2"},
        {"iso-8859-12", NULL},
        {"iso-8859-17", NULL},
        {"iso-8859-01", NULL},
        {"windows-1252", "WINDOWS-1252"},
        {"cp1251", "WINDOWS-1251"},
        {"windows-1259", NULL},
        {"KOI8-R", "KOI8-R"},
        {"Big5", "BIG5"},
        {"gb2312", "GBK"},
        {"GBK", "GBK"},
        {"GB18030", "GB18030"},
        {"euc-kr", "CP949"},
        {"ks_c_5601-1987", "CP949"},
        {"x-unknown", NULL},
        {"utf-7", NULL},
        {"iso-2022-jp-2", "ISO-2022-JP"},
        {"CP50220", "ISO-2022-JP"},
        {"iso-2022-jp-ms", "ISO-2022-JP"},
        {"iso-2022-cn", NULL},
        {"a-name-that-is-far-too-long-to-be-any-charset-at-all", NULL},
    };
    const char *got;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        got = crm_charset_canon(t[i].in);
        if ((got == NULL) != (t[i].want == NULL) || (got != NULL && strcmp(got, t[i].want) != 0))
            fail_msg("canon(\"%s\"): got %s, want %s", t[i].in, got ? got : "NULL",
                     t[i].want ? t[i].want : "NULL");
    }
    assert_string_equal(crm_charset_canon(NULL), "ASCII");
}

static void
charset_classifies_7bit_and_japanese(void **state)
{
    assert_true(crm_charset_is_7bit("ASCII"));
    assert_true(crm_charset_is_7bit("ISO-2022-JP"));
    assert_false(crm_charset_is_7bit("UTF-8"));
    assert_false(crm_charset_is_7bit("CP932"));
    assert_true(crm_charset_is_japanese("ISO-2022-JP"));
    assert_true(crm_charset_is_japanese("CP932"));
    assert_true(crm_charset_is_japanese("EUC-JP-MS"));
    assert_false(crm_charset_is_japanese("UTF-8"));
    assert_false(crm_charset_is_japanese(NULL));
}

static void
charset_round_trips_real_text(void **state)
{
    static const struct {
        const char *canon, *text;
    } t[] = {
        {"ISO-2022-JP", "ご応募ありがとうございました。\r\n今回は見送らせていただきます。\r\n"},
        {"CP932", "ご応募ありがとうございました。①髙ｶﾀｶﾅ～－"},
        {"EUC-JP-MS", "ご応募ありがとうございました。①髙ｶﾀｶﾅ"},
        {"UTF-8", "ご応募ありがとうございました。🙇"},
        {"ISO-8859-1", "Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"},
        {"ASCII", "Thank you for applying."},
        {"WINDOWS-1251", "\xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe"},
    };
    struct crm_buf enc, dec;
    struct crm_err err;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&enc, CAP);
        crm_buf_init(&dec, CAP);
        if (crm_charset_from_utf8(t[i].canon, t[i].text, strlen(t[i].text), &enc, &err) != CRM_OK)
            fail_msg("%s: encode failed: %s", t[i].canon, err.msg);
        if (crm_charset_to_utf8(t[i].canon, enc.p, enc.len, &dec, &err) != CRM_OK)
            fail_msg("%s: decode failed: %s", t[i].canon, err.msg);
        if (strcmp(crm_buf_cstr(&dec), t[i].text) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].canon, crm_buf_cstr(&dec), t[i].text);
        crm_buf_fini(&enc);
        crm_buf_fini(&dec);
    }
}

/* The MILTER-NOTES section 5 table, with our JIS normalisation applied. */
static void
charset_encodes_jis_special_characters_per_notes(void **state)
{
    static const struct {
        const char *name, *canon, *in, *want; /* want NULL: CRM_ECHARSET */
    } t[] = {
        {"hiragana_iso2022", "ISO-2022-JP", "あ", "\x1b$B$\"\x1b(B"},
        {"fullwidth_tilde_to_wave_dash_iso2022", "ISO-2022-JP", "～", "\x1b$B!A\x1b(B"},
        {"wave_dash_iso2022", "ISO-2022-JP", "〜", "\x1b$B!A\x1b(B"},
        {"em_dash_to_bar_iso2022", "ISO-2022-JP", "—", "\x1b$B!=\x1b(B"},
        {"fullwidth_minus_iso2022", "ISO-2022-JP", "－", "\x1b$B!]\x1b(B"},
        {"circled_one_iso2022_fails", "ISO-2022-JP", "①", NULL},
        {"ibm_kanji_iso2022_fails", "ISO-2022-JP", "髙", NULL},
        {"halfwidth_kana_iso2022_fails", "ISO-2022-JP", "ｶ", NULL},
        {"fullwidth_tilde_cp932_kept", "CP932", "～", "\x81\x60"},
        {"wave_dash_cp932", "CP932", "〜", "\x81\x60"},
        {"em_dash_cp932", "CP932", "—", "\x81\x5c"},
        {"circled_one_cp932", "CP932", "①", "\x87\x40"},
        {"ibm_kanji_cp932", "CP932", "髙", "\xfb\xfc"},
        {"halfwidth_kana_cp932", "CP932", "ｶ", "\xb6"},
        {"fullwidth_tilde_eucjpms", "EUC-JP-MS", "～", "\xa1\xc1"},
        {"circled_one_eucjpms", "EUC-JP-MS", "①", "\xad\xa1"},
        {"ibm_kanji_eucjpms_ss3", "EUC-JP-MS", "髙", "\x8f\xf4\xfb"},
        {"halfwidth_kana_eucjpms_ss2", "EUC-JP-MS", "ｶ", "\x8e\xb6"},
        {"kanji_into_latin1_fails", "ISO-8859-1", "漢", NULL},
        {"eacute_into_ascii_fails", "ASCII", "\xc3\xa9", NULL},
    };
    struct crm_buf out;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        rc = crm_charset_from_utf8(t[i].canon, t[i].in, strlen(t[i].in), &out, NULL);
        if (t[i].want == NULL && rc != CRM_ECHARSET)
            fail_msg("%s: got rc %d, want CRM_ECHARSET", t[i].name, rc);
        if (t[i].want != NULL && (rc != CRM_OK || strcmp(crm_buf_cstr(&out), t[i].want) != 0))
            fail_msg("%s: got rc %d \"%s\", want \"%s\"", t[i].name, rc, crm_buf_cstr(&out),
                     t[i].want);
        crm_buf_fini(&out);
    }
}

static void
charset_iso2022_lines_end_in_ascii(void **state)
{
    static const char text[] = "一行目です\r\n二行目も漢字\nASCII line\r\n¥半角円記号\n最後の行";
    struct crm_buf out;
    const char *p;
    size_t i, breaks = 0;
    int ascii = 1;

    crm_buf_init(&out, CAP);
    assert_int_equal(crm_charset_from_utf8("ISO-2022-JP", text, sizeof(text) - 1, &out, NULL),
                     CRM_OK);
    p = crm_buf_cstr(&out);
    for (i = 0; i < out.len; i++) {
        if (p[i] == 0x1b) {
            assert_true(i + 2 < out.len);
            ascii = p[i + 1] == '(' && p[i + 2] == 'B';
        } else if (p[i] == '\n') {
            if (!ascii)
                fail_msg("line break at byte %zu: got non-ASCII shift state, want ASCII", i);
            breaks++;
        }
    }
    assert_int_equal(breaks, 4);
    assert_true(ascii);
    crm_buf_fini(&out);
}

static void
charset_conversions_are_strict(void **state)
{
    static const struct {
        const char *name, *canon, *in;
        int to_utf8; /* 1: crm_charset_to_utf8, 0: from */
    } t[] = {
        {"invalid_utf8_input_to_cp932", "CP932", "\xff\xfe", 0},
        {"truncated_utf8_input", "ISO-2022-JP", "\xe3\x81", 0},
        {"invalid_utf8_as_utf8", "UTF-8", "a\xc0\x80", 1},
        {"8bit_in_ascii", "ASCII", "caf\xe9", 1},
        {"truncated_cp932", "CP932", "abc\x82", 1},
        {"invalid_cp932_lead", "CP932", "\xff", 1},
        {"truncated_eucjp", "EUC-JP-MS", "\xa4", 1},
        {"8bit_in_iso2022", "ISO-2022-JP", "\x1b$B\xa4\xa2\x1b(B", 1},
        {"unknown_canon", NULL, "abc", 1},
    };
    struct crm_buf out;
    struct crm_err err;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        assert_int_equal(crm_buf_puts(&out, "keep"), CRM_OK);
        crm_err_clear(&err);
        rc = t[i].to_utf8 ? crm_charset_to_utf8(t[i].canon, t[i].in, strlen(t[i].in), &out, &err)
                          : crm_charset_from_utf8(t[i].canon, t[i].in, strlen(t[i].in), &out, &err);
        if (rc != CRM_ECHARSET || err.code != CRM_ECHARSET)
            fail_msg("%s: got rc %d (err %d), want CRM_ECHARSET", t[i].name, rc, err.code);
        if (strcmp(crm_buf_cstr(&out), "keep") != 0)
            fail_msg("%s: got output \"%s\", want it left as \"keep\"", t[i].name,
                     crm_buf_cstr(&out));
        crm_buf_fini(&out);
    }
}

static void
charset_conversion_handles_large_input(void **state)
{
    struct crm_buf in, enc, dec;
    size_t i;

    crm_buf_init(&in, CAP);
    crm_buf_init(&enc, CAP);
    crm_buf_init(&dec, CAP);
    for (i = 0; i < 5000; i++)
        assert_int_equal(crm_buf_puts(&in, i % 50 == 49 ? "。\r\n" : "選考"), CRM_OK);
    assert_int_equal(crm_charset_from_utf8("ISO-2022-JP", in.p, in.len, &enc, NULL), CRM_OK);
    assert_int_equal(crm_charset_to_utf8("ISO-2022-JP", enc.p, enc.len, &dec, NULL), CRM_OK);
    assert_int_equal(dec.len, in.len);
    assert_memory_equal(dec.p, in.p, in.len);
    crm_buf_fini(&enc);
    crm_buf_init(&enc, 100);
    assert_int_equal(crm_charset_from_utf8("CP932", in.p, in.len, &enc, NULL), CRM_ELIMIT);
    crm_buf_fini(&in);
    crm_buf_fini(&enc);
    crm_buf_fini(&dec);
}

static void
utf8_valid_rejects_malformed_sequences(void **state)
{
    static const struct {
        const char *name, *in;
        int want;
    } t[] = {
        {"ascii", "abc", 1},
        {"two_byte", "\xc3\xa9", 1},
        {"three_byte", "\xe3\x81\x82", 1},
        {"four_byte", "\xf0\x9f\x99\x87", 1},
        {"max_code_point", "\xf4\x8f\xbf\xbf", 1},
        {"overlong_nul", "\xc0\x80", 0},
        {"overlong_three", "\xe0\x80\xaf", 0},
        {"surrogate", "\xed\xa0\x80", 0},
        {"above_max", "\xf4\x90\x80\x80", 0},
        {"lone_continuation", "\x80", 0},
        {"truncated", "\xe3\x81", 0},
        {"f5_lead", "\xf5\x80\x80\x80", 0},
        {"latin1_byte", "caf\xe9", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_utf8_valid(t[i].in, strlen(t[i].in)) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
}

static void
charset_char_len_knows_multibyte_units(void **state)
{
    static const struct {
        const char *name, *canon, *in;
        size_t want;
    } t[] = {
        {"utf8_ascii", "UTF-8", "ab", 1},
        {"utf8_3", "UTF-8", "\xe3\x81\x82x", 3},
        {"utf8_4", "UTF-8", "\xf0\x9f\x99\x87", 4},
        {"utf8_invalid_is_1", "UTF-8", "\xe3\x41", 1},
        {"utf8_truncated_is_1", "UTF-8", "\xe3\x81", 1},
        {"cp932_lead_81", "CP932", "\x82\xa0", 2},
        {"cp932_lead_e0", "CP932", "\xe0\x40", 2},
        {"cp932_trail_backslash", "CP932", "\x83\x5c", 2},
        {"cp932_halfwidth_kana", "CP932", "\xb6\xb6", 1},
        {"cp932_bad_trail", "CP932", "\x82\x0a", 1},
        {"eucjp_pair", "EUC-JP-MS", "\xa4\xa2", 2},
        {"eucjp_ss2", "EUC-JP-MS", "\x8e\xb6", 2},
        {"eucjp_ss3", "EUC-JP-MS", "\x8f\xf4\xfb", 3},
        {"eucjp_ascii", "EUC-JP-MS", "ab", 1},
        {"iso2022_esc_kanji", "ISO-2022-JP", "\x1b$B$\"", 3},
        {"iso2022_esc_ascii", "ISO-2022-JP", "\x1b(Bab", 3},
        {"iso2022_esc_roman", "ISO-2022-JP", "\x1b(J", 3},
        {"iso2022_plain", "ISO-2022-JP", "$\"", 1},
        {"single_byte_charset", "ISO-8859-1", "\xe9\xe9", 1},
        {"null_canon", NULL, "\xe3\x81\x82", 1},
    };
    size_t i, got;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        got = crm_charset_char_len(t[i].canon, (const unsigned char *)t[i].in, strlen(t[i].in));
        if (got != t[i].want)
            fail_msg("%s: got %zu, want %zu", t[i].name, got, t[i].want);
    }
    assert_int_equal(crm_charset_char_len("UTF-8", (const unsigned char *)"\xe3\x81\x82", 2), 1);
}

struct iso2022_case {
    const char *name;
    int to_utf8;          /* 1: crm_charset_to_utf8, 0: crm_charset_from_utf8 */
    const char *in;       /* input */
    const char *iconv_in; /* what glibc gets for the same answer (normalised); NULL: in */
};

/* iso2022_against_glibc - run one case; the result must be glibc's (same bytes,
 * or CRM_ECHARSET with out left as it was) and take the path `native` says */
static void
iso2022_against_glibc(const struct iso2022_case *c, int native)
{
    const char *gin = c->iconv_in != NULL ? c->iconv_in : c->in;
    struct crm_buf got, want;
    struct crm_err err;
    unsigned long opens;
    int rc, ok;

    crm_buf_init(&want, CAP);
    assert_int_equal(crm_buf_puts(&want, "keep"), CRM_OK);
    ok = c->to_utf8 ? direct_iconv("UTF-8", "ISO-2022-JP", gin, strlen(gin), &want)
                    : direct_iconv("ISO-2022-JP", "UTF-8", gin, strlen(gin), &want);
    crm_buf_init(&got, CAP);
    assert_int_equal(crm_buf_puts(&got, "keep"), CRM_OK);
    crm_err_clear(&err);
    opens = atomic_load(&iconv_opens);
    rc = c->to_utf8 ? crm_charset_to_utf8("ISO-2022-JP", c->in, strlen(c->in), &got, &err)
                    : crm_charset_from_utf8("ISO-2022-JP", c->in, strlen(c->in), &got, &err);
    opens = atomic_load(&iconv_opens) - opens;
    /* glibc refused a text to decode: the Microsoft reading may open a second */
    if (opens != (native ? 0u : 1u) && !(c->to_utf8 && ok != 0 && opens == 2))
        fail_msg("%s: got %lu iconv_open calls, want %d (%s path)", c->name, opens, !native,
                 native ? "native" : "iconv");
    if (rc != (ok == 0 ? CRM_OK : CRM_ECHARSET) || err.code != rc)
        fail_msg("%s: got rc %d (%s), want %s", c->name, rc, err.msg,
                 ok == 0 ? "CRM_OK" : "CRM_ECHARSET");
    if (ok != 0)
        crm_buf_truncate(&want, 4);
    if (got.len != want.len || memcmp(got.p, want.p, got.len) != 0)
        fail_msg("%s: got %zu bytes \"%s\", want glibc's %zu bytes \"%s\"", c->name, got.len,
                 crm_buf_cstr(&got), want.len, crm_buf_cstr(&want));
    crm_buf_fini(&got);
    crm_buf_fini(&want);
}

static void
charset_iso2022_subset_is_native_and_glibc_exact(void **state)
{
    static const struct iso2022_case t[] = {
        {"decode_ascii_only", 1, "Thank you.\r\n", NULL},
        {"decode_kana_kanji_lines", 1,
         "\x1b$B$4O\"Mm$\"$j$,$H$&$4$6$$$^$7$?!#\x1b(B\r\n\x1b$B:#2s\x1b(B OK\r\n", NULL},
        {"decode_ends_in_jis_state", 1, "\x1b$B$\"", NULL},
        {"decode_redundant_escapes", 1, "\x1b(B\x1b(Ba\x1b$B\x1b$B$\"\x1b(B", NULL},
        {"decode_symbols_greek_cyrillic", 1, "\x1b$B!x&!'!(!\x1b(B", NULL},
        {"decode_empty", 1, "", NULL},
        {"encode_hiragana", 0, "あ", NULL},
        {"encode_text_lines", 0,
         "ご応募ありがとうございました。\r\n今回は見送らせて\nいただきます。", NULL},
        {"encode_ascii_between_runs", 0, "a あ b 漢字c", NULL},
        {"encode_latin1_in_jis_x0208", 0, "§°±×÷", NULL},
        {"encode_ascii_controls", 0, "tab\there\x01", NULL},
        {"encode_fullwidth_tilde_normalised", 0, "10～20", "10〜20"},
        {"encode_em_dash_normalised", 0, "A—B", "A―B"},
        {"encode_empty", 0, "", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        iso2022_against_glibc(&t[i], 1);
}

static void
charset_iso2022_outside_subset_falls_back_to_iconv(void **state)
{
    static const struct iso2022_case t[] = {
        {"decode_jis_roman_esc_j", 1, "\x1b(Jabc\\~\x1b(B", NULL},
        {"decode_old_jis_esc_dollar_at", 1, "\x1b$@$\"4A\x1b(B", NULL},
        {"decode_unassigned_pair", 1, "\x1b$B/!\x1b(B", NULL},
        {"decode_crlf_inside_jis", 1, "\x1b$B$\"\r\n$\"\x1b(B", NULL},
        {"decode_space_inside_jis", 1, "\x1b$B$\" $\"\x1b(B", NULL},
        {"decode_odd_byte_at_end", 1, "\x1b$B$\"$", NULL},
        {"decode_truncated_escape", 1, "abc\x1b$", NULL},
        {"decode_unknown_escape", 1, "\x1bxyz", NULL},
        {"decode_8bit_byte", 1, "abc\xa4\xa2", NULL},
        {"encode_yen_sign", 0, "¥100", NULL},
        {"encode_overline", 0, "a‾", NULL},
        {"encode_halfwidth_katakana", 0, "ｶﾀｶﾅ", NULL},
        {"encode_nec_circled_digit", 0, "①", NULL},
        {"encode_ibm_kanji", 0, "髙", NULL},
        {"encode_emoji", 0, "🙇", NULL},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        iso2022_against_glibc(&t[i], 0);
}

/* What glibc's ISO-2022-JP refuses (or passes through as control characters)
 * is read as Outlook writes it: the same characters as the EUC-JP-MS bytes of
 * each case, which glibc decodes with its own tables. */
static void
charset_iso2022_microsoft_reading(void **state)
{
    static const struct {
        const char *name, *in, *euc;
    } t[] = {
        {"nec_circled_one", "\x1b$B-!\x1b(B", "\xad\xa1"},
        {"nec_kabushiki_gaisha", "\x1b$B-j\x1b(B", "\xad\xea"},
        {"nec_with_kana_and_ascii", "ab\x1b$B-!$\"\x1b(Bc\r\n",
         "ab\xad\xa1\xa4\xa2"
         "c\r\n"},
        {"ibm_extension_row_89", "\x1b$By!\x1b(B", "\xf9\xa1"},
        {"halfwidth_katakana_esc_i", "\x1b(I6\x1b(B", "\x8e\xb6"},
        {"halfwidth_katakana_so_si",
         "a\x0e"
         "6\x0f"
         "b",
         "a\x8e\xb6"
         "b"},
        {"jis_x0212_esc_dollar_paren_d", "\x1b$(D\"/\x1b(B", "\x8f\xa2\xaf"},
        {"jis_x0208_1990_announcer", "\x1b&@\x1b$B-!\x1b(B", "\xad\xa1"},
    };
    struct crm_buf got, want;
    struct crm_err err;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&want, CAP);
        crm_buf_init(&got, CAP);
        assert_int_equal(direct_iconv("UTF-8", "EUC-JP-MS", t[i].euc, strlen(t[i].euc), &want), 0);
        crm_err_clear(&err);
        if (crm_charset_to_utf8("ISO-2022-JP", t[i].in, strlen(t[i].in), &got, &err) != CRM_OK)
            fail_msg("%s: %s", t[i].name, err.msg);
        if (err.code != CRM_OK || got.len != want.len || memcmp(got.p, want.p, got.len) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, crm_buf_cstr(&got),
                     crm_buf_cstr(&want));
        crm_buf_fini(&got);
        crm_buf_fini(&want);
    }
    /* neither reading knows it: refused, out untouched */
    crm_buf_init(&got, CAP);
    assert_int_equal(crm_buf_puts(&got, "keep"), CRM_OK);
    assert_int_equal(crm_charset_to_utf8("ISO-2022-JP", "\x1b$B-!\xa4", 6, &got, &err),
                     CRM_ECHARSET);
    assert_string_equal(crm_buf_cstr(&got), "keep");
    crm_buf_fini(&got);
}

/* The fallback converts the whole text with iconv, so even the error names
 * glibc's byte offset (the unassigned pair 0x2F21 starts at byte 7). */
static void
charset_iso2022_fallback_error_is_glibc_position(void **state)
{
    static const char in[] = "ab\x1b$B$\"/!\x1b(B";
    struct crm_buf out;
    struct crm_err err;

    crm_buf_init(&out, CAP);
    assert_int_equal(crm_charset_to_utf8("ISO-2022-JP", in, sizeof(in) - 1, &out, &err),
                     CRM_ECHARSET);
    assert_string_equal(err.msg, "invalid or unrepresentable sequence at byte 7");
    assert_int_equal(out.len, 0);
    crm_buf_fini(&out);
}

/* Every JIS X 0208 pair: decoded as glibc decodes it (or refused like glibc),
 * natively, and every decoded character encodes back to its pair natively. */
static void
charset_iso2022_every_jis_x0208_pair_round_trips(void **state)
{
    char in[8] = "\x1b$B..\x1b(B";
    struct crm_buf dec, want, enc;
    unsigned b1, b2, ok = 0, ms = 0, refused = 0, refused_before;
    unsigned long opens = atomic_load(&iconv_opens);
    int rc, g;

    for (b1 = 0x21; b1 <= 0x7e; b1++) {
        for (b2 = 0x21; b2 <= 0x7e; b2++) {
            in[3] = (char)b1;
            in[4] = (char)b2;
            refused_before = refused;
            crm_buf_init(&dec, 64);
            crm_buf_init(&want, 64);
            crm_buf_init(&enc, 64);
            g = direct_iconv("UTF-8", "ISO-2022-JP", in, 8, &want);
            if (g != 0) { /* glibc refuses it: the Microsoft reading (EUC-JP-MS) */
                char euc[2] = {(char)(b1 | 0x80), (char)(b2 | 0x80)};
                crm_buf_reset(&want);
                g = direct_iconv("UTF-8", "EUC-JP-MS", euc, 2, &want);
                ms += g == 0;
                refused++;
            }
            rc = crm_charset_to_utf8("ISO-2022-JP", in, 8, &dec, NULL);
            if (rc != (g == 0 ? CRM_OK : CRM_ECHARSET) || dec.len != want.len ||
                memcmp(crm_buf_cstr(&dec), crm_buf_cstr(&want), dec.len) != 0)
                fail_msg("pair %02x%02x: got rc %d \"%s\", want glibc's \"%s\"", b1, b2, rc,
                         crm_buf_cstr(&dec), g == 0 ? crm_buf_cstr(&want) : "(refused)");
            if (rc == CRM_OK && refused == refused_before) {
                ok++;
                assert_int_equal(crm_charset_from_utf8("ISO-2022-JP", dec.p, dec.len, &enc, NULL),
                                 CRM_OK);
                if (enc.len != 8 || memcmp(enc.p, in, 8) != 0)
                    fail_msg("pair %02x%02x: got \"%s\" back, want the pair", b1, b2,
                             crm_buf_cstr(&enc));
            }
            crm_buf_fini(&dec);
            crm_buf_fini(&want);
            crm_buf_fini(&enc);
        }
    }
    /* 6879 characters on glibc 2.36; each one went the native way; the NEC
     * row 13 and the IBM extensions (and user-defined rows) the Microsoft way */
    if (ok < 6800)
        fail_msg("decodable pairs: got %u, want JIS X 0208's 6879", ok);
    if (ms < 83)
        fail_msg("pairs read the Microsoft way: got %u, want at least the NEC row 13's 83", ms);
    if (atomic_load(&iconv_opens) - opens != 2u * refused)
        fail_msg("iconv_open calls: got %lu, want %u (two for each pair glibc refuses)",
                 atomic_load(&iconv_opens) - opens, 2u * refused);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: it must be the program's first ISO-2022-JP conversion */
        cmocka_unit_test(charset_iso2022_tables_build_once_under_threads),
        cmocka_unit_test(charset_canon_maps_mime_names),
        cmocka_unit_test(charset_classifies_7bit_and_japanese),
        cmocka_unit_test(charset_round_trips_real_text),
        cmocka_unit_test(charset_encodes_jis_special_characters_per_notes),
        cmocka_unit_test(charset_iso2022_lines_end_in_ascii),
        cmocka_unit_test(charset_conversions_are_strict),
        cmocka_unit_test(charset_conversion_handles_large_input),
        cmocka_unit_test(charset_iso2022_subset_is_native_and_glibc_exact),
        cmocka_unit_test(charset_iso2022_outside_subset_falls_back_to_iconv),
        cmocka_unit_test(charset_iso2022_microsoft_reading),
        cmocka_unit_test(charset_iso2022_fallback_error_is_glibc_position),
        cmocka_unit_test(charset_iso2022_every_jis_x0208_pair_round_trips),
        cmocka_unit_test(utf8_valid_rejects_malformed_sequences),
        cmocka_unit_test(charset_char_len_knows_multibyte_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
