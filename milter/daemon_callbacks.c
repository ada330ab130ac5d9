/* daemon_callbacks.c - the libmilter callbacks: thin adapters over the session and lib/ */
#include "daemon.h"

#include <string.h>

#include <libmilter/mfapi.h>

#include "config.h"
#include "daemon_apply.h"
#include "daemon_session.h"
#include "log.h"
#include "net.h"
#include "snapshot.h"

#define CB_ACTIONS (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY)
#define CB_STEPS                                                                                   \
    (SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_SKIP | SMFIP_NR_HDR | SMFIP_NR_BODY |   \
     SMFIP_HDR_LEADSPC)

/* macros per stage; requesting a list replaces the MTA's own list for that stage */
static const struct {
    int stage;
    const char *macros;
} cb_symlists[] = {
    {SMFIM_CONNECT, "j {daemon_name}"},
    {SMFIM_ENVFROM, "i {auth_authen} {auth_type} {mail_addr}"},
    {SMFIM_ENVRCPT, "i {rcpt_addr} {rcpt_mailer}"},
    {SMFIM_EOH, "i"},
    {SMFIM_EOM, "i {msg_id}"},
};

/* cb_session - the connection's session (created on first use when create is set) */
static struct crm_session *
cb_session(SMFICTX *ctx, int create)
{
    struct crm_session *s = smfi_getpriv(ctx);

    if (s == NULL && create) {
        s = crm_session_new();
        if (s == NULL) {
            crm_log_error("out of memory for a new connection: passing its mail unchanged");
            return NULL;
        }
        if (smfi_setpriv(ctx, s) != MI_SUCCESS) {
            crm_session_free(s);
            return NULL;
        }
    }
    return s;
}

/* cb_finish - end the current message (snapshot released) */
static void
cb_finish(struct crm_session *s)
{
    crm_session_msg_end(s);
}

/* cb_header_reply - NOREPLY when SMFIP_NR_HDR was negotiated */
static sfsistat
cb_header_reply(const struct crm_session *s)
{
    return (s->steps & SMFIP_NR_HDR) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* cb_stop - stop collecting: accept now, or go on to eom (body skipped) to strip control headers */
static sfsistat
cb_stop(SMFICTX *ctx, struct crm_session *s, int rc, const char *reason)
{
    const struct crm_config *cfg = crm_session_config(s);
    int ctl = s->ctl_hdrs[CRM_CTL_HDR_INVITE] + s->ctl_hdrs[CRM_CTL_HDR_TAGS];
    sfsistat st = SMFIS_ACCEPT;

    if (rc == CRM_ENOMEM)
        s->failed = rc;
    crm_session_pass(s, reason);
    if (ctl && !(s->failed && cfg->on_error == CRM_ON_ERROR_TEMPFAIL))
        return (s->steps & SMFIP_SKIP) ? SMFIS_SKIP : SMFIS_CONTINUE;
    if (s->failed)
        st = crm_apply_error(ctx, s, reason, s->failed, crm_strerror(s->failed), 0);
    else
        crm_apply_log_pass(s, reason, 1);
    cb_finish(s);
    return st == SMFIS_TEMPFAIL ? st : SMFIS_ACCEPT;
}

/* cb_negotiate - ask only for the actions, steps and macros we use */
static sfsistat
cb_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2, unsigned long f3,
             unsigned long *pf0, unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
    struct crm_session *s = cb_session(ctx, 1);
    size_t i;

    *pf0 = s != NULL ? f0 & (CB_ACTIONS | SMFIF_SETSYMLIST) : 0;
    *pf1 = f1 & (s != NULL ? CB_STEPS : (SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA));
    *pf2 = *pf3 = 0;
    if (s == NULL)
        return SMFIS_CONTINUE;
    s->actions = *pf0;
    s->steps = *pf1;
    s->can_modify = (*pf0 & CB_ACTIONS) == CB_ACTIONS;
    if (!s->can_modify)
        crm_log_warn("MTA offers actions 0x%lx without header and body changes: "
                     "passing this connection's mail unchanged",
                     f0);
    if (*pf0 & SMFIF_SETSYMLIST)
        for (i = 0; i < sizeof(cb_symlists) / sizeof(cb_symlists[0]); i++)
            if (smfi_setsymlist(ctx, cb_symlists[i].stage, (char *)cb_symlists[i].macros) !=
                MI_SUCCESS)
                crm_log_warn("cannot request macros \"%s\"", cb_symlists[i].macros);
    return SMFIS_CONTINUE;
}

/* cb_connect - remember who the client is */
static sfsistat
cb_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *hostaddr)
{
    struct crm_session *s = cb_session(ctx, 1);

    if (s == NULL)
        return SMFIS_ACCEPT;
    crm_session_set_client(s, hostaddr);
    /* no address (stdin) or a non-IP socket: a local submission */
    s->client_internal =
        hostaddr == NULL || (hostaddr->sa_family != AF_INET && hostaddr->sa_family != AF_INET6);
    return SMFIS_CONTINUE;
}

/* cb_scope - NULL when the message is in scope, else why not */
static const char *
cb_scope(SMFICTX *ctx, const struct crm_session *s)
{
    const struct crm_config *cfg = crm_session_config(s);
    const char *auth = smfi_getsymval(ctx, "{auth_authen}");
    int outgoing = (auth != NULL && auth[0] != '\0') || s->client_internal ||
                   crm_cidr_list_match_text(&cfg->internal_hosts, s->client_addr);

    if (!outgoing)
        return "not-outgoing";
    if (s->sender[0] == '\0')
        return "null-sender";
    if (!crm_config_sender_allowed(cfg, s->sender))
        return "sender-not-listed";
    return NULL;
}

/* cb_envfrom - start a message; accept at once what is out of scope */
static sfsistat
cb_envfrom(SMFICTX *ctx, char **argv)
{
    struct crm_session *s = cb_session(ctx, 0);
    struct crm_snapshot *snap;
    const char *reason;

    if (s == NULL || !s->can_modify)
        return SMFIS_ACCEPT;
    cb_finish(s); /* a message the MTA never ended */
    if (crm_daemon_stopping(crm_daemon_get()))
        return SMFIS_ACCEPT;
    snap = crm_snapshot_acquire(); /* owned by the session from here on */
    if (snap == NULL || crm_session_msg_begin(s, snap, argv[0]) != CRM_OK) {
        crm_log_error("no configuration or memory for a new message: passing it unchanged");
        cb_finish(s);
        return SMFIS_ACCEPT;
    }
    crm_session_set_qid(s, smfi_getsymval(ctx, "i"));
    reason = cb_scope(ctx, s);
    if (reason == NULL)
        return SMFIS_CONTINUE;
    crm_apply_log_pass(s, reason, 0);
    cb_finish(s);
    return SMFIS_ACCEPT;
}

/* cb_envrcpt - one recipient: is it a candidate? */
static sfsistat
cb_envrcpt(SMFICTX *ctx, char **argv)
{
    struct crm_session *s = cb_session(ctx, 0);
    int rc;

    if (s == NULL || s->mode != CRM_MODE_COLLECT)
        return SMFIS_CONTINUE;
    rc = crm_session_add_rcpt(s, argv[0], smfi_getsymval(ctx, "{rcpt_mailer}"));
    if (rc == CRM_ELIMIT)
        return cb_stop(ctx, s, rc, "too-many-recipients");
    if (rc != CRM_OK)
        return cb_stop(ctx, s, rc, "no-memory");
    return SMFIS_CONTINUE;
}

/* cb_header - collect one header field */
static sfsistat
cb_header(SMFICTX *ctx, char *name, char *value)
{
    struct crm_session *s = cb_session(ctx, 0);
    int rc;

    if (s == NULL || s->mode == CRM_MODE_IDLE)
        return s != NULL ? cb_header_reply(s) : SMFIS_CONTINUE;
    rc = crm_session_add_header(s, name, value, (s->steps & SMFIP_HDR_LEADSPC) != 0);
    if (rc == CRM_ELIMIT)
        crm_session_pass(s, "too-large");
    else if (rc != CRM_OK) {
        s->failed = rc;
        crm_session_pass(s, "no-memory");
    }
    return cb_header_reply(s);
}

/* cb_eoh - no external recipient: accept before the body is sent */
static sfsistat
cb_eoh(SMFICTX *ctx)
{
    struct crm_session *s = cb_session(ctx, 0);
    int rc;

    if (s == NULL || s->mode == CRM_MODE_IDLE)
        return SMFIS_CONTINUE;
    crm_session_set_qid(s, smfi_getsymval(ctx, "i"));
    if (s->mode == CRM_MODE_PASS)
        return cb_stop(ctx, s, s->failed, s->pass_reason);
    if (s->ncand == 0) {
        if (s->ctl_hdrs[CRM_CTL_HDR_INVITE] + s->ctl_hdrs[CRM_CTL_HDR_TAGS] > 0) {
            crm_session_pass(s, "no-external-recipient");
            s->mode = CRM_MODE_STRIP;
            return SMFIS_CONTINUE;
        }
        crm_apply_log_pass(s, "no-external-recipient", 0);
        cb_finish(s);
        return SMFIS_ACCEPT;
    }
    rc = crm_session_end_headers(s);
    if (rc != CRM_OK)
        return cb_stop(ctx, s, rc, rc == CRM_ELIMIT ? "too-large" : "no-memory");
    return SMFIS_CONTINUE;
}

/*
 * cb_body_reply - NOREPLY when SMFIP_NR_BODY was negotiated (the MTA streams
 * the body without waiting for a reply to each chunk: 16 round trips fewer
 * for a 1 MB message; libmilter offers the flag even to an MTA that lacks it
 * and then answers each chunk itself); otherwise SKIP once the message is no
 * longer collected
 */
static sfsistat
cb_body_reply(const struct crm_session *s)
{
    if (s->steps & SMFIP_NR_BODY)
        return SMFIS_NOREPLY;
    if (s->mode != CRM_MODE_COLLECT && (s->steps & SMFIP_SKIP))
        return SMFIS_SKIP;
    return SMFIS_CONTINUE;
}

/*
 * cb_body - collect one body chunk (not a C string; copied). As in cb_header,
 * a message that stops being collected here (too large, no memory) is only
 * marked: eom applies its outcome (pass, strip the control headers, OnError)
 * after the MTA has sent the rest of the body. Tests: e2e oversize_passes.lua,
 * oversize_without_nr_body.py.
 */
static sfsistat
cb_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
    struct crm_session *s = cb_session(ctx, 0);
    int rc;

    if (s == NULL)
        return SMFIS_CONTINUE;
    if (s->mode == CRM_MODE_COLLECT && (rc = crm_session_add_body(s, p, n)) != CRM_OK) {
        if (rc == CRM_ENOMEM)
            s->failed = rc;
        crm_session_pass(s, rc == CRM_ELIMIT ? "too-large" : "no-memory");
    }
    crm_apply_trial(s);
    return cb_body_reply(s);
}

/* cb_eom - run the engine and apply its result */
static sfsistat
cb_eom(SMFICTX *ctx)
{
    struct crm_session *s = cb_session(ctx, 0);
    struct crm_daemon *d = crm_daemon_get();
    sfsistat st;

    if (s == NULL || s->mode == CRM_MODE_IDLE)
        return SMFIS_CONTINUE;
    crm_session_set_qid(s, smfi_getsymval(ctx, "i"));
    if (!crm_daemon_eom_begin(d)) {
        crm_apply_log_pass(s, "stopping", 1);
        cb_finish(s);
        return SMFIS_CONTINUE;
    }
    st = crm_apply_eom(ctx, s);
    cb_finish(s);
    crm_daemon_eom_end(d);
    return st;
}

/* cb_abort - the MTA dropped the message */
static sfsistat
cb_abort(SMFICTX *ctx)
{
    struct crm_session *s = cb_session(ctx, 0);

    if (s != NULL && s->mode != CRM_MODE_IDLE) {
        crm_log_debug("%s: message aborted by the MTA", crm_session_qid(s));
        cb_finish(s);
    }
    return SMFIS_CONTINUE;
}

/* cb_close - end of the connection (priv may be NULL) */
static sfsistat
cb_close(SMFICTX *ctx)
{
    struct crm_session *s = cb_session(ctx, 0);

    if (s != NULL) {
        cb_finish(s);
        crm_session_free(s);
        smfi_setpriv(ctx, NULL);
    }
    return SMFIS_CONTINUE;
}

static struct smfiDesc cb_desc = {
    .xxfi_name = CRM_DAEMON_NAME,
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = CB_ACTIONS | SMFIF_SETSYMLIST,
    .xxfi_connect = cb_connect,
    .xxfi_helo = NULL,
    .xxfi_envfrom = cb_envfrom,
    .xxfi_envrcpt = cb_envrcpt,
    .xxfi_header = cb_header,
    .xxfi_eoh = cb_eoh,
    .xxfi_body = cb_body,
    .xxfi_eom = cb_eom,
    .xxfi_abort = cb_abort,
    .xxfi_close = cb_close,
    .xxfi_unknown = NULL,
    .xxfi_data = NULL,
    .xxfi_negotiate = cb_negotiate,
};

/* crm_daemon_filter - the filter description */
const struct smfiDesc *
crm_daemon_filter(void)
{
    return &cb_desc;
}
