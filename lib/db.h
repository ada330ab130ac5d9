/*
 * db.h - SQLite connections to the referral ledger, shared by store.c (the
 * milter's writer) and ledger.c (careerrelayctl): opening with the project's
 * settings, the embedded schema migrations, and SQLite errors turned into
 * crm_status codes with "PATH: cause" messages.
 *
 * Settings of every connection: a busy handler that retries every
 * millisecond for about busy_ms (so writers wait for one another instead of
 * failing, and a CLI write is not starved by a milter committing batch after
 * batch), foreign_keys=ON, synchronous=FULL; the database is switched to WAL
 * (which persists in the file) when opened for writing.
 *
 * Migrations: schema/NNNN_name.sql files embedded in the binary (embedded.h),
 * numbered 1..N without gaps. Each one is applied in its own BEGIN IMMEDIATE
 * transaction, which re-reads PRAGMA user_version first (another process may
 * have migrated meanwhile) and sets user_version = NNNN before COMMIT. A
 * database whose user_version is above N was written by a newer program and
 * is refused with CRM_EVERSION, never downgraded.
 *
 * Ownership: crm_db_open hands the connection to the caller, who closes it
 *   with crm_db_close.
 * Thread safety: functions are reentrant; a connection is used by one thread
 *   at a time.
 * Errors: CRM_EIO (cannot open, read-only, disk full, I/O error), CRM_EDB
 *   (not a database, corrupt, constraint), CRM_EBUSY (locked past the busy
 *   timeout), CRM_EVERSION, CRM_ENOMEM.
 */
#ifndef CRM_DB_H
#define CRM_DB_H

#include <stddef.h>

#include "embedded.h"
#include "err.h"

struct sqlite3;

#define CRM_DB_CREATE    0x1 /* create the file if missing */
#define CRM_DB_READONLY  0x2 /* read-only; no migrations; the schema must be current */
#define CRM_DB_NOMIGRATE 0x4 /* open for writing, but only check the schema version */

/*
 * crm_db_open - open path with flags and busy_ms, migrate unless READONLY or
 * NOMIGRATE; OUT *out. A missing file without CRM_DB_CREATE is an error.
 */
int crm_db_open(const char *path, int flags, unsigned busy_ms, struct sqlite3 **out,
                struct crm_err *err) CRM_WUR;
/*
 * struct crm_db_busy - the busy handler of crm_db_open (retry every millisecond
 * for about busy_ms) with a hook: fn(arg) is called about once per second of
 * waiting (fn may be NULL). Caller-owned: it must outlive the connection it is
 * installed on; fn and arg may be changed between statements by the thread
 * using the connection (the handler runs in that thread).
 */
struct crm_db_busy {
    unsigned busy_ms;
    void (*fn)(void *arg);
    void *arg;
};
/* crm_db_busy_install - replace db's busy handler with b's */
void crm_db_busy_install(struct sqlite3 *db, struct crm_db_busy *b);
/* crm_db_close - close a connection (NULL ok); unfinalised statements are a bug */
void crm_db_close(struct sqlite3 *db);

/*
 * crm_db_probe - could the milter take path as its ledger? For a check
 * before start (careerrelay-milter -n): reads, never writes or migrates.
 * CRM_OK when the file is missing or empty (the milter creates it) or is a
 * ledger of this schema version or an older one (migrated at start);
 * CRM_EDB when it is not an SQLite database, or is one without a ledger's
 * schema version that already holds tables (another program's database);
 * CRM_EVERSION when a newer careerrelay-milter wrote it; CRM_EIO when it
 * cannot be read (for instance by this user). Reads the file as immutable:
 * no lock, and no -wal or -shm file is made (pages still in a running
 * milter's -wal are not seen; the schema version rarely is one of them).
 */
int crm_db_probe(const char *path, struct crm_err *err) CRM_WUR;
/* crm_db_schema_version - the highest embedded migration (the version this program writes) */
int crm_db_schema_version(void);
/* crm_db_user_version - OUT *v, the database's PRAGMA user_version */
int crm_db_user_version(struct sqlite3 *db, const char *path, int *v, struct crm_err *err) CRM_WUR;
/* crm_db_migrate - apply every missing migration (see above) */
int crm_db_migrate(struct sqlite3 *db, const char *path, struct crm_err *err) CRM_WUR;

/*
 * crm_db_migrate_with - crm_db_migrate over another list of migrations (the
 * embedded table's shape; names "schema/NNNN_name.sql"): the test seam for
 * the migration runner.
 */
int crm_db_migrate_with(struct sqlite3 *db, const char *path, const struct crm_embedded_file *files,
                        size_t nfiles, struct crm_err *err) CRM_WUR;

/* crm_db_status - crm_status for an SQLite result code */
int crm_db_status(int sqlite_rc);
/*
 * crm_db_fail - set err to "PATH: cause" for sqlite_rc on db (db may be NULL)
 * and return the crm_status; the cause is SQLite's message, with the system
 * error added for I/O failures.
 */
int crm_db_fail(struct crm_err *err, struct sqlite3 *db, int sqlite_rc, const char *path);
/* crm_db_exec - run SQL without results; errors through crm_db_fail */
int crm_db_exec(struct sqlite3 *db, const char *sql, const char *path, struct crm_err *err) CRM_WUR;
/* crm_db_rollback - roll back the open transaction, if any (never fails) */
void crm_db_rollback(struct sqlite3 *db);
/* crm_db_is_fatal - 1 when a connection that saw sqlite_rc should be reopened */
int crm_db_is_fatal(int sqlite_rc);

#endif
