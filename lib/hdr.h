/*
 * hdr.h - RFC 5322 header blocks and RFC 2045/2231 field parameters.
 *
 * A header block is parsed into fields that are slices of the caller's
 * buffer: nothing is copied. Unfolding and parameter extraction write into a
 * caller-supplied crm_buf.
 *
 * Ownership: struct crm_hdrs is caller-embedded (crm_hdrs_init/fini); its
 *   array is owned by it; the slices point into the parsed buffer.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM; CRM_ELIMIT when max fields is passed; CRM_EPARSE from
 *   crm_hdr_param/crm_hdr_mediatype on malformed values; CRM_ENOTFOUND when a
 *   parameter is absent.
 */
#ifndef CRM_HDR_H
#define CRM_HDR_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "str.h"

struct crm_hdr_field {
    size_t off;             /* offset of the field's first byte in the buffer */
    size_t len;             /* whole field including its final CRLF/LF */
    struct crm_slice name;  /* field name, without the colon */
    struct crm_slice value; /* raw value after the colon up to (excluding) the final line break;
                               folding line breaks kept */
};

struct crm_hdrs {
    struct crm_hdr_field *v;
    size_t n, cap;
};

/* header-block anomaly bits reported by crm_hdrs_parse (same values as mime.h) */

void crm_hdrs_init(struct crm_hdrs *h);
void crm_hdrs_fini(struct crm_hdrs *h);

/*
 * crm_hdrs_parse - parse the header block starting at buf[off], stopping at
 * the empty line (or end). OUT *body_start: offset just past the empty line
 * (== end when there is none). OUT *anomalies: OR of CRM_MIME_ANOM_* bits
 * (BAD_HEADER, LONG_HEADER, NO_BODY_SEP, NUL...). Stops collecting fields
 * after max_fields (anomaly LONG_HEADER) but still finds the body start.
 * A field whose unfolded length passes max_field is kept and flagged
 * LONG_HEADER. max_field/max_fields 0 mean "no limit". Returns CRM_OK (limits
 * are reported as anomalies, never as CRM_ELIMIT) or CRM_ENOMEM.
 */
int crm_hdrs_parse(const char *buf, size_t off, size_t end, size_t max_field, size_t max_fields,
                   struct crm_hdrs *h, size_t *body_start, unsigned *anomalies) CRM_WUR;

/* crm_hdrs_find - the nth (0-based) field named name (case-insensitive), or NULL */
const struct crm_hdr_field *crm_hdrs_find(const struct crm_hdrs *h, const char *name, size_t nth);
/* crm_hdrs_count - number of fields named name */
size_t crm_hdrs_count(const struct crm_hdrs *h, const char *name);

/* crm_hdr_unfold - value with folding removed (CRLF/LF before WSP dropped), trimmed */
int crm_hdr_unfold(struct crm_slice value, struct crm_buf *out) CRM_WUR;

/*
 * crm_hdr_mediatype - "type/subtype; params" -> lower-case type and subtype.
 * CRM_EPARSE when malformed (caller applies RFC 2045 defaults).
 */
int crm_hdr_mediatype(struct crm_slice value, char *type, size_t tsz, char *subtype,
                      size_t ssz) CRM_WUR;
/*
 * crm_hdr_param - value of parameter `name` (case-insensitive) in a structured
 * field value (Content-Type, Content-Disposition): quoted strings unquoted,
 * RFC 2231 continuations (name*0, name*1*) joined and %XX-decoded (the
 * charset'lang' prefix is dropped). OUT appended to out.
 */
int crm_hdr_param(struct crm_slice value, const char *name, struct crm_buf *out) CRM_WUR;
/* crm_hdr_has_param - 1 if the parameter (or its RFC 2231 form) is present */
int crm_hdr_has_param(struct crm_slice value, const char *name);
/*
 * crm_hdr_has_comment - 1 if a structured value holds an RFC 5322 comment:
 * a '(' outside quoted strings (also one inside an unquoted parameter value,
 * which RFC 2045 does not allow either). Readers differ on such values: this
 * parser and most MUAs drop the comment; Python's email package, Safari and
 * Edge keep it as part of the type, the charset or the boundary.
 */
int crm_hdr_has_comment(struct crm_slice value);

#endif
