/*
 * ctl_ledger.h - careerrelayctl's ledger commands (ctl_ledger.c: balance,
 * invitations, redeem, adjust, report, export; ctl_history.c: history;
 * ctl_db.c: suppress, db).
 * Each takes argv[0] = the command name and returns the exit status
 * (0 ok, 1 failure with one line on stderr, 2 usage error), as in ctl.h.
 *
 * Ownership: ctx as in ctl.h. Thread safety: single-threaded program.
 */
#ifndef CRM_CTL_LEDGER_H
#define CRM_CTL_LEDGER_H

#include "ctl.h"
#include "ctl_util.h"
#include "ledger.h"

int ctl_cmd_balance(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_invitations(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_redeem(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_adjust(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_report(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_export(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_history(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_suppress(struct ctl_ctx *ctx, int argc, char **argv);
int ctl_cmd_db(struct ctl_ctx *ctx, int argc, char **argv);

/* ctl_ledger_open - open the ledger of ctx (config, -d); prints the error and returns 1 */
int ctl_ledger_open(struct ctl_ctx *ctx, struct crm_ledger **out);
/*
 * ctl_ledger_open_err - ctl_ledger_open, but a failure of the database
 * itself is left to the caller: returns 2 with OUT *err set and nothing
 * printed (1: the configuration failed, message printed; 0: opened).
 */
int ctl_ledger_open_err(struct ctl_ctx *ctx, struct crm_ledger **out, struct crm_err *err);
/*
 * ctl_command_begin - parse a command's options into a (ctl_opt_parse),
 * print usage on --help (status 0) or on a bad option (status 2), and with
 * no_args_cmd non-NULL refuse any positional argument (status 2). Returns -1
 * when the command goes on.
 */
int ctl_command_begin(int argc, char **argv, const struct ctl_opt *opts, size_t nopts,
                      const char *usage, const char *no_args_cmd, struct ctl_args *a);
/* ctl_usage_error - print usage to stderr; returns 2 */
int ctl_usage_error(const char *usage);
/* ctl_help - print usage to stdout; returns 0 */
int ctl_help(const char *usage);

#endif
