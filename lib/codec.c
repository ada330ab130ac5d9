/* codec.c - base64 and quoted-printable (strict decoders, RFC 2045 encoders) */
#include "codec.h"

#include <string.h>

#include "charset.h"

#define CODEC_LINE_MAX 76
#define CODEC_CHUNK    1024

static const char codec_b64_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char codec_hex[] = "0123456789ABCDEF";

/* codec_b64_val - value of a base64 alphabet byte, -1 otherwise */
static int
codec_b64_val(unsigned char c)
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

/* codec_is_b64_space - bytes the base64 decoder skips */
static int
codec_is_b64_space(unsigned char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/* codec_hexval - value of a hex digit (either case), -1 otherwise */
static int
codec_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* codec_b64_tail - check what follows the first '=': padding, then only blanks */
static int
codec_b64_tail(const unsigned char *s, size_t i, size_t len, unsigned quantum)
{
    unsigned pads = 0;

    /* quantum: data characters in the final group (2 or 3) */
    if (quantum < 2)
        return CRM_EPARSE;
    for (; i < len; i++) {
        if (s[i] == '=')
            pads++;
        else if (!codec_is_b64_space(s[i]))
            return CRM_EPARSE;
    }
    return quantum + pads == 4 ? CRM_OK : CRM_EPARSE;
}

/* crm_b64_decode - strict base64 decoder */
int
crm_b64_decode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    unsigned char chunk[CODEC_CHUNK];
    size_t i, n = 0;
    unsigned long acc = 0;
    unsigned q = 0;
    int v, rc;

    for (i = 0; i < len; i++) {
        if (codec_is_b64_space(s[i]))
            continue;
        if (s[i] == '=') {
            rc = codec_b64_tail(s, i, len, q);
            if (rc != CRM_OK)
                return rc;
            break;
        }
        v = codec_b64_val(s[i]);
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

/* crm_b64_encode - base64 encoder, 76 characters per CRLF line */
int
crm_b64_encode(const char *in, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    char line[CODEC_LINE_MAX + 2];
    size_t i = 0, n;
    unsigned long acc;
    int rc;

    while (i < len) {
        n = 0;
        while (n < CODEC_LINE_MAX && i < len) {
            size_t take = len - i < 3 ? len - i : 3;

            acc = (unsigned long)s[i] << 16;
            if (take > 1)
                acc |= (unsigned long)s[i + 1] << 8;
            if (take > 2)
                acc |= s[i + 2];
            line[n++] = codec_b64_alpha[(acc >> 18) & 63];
            line[n++] = codec_b64_alpha[(acc >> 12) & 63];
            line[n++] = take > 1 ? codec_b64_alpha[(acc >> 6) & 63] : '=';
            line[n++] = take > 2 ? codec_b64_alpha[acc & 63] : '=';
            i += take;
        }
        line[n++] = '\r';
        line[n++] = '\n';
        if ((rc = crm_buf_append(out, line, n)) != CRM_OK)
            return rc;
    }
    return CRM_OK;
}

/* codec_qp_line - decode one line's content (no line break, blanks stripped) */
static int
codec_qp_line(const unsigned char *s, size_t len, struct crm_buf *out)
{
    unsigned char chunk[CODEC_CHUNK];
    size_t i, n = 0;
    int hi, lo, rc;

    for (i = 0; i < len; i++) {
        if (s[i] != '=') {
            chunk[n++] = s[i];
        } else {
            if (i + 2 >= len)
                return CRM_EPARSE;
            hi = codec_hexval(s[i + 1]);
            lo = codec_hexval(s[i + 2]);
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

/* crm_qp_decode - strict quoted-printable decoder */
int
crm_qp_decode(const char *in, size_t len, struct crm_buf *out)
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
        rc = codec_qp_line(s + pos, end - pos, out);
        if (rc == CRM_OK && !soft && brk > 0)
            rc = crm_buf_append(out, s + eol + 1 - brk, brk);
        if (rc != CRM_OK)
            return rc;
        pos = nl != NULL ? eol + 1 : len;
    }
    return CRM_OK;
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
