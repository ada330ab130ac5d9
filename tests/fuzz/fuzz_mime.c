/*
 * fuzz_mime.c - libFuzzer target for the MIME structure parser and the
 * header-field helpers.
 *
 * Parses the input twice (default limits, and tiny limits so the limit paths
 * run) and checks the structural invariants:
 *   - parse never fails (no fault injection here), part 0 spans the message;
 *   - start <= body_start <= body_end <= len for every part;
 *   - parts are in document order (starts strictly increase), every child
 *     lies inside its parent's body, depth = parent depth + 1, nchildren
 *     matches, the parent is a multipart with a boundary, counts and depths
 *     respect the limits;
 *   - header fields lie inside [start, body_start);
 *   - the message's anomalies are the OR of the parts';
 *   - in an anomaly-free message each child body ends where "CRLF--boundary"
 *     (or, for an empty body, "--boundary") starts.
 * It then runs crm_hdr_param / crm_hdr_mediatype / crm_hdr_unfold over each
 * part's Content-Type and Content-Disposition values (must not crash, output
 * bounded by the buffer cap). A violated property aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hdr.h"
#include "mime.h"

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_delim_at - msg[pos..] starts with [CRLF] "--" boundary */
static int
fuzz_delim_at(const struct crm_mime *m, size_t pos, struct crm_slice b, int crlf)
{
    const char *p = m->msg + pos;
    size_t need = (crlf ? 2 : 0) + 2 + b.len;

    if (m->len - pos < need)
        return 0;
    if (crlf) {
        if (p[0] != '\r' || p[1] != '\n')
            return 0;
        p += 2;
    }
    return p[0] == '-' && p[1] == '-' && memcmp(p + 2, b.p, b.len) == 0;
}

/* fuzz_part - invariants of part i */
static void
fuzz_part(const struct crm_mime *m, const struct crm_mime_limits *lim, size_t i, unsigned *children,
          unsigned *all)
{
    const struct crm_mime_part *p = &m->parts[i], *par;
    size_t f;

    fuzz_check(p->start <= p->body_start && p->body_start <= p->body_end && p->body_end <= m->len);
    for (f = 0; f < p->hdrs.n; f++) {
        fuzz_check(p->hdrs.v[f].off >= p->start);
        fuzz_check(p->hdrs.v[f].off + p->hdrs.v[f].len <= p->body_start);
        fuzz_check(p->hdrs.v[f].name.p >= m->msg + p->start);
        fuzz_check(p->hdrs.v[f].value.p + p->hdrs.v[f].value.len <= m->msg + p->body_start);
    }
    fuzz_check(p->hdrs.n <= lim->max_headers);
    fuzz_check(p->depth <= lim->max_depth);
    *all |= p->anomalies;
    if (i == 0) {
        fuzz_check(p->parent == -1 && p->depth == 0 && p->start == 0 && p->body_end == m->len);
        return;
    }
    fuzz_check(p->parent >= 0 && (size_t)p->parent < i);
    fuzz_check(p->start > m->parts[i - 1].start);
    par = &m->parts[p->parent];
    children[p->parent]++;
    fuzz_check(p->depth == par->depth + 1);
    fuzz_check(strcmp(par->type, "multipart") == 0 && par->boundary.p != NULL);
    fuzz_check(p->start >= par->body_start && p->body_end <= par->body_end);
    if (m->anomalies == 0)
        fuzz_check(
            fuzz_delim_at(m, p->body_end, par->boundary, 1) ||
            (p->body_end == p->body_start && fuzz_delim_at(m, p->body_end, par->boundary, 0)));
}

/* fuzz_fields - exercise the parameter helpers on one field value */
static void
fuzz_fields(struct crm_slice v)
{
    static const char *const names[] = {"boundary", "charset", "name", "filename"};
    char t[32], s[64];
    struct crm_buf b;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        crm_buf_init(&b, 4096);
        rc = crm_hdr_param(v, names[i], &b);
        fuzz_check(rc == CRM_OK || rc == CRM_ENOTFOUND || rc == CRM_EPARSE || rc == CRM_ELIMIT);
        fuzz_check(b.len <= 4096);
        if (rc == CRM_OK)
            fuzz_check(crm_hdr_has_param(v, names[i]) == 1);
        crm_buf_fini(&b);
    }
    rc = crm_hdr_mediatype(v, t, sizeof(t), s, sizeof(s));
    fuzz_check(rc == CRM_OK || rc == CRM_EPARSE);
    if (rc == CRM_OK)
        fuzz_check(strlen(t) > 0 && strlen(t) < sizeof(t) && strlen(s) > 0);
    crm_buf_init(&b, 1u << 20);
    rc = crm_hdr_unfold(v, &b);
    fuzz_check(rc == CRM_OK || rc == CRM_ELIMIT);
    fuzz_check(rc != CRM_OK || (b.len <= v.len && memchr(b.p, '\n', b.len) == NULL));
    crm_buf_fini(&b);
}

/* fuzz_parse - parse with lim and check everything */
static void
fuzz_parse(const char *msg, size_t len, const struct crm_mime_limits *lim)
{
    struct crm_mime *m = NULL;
    unsigned *children, all = 0;
    const struct crm_hdr_field *f;
    size_t i;

    fuzz_check(crm_mime_parse(msg, len, lim, &m, NULL) == CRM_OK);
    fuzz_check(m->nparts >= 1 && m->nparts <= lim->max_parts);
    fuzz_check(m->msg == msg && m->len == len);
    children = calloc(m->nparts, sizeof(*children));
    fuzz_check(children != NULL);
    for (i = 0; i < m->nparts; i++)
        fuzz_part(m, lim, i, children, &all);
    for (i = 0; i < m->nparts; i++) {
        fuzz_check(children[i] == m->parts[i].nchildren);
        if ((f = crm_hdrs_find(&m->parts[i].hdrs, "Content-Type", 0)) != NULL)
            fuzz_fields(f->value);
        if ((f = crm_hdrs_find(&m->parts[i].hdrs, "Content-Disposition", 0)) != NULL)
            fuzz_fields(f->value);
    }
    fuzz_check(all == m->anomalies);
    fuzz_check(crm_mime_anomaly_str(m->anomalies) != NULL);
    free(children);
    crm_mime_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct crm_mime_limits dflt = CRM_MIME_LIMITS_DEFAULT;
    const struct crm_mime_limits tiny = {3, 6, 64, 8};

    fuzz_parse((const char *)data, size, &dflt);
    fuzz_parse((const char *)data, size, &tiny);
    return 0;
}
