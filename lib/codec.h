/*
 * codec.h - base64 and quoted-printable, strict decoders and RFC-conformant
 * encoders.
 *
 * Decoders are strict: what they cannot decode with confidence is CRM_EPARSE,
 * so the engine leaves such a part alone. Encoders write CRLF line ends and
 * lines of at most 76 characters.
 *
 * Ownership: output is appended to a caller-owned crm_buf (its cap applies).
 * Thread safety: reentrant.
 * Errors: CRM_EPARSE (malformed input; a decoder then leaves out as it was),
 * CRM_ENOMEM, CRM_ELIMIT (out's cap; out is then released, as crm_buf does).
 */
#ifndef CRM_CODEC_H
#define CRM_CODEC_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * crm_b64_decode - decode base64; CR, LF, SP and HTAB are ignored; any other
 * non-alphabet byte, data after padding, or a bad final quantum is CRM_EPARSE.
 */
int crm_b64_decode(const char *in, size_t len, struct crm_buf *out) CRM_WUR;
/* crm_b64_encode - encode, 76 characters per line, each line ending CRLF */
int crm_b64_encode(const char *in, size_t len, struct crm_buf *out) CRM_WUR;

/*
 * crm_qp_decode - decode quoted-printable: "=XX" (hex, either case), soft line
 * breaks ("=" then optional trailing blanks then CRLF/LF) removed, trailing
 * blanks of hard lines dropped; hard line breaks written as they are in the
 * input. A "=" not followed by two hex digits or a line break is CRM_EPARSE.
 */
int crm_qp_decode(const char *in, size_t len, struct crm_buf *out) CRM_WUR;

/*
 * Canonical forms. The decoders above read more than they must (RFC 2045
 * asks decoders to be lenient), and readers do not all read the same extra:
 * Python's email package shows an unpadded base64 part undecoded. A part is
 * only edited when its transfer encoding is in the form every reader reads
 * alike, and the lines kept as they are stay valid:
 * crm_b64_canonical - 1 when base64 text in[0..len) that crm_b64_decode
 *   accepted (decoding it to dlen bytes) has no blank (SP, HTAB) and full
 *   quanta (a final partial one padded with '=').
 * crm_qp_canonical - 1 when quoted-printable text has only SP, HTAB, CRLF and
 *   printable ASCII (no raw 8-bit byte, control or lone CR/LF) and no blank
 *   after a soft line break's '='.
 */
int crm_b64_canonical(const char *in, size_t len, size_t dlen);
int crm_qp_canonical(const char *in, size_t len);

/*
 * crm_qp_encode - encode in[0..len) as quoted-printable lines of at most 76
 * characters. Input line breaks (CRLF or LF) become CRLF hard breaks. Soft
 * breaks are never placed inside a multibyte character of `charset` (an iconv
 * canonical name from crm_charset_canon(), or NULL for single-byte): UTF-8,
 * CP932/SHIFT_JIS, EUC-JP and ISO-2022-JP (escape sequences kept whole) are
 * understood. Trailing SP/HTAB before a hard break and "." / "From " at line
 * start are encoded.
 */
int crm_qp_encode(const char *in, size_t len, const char *charset, struct crm_buf *out) CRM_WUR;

#endif
