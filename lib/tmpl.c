/* tmpl.c - invitation templates: load, validate, render */
#include "tmpl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "charset.h"
#include "embedded.h"
#include "str.h"
#include "token.h"

#define TMPL_MAX_FILE     (64u * 1024u)
#define TMPL_MAX_LINE     76  /* characters per rendered text line */
#define TMPL_MAX_OCTETS   998 /* octets per rendered HTML line */
#define TMPL_MAX_OUT      (256u * 1024u)
#define TMPL_URL_MAX      1024
#define TMPL_SAMPLE_TOKEN "00000000-0000-4000-8000-000000000000"
#define TMPL_SAMPLE_URL   "https://careerrelay.jp/i/{token}"

struct crm_templates {
    char *src[4]; /* ja.txt, ja.html, en.txt, en.html (UTF-8, NUL-terminated) */
    size_t len[4];
};

static const char *const tmpl_names[4] = {"ja.txt", "ja.html", "en.txt", "en.html"};

/* tmpl_index - slot of (lang, kind), or -1 */
static int
tmpl_index(const char *lang, enum crm_tmpl_kind kind)
{
    int base;

    if (lang == NULL)
        return -1;
    if (strcmp(lang, "ja") == 0)
        base = 0;
    else if (strcmp(lang, "en") == 0)
        base = 2;
    else
        return -1;
    if (kind != CRM_TMPL_TEXT && kind != CRM_TMPL_HTML)
        return -1;
    return base + (kind == CRM_TMPL_HTML ? 1 : 0);
}

/* crm_tmpl_name - file name of a template */
const char *
crm_tmpl_name(const char *lang, enum crm_tmpl_kind kind)
{
    int i = tmpl_index(lang, kind);

    return i < 0 ? "" : tmpl_names[i];
}

/* tmpl_read_file - whole file into out */
static int
tmpl_read_file(const char *path, struct crm_buf *out, struct crm_err *err)
{
    char chunk[4096];
    size_t n;
    int rc = CRM_OK;
    FILE *f = fopen(path, "rb");
    int e = errno;

    if (f == NULL)
        return crm_err_set(err, CRM_EIO, "%s: %s%s", path, strerror(e),
                           e == ENOENT ? " (the directory must hold all four templates)" : "");
    while (rc == CRM_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = crm_buf_append(out, chunk, n);
    if (rc == CRM_OK && ferror(f))
        rc = crm_err_set(err, CRM_EIO, "%s: read error", path);
    else if (rc == CRM_ELIMIT)
        crm_err_set(err, rc, "%s: template larger than %u bytes", path, TMPL_MAX_FILE);
    else if (rc != CRM_OK)
        crm_err_set(err, rc, "%s: %s", path, crm_strerror(rc));
    fclose(f);
    if (rc == CRM_OK && out->p == NULL)
        rc = crm_buf_append(out, "", 0);
    return rc;
}

/* tmpl_check_dir - a Templates directory must exist and be searchable */
static int
tmpl_check_dir(const char *dir, struct crm_err *err)
{
    struct stat st;

    if (stat(dir, &st) != 0)
        return crm_err_set(err, CRM_EIO, "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return crm_err_set(err, CRM_EIO, "%s: not a directory", dir);
    if (access(dir, X_OK) != 0)
        return crm_err_set(err, CRM_EIO, "%s: %s", dir, strerror(errno));
    return CRM_OK;
}

/* tmpl_fetch - the template source: dir/name when a directory is given, else the embedded one */
static int
tmpl_fetch(const char *dir, const char *name, struct crm_buf *out, struct crm_err *err)
{
    char path[4096];
    char ename[64];
    const struct crm_embedded_file *ef;
    int rc;

    crm_buf_init(out, TMPL_MAX_FILE);
    if (dir != NULL && dir[0] != '\0') {
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
            return crm_err_set(err, CRM_EINVAL, "%s: template path too long", dir);
        return tmpl_read_file(path, out, err);
    }
    snprintf(ename, sizeof(ename), "templates/%s", name);
    ef = crm_embedded_find(ename);
    if (ef == NULL)
        return crm_err_set(err, CRM_EIO, "%s: no such template (none embedded)", name);
    rc = crm_buf_append(out, ef->data, ef->len);
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "%s: %s", name, crm_strerror(rc));
    return CRM_OK;
}

/* tmpl_placeholder - length of "{name}" at p (name [a-z_]+), 0 if none */
static size_t
tmpl_placeholder(const char *p, const char *end)
{
    const char *q = p + 1;

    if (p >= end || *p != '{')
        return 0;
    while (q < end && ((*q >= 'a' && *q <= 'z') || *q == '_'))
        q++;
    if (q == p + 1 || q >= end || *q != '}')
        return 0;
    return (size_t)(q - p) + 1;
}

/* tmpl_check_source - UTF-8, known placeholders, the URL line rule */
static int
tmpl_check_source(const char *name, enum crm_tmpl_kind kind, const char *s, size_t len,
                  struct crm_err *err)
{
    const char *p = s, *end = s + len, *line = s;
    size_t n, lineno = 1, urls = 0;

    if (!crm_utf8_valid(s, len) || memchr(s, '\0', len) != NULL)
        return crm_err_set(err, CRM_EPARSE, "%s: not valid UTF-8 text", name);
    for (; p < end; p++) {
        if (*p == '\n') {
            lineno++;
            line = p + 1;
            continue;
        }
        n = tmpl_placeholder(p, end);
        if (n == 0)
            continue;
        if (n == 5 && memcmp(p, "{url}", 5) == 0) {
            struct crm_slice l = {line, (size_t)(end - line)};
            const char *nl = memchr(line, '\n', (size_t)(end - line));

            if (nl != NULL)
                l.len = (size_t)(nl - line);
            urls++;
            if (kind == CRM_TMPL_TEXT && !crm_slice_eq(crm_slice_trim(l), "<{url}>"))
                return crm_err_set(err, CRM_EPARSE,
                                   "%s:%zu: the URL must be on a line of its own as <{url}>", name,
                                   lineno);
        } else if (!(n == 9 && memcmp(p, "{company}", 9) == 0)) {
            return crm_err_set(err, CRM_EPARSE, "%s:%zu: unknown placeholder %.*s", name, lineno,
                               (int)n, p);
        }
        p += n - 1;
    }
    if (urls == 0 || (kind == CRM_TMPL_TEXT && urls > 1))
        return crm_err_set(err, CRM_EPARSE, "%s: must contain {url} %s", name,
                           kind == CRM_TMPL_TEXT ? "exactly once" : "at least once");
    return CRM_OK;
}

/* tmpl_utf8_next - decode one code point of valid UTF-8 at *p, advancing it */
static unsigned long
tmpl_utf8_next(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned long cp = s[0];
    size_t n = 1, i;

    if (cp >= 0xF0)
        n = 4, cp &= 0x07;
    else if (cp >= 0xE0)
        n = 3, cp &= 0x0F;
    else if (cp >= 0xC0)
        n = 2, cp &= 0x1F;
    if ((size_t)(end - s) < n)
        n = (size_t)(end - s);
    for (i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    *p = s + n;
    return cp;
}

/* tmpl_put_ncr - append cp as a hexadecimal character reference, "&#x3042;" */
static int
tmpl_put_ncr(struct crm_buf *out, unsigned long cp)
{
    static const char hex[] = "0123456789ABCDEF";
    char tmp[16];
    size_t n = sizeof(tmp);

    tmp[--n] = ';';
    do {
        tmp[--n] = hex[cp & 15];
        cp >>= 4;
    } while (cp != 0 && n > 3);
    tmp[--n] = 'x';
    tmp[--n] = '#';
    tmp[--n] = '&';
    return crm_buf_append(out, tmp + n, sizeof(tmp) - n);
}

/* tmpl_html_special - an ASCII byte that escaped HTML text writes as a reference */
static int
tmpl_html_special(unsigned char c)
{
    return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

/* tmpl_put_html - append UTF-8 text as ASCII, non-ASCII as &#x...;, escaping markup if asked */
static int
tmpl_put_html(struct crm_buf *out, const char *s, size_t len, int escape)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    unsigned long cp;
    int rc = CRM_OK;

    while (rc == CRM_OK && p < end) {
        const unsigned char *run = p;

        while (p < end && *p < 0x80 && !(escape && tmpl_html_special(*p)))
            p++;
        if (p > run && (rc = crm_buf_append(out, run, (size_t)(p - run))) != CRM_OK)
            break;
        if (p == end)
            break;
        cp = tmpl_utf8_next(&p, end);
        if (cp >= 0x80)
            rc = tmpl_put_ncr(out, cp);
        else if (escape && cp == '&')
            rc = crm_buf_puts(out, "&amp;");
        else if (escape && cp == '<')
            rc = crm_buf_puts(out, "&lt;");
        else if (escape && cp == '>')
            rc = crm_buf_puts(out, "&gt;");
        else if (escape && cp == '"')
            rc = crm_buf_puts(out, "&quot;");
        else if (escape && cp == '\'')
            rc = crm_buf_puts(out, "&#39;");
        else
            rc = crm_buf_putc(out, (int)cp);
    }
    return rc;
}

/* tmpl_put - append literal or substituted text for the template kind */
static int
tmpl_put(struct crm_buf *out, enum crm_tmpl_kind kind, const char *s, size_t len, int escape)
{
    if (kind == CRM_TMPL_HTML)
        return tmpl_put_html(out, s, len, escape);
    return crm_buf_append(out, s, len);
}

/* tmpl_render_line - one source line with placeholders filled, trailing blanks dropped */
static int
tmpl_render_line(struct crm_buf *out, enum crm_tmpl_kind kind, const char *s, size_t len,
                 const char *url, const char *company)
{
    const char *p = s, *end = s + len, *lit = s;
    size_t n;
    int rc = CRM_OK;

    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    end = s + len;
    for (; rc == CRM_OK && p < end; p++) {
        n = tmpl_placeholder(p, end);
        if (n == 0)
            continue;
        rc = tmpl_put(out, kind, lit, (size_t)(p - lit), 0);
        if (rc == CRM_OK && n == 5)
            rc = tmpl_put(out, kind, url, strlen(url), 1);
        else if (rc == CRM_OK)
            rc = tmpl_put(out, kind, company, strlen(company), 1);
        p += n - 1;
        lit = p + 1;
    }
    if (rc == CRM_OK)
        rc = tmpl_put(out, kind, lit, (size_t)(end - lit), 0);
    return rc;
}

/* tmpl_render_src - render a source; CRLF line ends, surrounding blank lines dropped,
 * lines naming {company} left out when the company name is empty */
static int
tmpl_render_src(const char *src, size_t len, enum crm_tmpl_kind kind, const char *url,
                const char *company, struct crm_buf *out)
{
    const char *p = src, *end = src + len, *nl;
    size_t start = out->len, keep = out->len, before;
    int rc = CRM_OK;

    while (rc == CRM_OK && p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            nl = end;
        before = out->len;
        if (company[0] == '\0' && crm_memmem(p, (size_t)(nl - p), "{company}", 9) != NULL) {
            p = nl + (nl < end); /* no company name: its line is left out */
            continue;
        }
        rc = tmpl_render_line(out, kind, p, (size_t)(nl - p), url, company);
        if (rc == CRM_OK && out->len == before && out->len == start) {
            p = nl + (nl < end);
            continue; /* leading blank line */
        }
        if (rc == CRM_OK)
            rc = crm_buf_append(out, "\r\n", 2);
        if (rc == CRM_OK && out->len - before > 2)
            keep = out->len;
        p = nl + (nl < end);
    }
    if (rc == CRM_OK)
        crm_buf_truncate(out, keep);
    return rc;
}

/* tmpl_check_lines - text: <= 76 characters per line; html: <= 998 octets */
static int
tmpl_check_lines(const char *name, enum crm_tmpl_kind kind, const char *s, size_t len,
                 struct crm_err *err)
{
    size_t i, chars = 0, octets = 0, lineno = 1;

    for (i = 0; i < len; i++) {
        if (s[i] == '\n') {
            chars = octets = 0;
            lineno++;
            continue;
        }
        if (s[i] == '\r')
            continue;
        octets++;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            chars++;
        if (kind == CRM_TMPL_TEXT && chars == 1 && s[i] == '>')
            return crm_err_set(err, CRM_EPARSE, "%s:%zu: a line may not start with '>'", name,
                               lineno);
        if (kind == CRM_TMPL_TEXT && chars > TMPL_MAX_LINE)
            return crm_err_set(err, CRM_EPARSE, "%s:%zu: rendered line longer than %d characters",
                               name, lineno, TMPL_MAX_LINE);
        if (octets > TMPL_MAX_OCTETS)
            return crm_err_set(err, CRM_EPARSE, "%s:%zu: rendered line longer than %d octets", name,
                               lineno, TMPL_MAX_OCTETS);
    }
    return CRM_OK;
}

/* tmpl_convert_ok - render (with or without the company name) and convert into canon */
static int
tmpl_convert_ok(const char *src, size_t len, const char *url, const char *company,
                const char *canon)
{
    struct crm_buf r, tmp;
    int rc;

    crm_buf_init(&r, TMPL_MAX_OUT);
    crm_buf_init(&tmp, TMPL_MAX_OUT);
    rc = tmpl_render_src(src, len, CRM_TMPL_TEXT, url, company, &r);
    if (rc == CRM_OK)
        rc = crm_charset_from_utf8(canon, crm_buf_cstr(&r), r.len, &tmp, NULL);
    crm_buf_fini(&r);
    crm_buf_fini(&tmp);
    return rc;
}

/* tmpl_check_charsets - the rendered text converts into every charset of its language; where
 * the company name does not fit a charset, the text without its line must */
static int
tmpl_check_charsets(const char *name, int ja, const char *src, size_t len, const char *url,
                    const char *company, struct crm_err *err)
{
    static const char *const mime_ja[] = {"utf-8", "iso-2022-jp", "shift_jis", "euc-jp"};
    static const char *const mime_en[] = {"utf-8",  "iso-2022-jp", "shift_jis",
                                          "euc-jp", "iso-8859-1",  "us-ascii"};
    const char *const *list = ja ? mime_ja : mime_en;
    size_t i, n = ja ? 4 : 6;
    int rc;

    for (i = 0; i < n; i++) {
        const char *canon = crm_charset_canon(list[i]);

        if (canon == NULL)
            continue;
        rc = tmpl_convert_ok(src, len, url, company, canon);
        if (rc == CRM_ECHARSET && company[0] != '\0')
            rc = tmpl_convert_ok(src, len, url, "", canon);
        if (rc == CRM_ECHARSET)
            return crm_err_set(err, CRM_ECHARSET, "%s: cannot be written in %s", name, canon);
        if (rc != CRM_OK)
            return crm_err_set(err, rc, "%s: %s", name, crm_strerror(rc));
    }
    return CRM_OK;
}

/* tmpl_validate - check one template as it will be rendered */
static int
tmpl_validate(int idx, const char *src, size_t len, const char *url, const char *company,
              struct crm_err *err)
{
    enum crm_tmpl_kind kind = (idx % 2) ? CRM_TMPL_HTML : CRM_TMPL_TEXT;
    const char *name = tmpl_names[idx];
    struct crm_buf out;
    int rc;

    rc = tmpl_check_source(name, kind, src, len, err);
    if (rc != CRM_OK)
        return rc;
    crm_buf_init(&out, TMPL_MAX_OUT);
    rc = tmpl_render_src(src, len, kind, url, company, &out);
    if (rc != CRM_OK) {
        crm_buf_fini(&out);
        return crm_err_set(err, rc, "%s: %s", name, crm_strerror(rc));
    }
    rc = tmpl_check_lines(name, kind, crm_buf_cstr(&out), out.len, err);
    if (rc == CRM_OK && kind == CRM_TMPL_TEXT)
        rc = tmpl_check_charsets(name, idx < 2, src, len, url, company, err);
    crm_buf_fini(&out);
    return rc;
}

/* crm_tmpl_free - release a template set */
void
crm_tmpl_free(struct crm_templates *t)
{
    int i;

    if (t == NULL)
        return;
    for (i = 0; i < 4; i++)
        crm_free(t->src[i]);
    crm_free(t);
}

/* crm_tmpl_load - read and validate the four templates */
int
crm_tmpl_load(const char *dir, const char *company, const char *url_template,
              struct crm_templates **out, struct crm_err *err)
{
    struct crm_templates *t;
    struct crm_buf b;
    char url[TMPL_URL_MAX];
    int i, rc = CRM_OK;

    *out = NULL;
    if (company == NULL)
        company = "";
    if (url_template == NULL || url_template[0] == '\0')
        url_template = TMPL_SAMPLE_URL;
    if (crm_url_render(url_template, TMPL_SAMPLE_TOKEN, url, sizeof(url)) != CRM_OK)
        return crm_err_set(err, CRM_ELIMIT, "InvitationUrl: rendered URL too long");
    if (!crm_utf8_valid(company, strlen(company)))
        return crm_err_set(err, CRM_EPARSE, "CompanyName: not valid UTF-8");
    if (dir != NULL && dir[0] != '\0' && tmpl_check_dir(dir, err) != CRM_OK)
        return CRM_EIO;
    t = crm_calloc(1, sizeof(*t));
    if (t == NULL)
        return crm_err_set(err, CRM_ENOMEM, "templates: %s", crm_strerror(CRM_ENOMEM));
    for (i = 0; i < 4 && rc == CRM_OK; i++) {
        rc = tmpl_fetch(dir, tmpl_names[i], &b, err);
        if (rc == CRM_OK)
            rc = tmpl_validate(i, crm_buf_cstr(&b), b.len, url, company, err);
        if (rc == CRM_OK)
            t->src[i] = crm_buf_take(&b, &t->len[i]);
        crm_buf_fini(&b);
    }
    if (rc != CRM_OK) {
        crm_tmpl_free(t);
        return rc;
    }
    *out = t;
    return CRM_OK;
}

/* crm_tmpl_render - render one template with the URL and company filled in */
int
crm_tmpl_render(const struct crm_templates *t, const char *lang, enum crm_tmpl_kind kind,
                const char *url, const char *company, struct crm_buf *out, struct crm_err *err)
{
    int idx = tmpl_index(lang, kind);
    int rc;

    if (t == NULL || idx < 0 || url == NULL)
        return crm_err_set(err, CRM_EINVAL, "template: bad arguments");
    if (company == NULL)
        company = "";
    if (!crm_utf8_valid(company, strlen(company)) || !crm_utf8_valid(url, strlen(url)))
        return crm_err_set(err, CRM_EINVAL, "template: URL or company not UTF-8");
    rc = tmpl_render_src(t->src[idx], t->len[idx], kind, url, company, out);
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "%s: %s", tmpl_names[idx], crm_strerror(rc));
    return CRM_OK;
}
