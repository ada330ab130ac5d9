/*
 * log.h - the project's logging: fixed severities, one line shape.
 *
 * Contract:
 *   crm_log_open() selects the sink: syslog (ident, facility) or stderr. Until
 *   it is called, lines go to stderr. Message lines about one mail start with
 *   the MTA queue id: crm_log_info("%s: action=inject ...", qid). Never log a
 *   whole token or invitation URL: use crm_token_short().
 *   crm_panic() logs and aborts: only for programming errors.
 *
 * Thread safety: all functions are thread-safe (syslog is; the stderr sink
 *   writes each line with one write(2)). crm_log_open/crm_log_set_level are
 *   called at start-up or under the reload path only.
 */
#ifndef CRM_LOG_H
#define CRM_LOG_H

#include "err.h"

enum crm_log_level { CRM_LOG_DEBUG = 0, CRM_LOG_INFO = 1, CRM_LOG_WARN = 2, CRM_LOG_ERROR = 3 };

/* crm_log_open - use syslog (to_stderr == 0) with facility, else stderr */
void crm_log_open(const char *ident, int facility, int to_stderr);
/* crm_log_facility - syslog facility number for a name ("mail", "local0"...); -1 if unknown */
int crm_log_facility(const char *name);
/* crm_log_set_level - minimum level written */
void crm_log_set_level(int level);
void crm_log_close(void);

void crm_log_debug(const char *fmt, ...) CRM_PRINTF(1, 2);
void crm_log_info(const char *fmt, ...) CRM_PRINTF(1, 2);
void crm_log_warn(const char *fmt, ...) CRM_PRINTF(1, 2);
void crm_log_error(const char *fmt, ...) CRM_PRINTF(1, 2);
_Noreturn void crm_panic(const char *fmt, ...) CRM_PRINTF(1, 2);

#endif
