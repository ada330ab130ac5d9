/*
 * result.c - struct crm_result: life cycle, header edits, applying the
 * edits the way Postfix and Sendmail apply milter requests, and the one-line
 * description.
 */
#include "result.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "mime.h"

#define RESULT_MAX_FIELDS 10000

/* crm_result_init - zero everything (token empty) */
void
crm_result_init(struct crm_result *res)
{
    memset(res, 0, sizeof(*res));
}

/* result_free_body - release the body edits */
static void
result_free_body(struct crm_result *res)
{
    size_t i;

    for (i = 0; i < res->nbedits; i++)
        crm_free(res->bedits[i].bytes);
    crm_free(res->bedits);
    res->bedits = NULL;
    res->nbedits = 0;
    res->body_changed = 0;
}

/* result_free_edits - release the header edits */
static void
result_free_edits(struct crm_result *res)
{
    size_t i;

    for (i = 0; i < res->nedits; i++) {
        crm_free(res->edits[i].name);
        crm_free(res->edits[i].value);
    }
    crm_free(res->edits);
    res->edits = NULL;
    res->nedits = 0;
}

/* crm_result_fini - release everything the result owns; it is left initialised
 */
void
crm_result_fini(struct crm_result *res)
{
    size_t i;

    result_free_edits(res);
    for (i = 0; i < res->ncandidates; i++)
        crm_free(res->candidates[i]);
    crm_free(res->candidates);
    crm_free(res->message_id);
    result_free_body(res);
    crm_result_init(res);
}

/* crm_result_add_body_edit - append a body edit, taking bytes */
int
crm_result_add_body_edit(struct crm_result *res, size_t from, size_t to, char *bytes, size_t len)
{
    struct crm_body_edit *nv;
    size_t prev = res->nbedits > 0 ? res->bedits[res->nbedits - 1].to : res->body_start;

    if (from < prev || to < from || (bytes == NULL && len > 0)) {
        crm_free(bytes);
        return CRM_EINVAL;
    }
    nv = crm_realloc(res->bedits, (res->nbedits + 1) * sizeof(*nv));
    if (nv == NULL) {
        crm_free(bytes);
        return CRM_ENOMEM;
    }
    res->bedits = nv;
    nv[res->nbedits].from = from;
    nv[res->nbedits].to = to;
    nv[res->nbedits].bytes = bytes;
    nv[res->nbedits].len = len;
    res->nbedits++;
    return CRM_OK;
}

/* crm_result_body_piece - unchanged ranges and replacements, alternately */
int
crm_result_body_piece(const struct crm_result *res, const char *msg, size_t len, size_t i,
                      struct crm_slice *piece)
{
    size_t k = i / 2, from, to;

    if (k > res->nbedits)
        return 0;
    if (i % 2 == 1) {
        if (k >= res->nbedits)
            return 0;
        piece->p = res->bedits[k].bytes != NULL ? res->bedits[k].bytes : "";
        piece->len = res->bedits[k].len;
        return 1;
    }
    from = k == 0 ? res->body_start : res->bedits[k - 1].to;
    to = k < res->nbedits ? res->bedits[k].from : len;
    if (from > len)
        from = len;
    if (to > len)
        to = len;
    piece->p = msg + from;
    piece->len = to > from ? to - from : 0;
    return 1;
}

/* crm_result_body_len - sum of the pieces */
size_t
crm_result_body_len(const struct crm_result *res, size_t len)
{
    size_t i, n = len > res->body_start ? len - res->body_start : 0;

    for (i = 0; i < res->nbedits; i++)
        n = n - (res->bedits[i].to - res->bedits[i].from) + res->bedits[i].len;
    return n;
}

/* crm_result_add_edit - append a header edit */
int
crm_result_add_edit(struct crm_result *res, enum crm_hdr_op op, const char *name, int index,
                    const char *value, int internal)
{
    struct crm_hdr_edit *v, *ed;

    if ((res->nedits & (res->nedits - 1)) == 0) { /* 0, 1, 2, 4...: grow by doubling */
        v = crm_realloc(res->edits, (res->nedits ? 2 * res->nedits : 4) * sizeof(*v));
        if (v == NULL)
            return CRM_ENOMEM;
        res->edits = v;
    }
    v = res->edits;
    ed = &v[res->nedits];
    memset(ed, 0, sizeof(*ed));
    ed->op = op;
    ed->index = index;
    ed->internal = internal;
    ed->name = crm_strdup(name);
    ed->value = value != NULL ? crm_strdup(value) : NULL;
    if (ed->name == NULL || (value != NULL && ed->value == NULL)) {
        crm_free(ed->name);
        crm_free(ed->value);
        return CRM_ENOMEM;
    }
    res->nedits++;
    return CRM_OK;
}

/* crm_result_drop_changes - keep only internal edits; no body, no invitation */
void
crm_result_drop_changes(struct crm_result *res)
{
    size_t i, k = 0;

    for (i = 0; i < res->nedits; i++) {
        if (res->edits[i].internal) {
            res->edits[k++] = res->edits[i];
        } else {
            crm_free(res->edits[i].name);
            crm_free(res->edits[i].value);
        }
    }
    res->nedits = k;
    result_free_body(res);
    res->inject = 0;
    res->parts_changed = 0;
    snprintf(res->reason, sizeof(res->reason), "error");
}

/* crm_result_parse_header - the top-level fields, parsed the same way
 * everywhere */
int
crm_result_parse_header(const char *msg, size_t len, struct crm_hdrs *h, size_t *body_start,
                        unsigned *anomalies)
{
    int rc;

    *anomalies = 0;
    rc = crm_hdrs_parse(msg, 0, len, 0, RESULT_MAX_FIELDS, h, body_start, anomalies);
    if (rc == CRM_ELIMIT) {
        *anomalies |= CRM_MIME_ANOM_LONG_HEADER;
        rc = CRM_OK;
    }
    return rc;
}

/* result_find - the index-th (1-based) live field named name, or -1 */
static long
result_find(const struct crm_hdrs *h, const unsigned char *del, const char *name, int index)
{
    size_t i;
    int seen = 0;

    if (index < 1)
        return -1;
    for (i = 0; i < h->n; i++) {
        if (del[i] || !crm_slice_caseeq(h->v[i].name, name))
            continue;
        if (++seen == index)
            return (long)i;
    }
    return -1;
}

/* result_put_field - "Name: value" CRLF, folding LF written as CRLF */
static int
result_put_field(struct crm_buf *out, const struct crm_hdr_edit *ed)
{
    const char *v = ed->value != NULL ? ed->value : "";
    size_t i;
    int rc = crm_buf_appendf(out, "%s: ", ed->name);

    for (i = 0; rc == CRM_OK && v[i] != '\0'; i++) {
        if (v[i] == '\n' && (i == 0 || v[i - 1] != '\r'))
            rc = crm_buf_putc(out, '\r');
        if (rc == CRM_OK)
            rc = crm_buf_putc(out, v[i]);
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(out, "\r\n", 2);
    return rc;
}

/* result_separator - offset of the empty line that ends the header block */
static size_t
result_separator(const char *msg, size_t bs, unsigned anomalies)
{
    if ((anomalies & CRM_MIME_ANOM_NO_BODY_SEP) || bs == 0 || msg[bs - 1] != '\n')
        return bs;
    if (bs >= 2 && msg[bs - 2] == '\r')
        return bs - 2;
    return bs - 1;
}

/* result_delete_run - edits k.. delete every live field of one name, highest index first
 * (what the engine emits): apply the run in one pass; returns its length, 0 if it is not one */
static size_t
result_delete_run(const struct crm_result *res, size_t k, int internal_only,
                  const struct crm_hdrs *h, unsigned char *del)
{
    const struct crm_hdr_edit *ed = &res->edits[k];
    size_t j, i, live = 0;

    if (ed->op != CRM_HDR_DELETE || ed->index < 1 || (internal_only && !ed->internal))
        return 0;
    for (j = k + 1; j < res->nedits && (size_t)ed->index > j - k; j++) {
        const struct crm_hdr_edit *n = &res->edits[j];

        if (n->op != CRM_HDR_DELETE || n->index != res->edits[j - 1].index - 1 ||
            strcmp(n->name, ed->name) != 0 || (internal_only && !n->internal))
            return 0;
    }
    if (res->edits[j - 1].index != 1)
        return 0;
    for (i = 0; i < h->n; i++)
        live += !del[i] && crm_slice_caseeq(h->v[i].name, ed->name);
    if (live != (size_t)ed->index)
        return 0;
    for (i = 0; i < h->n; i++)
        if (crm_slice_caseeq(h->v[i].name, ed->name))
            del[i] = 1;
    return j - k;
}

/* result_mark - resolve DELETE/CHANGE edits to fields (in order); unresolvable
 * CHANGEs add */
static void
result_mark(const struct crm_result *res, int internal_only, const struct crm_hdrs *h,
            unsigned char *del, const struct crm_hdr_edit **chg, unsigned char *add)
{
    size_t k, run;
    long i;

    for (k = 0; k < res->nedits; k++) {
        const struct crm_hdr_edit *ed = &res->edits[k];

        if (internal_only && !ed->internal)
            continue;
        run = result_delete_run(res, k, internal_only, h, del);
        if (run > 0) {
            k += run - 1;
            continue;
        }
        if (ed->op == CRM_HDR_ADD) {
            add[k] = 1;
            continue;
        }
        i = result_find(h, del, ed->name, ed->index);
        if (i < 0)
            add[k] = ed->op == CRM_HDR_CHANGE;
        else if (ed->op == CRM_HDR_DELETE)
            del[i] = 1;
        else
            chg[i] = ed;
    }
}

/* result_write - the header with edits, then the (new) body */
static int
result_write(const char *msg, size_t len, const struct crm_result *res, int internal_only,
             const struct crm_hdrs *h, size_t bs, size_t sep, const unsigned char *del,
             const struct crm_hdr_edit **chg, const unsigned char *add, struct crm_buf *out)
{
    size_t i, pos = 0;
    int rc = CRM_OK;

    for (i = 0; rc == CRM_OK && i < h->n; i++) {
        const struct crm_hdr_field *f = &h->v[i];

        if (f->off > pos)
            rc = crm_buf_append(out, msg + pos, f->off - pos);
        if (rc == CRM_OK && chg[i] != NULL)
            rc = result_put_field(out, chg[i]);
        else if (rc == CRM_OK && !del[i])
            rc = crm_buf_append(out, msg + f->off, f->len);
        pos = f->off + f->len;
    }
    if (rc == CRM_OK && sep > pos)
        rc = crm_buf_append(out, msg + pos, sep - pos);
    for (i = 0; rc == CRM_OK && i < res->nedits; i++)
        if (add[i])
            rc = result_put_field(out, &res->edits[i]);
    if (sep < pos)
        sep = pos;
    if (rc == CRM_OK && bs > sep)
        rc = crm_buf_append(out, msg + sep, bs - sep);
    if (rc == CRM_OK && res->body_changed && !internal_only) {
        struct crm_slice piece;
        for (i = 0; rc == CRM_OK && crm_result_body_piece(res, msg, len, i, &piece); i++)
            rc = crm_buf_append(out, piece.p, piece.len);
    } else if (rc == CRM_OK && len > bs)
        rc = crm_buf_append(out, msg + bs, len - bs);
    return rc;
}

/* crm_result_apply - msg with the edits applied as an MTA applies milter
 * requests */
int
crm_result_apply(const char *msg, size_t len, const struct crm_result *res, int internal_only,
                 struct crm_buf *out)
{
    struct crm_hdrs h;
    size_t bs = 0;
    unsigned an = 0;
    unsigned char *del = NULL, *add = NULL;
    const struct crm_hdr_edit **chg = NULL;
    int rc;

    crm_hdrs_init(&h);
    rc = crm_result_parse_header(msg, len, &h, &bs, &an);
    if (rc == CRM_OK) {
        del = crm_calloc(h.n + 1, 1);
        add = crm_calloc(res->nedits + 1, 1);
        chg = crm_calloc(h.n + 1, sizeof(*chg));
        if (del == NULL || add == NULL || chg == NULL)
            rc = CRM_ENOMEM;
    }
    if (rc == CRM_OK) {
        result_mark(res, internal_only, &h, del, chg, add);
        rc = result_write(msg, len, res, internal_only, &h, bs, result_separator(msg, bs, an), del,
                          chg, add, out);
    }
    crm_free(del);
    crm_free(add);
    crm_free(chg);
    crm_hdrs_fini(&h);
    return rc;
}

/* crm_result_describe - one line: verdict, reason, score, rules fired */
int
crm_result_describe(const struct crm_result *res, struct crm_buf *out)
{
    const char *rules = res->verdict.fired[0] != '\0' ? res->verdict.fired : "-";
    char tok[CRM_TOKEN_SHORT_LEN + 1];
    int rc;

    if (res->inject) {
        crm_token_short(res->token, tok);
        rc = crm_buf_appendf(out,
                             "inject score=%d rules=%s lang=%s tmpl=%s parts=%u "
                             "candidates=%zu token=%s",
                             res->verdict.score, rules, res->lang, res->tmpl, res->parts_changed,
                             res->ncandidates, tok);
    } else {
        rc = crm_buf_appendf(out, "pass reason=%s score=%d rules=%s",
                             res->reason[0] != '\0' ? res->reason : "none", res->verdict.score,
                             rules);
    }
    if (rc == CRM_OK && res->forced)
        rc = crm_buf_puts(out, " forced=1");
    if (rc == CRM_OK && res->tags[0] != '\0')
        rc = crm_buf_appendf(out, " tags=%s", res->tags);
    return rc;
}
