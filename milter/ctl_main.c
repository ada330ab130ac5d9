/* ctl_main.c - careerrelayctl: global options, configuration and command dispatch */
#include "ctl.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctl_ledger.h"
#include "ctl_util.h"

#ifndef CRM_VERSION
#define CRM_VERSION "unknown"
#endif

struct main_command {
    const char *name;
    int (*fn)(struct ctl_ctx *ctx, int argc, char **argv);
    const char *summary;
};

static const struct main_command main_commands[] = {
    {"balance", ctl_cmd_balance, "free-hire slots: referred, earned, redeemed, available"},
    {"invitations", ctl_cmd_invitations, "list invitations, newest first"},
    {"redeem", ctl_cmd_redeem, "spend one free-hire slot"},
    {"adjust", ctl_cmd_adjust, "record a manual correction of the balance"},
    {"history", ctl_cmd_history, "list redemptions and adjustments, newest first"},
    {"report", ctl_cmd_report, "invitations, new candidates and slots per month or tag"},
    {"export", ctl_cmd_export, "invitations with recipients as CSV or JSON"},
    {"suppress", ctl_cmd_suppress, "addresses and @domains never to invite (add|remove|list)"},
    {"db", ctl_cmd_db, "integrity check and schema version, online backup (check|backup)"},
    {"dry-run", ctl_cmd_dry_run, "show what the milter would do to one message"},
    {"classify", ctl_cmd_classify, "one verdict line per message file"},
    {"config", ctl_cmd_config, "check or dump the configuration (check|dump)"},
};

#define MAIN_NCOMMANDS (sizeof(main_commands) / sizeof(main_commands[0]))

/* main_usage - the global usage text to f; returns status */
static int
main_usage(FILE *f, int status)
{
    size_t i;

    fprintf(f, "usage: careerrelayctl [-c CONFIG | -d DATABASE] [--json] COMMAND [ARGS...]\n"
               "       careerrelayctl COMMAND --help\n"
               "\n"
               "options:\n"
               "  -c, --config CONFIG      configuration file (default " CRM_DEFAULT_CONFIG ";\n"
               "                           built-in defaults when it does not exist)\n"
               "  -d, --database DATABASE  ledger database (default: Database in CONFIG)\n"
               "      --json               JSON output (also accepted after the command)\n"
               "  -h, --help               this help\n"
               "  -V, --version            program version\n"
               "\n"
               "commands:\n");
    for (i = 0; i < MAIN_NCOMMANDS; i++)
        fprintf(f, "  %-12s %s\n", main_commands[i].name, main_commands[i].summary);
    fprintf(f, "\nexit status: 0 ok, 1 failure, 2 usage error\n");
    return status;
}

/* main_value - the value of a global option at argv[*i] ("-c X", "--config=X"); NULL if missing */
static const char *
main_value(int argc, char **argv, int *i, const char *longname)
{
    size_t n = strlen(longname);

    if (strncmp(argv[*i], longname, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

/* main_is_opt - argv[i] is the short or long form (or "--long=...") */
static int
main_is_opt(const char *arg, const char *shortname, const char *longname)
{
    size_t n = strlen(longname);

    return strcmp(arg, shortname) == 0 || strcmp(arg, longname) == 0 ||
           (strncmp(arg, longname, n) == 0 && arg[n] == '=');
}

/* main_options - global options before the command; OUT *cmd = index of the command */
static int
main_options(int argc, char **argv, struct ctl_ctx *ctx, int *cmd)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i], **dst = NULL, *v;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            main_usage(stdout, 0);
            return -1; /* done, exit 0 */
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("careerrelayctl " CRM_VERSION "\n");
            return -1;
        }
        if (strcmp(a, "--json") == 0) {
            ctx->json = 1;
            continue;
        }
        if (main_is_opt(a, "-c", "--config"))
            dst = &ctx->config_path;
        else if (main_is_opt(a, "-d", "--database"))
            dst = &ctx->db_path;
        if (dst == NULL) {
            fprintf(stderr, "careerrelayctl: unknown option %s\n", a);
            return main_usage(stderr, 2);
        }
        v = main_value(argc, argv, &i,
                       a[1] == '-' ? (dst == &ctx->config_path ? "--config" : "--database") : a);
        if (v == NULL || *v == '\0') {
            fprintf(stderr, "careerrelayctl: option %s needs a value\n", a);
            return main_usage(stderr, 2);
        }
        *dst = v;
    }
    *cmd = i;
    return 0;
}

/* main_find - the command named name, or NULL */
static const struct main_command *
main_find(const char *name)
{
    size_t i;

    for (i = 0; i < MAIN_NCOMMANDS; i++)
        if (strcmp(main_commands[i].name, name) == 0)
            return &main_commands[i];
    return NULL;
}

/* main_help_command - "careerrelayctl help [COMMAND]" */
static int
main_help_command(struct ctl_ctx *ctx, int argc, char **argv)
{
    const struct main_command *c = argc > 1 ? main_find(argv[1]) : NULL;
    char *av[3];

    if (argc <= 1)
        return main_usage(stdout, 0);
    if (c == NULL) {
        fprintf(stderr, "careerrelayctl: unknown command %s\n", argv[1]);
        return main_usage(stderr, 2);
    }
    av[0] = argv[1];
    av[1] = "--help";
    av[2] = NULL;
    return c->fn(ctx, 2, av);
}

/* ctl_config_path - the file ctl_load_config reads, or NULL for the built-in defaults */
const char *
ctl_config_path(const struct ctl_ctx *ctx)
{
    if (ctx->config_path != NULL)
        return ctx->config_path;
    return access(CRM_DEFAULT_CONFIG, F_OK) == 0 ? CRM_DEFAULT_CONFIG : NULL;
}

/* ctl_load_config_err - load once: -c, else the default file if it exists, else defaults */
int
ctl_load_config_err(struct ctl_ctx *ctx, struct crm_err *err)
{
    const char *path = ctl_config_path(ctx);
    int rc;

    crm_err_clear(err);
    if (ctx->cfg != NULL)
        return CRM_OK;
    if (path != NULL)
        rc = crm_config_load(path, &ctx->cfg, err);
    else
        rc = crm_config_defaults(&ctx->cfg, err);
    if (rc != CRM_OK) {
        if (err->msg[0] == '\0')
            crm_err_set(err, rc, "%s", crm_strerror(rc));
        ctx->cfg = NULL;
    }
    return rc;
}

/* ctl_load_config - ctl_load_config_err, printing the error */
int
ctl_load_config(struct ctl_ctx *ctx)
{
    struct crm_err err;

    if (ctl_load_config_err(ctx, &err) == CRM_OK)
        return 0;
    fprintf(stderr, "careerrelayctl: %s\n", err.msg);
    return 1;
}

/* ctl_db_path - -d, else the configuration's Database (loading it if needed) */
const char *
ctl_db_path(struct ctl_ctx *ctx)
{
    if (ctx->db_path != NULL)
        return ctx->db_path;
    if (ctl_load_config(ctx) != 0)
        return NULL;
    return ctx->cfg->database;
}

/* main - careerrelayctl */
int
main(int argc, char **argv)
{
    struct ctl_ctx ctx;
    const struct main_command *c;
    int cmd = 0, status;

    memset(&ctx, 0, sizeof(ctx));
    status = main_options(argc, argv, &ctx, &cmd);
    if (status != 0)
        return status < 0 ? 0 : status;
    if (cmd >= argc) {
        fprintf(stderr, "careerrelayctl: no command given\n");
        return main_usage(stderr, 2);
    }
    if (strcmp(argv[cmd], "help") == 0)
        return main_help_command(&ctx, argc - cmd, argv + cmd);
    c = main_find(argv[cmd]);
    if (c == NULL) {
        fprintf(stderr, "careerrelayctl: unknown command %s\n", argv[cmd]);
        return main_usage(stderr, 2);
    }
    status = c->fn(&ctx, argc - cmd, argv + cmd);
    crm_config_free(ctx.cfg);
    return status;
}
