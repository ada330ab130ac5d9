/*
 * mime.h - one-pass MIME structure parser over a message held in memory.
 *
 * The parser never copies the message: it records, for every part, byte
 * offsets into the caller's buffer and the few header facts the engine needs.
 * It never fails on malformed input: what it cannot parse with confidence is
 * reported as anomaly bits, and the engine then leaves the message unchanged.
 * Work is linear in the message size; memory is bounded by the limits.
 *
 * Layout of a part (offsets into msg):
 *   [start, body_start)  the part's header block, including the empty line
 *   [body_start, body_end) the part's body content. For a part inside a
 *                        multipart, body_end is the offset of the CRLF (or LF)
 *                        that precedes the next "--boundary" line (RFC 2046:
 *                        that line break belongs to the delimiter).
 *   For a multipart: preamble/epilogue are the bytes between body_start and the
 *   first delimiter, and after the close delimiter, up to body_end.
 * Part 0 is the whole message (its headers are the message headers).
 * Children follow their parent in document order (depth-first pre-order).
 * The anomalies of a line (NUL, BARE_LF, LONG_LINE, BAD_DELIM, and those of
 * a header block) are charged to the part whose header or body holds the
 * line; a delimiter line's to the innermost part it ends (for the first
 * delimiter, the multipart whose preamble it ends); a line of a part over
 * max_parts, to that part's multipart.
 *
 * Ownership: crm_mime_parse allocates *out; crm_mime_free releases it. Parts
 *   and header fields hold slices into msg: keep msg alive and unchanged.
 * Thread safety: a parsed struct crm_mime is immutable and may be read by
 *   several threads; parsing itself uses no shared state (but reads the
 *   test-only scanner cap, see crm_mime_scan_cap).
 * Errors: CRM_ENOMEM only. Malformed input is not an error: see anomalies.
 */
#ifndef CRM_MIME_H
#define CRM_MIME_H

#include <stddef.h>

#include "err.h"
#include "hdr.h"
#include "str.h"

/* anomaly bits: any bit set means "cannot parse with confidence" */
#define CRM_MIME_ANOM_NESTING       0x0001u /* deeper than max_depth */
#define CRM_MIME_ANOM_PARTS         0x0002u /* more than max_parts */
#define CRM_MIME_ANOM_LONG_HEADER   0x0004u /* a header field longer than max_header */
#define CRM_MIME_ANOM_NO_BOUNDARY   0x0008u /* multipart without a usable boundary */
#define CRM_MIME_ANOM_NO_CLOSE      0x0010u /* missing final "--boundary--" */
#define CRM_MIME_ANOM_BAD_CTE       0x0020u /* unknown/invalid Content-Transfer-Encoding */
#define CRM_MIME_ANOM_BAD_HEADER    0x0040u /* header line without colon, NUL, 8-bit not UTF-8 */
#define CRM_MIME_ANOM_DUP_CT        0x0080u /* duplicate Content-Type or CTE in one part */
#define CRM_MIME_ANOM_NO_BODY_SEP   0x0100u /* no empty line ends the header block */
#define CRM_MIME_ANOM_BARE_LF       0x0200u /* line endings are not all CRLF */
#define CRM_MIME_ANOM_LONG_LINE     0x0400u /* a body line longer than 998 octets */
#define CRM_MIME_ANOM_NUL           0x0800u /* NUL byte in the message */
#define CRM_MIME_ANOM_MULTIPART_CTE 0x1000u /* multipart with CTE other than 7bit/8bit/binary */
#define CRM_MIME_ANOM_BOUNDARY_LEN  0x2000u /* boundary longer than 70 */
#define CRM_MIME_ANOM_BAD_CT        0x4000u /* unparseable Content-Type */
#define CRM_MIME_ANOM_BAD_DELIM                                                                    \
    0x8000u /* "--boundary" line with trailing junk (RFC 2046                                      \
               prefix rule vs. strict match disagree) */

enum crm_cte {
    CRM_CTE_7BIT = 0, /* also when absent */
    CRM_CTE_8BIT,
    CRM_CTE_BINARY,
    CRM_CTE_QP,
    CRM_CTE_BASE64,
    CRM_CTE_OTHER /* x-uuencode etc.; never modified */
};

struct crm_mime_limits {
    unsigned max_depth; /* nesting depth, default 16 */
    unsigned max_parts; /* parts, default 256 */
    size_t max_header;  /* one header field (unfolded length), default 8192... */
    size_t max_headers; /* fields per header block, default 1000 */
};

#define CRM_MIME_LIMITS_DEFAULT                                                                    \
    {                                                                                              \
        16, 256, 65536, 1000                                                                       \
    }

struct crm_mime_part {
    int parent;                /* index of parent part, -1 for part 0 */
    unsigned depth;            /* 0 for part 0 */
    size_t start;              /* first byte of the part's headers */
    size_t body_start;         /* first byte of the body */
    size_t body_end;           /* end of the body (exclusive) */
    struct crm_hdrs hdrs;      /* the part's header fields */
    char type[32];             /* lower-case media type, "text" when absent (RFC 2045 default) */
    char subtype[64];          /* lower-case subtype, "plain" when absent */
    char charset[48];          /* lower-case charset parameter, "" when absent */
    struct crm_slice boundary; /* multipart only: the boundary parameter (unquoted; a copy
                                  owned by the struct crm_mime, not a slice of msg) */
    enum crm_cte cte;          /* transfer encoding (7bit when absent) */
    int cte_present;           /* a Content-Transfer-Encoding field exists */
    int is_attachment;         /* Content-Disposition attachment, or a filename/name parameter */
    int in_message;            /* inside a message/rfc822 (or message/global) part */
    int ct_comment;            /* its Content-Type holds a comment (crm_hdr_has_comment) */
    unsigned nchildren;        /* direct children */
    unsigned anomalies; /* anomalies found in this part (also OR-ed into crm_mime.anomalies) */
};

struct crm_mime {
    const char *msg;
    size_t len;
    struct crm_mime_part *parts;
    size_t nparts;
    unsigned anomalies; /* OR of every part's anomalies */
};

/*
 * crm_mime_parse - parse msg[0..len) (headers + body, CRLF or LF line ends).
 * lim may be NULL for the defaults (a zero field also means its default).
 * OUT *out on CRM_OK, to be crm_mime_free'd.
 * Never parses inside message/rfc822 bodies beyond recording them as one part
 * with in_message=1 children NOT created (the engine never edits them).
 */
int crm_mime_parse(const char *msg, size_t len, const struct crm_mime_limits *lim,
                   struct crm_mime **out, struct crm_err *err) CRM_WUR;
/*
 * Body scanners: runs of plain CRLF body lines are read 64 octets at a time
 * with the widest of these the build and the CPU have; the results never
 * depend on which one runs.
 */
#define CRM_MIME_SCAN_SCALAR 0 /* line at a time (memchr, strchr): any CPU */
#define CRM_MIME_SCAN_SSE2   1 /* 16-octet compares: every x86-64 */
#define CRM_MIME_SCAN_AVX2   2 /* 32-octet compares: x86 with AVX2 */
#define CRM_MIME_SCAN_AVX512 3 /* 64-octet compares into masks: AVX-512BW (and VBMI) */
/*
 * crm_mime_scan_cap - test hook: later crm_mime_parse calls use no scanner
 * wider than cap (CRM_MIME_SCAN_*; cap < 0: no cap, the default). Returns
 * the scanner they will use. A process-wide switch: change it only while a
 * single thread runs lib code.
 */
int crm_mime_scan_cap(int cap);
/* crm_mime_free - release (NULL ok) */
void crm_mime_free(struct crm_mime *m);
/* crm_mime_anomaly_str - short name of the lowest anomaly bit set ("no-close-boundary") */
const char *crm_mime_anomaly_str(unsigned anomalies);

#endif
