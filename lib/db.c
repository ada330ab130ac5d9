/* db.c - SQLite connections, migrations and error mapping for the ledger */
#include "db.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "embedded.h"

#define DB_MIGRATION_PREFIX "schema/"

/* crm_db_status - crm_status for an SQLite result code */
int
crm_db_status(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return CRM_OK;
    case SQLITE_NOMEM:
        return CRM_ENOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return CRM_EBUSY;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
        return CRM_EIO;
    default:
        return CRM_EDB;
    }
}

/* crm_db_is_fatal - whether a connection should be reopened after sqlite_rc */
int
crm_db_is_fatal(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_NOMEM:
        return 1;
    default:
        return 0;
    }
}

/* crm_db_fail - "PATH: cause" for an SQLite failure */
int
crm_db_fail(struct crm_err *err, struct sqlite3 *db, int sqlite_rc, const char *path)
{
    int code = crm_db_status(sqlite_rc);
    const char *cause = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(sqlite_rc);
    int sys = db != NULL ? sqlite3_system_errno(db) : 0;

    if (code == CRM_OK)
        code = CRM_EDB;
    if (sqlite_rc == SQLITE_READONLY_DIRECTORY)
        return crm_err_set(err, code,
                           "%s: database is read-only: its directory is not writable "
                           "(SQLite needs to create the -wal and -shm files there)",
                           path);
    if ((sqlite_rc & 0xff) == SQLITE_READONLY)
        return crm_err_set(err, code, "%s: database is read-only", path);
    if (sys != 0 && code == CRM_EIO)
        return crm_err_set(err, code, "%s: %s (%s)", path, cause, strerror(sys));
    return crm_err_set(err, code, "%s: %s", path, cause);
}

/* crm_db_exec - run SQL without results */
int
crm_db_exec(struct sqlite3 *db, const char *sql, const char *path, struct crm_err *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    if (rc != SQLITE_OK)
        return crm_db_fail(err, db, rc, path);
    return CRM_OK;
}

/* crm_db_rollback - roll back an open transaction */
void
crm_db_rollback(struct sqlite3 *db)
{
    if (db != NULL && !sqlite3_get_autocommit(db))
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* crm_db_close - close a connection */
void
crm_db_close(struct sqlite3 *db)
{
    if (db != NULL)
        (void)sqlite3_close_v2(db);
}

/* db_migration_number - N for "schema/NNNN_name.sql", else 0 */
static int
db_migration_number(const char *name)
{
    size_t plen = strlen(DB_MIGRATION_PREFIX), len = strlen(name);
    const char *p = name + plen;
    int i, v = 0;

    if (strncmp(name, DB_MIGRATION_PREFIX, plen) != 0 || len < plen + 9 ||
        strcmp(name + len - 4, ".sql") != 0)
        return 0;
    for (i = 0; i < 4; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    return p[4] == '_' ? v : 0;
}

/* db_migration - the migration numbered v in files, or NULL */
static const struct crm_embedded_file *
db_migration(const struct crm_embedded_file *files, size_t n, int v)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (db_migration_number(files[i].name) == v)
            return &files[i];
    return NULL;
}

/* db_version_of - highest migration in files, counting from 1 without gaps */
static int
db_version_of(const struct crm_embedded_file *files, size_t n)
{
    int v = 0;

    while (db_migration(files, n, v + 1) != NULL)
        v++;
    return v;
}

/* crm_db_schema_version - highest embedded migration */
int
crm_db_schema_version(void)
{
    return db_version_of(crm_embedded_files, crm_embedded_count);
}

/* crm_db_user_version - read PRAGMA user_version */
int
crm_db_user_version(struct sqlite3 *db, const char *path, int *v, struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *v = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return crm_db_fail(err, db, rc, path);
    return CRM_OK;
}

/* db_apply - apply migration f (number v) inside its own transaction */
static int
db_apply(struct sqlite3 *db, const char *path, const struct crm_embedded_file *f, int v,
         struct crm_err *err)
{
    char pragma[64];
    int cur = 0, rc;

    rc = crm_db_exec(db, "BEGIN IMMEDIATE", path, err);
    if (rc == CRM_OK)
        rc = crm_db_user_version(db, path, &cur, err);
    if (rc == CRM_OK && cur < v) {
        rc = sqlite3_exec(db, f->data, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            int code = crm_db_status(rc) == CRM_OK ? CRM_EDB : crm_db_status(rc);
            crm_err_set(err, code, "%s: migration %s: %s", path, f->name, sqlite3_errmsg(db));
            crm_db_rollback(db);
            return code;
        }
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
        rc = crm_db_exec(db, pragma, path, err);
    }
    if (rc == CRM_OK)
        rc = crm_db_exec(db, "COMMIT", path, err);
    if (rc != CRM_OK)
        crm_db_rollback(db);
    return rc;
}

/* db_is_empty - 1 if the database holds no schema objects */
static int
db_is_empty(struct sqlite3 *db, const char *path, int *empty, struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL);

    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *empty = sqlite3_column_int(st, 0) == 0;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? CRM_OK : crm_db_fail(err, db, rc, path);
}

/* db_version_usable - OUT *cur, the schema version, when a program whose
 * last migration is want may use the database: not newer, and not another
 * program's database (tables but no version) */
static int
db_version_usable(struct sqlite3 *db, const char *path, int want, int *cur, struct crm_err *err)
{
    int empty = 1, rc = crm_db_user_version(db, path, cur, err);

    if (rc == CRM_OK && *cur > want)
        return crm_err_set(err, CRM_EVERSION,
                           "%s: database schema version %d is newer than this program's "
                           "(%d); upgrade careerrelay-milter",
                           path, *cur, want);
    if (rc == CRM_OK && *cur == 0)
        rc = db_is_empty(db, path, &empty, err);
    if (rc == CRM_OK && !empty)
        return crm_err_set(err, CRM_EDB,
                           "%s: not a careerrelay database (tables but no schema version)", path);
    return rc;
}

/* crm_db_migrate_with - bring the schema up to the last of the given migrations */
int
crm_db_migrate_with(struct sqlite3 *db, const char *path, const struct crm_embedded_file *files,
                    size_t nfiles, struct crm_err *err)
{
    int want = db_version_of(files, nfiles), cur = 0, v;
    int rc = db_version_usable(db, path, want, &cur, err);

    for (v = cur + 1; rc == CRM_OK && v <= want; v++)
        rc = db_apply(db, path, db_migration(files, nfiles, v), v, err);
    return rc;
}

/*
 * db_immutable_uri - "file:PATH?immutable=1" with %, ? and # escaped: read
 * without locks and without making the -wal and -shm files, which a plain
 * read-only connection run as root would leave behind owned by root (the
 * milter, running as its own user, could then not open them); 0 or -1
 */
static int
db_immutable_uri(const char *path, char *out, size_t n)
{
    size_t w = 0;
    int k;

    k = snprintf(out, n, "file:");
    w = (size_t)k;
    for (; *path != '\0' && w + 4 < n; path++) {
        if (*path == '%' || *path == '?' || *path == '#')
            w += (size_t)snprintf(out + w, n - w, "%%%02X", (unsigned char)*path);
        else
            out[w++] = *path;
    }
    if (*path != '\0' || (size_t)snprintf(out + w, n - w, "?immutable=1") >= n - w)
        return -1;
    return 0;
}

/* crm_db_probe - see db.h */
int
crm_db_probe(const char *path, struct crm_err *err)
{
    char uri[4200];
    sqlite3 *db = NULL;
    struct stat st;
    int cur = 0, rc;

    if (path == NULL || strcmp(path, ":memory:") == 0 || stat(path, &st) != 0 || st.st_size == 0)
        return CRM_OK;
    if (!S_ISREG(st.st_mode))
        return crm_err_set(err, CRM_EIO, "%s: not a regular file", path);
    if (db_immutable_uri(path, uri, sizeof(uri)) != 0)
        return crm_err_set(err, CRM_EIO, "%s: path too long", path);
    rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    if (rc != SQLITE_OK) {
        rc = crm_db_fail(err, db, rc, path);
        crm_db_close(db);
        return rc;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 1000);
    rc = db_version_usable(db, path, crm_db_schema_version(), &cur, err);
    crm_db_close(db);
    return rc;
}

/* crm_db_migrate - bring the schema up to crm_db_schema_version() */
int
crm_db_migrate(struct sqlite3 *db, const char *path, struct crm_err *err)
{
    return crm_db_migrate_with(db, path, crm_embedded_files, crm_embedded_count, err);
}

/* db_precheck - clear messages for a missing file or directory before SQLite tries */
static int
db_precheck(const char *path, int flags, struct crm_err *err)
{
    struct stat st;
    char dir[4096];
    const char *slash;

    if (stat(path, &st) == 0)
        return S_ISDIR(st.st_mode) ? crm_err_set(err, CRM_EIO, "%s: is a directory", path) : CRM_OK;
    if (errno != ENOENT)
        return crm_err_set(err, CRM_EIO, "%s: %s", path, strerror(errno));
    slash = strrchr(path, '/');
    if (slash != NULL && slash != path && (size_t)(slash - path) < sizeof(dir)) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
        if (stat(dir, &st) != 0)
            return crm_err_set(err, CRM_EIO, "%s: directory %s: %s", path, dir, strerror(errno));
        if (!S_ISDIR(st.st_mode))
            return crm_err_set(err, CRM_EIO, "%s: %s is not a directory", path, dir);
    }
    if (!(flags & CRM_DB_CREATE))
        return crm_err_set(err, CRM_EIO, "%s: no such database file", path);
    return CRM_OK;
}

/*
 * db_busy - busy handler: retry every millisecond for about busy_ms. SQLite's
 * own handler backs off to 100 ms sleeps, and a waiter that polls that rarely
 * can starve while the milter commits batch after batch (the lock is free only
 * for the moment between two batches); polling often finds that moment.
 */
static int
db_busy(void *arg, int count)
{
    unsigned limit = (unsigned)(uintptr_t)arg;
    struct timespec ms = {0, 1000000};

    if ((unsigned)count >= limit)
        return 0;
    nanosleep(&ms, NULL);
    return 1;
}

/* db_busy_hooked - db_busy, calling the hook after each second of waiting */
static int
db_busy_hooked(void *arg, int count)
{
    struct crm_db_busy *b = arg;

    if (count > 0 && count % 1000 == 0 && b->fn != NULL)
        b->fn(b->arg);
    return db_busy((void *)(uintptr_t)b->busy_ms, count);
}

/* crm_db_busy_install - the hooked busy handler on db */
void
crm_db_busy_install(struct sqlite3 *db, struct crm_db_busy *b)
{
    sqlite3_busy_handler(db, db_busy_hooked, b);
}

/*
 * db_fix_modes - give the -wal and -shm files the database file's permissions
 * again. SQLite creates them with the mode of the database file; if that was
 * read-only at the time (a mistake since corrected), a read-only -shm would
 * keep every later connection read-only. Only files we own are touched, and
 * only when the database file itself is writable for us.
 */
static void
db_fix_modes(const char *path)
{
    static const char *const suffix[2] = {"-wal", "-shm"};
    struct stat dbst, st;
    char companion[4096];
    int i;

    if (stat(path, &dbst) != 0 || access(path, W_OK) != 0)
        return;
    for (i = 0; i < 2; i++) {
        if ((size_t)snprintf(companion, sizeof(companion), "%s%s", path, suffix[i]) >=
            sizeof(companion))
            return;
        if (stat(companion, &st) != 0 || (st.st_mode & 0666) == (dbst.st_mode & 0666))
            continue;
        if (st.st_uid == geteuid() || geteuid() == 0)
            (void)chmod(companion, dbst.st_mode & 0666);
    }
}

/* db_settings - per-connection pragmas; WAL for writers */
static int
db_settings(struct sqlite3 *db, const char *path, int flags, unsigned busy_ms, struct crm_err *err)
{
    int rc;

    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_handler(db, db_busy, (void *)(uintptr_t)busy_ms);
    rc = crm_db_exec(db, "PRAGMA foreign_keys = ON", path, err);
    if (rc == CRM_OK)
        rc = crm_db_exec(db, "PRAGMA synchronous = FULL", path, err);
    if (rc == CRM_OK && !(flags & CRM_DB_READONLY) && !sqlite3_db_readonly(db, "main"))
        rc = crm_db_exec(db, "PRAGMA journal_mode = WAL", path, err);
    return rc;
}

/* db_check_version - without migrating: the schema must be exactly current */
static int
db_check_version(struct sqlite3 *db, const char *path, int ro_file, struct crm_err *err)
{
    int want = crm_db_schema_version(), cur = 0;
    int rc = crm_db_user_version(db, path, &cur, err);

    if (rc != CRM_OK)
        return rc;
    if (cur > want)
        return crm_err_set(err, CRM_EVERSION,
                           "%s: database schema version %d is newer than this program's "
                           "(%d); upgrade careerrelay-milter",
                           path, cur, want);
    if (cur < want && ro_file)
        return crm_err_set(err, CRM_EIO,
                           "%s: database is read-only and its schema version %d needs "
                           "migrating to %d",
                           path, cur, want);
    if (cur < want)
        return crm_err_set(err, CRM_EVERSION,
                           "%s: database schema version %d is older than this program's (%d) "
                           "and cannot be migrated here (read-only)",
                           path, cur, want);
    return CRM_OK;
}

/* crm_db_open - open, configure and migrate */
int
crm_db_open(const char *path, int flags, unsigned busy_ms, struct sqlite3 **out,
            struct crm_err *err)
{
    sqlite3 *db = NULL;
    int oflags, rc;

    *out = NULL;
    rc = db_precheck(path, flags, err);
    if (rc != CRM_OK)
        return rc;
    oflags = flags & CRM_DB_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if ((flags & CRM_DB_CREATE) && !(flags & CRM_DB_READONLY))
        oflags |= SQLITE_OPEN_CREATE;
    if (!(flags & CRM_DB_READONLY))
        db_fix_modes(path);
    rc = sqlite3_open_v2(path, &db, oflags, NULL);
    if (rc != SQLITE_OK) {
        rc = crm_db_fail(err, db, rc, path);
        crm_db_close(db);
        return rc;
    }
    rc = db_settings(db, path, flags, busy_ms, err);
    if (rc == CRM_OK && (flags & (CRM_DB_READONLY | CRM_DB_NOMIGRATE)))
        rc = db_check_version(db, path, 0, err);
    else if (rc == CRM_OK && sqlite3_db_readonly(db, "main") == 1)
        rc = db_check_version(db, path, 1, err);
    else if (rc == CRM_OK)
        rc = crm_db_migrate(db, path, err);
    if (rc != CRM_OK) {
        crm_db_close(db);
        return rc;
    }
    *out = db;
    return CRM_OK;
}
