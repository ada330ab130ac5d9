/*
 * net.h - CIDR lists for InternalHosts.
 *
 * Ownership: struct crm_cidr_list is caller-embedded (init/fini).
 * Thread safety: a filled list is read-only and may be shared.
 * Errors: CRM_EPARSE (bad address or prefix), CRM_ENOMEM.
 */
#ifndef CRM_NET_H
#define CRM_NET_H

#include <stddef.h>
#include <sys/socket.h>

#include "err.h"

struct crm_cidr {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    unsigned bits;
};

struct crm_cidr_list {
    struct crm_cidr *v;
    size_t n;
};

void crm_cidr_list_init(struct crm_cidr_list *l);
void crm_cidr_list_fini(struct crm_cidr_list *l);
/* crm_cidr_list_add - "127.0.0.0/8", "::1", "192.0.2.7" (host) */
int crm_cidr_list_add(struct crm_cidr_list *l, const char *text, struct crm_err *err) CRM_WUR;
/* crm_cidr_list_match - 1 if sa (AF_INET/AF_INET6, v4-mapped v6 handled) is in the list */
int crm_cidr_list_match(const struct crm_cidr_list *l, const struct sockaddr *sa);
/* crm_cidr_list_match_text - same for an address in text form ("127.0.0.1", "[::1]") */
int crm_cidr_list_match_text(const struct crm_cidr_list *l, const char *addr);

#endif
