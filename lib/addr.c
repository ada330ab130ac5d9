/* addr.c - address normalisation, candidate test, From/To/Cc parsing */
#include "addr.h"

#include <string.h>

#include "str.h"

/* addr_check - reject control bytes and unquoted blanks or angle brackets */
static int
addr_check(const char *p, size_t n)
{
    size_t i;
    int quoted = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        if (c < 0x20 && c != '\t')
            return CRM_EINVAL;
        if (c == 0x7f)
            return CRM_EINVAL;
        if (quoted && c == '\\' && i + 1 < n) {
            i++;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == ' ' || c == '\t' || c == '<' || c == '>'))
            return CRM_EINVAL;
    }
    return quoted ? CRM_EINVAL : CRM_OK;
}

/* addr_normalize_slice - normal form of s into out (replacing its contents) */
static int
addr_normalize_slice(struct crm_slice s, struct crm_buf *out)
{
    const char *colon;
    size_t i;
    int rc;

    s = crm_slice_trim(s);
    if (s.len >= 2 && s.p[0] == '<' && s.p[s.len - 1] == '>') {
        s.p++;
        s.len -= 2;
        s = crm_slice_trim(s);
    }
    if (s.len > 0 && s.p[0] == '@' && (colon = memchr(s.p, ':', s.len)) != NULL) {
        s.len -= (size_t)(colon + 1 - s.p); /* source route "@a,@b:" */
        s.p = colon + 1;
    }
    if (s.len == 0 || addr_check(s.p, s.len) != CRM_OK)
        return CRM_EINVAL;
    crm_buf_reset(out);
    if ((rc = crm_buf_reserve(out, s.len)) != CRM_OK)
        return rc;
    for (i = 0; i < s.len; i++)
        if ((rc = crm_buf_putc(out, crm_lower((unsigned char)s.p[i]))) != CRM_OK)
            return rc;
    return CRM_OK;
}

/* crm_addr_normalize - normal form of an address */
int
crm_addr_normalize(const char *addr, struct crm_buf *out)
{
    if (addr == NULL)
        return CRM_EINVAL;
    return addr_normalize_slice(crm_slice_from(addr), out);
}

/* crm_addr_domain - part after the last '@', or NULL */
const char *
crm_addr_domain(const char *norm)
{
    const char *at = norm != NULL ? strrchr(norm, '@') : NULL;

    if (at == NULL || at[1] == '\0')
        return NULL;
    return at + 1;
}

/* addr_strip_dots - slice of a domain without a leading '.'/'@' and trailing '.' */
static struct crm_slice
addr_strip_dots(const char *d)
{
    struct crm_slice s = crm_slice_trim(crm_slice_from(d));

    if (s.len > 0 && (s.p[0] == '.' || s.p[0] == '@')) {
        s.p++;
        s.len--;
    }
    if (s.len > 0 && s.p[s.len - 1] == '.')
        s.len--;
    return s;
}

/* addr_caseeq_n - ASCII case-insensitive equality of n bytes */
static int
addr_caseeq_n(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (crm_lower((unsigned char)a[i]) != crm_lower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* crm_domain_in_list - domain equals, or is a subdomain of, an entry */
int
crm_domain_in_list(const char *domain, char *const *list, size_t n)
{
    struct crm_slice d, e;
    size_t i;

    if (domain == NULL)
        return 0;
    d = addr_strip_dots(domain);
    if (d.len == 0)
        return 0;
    for (i = 0; i < n; i++) {
        if (list[i] == NULL)
            continue;
        e = addr_strip_dots(list[i]);
        if (e.len == 0 || e.len > d.len)
            continue;
        if (e.len == d.len && addr_caseeq_n(d.p, e.p, d.len))
            return 1;
        if (e.len < d.len && d.p[d.len - e.len - 1] == '.' &&
            addr_caseeq_n(d.p + d.len - e.len, e.p, e.len))
            return 1;
    }
    return 0;
}

/* crm_addr_is_candidate - external recipient? */
int
crm_addr_is_candidate(const char *norm_rcpt, const char *norm_sender, char *const *internal_domains,
                      size_t n_internal)
{
    const char *rd = crm_addr_domain(norm_rcpt), *sd = crm_addr_domain(norm_sender);
    char *one[1];

    if (rd == NULL)
        return 0;
    if (sd != NULL) {
        one[0] = (char *)sd;
        if (addr_strip_dots(rd).len == addr_strip_dots(sd).len && crm_domain_in_list(rd, one, 1))
            return 0;
    }
    return !crm_domain_in_list(rd, internal_domains, n_internal);
}

struct addr_parse {
    struct crm_buf bare;  /* current mailbox outside <> (quotes kept) */
    struct crm_buf angle; /* inside <> */
    int have_angle;
    int found;
    int all;
    struct crm_buf *out;
    struct crm_buf norm;
};

/* addr_emit - finish the current mailbox: append its address if it has one */
static int
addr_emit(struct addr_parse *ps)
{
    struct crm_buf *src = ps->have_angle ? &ps->angle : &ps->bare;
    struct crm_slice s = {crm_buf_cstr(src), src->len};
    int rc = CRM_OK;

    if (memchr(s.p, '@', s.len) != NULL && addr_normalize_slice(s, &ps->norm) == CRM_OK &&
        crm_addr_domain(crm_buf_cstr(&ps->norm)) != NULL) {
        if (ps->found)
            rc = crm_buf_putc(ps->out, '\n');
        if (rc == CRM_OK)
            rc = crm_buf_append(ps->out, ps->norm.p, ps->norm.len);
        ps->found = 1;
    }
    crm_buf_reset(&ps->bare);
    crm_buf_reset(&ps->angle);
    ps->have_angle = 0;
    return rc;
}

/* addr_skip_comment - index after the (nested) comment starting at v[i] */
static size_t
addr_skip_comment(const char *v, size_t len, size_t i)
{
    int depth = 0;

    for (; i < len; i++) {
        if (v[i] == '\\')
            i++;
        else if (v[i] == '(')
            depth++;
        else if (v[i] == ')' && --depth == 0)
            return i + 1;
    }
    return len;
}

/* addr_copy_quoted - copy the quoted string at v[i] into dst; index after it */
static size_t
addr_copy_quoted(const char *v, size_t len, size_t i, struct crm_buf *dst, int *rc)
{
    size_t start = i++;

    for (; i < len; i++) {
        if (v[i] == '\\' && i + 1 < len)
            i++;
        else if (v[i] == '"')
            break;
    }
    if (i < len)
        i++;
    *rc = crm_buf_append(dst, v + start, i - start);
    return i;
}

/* addr_walk - the address-list state machine */
static int
addr_walk(struct addr_parse *ps, const char *v, size_t len)
{
    size_t i = 0;
    int rc = CRM_OK, in_angle = 0;

    while (rc == CRM_OK && i < len && !(ps->found && !ps->all)) {
        char c = v[i];
        struct crm_buf *dst = in_angle ? &ps->angle : &ps->bare;

        if (c == '(') {
            i = addr_skip_comment(v, len, i);
            continue;
        }
        if (c == '"') {
            i = addr_copy_quoted(v, len, i, dst, &rc);
            continue;
        }
        if (c == '<' && !in_angle) {
            in_angle = 1;
            ps->have_angle = 1;
            crm_buf_reset(&ps->angle);
        } else if (c == '>' && in_angle) {
            in_angle = 0;
        } else if (!in_angle && (c == ',' || c == ';')) {
            rc = addr_emit(ps);
        } else if (!in_angle && c == ':') {
            crm_buf_reset(&ps->bare); /* group display name */
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            rc = crm_buf_putc(dst, (unsigned char)c);
        }
        i++;
    }
    if (rc == CRM_OK && !(ps->found && !ps->all))
        rc = addr_emit(ps);
    return rc;
}

/* crm_addr_from_header - addresses of a From/To/Cc value */
int
crm_addr_from_header(const char *value, size_t len, int all, struct crm_buf *out)
{
    struct addr_parse ps;
    int rc;

    if (value == NULL)
        return CRM_EINVAL;
    memset(&ps, 0, sizeof(ps));
    crm_buf_init(&ps.bare, len + 1);
    crm_buf_init(&ps.angle, len + 1);
    crm_buf_init(&ps.norm, len + 1);
    ps.all = all;
    ps.out = out;
    rc = addr_walk(&ps, value, len);
    crm_buf_fini(&ps.bare);
    crm_buf_fini(&ps.angle);
    crm_buf_fini(&ps.norm);
    if (rc == CRM_OK && !ps.found)
        rc = CRM_EINVAL;
    return rc;
}
