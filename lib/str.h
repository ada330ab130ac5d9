/*
 * str.h - non-owning byte slices and cursor parsers.
 *
 * Contract:
 *   struct crm_slice is a view {p, len} into memory owned by someone else; it
 *   is valid as long as that memory is. Slices are not NUL-terminated.
 *   Cursor parsers take `const char **cur` and an end pointer; on success they
 *   advance *cur past what they consumed and return CRM_OK; on failure they
 *   leave *cur unchanged and return CRM_EPARSE (or CRM_ELIMIT on overflow).
 *   These replace atoi/strtol/sscanf/strtok everywhere in the project.
 *
 * Ownership: none; crm_slice_dup returns a crm_malloc'd copy (crm_free it).
 * Thread safety: all functions are reentrant.
 */
#ifndef CRM_STR_H
#define CRM_STR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct crm_slice {
    const char *p;
    size_t len;
};

#define CRM_SLICE_LIT(s) ((struct crm_slice){(s), sizeof(s) - 1})

/* crm_slice_from - slice of a C string (NULL gives an empty slice) */
struct crm_slice crm_slice_from(const char *s);
/* crm_slice_trim - without leading/trailing SP, HTAB, CR, LF */
struct crm_slice crm_slice_trim(struct crm_slice s);
/* crm_slice_eq / crm_slice_caseeq - equality with a C string (ASCII case fold) */
int crm_slice_eq(struct crm_slice s, const char *lit);
int crm_slice_caseeq(struct crm_slice s, const char *lit);
/* crm_slice_casestarts - s begins with lit, ASCII case-insensitive */
int crm_slice_casestarts(struct crm_slice s, const char *lit);
/* crm_slice_dup - NUL-terminated heap copy, or NULL on ENOMEM */
char *crm_slice_dup(struct crm_slice s);
/* crm_memmem - first occurrence of needle in hay, or NULL */
const char *crm_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* crm_memcasemem - same, ASCII case-insensitive */
const char *crm_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* crm_strcaseeq - ASCII case-insensitive equality of two C strings */
int crm_strcaseeq(const char *a, const char *b);
/* crm_lower - ASCII lower-case a byte */
int crm_lower(int c);

/* crm_parse_skip_ws - skip SP and HTAB; never fails */
void crm_parse_skip_ws(const char **cur, const char *end);
/* crm_parse_word - a run of non-whitespace bytes into OUT w */
int crm_parse_word(const char **cur, const char *end, struct crm_slice *w) CRM_WUR;
/* crm_parse_uint - decimal digits into OUT v (overflow: CRM_ELIMIT) */
int crm_parse_uint(const char **cur, const char *end, uint64_t *v) CRM_WUR;
/* crm_parse_int - optional sign then digits */
int crm_parse_int(const char **cur, const char *end, int64_t *v) CRM_WUR;
/* crm_parse_bool - opendkim style: first byte TtYy1 true, FfNn0 false; whole word */
int crm_parse_bool(const char **cur, const char *end, int *v) CRM_WUR;
/* crm_str_to_uint / crm_str_to_int - whole C string must be a number */
int crm_str_to_uint(const char *s, uint64_t *v) CRM_WUR;
int crm_str_to_int(const char *s, int64_t *v) CRM_WUR;
/* crm_parse_size - number with optional k/K, m/M, g/G suffix (powers of 1024) */
int crm_str_to_size(const char *s, uint64_t *v) CRM_WUR;

#endif
