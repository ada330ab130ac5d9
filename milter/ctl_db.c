/* ctl_db.c - careerrelayctl suppress add|remove|list and db check|backup */
#include "ctl_ledger.h"

#include <stdio.h>
#include <string.h>

#include "ctl_util.h"
#include "db.h"

static const char suppress_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] suppress add ADDRESS|@DOMAIN [--note TEXT]\n"
    "       careerrelayctl [-c CONFIG | -d DATABASE] suppress remove ADDRESS|@DOMAIN\n"
    "       careerrelayctl [-c CONFIG | -d DATABASE] suppress list [--json]\n"
    "Addresses, or whole @domains, that must never receive an invitation\n"
    "(candidates who opted out). ADDRESS is one local@domain (an '@' in the local\n"
    "part only inside quotes); addresses are compared in normal form (the whole\n"
    "address lower-cased); @DOMAIN matches that domain exactly, not its subdomains.\n"
    "  --note TEXT  why (recorded with the entry)\n"
    "  --json       add, remove: {\"pattern\", \"added\"|\"removed\"}; list: an array\n";

static const char db_usage[] =
    "usage: careerrelayctl [-c CONFIG | -d DATABASE] db check [--json]\n"
    "       careerrelayctl [-c CONFIG | -d DATABASE] db backup PATH [--json]\n"
    "  check   run SQLite's integrity and foreign-key checks and show the schema\n"
    "          version; exit 1 when a problem is found (also a file that is not a\n"
    "          ledger database, or one of another schema version)\n"
    "  backup  copy the database to the new file PATH with SQLite's online backup\n"
    "          (safe while the milter runs; PATH must not exist; mode 0600)\n"
    "  --json  check: {integrity, problem, schema_version, program_schema_version};\n"
    "          backup: {database, backup, pages}\n";

/* db_error - one line on stderr; status 1 */
static int
db_error(const struct crm_err *err)
{
    fprintf(stderr, "careerrelayctl: %s\n", err->msg);
    return 1;
}

/* db_emit - write a rendered result to stdout and free it; exit status */
static int
db_emit(struct crm_buf *out, int rc)
{
    int status = rc == CRM_OK ? ctl_write(out) : ctl_oom();

    crm_buf_fini(out);
    return status;
}

/* one suppression listing in progress */
struct suppress_list {
    int json;
    struct ctl_table t;
    struct crm_buf *out;
    size_t n;
};

/* suppress_row - callback: one entry into the table or the JSON array */
static int
suppress_row(void *arg, const struct crm_suppression *r)
{
    struct suppress_list *sl = arg;
    const char *row[3] = {r->pattern, r->created_at, r->note};
    int bad;

    if (!sl->json)
        return ctl_table_add(&sl->t, row) == 0 ? CRM_OK : CRM_ENOMEM;
    bad =
        crm_buf_puts(sl->out, sl->n++ ? ",\n  {\"pattern\": " : "[\n  {\"pattern\": ") != CRM_OK ||
        ctl_json_str(sl->out, r->pattern) != 0 ||
        crm_buf_puts(sl->out, ", \"created_at\": ") != CRM_OK ||
        ctl_json_str(sl->out, r->created_at) != 0 ||
        crm_buf_puts(sl->out, ", \"note\": ") != CRM_OK || ctl_json_str(sl->out, r->note) != 0 ||
        crm_buf_putc(sl->out, '}') != CRM_OK;
    return bad ? CRM_ENOMEM : CRM_OK;
}

/* suppress_list - list the entries; exit status */
static int
suppress_list(struct crm_ledger *l, int json)
{
    static const char *const head[3] = {"PATTERN", "CREATED", "NOTE"};
    struct suppress_list sl;
    struct crm_buf out;
    struct crm_err err;
    int rc;

    memset(&sl, 0, sizeof(sl));
    sl.json = json;
    sl.out = &out;
    crm_buf_init(&out, (size_t)1 << 30);
    ctl_table_init(&sl.t, 3, head, "lll");
    crm_err_clear(&err);
    rc = crm_ledger_suppress_list(l, suppress_row, &sl, &err);
    if (rc == CRM_OK && json)
        rc = crm_buf_puts(&out, sl.n ? "\n]\n" : "[]\n");
    else if (rc == CRM_OK)
        rc = ctl_table_render(&sl.t, &out) == 0 ? CRM_OK : CRM_ENOMEM;
    ctl_table_fini(&sl.t);
    if (rc != CRM_OK && err.msg[0]) {
        crm_buf_fini(&out);
        return db_error(&err);
    }
    return db_emit(&out, rc);
}

/* suppress_change - add or remove one normalised pattern; exit status */
static int
suppress_change(struct crm_ledger *l, int add, const char *pattern, const char *note, int json)
{
    struct crm_buf out;
    struct crm_err err;
    int changed = 0, rc;

    rc = add ? crm_ledger_suppress_add(l, pattern, note, NULL, &changed, &err)
             : crm_ledger_suppress_remove(l, pattern, &changed, &err);
    if (rc != CRM_OK)
        return db_error(&err);
    if (!add && !changed && !json) {
        fprintf(stderr, "careerrelayctl: %s: not on the suppression list\n", pattern);
        return 1;
    }
    crm_buf_init(&out, 4096);
    if (json)
        rc = crm_buf_puts(&out, "{\"pattern\": ") != CRM_OK || ctl_json_str(&out, pattern) ||
                     crm_buf_appendf(&out, ", \"%s\": %s}\n", add ? "added" : "removed",
                                     changed ? "true" : "false") != CRM_OK
                 ? CRM_ENOMEM
                 : CRM_OK;
    else if (add)
        rc = crm_buf_appendf(
            &out, changed ? "%s is now suppressed\n" : "%s was already suppressed\n", pattern);
    else
        rc = crm_buf_appendf(&out, "%s is no longer suppressed\n", pattern);
    if (db_emit(&out, rc) != 0)
        return 1;
    if (!add && !changed) { /* JSON written: {"removed": false} */
        fprintf(stderr, "careerrelayctl: %s: not on the suppression list\n", pattern);
        return 1;
    }
    return 0;
}

/* suppress_verb - check the verb and its argument count; 0 or 2 (message printed) */
static int
suppress_verb(const struct ctl_args *a)
{
    const char *v = a->npos > 0 ? a->pos[0] : "";

    if (strcmp(v, "list") == 0 && a->npos != 1) {
        fprintf(stderr, "careerrelayctl: suppress: list takes no argument (got %s)\n", a->pos[1]);
        return 2;
    }
    if ((strcmp(v, "add") == 0 || strcmp(v, "remove") == 0) && a->npos != 2) {
        fprintf(stderr, "careerrelayctl: suppress: %s takes one ADDRESS or @DOMAIN\n", v);
        return 2;
    }
    if (strcmp(v, "list") != 0 && strcmp(v, "add") != 0 && strcmp(v, "remove") != 0) {
        fprintf(stderr, "careerrelayctl: suppress: want add, remove or list\n");
        return 2;
    }
    return 0;
}

/* ctl_cmd_suppress - suppress add|remove|list */
int
ctl_cmd_suppress(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *note = NULL;
    const struct ctl_opt opts[] = {{"--note", &note, NULL}};
    struct crm_ledger *l = NULL;
    struct crm_buf pat;
    struct ctl_args a;
    int list, add, status;

    if ((status = ctl_command_begin(argc, argv, opts, 1, suppress_usage, NULL, &a)) >= 0)
        return status;
    if (suppress_verb(&a) != 0)
        return ctl_usage_error(suppress_usage);
    list = strcmp(a.pos[0], "list") == 0;
    add = strcmp(a.pos[0], "add") == 0;
    crm_buf_init(&pat, 2048);
    if (!list && crm_ledger_suppress_normalize(a.pos[1], &pat) != CRM_OK) {
        fprintf(stderr,
                "careerrelayctl: suppress: not one ADDRESS (local@domain) or @DOMAIN: '%s'\n",
                a.pos[1]);
        crm_buf_fini(&pat);
        return ctl_usage_error(suppress_usage);
    }
    if (ctl_ledger_open(ctx, &l) != 0)
        status = 1;
    else if (list)
        status = suppress_list(l, ctx->json || a.json);
    else
        status = suppress_change(l, add, crm_buf_cstr(&pat), note, ctx->json || a.json);
    crm_ledger_close(l);
    crm_buf_fini(&pat);
    return status;
}

/* db_check_json - the check object; schema_version < 0: unknown (null) */
static int
db_check_json(struct crm_buf *out, const char *integrity, const struct crm_ledger_check *c)
{
    int rc = crm_buf_appendf(out, "{\"integrity\": \"%s\", \"problem\": ", integrity);

    if (rc == CRM_OK)
        rc = ctl_json_str(out, c->ok ? NULL : c->problem) == 0 ? CRM_OK : CRM_ENOMEM;
    if (rc == CRM_OK && c->schema_version < 0)
        rc = crm_buf_puts(out, ", \"schema_version\": null");
    else if (rc == CRM_OK)
        rc = crm_buf_appendf(out, ", \"schema_version\": %d", c->schema_version);
    if (rc == CRM_OK)
        rc = crm_buf_appendf(out, ", \"program_schema_version\": %d}\n", c->program_version);
    return rc;
}

/*
 * db_check_unopened - db check on a database that could not be opened:
 * a file that is not a (sound) ledger or has another schema version is a
 * problem found by the check (JSON written, with integrity "unchecked");
 * anything else (missing, unreadable, locked) fails as for every command.
 */
static int
db_check_unopened(const struct crm_err *err, int json)
{
    struct crm_ledger_check c;
    struct crm_buf out;

    if (!json || (err->code != CRM_EDB && err->code != CRM_EVERSION))
        return db_error(err);
    memset(&c, 0, sizeof(c));
    c.schema_version = -1;
    c.program_version = crm_db_schema_version();
    snprintf(c.problem, sizeof(c.problem), "%.*s", (int)sizeof(c.problem) - 1, err->msg);
    crm_buf_init(&out, 4096);
    if (db_emit(&out, db_check_json(&out, "unchecked", &c)) != 0)
        return 1;
    return db_error(err);
}

/* db_check - integrity and versions; exit status 0 clean, 1 problem */
static int
db_check(struct crm_ledger *l, int json)
{
    struct crm_ledger_check c;
    struct crm_buf out;
    struct crm_err err;
    int rc;

    if (crm_ledger_check(l, &c, &err) != CRM_OK)
        return db_error(&err);
    crm_buf_init(&out, 4096);
    if (json)
        rc = db_check_json(&out, c.ok ? "ok" : "failed", &c);
    else
        rc = crm_buf_appendf(&out, "integrity       %s%s\n",
                             c.ok ? "ok" : "FAILED: ", c.ok ? "" : c.problem);
    if (rc == CRM_OK && !json)
        rc = crm_buf_appendf(&out, "schema version  %d (this program: %d)\n", c.schema_version,
                             c.program_version);
    rc = db_emit(&out, rc);
    return rc != 0 ? rc : c.ok ? 0 : 1;
}

/* db_backup - online backup into a new file; exit status */
static int
db_backup(struct crm_ledger *l, const char *src, const char *dest, int json)
{
    struct crm_buf out;
    struct crm_err err;
    int pages = 0, rc;

    if (crm_ledger_backup(l, dest, &pages, &err) != CRM_OK)
        return db_error(&err);
    crm_buf_init(&out, 16384);
    if (!json)
        return db_emit(
            &out, crm_buf_appendf(&out, "%s: backup written to %s (%d pages)\n", src, dest, pages));
    rc = crm_buf_puts(&out, "{\"database\": ") != CRM_OK || ctl_json_str(&out, src) ||
                 crm_buf_puts(&out, ", \"backup\": ") != CRM_OK || ctl_json_str(&out, dest) ||
                 crm_buf_appendf(&out, ", \"pages\": %d}\n", pages) != CRM_OK
             ? CRM_ENOMEM
             : CRM_OK;
    return db_emit(&out, rc);
}

/* ctl_cmd_db - db check|backup */
int
ctl_cmd_db(struct ctl_ctx *ctx, int argc, char **argv)
{
    struct crm_ledger *l = NULL;
    struct crm_err err;
    struct ctl_args a;
    int check, status;

    if ((status = ctl_command_begin(argc, argv, NULL, 0, db_usage, NULL, &a)) >= 0)
        return status;
    check = a.npos == 1 && strcmp(a.pos[0], "check") == 0;
    if (!check && !(a.npos == 2 && strcmp(a.pos[0], "backup") == 0 && *a.pos[1] != '\0')) {
        fprintf(stderr, "careerrelayctl: db: want check or backup PATH\n");
        return ctl_usage_error(db_usage);
    }
    if (check)
        status = ctl_ledger_open_err(ctx, &l, &err);
    else
        status = ctl_ledger_open(ctx, &l);
    if (status != 0)
        return status == 2 ? db_check_unopened(&err, ctx->json || a.json) : 1;
    if (check)
        status = db_check(l, ctx->json || a.json);
    else
        status = db_backup(l, ctl_db_path(ctx), a.pos[1], ctx->json || a.json);
    crm_ledger_close(l);
    return status;
}
