/* prefilter.c - the literal strings a pattern's matches must contain */
#include "prefilter.h"

#include <string.h>

#include "alloc.h"

#define PF_STR_MAX   2048  /* strings per pattern while analysing */
#define PF_POOL_MAX  32768 /* bytes of those strings */
#define PF_IDX_MAX   16384 /* string references held by clauses */
#define PF_ALT_MAX   4096  /* alternatives being collected, all levels */
#define PF_CL_MAX    4     /* clauses kept per need: the most selective */
#define PF_RUN_MAX   48    /* a longer literal run is cut in pieces (each still needed) */
#define PF_DEPTH_MAX 64    /* group nesting */
#define PF_WIN_MAX   6     /* windows tested per string */
#define PF_REP_MAX   65535 /* largest {n} */

/* a clause under construction: the strings idx[first .. first + n) */
struct pf_clause {
    uint32_t first, n;
    uint32_t score; /* higher is more selective (pf_score) */
};

/* what every match of a (sub)pattern contains; n == 0: nothing known */
struct pf_need {
    unsigned n;
    struct pf_clause cl[PF_CL_MAX];
};

struct pf_parse {
    const unsigned char *p, *end;
    int fail;
    size_t nstr, pool_len, nidx, nalt;
    uint32_t str_off[PF_STR_MAX];
    uint16_t str_len[PF_STR_MAX];
    uint32_t idx[PF_IDX_MAX];
    struct pf_clause alt[PF_ALT_MAX];
    unsigned char pool[PF_POOL_MAX];
};

/* one string of a finished need */
struct pf_str {
    uint32_t off; /* its bytes in crm_pf.pool */
    uint16_t len;
    uint16_t nwin; /* windows in h (pf_windows) */
    uint32_t h[PF_WIN_MAX];
};

struct crm_pf {
    unsigned ncl;
    uint32_t first[PF_CL_MAX], n[PF_CL_MAX]; /* clause i: str[first[i] .. + n[i]) */
    struct pf_str *str;
    unsigned char *pool;
};

enum pf_atom { PF_LIT, PF_ANY, PF_ZERO, PF_GROUP };

static void pf_alt(struct pf_parse *x, int depth, struct pf_need *out);

/* pf_lower - ASCII letters to lower case */
static inline unsigned
pf_lower(unsigned c)
{
    return c - 'A' < 26u ? c | 0x20u : c;
}

/* pf_hash - the hash of 4 bytes (packed, first byte highest); its top
 * log2 bits index the text's set */
static inline uint32_t
pf_hash(uint32_t v)
{
    return v * UINT32_C(0x9E3779B1);
}

/* pf_safe - caseless matching gives c no other form (see prefilter.h) */
static int
pf_safe(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c < 0x7f;
    return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF);
}

/* pf_in - c is one of the characters of set (never NUL) */
static int
pf_in(unsigned c, const char *set)
{
    return c != 0 && c < 0x80 && strchr(set, (int)c) != NULL;
}

/* pf_alpha - c is an ASCII letter */
static int
pf_alpha(unsigned c)
{
    return (c | 0x20u) - 'a' < 26u;
}

/* pf_utf8 - decode the character at x->p (strict); 0 on a bad sequence */
static size_t
pf_utf8(const struct pf_parse *x, uint32_t *cp)
{
    const unsigned char *p = x->p;
    size_t n, i, avail = (size_t)(x->end - p);
    uint32_t c = p[0];

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c < 0xE0)
        n = 2, c &= 0x1F;
    else if (c >= 0xE0 && c < 0xF0)
        n = 3, c &= 0x0F;
    else if (c >= 0xF0 && c < 0xF5)
        n = 4, c &= 0x07;
    else
        return 0;
    if (avail < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3Fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c < 0xE000))
        return 0;
    *cp = c;
    return n;
}

/* very common English words: a clause of them says little about a text */
static const char *const pf_common_words[] = {
    "about", "been", "could", "from",  "good",  "have", "help",  "here",  "information",
    "like",  "more", "need",  "next",  "other", "team", "than",  "thank", "that",
    "their", "them", "then",  "there", "they",  "time", "very",  "want",  "were",
    "what",  "when", "which", "will",  "with",  "work", "would", "your",  NULL};

/* pf_weight - how much a string is likely to rule out: 0 when it is not
 * tested (one byte), 1 for a string of 2 or 3 bytes (tested by its 2-byte
 * windows), 2 for a common word, else its length up to 12 */
static uint32_t
pf_weight(const unsigned char *s, size_t len)
{
    size_t i;

    if (len < 2)
        return 0;
    if (len < 4)
        return 1;
    for (i = 0; pf_common_words[i] != NULL; i++)
        if (strlen(pf_common_words[i]) == len && memcmp(pf_common_words[i], s, len) == 0)
            return 2;
    return len < 12 ? (uint32_t)len : 12;
}

/* pf_score - selectivity of a clause: its weakest string, then fewer
 * strings; 0 when a string is not tested (the clause rules nothing out) */
static uint32_t
pf_score(const struct pf_parse *x, const struct pf_clause *c)
{
    uint32_t i, m = 12, w;

    for (i = 0; i < c->n; i++) {
        uint32_t k = x->idx[c->first + i];
        w = pf_weight(x->pool + x->str_off[k], x->str_len[k]);
        if (w < m)
            m = w;
    }
    return m == 0 ? 0 : m * 4096 - (c->n < 4095 ? c->n : 4095);
}

/* pf_and - add clause c to need a, keeping the PF_CL_MAX most selective */
static void
pf_and(struct pf_need *a, const struct pf_clause *c)
{
    unsigned i, worst = 0;

    if (c->score == 0) /* tells nothing */
        return;
    if (a->n < PF_CL_MAX) {
        a->cl[a->n++] = *c;
        return;
    }
    for (i = 1; i < a->n; i++)
        if (a->cl[i].score < a->cl[worst].score)
            worst = i;
    if (c->score > a->cl[worst].score)
        a->cl[worst] = *c;
}

/* pf_flush - the literal run ends: it becomes a clause of one string */
static void
pf_flush(struct pf_parse *x, struct pf_need *acc, unsigned char *run, size_t *rl)
{
    struct pf_clause c;

    if (*rl == 0)
        return;
    if (x->nstr >= PF_STR_MAX || x->pool_len + *rl > PF_POOL_MAX || x->nidx >= PF_IDX_MAX) {
        x->fail = 1;
        return;
    }
    memcpy(x->pool + x->pool_len, run, *rl);
    x->str_off[x->nstr] = (uint32_t)x->pool_len;
    x->str_len[x->nstr] = (uint16_t)*rl;
    x->pool_len += *rl;
    c.first = (uint32_t)x->nidx;
    c.n = 1;
    x->idx[x->nidx++] = (uint32_t)x->nstr++;
    c.score = pf_score(x, &c);
    pf_and(acc, &c);
    *rl = 0;
}

/* pf_number - decimal digits at x->p; -1 when none or too large */
static long
pf_number(struct pf_parse *x)
{
    long v = 0;
    int any = 0;

    while (x->p < x->end && *x->p >= '0' && *x->p <= '9') {
        v = v * 10 + (*x->p++ - '0');
        any = 1;
        if (v > PF_REP_MAX)
            return -1;
    }
    return any ? v : -1;
}

/* pf_quant - a quantifier at x->p, if any: OUT *min (1 when none); returns
 * whether there was one */
static int
pf_quant(struct pf_parse *x, long *min)
{
    const unsigned char *p = x->p;

    *min = 1;
    if (p >= x->end)
        return 0;
    if (*p == '*' || *p == '?')
        *min = 0, x->p++;
    else if (*p == '+')
        x->p++;
    else if (*p == '{') {
        x->p++;
        *min = pf_number(x);
        if (*min < 0 || x->p >= x->end)
            return x->fail = 1, 0;
        if (*x->p == ',') {
            x->p++;
            if (x->p < x->end && *x->p != '}' && pf_number(x) < 0)
                return x->fail = 1, 0;
        }
        if (x->p >= x->end || *x->p != '}')
            return x->fail = 1, 0;
        x->p++;
    } else
        return 0;
    if (x->p < x->end && (*x->p == '?' || *x->p == '+'))
        x->p++;
    if (x->p < x->end && (*x->p == '*' || *x->p == '+' || *x->p == '?' || *x->p == '{'))
        x->fail = 1; /* stacked quantifiers: not analysed */
    return 1;
}

/* pf_skip_braces - x->p at '{': past the matching '}' */
static void
pf_skip_braces(struct pf_parse *x)
{
    while (x->p < x->end && *x->p != '}')
        x->p++;
    if (x->p >= x->end)
        x->fail = 1;
    else
        x->p++;
}

/* pf_class - x->p just past '[': skip to past the closing ']' */
static void
pf_class(struct pf_parse *x)
{
    if (x->p < x->end && *x->p == '^')
        x->p++;
    if (x->p < x->end && *x->p == ']')
        x->p++;
    while (x->p < x->end && *x->p != ']') {
        if (*x->p == '\\') {
            x->p++;
            if (x->p >= x->end || *x->p == 'Q' || *x->p == 'E') {
                x->fail = 1;
                return;
            }
            if (pf_alpha(*x->p) && x->p + 1 < x->end && x->p[1] == '{') {
                x->p++;
                pf_skip_braces(x);
                continue;
            }
        } else if (*x->p == '[' && x->p + 1 < x->end && x->p[1] == ':') {
            const unsigned char *q = x->p + 2;
            while (q + 1 < x->end && !(q[0] == ':' && q[1] == ']'))
                q++;
            if (q + 1 < x->end) {
                x->p = q + 2;
                continue;
            }
        }
        x->p++;
    }
    if (x->p >= x->end)
        x->fail = 1;
    else
        x->p++;
}

/* pf_escape - x->p just past '\\' */
static enum pf_atom
pf_escape(struct pf_parse *x, unsigned char *lit, size_t *ln)
{
    unsigned c;

    if (x->p >= x->end) {
        x->fail = 1;
        return PF_ANY;
    }
    c = *x->p++;
    if (c >= 0x80 || c == 0) {
        x->fail = 1;
        return PF_ANY;
    }
    if (pf_in(c, "sSdDwWhHvVRX"))
        return PF_ANY;
    if (c == 'N') {
        if (x->p < x->end && *x->p == '{')
            x->fail = 1;
        return PF_ANY;
    }
    if (c == 'p' || c == 'P') {
        if (x->p < x->end && *x->p == '{')
            pf_skip_braces(x);
        else if (x->p < x->end && *x->p < 0x80)
            x->p++;
        else
            x->fail = 1;
        return PF_ANY;
    }
    if (pf_in(c, "bBAzZG"))
        return PF_ZERO;
    if (c >= '1' && c <= '9') { /* a backreference: some text, unknown here */
        while (x->p < x->end && *x->p >= '0' && *x->p <= '9')
            x->p++;
        return PF_ANY;
    }
    if (pf_alpha(c) || (c >= '0' && c <= '9')) {
        x->fail = 1; /* \0, \x, \o, \c, \g, \k, \K, \Q, \E, \n, \t, ... */
        return PF_ANY;
    }
    if (!pf_safe(c))
        return PF_ANY;
    lit[0] = (unsigned char)c;
    *ln = 1;
    return PF_LIT;
}

/* pf_group - x->p just past '(': the group or zero-width item */
static enum pf_atom
pf_group(struct pf_parse *x, int depth, struct pf_need *g)
{
    enum pf_atom kind = PF_GROUP;

    if (x->p < x->end && *x->p == '*') {
        x->fail = 1; /* verbs */
        return PF_ANY;
    }
    if (x->p < x->end && *x->p == '?') {
        unsigned c;
        x->p++;
        c = x->p < x->end ? *x->p : 0;
        if (c == ':' || c == '>' || c == '|')
            x->p++;
        else if (c == '=' || c == '!')
            x->p++, kind = PF_ZERO;
        else if (c == '<' && x->p + 1 < x->end && (x->p[1] == '=' || x->p[1] == '!'))
            x->p += 2, kind = PF_ZERO;
        else if (c == '<' || c == '\'' || (c == 'P' && x->p + 1 < x->end && x->p[1] == '<')) {
            unsigned close = c == '\'' ? '\'' : '>';
            x->p += c == 'P' ? 2 : 1;
            while (x->p < x->end &&
                   (*x->p == '_' || pf_alpha(*x->p) || (*x->p >= '0' && *x->p <= '9')))
                x->p++;
            if (x->p >= x->end || *x->p != close) {
                x->fail = 1;
                return PF_ANY;
            }
            x->p++;
        } else if (c == '#') {
            while (x->p < x->end && *x->p != ')')
                x->p++;
            if (x->p >= x->end)
                x->fail = 1;
            else
                x->p++;
            return PF_ZERO;
        } else {
            while (x->p < x->end && pf_in(*x->p, "imnsJU-^"))
                x->p++;
            if (x->p < x->end && *x->p == ')') {
                x->p++;
                return PF_ZERO; /* option setting */
            }
            if (x->p >= x->end || *x->p != ':') {
                x->fail = 1; /* x option, recursion, conditional, callout, ... */
                return PF_ANY;
            }
            x->p++;
        }
    }
    pf_alt(x, depth + 1, g);
    if (x->fail)
        return PF_ANY;
    if (x->p >= x->end || *x->p != ')') {
        x->fail = 1;
        return PF_ANY;
    }
    x->p++;
    return kind;
}

/* pf_atom - one item at x->p; a literal's bytes go to lit, a group's need to g */
static enum pf_atom
pf_atom(struct pf_parse *x, int depth, unsigned char *lit, size_t *ln, struct pf_need *g)
{
    unsigned c = *x->p;
    uint32_t cp;
    size_t n;

    switch (c) {
    case '(':
        x->p++;
        return pf_group(x, depth, g);
    case '[':
        x->p++;
        pf_class(x);
        return PF_ANY;
    case '.':
        x->p++;
        return PF_ANY;
    case '^':
    case '$':
        x->p++;
        return PF_ZERO;
    case '\\':
        x->p++;
        return pf_escape(x, lit, ln);
    case '*':
    case '+':
    case '?':
    case '{':
        x->fail = 1;
        return PF_ANY;
    default:
        break;
    }
    n = pf_utf8(x, &cp);
    if (n == 0) {
        x->fail = 1;
        return PF_ANY;
    }
    if (!pf_safe(cp)) {
        x->p += n;
        return PF_ANY;
    }
    memcpy(lit, x->p, n);
    if (n == 1)
        lit[0] = (unsigned char)pf_lower(lit[0]);
    *ln = n;
    x->p += n;
    return PF_LIT;
}

/* pf_seq - a sequence of items up to '|', ')' or the end */
static void
pf_seq(struct pf_parse *x, int depth, struct pf_need *out)
{
    unsigned char run[PF_RUN_MAX], lit[4];
    size_t rl = 0, ln = 0;
    struct pf_need acc = {0}, g;
    unsigned i;
    long min;

    while (!x->fail && x->p < x->end && *x->p != '|' && *x->p != ')') {
        enum pf_atom kind;
        int q;
        g.n = 0;
        kind = pf_atom(x, depth, lit, &ln, &g);
        if (x->fail)
            break;
        q = pf_quant(x, &min);
        if (x->fail)
            break;
        switch (kind) {
        case PF_ZERO: /* consumes nothing: the run goes on */
            if (q)    /* after a comment or an option setting a quantifier applies to
                         the item before: not analysed */
                x->fail = 1;
            break;
        case PF_ANY:
            pf_flush(x, &acc, run, &rl);
            break;
        case PF_LIT:
            if (q && min == 0) {
                pf_flush(x, &acc, run, &rl);
                break;
            }
            if (rl + ln > PF_RUN_MAX)
                pf_flush(x, &acc, run, &rl);
            memcpy(run + rl, lit, ln);
            rl += ln;
            if (q) /* repeated: what follows need not be adjacent */
                pf_flush(x, &acc, run, &rl);
            break;
        case PF_GROUP:
            pf_flush(x, &acc, run, &rl);
            if (min >= 1)
                for (i = 0; i < g.n; i++)
                    pf_and(&acc, &g.cl[i]);
            break;
        }
    }
    pf_flush(x, &acc, run, &rl);
    *out = acc;
}

/* pf_best - the most selective clause of a need (n > 0) */
static const struct pf_clause *
pf_best(const struct pf_need *a)
{
    unsigned i, b = 0;

    for (i = 1; i < a->n; i++)
        if (a->cl[i].score > a->cl[b].score)
            b = i;
    return &a->cl[b];
}

/* pf_alt - alternatives separated by '|', up to ')' or the end: a match
 * takes one of them, so the need is one clause, the union of the most
 * selective clause of each (nothing known if one alternative needs nothing) */
static void
pf_alt(struct pf_parse *x, int depth, struct pf_need *out)
{
    size_t base = x->nalt, i;
    struct pf_need a;
    struct pf_clause u;
    int none = 0, many = 0;

    out->n = 0;
    if (depth > PF_DEPTH_MAX) {
        x->fail = 1;
        return;
    }
    for (;;) {
        int more;
        pf_seq(x, depth, &a);
        if (x->fail)
            break;
        more = x->p < x->end && *x->p == '|';
        if (a.n == 0)
            none = 1;
        else if (!many && !more)
            break; /* one sequence: its need as it is */
        else if (x->nalt < PF_ALT_MAX)
            x->alt[x->nalt++] = *pf_best(&a);
        else
            x->fail = 1;
        if (!more)
            break;
        x->p++;
        many = 1;
    }
    if (!x->fail && !none && !many)
        *out = a;
    else if (!x->fail && !none) {
        u.first = (uint32_t)x->nidx;
        u.n = 0;
        for (i = base; i < x->nalt && !x->fail; i++) {
            if (x->nidx + x->alt[i].n > PF_IDX_MAX) {
                x->fail = 1;
                break;
            }
            memcpy(x->idx + x->nidx, x->idx + x->alt[i].first, x->alt[i].n * sizeof(uint32_t));
            x->nidx += x->alt[i].n;
            u.n += x->alt[i].n;
        }
        u.score = pf_score(x, &u);
        out->n = u.score > 0;
        out->cl[0] = u;
    }
    x->nalt = base;
}

/* pf_windows - the windows to test for a string (at least 2 bytes,
 * lower-cased): of 4 or more bytes, the hashes of its 4-byte windows, all of
 * them or PF_WIN_MAX spread over it, the first and the last included; of 2 or
 * 3 bytes, its 2-byte windows themselves (indexes into the pair set) */
static void
pf_windows(struct pf_str *o, const unsigned char *s, size_t len)
{
    size_t k, at, last = len - 4;

    o->nwin = 0;
    if (len < 4) { /* the windows themselves: index into the pair set */
        for (k = 0; k + 1 < len; k++)
            o->h[o->nwin++] = (uint32_t)s[k] << 8 | s[k + 1];
        return;
    }
    for (k = 0; k < PF_WIN_MAX && k <= last; k++) {
        at = last < PF_WIN_MAX ? k : k * last / (PF_WIN_MAX - 1);
        o->h[o->nwin++] = pf_hash((uint32_t)s[at] << 24 | (uint32_t)s[at + 1] << 16 |
                                  (uint32_t)s[at + 2] << 8 | s[at + 3]);
    }
}

/* pf_build - the finished need of x for need a (a.n > 0) */
static int
pf_build(const struct pf_parse *x, const struct pf_need *a, struct crm_pf **out)
{
    struct crm_pf *pf = crm_calloc(1, sizeof(*pf));
    size_t nstr = 0, bytes = 0, i, k, at = 0, off = 0;

    if (pf == NULL)
        return CRM_ENOMEM;
    for (i = 0; i < a->n; i++)
        for (k = 0; k < a->cl[i].n; k++) {
            nstr++;
            bytes += x->str_len[x->idx[a->cl[i].first + k]];
        }
    pf->str = crm_calloc(nstr, sizeof(*pf->str));
    pf->pool = crm_malloc(bytes + 1);
    if (pf->str == NULL || pf->pool == NULL) {
        crm_pf_free(pf);
        return CRM_ENOMEM;
    }
    pf->ncl = a->n;
    for (i = 0; i < a->n; i++) {
        pf->first[i] = (uint32_t)at;
        pf->n[i] = a->cl[i].n;
        for (k = 0; k < a->cl[i].n; k++, at++) {
            uint32_t s = x->idx[a->cl[i].first + k];
            struct pf_str *o = &pf->str[at];
            memcpy(pf->pool + off, x->pool + x->str_off[s], x->str_len[s]);
            o->off = (uint32_t)off;
            o->len = x->str_len[s];
            pf_windows(o, pf->pool + off, o->len);
            off += o->len;
        }
    }
    *out = pf;
    return CRM_OK;
}

/* crm_pf_analyze - the need of a pattern */
int
crm_pf_analyze(const char *pat, size_t len, struct crm_pf **out)
{
    struct pf_parse *x;
    struct pf_need a;
    int rc = CRM_OK;

    *out = NULL;
    x = crm_malloc(sizeof(*x));
    if (x == NULL)
        return CRM_ENOMEM;
    x->p = (const unsigned char *)pat;
    x->end = x->p + len;
    x->fail = 0;
    x->nstr = x->pool_len = x->nidx = x->nalt = 0;
    pf_alt(x, 0, &a);
    if (!x->fail && x->p == x->end && a.n > 0)
        rc = pf_build(x, &a, out);
    crm_free(x);
    return rc;
}

/* crm_pf_free - free a need (NULL ok) */
void
crm_pf_free(struct crm_pf *pf)
{
    if (pf == NULL)
        return;
    crm_free(pf->str);
    crm_free(pf->pool);
    crm_free(pf);
}

/* crm_pf_format - "(a|b)&(c)" */
int
crm_pf_format(const struct crm_pf *pf, struct crm_buf *out)
{
    unsigned i, k;
    int rc = CRM_OK;

    for (i = 0; pf != NULL && i < pf->ncl && rc == CRM_OK; i++) {
        rc = crm_buf_puts(out, i ? "&(" : "(");
        for (k = 0; k < pf->n[i] && rc == CRM_OK; k++) {
            const struct pf_str *s = &pf->str[pf->first[i] + k];
            if (k)
                rc = crm_buf_putc(out, '|');
            if (rc == CRM_OK)
                rc = crm_buf_append(out, pf->pool + s->off, s->len);
        }
        if (rc == CRM_OK)
            rc = crm_buf_putc(out, ')');
    }
    return rc;
}

/* pf_lower_tab - ASCII letters lower-cased, every other byte as it is */
static const unsigned char pf_lower_tab[256] = {
#define PF_L4(b)  PF_L1(b), PF_L1(b + 1), PF_L1(b + 2), PF_L1(b + 3)
#define PF_L1(b)  (unsigned char)((b) >= 'A' && (b) <= 'Z' ? (b) | 0x20 : (b))
#define PF_L16(b) PF_L4(b), PF_L4(b + 4), PF_L4(b + 8), PF_L4(b + 12)
#define PF_L64(b) PF_L16(b), PF_L16(b + 16), PF_L16(b + 32), PF_L16(b + 48)
    PF_L64(0), PF_L64(64), PF_L64(128), PF_L64(192)
#undef PF_L64
#undef PF_L16
#undef PF_L1
#undef PF_L4
};

/* crm_pf_text_build - the set of the 4-byte and 2-byte sequences of s */
void
crm_pf_text_build(struct crm_pf_text *t, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned log2 = CRM_PF_LOG2_MIN, shift;
    uint32_t w;
    size_t i;

    while (log2 < CRM_PF_LOG2_MAX && ((size_t)1 << log2) < len * 16) /* ~6 % of bits set */
        log2++;
    t->log2 = log2;
    shift = 32 - log2;
    memset(t->bits, 0, ((size_t)1 << log2) / 8);
    memset(t->pairs, 0, sizeof(t->pairs));
    w = 0; /* the first three windows start with NUL: no string does */
    for (i = 0; i < len; i++) {
        uint32_t b, c = pf_lower_tab[p[i]];
        if (c >= 0xC5 && (c == 0xC5 || c == 0xE2)) { /* the other forms of k and s */
            if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x84 && p[i + 2] == 0xAA)
                c = 'k', i += 2;
            else if (c == 0xC5 && i + 1 < len && p[i + 1] == 0xBF)
                c = 's', i += 1;
        }
        w = w << 8 | c;
        b = pf_hash(w) >> shift;
        t->bits[b >> 6] |= UINT64_C(1) << (b & 63);
        t->pairs[(w & 0xFFFF) >> 6] |= UINT64_C(1) << (w & 63);
    }
}

/* pf_has - the text may contain string s: all its windows are in the set */
static int
pf_has(const struct pf_str *s, const struct crm_pf_text *t)
{
    unsigned shift = 32 - t->log2, k;

    if (s->len < 4) {
        for (k = 0; k < s->nwin; k++)
            if (!((t->pairs[s->h[k] >> 6] >> (s->h[k] & 63)) & 1))
                return 0;
        return 1;
    }
    for (k = 0; k < s->nwin; k++) {
        uint32_t b = s->h[k] >> shift;
        if (!((t->bits[b >> 6] >> (b & 63)) & 1))
            return 0;
    }
    return 1;
}

/* crm_pf_may_match - every clause has a string the text may contain */
int
crm_pf_may_match(const struct crm_pf *pf, const struct crm_pf_text *t)
{
    unsigned i, k;

    if (pf == NULL)
        return 1;
    for (i = 0; i < pf->ncl; i++) {
        for (k = 0; k < pf->n[i]; k++)
            if (pf_has(&pf->str[pf->first[i] + k], t))
                break;
        if (k == pf->n[i])
            return 0;
    }
    return 1;
}
