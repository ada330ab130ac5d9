/*
 * daemon_apply.h - the one place that edits a message: end-of-message work
 * and the OnError policy, on behalf of daemon_callbacks.c.
 *
 * crm_apply_eom follows engine.h's "What the caller does with a result":
 * suppressed candidates are removed from the envelope, the engine runs, an
 * invitation is recorded durably FIRST, and only then are the header edits
 * sent, all of them before the body replacement (<= 64 KB per call). If the
 * record fails, only the internal edits (removal of our control headers)
 * are applied and OnError decides (accept: continue unchanged; tempfail).
 * DryRun logs "would-inject" and changes nothing.
 *
 * Every considered message gets exactly one log line starting with its
 * queue id ("QID: action=inject|pass|would-inject|error ...").
 *
 * Ownership: the session stays owned by the caller.
 * Thread safety: called from the thread serving the session's connection.
 */
#ifndef CRM_DAEMON_APPLY_H
#define CRM_DAEMON_APPLY_H

#include <libmilter/mfapi.h>

struct crm_session;

/*
 * crm_apply_trial - after a body chunk was collected: on a large message,
 * try to decide early (crm_engine_trial); when the message certainly
 * passes, it stops being collected (mode PASS) and eom logs the trial's
 * score and rules. Never fails: on any error the end of message decides.
 */
void crm_apply_trial(struct crm_session *s);
/* crm_apply_eom - end-of-message work; returns the SMFIS_* reply (never REJECT) */
sfsistat crm_apply_eom(SMFICTX *ctx, struct crm_session *s);
/* crm_apply_strip - delete the control headers seen, in reverse order; CRM_EIO on a send failure */
int crm_apply_strip(SMFICTX *ctx, const struct crm_session *s);
/*
 * crm_apply_error - log an internal error (LOG_ERR, with the queue id) and
 * apply OnError: SMFIS_TEMPFAIL, or SMFIS_CONTINUE after stripping our
 * control headers when strip is set (only allowed at eom).
 */
sfsistat crm_apply_error(SMFICTX *ctx, struct crm_session *s, const char *stage, int code,
                         const char *msg, int strip);
/* crm_apply_log_pass - "QID: action=pass reason=R"; when not considered only with LogWhy */
void crm_apply_log_pass(const struct crm_session *s, const char *reason, int considered);

#endif
