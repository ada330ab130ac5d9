/*
 * store.h - the referral ledger's SQLite store, as the milter uses it.
 *
 * crm_store_open opens (creating if allowed) the database, applies the
 * embedded migrations (schema/NNNN_*.sql, one transaction each, tracked in
 * PRAGMA user_version) and refuses a database written by a newer version
 * (CRM_EVERSION). Settings: WAL, synchronous=FULL, foreign_keys=ON,
 * busy_timeout.
 *
 * crm_store_record writes one invitation with all its recipients atomically
 * and returns only when the transaction is durable (fsync'd). Concurrent
 * callers share commits (group commit): one caller becomes the writer, takes
 * every record waiting at that moment, commits them in one transaction and
 * wakes each caller of the batch with its own status; the first caller that
 * arrived meanwhile becomes the next writer. A batch that fails as a whole is
 * retried one record per transaction, so a bad record fails alone.
 *
 * With skip_suppressed, the suppression check is made by the writer inside
 * the same transaction (no separate read, no window between check and
 * record): suppressed recipients are left out, and when none is left nothing
 * is recorded at all (CRM_OK, every kept[i] = 0).
 *
 * Ownership: the store owns its connections; crm_store_close releases them
 *   (call it only when no other thread uses the store).
 * Thread safety: crm_store_record may be called from any number of threads
 *   at once. Other processes (careerrelayctl) may
 *   use the same file at the same time.
 * Errors: CRM_EDB, CRM_EBUSY (locked past the busy timeout), CRM_EVERSION,
 *   CRM_EIO, CRM_ENOMEM; err->msg names the path and SQLite's message.
 */
#ifndef CRM_STORE_H
#define CRM_STORE_H

#include <stddef.h>

#include "err.h"

struct crm_store;

#define CRM_STORE_CREATE   0x1 /* create the file (and run migrations) if missing */
#define CRM_STORE_READONLY 0x2 /* open read-only; no migrations (refuses an old schema) */

struct crm_invitation {
    const char *token;      /* UUID v4 text */
    const char *queue_id;   /* MTA queue id, may be NULL */
    const char *message_id; /* may be NULL */
    const char *sender;     /* envelope sender */
    const char *lang;       /* "ja" / "en" */
    const char *tmpl;       /* template name(s) */
    int score;
    const char *rules;        /* rules fired, "id(+w),..." */
    const char *tags;         /* ATS tags "a,b" or "" */
    const char *const *rcpts; /* normalised candidate addresses (addr.h) */
    size_t nrcpts;
    /* options, zero = off */
    int skip_suppressed;         /* leave out recipients on the suppression list (needs kept) */
    unsigned char *kept;         /* OUT (caller-owned, nrcpts bytes, may be NULL without
                                    skip_suppressed): 1 = recorded, 0 = suppressed */
    void (*progress)(void *arg); /* called in the caller's thread about once per
                                    second while the call waits (lock, queue) */
    void *progress_arg;
};

int crm_store_open(const char *path, int flags, unsigned busy_ms, struct crm_store **out,
                   struct crm_err *err) CRM_WUR;
void crm_store_close(struct crm_store *s);
/* crm_store_record - durable on CRM_OK; nothing recorded on error */
int crm_store_record(struct crm_store *s, const struct crm_invitation *inv,
                     struct crm_err *err) CRM_WUR;
/*
 * crm_store_record_at - crm_store_record with an explicit created_at (UTC,
 * "YYYY-MM-DDTHH:MM:SSZ", see isodate.h); NULL = the commit time. For imports
 * and deterministic tests. (Addition to the original contract.)
 */
int crm_store_record_at(struct crm_store *s, const struct crm_invitation *inv,
                        const char *created_at, struct crm_err *err) CRM_WUR;
/* crm_store_schema_version - the schema version this binary writes */
int crm_store_schema_version(void);

#endif
