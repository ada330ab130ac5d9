/* ctl_ledger.c - careerrelayctl balance, invitations, redeem, adjust, report, export */
#include "ctl_ledger.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "ctl_util.h"
#include "isodate.h"
#include "str.h"

#define LEDGER_OUT_MAX    ((size_t)1 << 30)
#define LEDGER_MAX_ADJUST 1000000

static const char balance_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] balance [--json]\n"
    "Show the free-hire balance: distinct candidates referred, invitations sent,\n"
    "slots earned (one per ReferralsPerSlot distinct candidates), redeemed,\n"
    "adjusted and available, and how many more candidates the next slot needs.\n"
    "  --json  one JSON object: referred, invitations, earned, redeemed, adjusted,\n"
    "          available, next_slot_in, referrals_per_slot\n";

static const char invitations_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] invitations [--since DATE]\n"
    "                      [--until DATE] [--tag TAG] [--to ADDRESS|@DOMAIN] [--json]\n"
    "List invitations, newest first. DATE is YYYY-MM-DD (a UTC day; --until\n"
    "includes the whole day) or ISO 8601 (2026-03-01T09:00:00+09:00).\n"
    "  --since DATE   created at or after DATE\n"
    "  --until DATE   created at or before DATE\n"
    "  --tag TAG      carrying the ATS tag TAG\n"
    "  --to ADDRESS   sent to ADDRESS (or to anyone at @DOMAIN)\n"
    "  --json         a JSON array of objects\n";

static const char redeem_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] redeem [--note TEXT] [--json]\n"
    "Spend one free-hire slot and show the new balance. With no slot available,\n"
    "say so, change nothing and exit 1.\n"
    "  --note TEXT  recorded with the redemption (e.g. the hire's reference)\n"
    "  --json       the new balance as a JSON object (with no slot available: the\n"
    "               unchanged balance, exit 1)\n";

static const char adjust_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] adjust N --note TEXT [--json]\n"
    "Record a manual correction of N slots (positive or negative, not zero) in\n"
    "the ledger, with the reason, and show the new balance.\n"
    "  --note TEXT  why (required)\n"
    "  --json       the new balance as a JSON object\n";

static const char report_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] report [--by month|tag]\n"
    "                      [--since DATE] [--until DATE] [--json]\n"
    "Invitations, new candidates and slots earned per month (default) or per ATS\n"
    "tag, with totals. By tag, an invitation with two tags counts under both, so\n"
    "the rows can add up to more than the total. DATE is YYYY-MM-DD (a UTC day;\n"
    "--until includes the whole day) or ISO 8601.\n"
    "  --since DATE  invitations sent, and candidates first invited, at or after DATE\n"
    "  --until DATE  ... at or before DATE\n"
    "  --json        a JSON object: by, rows, total\n";

static const char export_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] export --format csv|json\n"
    "                      [--since DATE] [--until DATE]\n"
    "Write invitations with their recipients, oldest first, for HR's records.\n"
    "CSV (RFC 4180, CRLF, header row): one row per recipient. JSON: an array of\n"
    "invitations, each with its list of recipients. DATE is YYYY-MM-DD (a UTC\n"
    "day; --until includes the whole day) or ISO 8601.\n"
    "  --format csv|json  the output format (--json alone means --format json)\n"
    "  --since DATE       created at or after DATE\n"
    "  --until DATE       created at or before DATE\n";

/* ctl_usage_error - usage to stderr, status 2 */
int
ctl_usage_error(const char *usage)
{
    fputs(usage, stderr);
    return 2;
}

/* ctl_help - usage to stdout, status 0 */
int
ctl_help(const char *usage)
{
    fputs(usage, stdout);
    return 0;
}

/* ctl_command_begin - options of one command, --help answered, and with
 * no_args_cmd, positional arguments refused; -1 to go on, else the status */
int
ctl_command_begin(int argc, char **argv, const struct ctl_opt *opts, size_t nopts,
                  const char *usage, const char *no_args_cmd, struct ctl_args *a)
{
    if (ctl_opt_parse(argc, argv, opts, nopts, a) != 0)
        return ctl_usage_error(usage);
    if (a->help)
        return ctl_help(usage);
    if (no_args_cmd != NULL && a->npos != 0) {
        fprintf(stderr, "careerrelayctl: %s: unexpected argument %s\n", no_args_cmd, a->pos[0]);
        return ctl_usage_error(usage);
    }
    return -1;
}

/* ctl_ledger_open_err - the ledger named by -d or the configuration; 0, 1 or 2 (OUT err) */
int
ctl_ledger_open_err(struct ctl_ctx *ctx, struct crm_ledger **out, struct crm_err *err)
{
    const char *path;

    *out = NULL;
    if (ctl_load_config(ctx) != 0 || (path = ctl_db_path(ctx)) == NULL)
        return 1;
    crm_err_clear(err);
    if (crm_ledger_open(path, 0, ctx->cfg->db_busy_ms, ctx->cfg->referrals_per_slot, out, err) !=
        CRM_OK)
        return 2;
    return 0;
}

/* ctl_ledger_open - the ledger named by -d or the configuration */
int
ctl_ledger_open(struct ctl_ctx *ctx, struct crm_ledger **out)
{
    struct crm_err err;
    int status = ctl_ledger_open_err(ctx, out, &err);

    if (status == 2)
        fprintf(stderr, "careerrelayctl: %s\n", err.msg);
    return status == 0 ? 0 : 1;
}

/* ledger_error - one line on stderr; status 1 */
static int
ledger_error(const struct crm_err *err)
{
    fprintf(stderr, "careerrelayctl: %s\n", err->msg);
    return 1;
}

/* ledger_balance_json - the balance object, keys in the documented order */
static int
ledger_balance_json(const struct crm_balance *b, struct crm_buf *out)
{
    return crm_buf_appendf(out,
                           "{\"referred\": %lld, \"invitations\": %lld, \"earned\": %lld, "
                           "\"redeemed\": %lld, \"adjusted\": %lld, \"available\": %lld, "
                           "\"next_slot_in\": %lld, \"referrals_per_slot\": %lld}\n",
                           (long long)b->referred, (long long)b->invitations, (long long)b->earned,
                           (long long)b->redeemed, (long long)b->adjusted, (long long)b->available,
                           (long long)b->next_slot_in, (long long)b->referrals_per_slot);
}

/* ledger_balance_text - the human block, values right-aligned */
static int
ledger_balance_text(const struct crm_balance *b, struct crm_buf *out)
{
    static const char *const label[8] = {"Referred candidates", "Invitations sent",  "Slots earned",
                                         "Slots redeemed",      "Adjustments",       "Available",
                                         "Next slot in",        "Referrals per slot"};
    char v[8][32];
    size_t w = 0, i;
    int rc = CRM_OK;

    snprintf(v[0], sizeof(v[0]), "%lld", (long long)b->referred);
    snprintf(v[1], sizeof(v[1]), "%lld", (long long)b->invitations);
    snprintf(v[2], sizeof(v[2]), "%lld", (long long)b->earned);
    snprintf(v[3], sizeof(v[3]), "%lld", (long long)b->redeemed);
    snprintf(v[4], sizeof(v[4]), "%+lld", (long long)b->adjusted);
    snprintf(v[5], sizeof(v[5]), "%lld", (long long)b->available);
    snprintf(v[6], sizeof(v[6]), "%lld", (long long)b->next_slot_in);
    snprintf(v[7], sizeof(v[7]), "%lld", (long long)b->referrals_per_slot);
    for (i = 0; i < 8; i++)
        w = strlen(v[i]) > w ? strlen(v[i]) : w;
    for (i = 0; rc == CRM_OK && i < 8; i++)
        rc = crm_buf_appendf(out, "%-20s %*s%s\n", label[i], (int)w, v[i],
                             i == 6 ? (b->next_slot_in == 1 ? " candidate" : " candidates") : "");
    return rc;
}

/* ledger_balance_out - render and write the balance; exit status */
static int
ledger_balance_out(const struct crm_balance *b, int json, const char *heading)
{
    struct crm_buf out;
    int rc = CRM_OK, status;

    crm_buf_init(&out, 1 << 16);
    if (heading != NULL && !json)
        rc = crm_buf_puts(&out, heading);
    if (rc == CRM_OK)
        rc = json ? ledger_balance_json(b, &out) : ledger_balance_text(b, &out);
    status = rc == CRM_OK ? ctl_write(&out) : ctl_oom();
    crm_buf_fini(&out);
    return status;
}

/* ctl_cmd_balance - balance [--json] */
int
ctl_cmd_balance(struct ctl_ctx *ctx, int argc, char **argv)
{
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct ctl_args a;
    struct crm_err err;
    int status;

    if ((status = ctl_command_begin(argc, argv, NULL, 0, balance_usage, "balance", &a)) >= 0)
        return status;
    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    if (crm_ledger_balance(l, &b, &err) != CRM_OK)
        status = ledger_error(&err);
    else
        status = ledger_balance_out(&b, ctx->json || a.json, NULL);
    crm_ledger_close(l);
    return status;
}

/* ctl_cmd_redeem - redeem [--note TEXT] [--json] */
int
ctl_cmd_redeem(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *note = NULL;
    const struct ctl_opt opts[] = {{"--note", &note, NULL}};
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct ctl_args a;
    struct crm_err err;
    char user[256];
    int status, rc;

    if ((status = ctl_command_begin(argc, argv, opts, 1, redeem_usage, "redeem", &a)) >= 0)
        return status;
    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    ctl_unix_user(user, sizeof(user));
    rc = crm_ledger_redeem(l, user, note, NULL, &b, &err);
    if (rc == CRM_ESTATE && (ctx->json || a.json)) /* refused: the unchanged balance */
        status = ledger_balance_out(&b, 1, NULL) != 0 ? 1 : ledger_error(&err);
    else if (rc != CRM_OK)
        status = ledger_error(&err);
    else
        status = ledger_balance_out(&b, ctx->json || a.json, "Redeemed one free-hire slot.\n\n");
    crm_ledger_close(l);
    return status;
}

/* ctl_cmd_adjust - adjust N --note TEXT [--json] */
int
ctl_cmd_adjust(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *note = NULL;
    const struct ctl_opt opts[] = {{"--note", &note, NULL}};
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct ctl_args a;
    struct crm_err err;
    char user[256], head[64];
    int64_t n = 0;
    int status;

    if ((status = ctl_command_begin(argc, argv, opts, 1, adjust_usage, NULL, &a)) >= 0)
        return status;
    if (a.npos != 1 || crm_str_to_int(a.pos[0], &n) != CRM_OK || n == 0 || n > LEDGER_MAX_ADJUST ||
        n < -LEDGER_MAX_ADJUST) {
        fprintf(stderr,
                "careerrelayctl: adjust: want one non-zero number of slots "
                "between -%d and %d\n",
                LEDGER_MAX_ADJUST, LEDGER_MAX_ADJUST);
        return ctl_usage_error(adjust_usage);
    }
    if (note == NULL || *note == '\0') {
        fprintf(stderr, "careerrelayctl: adjust: --note TEXT is required\n");
        return ctl_usage_error(adjust_usage);
    }
    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    ctl_unix_user(user, sizeof(user));
    snprintf(head, sizeof(head), "Adjusted the balance by %+lld.\n\n", (long long)n);
    if (crm_ledger_adjust(l, n, user, note, NULL, &b, &err) != CRM_OK)
        status = ledger_error(&err);
    else
        status = ledger_balance_out(&b, ctx->json || a.json, head);
    crm_ledger_close(l);
    return status;
}

/* one listing in progress: human table, JSON array or CSV */
struct ledger_list {
    enum { LIST_TABLE, LIST_JSON, LIST_CSV } mode;
    struct ctl_table t;
    struct crm_buf *out;
    size_t n;
};

/* ledger_inv_json - one invitation as a JSON object (no newline) */
static int
ledger_inv_json(const struct crm_ledger_invitation *r, struct crm_buf *o)
{
    enum { KV_STR, KV_LIST, KV_RCPTS, KV_SCORE };
    const struct {
        const char *key, *v;
        int kind;
    } kv[] = {{"token", r->token, KV_STR},       {"created_at", r->created_at, KV_STR},
              {"queue_id", r->queue_id, KV_STR}, {"message_id", r->message_id, KV_STR},
              {"sender", r->sender, KV_STR},     {"lang", r->lang, KV_STR},
              {"template", r->tmpl, KV_STR},     {"score", NULL, KV_SCORE},
              {"rules", r->rules, KV_STR},       {"tags", r->tags, KV_LIST},
              {"status", r->status, KV_STR},     {"recipients", r->recipients, KV_RCPTS}};
    size_t i;
    int bad = 0;

    for (i = 0; !bad && i < sizeof(kv) / sizeof(kv[0]); i++) {
        bad = crm_buf_appendf(o, "%s\"%s\": ", i ? ", " : "{", kv[i].key) != CRM_OK;
        if (!bad && kv[i].kind == KV_SCORE)
            bad = crm_buf_appendf(o, "%lld", (long long)r->score) != CRM_OK;
        else if (!bad && kv[i].kind != KV_STR)
            bad = ctl_json_list(o, kv[i].v, kv[i].kind == KV_LIST ? ',' : CRM_LEDGER_RCPT_SEP);
        else if (!bad)
            bad = ctl_json_str(o, kv[i].v);
    }
    return bad || crm_buf_putc(o, '}') != CRM_OK ? CRM_ENOMEM : CRM_OK;
}

/* ledger_inv_csv - one CSV row per recipient */
static int
ledger_inv_csv(const struct crm_ledger_invitation *r, struct crm_buf *o)
{
    static const char sep[2] = {CRM_LEDGER_RCPT_SEP, '\0'};
    const char *p = r->recipients;
    char score[32], *rcpt;
    int bad = 0;

    snprintf(score, sizeof(score), "%lld", (long long)r->score);
    while (!bad && *p) {
        size_t n = strcspn(p, sep), i;
        const char *f[12] = {r->created_at, r->token, r->queue_id, r->message_id,
                             r->sender,     r->lang,  r->tmpl,     score,
                             r->rules,      r->tags,  r->status,   NULL};

        f[11] = rcpt = crm_strndup(p, n); /* one recipient per row, whatever it contains */
        bad = rcpt == NULL;
        p += n + (p[n] == CRM_LEDGER_RCPT_SEP);
        for (i = 0; !bad && i < 12; i++)
            bad = (i > 0 && crm_buf_putc(o, ',') != CRM_OK) || ctl_csv_field(o, f[i]) != 0;
        bad = bad || crm_buf_puts(o, "\r\n") != CRM_OK;
        crm_free(rcpt);
    }
    return bad ? CRM_ENOMEM : CRM_OK;
}

/* ledger_inv_row - callback: add one invitation to the listing */
static int
ledger_inv_row(void *arg, const struct crm_ledger_invitation *r)
{
    struct ledger_list *ls = arg;
    char score[32], *rc_list;
    int rc = CRM_OK;

    if (ls->mode == LIST_CSV)
        return ledger_inv_csv(r, ls->out);
    if (ls->mode == LIST_JSON) {
        rc = crm_buf_puts(ls->out, ls->n++ ? ",\n  " : "[\n  ");
        return rc == CRM_OK ? ledger_inv_json(r, ls->out) : rc;
    }
    snprintf(score, sizeof(score), "%lld", (long long)r->score);
    rc_list = crm_strdup(r->recipients);
    if (rc_list == NULL)
        return CRM_ENOMEM;
    {
        const char *row[7] = {r->created_at, r->queue_id ? r->queue_id : "-", r->token, r->lang,
                              score,         *r->tags ? r->tags : "-",        rc_list};
        char *c;

        for (c = rc_list; (c = strchr(c, CRM_LEDGER_RCPT_SEP)) != NULL; c++)
            *c = ' '; /* addresses separated by a space in the table */
        rc = ctl_table_add(&ls->t, row) == 0 ? CRM_OK : CRM_ENOMEM;
    }
    crm_free(rc_list);
    ls->n++;
    return rc;
}

/* ledger_list_run - run a listing and write it; exit status */
static int
ledger_list_run(struct ctl_ctx *ctx, const struct crm_ledger_filter *f, int mode)
{
    static const char *const head[7] = {"CREATED", "QUEUE ID", "TOKEN",     "LANG",
                                        "SCORE",   "TAGS",     "RECIPIENTS"};
    struct crm_ledger *l = NULL;
    struct ledger_list ls;
    struct crm_buf out;
    struct crm_err err;
    int rc, status;

    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    memset(&ls, 0, sizeof(ls));
    ls.mode = mode;
    ls.out = &out;
    crm_buf_init(&out, LEDGER_OUT_MAX);
    ctl_table_init(&ls.t, 7, head, "llllrll");
    crm_err_clear(&err);
    rc = mode == LIST_CSV ? crm_buf_puts(&out, "created_at,token,queue_id,message_id,sender,"
                                               "lang,template,score,rules,tags,status,"
                                               "recipient\r\n")
                          : CRM_OK;
    if (rc == CRM_OK)
        rc = crm_ledger_invitations(l, f, ledger_inv_row, &ls, &err);
    if (rc == CRM_OK && mode == LIST_JSON)
        rc = crm_buf_puts(&out, ls.n ? "\n]\n" : "[]\n");
    if (rc == CRM_OK && mode == LIST_TABLE)
        rc = ctl_table_render(&ls.t, &out) == 0 ? CRM_OK : CRM_ENOMEM;
    if (rc == CRM_OK)
        status = ctl_write(&out);
    else
        status = err.msg[0] ? ledger_error(&err) : ctl_oom();
    ctl_table_fini(&ls.t);
    crm_buf_fini(&out);
    crm_ledger_close(l);
    return status;
}

/* ledger_filter_args - validate the invitations filters into f (buffers owned by caller) */
static int
ledger_filter_args(const char *since, const char *until, const char *tag, const char *to,
                   struct crm_ledger_filter *f, char s[CRM_ISODATE_LEN + 1],
                   char u[CRM_ISODATE_LEN + 1], struct crm_buf *tagb, struct crm_buf *tob)
{
    if (ctl_date_opt("invitations", "--since", since, 0, s) ||
        ctl_date_opt("invitations", "--until", until, 1, u))
        return 2;
    f->since = since ? s : NULL;
    f->until = until ? u : NULL;
    if (tag != NULL && (crm_ledger_tags_normalize(tag, tagb) != CRM_OK || tagb->len == 0 ||
                        strchr(crm_buf_cstr(tagb), ',') != NULL)) {
        fprintf(stderr, "careerrelayctl: invitations: bad tag '%s'\n", tag);
        return 2;
    }
    f->tag = tag ? crm_buf_cstr(tagb) : NULL;
    if (to != NULL && crm_ledger_suppress_normalize(to, tob) != CRM_OK) {
        fprintf(
            stderr,
            "careerrelayctl: invitations: --to: not one ADDRESS (local@domain) or @DOMAIN: '%s'\n",
            to);
        return 2;
    }
    f->to = to ? crm_buf_cstr(tob) : NULL;
    return 0;
}

/* ctl_cmd_invitations - invitations [filters] [--json] */
int
ctl_cmd_invitations(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *since = NULL, *until = NULL, *tag = NULL, *to = NULL;
    const struct ctl_opt opts[] = {{"--since", &since, NULL},
                                   {"--until", &until, NULL},
                                   {"--tag", &tag, NULL},
                                   {"--to", &to, NULL}};
    char s[CRM_ISODATE_LEN + 1], u[CRM_ISODATE_LEN + 1];
    struct crm_ledger_filter f = {0};
    struct crm_buf tagb, tob;
    struct ctl_args a;
    int status;

    if ((status = ctl_command_begin(argc, argv, opts, 4, invitations_usage, "invitations", &a)) >=
        0)
        return status;
    crm_buf_init(&tagb, 1024);
    crm_buf_init(&tob, 1024);
    status = ledger_filter_args(since, until, tag, to, &f, s, u, &tagb, &tob);
    if (status != 0)
        status = ctl_usage_error(invitations_usage);
    else
        status = ledger_list_run(ctx, &f, ctx->json || a.json ? LIST_JSON : LIST_TABLE);
    crm_buf_fini(&tagb);
    crm_buf_fini(&tob);
    return status;
}

/* ctl_cmd_export - export --format csv|json [--since DATE] [--until DATE] */
int
ctl_cmd_export(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *format = NULL, *since = NULL, *until = NULL;
    const struct ctl_opt opts[] = {
        {"--format", &format, NULL}, {"--since", &since, NULL}, {"--until", &until, NULL}};
    struct crm_ledger_filter f = {.oldest_first = 1};
    char s[CRM_ISODATE_LEN + 1], u[CRM_ISODATE_LEN + 1];
    struct ctl_args a;
    int mode, status;

    if ((status = ctl_command_begin(argc, argv, opts, 3, export_usage, NULL, &a)) >= 0)
        return status;
    if (format == NULL && (ctx->json || a.json))
        format = "json";
    if (format == NULL || a.npos != 0 ||
        (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)) {
        fprintf(stderr, "careerrelayctl: export: want --format csv or --format json\n");
        return ctl_usage_error(export_usage);
    }
    if (ctl_date_opt("export", "--since", since, 0, s) != 0 ||
        ctl_date_opt("export", "--until", until, 1, u) != 0)
        return ctl_usage_error(export_usage);
    f.since = since ? s : NULL;
    f.until = until ? u : NULL;
    mode = strcmp(format, "csv") == 0 ? LIST_CSV : LIST_JSON;
    return ledger_list_run(ctx, &f, mode);
}

/* one report in progress */
struct ledger_report {
    int by, json;
    struct ctl_table t;
    struct crm_buf *out;
    size_t n;
};

/* ledger_report_json_row - {"month": K, ...} */
static int
ledger_report_json_row(struct crm_buf *o, const char *keyname, const struct crm_report_row *r)
{
    int bad = 0;

    if (keyname != NULL)
        bad = crm_buf_appendf(o, "{\"%s\": ", keyname) != CRM_OK || ctl_json_str(o, r->key) ||
              crm_buf_puts(o, ", ") != CRM_OK;
    else
        bad = crm_buf_putc(o, '{') != CRM_OK;
    bad = bad || crm_buf_appendf(o,
                                 "\"invitations\": %lld, \"new_candidates\": %lld, "
                                 "\"slots_earned\": %lld}",
                                 (long long)r->invitations, (long long)r->new_candidates,
                                 (long long)r->slots) != CRM_OK;
    return bad ? CRM_ENOMEM : CRM_OK;
}

/* ledger_report_row - callback: one month or tag */
static int
ledger_report_row(void *arg, const struct crm_report_row *r)
{
    struct ledger_report *rp = arg;
    char v[3][32];
    const char *row[4] = {r->key ? r->key : "(untagged)", v[0], v[1], v[2]};
    int rc;

    if (rp->json) {
        rc = crm_buf_puts(rp->out, rp->n++ ? ",\n    " : "\n    ");
        return rc == CRM_OK ? ledger_report_json_row(rp->out, rp->by ? "tag" : "month", r) : rc;
    }
    snprintf(v[0], sizeof(v[0]), "%lld", (long long)r->invitations);
    snprintf(v[1], sizeof(v[1]), "%lld", (long long)r->new_candidates);
    snprintf(v[2], sizeof(v[2]), "%lld", (long long)r->slots);
    rp->n++;
    return ctl_table_add(&rp->t, row) == 0 ? CRM_OK : CRM_ENOMEM;
}

/* ledger_report_finish - totals, then render */
static int
ledger_report_finish(struct ledger_report *rp, const struct crm_report_row *total)
{
    char v[3][32];
    const char *row[4] = {"total", v[0], v[1], v[2]};

    if (rp->json) {
        if (crm_buf_puts(rp->out, rp->n ? "\n  ],\n  \"total\": " : "],\n  \"total\": ") !=
                CRM_OK ||
            ledger_report_json_row(rp->out, NULL, total) != CRM_OK)
            return CRM_ENOMEM;
        return crm_buf_puts(rp->out, "\n}\n");
    }
    snprintf(v[0], sizeof(v[0]), "%lld", (long long)total->invitations);
    snprintf(v[1], sizeof(v[1]), "%lld", (long long)total->new_candidates);
    snprintf(v[2], sizeof(v[2]), "%lld", (long long)total->slots);
    if (ctl_table_add(&rp->t, row) != 0 || ctl_table_render(&rp->t, rp->out) != 0)
        return CRM_ENOMEM;
    return CRM_OK;
}

/* ledger_report_run - produce the report; exit status */
static int
ledger_report_run(struct ctl_ctx *ctx, int by, const struct crm_ledger_filter *f, int json)
{
    static const char *const head_month[4] = {"MONTH", "INVITATIONS", "NEW CANDIDATES",
                                              "SLOTS EARNED"};
    static const char *const head_tag[4] = {"TAG", "INVITATIONS", "NEW CANDIDATES", "SLOTS EARNED"};
    struct crm_ledger *l = NULL;
    struct crm_report_row total;
    struct ledger_report rp;
    struct crm_buf out;
    struct crm_err err;
    int rc, status;

    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    memset(&rp, 0, sizeof(rp));
    rp.by = by;
    rp.json = json;
    rp.out = &out;
    crm_buf_init(&out, LEDGER_OUT_MAX);
    ctl_table_init(&rp.t, 4, by ? head_tag : head_month, "lrrr");
    crm_err_clear(&err);
    rc = json ? crm_buf_appendf(&out, "{\n  \"by\": \"%s\",\n  \"rows\": [", by ? "tag" : "month")
              : CRM_OK;
    if (rc == CRM_OK)
        rc = crm_ledger_report(l, by, f, ledger_report_row, &rp, &total, &err);
    if (rc == CRM_OK)
        rc = ledger_report_finish(&rp, &total);
    if (rc == CRM_OK)
        status = ctl_write(&out);
    else
        status = err.msg[0] ? ledger_error(&err) : ctl_oom();
    ctl_table_fini(&rp.t);
    crm_buf_fini(&out);
    crm_ledger_close(l);
    return status;
}

/* ctl_cmd_report - report [--by month|tag] [--since DATE] [--until DATE] [--json] */
int
ctl_cmd_report(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *by = NULL, *since = NULL, *until = NULL;
    const struct ctl_opt opts[] = {
        {"--by", &by, NULL}, {"--since", &since, NULL}, {"--until", &until, NULL}};
    char s[CRM_ISODATE_LEN + 1], u[CRM_ISODATE_LEN + 1];
    struct crm_ledger_filter f = {0};
    struct ctl_args a;
    int status;

    if ((status = ctl_command_begin(argc, argv, opts, 3, report_usage, NULL, &a)) >= 0)
        return status;
    if (a.npos != 0 || (by != NULL && strcmp(by, "month") != 0 && strcmp(by, "tag") != 0)) {
        fprintf(stderr, "careerrelayctl: report: want --by month or --by tag\n");
        return ctl_usage_error(report_usage);
    }
    if (ctl_date_opt("report", "--since", since, 0, s) != 0 ||
        ctl_date_opt("report", "--until", until, 1, u) != 0)
        return ctl_usage_error(report_usage);
    f.since = since ? s : NULL;
    f.until = until ? u : NULL;
    return ledger_report_run(
        ctx, by != NULL && strcmp(by, "tag") == 0 ? CRM_REPORT_TAG : CRM_REPORT_MONTH, &f,
        ctx->json || a.json);
}
