/*
 * jis.h - a native ISO-2022-JP codec for the common subset of Japanese mail:
 * ASCII (ESC ( B) and JIS X 0208 (ESC $ B), nothing else. It exists because
 * glibc iconv (an iconv_open per call, then a generic multi-step conversion)
 * was a fifth of the engine's instructions on Japanese mail; its results must
 * stay exactly glibc's.
 *
 * The JIS X 0208 <-> Unicode tables are not in the source: the first call
 * builds them from glibc iconv itself ("ISO-2022-JP" -> "UCS-4LE" for each of
 * the 94x94 pairs; the reverse direction from the same data, confirmed by
 * encoding every code point back with iconv), and checks the escape sequences
 * glibc writes around a JIS X 0208 run. If any of that fails (no gconv
 * module, an unexpected answer), the codec declines everything.
 *
 * Declining: for any input outside the subset, the functions return
 * CRM_JIS_DECLINED and leave out's contents as they were (an unallocated out
 * stays unallocated); the caller then converts the WHOLE text with iconv, so
 * errors and unusual input keep glibc's exact behaviour.
 * Outside the subset when decoding: any escape other than ESC ( B / ESC $ B
 * (ESC ( J, ESC $ @, ESC ( I, ESC $ ( D, a truncated one), a byte >= 0x80,
 * in the JIS X 0208 state any byte outside 0x21-0x7E (controls, CR, LF,
 * space), an odd byte at the end, or a pair iconv does not decode. When
 * encoding: invalid UTF-8, or a code point that is neither ASCII nor one
 * iconv encodes as a JIS X 0208 pair (U+00A5, U+FF5E, half-width katakana...).
 *
 * Encoding writes what glibc writes for the subset: ESC $ B before a JIS X
 * 0208 run, ESC ( B before ASCII after one (so CR and LF are always in the
 * ASCII state), and ESC ( B at the end when the text ends in JIS X 0208.
 *
 * Output is appended in one step. Decoding reserves the worst case (3 bytes
 * per JIS X 0208 pair) first and declines when that does not fit below out's
 * cap, so near the cap iconv decides as before; encoding measures the text
 * first, so at the cap it fails (CRM_ELIMIT, out freed as crm_buf does) just
 * as iconv would. An allocation failure is CRM_ENOMEM (out freed), also for
 * a text the codec would have declined.
 *
 * Ownership: output is appended to a caller-owned crm_buf.
 * Thread safety: reentrant. The tables are process-wide (~145 KB of static
 *   storage), written once under pthread_once on first use and read-only
 *   afterwards.
 * Errors: CRM_ENOMEM, CRM_ELIMIT; CRM_JIS_DECLINED (> 0) is not an error.
 */
#ifndef CRM_JIS_H
#define CRM_JIS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* returned when the input is outside the native subset; out is untouched */
#define CRM_JIS_DECLINED 1

/* crm_jis_available - build the tables if not done yet; 1 when the native
 * codec works, 0 when it declines everything (tables could not be built) */
int crm_jis_available(void);

/* crm_jis_to_utf8 - decode ISO-2022-JP in[0..len) into UTF-8 appended to out.
 * Returns CRM_OK, CRM_JIS_DECLINED, CRM_ELIMIT or CRM_ENOMEM. */
int crm_jis_to_utf8(const char *in, size_t len, struct crm_buf *out) CRM_WUR;

/* crm_jis_from_utf8 - encode UTF-8 in[0..len) as ISO-2022-JP appended to out
 * (no normalisation: U+FF5E declines). Returns as crm_jis_to_utf8. */
int crm_jis_from_utf8(const char *in, size_t len, struct crm_buf *out) CRM_WUR;

#endif
