/* store.c - the milter's SQLite store: group-committed invitations, suppression checked inside */
#include "store.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "alloc.h"
#include "buf.h"
#include "db.h"
#include "isodate.h"
#include "ledger.h"
#include "log.h"
#include "suppress.h"

#define STORE_MAX_RCPTS 10000

enum store_stmt {
    ST_BEGIN,
    ST_COMMIT,
    ST_INS_INV,
    ST_INS_TAG,
    ST_INS_CAND,
    ST_SEL_CAND,
    ST_INS_RCPT,
    ST_SEL_SUPP,
    ST_COUNT
};

static const char *const store_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_INS_INV] = "INSERT INTO invitation (token, created_at, queue_id, message_id, sender, "
                   "lang, template, score, rules, tags) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_INS_TAG] = "INSERT OR IGNORE INTO invitation_tag (invitation_id, tag) VALUES (?1, ?2)",
    [ST_INS_CAND] = "INSERT INTO candidate (address, first_invited_at, first_invitation_id) "
                    "VALUES (?1, ?2, ?3)",
    [ST_SEL_CAND] = "SELECT id FROM candidate WHERE address = ?1",
    [ST_INS_RCPT] = "INSERT OR IGNORE INTO invitation_recipient (invitation_id, candidate_id) "
                    "VALUES (?1, ?2)",
    [ST_SEL_SUPP] = CRM_SUPPRESS_SQL, /* the rule of suppress.h */
};

/* one crm_store_record call waiting for (or taking part in) a commit */
struct store_req {
    const struct crm_invitation *inv;
    const char *created_at; /* NULL: the batch's commit time */
    char *tags;             /* normalised tags */
    int rc;
    int done;          /* set by the writer under mu; then cv is signalled */
    int lead;          /* set under mu: this caller is the next writer */
    pthread_cond_t cv; /* this caller waits here (CLOCK_MONOTONIC) */
    struct crm_err err;
    struct store_req *next;
};

struct crm_store {
    char *path;
    int flags;
    unsigned busy_ms;

    pthread_mutex_t mu; /* guards head/tail/writing and the done and lead flags */
    struct store_req *head, *tail;
    int writing; /* a writer is at work, or handing over to the queue's head */

    /* writer connection: used only by the current writer */
    sqlite3 *wdb;
    sqlite3_stmt *wst[ST_COUNT];
    struct crm_db_busy wbusy; /* its busy handler; hook = the writer's progress */
};

/* store_writer_drop - close the writer connection; the next commit reopens it */
static void
store_writer_drop(struct crm_store *s)
{
    int i;

    for (i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(s->wst[i]);
        s->wst[i] = NULL;
    }
    crm_db_close(s->wdb);
    s->wdb = NULL;
}

/* store_writer_prepare - prepare the writer's statements */
static int
store_writer_prepare(struct crm_store *s, struct crm_err *err)
{
    int i, rc;

    for (i = 0; i < ST_COUNT; i++) {
        rc = sqlite3_prepare_v3(s->wdb, store_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->wst[i],
                                NULL);
        if (rc != SQLITE_OK) {
            rc = crm_db_fail(err, s->wdb, rc, s->path);
            store_writer_drop(s);
            return rc;
        }
    }
    return CRM_OK;
}

/* store_writer_ready - (re)open the writer connection if a fault closed it */
static int
store_writer_ready(struct crm_store *s, struct crm_err *err)
{
    int rc;

    if (s->wdb != NULL)
        return CRM_OK;
    if (s->flags & CRM_STORE_READONLY)
        return crm_err_set(err, CRM_EINVAL, "%s: store opened read-only", s->path);
    rc = crm_db_open(s->path, CRM_DB_NOMIGRATE, s->busy_ms, &s->wdb, err);
    if (rc == CRM_OK) {
        crm_db_busy_install(s->wdb, &s->wbusy);
        rc = store_writer_prepare(s, err);
    }
    return rc;
}

/* store_step - run a bound statement to completion and reset it; SQLite rc */
static int
store_step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* store_bind_text - bind a C string, or NULL when s is NULL and nullable, else "" */
static void
store_bind_text(sqlite3_stmt *st, int i, const char *s, int nullable)
{
    if (s == NULL && nullable)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

/* store_insert_tags - one invitation_tag row per normalised tag */
static int
store_insert_tags(struct crm_store *s, sqlite3_int64 id, const char *tags)
{
    sqlite3_stmt *st = s->wst[ST_INS_TAG];
    const char *p = tags, *comma;
    int rc = SQLITE_OK;

    while (rc == SQLITE_OK && *p != '\0') {
        comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, p, (int)(comma - p), SQLITE_STATIC);
        rc = store_step(st);
        p = *comma ? comma + 1 : comma;
    }
    return rc;
}

/* store_query - run a bound one-column query; SQLITE_ROW (OUT *v) or
 * SQLITE_DONE (no row), else an SQLite error */
static int
store_query(sqlite3_stmt *st, sqlite3_int64 *v)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW && v != NULL)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* store_insert_rcpt - the candidate (created on first invitation) and its
 * link. Only the writer adds candidates, inside its write transaction, so
 * looking first and inserting when absent cannot race. */
static int
store_insert_rcpt(struct crm_store *s, sqlite3_int64 id, const char *addr, const char *at)
{
    sqlite3_stmt *ins = s->wst[ST_INS_CAND];
    sqlite3_int64 cand = 0;
    int rc;

    sqlite3_bind_text(s->wst[ST_SEL_CAND], 1, addr, -1, SQLITE_STATIC);
    rc = store_query(s->wst[ST_SEL_CAND], &cand);
    if (rc == SQLITE_DONE) {
        sqlite3_bind_text(ins, 1, addr, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, at, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 3, id);
        rc = store_step(ins);
        if (rc != SQLITE_OK)
            return rc;
        cand = sqlite3_last_insert_rowid(s->wdb);
    } else if (rc != SQLITE_ROW) {
        return rc;
    }
    sqlite3_bind_int64(s->wst[ST_INS_RCPT], 1, id);
    sqlite3_bind_int64(s->wst[ST_INS_RCPT], 2, cand);
    return store_step(s->wst[ST_INS_RCPT]);
}

/* store_filter - with skip_suppressed, fill kept[] (inside the transaction);
 * OUT *n: recipients to record. SQLite rc. */
static int
store_filter(struct crm_store *s, const struct crm_invitation *inv, size_t *n)
{
    size_t i;
    int hit;

    *n = inv->nrcpts;
    if (inv->kept != NULL)
        memset(inv->kept, 1, inv->nrcpts);
    if (!inv->skip_suppressed)
        return SQLITE_OK;
    for (i = 0; i < inv->nrcpts; i++) {
        hit = crm_suppress_probe(s->wst[ST_SEL_SUPP], inv->rcpts[i]);
        if (hit < 0)
            return -hit;
        inv->kept[i] = (unsigned char)!hit;
        *n -= (size_t)hit;
    }
    return SQLITE_OK;
}

/* store_insert - the invitation, its tags and recipients (inside a transaction); SQLite rc */
static int
store_insert(struct crm_store *s, const struct store_req *r, const char *now)
{
    const struct crm_invitation *inv = r->inv;
    const char *at = r->created_at ? r->created_at : now;
    sqlite3_stmt *st = s->wst[ST_INS_INV];
    sqlite3_int64 id;
    size_t i, n;
    int rc;

    rc = store_filter(s, inv, &n);
    if (rc != SQLITE_OK || n == 0) /* every recipient suppressed: nothing to record */
        return rc;
    store_bind_text(st, 1, inv->token, 0);
    store_bind_text(st, 2, at, 0);
    store_bind_text(st, 3, inv->queue_id, 1);
    store_bind_text(st, 4, inv->message_id, 1);
    store_bind_text(st, 5, inv->sender, 0);
    store_bind_text(st, 6, inv->lang, 0);
    store_bind_text(st, 7, inv->tmpl, 0);
    sqlite3_bind_int(st, 8, inv->score);
    store_bind_text(st, 9, inv->rules, 0);
    store_bind_text(st, 10, r->tags, 0);
    rc = store_step(st);
    if (rc != SQLITE_OK)
        return rc;
    id = sqlite3_last_insert_rowid(s->wdb);
    rc = store_insert_tags(s, id, r->tags);
    for (i = 0; rc == SQLITE_OK && i < inv->nrcpts; i++)
        if (inv->kept == NULL || inv->kept[i])
            rc = store_insert_rcpt(s, id, inv->rcpts[i], at);
    return rc;
}

/* store_fail - map an SQLite failure on the writer; drop the connection when broken */
static int
store_fail(struct crm_store *s, int sqlite_rc, struct crm_err *err)
{
    int rc = crm_db_fail(err, s->wdb, sqlite_rc, s->path);

    crm_db_rollback(s->wdb);
    if (crm_db_is_fatal(sqlite_rc))
        store_writer_drop(s);
    return rc;
}

/* store_commit_alone - one record in its own transaction */
static void
store_commit_alone(struct crm_store *s, struct store_req *r, const char *now)
{
    int rc;

    r->rc = store_writer_ready(s, &r->err);
    if (r->rc != CRM_OK)
        return;
    rc = store_step(s->wst[ST_BEGIN]);
    if (rc == SQLITE_OK)
        rc = store_insert(s, r, now);
    if (rc == SQLITE_OK)
        rc = store_step(s->wst[ST_COMMIT]);
    r->rc = rc == SQLITE_OK ? CRM_OK : store_fail(s, rc, &r->err);
}

/*
 * store_commit_group - every record of the batch in one transaction. Returns
 * the SQLite rc of BEGIN, of the first record that failed or of COMMIT; on
 * failure nothing of the batch is committed (the caller rolls back and tries
 * the records one by one, so that a bad record fails alone).
 */
static int
store_commit_group(struct crm_store *s, struct store_req *batch, const char *now)
{
    struct store_req *r;
    int rc = store_step(s->wst[ST_BEGIN]);

    for (r = batch; rc == SQLITE_OK && r != NULL; r = r->next)
        rc = store_insert(s, r, now);
    if (rc == SQLITE_OK)
        rc = store_step(s->wst[ST_COMMIT]);
    for (r = batch; rc == SQLITE_OK && r != NULL; r = r->next)
        r->rc = CRM_OK;
    return rc;
}

/* store_run_batch - commit a detached batch: together, else one by one */
static void
store_run_batch(struct crm_store *s, struct store_req *batch)
{
    char now[CRM_ISODATE_LEN + 1];
    struct store_req *r;
    struct crm_err err;
    int rc;

    crm_isodate_now(now);
    crm_err_clear(&err);
    rc = store_writer_ready(s, &err);
    if (rc != CRM_OK) {
        for (r = batch; r != NULL; r = r->next) {
            r->rc = rc;
            r->err = err;
        }
        return;
    }
    if (batch->next == NULL) {
        store_commit_alone(s, batch, now);
        return;
    }
    rc = store_commit_group(s, batch, now);
    if (rc == SQLITE_OK)
        return;
    if ((rc & 0xff) == SQLITE_BUSY && sqlite3_get_autocommit(s->wdb)) {
        /* BEGIN waited the whole busy timeout: retrying would only wait again */
        rc = crm_db_fail(&err, s->wdb, rc, s->path);
        for (r = batch; r != NULL; r = r->next) {
            r->rc = rc;
            r->err = err;
        }
        return;
    }
    (void)store_fail(s, rc, &err);
    for (r = batch; r != NULL; r = r->next)
        store_commit_alone(s, r, now);
}

/* store_token_ok - 36 characters: hex digits with dashes at 8, 13, 18, 23 */
static int
store_token_ok(const char *t)
{
    size_t i;

    if (t == NULL || strlen(t) != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        int c = (unsigned char)t[i];
        int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        if (dash ? c != '-' : !hex)
            return 0;
    }
    return 1;
}

/* store_validate - check the invitation and normalise its tags into r->tags */
static int
store_validate(struct crm_store *s, struct store_req *r, struct crm_err *err)
{
    const struct crm_invitation *inv = r->inv;
    struct crm_buf tags;
    size_t i;
    int rc;

    if (!store_token_ok(inv->token))
        return crm_err_set(err, CRM_EINVAL, "%s: invalid invitation token", s->path);
    if (inv->nrcpts == 0 || inv->nrcpts > STORE_MAX_RCPTS || inv->rcpts == NULL)
        return crm_err_set(err, CRM_EINVAL, "%s: invitation %.8s has %zu recipients", s->path,
                           inv->token, inv->nrcpts);
    if (inv->skip_suppressed && inv->kept == NULL)
        return crm_err_set(err, CRM_EINVAL, "%s: invitation %.8s: skip_suppressed without kept",
                           s->path, inv->token);
    for (i = 0; i < inv->nrcpts; i++)
        if (inv->rcpts[i] == NULL || strchr(inv->rcpts[i], '@') == NULL)
            return crm_err_set(err, CRM_EINVAL,
                               "%s: invitation %.8s: recipient %zu is not an "
                               "address",
                               s->path, inv->token, i + 1);
    crm_buf_init(&tags, 4096);
    rc = crm_ledger_tags_normalize(inv->tags ? inv->tags : "", &tags);
    if (rc == CRM_OK && tags.p == NULL)
        rc = crm_buf_puts(&tags, "");
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "%s: invitation tags: %s", s->path, crm_strerror(rc));
    r->tags = crm_buf_take(&tags, NULL);
    return CRM_OK;
}

/* store_wait - wait on req->cv (mu held) for up to a second; calls the
 * caller's progress hook, without mu, when the second passed */
static void
store_wait(struct crm_store *s, struct store_req *req)
{
    const struct crm_invitation *inv = req->inv;
    struct timespec until;

    if (inv->progress == NULL) {
        pthread_cond_wait(&req->cv, &s->mu);
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += 1;
    if (pthread_cond_timedwait(&req->cv, &s->mu, &until) == ETIMEDOUT && !req->done && !req->lead) {
        pthread_mutex_unlock(&s->mu);
        inv->progress(inv->progress_arg);
        pthread_mutex_lock(&s->mu);
    }
}

/* store_handoff - (mu held) a batch is done: wake its callers, then hand the
 * writer's part to the first caller queued meanwhile, or end it */
static void
store_handoff(struct crm_store *s, struct store_req *batch, const struct store_req *self)
{
    struct store_req *r, *next;

    for (r = batch; r != NULL; r = next) {
        next = r->next; /* r may return (and its stack go) once mu is released */
        r->done = 1;
        if (r != self)
            pthread_cond_signal(&r->cv);
    }
    if (s->head != NULL) {
        s->head->lead = 1;
        pthread_cond_signal(&s->head->cv);
    } else {
        s->writing = 0;
    }
}

/* crm_store_record_at - record with an explicit created_at (NULL = commit time) */
int
crm_store_record_at(struct crm_store *s, const struct crm_invitation *inv, const char *created_at,
                    struct crm_err *err)
{
    struct store_req req, *batch;
    pthread_condattr_t ca;

    if (s->flags & CRM_STORE_READONLY)
        return crm_err_set(err, CRM_EINVAL, "%s: store opened read-only", s->path);
    memset(&req, 0, sizeof(req));
    req.inv = inv;
    req.created_at = created_at;
    req.rc = store_validate(s, &req, err);
    if (req.rc != CRM_OK)
        return req.rc;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&req.cv, &ca);
    pthread_condattr_destroy(&ca);
    /* req lives on this stack while queued: a writer detaches the whole queue
     * before committing it, and this call returns only once req is done */
    pthread_mutex_lock(&s->mu);
    if (s->tail != NULL)
        s->tail->next = &req;
    else
        s->head = &req; // cppcheck-suppress autoVariables
    s->tail = &req;     // cppcheck-suppress autoVariables
    if (!s->writing) {  /* the queue was empty: write at once */
        s->writing = 1;
        req.lead = 1;
    }
    while (!req.done) {
        if (!req.lead) {
            store_wait(s, &req);
            continue;
        }
        req.lead = 0; /* the writer: take everything waiting (req included) */
        batch = s->head;
        s->head = s->tail = NULL;
        pthread_mutex_unlock(&s->mu);
        s->wbusy.fn = inv->progress;
        s->wbusy.arg = inv->progress_arg;
        store_run_batch(s, batch);
        s->wbusy.fn = NULL;
        pthread_mutex_lock(&s->mu);
        store_handoff(s, batch, &req);
    }
    pthread_mutex_unlock(&s->mu);
    pthread_cond_destroy(&req.cv);
    crm_free(req.tags);
    if (req.rc != CRM_OK && err != NULL)
        *err = req.err;
    return req.rc;
}

/* crm_store_record - durable on CRM_OK; nothing recorded on error */
int
crm_store_record(struct crm_store *s, const struct crm_invitation *inv, struct crm_err *err)
{
    return crm_store_record_at(s, inv, NULL, err);
}

/* crm_store_open - open, migrate, prepare the writer */
int
crm_store_open(const char *path, int flags, unsigned busy_ms, struct crm_store **out,
               struct crm_err *err)
{
    struct crm_store *s;
    int dbflags = 0, rc;

    *out = NULL;
    s = crm_calloc(1, sizeof(*s));
    if (s == NULL || (s->path = crm_strdup(path)) == NULL) {
        crm_free(s);
        return crm_err_set(err, CRM_ENOMEM, "%s: out of memory", path);
    }
    s->flags = flags;
    s->busy_ms = busy_ms;
    s->wbusy.busy_ms = busy_ms;
    pthread_mutex_init(&s->mu, NULL);
    if (flags & CRM_STORE_CREATE)
        dbflags |= CRM_DB_CREATE;
    if (flags & CRM_STORE_READONLY)
        dbflags |= CRM_DB_READONLY;
    rc = crm_db_open(path, dbflags, busy_ms, &s->wdb, err);
    if (rc == CRM_OK)
        crm_db_busy_install(s->wdb, &s->wbusy);
    if (rc == CRM_OK && !(flags & CRM_STORE_READONLY)) {
        if (sqlite3_db_readonly(s->wdb, "main") == 1)
            crm_log_warn("%s: database is read-only; invitations cannot be recorded", path);
        rc = store_writer_prepare(s, err);
    }
    if (rc != CRM_OK) {
        crm_store_close(s);
        return rc;
    }
    *out = s;
    return CRM_OK;
}

/* crm_store_close - release every connection */
void
crm_store_close(struct crm_store *s)
{
    if (s == NULL)
        return;
    store_writer_drop(s);
    pthread_mutex_destroy(&s->mu);
    crm_free(s->path);
    crm_free(s);
}

/* crm_store_schema_version - the schema version this binary writes */
int
crm_store_schema_version(void)
{
    return crm_db_schema_version();
}
