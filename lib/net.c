/* net.c - CIDR lists (IPv4 and IPv6) for InternalHosts */
#include "net.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "alloc.h"
#include "str.h"

#define NET_TEXT_MAX 64

static const unsigned char net_v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* crm_cidr_list_init - empty list */
void
crm_cidr_list_init(struct crm_cidr_list *l)
{
    l->v = NULL;
    l->n = 0;
}

/* crm_cidr_list_fini - free entries */
void
crm_cidr_list_fini(struct crm_cidr_list *l)
{
    crm_free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* net_parse_addr - "a.b.c.d", "::1" or "[::1]" into OUT family and addr */
static int
net_parse_addr(const char *s, size_t len, int *family, unsigned char addr[16])
{
    char t[NET_TEXT_MAX];

    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        s++;
        len -= 2;
    }
    if (len == 0 || len >= sizeof(t))
        return CRM_EPARSE;
    memcpy(t, s, len);
    t[len] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, t, addr) == 1) {
        *family = AF_INET;
        return CRM_OK;
    }
    if (inet_pton(AF_INET6, t, addr) == 1) {
        *family = AF_INET6;
        return CRM_OK;
    }
    return CRM_EPARSE;
}

/* net_mask_host_bits - zero the bits past the prefix */
static void
net_mask_host_bits(struct crm_cidr *c)
{
    unsigned i, bytes = c->family == AF_INET ? 4 : 16;

    for (i = 0; i < bytes; i++) {
        if (i * 8 >= c->bits)
            c->addr[i] = 0;
        else if (i * 8 + 8 > c->bits)
            c->addr[i] &= (unsigned char)(0xff << (8 - (c->bits - i * 8)));
    }
}

/* crm_cidr_list_add - parse "addr[/bits]" and append it */
int
crm_cidr_list_add(struct crm_cidr_list *l, const char *text, struct crm_err *err)
{
    struct crm_slice s = crm_slice_trim(crm_slice_from(text != NULL ? text : ""));
    const char *slash = memchr(s.p, '/', s.len), *cur;
    struct crm_cidr c;
    struct crm_cidr *nv;
    uint64_t bits;
    size_t alen = slash != NULL ? (size_t)(slash - s.p) : s.len;

    memset(&c, 0, sizeof(c));
    if (net_parse_addr(s.p, alen, &c.family, c.addr) != CRM_OK)
        return crm_err_set(err, CRM_EPARSE, "%.*s: not an IP address", (int)s.len, s.p);
    c.bits = c.family == AF_INET ? 32 : 128;
    if (slash != NULL) {
        cur = slash + 1;
        if (crm_parse_uint(&cur, s.p + s.len, &bits) != CRM_OK || cur != s.p + s.len ||
            bits > c.bits)
            return crm_err_set(err, CRM_EPARSE, "%.*s: bad prefix length", (int)s.len, s.p);
        c.bits = (unsigned)bits;
    }
    net_mask_host_bits(&c);
    nv = crm_realloc(l->v, (l->n + 1) * sizeof(*nv));
    if (nv == NULL)
        return crm_err_set(err, CRM_ENOMEM, "out of memory");
    l->v = nv;
    l->v[l->n++] = c;
    return CRM_OK;
}

/* net_prefix_eq - first bits of a and b are equal */
static int
net_prefix_eq(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    unsigned full = bits / 8, rest = bits % 8;
    unsigned char m;

    if (memcmp(a, b, full) != 0)
        return 0;
    if (rest == 0)
        return 1;
    m = (unsigned char)(0xff << (8 - rest));
    return (a[full] & m) == (b[full] & m);
}

/* net_match - addr of family in the list? v4-mapped v6 matches v4 entries */
static int
net_match(const struct crm_cidr_list *l, int family, const unsigned char *addr)
{
    const unsigned char *v4 = NULL;
    size_t i;

    if (family == AF_INET)
        v4 = addr;
    else if (memcmp(addr, net_v4mapped, sizeof(net_v4mapped)) == 0)
        v4 = addr + 12;
    for (i = 0; i < l->n; i++) {
        const struct crm_cidr *c = &l->v[i];

        if (c->family == AF_INET && v4 != NULL && net_prefix_eq(c->addr, v4, c->bits))
            return 1;
        if (c->family == AF_INET6 && family == AF_INET6 && net_prefix_eq(c->addr, addr, c->bits))
            return 1;
    }
    return 0;
}

/* crm_cidr_list_match - socket address in the list */
int
crm_cidr_list_match(const struct crm_cidr_list *l, const struct sockaddr *sa)
{
    if (l == NULL || sa == NULL)
        return 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;

        return net_match(l, AF_INET, (const unsigned char *)&in->sin_addr);
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;

        return net_match(l, AF_INET6, in6->sin6_addr.s6_addr);
    }
    return 0;
}

/* crm_cidr_list_match_text - textual address in the list */
int
crm_cidr_list_match_text(const struct crm_cidr_list *l, const char *addr)
{
    struct crm_slice s;
    unsigned char a[16];
    int family;

    if (l == NULL || addr == NULL)
        return 0;
    s = crm_slice_trim(crm_slice_from(addr));
    if (s.len > 5 && crm_slice_casestarts(s, "IPv6:")) {
        s.p += 5;
        s.len -= 5;
    }
    if (s.len > 7 && crm_slice_casestarts(s, "[IPv6:") && s.p[s.len - 1] == ']') {
        s.p += 6;
        s.len -= 7; /* drop "[IPv6:" and "]" */
    }
    if (net_parse_addr(s.p, s.len, &family, a) != CRM_OK)
        return 0;
    return net_match(l, family, a);
}
