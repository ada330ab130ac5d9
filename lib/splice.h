/*
 * splice.h - internal to the engine: splice a rendered invitation into one
 * body part of a message held in memory, changing as few bytes as possible.
 *
 * A target is prepared once (crm_splice_prepare: transfer-decode its body and,
 * for text, convert it to UTF-8), so the engine can read the decoded text for
 * the classifier and later splice without decoding twice. crm_splice_part then
 * computes one edit: a region [from, to) of the message and the bytes that
 * replace it. For a 7bit/8bit/binary part the region is empty (a pure
 * insertion at a line boundary); for quoted-printable and base64 parts it is
 * the whole body (decoded, spliced, re-encoded); a 7bit part that gains 8-bit
 * text becomes quoted-printable: for an inner part the region then starts at
 * the part's header block, of which only the Content-Transfer-Encoding field
 * changes; for the top-level part the caller changes the message header
 * (edit->cte_to_qp).
 *
 * Anything the splicer cannot do with confidence is not an error: the call
 * returns CRM_OK with *reason set to a short, stable word ("unknown-charset",
 * "charset-cannot-encode", "8bit-in-7bit-charset", "iso-2022-jp-state",
 * "loose-base64", "loose-quoted-printable" (a body not in the canonical form
 * of codec.h), ...), and the engine leaves the whole message alone.
 *
 * Ownership: targets and edits are caller-embedded (init/fini); they refer
 *   to the message bytes, which must outlive them.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM, CRM_ELIMIT (a buffer cap).
 */
#ifndef CRM_SPLICE_H
#define CRM_SPLICE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "mime.h"
#include "str.h"
#include "tmpl.h"

struct crm_splice_target {
    const struct crm_mime_part *part;
    int top;                  /* part 0: its header is the message header */
    enum crm_tmpl_kind kind;  /* text/plain or text/html */
    const char *canon;        /* canonical charset (absent: ASCII) */
    struct crm_slice decoded; /* body after transfer decoding (into the message or dec) */
    struct crm_buf dec;       /* owns the decoded bytes of a QP/base64 body */
    struct crm_buf utf8;      /* decoded text in UTF-8 (text always; HTML when asked) */
    int have_utf8;
};

struct crm_splice_edit {
    size_t from, to;      /* region of the message replaced (from == to: insertion) */
    struct crm_buf bytes; /* the replacement */
    int cte_to_qp;        /* top part only: Content-Transfer-Encoding must become QP */
    int eightbit;         /* the replacement carries 8-bit bytes */
};

void crm_splice_target_init(struct crm_splice_target *t, const struct crm_mime_part *part, int top);
void crm_splice_target_fini(struct crm_splice_target *t);
void crm_splice_edit_init(struct crm_splice_edit *e);
void crm_splice_edit_fini(struct crm_splice_edit *e);

/*
 * crm_splice_prepare - decode the target's body (msg is the whole message);
 * want_utf8: also convert an HTML body to UTF-8 (text bodies always are).
 * OUT *reason: NULL, or why the part cannot be spliced.
 */
int crm_splice_prepare(const char *msg, struct crm_splice_target *t, int want_utf8,
                       const char **reason) CRM_WUR;

/*
 * crm_splice_part - compute the edit that splices block into the prepared
 * target: for text, block is the rendered UTF-8 template (CRLF lines); for
 * HTML, the rendered ASCII markup. OUT *e (initialised by the caller) and
 * *reason (NULL when e is valid).
 */
int crm_splice_part(const char *msg, const struct crm_splice_target *t, const char *block,
                    size_t blen, struct crm_splice_edit *e, const char **reason) CRM_WUR;

/* crm_splice_jis_ascii_at - 1 if an ISO-2022-JP byte string is in ASCII state
 * at off */
int crm_splice_jis_ascii_at(const char *s, size_t len, size_t off);

#endif
