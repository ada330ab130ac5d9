/* rfc2047.c - decode RFC 2047 encoded-words in header values to UTF-8 */
#include "rfc2047.h"

#include <string.h>

#include "charset.h"
#include "codec.h"

#define R2047_CHARSET_MAX      40
#define R2047_WORD_MAX_PAYLOAD 45 /* bytes per encoded word: 60 base64 chars */

/* one encoded word of a pending run (offsets into the unfolded text) */
struct r2047_mark {
    size_t raw_end;  /* end of its bytes in run.raw */
    size_t ws_start; /* blanks before it that were dropped start here */
    size_t lit_start;
    size_t lit_end;
};

struct r2047_state {
    const char *u; /* unfolded value */
    size_t ul;
    struct crm_buf *out;
    const char *canon;    /* charset of the pending run, NULL if none */
    struct crm_buf raw;   /* decoded bytes of the pending run */
    struct crm_buf marks; /* struct r2047_mark[] */
};

struct r2047_word {
    char charset[R2047_CHARSET_MAX + 1];
    char enc;
    const char *text;
    size_t tlen;
    size_t len; /* whole word */
};

/* r2047_tokenchar - byte allowed in the charset / encoding token */
static int
r2047_tokenchar(unsigned char c)
{
    return c > 0x20 && c < 0x7f && strchr("()<>@,;:\"/[]?.=", c) == NULL;
}

/* r2047_parse - an encoded-word at s[0..n) into OUT w; 0 when none */
static int
r2047_parse(const char *s, size_t n, struct r2047_word *w)
{
    size_t i = 2, cs;

    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    while (i < n && (r2047_tokenchar((unsigned char)s[i]) || s[i] == '.'))
        i++;
    cs = i - 2;
    if (cs == 0 || cs > R2047_CHARSET_MAX || i + 3 > n || s[i] != '?' || s[i + 2] != '?')
        return 0;
    memcpy(w->charset, s + 2, cs);
    w->charset[cs] = '\0';
    w->enc = (char)(s[i + 1] | 0x20);
    if (w->enc != 'b' && w->enc != 'q')
        return 0;
    i += 3;
    w->text = s + i;
    while (i < n && s[i] != '?' && s[i] > 0x20 && s[i] < 0x7f)
        i++;
    if (i + 1 >= n || s[i] != '?' || s[i + 1] != '=')
        return 0;
    w->tlen = (size_t)(s + i - w->text);
    w->len = i + 2;
    return 1;
}

/* r2047_hex - hex digit value or -1 */
static int
r2047_hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* r2047_q_decode - RFC 2047 "Q" payload into raw */
static int
r2047_q_decode(const char *t, size_t n, struct crm_buf *raw)
{
    size_t i;
    int hi, lo, rc = CRM_OK;

    for (i = 0; rc == CRM_OK && i < n; i++) {
        if (t[i] == '_') {
            rc = crm_buf_putc(raw, ' ');
        } else if (t[i] == '=') {
            if (i + 2 >= n)
                return CRM_EPARSE;
            hi = r2047_hex((unsigned char)t[i + 1]);
            lo = r2047_hex((unsigned char)t[i + 2]);
            if (hi < 0 || lo < 0)
                return CRM_EPARSE;
            rc = crm_buf_putc(raw, hi << 4 | lo);
            i += 2;
        } else {
            rc = crm_buf_putc(raw, (unsigned char)t[i]);
        }
    }
    return rc;
}

/* r2047_raw_text - copy raw text, replacing invalid UTF-8 bytes by U+FFFD */
static int
r2047_raw_text(const char *s, size_t n, struct crm_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, start = 0, k;
    int rc = CRM_OK;

    while (rc == CRM_OK && i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        k = crm_charset_char_len("UTF-8", p + i, n - i);
        if (k > 1) {
            i += k;
            continue;
        }
        rc = crm_buf_append(out, s + start, i - start);
        if (rc == CRM_OK)
            rc = crm_buf_append(out, "\xef\xbf\xbd", 3);
        start = ++i;
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(out, s + start, n - start);
    return rc;
}

/* r2047_flush_words - one word at a time, literal when it fails on its own;
 * the blanks between two words are kept when either of them is literal */
static int
r2047_flush_words(struct r2047_state *st)
{
    const struct r2047_mark *m = (const struct r2047_mark *)(void *)st->marks.p;
    size_t j, nm = st->marks.len / sizeof(*m), rstart = 0, mark;
    int rc = CRM_OK, prev_lit = 0, lit;

    for (j = 0; rc == CRM_OK && j < nm; j++) {
        const struct r2047_mark *w = &m[j];

        if (j > 0 && prev_lit)
            rc = crm_buf_append(st->out, st->u + w->ws_start, w->lit_start - w->ws_start);
        mark = st->out->len;
        if (rc == CRM_OK)
            rc = crm_charset_to_utf8(st->canon, st->raw.p + rstart, w->raw_end - rstart, st->out,
                                     NULL);
        lit = rc == CRM_ECHARSET;
        if (lit) {
            crm_buf_truncate(st->out, mark);
            rc = CRM_OK;
            if (j > 0 && !prev_lit)
                rc = crm_buf_append(st->out, st->u + w->ws_start, w->lit_start - w->ws_start);
            if (rc == CRM_OK)
                rc = crm_buf_append(st->out, st->u + w->lit_start, w->lit_end - w->lit_start);
        }
        prev_lit = lit;
        rstart = w->raw_end;
    }
    return rc;
}

/* r2047_flush - convert the pending run of same-charset words */
static int
r2047_flush(struct r2047_state *st)
{
    size_t mark = st->out->len;
    int rc;

    if (st->canon == NULL)
        return CRM_OK;
    rc = crm_charset_to_utf8(st->canon, st->raw.p != NULL ? st->raw.p : "", st->raw.len, st->out,
                             NULL);
    if (rc == CRM_ECHARSET) {
        crm_buf_truncate(st->out, mark);
        rc = r2047_flush_words(st);
    }
    st->canon = NULL;
    crm_buf_reset(&st->raw);
    crm_buf_reset(&st->marks);
    return rc;
}

/* r2047_word - decode one parsed word at offset at (ws: dropped blanks start);
 * OUT *used = 0 when the word must stay literal */
static int
r2047_word(struct r2047_state *st, const struct r2047_word *w, size_t ws, size_t at, int *used)
{
    struct r2047_mark m;
    const char *canon;
    char *star;
    char cs[R2047_CHARSET_MAX + 1];
    size_t before;
    int rc;

    memcpy(cs, w->charset, sizeof(cs));
    if ((star = strchr(cs, '*')) != NULL)
        *star = '\0'; /* RFC 2231 language suffix */
    canon = crm_charset_canon(cs);
    *used = 0;
    if (canon == NULL)
        return CRM_OK;
    if (st->canon != canon && (rc = r2047_flush(st)) != CRM_OK)
        return rc;
    before = st->raw.len;
    rc = w->enc == 'b' ? crm_b64_decode(w->text, w->tlen, &st->raw)
                       : r2047_q_decode(w->text, w->tlen, &st->raw);
    if (rc == CRM_EPARSE) {
        crm_buf_truncate(&st->raw, before);
        return CRM_OK;
    }
    if (rc != CRM_OK)
        return rc;
    if (st->canon == NULL)
        ws = at;
    st->canon = canon;
    m.raw_end = st->raw.len;
    m.ws_start = ws;
    m.lit_start = at;
    m.lit_end = at + w->len;
    *used = 1;
    return crm_buf_append(&st->marks, &m, sizeof(m));
}

/* r2047_unfold - value without CR and LF (folding removed) into u */
static int
r2047_unfold(struct crm_slice v, struct crm_buf *u)
{
    size_t i, start = 0;
    int rc = crm_buf_reserve(u, v.len);

    for (i = 0; rc == CRM_OK && i < v.len; i++) {
        if (v.p[i] == '\r' || v.p[i] == '\n') {
            rc = crm_buf_append(u, v.p + start, i - start);
            start = i + 1;
        }
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(u, v.p + start, v.len - start);
    return rc;
}

/* r2047_blanks - end of the SP/HTAB run starting at i */
static size_t
r2047_blanks(const char *u, size_t ul, size_t i)
{
    while (i < ul && (u[i] == ' ' || u[i] == '\t'))
        i++;
    return i;
}

/* r2047_scan - walk the unfolded text: words, blanks between words, raw text */
static int
r2047_scan(struct r2047_state *st)
{
    struct r2047_word w;
    size_t i = 0, j, raw_start = 0;
    int rc = CRM_OK, used, after_word = 0;

    while (rc == CRM_OK && i < st->ul) {
        if (after_word) {
            j = r2047_blanks(st->u, st->ul, i);
            if (j < st->ul && st->u[j] == '=' && r2047_parse(st->u + j, st->ul - j, &w)) {
                rc = r2047_word(st, &w, i, j, &used);
                if (rc == CRM_OK && !used) {
                    rc = r2047_flush(st);
                    after_word = 0;
                    raw_start = i; /* blanks and the literal word are raw text */
                }
                i = j + w.len;
                continue;
            }
            rc = r2047_flush(st);
            after_word = 0;
            raw_start = i;
            continue;
        }
        if (st->u[i] == '=' && r2047_parse(st->u + i, st->ul - i, &w)) {
            rc = r2047_raw_text(st->u + raw_start, i - raw_start, st->out);
            if (rc == CRM_OK)
                rc = r2047_word(st, &w, i, i, &used);
            if (rc == CRM_OK && used) {
                after_word = 1;
                raw_start = i + w.len;
            } else {
                raw_start = i;
            }
            i += w.len;
            continue;
        }
        i++;
    }
    if (rc == CRM_OK)
        rc = r2047_flush(st);
    if (rc == CRM_OK && !after_word && raw_start < st->ul)
        rc = r2047_raw_text(st->u + raw_start, st->ul - raw_start, st->out);
    return rc;
}

/* crm_rfc2047_decode - header value to UTF-8 */
int
crm_rfc2047_decode(struct crm_slice value, struct crm_buf *out)
{
    struct crm_buf u;
    struct r2047_state st;
    int rc;

    crm_buf_init(&u, value.len + 1);
    rc = r2047_unfold(value, &u);
    if (rc != CRM_OK)
        return rc;
    memset(&st, 0, sizeof(st));
    st.u = crm_buf_cstr(&u);
    st.ul = u.len;
    st.out = out;
    crm_buf_init(&st.raw, value.len + 1);
    crm_buf_init(&st.marks, (value.len / 8 + 1) * sizeof(struct r2047_mark));
    rc = r2047_scan(&st);
    crm_buf_fini(&st.raw);
    crm_buf_fini(&st.marks);
    crm_buf_fini(&u);
    return rc;
}

/* crm_rfc2047_encode - UTF-8 text as folded B encoded-words */
int
crm_rfc2047_encode(const char *utf8, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0, n, k;
    int rc = CRM_OK;
    struct crm_buf b64;

    crm_buf_init(&b64, 256);
    while (rc == CRM_OK && i < len) {
        n = 0;
        while (i + n < len) {
            k = crm_charset_char_len("UTF-8", s + i + n, len - i - n);
            if (n + k > R2047_WORD_MAX_PAYLOAD)
                break;
            n += k;
        }
        crm_buf_reset(&b64);
        rc = crm_b64_encode(utf8 + i, n, &b64);
        if (rc == CRM_OK && i > 0)
            rc = crm_buf_append(out, "\r\n ", 3);
        if (rc == CRM_OK)
            rc = crm_buf_appendf(out, "=?UTF-8?B?%.*s?=", (int)(b64.len - 2), b64.p);
        i += n;
    }
    crm_buf_fini(&b64);
    return rc;
}
