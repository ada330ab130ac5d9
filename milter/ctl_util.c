/* ctl_util.c - careerrelayctl helpers: options, tables, JSON, CSV, output */
#include "ctl_util.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "isodate.h"

/* util_is_number - "-3", "+2", "12": an argument, not an option */
static int
util_is_number(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* util_find_opt - the option named by arg (up to '='), or NULL */
static const struct ctl_opt *
util_find_opt(const char *arg, const struct ctl_opt *opts, size_t nopts)
{
    size_t i, n = strcspn(arg, "=");

    for (i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == n && strncmp(arg, opts[i].name, n) == 0)
            return &opts[i];
    return NULL;
}

/* util_take_opt - apply one option at argv[*i]; 0 or 2 */
static int
util_take_opt(int argc, char **argv, int *i, const struct ctl_opt *o)
{
    const char *eq = strchr(argv[*i], '=');

    if (o->value == NULL) {
        if (eq != NULL) {
            fprintf(stderr, "careerrelayctl: %s: option %.*s takes no value\n", argv[0],
                    (int)(eq - argv[*i]), argv[*i]);
            return 2;
        }
        *o->flag = 1;
        return 0;
    }
    if (eq != NULL) {
        *o->value = eq + 1;
        return 0;
    }
    if (*i + 1 >= argc) {
        fprintf(stderr, "careerrelayctl: %s: option %s needs a value\n", argv[0], argv[*i]);
        return 2;
    }
    *o->value = argv[++*i];
    return 0;
}

/* ctl_opt_parse - options and arguments of one command */
int
ctl_opt_parse(int argc, char **argv, const struct ctl_opt *opts, size_t nopts, struct ctl_args *out)
{
    const struct ctl_opt *o;
    int i, only_args = 0;

    memset(out, 0, sizeof(*out));
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!only_args && strcmp(a, "--") == 0) {
            only_args = 1;
        } else if (!only_args && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            out->help = 1;
        } else if (!only_args && strcmp(a, "--json") == 0) {
            out->json = 1;
        } else if (!only_args && a[0] == '-' && a[1] != '\0' && !util_is_number(a)) {
            o = util_find_opt(a, opts, nopts);
            if (o == NULL) {
                fprintf(stderr, "careerrelayctl: %s: unknown option %s\n", argv[0], a);
                return 2;
            }
            if (util_take_opt(argc, argv, &i, o) != 0)
                return 2;
        } else if (out->npos < CTL_MAX_ARGS) {
            out->pos[out->npos++] = argv[i];
        } else {
            fprintf(stderr, "careerrelayctl: %s: too many arguments\n", argv[0]);
            return 2;
        }
    }
    return 0;
}

/* ctl_table_init - empty table */
void
ctl_table_init(struct ctl_table *t, size_t ncols, const char *const *head, const char *align)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
    t->head = head;
    t->align = align;
}

/* ctl_table_add - copy a row */
int
ctl_table_add(struct ctl_table *t, const char *const *row)
{
    size_t i, need = (t->nrows + 1) * t->ncols;

    if (need > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : t->ncols * 16;
        char **p;

        while (cap < need)
            cap *= 2;
        p = crm_realloc(t->cells, cap * sizeof(*p));
        if (p == NULL)
            return -1;
        t->cells = p;
        t->cap = cap;
    }
    for (i = 0; i < t->ncols; i++) {
        struct crm_buf e;
        char *c = NULL;

        crm_buf_init(&e, (size_t)1 << 24);
        if (ctl_text_escape(&e, row[i] ? row[i] : "") == 0)
            c = crm_strdup(crm_buf_cstr(&e));
        crm_buf_fini(&e);
        if (c == NULL) {
            while (i-- > 0)
                crm_free(t->cells[t->nrows * t->ncols + i]);
            return -1;
        }
        t->cells[t->nrows * t->ncols + i] = c;
    }
    t->nrows++;
    return 0;
}

/* util_wide - whether a code point takes two terminal columns (CJK, full-width) */
static int
util_wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
           (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/* util_width - terminal columns of a UTF-8 string */
static size_t
util_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;

    while (*p) {
        unsigned long cp = *p++;

        if (cp >= 0xc0) {
            int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;

            cp &= 0x3f >> more;
            while (more-- > 0 && (*p & 0xc0) == 0x80)
                cp = cp << 6 | (*p++ & 0x3f);
        }
        w += util_wide(cp) ? 2 : 1;
    }
    return w;
}

/* util_pad - n spaces */
static int
util_pad(struct crm_buf *out, size_t n)
{
    int rc = CRM_OK;

    while (rc == CRM_OK && n-- > 0)
        rc = crm_buf_putc(out, ' ');
    return rc;
}

/* util_row - one aligned line; the last column is never padded on the right */
static int
util_row(const struct ctl_table *t, const char *const *row, const size_t *w, struct crm_buf *out)
{
    size_t i;
    int rc = CRM_OK;

    for (i = 0; rc == CRM_OK && i < t->ncols; i++) {
        size_t cw = util_width(row[i]);
        int right = t->align[i] == 'r';

        if (i > 0)
            rc = crm_buf_puts(out, "  ");
        if (rc == CRM_OK && right)
            rc = util_pad(out, w[i] - cw);
        if (rc == CRM_OK)
            rc = crm_buf_puts(out, row[i]);
        if (rc == CRM_OK && !right && i + 1 < t->ncols)
            rc = util_pad(out, w[i] - cw);
    }
    while (rc == CRM_OK && out->len > 0 && out->p[out->len - 1] == ' ')
        crm_buf_truncate(out, out->len - 1); /* an empty last cell leaves no blanks */
    return rc == CRM_OK ? crm_buf_putc(out, '\n') : rc;
}

/* ctl_table_render - header and rows, aligned */
int
ctl_table_render(const struct ctl_table *t, struct crm_buf *out)
{
    size_t *w = crm_calloc(t->ncols, sizeof(*w)), r, c;
    int rc = w == NULL ? CRM_ENOMEM : CRM_OK;

    for (c = 0; rc == CRM_OK && c < t->ncols; c++) {
        w[c] = util_width(t->head[c]);
        for (r = 0; r < t->nrows; r++) {
            size_t cw = util_width(t->cells[r * t->ncols + c]);

            w[c] = cw > w[c] ? cw : w[c];
        }
    }
    if (rc == CRM_OK)
        rc = util_row(t, t->head, w, out);
    for (r = 0; rc == CRM_OK && r < t->nrows; r++)
        rc = util_row(t, (const char *const *)&t->cells[r * t->ncols], w, out);
    crm_free(w);
    return rc == CRM_OK ? 0 : -1;
}

/* ctl_table_fini - free the cells */
void
ctl_table_fini(struct ctl_table *t)
{
    size_t i;

    for (i = 0; i < t->nrows * t->ncols; i++)
        crm_free(t->cells[i]);
    crm_free(t->cells);
    t->cells = NULL;
    t->nrows = t->cap = 0;
}

/* util_utf8_len - length of the valid UTF-8 sequence at p, or 0 */
static size_t
util_utf8_len(const unsigned char *p)
{
    size_t n, i;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4;
    else
        return 0;
    for (i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return n;
}

/* ctl_json_str - JSON string; invalid UTF-8 becomes U+FFFD */
int
ctl_json_str(struct crm_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int rc;

    if (s == NULL)
        return crm_buf_puts(out, "null") == CRM_OK ? 0 : -1;
    rc = crm_buf_putc(out, '"');
    while (rc == CRM_OK && *p) {
        size_t n = util_utf8_len(p);

        if (*p == '"' || *p == '\\')
            rc = crm_buf_appendf(out, "\\%c", *p);
        else if (*p == '\n')
            rc = crm_buf_puts(out, "\\n");
        else if (*p == '\t')
            rc = crm_buf_puts(out, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            rc = crm_buf_appendf(out, "\\u%04x", *p);
        else if (n == 0)
            rc = crm_buf_puts(out, "\xef\xbf\xbd");
        else
            rc = crm_buf_append(out, p, n);
        p += n ? n : 1;
    }
    if (rc == CRM_OK)
        rc = crm_buf_putc(out, '"');
    return rc == CRM_OK ? 0 : -1;
}

/* ctl_json_list - a sep-separated list as a JSON array (a trailing sep ends the list) */
int
ctl_json_list(struct crm_buf *out, const char *list, char sep)
{
    const char *p = list ? list : "";
    char stop[2] = {sep, '\0'};
    int rc = crm_buf_putc(out, '[') == CRM_OK ? 0 : -1;

    while (rc == 0 && *p) {
        size_t n = strcspn(p, stop);
        char *item = crm_strndup(p, n);

        rc = item == NULL ? -1 : ctl_json_str(out, item);
        crm_free(item);
        p += n;
        if (*p == sep) {
            p++;
            if (rc == 0 && *p != '\0')
                rc = crm_buf_puts(out, ", ") == CRM_OK ? 0 : -1;
        }
    }
    if (rc == 0)
        rc = crm_buf_putc(out, ']') == CRM_OK ? 0 : -1;
    return rc;
}

/* ctl_text_escape - control characters made visible */
int
ctl_text_escape(struct crm_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int rc = CRM_OK;

    for (; rc == CRM_OK && *p; p++) {
        if (*p == '\n')
            rc = crm_buf_puts(out, "\\n");
        else if (*p == '\t')
            rc = crm_buf_puts(out, "\\t");
        else if (*p == '\r')
            rc = crm_buf_puts(out, "\\r");
        else if (*p < 0x20 || *p == 0x7f)
            rc = crm_buf_appendf(out, "\\x%02x", *p);
        else
            rc = crm_buf_putc(out, (char)*p);
    }
    return rc == CRM_OK ? 0 : -1;
}

/* ctl_date_opt - a --since/--until value */
int
ctl_date_opt(const char *cmd, const char *opt, const char *v, int end_of_day, char *out)
{
    if (v == NULL || crm_isodate_parse(v, end_of_day, out) == CRM_OK)
        return 0;
    fprintf(stderr, "careerrelayctl: %s: bad date for %s: '%s' (want YYYY-MM-DD or ISO 8601)\n",
            cmd, opt, v);
    return 2;
}

/* ctl_no_json - --json refused */
int
ctl_no_json(const char *cmd, const char *usage)
{
    fprintf(stderr, "careerrelayctl: %s: --json is not supported by this command\n", cmd);
    fputs(usage, stderr);
    return 2;
}

/* ctl_csv_field - RFC 4180 field */
int
ctl_csv_field(struct crm_buf *out, const char *s)
{
    const char *p;
    int rc;

    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' '))
        return crm_buf_puts(out, s) == CRM_OK ? 0 : -1;
    rc = crm_buf_putc(out, '"');
    for (p = s; rc == CRM_OK && *p; p++)
        rc = *p == '"' ? crm_buf_puts(out, "\"\"") : crm_buf_putc(out, *p);
    if (rc == CRM_OK)
        rc = crm_buf_putc(out, '"');
    return rc == CRM_OK ? 0 : -1;
}

/* ctl_write - the whole output to stdout */
int
ctl_write(const struct crm_buf *out)
{
    size_t n = out->len;

    if ((n > 0 && fwrite(out->p, 1, n, stdout) != n) || fflush(stdout) != 0) {
        fprintf(stderr, "careerrelayctl: standard output: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* ctl_oom - out of memory */
int
ctl_oom(void)
{
    fprintf(stderr, "careerrelayctl: out of memory\n");
    return 1;
}

/* ctl_unix_user - the user to record in the ledger */
void
ctl_unix_user(char *out, size_t sz)
{
    const char *sudo = getenv("SUDO_USER");
    struct passwd pw, *res = NULL;
    char buf[4096];

    if (getuid() == 0 && sudo != NULL && *sudo != '\0') {
        snprintf(out, sz, "%s", sudo);
        return;
    }
    if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 && res != NULL)
        snprintf(out, sz, "%s", res->pw_name);
    else
        snprintf(out, sz, "uid %lu", (unsigned long)getuid());
}
