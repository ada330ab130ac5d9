/*
 * charset.h - charset names and strict conversion through glibc iconv.
 *
 * Canonical names are iconv names chosen for mail reality: Shift_JIS,
 * x-sjis, Windows-31J, MS932 and CP932 are all read and written as CP932 (a
 * superset); EUC-JP as EUC-JP-MS; ISO-2022-JP as ISO-2022-JP; us-ascii as
 * ASCII. A charset this module does not know is refused (NULL / CRM_ECHARSET):
 * the engine then leaves the part alone.
 *
 * Conversions are strict: an invalid or unrepresentable sequence is
 * CRM_ECHARSET, never a replacement character. Before encoding into a JIS
 * family charset, U+FF5E is mapped to U+301C and U+2014 to U+2015 (glibc's
 * JIS tables lack the former of each pair).
 *
 * ISO-2022-JP text in the common subset (ASCII and JIS X 0208 only) goes
 * through the native codec of jis.h, which gives glibc's bytes; any other
 * text, and every other charset, through iconv as before. ISO-2022-JP that
 * glibc refuses, or decodes with an escape, SO or SI left in the text, is
 * read the way Microsoft's CP50220/CP50221 read it (NEC row 13, IBM
 * extensions, half-width katakana, JIS X 0212), through EUC-JP-MS; when that
 * fails too, glibc's answer (and error) stands. The ISO-2022-JP supersets
 * (ISO-2022-JP-MS, CP5022x, ISO-2022-JP-1/2/3/2004) are read as ISO-2022-JP
 * and written in its subset.
 *
 * Ownership: output is appended to a caller-owned crm_buf.
 * Thread safety: reentrant. An iconv descriptor is opened per call; the
 *   native codec's tables are built once per process on first use
 *   (pthread_once) and only read afterwards.
 * Errors: CRM_ECHARSET, CRM_ENOMEM, CRM_ELIMIT.
 */
#ifndef CRM_CHARSET_H
#define CRM_CHARSET_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* crm_charset_canon - canonical iconv name for a MIME charset name (any case),
 * or NULL when unsupported. "" (absent) maps to "ASCII". Static strings. */
const char *crm_charset_canon(const char *mime_name);
/* crm_charset_is_7bit - canonical charset is a 7-bit one (ASCII, ISO-2022-JP) */
int crm_charset_is_7bit(const char *canon);
/* crm_charset_is_japanese - ISO-2022-JP, CP932, EUC-JP-MS */
int crm_charset_is_japanese(const char *canon);

/* crm_charset_to_utf8 - convert from canon to UTF-8, strict */
int crm_charset_to_utf8(const char *canon, const char *in, size_t len, struct crm_buf *out,
                        struct crm_err *err) CRM_WUR;
/* crm_charset_from_utf8 - convert UTF-8 into canon, strict (ISO-2022-JP output
 * returns to ASCII at the end of every line and at the end) */
int crm_charset_from_utf8(const char *canon, const char *in, size_t len, struct crm_buf *out,
                          struct crm_err *err) CRM_WUR;
/* crm_utf8_valid - 1 if in[0..len) is well-formed UTF-8 */
int crm_utf8_valid(const char *in, size_t len);
/* crm_charset_char_len - bytes of the character starting at p in canon (>= 1,
 * <= n); for ISO-2022-JP an escape sequence counts as one unit */
size_t crm_charset_char_len(const char *canon, const unsigned char *p, size_t n);

/* crm_utf8_put - code point cp (at most U+10FFFF) as UTF-8 into u[0..4);
 * returns its length */
static inline size_t
crm_utf8_put(uint32_t cp, char *u)
{
    size_t n;

    if (cp < 0x80) {
        u[0] = (unsigned char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
    }
    return n;
}

#endif
