/*
 * ctl.h - careerrelayctl's internal contract: the shared context and the
 * command functions implemented in the ctl_*.c files.
 *
 * ctl_main.c parses the global options and dispatches:
 *   careerrelayctl [-c CONFIG | -d DATABASE] [--json] COMMAND [ARGS...]
 * Each command function gets argv with argv[0] = the command name and
 * returns the process exit status: 0 ok, 1 failure (one line on stderr
 * naming the path and cause), 2 usage error (usage on stderr).
 *
 * Ownership: the ctx and its config are owned by ctl_main.c.
 * Thread safety: single-threaded program.
 */
#ifndef CRM_CTL_H
#define CRM_CTL_H

#include "config.h"

struct ctl_ctx {
    const char *config_path; /* -c, or NULL: CRM_DEFAULT_CONFIG if it exists, else defaults */
    const char *db_path;     /* -d, overrides the config's Database */
    int json;                /* --json given before or after the command */
    struct crm_config *cfg;  /* loaded by ctl_load_config, freed by ctl_main.c */
};

/* ctl_load_config - load the configuration once (cached in ctx->cfg);
 * prints the error and returns 1 on failure, 0 on success */
int ctl_load_config(struct ctl_ctx *ctx);
/* ctl_load_config_err - ctl_load_config without printing: CRM_OK, or the
 * status with OUT err->msg "FILE:LINE: cause" */
int ctl_load_config_err(struct ctl_ctx *ctx, struct crm_err *err);
/* ctl_config_path - the configuration file read (-c, else the default file
 * if it exists), or NULL for the built-in defaults */
const char *ctl_config_path(const struct ctl_ctx *ctx);
/* ctl_db_path - the database to use: -d, else the config's Database */
const char *ctl_db_path(struct ctl_ctx *ctx);

/* ctl_engine.c */
int ctl_cmd_dry_run(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_classify(struct ctl_ctx *ctx, int argc, char **argv);
/* ctl_config.c: "config check" / "config dump" */
int ctl_cmd_config(struct ctl_ctx *ctx, int argc, char **argv);

#endif
