/*
 * daemon_session.h - per-connection and per-message state of one MTA
 * connection, attached with smfi_setpriv.
 *
 * A session lives from xxfi_negotiate (or xxfi_connect) to xxfi_close.
 * Per-message state (snapshot reference, envelope, collected message) is
 * set up at xxfi_envfrom and dropped at xxfi_eom, xxfi_abort and xxfi_close
 * (crm_session_msg_end), so a reload applies from the next message, even
 * on the same connection.
 *
 * The message is kept as the engine wants it: header fields rebuilt as
 * "Name:value\r\n" (values exactly as the MTA passed them, with SMFIP_HDR_
 * LEADSPC; folding LFs turned into CRLF), the empty line, then the body as
 * received, all in one crm_buf capped at MaxMessageSize. Past the cap the
 * buffer is dropped and the message is passed unchanged.
 *
 * Ownership: the session owns every string in it; addresses are stored
 *   normalised (addr.h).
 * Thread safety: a session is used by the one thread serving its connection.
 * Errors: CRM_ENOMEM, CRM_ELIMIT.
 */
#ifndef CRM_DAEMON_SESSION_H
#define CRM_DAEMON_SESSION_H

#include <stddef.h>
#include <sys/socket.h>

#include "buf.h"
#include "engine.h"
#include "err.h"

struct crm_snapshot;
struct crm_config;

#define CRM_SESSION_MAX_RCPTS 4096
#define CRM_SESSION_QID_MAX   64

/* which of our control headers were seen (the engine removes them) */
#define CRM_CTL_HDR_INVITE 0 /* X-CareerRelay */
#define CRM_CTL_HDR_TAGS   1 /* X-CareerRelay-Tags */
#define CRM_CTL_HDR_N      2

enum crm_session_mode {
    CRM_MODE_IDLE = 0, /* no message, or a message we do not look at */
    CRM_MODE_COLLECT,  /* collecting headers and body */
    CRM_MODE_STRIP,    /* only remove our control headers at eom */
    CRM_MODE_PASS      /* pass unchanged (too large, error...) */
};

struct crm_session {
    /* per connection */
    unsigned long actions; /* negotiated SMFIF_* */
    unsigned long steps;   /* negotiated SMFIP_* */
    int can_modify;        /* ADDHDRS|CHGHDRS|CHGBODY granted */
    int client_internal;   /* client in InternalHosts, or local (no address) */
    char client_addr[64];  /* text form, "" when unknown */
    unsigned nmsgs;        /* messages started on this connection */

    /* per message */
    struct crm_snapshot *snap; /* held from envfrom to eom/abort/close */
    enum crm_session_mode mode;
    const char *pass_reason; /* static text when mode is PASS or IDLE */
    char *sender;            /* normalised envelope sender ("" for <>) */
    char **rcpts;            /* normalised recipients */
    unsigned char *is_cand;  /* per recipient: 1 if a candidate */
    size_t nrcpts, rcap, ncand;
    unsigned ctl_hdrs[CRM_CTL_HDR_N]; /* control header fields seen */
    struct crm_buf msg;               /* header block + empty line + body */
    size_t body_at;                   /* offset of the body in msg */
    unsigned trials;                  /* early decisions tried on this message */
    int early_score;                  /* passed by a trial (mode PASS): its score */
    char *early_rules;                /* and its rules fired ("-" for none); else NULL */
    size_t early_at;                  /* and the octets of body it had */
    struct crm_engine_memo memo;      /* a trial's verdict, for the end of the message */
    int failed;                       /* crm_status of an internal error while collecting */
    char qid[CRM_SESSION_QID_MAX];
};

/* crm_session_new - empty session, or NULL on ENOMEM */
struct crm_session *crm_session_new(void);
/* crm_session_free - end the message (if any) and free (NULL ok) */
void crm_session_free(struct crm_session *s);

/* crm_session_set_client - remember the client address (NULL sa: local submission) */
void crm_session_set_client(struct crm_session *s, const struct sockaddr *sa);

/*
 * crm_session_msg_begin - start a message: takes snap (a held reference),
 * normalises sender; mode COLLECT. CRM_ENOMEM.
 */
int crm_session_msg_begin(struct crm_session *s, struct crm_snapshot *snap,
                          const char *sender) CRM_WUR;
/* crm_session_msg_end - drop per-message state (snapshot reference included) */
void crm_session_msg_end(struct crm_session *s);
/* crm_session_config - config of the message's snapshot (NULL when none) */
const struct crm_config *crm_session_config(const struct crm_session *s);
/* crm_session_pass - stop looking at this message: mode PASS with reason (static text) */
void crm_session_pass(struct crm_session *s, const char *reason);

/*
 * crm_session_add_rcpt - add an envelope recipient; mailer is {rcpt_mailer}
 * or NULL. Decides whether it is a candidate. Past CRM_SESSION_MAX_RCPTS:
 * CRM_ELIMIT. CRM_ENOMEM.
 */
int crm_session_add_rcpt(struct crm_session *s, const char *rcpt, const char *mailer) CRM_WUR;
/* crm_session_add_header - append "name:value\r\n" (leadspc: value has its own space) */
int crm_session_add_header(struct crm_session *s, const char *name, const char *value,
                           int leadspc) CRM_WUR;
/*
 * crm_session_pass_early - a trial (crm_engine_trial) settled that the
 * message passes: mode PASS with reason (static text), the trial's score and
 * rules and the octets of body it had (at) kept for the log; the body is no
 * longer collected.
 */
int crm_session_pass_early(struct crm_session *s, const char *reason, int score, const char *rules,
                           size_t at) CRM_WUR;
/* crm_session_end_headers - append the empty line */
int crm_session_end_headers(struct crm_session *s) CRM_WUR;
/* crm_session_add_body - append a body chunk (binary) */
int crm_session_add_body(struct crm_session *s, const unsigned char *p, size_t n) CRM_WUR;
/* crm_session_set_qid - copy the queue id (NULL keeps the current one) */
void crm_session_set_qid(struct crm_session *s, const char *qid);
/* crm_session_qid - the queue id, "NOQUEUE" before the MTA gives one */
const char *crm_session_qid(const struct crm_session *s);
/* crm_session_ctl_name - the name of control header i (CRM_CTL_HDR_*) */
const char *crm_session_ctl_name(unsigned i);

#endif
