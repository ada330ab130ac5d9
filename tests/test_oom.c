/*
 * test_oom.c - allocation failure over the major operations, one failure
 * point at a time: config load (lists, rules, templates), the MIME walk, the
 * engine (ISO-2022-JP and multipart/alternative UTF-8 rejections, forced),
 * the ledger write (our allocations, then SQLite's own through
 * SQLITE_CONFIG_MALLOC), and a rule written to backtrack catastrophically.
 *
 * Each loop first counts the allocations of a successful run (N), then for
 * n = 0..N fails the (n+1)-th allocation, once ("transient") and from then on
 * ("sticky"). Every run must return an error (leaving nothing behind) or
 * succeed with exactly the result of a run without failures; none may crash
 * or leak (LeakSanitizer checks the latter in the sanitizer pass).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "alloc.h"
#include "buf.h"
#include "config.h"
#include "embedded.h"
#include "engine.h"
#include "helpers.h"
#include "mime.h"
#include "rules.h"
#include "store.h"

#define OOM_TOKEN    "00000000-0000-4000-8000-0000000000aa"
#define OOM_MAX_RUNS 200000L

struct fixture {
    char *dir;
    char conf[512];
    char db[512];
};

/* fixture_write - write text to dir/name */
static void
fixture_write(const char *dir, const char *name, const char *text, size_t len)
{
    char path[1024];

    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
        th_write_file(path, text, len) != 0)
        fail_msg("cannot write %s", path);
}

/* setup - a config with lists, a rules file and a templates directory */
static int
setup(void **state)
{
    struct fixture *fx = crm_calloc(1, sizeof(*fx));
    const struct crm_embedded_file *rules = crm_embedded_find("rules/careerrelay.rules");
    const struct crm_embedded_file *ja = crm_embedded_find("templates/ja.txt");
    const struct crm_embedded_file *jah = crm_embedded_find("templates/ja.html");
    const struct crm_embedded_file *enh = crm_embedded_find("templates/en.html");
    struct crm_buf b;
    char tdir[512];

    assert_non_null(fx);
    assert_non_null(rules);
    assert_non_null(ja);
    assert_non_null(jah);
    assert_non_null(enh);
    fx->dir = th_tmpdir("oom");
    assert_non_null(fx->dir);
    snprintf(tdir, sizeof(tdir), "%s/tmpl", fx->dir);
    assert_int_equal(mkdir(tdir, 0700), 0);
    fixture_write(tdir, "ja.txt", ja->data, ja->len);
    fixture_write(tdir, "en.txt", "A note from {company}:\nPlease see\n<{url}>\n", 42);
    fixture_write(tdir, "ja.html", jah->data, jah->len); /* a directory needs all four */
    fixture_write(tdir, "en.html", enh->data, enh->len);
    crm_buf_init(&b, 1 << 20);
    assert_int_equal(crm_buf_append(&b, rules->data, rules->len), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "\nrule oom_extra 1 header:X-Mailer ^OOM\\s+test$\n"
                                      "rule oom_sender -1 sender ^nobody@\n"),
                     CRM_OK);
    fixture_write(fx->dir, "oom.rules", b.p, b.len);
    crm_buf_reset(&b);
    assert_int_equal(crm_buf_appendf(&b,
                                     "# test_oom.c\n"
                                     "InternalDomains example.co.jp, example.com corp.example.jp\n"
                                     "InternalHosts 127.0.0.0/8 10.0.0.0/8 ::1 fd00::/8\n"
                                     "Senders saiyo@example.co.jp @example.com *-jobs@example.jp\n"
                                     "CompanyName サンプル株式会社\n"
                                     "InvitationUrl https://careerrelay.jp/i/{token}\n"
                                     "Rules %s/oom.rules\n"
                                     "Templates %s\n"
                                     "MaxMessageSize 10M\n"
                                     "OnError tempfail\n",
                                     fx->dir, tdir),
                     CRM_OK);
    fixture_write(fx->dir, "oom.conf", b.p, b.len);
    crm_buf_fini(&b);
    snprintf(fx->conf, sizeof(fx->conf), "%s/oom.conf", fx->dir);
    snprintf(fx->db, sizeof(fx->db), "%s/ledger.db", fx->dir);
    *state = fx;
    return 0;
}

/* teardown - remove the directory */
static int
teardown(void **state)
{
    struct fixture *fx = *state;

    th_rmtree(fx->dir);
    crm_free(fx->dir);
    crm_free(fx);
    return 0;
}

/* ---- the loop ---- */

/*
 * One operation under test. run() performs it with the hook armed and returns
 * its status; check() (hook disarmed) verifies what a failed or successful
 * run left behind and releases it.
 */
struct oom_op {
    const char *name;
    void *ctx;
    int (*run)(void *ctx);
    void (*check)(void *ctx, int rc, long n, int sticky);
};

/* oom_count - allocations made by one successful, unfailed run */
static long
oom_count(const struct oom_op *op)
{
    long count;
    int rc;

    crm_alloc_fail_after(LONG_MAX, 1);
    rc = op->run(op->ctx);
    count = crm_alloc_count();
    crm_alloc_fail_after(-1, 0);
    if (rc != CRM_OK)
        fail_msg("%s without failures: got status %d (%s), want CRM_OK", op->name, rc,
                 crm_strerror(rc));
    op->check(op->ctx, rc, -1, 0);
    return count;
}

/* oom_loop - fail each allocation in turn (transient and sticky); returns the points tried */
static long
oom_loop(const struct oom_op *op)
{
    long total = oom_count(op), n, survived[2] = {0, 0};
    int sticky, rc;

    assert_true(total > 0 && total < OOM_MAX_RUNS);
    for (sticky = 0; sticky <= 1; sticky++) {
        for (n = 0; n <= total; n++) {
            crm_alloc_fail_after(n, sticky);
            rc = op->run(op->ctx);
            crm_alloc_fail_after(-1, 0);
            op->check(op->ctx, rc, n, sticky);
            if (rc == CRM_OK && n < total)
                survived[sticky]++;
        }
        /* after the last allocation point, the operation must succeed again */
        assert_int_equal(rc, CRM_OK);
    }
    print_message("%s: %ld allocation points, each failed once and sticky; "
                  "survived with the right result: %ld once, %ld sticky\n",
                  op->name, total, survived[0], survived[1]);
    return total;
}

/* oom_want_error - a failed run must report CRM_ENOMEM */
static void
oom_want_error(const char *name, int rc, long n, int sticky, const char *detail)
{
    if (rc != CRM_ENOMEM)
        fail_msg("%s, allocation %ld failed (%s): got status %d (%s), want CRM_ENOMEM or CRM_OK"
                 " [%s]",
                 name, n, sticky ? "sticky" : "once", rc, crm_strerror(rc), detail);
}

/* ---- config load ---- */

struct config_ctx {
    const char *path;
    int strict; /* 0: also accept the known misreport (see below) */
    struct crm_config *cfg;
    struct crm_err err;
    struct crm_buf want; /* crm_config_dump of the unfailed load */
};

/* config_run - crm_config_load */
static int
config_run(void *ctx)
{
    struct config_ctx *c = ctx;

    c->cfg = NULL;
    crm_err_clear(&c->err);
    return crm_config_load(c->path, &c->cfg, &c->err);
}

/* config_check - NULL on error; the same effective config on success */
static void
config_check(void *ctx, int rc, long n, int sticky)
{
    struct config_ctx *c = ctx;
    struct crm_buf got;

    if (rc != CRM_OK) {
        /* config_read reports a failed allocation as "file too large"
         * (CRM_ELIMIT); config_read_failure_is_enomem holds that case */
        if (!c->strict && rc == CRM_ELIMIT && strstr(c->err.msg, ": file too large") != NULL)
            rc = CRM_ENOMEM;
        oom_want_error("config load", rc, n, sticky, c->err.msg);
        if (c->cfg != NULL)
            fail_msg("config load failed at allocation %ld but returned a config", n);
        return;
    }
    assert_non_null(c->cfg);
    assert_non_null(c->cfg->rules);
    assert_non_null(c->cfg->templates);
    crm_buf_init(&got, 1 << 20);
    assert_int_equal(crm_config_dump(c->cfg, &got), CRM_OK);
    if (n < 0) {
        c->want = got;
    } else {
        if (got.len != c->want.len || memcmp(got.p, c->want.p, got.len) != 0)
            fail_msg("config load survived failing allocation %ld (%s) with a different "
                     "config:\n%s\nwant:\n%s",
                     n, sticky ? "sticky" : "once", got.p, c->want.p);
        crm_buf_fini(&got);
    }
    assert_int_equal(crm_rules_count(c->cfg->rules) > 50, 1);
    crm_config_free(c->cfg);
    c->cfg = NULL;
}

static void
oom_config_load_with_lists_rules_and_templates(void **state)
{
    struct fixture *fx = *state;
    struct config_ctx c = {.path = fx->conf};
    struct oom_op op = {"config load", &c, config_run, config_check};

    crm_buf_init(&c.want, 0);
    assert_true(oom_loop(&op) > 100);
    crm_buf_fini(&c.want);
}

static void
config_read_failure_is_enomem_not_file_too_large(void **state)
{
    struct fixture *fx = *state;
    struct config_ctx c = {.path = fx->conf, .strict = 1};
    long n;
    int rc;

    for (n = 0; n < 20; n++) {
        crm_alloc_fail_after(n, 0);
        rc = config_run(&c);
        crm_alloc_fail_after(-1, 0);
        if (rc == CRM_OK) {
            crm_config_free(c.cfg);
            continue;
        }
        if (rc != CRM_ENOMEM)
            fail_msg("config load, allocation %ld failed: got %d (%s) \"%s\", want CRM_ENOMEM", n,
                     rc, crm_strerror(rc), c.err.msg);
        assert_null(c.cfg);
    }
}

/* ---- the MIME walk ---- */

struct mime_ctx {
    struct crm_buf msg;
    struct crm_mime *m;
    size_t want_parts;
    unsigned want_anomalies;
};

/* mime_run - crm_mime_parse */
static int
mime_run(void *ctx)
{
    struct mime_ctx *c = ctx;

    c->m = NULL;
    return crm_mime_parse(c->msg.p, c->msg.len, NULL, &c->m, NULL);
}

/* mime_check - NULL on error; the same tree on success */
static void
mime_check(void *ctx, int rc, long n, int sticky)
{
    struct mime_ctx *c = ctx;

    if (rc != CRM_OK) {
        oom_want_error("MIME walk", rc, n, sticky, "");
        if (c->m != NULL)
            fail_msg("MIME walk failed at allocation %ld but returned a tree", n);
        return;
    }
    assert_non_null(c->m);
    if (n < 0) {
        c->want_parts = c->m->nparts;
        c->want_anomalies = c->m->anomalies;
    } else if (c->m->nparts != c->want_parts || c->m->anomalies != c->want_anomalies) {
        fail_msg("MIME walk survived failing allocation %ld (%s): got %zu parts, anomalies %#x; "
                 "want %zu, %#x",
                 n, sticky ? "sticky" : "once", c->m->nparts, c->m->anomalies, c->want_parts,
                 c->want_anomalies);
    }
    crm_mime_free(c->m);
    c->m = NULL;
}

/* read_corpus - a message of tests/corpus, optionally with a header prepended */
static void
read_corpus(const char *name, const char *prepend, struct crm_buf *out)
{
    char path[512];
    struct crm_buf raw;

    snprintf(path, sizeof(path), "%s/tests/corpus/%s", CRM_SOURCE_DIR, name);
    if (th_read_file(path, &raw) != 0)
        fail_msg("cannot read %s", path);
    crm_buf_init(out, 64u << 20);
    assert_int_equal(crm_buf_puts(out, prepend), CRM_OK);
    assert_int_equal(crm_buf_append(out, raw.p, raw.len), CRM_OK);
    crm_buf_fini(&raw);
}

static void
oom_mime_walk_of_a_nested_multipart(void **state)
{
    struct mime_ctx c = {0};
    struct oom_op op = {"MIME walk", &c, mime_run, mime_check};

    (void)state;
    read_corpus("012_ja_reject_alt_related.eml", "", &c.msg);
    oom_loop(&op);
    assert_true(c.want_parts >= 5);
    assert_int_equal(c.want_anomalies, 0);
    crm_buf_fini(&c.msg);
}

/* ---- the engine (classify + splice) ---- */

struct engine_ctx {
    const struct crm_config *cfg;
    struct crm_buf msg;
    struct crm_result res;
    struct crm_buf want; /* the message as it leaves an unfailed run */
    struct crm_err err;
};

/* engine_run - crm_engine_run with a fixed token and a candidate envelope */
static int
engine_run(void *ctx)
{
    static const char *const rcpts[] = {"candidate@gmail.com", "hr2@example.co.jp"};
    struct engine_ctx *c = ctx;
    struct crm_envelope env = {"saiyo@example.co.jp", rcpts, 2};

    crm_result_init(&c->res);
    memcpy(c->res.token, OOM_TOKEN, sizeof(OOM_TOKEN));
    crm_err_clear(&c->err);
    return crm_engine_run(c->cfg, c->msg.p, c->msg.len, &env, &c->res, &c->err);
}

/* engine_check - no edit on error; on success the unfailed run's output */
static void
engine_check(void *ctx, int rc, long n, int sticky)
{
    struct engine_ctx *c = ctx;
    struct crm_buf got;

    if (rc != CRM_OK) {
        oom_want_error("engine", rc, n, sticky, c->err.msg);
        if (c->res.inject || c->res.body_changed)
            fail_msg("engine failed at allocation %ld but reports inject=%d body_changed=%d", n,
                     c->res.inject, c->res.body_changed);
        crm_result_fini(&c->res);
        return;
    }
    if (!c->res.inject || c->res.parts_changed == 0)
        fail_msg("engine at allocation %ld (%s): got pass reason=%s, want an injection", n,
                 sticky ? "sticky" : "once", c->res.reason);
    crm_buf_init(&got, 64u << 20);
    assert_int_equal(crm_result_apply(c->msg.p, c->msg.len, &c->res, 0, &got), CRM_OK);
    crm_result_fini(&c->res);
    if (n < 0) {
        c->want = got;
        return;
    }
    if (got.len != c->want.len || memcmp(got.p, c->want.p, got.len) != 0)
        fail_msg("engine survived failing allocation %ld (%s) with a different output "
                 "(%zu bytes, want %zu)",
                 n, sticky ? "sticky" : "once", got.len, c->want.len);
    crm_buf_fini(&got);
}

/* engine_loop - the whole loop for one corpus message */
static void
engine_loop(const char *file, const char *name)
{
    struct crm_config *cfg = NULL;
    struct crm_err err;
    struct engine_ctx c;
    struct oom_op op = {name, &c, engine_run, engine_check};
    char path[512];

    memset(&c, 0, sizeof(c));
    snprintf(path, sizeof(path), "%s/tests/corpus/corpus.conf", CRM_SOURCE_DIR);
    if (crm_config_load(path, &cfg, &err) != CRM_OK)
        fail_msg("%s: %s", path, err.msg);
    c.cfg = cfg;
    read_corpus(file, "X-CareerRelay: invite\r\n", &c.msg);
    crm_buf_init(&c.want, 0);
    oom_loop(&op);
    assert_non_null(memmem(c.want.p, c.want.len, OOM_TOKEN, sizeof(OOM_TOKEN) - 1));
    crm_buf_fini(&c.want);
    crm_buf_fini(&c.msg);
    crm_config_free(cfg);
}

static void
oom_engine_splice_iso2022jp_rejection(void **state)
{
    (void)state;
    engine_loop("001_ja_reject_iso2022jp_7bit_plain.eml", "engine ISO-2022-JP");
}

static void
oom_engine_splice_utf8_alternative_rejection(void **state)
{
    (void)state;
    engine_loop("009_ja_reject_utf8_alt_base64_gmail.eml", "engine UTF-8 alternative");
}

/* ---- the ledger write ---- */

struct store_ctx {
    const char *db;
    struct crm_store *s;
    unsigned seq;  /* token counter */
    char tok[37];  /* token of the last run */
    long recorded; /* successful records so far */
};

/* store_rows - invitations with token tok (-1 when the query fails) */
static long
store_rows(const char *db, const char *tok)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long v = -1;

    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h,
                           tok ? "SELECT count(*) FROM invitation WHERE token = ?1"
                               : "SELECT count(*) FROM invitation",
                           -1, &st, NULL) == SQLITE_OK &&
        (tok == NULL || sqlite3_bind_text(st, 1, tok, -1, SQLITE_STATIC) == SQLITE_OK) &&
        sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* store_run - crm_store_record of a fresh token to two candidates */
static int
store_run(void *ctx)
{
    static const char *const rcpts[] = {"candidate@gmail.com", "other@example.net"};
    struct store_ctx *c = ctx;
    struct crm_invitation inv = {.token = c->tok,
                                 .queue_id = "4OOM1",
                                 .message_id = "<oom@example.co.jp>",
                                 .sender = "saiyo@example.co.jp",
                                 .lang = "ja",
                                 .tmpl = "ja.txt+ja.html",
                                 .score = 14,
                                 .rules = "ja_miokuri(+8),ja_kekka(+3)",
                                 .tags = "High-Rating, culture-fit,x",
                                 .rcpts = rcpts,
                                 .nrcpts = 2};

    snprintf(c->tok, sizeof(c->tok), "00000000-0000-4000-8000-%012x", ++c->seq);
    return crm_store_record(c->s, &inv, NULL);
}

/* store_check - nothing recorded on error, exactly one record on success */
static void
store_check(void *ctx, int rc, long n, int sticky)
{
    struct store_ctx *c = ctx;
    long rows = store_rows(c->db, c->tok);

    if (rc != CRM_OK) {
        if (rc != CRM_ENOMEM && rc != CRM_EDB)
            fail_msg("ledger write, allocation %ld failed: got status %d (%s), want CRM_ENOMEM "
                     "or CRM_EDB",
                     n, rc, crm_strerror(rc));
        if (rows != 0)
            fail_msg("ledger write failed at allocation %ld but %ld rows hold its token", n, rows);
        return;
    }
    c->recorded++;
    if (rows != 1)
        fail_msg("ledger write succeeded at allocation %ld: got %ld rows, want 1", n, rows);
}

static void
oom_ledger_write_records_all_or_nothing(void **state)
{
    struct fixture *fx = *state;
    struct store_ctx c = {.db = fx->db};
    struct oom_op op = {"ledger write", &c, store_run, store_check};

    remove(fx->db);
    assert_int_equal(crm_store_open(fx->db, CRM_STORE_CREATE, 2000, &c.s, NULL), CRM_OK);
    oom_loop(&op);
    crm_store_close(c.s);
    if (store_rows(fx->db, NULL) != c.recorded)
        fail_msg("ledger holds %ld invitations, want %ld", store_rows(fx->db, NULL), c.recorded);
}

struct open_ctx {
    const char *db;
    struct crm_store *s;
};

/* open_run - crm_store_open of a new database (migrations included) */
static int
open_run(void *ctx)
{
    struct open_ctx *c = ctx;

    remove(c->db);
    c->s = NULL;
    return crm_store_open(c->db, CRM_STORE_CREATE, 2000, &c->s, NULL);
}

/* open_check - no store on error; a usable one on success */
static void
open_check(void *ctx, int rc, long n, int sticky)
{
    struct open_ctx *c = ctx;

    if (rc != CRM_OK) {
        if (rc != CRM_ENOMEM && rc != CRM_EDB)
            fail_msg("store open, allocation %ld failed: got %d (%s), want CRM_ENOMEM or CRM_EDB",
                     n, rc, crm_strerror(rc));
        assert_null(c->s);
        return;
    }
    assert_non_null(c->s);
    crm_store_close(c->s);
    c->s = NULL;
    assert_int_equal(store_rows(c->db, NULL), 0);
}

static void
oom_store_open_and_migrate(void **state)
{
    struct fixture *fx = *state;
    struct open_ctx c = {.db = fx->db};
    struct oom_op op = {"store open", &c, open_run, open_check};

    oom_loop(&op);
    remove(fx->db);
}

/*
 * SQLite's own allocations: a wrapper around its default allocator, installed
 * before SQLite initialises (main), fails the (n+1)-th allocation while armed.
 */
static sqlite3_mem_methods sqlite_default_mem;
static long sqlite_fail_at = -1;
static long sqlite_counter;

/* sqlite_should_fail - the SQLite fault hook (single-threaded use only) */
static int
sqlite_should_fail(void)
{
    if (sqlite_fail_at < 0)
        return 0;
    return sqlite_counter++ >= sqlite_fail_at;
}

static void *
sqlite_mem_malloc(int n)
{
    return sqlite_should_fail() ? NULL : sqlite_default_mem.xMalloc(n);
}

static void *
sqlite_mem_realloc(void *p, int n)
{
    return sqlite_should_fail() ? NULL : sqlite_default_mem.xRealloc(p, n);
}

/* sqlite_hook_install - wrap SQLite's allocator; 0 when SQLite refused */
static int
sqlite_hook_install(void)
{
    sqlite3_mem_methods m;

    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default_mem) != SQLITE_OK)
        return 0;
    m = sqlite_default_mem;
    m.xMalloc = sqlite_mem_malloc;
    m.xRealloc = sqlite_mem_realloc;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK;
}

static int sqlite_hooked;

static void
oom_ledger_write_survives_sqlite_allocation_failures(void **state)
{
    struct fixture *fx = *state;
    struct store_ctx c = {.db = fx->db};
    long n, failed = 0;
    int rc;

    if (!sqlite_hooked)
        skip();
    remove(fx->db);
    assert_int_equal(crm_store_open(fx->db, CRM_STORE_CREATE, 2000, &c.s, NULL), CRM_OK);
    for (n = 0; n < 5000; n++) {
        sqlite_counter = 0;
        sqlite_fail_at = n;
        rc = store_run(&c);
        sqlite_fail_at = -1;
        store_check(&c, rc, n, 1);
        if (rc == CRM_OK && sqlite_counter <= n)
            break;
        failed += rc != CRM_OK;
    }
    /* the store recovers by itself once memory is back */
    rc = store_run(&c);
    store_check(&c, rc, -1, 0);
    assert_int_equal(rc, CRM_OK);
    crm_store_close(c.s);
    assert_int_equal(store_rows(fx->db, NULL), c.recorded);
    print_message("ledger write: %ld SQLite allocation points, %ld runs failed cleanly\n", n,
                  failed);
    assert_true(n > 0);
}

/* ---- a catastrophically backtracking rule ---- */

static void
rules_backtracking_pattern_hits_the_match_limit(void **state)
{
    static const char text[] = "threshold 1\n"
                               "rule evil 1 body (a+)+$\n"
                               "rule nested 1 subject ^(\\w+\\s?)*$\n"
                               "rule fine 1 body b$\n";
    struct crm_rules *r = NULL;
    struct crm_features f;
    struct crm_verdict v;
    struct crm_err err;
    struct crm_buf body, subj;
    size_t i;

    (void)state;
    assert_int_equal(crm_rules_parse(text, sizeof(text) - 1, "evil.rules", &r, &err), CRM_OK);
    crm_buf_init(&body, 1 << 20);
    crm_buf_init(&subj, 1 << 20);
    for (i = 0; i < 100000; i++)
        assert_int_equal(crm_buf_putc(&body, 'a'), CRM_OK);
    assert_int_equal(crm_buf_putc(&body, 'b'), CRM_OK);
    for (i = 0; i < 5000; i++)
        assert_int_equal(crm_buf_puts(&subj, "word"), CRM_OK);
    assert_int_equal(crm_buf_putc(&subj, '!'), CRM_OK);
    memset(&f, 0, sizeof(f));
    f.body.p = body.p;
    f.body.len = body.len;
    f.subject.p = subj.p;
    f.subject.len = subj.len;
    f.sender.p = "saiyo@example.co.jp";
    f.sender.len = strlen(f.sender.p);
    assert_int_equal(crm_rules_eval(r, &f, &v, &err), CRM_OK);
    if (v.limit_hits < 1)
        fail_msg("got limit_hits %u, want > 0 (fired: %s)", v.limit_hits, v.fired);
    /* the abandoned matches count as no match; the sane rule still fires */
    if (strcmp(v.fired, "fine(+1)") != 0 || v.score != 1)
        fail_msg("got fired \"%s\" score %d, want \"fine(+1)\" score 1", v.fired, v.score);
    crm_buf_fini(&body);
    crm_buf_fini(&subj);
    crm_rules_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oom_config_load_with_lists_rules_and_templates),
        cmocka_unit_test(config_read_failure_is_enomem_not_file_too_large),
        cmocka_unit_test(oom_mime_walk_of_a_nested_multipart),
        cmocka_unit_test(oom_engine_splice_iso2022jp_rejection),
        cmocka_unit_test(oom_engine_splice_utf8_alternative_rejection),
        cmocka_unit_test(oom_store_open_and_migrate),
        cmocka_unit_test(oom_ledger_write_records_all_or_nothing),
        cmocka_unit_test(oom_ledger_write_survives_sqlite_allocation_failures),
        cmocka_unit_test(rules_backtracking_pattern_hits_the_match_limit),
    };

    sqlite_hooked = sqlite_hook_install();
    return cmocka_run_group_tests(tests, setup, teardown);
}
