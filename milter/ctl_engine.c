/*
 * ctl_engine.c - careerrelayctl dry-run and classify: run the engine on
 * messages from files, exactly as the milter would, and record nothing.
 *
 * A file whose line ends are all bare LF (a message saved on Unix) is given
 * to the engine with CRLF line ends, as an MTA hands a message to a milter,
 * and dry-run writes the result back with LF line ends. Input beyond
 * MaxMessageSize is not held: the engine sees the first MaxMessageSize + 1
 * bytes (and says "too-large"), and the rest is copied through unchanged.
 *
 * Suppression: when the configured database (or -d) exists and opens
 * read-only, an injection's candidates are checked against its suppression
 * list by the milter's own rule (suppress.h, through crm_ledger_suppressed):
 * suppressed candidates are dropped, and when none is left the message
 * passes with reason "suppressed". Without a usable database nothing is
 * checked, silently; the database is never created or written.
 */
#include "ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "alloc.h"
#include "buf.h"
#include "ctl_util.h"
#include "engine.h"
#include "hdr.h"
#include "ledger.h"
#include "suppress.h"
#include "token.h"

#define CTL_MAX_RCPTS  1000
#define CTL_HDR_FIELDS 10000

struct ctl_dry {
    int json; /* --json given (refused) */
    const char *from;
    const char *rcpts[CTL_MAX_RCPTS];
    size_t nrcpts;
    const char *token;
    const char *file;
};

/* one input message */
struct ctl_msg {
    int fd;
    struct crm_buf raw; /* the first cap bytes of the input */
    int more;           /* raw is full: input may continue beyond it */
    int lf_mode;        /* raw uses bare LF line ends only; msg is its CRLF form */
    struct crm_buf msg; /* what the engine sees */
};

/* the envelope taken from the header when not given */
struct ctl_env {
    struct crm_buf from, rcpts; /* normalised; rcpts separated by '\n' */
    const char *list[CTL_MAX_RCPTS];
    struct crm_envelope env;
};

static const char ctl_dry_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] dry-run [--from ADDRESS]\n"
    "                      [--rcpt ADDRESS]... [--token TOKEN] [FILE|-]\n"
    "Run the engine on one message (FILE, or standard input) as the milter would:\n"
    "write the message as it would leave to standard output, byte for byte, and\n"
    "one line to standard error: the verdict, the reason, the score and the rules.\n"
    "Suppressed candidates are left out as the milter does, when the ledger\n"
    "database exists and can be read. Nothing is recorded. No JSON form.\n"
    "  --from ADDRESS  envelope sender (default: the From: address)\n"
    "  --rcpt ADDRESS  envelope recipient, repeatable (default: the To: and Cc:\n"
    "                  addresses)\n"
    "  --token TOKEN   use TOKEN (a UUID v4) instead of a fresh token (for tests)\n";

static const char ctl_classify_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] classify [--json] FILE...\n"
    "Run the engine on each message file (envelope from From:, To: and Cc:) and\n"
    "print one line per file: \"FILE: inject|pass reason=... score=... rules=...\".\n"
    "Suppressed candidates are left out as in dry-run. Nothing is changed or\n"
    "recorded.\n"
    "  --json  a JSON array with one object per file: file, verdict, reason,\n"
    "          score, rules, lang, template, parts, candidates, token, forced,\n"
    "          tags (or file and error)\n";

/* ctl_read_msg - read at most cap bytes of m->fd into m->raw */
static int
ctl_read_msg(struct ctl_msg *m, size_t cap)
{
    char chunk[65536];
    ssize_t n;
    size_t want;

    crm_buf_init(&m->raw, cap);
    while (m->raw.len < cap) {
        want = cap - m->raw.len < sizeof(chunk) ? cap - m->raw.len : sizeof(chunk);
        n = read(m->fd, chunk, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return CRM_EIO;
        if (n == 0)
            return crm_buf_append(&m->raw, "", 0);
        if (crm_buf_append(&m->raw, chunk, (size_t)n) != CRM_OK)
            return CRM_ENOMEM;
    }
    m->more = 1;
    return CRM_OK;
}

/* ctl_lf_to_crlf - the CRLF form of a bare-LF message (when it has no CR at all) */
static int
ctl_lf_to_crlf(struct ctl_msg *m)
{
    const char *s = crm_buf_cstr(&m->raw);
    size_t i, n = m->raw.len;
    int rc = CRM_OK;

    m->lf_mode = !m->more && memchr(s, '\r', n) == NULL && memchr(s, '\n', n) != NULL;
    crm_buf_init(&m->msg, 2 * n + 1);
    if (!m->lf_mode)
        return crm_buf_append(&m->msg, s, n);
    for (i = 0; rc == CRM_OK && i < n; i++) {
        if (s[i] == '\n')
            rc = crm_buf_putc(&m->msg, '\r');
        if (rc == CRM_OK)
            rc = crm_buf_putc(&m->msg, s[i]);
    }
    return rc;
}

/* ctl_msg_fini - release a message and close its file */
static void
ctl_msg_fini(struct ctl_msg *m)
{
    if (m->fd > 0)
        close(m->fd);
    m->fd = -1;
    crm_buf_fini(&m->raw);
    crm_buf_fini(&m->msg);
}

/* ctl_msg_load - open (or stdin), read and prepare a message; prints the
 * error, also into err (may be NULL) */
static int
ctl_msg_load(const char *file, size_t max, struct ctl_msg *m, struct crm_err *err)
{
    int rc;

    memset(m, 0, sizeof(*m));
    crm_buf_init(&m->msg, 0);
    m->fd = (file == NULL || strcmp(file, "-") == 0) ? 0 : open(file, O_RDONLY);
    if (m->fd < 0) {
        const char *why = strerror(errno);

        crm_err_set(err, CRM_EIO, "%s: %s", file, why);
        fprintf(stderr, "careerrelayctl: %s: %s\n", file, why);
        return 1;
    }
    rc = ctl_read_msg(m, max + 1);
    if (rc == CRM_OK)
        rc = ctl_lf_to_crlf(m);
    if (rc != CRM_OK) {
        const char *why = rc == CRM_EIO ? strerror(errno) : crm_strerror(rc);

        crm_err_set(err, rc, "%s: %s", file ? file : "-", why);
        fprintf(stderr, "careerrelayctl: %s: %s\n", file ? file : "-", why);
        return 1;
    }
    return 0;
}

/* ctl_header_addrs - addresses of every field named name into out ('\n'-separated) */
static int
ctl_header_addrs(const struct crm_hdrs *h, const char *name, int all, struct crm_buf *out)
{
    const struct crm_hdr_field *f;
    struct crm_buf v;
    size_t i;
    int rc = CRM_OK;

    for (i = 0; rc == CRM_OK && (f = crm_hdrs_find(h, name, i)) != NULL; i++) {
        crm_buf_init(&v, 1u << 20);
        rc = crm_hdr_unfold(f->value, &v);
        if (rc == CRM_OK && out->len > 0 && all)
            rc = crm_buf_putc(out, '\n');
        if (rc == CRM_OK)
            rc = crm_addr_from_header(crm_buf_cstr(&v), v.len, all, out);
        crm_buf_fini(&v);
        if (rc == CRM_EINVAL || rc == CRM_EPARSE)
            rc = CRM_OK;
        if (!all && out->len > 0)
            break;
    }
    return rc;
}

/* ctl_env_split - point env.rcpts at the '\n'-separated addresses (in place) */
static void
ctl_env_split(struct ctl_env *e)
{
    char *s = e->rcpts.p, *nl;

    e->env.rcpts = e->list;
    e->env.nrcpts = 0;
    while (s != NULL && *s != '\0' && e->env.nrcpts < CTL_MAX_RCPTS) {
        nl = strchr(s, '\n');
        if (nl != NULL)
            *nl = '\0';
        if (*s != '\0')
            e->list[e->env.nrcpts++] = s;
        s = nl != NULL ? nl + 1 : NULL;
    }
}

/* ctl_env_build - the envelope: given values, else From / To + Cc of the header */
static int
ctl_env_build(const struct crm_buf *msg, const struct ctl_dry *d, struct ctl_env *e)
{
    struct crm_hdrs h;
    size_t bs = 0, i;
    unsigned an = 0;
    int rc;

    memset(e, 0, sizeof(*e));
    crm_buf_init(&e->from, 4096);
    crm_buf_init(&e->rcpts, 1u << 20);
    crm_hdrs_init(&h);
    rc = crm_hdrs_parse(crm_buf_cstr(msg), 0, msg->len, 0, CTL_HDR_FIELDS, &h, &bs, &an);
    if (rc == CRM_ELIMIT)
        rc = CRM_OK;
    if (rc == CRM_OK && (d == NULL || d->from == NULL))
        rc = ctl_header_addrs(&h, "From", 0, &e->from);
    else if (rc == CRM_OK)
        rc = crm_buf_puts(&e->from, d->from);
    if (rc == CRM_OK && (d == NULL || d->nrcpts == 0)) {
        rc = ctl_header_addrs(&h, "To", 1, &e->rcpts);
        if (rc == CRM_OK)
            rc = ctl_header_addrs(&h, "Cc", 1, &e->rcpts);
        ctl_env_split(e);
    } else if (rc == CRM_OK) {
        e->env.rcpts = e->list;
        for (i = 0; i < d->nrcpts; i++)
            e->list[i] = d->rcpts[i];
        e->env.nrcpts = d->nrcpts;
    }
    crm_hdrs_fini(&h);
    e->env.sender = crm_buf_cstr(&e->from);
    return rc;
}

/* ctl_env_fini - release an envelope */
static void
ctl_env_fini(struct ctl_env *e)
{
    crm_buf_fini(&e->from);
    crm_buf_fini(&e->rcpts);
}

/* ctl_write_all - write n bytes to fd; 0 or -1 */
static int
ctl_write_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* ctl_write_out - write the output (back to LF when the input was LF) then the rest of fd */
static int
ctl_write_out(struct ctl_msg *m, const struct crm_buf *out)
{
    const char *s = crm_buf_cstr(out), *end = s + out->len, *p = s;
    char chunk[65536];
    ssize_t n;

    while (m->lf_mode && p < end) {
        const char *cr = memchr(p, '\r', (size_t)(end - p));

        if (cr == NULL || cr + 1 >= end || cr[1] != '\n')
            break;
        if (ctl_write_all(1, p, (size_t)(cr - p)) != 0)
            return -1;
        p = cr + 1;
    }
    if (ctl_write_all(1, p, (size_t)(end - p)) != 0)
        return -1;
    while (m->more && (n = read(m->fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || ctl_write_all(1, chunk, (size_t)n) != 0)
            return -1;
    }
    return 0;
}

/* ctl_suppress_open - the ledger for suppression lookups, read-only; NULL
 * when the database does not exist or cannot be opened (nothing is checked) */
static struct crm_ledger *
ctl_suppress_open(struct ctl_ctx *ctx)
{
    struct crm_ledger *l = NULL;
    const char *path = ctl_db_path(ctx);
    struct crm_err err;

    if (path == NULL || access(path, F_OK) != 0)
        return NULL;
    if (crm_ledger_open(path, CRM_LEDGER_READONLY, ctx->cfg->db_busy_ms,
                        ctx->cfg->referrals_per_slot, &l, &err) != CRM_OK)
        return NULL;
    return l;
}

/* ctl_suppress - an injection's candidates through the suppression list, as the milter */
static int
ctl_suppress(struct crm_ledger *l, struct crm_result *res, struct crm_err *err)
{
    unsigned char *kept;
    int rc;

    if (l == NULL || !res->inject || res->ncandidates == 0)
        return CRM_OK;
    kept = crm_malloc(res->ncandidates);
    if (kept == NULL)
        return crm_err_set(err, CRM_ENOMEM, "suppression list: out of memory");
    rc =
        crm_ledger_suppressed(l, (const char *const *)res->candidates, res->ncandidates, kept, err);
    if (rc == CRM_OK)
        crm_suppress_apply(res, kept);
    crm_free(kept);
    return rc;
}

/* ctl_run - run the engine on m with envelope e, then the suppression list
 * of l (may be NULL); OUT res (initialised by caller) */
static int
ctl_run(struct ctl_ctx *ctx, struct crm_ledger *l, struct ctl_msg *m, const struct ctl_dry *d,
        struct crm_result *res, struct crm_err *err)
{
    struct ctl_env e;
    int rc;

    rc = ctl_env_build(&m->msg, d, &e);
    if (rc == CRM_OK && d != NULL && d->token != NULL)
        snprintf(res->token, sizeof(res->token), "%s", d->token);
    if (rc == CRM_OK)
        rc = crm_engine_run(ctx->cfg, crm_buf_cstr(&m->msg), m->msg.len, &e.env, res, err);
    else
        crm_err_set(err, rc, "envelope: %s", crm_strerror(rc));
    if (rc == CRM_OK)
        rc = ctl_suppress(l, res, err);
    ctl_env_fini(&e);
    return rc;
}

/* ctl_dry_args - parse dry-run arguments; 0 ok, 1 help printed, 2 usage error */
static int
ctl_dry_args(int argc, char **argv, struct ctl_dry *d)
{
    int i;

    memset(d, 0, sizeof(*d));
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(ctl_dry_usage, stdout);
            return 1;
        } else if (strcmp(a, "--json") == 0) {
            d->json = 1;
        } else if ((strcmp(a, "--from") == 0 || strcmp(a, "--rcpt") == 0 ||
                    strcmp(a, "--token") == 0) &&
                   i + 1 < argc) {
            if (a[2] == 'f')
                d->from = argv[++i];
            else if (a[2] == 't')
                d->token = argv[++i];
            else if (d->nrcpts < CTL_MAX_RCPTS)
                d->rcpts[d->nrcpts++] = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "careerrelayctl: dry-run: unknown or incomplete option %s\n%s", a,
                    ctl_dry_usage);
            return 2;
        } else if (d->file == NULL) {
            d->file = a;
        } else {
            fputs(ctl_dry_usage, stderr);
            return 2;
        }
    }
    if (d->token != NULL && !crm_token_valid(d->token)) {
        fprintf(stderr, "careerrelayctl: dry-run: --token %s: not a UUID v4 token\n", d->token);
        return 2;
    }
    return 0;
}

/* ctl_dry_emit - write the message as it leaves and the describe line */
static int
ctl_dry_emit(struct ctl_msg *m, const struct crm_result *res, int ok)
{
    struct crm_buf out, line;
    int rc = CRM_OK, status = ok ? 0 : 1;

    crm_buf_init(&out, (size_t)1 << 31);
    crm_buf_init(&line, 4096);
    if (ok)
        rc = crm_result_apply(crm_buf_cstr(&m->msg), m->msg.len, res, 0, &out);
    else
        rc = crm_buf_append(&out, crm_buf_cstr(&m->msg), m->msg.len);
    if (rc == CRM_OK && ok)
        rc = crm_result_describe(res, &line);
    if (rc != CRM_OK || ctl_write_out(m, &out) != 0) {
        fprintf(stderr, "careerrelayctl: dry-run: cannot write the message: %s\n",
                rc != CRM_OK ? crm_strerror(rc) : strerror(errno));
        status = 1;
    } else if (ok) {
        fprintf(stderr, "%s\n", crm_buf_cstr(&line));
    }
    crm_buf_fini(&out);
    crm_buf_fini(&line);
    return status;
}

/* ctl_cmd_dry_run - careerrelayctl dry-run */
int
ctl_cmd_dry_run(struct ctl_ctx *ctx, int argc, char **argv)
{
    struct ctl_dry d;
    struct ctl_msg m;
    struct crm_result res;
    struct crm_err err;
    int status, rc;

    struct crm_ledger *l;

    status = ctl_dry_args(argc, argv, &d);
    if (status != 0)
        return status == 1 ? 0 : 2;
    if (ctx->json || d.json)
        return ctl_no_json("dry-run", ctl_dry_usage);
    if (ctl_load_config(ctx) != 0)
        return 1;
    if (ctl_msg_load(d.file, ctx->cfg->max_message_size, &m, NULL) != 0) {
        ctl_msg_fini(&m);
        return 1;
    }
    l = ctl_suppress_open(ctx);
    crm_result_init(&res);
    crm_err_clear(&err);
    rc = ctl_run(ctx, l, &m, &d, &res, &err);
    crm_ledger_close(l);
    if (rc != CRM_OK)
        fprintf(stderr, "careerrelayctl: dry-run: %s: %s (message left unchanged)\n",
                d.file ? d.file : "-", err.msg);
    status = ctl_dry_emit(&m, &res, rc == CRM_OK);
    crm_result_fini(&res);
    ctl_msg_fini(&m);
    return status;
}

/* ctl_result_json - one classify object (no newline) */
static int
ctl_result_json(const char *file, const struct crm_result *res, struct crm_buf *o)
{
    char tok[CRM_TOKEN_SHORT_LEN + 1] = "";
    int bad;

    if (res->inject)
        crm_token_short(res->token, tok);
    bad =
        crm_buf_puts(o, "{\"file\": ") != CRM_OK || ctl_json_str(o, file) ||
        crm_buf_appendf(
            o, ", \"verdict\": \"%s\", \"reason\": ", res->inject ? "inject" : "pass") != CRM_OK ||
        ctl_json_str(o, res->inject      ? NULL
                        : res->reason[0] ? res->reason
                                         : "none") ||
        crm_buf_appendf(o, ", \"score\": %d, \"rules\": ", res->verdict.score) != CRM_OK ||
        ctl_json_str(o, res->verdict.fired) || crm_buf_puts(o, ", \"lang\": ") != CRM_OK ||
        ctl_json_str(o, res->lang[0] ? res->lang : NULL) ||
        crm_buf_puts(o, ", \"template\": ") != CRM_OK ||
        ctl_json_str(o, res->inject ? res->tmpl : NULL) ||
        crm_buf_appendf(o, ", \"parts\": %u, \"candidates\": %zu, \"token\": ", res->parts_changed,
                        res->ncandidates) != CRM_OK ||
        ctl_json_str(o, res->inject ? tok : NULL) ||
        crm_buf_appendf(o, ", \"forced\": %s, \"tags\": ", res->forced ? "true" : "false") !=
            CRM_OK ||
        ctl_json_list(o, res->tags, ',') || crm_buf_putc(o, '}') != CRM_OK;
    return bad ? CRM_ENOMEM : CRM_OK;
}

/* ctl_classify_out - the line, or the JSON object after sep, for one file */
static int
ctl_classify_out(const char *file, const struct crm_result *res, const char *error, const char *sep,
                 int json)
{
    struct crm_buf o;
    int rc = CRM_OK, status;

    crm_buf_init(&o, 1u << 20);
    if (json)
        rc = crm_buf_puts(&o, sep);
    if (rc == CRM_OK && json && error != NULL)
        rc = crm_buf_puts(&o, "{\"file\": ") != CRM_OK || ctl_json_str(&o, file) ||
                     crm_buf_puts(&o, ", \"error\": ") != CRM_OK || ctl_json_str(&o, error) ||
                     crm_buf_putc(&o, '}') != CRM_OK
                 ? CRM_ENOMEM
                 : CRM_OK;
    else if (rc == CRM_OK && json)
        rc = ctl_result_json(file, res, &o);
    else if (rc == CRM_OK && error != NULL)
        rc = crm_buf_appendf(&o, "%s: error %s\n", file, error);
    else if (rc == CRM_OK)
        rc =
            crm_buf_appendf(&o, "%s: ", file) == CRM_OK ? crm_result_describe(res, &o) : CRM_ENOMEM;
    if (rc == CRM_OK && !json && error == NULL)
        rc = crm_buf_putc(&o, '\n');
    status = rc == CRM_OK ? ctl_write(&o) : ctl_oom();
    crm_buf_fini(&o);
    return status;
}

/* ctl_classify_one - print one file's verdict (line or JSON object); 0 ok, 1 failure */
static int
ctl_classify_one(struct ctl_ctx *ctx, struct crm_ledger *l, const char *file, const char *sep,
                 int json)
{
    struct ctl_msg m;
    struct crm_result res;
    struct crm_err err;
    int rc, status;

    crm_result_init(&res);
    crm_err_clear(&err);
    if (ctl_msg_load(file, ctx->cfg->max_message_size, &m, json ? &err : NULL) != 0) {
        ctl_msg_fini(&m);
        status = json ? ctl_classify_out(file, &res, err.msg, sep, 1) : 0;
        crm_result_fini(&res);
        return 1 | status;
    }
    rc = ctl_run(ctx, l, &m, NULL, &res, &err);
    status = ctl_classify_out(file, &res,
                              rc == CRM_OK ? NULL
                              : err.msg[0] ? err.msg
                                           : crm_strerror(rc),
                              sep, json);
    crm_result_fini(&res);
    ctl_msg_fini(&m);
    return rc != CRM_OK ? 1 : status;
}

/* ctl_classify_args - [--json] [--] FILE...: files into files[] (in place); 0, 1 help, 2 usage */
static int
ctl_classify_args(int argc, char **argv, int *json, int *nfiles)
{
    int i, only_files = 0;

    *nfiles = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!only_files && strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (!only_files && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            fputs(ctl_classify_usage, stdout);
            return 1;
        } else if (!only_files && strcmp(a, "--json") == 0) {
            *json = 1;
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "careerrelayctl: classify: unknown option %s\n", a);
            fputs(ctl_classify_usage, stderr);
            return 2;
        } else {
            argv[1 + (*nfiles)++] = argv[i];
        }
    }
    if (*nfiles == 0) {
        fputs(ctl_classify_usage, stderr);
        return 2;
    }
    return 0;
}

/* ctl_cmd_classify - careerrelayctl classify [--json] FILE... */
int
ctl_cmd_classify(struct ctl_ctx *ctx, int argc, char **argv)
{
    struct crm_ledger *l;
    int i, n, json = ctx->json, status;

    status = ctl_classify_args(argc, argv, &json, &n);
    if (status != 0)
        return status == 1 ? 0 : 2;
    if (ctl_load_config(ctx) != 0)
        return 1;
    l = ctl_suppress_open(ctx);
    if (json && (fputs("[", stdout) == EOF))
        status = 1;
    for (i = 1; i <= n; i++)
        status |= ctl_classify_one(ctx, l, argv[i], i == 1 ? "\n  " : ",\n  ", json);
    if (json && fputs("\n]\n", stdout) == EOF)
        status = 1;
    if (fflush(stdout) != 0)
        status = 1;
    crm_ledger_close(l);
    return status;
}
