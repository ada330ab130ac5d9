/* test_rules.c - rules parser errors, evaluation semantics, pcre2 limits, and
 * the shipped default rules against tests/data/rules/default.cases */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "alloc.h"
#include "buf.h"
#include "hdr.h"
#include "rules.h"
#include "text.h"
#include "helpers.h"

/* ---- parser ---- */

static const struct {
    const char *name, *text, *want;
} bad_cases[] = {
    {"unknown_directive", "threshold 10\nfoo bar\n", "t.rules:2: unknown directive 'foo'"},
    {"bad_weight_word", "threshold 10\nrule a x body y\n", "t.rules:2: bad weight 'x'"},
    {"weight_out_of_range", "threshold 10\nrule a 5000 body y\n", "t.rules:2: bad weight '5000'"},
    {"weight_with_junk", "threshold 10\nrule a 5x body y\n", "t.rules:2: bad weight '5x'"},
    {"duplicate_id", "threshold 10\nrule a 1 body x\nrule a 2 body y\n",
     "t.rules:3: duplicate rule id 'a'"},
    {"bad_target", "threshold 10\nrule a 1 bodyy x\n", "t.rules:2: bad target 'bodyy'"},
    {"header_without_name", "threshold 10\nrule a 1 header: x\n",
     "t.rules:2: bad target 'header:'"},
    {"header_name_with_colon", "threshold 10\nrule a 1 header:a:b x\n",
     "t.rules:2: bad target 'header:a:b'"},
    {"missing_target", "threshold 10\nrule a 1\n", "t.rules:2: bad target ''"},
    {"missing_pattern", "threshold 10\nrule a 1 body   \n",
     "t.rules:2: missing pattern for rule 'a'"},
    {"bad_rule_id", "threshold 10\nrule a/b 1 body x\n", "t.rules:2: bad rule id 'a/b'"},
    {"pattern_compile_error", "threshold 10\nrule a 1 body (abc\n",
     "t.rules:2: pattern error at offset 4: missing closing parenthesis"},
    {"pattern_error_offset", "threshold 10\nrule a 1 body ab[c\n",
     "t.rules:2: pattern error at offset 4: missing terminating ] for character class"},
    {"threshold_zero", "threshold 0\n", "t.rules:1: bad threshold (want 1..100000) '0'"},
    {"threshold_word", "threshold ten\n", "t.rules:1: bad threshold (want 1..100000) 'ten'"},
    {"threshold_trailing_junk", "threshold 5 6\n",
     "t.rules:1: bad threshold (want 1..100000) '5 6'"},
    {"duplicate_threshold", "threshold 1\nthreshold 2\n",
     "t.rules:2: duplicate directive 'threshold'"},
    {"missing_threshold", "rule a 1 body x\n", "t.rules:1: missing 'threshold N' directive"},
    {"line_numbers_count_comments_and_blanks", "# c\n\n  threshold 5\nbogus\n",
     "t.rules:4: unknown directive 'bogus'"},
    {"crlf_lines", "threshold 5\r\nrule a 1 body x\r\nbad\r\n",
     "t.rules:3: unknown directive 'bad'"},
    {"directive_is_case_sensitive", "Threshold 5\n", "t.rules:1: unknown directive 'Threshold'"},
};

static void
rules_parse_errors_name_file_and_line(void **state)
{
    struct crm_rules *r;
    struct crm_err err;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        r = (struct crm_rules *)&err; /* must be reset to NULL */
        crm_err_clear(&err);
        rc = crm_rules_parse(bad_cases[i].text, strlen(bad_cases[i].text), "t.rules", &r, &err);
        if (rc != CRM_EPARSE || r != NULL || strcmp(err.msg, bad_cases[i].want) != 0)
            fail_msg("%s: got rc %d msg \"%s\", want rc %d msg \"%s\"", bad_cases[i].name, rc,
                     err.msg, CRM_EPARSE, bad_cases[i].want);
    }
}

static void
rules_parse_accepts_comments_blanks_crlf_and_trailing_space(void **state)
{
    static const char text[] = "# comment\r\n"
                               "\r\n"
                               "   threshold   7  \r\n"
                               "\t# indented comment\n"
                               "rule a.b-c_1   +3   body   x y  \r\n"
                               "rule n -2 subject ^re:\n"
                               "rule s 1 sender @example\\.jp$\n"
                               "rule h 1 HEADER:X-Test \\S\n"
                               "rule p 1 body a#b";
    struct crm_rules *r = NULL;
    struct crm_err err;

    assert_int_equal(crm_rules_parse(text, sizeof(text) - 1, "t", &r, &err), CRM_OK);
    assert_int_equal(crm_rules_count(r), 5);
    assert_int_equal(crm_rules_threshold(r), 7);
    crm_rules_free(r);
    crm_rules_free(NULL);
}

/* ---- evaluation ---- */

/* eval - parse text, evaluate subject/body/sender, return the verdict */
static void
eval(const char *rules, const char *subject, const char *body, const char *sender,
     const struct crm_hdrs *hdrs, struct crm_verdict *v)
{
    struct crm_rules *r = NULL;
    struct crm_err err;
    struct crm_features f;

    if (crm_rules_parse(rules, strlen(rules), "t", &r, &err) != CRM_OK)
        fail_msg("parse: %s", err.msg);
    memset(&f, 0, sizeof(f));
    f.subject = crm_slice_from(subject);
    f.body = crm_slice_from(body);
    f.sender = crm_slice_from(sender);
    f.hdrs = hdrs;
    if (crm_rules_eval(r, &f, v, &err) != CRM_OK)
        fail_msg("eval: %s", err.msg);
    crm_rules_free(r);
}

static const struct {
    const char *name, *rules, *subject, *body, *sender;
    int score, is_rejection;
    const char *fired;
} eval_cases[] = {
    {"weight_added_once_per_rule", "threshold 3\nrule a 3 body x\n", "", "x x x x", "", 3, 1,
     "a(+3)"},
    {"positive_rules_that_cannot_reach_threshold_are_not_run",
     "threshold 5\nrule a 3 body x\nrule b 1 body y\n", "", "x y", "", 0, 0, ""},
    {"largest_positive_runs_first_and_settles_the_rest",
     "threshold 5\nrule small 1 body y\nrule big 4 body x\n", "", "x y", "", 5, 1,
     "small(+1),big(+4)"},
    {"negatives_stop_once_below_threshold",
     "threshold 3\nrule a 3 body x\nrule c -1 body z\nrule b -5 body y\n", "", "x y z", "", -2, 0,
     "a(+3),b(-5)"},
    {"fired_in_file_order_with_signs", "threshold 1\nrule b -2 body y\nrule a 3 body x\n", "",
     "x y", "", 1, 1, "b(-2),a(+3)"},
    {"score_equal_to_threshold_is_rejection", "threshold 4\nrule a 4 body x\n", "", "x", "", 4, 1,
     "a(+4)"},
    {"subject_rule_ignores_body", "threshold 1\nrule a 5 subject x\n", "", "x", "", 0, 0, ""},
    {"body_rule_ignores_subject", "threshold 1\nrule a 5 body x\n", "x", "", "", 0, 0, ""},
    {"sender_rule", "threshold 1\nrule a 5 sender ^saiyo@\n", "", "", "saiyo@example.jp", 5, 1,
     "a(+5)"},
    {"caseless_by_default", "threshold 1\nrule a 1 body not to move forward\n", "",
     "We have decided NOT TO MOVE FORWARD", "", 1, 1, "a(+1)"},
    {"inline_flag_restores_case", "threshold 1\nrule a 1 body (?-i)ABC\n", "", "abc", "", 0, 0, ""},
    {"fullwidth_body_normalised", "threshold 1\nrule a 1 body not to move\n", "",
     "\xEF\xBC\xAE\xEF\xBC\xAF\xEF\xBC\xB4\xE3\x80\x80to  move", "", 1, 1, "a(+1)"},
    /* ｴﾝﾄﾘｰ matches エントリー */
    {"halfwidth_kana_normalised",
     "threshold 1\nrule a 1 body \xE3\x82\xA8\xE3\x83\xB3\xE3\x83\x88\xE3\x83\xAA\xE3\x83\xBC\n",
     "", "\xEF\xBD\xB4\xEF\xBE\x9D\xEF\xBE\x84\xEF\xBE\x98\xEF\xBD\xB0", "", 1, 1, "a(+1)"},
    /* 見送\nらせて matches 見送らせて: wrapped Japanese is joined */
    {"wrapped_japanese_joined",
     "threshold 1\nrule a 1 body \xE8\xA6\x8B\xE9\x80\x81\xE3\x82\x89\xE3\x81\x9B\xE3\x81\xA6\n",
     "", "\xE8\xA6\x8B\xE9\x80\x81\r\n\xE3\x82\x89\xE3\x81\x9B\xE3\x81\xA6", "", 1, 1, "a(+1)"},
    {"english_lines_not_joined", "threshold 1\nrule a 1 body moveforward\n", "", "move\nforward",
     "", 0, 0, ""},
    {"invalid_utf8_in_body_is_safe", "threshold 1\nrule a 1 body ab\n", "",
     "a\xFF"
     "b\xC3",
     "", 1, 1, "a(+1)"},
    {"no_rules_fire_score_zero", "threshold 1\nrule a 1 body zzz\n", "", "abc", "", 0, 0, ""},
};

static void
rules_eval_table(void **state)
{
    struct crm_verdict v;
    size_t i;

    for (i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
        eval(eval_cases[i].rules, eval_cases[i].subject, eval_cases[i].body, eval_cases[i].sender,
             NULL, &v);
        if (v.score != eval_cases[i].score || v.is_rejection != eval_cases[i].is_rejection ||
            strcmp(v.fired, eval_cases[i].fired) != 0 || v.limit_hits != 0)
            fail_msg("%s: got score %d rejection %d fired \"%s\" limits %u, want %d %d \"%s\" 0",
                     eval_cases[i].name, v.score, v.is_rejection, v.fired, v.limit_hits,
                     eval_cases[i].score, eval_cases[i].is_rejection, eval_cases[i].fired);
    }
}

/* hdrs_add - a header field view (name/value slices of static strings) */
static void
hdrs_add(struct crm_hdr_field *f, const char *name, const char *value)
{
    memset(f, 0, sizeof(*f));
    f->name = crm_slice_from(name);
    f->value = crm_slice_from(value);
}

static void
rules_header_rules_match_any_field_decoded(void **state)
{
    struct crm_hdr_field fields[4];
    struct crm_hdrs h = {fields, 4, 4};
    struct crm_verdict v;

    hdrs_add(&fields[0], "X-Mailer", "Outlook");
    hdrs_add(&fields[1], "x-mailer", "Greenhouse Mailer");
    /* =?UTF-8?B?5LiN5o6h55So?= is 不採用 */
    hdrs_add(&fields[2], "X-Result", " =?UTF-8?B?5LiN5o6h55So?=");
    /* full-width ＨＲＭＯＳ, folded */
    hdrs_add(&fields[3], "X-Tool",
             "\r\n \xEF\xBC\xA8\xEF\xBC\xB2\xEF\xBC\xAD\xEF\xBC\xAF\xEF\xBC\xB3");
    eval("threshold 1\n"
         "rule ats 1 header:X-MAILER greenhouse\n"
         "rule dec 2 header:X-Result ^\xE4\xB8\x8D\xE6\x8E\xA1\xE7\x94\xA8$\n"
         "rule tool 4 header:X-Tool ^hrmos$\n"
         "rule missing 8 header:X-None .\n",
         "", "", "", &h, &v);
    if (v.score != 7 || strcmp(v.fired, "ats(+1),dec(+2),tool(+4)") != 0)
        fail_msg("got score %d fired \"%s\", want 7 \"ats(+1),dec(+2),tool(+4)\"", v.score,
                 v.fired);
    eval("threshold 1\nrule ats 1 header:X-Mailer greenhouse\n", "", "", "", NULL, &v);
    assert_int_equal(v.score, 0);
}

static void
rules_runaway_pattern_hits_limit_promptly(void **state)
{
    char body[64];
    struct crm_verdict v;
    struct timespec t0, t1;
    double secs;

    memset(body, 'a', 30);
    body[30] = 'b';
    body[31] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    eval("threshold 1\nrule boom 5 body (a+)+$\nrule ok 1 body b\n", "", body, "", NULL, &v);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (v.limit_hits == 0 || v.score != 1 || strcmp(v.fired, "ok(+1)") != 0 || secs > 2.0)
        fail_msg("got limit_hits %u score %d fired \"%s\" in %.2fs, want >0, 1, \"ok(+1)\", < 2s",
                 v.limit_hits, v.score, v.fired, secs);
}

static void
rules_fired_list_truncates_with_ellipsis(void **state)
{
    struct crm_buf rules;
    struct crm_verdict v;
    int i;

    crm_buf_init(&rules, 1 << 20);
    assert_int_equal(crm_buf_puts(&rules, "threshold 1\n"), CRM_OK);
    for (i = 0; i < 40; i++)
        assert_int_equal(
            crm_buf_appendf(&rules, "rule a_rather_long_rule_identifier_%02d 1 body x\n", i),
            CRM_OK);
    eval(rules.p, "", "x", "", NULL, &v);
    crm_buf_fini(&rules);
    assert_int_equal(v.score, 40);
    assert_true(strlen(v.fired) < CRM_FIRED_MAX);
    if (strlen(v.fired) < 3 || strcmp(v.fired + strlen(v.fired) - 3, "...") != 0)
        fail_msg("got fired \"%s\", want it to end with \"...\"", v.fired);
    assert_memory_equal(v.fired, "a_rather_long_rule_identifier_00(+1),", 37);
}

/* ---- loading ---- */

static void
rules_load_embedded_default_and_files(void **state)
{
    struct crm_rules *r = NULL;
    struct crm_err err;
    char *dir = th_tmpdir("rules");
    char path[512];
    static const char text[] = "threshold 3\nrule a 1 body x\n";

    assert_int_equal(crm_rules_load(NULL, &r, &err), CRM_OK);
    assert_int_equal(crm_rules_threshold(r), 20);
    assert_true(crm_rules_count(r) >= 40);
    crm_rules_free(r);
    assert_int_equal(crm_rules_load("", &r, &err), CRM_OK);
    crm_rules_free(r);

    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/x.rules", dir);
    assert_int_equal(th_write_file(path, text, sizeof(text) - 1), 0);
    assert_int_equal(crm_rules_load(path, &r, &err), CRM_OK);
    assert_int_equal(crm_rules_threshold(r), 3);
    crm_rules_free(r);
    assert_int_equal(th_write_file(path, "threshold 3\nrule\n", 17), 0);
    assert_int_equal(crm_rules_load(path, &r, &err), CRM_EPARSE);
    assert_null(r);
    assert_non_null(strstr(err.msg, "x.rules:2: bad rule id"));
    snprintf(path, sizeof(path), "%s/missing.rules", dir);
    assert_int_equal(crm_rules_load(path, &r, &err), CRM_EIO);
    assert_memory_equal(err.msg, path, strlen(path));
    th_rmtree(dir);
    crm_free(dir);
}

/* ---- fault injection ---- */

static void
rules_parse_and_eval_survive_allocation_failures(void **state)
{
    static const char text[] = "threshold 2\nrule a 1 body x\nrule h 1 header:X-A y\n";
    struct crm_hdr_field fields[1];
    struct crm_hdrs h = {fields, 1, 1};
    struct crm_rules *r;
    struct crm_features f;
    struct crm_verdict v;
    struct crm_err err;
    long n;
    int rc;

    hdrs_add(&fields[0], "X-A", "yes");
    for (n = 0; n < 1000; n++) {
        r = NULL;
        crm_alloc_fail_after(n, 1);
        rc = crm_rules_parse(text, sizeof(text) - 1, "t", &r, &err);
        crm_alloc_fail_after(-1, 0);
        if (rc == CRM_OK)
            break;
        if (rc != CRM_ENOMEM || r != NULL)
            fail_msg("parse failing allocation %ld: got rc %d (%s), want CRM_ENOMEM", n, rc,
                     err.msg);
    }
    assert_non_null(r);
    memset(&f, 0, sizeof(f));
    f.body = crm_slice_from("x");
    f.hdrs = &h;
    for (n = 0; n < 1000; n++) {
        crm_alloc_fail_after(n, 1);
        rc = crm_rules_eval(r, &f, &v, &err);
        crm_alloc_fail_after(-1, 0);
        if (rc == CRM_OK)
            break;
        assert_int_equal(rc, CRM_ENOMEM);
        assert_int_equal(v.score, 0);
        assert_int_equal(v.is_rejection, 0);
    }
    assert_int_equal(rc, CRM_OK);
    assert_int_equal(v.score, 2);
    crm_rules_free(r);
}

/* ---- the shipped rules against default.cases ---- */

struct tcase {
    char name[128];
    int want;
    struct crm_slice subject, sender, body;
};

/* case_line - next line of the cases file (without its LF) */
static int
case_line(const char **cur, const char *end, struct crm_slice *line)
{
    const char *nl;

    if (*cur >= end)
        return 0;
    nl = memchr(*cur, '\n', (size_t)(end - *cur));
    line->p = *cur;
    line->len = (size_t)((nl ? nl : end) - *cur);
    *cur = nl ? nl + 1 : end;
    return 1;
}

/* case_next - parse the next case; 0 at the end of the file */
static int
case_next(const char **cur, const char *end, struct tcase *c)
{
    struct crm_slice l;
    const char *start;

    int found = 0;

    memset(c, 0, sizeof(*c));
    while (!found && case_line(cur, end, &l))
        found = crm_slice_casestarts(l, "### ");
    if (!found)
        return 0;
    snprintf(c->name, sizeof(c->name), "%.*s", (int)(l.len - 4), l.p + 4);
    c->want = -1;
    while (case_line(cur, end, &l) && !crm_slice_eq(l, "body:")) {
        if (crm_slice_eq(l, "want: reject"))
            c->want = 1;
        else if (crm_slice_eq(l, "want: pass"))
            c->want = 0;
        else if (crm_slice_casestarts(l, "subject: "))
            c->subject = (struct crm_slice){l.p + 9, l.len - 9};
        else if (crm_slice_casestarts(l, "sender: "))
            c->sender = (struct crm_slice){l.p + 8, l.len - 8};
        else if (l.len > 0 && l.p[0] != '#')
            fail_msg("%s: unexpected line \"%.*s\"", c->name, (int)l.len, l.p);
    }
    start = *cur;
    c->body.p = start;
    while (*cur < end) {
        const char *before = *cur;
        if (!case_line(cur, end, &l))
            break;
        if (crm_slice_casestarts(l, "### ")) {
            *cur = before;
            break;
        }
        if (crm_slice_trim(l).len > 0 && l.p[0] != '#') /* trailing '#' lines: comments */
            c->body.len = (size_t)(l.p + l.len - start);
    }
    if (c->want < 0)
        fail_msg("%s: no \"want:\" line", c->name);
    return 1;
}

static void
rules_default_rules_classify_cases(void **state)
{
    char path[512];
    struct crm_buf file, failures;
    struct crm_rules *r = NULL;
    struct crm_err err;
    struct crm_features f;
    struct crm_verdict v;
    struct tcase c;
    const char *cur, *end;
    int n = 0, rejections = 0;

    snprintf(path, sizeof(path), "%s/tests/data/rules/default.cases", CRM_SOURCE_DIR);
    assert_int_equal(th_read_file(path, &file), 0);
    assert_int_equal(crm_rules_load(NULL, &r, &err), CRM_OK);
    crm_buf_init(&failures, 1 << 20);
    cur = file.p;
    end = file.p + file.len;
    while (case_next(&cur, end, &c)) {
        memset(&f, 0, sizeof(f));
        f.subject = c.subject;
        f.body = c.body;
        f.sender = c.sender;
        assert_int_equal(crm_rules_eval(r, &f, &v, &err), CRM_OK);
        n++;
        rejections += c.want;
        if (getenv("CRM_RULES_VERBOSE") != NULL) /* for tuning: every verdict */
            print_message("%-48s want %-6s score %3d %s\n", c.name, c.want ? "reject" : "pass",
                          v.score, v.fired);
        if (v.is_rejection != c.want || v.limit_hits != 0)
            assert_int_equal(crm_buf_appendf(&failures,
                                             "  %s: got %s score=%d limits=%u rules=%s, want %s\n",
                                             c.name, v.is_rejection ? "reject" : "pass", v.score,
                                             v.limit_hits, v.fired, c.want ? "reject" : "pass"),
                             CRM_OK);
    }
    crm_rules_free(r);
    crm_buf_fini(&file);
    if (failures.len > 0)
        fail_msg("%d cases, failures:\n%s", n, crm_buf_cstr(&failures));
    crm_buf_fini(&failures);
    if (n < 40 || rejections < n / 3 || rejections > 2 * n / 3)
        fail_msg("got %d cases with %d rejections, want >= 40, about half rejections", n,
                 rejections);
}

/* ---- pruning: the verdict of every rule run ---- */

/*
 * crm_rules_eval leaves rules out: those that cannot match (pcre2's facts,
 * the literal prefilter, no field of the name) and those that cannot change
 * the verdict. It must give the verdict of running every rule; on a
 * rejection, where every rule that can match has run, the same score and
 * fired list too; on a pass, only rules that match, with their weights.
 * The model runs each shipped rule alone (weight 1, threshold 1, so it always
 * runs, through the same normalisation and field decoding) on the cases of
 * default.cases and on texts made by mixing their subjects, senders, body
 * lines and a few header fields.
 */
#define PRUNE_RULES 256
#define PRUNE_MIXED 1500

struct prune_model {
    struct crm_rules *full;
    struct crm_rules *one[PRUNE_RULES];
    char id[PRUNE_RULES][64];
    int weight[PRUNE_RULES];
    size_t n;
    int threshold;
    long checked, rejections, pruned;
};

/* prune_model_load - the shipped rules as a whole and one by one */
static void
prune_model_load(struct prune_model *m)
{
    struct crm_buf file, one;
    const char *line, *end, *text;
    struct crm_err err;

    memset(m, 0, sizeof(*m));
    crm_buf_init(&file, 1u << 22);
    crm_buf_init(&one, 1u << 20);
    assert_int_equal(th_read_file(CRM_SOURCE_DIR "/contrib/rules/careerrelay.rules", &file), 0);
    assert_int_equal(crm_rules_parse(file.p, file.len, "shipped", &m->full, &err), CRM_OK);
    m->threshold = crm_rules_threshold(m->full);
    text = file.p;
    for (line = text; line < text + file.len; line = end + 1) {
        int w, off = 0;
        char id[64];

        end = memchr(line, '\n', (size_t)(text + file.len - line));
        if (end == NULL)
            end = text + file.len;
        if (strncmp(line, "rule ", 5) != 0)
            continue;
        assert_true(m->n < PRUNE_RULES);
        assert_int_equal(sscanf(line, "rule %63s %d %n", id, &w, &off), 2);
        crm_buf_reset(&one);
        assert_int_equal(crm_buf_appendf(&one, "threshold 1\nrule %s 1 %.*s\n", id,
                                         (int)(end - line - off), line + off),
                         CRM_OK);
        assert_int_equal(crm_rules_parse(one.p, one.len, id, &m->one[m->n], &err), CRM_OK);
        snprintf(m->id[m->n], sizeof(m->id[0]), "%s", id);
        m->weight[m->n++] = w;
    }
    assert_int_equal(m->n, crm_rules_count(m->full));
    crm_buf_fini(&one);
    crm_buf_fini(&file);
}

static void
prune_model_free(struct prune_model *m)
{
    size_t i;

    crm_rules_free(m->full);
    for (i = 0; i < m->n; i++)
        crm_rules_free(m->one[i]);
}

/* prune_check - the whole file against the rules run one by one on f */
static void
prune_check(struct prune_model *m, const struct crm_features *f, const char *what)
{
    char want[CRM_FIRED_MAX], item[96];
    unsigned char match[PRUNE_RULES];
    struct crm_verdict v, one;
    struct crm_err err;
    int score = 0, fired_score = 0;
    size_t i, used = 0;

    want[0] = '\0';
    for (i = 0; i < m->n; i++) {
        assert_int_equal(crm_rules_eval(m->one[i], f, &one, &err), CRM_OK);
        match[i] = (unsigned char)one.is_rejection;
        if (!match[i])
            continue;
        score += m->weight[i];
        used += (size_t)snprintf(item, sizeof(item), "%s%s(%+d)", used ? "," : "", m->id[i],
                                 m->weight[i]);
        assert_true(used < sizeof(want));
        strcat(want, item);
    }
    assert_int_equal(crm_rules_eval(m->full, f, &v, &err), CRM_OK);
    m->checked++;
    if (v.is_rejection != (score >= m->threshold))
        fail_msg("%s: the rules say %s (score %d, %s), every rule run says %s (score %d, %s)", what,
                 v.is_rejection ? "reject" : "pass", v.score, v.fired,
                 score >= m->threshold ? "reject" : "pass", score, want);
    if (v.is_rejection) {
        m->rejections++;
        if (v.score != score || strcmp(v.fired, want) != 0)
            fail_msg("%s: a rejection scored %d (%s), every rule run gives %d (%s)", what, v.score,
                     v.fired, score, want);
        return;
    }
    /* a pass: what was reported matched, and adds up */
    for (i = 0; i < m->n; i++) {
        char key[80];
        const char *at;

        snprintf(key, sizeof(key), "%s(", m->id[i]);
        for (at = strstr(v.fired, key); at != NULL; at = strstr(at + 1, key))
            if (at == v.fired || at[-1] == ',')
                break;
        if (at == NULL)
            continue;
        if (!match[i])
            fail_msg("%s: %s reported fired, but it does not match", what, m->id[i]);
        fired_score += m->weight[i];
    }
    if (fired_score != v.score)
        fail_msg("%s: a pass scored %d (%s), its fired rules add up to %d", what, v.score, v.fired,
                 fired_score);
    m->pruned += strcmp(v.fired, want) != 0;
}

/* prune_rand - small deterministic LCG (the high bits) */
static uint32_t
prune_rand(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* prune_lines - up to max line slices of s */
static size_t
prune_lines(struct crm_slice s, struct crm_slice *out, size_t max)
{
    struct crm_slice l;
    const char *cur = s.p, *end = s.p + s.len;
    size_t n = 0;

    while (n < max && case_line(&cur, end, &l))
        if (crm_slice_trim(l).len > 0)
            out[n++] = l;
    return n;
}

static void
rules_pruning_keeps_the_verdict_of_every_rule(void **state)
{
    static const char *const senders[] = {"saiyo@example.co.jp", "newsletter@example.com",
                                          "taro@example.jp", ""};
    static struct tcase cases[256];
    static struct crm_slice lines[8192];
    char path[512], name[64];
    struct crm_buf file, body;
    struct crm_hdr_field fields[3];
    struct crm_hdrs h = {fields, 0, 3};
    struct prune_model m;
    struct crm_features f;
    const char *cur;
    size_t nc = 0, nl = 0, i, k;
    uint32_t seed = 12345;

    (void)state;
    prune_model_load(&m);
    snprintf(path, sizeof(path), "%s/tests/data/rules/default.cases", CRM_SOURCE_DIR);
    assert_int_equal(th_read_file(path, &file), 0);
    cur = file.p;
    while (nc < 256 && case_next(&cur, file.p + file.len, &cases[nc])) {
        nl += prune_lines(cases[nc].body, lines + nl, sizeof(lines) / sizeof(lines[0]) - nl);
        memset(&f, 0, sizeof(f));
        f.subject = cases[nc].subject;
        f.body = cases[nc].body;
        f.sender = cases[nc].sender;
        prune_check(&m, &f, cases[nc].name);
        nc++;
    }
    if (nc < 40 || nl < 150)
        fail_msg("read %zu cases and %zu body lines, want >= 40 and >= 150", nc, nl);
    hdrs_add(&fields[0], "X-Mailer", "Greenhouse");
    hdrs_add(&fields[1], "List-Unsubscribe", "<mailto:u@example.com>");
    hdrs_add(&fields[2], "Precedence", "bulk");
    crm_buf_init(&body, 1u << 20);
    for (i = 0; i < PRUNE_MIXED; i++) {
        const struct tcase *c = &cases[prune_rand(&seed) % nc];
        size_t nlines = prune_rand(&seed) % 5;

        /* half the texts: a whole case, some lines of others added */
        crm_buf_reset(&body);
        if (prune_rand(&seed) % 2 == 0 || nlines == 0)
            assert_int_equal(crm_buf_append(&body, c->body.p, c->body.len), CRM_OK);
        for (k = 0; k < nlines; k++) {
            struct crm_slice l = lines[prune_rand(&seed) % nl];
            assert_int_equal(crm_buf_append(&body, l.p, l.len), CRM_OK);
            assert_int_equal(crm_buf_puts(&body, "\n"), CRM_OK);
        }
        memset(&f, 0, sizeof(f));
        f.subject = prune_rand(&seed) % 2 ? c->subject : cases[prune_rand(&seed) % nc].subject;
        f.sender = crm_slice_from(senders[prune_rand(&seed) % 4]);
        f.body = (struct crm_slice){body.p, body.len};
        h.v = fields + prune_rand(&seed) % 3;
        h.n = prune_rand(&seed) % (size_t)(fields + 3 - h.v + 1);
        f.hdrs = &h;
        snprintf(name, sizeof(name), "mixed text %zu", i);
        prune_check(&m, &f, name);
    }
    /* both verdicts were met often, and leaving rules out changed what a
     * pass reports (otherwise nothing was left out) */
    if (m.rejections < m.checked / 10 || m.rejections > m.checked * 9 / 10 || m.pruned < 100)
        fail_msg("%ld texts, %ld rejections, %ld passes with rules left out", m.checked,
                 m.rejections, m.pruned);
    crm_buf_fini(&body);
    crm_buf_fini(&file);
    prune_model_free(&m);
}

/* ---- threads ---- */

struct thr {
    const struct crm_rules *r;
    int bad;
};

/*
 * The evaluator skips a rule when pcre2's own start-of-match facts (first
 * code units, a required code unit) rule a subject out. That must never
 * change an answer: every subject and body rule of the shipped file, and a
 * few made to exercise the caseless and multi-byte cases, is run through
 * crm_rules_eval (alone, weight 1, threshold 1, so it always runs) and
 * through pcre2_match directly; both must agree on every text.
 */
static const char *const agree_texts[] = {
    "",
    "x",
    "ZEBRA CROSSING",
    "zEbRa",
    "a quick brown fox, then Q",
    "We have decided NOT TO MOVE FORWARD WITH YOUR APPLICATION at this time.",
    "Thank you for applying. Unfortunately the position has been filled.",
    "Hi team, the quarterly report is attached. Let me know if you have questions.",
    "\xE2\x84\xAA"
    "ind regards (Kelvin sign K)",
    "\xC5\xBF"
    "elected (long s)",
    "\xE6\x85\x8E\xE9\x87\x8D\xE3\x81\xAA\xE3\x82\x8B\xE9\x81\xB8\xE8\x80\x83\xE3\x81\xAE"
    "\xE7\xB5\x90\xE6\x9E\x9C\xE3\x80\x81\xE8\xB2\xB4\xE6\xA7\x98\xE3\x81\xAE\xE3\x81\x94"
    "\xE5\xB8\x8C\xE6\x9C\x9B\xE3\x81\xAB\xE6\xB2\xBF\xE3\x81\x88\xE3\x81\x9A",
    "\xE4\xBB\x8A\xE5\x9B\x9E\xE3\x81\xAF\xE8\xA6\x8B\xE9\x80\x81\xE3\x82\x89\xE3\x81\x9B"
    "\xE3\x81\xA6\xE3\x81\x84\xE3\x81\x9F\xE3\x81\xA0\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x99",
    "\xC3\x89"
    "COLE \xC3\xA9"
    "cole caf\xC3\x89",
    "interview\nschedule\n\n-- \nsignature",
};

static const char *const agree_extra[] = {
    "Zebra",
    "a\\w*Q",
    "kind",
    "selected",
    "\xC3\xA9"
    "cole",
    "caf\xC3\xA9",
    "(?-i)ZEBRA",
    "^We",
    "fox|\xE9\x81\xB8\xE8\x80\x83",
    "x?",
    "\\bK",
};

/* agree_one - pattern pat alone through crm_rules_eval and through pcre2 */
static void
agree_one(const char *pat, size_t plen)
{
    struct crm_buf rules;
    struct crm_rules *r = NULL;
    struct crm_err err;
    pcre2_code *re;
    pcre2_match_data *md;
    int code, direct;
    PCRE2_SIZE off;
    size_t i;

    re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C,
                       &code, &off, NULL);
    assert_non_null(re);
    md = pcre2_match_data_create(1, NULL);
    assert_non_null(md);
    crm_buf_init(&rules, 1u << 20);
    assert_int_equal(crm_buf_appendf(&rules, "threshold 1\nrule a 1 body %.*s\n", (int)plen, pat),
                     CRM_OK);
    assert_int_equal(crm_rules_parse(rules.p, rules.len, "t", &r, &err), CRM_OK);
    for (i = 0; i < sizeof(agree_texts) / sizeof(agree_texts[0]); i++) {
        struct crm_features f;
        struct crm_verdict v;
        const char *t = agree_texts[i];

        if (strchr(t, '\n') != NULL) /* no join: lines are ASCII here */
            assert_null(strstr(t, "\xE3\n"));
        direct = pcre2_match(re, (PCRE2_SPTR)t, strlen(t), 0, 0, md, NULL) >= 0;
        memset(&f, 0, sizeof(f));
        f.body = crm_slice_from(t);
        f.normalized = 1;
        assert_int_equal(crm_rules_eval(r, &f, &v, &err), CRM_OK);
        if (v.is_rejection != direct)
            fail_msg("pattern %.*s on text %zu: rules say %d, pcre2 says %d", (int)plen, pat, i,
                     v.is_rejection, direct);
    }
    crm_rules_free(r);
    crm_buf_fini(&rules);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

static void
rules_prefilter_never_changes_an_answer(void **state)
{
    struct crm_buf file;
    const char *text, *line, *end;
    size_t len, i, n = 0;

    (void)state;
    crm_buf_init(&file, 1u << 22);
    assert_int_equal(th_read_file(CRM_SOURCE_DIR "/contrib/rules/careerrelay.rules", &file), 0);
    text = file.p;
    len = file.len;
    for (line = text; line < text + len; line = end + 1) {
        const char *p, *tgt;
        end = memchr(line, '\n', (size_t)(text + len - line));
        if (end == NULL)
            end = text + len;
        if (strncmp(line, "rule ", 5) != 0)
            continue;
        /* rule ID WEIGHT TARGET PATTERN */
        p = memchr(line + 5, ' ', (size_t)(end - line - 5));
        p = p ? memchr(p + 1, ' ', (size_t)(end - p - 1)) : NULL;
        assert_non_null(p);
        tgt = p + 1;
        p = memchr(tgt, ' ', (size_t)(end - tgt));
        assert_non_null(p);
        if (strncmp(tgt, "body ", 5) != 0 && strncmp(tgt, "subject ", 8) != 0)
            continue;
        agree_one(p + 1, (size_t)(end - p - 1));
        n++;
    }
    assert_true(n >= 40); /* the shipped file was read */
    for (i = 0; i < sizeof(agree_extra) / sizeof(agree_extra[0]); i++)
        agree_one(agree_extra[i], strlen(agree_extra[i]));
    crm_buf_fini(&file);
}

/*
 * A shipped rule written "(?=[CHARS])(?:PATTERN)" must match exactly where
 * PATTERN does: the guard has to list every character a match can start
 * with. Checked on texts made of the rules file's own non-ASCII runs (whole
 * or cut short), joined at random with and without separators, so that each
 * alternative is met, at the start of a text and inside one.
 */
#define GUARD_TEXTS 4000

/* guard_runs - the non-ASCII runs of text, as slices into it */
static size_t
guard_runs(const char *text, size_t len, struct crm_slice *runs, size_t max)
{
    size_t i = 0, n = 0, start;

    while (i < len && n < max) {
        while (i < len && (unsigned char)text[i] < 0x80)
            i++;
        start = i;
        while (i < len && (unsigned char)text[i] >= 0x80)
            i++;
        if (i > start)
            runs[n++] = (struct crm_slice){text + start, i - start};
    }
    return n;
}

/* guard_cut - a prefix of run r of at least one whole UTF-8 character */
static size_t
guard_cut(struct crm_slice r, unsigned pick)
{
    size_t n = 1 + pick % r.len;

    while (n < r.len && ((unsigned char)r.p[n] & 0xC0) == 0x80)
        n++;
    return n;
}

static void
rules_guards_list_every_first_character(void **state)
{
    static const char *const seps[] = {"", "", " ", "\n", "\xE3\x80\x82", "x"};
    struct crm_slice runs[4096];
    struct crm_buf file, t;
    pcre2_match_data *md;
    const char *line, *end;
    size_t nruns, nguards = 0, i, k;
    unsigned seed = 7;

    (void)state;
    crm_buf_init(&file, 1u << 22);
    assert_int_equal(th_read_file(CRM_SOURCE_DIR "/contrib/rules/careerrelay.rules", &file), 0);
    nruns = guard_runs(file.p, file.len, runs, sizeof(runs) / sizeof(runs[0]));
    assert_true(nruns > 100);
    md = pcre2_match_data_create(1, NULL);
    crm_buf_init(&t, 1u << 16);
    for (line = file.p; line < file.p + file.len; line = end + 1) {
        const char *g, *pat;
        pcre2_code *guarded, *bare;
        int code;
        PCRE2_SIZE off;

        end = memchr(line, '\n', (size_t)(file.p + file.len - line));
        if (end == NULL)
            end = file.p + file.len;
        g = strstr(line, " (?=[");
        if (strncmp(line, "rule ", 5) != 0 || g == NULL || g > end)
            continue;
        pat = strstr(g, "])(?:");
        assert_non_null(pat);
        assert_true(end[-1] == ')');
        pat += 5; /* PATTERN is pat[0 .. end - 1) */
        guarded = pcre2_compile((PCRE2_SPTR)(g + 1), (size_t)(end - g - 1),
                                PCRE2_UTF | PCRE2_CASELESS, &code, &off, NULL);
        bare = pcre2_compile((PCRE2_SPTR)pat, (size_t)(end - 1 - pat), PCRE2_UTF | PCRE2_CASELESS,
                             &code, &off, NULL);
        assert_non_null(guarded);
        assert_non_null(bare);
        for (i = 0; i < GUARD_TEXTS; i++) {
            int a, b;
            crm_buf_reset(&t);
            for (k = 0; k < 1 + i % 4; k++) {
                struct crm_slice r = runs[(seed = seed * 1103515245u + 12345u) % nruns];
                unsigned pick = (seed >> 8);
                size_t n = pick % 3 == 0 ? guard_cut(r, pick >> 4) : r.len;
                assert_int_equal(crm_buf_append(&t, r.p, n), CRM_OK);
                assert_int_equal(crm_buf_puts(&t, seps[(pick >> 12) % 6]), CRM_OK);
            }
            a = pcre2_match(guarded, (PCRE2_SPTR)t.p, t.len, 0, 0, md, NULL) >= 0;
            b = pcre2_match(bare, (PCRE2_SPTR)t.p, t.len, 0, 0, md, NULL) >= 0;
            if (a != b)
                fail_msg("%.*s: guarded %d, unguarded %d on \"%s\"",
                         (int)(strchr(line + 5, ' ') - line - 5), line + 5, a, b, t.p);
        }
        pcre2_code_free(guarded);
        pcre2_code_free(bare);
        nguards++;
    }
    assert_true(nguards >= 5); /* the guards were found */
    crm_buf_fini(&t);
    crm_buf_fini(&file);
    pcre2_match_data_free(md);
}

static void *
thr_run(void *arg)
{
    struct thr *t = arg;
    struct crm_features f;
    struct crm_verdict v;
    int i;

    memset(&f, 0, sizeof(f));
    f.subject = crm_slice_from("Your application");
    f.body = crm_slice_from("After careful consideration, we have decided not to move forward.");
    for (i = 0; i < 200; i++)
        if (crm_rules_eval(t->r, &f, &v, NULL) != CRM_OK || !v.is_rejection)
            t->bad++;
    return NULL;
}

static void
rules_eval_is_thread_safe(void **state)
{
    struct crm_rules *r = NULL;
    pthread_t th[4];
    struct thr t[4];
    int i;

    assert_int_equal(crm_rules_load(NULL, &r, NULL), CRM_OK);
    for (i = 0; i < 4; i++) {
        t[i].r = r;
        t[i].bad = 0;
        assert_int_equal(pthread_create(&th[i], NULL, thr_run, &t[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(t[i].bad, 0);
    }
    crm_rules_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_parse_errors_name_file_and_line),
        cmocka_unit_test(rules_parse_accepts_comments_blanks_crlf_and_trailing_space),
        cmocka_unit_test(rules_eval_table),
        cmocka_unit_test(rules_prefilter_never_changes_an_answer),
        cmocka_unit_test(rules_guards_list_every_first_character),
        cmocka_unit_test(rules_header_rules_match_any_field_decoded),
        cmocka_unit_test(rules_runaway_pattern_hits_limit_promptly),
        cmocka_unit_test(rules_fired_list_truncates_with_ellipsis),
        cmocka_unit_test(rules_load_embedded_default_and_files),
        cmocka_unit_test(rules_parse_and_eval_survive_allocation_failures),
        cmocka_unit_test(rules_default_rules_classify_cases),
        cmocka_unit_test(rules_pruning_keeps_the_verdict_of_every_rule),
        cmocka_unit_test(rules_eval_is_thread_safe),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
