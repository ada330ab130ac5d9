/* jis.c - native ISO-2022-JP (ASCII + JIS X 0208) codec, tables built from iconv */
#include "jis.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "charset.h"

#define JIS_ROWS    94           /* rows and cells of JIS X 0208, bytes 0x21-0x7E */
#define JIS_NONE    ((size_t)-1) /* outside the subset */
#define JIS_ASK     0xffffu      /* code point decoded from two pairs: ask iconv */
#define JIS_BATCH   128          /* code points per iconv call when confirming */
#define JIS_BYTE(c) ((c) >= 0x21 && (c) <= 0x7e)

static pthread_once_t jis_once = PTHREAD_ONCE_INIT;
static int jis_ok;                            /* tables built and checked */
static uint16_t jis_ucs[JIS_ROWS * JIS_ROWS]; /* pair index -> code point; 0 none */
static uint16_t jis_code[0x10000];            /* code point -> b1 << 8 | b2; 0 none */

/* jis_iconv - reset cd, convert in[0..ilen) strictly and flush into
 * out[0..*olen); OUT *used input bytes consumed, *olen bytes written.
 * Returns 0, EILSEQ (stopped at in + *used) or -1 for anything else. */
static int
jis_iconv(iconv_t cd, const char *in, size_t ilen, size_t *used, char *out, size_t *olen)
{
    char *ip = (char *)in, *op = out;
    size_t il = ilen, ol = *olen, r;
    int e = 0;

    iconv(cd, NULL, NULL, NULL, NULL);
    r = iconv(cd, &ip, &il, &op, &ol);
    if (r == (size_t)-1)
        e = errno == EILSEQ ? EILSEQ : -1;
    else if (r > 0)
        e = -1; /* an irreversible conversion is not glibc's plain answer */
    if (e == 0 && iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        e = -1;
    *used = ilen - il;
    *olen = (size_t)(op - out);
    return e;
}

/* jis_ucs4 - code point of the UCS-4LE unit at p */
static uint32_t
jis_ucs4(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

/* jis_put_ucs4 - store cp as UCS-4LE at p */
static void
jis_put_ucs4(char *p, uint32_t cp)
{
    p[0] = (char)(cp & 0xff);
    p[1] = (char)(cp >> 8 & 0xff);
    p[2] = (char)(cp >> 16 & 0xff);
    p[3] = (char)(cp >> 24);
}

/* jis_build_row - decode every pair of one row with dec (ISO-2022-JP ->
 * UCS-4LE); a pair iconv refuses stays 0 and the rest of the row is retried */
static int
jis_build_row(iconv_t dec, unsigned row)
{
    char in[3 + 2 * JIS_ROWS], out[4 * JIS_ROWS];
    size_t k = 0, i, n, used, olen, done;
    uint32_t cp;
    int e;

    while (k < JIS_ROWS) {
        memcpy(in, "\x1b$B", 3);
        for (i = k, n = 3; i < JIS_ROWS; i++) {
            in[n++] = (char)(0x21 + row);
            in[n++] = (char)(0x21 + i);
        }
        olen = sizeof(out);
        e = jis_iconv(dec, in, n, &used, out, &olen);
        if (e < 0 || used < 3 || (used - 3) % 2 != 0)
            return -1;
        done = (used - 3) / 2;
        if (olen != 4 * done || (e == 0 && k + done != JIS_ROWS))
            return -1;
        for (i = 0; i < done; i++) {
            cp = jis_ucs4(out + 4 * i);
            if (cp >= 0x80 && cp <= 0xffff && (cp < 0xd800 || cp > 0xdfff))
                jis_ucs[row * JIS_ROWS + k + i] = (uint16_t)cp;
        }
        k += done + (e == EILSEQ); /* skip the refused pair */
    }
    return 0;
}

/* jis_encode_alone - the pair iconv enc (UCS-4LE -> ISO-2022-JP) writes for
 * cp alone, when it is ESC $ B b1 b2 ESC ( B; 0 otherwise */
static unsigned
jis_encode_alone(iconv_t enc, uint32_t cp)
{
    char in[4], out[16];
    size_t used, olen = sizeof(out);
    unsigned b1, b2;

    jis_put_ucs4(in, cp);
    if (jis_iconv(enc, in, 4, &used, out, &olen) != 0 || olen != 8 ||
        memcmp(out, "\x1b$B", 3) != 0 || memcmp(out + 5, "\x1b(B", 3) != 0)
        return 0;
    b1 = (unsigned char)out[3];
    b2 = (unsigned char)out[4];
    if (!JIS_BYTE(b1) || !JIS_BYTE(b2) || jis_ucs[(b1 - 0x21) * JIS_ROWS + b2 - 0x21] != cp)
        return 0;
    return b1 << 8 | b2;
}

/* jis_confirm - encode code points [from, to) that have a pair in one iconv
 * call; when the bytes are not ESC $ B, their pairs, ESC ( B, ask per point */
static void
jis_confirm(iconv_t enc, uint32_t from, uint32_t to)
{
    char in[4 * JIS_BATCH], out[2 * JIS_BATCH + 6], want[2 * JIS_BATCH + 6];
    size_t n = 0, w = 3, used, olen = sizeof(out);
    uint32_t cp;

    memcpy(want, "\x1b$B", 3);
    for (cp = from; cp < to; cp++) {
        if (jis_code[cp] == 0)
            continue;
        jis_put_ucs4(in + n, cp);
        n += 4;
        want[w++] = (char)(jis_code[cp] >> 8);
        want[w++] = (char)(jis_code[cp] & 0xff);
    }
    memcpy(want + w, "\x1b(B", 3);
    w += 3;
    if (n == 0 ||
        (jis_iconv(enc, in, n, &used, out, &olen) == 0 && olen == w && memcmp(out, want, w) == 0))
        return;
    for (cp = from; cp < to; cp++)
        if (jis_code[cp] != 0)
            jis_code[cp] = (uint16_t)jis_encode_alone(enc, cp);
}

/* jis_build_reverse - code point -> pair from the decoded pairs; a code point
 * decoded from two pairs gets the one iconv encodes it to; then every entry
 * is confirmed by encoding it with iconv */
static void
jis_build_reverse(iconv_t enc)
{
    uint32_t cp, from = 0, n = 0;
    unsigned idx;

    for (idx = 0; idx < JIS_ROWS * JIS_ROWS; idx++) {
        cp = jis_ucs[idx];
        if (cp != 0)
            jis_code[cp] = jis_code[cp] != 0
                               ? JIS_ASK
                               : (uint16_t)((0x21 + idx / JIS_ROWS) << 8 | (0x21 + idx % JIS_ROWS));
    }
    for (cp = 0x80; cp <= 0xffff; cp++)
        if (jis_code[cp] == JIS_ASK)
            jis_code[cp] = (uint16_t)jis_encode_alone(enc, cp);
    for (cp = 0x80; cp <= 0xffff; cp++) {
        n += jis_code[cp] != 0;
        if (n == JIS_BATCH || cp == 0xffff) {
            jis_confirm(enc, from, cp + 1);
            from = cp + 1;
            n = 0;
        }
    }
}

/* jis_decode - decode ISO-2022-JP in into dst, which has room for len * 3 / 2
 * bytes; returns the UTF-8 length, or JIS_NONE for input outside the subset */
static size_t
jis_decode(const unsigned char *in, size_t len, unsigned char *dst)
{
    const unsigned char *p = in, *end = in + len;
    unsigned char *d = dst;
    unsigned c1, c2;
    uint32_t cp;
    int kanji = 0;

    while (p < end) {
        if (*p == 0x1b) {
            if (end - p < 3 || p[2] != 'B' || (p[1] != '(' && p[1] != '$'))
                return JIS_NONE;
            kanji = p[1] == '$';
            p += 3;
        } else if (!kanji) {
            if (*p >= 0x80)
                return JIS_NONE;
            *d++ = *p++;
        } else {
            for (; p < end && *p != 0x1b; p += 2) { /* a JIS X 0208 run */
                c1 = p[0] - 0x21u;
                c2 = end - p >= 2 ? p[1] - 0x21u : JIS_ROWS;
                if (c1 >= JIS_ROWS || c2 >= JIS_ROWS || (cp = jis_ucs[c1 * JIS_ROWS + c2]) == 0)
                    return JIS_NONE;
                d += crm_utf8_put(cp, (char *)d);
            }
        }
    }
    return (size_t)(d - dst);
}

/* jis_utf8_bmp - code point of the 2- or 3-byte UTF-8 sequence at s (s[0] >=
 * 0x80), its length in *k; 0 when invalid or not in the BMP */
static uint32_t
jis_utf8_bmp(const unsigned char *s, size_t n, size_t *k)
{
    uint32_t cp;

    if (s[0] >= 0xc2 && s[0] <= 0xdf && n >= 2 && (s[1] & 0xc0) == 0x80) {
        *k = 2;
        return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
    }
    if (s[0] < 0xe0 || s[0] > 0xef || n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
        return 0;
    cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
    *k = 3;
    return cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff) ? cp : 0;
}

/* jis_emit - append n bytes of s at dst + *at (when dst is not NULL) */
static void
jis_emit(unsigned char *dst, size_t *at, const char *s, size_t n)
{
    if (dst != NULL)
        memcpy(dst + *at, s, n);
    *at += n;
}

/* jis_encode - encode UTF-8 in as glibc's ISO-2022-JP into dst (when not
 * NULL); returns the length, or JIS_NONE for input outside the subset */
static size_t
jis_encode(const unsigned char *in, size_t len, unsigned char *dst)
{
    size_t i = 0, n = 0, k = 0;
    unsigned code;
    char pair[2];
    int kanji = 0;

    while (i < len) {
        if (in[i] < 0x80) {
            if (kanji)
                jis_emit(dst, &n, "\x1b(B", 3);
            kanji = 0;
            jis_emit(dst, &n, (const char *)in + i++, 1);
            continue;
        }
        code = jis_code[jis_utf8_bmp(in + i, len - i, &k)]; /* jis_code[0] == 0 */
        if (code == 0)
            return JIS_NONE;
        if (!kanji)
            jis_emit(dst, &n, "\x1b$B", 3);
        kanji = 1;
        pair[0] = (char)(code >> 8);
        pair[1] = (char)(code & 0xff);
        jis_emit(dst, &n, pair, 2);
        i += k;
    }
    if (kanji)
        jis_emit(dst, &n, "\x1b(B", 3);
    return n;
}

/* jis_self_check - glibc and the native codec agree on the escapes around
 * JIS X 0208 runs, before CR LF and space, and at the end: one probe both ways */
static int
jis_self_check(iconv_t enc, iconv_t dec)
{
    static const uint32_t probe[] = {'a', 0, 0, '\r', '\n', 0, ' ', 0, 'b', '\n', 0};
    uint32_t cp, kana = jis_ucs[(0x24 - 0x21) * JIS_ROWS + 0x22 - 0x21]; /* at 0x2422 */
    char ucs4[sizeof(probe)], back[sizeof(probe)], bytes[64];
    unsigned char utf8[64], native[96]; /* native: room to decode bytes */
    size_t i, u = 0, used, blen = sizeof(bytes), rlen = sizeof(back);

    if (kana < 0x800 || jis_code[kana] == 0)
        return -1;
    for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
        cp = probe[i] != 0 ? probe[i] : kana;
        jis_put_ucs4(ucs4 + 4 * i, cp);
        u += crm_utf8_put(cp, (char *)utf8 + u);
    }
    if (jis_iconv(enc, ucs4, sizeof(ucs4), &used, bytes, &blen) != 0 ||
        jis_encode(utf8, u, NULL) != blen)
        return -1;
    jis_encode(utf8, u, native);
    if (memcmp(native, bytes, blen) != 0)
        return -1;
    if (jis_iconv(dec, bytes, blen, &used, back, &rlen) != 0 || rlen != sizeof(ucs4) ||
        memcmp(back, ucs4, rlen) != 0 || jis_decode((unsigned char *)bytes, blen, native) != u)
        return -1;
    return memcmp(native, utf8, u) == 0 ? 0 : -1;
}

/* jis_build - the tables, once per process (pthread_once) */
static void
jis_build(void)
{
    iconv_t dec = iconv_open("UCS-4LE", "ISO-2022-JP");
    iconv_t enc = iconv_open("ISO-2022-JP", "UCS-4LE");
    unsigned row;
    int rc = dec != (iconv_t)-1 && enc != (iconv_t)-1 ? 0 : -1;

    for (row = 0; rc == 0 && row < JIS_ROWS; row++)
        rc = jis_build_row(dec, row);
    if (rc == 0) {
        jis_build_reverse(enc);
        rc = jis_self_check(enc, dec);
    }
    if (dec != (iconv_t)-1)
        iconv_close(dec);
    if (enc != (iconv_t)-1)
        iconv_close(enc);
    jis_ok = rc == 0;
}

/* crm_jis_available - build the tables on first use */
int
crm_jis_available(void)
{
    return pthread_once(&jis_once, jis_build) == 0 && jis_ok;
}

/* crm_jis_to_utf8 - native ISO-2022-JP decoding, or CRM_JIS_DECLINED */
int
crm_jis_to_utf8(const char *in, size_t len, struct crm_buf *out)
{
    size_t mark = out->len, room = out->max - out->len, n;
    char *dst;
    int rc, unallocated = out->p == NULL;

    /* the worst case (all JIS X 0208: 2 bytes -> 3) must fit below the cap;
     * near the cap iconv decides, as it always did */
    if (!crm_jis_available() || len > room || len / 2 > room - len)
        return CRM_JIS_DECLINED;
    rc = crm_buf_extend(out, len + len / 2, &dst);
    if (rc != CRM_OK)
        return rc;
    n = jis_decode((const unsigned char *)in, len, (unsigned char *)dst);
    if (n != JIS_NONE) {
        crm_buf_truncate(out, mark + n);
        return CRM_OK;
    }
    if (unallocated)
        crm_buf_fini(out); /* as it was: iconv may refuse the text without touching out */
    else
        crm_buf_truncate(out, mark);
    return CRM_JIS_DECLINED;
}

/* crm_jis_from_utf8 - native ISO-2022-JP encoding (measured first), or
 * CRM_JIS_DECLINED */
int
crm_jis_from_utf8(const char *in, size_t len, struct crm_buf *out)
{
    size_t n;
    char *dst;
    int rc;

    if (!crm_jis_available())
        return CRM_JIS_DECLINED;
    n = jis_encode((const unsigned char *)in, len, NULL);
    if (n == JIS_NONE)
        return CRM_JIS_DECLINED;
    rc = crm_buf_extend(out, n, &dst);
    if (rc == CRM_OK)
        jis_encode((const unsigned char *)in, len, (unsigned char *)dst);
    return rc;
}
