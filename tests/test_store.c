/* test_store.c - the milter's store: migrations, recording, suppression, concurrency, faults */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "alloc.h"
#include "helpers.h"
#include "ledger.h"
#include "store.h"

#define BUSY_MS 2000 /* DatabaseTimeout's default */
#define NOBODY  65534

/* setup - fresh directory and database path */
static int
setup(void **state)
{
    *state = th_dbdir_new("store");
    return *state != NULL ? 0 : -1;
}

/* teardown - remove the directory */
static int
teardown(void **state)
{
    th_dbdir_free(*state);
    return 0;
}

/* tok - a deterministic, well-formed token for (a, b) */
static void
tok(char out[37], unsigned a, unsigned b)
{
    snprintf(out, 37, "%08x-0000-4000-8000-%012x", a, b);
}

/* record - record one invitation to the given recipients; returns the status */
static int
record(struct crm_store *s, const char *token, const char *const *rcpts, size_t n,
       struct crm_err *err)
{
    struct crm_invitation inv = {.token = token,
                                 .queue_id = "4AbCdE",
                                 .message_id = "<m@example.co.jp>",
                                 .sender = "hr@example.co.jp",
                                 .lang = "ja",
                                 .tmpl = "ja",
                                 .score = 12,
                                 .rules = "ja_miokuri(+8),ja_inori(+4)",
                                 .tags = "High-Rating, culture-fit",
                                 .rcpts = rcpts,
                                 .nrcpts = n};

    return crm_store_record(s, &inv, err);
}

/* sql_exec - run SQL on a separate read-write connection */
static void
sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* fresh - create the database and close it again */
static void
fresh(const char *path)
{
    struct crm_store *s = NULL;
    struct crm_err err;

    assert_int_equal(crm_store_open(path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_OK);
    crm_store_close(s);
}

static void
migrations_fresh_database_reaches_current_version(void **state)
{
    struct th_dbdir *f = *state;

    assert_true(crm_store_schema_version() >= 1);
    fresh(f->path);
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), crm_store_schema_version());
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                         "('invitation','candidate','invitation_recipient',"
                                         "'ledger_entry','suppression')"),
                     5);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM pragma_journal_mode "
                                         "WHERE journal_mode = 'wal'"),
                     1);
}

static void
migrations_already_current_is_a_no_op(void **state)
{
    struct th_dbdir *f = *state;
    const char *r[] = {"taro@example.jp"};
    struct crm_store *s = NULL;
    struct crm_err err;
    char t[37];

    fresh(f->path);
    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_OK);
    tok(t, 1, 1);
    assert_int_equal(record(s, t, r, 1, &err), CRM_OK);
    crm_store_close(s);
    assert_int_equal(crm_store_open(f->path, 0, BUSY_MS, &s, &err), CRM_OK);
    crm_store_close(s);
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), crm_store_schema_version());
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 1);
}

static void
migrations_newer_database_is_refused_untouched(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct crm_err err;
    char want[64];

    fresh(f->path);
    sql_exec(f->path, "PRAGMA user_version = 99");
    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_EVERSION);
    assert_null(s);
    assert_non_null(strstr(err.msg, f->path));
    assert_non_null(strstr(err.msg, "99"));
    snprintf(want, sizeof(want), "(%d)", crm_store_schema_version());
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(th_sql_int(f->path, "PRAGMA user_version"), 99);
}

struct open_case {
    const char *name;
    const char *file;    /* relative to the fixture dir */
    const char *content; /* written first unless NULL */
    int flags;
    int want;
    const char *want_text; /* in the message */
};

static void
open_bad_paths_fail_with_path_and_cause(void **state)
{
    static const struct open_case cases[] = {
        {"missing file without create", "none.db", NULL, 0, CRM_EIO, "no such database"},
        {"missing directory", "no/such/dir/x.db", NULL, CRM_STORE_CREATE, CRM_EIO,
         "No such file or directory"},
        {"not an SQLite file", "junk.db",
         "hello, this is not a database, at all. "
         "It is long enough to have a header......................................",
         CRM_STORE_CREATE, CRM_EDB, "not a database"},
        {"a directory", ".", NULL, CRM_STORE_CREATE, CRM_EIO, "is a directory"},
    };
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct crm_err err;
    char path[600];
    struct stat st;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", f->dir, cases[i].file);
        if (cases[i].content)
            assert_int_equal(th_write_file(path, cases[i].content, strlen(cases[i].content)), 0);
        int rc = crm_store_open(path, cases[i].flags, BUSY_MS, &s, &err);
        if (rc != cases[i].want || strstr(err.msg, path) == NULL ||
            strstr(err.msg, cases[i].want_text) == NULL)
            fail_msg("%s: got %d \"%s\", want %d with the path and \"%s\"", cases[i].name, rc,
                     err.msg, cases[i].want, cases[i].want_text);
        assert_null(s);
        if (cases[i].content)
            assert_int_equal((stat(path, &st), st.st_size), strlen(cases[i].content));
        else if (strcmp(cases[i].file, ".") != 0)
            assert_int_equal(stat(path, &st), -1);
    }
}

static void
open_foreign_sqlite_database_is_refused(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct crm_err err;

    sql_exec(f->path, "CREATE TABLE other (x)");
    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_EDB);
    assert_non_null(strstr(err.msg, "not a careerrelay database"));
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM sqlite_master"), 1);
}

static void
record_counts_duplicates_across_to_cc_and_messages_once(void **state)
{
    struct th_dbdir *f = *state;
    const char *m1[] = {"taro@example.jp", "hanako@example.jp", "taro@example.jp"};
    const char *m2[] = {"taro@example.jp", "jiro@example.com"};
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    char t[37];

    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_OK);
    tok(t, 1, 1);
    assert_int_equal(record(s, t, m1, 3, &err), CRM_OK);
    tok(t, 1, 2);
    assert_int_equal(record(s, t, m2, 2, &err), CRM_OK);
    crm_store_close(s);
    assert_int_equal(crm_ledger_open(f->path, 0, BUSY_MS, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_balance(l, &b, &err), CRM_OK);
    crm_ledger_close(l);
    if (b.referred != 3 || b.invitations != 2)
        fail_msg("got referred %lld invitations %lld, want 3 and 2", (long long)b.referred,
                 (long long)b.invitations);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation_recipient"), 4);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation_tag"), 4);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation WHERE tags = "
                                         "'high-rating,culture-fit'"),
                     2);
}

static void
record_rejects_bad_invitations_and_records_nothing(void **state)
{
    struct th_dbdir *f = *state;
    const char *good[] = {"taro@example.jp"};
    const char *bad[] = {"not-an-address"};
    struct crm_store *s = NULL;
    struct crm_err err;
    char t[37];

    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_OK);
    tok(t, 2, 1);
    assert_int_equal(record(s, "not-a-token", good, 1, &err), CRM_EINVAL);
    assert_int_equal(record(s, t, good, 0, &err), CRM_EINVAL);
    assert_int_equal(record(s, t, bad, 1, &err), CRM_EINVAL);
    assert_int_equal(record(s, t, good, 1, &err), CRM_OK);
    assert_int_equal(record(s, t, good, 1, &err), CRM_EDB); /* the same token twice */
    assert_non_null(strstr(err.msg, f->path));
    crm_store_close(s);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM candidate"), 1);
}

static void
suppression_matches_exact_address_and_domain(void **state)
{
    static const struct {
        const char *addr;
        int want;
    } cases[] = {
        {"optout@example.jp", 1},     {"other@example.jp", 0},   {"anyone@blocked.example", 1},
        {"x@sub.blocked.example", 0}, {"optout@example.jpx", 0}, {"nobody@else.org", 0},
    };
    enum { NCASES = sizeof(cases) / sizeof(cases[0]) };
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    const char *rcpts[NCASES];
    unsigned char kept[NCASES];
    char token[37];
    int added;
    size_t i;

    fresh(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, BUSY_MS, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "optout@example.jp", "asked", NULL, &added, &err),
                     CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "@blocked.example", "", NULL, &added, &err),
                     CRM_OK);
    crm_ledger_close(l);
    assert_int_equal(crm_store_open(f->path, 0, BUSY_MS, &s, &err), CRM_OK);
    for (i = 0; i < NCASES; i++)
        rcpts[i] = cases[i].addr;
    tok(token, 6, 1);
    struct crm_invitation inv = {.token = token,
                                 .sender = "hr@example.co.jp",
                                 .lang = "en",
                                 .tmpl = "en",
                                 .rules = "",
                                 .rcpts = rcpts,
                                 .nrcpts = NCASES,
                                 .skip_suppressed = 1,
                                 .kept = kept};
    assert_int_equal(crm_store_record(s, &inv, &err), CRM_OK);
    for (i = 0; i < NCASES; i++) {
        int hit = !kept[i];
        if (hit != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].addr, hit, cases[i].want);
    }
    crm_store_close(s);
}

/* suppression checked by the writer, inside the record's transaction */
static void
record_skip_suppressed_leaves_out_suppressed_recipients(void **state)
{
    static const char *const mixed[] = {"optout@example.jp", "keep@example.jp",
                                        "anyone@blocked.example", "also@example.org"};
    static const char *const all[] = {"optout@example.jp", "x@blocked.example"};
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    unsigned char kept[4];
    char token[37];
    int added;
    struct crm_invitation inv = {.sender = "hr@example.co.jp",
                                 .lang = "en",
                                 .tmpl = "en",
                                 .rules = "",
                                 .skip_suppressed = 1,
                                 .kept = kept};

    fresh(f->path);
    assert_int_equal(crm_ledger_open(f->path, 0, BUSY_MS, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "optout@example.jp", "", NULL, &added, &err),
                     CRM_OK);
    assert_int_equal(crm_ledger_suppress_add(l, "@blocked.example", "", NULL, &added, &err),
                     CRM_OK);
    crm_ledger_close(l);
    assert_int_equal(crm_store_open(f->path, 0, BUSY_MS, &s, &err), CRM_OK);

    tok(token, 7, 1);
    inv.token = token;
    inv.rcpts = mixed;
    inv.nrcpts = 4;
    memset(kept, 9, sizeof(kept));
    assert_int_equal(crm_store_record(s, &inv, &err), CRM_OK);
    assert_int_equal(kept[0], 0);
    assert_int_equal(kept[1], 1);
    assert_int_equal(kept[2], 0);
    assert_int_equal(kept[3], 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM candidate"), 2);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation_recipient"), 2);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM candidate WHERE address IN "
                                         "('optout@example.jp', 'anyone@blocked.example')"),
                     0);

    /* every recipient suppressed: CRM_OK, nothing recorded */
    tok(token, 7, 2);
    inv.rcpts = all;
    inv.nrcpts = 2;
    memset(kept, 9, sizeof(kept));
    assert_int_equal(crm_store_record(s, &inv, &err), CRM_OK);
    assert_int_equal(kept[0], 0);
    assert_int_equal(kept[1], 0);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 1);

    /* without skip_suppressed every recipient is recorded and kept says so */
    tok(token, 7, 3);
    inv.skip_suppressed = 0;
    memset(kept, 9, sizeof(kept));
    assert_int_equal(crm_store_record(s, &inv, &err), CRM_OK);
    assert_int_equal(kept[0], 1);
    assert_int_equal(kept[1], 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 2);

    /* skip_suppressed needs kept */
    tok(token, 7, 4);
    inv.skip_suppressed = 1;
    inv.kept = NULL;
    assert_int_equal(crm_store_record(s, &inv, &err), CRM_EINVAL);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 2);
    crm_store_close(s);
}

/* ---- the progress hook while a record waits for a locked database ---- */

struct pg_thread {
    struct crm_store *s;
    unsigned id;
    int calls; /* progress calls */
    int rc;
};

/* pg_count - the progress hook: count the calls */
static void
pg_count(void *arg)
{
    struct pg_thread *t = arg;

    t->calls++;
}

/* pg_worker - one record with the counting hook */
static void *
pg_worker(void *arg)
{
    static const char *const rcpts[] = {"wait@example.org"};
    struct pg_thread *t = arg;
    struct crm_err err;
    char token[37];
    struct crm_invitation inv = {.sender = "hr@example.co.jp",
                                 .lang = "en",
                                 .tmpl = "en",
                                 .rules = "",
                                 .rcpts = rcpts,
                                 .nrcpts = 1,
                                 .progress = pg_count,
                                 .progress_arg = t};

    tok(token, 8, t->id);
    inv.token = token;
    t->rc = crm_store_record(t->s, &inv, &err);
    return NULL;
}

/* pg_lock - another connection holding the write lock */
static sqlite3 *
pg_lock(const char *path)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    return db;
}

/* pg_wait_ms - sleep ms milliseconds */
static void
pg_wait_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void
progress_is_called_while_a_record_waits(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_store *s = NULL;
    struct pg_thread a = {0}, b = {0};
    struct crm_err err;
    pthread_t ta, tb;
    sqlite3 *lock;

    fresh(f->path);
    /* the writer itself, waiting in the busy handler past its timeout */
    assert_int_equal(crm_store_open(f->path, 0, 2500, &s, &err), CRM_OK);
    lock = pg_lock(f->path);
    a.s = s;
    a.id = 1;
    pg_worker(&a);
    assert_int_equal(a.rc, CRM_EBUSY);
    assert_in_range(a.calls, 2, 3);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 0);

    /* a writer blocked on the lock, and a second caller queued behind it:
     * both report progress while they wait, and both are recorded once the
     * lock goes */
    a.calls = 0;
    a.id = 2;
    b.s = s;
    b.id = 3;
    assert_int_equal(pthread_create(&ta, NULL, pg_worker, &a), 0);
    pg_wait_ms(200);
    assert_int_equal(pthread_create(&tb, NULL, pg_worker, &b), 0);
    pg_wait_ms(2100); /* a gives up only after 2,500 retries of >= 1 ms */
    assert_int_equal(sqlite3_exec(lock, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(lock);
    assert_int_equal(pthread_join(ta, NULL), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    assert_int_equal(a.rc, CRM_OK);
    assert_int_equal(b.rc, CRM_OK);
    assert_true(a.calls >= 1);
    assert_true(b.calls >= 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 2);

    /* no wait, no call */
    a.calls = 0;
    a.id = 4;
    pg_worker(&a);
    assert_int_equal(a.rc, CRM_OK);
    assert_int_equal(a.calls, 0);
    crm_store_close(s);
}

/* ---- concurrency: threads recording while another process redeems ---- */

#define CC_THREADS 8
#define CC_EACH    200

struct cc_thread {
    struct crm_store *s;
    unsigned id;
    int failures;
    char first_error[CRM_ERR_MSG_MAX];
};

/* cc_worker - record CC_EACH invitations; every candidate is new except a shared one */
static void *
cc_worker(void *arg)
{
    struct cc_thread *t = arg;
    char token[37], a1[64], *rcpts[2];
    struct crm_err err;
    unsigned i;

    for (i = 0; i < CC_EACH; i++) {
        tok(token, 100 + t->id, i);
        snprintf(a1, sizeof(a1), "cand-%u-%u@example.org", t->id, i);
        rcpts[0] = a1;
        rcpts[1] = "shared@example.org";
        if (record(t->s, token, (const char *const *)rcpts, 2, &err) != CRM_OK &&
            t->failures++ == 0)
            snprintf(t->first_error, sizeof(t->first_error), "%s", err.msg);
    }
    return NULL;
}

/* what the CLI process reports */
struct cc_report {
    long redeemed, loops, errors;
    char first_error[CRM_ERR_MSG_MAX + 16];
};

/* cc_child - balance and redeem in a loop until stop_fd closes; report on out_fd */
static void
cc_child(const char *path, int stop_fd, int out_fd)
{
    struct crm_ledger *l = NULL;
    struct cc_report rep;
    struct crm_balance b;
    struct crm_err err;
    char c;

    memset(&rep, 0, sizeof(rep));
    if (crm_ledger_open(path, 0, BUSY_MS, 10, &l, &err) != CRM_OK)
        _exit(3);
    for (;;) {
        int rc = crm_ledger_balance(l, &b, &err);

        if (rc == CRM_OK)
            rc = crm_ledger_redeem(l, "test", "concurrency", NULL, &b, &err);
        if (rc == CRM_OK)
            rep.redeemed++;
        else if (rc != CRM_ESTATE && rep.errors++ == 0)
            snprintf(rep.first_error, sizeof(rep.first_error), "%d %s", rc, err.msg);
        rep.loops++;
        if (read(stop_fd, &c, 1) == 0)
            break;
    }
    crm_ledger_close(l);
    if (write(out_fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
        _exit(4);
    _exit(0);
}

static void
concurrent_threads_and_cli_process_keep_exact_numbers(void **state)
{
    struct th_dbdir *f = *state;
    struct cc_thread th[CC_THREADS];
    pthread_t tid[CC_THREADS];
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    int stop[2], out[2], status, i;
    struct cc_report rep;
    pid_t pid;

    fresh(f->path);
    assert_int_equal(pipe(stop), 0);
    assert_int_equal(pipe(out), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(stop[1]);
        close(out[0]);
        fcntl(stop[0], F_SETFL, O_NONBLOCK);
        cc_child(f->path, stop[0], out[1]);
    }
    close(stop[0]);
    close(out[1]);
    assert_int_equal(crm_store_open(f->path, 0, BUSY_MS, &s, &err), CRM_OK);
    for (i = 0; i < CC_THREADS; i++) {
        th[i] = (struct cc_thread){.s = s, .id = (unsigned)i};
        assert_int_equal(pthread_create(&tid[i], NULL, cc_worker, &th[i]), 0);
    }
    for (i = 0; i < CC_THREADS; i++)
        pthread_join(tid[i], NULL);
    crm_store_close(s);
    close(stop[1]);
    assert_int_equal(read(out[0], &rep, sizeof(rep)), (ssize_t)sizeof(rep));
    close(out[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (i = 0; i < CC_THREADS; i++)
        if (th[i].failures)
            fail_msg("thread %d: got %d failures (first: %s), want 0", i, th[i].failures,
                     th[i].first_error);
    if (rep.errors != 0)
        fail_msg("CLI process: got %ld unexpected errors in %ld loops (first: %s), want 0",
                 rep.errors, rep.loops, rep.first_error);
    assert_int_equal(crm_ledger_open(f->path, 0, BUSY_MS, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_balance(l, &b, &err), CRM_OK);
    crm_ledger_close(l);
    if (b.invitations != CC_THREADS * CC_EACH || b.referred != CC_THREADS * CC_EACH + 1 ||
        b.earned != (CC_THREADS * CC_EACH + 1) / 10 || b.redeemed != rep.redeemed ||
        b.available != b.earned - rep.redeemed)
        fail_msg("got invitations %lld referred %lld earned %lld redeemed %lld available %lld; "
                 "want %d %d %d %ld %lld",
                 (long long)b.invitations, (long long)b.referred, (long long)b.earned,
                 (long long)b.redeemed, (long long)b.available, CC_THREADS * CC_EACH,
                 CC_THREADS * CC_EACH + 1, (CC_THREADS * CC_EACH + 1) / 10, rep.redeemed,
                 (long long)(b.earned - rep.redeemed));
}

/* ---- one bad record in a group does not fail the others ---- */

struct dup_thread {
    struct crm_store *s;
    unsigned id;
    int ok_shared, ok_own, bad_own;
};

/* dup_worker - alternate a token every thread uses with tokens of its own */
static void *
dup_worker(void *arg)
{
    struct dup_thread *t = arg;
    const char *r[] = {"dup@example.org"};
    struct crm_err err;
    char token[37];
    unsigned i;

    for (i = 0; i < 40; i++) {
        tok(token, 7, i); /* shared: only one thread may record it */
        if (record(t->s, token, r, 1, &err) == CRM_OK)
            t->ok_shared++;
        tok(token, 200 + t->id, i);
        if (record(t->s, token, r, 1, &err) == CRM_OK)
            t->ok_own++;
        else
            t->bad_own++;
    }
    return NULL;
}

static void
group_commit_isolates_a_failing_record(void **state)
{
    struct th_dbdir *f = *state;
    struct dup_thread th[6];
    pthread_t tid[6];
    struct crm_store *s = NULL;
    struct crm_err err;
    int i, shared = 0;

    assert_int_equal(crm_store_open(f->path, CRM_STORE_CREATE, BUSY_MS, &s, &err), CRM_OK);
    for (i = 0; i < 6; i++) {
        th[i] = (struct dup_thread){.s = s, .id = (unsigned)i};
        assert_int_equal(pthread_create(&tid[i], NULL, dup_worker, &th[i]), 0);
    }
    for (i = 0; i < 6; i++) {
        pthread_join(tid[i], NULL);
        shared += th[i].ok_shared;
        if (th[i].ok_own != 40 || th[i].bad_own != 0)
            fail_msg("thread %d: got %d own records ok, %d failed; want 40 and 0", i, th[i].ok_own,
                     th[i].bad_own);
    }
    crm_store_close(s);
    if (shared != 40)
        fail_msg("got %d shared tokens recorded, want exactly 40", shared);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 40 + 6 * 40);
}

/* ---- crash safety ---- */

struct crash_arg {
    int fd;
    uint32_t id;
    struct crm_store *s;
};

/* crash_worker - record forever, reporting each durable token number on the pipe */
static void *
crash_worker(void *arg)
{
    struct crash_arg *a = arg;
    const char *r[] = {"crash@example.org"};
    struct crm_err err;
    char token[37];
    uint32_t n;

    for (n = 0;; n++) {
        uint32_t id = a->id << 24 | n;

        tok(token, 300, id);
        if (record(a->s, token, r, 1, &err) == CRM_OK &&
            write(a->fd, &id, sizeof(id)) != (ssize_t)sizeof(id))
            _exit(5);
    }
    return NULL;
}

/* crash_child - four recording threads until killed */
static void
crash_child(const char *path, int fd)
{
    struct crash_arg args[4];
    struct crm_store *s = NULL;
    struct crm_err err;
    pthread_t tid;
    int i;

    if (crm_store_open(path, 0, BUSY_MS, &s, &err) != CRM_OK)
        _exit(3);
    for (i = 0; i < 4; i++) {
        args[i] = (struct crash_arg){.fd = fd, .id = (uint32_t)i, .s = s};
        pthread_create(&tid, NULL, crash_worker, &args[i]);
    }
    for (;;)
        pause();
}

static void
crash_keeps_every_returned_record(void **state)
{
    struct th_dbdir *f = *state;
    struct crm_ledger *l = NULL;
    struct crm_ledger_check chk;
    struct crm_err err;
    uint32_t *ids, id;
    size_t n = 0, i;
    int fds[2], status;
    char token[37], sql[160];
    pid_t pid;

    fresh(f->path);
    ids = crm_calloc(1u << 20, sizeof(*ids));
    assert_non_null(ids);
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        crash_child(f->path, fds[1]);
    }
    close(fds[1]);
    while (n < 300 && read(fds[0], &id, sizeof(id)) == (ssize_t)sizeof(id))
        ids[n++] = id;
    kill(pid, SIGKILL);
    while (n < (1u << 20) && read(fds[0], &id, sizeof(id)) == (ssize_t)sizeof(id))
        ids[n++] = id;
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_true(n >= 300);
    assert_int_equal(crm_ledger_open(f->path, 0, BUSY_MS, 10, &l, &err), CRM_OK);
    assert_int_equal(crm_ledger_check(l, &chk, &err), CRM_OK);
    crm_ledger_close(l);
    if (!chk.ok)
        fail_msg("integrity after SIGKILL: got \"%s\", want ok", chk.problem);
    for (i = 0; i < n; i++) {
        tok(token, 300, ids[i]);
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM invitation WHERE token = '%s'", token);
        if (th_sql_int(f->path, sql) != 1)
            fail_msg("token %s was reported durable but is missing after the crash", token);
    }
    crm_free(ids);
}

/* ---- faults: read-only database, full disk ---- */

/* child_as - run fn in a child (as NOBODY when root); its message comes back in msg */
static int
child_as(int drop, int (*fn)(const char *path, char *msg, size_t sz), const char *path, char *msg,
         size_t sz)
{
    int fds[2], status;
    ssize_t got;
    pid_t pid;

    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char m[1024] = "";
        int rc;

        close(fds[0]);
        if (drop && geteuid() == 0 && (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
            _exit(90);
        rc = fn(path, m, sizeof(m));
        if (write(fds[1], m, strlen(m)) < 0)
            _exit(91);
        _exit(rc);
    }
    close(fds[1]);
    got = read(fds[0], msg, sz - 1);
    msg[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* ro_record - open and record into a database we may not write */
static int
ro_record(const char *path, char *msg, size_t sz)
{
    const char *r[] = {"ro@example.org"};
    struct crm_store *s = NULL;
    struct crm_err err;
    char t[37];
    int rc;

    tok(t, 400, 1);
    rc = crm_store_open(path, 0, BUSY_MS, &s, &err);
    if (rc == CRM_OK) {
        rc = record(s, t, r, 1, &err);
        crm_store_close(s);
        if (rc == CRM_OK)
            return 1;
    }
    snprintf(msg, sz, "%s", err.msg);
    return 0;
}

static void
read_only_database_fails_cleanly_with_path(void **state)
{
    struct th_dbdir *f = *state;
    char msg[1024];

    fresh(f->path);
    chmod(f->path, 0444);
    chmod(f->dir, 0555);
    int rc = child_as(1, ro_record, f->path, msg, sizeof(msg));
    chmod(f->dir, 0755);
    chmod(f->path, 0644);
    if (rc != 0)
        fail_msg("got exit %d (\"%s\"), want a clean failure", rc, msg);
    if (strstr(msg, f->path) == NULL)
        fail_msg("got \"%s\", want the path %s in the message", msg, f->path);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 0);
}

/* ro_recover - record into a read-only file, fail, make it writable, record again */
static int
ro_recover(const char *path, char *msg, size_t sz)
{
    const char *r[] = {"ro@example.org"};
    struct crm_store *s = NULL;
    struct crm_err err;
    char t[37];

    if (chmod(path, 0444) != 0)
        return 2;
    if (crm_store_open(path, 0, BUSY_MS, &s, &err) != CRM_OK) {
        snprintf(msg, sz, "open: %s", err.msg);
        return 3;
    }
    tok(t, 401, 1);
    if (record(s, t, r, 1, &err) == CRM_OK)
        return 4;
    snprintf(msg, sz, "%s", err.msg);
    if (chmod(path, 0644) != 0)
        return 5;
    tok(t, 401, 2);
    if (record(s, t, r, 1, &err) != CRM_OK) {
        snprintf(msg, sz, "after chmod: %s", err.msg);
        return 6;
    }
    crm_store_close(s);
    return 0;
}

static void
read_only_file_fails_then_recovers_without_reopen(void **state)
{
    struct th_dbdir *f = *state;
    char msg[1024];
    int rc;

    fresh(f->path);
    if (geteuid() == 0) { /* the child runs as NOBODY and must own the files */
        assert_int_equal(chown(f->dir, NOBODY, NOBODY), 0);
        assert_int_equal(chown(f->path, NOBODY, NOBODY), 0);
    }
    rc = child_as(1, ro_recover, f->path, msg, sizeof(msg));
    if (rc != 0)
        fail_msg("got exit %d (\"%s\"), want 0", rc, msg);
    if (strstr(msg, f->path) == NULL || strstr(msg, "read-only") == NULL)
        fail_msg("got \"%s\", want the path and \"read-only\"", msg);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 1);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation WHERE token LIKE "
                                         "'%-000000000002'"),
                     1);
}

/* full_disk - record, fill the "disk" (RLIMIT_FSIZE), fail, free it, record again */
static int
full_disk(const char *path, char *msg, size_t sz)
{
    const char *r[] = {"full@example.org"};
    struct crm_store *s = NULL;
    struct crm_err err;
    struct rlimit lim = {0, RLIM_INFINITY};
    char t[37];
    int rc;

    signal(SIGXFSZ, SIG_IGN);
    if (crm_store_open(path, 0, BUSY_MS, &s, &err) != CRM_OK)
        return 2;
    tok(t, 500, 1);
    if (record(s, t, r, 1, &err) != CRM_OK)
        return 3;
    getrlimit(RLIMIT_FSIZE, &lim);
    lim.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &lim);
    tok(t, 500, 2);
    rc = record(s, t, r, 1, &err);
    snprintf(msg, sz, "%s", err.msg);
    if (rc == CRM_OK)
        return 4;
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_FSIZE, &lim);
    tok(t, 500, 3);
    if (record(s, t, r, 1, &err) != CRM_OK) {
        snprintf(msg, sz, "after recovery: %s", err.msg);
        return 5;
    }
    crm_store_close(s);
    return 0;
}

static void
full_disk_fails_cleanly_and_recovers_by_itself(void **state)
{
    struct th_dbdir *f = *state;
    char msg[1024];
    int rc;

    fresh(f->path);
    rc = child_as(0, full_disk, f->path, msg, sizeof(msg));
    if (rc != 0)
        fail_msg("got exit %d (\"%s\"), want 0", rc, msg);
    if (strstr(msg, f->path) == NULL)
        fail_msg("got \"%s\", want the path in the message", msg);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation"), 2);
    assert_int_equal(th_sql_int(f->path, "SELECT count(*) FROM invitation WHERE token LIKE "
                                         "'%-000000000002'"),
                     0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrations_fresh_database_reaches_current_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(migrations_already_current_is_a_no_op, setup, teardown),
        cmocka_unit_test_setup_teardown(migrations_newer_database_is_refused_untouched, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(open_bad_paths_fail_with_path_and_cause, setup, teardown),
        cmocka_unit_test_setup_teardown(open_foreign_sqlite_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(record_counts_duplicates_across_to_cc_and_messages_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(record_rejects_bad_invitations_and_records_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(suppression_matches_exact_address_and_domain, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(record_skip_suppressed_leaves_out_suppressed_recipients,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(progress_is_called_while_a_record_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_threads_and_cli_process_keep_exact_numbers,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(group_commit_isolates_a_failing_record, setup, teardown),
        cmocka_unit_test_setup_teardown(crash_keeps_every_returned_record, setup, teardown),
        cmocka_unit_test_setup_teardown(read_only_database_fails_cleanly_with_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(read_only_file_fails_then_recovers_without_reopen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(full_disk_fails_cleanly_and_recovers_by_itself, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
