/* test_codec.c - base64 and quoted-printable: strictness, line limits, round trips,
 * the QP encoder never splitting a multibyte character, and the decoders and
 * base64 encoder against a reference copy of their original byte-at-a-time code */
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

/*
 * The reference: lib/codec.c's base64 decoder and encoder and QP decoder as
 * they were before the table-driven rewrite (commit c0c5c9f), byte-at-a-time,
 * copied verbatim but for the names. The differential tests below hold the
 * current code to the same return codes and output bytes, cap included.
 */
#define REF_LINE_MAX 76
#define REF_CHUNK    1024

static const char ref_b64_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ref_b64_val - value of a base64 alphabet byte, -1 otherwise */
static int
ref_b64_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* ref_is_b64_space - bytes the base64 decoder skips */
static int
ref_is_b64_space(unsigned char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/* ref_hexval - value of a hex digit (either case), -1 otherwise */
static int
ref_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* ref_b64_tail - check what follows the first '=': padding, then only blanks */
static int
ref_b64_tail(const unsigned char *s, size_t i, size_t len, unsigned quantum)
{
    unsigned pads = 0;

    /* quantum: data characters in the final group (2 or 3) */
    if (quantum < 2)
        return CRM_EPARSE;
    for (; i < len; i++) {
        if (s[i] == '=')
            pads++;
        else if (!ref_is_b64_space(s[i]))
            return CRM_EPARSE;
    }
    return quantum + pads == 4 ? CRM_OK : CRM_EPARSE;
}

/* ref_b64_decode - strict base64 decoder */
static int
ref_b64_decode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char chunk[REF_CHUNK];
    size_t i, n = 0;
    unsigned long acc = 0;
    unsigned q = 0;
    int v, rc;

    for (i = 0; i < len; i++) {
        if (ref_is_b64_space(s[i]))
            continue;
        if (s[i] == '=') {
            rc = ref_b64_tail(s, i, len, q);
            if (rc != CRM_OK)
                return rc;
            break;
        }
        v = ref_b64_val(s[i]);
        if (v < 0)
            return CRM_EPARSE;
        acc = (acc << 6) | (unsigned long)v;
        if (++q == 4) {
            chunk[n++] = (unsigned char)(acc >> 16);
            chunk[n++] = (unsigned char)(acc >> 8);
            chunk[n++] = (unsigned char)acc;
            q = 0;
            acc = 0;
            if (n + 3 > sizeof(chunk)) {
                if ((rc = crm_buf_append(out, chunk, n)) != CRM_OK)
                    return rc;
                n = 0;
            }
        }
    }
    if (q == 1)
        return CRM_EPARSE;
    if (q == 2) {
        chunk[n++] = (unsigned char)(acc >> 4);
    } else if (q == 3) {
        chunk[n++] = (unsigned char)(acc >> 10);
        chunk[n++] = (unsigned char)(acc >> 2);
    }
    return crm_buf_append(out, chunk, n);
}

/* ref_b64_encode - base64 encoder, 76 characters per CRLF line */
static int
ref_b64_encode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    char line[REF_LINE_MAX + 2];
    size_t i = 0, n;
    unsigned long acc;
    int rc;

    while (i < len) {
        n = 0;
        while (n < REF_LINE_MAX && i < len) {
            size_t take = len - i < 3 ? len - i : 3;

            acc = (unsigned long)s[i] << 16;
            if (take > 1)
                acc |= (unsigned long)s[i + 1] << 8;
            if (take > 2)
                acc |= s[i + 2];
            line[n++] = ref_b64_alpha[(acc >> 18) & 63];
            line[n++] = ref_b64_alpha[(acc >> 12) & 63];
            line[n++] = take > 1 ? ref_b64_alpha[(acc >> 6) & 63] : '=';
            line[n++] = take > 2 ? ref_b64_alpha[acc & 63] : '=';
            i += take;
        }
        line[n++] = '\r';
        line[n++] = '\n';
        if ((rc = crm_buf_append(out, line, n)) != CRM_OK)
            return rc;
    }
    return CRM_OK;
}

/* ref_qp_line - decode one line's content (no line break, blanks stripped) */
static int
ref_qp_line(const unsigned char *s, size_t len, struct crm_buf *out)
{
    unsigned char chunk[REF_CHUNK];
    size_t i, n = 0;
    int hi, lo, rc;

    for (i = 0; i < len; i++) {
        if (s[i] != '=') {
            chunk[n++] = s[i];
        } else {
            if (i + 2 >= len)
                return CRM_EPARSE;
            hi = ref_hexval(s[i + 1]);
            lo = ref_hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return CRM_EPARSE;
            chunk[n++] = (unsigned char)(hi << 4 | lo);
            i += 2;
        }
        if (n == sizeof(chunk)) {
            if ((rc = crm_buf_append(out, chunk, n)) != CRM_OK)
                return rc;
            n = 0;
        }
    }
    return crm_buf_append(out, chunk, n);
}

/* ref_qp_decode - strict quoted-printable decoder */
static int
ref_qp_decode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t pos = 0, eol, end, brk;
    int rc, soft;

    while (pos < len) {
        const unsigned char *nl = memchr(s + pos, '\n', len - pos);

        eol = nl != NULL ? (size_t)(nl - s) : len;
        end = eol;
        brk = 0;
        if (nl != NULL) {
            brk = 1;
            if (end > pos && s[end - 1] == '\r') {
                end--;
                brk = 2;
            }
        }
        while (end > pos && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        soft = end > pos && s[end - 1] == '=';
        if (soft)
            end--;
        rc = ref_qp_line(s + pos, end - pos, out);
        if (rc == CRM_OK && !soft && brk > 0)
            rc = crm_buf_append(out, s + eol + 1 - brk, brk);
        if (rc != CRM_OK)
            return rc;
        pos = nl != NULL ? eol + 1 : len;
    }
    return CRM_OK;
}

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
        assert_true(crm_b64_canonical(crm_buf_cstr(&enc), enc.len, dec.len));
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
        assert_true(crm_qp_canonical(crm_buf_cstr(&enc), enc.len));
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

/* --- differential tests against the reference --- */

typedef int (*codec_fn)(const char *, size_t, struct crm_buf *);

#define DIFF_IN_MAX 12000 /* generated input bytes at most */

/* diff_next - xorshift64, fixed seeds: the same cases on every run */
static uint32_t
diff_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)(*x >> 16);
}

/* diff_below - a draw in 0..n-1 (n > 0) */
static size_t
diff_below(uint64_t *x, size_t n)
{
    return diff_next(x) % n;
}

/* diff_run - fn and ref on in[0..len) into buffers capped at max, each holding
 * pre bytes first: the same rc, the same bytes on success, an empty buffer on
 * CRM_ELIMIT, and fn leaving the pre bytes alone on CRM_EPARSE. Returns the
 * reference output length (0 unless CRM_OK). */
static size_t
diff_run(codec_fn fn, codec_fn ref, const char *in, size_t len, size_t pre, size_t max,
         const char *what, unsigned long id)
{
    static const char fill[] =
        "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567";
    struct crm_buf got, want;
    size_t wl = 0;
    int rg, rw;

    assert_true(pre < sizeof(fill));
    crm_buf_init(&got, max);
    crm_buf_init(&want, max);
    assert_int_equal(crm_buf_append(&got, fill, pre), CRM_OK);
    assert_int_equal(crm_buf_append(&want, fill, pre), CRM_OK);
    rg = fn(in, len, &got);
    rw = ref(in, len, &want);
    if (rg != rw)
        fail_msg("%s case %lu (len %zu, pre %zu, max %zu): got rc %d, want %d", what, id, len, pre,
                 max, rg, rw);
    if (rg == CRM_OK &&
        (got.len != want.len || memcmp(crm_buf_cstr(&got), crm_buf_cstr(&want), want.len) != 0))
        fail_msg(
            "%s case %lu (len %zu, pre %zu, max %zu): got %zu bytes, want %zu (or they differ)",
            what, id, len, pre, max, got.len, want.len);
    if (rg == CRM_ELIMIT && (got.p != NULL || got.len != 0))
        fail_msg("%s case %lu: got %zu bytes after CRM_ELIMIT, want an emptied buffer", what, id,
                 got.len);
    if (rg == CRM_EPARSE && (got.len != pre || memcmp(crm_buf_cstr(&got), fill, pre) != 0))
        fail_msg("%s case %lu: got %zu bytes after CRM_EPARSE, want the %zu held before", what, id,
                 got.len, pre);
    if (rw == CRM_OK)
        wl = want.len - pre;
    crm_buf_fini(&got);
    crm_buf_fini(&want);
    return wl;
}

/* diff_caps - run in under caps near its output size (wl when known, else
 * est) and near the 1023- and 1024-byte points where the chunked paths append */
static void
diff_caps(uint64_t *x, codec_fn fn, codec_fn ref, const char *in, size_t len, size_t wl, size_t est,
          const char *what, unsigned long id)
{
    size_t pre = diff_below(x, 4) == 0 ? diff_below(x, 80) : 0, k, c[8];
    size_t near = wl > 0 ? wl : est;
    int i;

    c[0] = near;
    c[1] = near > 0 ? near - 1 : 0;
    c[2] = near + 1 + diff_below(x, 3);
    c[3] = len / 4 * 3 + 2 - diff_below(x, 3);   /* about the base64 direct-path bound */
    c[4] = len > 0 ? len - diff_below(x, 2) : 0; /* about the QP direct-path bound */
    c[5] = diff_below(x, near + 2);
    k = 1 + diff_below(x, near / 1023 + 1);
    c[6] = k * 1023 - 1 + diff_below(x, 3);
    c[7] = k * 1024 - 1 + diff_below(x, 3);
    for (i = 0; i < 8; i++)
        (void)diff_run(fn, ref, in, len, pre, pre + c[i], what, id);
}

/* gen_blanks - up to n random skipped blanks (for base64) or QP blanks */
static size_t
gen_blanks(uint64_t *x, char *p, size_t n)
{
    static const char b[] = " \t";
    size_t i, k = diff_below(x, n + 1);

    for (i = 0; i < k; i++)
        p[i] = b[diff_below(x, 2)];
    return k;
}

/* gen_eol - CRLF, LF or, when bare_cr, now and then a bare CR */
static size_t
gen_eol(uint64_t *x, char *p, int bare_cr)
{
    size_t r = diff_below(x, 8);

    if (r < 3) {
        p[0] = '\n';
        return 1;
    }
    p[0] = '\r';
    if (r == 3 && bare_cr)
        return 1;
    p[1] = '\n';
    return 2;
}

/* gen_corrupt - one random mutation of p[0..n): a byte set to any value, a
 * stray '=', a byte dropped, data appended, or a cut */
static size_t
gen_corrupt(uint64_t *x, char *p, size_t n, size_t cap)
{
    size_t at = diff_below(x, n + 1);

    switch (diff_below(x, 6)) {
    case 0:
    case 1:
        if (n > 0)
            p[at % n] = (char)diff_below(x, 256);
        return n;
    case 2:
        if (n + 1 > cap)
            return n;
        memmove(p + at + 1, p + at, n - at);
        p[at] = '=';
        return n + 1;
    case 3:
        if (n > 0) {
            memmove(p + at % n, p + at % n + 1, n - at % n - 1);
            n--;
        }
        return n;
    case 4:
        if (n + 4 > cap)
            return n;
        memcpy(p + n, diff_below(x, 2) ? "Zm9v" : "=4\r\n", 4);
        return n + 4;
    default:
        return at;
    }
}

/* gen_b64 - base64 text with random line lengths, blanks, line ends and
 * padding variants, corrupted one time in three */
static size_t
gen_b64(uint64_t *x, char *p, size_t cap)
{
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t nchars = diff_below(x, 16) == 0 ? diff_below(x, 8000) : diff_below(x, 300);
    size_t line = diff_below(x, 2) ? 76 : 1 + diff_below(x, 100), n = 0, col = 0, i, pads;
    int blanks = diff_below(x, 4) == 0;

    for (i = 0; i < nchars && n + 8 < cap; i++) {
        p[n++] = alpha[diff_below(x, 64)];
        if (blanks && diff_below(x, 16) == 0)
            n += gen_blanks(x, p + n, 2);
        if (++col == line) {
            n += gen_eol(x, p + n, 1);
            col = 0;
        }
    }
    /* padding: as required, none, one short or one too many */
    pads = (4 - i % 4) % 4;
    switch (diff_below(x, 6)) {
    case 0:
        pads = 0;
        break;
    case 1:
        pads = pads > 0 ? pads - 1 : 1;
        break;
    case 2:
        pads++;
        break;
    default:
        break;
    }
    for (; pads > 0 && n + 4 < cap; pads--) {
        p[n++] = '=';
        if (diff_below(x, 4) == 0)
            n += gen_eol(x, p + n, 1);
    }
    if (diff_below(x, 2) && n + 2 < cap)
        n += gen_eol(x, p + n, 1);
    if (diff_below(x, 3) == 0)
        n = gen_corrupt(x, p, n, cap);
    return n;
}

/* gen_qp_token - one piece of quoted-printable text at p (at most 8 bytes) */
static size_t
gen_qp_token(uint64_t *x, char *p, int bad)
{
    static const char hexu[] = "0123456789ABCDEF", hexl[] = "0123456789abcdef";
    /* "=\2001" is '=', 0x80, '1' */
    static const char *const broken[] = {"=G1", "=4 ", "=4", "= x", "=\2001", "=1=", "=", "=Z\r\n"};
    size_t n;

    if (bad) {
        const char *b = broken[diff_below(x, sizeof(broken) / sizeof(broken[0]))];

        n = strlen(b);
        memcpy(p, b, n);
        return n;
    }
    switch (diff_below(x, 24)) {
    case 0:
    case 1:
    case 2: /* =XX, each digit in either case */
        p[0] = '=';
        p[1] = (diff_below(x, 2) ? hexu : hexl)[diff_below(x, 16)];
        p[2] = (diff_below(x, 2) ? hexu : hexl)[diff_below(x, 16)];
        return 3;
    case 3: /* soft break, maybe with trailing blanks */
        p[0] = '=';
        n = 1 + gen_blanks(x, p + 1, 2);
        return n + gen_eol(x, p + n, 0);
    case 4:
    case 5: /* hard break, maybe after trailing blanks */
        n = diff_below(x, 2) ? gen_blanks(x, p, 3) : 0;
        return n + gen_eol(x, p + n, 1);
    case 6:
    case 7:
        return gen_blanks(x, p, 3);
    case 8:
        p[0] = (char)(128 + diff_below(x, 128));
        return 1;
    case 9:
        p[0] = (char)diff_below(x, 32);
        return 1;
    default:
        p[0] = (char)(33 + diff_below(x, 94));
        if (p[0] == '=')
            p[0] = '-';
        return 1;
    }
}

/* gen_qp - quoted-printable text: random tokens, sometimes one long line
 * (past the 1024-byte chunk), with one broken escape or a corrupted byte now
 * and then, and an input end that may cut an escape or end in '=' */
static size_t
gen_qp(uint64_t *x, char *p, size_t cap)
{
    size_t ntok = diff_below(x, 16) == 0 ? diff_below(x, 3000) : diff_below(x, 120);
    size_t badat = diff_below(x, 4) == 0 ? diff_below(x, ntok + 1) : (size_t)-1;
    int longline = diff_below(x, 12) == 0;
    size_t i, n = 0, k;
    char tok[16];

    for (i = 0; i < ntok && n + 16 < cap; i++) {
        k = gen_qp_token(x, tok, i == badat);
        if (longline && memchr(tok, '\n', k) != NULL)
            continue;
        memcpy(p + n, tok, k);
        n += k;
    }
    switch (diff_below(x, 10)) {
    case 0:
        p[n++] = '=';
        break;
    case 1:
        n += gen_blanks(x, p + n, 3);
        break;
    case 2:
        p[n++] = '=';
        p[n++] = 'A';
        break;
    default:
        break;
    }
    if (diff_below(x, 6) == 0)
        n = gen_corrupt(x, p, n, cap);
    return n;
}

static void
b64_decode_matches_reference_on_random_input(void **state)
{
    static char in[DIFF_IN_MAX];
    uint64_t x = 0x9e3779b97f4a7c15u;
    unsigned long id;
    size_t n, wl;

    for (id = 0; id < 40000; id++) {
        n = gen_b64(&x, in, sizeof(in));
        wl = diff_run(crm_b64_decode, ref_b64_decode, in, n, diff_below(&x, 3), CAP, "b64 decode",
                      id);
        if (id % 4 == 0)
            diff_caps(&x, crm_b64_decode, ref_b64_decode, in, n, wl, n / 4 * 3, "b64 decode cap",
                      id);
    }
}

static void
b64_decode_matches_reference_for_every_byte_value(void **state)
{
    static const char *const base[] = {"Zm9vYmFy", "Zm9vYg==", "Zm9vYmE=", "Zm9v\r\nYmFy\r\n",
                                       "Zm8"};
    char in[32];
    size_t b, at, n;
    unsigned c;
    unsigned long id = 0;

    for (b = 0; b < sizeof(base) / sizeof(base[0]); b++) {
        n = strlen(base[b]);
        for (at = 0; at <= n; at++) {
            for (c = 0; c < 256; c++, id++) {
                /* byte c replacing, then inserted before, base[b][at] */
                memcpy(in, base[b], n);
                if (at < n) {
                    in[at] = (char)c;
                    (void)diff_run(crm_b64_decode, ref_b64_decode, in, n, 0, CAP, "b64 byte", id);
                }
                memcpy(in, base[b], at);
                in[at] = (char)c;
                memcpy(in + at + 1, base[b] + at, n - at);
                (void)diff_run(crm_b64_decode, ref_b64_decode, in, n + 1, 0, CAP, "b64 byte", id);
            }
        }
    }
}

static void
qp_decode_matches_reference_on_random_input(void **state)
{
    static char in[DIFF_IN_MAX];
    uint64_t x = 0xd1b54a32d192ed03u;
    unsigned long id;
    size_t n, wl;

    for (id = 0; id < 40000; id++) {
        n = gen_qp(&x, in, sizeof(in));
        wl = diff_run(crm_qp_decode, ref_qp_decode, in, n, diff_below(&x, 3), CAP, "qp decode", id);
        if (id % 4 == 0)
            diff_caps(&x, crm_qp_decode, ref_qp_decode, in, n, wl, n, "qp decode cap", id);
    }
}

static void
b64_encode_matches_reference(void **state)
{
    static char in[4000];
    uint64_t x = 0x2545f4914f6cdd1du;
    unsigned long id;
    size_t n, i, wl;

    for (id = 0; id < 6000; id++) {
        n = id < 1000 ? id : diff_below(&x, sizeof(in));
        for (i = 0; i < n; i++)
            in[i] = (char)diff_next(&x);
        wl = diff_run(crm_b64_encode, ref_b64_encode, in, n, diff_below(&x, 3), CAP, "b64 encode",
                      id);
        diff_caps(&x, crm_b64_encode, ref_b64_encode, in, n, wl, wl, "b64 encode cap", id);
    }
}

static void
b64_round_trips_every_length_to_300(void **state)
{
    struct crm_buf enc, dec;
    char in[300];
    uint64_t x = 42;
    size_t n, i;
    int rep;

    for (n = 0; n <= sizeof(in); n++) {
        for (rep = 0; rep < 4; rep++) {
            for (i = 0; i < n; i++)
                in[i] = rep == 0 ? (char)0xff : (char)diff_next(&x);
            crm_buf_init(&enc, CAP);
            crm_buf_init(&dec, CAP);
            assert_int_equal(crm_b64_encode(in, n, &enc), CRM_OK);
            assert_int_equal(crm_b64_decode(crm_buf_cstr(&enc), enc.len, &dec), CRM_OK);
            assert_true(crm_b64_canonical(crm_buf_cstr(&enc), enc.len, dec.len));
            if (dec.len != n || memcmp(crm_buf_cstr(&dec), in, n) != 0)
                fail_msg("length %zu: round trip gave %zu bytes", n, dec.len);
            crm_buf_fini(&enc);
            crm_buf_fini(&dec);
        }
    }
}

static void
b64_canonical_table(void **state)
{
    static const struct {
        const char *name, *in;
        int want;
    } t[] = {
        {"padded_lines", "Zm9v\r\nYmFy\r\nYg==\r\n", 1},
        {"no_final_break", "Zm9vYg==", 1},
        {"full_quanta", "Zm9vYmFy", 1},
        {"full_quanta_blank_lines_after", "Zm9v\r\n\r\n", 1},
        {"empty", "", 1},
        {"missing_padding", "Zm9vYg\r\n", 0},
        {"missing_one_pad", "Zm9vYmE\r\n", 0},
        {"blank_inside", "Zm9v YmFy\r\n", 0},
        {"tab_at_end", "Zm9vYmFy\t\r\n", 0},
        {"blank_line_after_padding", "Zg==\r\n  \r\n", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct crm_buf d;

        crm_buf_init(&d, 1024);
        assert_int_equal(crm_b64_decode(t[i].in, strlen(t[i].in), &d), CRM_OK);
        if (crm_b64_canonical(t[i].in, strlen(t[i].in), d.len) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
        crm_buf_fini(&d);
    }
}

static void
qp_canonical_table(void **state)
{
    static const struct {
        const char *name, *in;
        int want;
    } t[] = {
        {"plain", "caf=C3=A9\r\nb\r\n", 1},
        {"lower_hex", "caf=c3=a9\r\n", 1},
        {"soft_break", "abc=\r\ndef", 1},
        {"soft_break_at_end", "abc=", 1},
        {"trailing_blank_hard_line", "a \r\nb\t\r\n", 1},
        {"line_over_76",
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", 1},
        {"empty", "", 1},
        {"blank_after_soft_break", "abc= \r\ndef", 0},
        {"tab_after_soft_break_at_end", "abc=\t", 0},
        {"raw_8bit", "caf\xc3\xa9\r\n", 0},
        {"raw_escape", "\x1b$B$\"\x1b(B\r\n", 0},
        {"bare_lf", "a\nb\r\n", 0},
        {"lone_cr", "a\rb\r\n", 0},
        {"cr_at_end", "a\r", 0},
        {"del", "a\x7f\r\n", 0},
        {"8bit_after_33_plain", "=E3=81=82=E3=81=82=E3=81=82=E3=81=82=E3=\xa9\r\n", 0},
        {"escape_after_17_plain", "abcdefghijklmnopq\x1b(B\r\n", 0},
        {"escape_at_byte_9", "abcdefghi\x1b(B\r\n", 0},
        {"tab_runs_ok", "abcdefghijklmnop\tabcdefghijklmnop\tab\r\n", 1},
        {"soft_blank_after_long_run", "abcdefghijklmnopqrstuvwxyz0123456789= \r\nx", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_qp_canonical(t[i].in, strlen(t[i].in)) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(b64_decode_accepts_valid_and_rejects_malformed),
        cmocka_unit_test(b64_encode_matches_rfc4648_vectors),
        cmocka_unit_test(b64_round_trips_random_binary_at_76_columns),
        cmocka_unit_test(qp_decode_accepts_valid_and_rejects_malformed),
        cmocka_unit_test(b64_canonical_table),
        cmocka_unit_test(qp_canonical_table),
        cmocka_unit_test(qp_encode_escapes_what_it_must),
        cmocka_unit_test(qp_round_trips_random_binary_within_76_columns),
        cmocka_unit_test(qp_encode_never_splits_multibyte_characters),
        cmocka_unit_test(codecs_fail_at_output_cap),
        cmocka_unit_test(b64_decode_matches_reference_on_random_input),
        cmocka_unit_test(b64_decode_matches_reference_for_every_byte_value),
        cmocka_unit_test(qp_decode_matches_reference_on_random_input),
        cmocka_unit_test(b64_encode_matches_reference),
        cmocka_unit_test(b64_round_trips_every_length_to_300),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
