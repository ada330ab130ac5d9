/*
 * rfc2047.h - decode a header field value (RFC 2047 encoded-words, B and Q,
 * any charset crm_charset_canon() knows) to UTF-8.
 *
 * Folding is removed first; whitespace between adjacent encoded-words is
 * dropped (RFC 2047 6.2). An encoded-word that cannot be decoded (unknown
 * charset, bad base64, invalid bytes) is kept as its literal text. Raw 8-bit
 * bytes outside encoded-words are kept when they form valid UTF-8 and replaced
 * by U+FFFD otherwise, so the output is always valid UTF-8. Bounded: at most
 * `max` bytes of output (CRM_ELIMIT beyond).
 *
 * Ownership: output appended to a caller-owned crm_buf.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM, CRM_ELIMIT. Malformed input is not an error.
 */
#ifndef CRM_RFC2047_H
#define CRM_RFC2047_H

#include "buf.h"
#include "err.h"
#include "str.h"

int crm_rfc2047_decode(struct crm_slice value, struct crm_buf *out) CRM_WUR;
/* crm_rfc2047_encode - encode UTF-8 text as B encoded-words (UTF-8), each
 * <= 75 chars, separated by CRLF SP folding when longer (used by tests) */
int crm_rfc2047_encode(const char *utf8, size_t len, struct crm_buf *out) CRM_WUR;

#endif
