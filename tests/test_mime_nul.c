/*
 * test_mime_nul.c - where crm_mime_parse reports NUL octets
 * (CRM_MIME_ANOM_NUL), under every body scanner.
 *
 * Messages are generated from a seed: multipart trees with preambles,
 * epilogues, missing close delimiters, nested boundaries equal to or a prefix
 * of an enclosing one, parts over the limits; CRLF, LF or mixed line ends;
 * base64 runs, text, long lines and "-" lines. NULs are then written over
 * octets of header lines, delimiter lines, body runs at the block edges of
 * the SSE2/AVX2 scanners (octets 15, 16, 31, 32, 63, 64... of a run), right
 * before a CR or LF, in the last octets, and several in one part. Sweeps put
 * one NUL at every offset of a few fixed messages. Each message is checked
 * three ways:
 *   - every scanner (crm_mime_scan_cap) gives the same struct crm_mime: every
 *     field of every part and of every header field;
 *   - that struct hashes to the value in tests/data/mime_nul/NAME.oracle,
 *     recorded from the parser as it was before NUL detection moved into the
 *     passes that read the octets anyway (one memchr over the whole message
 *     until then);
 *   - the parts flagged NUL are those nul_model picks: it reads the message a
 *     line at a time and charges a line holding a NUL to the part whose header
 *     or body the line is in (for a part over max_parts, its multipart).
 * CRM_GOLDEN_UPDATE=1 rewrites the oracles instead of checking them: do that
 * only for a deliberate change of parse results, and say so in the commit.
 * The generators are part of the oracles (changing one changes every
 * message): add cases, do not edit them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "mime.h"

#include "helpers.h"

#define GEN_CASES   3000
#define GEN_ANCHORS 1024
#define MODEL_STACK 64

enum { ANCH_HDR, ANCH_DELIM, ANCH_BODY, ANCH_KINDS };

/* a generated message and the places worth a NUL */
struct gen {
    uint64_t s; /* splitmix64 state: the same stream on every platform */
    struct crm_buf b;
    int eol; /* 0: CRLF, 1: LF, 2: either, line by line */
    struct crm_mime_limits lim;
    int use_lim;
    size_t nanch;
    struct {
        size_t off;
        int kind;
    } anch[GEN_ANCHORS];
};

static const char gen_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char gen_text[] = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,;:-=!?'()\t";

/* gen_next - next 64 random bits (splitmix64) */
static uint64_t
gen_next(struct gen *g)
{
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* gen_below - a random number in [0, n), 0 when n is 0 */
static size_t
gen_below(struct gen *g, size_t n)
{
    return n > 0 ? (size_t)(gen_next(g) % n) : 0;
}

/* gen_put - append n octets */
static void
gen_put(struct gen *g, const char *s, size_t n)
{
    assert_int_equal(crm_buf_append(&g->b, s, n), CRM_OK);
}

/* gen_eol - a line break in the message's style */
static void
gen_eol(struct gen *g)
{
    int lf = g->eol == 1 || (g->eol == 2 && gen_below(g, 4) == 0);

    gen_put(g, lf ? "\n" : "\r\n", lf ? 1 : 2);
}

/* gen_line - s and a line break */
static void
gen_line(struct gen *g, const char *s)
{
    gen_put(g, s, strlen(s));
    gen_eol(g);
}

/* gen_chars - n octets drawn from set */
static void
gen_chars(struct gen *g, const char *set, size_t n)
{
    size_t k = strlen(set), i;

    for (i = 0; i < n; i++)
        assert_int_equal(crm_buf_putc(&g->b, set[gen_below(g, k)]), CRM_OK);
}

/* gen_anchor - the next octet is a place of this kind */
static void
gen_anchor(struct gen *g, int kind)
{
    if (g->nanch == GEN_ANCHORS)
        return;
    g->anch[g->nanch].off = g->b.len;
    g->anch[g->nanch++].kind = kind;
}

/* gen_headers - a header block with ct (NULL: no Content-Type) */
static void
gen_headers(struct gen *g, const char *ct, int top)
{
    static const char *const ctes[] = {"7bit", "base64", "quoted-printable", "8bit", "x-uue"};
    size_t n = gen_below(g, 4), i;

    if (top) {
        gen_anchor(g, ANCH_HDR);
        gen_line(g, "From: a@example.org");
    }
    for (i = 0; i < n; i++) {
        gen_anchor(g, ANCH_HDR);
        gen_put(g, "X-Pad: ", 7);
        gen_chars(g, gen_text, gen_below(g, 90));
        gen_eol(g);
        if (gen_below(g, 4) == 0) { /* folded */
            gen_anchor(g, ANCH_HDR);
            gen_put(g, "\t", 1);
            gen_chars(g, gen_text, 1 + gen_below(g, 40));
            gen_eol(g);
        }
    }
    if (ct != NULL) {
        gen_anchor(g, ANCH_HDR);
        gen_line(g, ct);
    }
    if (gen_below(g, 3) == 0) {
        gen_anchor(g, ANCH_HDR);
        gen_put(g, "Content-Transfer-Encoding: ", 27);
        gen_line(g, ctes[gen_below(g, sizeof(ctes) / sizeof(ctes[0]))]);
    }
    if (gen_below(g, 8) == 0) {
        gen_anchor(g, ANCH_HDR);
        gen_line(g, "Content-Disposition: attachment; filename=\"a.pdf\"");
    }
    if (gen_below(g, 20) == 0) /* no empty line: the body is read as headers */
        return;
    gen_anchor(g, ANCH_HDR);
    gen_eol(g);
    gen_anchor(g, ANCH_BODY);
}

/* gen_body - body lines: base64 runs, text, empty, "-", long and odd-length lines */
static void
gen_body(struct gen *g)
{
    size_t n = gen_below(g, 12), i, k, j;

    for (i = 0; i < n; i++)
        switch (gen_below(g, 10)) {
        case 0:
        case 1:
        case 2:
        case 3:
            for (k = 1 + gen_below(g, 24), j = 0; j < k; j++) {
                gen_chars(g, gen_b64, 76);
                gen_eol(g);
            }
            break;
        case 4:
        case 5:
            gen_chars(g, gen_text, gen_below(g, 140));
            gen_eol(g);
            break;
        case 6:
            gen_eol(g);
            break;
        case 7:
            gen_put(g, "--", 1 + gen_below(g, 2));
            gen_chars(g, gen_text, gen_below(g, 20));
            gen_eol(g);
            break;
        case 8:
            gen_chars(g, gen_b64, 900 + gen_below(g, 300));
            gen_eol(g);
            break;
        default: /* moves the next line to any block offset */
            gen_chars(g, gen_b64, gen_below(g, 64));
            gen_eol(g);
            break;
        }
}

/* gen_delim - a delimiter line of b (close: the close delimiter) */
static void
gen_delim(struct gen *g, const char *b, int close)
{
    gen_anchor(g, ANCH_DELIM);
    gen_put(g, "--", 2);
    gen_put(g, b, strlen(b));
    if (close)
        gen_put(g, "--", 2);
    if (gen_below(g, 6) == 0)
        gen_chars(g, " \t", 1 + gen_below(g, 3));
    gen_eol(g);
}

/* gen_boundary - a boundary for a multipart inside outer (NULL at the top) */
static void
gen_boundary(struct gen *g, const char *outer, char *b, size_t bsz)
{
    size_t olen = outer != NULL ? strlen(outer) : 0, r;

    switch (gen_below(g, 10)) {
    case 0: /* the enclosing boundary again (ambiguous) */
        snprintf(b, bsz, "%s", outer != NULL ? outer : "b");
        break;
    case 1: /* the enclosing one is a prefix of ours */
        snprintf(b, bsz, "%sx", outer != NULL ? outer : "b");
        break;
    case 2: /* ours is a prefix of the enclosing one */
        snprintf(b, bsz, "%.*s", olen > 1 ? (int)olen - 1 : 1, olen > 1 ? outer : "b");
        break;
    default:
        r = gen_below(g, 1000);
        snprintf(b, bsz, "=_P%zu.%zu", r, gen_below(g, 100));
        break;
    }
}

/* gen_part - one part at depth, inside the multipart with boundary outer */
static void
gen_part(struct gen *g, unsigned depth, const char *outer)
{
    static const char *const subs[] = {"mixed", "alternative", "related", "digest"};
    static const char *const leaves[] = {
        "Content-Type: text/plain; charset=utf-8", "Content-Type: text/html",
        "Content-Type: application/pdf; name=\"a.pdf\"", NULL, "Content-Type: message/rfc822"};
    int multi = depth == 0 ? gen_below(g, 4) != 0 : depth < 4 && gen_below(g, 3) == 0;
    char b[96], ct[160];
    size_t n, i;

    if (!multi) {
        gen_headers(g, leaves[gen_below(g, sizeof(leaves) / sizeof(leaves[0]))], depth == 0);
        gen_body(g);
        return;
    }
    gen_boundary(g, outer, b, sizeof(b));
    snprintf(ct, sizeof(ct), "Content-Type: multipart/%s; boundary=\"%s\"",
             subs[gen_below(g, sizeof(subs) / sizeof(subs[0]))], b);
    gen_headers(g, ct, depth == 0);
    if (gen_below(g, 3) == 0) /* preamble */
        gen_body(g);
    for (n = gen_below(g, 5), i = 0; i < n; i++) {
        gen_delim(g, b, 0);
        gen_part(g, depth + 1, b);
    }
    if (gen_below(g, 8) != 0)
        gen_delim(g, b, 1);
    if (gen_below(g, 3) == 0) /* epilogue */
        gen_body(g);
}

/* gen_place - an anchor of kind, or a random octet when there is none */
static size_t
gen_place(struct gen *g, int kind)
{
    size_t i, k = gen_below(g, g->nanch);

    for (i = 0; i < g->nanch; i++)
        if (g->anch[(k + i) % g->nanch].kind == kind)
            return g->anch[(k + i) % g->nanch].off;
    return gen_below(g, g->b.len);
}

/*
 * gen_nuls - write 0..7 NULs over the message. (One draw per statement: the
 * order of operands and arguments is the compiler's, and the oracles must
 * not depend on it.)
 */
static void
gen_nuls(struct gen *g)
{
    static const size_t edges[] = {0,  1,  14, 15, 16, 17, 30, 31,  32,
                                   33, 47, 48, 62, 63, 64, 65, 127, 128};
    size_t n = gen_below(g, 8), len = g->b.len, at = 0, d, i, e;
    const char *lf;

    for (i = 0; i < n && len > 0; i++) {
        switch (gen_below(g, 8)) {
        case 0:
            at = gen_below(g, len);
            break;
        case 1:
            at = gen_place(g, ANCH_HDR);
            at += gen_below(g, 24);
            break;
        case 2:
            at = gen_place(g, ANCH_DELIM);
            at += gen_below(g, 10);
            break;
        case 3: /* a block edge of the run that starts the body */
            at = gen_place(g, ANCH_BODY);
            at += edges[gen_below(g, sizeof(edges) / sizeof(edges[0]))];
            break;
        case 4: /* a block edge deeper in the run */
            at = gen_place(g, ANCH_BODY);
            e = edges[gen_below(g, sizeof(edges) / sizeof(edges[0]))];
            at += 64 * (1 + gen_below(g, 6)) + e;
            break;
        case 5: /* the last octets */
            d = 1 + gen_below(g, 4);
            at = len >= d ? len - d : 0;
            break;
        case 6: /* right before a line break (or over its CR) */
            at = gen_below(g, len);
            lf = memchr(g->b.p + at, '\n', len - at);
            d = 1 + gen_below(g, 2);
            at = lf == NULL ? len - 1 : (size_t)(lf - g->b.p) >= d ? (size_t)(lf - g->b.p) - d : 0;
            break;
        default: /* shortly after the last one: several in a part */
            at += 1 + gen_below(g, 100);
            break;
        }
        if (at >= len)
            at = len - 1;
        g->b.p[at] = '\0';
    }
}

/* gen_message - message number seed, its limits and its NULs */
static void
gen_message(struct gen *g, size_t seed)
{
    size_t r;

    memset(g, 0, sizeof(*g));
    g->s = 0x6e756c666f6c64ull ^ ((uint64_t)seed * 0x2545f4914f6cdd1dull);
    crm_buf_init(&g->b, 1 << 22);
    r = gen_below(g, 10);
    g->eol = r < 7 ? 0 : r == 7 ? 1 : 2;
    gen_part(g, 0, NULL);
    if (gen_below(g, 6) == 0) /* a last line without line break */
        gen_chars(g, gen_text, 1 + gen_below(g, 30));
    r = gen_below(g, 8);
    g->use_lim = r < 2;
    if (r == 0)
        g->lim.max_parts = 2 + (unsigned)gen_below(g, 4);
    if (r == 1)
        g->lim.max_depth = 1 + (unsigned)gen_below(g, 2);
    gen_nuls(g);
}

/* dump_off - offset of a slice in msg, -1 for a NULL slice */
static long long
dump_off(const struct crm_mime *m, struct crm_slice s)
{
    return s.p != NULL ? (long long)(s.p - m->msg) : -1;
}

/* dump_mime - every field of m as text (boundaries in hex) */
static void
dump_mime(struct crm_buf *d, const struct crm_mime *m)
{
    size_t i, j;

    crm_buf_reset(d);
    assert_int_equal(crm_buf_appendf(d, "parts=%zu anomalies=%#x\n", m->nparts, m->anomalies),
                     CRM_OK);
    for (i = 0; i < m->nparts; i++) {
        const struct crm_mime_part *p = &m->parts[i];
        assert_int_equal(crm_buf_appendf(d,
                                         "%zu parent=%d depth=%u at=%zu,%zu,%zu %s/%s "
                                         "charset=%s cte=%d,%d att=%d inmsg=%d children=%u "
                                         "anom=%#x boundary=",
                                         i, p->parent, p->depth, p->start, p->body_start,
                                         p->body_end, p->type, p->subtype, p->charset, (int)p->cte,
                                         p->cte_present, p->is_attachment, p->in_message,
                                         p->nchildren, p->anomalies),
                         CRM_OK);
        for (j = 0; j < p->boundary.len; j++)
            assert_int_equal(crm_buf_appendf(d, "%02x", (unsigned char)p->boundary.p[j]), CRM_OK);
        assert_int_equal(crm_buf_appendf(d, " fields=%zu\n", p->hdrs.n), CRM_OK);
        for (j = 0; j < p->hdrs.n; j++) {
            const struct crm_hdr_field *f = &p->hdrs.v[j];
            assert_int_equal(crm_buf_appendf(d, "  %zu+%zu name=%lld+%zu value=%lld+%zu\n", f->off,
                                             f->len, dump_off(m, f->name), f->name.len,
                                             dump_off(m, f->value), f->value.len),
                             CRM_OK);
        }
    }
}

/* fnv - FNV-1a 64 of n octets, continuing from h */
static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
}

#define FNV_INIT 0xcbf29ce484222325ull

/* model_match - stack index of the boundary whose delimiter is [p, p + n), or -1 */
static long
model_match(const struct crm_mime *m, const size_t *stk, size_t nstk, const char *p, size_t n,
            int *close)
{
    size_t k, i;

    if (n < 2 || p[0] != '-' || p[1] != '-')
        return -1;
    p += 2;
    n -= 2;
    for (k = nstk; k-- > 0;) { /* innermost first */
        const struct crm_slice *b = &m->parts[stk[k]].boundary;
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
    }
    return -1;
}

/*
 * nul_model - OUT want[i] = 1 for each part i a line-at-a-time reading
 * charges with NUL. Lines end at LF (a CR before it belongs to the break).
 * A line is charged to the current part: the one whose header or body it is
 * in, or the multipart when that part is over max_parts; a delimiter line to
 * the part it ends. The multiparts come from m itself (a part with a boundary
 * opens at the empty line that ends its header block, unless too deep); a
 * delimiter is a line "--boundary" with an optional "--" and trailing blanks,
 * matched innermost first.
 */
static void
nul_model(const char *msg, size_t len, const struct crm_mime *m, const struct crm_mime_limits *lim,
          unsigned char *want)
{
    const struct crm_mime_limits def = CRM_MIME_LIMITS_DEFAULT;
    unsigned max_depth = lim != NULL && lim->max_depth ? lim->max_depth : def.max_depth;
    size_t max_parts = lim != NULL && lim->max_parts ? lim->max_parts : def.max_parts;
    size_t stk[MODEL_STACK], nstk = 0, owner = 0, made = 1, pos = 0;
    long cur = 0, k;
    int in_header = 1, close = 0;

    memset(want, 0, m->nparts);
    while (pos < len) {
        const char *lf = memchr(msg + pos, '\n', len - pos);
        size_t ls = pos, next = lf != NULL ? (size_t)(lf - msg) + 1 : len;
        size_t le = lf != NULL ? next - 1 : len;

        if (lf != NULL && le > ls && msg[le - 1] == '\r')
            le--;
        pos = next;
        if (memchr(msg + ls, '\0', le - ls) != NULL)
            want[cur >= 0 ? (size_t)cur : owner] = 1;
        k = model_match(m, stk, nstk, msg + ls, le - ls, &close);
        if (k >= 0) { /* ends every part opened since, header blocks included */
            nstk = (size_t)k + (close ? 0 : 1);
            if (close) {
                cur = (long)stk[k];
            } else {
                owner = stk[k];
                cur = made < max_parts ? (long)made++ : -1;
            }
            in_header = !close && cur >= 0;
            continue;
        }
        if (in_header && le == ls && next > le) {
            const struct crm_mime_part *p = &m->parts[cur];
            in_header = 0;
            if (p->boundary.p != NULL && p->depth + 1 <= max_depth) {
                assert_true(nstk < MODEL_STACK);
                stk[nstk++] = (size_t)cur;
            }
        }
    }
    if (made != m->nparts)
        fail_msg("nul_model made %zu parts, crm_mime_parse %zu", made, m->nparts);
}

/* check_model - m flags NUL on the parts, and the message, nul_model wants */
static void
check_model(const char *msg, size_t len, const struct crm_mime *m,
            const struct crm_mime_limits *lim, const char *what, size_t idx,
            const struct crm_buf *dump)
{
    unsigned char *want = crm_malloc(m->nparts);
    int any = memchr(msg, '\0', len) != NULL;
    size_t i;

    assert_non_null(want);
    nul_model(msg, len, m, lim, want);
    if (!(m->anomalies & CRM_MIME_ANOM_NUL) != !any)
        fail_msg("%s %zu: message NUL got %d, want %d\n%s", what, idx,
                 !!(m->anomalies & CRM_MIME_ANOM_NUL), any, crm_buf_cstr(dump));
    for (i = 0; i < m->nparts; i++)
        if (!(m->parts[i].anomalies & CRM_MIME_ANOM_NUL) != !want[i])
            fail_msg("%s %zu: part %zu NUL got %d, want %d\n%s", what, idx, i,
                     !!(m->parts[i].anomalies & CRM_MIME_ANOM_NUL), want[i], crm_buf_cstr(dump));
    crm_free(want);
}

/*
 * check_message - parse msg with every scanner: all give the same struct
 * and nul_model's NUL parts. Returns the hash of that struct's dump.
 */
static uint64_t
check_message(const char *msg, size_t len, const struct crm_mime_limits *lim, const char *what,
              size_t idx)
{
    int best = crm_mime_scan_cap(-1), scan;
    struct crm_buf d0, d1;
    uint64_t h = 0;

    crm_buf_init(&d0, 1 << 24);
    crm_buf_init(&d1, 1 << 24);
    for (scan = CRM_MIME_SCAN_SCALAR; scan <= best; scan++) {
        struct crm_buf *d = scan == CRM_MIME_SCAN_SCALAR ? &d0 : &d1;
        struct crm_mime *m;

        assert_int_equal(crm_mime_scan_cap(scan), scan);
        assert_int_equal(crm_mime_parse(msg, len, lim, &m, NULL), CRM_OK);
        dump_mime(d, m);
        if (scan == CRM_MIME_SCAN_SCALAR) {
            check_model(msg, len, m, lim, what, idx, d);
            h = fnv(FNV_INIT, d0.p, d0.len);
        } else if (d1.len != d0.len || memcmp(d1.p, d0.p, d0.len) != 0) {
            fail_msg("%s %zu: scanner %d got\n%s\nthe scalar scanner got\n%s", what, idx, scan,
                     crm_buf_cstr(&d1), crm_buf_cstr(&d0));
        }
        crm_mime_free(m);
    }
    crm_mime_scan_cap(-1);
    crm_buf_fini(&d0);
    crm_buf_fini(&d1);
    return h;
}

/* oracle_check - text against tests/data/mime_nul/NAME.oracle (or rewrite it) */
static void
oracle_check(const char *name, const struct crm_buf *text)
{
    char rel[128], path[1024];
    const char *env = getenv("CRM_GOLDEN_UPDATE");
    struct crm_buf want;
    size_t i = 0, j = 0, line = 1;

    snprintf(rel, sizeof(rel), "tests/data/mime_nul/%s.oracle", name);
    th_src_path(path, sizeof(path), rel);
    if (env != NULL && strcmp(env, "1") == 0) {
        assert_int_equal(th_write_file(path, text->p, text->len), 0);
        print_message("updated %s\n", path);
        return;
    }
    if (th_read_file(path, &want) != 0)
        fail_msg("cannot read %s", path);
    while (i < text->len && j < want.len && text->p[i] == want.p[j]) {
        line += text->p[i] == '\n';
        i++;
        j++;
    }
    if (i < text->len || j < want.len) {
        const char *g = text->p + i, *w = want.p + j;
        while (g > text->p && g[-1] != '\n')
            g--;
        while (w > want.p && w[-1] != '\n')
            w--;
        fail_msg("%s line %zu: got \"%.*s\", want \"%.*s\" (the parse differs from the one "
                 "recorded)",
                 path, line, (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
    }
    crm_buf_fini(&want);
}

/* oracle_head - the first line of an oracle */
static void
oracle_head(struct crm_buf *text, const char *what)
{
    crm_buf_init(text, 1 << 22);
    assert_int_equal(crm_buf_appendf(text,
                                     "# tests/test_mime_nul.c %s: FNV-1a 64 of each parse "
                                     "(CRM_GOLDEN_UPDATE=1 rewrites)\n",
                                     what),
                     CRM_OK);
}

/*
 * nul_generated_messages - GEN_CASES generated messages with NULs: every
 * scanner agrees, NUL is on nul_model's parts, the parses are the recorded
 * ones.
 */
static void
nul_generated_messages(void **state)
{
    struct crm_buf text;
    struct gen *g = crm_malloc(sizeof(*g));
    size_t c, nuls = 0;

    assert_non_null(g);
    oracle_head(&text, "generated");
    for (c = 0; c < GEN_CASES; c++) {
        uint64_t h;

        gen_message(g, c);
        h = check_message(g->b.p, g->b.len, g->use_lim ? &g->lim : NULL, "generated", c);
        nuls += memchr(g->b.p, '\0', g->b.len) != NULL;
        assert_int_equal(crm_buf_appendf(&text, "gen %zu %016llx\n", c, (unsigned long long)h),
                         CRM_OK);
        crm_buf_fini(&g->b);
    }
    print_message("%zu messages, %zu with NUL\n", (size_t)GEN_CASES, nuls);
    oracle_check("generated", &text);
    crm_buf_fini(&text);
    crm_free(g);
}

/* sweep_b64 - n base64 lines of 76 octets */
static void
sweep_b64(struct crm_buf *b, size_t n, const char *eol)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        for (k = 0; k < 76; k++)
            assert_int_equal(crm_buf_putc(b, gen_b64[(i * 11 + k * 7) % 64]), CRM_OK);
        assert_int_equal(crm_buf_puts(b, eol), CRM_OK);
    }
}

/* sweep_put - s with every "\n" written as eol; "^N" puts N base64 lines */
static void
sweep_put(struct crm_buf *b, const char *s, const char *eol)
{
    for (; *s != '\0'; s++) {
        if (*s == '^') {
            sweep_b64(b, (size_t)(s[1] - '0'), eol);
            s++;
        } else {
            assert_int_equal(*s == '\n' ? crm_buf_puts(b, eol) : crm_buf_putc(b, *s), CRM_OK);
        }
    }
}

static const char sweep_nested[] =
    "From: a@example.org\nSubject: sweep\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n\npreamble line\n"
    "--outer\nContent-Type: text/plain; charset=utf-8\n\n"
    "Hello, a text line of moderate length for the sweep.\n-one dash\n--not-a-boundary\n^3"
    "--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n"
    "--inner\nContent-Type: text/html\n\n<p>html</p>\n--inner--\ninner epilogue\n"
    "--outer \nContent-Type: application/pdf; name=\"a.pdf\"\n"
    "Content-Transfer-Encoding: base64\n\n^8--outer--\nepilogue\n";

/* sweep_message - template t as a message; OUT *lim: its limits (or NULL) */
static void
sweep_message(struct crm_buf *b, size_t t, const struct crm_mime_limits **lim)
{
    static const struct crm_mime_limits parts3 = {0, 3, 0, 0};

    crm_buf_init(b, 1 << 20);
    *lim = t == 2 ? &parts3 : NULL;
    if (t < 3) {
        sweep_put(b, sweep_nested, t == 1 ? "\n" : "\r\n");
        return;
    }
    sweep_put(b, "From: a@example.org\nSubject: single\n\n^4", "\r\n");
    sweep_b64(b, 13, ""); /* a line of 13 * 76 + 12 = 1000 octets */
    sweep_put(b, "0123456789ab\n^2tail", "\r\n");
}

/*
 * nul_at_every_offset - one NUL at each offset of a nested multipart (CRLF,
 * LF, over max_parts) and of a single part with a long line: every scanner
 * agrees, NUL is on nul_model's part, the parses are the recorded ones.
 */
static void
nul_at_every_offset(void **state)
{
    static const char *const names[] = {"nested-crlf", "nested-lf", "nested-parts3", "single-long"};
    struct crm_buf text;
    size_t t, i;

    oracle_head(&text, "sweep");
    for (t = 0; t < sizeof(names) / sizeof(names[0]); t++) {
        const struct crm_mime_limits *lim;
        struct crm_buf b;
        uint64_t h;

        sweep_message(&b, t, &lim);
        h = check_message(b.p, b.len, lim, names[t], b.len);
        for (i = 0; i < b.len; i++) {
            char c = b.p[i];
            char hex[20];

            b.p[i] = '\0';
            snprintf(hex, sizeof(hex), "%016llx",
                     (unsigned long long)check_message(b.p, b.len, lim, names[t], i));
            h = fnv(h, hex, 16);
            b.p[i] = c;
        }
        assert_int_equal(crm_buf_appendf(&text, "sweep %s %zu %016llx\n", names[t], b.len,
                                         (unsigned long long)h),
                         CRM_OK);
        crm_buf_fini(&b);
    }
    oracle_check("sweep", &text);
    crm_buf_fini(&text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nul_generated_messages),
        cmocka_unit_test(nul_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
