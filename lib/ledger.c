/* ledger.c - the referral ledger's queries for careerrelayctl */
#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "addr.h"
#include "alloc.h"
#include "db.h"
#include "isodate.h"
#include "str.h"
#include "suppress.h"

#define LEDGER_MAX_TAGS    32
#define LEDGER_MAX_TAG_LEN 64
#define LEDGER_MAX_NOTE    1000

struct crm_ledger {
    sqlite3 *db;
    char *path;
    unsigned busy_ms;
    unsigned per_slot;
};

static const char ledger_balance_sql[] =
    "SELECT (SELECT count(*) FROM candidate), (SELECT count(*) FROM invitation), "
    "(SELECT coalesce(sum(amount), 0) FROM ledger_entry WHERE kind = 'redeem'), "
    "(SELECT coalesce(sum(amount), 0) FROM ledger_entry WHERE kind = 'adjust')";

static const char ledger_entry_sql[] =
    "INSERT INTO ledger_entry (created_at, kind, amount, unix_user, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

/* ledger_fail - "PATH: cause" from the connection */
static int
ledger_fail(struct crm_ledger *l, int sqlite_rc, struct crm_err *err)
{
    return crm_db_fail(err, l->db, sqlite_rc, l->path);
}

/* ledger_prepare - prepare sql into OUT *st */
static int
ledger_prepare(struct crm_ledger *l, const char *sql, sqlite3_stmt **st, struct crm_err *err)
{
    int rc = sqlite3_prepare_v2(l->db, sql, -1, st, NULL);

    return rc == SQLITE_OK ? CRM_OK : ledger_fail(l, rc, err);
}

/* ledger_text - column text, or "" for NULL */
static const char *
ledger_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);

    return t ? (const char *)t : "";
}

/* ledger_slot_at_fn - SQL crm_slot_at(ordinal, per): entitle.h's rule, for reports */
static void
ledger_slot_at_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3_int64 per = sqlite3_value_int64(argv[1]);

    (void)argc;
    sqlite3_result_int(ctx, crm_entitle_slot_at(sqlite3_value_int64(argv[0]),
                                                per > 0 && per < 1000000 ? (unsigned)per : 1));
}

/* crm_ledger_open - open the database for the admin CLI */
int
crm_ledger_open(const char *path, int flags, unsigned busy_ms, unsigned referrals_per_slot,
                struct crm_ledger **out, struct crm_err *err)
{
    struct crm_ledger *l;
    int dbflags = 0, rc;

    *out = NULL;
    l = crm_calloc(1, sizeof(*l));
    if (l == NULL || (l->path = crm_strdup(path)) == NULL) {
        crm_free(l);
        return crm_err_set(err, CRM_ENOMEM, "%s: out of memory", path);
    }
    l->busy_ms = busy_ms;
    l->per_slot = referrals_per_slot ? referrals_per_slot : CRM_REFERRALS_PER_SLOT_DEFAULT;
    if (flags & CRM_LEDGER_CREATE)
        dbflags |= CRM_DB_CREATE;
    if (flags & CRM_LEDGER_READONLY)
        dbflags |= CRM_DB_READONLY;
    rc = crm_db_open(path, dbflags, busy_ms, &l->db, err);
    if (rc == CRM_OK) {
        rc = sqlite3_create_function_v2(l->db, "crm_slot_at", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                        NULL, ledger_slot_at_fn, NULL, NULL, NULL);
        rc = rc == SQLITE_OK ? CRM_OK : ledger_fail(l, rc, err);
    }
    if (rc != CRM_OK) {
        crm_ledger_close(l);
        return rc;
    }
    *out = l;
    return CRM_OK;
}

/* crm_ledger_close - close and free (NULL ok) */
void
crm_ledger_close(struct crm_ledger *l)
{
    if (l == NULL)
        return;
    crm_db_close(l->db);
    crm_free(l->path);
    crm_free(l);
}

/* crm_ledger_balance - the counted facts through entitle.h */
int
crm_ledger_balance(struct crm_ledger *l, struct crm_balance *out, struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, ledger_balance_sql, &st, err);

    if (rc == CRM_OK) {
        int src = sqlite3_step(st);

        if (src == SQLITE_ROW)
            crm_entitle_compute(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                                l->per_slot, out);
        else
            rc = ledger_fail(l, src, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ledger_add_entry - append one ledger entry (inside the caller's transaction) */
static int
ledger_add_entry(struct crm_ledger *l, const char *kind, int64_t amount, const char *user,
                 const char *note, const char *now, struct crm_err *err)
{
    char ts[CRM_ISODATE_LEN + 1];
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, ledger_entry_sql, &st, err);

    if (now == NULL) {
        crm_isodate_now(ts);
        now = ts;
    }
    if (rc == CRM_OK) {
        sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, amount);
        sqlite3_bind_text(st, 4, user && *user ? user : "unknown", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = ledger_fail(l, src, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ledger_finish - COMMIT on success, ROLLBACK otherwise */
static int
ledger_finish(struct crm_ledger *l, int rc, struct crm_err *err)
{
    if (rc == CRM_OK)
        rc = crm_db_exec(l->db, "COMMIT", l->path, err);
    if (rc != CRM_OK)
        crm_db_rollback(l->db);
    return rc;
}

/* ledger_note_ok - notes are bounded */
static int
ledger_note_ok(const char *note, struct crm_err *err)
{
    if (note != NULL && strlen(note) > LEDGER_MAX_NOTE)
        return crm_err_set(err, CRM_EINVAL, "note longer than %d bytes", LEDGER_MAX_NOTE);
    return CRM_OK;
}

/* crm_ledger_redeem - spend one slot if one is available, atomically */
int
crm_ledger_redeem(struct crm_ledger *l, const char *user, const char *note, const char *now,
                  struct crm_balance *out, struct crm_err *err)
{
    int rc = ledger_note_ok(note, err);

    if (rc == CRM_OK)
        rc = crm_db_exec(l->db, "BEGIN IMMEDIATE", l->path, err);
    if (rc != CRM_OK)
        return rc;
    rc = crm_ledger_balance(l, out, err);
    if (rc == CRM_OK && out->available <= 0) {
        crm_db_rollback(l->db);
        return crm_err_set(err, CRM_ESTATE,
                           "no free-hire slot available (earned %lld, redeemed %lld, "
                           "adjusted %+lld)",
                           (long long)out->earned, (long long)out->redeemed,
                           (long long)out->adjusted);
    }
    if (rc == CRM_OK)
        rc = ledger_add_entry(l, "redeem", 1, user, note, now, err);
    if (rc == CRM_OK)
        rc = crm_ledger_balance(l, out, err);
    return ledger_finish(l, rc, err);
}

/* crm_ledger_adjust - record a signed correction */
int
crm_ledger_adjust(struct crm_ledger *l, int64_t amount, const char *user, const char *note,
                  const char *now, struct crm_balance *out, struct crm_err *err)
{
    int rc = ledger_note_ok(note, err);

    if (rc == CRM_OK && amount == 0)
        rc = crm_err_set(err, CRM_EINVAL, "an adjustment must not be zero");
    if (rc == CRM_OK)
        rc = crm_db_exec(l->db, "BEGIN IMMEDIATE", l->path, err);
    if (rc != CRM_OK)
        return rc;
    rc = ledger_add_entry(l, "adjust", amount, user, note, now, err);
    if (rc == CRM_OK)
        rc = crm_ledger_balance(l, out, err);
    return ledger_finish(l, rc, err);
}

static const char ledger_invitations_sql[] =
    "SELECT i.token, i.created_at, i.queue_id, i.message_id, i.sender, i.lang, i.template, "
    "i.score, i.rules, i.tags, i.status, "
    "(SELECT group_concat(address, char(31)) FROM (SELECT c.address FROM invitation_recipient r "
    " JOIN candidate c ON c.id = r.candidate_id WHERE r.invitation_id = i.id "
    " ORDER BY c.address)) "
    "FROM invitation i "
    "WHERE (?1 IS NULL OR i.created_at >= ?1) AND (?2 IS NULL OR i.created_at <= ?2) "
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM invitation_tag t "
    " WHERE t.invitation_id = i.id AND t.tag = ?3)) "
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM invitation_recipient r "
    " JOIN candidate c ON c.id = r.candidate_id WHERE r.invitation_id = i.id "
    " AND (c.address = ?4 OR (substr(?4, 1, 1) = '@' "
    "  AND lower(substr(c.address, -length(?4))) = lower(?4))))) ";

/* ledger_invitation_row - the current row as a struct */
static void
ledger_invitation_row(sqlite3_stmt *st, struct crm_ledger_invitation *row)
{
    row->token = ledger_text(st, 0);
    row->created_at = ledger_text(st, 1);
    row->queue_id = (const char *)sqlite3_column_text(st, 2);
    row->message_id = (const char *)sqlite3_column_text(st, 3);
    row->sender = ledger_text(st, 4);
    row->lang = ledger_text(st, 5);
    row->tmpl = ledger_text(st, 6);
    row->score = sqlite3_column_int64(st, 7);
    row->rules = ledger_text(st, 8);
    row->tags = ledger_text(st, 9);
    row->status = ledger_text(st, 10);
    row->recipients = ledger_text(st, 11);
}

/* crm_ledger_invitations - iterate invitations matching a filter */
int
crm_ledger_invitations(struct crm_ledger *l, const struct crm_ledger_filter *f,
                       int (*fn)(void *arg, const struct crm_ledger_invitation *row), void *arg,
                       struct crm_err *err)
{
    struct crm_ledger_filter none = {0};
    struct crm_ledger_invitation row;
    struct crm_buf sql;
    sqlite3_stmt *st = NULL;
    int rc, src;

    if (f == NULL)
        f = &none;
    crm_buf_init(&sql, 4096);
    rc = crm_buf_puts(&sql, ledger_invitations_sql);
    if (rc == CRM_OK)
        rc = crm_buf_puts(&sql, f->oldest_first ? "ORDER BY i.created_at, i.id"
                                                : "ORDER BY i.created_at DESC, i.id DESC");
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "%s: %s", l->path, crm_strerror(rc));
    rc = ledger_prepare(l, crm_buf_cstr(&sql), &st, err);
    crm_buf_fini(&sql);
    if (rc != CRM_OK)
        return rc;
    sqlite3_bind_text(st, 1, f->since, -1, SQLITE_STATIC); /* NULL binds NULL */
    sqlite3_bind_text(st, 2, f->until, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->tag, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->to, -1, SQLITE_STATIC);
    while ((src = sqlite3_step(st)) == SQLITE_ROW && rc == CRM_OK) {
        ledger_invitation_row(st, &row);
        rc = fn(arg, &row);
    }
    if (rc == CRM_OK && src != SQLITE_DONE)
        rc = ledger_fail(l, src, err);
    sqlite3_finalize(st);
    return rc;
}

/*
 * Reports: one union of "facts" (an invitation, or a new candidate with the
 * slot it completes) grouped by month or by tag. Candidates are ranked by
 * first invitation over the whole ledger; crm_slot_at applies entitle.h's
 * rule to the rank. ?1 is ReferralsPerSlot; ?2 and ?3 bound the range (NULL:
 * unbounded) on the invitation's created_at and the candidate's
 * first_invited_at.
 */
#define LEDGER_IN_RANGE(col) "(?2 IS NULL OR " col " >= ?2) AND (?3 IS NULL OR " col " <= ?3)"

static const char ledger_report_month_sql[] =
    "SELECT k, sum(inv), sum(nc), sum(sl) FROM ("
    " SELECT substr(created_at, 1, 7) AS k, 1 AS inv, 0 AS nc, 0 AS sl FROM invitation"
    "  WHERE " LEDGER_IN_RANGE(
        "created_at") " UNION ALL"
                      " SELECT substr(first_invited_at, 1, 7), 0, 1, crm_slot_at(rn, ?1) FROM"
                      "  (SELECT first_invited_at, row_number() OVER (ORDER BY first_invited_at, "
                      "id) AS rn"
                      "   FROM candidate)"
                      "  WHERE " LEDGER_IN_RANGE("first_invited_at") ") GROUP BY k ORDER BY k";

static const char ledger_report_tag_sql[] =
    "WITH ranked AS (SELECT id, first_invitation_id AS fi, first_invited_at AS at, "
    "  row_number() OVER (ORDER BY first_invited_at, id) AS rn FROM candidate), "
    " cands AS (SELECT * FROM ranked WHERE " LEDGER_IN_RANGE(
        "at") "), "
              " invs AS (SELECT id FROM invitation WHERE " LEDGER_IN_RANGE(
                  "created_at") ") "
                                "SELECT k, sum(inv), sum(nc), sum(sl) FROM ("
                                " SELECT tag AS k, 1 AS inv, 0 AS nc, 0 AS sl FROM invitation_tag"
                                "  WHERE invitation_id IN (SELECT id FROM invs)"
                                " UNION ALL"
                                " SELECT NULL, 1, 0, 0 FROM invs i"
                                "  WHERE NOT EXISTS (SELECT 1 FROM invitation_tag t WHERE "
                                "t.invitation_id = i.id)"
                                " UNION ALL"
                                " SELECT t.tag, 0, 1, crm_slot_at(r.rn, ?1) FROM cands r"
                                "  JOIN invitation_tag t ON t.invitation_id = r.fi"
                                " UNION ALL"
                                " SELECT NULL, 0, 1, crm_slot_at(r.rn, ?1) FROM cands r"
                                "  WHERE NOT EXISTS (SELECT 1 FROM invitation_tag t WHERE "
                                "t.invitation_id = r.fi)"
                                ") GROUP BY k ORDER BY k IS NULL, k";

/* the totals of a range: invitations, new candidates, slots they completed
 * (unbounded: the balance's invitations, referred and earned) */
static const char ledger_report_total_sql[] =
    "SELECT (SELECT count(*) FROM invitation WHERE " LEDGER_IN_RANGE(
        "created_at") "), "
                      " count(*), coalesce(sum(crm_slot_at(rn, ?1)), 0) FROM"
                      " (SELECT first_invited_at AS at, row_number() OVER (ORDER BY "
                      "first_invited_at, id) AS rn"
                      "  FROM candidate)"
                      " WHERE " LEDGER_IN_RANGE("at");

/* ledger_report_bind - ReferralsPerSlot and the range */
static void
ledger_report_bind(struct crm_ledger *l, sqlite3_stmt *st, const struct crm_ledger_filter *f)
{
    sqlite3_bind_int64(st, 1, l->per_slot);
    sqlite3_bind_text(st, 2, f->since, -1, SQLITE_STATIC); /* NULL binds NULL */
    sqlite3_bind_text(st, 3, f->until, -1, SQLITE_STATIC);
}

/* ledger_report_total - OUT *total for the range */
static int
ledger_report_total(struct crm_ledger *l, const struct crm_ledger_filter *f,
                    struct crm_report_row *total, struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, ledger_report_total_sql, &st, err), src;

    if (rc == CRM_OK) {
        ledger_report_bind(l, st, f);
        src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            total->key = NULL;
            total->invitations = sqlite3_column_int64(st, 0);
            total->new_candidates = sqlite3_column_int64(st, 1);
            total->slots = sqlite3_column_int64(st, 2);
        } else {
            rc = ledger_fail(l, src, err);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* crm_ledger_report - per-month or per-tag figures and the total of a range */
int
crm_ledger_report(struct crm_ledger *l, int by, const struct crm_ledger_filter *f,
                  int (*fn)(void *arg, const struct crm_report_row *row), void *arg,
                  struct crm_report_row *total, struct crm_err *err)
{
    struct crm_ledger_filter none = {0};
    struct crm_report_row row;
    sqlite3_stmt *st = NULL;
    int rc, src = SQLITE_DONE;

    if (f == NULL)
        f = &none;
    rc = crm_db_exec(l->db, "BEGIN", l->path, err); /* one snapshot for rows and total */
    if (rc == CRM_OK)
        rc = ledger_prepare(
            l, by == CRM_REPORT_TAG ? ledger_report_tag_sql : ledger_report_month_sql, &st, err);
    if (rc == CRM_OK) {
        ledger_report_bind(l, st, f);
        while (rc == CRM_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
            row.key = (const char *)sqlite3_column_text(st, 0);
            row.invitations = sqlite3_column_int64(st, 1);
            row.new_candidates = sqlite3_column_int64(st, 2);
            row.slots = sqlite3_column_int64(st, 3);
            rc = fn(arg, &row);
        }
        if (rc == CRM_OK && src != SQLITE_DONE)
            rc = ledger_fail(l, src, err);
    }
    sqlite3_finalize(st);
    if (rc == CRM_OK)
        rc = ledger_report_total(l, f, total, err);
    crm_db_rollback(l->db);
    return rc;
}

static const char ledger_entries_sql[] =
    "SELECT created_at, kind, amount, unix_user, note FROM ledger_entry "
    "WHERE (?1 IS NULL OR created_at >= ?1) AND (?2 IS NULL OR created_at <= ?2) "
    "ORDER BY created_at DESC, id DESC";

/* crm_ledger_entries - redemptions and adjustments, newest first */
int
crm_ledger_entries(struct crm_ledger *l, const struct crm_ledger_filter *f,
                   int (*fn)(void *arg, const struct crm_ledger_entry *row), void *arg,
                   struct crm_err *err)
{
    struct crm_ledger_entry row;
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, ledger_entries_sql, &st, err), src = SQLITE_DONE;

    if (rc == CRM_OK && f != NULL) {
        sqlite3_bind_text(st, 1, f->since, -1, SQLITE_STATIC); /* NULL binds NULL */
        sqlite3_bind_text(st, 2, f->until, -1, SQLITE_STATIC);
    }
    while (rc == CRM_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        row.created_at = ledger_text(st, 0);
        row.kind = ledger_text(st, 1);
        row.amount = sqlite3_column_int64(st, 2);
        row.change = crm_entitle_change(strcmp(row.kind, "redeem") == 0, row.amount);
        row.unix_user = ledger_text(st, 3);
        row.note = ledger_text(st, 4);
        rc = fn(arg, &row);
    }
    if (rc == CRM_OK && src != SQLITE_DONE)
        rc = ledger_fail(l, src, err);
    sqlite3_finalize(st);
    return rc;
}

/* ledger_domain_ok - a plausible domain: non-empty, no blanks, controls, '@', '<', '>' */
static int
ledger_domain_ok(const char *d)
{
    const unsigned char *p = (const unsigned char *)d;

    if (*p == '\0' || *p == '.')
        return 0;
    for (; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '@' || *p == '<' || *p == '>' || *p == ',')
            return 0;
    return 1;
}

/* ledger_one_at - the '@' of local@domain: the only one outside quotes, not
 * first; NULL otherwise ("a@b@c", "@x" as an address, "x") */
static const char *
ledger_one_at(const char *s)
{
    const char *at = NULL, *p;
    int quoted = 0;

    for (p = s; *p; p++) {
        if (quoted && *p == '\\' && p[1] != '\0')
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '@') {
            if (at != NULL)
                return NULL;
            at = p;
        }
    }
    return at == s ? NULL : at;
}

/* crm_ledger_suppress_normalize - address or @domain in normal form */
int
crm_ledger_suppress_normalize(const char *in, struct crm_buf *out)
{
    const char *at;
    size_t i;
    int rc;

    crm_buf_reset(out);
    if (in == NULL)
        return CRM_EINVAL;
    if (in[0] == '@') {
        for (i = 0; in[i] != '\0'; i++)
            if ((rc = crm_buf_putc(out, crm_lower((unsigned char)in[i]))) != CRM_OK)
                return rc;
        return ledger_domain_ok(crm_buf_cstr(out) + 1) ? CRM_OK : CRM_EINVAL;
    }
    rc = crm_addr_normalize(in, out);
    if (rc != CRM_OK)
        return rc;
    at = ledger_one_at(crm_buf_cstr(out));
    if (at == NULL || !ledger_domain_ok(at + 1))
        return CRM_EINVAL;
    return CRM_OK;
}

/* crm_ledger_suppressed - the milter's suppression check over addrs, in one snapshot */
int
crm_ledger_suppressed(struct crm_ledger *l, const char *const *addrs, size_t n, unsigned char *kept,
                      struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    size_t i;
    int rc = crm_db_exec(l->db, "BEGIN", l->path, err), hit;

    if (rc == CRM_OK)
        rc = ledger_prepare(l, CRM_SUPPRESS_SQL, &st, err);
    for (i = 0; rc == CRM_OK && i < n; i++) {
        hit = crm_suppress_probe(st, addrs[i]);
        if (hit < 0)
            rc = ledger_fail(l, -hit, err);
        else
            kept[i] = (unsigned char)!hit;
    }
    sqlite3_finalize(st);
    crm_db_rollback(l->db);
    return rc;
}

/* crm_ledger_suppress_add - add a pattern, keeping an existing one as it is */
int
crm_ledger_suppress_add(struct crm_ledger *l, const char *pattern, const char *note,
                        const char *now, int *added, struct crm_err *err)
{
    char ts[CRM_ISODATE_LEN + 1];
    sqlite3_stmt *st = NULL;
    int rc = ledger_note_ok(note, err), src;

    *added = 0;
    if (now == NULL) {
        crm_isodate_now(ts);
        now = ts;
    }
    if (rc == CRM_OK)
        rc = ledger_prepare(l,
                            "INSERT INTO suppression (pattern, created_at, note) "
                            "VALUES (?1, ?2, ?3) ON CONFLICT (pattern) DO NOTHING",
                            &st, err);
    if (rc == CRM_OK) {
        sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, note ? note : "", -1, SQLITE_STATIC);
        src = sqlite3_step(st);
        if (src == SQLITE_DONE)
            *added = sqlite3_changes(l->db) > 0;
        else
            rc = ledger_fail(l, src, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* crm_ledger_suppress_remove - delete a pattern */
int
crm_ledger_suppress_remove(struct crm_ledger *l, const char *pattern, int *removed,
                           struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, "DELETE FROM suppression WHERE pattern = ?1", &st, err), src;

    *removed = 0;
    if (rc == CRM_OK) {
        sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
        src = sqlite3_step(st);
        if (src == SQLITE_DONE)
            *removed = sqlite3_changes(l->db) > 0;
        else
            rc = ledger_fail(l, src, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* crm_ledger_suppress_list - iterate the suppression list */
int
crm_ledger_suppress_list(struct crm_ledger *l,
                         int (*fn)(void *arg, const struct crm_suppression *row), void *arg,
                         struct crm_err *err)
{
    struct crm_suppression row;
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, "SELECT pattern, created_at, note FROM suppression ORDER BY pattern",
                            &st, err);
    int src = SQLITE_DONE;

    while (rc == CRM_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        row.pattern = ledger_text(st, 0);
        row.created_at = ledger_text(st, 1);
        row.note = ledger_text(st, 2);
        rc = fn(arg, &row);
    }
    if (rc == CRM_OK && src != SQLITE_DONE)
        rc = ledger_fail(l, src, err);
    sqlite3_finalize(st);
    return rc;
}

/* ledger_pragma_rows - run a checking pragma; the first problem row into out->problem */
static int
ledger_pragma_rows(struct crm_ledger *l, const char *sql, int ok_is_text,
                   struct crm_ledger_check *out, struct crm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = ledger_prepare(l, sql, &st, err), src = SQLITE_DONE;

    while (rc == CRM_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = ledger_text(st, 0);

        if (ok_is_text && strcmp(t, "ok") == 0)
            continue;
        if (out->ok) {
            out->ok = 0;
            if (ok_is_text)
                snprintf(out->problem, sizeof(out->problem), "%s", t);
            else
                snprintf(out->problem, sizeof(out->problem), "foreign key violation in %s row %lld",
                         t, (long long)sqlite3_column_int64(st, 1));
        }
    }
    if (rc == CRM_OK && src != SQLITE_DONE)
        rc = ledger_fail(l, src, err);
    sqlite3_finalize(st);
    return rc;
}

/* crm_ledger_check - integrity, foreign keys and schema versions */
int
crm_ledger_check(struct crm_ledger *l, struct crm_ledger_check *out, struct crm_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    out->ok = 1;
    out->program_version = crm_db_schema_version();
    rc = crm_db_user_version(l->db, l->path, &out->schema_version, err);
    if (rc == CRM_OK)
        rc = ledger_pragma_rows(l, "PRAGMA integrity_check", 1, out, err);
    if (rc == CRM_OK)
        rc = ledger_pragma_rows(l, "PRAGMA foreign_key_check", 0, out, err);
    return rc;
}

/* ledger_backup_copy - sqlite3_backup from l into the (empty) file tmp */
static int
ledger_backup_copy(struct crm_ledger *l, const char *tmp, int *pages, struct crm_err *err)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *b;
    unsigned waited = 0;
    int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);

    if (rc != SQLITE_OK) {
        rc = crm_db_fail(err, dst, rc, tmp);
        crm_db_close(dst);
        return rc;
    }
    b = sqlite3_backup_init(dst, "main", l->db, "main");
    if (b == NULL) {
        rc = crm_db_fail(err, dst, sqlite3_errcode(dst), tmp);
        crm_db_close(dst);
        return rc;
    }
    do {
        rc = sqlite3_backup_step(b, -1);
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited < l->busy_ms) {
            sqlite3_sleep(50);
            waited += 50;
        } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            break;
        }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    if (pages != NULL)
        *pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    rc = rc == SQLITE_DONE ? CRM_OK : crm_db_fail(err, dst, sqlite3_errcode(dst), tmp);
    if (sqlite3_close(dst) != SQLITE_OK && rc == CRM_OK)
        rc = crm_err_set(err, CRM_EIO, "%s: cannot close the backup", tmp);
    return rc;
}

/* ledger_fsync_path - fsync a file or directory by name */
static int
ledger_fsync_path(const char *path, int dir, struct crm_err *err)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    int rc = CRM_OK;

    if (fd < 0 || fsync(fd) != 0)
        rc = crm_err_set(err, CRM_EIO, "%s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return rc;
}

/* ledger_backup_place - link tmp to dest (never overwriting) and make it durable */
static int
ledger_backup_place(const char *tmp, const char *dest, struct crm_err *err)
{
    const char *slash = strrchr(dest, '/');
    char dir[4096];
    int rc = ledger_fsync_path(tmp, 0, err);

    if (rc == CRM_OK && link(tmp, dest) != 0)
        rc = crm_err_set(err, CRM_EIO, "%s: %s", dest, strerror(errno));
    if (rc != CRM_OK)
        return rc;
    if (slash == NULL)
        return ledger_fsync_path(".", 1, err);
    if (slash == dest)
        return ledger_fsync_path("/", 1, err);
    snprintf(dir, sizeof(dir), "%.*s", (int)(slash - dest), dest);
    return ledger_fsync_path(dir, 1, err);
}

/* crm_ledger_backup - online backup into a new file */
int
crm_ledger_backup(struct crm_ledger *l, const char *dest, int *pages, struct crm_err *err)
{
    struct crm_buf tmp;
    int fd, rc;

    if (access(dest, F_OK) == 0)
        return crm_err_set(err, CRM_EIO, "%s: file exists", dest);
    crm_buf_init(&tmp, 8192);
    rc = crm_buf_appendf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "%s: %s", dest, crm_strerror(rc));
    fd = open(crm_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = crm_err_set(err, CRM_EIO, "%s: %s", dest, strerror(errno));
        crm_buf_fini(&tmp);
        return rc;
    }
    close(fd);
    rc = ledger_backup_copy(l, crm_buf_cstr(&tmp), pages, err);
    if (rc == CRM_OK)
        rc = ledger_backup_place(crm_buf_cstr(&tmp), dest, err);
    unlink(crm_buf_cstr(&tmp));
    crm_buf_fini(&tmp);
    return rc;
}

/* ledger_tag_seen - whether tag (n bytes) is already in the comma list */
static int
ledger_tag_seen(const struct crm_buf *out, const char *tag, size_t n)
{
    const char *p = crm_buf_cstr(out), *comma;

    while (*p != '\0') {
        comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        if ((size_t)(comma - p) == n && memcmp(p, tag, n) == 0)
            return 1;
        p = *comma ? comma + 1 : comma;
    }
    return 0;
}

/* ledger_tag_clean - one tag, trimmed, lower-cased, controls dropped, cut at a character */
static size_t
ledger_tag_clean(const char *p, size_t n, char *tag)
{
    size_t i, len = 0;

    while (n > 0 && (*p == ' ' || *p == '\t'))
        p++, n--;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        if (c < 0x20 || c == 0x7f)
            continue;
        if (len == LEDGER_MAX_TAG_LEN) {
            if ((c & 0xc0) == 0x80) { /* never keep half a UTF-8 character */
                while (len > 0 && ((unsigned char)tag[len - 1] & 0xc0) == 0x80)
                    len--;
                if (len > 0)
                    len--;
            }
            break;
        }
        tag[len++] = (char)crm_lower(c);
    }
    while (len > 0 && (tag[len - 1] == ' ' || tag[len - 1] == '\t'))
        len--;
    return len;
}

/* crm_ledger_tags_normalize - "A, b,,a" into "a,b" */
int
crm_ledger_tags_normalize(const char *in, struct crm_buf *out)
{
    char tag[LEDGER_MAX_TAG_LEN + 1];
    const char *p = in ? in : "", *comma;
    int rc = CRM_OK, count = 0;
    size_t n;

    crm_buf_reset(out);
    while (rc == CRM_OK && *p != '\0' && count < LEDGER_MAX_TAGS) {
        comma = strchr(p, ',');
        if (comma == NULL)
            comma = p + strlen(p);
        n = ledger_tag_clean(p, (size_t)(comma - p), tag);
        if (n > 0 && !ledger_tag_seen(out, tag, n)) {
            if (count++ > 0)
                rc = crm_buf_putc(out, ',');
            if (rc == CRM_OK)
                rc = crm_buf_append(out, tag, n);
        }
        p = *comma ? comma + 1 : comma;
    }
    return rc;
}
