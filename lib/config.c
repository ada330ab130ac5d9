/* config.c - careerrelay.conf parser driven by a descriptor table */
#include "config.h"

#include <arpa/inet.h>
#include <fnmatch.h>
#include <pwd.h>
#include <grp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "alloc.h"
#include "log.h"
#include "rules.h"
#include "str.h"
#include "tmpl.h"

#define CONFIG_MAX_FILE (1u << 20)
#define CONFIG_MAX_LIST 4096

enum config_type {
    CT_STR,
    CT_UINT,
    CT_SIZE,
    CT_OCTAL,
    CT_BOOL,
    CT_ONERROR,
    CT_FACILITY,
    CT_CIDRS,
    CT_LIST
};

struct config_key {
    const char *name;
    enum config_type type;
    const char *dflt; /* default as text, NULL = unset */
    size_t off;       /* offsetof(struct crm_config, field) */
    size_t off_n;     /* CT_LIST: offset of the count */
    uint64_t min, max;
    int (*check)(const char *value, char *why, size_t whysz);
    const char *doc;
};

static int config_check_socket(const char *v, char *why, size_t n);
static int config_check_url(const char *v, char *why, size_t n);
static int config_check_user(const char *v, char *why, size_t n);

#define OFF(f) offsetof(struct crm_config, f)

static const struct config_key config_keys[] = {
    {"Socket", CT_STR, "unix:/run/careerrelay/careerrelay.sock", OFF(socket), 0, 0, 0,
     config_check_socket, "where the milter listens: unix:/path or inet:port@host"},
    {"UserID", CT_STR, NULL, OFF(user_id), 0, 0, 0, config_check_user,
     "user[:group] to run as after opening the socket"},
    {"PidFile", CT_STR, NULL, OFF(pid_file), 0, 0, 0, NULL, "file to write the process id to"},
    {"UMask", CT_OCTAL, "007", OFF(umask), 0, 0, 0777, NULL, "umask for the socket and files"},
    {"Database", CT_STR, "/var/lib/careerrelay/careerrelay.db", OFF(database), 0, 0, 0, NULL,
     "the SQLite referral ledger"},
    {"PartnerId", CT_STR, NULL, OFF(partner_id), 0, 0, 0, NULL,
     "the company's CareerRelay partner id"},
    {"CompanyName", CT_STR, "", OFF(company_name), 0, 0, 0, NULL,
     "company name for the {company} placeholder of the templates"},
    {"InvitationUrl", CT_STR, "https://careerrelay.jp/i/{token}", OFF(invitation_url), 0, 0, 0,
     config_check_url, "invitation URL template; {token} is replaced"},
    {"Templates", CT_STR, NULL, OFF(templates_dir), 0, 0, 0, NULL,
     "directory with ja.txt ja.html en.txt en.html; unset = built-in"},
    {"Rules", CT_STR, NULL, OFF(rules_path), 0, 0, 0, NULL, "rules file; unset = built-in rules"},
    {"ReferralsPerSlot", CT_UINT, "10", OFF(referrals_per_slot), 0, 1, 100000, NULL,
     "distinct candidates referred per free-hire slot"},
    {"InternalHosts", CT_CIDRS, "127.0.0.0/8 ::1", OFF(internal_hosts), 0, 0, 0, NULL,
     "clients whose mail is outgoing (CIDR list)"},
    {"InternalDomains", CT_LIST, NULL, OFF(internal_domains), OFF(n_internal_domains), 0, 0, NULL,
     "the company's own domains: recipients there are never candidates"},
    {"Senders", CT_LIST, NULL, OFF(senders), OFF(n_senders), 0, 0, NULL,
     "recruiting senders (address, @domain or glob); empty = any internal sender"},
    {"MaxMessageSize", CT_SIZE, "25M", OFF(max_message_size), 0, 1024, 1ull << 30, NULL,
     "larger messages pass unchanged"},
    {"OnError", CT_ONERROR, "accept", OFF(on_error), 0, 0, 0, NULL,
     "on an internal error: accept (unchanged) or tempfail"},
    {"SyslogFacility", CT_FACILITY, "mail", OFF(syslog_facility), 0, 0, 0, NULL, "syslog facility"},
    {"LogWhy", CT_BOOL, "no", OFF(log_why), 0, 0, 0, NULL,
     "also log messages not considered (inbound, no external recipient...)"},
    {"DatabaseTimeout", CT_UINT, "3000", OFF(db_busy_ms), 0, 10, 60000, NULL,
     "milliseconds to wait for a locked database"},
    {"DryRun", CT_BOOL, "no", OFF(dry_run), 0, 0, 0, NULL,
     "classify and log only; never change mail or record"},
};

#define CONFIG_NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))
_Static_assert(CONFIG_NKEYS <= CRM_CONFIG_KEYS_MAX, "struct crm_config: key_line too small");

/* config_check_socket - unix:/local:/inet:/inet6: */
static int
config_check_socket(const char *v, char *why, size_t n)
{
    if (strncmp(v, "unix:/", 6) == 0 || strncmp(v, "local:/", 7) == 0 ||
        strncmp(v, "inet:", 5) == 0 || strncmp(v, "inet6:", 6) == 0)
        return 0;
    snprintf(why, n, "must be unix:/path, local:/path, inet:port@host or inet6:port@host");
    return -1;
}

/* config_check_url - http(s) URL containing {token}, no blanks */
static int
config_check_url(const char *v, char *why, size_t n)
{
    size_t i;

    if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
        snprintf(why, n, "must start with https:// or http://");
        return -1;
    }
    if (strstr(v, "{token}") == NULL) {
        snprintf(why, n, "must contain {token}");
        return -1;
    }
    for (i = 0; v[i]; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>') {
            snprintf(why, n, "must be ASCII without blanks, quotes or angle brackets");
            return -1;
        }
    }
    if (strlen(v) > 200) {
        snprintf(why, n, "is too long (200 characters at most)");
        return -1;
    }
    return 0;
}

/* config_check_user - user[:group] must exist */
static int
config_check_user(const char *v, char *why, size_t n)
{
    char user[256];
    const char *colon = strchr(v, ':');
    size_t ulen = colon ? (size_t)(colon - v) : strlen(v);

    if (ulen == 0 || ulen >= sizeof(user)) {
        snprintf(why, n, "bad user name");
        return -1;
    }
    memcpy(user, v, ulen);
    user[ulen] = '\0';
    if (getpwnam(user) == NULL) {
        snprintf(why, n, "no such user: %s", user);
        return -1;
    }
    if (colon != NULL && getgrnam(colon + 1) == NULL) {
        snprintf(why, n, "no such group: %s", colon + 1);
        return -1;
    }
    return 0;
}

/* config_list_add - append one lower-cased word to a list field */
static int
config_list_add(char ***list, size_t *n, struct crm_slice w)
{
    char **nl, *s;
    size_t i;

    if (*n >= CONFIG_MAX_LIST)
        return CRM_ELIMIT;
    s = crm_slice_dup(w);
    if (s == NULL)
        return CRM_ENOMEM;
    for (i = 0; s[i]; i++)
        s[i] = (char)crm_lower((unsigned char)s[i]);
    nl = crm_realloc(*list, (*n + 1) * sizeof(*nl));
    if (nl == NULL) {
        crm_free(s);
        return CRM_ENOMEM;
    }
    nl[(*n)++] = s;
    *list = nl;
    return CRM_OK;
}

/* config_split - call fn for each comma/blank-separated word of v */
static int
config_split(const char *v, int (*fn)(void *, struct crm_slice, char *, size_t), void *arg,
             char *why, size_t whysz)
{
    const char *p = v, *end = v + strlen(v);
    int rc;

    while (p < end) {
        const char *s;
        while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
            p++;
        s = p;
        while (p < end && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        if (p > s) {
            struct crm_slice w = {s, (size_t)(p - s)};
            rc = fn(arg, w, why, whysz);
            if (rc != CRM_OK)
                return rc;
        }
    }
    return CRM_OK;
}

struct config_list_ctx {
    char ***list;
    size_t *n;
};

/* config_list_word - config_split callback for CT_LIST */
static int
config_list_word(void *arg, struct crm_slice w, char *why, size_t whysz)
{
    struct config_list_ctx *c = arg;
    int rc = config_list_add(c->list, c->n, w);

    if (rc != CRM_OK)
        snprintf(why, whysz, "%s", rc == CRM_ELIMIT ? "too many entries" : "out of memory");
    return rc;
}

/* config_cidr_word - config_split callback for CT_CIDRS */
static int
config_cidr_word(void *arg, struct crm_slice w, char *why, size_t whysz)
{
    struct crm_err e;
    char buf[128];
    int rc;

    if (w.len >= sizeof(buf)) {
        snprintf(why, whysz, "bad address");
        return CRM_EPARSE;
    }
    memcpy(buf, w.p, w.len);
    buf[w.len] = '\0';
    rc = crm_cidr_list_add(arg, buf, &e);
    if (rc != CRM_OK)
        snprintf(why, whysz, "%.200s", e.msg);
    return rc;
}

/* config_set - parse one value into the field of key k */
static int
config_set(struct crm_config *c, const struct config_key *k, const char *v, int append, char *why,
           size_t whysz)
{
    char *base = (char *)c;
    uint64_t u;
    int b;

    if (k->check != NULL && k->check(v, why, whysz) != 0)
        return CRM_EINVAL;
    switch (k->type) {
    case CT_STR: {
        char **f = (char **)(base + k->off);
        size_t len = strlen(v);
        char *s;
        if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
            snprintf(why, whysz,
                     "values are taken literally, quotes included: write the value "
                     "without quotes, or leave the key out for its default");
            return CRM_EINVAL;
        }
        s = crm_strdup(v);
        if (s == NULL)
            return CRM_ENOMEM;
        crm_free(*f);
        *f = s;
        return CRM_OK;
    }
    case CT_UINT:
    case CT_SIZE:
    case CT_OCTAL:
        if (k->type == CT_OCTAL) {
            const char *p;
            u = 0;
            for (p = v; *p; p++) {
                if (*p < '0' || *p > '7' || u > 0777) {
                    snprintf(why, whysz, "not an octal number");
                    return CRM_EINVAL;
                }
                u = u * 8 + (uint64_t)(*p - '0');
            }
            if (p == v) {
                snprintf(why, whysz, "not an octal number");
                return CRM_EINVAL;
            }
        } else if ((k->type == CT_UINT ? crm_str_to_uint(v, &u) : crm_str_to_size(v, &u)) !=
                   CRM_OK) {
            snprintf(why, whysz, "not a number%s", k->type == CT_SIZE ? " (suffix k, M, G)" : "");
            return CRM_EINVAL;
        }
        if (u < k->min || u > k->max) {
            snprintf(why, whysz, "out of range %llu..%llu", (unsigned long long)k->min,
                     (unsigned long long)k->max);
            return CRM_EINVAL;
        }
        if (k->type == CT_SIZE)
            *(size_t *)(base + k->off) = (size_t)u;
        else
            *(unsigned *)(base + k->off) = (unsigned)u;
        return CRM_OK;
    case CT_BOOL: {
        const char *p = v;
        if (crm_parse_bool(&p, v + strlen(v), &b) != CRM_OK || *p != '\0') {
            snprintf(why, whysz, "not a boolean (yes/no)");
            return CRM_EINVAL;
        }
        *(int *)(base + k->off) = b;
        return CRM_OK;
    }
    case CT_ONERROR:
        if (crm_strcaseeq(v, "accept"))
            c->on_error = CRM_ON_ERROR_ACCEPT;
        else if (crm_strcaseeq(v, "tempfail"))
            c->on_error = CRM_ON_ERROR_TEMPFAIL;
        else {
            snprintf(why, whysz, "must be accept or tempfail");
            return CRM_EINVAL;
        }
        return CRM_OK;
    case CT_FACILITY: {
        int fac = crm_log_facility(v);
        char *s;
        if (fac < 0) {
            snprintf(why, whysz, "unknown syslog facility");
            return CRM_EINVAL;
        }
        s = crm_strdup(v);
        if (s == NULL)
            return CRM_ENOMEM;
        crm_free(c->syslog_facility_name);
        c->syslog_facility_name = s;
        c->syslog_facility = fac;
        return CRM_OK;
    }
    case CT_CIDRS: {
        struct crm_cidr_list *l = (struct crm_cidr_list *)(base + k->off);
        if (!append) {
            crm_cidr_list_fini(l);
            crm_cidr_list_init(l);
        }
        return config_split(v, config_cidr_word, l, why, whysz);
    }
    case CT_LIST: {
        struct config_list_ctx lc = {(char ***)(base + k->off), (size_t *)(base + k->off_n)};
        if (!append) {
            size_t i;
            for (i = 0; i < *lc.n; i++)
                crm_free((*lc.list)[i]);
            crm_free(*lc.list);
            *lc.list = NULL;
            *lc.n = 0;
        }
        return config_split(v, config_list_word, &lc, why, whysz);
    }
    }
    return CRM_EINTERNAL;
}

/* config_find - descriptor by key name (case-insensitive) */
static const struct config_key *
config_find(struct crm_slice name)
{
    size_t i;

    for (i = 0; i < CONFIG_NKEYS; i++)
        if (crm_slice_caseeq(name, config_keys[i].name))
            return &config_keys[i];
    return NULL;
}

/* config_new_defaults - allocate and apply every default (no rules/templates yet) */
static int
config_new_defaults(struct crm_config **out, struct crm_err *err)
{
    struct crm_config *c = crm_calloc(1, sizeof(*c));
    char why[200];
    size_t i;
    int rc;

    if (c == NULL)
        return crm_err_set(err, CRM_ENOMEM, "out of memory");
    crm_cidr_list_init(&c->internal_hosts);
    for (i = 0; i < CONFIG_NKEYS; i++) {
        if (config_keys[i].dflt == NULL)
            continue;
        rc = config_set(c, &config_keys[i], config_keys[i].dflt, 0, why, sizeof(why));
        if (rc != CRM_OK) {
            crm_config_free(c);
            return crm_err_set(err, rc, "default %s: %s", config_keys[i].name, why);
        }
    }
    *out = c;
    return CRM_OK;
}

/* config_key_error - prefix a Rules/Templates error with the config line of the key concerned
 * (the key the message starts with, else key) */
static int
config_key_error(const struct crm_config *c, const char *key, int rc, struct crm_err *err)
{
    static const char *const named[] = {"InvitationUrl", "CompanyName", "Templates", "Rules"};
    char where[160], msg[CRM_ERR_MSG_MAX];
    const char *sep = ": ";
    size_t i, n;

    if (err == NULL || c->path == NULL)
        return rc;
    snprintf(msg, sizeof(msg), "%s", err->msg[0] != '\0' ? err->msg : crm_strerror(rc));
    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        n = strlen(named[i]);
        if (strncmp(msg, named[i], n) == 0 && msg[n] == ':') {
            key = named[i];
            sep = "";
        }
    }
    crm_config_where(c, key, where, sizeof(where));
    return crm_err_set(err, rc, "%s: %s%s%s", where, sep[0] != '\0' ? key : "", sep, msg);
}

/* config_finish - load rules and templates named by the config */
static int
config_finish(struct crm_config *c, struct crm_err *err)
{
    int rc = crm_rules_load(c->rules_path, &c->rules, err);

    if (rc != CRM_OK)
        return config_key_error(c, "Rules", rc, err);
    rc = crm_tmpl_load(c->templates_dir, c->company_name, c->invitation_url, &c->templates, err);
    if (rc != CRM_OK)
        return config_key_error(c, c->templates_dir != NULL ? "Templates" : "CompanyName", rc, err);
    return CRM_OK;
}

/* crm_config_defaults - built-in configuration */
int
crm_config_defaults(struct crm_config **out, struct crm_err *err)
{
    struct crm_config *c;
    int rc = config_new_defaults(&c, err);

    if (rc != CRM_OK)
        return rc;
    rc = config_finish(c, err);
    if (rc != CRM_OK) {
        crm_config_free(c);
        return rc;
    }
    *out = c;
    return CRM_OK;
}

/* config_read - whole file into b */
static int
config_read(const char *path, struct crm_buf *b, struct crm_err *err)
{
    char chunk[8192];
    size_t n;
    FILE *f = fopen(path, "r");

    if (f == NULL)
        return crm_err_set(err, CRM_EIO, "%s: %m", path);
    crm_buf_init(b, CONFIG_MAX_FILE);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        int rc = crm_buf_append(b, chunk, n);
        if (rc != CRM_OK) {
            fclose(f);
            return crm_err_set(err, rc, "%s: %s", path,
                               rc == CRM_ELIMIT ? "file too large" : "out of memory");
        }
    }
    if (ferror(f)) {
        fclose(f);
        crm_buf_fini(b);
        return crm_err_set(err, CRM_EIO, "%s: read error", path);
    }
    fclose(f);
    if (crm_buf_append(b, "", 0) != CRM_OK)
        return crm_err_set(err, CRM_ENOMEM, "%s: out of memory", path);
    return CRM_OK;
}

/* config_parse_line - one "Key value" line; returns status, why set */
static int
config_parse_line(struct crm_config *c, const char *p, const char *end, unsigned line,
                  unsigned char *seen, char *why, size_t whysz)
{
    struct crm_slice key, val;
    const struct config_key *k;
    const char *hash = memchr(p, '#', (size_t)(end - p));
    char *v;
    int rc;

    if (hash != NULL)
        end = hash;
    crm_parse_skip_ws(&p, end);
    if (p >= end || *p == '\r')
        return CRM_OK;
    if (crm_parse_word(&p, end, &key) != CRM_OK)
        return CRM_OK;
    k = config_find(key);
    if (k == NULL) {
        snprintf(why, whysz, "unknown key \"%.*s\"", (int)(key.len > 60 ? 60 : key.len), key.p);
        return CRM_EINVAL;
    }
    val.p = p;
    val.len = (size_t)(end - p);
    val = crm_slice_trim(val);
    if (val.len == 0) {
        snprintf(why, whysz, "%s: missing value", k->name);
        return CRM_EINVAL;
    }
    if (memchr(val.p, '\0', val.len) != NULL) {
        snprintf(why, whysz, "%s: NUL byte in value", k->name);
        return CRM_EINVAL;
    }
    v = crm_slice_dup(val);
    if (v == NULL)
        return CRM_ENOMEM;
    rc = config_set(c, k, v, seen[k - config_keys], why, whysz);
    if (rc != CRM_OK && rc != CRM_ENOMEM) {
        char tmp[200];
        snprintf(tmp, sizeof(tmp), "%s", why);
        snprintf(why, whysz, "%s: %s", k->name, tmp);
    }
    if (seen[k - config_keys] && k->type != CT_LIST && k->type != CT_CIDRS)
        c->key_prev[k - config_keys] = c->key_line[k - config_keys];
    seen[k - config_keys] = 1;
    c->key_line[k - config_keys] = line;
    crm_free(v);
    return rc;
}

/* crm_config_load - parse path over the defaults */
int
crm_config_load(const char *path, struct crm_config **out, struct crm_err *err)
{
    struct crm_config *c;
    struct crm_buf b;
    unsigned char seen[CONFIG_NKEYS] = {0};
    const char *p, *end;
    unsigned line = 0;
    char why[220];
    int rc;

    rc = config_new_defaults(&c, err);
    if (rc != CRM_OK)
        return rc;
    c->path = crm_strdup(path);
    rc = c->path ? config_read(path, &b, err) : crm_err_set(err, CRM_ENOMEM, "out of memory");
    if (rc != CRM_OK) {
        crm_config_free(c);
        return rc;
    }
    for (p = b.p, end = b.p + b.len; p < end && rc == CRM_OK;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        why[0] = '\0';
        rc = config_parse_line(c, p, le, line, seen, why, sizeof(why));
        if (rc != CRM_OK)
            crm_err_set(err, rc, "%s:%u: %s", path, line, rc == CRM_ENOMEM ? "out of memory" : why);
        p = nl ? nl + 1 : end;
    }
    crm_buf_fini(&b);
    if (rc == CRM_OK)
        rc = config_finish(c, err);
    if (rc != CRM_OK) {
        crm_config_free(c);
        return rc;
    }
    *out = c;
    return CRM_OK;
}

/* config_free_list - free a CT_LIST array */
static void
config_free_list(char **l, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        crm_free(l[i]);
    crm_free(l);
}

/* crm_config_free - release everything (NULL ok) */
void
crm_config_free(struct crm_config *c)
{
    size_t i;

    if (c == NULL)
        return;
    for (i = 0; i < CONFIG_NKEYS; i++)
        if (config_keys[i].type == CT_STR)
            crm_free(*(char **)((char *)c + config_keys[i].off));
    crm_free(c->path);
    crm_free(c->syslog_facility_name);
    crm_cidr_list_fini(&c->internal_hosts);
    config_free_list(c->internal_domains, c->n_internal_domains);
    config_free_list(c->senders, c->n_senders);
    crm_rules_free(c->rules);
    crm_tmpl_free(c->templates);
    crm_free(c);
}

/* config_dump_cidrs - "a/n" items joined by sep */
static int
config_dump_cidrs(const struct crm_cidr_list *l, const char *sep, struct crm_buf *out)
{
    char text[INET6_ADDRSTRLEN];
    size_t i;
    int rc = CRM_OK;

    for (i = 0; i < l->n && rc == CRM_OK; i++) {
        if (inet_ntop(l->v[i].family, l->v[i].addr, text, sizeof(text)) == NULL)
            snprintf(text, sizeof(text), "?");
        rc = crm_buf_appendf(out, "%s%s/%u", i ? sep : "", text, l->v[i].bits);
    }
    return rc;
}

/* config_dump_list - a list key's items joined by sep */
static int
config_dump_list(const struct crm_config *c, const struct config_key *k, const char *sep,
                 struct crm_buf *out)
{
    const char *base = (const char *)c;
    char *const *l = *(char **const *)(base + k->off);
    size_t i, n = *(const size_t *)(base + k->off_n);
    int rc = CRM_OK;

    for (i = 0; i < n && rc == CRM_OK; i++)
        rc = crm_buf_appendf(out, "%s%s", i ? sep : "", l[i]);
    return rc;
}

/* config_dump_value - one key's effective value */
static int
config_dump_value(const struct crm_config *c, const struct config_key *k, struct crm_buf *out)
{
    const char *base = (const char *)c;

    switch (k->type) {
    case CT_STR: {
        const char *s = *(char *const *)(base + k->off);
        return crm_buf_puts(out, s ? (*s ? s : "(none)") : "(unset)");
    }
    case CT_UINT:
        return crm_buf_appendf(out, "%u", *(const unsigned *)(base + k->off));
    case CT_SIZE:
        return crm_buf_appendf(out, "%zu", *(const size_t *)(base + k->off));
    case CT_OCTAL:
        return crm_buf_appendf(out, "%03o", *(const unsigned *)(base + k->off));
    case CT_BOOL:
        return crm_buf_puts(out, *(const int *)(base + k->off) ? "yes" : "no");
    case CT_ONERROR:
        return crm_buf_puts(out, c->on_error == CRM_ON_ERROR_TEMPFAIL ? "tempfail" : "accept");
    case CT_FACILITY:
        return crm_buf_puts(out, c->syslog_facility_name ? c->syslog_facility_name : "mail");
    case CT_CIDRS:
        if (c->internal_hosts.n == 0)
            return crm_buf_puts(out, "(none)");
        return config_dump_cidrs(&c->internal_hosts, ", ", out);
    case CT_LIST:
        if (*(const size_t *)(base + k->off_n) == 0)
            return crm_buf_puts(out, "(none)");
        return config_dump_list(c, k, ", ", out);
    }
    return CRM_EINTERNAL;
}

/* crm_config_value - key i's name, kind and value (typed output such as JSON) */
int
crm_config_value(const struct crm_config *c, size_t i, const char **name,
                 enum crm_config_kind *kind, struct crm_buf *out)
{
    const struct config_key *k;
    const char *s;

    if (i >= CONFIG_NKEYS)
        return CRM_ENOTFOUND;
    k = &config_keys[i];
    *name = k->name;
    switch (k->type) {
    case CT_STR:
        s = *(char *const *)((const char *)c + k->off);
        *kind = s == NULL ? CRM_CONFIG_NULL : CRM_CONFIG_STRING;
        return s == NULL ? CRM_OK : crm_buf_puts(out, s);
    case CT_UINT:
    case CT_SIZE:
        *kind = CRM_CONFIG_NUMBER;
        break;
    case CT_BOOL:
        *kind = CRM_CONFIG_BOOL;
        break;
    case CT_CIDRS:
        *kind = CRM_CONFIG_LIST;
        return config_dump_cidrs(&c->internal_hosts, "\n", out);
    case CT_LIST:
        *kind = CRM_CONFIG_LIST;
        return config_dump_list(c, k, "\n", out);
    default: /* UMask (octal text), OnError, SyslogFacility */
        *kind = CRM_CONFIG_STRING;
        break;
    }
    return config_dump_value(c, k, out);
}

/* crm_config_dump - effective configuration */
int
crm_config_dump(const struct crm_config *c, struct crm_buf *out)
{
    size_t i;
    int rc = CRM_OK;

    for (i = 0; i < CONFIG_NKEYS && rc == CRM_OK; i++) {
        rc = crm_buf_appendf(out, "%-18s ", config_keys[i].name);
        if (rc == CRM_OK)
            rc = config_dump_value(c, &config_keys[i], out);
        if (rc == CRM_OK)
            rc = crm_buf_putc(out, '\n');
    }
    return rc;
}

/* crm_config_where - "path:line", "path" or "(built-in defaults)" for key */
void
crm_config_where(const struct crm_config *c, const char *key, char *out, size_t n)
{
    struct crm_slice name = {key, strlen(key)};
    const struct config_key *k = config_find(name);
    unsigned line = k != NULL ? c->key_line[k - config_keys] : 0;

    if (c->path == NULL)
        snprintf(out, n, "(built-in defaults)");
    else if (line == 0)
        snprintf(out, n, "%s", c->path);
    else
        snprintf(out, n, "%s:%u", c->path, line);
}

/* crm_config_warnings - see config.h */
int
crm_config_warnings(const struct crm_config *c, struct crm_buf *out)
{
    size_t i;
    int n = 0;

    for (i = 0; i < CONFIG_NKEYS; i++) {
        if (c->path == NULL || c->key_prev[i] == 0)
            continue;
        if (crm_buf_appendf(out,
                            "%s:%u: warning: %s is also set at line %u; a single-value key "
                            "takes the last value given, so line %u is ignored\n",
                            c->path, c->key_line[i], config_keys[i].name, c->key_prev[i],
                            c->key_prev[i]) != CRM_OK)
            return -1;
        n++;
    }
    return n;
}

/* crm_config_sender_allowed - Senders empty, or an entry matches */
int
crm_config_sender_allowed(const struct crm_config *c, const char *norm_sender)
{
    const char *at = strrchr(norm_sender, '@');
    size_t i;

    if (c->n_senders == 0)
        return 1;
    for (i = 0; i < c->n_senders; i++) {
        const char *s = c->senders[i];
        if (s[0] == '@' && at != NULL && strcmp(s + 1, at + 1) == 0)
            return 1;
        if (strchr(s, '*') != NULL || strchr(s, '?') != NULL) {
            if (fnmatch(s, norm_sender, 0) == 0)
                return 1;
        } else if (strcmp(s, norm_sender) == 0) {
            return 1;
        }
    }
    return 0;
}
