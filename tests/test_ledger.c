/* test_ledger.c - ledger queries, redemptions, append-only rules, migrations, backup */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "alloc.h"
#include "db.h"
#include "helpers.h"
#include "ledger.h"
#include "store.h"

/* setup - fresh directory and database path */
static int
setup(void **state)
{
    *state = th_dbdir_new("ledger");
    return *state != NULL ? 0 : -1;
}

/* teardown - remove the directory */
static int
teardown(void **state)
{
    th_dbdir_free(*state);
    return 0;
}

/* the fixed data: created_at, tags, recipients (space separated) */
static const struct {
    const char *at, *tags, *rcpts;
} data[] = {
    {"2026-01-10T00:00:00Z", "a", "p1@x.jp p2@x.jp"},
    {"2026-01-31T23:59:59Z", "", "p3@y.jp"},
    {"2026-02-01T00:00:00Z", "a,b", "p1@x.jp p4@y.jp"},
    {"2026-02-15T12:00:00Z", "b", "p5@x.jp p6@x.jp p7@z.jp"},
    {"2026-03-01T00:00:00Z", "", "p8@z.jp p9@z.jp p10@z.jp p11@z.jp"},
};

/* seed - record the fixed data; tokens end in the row number */
static void
seed(const char *path)
{
    struct crm_store *s = NULL;
    struct crm_err err;
    char token[37], copy[256], *r[8], *p;
    size_t i, n;

    assert_int_equal(crm_store_open(path, CRM_STORE_CREATE, 2000, &s, &err), CRM_OK);
    for (i = 0; i < sizeof(data) / sizeof(data[0]); i++) {
        struct crm_invitation inv = {.token = token, .sender = "hr@corp.jp", .tags = data[i].tags};

        snprintf(token, sizeof(token), "11111111-2222-4333-8444-%012zu", i + 1);
        snprintf(copy, sizeof(copy), "%s", data[i].rcpts);
        n = 0;
        for (p = copy; *p && n < 8;) {
            r[n++] = p;
            p += strcspn(p, " ");
            if (*p)
                *p++ = '\0';
        }
        inv.rcpts = (const char *const *)r;
        inv.nrcpts = n;
        assert_int_equal(crm_store_record_at(s, &inv, data[i].at, &err), CRM_OK);
    }
    crm_store_close(s);
}

/* collect - callback: append the token's last digits, "1,3," */
static int
collect(void *arg, const struct crm_ledger_invitation *row)
{
    struct crm_buf *b = arg;
    const char *t = row->token + 24;

    while (*t == '0')
        t++;
    return crm_buf_appendf(b, "%s,", t);
}

static void
invitations_filters_select_and_order(void **state)
{
    static const struct {
        const char *name;
        struct crm_ledger_filter f;
        const char *want;
    } cases[] = {
        {"all, newest first", {0}, "5,4,3,2,1,"},
        {"oldest first", {.oldest_first = 1}, "1,2,3,4,5,"},
        {"since is inclusive", {.since = "2026-02-01T00:00:00Z"}, "5,4,3,"},
        {"until is inclusive", {.until = "2026-01-31T23:59:59Z"}, "2,1,"},
        {"range", {.since = "2026-01-11T00:00:00Z", .until = "2026-02-28T23:59:59Z"}, "4,3,2,"},
        {"tag", {.tag = "a"}, "3,1,"},
        {"tag b", {.tag = "b"}, "4,3,"},
        {"unknown tag", {.tag = "c"}, ""},
        {"to an address", {.to = "p1@x.jp"}, "3,1,"},
        {"to a domain", {.to = "@y.jp"}, "3,2,"},
        {"domain is not a suffix match", {.to = "@x"}, ""},
        {"all filters", {.since = "2026-01-01T00:00:00Z", .tag = "a", .to = "p4@y.jp"}, "3,"},
    };
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    struct crm_buf b;
    size_t i;

    seed(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    crm_buf_init(&b, 1024);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        crm_buf_reset(&b);
        assert_int_equal(crm_ledger_invitations(l, &cases[i].f, collect, &b, &err), CRM_OK);
        if (strcmp(crm_buf_cstr(&b), cases[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].name, crm_buf_cstr(&b), cases[i].want);
    }
    crm_buf_fini(&b);
    crm_ledger_close(l);
}

/* report_collect - "key:inv/new/slots;" */
static int
report_collect(void *arg, const struct crm_report_row *r)
{
    return crm_buf_appendf(arg, "%s:%lld/%lld/%lld;", r->key ? r->key : "-",
                           (long long)r->invitations, (long long)r->new_candidates,
                           (long long)r->slots);
}

static void
report_groups_by_month_and_tag_with_totals(void **state)
{
    static const struct {
        int by;
        unsigned per;
        struct crm_ledger_filter f;
        const char *want;
        long long inv, cand, slots; /* the total */
    } cases[] = {
        {CRM_REPORT_MONTH, 10, {0}, "2026-01:2/3/0;2026-02:2/4/0;2026-03:1/4/1;", 5, 11, 1},
        {CRM_REPORT_MONTH, 3, {0}, "2026-01:2/3/1;2026-02:2/4/1;2026-03:1/4/1;", 5, 11, 3},
        {CRM_REPORT_TAG, 3, {0}, "a:2/3/0;b:2/4/1;-:2/5/2;", 5, 11, 3},
        /* a range keeps each candidate's rank in the whole ledger */
        {CRM_REPORT_MONTH,
         3,
         {.since = "2026-02-01T00:00:00Z"},
         "2026-02:2/4/1;2026-03:1/4/1;",
         3,
         8,
         2},
        {CRM_REPORT_MONTH,
         3,
         {.since = "2026-02-01T00:00:00Z", .until = "2026-02-28T23:59:59Z"},
         "2026-02:2/4/1;",
         2,
         4,
         1},
        {CRM_REPORT_TAG, 3, {.until = "2026-01-31T23:59:59Z"}, "a:1/2/0;-:1/1/1;", 2, 3, 1},
        {CRM_REPORT_TAG, 3, {.since = "2027-01-01T00:00:00Z"}, "", 0, 0, 0},
    };
    struct th_dbdir *f = *state;
    struct crm_report_row total;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    struct crm_buf b;
    size_t i;

    seed(f->path);
    crm_buf_init(&b, 1024);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(crm_ledger_open(f->path, 0, 2000, cases[i].per, &l, &err), CRM_OK);
        crm_buf_reset(&b);
        assert_int_equal(
            crm_ledger_report(l, cases[i].by, &cases[i].f, report_collect, &b, &total, &err),
            CRM_OK);
        crm_ledger_close(l);
        if (strcmp(crm_buf_cstr(&b), cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, crm_buf_cstr(&b), cases[i].want);
        if (total.invitations != cases[i].inv || total.new_candidates != cases[i].cand ||
            total.slots != cases[i].slots)
            fail_msg("case %zu: got total %lld/%lld/%lld, want %lld/%lld/%lld", i,
                     (long long)total.invitations, (long long)total.new_candidates,
                     (long long)total.slots, cases[i].inv, cases[i].cand, cases[i].slots);
    }
    crm_buf_fini(&b);
}

static void
redeem_without_slot_changes_nothing(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    char longnote[1200];

    seed(f->path); /* 11 candidates: one slot */
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_redeem(l, "u", "first", NULL, &b, &err), CRM_OK);
    assert_int_equal(b.available, 0);
    assert_int_equal(crm_ledger_redeem(l, "u", "second", NULL, &b, &err), CRM_ESTATE);
    assert_non_null(strstr(err.msg, "no free-hire slot"));
    assert_int_equal(b.redeemed, 1);
    assert_int_equal(crm_ledger_adjust(l, 0, "u", "zero", NULL, &b, &err), CRM_EINVAL);
    memset(longnote, 'x', sizeof(longnote) - 1);
    longnote[sizeof(longnote) - 1] = '\0';
    assert_int_equal(crm_ledger_adjust(l, 1, "u", longnote, NULL, &b, &err), CRM_EINVAL);
    crm_ledger_close(l);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM ledger_entry"), 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM ledger_entry WHERE unix_user = 'u' "
                                         "AND note = 'first' AND kind = 'redeem'"),
                     1);
}

/* redeem_child - wait for the start byte, redeem once, exit 0 on success, 1 when none */
static void
redeem_child(const char *path, int go)
{
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    char c;
    int rc;

    if (crm_ledger_open(path, 0, 5000, 10, &l, &err) != CRM_OK || read(go, &c, 1) != 1)
        _exit(3);
    rc = crm_ledger_redeem(l, "race", NULL, NULL, &b, &err);
    crm_ledger_close(l);
    _exit(rc == CRM_OK ? 0 : rc == CRM_ESTATE ? 1 : 2);
}

static void
concurrent_redeems_never_spend_one_slot_twice(void **state)
{
    struct th_dbdir *f = *state;
    int go[2], i, status, ok = 0, none = 0;
    pid_t pid[6];

    seed(f->path); /* one slot */
    assert_int_equal(pipe(go), 0);
    for (i = 0; i < 6; i++) {
        pid[i] = fork();
        assert_true(pid[i] >= 0);
        if (pid[i] == 0) {
            close(go[1]);
            redeem_child(f->path, go[0]);
        }
    }
    close(go[0]);
    assert_int_equal(write(go[1], "gogogo", 6), 6); /* all start together */
    close(go[1]);
    for (i = 0; i < 6; i++) {
        assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
        assert_true(WIFEXITED(status));
        ok += WEXITSTATUS(status) == 0;
        none += WEXITSTATUS(status) == 1;
    }
    if (ok != 1 || none != 5)
        fail_msg("got %d redemptions and %d refusals, want 1 and 5", ok, none);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM ledger_entry"), 1);
}

static void
recorded_rows_are_append_only(void **state)
{
    static const struct {
        const char *sql;
        int allowed;
    } cases[] = {
        {"UPDATE ledger_entry SET amount = 5", 0},
        {"DELETE FROM ledger_entry", 0},
        {"DELETE FROM invitation", 0},
        {"UPDATE invitation SET token = 'x'", 0},
        {"UPDATE invitation SET created_at = '2000-01-01T00:00:00Z'", 0},
        {"DELETE FROM invitation_recipient", 0},
        {"UPDATE candidate SET address = 'x@y'", 0},
        {"DELETE FROM candidate", 0},
        {"DELETE FROM invitation_tag", 0},
        {"UPDATE invitation SET status = 'bounced' WHERE id = 1", 1},
    };
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    sqlite3 *db = NULL;
    size_t i;

    seed(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_adjust(l, 2, "u", "n", NULL, &b, &err), CRM_OK);
    crm_ledger_close(l);
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = sqlite3_exec(db, cases[i].sql, NULL, NULL, NULL);

        if ((rc == SQLITE_OK) != cases[i].allowed)
            fail_msg("%s: got %d (%s), want %s", cases[i].sql, rc, sqlite3_errmsg(db),
                     cases[i].allowed ? "allowed" : "refused");
    }
    sqlite3_close(db);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 5);
    assert_int_equal(th_sql_int(f->path, "SELECT sum(amount) FROM ledger_entry"), 2);
}

static void
suppress_normalize_add_remove(void **state)
{
    static const struct {
        const char *in, *want; /* want NULL: CRM_EINVAL */
    } cases[] = {
        {"Taro@Example.JP", "taro@example.jp"},
        {" <Taro@Example.JP> ", "taro@example.jp"},
        {"@Example.JP", "@example.jp"},
        {"@", NULL},
        {"@.jp", NULL},
        {"@a b.jp", NULL},
        {"taro", NULL},
        {"@x@y", NULL},
        {"", NULL},
        {"a@b@c.jp", NULL},
        {"a@@c.jp", NULL},
        {"\"A@B\"@C.jp", "\"a@b\"@c.jp"},
        {"\"smith,j\"@x.jp", "\"smith,j\"@x.jp"},
    };
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    struct crm_buf b;
    int added, removed;
    size_t i;

    crm_buf_init(&b, 1024);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = crm_ledger_suppress_normalize(cases[i].in, &b);

        if (cases[i].want == NULL ? rc == CRM_OK
                                  : rc != CRM_OK || strcmp(crm_buf_cstr(&b), cases[i].want))
            fail_msg("\"%s\": got %d \"%s\", want %s", cases[i].in, rc, crm_buf_cstr(&b),
                     cases[i].want ? cases[i].want : "CRM_EINVAL");
    }
    crm_buf_fini(&b);
    seed(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "a@b.jp", "n", NULL, &added, &err), CRM_OK);
    assert_int_equal(added, 1);
    assert_int_equal(crm_ledger_suppress_add(l, "A@B.JP", "again", NULL, &added, &err), CRM_OK);
    assert_int_equal(added, 0);
    assert_int_equal(crm_ledger_suppress_remove(l, "a@b.jp", &removed, &err), CRM_OK);
    assert_int_equal(removed, 1);
    assert_int_equal(crm_ledger_suppress_remove(l, "a@b.jp", &removed, &err), CRM_OK);
    assert_int_equal(removed, 0);
    crm_ledger_close(l);
}

/* rcpt_collect - callback: "token-digits=[a|b|c];" with the separator shown as '|' */
static int
rcpt_collect(void *arg, const struct crm_ledger_invitation *row)
{
    struct crm_buf *b = arg;
    const char *p;
    int rc = crm_buf_appendf(b, "%s=[", row->token + 34);

    for (p = row->recipients; rc == CRM_OK && *p; p++)
        rc = crm_buf_putc(b, *p == CRM_LEDGER_RCPT_SEP ? '|' : *p);
    return rc == CRM_OK ? crm_buf_puts(b, "];") : rc;
}

static void
invitations_keep_recipients_with_commas_whole(void **state)
{
    const char *r[] = {"\"smith,j\"@x.jp", "\"j smith\"@x.jp", "p@x.jp"};
    struct crm_invitation inv = {.token = "11111111-2222-4333-8444-000000000099",
                                 .sender = "hr@corp.jp",
                                 .tags = "",
                                 .rcpts = r,
                                 .nrcpts = 3};
    struct crm_ledger_filter f = {.since = "2026-04-01T00:00:00Z"};
    const char *want = "99=[\"j smith\"@x.jp|\"smith,j\"@x.jp|p@x.jp];";
    struct th_dbdir *d = *state;
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    struct crm_buf b;

    seed(d->path);
    assert_int_equal(crm_store_open(d->path, 0, 2000, &s, &err), CRM_OK);
    assert_int_equal(crm_store_record_at(s, &inv, "2026-04-01T00:00:00Z", &err), CRM_OK);
    crm_store_close(s);
    assert_int_equal(crm_ledger_open(d->path, CRM_LEDGER_READONLY, 2000, 10, &l, &err), CRM_OK);
    crm_buf_init(&b, 1024);
    assert_int_equal(crm_ledger_invitations(l, &f, rcpt_collect, &b, &err), CRM_OK);
    if (strcmp(crm_buf_cstr(&b), want) != 0)
        fail_msg("got %s, want %s", crm_buf_cstr(&b), want);
    crm_buf_fini(&b);
    crm_ledger_close(l);
}

static void
suppressed_checks_addresses_and_domains_read_only(void **state)
{
    static const struct {
        const char *addr;
        unsigned char kept;
    } cases[] = {
        {"optout@x.jp", 0}, {"other@x.jp", 1},   {"anyone@agency.jp", 0}, {"a@sub.agency.jp", 1},
        {"OPTOUT@X.JP", 0}, {"\"a@b\"@q.jp", 0}, {"b@q.jp", 1},
    };
    const char *addrs[sizeof(cases) / sizeof(cases[0])];
    unsigned char kept[sizeof(cases) / sizeof(cases[0])];
    struct th_dbdir *d = *state;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    int added;
    size_t i;

    seed(d->path);
    assert_int_equal(crm_ledger_open(d->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "optout@x.jp", "", NULL, &added, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "@agency.jp", "", NULL, &added, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "\"a@b\"@q.jp", "", NULL, &added, &err), CRM_OK);
    crm_ledger_close(l);
    assert_int_equal(crm_ledger_open(d->path, CRM_LEDGER_READONLY, 2000, 10, &l, &err), CRM_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        addrs[i] = cases[i].addr;
    memset(kept, 7, sizeof(kept));
    assert_int_equal(crm_ledger_suppressed(l, addrs, sizeof(cases) / sizeof(cases[0]), kept, &err),
                     CRM_OK);
    crm_ledger_close(l);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (kept[i] != cases[i].kept)
            fail_msg("%s: got kept=%d, want %d", cases[i].addr, kept[i], cases[i].kept);
}

/* entry_collect - callback: "kind amount change user note;" */
static int
entry_collect(void *arg, const struct crm_ledger_entry *r)
{
    return crm_buf_appendf(arg, "%s %lld %+lld %s %s;", r->kind, (long long)r->amount,
                           (long long)r->change, r->unix_user, r->note);
}

static void
entries_list_redemptions_and_adjustments_newest_first(void **state)
{
    static const struct {
        const char *name;
        struct crm_ledger_filter f;
        const char *want;
    } cases[] = {
        {"all",
         {0},
         "adjust -2 -2 carol fix;redeem 1 -1 bob second;adjust 3 +3 alice gift;"
         "redeem 1 -1 alice hired: req 1;"},
        {"since",
         {.since = "2026-03-02T00:00:00Z"},
         "adjust -2 -2 carol fix;redeem 1 -1 bob second;"},
        {"until",
         {.until = "2026-03-01T10:00:00Z"},
         "adjust 3 +3 alice gift;redeem 1 -1 alice hired: req 1;"},
        {"empty range", {.since = "2027-01-01T00:00:00Z"}, ""},
    };
    struct th_dbdir *d = *state;
    struct crm_ledger *l = NULL;
    struct crm_balance bal;
    struct crm_err err;
    struct crm_buf b;
    size_t i;

    seed(d->path); /* 11 candidates: one slot */
    assert_int_equal(crm_ledger_open(d->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(
        crm_ledger_redeem(l, "alice", "hired: req 1", "2026-03-01T09:00:00Z", &bal, &err), CRM_OK);
    assert_int_equal(crm_ledger_adjust(l, 3, "alice", "gift", "2026-03-01T10:00:00Z", &bal, &err),
                     CRM_OK);
    assert_int_equal(crm_ledger_redeem(l, "bob", "second", "2026-03-02T09:00:00Z", &bal, &err),
                     CRM_OK);
    assert_int_equal(crm_ledger_adjust(l, -2, "carol", "fix", "2026-03-02T09:00:00Z", &bal, &err),
                     CRM_OK);
    crm_buf_init(&b, 4096);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        crm_buf_reset(&b);
        assert_int_equal(crm_ledger_entries(l, &cases[i].f, entry_collect, &b, &err), CRM_OK);
        if (strcmp(crm_buf_cstr(&b), cases[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].name, crm_buf_cstr(&b), cases[i].want);
    }
    crm_buf_fini(&b);
    /* the changes add up to what the balance says */
    assert_int_equal(bal.available, 1 - 1 + 3 - 1 - 2);
    crm_ledger_close(l);
}

static void
tags_normalize_trims_folds_and_dedupes(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"a", "a"},
        {" High-Rating , culture-fit ", "high-rating,culture-fit"},
        {"a,,b,A, b", "a,b"},
        {",,,", ""},
        {"x\ty", "xy"},
        {"a\001b", "ab"},
        {"0123456789012345678901234567890123456789012345678901234567890123456789",
         "0123456789012345678901234567890123456789012345678901234567890123"},
    };
    struct crm_buf b;
    size_t i;

    crm_buf_init(&b, 4096);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(crm_ledger_tags_normalize(cases[i].in, &b), CRM_OK);
        if (strcmp(crm_buf_cstr(&b), cases[i].want) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", cases[i].in, crm_buf_cstr(&b),
                     cases[i].want);
    }
    crm_buf_fini(&b);
}

static void
check_reports_foreign_key_violation(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_ledger_check c;
    struct crm_err err;
    sqlite3 *db = NULL;

    seed(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_check(l, &c, &err), CRM_OK);
    assert_true(c.ok);
    assert_int_equal(c.schema_version, crm_db_schema_version());
    crm_ledger_close(l);
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO invitation_recipient VALUES (99, 99)", NULL, NULL, NULL),
        SQLITE_OK); /* foreign_keys is off on this plain connection */
    sqlite3_close(db);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_check(l, &c, &err), CRM_OK);
    crm_ledger_close(l);
    assert_false(c.ok);
    if (strstr(c.problem, "invitation_recipient") == NULL)
        fail_msg("got \"%s\", want a foreign key problem in invitation_recipient", c.problem);
}

/* writer - keep recording while a backup runs */
static void *
writer(void *arg)
{
    struct crm_store *s = arg;
    const char *r[] = {"bk@x.jp"};
    struct crm_err err;
    char token[37];
    int i;

    for (i = 0; i < 200; i++) {
        struct crm_invitation inv = {.token = token, .rcpts = r, .nrcpts = 1};

        snprintf(token, sizeof(token), "22222222-2222-4333-8444-%012d", i);
        if (crm_store_record(s, &inv, &err) != CRM_OK)
            return (void *)1;
    }
    return NULL;
}

static void
backup_while_writing_is_consistent_and_never_overwrites(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL, *bl = NULL;
    struct crm_ledger_check c;
    struct crm_store *s = NULL;
    struct crm_balance b;
    struct crm_err err;
    char dest[600];
    pthread_t t;
    void *res;
    int pages = 0;

    seed(f->path);
    snprintf(dest, sizeof(dest), "%s/backup.db", f->dir);
    assert_int_equal(crm_store_open(f->path, 0, 2000, &s, &err), CRM_OK);
    assert_int_equal(crm_ledger_open(f->path, 0, 2000, 10, &l, &err), CRM_OK);
    assert_int_equal(pthread_create(&t, NULL, writer, s), 0);
    assert_int_equal(crm_ledger_backup(l, dest, &pages, &err), CRM_OK);
    pthread_join(t, &res);
    assert_null(res);
    assert_true(pages > 0);
    assert_int_equal(crm_ledger_backup(l, dest, &pages, &err), CRM_EIO);
    assert_non_null(strstr(err.msg, "exists"));
    crm_ledger_close(l);
    crm_store_close(s);
    assert_int_equal(crm_ledger_open(dest, 0, 2000, 10, &bl, &err), CRM_OK);
    assert_int_equal(crm_ledger_check(bl, &c, &err), CRM_OK);
    assert_int_equal(crm_ledger_balance(bl, &b, &err), CRM_OK);
    crm_ledger_close(bl);
    assert_true(c.ok);
    if (b.invitations < 5 || b.invitations > 205)
        fail_msg("backup has %lld invitations, want between 5 and 205", (long long)b.invitations);
    assert_int_equal(access(dest, R_OK), 0);
}

/* the migration runner over a list of its own */
static const struct crm_embedded_file migs[] = {
    {"schema/0001_a.sql", "CREATE TABLE a (x);", 0},
    {"schema/0002_b.sql", "CREATE TABLE b (y); INSERT INTO a VALUES (1);", 0},
    {"schema/0003_bad.sql", "CREATE TABLE c (z); CREATE TABLE a (x);", 0},
    {"schema/0005_gap.sql", "CREATE TABLE e (z);", 0},
};

/* migrate_to - run the first n migrations on path; status */
static int
migrate_to(const char *path, size_t n, struct crm_err *err)
{
    sqlite3 *db = NULL;
    int rc;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    rc = crm_db_migrate_with(db, path, migs, n, err);
    sqlite3_close(db);
    return rc;
}

static void
migrations_apply_in_order_each_in_its_own_transaction(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_err err;

    assert_int_equal(migrate_to(f->path, 1, &err), CRM_OK);
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), 1);
    assert_int_equal(migrate_to(f->path, 2, &err), CRM_OK); /* only 0002 runs */
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), 2);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM a"), 1);
    assert_int_equal(migrate_to(f->path, 2, &err), CRM_OK); /* already current */
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM a"), 1);
    assert_int_equal(migrate_to(f->path, 3, &err), CRM_EDB);
    assert_non_null(strstr(err.msg, "0003_bad.sql"));
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), 2); /* 0003 rolled back whole */
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'c'"), 0);
    assert_int_equal(migrate_to(f->path, 1, &err), CRM_EVERSION); /* a program that knows 1 */
    assert_non_null(strstr(err.msg, "version 2 is newer"));
}

static void
migrations_stop_at_a_gap(void **state)
{
    static const struct crm_embedded_file gap[] = {
        {"schema/0001_a.sql", "CREATE TABLE a (x);", 0},
        {"schema/0003_c.sql", "CREATE TABLE c (x);", 0},
        {"schema/notes.txt", "", 0},
    };
    struct th_dbdir *f = *state;
    struct crm_err err;
    sqlite3 *db = NULL;

    assert_int_equal(
        sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
    assert_int_equal(crm_db_migrate_with(db, f->path, gap, 3, &err), CRM_OK);
    sqlite3_close(db);
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'c'"), 0);
}

/* crm_db_probe (careerrelay-milter -n): what start would refuse, read only */
static void
probe_tells_a_ledger_from_other_files(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_err err;
    sqlite3 *db = NULL;
    char other[600];

    assert_int_equal(crm_db_probe(f->path, &err), CRM_OK); /* missing: made at start */
    assert_int_equal(th_write_file(f->path, "", 0), 0);
    assert_int_equal(crm_db_probe(f->path, &err), CRM_OK); /* empty: made at start */
    assert_int_equal(th_write_file(f->path, "root:x:0:0:root:/root:/bin/bash\n", 32), 0);
    assert_int_equal(crm_db_probe(f->path, &err), CRM_EDB);
    assert_non_null(strstr(err.msg, "not a database"));
    assert_int_equal(unlink(f->path), 0);
    assert_int_equal(migrate_to(f->path, 1, &err), CRM_OK); /* a schema version it knows */
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db); /* the last connection: -wal and -shm are removed */
    db = NULL;
    snprintf(other, sizeof(other), "%s-shm", f->path);
    assert_int_not_equal(access(other, F_OK), 0);
    assert_int_equal(crm_db_probe(f->path, &err), CRM_OK);
    assert_int_not_equal(access(other, F_OK), 0); /* none made (root would own it) */
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM sqlite_master"), 1); /* unchanged */
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    db = NULL;
    assert_int_equal(crm_db_probe(f->path, &err), CRM_EVERSION);
    assert_non_null(strstr(err.msg, "version 999 is newer"));
    snprintf(other, sizeof(other), "%s/other.db", f->dir);
    assert_int_equal(sqlite3_open_v2(other, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(crm_db_probe(other, &err), CRM_EDB);
    assert_non_null(strstr(err.msg, "not a careerrelay database"));
    assert_int_equal(crm_db_probe(f->dir, &err), CRM_EIO); /* a directory */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(invitations_filters_select_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(report_groups_by_month_and_tag_with_totals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(redeem_without_slot_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_redeems_never_spend_one_slot_twice, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(recorded_rows_are_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(suppress_normalize_add_remove, setup, teardown),
        cmocka_unit_test(tags_normalize_trims_folds_and_dedupes),
        cmocka_unit_test_setup_teardown(invitations_keep_recipients_with_commas_whole, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(suppressed_checks_addresses_and_domains_read_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(entries_list_redemptions_and_adjustments_newest_first,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(check_reports_foreign_key_violation, setup, teardown),
        cmocka_unit_test_setup_teardown(backup_while_writing_is_consistent_and_never_overwrites,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(migrations_apply_in_order_each_in_its_own_transaction,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(migrations_stop_at_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(probe_tells_a_ledger_from_other_files, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
