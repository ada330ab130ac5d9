/* ctl_history.c - careerrelayctl history: the redemptions and adjustments of the ledger */
#include "ctl_ledger.h"

#include <stdio.h>
#include <string.h>

#include "isodate.h"

#define HISTORY_OUT_MAX ((size_t)1 << 30)

static const char history_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] history [--since DATE]\n"
    "                      [--until DATE] [--json]\n"
    "List the redemptions and adjustments, newest first: when, what, the change\n"
    "to the available slots, the Unix user who ran the command and the note.\n"
    "DATE is YYYY-MM-DD (a UTC day; --until includes the whole day) or ISO 8601.\n"
    "  --since DATE  recorded at or after DATE\n"
    "  --until DATE  recorded at or before DATE\n"
    "  --json        a JSON array of objects: created_at, kind, amount, change,\n"
    "                unix_user, note\n";

/* one listing in progress */
struct history_list {
    int json;
    struct ctl_table t;
    struct crm_buf *out;
    size_t n;
};

/* history_json - one entry as a JSON object (no newline) */
static int
history_json(struct crm_buf *o, const struct crm_ledger_entry *r)
{
    int bad = crm_buf_puts(o, "{\"created_at\": ") != CRM_OK || ctl_json_str(o, r->created_at) ||
              crm_buf_puts(o, ", \"kind\": ") != CRM_OK || ctl_json_str(o, r->kind) ||
              crm_buf_appendf(o, ", \"amount\": %lld, \"change\": %lld, \"unix_user\": ",
                              (long long)r->amount, (long long)r->change) != CRM_OK ||
              ctl_json_str(o, r->unix_user) || crm_buf_puts(o, ", \"note\": ") != CRM_OK ||
              ctl_json_str(o, r->note) || crm_buf_putc(o, '}') != CRM_OK;

    return bad ? CRM_ENOMEM : CRM_OK;
}

/* history_row - callback: one entry into the table or the JSON array */
static int
history_row(void *arg, const struct crm_ledger_entry *r)
{
    struct history_list *hl = arg;
    char change[32];
    const char *row[5] = {r->created_at, r->kind, change, r->unix_user, r->note};
    int rc;

    if (hl->json) {
        rc = crm_buf_puts(hl->out, hl->n++ ? ",\n  " : "[\n  ");
        return rc == CRM_OK ? history_json(hl->out, r) : rc;
    }
    snprintf(change, sizeof(change), "%+lld", (long long)r->change);
    hl->n++;
    return ctl_table_add(&hl->t, row) == 0 ? CRM_OK : CRM_ENOMEM;
}

/* history_run - list the entries of f; exit status */
static int
history_run(struct ctl_ctx *ctx, const struct crm_ledger_filter *f, int json)
{
    static const char *const head[5] = {"CREATED", "KIND", "SLOTS", "USER", "NOTE"};
    struct crm_ledger *l = NULL;
    struct history_list hl;
    struct crm_buf out;
    struct crm_err err;
    int rc, status;

    if (ctl_ledger_open(ctx, &l) != 0)
        return 1;
    memset(&hl, 0, sizeof(hl));
    hl.json = json;
    hl.out = &out;
    crm_buf_init(&out, HISTORY_OUT_MAX);
    ctl_table_init(&hl.t, 5, head, "llrll");
    crm_err_clear(&err);
    rc = crm_ledger_entries(l, f, history_row, &hl, &err);
    if (rc == CRM_OK && json)
        rc = crm_buf_puts(&out, hl.n ? "\n]\n" : "[]\n");
    else if (rc == CRM_OK)
        rc = ctl_table_render(&hl.t, &out) == 0 ? CRM_OK : CRM_ENOMEM;
    if (rc == CRM_OK)
        status = ctl_write(&out);
    else if (err.msg[0])
        status = (fprintf(stderr, "careerrelayctl: %s\n", err.msg), 1);
    else
        status = ctl_oom();
    ctl_table_fini(&hl.t);
    crm_buf_fini(&out);
    crm_ledger_close(l);
    return status;
}

/* ctl_cmd_history - history [--since DATE] [--until DATE] [--json] */
int
ctl_cmd_history(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *since = NULL, *until = NULL;
    const struct ctl_opt opts[] = {{"--since", &since, NULL}, {"--until", &until, NULL}};
    char s[CRM_ISODATE_LEN + 1], u[CRM_ISODATE_LEN + 1];
    struct crm_ledger_filter f = {0};
    struct ctl_args a;
    int status;

    if ((status = ctl_command_begin(argc, argv, opts, 2, history_usage, "history", &a)) >= 0)
        return status;
    if (ctl_date_opt("history", "--since", since, 0, s) != 0 ||
        ctl_date_opt("history", "--until", until, 1, u) != 0)
        return ctl_usage_error(history_usage);
    f.since = since ? s : NULL;
    f.until = until ? u : NULL;
    return history_run(ctx, &f, ctx->json || a.json);
}
