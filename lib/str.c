/* str.c - slices and cursor parsers */
#include "str.h"

#include <string.h>

#include "alloc.h"

/* crm_slice_from - slice of a C string */
struct crm_slice
crm_slice_from(const char *s)
{
    struct crm_slice r = {s ? s : "", s ? strlen(s) : 0};
    return r;
}

/* str_is_space - SP, HTAB, CR or LF */
static int
str_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* crm_slice_trim - drop surrounding whitespace */
struct crm_slice
crm_slice_trim(struct crm_slice s)
{
    while (s.len > 0 && str_is_space((unsigned char)s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && str_is_space((unsigned char)s.p[s.len - 1]))
        s.len--;
    return s;
}

/* crm_lower - ASCII lower case */
int
crm_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* crm_slice_eq - exact equality */
int
crm_slice_eq(struct crm_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.p, lit, n) == 0;
}

/* crm_slice_caseeq - case-insensitive equality */
int
crm_slice_caseeq(struct crm_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && crm_slice_casestarts(s, lit);
}

/* crm_slice_casestarts - case-insensitive prefix */
int
crm_slice_casestarts(struct crm_slice s, const char *lit)
{
    size_t i, n = strlen(lit);

    if (s.len < n)
        return 0;
    for (i = 0; i < n; i++)
        if (crm_lower((unsigned char)s.p[i]) != crm_lower((unsigned char)lit[i]))
            return 0;
    return 1;
}

/* crm_slice_dup - heap copy */
char *
crm_slice_dup(struct crm_slice s)
{
    char *p = crm_malloc(s.len + 1);

    if (p == NULL)
        return NULL;
    if (s.len)
        memcpy(p, s.p, s.len);
    p[s.len] = '\0';
    return p;
}

/* crm_memmem - byte search */
const char *
crm_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return hay;
    return memmem(hay, hlen, needle, nlen);
}

/* crm_memcasemem - case-insensitive byte search */
const char *
crm_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    size_t i, j;
    int first;

    if (nlen == 0)
        return hay;
    if (hlen < nlen)
        return NULL;
    first = crm_lower((unsigned char)needle[0]);
    for (i = 0; i + nlen <= hlen; i++) {
        if (crm_lower((unsigned char)hay[i]) != first)
            continue;
        for (j = 1; j < nlen; j++)
            if (crm_lower((unsigned char)hay[i + j]) != crm_lower((unsigned char)needle[j]))
                break;
        if (j == nlen)
            return hay + i;
    }
    return NULL;
}

/* crm_strcaseeq - case-insensitive C string equality */
int
crm_strcaseeq(const char *a, const char *b)
{
    return crm_slice_caseeq(crm_slice_from(a), b);
}

/* crm_parse_skip_ws - skip blanks */
void
crm_parse_skip_ws(const char **cur, const char *end)
{
    while (*cur < end && (**cur == ' ' || **cur == '\t'))
        (*cur)++;
}

/* crm_parse_word - non-blank run */
int
crm_parse_word(const char **cur, const char *end, struct crm_slice *w)
{
    const char *p = *cur;

    while (p < end && !str_is_space((unsigned char)*p))
        p++;
    if (p == *cur)
        return CRM_EPARSE;
    w->p = *cur;
    w->len = (size_t)(p - *cur);
    *cur = p;
    return CRM_OK;
}

/* crm_parse_uint - decimal */
int
crm_parse_uint(const char **cur, const char *end, uint64_t *v)
{
    const char *p = *cur;
    uint64_t n = 0;

    if (p >= end || *p < '0' || *p > '9')
        return CRM_EPARSE;
    while (p < end && *p >= '0' && *p <= '9') {
        unsigned d = (unsigned)(*p - '0');
        if (n > (UINT64_MAX - d) / 10)
            return CRM_ELIMIT;
        n = n * 10 + d;
        p++;
    }
    *v = n;
    *cur = p;
    return CRM_OK;
}

/* crm_parse_int - signed decimal */
int
crm_parse_int(const char **cur, const char *end, int64_t *v)
{
    const char *p = *cur;
    int neg = 0;
    uint64_t u;
    int rc;

    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    rc = crm_parse_uint(&p, end, &u);
    if (rc != CRM_OK)
        return rc;
    if (u > (uint64_t)INT64_MAX)
        return CRM_ELIMIT;
    *v = neg ? -(int64_t)u : (int64_t)u;
    *cur = p;
    return CRM_OK;
}

/* crm_parse_bool - opendkim-style boolean word */
int
crm_parse_bool(const char **cur, const char *end, int *v)
{
    struct crm_slice w;
    const char *p = *cur;

    if (crm_parse_word(&p, end, &w) != CRM_OK)
        return CRM_EPARSE;
    switch (w.p[0]) {
    case 'T':
    case 't':
    case 'Y':
    case 'y':
    case '1':
        *v = 1;
        break;
    case 'F':
    case 'f':
    case 'N':
    case 'n':
    case '0':
        *v = 0;
        break;
    default:
        return CRM_EPARSE;
    }
    *cur = p;
    return CRM_OK;
}

/* crm_str_to_uint - whole string */
int
crm_str_to_uint(const char *s, uint64_t *v)
{
    const char *p = s, *end = s + strlen(s);
    int rc = crm_parse_uint(&p, end, v);

    if (rc == CRM_OK && p != end)
        rc = CRM_EPARSE;
    return rc;
}

/* crm_str_to_int - whole string */
int
crm_str_to_int(const char *s, int64_t *v)
{
    const char *p = s, *end = s + strlen(s);
    int rc = crm_parse_int(&p, end, v);

    if (rc == CRM_OK && p != end)
        rc = CRM_EPARSE;
    return rc;
}

/* crm_str_to_size - number with k/m/g suffix */
int
crm_str_to_size(const char *s, uint64_t *v)
{
    const char *p = s, *end = s + strlen(s);
    uint64_t n, mul = 1;
    int rc = crm_parse_uint(&p, end, &n);

    if (rc != CRM_OK)
        return rc;
    if (p < end) {
        switch (*p) {
        case 'k':
        case 'K':
            mul = 1024;
            break;
        case 'm':
        case 'M':
            mul = 1024 * 1024;
            break;
        case 'g':
        case 'G':
            mul = 1024ULL * 1024 * 1024;
            break;
        default:
            return CRM_EPARSE;
        }
        p++;
        if (p < end && (*p == 'b' || *p == 'B'))
            p++;
    }
    if (p != end)
        return CRM_EPARSE;
    if (n > UINT64_MAX / mul)
        return CRM_ELIMIT;
    *v = n * mul;
    return CRM_OK;
}
