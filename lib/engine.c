/*
 * engine.c - the rejection-mail engine: header scan, safety gates, envelope
 * candidates, MIME targets, classifier features and verdict, then the splice
 * of every target (all or none) into the edits of a crm_result.
 * crm_result_init/fini/apply/describe live in result.c.
 */
#include "engine.h"

#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "charset.h"
#include "hdr.h"
#include "html.h"
#include "mime.h"
#include "result.h"
#include "rfc2047.h"
#include "splice.h"
#include "text.h"
#include "tmpl.h"

#define ENGINE_MAX_TARGETS 16
#define ENGINE_NEWEST_MAX  (256u * 1024u) /* bytes of newest text given to the rules */
#define ENGINE_FEATURE_MAX (1u << 20)
#define ENGINE_BLOCK_MAX   (256u * 1024u)
#define ENGINE_URL_MAX     1024
#define ENGINE_STUB_CHARS  200  /* a text/plain alternative this short may be a stub... */
#define ENGINE_STUB_LONG   600  /* ...and one this short that says it stands in for HTML */
#define ENGINE_STUB_MIN    20   /* what an alternative must say to replace such a notice */
#define ENGINE_LANG_SAMPLE 2048 /* bytes of the newest text that decide its language */

struct engine {
    const struct crm_config *cfg;
    const char *msg;
    size_t len;
    const struct crm_envelope *env;
    struct crm_result *res;
    struct crm_err *err;
    int classify_only;                  /* stop after the verdict (crm_engine_trial) */
    const struct crm_engine_memo *memo; /* a trial's verdict, or NULL */
    int memo_hit;                       /* the memo's part is the one classified here */
    const struct crm_mime_part *picked; /* the part classified */
    struct crm_hdrs hdrs;               /* top-level fields */
    size_t body_start;
    unsigned hdr_anoms;
    int ctl; /* X-CareerRelay: 1 invite, -1 skip, 0 none */
    int already, signed_hdr, auto_reply;
    const struct crm_hdr_field *subject, *from;
    struct crm_buf sender; /* normalised envelope sender (or From) */
    struct crm_mime *mime;
    struct crm_splice_target t[ENGINE_MAX_TARGETS];
    size_t nt;
    struct crm_buf fsubject, fbody; /* normalised features */
};

/* engine_pass - the message passes unchanged, with a reason */
static void
engine_pass(struct engine *e, const char *reason)
{
    e->res->inject = 0;
    snprintf(e->res->reason, sizeof(e->res->reason), "%s", reason);
}

/* engine_done - a reason has been given */
static int
engine_done(const struct engine *e)
{
    return e->res->reason[0] != '\0';
}

/* engine_unfold - unfolded, trimmed value of a field into out (replacing it) */
static int
engine_unfold(const struct crm_hdr_field *f, struct crm_buf *out)
{
    crm_buf_reset(out);
    return crm_hdr_unfold(f->value, out);
}

/* engine_value_word - first word of an unfolded value, lower-cased, into w */
static void
engine_value_word(const struct crm_buf *v, char *w, size_t wsz)
{
    const char *s = crm_buf_cstr(v);
    size_t i = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    while (i + 1 < wsz && s[i] != '\0' && s[i] != ';' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '(') {
        w[i] = (char)crm_lower((unsigned char)s[i]);
        i++;
    }
    w[i] = '\0';
}

/* engine_tags_add - normalise one tag and append it to res->tags unless
 * seen: ASCII letters lower-cased, digits, '_', '.', '-' and any other
 * (UTF-8) letter kept; a run of blanks becomes one '-'; a tag with other
 * ASCII punctuation or invalid UTF-8 is dropped */
static void
engine_tags_add(struct crm_result *res, struct crm_slice tag)
{
    char t[CRM_TAGS_MAX];
    size_t i, k = 0, n = strlen(res->tags);
    const char *p;

    tag = crm_slice_trim(tag);
    if (tag.len == 0 || tag.len >= sizeof(t))
        return;
    for (i = 0; i < tag.len; i++) {
        int c = crm_lower((unsigned char)tag.p[i]);

        if (c == ' ' || c == '\t') {
            if (t[k - 1] != '-') /* k > 0: the tag is trimmed */
                t[k++] = '-';
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                   c == '-' || c >= 0x80) {
            t[k++] = (char)c;
        } else {
            return; /* a tag with any other character is dropped */
        }
    }
    t[k] = '\0';
    if (!crm_utf8_valid(t, k))
        return;
    for (p = res->tags; *p != '\0';) {
        size_t l = strcspn(p, ",");

        if (l == k && memcmp(p, t, l) == 0)
            return;
        p += l + (p[l] == ',');
    }
    if (n + (n > 0) + k + 1 > sizeof(res->tags))
        return;
    if (n > 0)
        res->tags[n++] = ',';
    memcpy(res->tags + n, t, k + 1);
}

/* engine_tags - parse an X-CareerRelay-Tags value (RFC 2047 encoded-words
 * decoded first, so 高評価 arrives whether written raw or encoded) */
static int
engine_tags(struct crm_result *res, const struct crm_buf *v)
{
    struct crm_buf d;
    const char *s, *end, *c;
    int rc;

    crm_buf_init(&d, 4 * CRM_TAGS_MAX);
    rc = crm_rfc2047_decode((struct crm_slice){crm_buf_cstr(v), v->len}, &d);
    if (rc == CRM_ELIMIT) { /* absurdly long: no tags */
        crm_buf_fini(&d);
        return CRM_OK;
    }
    for (s = crm_buf_cstr(&d), end = s + d.len; rc == CRM_OK && s < end; s = c + 1) {
        c = memchr(s, ',', (size_t)(end - s));
        if (c == NULL)
            c = end;
        engine_tags_add(res, (struct crm_slice){s, (size_t)(c - s)});
    }
    crm_buf_fini(&d);
    return rc;
}

/* engine_field - look at one top-level header field */
static int
engine_field(struct engine *e, const struct crm_hdr_field *f, struct crm_buf *v)
{
    char w[32];
    int rc = engine_unfold(f, v);

    if (rc != CRM_OK)
        return rc;
    engine_value_word(v, w, sizeof(w));
    if (crm_slice_caseeq(f->name, "X-CareerRelay")) {
        if (strcmp(w, "skip") == 0)
            e->ctl = -1;
        else if (strcmp(w, "invite") == 0 && e->ctl == 0)
            e->ctl = 1;
    } else if (crm_slice_caseeq(f->name, "X-CareerRelay-Tags")) {
        rc = engine_tags(e->res, v);
    } else if (crm_slice_caseeq(f->name, "X-CareerRelay-Invitation")) {
        e->already = 1;
    } else if (crm_slice_caseeq(f->name, "DKIM-Signature") ||
               crm_slice_caseeq(f->name, "ARC-Seal")) {
        e->signed_hdr = 1;
    } else if (crm_slice_caseeq(f->name, "Auto-Submitted")) {
        if (strcmp(w, "no") != 0 && strcmp(w, "auto-generated") != 0)
            e->auto_reply = 1;
    } else if (crm_slice_caseeq(f->name, "X-Autoreply") ||
               crm_slice_caseeq(f->name, "X-Autorespond")) {
        e->auto_reply = 1;
    } else if (crm_slice_caseeq(f->name, "Precedence")) {
        if (strcmp(w, "auto_reply") == 0)
            e->auto_reply = 1;
    } else if (crm_slice_caseeq(f->name, "Message-ID") && e->res->message_id == NULL) {
        e->res->message_id = crm_strdup(crm_buf_cstr(v));
        if (e->res->message_id == NULL)
            return CRM_ENOMEM;
    } else if (crm_slice_caseeq(f->name, "Subject") && e->subject == NULL) {
        e->subject = f;
    } else if (crm_slice_caseeq(f->name, "From") && e->from == NULL) {
        e->from = f;
    }
    return rc;
}

/* engine_delete_all - DELETE edits for every field named name, highest index
 * first */
static int
engine_delete_all(struct engine *e, const char *name)
{
    size_t i = crm_hdrs_count(&e->hdrs, name);
    int rc = CRM_OK;

    for (; rc == CRM_OK && i > 0; i--)
        rc = crm_result_add_edit(e->res, CRM_HDR_DELETE, name, (int)i, NULL, 1);
    return rc;
}

/* engine_headers - scan the top-level header: control headers, gates, features
 */
static int
engine_headers(struct engine *e)
{
    struct crm_buf v;
    size_t i;
    int rc;

    rc = crm_result_parse_header(e->msg, e->len, &e->hdrs, &e->body_start, &e->hdr_anoms);
    if (rc != CRM_OK)
        return rc;
    crm_buf_init(&v, e->len + 1);
    for (i = 0; rc == CRM_OK && i < e->hdrs.n; i++)
        rc = engine_field(e, &e->hdrs.v[i], &v);
    crm_buf_fini(&v);
    if (rc == CRM_OK)
        rc = engine_delete_all(e, "X-CareerRelay");
    if (rc == CRM_OK)
        rc = engine_delete_all(e, "X-CareerRelay-Tags");
    e->res->forced = e->ctl == 1;
    return rc;
}

/* engine_gates - reasons decided by the header alone */
static void
engine_gates(struct engine *e)
{
    if (e->cfg->max_message_size > 0 && e->len > e->cfg->max_message_size)
        engine_pass(e, "too-large");
    else if (e->ctl < 0)
        engine_pass(e, "header-skip");
    else if (e->already)
        engine_pass(e, "already-invited");
    else if (e->signed_hdr)
        engine_pass(e, "dkim-signed");
    else if (e->auto_reply)
        engine_pass(e, "auto-reply");
}

/* engine_sender - normalised envelope sender, else the From address */
static int
engine_sender(struct engine *e)
{
    const char *s = e->env != NULL ? e->env->sender : NULL;
    struct crm_buf tmp, v;
    int rc = CRM_EINVAL;

    if (s != NULL && s[0] != '\0' && strcmp(s, "<>") != 0)
        rc = crm_addr_normalize(s, &e->sender);
    if (rc == CRM_OK && crm_addr_domain(crm_buf_cstr(&e->sender)) != NULL)
        return CRM_OK;
    if (rc == CRM_ENOMEM)
        return rc;
    crm_buf_reset(&e->sender);
    if (e->from == NULL)
        return CRM_OK;
    crm_buf_init(&v, e->len + 1);
    crm_buf_init(&tmp, 4096);
    rc = engine_unfold(e->from, &v);
    if (rc == CRM_OK)
        rc = crm_addr_from_header(crm_buf_cstr(&v), v.len, 0, &tmp);
    if (rc == CRM_OK && tmp.len > 0)
        rc = crm_addr_normalize(crm_buf_cstr(&tmp), &e->sender);
    crm_buf_fini(&v);
    crm_buf_fini(&tmp);
    return rc == CRM_ENOMEM ? rc : CRM_OK;
}

/* engine_add_candidate - append a normalised address unless present */
static int
engine_add_candidate(struct crm_result *res, const char *norm)
{
    char **v;
    size_t i;

    for (i = 0; i < res->ncandidates; i++)
        if (strcmp(res->candidates[i], norm) == 0)
            return CRM_OK;
    v = crm_realloc(res->candidates, (res->ncandidates + 1) * sizeof(*v));
    if (v == NULL)
        return CRM_ENOMEM;
    res->candidates = v;
    v[res->ncandidates] = crm_strdup(norm);
    if (v[res->ncandidates] == NULL)
        return CRM_ENOMEM;
    res->ncandidates++;
    return CRM_OK;
}

/* engine_candidates - external envelope recipients */
static int
engine_candidates(struct engine *e)
{
    struct crm_buf n;
    const char *sender;
    size_t i;
    int rc = engine_sender(e);

    if (rc != CRM_OK)
        return rc;
    sender = crm_buf_cstr(&e->sender);
    if (!crm_config_sender_allowed(e->cfg, sender)) {
        engine_pass(e, "sender-not-allowed");
        return CRM_OK;
    }
    crm_buf_init(&n, 4096);
    for (i = 0; rc == CRM_OK && e->env != NULL && i < e->env->nrcpts; i++) {
        if (e->env->rcpts[i] == NULL)
            continue;
        rc = crm_addr_normalize(e->env->rcpts[i], &n);
        if (rc == CRM_EINVAL || rc == CRM_ELIMIT) {
            crm_buf_fini(&n);
            rc = CRM_OK;
            continue;
        }
        if (rc == CRM_OK &&
            crm_addr_is_candidate(crm_buf_cstr(&n), sender, e->cfg->internal_domains,
                                  e->cfg->n_internal_domains))
            rc = engine_add_candidate(e->res, crm_buf_cstr(&n));
    }
    crm_buf_fini(&n);
    if (rc == CRM_OK && e->res->ncandidates == 0)
        engine_pass(e, "no-candidate");
    return rc;
}

/* engine_is - part has media type type/subtype */
static int
engine_is(const struct crm_mime_part *p, const char *type, const char *subtype)
{
    return strcmp(p->type, type) == 0 && (subtype == NULL || strcmp(p->subtype, subtype) == 0);
}

/* engine_forbidden - reason a part makes the whole message untouchable, or NULL
 */
static const char *
engine_forbidden(const struct crm_mime_part *p)
{
    if (engine_is(p, "multipart", "signed") || engine_is(p, "application", "pgp-signature"))
        return "signed";
    if (engine_is(p, "multipart", "encrypted") || engine_is(p, "application", "pgp-encrypted"))
        return "encrypted";
    if (engine_is(p, "application", "pkcs7-mime") || engine_is(p, "application", "x-pkcs7-mime"))
        return "smime";
    if (engine_is(p, "multipart", "report"))
        return "report";
    return NULL;
}

/* engine_child - index of the first child of part i after index `after`, or 0
 */
static size_t
engine_next_child(const struct crm_mime *m, size_t parent, size_t after)
{
    size_t j;

    for (j = after + 1; j < m->nparts; j++) {
        if (m->parts[j].parent == (int)parent)
            return j;
        if (m->parts[j].depth <= m->parts[parent].depth)
            return 0; /* left the parent's subtree */
    }
    return 0;
}

/* engine_cid - a Content-ID or start value without folding, blanks and <> */
static struct crm_slice
engine_cid(struct crm_buf *b)
{
    struct crm_slice s = crm_slice_trim((struct crm_slice){crm_buf_cstr(b), b->len});

    if (s.len >= 2 && s.p[0] == '<' && s.p[s.len - 1] == '>') {
        s.p++;
        s.len -= 2;
    }
    return crm_slice_trim(s);
}

/*
 * engine_related_root - 1 when the first part c of multipart/related p is its
 * root: p names no start (RFC 2387: the first part), or start is c's
 * Content-ID. A start naming another part (or none) is read differently by
 * different readers, so the message is left alone.
 */
static int
engine_related_root(const struct engine *e, const struct crm_mime_part *p, size_t c)
{
    const struct crm_hdr_field *ct = crm_hdrs_find(&p->hdrs, "Content-Type", 0);
    const struct crm_hdr_field *id = crm_hdrs_find(&e->mime->parts[c].hdrs, "Content-ID", 0);
    struct crm_buf start, cid;
    struct crm_slice a, b;
    int ok;

    if (ct == NULL || !crm_hdr_has_param(ct->value, "start"))
        return 1;
    if (id == NULL)
        return 0;
    crm_buf_init(&start, 4096);
    crm_buf_init(&cid, 4096);
    ok = crm_hdr_param(ct->value, "start", &start) == CRM_OK &&
         crm_hdr_unfold(id->value, &cid) == CRM_OK;
    if (ok) {
        a = engine_cid(&start);
        b = engine_cid(&cid);
        ok = a.len > 0 && a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
    }
    crm_buf_fini(&start);
    crm_buf_fini(&cid);
    return ok;
}

/* engine_select - collect the body parts a reader sees, from part i down */
static void
engine_select(struct engine *e, size_t i, const char **reason)
{
    const struct crm_mime *m = e->mime;
    const struct crm_mime_part *p = &m->parts[i];
    size_t c;

    if (p->is_attachment || p->in_message || *reason != NULL)
        return;
    if (engine_is(p, "multipart", "alternative")) {
        for (c = engine_next_child(m, i, i); c != 0; c = engine_next_child(m, i, c)) {
            /* a version of the body marked as a file: readers that show it
             * would not see an invitation in the other versions */
            if (m->parts[c].is_attachment && (engine_is(&m->parts[c], "text", "plain") ||
                                              engine_is(&m->parts[c], "text", "html"))) {
                *reason = "alternative-attachment";
                return;
            }
            engine_select(e, c, reason);
        }
    } else if (engine_is(p, "multipart", "mixed") || engine_is(p, "multipart", "related")) {
        c = engine_next_child(m, i, i); /* the body / the root */
        if (c != 0 && engine_is(p, "multipart", "related") && !engine_related_root(e, p, c)) {
            *reason = "related-start";
            return;
        }
        if (c != 0)
            engine_select(e, c, reason);
    } else if (engine_is(p, "text", "plain") || engine_is(p, "text", "html")) {
        if (e->nt == ENGINE_MAX_TARGETS) {
            *reason = "too-many-text-parts";
            return;
        }
        crm_splice_target_init(&e->t[e->nt++], p, i == 0);
    }
}

/* engine_same_boundary - a multipart nested in one with the same boundary (ambiguous) */
static int
engine_same_boundary(const struct crm_mime *m, size_t i)
{
    const struct crm_mime_part *p = &m->parts[i];
    int a;

    if (strcmp(p->type, "multipart") != 0)
        return 0;
    for (a = p->parent; a >= 0 && (size_t)a < m->nparts; a = m->parts[a].parent) {
        const struct crm_slice *b = &m->parts[a].boundary;

        if (b->len == p->boundary.len && memcmp(b->p, p->boundary.p, b->len) == 0)
            return 1;
    }
    return 0;
}

/* engine_ct_comment - a Content-Type from part p up to the root holds a
 * comment: readers differ on the type, charset or boundary it gives */
static int
engine_ct_comment(const struct crm_mime *m, const struct crm_mime_part *p)
{
    for (;;) {
        if (p->ct_comment)
            return 1;
        if (p->parent < 0 || (size_t)p->parent >= m->nparts)
            return 0;
        p = &m->parts[p->parent];
    }
}

/* engine_structure - parse MIME, refuse what must not be touched, pick the
 * targets */
static int
engine_structure(struct engine *e)
{
    const char *reason = NULL;
    char r[CRM_REASON_MAX];
    size_t i;
    int rc = crm_mime_parse(e->msg, e->len, NULL, &e->mime, e->err);

    if (rc != CRM_OK)
        return rc;
    if (e->mime->anomalies != 0) {
        snprintf(r, sizeof(r), "mime-%s", crm_mime_anomaly_str(e->mime->anomalies));
        engine_pass(e, r);
        return CRM_OK;
    }
    for (i = 0; i < e->mime->nparts && reason == NULL; i++) {
        reason = engine_forbidden(&e->mime->parts[i]);
        if (reason == NULL && engine_same_boundary(e->mime, i))
            reason = "mime-ambiguous-boundary";
    }
    if (reason == NULL)
        engine_select(e, 0, &reason);
    for (i = 0; reason == NULL && i < e->nt; i++)
        if (engine_ct_comment(e->mime, e->t[i].part))
            reason = "content-type-comment";
    if (reason == NULL && e->nt == 0)
        reason = "no-text-part";
    if (reason != NULL)
        engine_pass(e, reason);
    return CRM_OK;
}

/* engine_check_decoded - inline PGP or an earlier invitation in a decoded part
 */
static const char *
engine_check_decoded(const struct engine *e, const struct crm_splice_target *t)
{
    const char *s = t->decoded.p, *brace;
    size_t n = t->decoded.len, plen;
    const char *url = e->cfg->invitation_url;

    if (crm_memmem(s, n, "-----BEGIN PGP SIGNED MESSAGE-----", 34) != NULL ||
        crm_memmem(s, n, "-----BEGIN PGP MESSAGE-----", 27) != NULL)
        return "inline-pgp";
    if (url != NULL && (brace = strstr(url, "{token}")) != NULL) {
        plen = (size_t)(brace - url);
        if (plen >= 12 && crm_memmem(s, n, url, plen) != NULL)
            return "already-invited";
    }
    return NULL;
}

/* engine_prepare - decode target k (once) and run the per-part checks */
static int
engine_prepare(struct engine *e, size_t k, int want_utf8)
{
    struct crm_splice_target *t = &e->t[k];
    const char *reason = NULL;
    int rc;

    if (t->decoded.p != NULL && (t->have_utf8 || !want_utf8))
        return CRM_OK;
    crm_splice_target_fini(t);
    crm_splice_target_init(t, t->part, t->top);
    rc = crm_splice_prepare(e->msg, t, want_utf8, &reason);
    if (rc == CRM_OK && reason == NULL)
        reason = engine_check_decoded(e, t);
    if (rc == CRM_OK && reason != NULL)
        engine_pass(e, reason);
    return rc;
}

/* engine_utf8_cut - length <= max that does not split a UTF-8 sequence */
static size_t
engine_utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* engine_newest - the newest text of target t, normalised, into out */
static int
engine_newest(const struct crm_splice_target *t, struct crm_buf *out)
{
    struct crm_text_cut cut;
    struct crm_buf h;
    const char *s = crm_buf_cstr(&t->utf8);
    size_t n = t->utf8.len;
    int rc;

    if (t->kind == CRM_TMPL_TEXT) {
        crm_text_find_cut(s, n, &cut);
        n = cut.offset <= n ? cut.offset : n;
        if (cut.quoted == 0)
            return crm_text_normalize(s, engine_utf8_cut(s, n, ENGINE_NEWEST_MAX), out);
        crm_buf_init(&h, n + 1); /* inline quotes: matched without their ">" lines */
        rc = crm_buf_append(&h, s, n);
        if (rc == CRM_OK) {
            crm_text_drop_quoted(&h, 0);
            rc = crm_text_normalize(
                crm_buf_cstr(&h), engine_utf8_cut(crm_buf_cstr(&h), h.len, ENGINE_NEWEST_MAX), out);
        }
        crm_buf_fini(&h);
        return rc;
    }
    crm_buf_init(&h, t->utf8.len + 1);
    rc = crm_html_to_text(s, n, &h);
    if (rc == CRM_OK)
        rc = crm_text_normalize(crm_buf_cstr(&h),
                                engine_utf8_cut(crm_buf_cstr(&h), h.len, ENGINE_NEWEST_MAX), out);
    crm_buf_fini(&h);
    return rc;
}

/* engine_subject - decoded, normalised Subject into e->fsubject */
static int
engine_subject(struct engine *e)
{
    struct crm_buf d;
    int rc;

    if (e->subject == NULL)
        return CRM_OK;
    crm_buf_init(&d, 64u * 1024u);
    rc = crm_rfc2047_decode(e->subject->value, &d);
    if (rc == CRM_ELIMIT) /* an absurd subject: match without it */
        return CRM_OK;
    if (rc == CRM_OK)
        rc = crm_text_normalize(crm_buf_cstr(&d), d.len, &e->fsubject);
    crm_buf_fini(&d);
    return rc == CRM_ELIMIT ? CRM_OK : rc;
}

/* engine_letters - (Japanese characters, Latin letters) in the first
 * ENGINE_LANG_SAMPLE bytes of UTF-8 text. A Japanese character is one whose
 * UTF-8 lead byte is 0xE3-0xE9 (U+3000-U+9FFF: kana, kanji and Japanese
 * punctuation); counting bytes keeps the loop branch-free */
static void
engine_letters(const char *s, size_t n, size_t *ja, size_t *latin)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned j = 0, l = 0; /* at most ENGINE_LANG_SAMPLE */
    size_t i;

    if (n > ENGINE_LANG_SAMPLE)
        n = ENGINE_LANG_SAMPLE;
    for (i = 0; i < n; i++) {
        unsigned char c = p[i];
        j += (unsigned char)(c - 0xE3u) < 7u;
        l += (unsigned char)((c | 0x20u) - 'a') < 26u;
    }
    *ja = j;
    *latin = l;
}

/* engine_lang - "ja" when Japanese carries the newest text, each Japanese
 * character weighed against three Latin letters (Japanese says as much in
 * fewer characters): an English letter signed 株式会社サンプル 人事部 stays
 * English, a Japanese one naming "CareerRelay Inc." stays Japanese. The
 * subject decides only when the text has no letters at all. */
static const char *
engine_lang(const struct engine *e)
{
    size_t ja, latin;

    engine_letters(e->fbody.p, e->fbody.len, &ja, &latin);
    if (ja == 0 && latin == 0) /* no letters: the subject's script decides */
        engine_letters(e->fsubject.p, e->fsubject.len, &ja, &latin);
    return ja > 0 && ja * 3 >= latin ? "ja" : "en";
}

/* engine_chars - characters in UTF-8 text, counting no further than cap */
static size_t
engine_chars(const char *s, size_t n, size_t cap)
{
    size_t i, c = 0;

    for (i = 0; i < n && c < cap; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* engine_notice_after - one of the words of a notice follows at s[at] */
static int
engine_notice_after(const char *s, size_t n, size_t at)
{
    static const char *const after[] = {"形式",     "メール",  "版",     " format", "-format",
                                        " version", " e-mail", " email", " mail",   " message"};
    size_t k;

    for (k = 0; k < sizeof(after) / sizeof(after[0]); k++)
        if (n - at >= strlen(after[k]) &&
            crm_slice_casestarts((struct crm_slice){s + at, n - at}, after[k]))
            return 1;
    return 0;
}

/* engine_notice_scan - "word" (ASCII case-insensitive) whose byte at `back`
 * is m, followed by a notice word; memchr finds the candidates */
static int
engine_notice_scan(const char *s, size_t n, int m, size_t back, const char *word)
{
    size_t len = strlen(word), at;
    const char *f, *end = s + n;

    for (f = s; f < end && (f = memchr(f, m, (size_t)(end - f))) != NULL; f++) {
        at = (size_t)(f - s);
        if (at >= back && at - back + len <= n &&
            crm_slice_casestarts((struct crm_slice){f - back, len}, word) &&
            engine_notice_after(s, n, at - back + len))
            return 1;
    }
    return 0;
}

/*
 * engine_html_notice - the text says the message is meant to be read in HTML
 * ("このメールはHTML形式で配信しております", "HTMLメールが表示されない場合",
 * "view the HTML version"): "HTML" (in any case, or full-width) followed by
 * one of a few words. This runs on every text/plain alternative under 600
 * characters, so the candidates are found with memchr, on M.
 */
static int
engine_html_notice(const char *s, size_t n)
{
    static const char fw[] = "\xEF\xBC\xA8\xEF\xBC\xB4\xEF\xBC\xAD\xEF\xBC\xAC"; /* ＨＴＭＬ */

    return engine_notice_scan(s, n, 'M', 2, "html") || engine_notice_scan(s, n, 'm', 2, "html") ||
           engine_notice_scan(s, n, 0xAD, 8, fw); /* 0xAD: the last byte of Ｍ */
}

/*
 * engine_unstub - the text/plain alternative classified so far says little:
 * less than ENGINE_STUB_CHARS characters ("this message is in HTML format",
 * or nothing), or less than ENGINE_STUB_LONG and it says it stands in for an
 * HTML version (engine_html_notice; such a notice and a link to a web page
 * can say more than the letter itself). Classify instead the alternative that
 * says the most, when it says at least twice as much as a short one, or
 * anything (ENGINE_STUB_MIN characters) next to a notice. *pick and e->fbody
 * follow the choice.
 */
static int
engine_unstub(struct engine *e, size_t *pick, int notice)
{
    struct crm_buf alt, tmp;
    size_t k, n, best = engine_chars(e->fbody.p, e->fbody.len, 2 * ENGINE_STUB_LONG);
    size_t need = notice ? ENGINE_STUB_MIN : 2 * best;
    int rc = CRM_OK;

    if (notice)
        best = 0;

    for (k = 0; k < e->nt && rc == CRM_OK && !engine_done(e); k++) {
        if (k == *pick)
            continue;
        rc = engine_prepare(e, k, 1);
        if (rc != CRM_OK || engine_done(e))
            break;
        crm_buf_init(&alt, ENGINE_FEATURE_MAX);
        rc = engine_newest(&e->t[k], &alt);
        n = engine_chars(alt.p, alt.len, 2 * ENGINE_STUB_LONG);
        if (rc == CRM_OK && n > best && n >= need) {
            tmp = e->fbody;
            e->fbody = alt;
            alt = tmp;
            best = n;
            *pick = k;
        }
        crm_buf_fini(&alt);
    }
    return rc;
}

/* engine_memo_part - the trial classified target k's part */
static int
engine_memo_part(const struct engine *e, size_t k)
{
    const struct crm_mime_part *p = e->t[k].part;

    return e->memo != NULL && e->memo->valid && p->start == e->memo->start &&
           p->body_start == e->memo->body_start && p->body_end == e->memo->body_end;
}

/* engine_features - subject, newest text, sender; language */
static int
engine_features(struct engine *e)
{
    size_t k, pick = 0;
    int rc;

    for (k = 0; k < e->nt; k++) { /* the first text/plain, else the first HTML */
        if (e->t[k].kind == CRM_TMPL_TEXT) {
            pick = k;
            break;
        }
    }
    for (k = 0; k < e->nt && !engine_memo_part(e, k); k++)
        ;
    if (k < e->nt) { /* the same bytes: the trial's features were these */
        rc = engine_prepare(e, k, 1);
        if (rc != CRM_OK || engine_done(e))
            return rc;
        e->picked = e->t[k].part;
        e->memo_hit = 1;
        snprintf(e->res->lang, sizeof(e->res->lang), "%s", e->memo->lang);
        return CRM_OK;
    }
    rc = engine_prepare(e, pick, 1);
    if (rc != CRM_OK || engine_done(e))
        return rc;
    rc = engine_newest(&e->t[pick], &e->fbody);
    if (rc == CRM_OK && e->nt > 1) {
        size_t c = engine_chars(e->fbody.p, e->fbody.len, ENGINE_STUB_LONG);

        if (c < ENGINE_STUB_LONG && engine_html_notice(e->fbody.p, e->fbody.len))
            rc = engine_unstub(e, &pick, 1);
        else if (c < ENGINE_STUB_CHARS)
            rc = engine_unstub(e, &pick, 0);
    }
    if (rc != CRM_OK || engine_done(e))
        return rc;
    e->picked = e->t[pick].part;
    rc = engine_subject(e);
    if (rc != CRM_OK)
        return rc;
    snprintf(e->res->lang, sizeof(e->res->lang), "%s", engine_lang(e));
    return CRM_OK;
}

/* engine_verdict - headers win; otherwise the rules decide */
static int
engine_verdict(struct engine *e)
{
    struct crm_features f;
    int rc;

    memset(&f, 0, sizeof(f));
    f.subject.p = crm_buf_cstr(&e->fsubject);
    f.subject.len = e->fsubject.len;
    f.body.p = crm_buf_cstr(&e->fbody);
    f.body.len = e->fbody.len;
    f.sender = crm_slice_from(crm_buf_cstr(&e->sender));
    f.msg = e->msg;
    f.hdrs = &e->hdrs;
    f.normalized = 1; /* fsubject and fbody are crm_text_normalize() output */
    if (e->cfg->rules == NULL) {
        if (!e->res->forced)
            engine_pass(e, "no-rules");
        return CRM_OK;
    }
    if (e->memo_hit) {
        e->res->verdict = e->memo->verdict;
        rc = CRM_OK;
    } else {
        rc = crm_rules_eval(e->cfg->rules, &f, &e->res->verdict, e->err);
    }
    if (rc == CRM_OK && !e->res->forced && !e->res->verdict.is_rejection)
        engine_pass(e, "score-below-threshold");
    return rc;
}

/* the rendered invitation blocks of one message */
struct engine_blocks {
    struct crm_buf txt;    /* text, UTF-8 */
    struct crm_buf txt_nc; /* text without the company line (a charset cannot hold the name) */
    struct crm_buf html;   /* HTML, ASCII */
    struct crm_buf txt_en; /* Japanese mail: the English text, for a part that cannot hold
                            * Japanese (a us-ascii "view this in HTML" alternative) */
    char url[ENGINE_URL_MAX];
    int used_en, used_own; /* text parts given txt_en / the message's own language */
};

/* engine_render - the text and HTML blocks for this message's language */
static int
engine_render(struct engine *e, struct engine_blocks *b)
{
    struct crm_result *res = e->res;
    const char *company = e->cfg->company_name != NULL ? e->cfg->company_name : "";
    const char *url = b->url;
    size_t k;
    int rc = CRM_OK, ntxt = 0, nhtml = 0;

    if (res->token[0] == '\0')
        crm_token_new(res->token);
    if (e->cfg->templates == NULL)
        return crm_err_set(e->err, CRM_EINTERNAL, "engine: no templates loaded");
    if (crm_url_render(e->cfg->invitation_url, res->token, b->url, sizeof(b->url)) != CRM_OK) {
        engine_pass(e, "url-too-long");
        return CRM_OK;
    }
    for (k = 0; k < e->nt; k++) {
        if (e->t[k].kind == CRM_TMPL_TEXT)
            ntxt++;
        else
            nhtml++;
    }
    if (ntxt)
        rc = crm_tmpl_render(e->cfg->templates, res->lang, CRM_TMPL_TEXT, url, company, &b->txt,
                             e->err);
    if (rc == CRM_OK && ntxt && company[0] != '\0')
        rc = crm_tmpl_render(e->cfg->templates, res->lang, CRM_TMPL_TEXT, url, "", &b->txt_nc,
                             e->err);
    if (rc == CRM_OK && nhtml)
        rc = crm_tmpl_render(e->cfg->templates, res->lang, CRM_TMPL_HTML, url, company, &b->html,
                             e->err);
    snprintf(res->tmpl, sizeof(res->tmpl), "%s%s%s",
             ntxt ? crm_tmpl_name(res->lang, CRM_TMPL_TEXT) : "", ntxt && nhtml ? "+" : "",
             nhtml ? crm_tmpl_name(res->lang, CRM_TMPL_HTML) : "");
    return rc;
}

/* engine_build_body - the new body: the original with every edit applied in
 * order, handed to the result as edits (the replacement bytes move there) */
static int
engine_build_body(struct engine *e, struct crm_splice_edit *ed, size_t n)
{
    size_t k, pos = e->body_start, blen;
    int rc = CRM_OK;
    char *bytes;

    for (k = 0; k < n; k++) {
        if (ed[k].from < pos || ed[k].to < ed[k].from || ed[k].to > e->len) {
            engine_pass(e, "internal-overlap");
            return CRM_OK;
        }
        pos = ed[k].to;
    }
    e->res->body_start = e->body_start;
    for (k = 0; rc == CRM_OK && k < n; k++) {
        bytes = crm_buf_take(&ed[k].bytes, &blen);
        rc = crm_result_add_body_edit(e->res, ed[k].from, ed[k].to, bytes, bytes ? blen : 0);
    }
    e->res->body_changed = rc == CRM_OK;
    return rc;
}

/* engine_header_edits - the CTE change of a single-part message, then the
 * invitation header */
static int
engine_header_edits(struct engine *e, int cte_to_qp)
{
    int rc = CRM_OK;

    if (cte_to_qp) {
        if (crm_hdrs_count(&e->hdrs, "Content-Transfer-Encoding") > 0)
            rc = crm_result_add_edit(e->res, CRM_HDR_CHANGE, "Content-Transfer-Encoding", 1,
                                     "quoted-printable", 0);
        else
            rc = crm_result_add_edit(e->res, CRM_HDR_ADD, "Content-Transfer-Encoding", 0,
                                     "quoted-printable", 0);
    }
    if (rc == CRM_OK)
        rc = crm_result_add_edit(e->res, CRM_HDR_ADD, "X-CareerRelay-Invitation", 0, e->res->token,
                                 0);
    return rc;
}

/* engine_cannot_encode - target k is a text part the block did not fit */
static int
engine_cannot_encode(const struct engine *e, size_t k, const char *reason)
{
    return reason != NULL && strcmp(reason, "charset-cannot-encode") == 0 &&
           e->t[k].kind == CRM_TMPL_TEXT;
}

/* engine_splice_again - the edit for target k with another block */
static int
engine_splice_again(struct engine *e, size_t k, const struct crm_buf *blk,
                    struct crm_splice_edit *ed, const char **reason)
{
    crm_splice_edit_fini(ed);
    crm_splice_edit_init(ed);
    *reason = NULL;
    return crm_splice_part(e->msg, &e->t[k], crm_buf_cstr(blk), blk->len, ed, reason);
}

/* engine_splice_one - the edit for target k; a text part whose charset cannot
 * hold the company name gets the text without it; in Japanese mail, a text
 * alternative that cannot hold Japanese at all gets the English text */
static int
engine_splice_one(struct engine *e, size_t k, struct engine_blocks *b, struct crm_splice_edit *ed,
                  const char **reason)
{
    const struct crm_buf *blk = e->t[k].kind == CRM_TMPL_TEXT ? &b->txt : &b->html;
    int rc;

    rc = crm_splice_part(e->msg, &e->t[k], crm_buf_cstr(blk), blk->len, ed, reason);
    if (rc == CRM_OK && engine_cannot_encode(e, k, *reason) && b->txt_nc.len > 0)
        rc = engine_splice_again(e, k, &b->txt_nc, ed, reason);
    if (rc == CRM_OK && engine_cannot_encode(e, k, *reason) && e->nt > 1 &&
        strcmp(e->res->lang, "en") != 0) {
        if (b->txt_en.len == 0)
            rc = crm_tmpl_render(e->cfg->templates, "en", CRM_TMPL_TEXT, b->url, "", &b->txt_en,
                                 e->err);
        if (rc == CRM_OK)
            rc = engine_splice_again(e, k, &b->txt_en, ed, reason);
        if (rc == CRM_OK && *reason == NULL) {
            b->used_en++;
            return rc;
        }
    }
    if (rc == CRM_OK && *reason == NULL && e->t[k].kind == CRM_TMPL_TEXT)
        b->used_own++;
    return rc;
}

/* engine_splice_all - splice every target or none */
static int
engine_splice_all(struct engine *e, struct engine_blocks *b)
{
    struct crm_splice_edit ed[ENGINE_MAX_TARGETS];
    const char *reason = NULL;
    size_t k, n = 0;
    int rc = CRM_OK, cte = 0;

    for (k = 0; rc == CRM_OK && k < e->nt && !engine_done(e); k++) {
        rc = engine_prepare(e, k, 0);
        if (rc != CRM_OK || engine_done(e))
            break;
        crm_splice_edit_init(&ed[n++]);
        rc = engine_splice_one(e, k, b, &ed[n - 1], &reason);
        if (rc == CRM_OK && reason != NULL)
            engine_pass(e, reason);
        cte |= ed[n - 1].cte_to_qp;
    }
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_build_body(e, ed, n);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_header_edits(e, cte);
    if (rc == CRM_OK && !engine_done(e)) {
        e->res->inject = 1;
        e->res->parts_changed = (unsigned)n;
        if (b->used_en) /* the templates that went in */
            snprintf(e->res->tmpl, sizeof(e->res->tmpl), "%s%s%s%s%s",
                     b->used_own ? crm_tmpl_name(e->res->lang, CRM_TMPL_TEXT) : "",
                     b->used_own ? "+" : "", crm_tmpl_name("en", CRM_TMPL_TEXT),
                     (unsigned)n > (unsigned)(b->used_en + b->used_own) ? "+" : "",
                     (unsigned)n > (unsigned)(b->used_en + b->used_own)
                         ? crm_tmpl_name(e->res->lang, CRM_TMPL_HTML)
                         : "");
    }
    for (k = 0; k < n; k++)
        crm_splice_edit_fini(&ed[k]);
    return rc;
}

/* engine_splice - render the invitation and splice it */
static int
engine_splice(struct engine *e)
{
    struct engine_blocks b;
    int rc;

    crm_buf_init(&b.txt, ENGINE_BLOCK_MAX);
    crm_buf_init(&b.txt_nc, ENGINE_BLOCK_MAX);
    crm_buf_init(&b.html, ENGINE_BLOCK_MAX);
    crm_buf_init(&b.txt_en, ENGINE_BLOCK_MAX);
    b.used_en = b.used_own = 0;
    rc = engine_render(e, &b);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_splice_all(e, &b);
    crm_buf_fini(&b.txt);
    crm_buf_fini(&b.txt_nc);
    crm_buf_fini(&b.html);
    crm_buf_fini(&b.txt_en);
    return rc;
}

/* engine_fini - release the run's working state */
static void
engine_fini(struct engine *e)
{
    size_t k;

    for (k = 0; k < e->nt; k++)
        crm_splice_target_fini(&e->t[k]);
    crm_mime_free(e->mime);
    crm_hdrs_fini(&e->hdrs);
    crm_buf_fini(&e->sender);
    crm_buf_fini(&e->fsubject);
    crm_buf_fini(&e->fbody);
}

/* engine_steps - the pipeline; each step may decide "pass" */
static int
engine_steps(struct engine *e)
{
    int rc = engine_headers(e);

    if (rc == CRM_OK)
        engine_gates(e);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_candidates(e);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_structure(e);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_features(e);
    if (rc == CRM_OK && !engine_done(e))
        rc = engine_verdict(e);
    if (rc == CRM_OK && !engine_done(e) && !e->classify_only)
        rc = engine_splice(e);
    return rc;
}

/* engine_run - crm_engine_run, or only up to the verdict */
static int
engine_run(const struct crm_config *cfg, const char *msg, size_t len,
           const struct crm_envelope *env, int classify_only, const struct crm_engine_memo *memo,
           struct crm_engine_memo *learnt, struct crm_result *res, struct crm_err *err)
{
    struct engine e;
    int rc;

    if (cfg == NULL || res == NULL || (msg == NULL && len > 0))
        return crm_err_set(err, CRM_EINVAL, "engine: bad arguments");
    if (res->token[0] != '\0' && !crm_token_valid(res->token))
        return crm_err_set(err, CRM_EINVAL, "engine: preset token is not a valid token");
    memset(&e, 0, sizeof(e));
    e.cfg = cfg;
    e.msg = msg != NULL ? msg : "";
    e.len = len;
    e.env = env;
    e.res = res;
    e.err = err;
    e.classify_only = classify_only;
    e.memo = memo;
    crm_hdrs_init(&e.hdrs);
    crm_buf_init(&e.sender, 4096);
    crm_buf_init(&e.fsubject, ENGINE_FEATURE_MAX);
    crm_buf_init(&e.fbody, ENGINE_FEATURE_MAX);
    snprintf(res->lang, sizeof(res->lang), "en");
    rc = engine_steps(&e);
    if (rc == CRM_OK && learnt != NULL && e.picked != NULL &&
        (res->reason[0] == '\0' || strcmp(res->reason, "score-below-threshold") == 0)) {
        learnt->valid = 1;
        learnt->start = e.picked->start;
        learnt->body_start = e.picked->body_start;
        learnt->body_end = e.picked->body_end;
        learnt->verdict = res->verdict;
        snprintf(learnt->lang, sizeof(learnt->lang), "%s", res->lang);
    }
    engine_fini(&e);
    if (rc != CRM_OK) {
        crm_result_drop_changes(res);
        if (err != NULL && err->code == CRM_OK)
            crm_err_set(err, rc, "engine: %s", crm_strerror(rc));
    }
    return rc;
}

/* crm_engine_run - decide and compute the edits for one message */
int
crm_engine_run(const struct crm_config *cfg, const char *msg, size_t len,
               const struct crm_envelope *env, struct crm_result *res, struct crm_err *err)
{
    return engine_run(cfg, msg, len, env, 0, NULL, NULL, res, err);
}

/* crm_engine_run_memo - crm_engine_run, taking a trial's verdict when it applies */
int
crm_engine_run_memo(const struct crm_config *cfg, const char *msg, size_t len,
                    const struct crm_envelope *env, const struct crm_engine_memo *memo,
                    struct crm_result *res, struct crm_err *err)
{
    return engine_run(cfg, msg, len, env, 0, memo, NULL, res, err);
}

/*
 * engine_trial_cut - into out: the headers and the first child of the
 * top-level multipart/mixed or /related of the message prefix msg[0..len),
 * then that multipart's close delimiter. out stays empty when the prefix is
 * not such a message or does not yet hold the delimiter after that child.
 */
static int
engine_trial_cut(const char *msg, size_t len, struct crm_buf *out, struct crm_err *err)
{
    const struct crm_mime_part *top, *first;
    const char *lf = len > 0 ? memrchr(msg, '\n', len) : NULL;
    struct crm_mime *m = NULL;
    size_t i, d, ds;
    int rc, second = 0;

    if (lf == NULL)
        return CRM_OK;
    rc = crm_mime_parse(msg, (size_t)(lf - msg) + 1, NULL, &m, err);
    if (rc != CRM_OK)
        return rc;
    top = &m->parts[0];
    if (m->nparts < 3 || strcmp(top->type, "multipart") != 0 ||
        (strcmp(top->subtype, "mixed") != 0 && strcmp(top->subtype, "related") != 0) ||
        top->boundary.len == 0 || m->parts[1].parent != 0) {
        crm_mime_free(m);
        return CRM_OK;
    }
    for (i = 2; i < m->nparts && !second; i++)
        second = m->parts[i].parent == 0;
    first = &m->parts[1];
    d = first->body_end; /* the line break before the delimiter that ends it */
    ds = d < len && msg[d] == '\r' ? d + 2 : d + 1;
    if (second && ds + 2 + top->boundary.len <= len && msg[ds - 1] == '\n' && msg[ds] == '-' &&
        msg[ds + 1] == '-' && memcmp(msg + ds + 2, top->boundary.p, top->boundary.len) == 0) {
        rc = crm_buf_append(out, msg, ds);
        if (rc == CRM_OK)
            rc = crm_buf_puts(out, "--");
        if (rc == CRM_OK)
            rc = crm_buf_append(out, top->boundary.p, top->boundary.len);
        if (rc == CRM_OK)
            rc = crm_buf_puts(out, "--\r\n");
        if (rc != CRM_OK)
            crm_err_set(err, rc, "engine: trial: %s", crm_strerror(rc));
    }
    crm_mime_free(m);
    return rc;
}

/* crm_engine_trial - decide early from a prefix, when that is certain */
int
crm_engine_trial(const struct crm_config *cfg, const char *msg, size_t len,
                 const struct crm_envelope *env, enum crm_trial *trial,
                 struct crm_engine_memo *memo, struct crm_result *res, struct crm_err *err)
{
    struct crm_buf cut;
    int rc;

    *trial = CRM_TRIAL_OPEN;
    if (memo != NULL)
        memo->valid = 0;
    crm_buf_init(&cut, len + 256);
    rc = engine_trial_cut(msg, len, &cut, err);
    if (rc == CRM_OK && cut.len > 0) {
        rc = engine_run(cfg, cut.p, cut.len, env, 1, NULL, memo, res, err);
        if (rc == CRM_OK)
            *trial = res->reason[0] != '\0' ? CRM_TRIAL_PASS : CRM_TRIAL_REJECTION;
    }
    crm_buf_fini(&cut);
    return rc;
}
