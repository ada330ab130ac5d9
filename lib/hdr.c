/*
 * hdr.c - RFC 5322 header blocks and RFC 2045/2231 field parameters.
 *
 * Everything here is a single forward scan: crm_hdrs_parse looks at each
 * byte of the block a bounded number of times, and the parameter scanner
 * walks a field value once per call. Memory is bounded by max_fields.
 */
#include "hdr.h"

#include <string.h>

#include "alloc.h"
#include "charset.h"
#include "mime.h"

#define HDR_MAX_SEGMENTS 64  /* RFC 2231 continuation segments we accept */
#define HDR_MAX_LINE     998 /* RFC 5322 2.1.1: octets per line, without CRLF */

/* one parameter as found in a field value, before unquoting/decoding */
struct hdr_param {
    struct crm_slice name;
    struct crm_slice raw; /* quoted: content between the quotes, escapes kept */
    int quoted;
    int junk; /* bytes other than CFWS between the value and the next ';' */
};

/* one RFC 2231 continuation segment of the requested parameter */
struct hdr_segment {
    unsigned idx;
    struct hdr_param p;
    int encoded;
};

/* crm_hdrs_init - empty field list */
void
crm_hdrs_init(struct crm_hdrs *h)
{
    h->v = NULL;
    h->n = 0;
    h->cap = 0;
}

/* crm_hdrs_fini - free the field array */
void
crm_hdrs_fini(struct crm_hdrs *h)
{
    crm_free(h->v);
    crm_hdrs_init(h);
}

/* hdr_push - append a field, growing the array by doubling */
static int
hdr_push(struct crm_hdrs *h, const struct crm_hdr_field *f)
{
    struct crm_hdr_field *nv;
    size_t ncap;

    if (h->n == h->cap) {
        ncap = h->cap ? h->cap * 2 : 16;
        if (ncap > ((size_t)-1) / sizeof(*nv))
            return CRM_ENOMEM;
        nv = crm_realloc(h->v, ncap * sizeof(*nv));
        if (nv == NULL)
            return CRM_ENOMEM;
        h->v = nv;
        h->cap = ncap;
    }
    h->v[h->n++] = *f;
    return CRM_OK;
}

/* hdr_is_wsp - SP or HTAB */
static int
hdr_is_wsp(int c)
{
    return c == ' ' || c == '\t';
}

/* hdr_name_ok - field name is 1+ printable ASCII bytes other than ':' */
static int
hdr_name_ok(struct crm_slice n)
{
    size_t i;

    if (n.len == 0)
        return 0;
    for (i = 0; i < n.len; i++) {
        unsigned char c = (unsigned char)n.p[i];
        if (c < 33 || c > 126)
            return 0;
    }
    return 1;
}

/* hdr_line_anomalies - NUL, 8-bit that is not UTF-8 (RFC 6532 allows UTF-8),
 * lone CR in [p, p+n) and a bare LF ending */
static unsigned
hdr_line_anomalies(const char *p, size_t n, int bare_lf)
{
    unsigned an = bare_lf ? CRM_MIME_ANOM_BARE_LF : 0;
    int eight_bit = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0)
            an |= CRM_MIME_ANOM_NUL | CRM_MIME_ANOM_BAD_HEADER;
        else if (c >= 0x80)
            eight_bit = 1;
        else if (c == '\r')
            an |= CRM_MIME_ANOM_BARE_LF;
    }
    if (eight_bit && !crm_utf8_valid(p, n))
        an |= CRM_MIME_ANOM_BAD_HEADER;
    return an;
}

/* field being collected by crm_hdrs_parse */
struct hdr_open {
    int open;
    struct crm_hdr_field f;
    size_t folds; /* line-break bytes inside the value (removed by unfolding) */
};

/* hdr_close - finish the open field: check its length, store it if room */
static int
hdr_close(struct hdr_open *o, size_t max_field, size_t max_fields, struct crm_hdrs *h, unsigned *an)
{
    size_t unfolded;

    if (!o->open)
        return CRM_OK;
    o->open = 0;
    unfolded = o->f.name.len + 1 + o->f.value.len - o->folds;
    if (max_field > 0 && unfolded > max_field)
        *an |= CRM_MIME_ANOM_LONG_HEADER;
    if (max_fields > 0 && h->n >= max_fields) {
        *an |= CRM_MIME_ANOM_LONG_HEADER;
        return CRM_OK;
    }
    return hdr_push(h, &o->f);
}

/* hdr_open_field - start a field at line [ls, ce); 0 when the line is not a field */
static int
hdr_open_field(const char *buf, size_t ls, size_t ce, struct hdr_open *o)
{
    const char *colon = memchr(buf + ls, ':', ce - ls);
    struct crm_slice name;

    if (colon == NULL)
        return 0;
    name.p = buf + ls;
    name.len = (size_t)(colon - name.p);
    while (name.len > 0 && hdr_is_wsp((unsigned char)name.p[name.len - 1]))
        name.len--; /* obsolete "Name :" syntax */
    if (!hdr_name_ok(name))
        return 0;
    o->open = 1;
    o->folds = 0;
    o->f.off = ls;
    o->f.name = name;
    o->f.value.p = colon + 1;
    o->f.value.len = (size_t)(buf + ce - (colon + 1));
    return 1;
}

/* crm_hdrs_parse - split a header block into fields */
int
crm_hdrs_parse(const char *buf, size_t off, size_t end, size_t max_field, size_t max_fields,
               struct crm_hdrs *h, size_t *body_start, unsigned *anomalies)
{
    struct hdr_open o = {0};
    size_t pos = off, ls, ce, next;
    unsigned an = 0;
    int rc = CRM_OK;

    h->n = 0;
    while (pos < end && rc == CRM_OK) {
        const char *lf = memchr(buf + pos, '\n', end - pos);
        ls = pos;
        next = lf ? (size_t)(lf - buf) + 1 : end;
        ce = lf ? next - 1 : end;
        if (lf && ce > ls && buf[ce - 1] == '\r')
            ce--;
        pos = next;
        if (lf && ce == ls) { /* the empty line */
            rc = hdr_close(&o, max_field, max_fields, h, &an);
            *body_start = next;
            *anomalies |= an | (next - ce == 1 ? CRM_MIME_ANOM_BARE_LF : 0);
            return rc;
        }
        an |= hdr_line_anomalies(buf + ls, ce - ls, lf && next - ce == 1);
        if (ce - ls > HDR_MAX_LINE)
            an |= CRM_MIME_ANOM_LONG_LINE;
        if (hdr_is_wsp((unsigned char)buf[ls])) { /* continuation */
            if (!o.open) {
                an |= CRM_MIME_ANOM_BAD_HEADER;
                continue;
            }
            o.folds += (size_t)(buf + ls - (o.f.value.p + o.f.value.len));
            o.f.value.len = (size_t)(buf + ce - o.f.value.p);
            o.f.len = next - o.f.off;
            continue;
        }
        rc = hdr_close(&o, max_field, max_fields, h, &an);
        if (!hdr_open_field(buf, ls, ce, &o))
            an |= CRM_MIME_ANOM_BAD_HEADER;
        else
            o.f.len = next - ls;
    }
    if (rc == CRM_OK)
        rc = hdr_close(&o, max_field, max_fields, h, &an);
    *body_start = end;
    *anomalies |= an | CRM_MIME_ANOM_NO_BODY_SEP;
    return rc;
}

/* crm_hdrs_find - nth field with that name */
const struct crm_hdr_field *
crm_hdrs_find(const struct crm_hdrs *h, const char *name, size_t nth)
{
    size_t i;

    for (i = 0; i < h->n; i++)
        if (crm_slice_caseeq(h->v[i].name, name) && nth-- == 0)
            return &h->v[i];
    return NULL;
}

/* crm_hdrs_count - fields with that name */
size_t
crm_hdrs_count(const struct crm_hdrs *h, const char *name)
{
    size_t i, n = 0;

    for (i = 0; i < h->n; i++)
        if (crm_slice_caseeq(h->v[i].name, name))
            n++;
    return n;
}

/* crm_hdr_unfold - drop folding line breaks and surrounding blanks */
int
crm_hdr_unfold(struct crm_slice value, struct crm_buf *out)
{
    struct crm_slice v = crm_slice_trim(value);
    size_t i = 0, j;
    int rc = CRM_OK;

    while (i < v.len && rc == CRM_OK) {
        for (j = i; j < v.len && v.p[j] != '\r' && v.p[j] != '\n'; j++)
            ;
        rc = crm_buf_append(out, v.p + i, j - i);
        while (j < v.len && (v.p[j] == '\r' || v.p[j] == '\n'))
            j++;
        i = j;
    }
    if (rc == CRM_OK && out->p == NULL)
        rc = crm_buf_append(out, "", 0);
    return rc;
}

/* hdr_skip_cfws - skip blanks, folding and (nested) comments */
static void
hdr_skip_cfws(const char **cur, const char *end)
{
    const char *p = *cur;
    size_t depth;

    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (p >= end || *p != '(')
            break;
        depth = 0;
        while (p < end) {
            if (*p == '\\' && p + 1 < end)
                p++;
            else if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0) {
                p++;
                break;
            }
            p++;
        }
    }
    *cur = p;
}

/* hdr_is_tchar - RFC 2045 token character */
static int
hdr_is_tchar(int c)
{
    return c > 32 && c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* hdr_is_vchar - byte allowed in an unquoted parameter value (lenient token) */
static int
hdr_is_vchar(int c)
{
    return c > 32 && c != 127 && c != ';' && c != '"';
}

/* hdr_token - run of token characters */
static struct crm_slice
hdr_token(const char **cur, const char *end)
{
    struct crm_slice t = {*cur, 0};

    while (*cur < end && hdr_is_tchar((unsigned char)**cur))
        (*cur)++;
    t.len = (size_t)(*cur - t.p);
    return t;
}

/* hdr_skip_to_semi - advance to the next ';' outside quotes and comments */
static void
hdr_skip_to_semi(const char **cur, const char *end)
{
    const char *p = *cur;

    while (p < end && *p != ';') {
        if (*p == '(') {
            hdr_skip_cfws(&p, end);
            continue;
        }
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\' && p + 1 < end)
                    p++;
        }
        if (p < end)
            p++;
    }
    *cur = p;
}

/* hdr_quoted - quoted string at *cur ('"' already seen); -1 when unterminated */
static int
hdr_quoted(const char **cur, const char *end, struct crm_slice *raw)
{
    const char *p = *cur + 1;

    raw->p = p;
    while (p < end && *p != '"') {
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    if (p >= end)
        return -1;
    raw->len = (size_t)(p - raw->p);
    *cur = p + 1;
    return 0;
}

/*
 * hdr_next_param - next "name=value" of a parameter list. Returns 1 with *pa
 * filled, 0 at the end, -1 on an unterminated quoted string (the rest of the
 * value cannot be trusted). Malformed entries without '=' are skipped.
 */
static int
hdr_next_param(const char **cur, const char *end, struct hdr_param *pa)
{
    for (;;) {
        hdr_skip_cfws(cur, end);
        if (*cur >= end)
            return 0;
        if (**cur == ';') {
            (*cur)++;
            continue;
        }
        pa->name = hdr_token(cur, end);
        hdr_skip_cfws(cur, end);
        if (pa->name.len == 0 || *cur >= end || **cur != '=') {
            if (*cur < end && **cur == '"' && hdr_quoted(cur, end, &pa->raw) < 0)
                return -1;
            hdr_skip_to_semi(cur, end);
            continue;
        }
        (*cur)++;
        hdr_skip_cfws(cur, end);
        pa->quoted = *cur < end && **cur == '"';
        if (pa->quoted) {
            if (hdr_quoted(cur, end, &pa->raw) < 0)
                return -1;
        } else {
            pa->raw.p = *cur;
            while (*cur < end && hdr_is_vchar((unsigned char)**cur))
                (*cur)++;
            pa->raw.len = (size_t)(*cur - pa->raw.p);
        }
        hdr_skip_cfws(cur, end);
        pa->junk = *cur < end && **cur != ';';
        hdr_skip_to_semi(cur, end);
        return 1;
    }
}

/* hdr_params_start - position just past the first ';' of a structured value */
static const char *
hdr_params_start(struct crm_slice value)
{
    const char *p = value.p, *end = value.p + value.len;

    hdr_skip_to_semi(&p, end);
    return p < end ? p + 1 : end;
}

/* hdr_unquote - append a quoted-string body without escapes and line breaks */
static int
hdr_unquote(struct crm_slice raw, struct crm_buf *out)
{
    size_t i;
    int rc = CRM_OK;

    for (i = 0; i < raw.len && rc == CRM_OK; i++) {
        if (raw.p[i] == '\r' || raw.p[i] == '\n')
            continue;
        if (raw.p[i] == '\\' && i + 1 < raw.len)
            i++;
        rc = crm_buf_putc(out, raw.p[i]);
    }
    return rc;
}

/* hdr_hexval - value of a hex digit, -1 otherwise */
static int
hdr_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = crm_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* hdr_append_value - append one parameter value: unquote, and for RFC 2231
 * extended values drop the charset'lang' prefix (first) and %XX-decode */
static int
hdr_append_value(const struct hdr_param *pa, int encoded, int first, struct crm_buf *out)
{
    struct crm_buf tmp;
    const char *p, *q, *end;
    int rc, hi, lo;

    crm_buf_init(&tmp, out->max);
    rc = pa->quoted ? hdr_unquote(pa->raw, &tmp) : crm_buf_append(&tmp, pa->raw.p, pa->raw.len);
    if (rc != CRM_OK || !encoded) {
        if (rc == CRM_OK)
            rc = crm_buf_append(out, tmp.p ? tmp.p : "", tmp.len);
        crm_buf_fini(&tmp);
        return rc;
    }
    p = crm_buf_cstr(&tmp);
    end = p + tmp.len;
    if (first && (q = memchr(p, '\'', tmp.len)) != NULL &&
        (q = memchr(q + 1, '\'', (size_t)(end - q - 1))) != NULL)
        p = q + 1;
    for (; p < end && rc == CRM_OK; p++) {
        if (*p == '%' && end - p >= 3 && (hi = hdr_hexval((unsigned char)p[1])) >= 0 &&
            (lo = hdr_hexval((unsigned char)p[2])) >= 0) {
            rc = crm_buf_putc(out, hi * 16 + lo);
            p += 2;
        } else {
            rc = crm_buf_putc(out, *p);
        }
    }
    crm_buf_fini(&tmp);
    return rc;
}

/*
 * hdr_param_kind - how a parameter name relates to `name`: 0 unrelated,
 * 1 plain, 2 "name*" (extended), 3 "name*N" / "name*N*" (segment, OUT idx,
 * OUT encoded), -1 a malformed segment number.
 */
static int
hdr_param_kind(struct crm_slice pn, const char *name, unsigned *idx, int *encoded)
{
    size_t n = strlen(name);
    struct crm_slice rest;
    const char *cur, *end;
    uint64_t v;

    if (pn.len < n || !crm_slice_casestarts(pn, name))
        return 0;
    if (pn.len == n)
        return 1;
    rest.p = pn.p + n;
    rest.len = pn.len - n;
    if (rest.p[0] != '*')
        return 0;
    if (rest.len == 1)
        return 2;
    cur = rest.p + 1;
    end = rest.p + rest.len;
    if (*cur < '0' || *cur > '9')
        return 0;
    if (crm_parse_uint(&cur, end, &v) != CRM_OK || v >= HDR_MAX_SEGMENTS * 16)
        return -1;
    *encoded = cur < end && *cur == '*';
    if (*encoded)
        cur++;
    if (cur != end)
        return 0;
    *idx = (unsigned)v;
    return 3;
}

/* collected occurrences of the requested parameter */
struct hdr_found {
    struct hdr_param plain, ext;
    int nplain, next;
    struct hdr_segment seg[HDR_MAX_SEGMENTS];
    size_t nseg;
    int bad;
};

/* hdr_collect - one pass over the parameter list, gathering `name` */
static void
hdr_collect(struct crm_slice value, const char *name, struct hdr_found *fd)
{
    const char *cur = hdr_params_start(value), *end = value.p + value.len;
    struct hdr_param pa;
    unsigned idx = 0;
    int kind, enc = 0, r;

    while ((r = hdr_next_param(&cur, end, &pa)) == 1) {
        kind = hdr_param_kind(pa.name, name, &idx, &enc);
        if (kind != 0 && pa.junk)
            fd->bad = 1;
        if (kind == 1 && fd->nplain++ == 0)
            fd->plain = pa;
        else if (kind == 2 && fd->next++ == 0)
            fd->ext = pa;
        else if (kind == 3 && fd->nseg < HDR_MAX_SEGMENTS) {
            fd->seg[fd->nseg].idx = idx;
            fd->seg[fd->nseg].p = pa;
            fd->seg[fd->nseg++].encoded = enc;
        } else if (kind == 3 || kind == -1) {
            fd->bad = 1;
        }
    }
    if (r < 0)
        fd->bad = 1;
}

/* hdr_join_segments - RFC 2231 continuations in index order; 0 when no *0 */
static int
hdr_join_segments(const struct hdr_found *fd, struct crm_buf *out, int *rc)
{
    unsigned want;
    size_t i, hit;

    for (want = 0;; want++) {
        hit = fd->nseg;
        for (i = 0; i < fd->nseg; i++) {
            if (fd->seg[i].idx != want)
                continue;
            if (hit != fd->nseg) {
                *rc = CRM_EPARSE; /* the same segment twice */
                return 1;
            }
            hit = i;
        }
        if (hit == fd->nseg)
            return want > 0;
        *rc = hdr_append_value(&fd->seg[hit].p, fd->seg[hit].encoded, want == 0, out);
        if (*rc != CRM_OK)
            return 1;
    }
}

/* hdr_form_value - the value of one form of the parameter into out (which
 * holds nothing else): 0 name*=, 1 name*0.., 2 plain name=; CRM_ENOTFOUND
 * when the parameter has no such form */
static int
hdr_form_value(const struct hdr_found *fd, int form, struct crm_buf *out)
{
    int rc = CRM_OK;

    if (form == 0)
        return fd->next == 1 ? hdr_append_value(&fd->ext, 1, 1, out) : CRM_ENOTFOUND;
    if (form == 1)
        return hdr_join_segments(fd, out, &rc) ? rc : CRM_ENOTFOUND;
    return fd->nplain == 1 ? hdr_append_value(&fd->plain, 0, 0, out) : CRM_ENOTFOUND;
}

/* crm_hdr_param - value of a structured-field parameter: the RFC 2231 form
 * first; a second form that says something else is ambiguous (parsers differ
 * on which one wins): CRM_EPARSE. The value goes straight into out; only a
 * second form, when there is one, is decoded aside to be compared. */
int
crm_hdr_param(struct crm_slice value, const char *name, struct crm_buf *out)
{
    struct hdr_found fd;
    struct crm_buf other;
    size_t mark = out->len;
    int form, found = 0, r, rc = CRM_OK;

    memset(&fd, 0, sizeof(fd));
    hdr_collect(value, name, &fd);
    if (fd.bad || fd.nplain > 1 || fd.next > 1)
        return CRM_EPARSE;
    for (form = 0; form < 3 && rc == CRM_OK; form++) {
        if (!found) {
            r = hdr_form_value(&fd, form, out);
            found = r != CRM_ENOTFOUND;
            rc = found ? r : CRM_OK;
            continue;
        }
        if (!(form == 1 ? fd.nseg > 0 : fd.nplain == 1))
            continue; /* no such form: nothing to compare */
        crm_buf_init(&other, out->max);
        r = hdr_form_value(&fd, form, &other);
        if (r == CRM_OK && (other.len != out->len - mark ||
                            memcmp(crm_buf_cstr(&other), out->p + mark, other.len) != 0))
            rc = CRM_EPARSE;
        else if (r != CRM_OK && r != CRM_ENOTFOUND)
            rc = r;
        crm_buf_fini(&other);
    }
    if (rc == CRM_OK && !found)
        return CRM_ENOTFOUND;
    if (rc == CRM_EPARSE && out->p != NULL)
        crm_buf_truncate(out, mark);
    if (rc == CRM_OK && out->p == NULL)
        rc = crm_buf_append(out, "", 0);
    return rc;
}

/* crm_hdr_has_param - parameter present in any form */
int
crm_hdr_has_param(struct crm_slice value, const char *name)
{
    const char *cur = hdr_params_start(value), *end = value.p + value.len;
    struct hdr_param pa;
    unsigned idx;
    int enc;

    while (hdr_next_param(&cur, end, &pa) == 1)
        if (hdr_param_kind(pa.name, name, &idx, &enc) != 0)
            return 1;
    return 0;
}

/* crm_hdr_has_comment - a '(' outside quoted strings */
int
crm_hdr_has_comment(struct crm_slice value)
{
    const char *p = value.p, *end = value.p + value.len;
    int quoted = 0;

    if (value.len == 0 || memchr(value.p, '(', value.len) == NULL)
        return 0;
    for (; p < end; p++) {
        if (quoted && *p == '\\' && p + 1 < end)
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '(')
            return 1;
    }
    return 0;
}

/* hdr_copy_lower - NUL-terminated lower-case copy; 0 when it does not fit */
static int
hdr_copy_lower(struct crm_slice s, char *dst, size_t dsz)
{
    size_t i;

    if (s.len == 0 || s.len >= dsz)
        return 0;
    for (i = 0; i < s.len; i++)
        dst[i] = (char)crm_lower((unsigned char)s.p[i]);
    dst[s.len] = '\0';
    return 1;
}

/* crm_hdr_mediatype - type and subtype of a Content-Type value */
int
crm_hdr_mediatype(struct crm_slice value, char *type, size_t tsz, char *subtype, size_t ssz)
{
    const char *cur = value.p, *end = value.p + value.len;
    struct crm_slice t, s;

    hdr_skip_cfws(&cur, end);
    t = hdr_token(&cur, end);
    hdr_skip_cfws(&cur, end);
    if (cur >= end || *cur != '/')
        return CRM_EPARSE;
    cur++;
    hdr_skip_cfws(&cur, end);
    s = hdr_token(&cur, end);
    hdr_skip_cfws(&cur, end);
    if (cur < end && *cur != ';')
        return CRM_EPARSE;
    if (!hdr_copy_lower(t, type, tsz) || !hdr_copy_lower(s, subtype, ssz))
        return CRM_EPARSE;
    return CRM_OK;
}
