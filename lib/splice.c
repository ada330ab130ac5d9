/* splice.c - splice an invitation into one body part, minimal change */
#include "html.h"
#include "splice.h"

#include <string.h>

#include "charset.h"
#include "codec.h"
#include "text.h"

#define SPLICE_BUF_MAX  ((size_t)256 << 20)
#define SPLICE_LINE_MAX 998

static const char splice_qp_value[] = "quoted-printable";

/* crm_splice_target_init - a target for one part, nothing decoded yet */
void
crm_splice_target_init(struct crm_splice_target *t, const struct crm_mime_part *part, int top)
{
    memset(t, 0, sizeof(*t));
    t->part = part;
    t->top = top;
    t->kind = strcmp(part->subtype, "html") == 0 ? CRM_TMPL_HTML : CRM_TMPL_TEXT;
    crm_buf_init(&t->dec, SPLICE_BUF_MAX);
    crm_buf_init(&t->utf8, SPLICE_BUF_MAX);
}

/* crm_splice_target_fini - release decoded copies */
void
crm_splice_target_fini(struct crm_splice_target *t)
{
    crm_buf_fini(&t->dec);
    crm_buf_fini(&t->utf8);
    t->decoded.p = NULL;
    t->decoded.len = 0;
    t->have_utf8 = 0;
}

/* crm_splice_edit_init - an empty edit */
void
crm_splice_edit_init(struct crm_splice_edit *e)
{
    memset(e, 0, sizeof(*e));
    crm_buf_init(&e->bytes, SPLICE_BUF_MAX);
}

/* crm_splice_edit_fini - release the replacement bytes */
void
crm_splice_edit_fini(struct crm_splice_edit *e)
{
    crm_buf_fini(&e->bytes);
}

/* splice_is_jis - canonical charset is ISO-2022-JP */
static int
splice_is_jis(const char *canon)
{
    return canon != NULL && strcmp(canon, "ISO-2022-JP") == 0;
}

/* splice_jis_step - ISO-2022-JP state machine: consume the unit at s[i], return
 * its length; *ascii is 1 in ASCII state, 0 in any other (JIS X 0208,
 * JIS-Roman, kana, SO) */
static size_t
splice_jis_step(const char *s, size_t len, size_t i, int *ascii)
{
    if (s[i] == 0x0E) {
        *ascii = 0;
        return 1;
    }
    if (s[i] == 0x0F) {
        *ascii = 1;
        return 1;
    }
    if (s[i] != 0x1B)
        return 1;
    if (i + 2 < len && s[i + 1] == '(' && s[i + 2] == 'B') {
        *ascii = 1;
        return 3;
    }
    *ascii = 0; /* any other escape: JIS X 0208, JIS-Roman, kana or unknown */
    if (i + 3 < len && s[i + 1] == '$' && s[i + 2] == '(')
        return 4;
    if (i + 1 < len && (s[i + 1] == '(' || s[i + 1] == '$'))
        return i + 2 < len ? 3 : 2;
    return 1;
}

/* crm_splice_jis_ascii_at - ISO-2022-JP bytes in ASCII state at off */
int
crm_splice_jis_ascii_at(const char *s, size_t len, size_t off)
{
    size_t i = 0;
    int ascii = 1;

    if (off > len)
        off = len;
    while (i < off)
        i += splice_jis_step(s, len, i, &ascii);
    return ascii && i == off;
}

/* splice_jis_mask - copy with every byte outside ASCII state (escapes too) made
 * 'x' */
static int
splice_jis_mask(const char *s, size_t len, struct crm_buf *out)
{
    size_t i = 0, n, k;
    int ascii = 1, was, rc;

    rc = crm_buf_reserve(out, len);
    if (rc != CRM_OK)
        return rc;
    while (i < len) {
        was = ascii;
        n = splice_jis_step(s, len, i, &ascii);
        for (k = 0; k < n; k++) {
            char c = s[i + k];
            int keep = n == 1 && was && c != 0x1B && c != 0x0E && c != 0x0F;

            rc = crm_buf_putc(out, keep || c == '\n' || c == '\r' ? c : 'x');
            if (rc != CRM_OK)
                return rc;
        }
        i += n;
    }
    return CRM_OK;
}

/* splice_charset - pick the canonical charset (absent: US-ASCII, RFC 2045), or a reason */
static void
splice_charset(struct crm_splice_target *t, const char **reason)
{
    t->canon = crm_charset_canon(t->part->charset);
    if (t->canon == NULL)
        *reason = "unknown-charset";
}

/*
 * splice_meta_charset - an HTML part whose Content-Type names no charset is
 * read in the charset its <meta> declares, as mail readers and browsers do
 * (the transport's label wins when there is one). A label this program does
 * not know leaves the MIME default (US-ASCII), so 8-bit text then passes.
 * UTF-16 labels mean UTF-8 in a <meta> (an ASCII-compatible document cannot
 * be UTF-16; HTML's encoding rules say so).
 */
static void
splice_meta_charset(struct crm_splice_target *t)
{
    char label[64];
    const char *canon;

    if (!crm_html_meta_charset(t->decoded.p, t->decoded.len, label, sizeof(label)))
        return;
    if (crm_slice_caseeq(crm_slice_from(label), "utf-16") ||
        crm_slice_caseeq(crm_slice_from(label), "utf-16le") ||
        crm_slice_caseeq(crm_slice_from(label), "utf-16be"))
        canon = "UTF-8";
    else
        canon = crm_charset_canon(label);
    if (canon != NULL)
        t->canon = canon;
}

/* splice_has_8bit - any byte >= 0x80 */
static int
splice_has_8bit(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* splice_decode - undo the transfer encoding into t->decoded */
static int
splice_decode(const char *msg, struct crm_splice_target *t, const char **reason)
{
    const struct crm_mime_part *p = t->part;
    const char *raw = msg + p->body_start;
    size_t n = p->body_end - p->body_start;
    int rc;

    switch (p->cte) {
    case CRM_CTE_7BIT:
        if (splice_has_8bit(raw, n)) {
            /* the labels do not match the bytes */
            *reason = crm_charset_is_7bit(t->canon) ? "8bit-in-7bit-charset" : "8bit-in-7bit-part";
            return CRM_OK;
        }
        /* fall through */
    case CRM_CTE_8BIT:
    case CRM_CTE_BINARY:
        t->decoded.p = raw;
        t->decoded.len = n;
        return CRM_OK;
    case CRM_CTE_QP:
        rc = crm_qp_decode(raw, n, &t->dec);
        if (rc == CRM_EPARSE)
            *reason = "bad-quoted-printable";
        break;
    case CRM_CTE_BASE64:
        rc = crm_b64_decode(raw, n, &t->dec);
        if (rc == CRM_EPARSE)
            *reason = "bad-base64";
        break;
    default:
        *reason = "unsupported-transfer-encoding";
        return CRM_OK;
    }
    if (rc == CRM_EPARSE)
        return CRM_OK;
    if (rc == CRM_ELIMIT) {
        *reason = "part-too-large";
        return CRM_OK;
    }
    t->decoded.p = crm_buf_cstr(&t->dec);
    t->decoded.len = t->dec.len;
    return rc;
}

/* splice_check_bytes - bytes the declared charset cannot hold */
static void
splice_check_bytes(const struct crm_splice_target *t, const char **reason)
{
    const char *s = t->decoded.p;
    size_t i, n = t->decoded.len;

    if (memchr(s, '\0', n) != NULL) {
        *reason = "nul-in-text";
        return;
    }
    if (!splice_is_jis(t->canon) && memchr(s, 0x1B, n) != NULL) {
        *reason = "escape-in-text";
        return;
    }
    if (!crm_charset_is_7bit(t->canon))
        return;
    for (i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            *reason = "8bit-in-7bit-charset";
            return;
        }
    }
}

/* splice_to_utf8 - the decoded body in UTF-8 */
static int
splice_to_utf8(struct crm_splice_target *t, const char **reason)
{
    int rc;

    rc = crm_charset_to_utf8(t->canon, t->decoded.p, t->decoded.len, &t->utf8, NULL);
    if (rc == CRM_ECHARSET || rc == CRM_EPARSE || rc == CRM_EINVAL) {
        *reason = "charset-decode-error";
        return CRM_OK;
    }
    if (rc == CRM_ELIMIT) {
        *reason = "part-too-large";
        return CRM_OK;
    }
    if (rc == CRM_OK && t->utf8.p == NULL)
        rc = crm_buf_append(&t->utf8, "", 0);
    t->have_utf8 = rc == CRM_OK;
    return rc;
}

/* crm_splice_prepare - decode a target */
int
crm_splice_prepare(const char *msg, struct crm_splice_target *t, int want_utf8, const char **reason)
{
    int rc;

    *reason = NULL;
    if (t->part->body_end < t->part->body_start) {
        *reason = "internal-offsets";
        return CRM_OK;
    }
    splice_charset(t, reason);
    if (*reason != NULL)
        return CRM_OK;
    rc = splice_decode(msg, t, reason);
    if (rc != CRM_OK || *reason != NULL)
        return rc;
    if (t->kind == CRM_TMPL_HTML && t->part->charset[0] == '\0')
        splice_meta_charset(t);
    splice_check_bytes(t, reason);
    if (*reason != NULL)
        return CRM_OK;
    if (t->kind == CRM_TMPL_TEXT || want_utf8)
        return splice_to_utf8(t, reason);
    return CRM_OK;
}

/* splice_count_lf - number of LF bytes */
static size_t
splice_count_lf(const char *s, size_t n)
{
    size_t c = 0;
    const char *p = s, *end = s + n;

    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        c++;
        p++;
    }
    return c;
}

/* splice_line_offset - offset of 0-based line `line` (len when past the end) */
static size_t
splice_line_offset(const char *s, size_t n, size_t line)
{
    size_t i, off = 0;
    const char *nl;

    for (i = 0; i < line; i++) {
        nl = off < n ? memchr(s + off, '\n', n - off) : NULL;
        if (nl == NULL)
            return n;
        off = (size_t)(nl - s) + 1;
    }
    return off;
}

/* splice_text_place - where the invitation goes in a text part (a line start or
 * the end) */
static void
splice_text_place(const struct crm_splice_target *t, size_t *off, const char **reason)
{
    struct crm_text_cut cut;

    crm_text_find_cut(crm_buf_cstr(&t->utf8), t->utf8.len, &cut);
    if (splice_count_lf(t->decoded.p, t->decoded.len) != splice_count_lf(t->utf8.p, t->utf8.len)) {
        *reason = "line-mismatch";
        return;
    }
    *off = splice_line_offset(t->decoded.p, t->decoded.len, cut.line);
}

/* splice_html_place - where the invitation goes in an HTML part */
static int
splice_html_place(const struct crm_splice_target *t, size_t *off, const char **reason)
{
    struct crm_buf mask;
    int in_body = 0, rc = CRM_OK;

    if (splice_is_jis(t->canon)) {
        crm_buf_init(&mask, SPLICE_BUF_MAX);
        rc = splice_jis_mask(t->decoded.p, t->decoded.len, &mask);
        if (rc == CRM_OK)
            rc = crm_html_find_insert(crm_buf_cstr(&mask), mask.len, off, &in_body);
        crm_buf_fini(&mask);
    } else {
        rc = crm_html_find_insert(t->decoded.p, t->decoded.len, off, &in_body);
    }
    if (rc == CRM_EPARSE) {
        *reason = "html-unterminated";
        return CRM_OK;
    }
    if (rc == CRM_ESTATE) { /* inside an open <a>, hidden element or cell-less table */
        *reason = "html-unbalanced";
        return CRM_OK;
    }
    if (rc != CRM_OK)
        return rc;
    if (*off > t->decoded.len || !in_body)
        *reason = "html-no-body";
    return CRM_OK;
}

/* splice_blank_before - the line that ends at off (off is a line start) is
 * blank */
static int
splice_blank_before(const char *s, size_t off)
{
    size_t i = off;

    if (i == 0)
        return 1;
    i--; /* the LF */
    while (i > 0) {
        char c = s[i - 1];

        if (c == '\n')
            return 1;
        if (c != '\r' && c != ' ' && c != '\t')
            return 0;
        i--;
    }
    return 1;
}

/* splice_blank_at - the line starting at off is blank (or there is none) */
static int
splice_blank_at(const char *s, size_t n, size_t off)
{
    for (; off < n && s[off] != '\n'; off++)
        if (s[off] != '\r' && s[off] != ' ' && s[off] != '\t')
            return 0;
    return 1;
}

/* splice_put_eol - append block converting CRLF to LF when the part uses bare
 * LF */
static int
splice_put_eol(struct crm_buf *out, const char *s, size_t n, int lf_only)
{
    size_t i;
    int rc = CRM_OK;

    if (!lf_only)
        return crm_buf_append(out, s, n);
    for (i = 0; rc == CRM_OK && i < n; i++)
        if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
            rc = crm_buf_putc(out, s[i]);
    return rc;
}

/* splice_convert - the block in the part's charset */
static int
splice_convert(const struct crm_splice_target *t, const char *block, size_t blen,
               struct crm_buf *out, const char **reason)
{
    int rc;

    if (t->kind == CRM_TMPL_HTML || strcmp(t->canon, "UTF-8") == 0)
        return crm_buf_append(out, block, blen);
    rc = crm_charset_from_utf8(t->canon, block, blen, out, NULL);
    if (rc == CRM_ECHARSET || rc == CRM_EINVAL) {
        *reason = "charset-cannot-encode";
        return CRM_OK;
    }
    return rc;
}

/* splice_break_follows - an inner part's body is followed by a line break (not directly by
 * its boundary, as an empty body can be) */
static int
splice_break_follows(const char *msg, const struct crm_splice_target *t)
{
    return !t->top && (msg[t->part->body_end] == '\r' || msg[t->part->body_end] == '\n');
}

/* splice_frame - the bytes inserted at off: line breaks and blank lines around
 * the block */
static int
splice_frame(const char *msg, const struct crm_splice_target *t, const char *block, size_t blen,
             size_t off, struct crm_buf *ins, const char **reason)
{
    const char *s = t->decoded.p;
    size_t n = t->decoded.len;
    const char *lf = memchr(s, '\n', n);
    int lf_only = lf != NULL && (lf == s || lf[-1] != '\r');
    const char *eol = lf_only ? "\n" : "\r\n";
    struct crm_buf conv;
    int rc = CRM_OK, text = t->kind == CRM_TMPL_TEXT;

    crm_buf_init(&conv, SPLICE_BUF_MAX);
    rc = splice_convert(t, block, blen, &conv, reason);
    if (rc == CRM_OK && *reason == NULL) {
        int cont = off > 0 && s[off - 1] != '\n'; /* mid-line (HTML) or unterminated last line */

        if (cont)
            rc = crm_buf_puts(ins, eol);
        if (rc == CRM_OK && text && off > 0 && (cont || !splice_blank_before(s, off)))
            rc = crm_buf_puts(ins, eol);
        if (rc == CRM_OK)
            rc = splice_put_eol(ins, crm_buf_cstr(&conv), conv.len, lf_only);
        if (rc == CRM_OK && text && off < n && !splice_blank_at(s, n, off))
            rc = crm_buf_puts(ins, eol);
        /* at the end of a body that does not end with a line break, the block does not end
         * with one either: the break that follows the body belongs to the next boundary (an
         * empty body may have none: its header's empty line is followed by the boundary) */
        if (rc == CRM_OK && off == n && (n == 0 || s[n - 1] != '\n') &&
            (t->top ? n > 0 : splice_break_follows(msg, t)) && ins->len >= strlen(eol) &&
            ins->p[ins->len - 1] == '\n')
            crm_buf_truncate(ins, ins->len - strlen(eol));
    }
    crm_buf_fini(&conv);
    return rc;
}

/* splice_newbody - D': the decoded body with ins at off */
static int
splice_newbody(const struct crm_splice_target *t, size_t off, const struct crm_buf *ins,
               struct crm_buf *d)
{
    int rc = crm_buf_append(d, t->decoded.p, off);

    if (rc == CRM_OK)
        rc = crm_buf_append(d, crm_buf_cstr(ins), ins->len);
    if (rc == CRM_OK)
        rc = crm_buf_append(d, t->decoded.p + off, t->decoded.len - off);
    return rc;
}

/* splice_reencode - the whole new body d transfer-encoded (base64, else quoted-printable) */
static int
splice_reencode(const char *msg, const struct crm_splice_target *t, const struct crm_buf *d,
                struct crm_buf *out)
{
    const struct crm_mime_part *p = t->part;
    int rc;

    if (p->cte != CRM_CTE_BASE64)
        return crm_qp_encode(crm_buf_cstr(d), d->len, t->canon, out);
    rc = crm_b64_encode(crm_buf_cstr(d), d->len, out);
    /* the line break before a boundary belongs to the boundary */
    if (rc == CRM_OK && !(p->body_end > p->body_start && msg[p->body_end - 1] == '\n') &&
        splice_break_follows(msg, t) && out->len >= 2 && out->p[out->len - 1] == '\n' &&
        out->p[out->len - 2] == '\r')
        crm_buf_truncate(out, out->len - 2);
    return rc;
}

/* a position in quoted-printable text */
struct splice_qp_pos {
    size_t pos; /* offset in the encoded text */
    size_t col; /* its column in its encoded line */
};

/* splice_qp_line - bounds of the encoded line at ls: *de end of its data, *soft, *next */
static void
splice_qp_line(const char *E, size_t n, size_t ls, size_t *de, int *soft, size_t *brk, size_t *next)
{
    const char *nl = memchr(E + ls, '\n', n - ls);
    size_t le = nl != NULL ? (size_t)(nl - E) : n, ce = le;

    if (nl != NULL && ce > ls && E[ce - 1] == '\r')
        ce--;
    *brk = nl == NULL ? 0 : le + 1 - ce; /* decoded line break length of a hard line */
    *de = ce;
    while (*de > ls && (E[*de - 1] == ' ' || E[*de - 1] == '\t'))
        (*de)--;
    *soft = *de > ls && E[*de - 1] == '=';
    if (*soft)
        (*de)--;
    *next = nl != NULL ? le + 1 : n + 1;
}

/* splice_qp_map - the encoded position whose decoded prefix is off bytes long (a line
 * start when there is one); 0 when there is none */
static int
splice_qp_map(const char *E, size_t n, size_t off, struct splice_qp_pos *q)
{
    size_t ls = 0, d = 0, i, de, brk, next;
    int soft;

    while (ls <= n) {
        if (d == off) {
            q->pos = ls;
            q->col = 0;
            return 1;
        }
        splice_qp_line(E, n, ls, &de, &soft, &brk, &next);
        for (i = ls; i < de; i += E[i] == '=' ? 3 : 1, d++) {
            if (d == off) {
                q->pos = i;
                q->col = i - ls;
                return 1;
            }
        }
        if (d == off && !soft) {
            q->pos = de;
            q->col = de - ls;
            return 1;
        }
        d += soft ? 0 : brk;
        ls = next;
    }
    return 0;
}

/* splice_qp_inplace - insert the encoded ins into the encoded body at the place of off;
 * *done 0 when it cannot be done within the line length (the caller re-encodes) */
static int
splice_qp_inplace(const char *msg, const struct crm_splice_target *t, size_t off,
                  const struct crm_buf *ins, struct crm_buf *out, int *done)
{
    const struct crm_mime_part *p = t->part;
    const char *E = msg + p->body_start;
    size_t n = p->body_end - p->body_start;
    struct splice_qp_pos q;
    int soft, rc;

    *done = 0;
    if (!splice_qp_map(E, n, off, &q))
        return CRM_OK;
    soft = q.col > 0 && ins->len > 0 && ins->p[0] != '\r' && ins->p[0] != '\n';
    if (soft && q.col + 1 > 76)
        return CRM_OK;
    rc = crm_buf_append(out, E, q.pos);
    if (rc == CRM_OK && soft)
        rc = crm_buf_append(out, "=\r\n", 3);
    if (rc == CRM_OK)
        rc = crm_qp_encode(crm_buf_cstr(ins), ins->len, t->canon, out);
    if (rc == CRM_OK)
        rc = crm_buf_append(out, E + q.pos, n - q.pos);
    *done = rc == CRM_OK;
    return rc;
}

/* splice_verify - the new encoded body decodes to exactly d */
static int
splice_verify(const char *enc, size_t len, int base64, const struct crm_buf *d, const char **reason)
{
    struct crm_buf chk;
    int rc;

    crm_buf_init(&chk, SPLICE_BUF_MAX);
    rc = base64 ? crm_b64_decode(enc, len, &chk) : crm_qp_decode(enc, len, &chk);
    if (rc == CRM_EPARSE ||
        (rc == CRM_OK &&
         (chk.len != d->len || memcmp(crm_buf_cstr(&chk), crm_buf_cstr(d), d->len) != 0))) {
        *reason = "verify-failed";
        rc = CRM_OK;
    }
    crm_buf_fini(&chk);
    return rc;
}

/* splice_cte_header - the inner part's header block with its CTE set to
 * quoted-printable */
static int
splice_cte_header(const char *msg, const struct crm_mime_part *p, struct crm_buf *out,
                  const char **reason)
{
    const struct crm_hdr_field *f = crm_hdrs_find(&p->hdrs, "Content-Transfer-Encoding", 0);
    size_t hs = p->start, he = p->body_start, bl;
    int rc;

    if (f != NULL) {
        size_t fe = f->off + f->len;
        int crlf = f->len >= 2 && msg[fe - 2] == '\r';

        if (f->off < hs || fe > he || f->name.p != msg + f->off) {
            *reason = "internal-offsets";
            return CRM_OK;
        }
        rc = crm_buf_append(out, msg + hs, f->off - hs + f->name.len);
        if (rc == CRM_OK)
            rc = crm_buf_appendf(out, ": %s%s", splice_qp_value, crlf ? "\r\n" : "\n");
        if (rc == CRM_OK)
            rc = crm_buf_append(out, msg + fe, he - fe);
        return rc;
    }
    if (he <= hs || msg[he - 1] != '\n') {
        *reason = "internal-offsets";
        return CRM_OK;
    }
    bl = (he - hs >= 2 && msg[he - 2] == '\r') ? 2 : 1;
    rc = crm_buf_append(out, msg + hs, he - bl - hs);
    if (rc == CRM_OK)
        rc = crm_buf_appendf(out, "Content-Transfer-Encoding: %s%s", splice_qp_value,
                             bl == 2 ? "\r\n" : "\n");
    if (rc == CRM_OK)
        rc = crm_buf_append(out, msg + he - bl, bl);
    return rc;
}

/* splice_encoded - the edit of a part that is (or becomes) quoted-printable or base64:
 * its whole body, checked by decoding it again */
static int
splice_encoded(const char *msg, const struct crm_splice_target *t, size_t off,
               const struct crm_buf *ins, int upgrade, struct crm_splice_edit *e,
               const char **reason)
{
    const struct crm_mime_part *p = t->part;
    struct crm_buf d;
    size_t body;
    int rc = CRM_OK, done = 0;

    e->from = p->body_start;
    e->to = p->body_end;
    if (upgrade && t->top) {
        e->cte_to_qp = 1;
    } else if (upgrade) {
        rc = splice_cte_header(msg, p, &e->bytes, reason);
        if (rc != CRM_OK || *reason != NULL)
            return rc;
        e->from = p->start;
    }
    body = e->bytes.len;
    crm_buf_init(&d, SPLICE_BUF_MAX);
    rc = splice_newbody(t, off, ins, &d);
    if (rc == CRM_OK && p->cte == CRM_CTE_QP)
        rc = splice_qp_inplace(msg, t, off, ins, &e->bytes, &done);
    if (rc == CRM_OK && !done) {
        crm_buf_truncate(&e->bytes, body);
        rc = splice_reencode(msg, t, &d, &e->bytes);
    }
    if (rc == CRM_OK)
        rc = splice_verify(crm_buf_cstr(&e->bytes) + body, e->bytes.len - body,
                           p->cte == CRM_CTE_BASE64, &d, reason);
    crm_buf_fini(&d);
    return rc;
}

/* splice_encode - turn the inserted bytes into an edit of the message */
static int
splice_encode(const char *msg, const struct crm_splice_target *t, size_t off,
              const struct crm_buf *ins, struct crm_splice_edit *e, const char **reason)
{
    const struct crm_mime_part *p = t->part;
    int eight = splice_has_8bit(crm_buf_cstr(ins), ins->len);
    int upgrade = p->cte == CRM_CTE_7BIT && eight; /* becomes quoted-printable */

    if (!upgrade && p->cte != CRM_CTE_QP && p->cte != CRM_CTE_BASE64) {
        e->eightbit = eight;
        e->from = e->to = p->body_start + off;
        return crm_buf_append(&e->bytes, crm_buf_cstr(ins), ins->len);
    }
    return splice_encoded(msg, t, off, ins, upgrade, e, reason);
}

/* splice_check_lines - no line of the replacement longer than 998 octets */
static void
splice_check_lines(const struct crm_splice_edit *e, const char **reason)
{
    const char *s = crm_buf_cstr(&e->bytes), *end = s + e->bytes.len, *nl;
    size_t l;

    while (s < end) {
        nl = memchr(s, '\n', (size_t)(end - s));
        if (nl == NULL)
            nl = end;
        l = (size_t)(nl - s);
        if (nl < end && l > 0 && nl[-1] == '\r')
            l--;
        if (l > SPLICE_LINE_MAX) {
            *reason = "long-line";
            return;
        }
        s = nl + 1;
    }
}

/* splice_check_encoding - a quoted-printable or base64 body that is not in
 * its canonical form (codec.h): readers differ on it, or the lines kept as
 * they are would leave the part invalid */
static void
splice_check_encoding(const char *msg, const struct crm_splice_target *t, const char **reason)
{
    const struct crm_mime_part *p = t->part;
    const char *raw = msg + p->body_start;
    size_t n = p->body_end - p->body_start;

    if (p->cte == CRM_CTE_QP && !crm_qp_canonical(raw, n))
        *reason = "loose-quoted-printable";
    else if (p->cte == CRM_CTE_BASE64 && !crm_b64_canonical(raw, n, t->decoded.len))
        *reason = "loose-base64";
}

/* crm_splice_part - the edit that splices block into a prepared target */
int
crm_splice_part(const char *msg, const struct crm_splice_target *t, const char *block, size_t blen,
                struct crm_splice_edit *e, const char **reason)
{
    struct crm_buf ins;
    size_t off = 0;
    int rc = CRM_OK;

    *reason = NULL;
    if (t->kind == CRM_TMPL_TEXT && !t->have_utf8) {
        *reason = "internal-not-prepared";
        return CRM_OK;
    }
    splice_check_encoding(msg, t, reason);
    if (*reason != NULL)
        return CRM_OK;
    if (t->kind == CRM_TMPL_TEXT)
        splice_text_place(t, &off, reason);
    else
        rc = splice_html_place(t, &off, reason);
    if (rc != CRM_OK || *reason != NULL)
        return rc;
    if (splice_is_jis(t->canon) && !crm_splice_jis_ascii_at(t->decoded.p, t->decoded.len, off)) {
        *reason = "iso-2022-jp-state";
        return CRM_OK;
    }
    crm_buf_init(&ins, SPLICE_BUF_MAX);
    rc = splice_frame(msg, t, block, blen, off, &ins, reason);
    if (rc == CRM_OK && *reason == NULL)
        rc = splice_encode(msg, t, off, &ins, e, reason);
    crm_buf_fini(&ins);
    if (rc == CRM_OK && *reason == NULL)
        splice_check_lines(e, reason);
    if (rc == CRM_ELIMIT) {
        *reason = "part-too-large";
        rc = CRM_OK;
    }
    return rc;
}
