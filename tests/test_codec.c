/* test_codec.c - base64 and quoted-printable: strictness, line limits, round trips,
 * and the QP encoder never splitting a multibyte character */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "charset.h"
#include "codec.h"

#define CAP (1u << 24)

struct dec_case {
    const char *name;
    const char *in;
    int rc;
    const char *want; /* when rc == CRM_OK */
    size_t want_len;  /* 0: strlen(want) */
};

/* run_decode_table - run a decoder over a table and compare rc and output */
static void
run_decode_table(const struct dec_case *t, size_t n,
                 int (*dec)(const char *, size_t, struct crm_buf *))
{
    struct crm_buf out;
    size_t i, wl;
    int rc;

    for (i = 0; i < n; i++) {
        crm_buf_init(&out, CAP);
        rc = dec(t[i].in, strlen(t[i].in), &out);
        if (rc != t[i].rc)
            fail_msg("%s: got rc %d, want %d", t[i].name, rc, t[i].rc);
        if (rc == CRM_OK) {
            wl = t[i].want_len ? t[i].want_len : strlen(t[i].want);
            if (out.len != wl || memcmp(crm_buf_cstr(&out), t[i].want, wl) != 0)
                fail_msg("%s: got \"%s\" (%zu bytes), want \"%s\"", t[i].name, crm_buf_cstr(&out),
                         out.len, t[i].want);
        }
        crm_buf_fini(&out);
    }
}

static void
b64_decode_accepts_valid_and_rejects_malformed(void **state)
{
    static const struct dec_case t[] = {
        {"padded", "aGVsbG8gd29ybGQ=", CRM_OK, "hello world", 0},
        {"two_pad", "Zg==", CRM_OK, "f", 0},
        {"no_pad_needed", "Zm9v", CRM_OK, "foo", 0},
        {"missing_padding_accepted", "Zm8", CRM_OK, "fo", 0},
        {"whitespace_and_line_breaks_ignored", " Zm9v\r\nYmFy\n\tYg==\r\n", CRM_OK, "foobarb", 0},
        {"empty", "", CRM_OK, "", 0},
        {"binary_nul", "AAE=", CRM_OK, "\0\1", 2},
        {"bad_char", "Zm9v!mFy", CRM_EPARSE, NULL, 0},
        {"bad_char_8bit", "Zm9v\xc3\xa9", CRM_EPARSE, NULL, 0},
        {"url_safe_alphabet_rejected", "Zm9_", CRM_EPARSE, NULL, 0},
        {"data_after_padding", "Zg==Zm9v", CRM_EPARSE, NULL, 0},
        {"too_much_padding", "Zm8==", CRM_EPARSE, NULL, 0},
        {"padding_in_middle_of_quantum", "Z=g=", CRM_EPARSE, NULL, 0},
        {"three_pads", "Z===", CRM_EPARSE, NULL, 0},
        {"lone_pad", "=", CRM_EPARSE, NULL, 0},
        {"single_char_final_quantum", "Zm9vY", CRM_EPARSE, NULL, 0},
        {"padding_then_blanks_ok", "Zg==\r\n  \r\n", CRM_OK, "f", 0},
    };
    run_decode_table(t, sizeof(t) / sizeof(t[0]), crm_b64_decode);
}

static void
b64_encode_matches_rfc4648_vectors(void **state)
{
    static const struct {
        const char *in, *want;
    } t[] = {
        {"", ""},
        {"f", "Zg==\r\n"},
        {"fo", "Zm8=\r\n"},
        {"foo", "Zm9v\r\n"},
        {"foob", "Zm9vYg==\r\n"},
        {"fooba", "Zm9vYmE=\r\n"},
        {"foobar", "Zm9vYmFy\r\n"},
    };
    struct crm_buf out;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        assert_int_equal(crm_b64_encode(t[i].in, strlen(t[i].in), &out), CRM_OK);
        if (strcmp(crm_buf_cstr(&out), t[i].want) != 0)
            fail_msg("encode \"%s\": got \"%s\", want \"%s\"", t[i].in, crm_buf_cstr(&out),
                     t[i].want);
        crm_buf_fini(&out);
    }
}

/* test_rand - small deterministic LCG */
static uint32_t
test_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* check_lines - every line ends CRLF (except maybe the last) and is <= 76 chars */
static void
check_lines(const char *p, size_t len, size_t exact_full, const char *what)
{
    size_t start = 0, i;

    for (i = 0; i < len; i++) {
        if (p[i] != '\n')
            continue;
        if (i == start || p[i - 1] != '\r')
            fail_msg("%s: bare LF at %zu, want CRLF", what, i);
        if (i - 1 - start > 76)
            fail_msg("%s: got line of %zu chars, want <= 76", what, i - 1 - start);
        if (exact_full && i + 1 < len && i - 1 - start != exact_full)
            fail_msg("%s: got non-final line of %zu chars, want %zu", what, i - 1 - start,
                     exact_full);
        start = i + 1;
    }
    if (len - start > 76)
        fail_msg("%s: got last line of %zu chars, want <= 76", what, len - start);
}

static void
b64_round_trips_random_binary_at_76_columns(void **state)
{
    struct crm_buf enc, dec;
    char in[3000];
    uint32_t seed = 12345;
    size_t n, i;
    int iter;

    for (iter = 0; iter < 300; iter++) {
        n = test_rand(&seed) % sizeof(in);
        for (i = 0; i < n; i++)
            in[i] = (char)test_rand(&seed);
        crm_buf_init(&enc, CAP);
        crm_buf_init(&dec, CAP);
        assert_int_equal(crm_b64_encode(in, n, &enc), CRM_OK);
        check_lines(crm_buf_cstr(&enc), enc.len, 76, "b64");
        assert_true(n == 0 || (enc.len >= 2 && enc.p[enc.len - 1] == '\n'));
        assert_int_equal(crm_b64_decode(crm_buf_cstr(&enc), enc.len, &dec), CRM_OK);
        if (dec.len != n || memcmp(crm_buf_cstr(&dec), in, n) != 0)
            fail_msg("iteration %d: round trip of %zu bytes gave %zu bytes", iter, n, dec.len);
        crm_buf_fini(&enc);
        crm_buf_fini(&dec);
    }
}

static void
qp_decode_accepts_valid_and_rejects_malformed(void **state)
{
    static const struct dec_case t[] = {
        {"hex_upper", "caf=C3=A9", CRM_OK, "caf\xc3\xa9", 0},
        {"hex_lower", "caf=c3=a9", CRM_OK, "caf\xc3\xa9", 0},
        {"soft_break_crlf", "abc=\r\ndef", CRM_OK, "abcdef", 0},
        {"soft_break_lf", "abc=\ndef", CRM_OK, "abcdef", 0},
        {"soft_break_trailing_blanks", "abc= \t\r\ndef", CRM_OK, "abcdef", 0},
        {"soft_break_at_end", "abc=", CRM_OK, "abc", 0},
        {"hard_break_kept_crlf", "a\r\nb\r\n", CRM_OK, "a\r\nb\r\n", 0},
        {"hard_break_kept_lf", "a\nb\n", CRM_OK, "a\nb\n", 0},
        {"trailing_blanks_dropped", "a  \t\r\nb ", CRM_OK, "a\r\nb", 0},
        {"encoded_blank_kept", "a =20\r\n", CRM_OK, "a  \r\n", 0},
        {"literal_8bit_passed", "a\xc3\xa9", CRM_OK, "a\xc3\xa9", 0},
        {"encoded_nul", "a=00b", CRM_OK, "a\0b", 3},
        {"eq_non_hex", "a=G1", CRM_EPARSE, NULL, 0},
        {"eq_one_hex_then_space", "a=4 b", CRM_EPARSE, NULL, 0},
        {"eq_truncated_at_end", "a=4", CRM_EPARSE, NULL, 0},
        {"eq_then_blank_midline", "a= b", CRM_EPARSE, NULL, 0},
        {"empty", "", CRM_OK, "", 0},
    };
    run_decode_table(t, sizeof(t) / sizeof(t[0]), crm_qp_decode);
}

static void
qp_encode_escapes_what_it_must(void **state)
{
    static const struct {
        const char *name, *in, *cs, *want;
    } t[] = {
        {"plain", "hello", NULL, "hello"},
        {"equals", "a=b", NULL, "a=3Db"},
        {"utf8", "caf\xc3\xa9", "UTF-8", "caf=C3=A9"},
        {"lf_becomes_crlf", "a\nb", NULL, "a\r\nb"},
        {"crlf_kept", "a\r\nb\r\n", NULL, "a\r\nb\r\n"},
        {"trailing_space_encoded", "a \r\nb", NULL, "a=20\r\nb"},
        {"trailing_tab_at_end", "a\t", NULL, "a=09"},
        {"inner_blank_literal", "a b", NULL, "a b"},
        {"leading_dot_encoded", ".\r\n.x", NULL, "=2E\r\n=2Ex"},
        {"from_at_line_start", "From me\nx From y", NULL, "=46rom me\r\nx From y"},
        {"bare_cr_encoded", "a\rb", NULL, "a=0Db"},
        {"control_encoded", "a\x01", NULL, "a=01"},
    };
    struct crm_buf out;
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        assert_int_equal(crm_qp_encode(t[i].in, strlen(t[i].in), t[i].cs, &out), CRM_OK);
        if (strcmp(crm_buf_cstr(&out), t[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, crm_buf_cstr(&out), t[i].want);
        crm_buf_fini(&out);
    }
}

/* crlf_normalize - the text QP decoding of our encoding gives back: bare LF -> CRLF */
static void
crlf_normalize(const char *in, size_t n, struct crm_buf *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r'))
            assert_int_equal(crm_buf_putc(out, '\r'), CRM_OK);
        assert_int_equal(crm_buf_putc(out, (unsigned char)in[i]), CRM_OK);
    }
}

static void
qp_round_trips_random_binary_within_76_columns(void **state)
{
    static const char alphabet[] = "ab .=F\r\n\t\x80\xff";
    struct crm_buf enc, dec, want;
    char in[2000];
    uint32_t seed = 777;
    size_t n, i;
    int iter;

    for (iter = 0; iter < 400; iter++) {
        n = test_rand(&seed) % sizeof(in);
        for (i = 0; i < n; i++)
            in[i] = iter % 2 ? (char)test_rand(&seed)
                             : alphabet[test_rand(&seed) % (sizeof(alphabet) - 1)];
        crm_buf_init(&enc, CAP);
        crm_buf_init(&dec, CAP);
        crm_buf_init(&want, CAP);
        assert_int_equal(crm_qp_encode(in, n, NULL, &enc), CRM_OK);
        check_lines(crm_buf_cstr(&enc), enc.len, 0, "qp");
        assert_int_equal(crm_qp_decode(crm_buf_cstr(&enc), enc.len, &dec), CRM_OK);
        crlf_normalize(in, n, &want);
        if (dec.len != want.len || memcmp(crm_buf_cstr(&dec), crm_buf_cstr(&want), want.len) != 0)
            fail_msg("iteration %d: round trip of %zu bytes gave %zu, want %zu", iter, n, dec.len,
                     want.len);
        crm_buf_fini(&enc);
        crm_buf_fini(&dec);
        crm_buf_fini(&want);
    }
}

/* iso2022_boundaries - mark unit starts of ISO-2022-JP text (escapes, pairs in JIS) */
static void
iso2022_boundaries(const unsigned char *p, size_t n, char *is_start)
{
    size_t i = 0;
    int two = 0;

    while (i < n) {
        is_start[i] = 1;
        if (p[i] == 0x1b && i + 2 < n) {
            two = p[i + 1] == '$';
            i += 3;
        } else if (two && p[i] != '\r' && p[i] != '\n') {
            i += 2;
        } else {
            i++;
        }
    }
    is_start[n] = 1;
}

/* char_boundaries - mark character starts of valid text in canon */
static void
char_boundaries(const char *canon, const unsigned char *p, size_t n, char *is_start)
{
    size_t i = 0;

    memset(is_start, 0, n + 1);
    if (strcmp(canon, "ISO-2022-JP") == 0) {
        iso2022_boundaries(p, n, is_start);
        return;
    }
    while (i < n) {
        is_start[i] = 1;
        i += crm_charset_char_len(canon, p + i, n - i);
    }
    is_start[n] = 1;
}

/* check_soft_breaks - decode each encoded line on its own; each must end on a boundary */
static void
check_soft_breaks(const char *canon, const struct crm_buf *enc, const struct crm_buf *text,
                  size_t shift)
{
    char is_start[8192];
    struct crm_buf line;
    size_t pos = 0, off = 0, eol;
    const char *e = crm_buf_cstr(enc);

    assert_true(text->len < sizeof(is_start));
    char_boundaries(canon, (const unsigned char *)crm_buf_cstr(text), text->len, is_start);
    while (pos < enc->len) {
        const char *nl = memchr(e + pos, '\n', enc->len - pos);

        eol = nl != NULL ? (size_t)(nl - e) + 1 : enc->len;
        crm_buf_init(&line, CAP);
        assert_int_equal(crm_qp_decode(e + pos, eol - pos, &line), CRM_OK);
        off += line.len;
        if (off > text->len || !is_start[off])
            fail_msg("%s shift %zu: line ending at encoded offset %zu splits a character "
                     "(decoded offset %zu)",
                     canon, shift, eol, off);
        crm_buf_fini(&line);
        pos = eol;
    }
    assert_int_equal(off, text->len);
}

static void
qp_encode_never_splits_multibyte_characters(void **state)
{
    static const char *const canons[] = {"UTF-8", "CP932", "EUC-JP-MS", "ISO-2022-JP"};
    static const char ja[] = "いつもお世話になっております。このたびはご応募いただき誠にありがとう"
                             "ございました。慎重に選考を重ねました結果、誠に残念ながら今回は"
                             "ご期待に沿えない結果となりました。＝記号＝や半角=も含みます。\r\n"
                             "次の行です。今後のご活躍を心よりお祈り申し上げます。";
    struct crm_buf u8, text, enc;
    size_t c, shift;

    for (c = 0; c < sizeof(canons) / sizeof(canons[0]); c++) {
        for (shift = 0; shift < 6; shift++) {
            crm_buf_init(&u8, CAP);
            crm_buf_init(&text, CAP);
            crm_buf_init(&enc, CAP);
            assert_int_equal(crm_buf_append(&u8, "xxxxxx", shift), CRM_OK);
            assert_int_equal(crm_buf_append(&u8, ja, sizeof(ja) - 1), CRM_OK);
            assert_int_equal(crm_charset_from_utf8(canons[c], u8.p, u8.len, &text, NULL), CRM_OK);
            assert_int_equal(crm_qp_encode(text.p, text.len, canons[c], &enc), CRM_OK);
            check_lines(crm_buf_cstr(&enc), enc.len, 0, canons[c]);
            check_soft_breaks(canons[c], &enc, &text, shift);
            crm_buf_fini(&u8);
            crm_buf_fini(&text);
            crm_buf_fini(&enc);
        }
    }
}

static void
codecs_fail_at_output_cap(void **state)
{
    struct crm_buf out;

    crm_buf_init(&out, 10);
    assert_int_equal(crm_b64_encode("0123456789", 10, &out), CRM_ELIMIT);
    assert_null(out.p);
    crm_buf_init(&out, 10);
    assert_int_equal(crm_qp_encode("=========", 9, NULL, &out), CRM_ELIMIT);
    assert_null(out.p);
    crm_buf_init(&out, 3);
    assert_int_equal(crm_b64_decode("Zm9vYmFy", 8, &out), CRM_ELIMIT);
    crm_buf_init(&out, 3);
    assert_int_equal(crm_qp_decode("abcd", 4, &out), CRM_ELIMIT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(b64_decode_accepts_valid_and_rejects_malformed),
        cmocka_unit_test(b64_encode_matches_rfc4648_vectors),
        cmocka_unit_test(b64_round_trips_random_binary_at_76_columns),
        cmocka_unit_test(qp_decode_accepts_valid_and_rejects_malformed),
        cmocka_unit_test(qp_encode_escapes_what_it_must),
        cmocka_unit_test(qp_round_trips_random_binary_within_76_columns),
        cmocka_unit_test(qp_encode_never_splits_multibyte_characters),
        cmocka_unit_test(codecs_fail_at_output_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
