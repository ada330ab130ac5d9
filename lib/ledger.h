/*
 * ledger.h - the referral ledger as careerrelayctl sees it: balance,
 * redemptions and adjustments, invitation listings and exports, reports,
 * the suppression list, integrity check and online backup.
 *
 * The schema is schema/0001_init.sql (see db.h for migrations). Every query
 * binds its parameters; no SQL is built from input. Timestamps are the text
 * form of isodate.h ("YYYY-MM-DDTHH:MM:SSZ", UTC). Addresses are normalised
 * (addr.h); tags are normalised by crm_ledger_tags_normalize.
 *
 * Writes (redeem, adjust, suppress add/remove) run in BEGIN IMMEDIATE
 * transactions, so the balance a redemption checks is the one it changes:
 * two concurrent redemptions can never spend one slot twice. Ledger entries
 * are append-only (enforced by triggers in the schema).
 *
 * Ownership: crm_ledger_open allocates the handle, crm_ledger_close frees it.
 *   Rows passed to callbacks are borrowed and valid only during the call.
 * Thread safety: one handle per thread; other processes (the milter) may use
 *   the same file at the same time.
 * Errors: those of db.h (CRM_EIO, CRM_EDB, CRM_EBUSY, CRM_EVERSION,
 *   CRM_ENOMEM), CRM_EINVAL for bad arguments, CRM_ESTATE when no slot is
 *   available, CRM_ENOTFOUND; err->msg is one line "PATH: cause".
 *   A callback's non-zero return stops an iteration and is returned.
 */
#ifndef CRM_LEDGER_H
#define CRM_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entitle.h"
#include "err.h"

struct crm_ledger;

#define CRM_LEDGER_CREATE   0x1 /* create the database (and migrate) if missing */
#define CRM_LEDGER_READONLY 0x2 /* never write: no migrations, no WAL switch */

/* crm_ledger_open - open path; referrals_per_slot feeds entitle.h (0 = default) */
int crm_ledger_open(const char *path, int flags, unsigned busy_ms, unsigned referrals_per_slot,
                    struct crm_ledger **out, struct crm_err *err) CRM_WUR;
void crm_ledger_close(struct crm_ledger *l);

/* crm_ledger_balance - OUT the current balance (one consistent snapshot) */
int crm_ledger_balance(struct crm_ledger *l, struct crm_balance *out, struct crm_err *err) CRM_WUR;
/*
 * crm_ledger_redeem - spend one slot as `user` with note (may be NULL) at now
 * (text form, NULL = current time). OUT *out is the balance afterwards, or
 * the unchanged balance with CRM_ESTATE when none is available.
 */
int crm_ledger_redeem(struct crm_ledger *l, const char *user, const char *note, const char *now,
                      struct crm_balance *out, struct crm_err *err) CRM_WUR;
/* crm_ledger_adjust - record a non-zero signed correction; OUT *out the new balance */
int crm_ledger_adjust(struct crm_ledger *l, int64_t amount, const char *user, const char *note,
                      const char *now, struct crm_balance *out, struct crm_err *err) CRM_WUR;

struct crm_ledger_filter {
    const char *since; /* created_at >= since (text form), NULL = unbounded */
    const char *until; /* created_at <= until (text form), NULL = unbounded */
    const char *tag;   /* normalised tag, NULL = any */
    const char *to;    /* normalised address, or "@domain", NULL = any */
    int oldest_first;  /* 0: newest first (default); 1: oldest first */
};

struct crm_ledger_invitation {
    const char *token;
    const char *created_at;
    const char *queue_id;   /* may be NULL */
    const char *message_id; /* may be NULL */
    const char *sender;
    const char *lang;
    const char *tmpl;
    int64_t score;
    const char *rules;
    const char *tags; /* "a,b" or "" */
    const char *status;
    const char *recipients; /* addresses in ascending order, separated by
                               CRM_LEDGER_RCPT_SEP */
};

/* CRM_LEDGER_RCPT_SEP - separates the addresses of crm_ledger_invitation.recipients:
 * ASCII US, a control byte no stored address can hold (addr.h rejects them),
 * whereas ',' and ' ' can occur in a quoted local part ("smith,j"@x.example) */
#define CRM_LEDGER_RCPT_SEP '\x1f'

/* crm_ledger_invitations - call fn for each invitation matching f (NULL = all) */
int crm_ledger_invitations(struct crm_ledger *l, const struct crm_ledger_filter *f,
                           int (*fn)(void *arg, const struct crm_ledger_invitation *row), void *arg,
                           struct crm_err *err) CRM_WUR;

enum crm_report_by { CRM_REPORT_MONTH = 0, CRM_REPORT_TAG = 1 };

struct crm_report_row {
    const char *key; /* "YYYY-MM", a tag, or NULL (untagged; the total) */
    int64_t invitations;
    int64_t new_candidates; /* candidates first invited in this month / with this tag */
    int64_t slots;          /* slots those candidates completed (entitle.h) */
};

/*
 * crm_ledger_report - call fn for each month (ascending) or tag (ascending,
 * untagged last); OUT *total the whole range (by tag, rows can overlap, so
 * the total is not their sum). total->key is NULL. f may be NULL; only its
 * since and until are used: invitations created, and candidates first
 * invited, in that range count. A candidate keeps its rank in the whole
 * ledger, so the slots of a range are those its candidates completed.
 */
int crm_ledger_report(struct crm_ledger *l, int by, const struct crm_ledger_filter *f,
                      int (*fn)(void *arg, const struct crm_report_row *row), void *arg,
                      struct crm_report_row *total, struct crm_err *err) CRM_WUR;

struct crm_ledger_entry {
    const char *created_at;
    const char *kind; /* "redeem" or "adjust" */
    int64_t amount;   /* as recorded: 1 for a redemption, the signed N of an adjustment */
    int64_t change;   /* its effect on the available slots (crm_entitle_change) */
    const char *unix_user;
    const char *note;
};

/*
 * crm_ledger_entries - call fn for each redemption and adjustment, newest
 * first; f may be NULL, only its since and until are used (created_at).
 */
int crm_ledger_entries(struct crm_ledger *l, const struct crm_ledger_filter *f,
                       int (*fn)(void *arg, const struct crm_ledger_entry *row), void *arg,
                       struct crm_err *err) CRM_WUR;

struct crm_suppression {
    const char *pattern; /* "addr@domain" or "@domain" */
    const char *created_at;
    const char *note;
};

/*
 * crm_ledger_suppress_normalize - "Addr@Example.JP" / "@Example.JP" into out
 * (addr.h's normal form); CRM_EINVAL unless in is one local@domain (an '@'
 * in the local part only inside quotes, "a@b"@c.example) or one @domain.
 */
int crm_ledger_suppress_normalize(const char *in, struct crm_buf *out) CRM_WUR;
/*
 * crm_ledger_suppressed - the milter's check (suppress.h) of n normalised
 * addresses: OUT kept[i] = 0 when addrs[i] is suppressed, else 1. One read
 * transaction; works on a CRM_LEDGER_READONLY handle.
 */
int crm_ledger_suppressed(struct crm_ledger *l, const char *const *addrs, size_t n,
                          unsigned char *kept, struct crm_err *err) CRM_WUR;
/* crm_ledger_suppress_add - add a normalised pattern; OUT *added = 0 if it was already there */
int crm_ledger_suppress_add(struct crm_ledger *l, const char *pattern, const char *note,
                            const char *now, int *added, struct crm_err *err) CRM_WUR;
/* crm_ledger_suppress_remove - OUT *removed = 0 if it was not there */
int crm_ledger_suppress_remove(struct crm_ledger *l, const char *pattern, int *removed,
                               struct crm_err *err) CRM_WUR;
/* crm_ledger_suppress_list - call fn for each entry, in pattern order */
int crm_ledger_suppress_list(struct crm_ledger *l,
                             int (*fn)(void *arg, const struct crm_suppression *row), void *arg,
                             struct crm_err *err) CRM_WUR;

struct crm_ledger_check {
    int ok;                        /* 1 when integrity and foreign keys are clean */
    char problem[CRM_ERR_MSG_MAX]; /* first problem found, "" when ok */
    int schema_version;            /* the database's user_version */
    int program_version;           /* crm_db_schema_version() */
};

/* crm_ledger_check - PRAGMA integrity_check + foreign_key_check + versions */
int crm_ledger_check(struct crm_ledger *l, struct crm_ledger_check *out,
                     struct crm_err *err) CRM_WUR;
/*
 * crm_ledger_backup - online backup (sqlite3_backup) into a new file dest,
 * mode 0600, written under a temporary name and linked into place; an
 * existing dest is never overwritten. OUT *pages may be NULL.
 */
int crm_ledger_backup(struct crm_ledger *l, const char *dest, int *pages,
                      struct crm_err *err) CRM_WUR;

/*
 * crm_ledger_tags_normalize - "High-Rating, culture-fit,,high-rating" into
 * "high-rating,culture-fit": split on ',', trimmed, ASCII lower-cased,
 * control bytes dropped, empty and repeated tags removed, order kept; at most
 * 32 tags of 64 bytes. out is replaced.
 */
int crm_ledger_tags_normalize(const char *in, struct crm_buf *out) CRM_WUR;

#endif
