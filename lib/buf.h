/*
 * buf.h - the bounded, growable, binary-safe byte buffer of the project.
 *
 * Contract:
 *   struct crm_buf is caller-embedded: crm_buf_init() then crm_buf_fini().
 *   Contents are always NUL-terminated (a spare byte beyond len), may hold NULs.
 *   Every buffer has a hard cap `max` (bytes of content) given at init; an
 *   append that would pass it returns CRM_ELIMIT. On ANY failure (CRM_ENOMEM,
 *   CRM_ELIMIT) the buffer frees its memory and becomes empty (curl dynbuf
 *   semantics), so a failed build can never be sent half-done by mistake.
 *   Fields are readable (p, len); write them only through these functions.
 *
 * Ownership: the buffer owns p; crm_buf_take() hands it to the caller (free
 *   with crm_free) and leaves the buffer empty and reusable.
 * Thread safety: none; one buffer per thread.
 * Errors: CRM_ENOMEM, CRM_ELIMIT.
 */
#ifndef CRM_BUF_H
#define CRM_BUF_H

#include <stddef.h>

#include "err.h"

struct crm_buf {
    char *p;    /* contents, NUL-terminated; NULL while empty and unallocated */
    size_t len; /* bytes of content */
    size_t cap; /* allocated bytes (content capacity + 1) */
    size_t max; /* hard cap on len */
};

/* crm_buf_init - empty buffer with cap max bytes */
void crm_buf_init(struct crm_buf *b, size_t max);
/* crm_buf_fini - free contents; the buffer stays usable (empty) */
void crm_buf_fini(struct crm_buf *b);
/* crm_buf_reset - length 0, keep allocation */
void crm_buf_reset(struct crm_buf *b);
/* crm_buf_reserve - make room for n more bytes */
int crm_buf_reserve(struct crm_buf *b, size_t n) CRM_WUR;
/* crm_buf_append - append n bytes of p */
int crm_buf_append(struct crm_buf *b, const void *p, size_t n) CRM_WUR;
/* crm_buf_puts - append a C string */
int crm_buf_puts(struct crm_buf *b, const char *s) CRM_WUR;
/* crm_buf_putc - append one byte */
int crm_buf_putc(struct crm_buf *b, int c) CRM_WUR;
/* crm_buf_appendf - append printf-formatted text */
int crm_buf_appendf(struct crm_buf *b, const char *fmt, ...) CRM_WUR CRM_PRINTF(2, 3);
/* crm_buf_extend - lengthen by n bytes and set OUT *where to them, for the
 * caller to fill in at once (contents undefined until then; the NUL
 * terminator is already in place) */
int crm_buf_extend(struct crm_buf *b, size_t n, char **where) CRM_WUR;
/* crm_buf_truncate - shorten to len (len <= b->len) */
void crm_buf_truncate(struct crm_buf *b, size_t len);
/* crm_buf_cstr - contents as a C string; "" when empty (never NULL) */
const char *crm_buf_cstr(const struct crm_buf *b);
/* crm_buf_take - hand the contents to the caller (OUT len may be NULL);
 * returns NULL when empty and unallocated; the buffer is left empty */
char *crm_buf_take(struct crm_buf *b, size_t *len);

#endif
