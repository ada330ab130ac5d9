/* html.c - HTML reduced to text for matching, and where an invitation goes in it */
#include "html.h"

#include <stdint.h>
#include <string.h>

#include "charset.h"
#include "str.h"
#include "text.h"

enum html_kind { HTML_OPEN, HTML_CLOSE, HTML_COMMENT, HTML_DECL };

/* one tag; attribute values are slices of the document (quotes removed) */
struct html_tok {
    enum html_kind kind;
    size_t start, end; /* '<' and one past '>' (or the end of input) */
    char name[12];     /* lower-case; "" when longer or absent */
    int self_closing;
    int unterminated; /* the document ends inside this comment, declaration or tag */
    struct crm_slice type, cls, id, style, tabindex;
};

#define HTML_NONE ((size_t)-1)

/* html_alpha - ASCII letter */
static int
html_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* html_space - HTML whitespace */
static int
html_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* html_find - offset of lit (ASCII case-insensitive) at or after pos, or len */
static size_t
html_find(const char *h, size_t len, size_t pos, const char *lit)
{
    const char *f = crm_memcasemem(h + pos, len - pos, lit, strlen(lit));

    return f ? (size_t)(f - h) : len;
}

/* html_attr_store - keep the attribute values the callers look at */
static void
html_attr_store(struct html_tok *t, struct crm_slice name, struct crm_slice val)
{
    if (crm_slice_caseeq(name, "type"))
        t->type = val;
    else if (crm_slice_caseeq(name, "class"))
        t->cls = val;
    else if (crm_slice_caseeq(name, "id"))
        t->id = val;
    else if (crm_slice_caseeq(name, "style"))
        t->style = val;
    else if (crm_slice_caseeq(name, "tabindex"))
        t->tabindex = val;
}

/* html_attrs - scan attributes from i to the closing '>'; returns the end */
static size_t
html_attrs(const char *h, size_t len, size_t i, struct html_tok *t)
{
    struct crm_slice name, val;
    size_t s;

    for (;;) {
        while (i < len && (html_space((unsigned char)h[i]) || h[i] == '/'))
            t->self_closing = h[i++] == '/';
        if (i >= len)
            return len;
        if (h[i] == '>')
            return i + 1;
        t->self_closing = 0;
        for (s = i; i < len && !html_space((unsigned char)h[i]) && h[i] != '=' && h[i] != '>'; i++)
            if (h[i] == '/' && i > s)
                break;
        name.p = h + s, name.len = i - s;
        if (i == s)
            i++; /* a stray '/' or '=' */
        while (i < len && html_space((unsigned char)h[i]))
            i++;
        if (i >= len || h[i] != '=')
            continue;
        for (i++; i < len && html_space((unsigned char)h[i]); i++)
            ;
        if (i < len && (h[i] == '"' || h[i] == '\'')) {
            const char *q = memchr(h + i + 1, h[i], len - i - 1);
            s = i + 1;
            i = q ? (size_t)(q - h) : len;
            val.p = h + s, val.len = i - s;
            i += i < len;
        } else {
            for (s = i; i < len && !html_space((unsigned char)h[i]) && h[i] != '>'; i++)
                ;
            val.p = h + s, val.len = i - s;
        }
        html_attr_store(t, name, val);
    }
}

/* html_tag_at - parse the markup starting with '<' at pos; 0 when that '<'
 * is plain text */
static int
html_tag_at(const char *h, size_t len, size_t pos, struct html_tok *t)
{
    size_t i = pos + 1, n = 0;

    memset(t, 0, sizeof(*t));
    t->start = pos;
    if (i < len && h[i] == '!' && len - i >= 3 && memcmp(h + i, "!--", 3) == 0) {
        t->kind = HTML_COMMENT;
        t->end = html_find(h, len, i + 3, "-->");
        t->unterminated = t->end >= len;
        t->end += t->end < len ? 3 : 0;
        return 1;
    }
    if (i < len && (h[i] == '!' || h[i] == '?')) {
        const char *gt = memchr(h + i, '>', len - i);
        t->kind = HTML_DECL;
        t->end = gt ? (size_t)(gt - h) + 1 : len;
        /* unclosed, or swallowing a tag ("<!DOCTYPE x </body>"): ambiguous */
        t->unterminated = gt == NULL || memchr(h + i, '<', (size_t)(gt - h) - i) != NULL;
        return 1;
    }
    t->kind = HTML_OPEN;
    if (i < len && h[i] == '/')
        t->kind = HTML_CLOSE, i++;
    if (i >= len || !html_alpha((unsigned char)h[i]))
        return 0;
    for (; i < len && (html_alpha((unsigned char)h[i]) || (h[i] >= '0' && h[i] <= '9') ||
                       h[i] == '-' || h[i] == ':');
         i++, n++)
        if (n < sizeof(t->name) - 1)
            t->name[n] = (char)crm_lower((unsigned char)h[i]);
    if (n >= sizeof(t->name))
        t->name[0] = '\0';
    t->end = html_attrs(h, len, i, t);
    t->unterminated = t->end >= len && h[len - 1] != '>';
    return 1;
}

/* html_is - the tag's name is name */
static int
html_is(const struct html_tok *t, const char *name)
{
    return strcmp(t->name, name) == 0;
}

/* html_is_raw - t opens <script>, <style> or <title>, whose text is raw */
static int
html_is_raw(const struct html_tok *t)
{
    return t->kind == HTML_OPEN && !t->self_closing &&
           (html_is(t, "script") || html_is(t, "style") || html_is(t, "title"));
}

/* html_raw_end - where the raw text of <script>/<style>/<title> t ends */
static size_t
html_raw_end(const char *h, size_t len, const struct html_tok *t)
{
    char close[12] = "</";
    size_t n = strlen(t->name);

    if (!html_is_raw(t))
        return t->end;
    memcpy(close + 2, t->name, n + 1);
    return html_find(h, len, t->end, close);
}

/* html_class_has - the class attribute holds token word */
static int
html_class_has(struct crm_slice cls, const char *word)
{
    size_t i = 0, s, n = strlen(word);

    while (i < cls.len) {
        while (i < cls.len && html_space((unsigned char)cls.p[i]))
            i++;
        for (s = i; i < cls.len && !html_space((unsigned char)cls.p[i]); i++)
            ;
        if (i - s == n && crm_slice_casestarts((struct crm_slice){cls.p + s, n}, word))
            return 1;
    }
    return 0;
}

/* html_is_marker - the tag opens quoted history (1), or is Outlook's
 * reply-separator <hr> when followed by divRplyFwdMsg (2) */
static int
html_is_marker(const struct html_tok *t)
{
    struct crm_slice st = t->style;

    if (t->kind != HTML_OPEN)
        return 0;
    if (html_is(t, "blockquote"))
        return crm_slice_caseeq(crm_slice_trim(t->type), "cite");
    if (html_is(t, "hr"))
        return crm_slice_eq(crm_slice_trim(t->tabindex), "-1") ? 1 : 2;
    if (html_class_has(t->cls, "gmail_quote") || html_class_has(t->cls, "moz-cite-prefix") ||
        html_class_has(t->cls, "moz-forward-container") || html_class_has(t->cls, "yahoo_quoted") ||
        html_class_has(t->cls, "OutlookMessageHeader"))
        return 1;
    if (crm_slice_caseeq(t->id, "divRplyFwdMsg") || crm_slice_caseeq(t->id, "appendonsend"))
        return 1;
    return html_is(t, "div") && crm_memcasemem(st.p, st.len, "border:none", 11) &&
           crm_memcasemem(st.p, st.len, "border-top:solid", 16) &&
           crm_memcasemem(st.p, st.len, "padding:3.0pt", 13);
}

/* state of one crm_html_find_insert scan */
struct html_scan {
    int seen_body;
    size_t body_open_end, body_close, html_close, marker_body, marker_any, hr;
};

/* html_scan_tag - account for one tag in the scan */
static void
html_scan_tag(struct html_scan *sc, const struct html_tok *t)
{
    int m = html_is_marker(t);
    size_t at = t->start;

    if (t->kind == HTML_OPEN && html_is(t, "body") && !sc->seen_body)
        sc->seen_body = 1, sc->body_open_end = t->end;
    if (t->kind == HTML_CLOSE && html_is(t, "body"))
        sc->body_close = t->start;
    if (t->kind == HTML_CLOSE && html_is(t, "html"))
        sc->html_close = t->start;
    if (m == 1 && sc->hr != HTML_NONE && crm_slice_caseeq(t->id, "divRplyFwdMsg"))
        at = sc->hr;
    sc->hr = m == 2 ? t->start : HTML_NONE;
    if (m != 1)
        return;
    if (sc->marker_any == HTML_NONE)
        sc->marker_any = at;
    if (sc->marker_body == HTML_NONE && sc->seen_body && sc->body_close == HTML_NONE)
        sc->marker_body = at;
}

/* html_only_space - h[a..b) is HTML whitespace */
static int
html_only_space(const char *h, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!html_space((unsigned char)h[a]))
            return 0;
    return 1;
}

/* crm_html_find_insert - where an invitation goes in an HTML document */
int
crm_html_find_insert(const char *html, size_t len, size_t *offset, int *in_body)
{
    struct html_scan sc = {0, 0, HTML_NONE, HTML_NONE, HTML_NONE, HTML_NONE, HTML_NONE};
    struct html_tok t;
    size_t pos = 0, lt, m;
    const char *f;

    while (pos < len && (f = memchr(html + pos, '<', len - pos)) != NULL) {
        lt = (size_t)(f - html);
        if (!html_only_space(html, pos, lt))
            sc.hr = HTML_NONE;
        if (!html_tag_at(html, len, lt, &t)) {
            sc.hr = HTML_NONE;
            pos = lt + 1;
            continue;
        }
        if (t.unterminated)
            return CRM_EPARSE;
        if (t.kind == HTML_OPEN || t.kind == HTML_CLOSE)
            html_scan_tag(&sc, &t);
        pos = html_raw_end(html, len, &t);
        if (pos >= len && html_is_raw(&t)) /* <script>, <style> or <title> never closed */
            return CRM_EPARSE;
    }
    m = sc.seen_body ? sc.marker_body : sc.marker_any;
    if (m != HTML_NONE)
        *offset = m;
    else if (sc.body_close != HTML_NONE)
        *offset = sc.body_close;
    else if (sc.html_close != HTML_NONE)
        *offset = sc.html_close;
    else
        *offset = len;
    *in_body = !sc.seen_body || *offset >= sc.body_open_end;
    return CRM_OK;
}

/* HTML text output state: pending whitespace, last byte written */
struct html_out {
    struct crm_buf *b;
    int ws;      /* whitespace pending: 1 blank, 2 blank containing a line break */
    int last;    /* last byte written, -1 at start */
    int in_head; /* inside <head> */
};

/* html_emit - append text bytes, resolving pending whitespace first (a line
 * break between two non-ASCII characters, as in wrapped Japanese, vanishes) */
static int
html_emit(struct html_out *o, const char *p, size_t n)
{
    int rc = CRM_OK;

    if (n == 0)
        return CRM_OK;
    if (o->ws && o->last != -1 && o->last != '\n' &&
        !(o->ws == 2 && o->last >= 0x80 && (unsigned char)p[0] >= 0x80))
        rc = crm_buf_putc(o->b, ' ');
    o->ws = 0;
    if (rc == CRM_OK)
        rc = crm_buf_append(o->b, p, n);
    o->last = (unsigned char)p[n - 1];
    return rc;
}

/* html_newline - a block boundary */
static int
html_newline(struct html_out *o)
{
    o->ws = 0;
    if (o->last == -1 || o->last == '\n')
        return CRM_OK;
    o->last = '\n';
    return crm_buf_putc(o->b, '\n');
}

static const struct {
    const char *name;
    uint32_t cp;
} html_entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},  {"hellip", 0x2026},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"middot", 0xB7},  {"bull", 0x2022},  {"yen", 0xA5},      {"laquo", 0xAB},
    {"raquo", 0xBB},   {"ensp", 0x2002},  {"emsp", 0x2003},  {"thinsp", 0x2009}, {"times", 0xD7},
    {"zwnj", 0x200C},  {"zwj", 0x200D},   {"shy", 0xAD},
};

/* html_entity - decode the character reference at h[i] ('&'); returns its
 * length and OUT *cp, or 0 when it is not one */
static size_t
html_entity(const char *h, size_t end, size_t i, uint32_t *cp)
{
    size_t j = i + 1, k;
    uint32_t v = 0;
    int hex = 0, digits = 0;

    if (j < end && h[j] == '#') {
        j++;
        if (j < end && (h[j] == 'x' || h[j] == 'X'))
            hex = 1, j++;
        for (; j < end && digits < 8; j++, digits++) {
            int c = crm_lower((unsigned char)h[j]);
            if (c >= '0' && c <= '9')
                v = v * (hex ? 16 : 10) + (uint32_t)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                v = v * 16 + (uint32_t)(c - 'a' + 10);
            else
                break;
        }
        if (digits == 0 || j >= end || h[j] != ';')
            return 0;
        *cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : v;
        return j + 1 - i;
    }
    for (k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++) {
        size_t n = strlen(html_entities[k].name);
        if (end - j > n && memcmp(h + j, html_entities[k].name, n) == 0 && h[j + n] == ';') {
            *cp = html_entities[k].cp;
            return n + 2;
        }
    }
    return 0;
}

/* html_text - append the text h[a..b) */
static int
html_text(struct html_out *o, const char *h, size_t a, size_t b)
{
    size_t i = a, s, n;
    uint32_t cp;
    int rc = CRM_OK;
    char u[4];

    while (rc == CRM_OK && i < b && !o->in_head) {
        for (s = i; i < b && h[i] != '&' && !html_space((unsigned char)h[i]); i++)
            ;
        rc = html_emit(o, h + s, i - s);
        if (rc != CRM_OK || i >= b)
            break;
        if (html_space((unsigned char)h[i])) {
            if (h[i] == '\n' || h[i] == '\r')
                o->ws = 2;
            else if (o->ws == 0)
                o->ws = 1;
            i++;
        } else if ((n = html_entity(h, b, i, &cp)) == 0) {
            rc = html_emit(o, h + i++, 1);
        } else {
            i += n;
            if (cp != 0xAD)
                rc = html_emit(o, u, crm_utf8_put(cp, u));
        }
    }
    return rc;
}

/* html_is_block - tags that end a line of text */
static int
html_is_block(const struct html_tok *t)
{
    static const char *const blocks[] = {
        "p",       "div",    "br",     "li",      "tr",     "h1",         "h2",
        "h3",      "h4",     "h5",     "h6",      "table",  "ul",         "ol",
        "dl",      "dt",     "dd",     "hr",      "pre",    "blockquote", "section",
        "article", "header", "footer", "address", "center", "body",       NULL};
    size_t i;

    for (i = 0; blocks[i] != NULL; i++)
        if (html_is(t, blocks[i]))
            return 1;
    return 0;
}

/* crm_html_to_text - HTML reduced to its newest text, for matching; history
 * that the HTML only shows as text is cut as in crm_text_find_cut */
int
crm_html_to_text(const char *html, size_t len, struct crm_buf *out)
{
    struct html_out o = {out, 0, -1, 0};
    struct html_tok t;
    struct crm_text_cut cut;
    size_t pos = 0, end, lt, start = out->len;
    const char *f;
    int in_body, rc = CRM_OK;

    if (crm_html_find_insert(html, len, &end, &in_body) != CRM_OK)
        end = len; /* unterminated markup: read it all */
    while (rc == CRM_OK && pos < end) {
        f = memchr(html + pos, '<', end - pos);
        lt = f ? (size_t)(f - html) : end;
        rc = html_text(&o, html, pos, lt);
        if (rc != CRM_OK || lt >= end)
            break;
        if (!html_tag_at(html, len, lt, &t)) {
            rc = html_text(&o, html, lt, lt + 1);
            pos = lt + 1;
            continue;
        }
        if (html_is(&t, "head"))
            o.in_head = t.kind == HTML_OPEN;
        else if (html_is(&t, "body") && t.kind == HTML_OPEN)
            o.in_head = 0;
        if ((t.kind == HTML_OPEN || t.kind == HTML_CLOSE) && html_is_block(&t))
            rc = html_newline(&o);
        else if (html_is(&t, "td") || html_is(&t, "th"))
            o.ws = o.ws ? o.ws : 1;
        pos = html_raw_end(html, len, &t); /* raw text of script/style/title is dropped */
    }
    if (rc == CRM_OK && out->len > start) { /* history written as text ("-----Original...") */
        crm_text_find_cut(out->p + start, out->len - start, &cut);
        crm_buf_truncate(out, start + cut.offset);
    }
    if (rc == CRM_OK && out->p == NULL)
        rc = crm_buf_append(out, "", 0);
    return rc;
}
