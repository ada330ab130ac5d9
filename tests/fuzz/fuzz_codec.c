/*
 * fuzz_codec.c - libFuzzer target for the low-level codecs.
 *
 * Feeds the input to the base64, quoted-printable and RFC 2047 decoders and
 * checks the round-trip properties:
 *   b64:  decode(encode(decode(x))) == decode(x), encoded lines <= 76 chars,
 *         the encoding canonical (crm_b64_canonical)
 *   qp:   decode(encode(decode(x), cs)) == decode(x) with bare LF as CRLF,
 *         for a charset picked from the first byte; encoded lines <= 76 chars,
 *         the encoding canonical (crm_qp_canonical)
 *   2047: output is valid UTF-8 and within the cap
 *   charset: to_utf8 output is valid UTF-8; text valid in a multibyte
 *         charset is never split across a QP soft break
 * A violated property aborts, which libFuzzer (and replay_main) report.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "charset.h"
#include "codec.h"
#include "rfc2047.h"

#define FUZZ_CAP (4u << 20)

static const char *const fuzz_charsets[] = {NULL,           "UTF-8",       "CP932",
                                            "EUC-JP-MS",    "ISO-2022-JP", "ISO-8859-1",
                                            "WINDOWS-1252", "GBK",         "CP949"};
#define FUZZ_NCS (sizeof(fuzz_charsets) / sizeof(fuzz_charsets[0]))

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_lines_ok - CRLF line ends only, every line <= 76 characters */
static int
fuzz_lines_ok(const char *p, size_t len)
{
    size_t start = 0, i;

    for (i = 0; i < len; i++) {
        if (p[i] != '\n')
            continue;
        if (i == start || p[i - 1] != '\r' || i - 1 - start > 76)
            return 0;
        start = i + 1;
    }
    return len - start <= 76;
}

/* fuzz_same - buffer holds exactly p[0..n) */
static int
fuzz_same(const struct crm_buf *b, const char *p, size_t n)
{
    return b->len == n && (n == 0 || memcmp(b->p, p, n) == 0);
}

/* fuzz_b64 - decode; on success re-encode and decode again */
static void
fuzz_b64(const char *in, size_t len)
{
    struct crm_buf dec, enc, dec2;

    crm_buf_init(&dec, FUZZ_CAP);
    crm_buf_init(&enc, FUZZ_CAP);
    crm_buf_init(&dec2, FUZZ_CAP);
    if (crm_b64_decode(in, len, &dec) == CRM_OK) {
        fuzz_check(crm_b64_encode(crm_buf_cstr(&dec), dec.len, &enc) == CRM_OK);
        fuzz_check(fuzz_lines_ok(crm_buf_cstr(&enc), enc.len));
        fuzz_check(crm_b64_decode(crm_buf_cstr(&enc), enc.len, &dec2) == CRM_OK);
        fuzz_check(fuzz_same(&dec2, crm_buf_cstr(&dec), dec.len));
        fuzz_check(crm_b64_canonical(crm_buf_cstr(&enc), enc.len, dec.len));
    }
    crm_buf_fini(&dec);
    crm_buf_fini(&enc);
    crm_buf_fini(&dec2);
}

/* fuzz_qp_roundtrip - encode text with cs, check lines, decode back */
static void
fuzz_qp_roundtrip(const char *text, size_t len, const char *cs)
{
    struct crm_buf enc, dec, want;
    size_t i;

    crm_buf_init(&enc, FUZZ_CAP);
    crm_buf_init(&dec, FUZZ_CAP);
    crm_buf_init(&want, FUZZ_CAP);
    for (i = 0; i < len; i++) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            fuzz_check(crm_buf_putc(&want, '\r') == CRM_OK);
        fuzz_check(crm_buf_putc(&want, (unsigned char)text[i]) == CRM_OK);
    }
    fuzz_check(crm_qp_encode(text, len, cs, &enc) == CRM_OK);
    fuzz_check(fuzz_lines_ok(crm_buf_cstr(&enc), enc.len));
    fuzz_check(crm_qp_canonical(crm_buf_cstr(&enc), enc.len));
    fuzz_check(crm_qp_decode(crm_buf_cstr(&enc), enc.len, &dec) == CRM_OK);
    fuzz_check(fuzz_same(&dec, crm_buf_cstr(&want), want.len));
    crm_buf_fini(&enc);
    crm_buf_fini(&dec);
    crm_buf_fini(&want);
}

/* fuzz_qp - decode; round-trip the decoded text and the raw input */
static void
fuzz_qp(const char *in, size_t len, const char *cs)
{
    struct crm_buf dec;

    crm_buf_init(&dec, FUZZ_CAP);
    if (crm_qp_decode(in, len, &dec) == CRM_OK)
        fuzz_qp_roundtrip(crm_buf_cstr(&dec), dec.len, cs);
    crm_buf_fini(&dec);
    fuzz_qp_roundtrip(in, len, cs);
}

/* fuzz_rfc2047 - decode with a large and a tiny cap */
static void
fuzz_rfc2047(const char *in, size_t len)
{
    struct crm_buf out;
    int rc;

    crm_buf_init(&out, FUZZ_CAP);
    rc = crm_rfc2047_decode((struct crm_slice){in, len}, &out);
    fuzz_check(rc == CRM_OK);
    fuzz_check(crm_utf8_valid(crm_buf_cstr(&out), out.len));
    crm_buf_fini(&out);
    crm_buf_init(&out, 16);
    rc = crm_rfc2047_decode((struct crm_slice){in, len}, &out);
    fuzz_check(rc == CRM_OK || rc == CRM_ELIMIT);
    fuzz_check(out.len <= 16 && crm_utf8_valid(crm_buf_cstr(&out), out.len));
    crm_buf_fini(&out);
}

/* fuzz_qp_whole_chars - text valid in a stateless multibyte cs: every encoded
 * line, decoded on its own, must end on a character boundary */
static void
fuzz_qp_whole_chars(const char *text, size_t len, const char *cs)
{
    struct crm_buf enc, line;
    unsigned char *is_start;
    size_t i, pos = 0, off = 0, eol;

    if (len == 0 || len > 65536 || memchr(text, '\n', len) != NULL ||
        memchr(text, '\r', len) != NULL)
        return;
    is_start = crm_calloc(len + 1, 1);
    fuzz_check(is_start != NULL);
    for (i = 0; i < len; i += crm_charset_char_len(cs, (const unsigned char *)text + i, len - i))
        is_start[i] = 1;
    is_start[len] = 1;
    crm_buf_init(&enc, FUZZ_CAP);
    fuzz_check(crm_qp_encode(text, len, cs, &enc) == CRM_OK);
    while (pos < enc.len) {
        const char *nl = memchr(enc.p + pos, '\n', enc.len - pos);

        eol = nl != NULL ? (size_t)(nl - enc.p) + 1 : enc.len;
        crm_buf_init(&line, FUZZ_CAP);
        fuzz_check(crm_qp_decode(enc.p + pos, eol - pos, &line) == CRM_OK);
        off += line.len;
        fuzz_check(off <= len && is_start[off]);
        crm_buf_fini(&line);
        pos = eol;
    }
    crm_buf_fini(&enc);
    crm_free(is_start);
}

/* fuzz_charset - strict conversion to UTF-8 gives valid UTF-8 */
static void
fuzz_charset(const char *in, size_t len, const char *cs)
{
    struct crm_buf out, back;
    int rc;

    crm_buf_init(&out, FUZZ_CAP);
    crm_buf_init(&back, FUZZ_CAP);
    if (cs != NULL && crm_charset_to_utf8(cs, in, len, &out, NULL) == CRM_OK) {
        fuzz_check(crm_utf8_valid(crm_buf_cstr(&out), out.len));
        if (strcmp(cs, "ISO-2022-JP") != 0)
            fuzz_qp_whole_chars(in, len, cs);
        rc = crm_charset_from_utf8(cs, crm_buf_cstr(&out), out.len, &back, NULL);
        fuzz_check(rc == CRM_OK || rc == CRM_ECHARSET);
    }
    crm_buf_fini(&out);
    crm_buf_fini(&back);
}

/* fuzz_addr - the header address parser must not crash */
static void
fuzz_addr(const char *in, size_t len)
{
    struct crm_buf out;
    int rc;

    crm_buf_init(&out, FUZZ_CAP);
    rc = crm_addr_from_header(in, len, 1, &out);
    fuzz_check(rc == CRM_OK || rc == CRM_EINVAL);
    crm_buf_fini(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - first byte picks the charset, the rest is the input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *cs;
    const char *in;

    if (size == 0)
        return 0;
    cs = fuzz_charsets[data[0] % FUZZ_NCS];
    in = (const char *)data + 1;
    size--;
    fuzz_b64(in, size);
    fuzz_qp(in, size, cs);
    fuzz_rfc2047(in, size);
    fuzz_charset(in, size, cs);
    fuzz_addr(in, size);
    return 0;
}
