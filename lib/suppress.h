/*
 * suppress.h - the suppression list's rule, in one place: a candidate is
 * suppressed when its normalised address (addr.h), or "@" and its domain,
 * is a pattern of the suppression table; and what a suppressed candidate
 * does to an engine result.
 *
 * Used by the milter's writer (store.c checks each candidate inside the
 * transaction that records the invitation) and by careerrelayctl dry-run and
 * classify (through crm_ledger_suppressed, on a read-only connection), so
 * the two cannot disagree.
 *
 * Ownership: statements stay owned by the caller; crm_suppress_apply frees
 * the candidates it drops (they are the result's).
 * Thread safety: reentrant; a statement is used by one thread at a time.
 * Errors: crm_suppress_probe returns a negated SQLite result code.
 */
#ifndef CRM_SUPPRESS_H
#define CRM_SUPPRESS_H

#include <stddef.h>

#include "engine.h"

struct sqlite3_stmt;

/*
 * CRM_SUPPRESS_SQL - one row: 1 if ?1 (a normalised address) or ?2 (its
 * "@domain") is on the suppression list, else 0. Not "pattern IN (?1, ?2)":
 * SQLite builds an ephemeral table for that list on every run (~17k
 * instructions); two EXISTS probes use the index alone.
 */
#define CRM_SUPPRESS_SQL                                                                           \
    "SELECT EXISTS (SELECT 1 FROM suppression WHERE pattern = ?1) OR "                             \
    "EXISTS (SELECT 1 FROM suppression WHERE pattern = ?2)"

/*
 * crm_suppress_probe - run st (prepared from CRM_SUPPRESS_SQL) for the
 * normalised address addr, then reset it. Returns 1 when addr or its
 * @domain is suppressed, 0 when not, or a negated SQLite result code.
 */
int crm_suppress_probe(struct sqlite3_stmt *st, const char *addr);

/*
 * crm_suppress_apply - the milter's rule for an injection whose candidates
 * were checked: drop (and free) res->candidates[i] where kept[i] is 0,
 * keeping the others in order; when none is left, nothing is recorded and
 * the message passes with reason "suppressed" (only the internal edits, the
 * removal of our control headers, remain). Does nothing unless res->inject.
 * kept has res->ncandidates bytes.
 */
void crm_suppress_apply(struct crm_result *res, const unsigned char *kept);

#endif
