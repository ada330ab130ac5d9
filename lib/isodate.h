/*
 * isodate.h - UTC timestamps in the ledger's one text form,
 * "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, 20 characters), which sorts and compares
 * as a string.
 *
 * crm_isodate_parse accepts what an administrator types on the command line:
 *   YYYY-MM-DD                      a whole day, in UTC
 *   YYYY-MM-DDTHH:MM[:SS[.frac]]    UTC when no zone is given ('T' or ' ')
 *   ... followed by Z, +HH:MM, -HH:MM, +HHMM or +HH
 * and converts it to the text form. For a date alone, `end_of_day` selects the
 * last second of that day (an inclusive --until) instead of its first.
 * Fractions of a second are dropped.
 *
 * Ownership: caller-provided output arrays. Thread safety: reentrant.
 * Errors: CRM_EPARSE (not a date, or an impossible one such as 2026-02-30).
 */
#ifndef CRM_ISODATE_H
#define CRM_ISODATE_H

#include <time.h>

#include "err.h"

#define CRM_ISODATE_LEN 20 /* "YYYY-MM-DDTHH:MM:SSZ" without the NUL */

/* crm_isodate_format - OUT out, the text form of t */
void crm_isodate_format(time_t t, char out[CRM_ISODATE_LEN + 1]);
/* crm_isodate_now - OUT out, the current time */
void crm_isodate_now(char out[CRM_ISODATE_LEN + 1]);
/* crm_isodate_parse - s into OUT out (see above); out is untouched on error */
int crm_isodate_parse(const char *s, int end_of_day, char out[CRM_ISODATE_LEN + 1]) CRM_WUR;

#endif
