/*
 * fuzz_engine.c - libFuzzer target for the engine and the splicer.
 *
 * The input is a message; the harness prepends "X-CareerRelay: invite" so
 * that every message the engine accepts is spliced, and runs crm_engine_run
 * with the built-in configuration, a fixed envelope (one external candidate)
 * and a fixed token. Properties (a violation aborts):
 *   - the engine returns CRM_OK and a verdict with a reason when it passes;
 *   - a pass changes no body and leaves only internal (control header) edits;
 *   - an injection: the message as it leaves (crm_result_apply) parses with
 *     no anomaly into the same number of parts of the same types; its header
 *     carries the invitation header once; every part is byte-identical to the
 *     input except changed text/plain or text/html leaves (never attachments),
 *     whose header differs at most in Content-Transfer-Encoding and whose
 *     body decodes and holds the token exactly once; the bytes between parts
 *     are identical; every line ends with CRLF and has at most 998 octets;
 *   - a trial (crm_engine_trial) on a prefix, cut after a line at a quarter,
 *     half and three quarters of the message: when it says pass, the whole
 *     message is not injected; when it leaves a memo, crm_engine_run_memo
 *     gives the same result as crm_engine_run (inject, reason, score, rules,
 *     and the message as it leaves).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codec.h"
#include "config.h"
#include "engine.h"
#include "mime.h"

#define FUZZ_TOKEN "00000000-0000-4000-8000-00000000f022"
#define FUZZ_MAX   (4u << 20)

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_config - the built-in configuration, loaded once */
static const struct crm_config *
fuzz_config(void)
{
    static struct crm_config *cfg;

    if (cfg == NULL)
        fuzz_check(crm_config_defaults(&cfg, NULL) == CRM_OK);
    return cfg;
}

/* fuzz_count - occurrences of the token in the decoded body of part p */
static int
fuzz_count(const char *msg, const struct crm_mime_part *p)
{
    struct crm_buf d;
    const char *s, *end;
    int n = 0, rc = CRM_OK;

    crm_buf_init(&d, FUZZ_MAX * 4);
    if (p->cte == CRM_CTE_QP)
        rc = crm_qp_decode(msg + p->body_start, p->body_end - p->body_start, &d);
    else if (p->cte == CRM_CTE_BASE64)
        rc = crm_b64_decode(msg + p->body_start, p->body_end - p->body_start, &d);
    else
        rc = crm_buf_append(&d, msg + p->body_start, p->body_end - p->body_start);
    fuzz_check(rc == CRM_OK);
    s = crm_buf_cstr(&d);
    end = s + d.len;
    while ((s = memmem(s, (size_t)(end - s), FUZZ_TOKEN, sizeof(FUZZ_TOKEN) - 1)) != NULL) {
        n++;
        s++;
    }
    crm_buf_fini(&d);
    return n;
}

/* fuzz_lines - CRLF line ends only, no line over 998 octets */
static void
fuzz_lines(const char *s, size_t n)
{
    size_t i, col = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\n') {
            fuzz_check(i > 0 && s[i - 1] == '\r');
            col = 0;
        } else if (s[i] != '\r') {
            fuzz_check(++col <= 998);
        }
    }
}

/* fuzz_same_header - part headers equal but for Content-Transfer-Encoding fields */
static void
fuzz_same_header(const struct crm_mime_part *a, const char *in, const struct crm_mime_part *b,
                 const char *out)
{
    size_t i, j = 0;

    for (i = 0; i < a->hdrs.n; i++) {
        const struct crm_hdr_field *fa = &a->hdrs.v[i], *fb;

        if (crm_slice_caseeq(fa->name, "Content-Transfer-Encoding"))
            continue;
        while (j < b->hdrs.n && crm_slice_caseeq(b->hdrs.v[j].name, "Content-Transfer-Encoding"))
            j++;
        fuzz_check(j < b->hdrs.n);
        fb = &b->hdrs.v[j++];
        fuzz_check(fa->len == fb->len && memcmp(in + fa->off, out + fb->off, fa->len) == 0);
    }
}

/* fuzz_compare - out differs from in only inside changed text leaves */
static void
fuzz_compare(const char *in, size_t inlen, const struct crm_buf *out)
{
    struct crm_mime *mi = NULL, *mo = NULL;
    size_t i, pi, po, changed = 0;

    fuzz_check(crm_mime_parse(in, inlen, NULL, &mi, NULL) == CRM_OK);
    fuzz_check(crm_mime_parse(out->p, out->len, NULL, &mo, NULL) == CRM_OK);
    fuzz_check(mo->anomalies == 0 && mo->nparts == mi->nparts);
    pi = mi->parts[0].body_start;
    po = mo->parts[0].body_start;
    for (i = 0; i < mi->nparts; i++) {
        const struct crm_mime_part *a = &mi->parts[i], *b = &mo->parts[i];
        size_t la = a->body_end - a->body_start, lb = b->body_end - b->body_start;

        fuzz_check(strcmp(a->type, b->type) == 0 && strcmp(a->subtype, b->subtype) == 0);
        if (a->nchildren > 0 ||
            (la == lb && memcmp(in + a->body_start, out->p + b->body_start, la) == 0))
            continue;
        changed++;
        fuzz_check(strcmp(a->type, "text") == 0 && !a->is_attachment && !a->in_message);
        fuzz_check(strcmp(a->subtype, "plain") == 0 || strcmp(a->subtype, "html") == 0);
        fuzz_check(fuzz_count(out->p, b) == 1);
        if (i > 0) {
            fuzz_check(a->start - pi == b->start - po);
            fuzz_check(memcmp(in + pi, out->p + po, a->start - pi) == 0);
            fuzz_same_header(a, in, b, out->p);
        }
        pi = a->body_end;
        po = b->body_end;
        if (i > 0 && la == 0 && in[pi] != '\r' && in[pi] != '\n') {
            /* an empty body shares its header's empty line with the boundary: the spliced
             * body ends with a line break of its own, which the boundary now takes */
            fuzz_check(out->p[po] == '\r' && out->p[po + 1] == '\n');
            po += 2;
        }
    }
    fuzz_check(changed > 0);
    fuzz_check(inlen - pi == out->len - po && memcmp(in + pi, out->p + po, inlen - pi) == 0);
    crm_mime_free(mi);
    crm_mime_free(mo);
}

/* fuzz_after - check a result against the input */
static void
fuzz_after(const char *msg, size_t len, const struct crm_result *res)
{
    static const char fuzz_hdr[] = "X-CareerRelay-Invitation: " FUZZ_TOKEN "\r\n";
    const char *h;
    struct crm_buf out, line;
    size_t i;

    crm_buf_init(&line, 4096);
    fuzz_check(crm_result_describe(res, &line) == CRM_OK);
    crm_buf_fini(&line);
    for (i = 0; i < res->nedits; i++)
        fuzz_check(res->inject || res->edits[i].internal);
    if (!res->inject) {
        fuzz_check(res->reason[0] != '\0' && !res->body_changed);
        return;
    }
    fuzz_check(res->body_changed && res->parts_changed > 0);
    crm_buf_init(&out, FUZZ_MAX * 8);
    fuzz_check(crm_result_apply(msg, len, res, 0, &out) == CRM_OK);
    h = memmem(out.p, out.len, fuzz_hdr, sizeof(fuzz_hdr) - 1);
    fuzz_check(h != NULL && (h == out.p || h[-1] == '\n'));
    fuzz_lines(out.p, out.len);
    fuzz_compare(msg, len, &out);
    crm_buf_fini(&out);
}

/* fuzz_applied - the message as it leaves (empty when not injected) */
static void
fuzz_applied(const char *msg, size_t len, const struct crm_result *res, struct crm_buf *out)
{
    crm_buf_init(out, FUZZ_MAX * 8);
    if (res->inject)
        fuzz_check(crm_result_apply(msg, len, res, 0, out) == CRM_OK);
}

/* fuzz_trials - the trial properties, against the whole message's result */
static void
fuzz_trials(const char *msg, size_t len, const struct crm_envelope *env,
            const struct crm_result *whole)
{
    struct crm_buf wout, out;
    int k;

    fuzz_applied(msg, len, whole, &wout);
    for (k = 1; k <= 3; k++) {
        const char *lf = memchr(msg + len * (size_t)k / 4, '\n', len - len * (size_t)k / 4);
        struct crm_engine_memo memo;
        struct crm_result r;
        enum crm_trial trial;

        if (lf == NULL)
            break;
        crm_result_init(&r);
        fuzz_check(crm_engine_trial(fuzz_config(), msg, (size_t)(lf - msg) + 1, env, &trial, &memo,
                                    &r, NULL) == CRM_OK);
        crm_result_fini(&r);
        fuzz_check(trial != CRM_TRIAL_PASS || !whole->inject);
        if (!memo.valid)
            continue;
        crm_result_init(&r);
        memcpy(r.token, FUZZ_TOKEN, sizeof(FUZZ_TOKEN));
        fuzz_check(crm_engine_run_memo(fuzz_config(), msg, len, env, &memo, &r, NULL) == CRM_OK);
        fuzz_applied(msg, len, &r, &out);
        fuzz_check(r.inject == whole->inject && strcmp(r.reason, whole->reason) == 0 &&
                   r.verdict.score == whole->verdict.score &&
                   strcmp(r.verdict.fired, whole->verdict.fired) == 0 && out.len == wout.len &&
                   (out.len == 0 || memcmp(out.p, wout.p, out.len) == 0));
        crm_buf_fini(&out);
        crm_result_fini(&r);
    }
    crm_buf_fini(&wout);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char pre[] = "X-CareerRelay: invite\r\n";
    const char *rcpts[1] = {"candidate@example.net"};
    struct crm_envelope env = {"recruit@example.co.jp", rcpts, 1};
    struct crm_result res;
    struct crm_buf msg;

    if (size > FUZZ_MAX || memmem(data, size, FUZZ_TOKEN, sizeof(FUZZ_TOKEN) - 1) != NULL)
        return 0; /* (an input holding the token would make the count check meaningless) */
    crm_buf_init(&msg, FUZZ_MAX + sizeof(pre));
    fuzz_check(crm_buf_append(&msg, pre, sizeof(pre) - 1) == CRM_OK);
    fuzz_check(crm_buf_append(&msg, data, size) == CRM_OK);
    crm_result_init(&res);
    memcpy(res.token, FUZZ_TOKEN, sizeof(FUZZ_TOKEN));
    fuzz_check(crm_engine_run(fuzz_config(), msg.p, msg.len, &env, &res, NULL) == CRM_OK);
    fuzz_after(msg.p, msg.len, &res);
    fuzz_trials(msg.p, msg.len, &env, &res);
    crm_result_fini(&res);
    crm_buf_fini(&msg);
    return 0;
}
