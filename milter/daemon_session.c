/* daemon_session.c - per-connection and per-message state */
#include "daemon_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "config.h"
#include "snapshot.h"
#include "str.h"

#define SESSION_ADDR_MAX 1024
#define SESSION_KEEP     ((size_t)2 << 20) /* message buffer kept for the next message */

static const char *const session_ctl_names[CRM_CTL_HDR_N] = {"X-CareerRelay", "X-CareerRelay-Tags"};

/* crm_session_new - empty session */
struct crm_session *
crm_session_new(void)
{
    struct crm_session *s = crm_calloc(1, sizeof(*s));

    if (s == NULL)
        return NULL;
    crm_buf_init(&s->msg, 0);
    return s;
}

/* crm_session_free - end the message and free */
void
crm_session_free(struct crm_session *s)
{
    if (s == NULL)
        return;
    crm_session_msg_end(s);
    crm_buf_fini(&s->msg);
    crm_free(s);
}

/* crm_session_set_client - remember the client address in text form */
void
crm_session_set_client(struct crm_session *s, const struct sockaddr *sa)
{
    const void *src = NULL;

    s->client_addr[0] = '\0';
    if (sa == NULL)
        return;
    if (sa->sa_family == AF_INET)
        src = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
        src = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
    if (src == NULL ||
        inet_ntop(sa->sa_family, src, s->client_addr, sizeof(s->client_addr)) == NULL)
        s->client_addr[0] = '\0';
}

/* session_normalize - normalised copy of an address; the lower-cased raw text if it is not one */
static char *
session_normalize(const char *addr)
{
    struct crm_buf b;
    char *out;
    size_t i;

    crm_buf_init(&b, SESSION_ADDR_MAX);
    if (crm_addr_normalize(addr, &b) == CRM_OK)
        return crm_buf_take(&b, NULL);
    crm_buf_fini(&b);
    out = crm_strdup(addr);
    if (out != NULL)
        for (i = 0; out[i] != '\0'; i++)
            out[i] = (char)crm_lower((unsigned char)out[i]);
    return out;
}

/* crm_session_msg_begin - start a message */
int
crm_session_msg_begin(struct crm_session *s, struct crm_snapshot *snap, const char *sender)
{
    const struct crm_config *cfg = crm_snapshot_config(snap);
    struct crm_buf b;

    crm_session_msg_end(s);
    s->snap = snap;
    s->nmsgs++;
    crm_buf_init(&b, SESSION_ADDR_MAX);
    if (sender != NULL && crm_addr_normalize(sender, &b) == CRM_OK)
        s->sender = crm_buf_take(&b, NULL);
    else
        s->sender = crm_strdup("");
    crm_buf_fini(&b);
    if (s->sender == NULL)
        return CRM_ENOMEM;
    crm_buf_reset(&s->msg); /* the allocation kept by crm_session_msg_end, if any */
    s->msg.max = cfg->max_message_size;
    s->mode = CRM_MODE_COLLECT;
    return CRM_OK;
}

/* crm_session_msg_end - drop per-message state */
void
crm_session_msg_end(struct crm_session *s)
{
    size_t i;

    for (i = 0; i < s->nrcpts; i++)
        crm_free(s->rcpts[i]);
    crm_free(s->rcpts);
    crm_free(s->is_cand);
    crm_free(s->sender);
    /* the next message of the connection reuses a buffer of up to
     * SESSION_KEEP bytes instead of growing a new one by doubling */
    if (s->msg.cap <= SESSION_KEEP)
        crm_buf_reset(&s->msg);
    else
        crm_buf_fini(&s->msg);
    crm_snapshot_release(s->snap);
    s->snap = NULL;
    s->rcpts = NULL;
    s->is_cand = NULL;
    s->sender = NULL;
    s->nrcpts = s->rcap = s->ncand = 0;
    memset(s->ctl_hdrs, 0, sizeof(s->ctl_hdrs));
    s->mode = CRM_MODE_IDLE;
    s->pass_reason = NULL;
    s->body_at = 0;
    s->trials = 0;
    s->memo.valid = 0;
    s->early_score = 0;
    crm_free(s->early_rules);
    s->early_rules = NULL;
    s->failed = CRM_OK;
    s->qid[0] = '\0';
}

/* crm_session_config - config of the message's snapshot */
const struct crm_config *
crm_session_config(const struct crm_session *s)
{
    return s->snap != NULL ? crm_snapshot_config(s->snap) : NULL;
}

/* crm_session_pass - stop looking at this message */
void
crm_session_pass(struct crm_session *s, const char *reason)
{
    s->mode = CRM_MODE_PASS;
    s->pass_reason = reason;
    crm_buf_fini(&s->msg);
}

/* crm_session_pass_early - passed by a trial; the buffer is kept for the next message */
int
crm_session_pass_early(struct crm_session *s, const char *reason, int score, const char *rules,
                       size_t at)
{
    char *r = crm_strdup(rules != NULL && rules[0] != '\0' ? rules : "-");

    if (r == NULL)
        return CRM_ENOMEM;
    crm_free(s->early_rules);
    s->early_rules = r;
    s->early_score = score;
    s->early_at = at;
    s->mode = CRM_MODE_PASS;
    s->pass_reason = reason;
    crm_buf_reset(&s->msg);
    return CRM_OK;
}

/* session_mailer_is_local - {rcpt_mailer} values that deliver inside the company */
static int
session_mailer_is_local(const char *mailer)
{
    static const char *const local[] = {"local", "virtual", "lmtp", "error", "discard"};
    size_t i;

    if (mailer == NULL)
        return 0;
    for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
        if (crm_strcaseeq(mailer, local[i]))
            return 1;
    return 0;
}

/* session_grow - room for one more recipient */
static int
session_grow(struct crm_session *s)
{
    size_t ncap = s->rcap ? s->rcap * 2 : 8;
    char **r;
    unsigned char *c;

    if (s->nrcpts < s->rcap)
        return CRM_OK;
    r = crm_realloc(s->rcpts, ncap * sizeof(*r));
    if (r == NULL)
        return CRM_ENOMEM;
    s->rcpts = r;
    c = crm_realloc(s->is_cand, ncap);
    if (c == NULL)
        return CRM_ENOMEM;
    s->is_cand = c;
    s->rcap = ncap;
    return CRM_OK;
}

/* crm_session_add_rcpt - add a recipient and decide whether it is a candidate */
int
crm_session_add_rcpt(struct crm_session *s, const char *rcpt, const char *mailer)
{
    const struct crm_config *cfg = crm_session_config(s);
    char *norm;
    int cand;

    if (s->nrcpts >= CRM_SESSION_MAX_RCPTS)
        return CRM_ELIMIT;
    if (session_grow(s) != CRM_OK)
        return CRM_ENOMEM;
    norm = session_normalize(rcpt != NULL ? rcpt : "");
    if (norm == NULL)
        return CRM_ENOMEM;
    cand = !session_mailer_is_local(mailer) && s->sender[0] != '\0' &&
           crm_addr_is_candidate(norm, s->sender, cfg->internal_domains, cfg->n_internal_domains);
    s->rcpts[s->nrcpts] = norm;
    s->is_cand[s->nrcpts] = (unsigned char)(cand != 0);
    s->nrcpts++;
    if (cand)
        s->ncand++;
    return CRM_OK;
}

/* session_put_value - append a header value with every bare LF made CRLF */
static int
session_put_value(struct crm_buf *b, const char *v)
{
    size_t n = strlen(v), i = 0, lf;
    const char *q;
    int rc = CRM_OK;

    while (rc == CRM_OK && (q = memchr(v + i, '\n', n - i)) != NULL) {
        lf = (size_t)(q - v);
        rc = crm_buf_append(b, v + i, lf - i);
        if (rc == CRM_OK && (lf == 0 || v[lf - 1] != '\r'))
            rc = crm_buf_putc(b, '\r');
        if (rc == CRM_OK)
            rc = crm_buf_putc(b, '\n');
        i = lf + 1;
    }
    return rc == CRM_OK ? crm_buf_append(b, v + i, n - i) : rc;
}

/* crm_session_add_header - append one field as "name:value\r\n" */
int
crm_session_add_header(struct crm_session *s, const char *name, const char *value, int leadspc)
{
    int rc;
    size_t i;

    for (i = 0; i < CRM_CTL_HDR_N; i++)
        if (crm_strcaseeq(name, session_ctl_names[i]))
            s->ctl_hdrs[i]++;
    if (s->mode != CRM_MODE_COLLECT)
        return CRM_OK;
    rc = crm_buf_puts(&s->msg, name);
    if (rc == CRM_OK)
        rc = crm_buf_puts(&s->msg, leadspc ? ":" : ": ");
    if (rc == CRM_OK)
        rc = session_put_value(&s->msg, value != NULL ? value : "");
    if (rc == CRM_OK)
        rc = crm_buf_puts(&s->msg, "\r\n");
    return rc;
}

/* crm_session_end_headers - the empty line between header and body */
int
crm_session_end_headers(struct crm_session *s)
{
    int rc;

    if (s->mode != CRM_MODE_COLLECT)
        return CRM_OK;
    rc = crm_buf_puts(&s->msg, "\r\n");
    s->body_at = s->msg.len;
    return rc;
}

/* crm_session_add_body - append one body chunk */
int
crm_session_add_body(struct crm_session *s, const unsigned char *p, size_t n)
{
    if (s->mode != CRM_MODE_COLLECT)
        return CRM_OK;
    return crm_buf_append(&s->msg, p, n);
}

/* crm_session_set_qid - copy the queue id */
void
crm_session_set_qid(struct crm_session *s, const char *qid)
{
    if (qid != NULL && qid[0] != '\0')
        snprintf(s->qid, sizeof(s->qid), "%s", qid);
}

/* crm_session_qid - queue id or NOQUEUE */
const char *
crm_session_qid(const struct crm_session *s)
{
    return s->qid[0] != '\0' ? s->qid : "NOQUEUE";
}

/* crm_session_ctl_name - name of a control header (index < CRM_CTL_HDR_N) */
const char *
crm_session_ctl_name(unsigned i)
{
    return i < CRM_CTL_HDR_N ? session_ctl_names[i] : "";
}
