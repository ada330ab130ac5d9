/* test_suppress.c - the suppression rule: the probe and its effect on a result */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "alloc.h"
#include "engine.h"
#include "result.h"
#include "suppress.h"

/* result_with - an injection to the given candidates, one internal and one
 * visible header edit */
static void
result_with(struct crm_result *res, const char *const *cands, size_t n)
{
    size_t i;

    crm_result_init(res);
    res->inject = 1;
    res->parts_changed = 1;
    res->candidates = crm_calloc(n ? n : 1, sizeof(*res->candidates));
    assert_non_null(res->candidates);
    for (i = 0; i < n; i++)
        assert_non_null(res->candidates[i] = crm_strdup(cands[i]));
    res->ncandidates = n;
    assert_int_equal(crm_result_add_edit(res, CRM_HDR_DELETE, "X-CareerRelay", 1, NULL, 1), CRM_OK);
    assert_int_equal(crm_result_add_edit(res, CRM_HDR_ADD, "X-CareerRelay-Invitation", 0, "t", 0),
                     CRM_OK);
}

static void
apply_drops_suppressed_and_passes_when_none_left(void **state)
{
    static const char *const cands[] = {"a@x.jp", "b@x.jp", "c@y.jp"};
    static const struct {
        const char *name;
        unsigned char kept[3];
        int inject;
        const char *want; /* candidates left, ',' separated */
        size_t nedits;
        const char *reason;
    } cases[] = {
        {"none suppressed", {1, 1, 1}, 1, "a@x.jp,b@x.jp,c@y.jp", 2, ""},
        {"one suppressed, order kept", {1, 0, 1}, 1, "a@x.jp,c@y.jp", 2, ""},
        {"all suppressed: a pass", {0, 0, 0}, 0, "", 1, "suppressed"},
    };
    struct crm_result res;
    char got[256];
    size_t i, k;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        result_with(&res, cands, 3);
        crm_suppress_apply(&res, cases[i].kept);
        got[0] = '\0';
        for (k = 0; k < res.ncandidates; k++)
            snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? "," : "",
                     res.candidates[k]);
        if (res.inject != cases[i].inject || strcmp(got, cases[i].want) != 0 ||
            res.nedits != cases[i].nedits || strcmp(res.reason, cases[i].reason) != 0)
            fail_msg("%s: got inject=%d [%s] edits=%zu reason=%s, want %d [%s] %zu %s",
                     cases[i].name, res.inject, got, res.nedits, res.reason, cases[i].inject,
                     cases[i].want, cases[i].nedits, cases[i].reason);
        if (!res.inject && (!res.edits[0].internal || res.body_changed || res.parts_changed))
            fail_msg("%s: want only the internal edit, no body change", cases[i].name);
        crm_result_fini(&res);
    }
}

static void
apply_leaves_a_pass_alone(void **state)
{
    static const char *const cands[] = {"a@x.jp"};
    static const unsigned char none[1] = {0};
    struct crm_result res;

    (void)state;
    result_with(&res, cands, 1);
    res.inject = 0;
    snprintf(res.reason, sizeof(res.reason), "score-below-threshold");
    crm_suppress_apply(&res, none);
    assert_int_equal(res.ncandidates, 1);
    assert_string_equal(res.reason, "score-below-threshold");
    crm_result_fini(&res);
}

static void
probe_matches_the_address_or_its_domain(void **state)
{
    static const struct {
        const char *addr;
        int want;
    } cases[] = {
        {"optout@x.jp", 1}, {"other@x.jp", 0}, {"any@agency.jp", 1}, {"a@sub.agency.jp", 0},
        {"OptOut@X.JP", 1}, /* the column is COLLATE NOCASE */
        {"noat", 0},
    };
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    size_t i;
    int got;

    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE suppression (pattern TEXT NOT NULL PRIMARY KEY "
                                  "COLLATE NOCASE, created_at TEXT NOT NULL, note TEXT);"
                                  "INSERT INTO suppression VALUES ('optout@x.jp', 'now', ''),"
                                  "('@agency.jp', 'now', '')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, CRM_SUPPRESS_SQL, -1, &st, NULL), SQLITE_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        got = crm_suppress_probe(st, cases[i].addr);
        if (got != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].addr, got, cases[i].want);
    }
    /* a failing lookup reports SQLite's error, negated */
    assert_int_equal(sqlite3_exec(db, "DROP TABLE suppression", NULL, NULL, NULL), SQLITE_OK);
    got = crm_suppress_probe(st, "optout@x.jp");
    if (got >= 0)
        fail_msg("lookup without the table: got %d, want a negated SQLite error", got);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(apply_drops_suppressed_and_passes_when_none_left),
        cmocka_unit_test(apply_leaves_a_pass_alone),
        cmocka_unit_test(probe_matches_the_address_or_its_domain),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
