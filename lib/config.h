/*
 * config.h - careerrelay.conf: "Key value" lines in the opendkim style.
 *
 * The file is parsed by a descriptor table (config.c) into an immutable
 * struct crm_config, which also owns the compiled rules and the loaded
 * templates, so one snapshot carries everything a message needs.
 * Values are taken literally up to the end of the line or a '#' (no quotes
 * are removed; a string value enclosed in double quotes is refused as a
 * mistake). Unknown keys, values out of range, a Rules file that is missing
 * or does not compile, a Templates directory that is missing or lacks one of
 * the four templates, and a template that cannot be written in a charset are
 * errors reported as "file:line: cause" (the line of the key concerned).
 *
 * Ownership: crm_config_load allocates *out; crm_config_free releases it
 *   (including rules and templates). Use snapshot.h to share it across threads.
 * Thread safety: a loaded config is immutable and may be read concurrently.
 * Errors: CRM_EIO (cannot read), CRM_EPARSE, CRM_EINVAL, CRM_ENOMEM, and
 *   whatever rules/templates loading returns.
 */
#ifndef CRM_CONFIG_H
#define CRM_CONFIG_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "net.h"

#define CRM_DEFAULT_CONFIG  "/etc/careerrelay/careerrelay.conf"
#define CRM_CONFIG_KEYS_MAX 32 /* room in key_line for every key of the table */

enum crm_on_error { CRM_ON_ERROR_ACCEPT = 0, CRM_ON_ERROR_TEMPFAIL = 1 };

struct crm_rules;
struct crm_templates;

struct crm_config {
    char *path;                          /* file loaded, NULL for built-in defaults */
    char *socket;                        /* Socket: unix:/path | local:/path | inet:port@host */
    char *user_id;                       /* UserID: user[:group], NULL = do not change */
    char *pid_file;                      /* PidFile, NULL = none */
    unsigned umask;                      /* UMask (octal), default 007 */
    char *database;                      /* Database path */
    char *partner_id;                    /* PartnerId (opaque, may be NULL) */
    char *company_name;                  /* CompanyName */
    char *invitation_url;                /* InvitationUrl, contains {token} */
    char *templates_dir;                 /* Templates, NULL = embedded */
    char *rules_path;                    /* Rules, NULL = embedded */
    unsigned referrals_per_slot;         /* ReferralsPerSlot, default 10 */
    struct crm_cidr_list internal_hosts; /* InternalHosts */
    char **internal_domains;             /* InternalDomains (lower-case) */
    size_t n_internal_domains;
    char **senders; /* Senders: addresses, @domain, or *-glob patterns (lower-case) */
    size_t n_senders;
    size_t max_message_size; /* MaxMessageSize, default 25 MiB */
    int on_error;            /* OnError */
    int syslog_facility;     /* SyslogFacility (LOG_MAIL) */
    char *syslog_facility_name;
    int log_why;         /* LogWhy: also log messages not considered */
    unsigned db_busy_ms; /* DatabaseTimeout in ms, default 2000 */
    int dry_run;         /* DryRun: classify and log, never change or record */

    struct crm_rules *rules;                /* compiled Rules */
    struct crm_templates *templates;        /* loaded Templates */
    unsigned key_line[CRM_CONFIG_KEYS_MAX]; /* line of path that last set each key, 0 = default */
    unsigned key_prev[CRM_CONFIG_KEYS_MAX]; /* a single-value key set again: the line it
                                               had been set on before, else 0 */
};

/* crm_config_defaults - built-in defaults (embedded rules and templates) */
int crm_config_defaults(struct crm_config **out, struct crm_err *err) CRM_WUR;
/* crm_config_load - read path over the defaults */
int crm_config_load(const char *path, struct crm_config **out, struct crm_err *err) CRM_WUR;
void crm_config_free(struct crm_config *c);
/* crm_config_dump - effective configuration, one "Key value" per line */
int crm_config_dump(const struct crm_config *c, struct crm_buf *out) CRM_WUR;
/*
 * crm_config_value - the name, kind and effective value of key number i
 * (0, 1, ... in crm_config_dump's order; CRM_ENOTFOUND past the last), for
 * typed output such as JSON. Appended to out: a STRING's text (an empty
 * string is a value set to empty), a NUMBER's decimal digits, a BOOL's
 * "yes" or "no", a LIST's items separated by '\n' (nothing when empty);
 * nothing for NULL (a key left unset, such as UserID).
 */
enum crm_config_kind {
    CRM_CONFIG_NULL,
    CRM_CONFIG_STRING,
    CRM_CONFIG_NUMBER,
    CRM_CONFIG_BOOL,
    CRM_CONFIG_LIST
};
int crm_config_value(const struct crm_config *c, size_t i, const char **name,
                     enum crm_config_kind *kind, struct crm_buf *out) CRM_WUR;
/*
 * crm_config_where - where key got its value, for messages: "path:line" when
 * a line of path set it, "path" when the file left it at its default, and
 * "(built-in defaults)" without a file. Writes at most n bytes into out.
 */
void crm_config_where(const struct crm_config *c, const char *key, char *out, size_t n);
/*
 * crm_config_warnings - what is legal but probably a mistake, appended to
 * out one line each ("path:line: warning: ..."), nothing when all is well:
 * today a single-value key given more than once (the last line wins; list
 * keys given twice append, which is not warned about). Returns the number of
 * warnings, or -1 when out of memory.
 */
int crm_config_warnings(const struct crm_config *c, struct crm_buf *out) CRM_WUR;
/* crm_config_sender_allowed - 1 if Senders is empty or matches the normalised sender */
int crm_config_sender_allowed(const struct crm_config *c, const char *norm_sender);

#endif
