/*
 * ctl_util.h - careerrelayctl helpers shared by the command files: option
 * parsing, aligned tables, JSON and CSV quoting, and writing the output.
 *
 * Options: every command accepts "--help"/"-h" and "--json" anywhere among
 * its arguments; "--name value" and "--name=value" are the same; "--" ends
 * the options; "-" and negative numbers ("-3") are arguments, not options.
 * On a usage error ctl_opt_parse prints one line naming the problem to
 * stderr and returns 2 (the caller then prints its usage and exits 2).
 *
 * Ownership: tables copy their cells; ctl_table_fini frees them.
 * Thread safety: single-threaded program.
 */
#ifndef CRM_CTL_UTIL_H
#define CRM_CTL_UTIL_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define CTL_MAX_ARGS 8

struct ctl_opt {
    const char *name;   /* "--since" */
    const char **value; /* OUT value, for an option that takes one */
    int *flag;          /* OUT set to 1, for an option without a value */
};

struct ctl_args {
    int help;
    int json;
    char *pos[CTL_MAX_ARGS]; /* arguments that are not options */
    size_t npos;
};

/* ctl_opt_parse - argv[1..argc-1] of a command; 0 or 2 (message printed) */
int ctl_opt_parse(int argc, char **argv, const struct ctl_opt *opts, size_t nopts,
                  struct ctl_args *out);

struct ctl_table {
    size_t ncols;
    const char *const *head; /* column titles */
    const char *align;       /* 'l' or 'r' per column */
    char **cells;            /* nrows * ncols copies */
    size_t nrows, cap;
};

/* ctl_table_init - a table with ncols columns (head and align are borrowed) */
void ctl_table_init(struct ctl_table *t, size_t ncols, const char *const *head, const char *align);
/* ctl_table_add - copy one row of ncols cells (NULL cell = ""), control
 * characters escaped (ctl_text_escape); 0 or -1 (ENOMEM) */
int ctl_table_add(struct ctl_table *t, const char *const *row);
/* ctl_table_render - aligned columns separated by two spaces into out; 0 or -1 */
int ctl_table_render(const struct ctl_table *t, struct crm_buf *out);
void ctl_table_fini(struct ctl_table *t);

/* ctl_json_str - s as a JSON string (quotes included; NULL = null); 0 or -1 */
int ctl_json_str(struct crm_buf *out, const char *s);
/* ctl_json_list - "a<sep>b" as a JSON array of strings ("" = []); 0 or -1 */
int ctl_json_list(struct crm_buf *out, const char *list, char sep);
/* ctl_text_escape - s for a terminal: newline as \n, tab as \t, CR as \r,
 * other control characters as \xHH; 0 or -1 */
int ctl_text_escape(struct crm_buf *out, const char *s);
/* ctl_csv_field - s as an RFC 4180 field (quoted when needed); 0 or -1 */
int ctl_csv_field(struct crm_buf *out, const char *s);

/*
 * ctl_date_opt - parse the value v of a date option (--since: start of day;
 * --until, end_of_day: end of day) into out (isodate.h text form); NULL v is
 * fine. On a bad date prints "CMD: bad date for OPT" and returns 2, else 0.
 */
int ctl_date_opt(const char *cmd, const char *opt, const char *v, int end_of_day, char *out);
/* ctl_no_json - the usage error of a command without a JSON form; returns 2 */
int ctl_no_json(const char *cmd, const char *usage);

/* ctl_write - write the buffer to stdout; 0, or 1 after printing the error */
int ctl_write(const struct crm_buf *out);
/* ctl_oom - print the out-of-memory line; returns 1 */
int ctl_oom(void);
/* ctl_unix_user - who runs the command: SUDO_USER under sudo, else the login name */
void ctl_unix_user(char *out, size_t sz);

#endif
