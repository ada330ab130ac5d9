/*
 * mime.c - one-pass MIME structure parser.
 *
 * The message is scanned once (plus one extra scan of each header block by
 * crm_hdrs_parse): header lines and lines starting with "--" one at a time
 * by mime_line, the runs of body lines between them by mime_body, which
 * looks only for their anomalies: they are nearly all of a large message.
 * mime_run passes the plain CRLF ones 64 octets at a time with SSE2, AVX2 or
 * AVX-512BW compares (mimerun.c, chosen at run time; elsewhere the
 * line-at-a-time code of mime_body reads them all, with the same results).
 * NULs are found by these same reads, not by a pass of their own (but for a
 * part with bare LFs, whose runs mime_body_bulk reads in bulk). Open multiparts sit on a
 * stack whose height is at most max_depth; a line starting with "--" is
 * compared with the open boundaries, innermost first, so each line costs
 * O(line length * depth). Every part is either the current part or on the
 * stack, so a delimiter closes exactly the parts it must. Work is therefore
 * linear in the message size and memory is bounded by max_parts, max_depth
 * and max_headers.
 */
#include "mime.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "hdr.h"
#include "mimerun.h"

#define MIME_MAX_LINE     CRM_MIME_MAX_LINE
#define MIME_MAX_BOUNDARY 70 /* RFC 2046 5.1.1 */

/* an open multipart: its part index and boundary */
struct mime_open {
    size_t part;
    struct crm_slice b;
};

/* parser state for one crm_mime_parse call */
struct mime_state {
    const char *msg;
    size_t len;
    struct crm_mime_limits lim;
    struct crm_mime *m;
    size_t partcap;
    struct mime_open *stack;
    size_t nstack, stackcap;
    long cur;      /* part whose header or body we are in; -1: a part over max_parts */
    int in_header; /* reading cur's header block */
    size_t owner;  /* part charged with anomalies while cur == -1 */
    int scan;      /* CRM_MIME_SCAN_* used by mime_run */
    struct crm_buf scratch;
};

/* widest scanner crm_mime_parse may use (test hook crm_mime_scan_cap) */
static int mime_scan_max = CRM_MIME_SCAN_AVX512;

/* mime_note - record anomaly bits on a part and on the message */
static void
mime_note(struct mime_state *st, size_t part, unsigned bits)
{
    st->m->parts[part].anomalies |= bits;
    st->m->anomalies |= bits;
}

/* mime_charged - the part that receives anomalies of the current line */
static size_t
mime_charged(const struct mime_state *st)
{
    return st->cur >= 0 ? (size_t)st->cur : st->owner;
}

/* mime_new_part - append a part starting at start; -1 when over the limit */
static int
mime_new_part(struct mime_state *st, long parent, size_t start, long *idx)
{
    struct crm_mime *m = st->m;
    struct crm_mime_part *np, *p;
    size_t ncap;

    *idx = -1;
    if (m->nparts >= st->lim.max_parts)
        return CRM_OK;
    if (m->nparts == st->partcap) {
        ncap = st->partcap ? st->partcap * 2 : 8;
        if (ncap > st->lim.max_parts)
            ncap = st->lim.max_parts;
        np = crm_realloc(m->parts, ncap * sizeof(*np));
        if (np == NULL)
            return CRM_ENOMEM;
        m->parts = np;
        st->partcap = ncap;
    }
    p = &m->parts[m->nparts];
    memset(p, 0, sizeof(*p));
    crm_hdrs_init(&p->hdrs);
    p->parent = (int)parent;
    p->depth = parent >= 0 ? m->parts[parent].depth + 1 : 0;
    p->start = p->body_start = p->body_end = start;
    memcpy(p->type, "text", sizeof("text"));
    memcpy(p->subtype, "plain", sizeof("plain"));
    if (parent >= 0) {
        m->parts[parent].nchildren++;
        if (strcmp(m->parts[parent].type, "multipart") == 0 &&
            strcmp(m->parts[parent].subtype, "digest") == 0) {
            memcpy(p->type, "message", sizeof("message"));
            memcpy(p->subtype, "rfc822", sizeof("rfc822"));
        }
    }
    *idx = (long)m->nparts++;
    return CRM_OK;
}

/* mime_push - open a multipart with boundary b */
static int
mime_push(struct mime_state *st, size_t part, struct crm_slice b)
{
    struct mime_open *ns;
    size_t ncap;

    if (st->nstack == st->stackcap) {
        ncap = st->stackcap ? st->stackcap * 2 : 4;
        ns = crm_realloc(st->stack, ncap * sizeof(*ns));
        if (ns == NULL)
            return CRM_ENOMEM;
        st->stack = ns;
        st->stackcap = ncap;
    }
    st->stack[st->nstack].part = part;
    st->stack[st->nstack++].b = b;
    return CRM_OK;
}

/* mime_cte - Content-Transfer-Encoding value to enum; OUT *bad for garbage */
static enum crm_cte
mime_cte(struct crm_slice v, int *bad)
{
    static const struct {
        const char *name;
        enum crm_cte cte;
    } known[] = {{"7bit", CRM_CTE_7BIT},
                 {"8bit", CRM_CTE_8BIT},
                 {"binary", CRM_CTE_BINARY},
                 {"quoted-printable", CRM_CTE_QP},
                 {"base64", CRM_CTE_BASE64}};
    size_t i;

    v = crm_slice_trim(v);
    *bad = 0;
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (crm_slice_caseeq(v, known[i].name))
            return known[i].cte;
    if (v.len > 2 && crm_slice_casestarts(v, "x-")) {
        for (i = 2; i < v.len; i++) {
            unsigned char c = (unsigned char)v.p[i];
            if (c <= 32 || c >= 127 || strchr("()<>@,;:\\\"/[]?=", c) != NULL)
                break;
        }
        if (i == v.len)
            return CRM_CTE_OTHER;
    }
    *bad = 1;
    return CRM_CTE_OTHER;
}

/* mime_boundary_ok - usable boundary: 1..any printable ASCII, no trailing space */
static int
mime_boundary_ok(const char *b, size_t n)
{
    size_t i;

    if (n == 0 || b[n - 1] == ' ')
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)b[i] < 32 || (unsigned char)b[i] > 126)
            return 0;
    return 1;
}

/* mime_charset - lower-case charset parameter of a Content-Type value */
static void
mime_charset(struct mime_state *st, size_t idx, struct crm_slice ct, int *rc)
{
    struct crm_mime_part *p = &st->m->parts[idx];
    size_t i;
    int r;

    crm_buf_reset(&st->scratch);
    r = crm_hdr_param(ct, "charset", &st->scratch);
    if (r == CRM_ENOMEM) {
        *rc = r;
        return;
    }
    if (r == CRM_ENOTFOUND || (r == CRM_OK && st->scratch.len == 0))
        return;
    if (r != CRM_OK || st->scratch.len >= sizeof(p->charset)) {
        mime_note(st, idx, CRM_MIME_ANOM_BAD_CT);
        return;
    }
    for (i = 0; i < st->scratch.len; i++)
        p->charset[i] = (char)crm_lower((unsigned char)st->scratch.p[i]);
    p->charset[i] = '\0';
}

/* mime_boundary - copy the boundary of a multipart; sets NO_BOUNDARY/BOUNDARY_LEN */
static int
mime_boundary(struct mime_state *st, size_t idx, struct crm_slice ct)
{
    struct crm_mime_part *p = &st->m->parts[idx];
    char *copy;
    int r;

    crm_buf_reset(&st->scratch);
    r = crm_hdr_param(ct, "boundary", &st->scratch);
    if (r == CRM_ENOMEM)
        return r;
    if (r != CRM_OK || !mime_boundary_ok(st->scratch.p, st->scratch.len)) {
        mime_note(st, idx, CRM_MIME_ANOM_NO_BOUNDARY);
        return CRM_OK;
    }
    if (st->scratch.len > MIME_MAX_BOUNDARY)
        mime_note(st, idx, CRM_MIME_ANOM_BOUNDARY_LEN);
    copy = crm_malloc(st->scratch.len + 1);
    if (copy == NULL)
        return CRM_ENOMEM;
    memcpy(copy, st->scratch.p, st->scratch.len + 1);
    p->boundary.p = copy;
    p->boundary.len = st->scratch.len;
    return CRM_OK;
}

/* mime_content_type - type, subtype, charset and boundary from Content-Type */
static int
mime_content_type(struct mime_state *st, size_t idx)
{
    struct crm_mime_part *p = &st->m->parts[idx];
    const struct crm_hdr_field *f = crm_hdrs_find(&p->hdrs, "Content-Type", 0);
    char type[sizeof(p->type)], subtype[sizeof(p->subtype)];
    int rc = CRM_OK;

    if (f == NULL)
        return CRM_OK;
    if (crm_hdrs_find(&p->hdrs, "Content-Type", 1) != NULL)
        mime_note(st, idx, CRM_MIME_ANOM_DUP_CT);
    p->ct_comment = crm_hdr_has_comment(f->value);
    if (crm_hdr_mediatype(f->value, type, sizeof(type), subtype, sizeof(subtype)) != CRM_OK) {
        mime_note(st, idx, CRM_MIME_ANOM_BAD_CT);
        return CRM_OK;
    }
    memcpy(p->type, type, sizeof(type));
    memcpy(p->subtype, subtype, sizeof(subtype));
    mime_charset(st, idx, f->value, &rc);
    if (rc == CRM_OK && strcmp(type, "multipart") == 0)
        rc = mime_boundary(st, idx, f->value);
    return rc;
}

/* mime_is_attachment - Content-Disposition attachment or filename/name parameter */
static int
mime_is_attachment(const struct crm_mime_part *p)
{
    const struct crm_hdr_field *cd = crm_hdrs_find(&p->hdrs, "Content-Disposition", 0);
    const struct crm_hdr_field *ct = crm_hdrs_find(&p->hdrs, "Content-Type", 0);
    struct crm_slice v;

    if (cd != NULL) {
        v = crm_slice_trim(cd->value);
        if (crm_slice_casestarts(v, "attachment") &&
            (v.len == 10 || (v.p[10] != '\0' && strchr(" \t\r\n;(", v.p[10]) != NULL)))
            return 1;
        if (crm_hdr_has_param(cd->value, "filename"))
            return 1;
    }
    return ct != NULL && crm_hdr_has_param(ct->value, "name");
}

/* mime_boundary_open - b is already the boundary of an enclosing multipart */
static int
mime_boundary_open(const struct mime_state *st, struct crm_slice b)
{
    size_t k;

    for (k = 0; k < st->nstack; k++)
        if (st->stack[k].b.len == b.len && memcmp(st->stack[k].b.p, b.p, b.len) == 0)
            return 1;
    return 0;
}

/* mime_classify - header facts of a part whose header block was just parsed */
static int
mime_classify(struct mime_state *st, size_t idx)
{
    struct crm_mime_part *p = &st->m->parts[idx];
    const struct crm_hdr_field *f;
    int bad, rc = mime_content_type(st, idx);

    if (rc != CRM_OK)
        return rc;
    p = &st->m->parts[idx];
    f = crm_hdrs_find(&p->hdrs, "Content-Transfer-Encoding", 0);
    if (f != NULL) {
        p->cte_present = 1;
        p->cte = mime_cte(f->value, &bad);
        if (bad)
            mime_note(st, idx, CRM_MIME_ANOM_BAD_CTE);
        if (crm_hdrs_find(&p->hdrs, "Content-Transfer-Encoding", 1) != NULL)
            mime_note(st, idx, CRM_MIME_ANOM_DUP_CT);
    }
    p->is_attachment = mime_is_attachment(p);
    if (strcmp(p->type, "multipart") != 0)
        return CRM_OK;
    if (p->cte_present && p->cte != CRM_CTE_7BIT && p->cte != CRM_CTE_8BIT &&
        p->cte != CRM_CTE_BINARY)
        mime_note(st, idx, CRM_MIME_ANOM_MULTIPART_CTE);
    if (p->boundary.p == NULL)
        return CRM_OK;
    if (p->depth + 1 > st->lim.max_depth) {
        mime_note(st, idx, CRM_MIME_ANOM_NESTING);
        return CRM_OK;
    }
    if (mime_boundary_open(st, p->boundary)) /* parsers disagree on who owns it */
        mime_note(st, idx, CRM_MIME_ANOM_NO_BOUNDARY);
    return mime_push(st, idx, p->boundary);
}

/*
 * mime_header_done - the current part's header block is [start, hend);
 * body_start is where its body begins (hend unless no empty line was seen).
 */
static int
mime_header_done(struct mime_state *st, size_t hend, size_t body_start)
{
    struct crm_mime_part *p = &st->m->parts[st->cur];
    unsigned an = 0;
    size_t bs;
    int rc;

    st->in_header = 0;
    rc = crm_hdrs_parse(st->msg, p->start, hend, st->lim.max_header, st->lim.max_headers, &p->hdrs,
                        &bs, &an);
    if (rc != CRM_OK)
        return rc;
    mime_note(st, (size_t)st->cur, an);
    p->body_start = p->body_end = body_start;
    return mime_classify(st, (size_t)st->cur);
}

/*
 * mime_match - index of the open multipart whose delimiter line [ls, le) is,
 * or -1. OUT *close: a close delimiter. OUT *prefix: some open boundary starts
 * the line but the line is no strict delimiter of it (RFC 2046's "prefix"
 * reading would accept it: ambiguous).
 */
static long
mime_match(const struct mime_state *st, size_t ls, size_t le, int *close, int *prefix)
{
    const char *p = st->msg + ls + 2;
    size_t n = le - ls - 2, k, i;

    *prefix = 0;
    for (k = st->nstack; k-- > 0;) {
        const struct crm_slice *b = &st->stack[k].b;
        if (n < b->len || memcmp(p, b->p, b->len) != 0)
            continue;
        i = b->len;
        *close = n - i >= 2 && p[i] == '-' && p[i + 1] == '-';
        if (*close)
            i += 2;
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        if (i == n)
            return (long)k;
        *prefix = 1;
    }
    return -1;
}

/* mime_end_at - set a part's body_end to pos (never before its body_start) */
static void
mime_end_at(struct mime_state *st, size_t part, size_t pos)
{
    struct crm_mime_part *p = &st->m->parts[part];

    p->body_end = pos > p->body_start ? pos : p->body_start;
}

/*
 * mime_pop_at - stack[j] ends: by its close delimiter (closed), or at pos
 * because an outer delimiter or the end of the message came first.
 */
static void
mime_pop_at(struct mime_state *st, size_t j, size_t pos, int closed)
{
    size_t part = st->stack[j].part;

    if (!closed) {
        mime_end_at(st, part, pos);
        mime_note(st, part, CRM_MIME_ANOM_NO_CLOSE);
    }
    if (st->m->parts[part].nchildren == 0) /* its boundary never opened a part */
        mime_note(st, part, CRM_MIME_ANOM_NO_BOUNDARY);
}

/*
 * mime_lb_before - length of the line break that ends at the line start ls:
 * 2 for CRLF, 1 for a bare LF, 0 at the start of the message. (A CR right
 * before the LF belongs to the break, as mime_scan splits lines; if the line
 * is empty, msg[ls - 2] is the previous LF, not a CR.)
 */
static size_t
mime_lb_before(const struct mime_state *st, size_t ls)
{
    if (ls == 0)
        return 0;
    return ls >= 2 && st->msg[ls - 2] == '\r' ? 2 : 1;
}

/* mime_delimiter - a delimiter line of stack[k] at [ls, next) */
static int
mime_delimiter(struct mime_state *st, size_t k, int close, size_t ls, size_t next)
{
    size_t mpart = st->stack[k].part, j, pos = ls - mime_lb_before(st, ls);
    int rc = CRM_OK;
    long idx;

    if (pos < st->m->parts[mpart].body_start)
        pos = st->m->parts[mpart].body_start;
    if (st->in_header && st->cur >= 0) {
        size_t hend = pos > st->m->parts[st->cur].start ? pos : st->m->parts[st->cur].start;
        rc = mime_header_done(st, hend, hend);
    }
    if (rc != CRM_OK)
        return rc;
    st->in_header = 0;
    /* innermost first; an outer part never ends before an inner one (an
     * empty inner body may start just after the CRLF that precedes us) */
    if (st->cur >= 0 && (size_t)st->cur != mpart) {
        mime_end_at(st, (size_t)st->cur, pos);
        pos = st->m->parts[st->cur].body_end;
    }
    for (j = st->nstack; j-- > k + 1;) {
        mime_pop_at(st, j, pos, 0);
        pos = st->m->parts[st->stack[j].part].body_end;
    }
    st->nstack = k + 1;
    if (close) {
        mime_pop_at(st, k, pos, 1);
        st->nstack = k;
        st->cur = (long)mpart;
        return CRM_OK;
    }
    rc = mime_new_part(st, (long)mpart, next, &idx);
    if (rc == CRM_OK && idx < 0)
        mime_note(st, mpart, CRM_MIME_ANOM_PARTS);
    st->cur = idx;
    st->owner = mpart;
    st->in_header = idx >= 0;
    return rc;
}

/*
 * mime_plain - the line content [p, p + n), whose line break starts with the
 * CR at p[n], has neither a CR nor a NUL. strchr stops at the first CR or
 * NUL, at p[n] at the latest, so this reads the line once, as a memchr for
 * a stray CR alone would.
 */
static inline int
mime_plain(const char *p, size_t n)
{
    return strchr(p, '\r') == p + n;
}

/* mime_crnul - BARE_LF for a CR in the line content [p, p + n); with nuls, NUL for a NUL */
static unsigned
mime_crnul(const char *p, size_t n, int nuls)
{
    return (memchr(p, '\r', n) != NULL ? CRM_MIME_ANOM_BARE_LF : 0) |
           (nuls && memchr(p, '\0', n) != NULL ? CRM_MIME_ANOM_NUL : 0);
}

/* mime_line - process one line: [ls, le) content, [le, next) its line break */
static int
mime_line(struct mime_state *st, size_t ls, size_t le, size_t next)
{
    const char *p = st->msg + ls;
    size_t n = le - ls, lb = next - le;
    unsigned an = 0;
    int close = 0, prefix;
    long k;

    if (lb != 2 || !mime_plain(p, n))
        an = mime_crnul(p, n, 1) | (lb == 1 ? CRM_MIME_ANOM_BARE_LF : 0);
    if (!st->in_header && n > MIME_MAX_LINE)
        an |= CRM_MIME_ANOM_LONG_LINE;
    if (an)
        mime_note(st, mime_charged(st), an);
    if (st->nstack > 0 && n >= 2 && p[0] == '-' && p[1] == '-') {
        k = mime_match(st, ls, le, &close, &prefix);
        if (k >= 0)
            return mime_delimiter(st, (size_t)k, close, ls, next);
        if (prefix)
            mime_note(st, mime_charged(st), CRM_MIME_ANOM_BAD_DELIM);
    }
    if (st->in_header && n == 0 && lb > 0)
        return mime_header_done(st, next, next);
    return CRM_OK;
}

/*
 * mime_next_dash - start of the first line at or after the line start pos
 * that begins with "--"; len when there is none. One memchr for '-' passes
 * any run of base64 (which has no '-'); a '-' that does not start a "--" line
 * sends the search to the next line start, so text full of hyphens costs at
 * most two calls per line.
 */
static size_t
mime_next_dash(const struct mime_state *st, size_t pos)
{
    const char *msg = st->msg, *q;
    size_t i;

    while (pos < st->len) {
        q = memchr(msg + pos, '-', st->len - pos);
        if (q == NULL)
            break;
        i = (size_t)(q - msg);
        if ((i == pos || msg[i - 1] == '\n') && i + 1 < st->len && msg[i + 1] == '-')
            return i;
        q = memchr(q, '\n', st->len - i);
        if (q == NULL)
            break;
        pos = (size_t)(q - msg) + 1;
    }
    return st->len;
}

/*
 * mime_long_in - some line in [s, end) has more than MIME_MAX_LINE octets of
 * content. s is a line start; end is a line start or len (then the last line
 * may lack its line break, and its content runs to len as in mime_scan).
 * An LF at most MIME_MAX_LINE octets after s proves every line that ends at
 * or before it short, whatever the lines look like, so one memchr over the
 * last MIME_LONG_PROBE octets of that reach passes ~750 octets of short
 * lines. Only where the probe finds no LF is the line at s measured exactly.
 */
#define MIME_LONG_PROBE 256

static int
mime_long_in(const char *msg, size_t s, size_t end)
{
    const char *q;
    size_t le;

    while (end - s > MIME_MAX_LINE) {
        q = memchr(msg + s + MIME_MAX_LINE + 1 - MIME_LONG_PROBE, '\n', MIME_LONG_PROBE);
        if (q == NULL) {
            q = memchr(msg + s, '\n', end - s);
            if (q == NULL) /* a last line without line break, longer than the limit */
                return 1;
            le = (size_t)(q - msg);
            if (le > s && msg[le - 1] == '\r')
                le--;
            if (le - s > MIME_MAX_LINE)
                return 1;
        }
        s = (size_t)(q - msg) + 1;
    }
    return 0;
}

/*
 * mime_body_bulk - mime_body once the charged part has BARE_LF: line breaks
 * no longer matter, so the lines are not visited one by one. The run ends at
 * the next "--" line when a multipart is open (else at len); its lines are
 * checked for length and NUL in bulk. Returns the run's end; OUT *an:
 * LONG_LINE and NUL added.
 */
static size_t
mime_body_bulk(struct mime_state *st, size_t pos, unsigned *an)
{
    size_t end = st->nstack > 0 ? mime_next_dash(st, pos) : st->len;

    if (!(*an & CRM_MIME_ANOM_LONG_LINE) && mime_long_in(st->msg, pos, end))
        *an |= CRM_MIME_ANOM_LONG_LINE;
    if (!(*an & CRM_MIME_ANOM_NUL) && memchr(st->msg + pos, '\0', end - pos) != NULL)
        *an |= CRM_MIME_ANOM_NUL;
    return end;
}

/*
 * mime_run - end of the run of plain CRLF lines from the line start p (p
 * itself when the run is empty) by the scanner st->scan (mimerun.h).
 */
static const char *
mime_run(const struct mime_state *st, const char *p, int delims, int nuls)
{
    return crm_mime_run(st->scan, st->msg, p, st->msg + st->len, delims, nuls);
}

/*
 * mime_body - consume body lines from the line start pos that cannot change
 * the parser's state, recording only their anomalies. Returns the start of
 * the first line mime_line must see (one starting with "--" while a multipart
 * is open, or a last line without line break), or len.
 *
 * Nearly all of a large message is such lines (a 1 MB base64 attachment has
 * ~14,000), so mime_run passes the plain CRLF ones in blocks, and this loop
 * reads only the lines it stops at, the way mime_line would: one memchr for
 * the LF and one strchr for a stray CR or a NUL inside the line
 * (mime_plain), the "--" and length tests in place. Until the charged part
 * has a NUL, a line holding one stops mime_run, so no octet is read only to
 * look for NULs. The charged part changes only at a delimiter, so its
 * anomalies are recorded once at the end, and once it has BARE_LF,
 * mime_body_bulk takes the rest of the run.
 */
static size_t
mime_body(struct mime_state *st, size_t pos)
{
    const char *msg = st->msg, *end = msg + st->len, *p = msg + pos, *lf;
    size_t part = mime_charged(st), n;
    unsigned had = st->m->parts[part].anomalies, an = had;
    int delims = st->nstack > 0, run = st->scan != CRM_MIME_SCAN_SCALAR;

    while (p < end && !(an & CRM_MIME_ANOM_BARE_LF)) {
        if (run)
            p = mime_run(st, p, delims, !(an & CRM_MIME_ANOM_NUL));
        if (p == end || (p[0] == '-' && delims && end - p >= 2 && p[1] == '-'))
            break;
        lf = memchr(p, '\n', (size_t)(end - p));
        if (lf == NULL)
            break;
        if (lf == p || lf[-1] != '\r') {
            an |= CRM_MIME_ANOM_BARE_LF; /* mime_body_bulk takes this line too */
            break;
        }
        n = (size_t)(lf - p) - 1;
        if (!mime_plain(p, n)) { /* a stray CR or a NUL */
            an |= mime_crnul(p, n, !(an & CRM_MIME_ANOM_NUL));
            if (an & CRM_MIME_ANOM_BARE_LF) /* the same */
                break;
        }
        if (n > MIME_MAX_LINE)
            an |= CRM_MIME_ANOM_LONG_LINE;
        p = lf + 1;
    }
    if (an & CRM_MIME_ANOM_BARE_LF)
        p = msg + mime_body_bulk(st, (size_t)(p - msg), &an);
    if (an != had)
        mime_note(st, part, an & ~had);
    return (size_t)(p - msg);
}

/* mime_eof - close whatever is still open at the end of the message */
static int
mime_eof(struct mime_state *st)
{
    int rc = CRM_OK;
    size_t j;

    if (st->in_header && st->cur >= 0)
        rc = mime_header_done(st, st->len, st->len);
    if (rc != CRM_OK)
        return rc;
    if (st->cur >= 0)
        mime_end_at(st, (size_t)st->cur, st->len);
    for (j = st->nstack; j-- > 0;)
        mime_pop_at(st, j, st->len, 0);
    st->nstack = 0;
    mime_end_at(st, 0, st->len);
    return CRM_OK;
}

/*
 * mime_scan - split msg into lines and feed them to mime_line; runs of body
 * lines go through mime_body instead.
 */
static int
mime_scan(struct mime_state *st)
{
    size_t pos = 0, ls, le, next;
    int rc = CRM_OK;
    long idx;

    rc = mime_new_part(st, -1, 0, &idx);
    st->cur = idx;
    st->in_header = 1;
    while (rc == CRM_OK && pos < st->len) {
        const char *lf;
        if (!st->in_header) {
            pos = mime_body(st, pos);
            if (pos == st->len)
                break;
        }
        lf = memchr(st->msg + pos, '\n', st->len - pos);
        ls = pos;
        next = lf ? (size_t)(lf - st->msg) + 1 : st->len;
        le = lf ? next - 1 : st->len;
        if (lf && le > ls && st->msg[le - 1] == '\r')
            le--;
        rc = mime_line(st, ls, le, next);
        pos = next;
    }
    if (rc == CRM_OK)
        rc = mime_eof(st);
    return rc;
}

/* mime_limits - the caller's limits, zero fields replaced by the defaults */
static struct crm_mime_limits
mime_limits(const struct crm_mime_limits *lim)
{
    struct crm_mime_limits d = CRM_MIME_LIMITS_DEFAULT, r = d;

    if (lim != NULL) {
        r = *lim;
        if (r.max_depth == 0)
            r.max_depth = d.max_depth;
        if (r.max_parts == 0)
            r.max_parts = d.max_parts;
        if (r.max_header == 0)
            r.max_header = d.max_header;
        if (r.max_headers == 0)
            r.max_headers = d.max_headers;
    }
    return r;
}

/* mime_scan_best - the widest scanner this build and CPU have, up to mime_scan_max */
static int
mime_scan_best(void)
{
    int best = crm_mime_run_best();

    return best < mime_scan_max ? best : mime_scan_max;
}

/* crm_mime_scan_cap - test hook: cap the body scanner */
int
crm_mime_scan_cap(int cap)
{
    mime_scan_max = cap < 0 ? CRM_MIME_SCAN_AVX512 : cap;
    return mime_scan_best();
}

/* crm_mime_parse - parse a whole message into parts */
int
crm_mime_parse(const char *msg, size_t len, const struct crm_mime_limits *lim,
               struct crm_mime **out, struct crm_err *err)
{
    struct mime_state st;
    int rc;

    *out = NULL;
    memset(&st, 0, sizeof(st));
    st.msg = msg;
    st.len = len;
    st.lim = mime_limits(lim);
    st.scan = mime_scan_best();
    st.m = crm_calloc(1, sizeof(*st.m));
    if (st.m == NULL)
        return crm_err_set(err, CRM_ENOMEM, "mime: out of memory");
    st.m->msg = msg;
    st.m->len = len;
    crm_buf_init(&st.scratch, st.lim.max_header);
    rc = mime_scan(&st);
    crm_buf_fini(&st.scratch);
    crm_free(st.stack);
    if (rc != CRM_OK) {
        crm_mime_free(st.m);
        return crm_err_set(err, rc, "mime: %s", crm_strerror(rc));
    }
    *out = st.m;
    return CRM_OK;
}

/* crm_mime_free - release a parsed message */
void
crm_mime_free(struct crm_mime *m)
{
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < m->nparts; i++) {
        crm_hdrs_fini(&m->parts[i].hdrs);
        crm_free((void *)m->parts[i].boundary.p);
    }
    crm_free(m->parts);
    crm_free(m);
}

/* crm_mime_anomaly_str - short name of the lowest anomaly bit */
const char *
crm_mime_anomaly_str(unsigned anomalies)
{
    static const char *const names[] = {
        "nesting",           "too-many-parts", "long-header",      "no-boundary",
        "no-close-boundary", "bad-cte",        "bad-header",       "duplicate-content-type",
        "no-body-separator", "bare-lf",        "long-line",        "nul",
        "multipart-cte",     "long-boundary",  "bad-content-type", "bad-delimiter"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (anomalies & (1u << i))
            return names[i];
    return anomalies ? "unknown" : "none";
}
