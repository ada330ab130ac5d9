/* rules.c - weighted pcre2 rules: parse, compile and evaluate */
#include "rules.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "alloc.h"
#include "charset.h"
#include "buf.h"
#include "embedded.h"
#include "prefilter.h"
#include "rfc2047.h"
#include "text.h"

#define RULES_MAX         4096
#define RULES_ID_MAX      64
#define RULES_WEIGHT_MAX  1000
#define RULES_THRESH_MAX  100000
#define RULES_FILE_MAX    (4u << 20)
#define RULES_MATCH_LIMIT 100000
#define RULES_DEPTH_LIMIT 1000
#define RULES_HDR_MAX     (64u << 10)
#define RULES_FLAGS       (PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C)
#define RULES_DEFAULT     "rules/careerrelay.rules"

enum rules_target { RULES_SUBJECT, RULES_BODY, RULES_SENDER, RULES_HEADER };

struct rules_rule {
    char *id;
    int weight;
    enum rules_target target;
    char *header; /* field name for RULES_HEADER */
    pcre2_code *re;
    /* what pcre2 itself knows every match needs (rules_needs): a byte of
     * first[] at the start (when has_first) and byte req[0] or req[1]
     * somewhere (when req[0] >= 0) */
    int has_first;
    uint8_t first[32];
    int req[2];
    struct crm_pf *pf; /* strings every match contains (subject and body
                          rules); NULL: not known */
};

/* the bytes a subject contains, a bit per byte value */
struct rules_bytes {
    uint8_t has[32];
};

struct crm_rules {
    struct rules_rule *v;
    size_t n, cap;
    size_t *order; /* evaluation order: positive weights descending (short texts
                      first), then negative weights ascending (rules_order_cmp) */
    int threshold; /* 0 until the directive is seen */
    int no_jit;    /* running under valgrind */
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
};

/* one line being parsed, for error messages */
struct rules_line {
    const char *name;
    size_t no;
    const char *p, *end;
};

/* rules_under_valgrind - JIT code reads the subject in wide words, which
 * memcheck reports as uses of uninitialised bytes: under memcheck (seen by
 * its preload library) the interpreter is used instead; other valgrind tools
 * (callgrind for the benchmark's instruction counts) keep the JIT */
static int
rules_under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");

    return pre != NULL && strstr(pre, "vgpreload_memcheck") != NULL;
}

/* rules_pmalloc - pcre2 allocations go through crm_malloc */
static void *
rules_pmalloc(PCRE2_SIZE n, void *data)
{
    (void)data;
    return crm_malloc(n);
}

/* rules_pfree - pcre2 frees go through crm_free */
static void
rules_pfree(void *p, void *data)
{
    (void)data;
    crm_free(p);
}

/* rules_new - empty rule set with its pcre2 contexts */
static struct crm_rules *
rules_new(void)
{
    struct crm_rules *r = crm_calloc(1, sizeof(*r));

    if (r == NULL)
        return NULL;
    r->gctx = pcre2_general_context_create(rules_pmalloc, rules_pfree, NULL);
    if (r->gctx != NULL)
        r->cctx = pcre2_compile_context_create(r->gctx);
    if (r->gctx != NULL)
        r->mctx = pcre2_match_context_create(r->gctx);
    if (r->cctx == NULL || r->mctx == NULL) {
        crm_rules_free(r);
        return NULL;
    }
    r->no_jit = rules_under_valgrind();
    pcre2_set_match_limit(r->mctx, RULES_MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, RULES_DEPTH_LIMIT);
    return r;
}

/* crm_rules_free - free a rule set (NULL ok) */
void
crm_rules_free(struct crm_rules *r)
{
    size_t i;

    if (r == NULL)
        return;
    crm_free(r->order);
    for (i = 0; i < r->n; i++) {
        crm_free(r->v[i].id);
        crm_free(r->v[i].header);
        crm_pf_free(r->v[i].pf);
        pcre2_code_free(r->v[i].re);
    }
    crm_free(r->v);
    pcre2_match_context_free(r->mctx);
    pcre2_compile_context_free(r->cctx);
    pcre2_general_context_free(r->gctx);
    crm_free(r);
}

/* crm_rules_count - number of rules */
size_t
crm_rules_count(const struct crm_rules *r)
{
    return r ? r->n : 0;
}

/* crm_rules_threshold - the score at which a message is a rejection */
int
crm_rules_threshold(const struct crm_rules *r)
{
    return r ? r->threshold : 0;
}

/* rules_fail - "name:line: cause" parse error */
static int
rules_fail(const struct rules_line *l, struct crm_err *err, const char *cause, struct crm_slice w)
{
    return crm_err_set(err, CRM_EPARSE, "%s:%zu: %s '%.*s'", l->name, l->no, cause,
                       (int)(w.len > 60 ? 60 : w.len), w.p);
}

/* rules_int - a whole-word signed integer in [lo, hi] */
static int
rules_int(const char **cur, const char *end, int lo, int hi, int *v)
{
    const char *p = *cur;
    int64_t n;

    if (crm_parse_int(&p, end, &n) != CRM_OK || n < lo || n > hi)
        return CRM_EPARSE;
    if (p < end && *p != ' ' && *p != '\t')
        return CRM_EPARSE;
    *v = (int)n;
    *cur = p;
    return CRM_OK;
}

/* rules_id_ok - [A-Za-z0-9_.-]+, at most RULES_ID_MAX bytes */
static int
rules_id_ok(struct crm_slice w)
{
    size_t i;

    if (w.len == 0 || w.len > RULES_ID_MAX)
        return 0;
    for (i = 0; i < w.len; i++) {
        char c = w.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* rules_target - parse TARGET; OUT hdr is the field name of header:NAME */
static int
rules_target(struct crm_slice w, enum rules_target *t, struct crm_slice *hdr)
{
    size_t i;

    if (crm_slice_caseeq(w, "subject"))
        *t = RULES_SUBJECT;
    else if (crm_slice_caseeq(w, "body"))
        *t = RULES_BODY;
    else if (crm_slice_caseeq(w, "sender"))
        *t = RULES_SENDER;
    else if (crm_slice_casestarts(w, "header:") && w.len > 7 && w.len <= 7 + 76)
        *t = RULES_HEADER;
    else
        return CRM_EPARSE;
    hdr->p = w.p + 7;
    hdr->len = *t == RULES_HEADER ? w.len - 7 : 0;
    for (i = 0; i < hdr->len; i++)
        if ((unsigned char)hdr->p[i] < 33 || (unsigned char)hdr->p[i] > 126 || hdr->p[i] == ':')
            return CRM_EPARSE;
    return CRM_OK;
}

/* rules_compile - compile PATTERN for the rule being added */
static int
rules_compile(struct crm_rules *r, const struct rules_line *l, struct crm_slice pat,
              pcre2_code **re, struct crm_err *err)
{
    int code;
    PCRE2_SIZE off;
    PCRE2_UCHAR msg[120];

    *re = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, RULES_FLAGS, &code, &off, r->cctx);
    if (*re == NULL) {
        if (code == PCRE2_ERROR_NOMEMORY || code == PCRE2_ERROR_HEAP_FAILED)
            return crm_err_set(err, CRM_ENOMEM, "%s:%zu: out of memory", l->name, l->no);
        if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
            msg[0] = '\0';
        return crm_err_set(err, CRM_EPARSE, "%s:%zu: pattern error at offset %zu: %s", l->name,
                           l->no, (size_t)off, (const char *)msg);
    }
    if (!r->no_jit) /* the interpreter runs when JIT is unavailable */
        (void)pcre2_jit_compile(*re, PCRE2_JIT_COMPLETE);
    return CRM_OK;
}

/* rules_other_case - the other ASCII case of byte c, or c */
static int
rules_other_case(int c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 'A';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    return c;
}

/*
 * rules_needs - what pcre2's own start-of-match optimisation knows about re:
 * the possible first code units (a bitmap, or one unit) and a code unit every
 * match contains. pcre2 does not say whether a single unit is caseless, so an
 * ASCII letter stands for both its cases (a superset: never a missed match).
 * Multi-byte characters under PCRE2_CASELESS never give a single unit;
 * their lead bytes, other cases included, are in the bitmap.
 */
static void
rules_needs(struct rules_rule *rule)
{
    uint32_t type = 0, cu = 0;
    const uint8_t *map = NULL;

    rule->has_first = 0;
    rule->req[0] = rule->req[1] = -1;
    if (pcre2_pattern_info(rule->re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(rule->re, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0 && cu < 256) {
        memset(rule->first, 0, sizeof(rule->first));
        rule->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
        cu = (uint32_t)rules_other_case((int)cu);
        rule->first[cu >> 3] |= (uint8_t)(1u << (cu & 7));
        rule->has_first = 1;
    } else if (type == 0 && pcre2_pattern_info(rule->re, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
               map != NULL) {
        memcpy(rule->first, map, sizeof(rule->first));
        rule->has_first = 1;
    }
    if (pcre2_pattern_info(rule->re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(rule->re, PCRE2_INFO_LASTCODEUNIT, &cu) == 0 && cu < 256) {
        rule->req[0] = (int)cu;
        rule->req[1] = rules_other_case((int)cu);
    }
}

/* rules_bytes_of - the set of bytes in s */
static void
rules_bytes_of(struct crm_slice s, struct rules_bytes *b)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i;

    memset(b, 0, sizeof(*b));
    for (i = 0; i < s.len; i++)
        b->has[p[i] >> 3] |= (uint8_t)(1u << (p[i] & 7));
}

/* rules_has_byte - s contains byte c */
static int
rules_has_byte(const struct rules_bytes *b, int c)
{
    return (b->has[c >> 3] >> (c & 7)) & 1;
}

/* rules_may_match - 0 when pcre2 could not find a match in a subject with
 * these bytes (no possible first byte, or a required byte missing) */
static int
rules_may_match(const struct rules_rule *rule, const struct rules_bytes *b)
{
    uint64_t f[4], h[4]; /* the two 256-bit sets, a word at a time */

    if (rule->has_first) {
        memcpy(f, rule->first, sizeof(f));
        memcpy(h, b->has, sizeof(h));
        if (((f[0] & h[0]) | (f[1] & h[1]) | (f[2] & h[2]) | (f[3] & h[3])) == 0)
            return 0;
    }
    return rule->req[0] < 0 || rules_has_byte(b, rule->req[0]) || rules_has_byte(b, rule->req[1]);
}

/* rules_push - append a rule, taking ownership of re */
static int
rules_push(struct crm_rules *r, struct crm_slice id, int weight, enum rules_target t,
           struct crm_slice hdr, pcre2_code *re)
{
    struct rules_rule *nv, *rule;

    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 32;
        nv = crm_realloc(r->v, ncap * sizeof(*nv));
        if (nv == NULL) {
            pcre2_code_free(re);
            return CRM_ENOMEM;
        }
        r->v = nv;
        r->cap = ncap;
    }
    rule = &r->v[r->n];
    memset(rule, 0, sizeof(*rule));
    rule->re = re;
    rule->weight = weight;
    rule->target = t;
    rule->id = crm_slice_dup(id);
    rule->header = t == RULES_HEADER ? crm_slice_dup(hdr) : NULL;
    rules_needs(rule);
    r->n++; /* owned now: freed with r even when a dup failed */
    if (rule->id == NULL || (t == RULES_HEADER && rule->header == NULL))
        return CRM_ENOMEM;
    return CRM_OK;
}

/* rules_dup_id - an earlier rule has this id */
static int
rules_dup_id(const struct crm_rules *r, struct crm_slice id)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (crm_slice_eq(id, r->v[i].id))
            return 1;
    return 0;
}

/* rules_parse_rule - "rule ID WEIGHT TARGET PATTERN" after the directive */
static int
rules_parse_rule(struct crm_rules *r, struct rules_line *l, struct crm_err *err)
{
    struct crm_slice id = {"", 0}, tw = {"", 0}, hdr, pat;
    enum rules_target t;
    const char *wp;
    int weight, rc;
    pcre2_code *re;

    crm_parse_skip_ws(&l->p, l->end);
    if (crm_parse_word(&l->p, l->end, &id) != CRM_OK || !rules_id_ok(id))
        return rules_fail(l, err, "bad rule id", id);
    if (rules_dup_id(r, id))
        return rules_fail(l, err, "duplicate rule id", id);
    if (r->n >= RULES_MAX)
        return rules_fail(l, err, "too many rules at", id);
    crm_parse_skip_ws(&l->p, l->end);
    wp = l->p;
    if (rules_int(&l->p, l->end, -RULES_WEIGHT_MAX, RULES_WEIGHT_MAX, &weight) != CRM_OK) {
        struct crm_slice w = {"", 0};
        if (crm_parse_word(&wp, l->end, &w) != CRM_OK)
            w.len = 0;
        return rules_fail(l, err, "bad weight", w);
    }
    crm_parse_skip_ws(&l->p, l->end);
    if (crm_parse_word(&l->p, l->end, &tw) != CRM_OK || rules_target(tw, &t, &hdr) != CRM_OK)
        return rules_fail(l, err, "bad target", tw);
    crm_parse_skip_ws(&l->p, l->end);
    pat.p = l->p;
    pat.len = (size_t)(l->end - l->p);
    if (pat.len == 0)
        return rules_fail(l, err, "missing pattern for rule", id);
    rc = rules_compile(r, l, pat, &re, err);
    if (rc == CRM_OK && (rc = rules_push(r, id, weight, t, hdr, re)) == CRM_OK &&
        (t == RULES_SUBJECT || t == RULES_BODY))
        rc = crm_pf_analyze(pat.p, pat.len, &r->v[r->n - 1].pf);
    if (rc == CRM_ENOMEM)
        crm_err_set(err, rc, "%s:%zu: out of memory", l->name, l->no);
    return rc;
}

/* rules_parse_line - one directive line (comments and blanks already skipped) */
static int
rules_parse_line(struct crm_rules *r, struct rules_line *l, struct crm_err *err)
{
    struct crm_slice w = {"", 0};
    const char *vp;

    if (crm_parse_word(&l->p, l->end, &w) != CRM_OK)
        w.len = 0;
    if (crm_slice_eq(w, "rule"))
        return rules_parse_rule(r, l, err);
    if (!crm_slice_eq(w, "threshold"))
        return rules_fail(l, err, "unknown directive", w);
    if (r->threshold != 0)
        return rules_fail(l, err, "duplicate directive", w);
    crm_parse_skip_ws(&l->p, l->end);
    vp = l->p;
    if (rules_int(&l->p, l->end, 1, RULES_THRESH_MAX, &r->threshold) != CRM_OK || l->p != l->end) {
        w.p = vp;
        w.len = (size_t)(l->end - vp);
        return rules_fail(l, err, "bad threshold (want 1..100000)", w);
    }
    return CRM_OK;
}

/* rules_trim_end - drop trailing SP, HTAB and CR */
static const char *
rules_trim_end(const char *p, const char *end)
{
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    return end;
}

/* rules_order_cmp - positive weights first: the rules on short texts
 * (subject, sender, header fields) before the body rules, each largest
 * first; then negative weights, most negative first; file order among
 * equals */
static int
rules_order_cmp(const struct rules_rule *v, size_t a, size_t b)
{
    int wa = v[a].weight, wb = v[b].weight;
    int ba = v[a].target == RULES_BODY, bb = v[b].target == RULES_BODY;

    if ((wa > 0) != (wb > 0))
        return wa > 0 ? -1 : 1;
    if (wa > 0 && ba != bb)
        return ba ? 1 : -1;
    if (wa != wb)
        return wa > 0 ? (wa > wb ? -1 : 1) : (wa < wb ? -1 : 1);
    return a < b ? -1 : 1;
}

/* rules_plan - the evaluation order (insertion sort: rules files are small
 * and this runs once per load) */
static int
rules_plan(struct crm_rules *r)
{
    size_t i, j;

    r->order = crm_calloc(r->n ? r->n : 1, sizeof(*r->order));
    if (r->order == NULL)
        return CRM_ENOMEM;
    for (i = 0; i < r->n; i++) {
        for (j = i; j > 0 && rules_order_cmp(r->v, i, r->order[j - 1]) < 0; j--)
            r->order[j] = r->order[j - 1];
        r->order[j] = i;
    }
    return CRM_OK;
}

/* crm_rules_parse - compile a rules file held in memory */
int
crm_rules_parse(const char *text, size_t len, const char *name, struct crm_rules **out,
                struct crm_err *err)
{
    struct crm_rules *r = rules_new();
    struct rules_line l = {name ? name : "rules", 0, text, text};
    const char *p = text, *end = text + len, *nl, *stop;
    int rc = CRM_OK;

    *out = NULL;
    if (r == NULL)
        return crm_err_set(err, CRM_ENOMEM, "%s: out of memory", l.name);
    while (rc == CRM_OK && p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        stop = nl ? nl : end;
        l.no++;
        l.p = p;
        l.end = rules_trim_end(p, stop);
        crm_parse_skip_ws(&l.p, l.end);
        if (l.p < l.end && *l.p != '#')
            rc = rules_parse_line(r, &l, err);
        p = nl ? nl + 1 : end;
    }
    if (rc == CRM_OK && r->threshold == 0)
        rc = crm_err_set(err, CRM_EPARSE, "%s:%zu: missing 'threshold N' directive", l.name, l.no);
    if (rc == CRM_OK && rules_plan(r) != CRM_OK)
        rc = crm_err_set(err, CRM_ENOMEM, "%s: out of memory", l.name);
    if (rc != CRM_OK) {
        crm_rules_free(r);
        return rc;
    }
    *out = r;
    return CRM_OK;
}

/* rules_read_file - whole file into out (capped) */
static int
rules_read_file(const char *path, struct crm_buf *out, struct crm_err *err)
{
    char chunk[16384], eb[128];
    ssize_t n;
    int rc = CRM_OK, fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return crm_err_set(err, CRM_EIO, "%s: %s", path, strerror_r(errno, eb, sizeof(eb)));
    while (rc == CRM_OK) {
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = crm_err_set(err, CRM_EIO, "%s: %s", path, strerror_r(errno, eb, sizeof(eb)));
        if (n <= 0)
            break;
        rc = crm_buf_append(out, chunk, (size_t)n);
        if (rc != CRM_OK)
            crm_err_set(err, rc, "%s: %s", path,
                        rc == CRM_ELIMIT ? "file too large" : "out of memory");
    }
    close(fd);
    return rc;
}

/* crm_rules_load - a rules file, or the embedded default rules */
int
crm_rules_load(const char *path, struct crm_rules **out, struct crm_err *err)
{
    const struct crm_embedded_file *f;
    struct crm_buf b;
    int rc;

    *out = NULL;
    if (path == NULL || path[0] == '\0') {
        f = crm_embedded_find(RULES_DEFAULT);
        if (f == NULL)
            return crm_err_set(err, CRM_ENOTFOUND, "%s: not embedded", RULES_DEFAULT);
        return crm_rules_parse(f->data, f->len, RULES_DEFAULT, out, err);
    }
    crm_buf_init(&b, RULES_FILE_MAX);
    rc = rules_read_file(path, &b, err);
    if (rc == CRM_OK)
        rc = crm_rules_parse(crm_buf_cstr(&b), b.len, path, out, err);
    crm_buf_fini(&b);
    return rc;
}

/* ---- evaluation ---- */

/*
 * rules_join - the body as matched: a line break between two non-ASCII
 * characters (hard-wrapped Japanese) is removed. n is normalised text; *t is
 * n itself when nothing is joined, else a copy in out.
 */
static int
rules_join(struct crm_slice n, struct crm_buf *out, struct crm_slice *t)
{
    const unsigned char *p = (const unsigned char *)n.p;
    const unsigned char *nl = p != NULL ? memchr(p, '\n', n.len) : NULL;
    size_t i, from = 0;
    int rc = CRM_OK;

    *t = n;
    for (; nl != NULL && rc == CRM_OK; nl = memchr(p + i + 1, '\n', n.len - i - 1)) {
        i = (size_t)(nl - p);
        if (i + 1 >= n.len)
            break;
        if (i > 0 && p[i - 1] >= 0x80 && p[i + 1] >= 0x80) {
            rc = crm_buf_append(out, n.p + from, i - from);
            from = i + 1;
        }
    }
    if (rc == CRM_OK && from > 0) {
        rc = crm_buf_append(out, n.p + from, n.len - from);
        *t = (struct crm_slice){out->p, out->len};
    }
    return rc;
}

/*
 * rules_prepare - s as matched: normalised (unless the caller already did)
 * and, for the body, joined. *t points into s or into out; it is valid UTF-8.
 */
static int
rules_prepare(struct crm_slice s, int normalized, int join, struct crm_buf *out,
              struct crm_slice *t)
{
    struct crm_buf n;
    int rc;

    if (s.p == NULL)
        s = (struct crm_slice){"", 0};
    if (normalized) {
        *t = s;
        return join ? rules_join(s, out, t) : CRM_OK;
    }
    if (!join) {
        rc = crm_text_normalize(s.p, s.len, out);
        *t = (struct crm_slice){out->p, out->len};
        return rc;
    }
    crm_buf_init(&n, out->max);
    rc = crm_text_normalize(s.p, s.len, &n);
    if (rc == CRM_OK)
        rc = rules_join((struct crm_slice){n.p, n.len}, out, t);
    if (rc == CRM_OK && t->p == n.p) { /* nothing joined: keep the normalised text */
        crm_buf_fini(out);
        *out = n;
        crm_buf_init(&n, out->max);
    }
    crm_buf_fini(&n);
    return rc;
}

/* rules_match - 1 when rule matches s, 0 when not (a limit hit counts as
 * not, and is counted); CRM_ENOMEM */
static int
rules_match(const struct crm_rules *r, const struct rules_rule *rule, pcre2_match_data *md,
            struct crm_slice s, uint32_t opts, struct crm_verdict *v)
{
    int rc = pcre2_match(rule->re, (PCRE2_SPTR)(s.p ? s.p : ""), s.len, 0, opts, md, r->mctx);

    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return CRM_ENOMEM;
    v->limit_hits++; /* MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, JIT_STACKLIMIT */
    return 0;
}

/* rules_match_header - the rule matches any field of its name */
static int
rules_match_header(const struct crm_rules *r, const struct rules_rule *rule,
                   const struct crm_features *f, pcre2_match_data *md, struct crm_verdict *v)
{
    struct crm_buf dec, norm;
    size_t i;
    int rc = 0;

    if (f->hdrs == NULL)
        return 0;
    crm_buf_init(&dec, RULES_HDR_MAX);
    crm_buf_init(&norm, RULES_HDR_MAX);
    for (i = 0; i < f->hdrs->n && rc == 0; i++) {
        const struct crm_hdr_field *h = &f->hdrs->v[i];
        if (!crm_slice_caseeq(h->name, rule->header))
            continue;
        crm_buf_reset(&dec);
        crm_buf_reset(&norm);
        rc = crm_rfc2047_decode(h->value, &dec);
        if (rc == CRM_OK)
            rc = crm_text_normalize(crm_buf_cstr(&dec), dec.len, &norm);
        if (rc == CRM_ELIMIT) /* an absurdly long field: not matched */
            rc = 0;
        else if (rc == CRM_OK) { /* without the blank after the colon */
            struct crm_slice t = crm_slice_trim((struct crm_slice){norm.p, norm.len});
            rc = rules_match(r, rule, md, t, PCRE2_NO_UTF_CHECK, v);
        }
    }
    crm_buf_fini(&dec);
    crm_buf_fini(&norm);
    return rc;
}

/* rules_fired_add - append "id(+w)" to the fired list, "..." when full */
static void
rules_fired_add(struct crm_verdict *v, size_t *used, const char *id, int weight)
{
    char item[RULES_ID_MAX + 16];
    int n = snprintf(item, sizeof(item), "%s%s(%+d)", *used ? "," : "", id, weight);

    if (n < 0 || *used >= sizeof(v->fired) - 1)
        return;
    if (*used + (size_t)n + 4 > sizeof(v->fired)) {
        memcpy(v->fired + *used, "...", 4);
        *used = sizeof(v->fired) - 1; /* full: nothing more is added */
        return;
    }
    memcpy(v->fired + *used, item, (size_t)n + 1);
    *used += (size_t)n;
}

/* the three texts of a message as matched, indexed by RULES_SUBJECT,
 * RULES_BODY, RULES_SENDER */
struct rules_texts {
    struct crm_slice t[3];
    struct rules_bytes bytes[3];
    struct crm_pf_text *grams[2]; /* of t[i] (subject, body): built when a rule first
                                     needs them (24 KB each: on the heap, not on a
                                     libmilter thread's stack); NULL until then */
    int no_grams[2];              /* the allocation failed: rules just run */
};

/* rules_has_header - the message has a field named like the rule's */
static int
rules_has_header(const struct rules_rule *rule, const struct crm_features *f)
{
    size_t i;

    for (i = 0; f->hdrs != NULL && i < f->hdrs->n; i++)
        if (crm_slice_caseeq(f->hdrs->v[i].name, rule->header))
            return 1;
    return 0;
}

/*
 * rules_possible - 0 when the rule cannot match this message, by cheap facts
 * only: no field of its name; pcre2's first- and required-code-unit facts;
 * the literal prefilter, whose text set is built when a rule first needs it
 * (24 KB: on the heap, not on a libmilter thread's stack).
 */
static int
rules_possible(const struct rules_rule *rule, const struct crm_features *f, struct rules_texts *x)
{
    enum rules_target t = rule->target;

    if (t == RULES_HEADER)
        return rules_has_header(rule, f);
    if (!rules_may_match(rule, &x->bytes[t]))
        return 0;
    if (rule->pf != NULL) {
        if (x->grams[t] == NULL && !x->no_grams[t]) {
            x->grams[t] = crm_malloc(sizeof(*x->grams[t]));
            if (x->grams[t] != NULL)
                crm_pf_text_build(x->grams[t], x->t[t].p, x->t[t].len);
            x->no_grams[t] = x->grams[t] == NULL;
        }
        if (x->grams[t] != NULL && !crm_pf_may_match(rule->pf, x->grams[t]))
            return 0;
    }
    return 1;
}

/* rules_eval_one - 1 when the rule (found possible) matches, 0 when not,
 * CRM_ENOMEM. The texts are normalised, hence valid UTF-8: pcre2 need not
 * check again. */
static int
rules_eval_one(const struct crm_rules *r, const struct rules_rule *rule,
               const struct crm_features *f, struct rules_texts *x, pcre2_match_data *md,
               struct crm_verdict *v)
{
    enum rules_target t = rule->target;

    if (t == RULES_HEADER)
        return rules_match_header(r, rule, f, md, v);
    return rules_match(r, rule, md, x->t[t], PCRE2_NO_UTF_CHECK, v);
}

/*
 * rules_eval_all - run the rules in plan order until the verdict is settled:
 * positive rules while the threshold can still be reached, then negative
 * rules while the message is still a rejection. The positive rules that
 * cannot match (rules_possible) are set aside first, so that the threshold
 * is known out of reach as soon as the rules that can match have failed:
 * on ordinary mail, the costly rules are then often not run at all. The
 * rules left out could not change the verdict (v->partial); the fired list
 * keeps file order.
 */
static int
rules_eval_all(const struct crm_rules *r, const struct crm_features *f, struct rules_texts *x,
               pcre2_match_data *md, struct crm_verdict *v)
{
    unsigned char hit[RULES_MAX], can[RULES_MAX];
    long remaining = 0;
    size_t i, k, used = 0;
    int m;

    memset(hit, 0, r->n);
    for (k = 0; k < r->n && r->v[r->order[k]].weight > 0; k++) {
        const struct rules_rule *rule = &r->v[r->order[k]];
        can[k] = (unsigned char)rules_possible(rule, f, x);
        if (can[k])
            remaining += rule->weight;
    }
    for (k = 0; k < r->n; k++) {
        const struct rules_rule *rule = &r->v[r->order[k]];
        if (rule->weight > 0 && !can[k])
            continue;
        if (rule->weight > 0 ? v->score + remaining < r->threshold : v->score < r->threshold) {
            v->partial = 1;
            break;
        }
        if (rule->weight > 0)
            remaining -= rule->weight;
        else if (!rules_possible(rule, f, x))
            continue;
        m = rules_eval_one(r, rule, f, x, md, v);
        if (m < 0)
            return m;
        if (m == 1) {
            v->score += rule->weight;
            hit[r->order[k]] = 1;
        }
    }
    for (i = 0; i < r->n; i++)
        if (hit[i])
            rules_fired_add(v, &used, r->v[i].id, r->v[i].weight);
    return CRM_OK;
}

/* crm_rules_eval - score one message */
int
crm_rules_eval(const struct crm_rules *r, const struct crm_features *f, struct crm_verdict *v,
               struct crm_err *err)
{
    struct crm_buf bufs[3]; /* the texts when they had to be copied */
    struct rules_texts x;
    pcre2_match_data *md;
    size_t i, max = f->body.len + f->subject.len + f->sender.len + 64;
    int rc = CRM_OK;

    memset(v, 0, sizeof(*v));
    v->threshold = r->threshold;
    for (i = 0; i < 3; i++)
        crm_buf_init(&bufs[i], max);
    rc = rules_prepare(f->subject, f->normalized, 0, &bufs[RULES_SUBJECT], &x.t[RULES_SUBJECT]);
    if (rc == CRM_OK)
        rc = rules_prepare(f->body, f->normalized, 1, &bufs[RULES_BODY], &x.t[RULES_BODY]);
    if (rc == CRM_OK) /* the address is normalised here in any case */
        rc = rules_prepare(f->sender, 0, 0, &bufs[RULES_SENDER], &x.t[RULES_SENDER]);
    for (i = 0; rc == CRM_OK && i < 3; i++)
        rules_bytes_of(x.t[i], &x.bytes[i]);
    x.grams[0] = x.grams[1] = NULL;
    x.no_grams[0] = x.no_grams[1] = 0;
    md = rc == CRM_OK ? pcre2_match_data_create(1, r->gctx) : NULL;
    if (rc == CRM_OK && md == NULL)
        rc = CRM_ENOMEM;
    if (rc == CRM_OK)
        rc = rules_eval_all(r, f, &x, md, v);
    pcre2_match_data_free(md);
    crm_free(x.grams[0]);
    crm_free(x.grams[1]);
    for (i = 0; i < 3; i++)
        crm_buf_fini(&bufs[i]);
    if (rc != CRM_OK) {
        memset(v, 0, sizeof(*v));
        v->threshold = r->threshold;
        return crm_err_set(err, rc, "rules: %s", crm_strerror(rc));
    }
    v->is_rejection = v->score >= v->threshold;
    return CRM_OK;
}
