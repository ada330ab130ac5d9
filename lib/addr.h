/*
 * addr.h - envelope addresses: normalisation and who is a candidate.
 *
 * Normal form of an address (used as the candidate key in the ledger and
 * for suppression lookups): surrounding "<>" and blanks removed, the whole
 * address lower-cased (ASCII). The local part is thus compared
 * case-insensitively -- in practice no mail system gives "Taro" and "taro"
 * to two people, and counting them twice would inflate the referral count;
 * no other local-part rewriting ("+tag", dots) is done, as those are
 * provider-specific. An address without "@" is not a candidate.
 *
 * Candidates are envelope recipients that are external: their domain is
 * neither the envelope sender's own domain nor in InternalDomains (a
 * subdomain of an internal domain is internal too).
 *
 * Thread safety: reentrant. Errors: CRM_EINVAL (not an address), CRM_ENOMEM.
 */
#ifndef CRM_ADDR_H
#define CRM_ADDR_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* crm_addr_normalize - normal form into out (replacing its contents) */
int crm_addr_normalize(const char *addr, struct crm_buf *out) CRM_WUR;
/* crm_addr_domain - pointer to the domain part of a normalised address, or NULL */
const char *crm_addr_domain(const char *norm);
/* crm_domain_in_list - 1 if domain equals or is a subdomain of a list entry */
int crm_domain_in_list(const char *domain, char *const *list, size_t n);
/*
 * crm_addr_is_candidate - 1 if the normalised recipient is external:
 * domain != sender's domain and not in internal_domains.
 */
int crm_addr_is_candidate(const char *norm_rcpt, const char *norm_sender,
                          char *const *internal_domains, size_t n_internal);
/*
 * crm_addr_from_header - first address in a From/To/Cc value ("Name <a@b>",
 * "a@b", groups); all = 1 appends every address, separated by '\n', into out.
 */
int crm_addr_from_header(const char *value, size_t len, int all, struct crm_buf *out) CRM_WUR;

#endif
