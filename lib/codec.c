/*
 * codec.c - base64 and quoted-printable (strict decoders, RFC 2045 encoders)
 *
 * The decoders write straight into out when the whole output is sure to fit
 * under its cap (base64 gives at most len/4*3+2 bytes, quoted-printable at
 * most len). Otherwise they decode through a stack chunk that is appended
 * whenever it is full (341 base64 quanta, 1023 bytes; 1024 bytes of a QP line)
 * and at the end (of each QP line). For input that is malformed and whose
 * output would also pass the cap, that granularity decides whether the result
 * is CRM_ELIMIT or CRM_EPARSE; it is the one this file has always had, and
 * tests/test_codec.c compares both paths with the original byte-at-a-time
 * code.
 *
 * After CRM_EPARSE from a decoder out holds what it held on entry (its memory
 * may have grown); after CRM_ELIMIT or CRM_ENOMEM it is empty, as crm_buf
 * leaves it. No caller reads out after an error (rfc2047.c truncates it back
 * itself).
 */
#include "codec.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "charset.h"

#define CODEC_LINE_MAX    76
#define CODEC_CHUNK       1024
#define CODEC_B64_FLUSHQ  341 /* base64 quanta per full chunk (1023 bytes) */
#define CODEC_B64_LINE_IN 57  /* input bytes per full encoded line */
_Static_assert(3 * CODEC_B64_FLUSHQ <= CODEC_CHUNK && 3 * (CODEC_B64_FLUSHQ - 1) + 2 <= CODEC_CHUNK,
               "a chunk holds its quanta, or fewer and a final partial one");

static const char codec_b64_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char codec_hex[] = "0123456789ABCDEF";

/* codec_b64_tab: 0..63 for the alphabet; the markers all have a bit of 0xC0 */
#define CODEC_B64_SKIP    64   /* CR, LF, SP, HTAB */
#define CODEC_B64_PAD     65   /* '=' */
#define CODEC_B64_BAD     0xFF /* anything else: malformed */
#define CODEC_B64_MARKERS 0xC0
#define SP                CODEC_B64_SKIP
#define EQ                CODEC_B64_PAD
#define XX                CODEC_B64_BAD
static const unsigned char codec_b64_tab[256] = {
    XX, XX, XX, XX, XX, XX, XX, XX, XX, SP, SP, XX, XX, SP, XX, XX, /* 0x00 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x10 */
    SP, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, 62, XX, XX, XX, 63, /* 0x20 */
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, XX, XX, XX, EQ, XX, XX, /* 0x30 */
    XX, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, /* 0x40 */
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, XX, XX, XX, XX, XX, /* 0x50 */
    XX, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, /* 0x60 */
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, XX, XX, XX, XX, XX, /* 0x70 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x80 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x90 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xa0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xb0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xc0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xd0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xe0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xf0 */
};

/* codec_hex_tab: value of a hex digit (either case), 0xFF otherwise */
static const unsigned char codec_hex_tab[256] = {
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x00 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x10 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x20 */
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  XX, XX, XX, XX, XX, XX, /* 0x30 */
    XX, 10, 11, 12, 13, 14, 15, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x40 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x50 */
    XX, 10, 11, 12, 13, 14, 15, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x60 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x70 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x80 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0x90 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xa0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xb0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xc0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xd0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xe0 */
    XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, /* 0xf0 */
};
#undef SP
#undef EQ
#undef XX

/* base64 decoder state between runs */
struct codec_b64 {
    const unsigned char *s;
    size_t len;
    size_t i;     /* next input byte */
    uint32_t acc; /* bits of the unfinished quantum */
    unsigned q;   /* data characters in acc (0..3) */
    int pad;      /* stopped at the first '=' (s[i]) */
};

/* codec_b64_run - decode whole quanta into d (room for maxq of them); stops
 * at the end of the input, at the first '=' or after maxq quanta. OUT *nq:
 * quanta written (3 bytes each). Returns CRM_OK or CRM_EPARSE (a byte outside
 * the alphabet). */
static int
codec_b64_run(struct codec_b64 *st, unsigned char *d, size_t maxq, size_t *nq)
{
    const unsigned char *s = st->s, *p, *pe;
    size_t i = st->i, len = st->len, n = 0, k;
    uint32_t acc = st->acc, a, b, c, e;
    unsigned q = st->q, v;
    int rc = CRM_OK;

    while (n < maxq && i < len) {
        if (q == 0) {
            /* the common case: four alphabet bytes in a row */
            k = (len - i) / 4 < maxq - n ? (len - i) / 4 : maxq - n;
            for (p = s + i, pe = p + 4 * k; p < pe; p += 4, d += 3) {
                a = codec_b64_tab[p[0]];
                b = codec_b64_tab[p[1]];
                c = codec_b64_tab[p[2]];
                e = codec_b64_tab[p[3]];
                if (((a | b | c | e) & CODEC_B64_MARKERS) != 0)
                    break;
                a = a << 18 | b << 12 | c << 6 | e;
                d[0] = (unsigned char)(a >> 16);
                d[1] = (unsigned char)(a >> 8);
                d[2] = (unsigned char)a;
            }
            n += (size_t)(p - (s + i)) / 4;
            i = (size_t)(p - s);
            if (n == maxq || i == len)
                break;
        }
        v = codec_b64_tab[s[i]];
        if (v < 64) {
            acc = acc << 6 | v;
            if (++q == 4) {
                d[0] = (unsigned char)(acc >> 16);
                d[1] = (unsigned char)(acc >> 8);
                d[2] = (unsigned char)acc;
                d += 3;
                n++;
                q = 0;
                acc = 0;
            }
        } else if (v == CODEC_B64_PAD) {
            st->pad = 1;
            break;
        } else if (v != CODEC_B64_SKIP) {
            rc = CRM_EPARSE;
            break;
        }
        i++;
    }
    st->i = i;
    st->acc = acc;
    st->q = q;
    *nq = n;
    return rc;
}

/* codec_b64_finish - after the last run: check the padding and that only
 * padding and blanks follow it, write the final partial quantum (0..2 bytes)
 * at d; returns their count or CRM_EPARSE */
static int
codec_b64_finish(const struct codec_b64 *st, unsigned char *d)
{
    unsigned pads = 0, v;
    size_t i;

    if (st->pad) {
        /* st->q: data characters in the final group (2 or 3) */
        if (st->q < 2)
            return CRM_EPARSE;
        for (i = st->i; i < st->len; i++) {
            v = codec_b64_tab[st->s[i]];
            if (v == CODEC_B64_PAD)
                pads++;
            else if (v != CODEC_B64_SKIP)
                return CRM_EPARSE;
        }
        if (st->q + pads != 4)
            return CRM_EPARSE;
    }
    switch (st->q) {
    case 1:
        return CRM_EPARSE;
    case 2:
        d[0] = (unsigned char)(st->acc >> 4);
        return 1;
    case 3:
        d[0] = (unsigned char)(st->acc >> 10);
        d[1] = (unsigned char)(st->acc >> 2);
        return 2;
    default:
        return 0;
    }
}

/* codec_b64_chunked - decode through a stack chunk (output may pass the cap) */
static int
codec_b64_chunked(struct codec_b64 *st, struct crm_buf *out)
{
    unsigned char chunk[CODEC_CHUNK];
    size_t start = out->len, nq;
    int rc;

    for (;;) {
        rc = codec_b64_run(st, chunk, CODEC_B64_FLUSHQ, &nq);
        if (rc != CRM_OK || nq < CODEC_B64_FLUSHQ)
            break;
        if ((rc = crm_buf_append(out, chunk, 3 * nq)) != CRM_OK)
            return rc;
    }
    if (rc == CRM_OK)
        rc = codec_b64_finish(st, chunk + 3 * nq);
    if (rc < 0) {
        crm_buf_truncate(out, start);
        return rc;
    }
    return crm_buf_append(out, chunk, 3 * nq + (size_t)rc);
}

/* crm_b64_decode - strict base64 decoder */
int
crm_b64_decode(const char *in, size_t len, struct crm_buf *out)
{
    struct codec_b64 st = {(const unsigned char *)in, len, 0, 0, 0, 0};
    size_t start = out->len, bound = len / 4 * 3 + 2, nq;
    unsigned char *d;
    char *w;
    int rc;

    if (bound > out->max - out->len)
        return codec_b64_chunked(&st, out);
    if ((rc = crm_buf_extend(out, bound, &w)) != CRM_OK)
        return rc;
    d = (unsigned char *)w;
    rc = codec_b64_run(&st, d, (size_t)-1, &nq);
    if (rc == CRM_OK)
        rc = codec_b64_finish(&st, d + 3 * nq);
    if (rc < 0) {
        crm_buf_truncate(out, start);
        return rc;
    }
    crm_buf_truncate(out, start + 3 * nq + (size_t)rc);
    return CRM_OK;
}

/* crm_b64_encode - base64 encoder, 76 characters per CRLF line */
int
crm_b64_encode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in, *end;
    size_t lines, total, r;
    uint32_t v;
    char *d;
    int rc;

    if (len == 0)
        return CRM_OK;
    if (len > (size_t)-1 / 2) {
        /* more output than memory can hold */
        crm_buf_fini(out);
        return CRM_ELIMIT;
    }
    lines = len / CODEC_B64_LINE_IN + (len % CODEC_B64_LINE_IN != 0);
    total = (len / 3 + (len % 3 != 0)) * 4 + 2 * lines;
    if ((rc = crm_buf_extend(out, total, &d)) != CRM_OK)
        return rc;
    while (len > 0) {
        r = len < CODEC_B64_LINE_IN ? len : CODEC_B64_LINE_IN;
        len -= r;
        for (end = s + r / 3 * 3; s < end; s += 3, d += 4) {
            v = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
            d[0] = codec_b64_alpha[v >> 18];
            d[1] = codec_b64_alpha[(v >> 12) & 63];
            d[2] = codec_b64_alpha[(v >> 6) & 63];
            d[3] = codec_b64_alpha[v & 63];
        }
        if (r % 3 != 0) {
            v = (uint32_t)s[0] << 16 | (r % 3 == 2 ? (uint32_t)s[1] << 8 : 0);
            d[0] = codec_b64_alpha[v >> 18];
            d[1] = codec_b64_alpha[(v >> 12) & 63];
            d[2] = r % 3 == 2 ? codec_b64_alpha[(v >> 6) & 63] : '=';
            d[3] = '=';
            s += r % 3;
            d += 4;
        }
        d[0] = '\r';
        d[1] = '\n';
        d += 2;
    }
    return CRM_OK;
}

/* codec_qp_split - the line at pos; OUT *end: where its content ends
 * (trailing blanks and a soft break's '=' left out), OUT *brk: bytes of its
 * hard line break (0..2, just before the returned next line's start; 0 after
 * a soft break) */
static size_t
codec_qp_split(const unsigned char *s, size_t len, size_t pos, size_t *end, size_t *brk)
{
    const unsigned char *nl = memchr(s + pos, '\n', len - pos);
    size_t e = nl != NULL ? (size_t)(nl - s) : len, b = 0;

    if (nl != NULL) {
        b = 1;
        if (e > pos && s[e - 1] == '\r') {
            e--;
            b = 2;
        }
    }
    while (e > pos && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (e > pos && s[e - 1] == '=') {
        e--;
        b = 0;
    }
    *end = e;
    *brk = b;
    return nl != NULL ? (size_t)(nl - s) + 1 : len;
}

/* codec_qp_span - decode line content s[*pos..end) into d[0..cap); OUT *pos
 * advanced, OUT *nout: bytes written (cap, or all the content gave). Returns
 * CRM_OK or CRM_EPARSE (a '=' not followed by two hex digits). */
static int
codec_qp_span(const unsigned char *s, size_t end, size_t *pos, unsigned char *d, size_t cap,
              size_t *nout)
{
    const unsigned char *p = s + *pos, *pe = s + end, *eq;
    unsigned char *o = d, *oe = d + cap;
    size_t k;
    unsigned hi, lo;
    int rc = CRM_OK;

    while (p < pe && o < oe) {
        if (*p == '=') {
            /* a run of escapes, the common case in non-ASCII text */
            k = (size_t)(pe - p) / 3 < (size_t)(oe - o) ? (size_t)(pe - p) / 3 : (size_t)(oe - o);
            if (k == 0) {
                rc = CRM_EPARSE; /* fewer than two bytes after the '=' */
                break;
            }
            for (; k > 0 && *p == '='; k--, p += 3) {
                hi = codec_hex_tab[p[1]];
                lo = codec_hex_tab[p[2]];
                if ((hi | lo) > 15) {
                    rc = CRM_EPARSE;
                    break;
                }
                *o++ = (unsigned char)(hi << 4 | lo);
            }
            if (rc != CRM_OK)
                break;
            continue;
        }
        eq = memchr(p, '=', (size_t)(pe - p));
        k = (size_t)((eq != NULL ? eq : pe) - p);
        if (k > (size_t)(oe - o))
            k = (size_t)(oe - o);
        memcpy(o, p, k);
        o += k;
        p += k;
    }
    *pos = (size_t)(p - s);
    *nout = (size_t)(o - d);
    return rc;
}

/* codec_qp_chunked - decode through a stack chunk (output may pass the cap) */
static int
codec_qp_chunked(const unsigned char *s, size_t len, struct crm_buf *out)
{
    unsigned char chunk[CODEC_CHUNK];
    size_t start = out->len, pos = 0, next, end, brk, i, n;
    int rc;

    while (pos < len) {
        next = codec_qp_split(s, len, pos, &end, &brk);
        i = pos;
        for (;;) {
            rc = codec_qp_span(s, end, &i, chunk, sizeof(chunk), &n);
            if (rc != CRM_OK) {
                crm_buf_truncate(out, start);
                return rc;
            }
            if (n < sizeof(chunk))
                break;
            if ((rc = crm_buf_append(out, chunk, n)) != CRM_OK)
                return rc;
        }
        rc = crm_buf_append(out, chunk, n);
        if (rc == CRM_OK && brk > 0)
            rc = crm_buf_append(out, s + next - brk, brk);
        if (rc != CRM_OK)
            return rc;
        pos = next;
    }
    return CRM_OK;
}

/* crm_qp_decode - strict quoted-printable decoder */
int
crm_qp_decode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t start = out->len, pos = 0, n = 0, next, end, brk, k;
    unsigned char *d;
    char *w;
    int rc;

    if (len == 0)
        return CRM_OK;
    if (len > out->max - out->len)
        return codec_qp_chunked(s, len, out);
    if ((rc = crm_buf_extend(out, len, &w)) != CRM_OK)
        return rc;
    d = (unsigned char *)w;
    while (pos < len) {
        next = codec_qp_split(s, len, pos, &end, &brk);
        if ((rc = codec_qp_span(s, end, &pos, d + n, len - n, &k)) != CRM_OK) {
            crm_buf_truncate(out, start);
            return rc;
        }
        n += k;
        memcpy(d + n, s + next - brk, brk);
        n += brk;
        pos = next;
    }
    crm_buf_truncate(out, start + n);
    return CRM_OK;
}

/* crm_b64_canonical - no blanks, and a final partial quantum padded */
int
crm_b64_canonical(const char *in, size_t len, size_t dlen)
{
    if (memchr(in, ' ', len) != NULL || memchr(in, '\t', len) != NULL)
        return 0;
    if (dlen % 3 == 0) /* whole quanta: nothing to pad */
        return 1;
    while (len > 0 && (in[len - 1] == '\r' || in[len - 1] == '\n'))
        len--;
    return len > 0 && in[len - 1] == '=';
}

/* codec_qp_soft_blank - the line ending before s[e] (e after the content,
 * before any CR) is a soft break followed by blanks */
static int
codec_qp_soft_blank(const unsigned char *s, size_t start, size_t e)
{
    if (e == start || (s[e - 1] != ' ' && s[e - 1] != '\t'))
        return 0;
    while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    return e > start && s[e - 1] == '=';
}

/*
 * codec_qp_plain_end - the first offset at or after i whose byte is not
 * SP..'~' (len when none): 16 bytes at a time with SSE2 (signed compares:
 * 8-bit bytes are negative), then 8 at a time in a word. In a word the
 * lowest byte outside the range sets its high bit: one below SP borrows in
 * w - 0x20.., '~' + 1 and above carry in w + 0x01.., 8-bit bytes have it in
 * w; the bytes below it are in range, so no borrow or carry reaches it. On a
 * little-endian machine the lowest byte is the first in memory.
 */
static size_t
codec_qp_plain_end(const unsigned char *s, size_t i, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t w, bad;
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8(0x1F), above = _mm_set1_epi8(0x7F);
    __m128i v;
    unsigned m;

    for (; len - i >= 16; i += 16) {
        v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        m = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above)));
        if (m != 0xFFFFu)
            return i + (size_t)__builtin_ctz(~m & 0xFFFFu);
    }
#endif
    for (; len - i >= 8; i += 8) {
        memcpy(&w, s + i, sizeof(w));
        bad = ((w - ones * 0x20) | (w + ones) | w) & high;
        if (bad != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)__builtin_ctzll(bad) / 8;
#else
            break;
#endif
        }
    }
    while (i < len && (unsigned char)(s[i] - 0x20) < 0x5F)
        i++;
    return i;
}

/* crm_qp_canonical - printable ASCII, blanks and CRLF only; no blank after a
 * soft break */
int
crm_qp_canonical(const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, ls = 0;

    while ((i = codec_qp_plain_end(s, i, len)) < len) {
        if (s[i] == '\t') {
            i++;
            continue;
        }
        if (s[i] != '\r' || i + 1 >= len || s[i + 1] != '\n' || codec_qp_soft_blank(s, ls, i))
            return 0;
        i += 2;
        ls = i;
    }
    return !codec_qp_soft_blank(s, ls, len);
}

struct codec_qpenc {
    struct crm_buf *out;
    const char *charset;
    int iso2022; /* charset is ISO-2022-JP: track shift state */
    int jis2;    /* ISO-2022-JP: in a two-byte set */
    size_t col;  /* characters on the current output line */
    char tmp[CODEC_CHUNK];
    size_t ntmp;
};

/* codec_qpenc_put - queue bytes for out */
static int
codec_qpenc_put(struct codec_qpenc *e, const char *p, size_t n)
{
    int rc;

    if (e->ntmp + n > sizeof(e->tmp)) {
        rc = crm_buf_append(e->out, e->tmp, e->ntmp);
        e->ntmp = 0;
        if (rc != CRM_OK)
            return rc;
    }
    memcpy(e->tmp + e->ntmp, p, n);
    e->ntmp += n;
    return CRM_OK;
}

/* codec_iso2022_esc - length of a known ISO-2022-JP escape at s (0 if none);
 * OUT two: 1 when it selects a two-byte set */
static size_t
codec_iso2022_esc(const unsigned char *s, size_t n, int *two)
{
    if (n >= 3 && s[0] == 0x1b && s[1] == '(' && (s[2] == 'B' || s[2] == 'J' || s[2] == 'I')) {
        *two = 0;
        return 3;
    }
    if (n >= 3 && s[0] == 0x1b && s[1] == '$' && (s[2] == 'B' || s[2] == '@')) {
        *two = 1;
        return 3;
    }
    if (n >= 4 && s[0] == 0x1b && s[1] == '$' && s[2] == '(' && (s[3] == 'D' || s[3] == 'Q')) {
        *two = 1;
        return 4;
    }
    return 0;
}

/* codec_qpenc_unit - bytes of the next unbreakable unit within s[0..n) */
static size_t
codec_qpenc_unit(struct codec_qpenc *e, const unsigned char *s, size_t n)
{
    size_t u;
    int two = 0;

    if (!e->iso2022)
        return e->charset != NULL ? crm_charset_char_len(e->charset, s, n) : 1;
    u = codec_iso2022_esc(s, n, &two);
    if (u > 0) {
        e->jis2 = two;
        return u;
    }
    if (e->jis2 && n >= 2 && s[0] >= 0x21 && s[0] <= 0x7e && s[1] >= 0x21 && s[1] <= 0x7e)
        return 2;
    return 1;
}

/* codec_qp_literal - may byte c of a line be written as itself? */
static int
codec_qp_literal(const unsigned char *s, size_t i, size_t n, int at_start)
{
    unsigned char c = s[i];

    if (c == ' ' || c == '\t')
        return i + 1 < n;
    if (c < 33 || c > 126 || c == '=')
        return 0;
    if (at_start && i == 0 && c == '.')
        return 0;
    if (at_start && i == 0 && c == 'F' && n >= 5 && memcmp(s, "From ", 5) == 0)
        return 0;
    return 1;
}

/* codec_qp_render - encoded form of s[0..u) (a unit at offset 0 of s[0..n)) */
static size_t
codec_qp_render(const unsigned char *s, size_t u, size_t n, int at_start, char *dst)
{
    size_t i, k = 0;

    for (i = 0; i < u; i++) {
        if (codec_qp_literal(s, i, n, at_start)) {
            dst[k++] = (char)s[i];
        } else {
            dst[k++] = '=';
            dst[k++] = codec_hex[s[i] >> 4];
            dst[k++] = codec_hex[s[i] & 15];
        }
    }
    return k;
}

/* codec_qpenc_line - encode one input line (no line break) */
static int
codec_qpenc_line(struct codec_qpenc *e, const unsigned char *s, size_t n)
{
    char enc[3 * 8];
    size_t i = 0, u, k;
    int rc;

    e->col = 0;
    while (i < n) {
        u = codec_qpenc_unit(e, s + i, n - i);
        if (u > 8)
            u = 1;
        k = codec_qp_render(s + i, u, n - i, e->col == 0, enc);
        if (e->col + k > CODEC_LINE_MAX - 1 && !(i + u == n && e->col + k <= CODEC_LINE_MAX) &&
            e->col > 0) {
            if ((rc = codec_qpenc_put(e, "=\r\n", 3)) != CRM_OK)
                return rc;
            e->col = 0;
            k = codec_qp_render(s + i, u, n - i, 1, enc);
        }
        if ((rc = codec_qpenc_put(e, enc, k)) != CRM_OK)
            return rc;
        e->col += k;
        i += u;
    }
    return CRM_OK;
}

/* crm_qp_encode - charset-aware quoted-printable encoder */
int
crm_qp_encode(const char *in, size_t len, const char *charset, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    struct codec_qpenc e;
    size_t pos = 0, end;
    int rc = CRM_OK;

    memset(&e, 0, sizeof(e));
    e.out = out;
    e.charset = charset;
    e.iso2022 = charset != NULL && strcmp(charset, "ISO-2022-JP") == 0;
    while (rc == CRM_OK && pos < len) {
        const unsigned char *nl = memchr(s + pos, '\n', len - pos);

        end = nl != NULL ? (size_t)(nl - s) : len;
        if (nl != NULL && end > pos && s[end - 1] == '\r')
            end--;
        rc = codec_qpenc_line(&e, s + pos, end - pos);
        if (rc == CRM_OK && nl != NULL)
            rc = codec_qpenc_put(&e, "\r\n", 2);
        pos = nl != NULL ? (size_t)(nl - s) + 1 : len;
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(out, e.tmp, e.ntmp);
    return rc;
}
