/*
 * append.c - crm-bench-append: a reference libmilter filter for sanity-checking
 * the benchmark's figures. It buffers the body and, at end of message,
 * replaces it with the body plus one appended line (smfi_replacebody), the
 * cheapest "edit every message" filter. Like crm-bench-noop it has every
 * callback (so the MTA sends every step), which makes its figures directly
 * comparable with the baseline's. With -d DB it also commits one SQLite
 * row per message with synchronous=FULL before editing (one fsync per
 * message: the design group commit is meant to beat).
 *
 *   crm-bench-append -p SOCKET [-d DATABASE] [-T TIMEOUT]
 *
 * Reference figures from the issue, relative to the no-op filter at
 * concurrency 8: append about 0.8x, append + SQLite FULL about 0.18x.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <sqlite3.h>

#define APPEND_MAX_BODY (64u * 1024 * 1024)
#define APPEND_LINE     "\r\n-- \r\nSent through crm-bench-append.\r\n"

struct append_priv {
    unsigned char *p;
    size_t len, cap;
    int too_big;
};

static sqlite3 *append_db;          /* NULL unless -d */
static sqlite3_stmt *append_insert; /* guarded by append_db_mu */
static pthread_mutex_t append_db_mu = PTHREAD_MUTEX_INITIALIZER;

/* append_priv_get - the connection's buffer, created on first use */
static struct append_priv *
append_priv_get(SMFICTX *ctx)
{
    struct append_priv *pv = smfi_getpriv(ctx);

    if (pv == NULL && (pv = calloc(1, sizeof *pv)) != NULL)
        smfi_setpriv(ctx, pv);
    return pv;
}

/* append_envfrom - a new message: empty the buffer */
static sfsistat
append_envfrom(SMFICTX *ctx, char **argv)
{
    struct append_priv *pv = append_priv_get(ctx);

    (void)argv;
    if (pv != NULL) {
        pv->len = 0;
        pv->too_big = 0;
    }
    return SMFIS_CONTINUE;
}

/* append_body - copy the chunk into the capped buffer */
static sfsistat
append_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    struct append_priv *pv = smfi_getpriv(ctx);

    if (pv == NULL || pv->too_big)
        return SMFIS_CONTINUE;
    if (pv->len + len > APPEND_MAX_BODY) {
        pv->too_big = 1;
        return SMFIS_CONTINUE;
    }
    if (pv->len + len > pv->cap) {
        size_t nc = pv->cap ? pv->cap : 16384;
        unsigned char *np;
        while (nc < pv->len + len)
            nc *= 2;
        if ((np = realloc(pv->p, nc)) == NULL) {
            pv->too_big = 1;
            return SMFIS_CONTINUE;
        }
        pv->p = np;
        pv->cap = nc;
    }
    memcpy(pv->p + pv->len, chunk, len);
    pv->len += len;
    return SMFIS_CONTINUE;
}

/* append_record - one INSERT + COMMIT (autocommit) with synchronous=FULL */
static int
append_record(SMFICTX *ctx)
{
    const char *qid = smfi_getsymval(ctx, "i");
    int rc;

    if (append_db == NULL)
        return 0;
    pthread_mutex_lock(&append_db_mu);
    sqlite3_bind_text(append_insert, 1, qid ? qid : "?", -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(append_insert);
    sqlite3_reset(append_insert);
    pthread_mutex_unlock(&append_db_mu);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* append_eom - record (optionally), then replace the body with body + line */
static sfsistat
append_eom(SMFICTX *ctx)
{
    struct append_priv *pv = smfi_getpriv(ctx);

    if (pv == NULL || pv->too_big || append_record(ctx) != 0)
        return SMFIS_CONTINUE;
    if (pv->len + sizeof APPEND_LINE > pv->cap) {
        unsigned char *np = realloc(pv->p, pv->len + sizeof APPEND_LINE);
        if (np == NULL)
            return SMFIS_CONTINUE;
        pv->p = np;
        pv->cap = pv->len + sizeof APPEND_LINE;
    }
    memcpy(pv->p + pv->len, APPEND_LINE, sizeof APPEND_LINE - 1);
    (void)smfi_replacebody(ctx, pv->p, (int)(pv->len + sizeof APPEND_LINE - 1));
    return SMFIS_CONTINUE;
}

/* append_pass - the other callbacks are present (as in crm-bench-noop) and do nothing */
static sfsistat
append_pass(SMFICTX *ctx)
{
    (void)ctx;
    return SMFIS_CONTINUE;
}

/* append_pass_connect - nothing to do */
static sfsistat
append_pass_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    (void)host;
    (void)addr;
    return append_pass(ctx);
}

/* append_pass_unknown - nothing to do */
static sfsistat
append_pass_unknown(SMFICTX *ctx, const char *cmd)
{
    (void)cmd;
    return append_pass(ctx);
}

/* append_pass_str - helo: nothing to do */
static sfsistat
append_pass_str(SMFICTX *ctx, char *s)
{
    (void)s;
    return append_pass(ctx);
}

/* append_pass_argv - envrcpt: nothing to do */
static sfsistat
append_pass_argv(SMFICTX *ctx, char **argv)
{
    (void)argv;
    return append_pass(ctx);
}

/* append_pass_header - nothing to do */
static sfsistat
append_pass_header(SMFICTX *ctx, char *name, char *value)
{
    (void)name;
    (void)value;
    return append_pass(ctx);
}

/* append_close - free the connection's buffer */
static sfsistat
append_close(SMFICTX *ctx)
{
    struct append_priv *pv = smfi_getpriv(ctx);

    if (pv != NULL) {
        free(pv->p);
        free(pv);
        smfi_setpriv(ctx, NULL);
    }
    return SMFIS_CONTINUE;
}

/* append_open_db - WAL, synchronous=FULL, one table, one prepared INSERT */
static int
append_open_db(const char *path)
{
    char *msg = NULL;

    if (sqlite3_open(path, &append_db) != SQLITE_OK ||
        sqlite3_exec(append_db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE IF NOT EXISTS sent(id INTEGER PRIMARY KEY, qid TEXT,"
                     " at INTEGER DEFAULT (strftime('%s','now')))",
                     NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_prepare_v2(append_db, "INSERT INTO sent(qid) VALUES (?)", -1, &append_insert,
                           NULL) != SQLITE_OK) {
        fprintf(stderr, "crm-bench-append: %s: %s\n", path, msg ? msg : sqlite3_errmsg(append_db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* main - -p SOCKET [-d DB] [-T TIMEOUT] */
int
main(int argc, char **argv)
{
    struct smfiDesc desc = {
        .xxfi_name = "crm-bench-append",
        .xxfi_version = SMFI_VERSION,
        .xxfi_flags = SMFIF_CHGBODY,
        .xxfi_connect = append_pass_connect,
        .xxfi_helo = append_pass_str,
        .xxfi_envfrom = append_envfrom,
        .xxfi_envrcpt = append_pass_argv,
        .xxfi_header = append_pass_header,
        .xxfi_eoh = append_pass,
        .xxfi_body = append_body,
        .xxfi_eom = append_eom,
        .xxfi_abort = append_pass,
        .xxfi_close = append_close,
        .xxfi_unknown = append_pass_unknown,
        .xxfi_data = append_pass,
    };
    const char *sock = NULL, *db = NULL;
    int ch, timeout = 0;

    while ((ch = getopt(argc, argv, "p:d:T:")) != -1) {
        if (ch == 'p') {
            sock = optarg;
        } else if (ch == 'd') {
            db = optarg;
        } else if (ch == 'T') {
            timeout = (int)strtol(optarg, NULL, 10);
        } else {
            sock = NULL;
            break;
        }
    }
    if (sock == NULL || optind != argc) {
        fprintf(stderr, "usage: crm-bench-append -p SOCKET [-d DATABASE] [-T TIMEOUT]\n");
        return 2;
    }
    if (db != NULL && append_open_db(db) != 0)
        return 1;
    if (strncmp(sock, "unix:", 5) == 0 || strncmp(sock, "local:", 6) == 0)
        (void)unlink(strchr(sock, ':') + 1);
    if (smfi_setconn((char *)sock) == MI_FAILURE || smfi_register(desc) == MI_FAILURE ||
        (timeout > 0 && smfi_settimeout(timeout) == MI_FAILURE) ||
        smfi_opensocket(1) == MI_FAILURE) {
        fprintf(stderr, "crm-bench-append: cannot open %s\n", sock);
        return 1;
    }
    ch = smfi_main() == MI_SUCCESS ? 0 : 1;
    if (append_db != NULL) {
        sqlite3_finalize(append_insert);
        sqlite3_close(append_db);
    }
    return ch;
}
