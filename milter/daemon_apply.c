/* daemon_apply.c - end-of-message work: suppression, engine, durable record, then the edits */
#include "daemon_apply.h"

#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "config.h"
#include "daemon.h"
#include "daemon_session.h"
#include "engine.h"
#include "log.h"
#include "store.h"
#include "suppress.h"
#include "token.h"

#define APPLY_CHUNK   65535 /* MILTER_CHUNK_SIZE: one SMFIR_REPLBODY per call */
#define APPLY_HDR_MAX 65536

/* crm_apply_log_pass - one "pass" line */
void
crm_apply_log_pass(const struct crm_session *s, const char *reason, int considered)
{
    const struct crm_config *cfg = crm_session_config(s);

    if (considered || (cfg != NULL && cfg->log_why))
        crm_log_info("%s: action=pass reason=%s", crm_session_qid(s), reason);
}

/* crm_apply_strip - delete our control headers, last first */
int
crm_apply_strip(SMFICTX *ctx, const struct crm_session *s)
{
    unsigned i, n;
    int rc = CRM_OK;

    for (i = 0; i < CRM_CTL_HDR_N; i++)
        for (n = s->ctl_hdrs[i]; n > 0; n--)
            if (smfi_chgheader(ctx, (char *)crm_session_ctl_name(i), (int)n, NULL) != MI_SUCCESS)
                rc = CRM_EIO;
    return rc;
}

/* crm_apply_error - log at LOG_ERR and apply OnError */
sfsistat
crm_apply_error(SMFICTX *ctx, struct crm_session *s, const char *stage, int code, const char *msg,
                int strip)
{
    const struct crm_config *cfg = crm_session_config(s);
    int tempfail = cfg != NULL && cfg->on_error == CRM_ON_ERROR_TEMPFAIL;

    crm_log_error("%s: action=error stage=%s error=\"%s: %s\" onerror=%s", crm_session_qid(s),
                  stage, crm_strerror(code), msg != NULL ? msg : "",
                  tempfail ? "tempfail" : "accept");
    if (tempfail)
        return SMFIS_TEMPFAIL;
    if (strip && crm_apply_strip(ctx, s) != CRM_OK)
        crm_log_error("%s: cannot remove the control headers", crm_session_qid(s));
    return SMFIS_CONTINUE;
}

/* apply_header - send one header edit (value gets its leading space with HDR_LEADSPC) */
static int
apply_header(SMFICTX *ctx, const struct crm_session *s, const struct crm_hdr_edit *e)
{
    struct crm_buf v;
    int rc = CRM_OK, mi;

    crm_buf_init(&v, APPLY_HDR_MAX);
    if (e->op != CRM_HDR_DELETE) {
        if (s->steps & SMFIP_HDR_LEADSPC)
            rc = crm_buf_putc(&v, ' ');
        if (rc == CRM_OK)
            rc = crm_buf_puts(&v, e->value != NULL ? e->value : "");
        if (rc != CRM_OK)
            return rc;
    }
    if (e->op == CRM_HDR_ADD)
        mi = smfi_addheader(ctx, e->name, v.p);
    else if (e->op == CRM_HDR_CHANGE)
        mi = smfi_chgheader(ctx, e->name, e->index, v.p);
    else
        mi = smfi_chgheader(ctx, e->name, e->index, NULL);
    crm_buf_fini(&v);
    return mi == MI_SUCCESS ? CRM_OK : CRM_EIO;
}

/*
 * apply_body - send the new body: runs of at least APPLY_CHUNK bytes go out
 * straight from the collected message; the rest (the spliced bytes and the
 * unchanged runs around them) is gathered in a staging buffer first, so a
 * small message still takes one SMFIR_REPLBODY and a 1 MB one is not copied.
 */
static int
apply_body(SMFICTX *ctx, const struct crm_session *s, const struct crm_result *res)
{
    struct crm_slice piece;
    size_t total = crm_result_body_len(res, s->msg.len);
    size_t cap = total < APPLY_CHUNK ? total + 1 : APPLY_CHUNK; /* a small body: its size */
    unsigned char *stage = crm_malloc(cap);                     /* before anything is sent */
    size_t i, used = 0, n, sent = 0;
    int rc = stage != NULL ? CRM_OK : CRM_ENOMEM;

    for (i = 0; rc == CRM_OK && crm_result_body_piece(res, s->msg.p, s->msg.len, i, &piece); i++) {
        while (rc == CRM_OK && piece.len > 0) {
            if (used == 0 && piece.len >= APPLY_CHUNK) {
                if (smfi_replacebody(ctx, (unsigned char *)piece.p, APPLY_CHUNK) != MI_SUCCESS)
                    rc = CRM_EIO;
                piece.p += APPLY_CHUNK, piece.len -= APPLY_CHUNK, sent++;
                continue;
            }
            n = cap - used < piece.len ? cap - used : piece.len;
            memcpy(stage + used, piece.p, n);
            used += n, piece.p += n, piece.len -= n;
            if (used == cap) {
                if (smfi_replacebody(ctx, stage, (int)used) != MI_SUCCESS)
                    rc = CRM_EIO;
                used = 0, sent++;
            }
        }
    }
    /* the last part, or an empty body (one empty call replaces it with nothing) */
    if (rc == CRM_OK && (used > 0 || sent == 0) &&
        smfi_replacebody(ctx, stage, (int)used) != MI_SUCCESS)
        rc = CRM_EIO;
    crm_free(stage);
    return rc;
}

/* apply_edits - header edits in order, then the body */
static int
apply_edits(SMFICTX *ctx, const struct crm_session *s, const struct crm_result *res,
            int internal_only)
{
    size_t i;
    int rc = CRM_OK;

    for (i = 0; rc == CRM_OK && i < res->nedits; i++)
        if (!internal_only || res->edits[i].internal)
            rc = apply_header(ctx, s, &res->edits[i]);
    if (rc != CRM_OK || internal_only || !res->body_changed)
        return rc;
    return apply_body(ctx, s, res);
}

/* apply_progress - the store waits (lock, queue): tell the MTA we are alive */
static void
apply_progress(void *ctx)
{
    smfi_progress(ctx);
}

/* apply_record - the invitation, durably, less the suppressed candidates
 * (checked in the same transaction); OUT kept[] as crm_invitation.kept */
static int
apply_record(SMFICTX *ctx, struct crm_store *st, const struct crm_session *s,
             const struct crm_result *res, unsigned char *kept, struct crm_err *err)
{
    struct crm_invitation inv;

    memset(&inv, 0, sizeof(inv));
    inv.token = res->token;
    inv.queue_id = s->qid[0] != '\0' ? s->qid : NULL;
    inv.message_id = res->message_id;
    inv.sender = s->sender;
    inv.lang = res->lang;
    inv.tmpl = res->tmpl;
    inv.score = res->verdict.score;
    inv.rules = res->verdict.fired;
    inv.tags = res->tags;
    inv.rcpts = (const char *const *)res->candidates;
    inv.nrcpts = res->ncandidates;
    inv.skip_suppressed = 1;
    inv.kept = kept;
    inv.progress = apply_progress;
    inv.progress_arg = ctx;
    return crm_store_record(st, &inv, err);
}

/* apply_internal_only - the message passes: remove only our control headers */
static void
apply_internal_only(SMFICTX *ctx, const struct crm_session *s, const struct crm_result *res)
{
    if (apply_edits(ctx, s, res, 1) != CRM_OK)
        crm_log_error("%s: cannot remove the control headers", crm_session_qid(s));
}

/*
 * apply_invite - an injection is due: record first (suppressed candidates
 * left out in the same transaction), only then edit; on failure OnError
 * decides and only the control headers go.
 */
static sfsistat
apply_invite(SMFICTX *ctx, struct crm_session *s, struct crm_result *res)
{
    const struct crm_config *cfg = crm_session_config(s);
    char tshort[CRM_TOKEN_SHORT_LEN + 1];
    struct crm_store *st = NULL;
    unsigned char *kept;
    const char *stage;
    struct crm_err err;
    sfsistat ret;
    int rc;

    crm_token_short(res->token, tshort);
    if (cfg->dry_run) { /* logs "would inject"; no database needed */
        crm_log_info("%s: action=would-inject token=%s candidates=%zu score=%d rules=%s lang=%s",
                     crm_session_qid(s), tshort, res->ncandidates, res->verdict.score,
                     res->verdict.fired, res->lang);
        return SMFIS_CONTINUE;
    }
    crm_err_clear(&err);
    stage = "database";
    kept = crm_malloc(res->ncandidates > 0 ? res->ncandidates : 1);
    rc = kept != NULL ? CRM_OK : crm_err_set(&err, CRM_ENOMEM, "out of memory");
    if (rc == CRM_OK)
        rc = crm_daemon_store(crm_daemon_get(), &st, &err);
    if (rc == CRM_OK) {
        stage = "record";
        rc = apply_record(ctx, st, s, res, kept, &err);
    }
    if (rc != CRM_OK) {
        crm_free(kept);
        ret = crm_apply_error(ctx, s, stage, rc, err.msg, 0);
        if (ret == SMFIS_CONTINUE)
            apply_internal_only(ctx, s, res);
        return ret;
    }
    crm_suppress_apply(res, kept);
    crm_free(kept);
    if (!res->inject) { /* every candidate opted out: nothing was recorded */
        apply_internal_only(ctx, s, res);
        crm_apply_log_pass(s, "suppressed", 1);
        return SMFIS_CONTINUE;
    }
    rc = apply_edits(ctx, s, res, 0);
    if (rc != CRM_OK)
        crm_log_error("%s: action=error stage=edit token=%s error=\"MTA refused an edit after "
                      "the invitation was recorded\"",
                      crm_session_qid(s), tshort);
    crm_log_info("%s: action=inject token=%s candidates=%zu score=%d rules=%s lang=%s parts=%u",
                 crm_session_qid(s), tshort, res->ncandidates, res->verdict.score,
                 res->verdict.fired, res->lang, res->parts_changed);
    return SMFIS_CONTINUE;
}

/* apply_log_scored_pass - the pass line of a classified message; at: octets
 * of body read when a trial decided it (0: decided at end of message) */
static void
apply_log_scored_pass(const struct crm_session *s, const char *reason, int score, const char *rules,
                      size_t at)
{
    const char *r = rules != NULL && rules[0] != '\0' ? rules : "-";

    if (at > 0)
        crm_log_info("%s: action=pass reason=%s score=%d rules=%s decided_at=%zu",
                     crm_session_qid(s), reason, score, r, at);
    else
        crm_log_info("%s: action=pass reason=%s score=%d rules=%s", crm_session_qid(s), reason,
                     score, r);
}

/* apply_candidates - the candidates among the recipients (NULL on ENOMEM); OUT *n */
static const char **
apply_candidates(const struct crm_session *s, size_t *n)
{
    const char **rcpts = crm_calloc(s->ncand + 1, sizeof(*rcpts));
    size_t i;

    *n = 0;
    if (rcpts != NULL)
        for (i = 0; i < s->nrcpts; i++)
            if (s->is_cand[i])
                rcpts[(*n)++] = s->rcpts[i];
    return rcpts;
}

/*
 * Early decisions: a large message whose first body part settles that it
 * passes stops being collected (crm_engine_trial). Tried when the body
 * reaches APPLY_TRIAL_FIRST octets and once more at APPLY_TRIAL_SECOND;
 * messages smaller than the first are classified once, at end of message.
 */
#define APPLY_TRIAL_FIRST  (64u * 1024)
#define APPLY_TRIAL_SECOND (256u * 1024)

/* crm_apply_trial - after a body chunk: pass the message now if a trial can */
void
crm_apply_trial(struct crm_session *s)
{
    const struct crm_config *cfg = crm_session_config(s);
    size_t body = s->msg.len - s->body_at, n;
    enum crm_trial trial = CRM_TRIAL_OPEN;
    const char **rcpts;
    struct crm_result res;
    struct crm_err err;
    int rc;

    if (s->mode != CRM_MODE_COLLECT || s->trials >= 2 ||
        body < (s->trials == 0 ? APPLY_TRIAL_FIRST : APPLY_TRIAL_SECOND))
        return;
    s->trials++;
    if (cfg == NULL || cfg->dry_run || (rcpts = apply_candidates(s, &n)) == NULL)
        return; /* end of message decides, as for a small message */
    crm_err_clear(&err);
    crm_result_init(&res);
    rc = crm_engine_trial(cfg, s->msg.p, s->msg.len, &(struct crm_envelope){s->sender, rcpts, n},
                          &trial, &s->memo, &res, &err);
    crm_free(rcpts);
    /* only the usual outcome: any other reason to pass is left for the end
     * of the message to report, in its own words (eom logs this one) */
    if (rc == CRM_OK && trial == CRM_TRIAL_PASS &&
        strcmp(res.reason, "score-below-threshold") == 0) {
        if (crm_session_pass_early(s, "score-below-threshold", res.verdict.score, res.verdict.fired,
                                   body) != CRM_OK)
            s->trials = 2;
    } else if (rc != CRM_OK || trial != CRM_TRIAL_OPEN) {
        s->trials = 2;
    }
    crm_result_fini(&res);
}

/* apply_collected - a fully collected message: the engine first; the
 * database only when an invitation is due */
static sfsistat
apply_collected(SMFICTX *ctx, struct crm_session *s)
{
    const struct crm_config *cfg = crm_session_config(s);
    const char **rcpts;
    struct crm_result res;
    struct crm_err err;
    sfsistat ret = SMFIS_CONTINUE;
    size_t n;
    int rc;

    rcpts = apply_candidates(s, &n);
    if (rcpts == NULL)
        return crm_apply_error(ctx, s, "eom", CRM_ENOMEM, "candidate list", 1);
    crm_err_clear(&err);
    crm_result_init(&res);
    rc = crm_engine_run_memo(cfg, s->msg.p, s->msg.len, &(struct crm_envelope){s->sender, rcpts, n},
                             &s->memo, &res, &err);
    crm_free(rcpts);
    if (rc != CRM_OK)
        ret = crm_apply_error(ctx, s, "engine", rc, err.msg, 1);
    else if (res.inject)
        ret = apply_invite(ctx, s, &res);
    else {
        if (!cfg->dry_run && apply_edits(ctx, s, &res, 1) != CRM_OK)
            crm_log_error("%s: cannot remove the control headers", crm_session_qid(s));
        apply_log_scored_pass(s, res.reason[0] != '\0' ? res.reason : "not-a-rejection",
                              res.verdict.score, res.verdict.fired, 0);
    }
    crm_result_fini(&res);
    return ret;
}

/* crm_apply_eom - end-of-message work */
sfsistat
crm_apply_eom(SMFICTX *ctx, struct crm_session *s)
{
    const char *reason = s->pass_reason != NULL ? s->pass_reason : "unknown";

    if (crm_session_config(s) == NULL)
        return SMFIS_CONTINUE;
    if (s->failed != CRM_OK)
        return crm_apply_error(ctx, s, reason, s->failed, "while collecting the message", 1);
    if (s->mode == CRM_MODE_COLLECT)
        return apply_collected(ctx, s);
    if (crm_apply_strip(ctx, s) != CRM_OK)
        crm_log_error("%s: cannot remove the control headers", crm_session_qid(s));
    if (s->early_rules != NULL) /* decided by a trial */
        apply_log_scored_pass(s, reason, s->early_score, s->early_rules, s->early_at);
    else
        crm_apply_log_pass(s, reason, s->mode == CRM_MODE_PASS);
    return SMFIS_CONTINUE;
}
