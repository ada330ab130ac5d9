/* test_prefilter.c - lib/prefilter: what the analyser derives, the pcre2
 * facts it relies on, and that it never rules out a text pcre2 matches
 * (the shipped rules over the classification cases, strings sampled from
 * every shipped pattern, and random patterns over a small alphabet) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "buf.h"
#include "helpers.h"
#include "prefilter.h"
#include "text.h"

#define RFLAGS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C)

static struct crm_pf_text text_set; /* 24 KB: not on the stack */

/* jit_ok - JIT code reads subjects in wide words, which memcheck reports as
 * uses of uninitialised bytes: under memcheck the interpreter runs (as in
 * lib/rules.c) */
static int
jit_ok(void)
{
    const char *pre = getenv("LD_PRELOAD");

    return pre == NULL || strstr(pre, "vgpreload_memcheck") == NULL;
}

/* ---- what the analyser derives ---- */

static void
expect_need(const char *pat, const char *want)
{
    struct crm_pf *pf = NULL;
    struct crm_buf b;

    crm_buf_init(&b, 1 << 16);
    assert_int_equal(crm_pf_analyze(pat, strlen(pat), &pf), CRM_OK);
    if (want == NULL) {
        if (pf != NULL) {
            assert_int_equal(crm_pf_format(pf, &b), CRM_OK);
            fail_msg("pattern %s: want no need, got %s", pat, crm_buf_cstr(&b));
        }
    } else {
        if (pf == NULL)
            fail_msg("pattern %s: want %s, got no need", pat, want);
        assert_int_equal(crm_pf_format(pf, &b), CRM_OK);
        if (strcmp(crm_buf_cstr(&b), want) != 0)
            fail_msg("pattern %s: want %s, got %s", pat, want, crm_buf_cstr(&b));
    }
    crm_pf_free(pf);
    crm_buf_fini(&b);
}

static void
pf_needs_of_patterns(void **state)
{
    (void)state;
    expect_need("abcd", "(abcd)");
    expect_need("ABCD", "(abcd)");
    expect_need("abcdef|ghijkl", "(abcdef|ghijkl)");
    expect_need("ab|cdefg", "(ab|cdefg)"); /* "ab": by its 2-byte window */
    expect_need("a|cdefg", NULL);          /* a single byte is not tested */
    expect_need("abc\\s+de", "(abc)&(de)");
    expect_need("abcd\\s+efgh", "(abcd)&(efgh)");
    expect_need("abcd(?:efgh)?ijkl", "(abcd)&(ijkl)");
    expect_need("abc\\bdefg", "(abcdefg)"); /* zero-width: still adjacent */
    expect_need("(?=wxyz)abcd", "(abcd)");
    expect_need("(?<!nope )abcd^$", "(abcd)");
    expect_need("ab+cdef", "(ab)&(cdef)"); /* "ab", then b+ breaks the run */
    expect_need("abcde{2}fgh", "(abcde)&(fgh)");
    expect_need("abcd*efgh", "(abc)&(efgh)");
    expect_need("abcd?efgh", "(abc)&(efgh)");
    expect_need("(?i)abcd(?-i)efgh", "(abcdefgh)");
    expect_need("(?i:abcd)efgh", "(abcd)&(efgh)");
    expect_need("(?<n>abcd)(?'m'efgh)(?P<o>ijkl)", "(abcd)&(efgh)&(ijkl)");
    expect_need("(?>abcd)(?|efgh|ijkl)", "(abcd)&(efgh|ijkl)");
    expect_need("[abc]defg[]]hijk[^]x]lmno", "(defg)&(hijk)&(lmno)");
    expect_need("[[:alpha:]\\]]abcd", "(abcd)");
    expect_need("a.bcde\\d\\w\\p{L}\\P{Lu}fghi", "(bcde)&(fghi)");
    expect_need("ab\\.cd\\ ef", "(ab.cd ef)");
    expect_need("(abcd|efgh)+ijkl", "(abcd|efgh)&(ijkl)");
    expect_need("(abcd|efgh)*ijkl", "(ijkl)");
    expect_need("(abcd|)", NULL);
    expect_need("keep|SKIP", "(keep|skip)");
    expect_need("見送らせて", "(見送らせて)");
    expect_need("(ご)?応募", "(応募)");
    expect_need("\xef\xbc\xab"
                "abcd",
                "(abcd)"); /* full-width K has case: not literal */
    expect_need("caf\xc3\xa9"
                "abc",
                "(caf)&(abc)"); /* nor has e-acute: it stands for any character */
    expect_need("(?#note)abcd", "(abcd)");
    expect_need("abcd\\1efgh", "(abcd)&(efgh)");
    /* the clauses kept are the selective ones: long strings, no common words */
    expect_need("your\\s+application\\s+with\\s+us\\s+abcd\\s+efghij",
                "(efghij)&(application)&(with)&(abcd)");
    /* outside the subset analysed: no need, the rule always runs */
    expect_need("", NULL);
    expect_need("abcd)", NULL);
    expect_need("(abcd", NULL);
    expect_need("x{,3}abcd", NULL);
    expect_need("ab{x}abcd", NULL);
    expect_need("\\Qabcd\\E", NULL);
    expect_need("(*UCP)abcd", NULL);
    expect_need("(?x)abcd", NULL);
    expect_need("(?(1)abcd|efgh)", NULL);
    expect_need("(?R)abcd", NULL);
    expect_need("\\x41bcd", NULL);
    expect_need("a\\tbcd", NULL);
    expect_need("abcd\\K", NULL);
    expect_need("abcd**", NULL);
    expect_need("abcd(?#c)?efgh", NULL); /* the ? applies to d: found by the random test */
    expect_need("abcd(?i)*efgh", NULL);
    expect_need("abcd\\b?efgh", NULL);
    expect_need("[abcd", NULL);
}

/* ---- the pcre2 facts the analyser relies on ---- */

static size_t
utf8_put(uint32_t c, unsigned char *o)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | c >> 6);
        o[1] = (unsigned char)(0x80 | (c & 63));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | c >> 12);
        o[1] = (unsigned char)(0x80 | (c >> 6 & 63));
        o[2] = (unsigned char)(0x80 | (c & 63));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | c >> 18);
    o[1] = (unsigned char)(0x80 | (c >> 12 & 63));
    o[2] = (unsigned char)(0x80 | (c >> 6 & 63));
    o[3] = (unsigned char)(0x80 | (c & 63));
    return 4;
}

/* every code point from U+0080, surrogates left out, as UTF-8; OUT cps[i]
 * is the code point at byte offset offs[i] */
static unsigned char *
all_code_points(size_t *len, uint32_t **cps, size_t **offs, size_t *n)
{
    unsigned char *s = malloc(4u * 0x110000);
    uint32_t c;

    *cps = malloc(sizeof(**cps) * 0x110000);
    *offs = malloc(sizeof(**offs) * 0x110000);
    assert_non_null(s);
    assert_non_null(*cps);
    assert_non_null(*offs);
    *len = *n = 0;
    for (c = 0x80; c < 0x110000; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        (*offs)[*n] = *len;
        (*cps)[(*n)++] = c;
        *len += utf8_put(c, s + *len);
    }
    return s;
}

/* matches - code points of subject s matched by pattern pat */
static size_t
matches(const char *pat, const unsigned char *s, size_t len, const uint32_t *cps,
        const size_t *offs, size_t n, uint32_t *out, size_t max)
{
    int ec;
    PCRE2_SIZE eo, at = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, RFLAGS, &ec, &eo, NULL);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    size_t k = 0;

    assert_non_null(re);
    if (jit_ok())
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    while (pcre2_match(re, s, len, at, PCRE2_NO_UTF_CHECK, md, NULL) >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t lo = 0, hi = n;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (offs[mid] <= ov[0])
                lo = mid;
            else
                hi = mid;
        }
        if (k < max)
            out[k] = cps[lo];
        k++;
        at = ov[1];
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return k;
}

/*
 * Under PCRE2_UTF | PCRE2_CASELESS the only characters outside ASCII that
 * match a printable ASCII character are U+017F (s) and U+212A (k), which
 * crm_pf_text_build folds; and the CJK ranges taken as literals match
 * nothing outside themselves.
 */
static void
pf_caseless_facts_hold_in_this_pcre2(void **state)
{
    size_t len, n, k;
    uint32_t *cps, got[8];
    size_t *offs;
    unsigned char *s = all_code_points(&len, &cps, &offs, &n);

    (void)state;
    k = matches("[\\x20-\\x7e]", s, len, cps, offs, n, got, 8);
    assert_int_equal(k, 2);
    assert_int_equal(got[0], 0x017F);
    assert_int_equal(got[1], 0x212A);
    assert_int_equal(matches("k", s, len, cps, offs, n, got, 8), 1);
    assert_int_equal(got[0], 0x212A);
    assert_int_equal(matches("S", s, len, cps, offs, n, got, 8), 1);
    assert_int_equal(got[0], 0x017F);
    k = matches("[\\x{3000}-\\x{30ff}\\x{3400}-\\x{4dbf}\\x{4e00}-\\x{9fff}]", s, len, cps, offs, n,
                got, 0);
    assert_int_equal(k, 0x100 + (0x4DC0 - 0x3400) + (0xA000 - 0x4E00));
    free(s);
    free(cps);
    free(offs);
}

/* ---- soundness: a text pcre2 matches is never ruled out ---- */

struct checked {
    unsigned long matches, ruled_out_texts;
};

/*
 * check_text - every match of re in text (from every character start) must
 * pass the prefilter, judged on the whole text and on the matched span
 * alone; also counts texts the prefilter rules out (and pcre2 confirms)
 */
static void
check_text(const char *id, pcre2_code *re, const struct crm_pf *pf, const char *t, size_t len,
           pcre2_match_data *md, struct checked *c)
{
    PCRE2_SIZE at = 0;
    int whole;

    crm_pf_text_build(&text_set, t, len);
    whole = crm_pf_may_match(pf, &text_set);
    while (at <= len) {
        int rc = pcre2_match(re, (PCRE2_SPTR)t, len, at, 0, md, NULL);
        PCRE2_SIZE *ov;
        if (rc < 0) {
            assert_true(rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_MATCHLIMIT ||
                        rc == PCRE2_ERROR_BADUTFOFFSET || rc <= PCRE2_ERROR_UTF8_ERR1);
            if (at == 0 && rc == PCRE2_ERROR_NOMATCH && !whole)
                c->ruled_out_texts++;
            break;
        }
        ov = pcre2_get_ovector_pointer(md);
        c->matches++;
        if (!whole)
            fail_msg("rule %s matches [%.*s] but the prefilter ruled out the text", id,
                     (int)(ov[1] - ov[0]), t + ov[0]);
        crm_pf_text_build(&text_set, t + ov[0], ov[1] - ov[0]);
        if (!crm_pf_may_match(pf, &text_set))
            fail_msg("rule %s matches [%.*s] but the prefilter ruled out the match", id,
                     (int)(ov[1] - ov[0]), t + ov[0]);
        crm_pf_text_build(&text_set, t, len);
        at = ov[0] + 1;
        while (at < len && ((unsigned char)t[at] & 0xC0) == 0x80)
            at++;
    }
}

/* a rule of the shipped file: its id and pattern (pointers into the file) */
struct srule {
    const char *id, *pat;
    size_t id_len, pat_len;
};

/* shipped_rules - the subject and body rules of contrib/rules/careerrelay.rules */
static size_t
shipped_rules(struct crm_buf *file, struct srule *v, size_t max)
{
    char *line, *save = NULL;
    size_t n = 0;

    assert_int_equal(th_read_file(CRM_SOURCE_DIR "/contrib/rules/careerrelay.rules", file), 0);
    for (line = strtok_r(file->p, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[4], *p = line;
        int i;
        if (strncmp(line, "rule ", 5) != 0)
            continue;
        for (i = 0; i < 4; i++) { /* "rule", ID, WEIGHT, TARGET */
            f[i] = p;
            p = strchr(p, ' ');
            assert_non_null(p);
            *p++ = '\0';
        }
        while (*p == ' ')
            p++;
        if (strcmp(f[3], "body") != 0 && strcmp(f[3], "subject") != 0)
            continue;
        assert_true(n < max);
        v[n].id = f[1];
        v[n].id_len = strlen(f[1]);
        v[n].pat = p;
        v[n].pat_len = strlen(p);
        while (v[n].pat_len > 0 && (p[v[n].pat_len - 1] == ' ' || p[v[n].pat_len - 1] == '\r'))
            v[n].pat_len--;
        n++;
    }
    return n;
}

static pcre2_code *
compile(const char *pat, size_t len)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, RFLAGS, &ec, &eo, NULL);

    if (re != NULL && jit_ok())
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

/* the classification cases, each block whole, as written and normalised */
static void
pf_sound_on_shipped_rules_and_cases(void **state)
{
    struct crm_buf file, cases, norm;
    struct srule v[256];
    size_t n, i, analysed = 0;
    struct checked c = {0, 0};
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);

    (void)state;
    crm_buf_init(&file, 1 << 22);
    crm_buf_init(&cases, 1 << 22);
    crm_buf_init(&norm, 1 << 22);
    n = shipped_rules(&file, v, 256);
    assert_true(n > 40);
    assert_int_equal(th_read_file(CRM_SOURCE_DIR "/tests/data/rules/default.cases", &cases), 0);
    for (i = 0; i < n; i++) {
        struct crm_pf *pf = NULL;
        pcre2_code *re = compile(v[i].pat, v[i].pat_len);
        const char *p = cases.p, *end = cases.p + cases.len;
        assert_non_null(re);
        assert_int_equal(crm_pf_analyze(v[i].pat, v[i].pat_len, &pf), CRM_OK);
        analysed += pf != NULL;
        while (p < end) { /* blocks start at "### " */
            const char *q = strstr(p + 1, "\n### ");
            size_t len = q ? (size_t)(q - p) : (size_t)(end - p);
            check_text(v[i].id, re, pf, p, len, md, &c);
            crm_buf_reset(&norm);
            assert_int_equal(crm_text_normalize(p, len, &norm), CRM_OK);
            check_text(v[i].id, re, pf, norm.p, norm.len, md, &c);
            p += len;
        }
        crm_pf_free(pf);
        pcre2_code_free(re);
    }
    print_message("%zu rules (%zu with a need), %lu matches checked, %lu texts ruled out\n", n,
                  analysed, c.matches, c.ruled_out_texts);
    assert_true(analysed > n * 3 / 4);
    assert_true(c.matches > 500);
    assert_true(c.ruled_out_texts > 1000);
    pcre2_match_data_free(md);
    crm_buf_fini(&file);
    crm_buf_fini(&cases);
    crm_buf_fini(&norm);
}

/* ---- strings sampled from a pattern ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static unsigned
rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n ? (unsigned)(rng_state % n) : 0;
}

/* skip_class - p at '[': past its ']' */
static const char *
skip_class(const char *p, const char *end)
{
    p++;
    if (p < end && *p == '^')
        p++;
    if (p < end && *p == ']')
        p++;
    while (p < end && *p != ']') {
        if (*p == '[' && p + 1 < end && p[1] == ':') {
            const char *q = strstr(p, ":]");
            if (q != NULL && q < end) {
                p = q + 2;
                continue;
            }
        }
        p += *p == '\\' ? 2 : 1;
    }
    return p < end ? p + 1 : end;
}

/* group_end - p at '(': the matching ')' (or end) */
static const char *
group_end(const char *p, const char *end)
{
    int depth = 0;

    while (p < end) {
        if (*p == '\\')
            p += 2;
        else if (*p == '[')
            p = skip_class(p, end);
        else {
            if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0)
                return p;
            p++;
        }
    }
    return end;
}

/* emit - one character of a literal, in a random case form */
static void
emit(struct crm_buf *o, const char *p, size_t n)
{
    unsigned char c = (unsigned char)p[0];

    if (n == 1 && (c | 0x20) == 'k' && rnd(4) == 0)
        assert_int_equal(crm_buf_puts(o, "\xe2\x84\xaa"), CRM_OK);
    else if (n == 1 && (c | 0x20) == 's' && rnd(4) == 0)
        assert_int_equal(crm_buf_puts(o, "\xc5\xbf"), CRM_OK);
    else if (n == 1 && ((unsigned)(c | 0x20) - 'a' < 26u) && rnd(2))
        assert_int_equal(crm_buf_putc(o, c ^ 0x20), CRM_OK);
    else
        assert_int_equal(crm_buf_append(o, p, n), CRM_OK);
}

/* class_pick - a character of the class at p (a guess for negated ones) */
static void
class_pick(const char *p, const char *end, struct crm_buf *o)
{
    const char *q = p + 1, *stop = skip_class(p, end) - 1;
    const char *items[64];
    int n = 0;

    if (q < stop && *q == '^') {
        assert_int_equal(crm_buf_putc(o, rnd(2) ? '#' : ' '), CRM_OK);
        return;
    }
    while (q < stop && n < 64) {
        items[n++] = q;
        if (*q == '[' && q + 1 < stop && q[1] == ':') {
            q = strstr(q, ":]") + 2;
            continue;
        }
        q += *q == '\\' ? 2 : 1;
        while (q < stop && ((unsigned char)*q & 0xC0) == 0x80)
            q++;
    }
    if (n == 0)
        return;
    q = items[rnd((unsigned)n)];
    if (*q == '\\')
        assert_int_equal(crm_buf_putc(o, q[1] == 's'   ? ' '
                                         : q[1] == 'd' ? '4'
                                         : q[1] == 'w' ? 'w'
                                                       : q[1]),
                         CRM_OK);
    else if (*q == '[')
        assert_int_equal(crm_buf_putc(o, 'a'), CRM_OK);
    else {
        size_t len = 1;
        while (q + len < stop && ((unsigned char)q[len] & 0xC0) == 0x80)
            len++;
        emit(o, q, len);
    }
}

static void sample_alt(const char *p, const char *end, struct crm_buf *o, int depth);

/* sample_seq - one string the sequence [p, end) can match (a guess) */
static void
sample_seq(const char *p, const char *end, struct crm_buf *o, int depth)
{
    while (p < end) {
        const char *a = p, *aend;
        long min = 1, max = 1, reps, r;
        if (*p == '(')
            aend = group_end(p, end) + 1;
        else if (*p == '[')
            aend = skip_class(p, end);
        else if (*p == '\\')
            aend =
                p + 2 +
                ((p[1] == 'p' || p[1] == 'P') && p + 2 < end && p[2] == '{' ? strchr(p, '}') - p - 1
                                                                            : 0);
        else {
            aend = p + 1;
            while (aend < end && ((unsigned char)*aend & 0xC0) == 0x80)
                aend++;
        }
        if (aend > end)
            aend = end;
        p = aend;
        if (p < end && (*p == '*' || *p == '+' || *p == '?')) {
            min = *p == '+';
            max = *p == '?' ? 1 : 3;
            p++;
        } else if (p < end && *p == '{') {
            char *e;
            min = strtol(p + 1, &e, 10);
            max = *e == ',' ? (e[1] == '}' ? min + 2 : strtol(e + 1, &e, 10)) : min;
            p = strchr(p, '}') + 1;
        }
        if (p < end && (*p == '?' || *p == '+'))
            p++;
        reps = min + rnd((unsigned)(max - min + 1));
        for (r = 0; r < reps; r++) {
            if (*a == '(') {
                const char *in = a + 1, *ge = aend - 1;
                if (*in == '?') {
                    if (in[1] == '=' || in[1] == '!' || in[1] == '#' ||
                        (in[1] == '<' && (in[2] == '=' || in[2] == '!')))
                        break; /* zero-width */
                    in = strchr(in, in[1] == '<' || in[1] == 'P' ? '>'
                                    : in[1] == '\''              ? '\''
                                                                 : ':');
                    if (in == NULL || in >= ge || *in == ')')
                        break; /* option setting */
                    if (*in == '\'')
                        in = strchr(in + 1, '\'');
                    in++;
                }
                sample_alt(in, ge, o, depth + 1);
            } else if (*a == '[')
                class_pick(a, aend, o);
            else if (*a == '.')
                emit(o, "x", 1);
            else if (*a == '^' || *a == '$')
                ;
            else if (*a == '\\') {
                const char *m = strchr("sSdDwWhHvVRNXpP", a[1]);
                if (m != NULL)
                    emit(o, &" x4x_ x x \nxxaa"[m - "sSdDwWhHvVRNXpP"], 1);
                else if (!((unsigned)((unsigned char)a[1] | 0x20) - 'a' < 26u ||
                           (a[1] >= '0' && a[1] <= '9')))
                    emit(o, a + 1, 1);
            } else
                emit(o, a, (size_t)(aend - a));
        }
    }
}

/* sample_alt - one alternative of [p, end), chosen at random */
static void
sample_alt(const char *p, const char *end, struct crm_buf *o, int depth)
{
    const char *starts[512], *q = p;
    int n = 0, k;

    if (depth > 40)
        return;
    starts[n++] = p;
    while (q < end) {
        if (*q == '\\')
            q += 2;
        else if (*q == '[')
            q = skip_class(q, end);
        else if (*q == '(')
            q = group_end(q, end) + 1;
        else if (*q == '|' && n < 512) {
            starts[n++] = ++q;
        } else
            q++;
    }
    k = (int)rnd((unsigned)n);
    sample_seq(starts[k], k + 1 < n ? starts[k + 1] - 1 : end, o, depth);
}

/* random context around a sampled match */
static void
context(struct crm_buf *o)
{
    static const char *const bits[] = {"the ", "x", " ", "\n", "。", "様", "Ab", "k", "s", "ｋ"};
    unsigned i, n = rnd(6);

    for (i = 0; i < n; i++)
        assert_int_equal(crm_buf_puts(o, bits[rnd(10)]), CRM_OK);
}

/* check_samples - samples of pattern pat, each checked as a text */
static void
check_samples(const char *id, const char *pat, size_t len, unsigned count, struct checked *c,
              unsigned long *hits)
{
    pcre2_code *re = compile(pat, len);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    struct crm_pf *pf = NULL;
    struct crm_buf o;
    unsigned i;
    unsigned long before;

    if (re == NULL) {
        pcre2_match_data_free(md);
        return;
    }
    assert_int_equal(crm_pf_analyze(pat, len, &pf), CRM_OK);
    crm_buf_init(&o, 1 << 16);
    for (i = 0; i < count; i++) {
        crm_buf_reset(&o);
        context(&o);
        sample_alt(pat, pat + len, &o, 0);
        context(&o);
        before = c->matches;
        check_text(id, re, pf, crm_buf_cstr(&o), o.len, md, c);
        *hits += c->matches > before;
    }
    crm_buf_fini(&o);
    crm_pf_free(pf);
    pcre2_code_free(re);
    pcre2_match_data_free(md);
}

static void
pf_sound_on_sampled_matches(void **state)
{
    struct crm_buf file;
    struct srule v[256];
    size_t n, i;
    struct checked c = {0, 0};
    unsigned long hits = 0;

    (void)state;
    crm_buf_init(&file, 1 << 22);
    n = shipped_rules(&file, v, 256);
    for (i = 0; i < n; i++)
        check_samples(v[i].id, v[i].pat, v[i].pat_len, 400, &c, &hits);
    print_message("%lu of %zu samples matched, %lu matches checked\n", hits, n * 400, c.matches);
    assert_true(hits > n * 400 / 3);
    crm_buf_fini(&file);
}

/* random patterns over a small alphabet, with the syntax the analyser reads */
static void
random_pattern(struct crm_buf *o, int depth)
{
    static const char *const atoms[] = {
        "a",   "b",     "k",     "s",      "K",     "S",      "ab",     "ka",     "sa",
        " ",   "見",    "送",    "\\.",    "\\s",   "\\w",    ".",      "[ab]",   "[^a]",
        "\\b", "^",     "$",     "(?=ab)", "(?!k)", "(?<=a)", "(?<!b)", "(?i)",   "(?-i)",
        "\\d", "[k-s]", "(?#c)", "\\1",    "abab",  "kasa",   "sKab",   "見送り", "bakas"};
    static const char *const quants[] = {"",    "",      "",     "?",  "*", "+",
                                         "{2}", "{0,2}", "{1,}", "??", "+?"};
    unsigned i, n = 1 + rnd(6);

    for (i = 0; i < n; i++) {
        if (depth < 3 && rnd(5) == 0) {
            static const char *const opens[] = {"(", "(?:", "(?>", "(?i:", "(?<g>", "(?|"};
            unsigned alts = 1 + rnd(3), k;
            assert_int_equal(crm_buf_puts(o, opens[rnd(6)]), CRM_OK);
            for (k = 0; k < alts; k++) {
                if (k)
                    assert_int_equal(crm_buf_putc(o, '|'), CRM_OK);
                random_pattern(o, depth + 1);
            }
            assert_int_equal(crm_buf_putc(o, ')'), CRM_OK);
        } else
            assert_int_equal(crm_buf_puts(o, atoms[rnd(36)]), CRM_OK);
        if (rnd(3) == 0)
            assert_int_equal(crm_buf_puts(o, quants[rnd(11)]), CRM_OK);
    }
}

static void
pf_sound_on_random_patterns(void **state)
{
    struct crm_buf pat, txt;
    struct checked c = {0, 0};
    unsigned long hits = 0, with_need = 0, i, k, rounds = 40000;
    static const char *const bits[] = {
        "a",        "b", "k", "s", "A", "K", "S", " ", "見", "送", "\xe2\x84\xaa",
        "\xc5\xbf", ".", "1", "\n"};
    char id[128];

    (void)state;
    if (getenv("CRM_PF_ROUNDS") != NULL) /* a longer run by hand */
        rounds = strtoul(getenv("CRM_PF_ROUNDS"), NULL, 10);
    crm_buf_init(&pat, 1 << 12);
    crm_buf_init(&txt, 1 << 12);
    for (i = 0; i < rounds; i++) {
        pcre2_code *re;
        pcre2_match_data *md;
        struct crm_pf *pf = NULL;
        crm_buf_reset(&pat);
        random_pattern(&pat, 0);
        re = compile(pat.p, pat.len);
        if (re == NULL)
            continue;
        snprintf(id, sizeof(id), "random #%lu /%.40s/", i, pat.p);
        assert_int_equal(crm_pf_analyze(pat.p, pat.len, &pf), CRM_OK);
        with_need += pf != NULL;
        md = pcre2_match_data_create(1, NULL);
        for (k = 0; pf != NULL && k < 8; k++) { /* random texts */
            unsigned j, n = 1 + rnd(24);
            crm_buf_reset(&txt);
            for (j = 0; j < n; j++)
                assert_int_equal(crm_buf_puts(&txt, bits[rnd(15)]), CRM_OK);
            check_text(id, re, pf, txt.p, txt.len, md, &c);
        }
        pcre2_match_data_free(md);
        crm_pf_free(pf);
        pcre2_code_free(re);
        if (with_need > 0)
            check_samples(id, pat.p, pat.len, 4, &c, &hits);
    }
    crm_buf_fini(&pat);
    crm_buf_fini(&txt);
    print_message("%lu random patterns with a need, %lu matches checked, %lu samples matched\n",
                  with_need, c.matches, hits);
    assert_true(with_need > rounds / 20);
    assert_true(c.matches > rounds / 8);
}

/* the folded forms of k and s count as k and s */
static void
pf_text_folds_kelvin_and_long_s(void **state)
{
    struct crm_pf *pf = NULL;

    (void)state;
    assert_int_equal(crm_pf_analyze("desk top", 8, &pf), CRM_OK);
    assert_non_null(pf);
    crm_pf_text_build(&text_set, "de\xc5\xbf\xe2\x84\xaa top", 12);
    assert_int_equal(crm_pf_may_match(pf, &text_set), 1);
    crm_pf_text_build(&text_set, "DESK TOP", 8);
    assert_int_equal(crm_pf_may_match(pf, &text_set), 1);
    crm_pf_text_build(&text_set, "desktop", 7);
    assert_int_equal(crm_pf_may_match(pf, &text_set), 0);
    crm_pf_text_build(&text_set, "", 0);
    assert_int_equal(crm_pf_may_match(pf, &text_set), 0);
    assert_int_equal(crm_pf_may_match(NULL, &text_set), 1);
    crm_pf_free(pf);
}

/* strings of 2 and 3 bytes are tested by their 2-byte windows: exactly
 * (a bit per pair), so a text without the pair is ruled out */
static void
pf_short_strings_use_the_pair_set(void **state)
{
    static const struct {
        const char *pat, *text;
        int want;
    } cases[] = {
        {"\\bcv\\b|resume", "Please find my CV attached.", 1},
        {"\\bcv\\b|resume", "c\nv, vc, c v: curriculum vitae", 0},
        {"\\bcv\\b|resume", "cv", 1}, /* the whole text, at its end */
        /* a 3-byte character: both windows of 応 (E5 BF 9C) must be there */
        {"\\bcv\\b|\xe5\xbf\x9c", "\xe5\xbf\x9c\xe5\x8b\x9f", 1},
        {"\\bcv\\b|\xe5\xbf\x9c", "\xe5\xbf\x9d\xe5\x8b\x9f", 0},
    };
    struct crm_pf *pf;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pf = NULL;
        assert_int_equal(crm_pf_analyze(cases[i].pat, strlen(cases[i].pat), &pf), CRM_OK);
        assert_non_null(pf);
        crm_pf_text_build(&text_set, cases[i].text, strlen(cases[i].text));
        if (crm_pf_may_match(pf, &text_set) != cases[i].want)
            fail_msg("case %zu: pattern %s on text \"%s\": want %d", i, cases[i].pat, cases[i].text,
                     cases[i].want);
        crm_pf_free(pf);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pf_needs_of_patterns),
        cmocka_unit_test(pf_caseless_facts_hold_in_this_pcre2),
        cmocka_unit_test(pf_text_folds_kelvin_and_long_s),
        cmocka_unit_test(pf_short_strings_use_the_pair_set),
        cmocka_unit_test(pf_sound_on_shipped_rules_and_cases),
        cmocka_unit_test(pf_sound_on_sampled_matches),
        cmocka_unit_test(pf_sound_on_random_patterns),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
