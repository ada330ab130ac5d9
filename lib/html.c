/* html.c - HTML reduced to text for matching, and where an invitation goes in it */
#include "html.h"

#include <stdint.h>
#include <string.h>

#include "charset.h"
#include "str.h"
#include "text.h"

enum html_kind { HTML_OPEN, HTML_CLOSE, HTML_COMMENT, HTML_DECL };

/* one tag; attribute values are slices of the document (quotes removed) */
struct html_name;

struct html_tok {
    enum html_kind kind;
    size_t start, end; /* '<' and one past '>' (or the end of input) */
    char name[12];     /* lower-case; "" when longer or absent */
    int self_closing;
    int unterminated; /* the document ends inside this comment, declaration or tag */
    struct crm_slice type, cls, id, style, tabindex;
    struct crm_slice hidden, open;                 /* p != NULL when present (boolean attributes) */
    struct crm_slice charset, http_equiv, content; /* <meta> only */
    int is_meta;
    const struct html_name *known; /* the name's entry in html_names, or NULL */
};

#define HTML_NONE ((size_t)-1)

/* what the scan knows of a tag name */
#define HT_VOID    1  /* opens nothing (<br>, <img>, ...) */
#define HT_RAW     2  /* its content is not markup a reader sees (<script>, <template>, ...) */
#define HT_IMPLIED 4  /* its end tag may be left out (<p>, <li>, <td>, ...) */
#define HTML_NCONT 32 /* block containers: the end tag of one closes what is open in it */

struct html_name {
    const char *name;
    unsigned char flags;
    unsigned char level; /* table part: 1 a cell or caption, 2 a row, 3 a row group, 4 the table */
    signed char cont;    /* index among the HTML_NCONT containers, or -1 */
};

/* every tag name the scan treats specially, sorted (html_names_from indexes it) */
static const struct html_name html_names[] = {
    {"address", 0, 0, 0},
    {"area", HT_VOID, 0, -1},
    {"article", 0, 0, 1},
    {"aside", 0, 0, 2},
    {"base", HT_VOID, 0, -1},
    {"basefont", HT_VOID, 0, -1},
    {"bgsound", HT_VOID, 0, -1},
    {"blockquote", 0, 0, 3},
    {"br", HT_VOID, 0, -1},
    {"caption", HT_IMPLIED, 1, -1},
    {"center", 0, 0, 4},
    {"col", HT_VOID, 0, -1},
    {"colgroup", HT_IMPLIED, 0, -1},
    {"dd", HT_IMPLIED, 0, -1},
    {"details", 0, 0, 5},
    {"dialog", 0, 0, 6},
    {"dir", 0, 0, 7},
    {"div", 0, 0, 8},
    {"dl", 0, 0, 9},
    {"dt", HT_IMPLIED, 0, -1},
    {"embed", HT_VOID, 0, -1},
    {"fieldset", 0, 0, 10},
    {"figcaption", 0, 0, 11},
    {"figure", 0, 0, 12},
    {"footer", 0, 0, 13},
    {"form", 0, 0, 14},
    {"frame", HT_VOID, 0, -1},
    {"h1", 0, 0, 15},
    {"h2", 0, 0, 16},
    {"h3", 0, 0, 17},
    {"h4", 0, 0, 18},
    {"h5", 0, 0, 19},
    {"h6", 0, 0, 20},
    {"header", 0, 0, 21},
    {"hgroup", 0, 0, 22},
    {"hr", HT_VOID, 0, -1},
    {"iframe", HT_RAW, 0, -1},
    {"image", HT_VOID, 0, -1},
    {"img", HT_VOID, 0, -1},
    {"input", HT_VOID, 0, -1},
    {"keygen", HT_VOID, 0, -1},
    {"li", HT_IMPLIED, 0, -1},
    {"link", HT_VOID, 0, -1},
    {"main", 0, 0, 23},
    {"menu", 0, 0, 24},
    {"meta", HT_VOID, 0, -1},
    {"nav", 0, 0, 25},
    {"noembed", HT_RAW, 0, -1},
    {"noframes", HT_RAW, 0, -1},
    {"ol", 0, 0, 26},
    {"optgroup", HT_IMPLIED, 0, -1},
    {"option", HT_IMPLIED, 0, -1},
    {"p", HT_IMPLIED, 0, -1},
    {"param", HT_VOID, 0, -1},
    {"plaintext", HT_RAW, 0, -1},
    {"pre", 0, 0, 27},
    {"script", HT_RAW, 0, -1},
    {"section", 0, 0, 28},
    {"select", 0, 0, 29},
    {"source", HT_VOID, 0, -1},
    {"style", HT_RAW, 0, -1},
    {"table", 0, 4, 30},
    {"tbody", HT_IMPLIED, 3, -1},
    {"td", HT_IMPLIED, 1, -1},
    {"template", HT_RAW, 0, -1},
    {"textarea", HT_RAW, 0, -1},
    {"tfoot", HT_IMPLIED, 3, -1},
    {"th", HT_IMPLIED, 1, -1},
    {"thead", HT_IMPLIED, 3, -1},
    {"title", HT_RAW, 0, -1},
    {"tr", HT_IMPLIED, 2, -1},
    {"track", HT_VOID, 0, -1},
    {"ul", 0, 0, 31},
    {"wbr", HT_VOID, 0, -1},
    {"xmp", HT_RAW, 0, -1},
};

/* html_names_from[c - 'a']: the first entry whose name starts with c or later */
static const unsigned char html_names_from[27] = {0,  4,  9,  13, 20, 21, 27, 27, 36,
                                                  40, 40, 41, 43, 46, 49, 52, 56, 56,
                                                  56, 61, 72, 73, 73, 74, 75, 75, 75};

/* html_known - the entry of a lower-case tag name, or NULL */
static const struct html_name *
html_known(const char *name)
{
    unsigned c = (unsigned char)name[0] - 'a', i;

    if (c >= 26)
        return NULL;
    for (i = html_names_from[c]; i < html_names_from[c + 1]; i++)
        if (strcmp(name, html_names[i].name) == 0)
            return &html_names[i];
    return NULL;
}

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
    if (t->is_meta) { /* the first of each wins, as in HTML's prescan */
        if (t->charset.p == NULL && crm_slice_caseeq(name, "charset"))
            t->charset = val;
        else if (t->http_equiv.p == NULL && crm_slice_caseeq(name, "http-equiv"))
            t->http_equiv = val;
        else if (t->content.p == NULL && crm_slice_caseeq(name, "content"))
            t->content = val;
        return;
    }
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
    else if (crm_slice_caseeq(name, "hidden"))
        t->hidden = val;
    else if (crm_slice_caseeq(name, "open"))
        t->open = val;
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
        if (i >= len || h[i] != '=') { /* a boolean attribute: present, empty */
            if (name.len > 0)
                html_attr_store(t, name, (struct crm_slice){name.p + name.len, 0});
            continue;
        }
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
    t->known = html_known(t->name);
    t->is_meta = t->kind == HTML_OPEN && strcmp(t->name, "meta") == 0;
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

/* html_in - name is one of list */
static int
html_in(const char *name, const char *const *list)
{
    int i;

    for (i = 0; list[i] != NULL; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* html_is_raw - t opens an element whose content is not markup a reader
 * sees: raw text (<script>, <style>, <xmp>, <textarea>, ...), <title>, or the
 * inert content of <template>; <plaintext> runs to the end of the document */
static int
html_is_raw(const struct html_tok *t)
{
    return t->kind == HTML_OPEN && !t->self_closing && t->known != NULL &&
           (t->known->flags & HT_RAW);
}

/* html_raw_end - where the raw content of the element t opens ends (the end
 * of the document when it is never closed) */
static size_t
html_raw_end(const char *h, size_t len, const struct html_tok *t)
{
    char close[12] = "</";
    size_t n = strlen(t->name);

    if (!html_is_raw(t))
        return t->end;
    if (html_is(t, "plaintext"))
        return len;
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

/*
 * What is open where the invitation would go. Markup put inside an open <a>
 * becomes part of that link; inside an element that hides its content
 * (display:none, a zero height with overflow hidden, ...) it is never seen;
 * inside a <table> but outside any cell it is moved above the table. These
 * are tracked with counters and one slot, not a tree: the outermost hiding
 * element, the table depth with one "cell open" bit per level, and whether
 * an <a> is open. Ends that HTML implies are honoured where they matter:
 * a cell or row closes what was opened in it, a block end tag closes a
 * hiding element opened inside that block, <p> ends at the next block.
 */

#define HTML_TABLES_MAX 64 /* deeper tables count as "in a cell" */

struct html_open {
    unsigned tables; /* open <table> elements */
    uint64_t cells;  /* bit d-1: a cell (or caption) is open in table d */
    int a;           /* an <a> is open */
    unsigned a_tables;
    char hid[12];              /* the outermost open hiding element, "" when none */
    int hid_level;             /* which table events end it (html_names[].level) */
    unsigned hid_tables;       /* table depth it opened at */
    unsigned hid_same;         /* elements of its name open inside it */
    unsigned hid_inner;        /* other containers open inside it */
    unsigned cont[HTML_NCONT]; /* open containers, by html_names[].cont */
};

/* html_zero - a CSS length or number that is zero ("0", "0px", "0.0em") */
static int
html_zero(struct crm_slice v)
{
    size_t i = 0;
    int digit = 0;

    for (; i < v.len && (v.p[i] == '0' || v.p[i] == '.'); i++)
        digit |= v.p[i] == '0';
    for (; i < v.len && (html_alpha((unsigned char)v.p[i]) || v.p[i] == '%'); i++)
        ;
    return digit && i == v.len;
}

/* html_style_hides - an inline style that hides the element's content */
static int
html_style_hides(struct crm_slice st)
{
    struct crm_slice d, prop, val;
    const char *colon, *bang;
    int none = 0, zero_h = 0, zero_maxh = 0, clip = 0, other = 0;
    size_t i = 0, s;

    while (i < st.len) {
        for (s = i; i < st.len && st.p[i] != ';'; i++)
            ;
        d = (struct crm_slice){st.p + s, i - s};
        i++;
        if ((colon = memchr(d.p, ':', d.len)) == NULL)
            continue;
        prop = crm_slice_trim((struct crm_slice){d.p, (size_t)(colon - d.p)});
        val = (struct crm_slice){colon + 1, d.len - (size_t)(colon + 1 - d.p)};
        if ((bang = memchr(val.p, '!', val.len)) != NULL) /* !important */
            val.len = (size_t)(bang - val.p);
        val = crm_slice_trim(val);
        if (crm_slice_caseeq(prop, "display"))
            none = crm_slice_caseeq(val, "none");
        else if (crm_slice_caseeq(prop, "height"))
            zero_h = html_zero(val);
        else if (crm_slice_caseeq(prop, "max-height"))
            zero_maxh = html_zero(val);
        else if (crm_slice_caseeq(prop, "overflow"))
            clip = crm_slice_caseeq(val, "hidden") || crm_slice_caseeq(val, "clip");
        else if (crm_slice_caseeq(prop, "visibility"))
            other |= crm_slice_caseeq(val, "hidden") || crm_slice_caseeq(val, "collapse");
        else if (crm_slice_caseeq(prop, "mso-hide"))
            other |= crm_slice_caseeq(val, "all");
        else if (crm_slice_caseeq(prop, "font-size") || crm_slice_caseeq(prop, "opacity"))
            other |= html_zero(val);
    }
    return none || other || ((zero_h || zero_maxh) && clip);
}

/* html_hides - t opens an element whose content a reader does not see */
static int
html_hides(const struct html_tok *t)
{
    if (t->hidden.p != NULL || html_style_hides(t->style) || html_is(t, "select"))
        return 1;
    return (html_is(t, "details") || html_is(t, "dialog")) && t->open.p == NULL;
}

/* html_open_table_event - a table part of level lv starts or ends (end: the
 * table itself ends): what was opened in the current cell, row or table ends */
static void
html_open_table_event(struct html_open *o, int lv, int end)
{
    unsigned d = o->tables;

    if (d == 0)
        return;
    if (o->a && o->a_tables >= d)
        o->a = 0;
    if (o->hid[0] != '\0' && o->hid_tables >= d && lv >= o->hid_level)
        o->hid[0] = '\0';
    if (d <= HTML_TABLES_MAX)
        o->cells &= ~((uint64_t)1 << (d - 1));
    if (lv == 1 && !end && d <= HTML_TABLES_MAX)
        o->cells |= (uint64_t)1 << (d - 1);
    if (lv == 4 && end)
        o->tables--;
}

/* html_open_hid_start - the start tag t inside the open hiding element: a
 * sibling it implies the end of, or one more level inside it */
static void
html_open_hid_start(struct html_open *o, const struct html_tok *t, int container, int open)
{
    static const char *const p_ends[] = {"p", "hr", "li", "dd", "dt", "xmp", "listing", NULL};
    const char *h = o->hid;

    if (o->hid_inner == 0 && ((strcmp(h, "p") == 0 && (container || html_in(t->name, p_ends))) ||
                              (strcmp(h, "li") == 0 && html_is(t, "li")) ||
                              ((strcmp(h, "dd") == 0 || strcmp(h, "dt") == 0) &&
                               (html_is(t, "dd") || html_is(t, "dt"))) ||
                              ((strcmp(h, "option") == 0 || strcmp(h, "optgroup") == 0) &&
                               (html_is(t, "option") || html_is(t, "optgroup"))))) {
        o->hid[0] = '\0';
        return;
    }
    if (!open)
        return;
    if (html_is(t, h) && !(t->known != NULL && (t->known->flags & HT_IMPLIED)))
        o->hid_same++;
    else if (container)
        o->hid_inner++;
}

/* html_open_hid_end - the end tag t inside the open hiding element */
static void
html_open_hid_end(struct html_open *o, const struct html_tok *t, int container)
{
    if (html_is(t, o->hid) || ((html_is(t, "td") || html_is(t, "th")) &&
                               (strcmp(o->hid, "td") == 0 || strcmp(o->hid, "th") == 0))) {
        if (o->hid_same > 0)
            o->hid_same--;
        else
            o->hid[0] = '\0';
    } else if (container) {
        if (o->hid_inner > 0)
            o->hid_inner--;
        else
            o->hid[0] = '\0'; /* the block it was opened in ends */
    }
}

/* html_open_tag - account for one start or end tag */
static void
html_open_tag(struct html_open *o, const struct html_tok *t)
{
    const struct html_name *k = t->known;
    int lv = k != NULL ? k->level : 0, ci = k != NULL ? k->cont : -1;
    int open = t->kind == HTML_OPEN && !t->self_closing && !(k != NULL && (k->flags & HT_VOID));
    int container = ci >= 0;
    unsigned *n = ci >= 0 ? &o->cont[ci] : NULL;

    if (lv > 0 && lv < 4 && o->tables == 0)
        return; /* a cell or row outside any table is dropped */
    if (n != NULL && t->kind == HTML_CLOSE && (*n)-- == 0) {
        *n = 0;
        return; /* nothing of that name open: the end tag is ignored */
    }
    if (n != NULL && open)
        (*n)++;
    if (t->kind == HTML_CLOSE && html_is(t, "a"))
        o->a = 0;
    if (lv > 0 && (t->kind == HTML_CLOSE || lv < 4))
        html_open_table_event(o, lv, t->kind == HTML_CLOSE);
    if (o->hid[0] != '\0' && t->kind == HTML_CLOSE)
        html_open_hid_end(o, t, container);
    else if (o->hid[0] != '\0' && t->kind == HTML_OPEN)
        html_open_hid_start(o, t, container, open);
    if (!open)
        return;
    if (lv == 4) {
        o->tables++;
        if (o->tables <= HTML_TABLES_MAX)
            o->cells &= ~((uint64_t)1 << (o->tables - 1));
    }
    if (html_is(t, "a"))
        o->a = 1, o->a_tables = o->tables;
    if (o->hid[0] == '\0' && html_hides(t)) {
        memcpy(o->hid, t->name, sizeof(o->hid));
        o->hid_level = lv > 0 ? lv : 1;
        o->hid_tables = o->tables;
        o->hid_same = o->hid_inner = 0;
    }
}

/* html_open_unsafe - markup put here would be hidden, linked or misplaced */
static int
html_open_unsafe(const struct html_open *o)
{
    unsigned d = o->tables;

    return o->a || o->hid[0] != '\0' ||
           (d > 0 && d <= HTML_TABLES_MAX && !((o->cells >> (d - 1)) & 1));
}

/* state of one crm_html_find_insert scan; *_unsafe: what was open at that
 * place made it unsafe (html_open_unsafe) */
struct html_scan {
    int seen_body;
    size_t body_open_end, body_close, html_close, marker_body, marker_any, hr;
    int body_unsafe, html_unsafe, marker_body_unsafe, marker_any_unsafe, hr_unsafe;
    struct html_open open;
};

/* html_scan_tag - account for one tag in the scan */
static void
html_scan_tag(struct html_scan *sc, const struct html_tok *t)
{
    int m = html_is_marker(t), unsafe = html_open_unsafe(&sc->open);
    size_t at = t->start;

    if (t->kind == HTML_OPEN && html_is(t, "body") && !sc->seen_body)
        sc->seen_body = 1, sc->body_open_end = t->end;
    if (t->kind == HTML_CLOSE && html_is(t, "body"))
        sc->body_close = t->start, sc->body_unsafe = unsafe;
    if (t->kind == HTML_CLOSE && html_is(t, "html"))
        sc->html_close = t->start, sc->html_unsafe = unsafe;
    html_open_tag(&sc->open, t);
    if (m == 1 && sc->hr != HTML_NONE && crm_slice_caseeq(t->id, "divRplyFwdMsg"))
        at = sc->hr, unsafe = sc->hr_unsafe;
    sc->hr = m == 2 ? t->start : HTML_NONE;
    sc->hr_unsafe = unsafe;
    if (m != 1)
        return;
    if (sc->marker_any == HTML_NONE)
        sc->marker_any = at, sc->marker_any_unsafe = unsafe;
    if (sc->marker_body == HTML_NONE && sc->seen_body && sc->body_close == HTML_NONE)
        sc->marker_body = at, sc->marker_body_unsafe = unsafe;
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
    struct html_scan sc;
    struct html_tok t;
    size_t pos = 0, lt, m;
    const char *f;
    int unsafe;

    memset(&sc, 0, sizeof(sc));
    sc.body_close = sc.html_close = sc.marker_body = sc.marker_any = sc.hr = HTML_NONE;
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
        if (pos >= len && html_is_raw(&t)) /* <script>, <template>, ... never closed */
            return CRM_EPARSE;
    }
    m = sc.seen_body ? sc.marker_body : sc.marker_any;
    if (m != HTML_NONE)
        *offset = m, unsafe = sc.seen_body ? sc.marker_body_unsafe : sc.marker_any_unsafe;
    else if (sc.body_close != HTML_NONE)
        *offset = sc.body_close, unsafe = sc.body_unsafe;
    else if (sc.html_close != HTML_NONE)
        *offset = sc.html_close, unsafe = sc.html_unsafe;
    else
        *offset = len, unsafe = html_open_unsafe(&sc.open);
    *in_body = !sc.seen_body || *offset >= sc.body_open_end;
    return unsafe ? CRM_ESTATE : CRM_OK;
}

/* html_content_charset - the charset named in a Content-Type value
 * ("text/html; charset=..."), as HTML extracts it from <meta content> */
static struct crm_slice
html_content_charset(struct crm_slice v)
{
    struct crm_slice none = {NULL, 0}, r;
    size_t i = 0, s;
    const char *f;

    while (i < v.len && (f = crm_memcasemem(v.p + i, v.len - i, "charset", 7)) != NULL) {
        i = (size_t)(f - v.p) + 7;
        while (i < v.len && html_space((unsigned char)v.p[i]))
            i++;
        if (i >= v.len || v.p[i] != '=')
            continue;
        for (i++; i < v.len && html_space((unsigned char)v.p[i]); i++)
            ;
        if (i < v.len && (v.p[i] == '"' || v.p[i] == '\'')) {
            const char *q = memchr(v.p + i + 1, v.p[i], v.len - i - 1);
            if (q == NULL)
                return none;
            r.p = v.p + i + 1, r.len = (size_t)(q - r.p);
            return r;
        }
        for (s = i; i < v.len && !html_space((unsigned char)v.p[i]) && v.p[i] != ';'; i++)
            ;
        r.p = v.p + s, r.len = i - s;
        return r;
    }
    return none;
}

/* crm_html_meta_charset - the charset a <meta> of the head declares */
int
crm_html_meta_charset(const char *html, size_t len, char *label, size_t size)
{
    struct html_tok t;
    struct crm_slice v;
    size_t pos = 0, lt;
    const char *f;

    if (len > CRM_HTML_META_SCAN)
        len = CRM_HTML_META_SCAN;
    while (pos < len && (f = memchr(html + pos, '<', len - pos)) != NULL) {
        lt = (size_t)(f - html);
        if (!html_tag_at(html, len, lt, &t)) {
            pos = lt + 1;
            continue;
        }
        if (t.unterminated || (t.kind == HTML_OPEN && html_is(&t, "body")))
            return 0;
        v.p = NULL, v.len = 0;
        if (t.is_meta && t.charset.p != NULL)
            v = t.charset;
        else if (t.is_meta && t.content.p != NULL && t.http_equiv.p != NULL &&
                 crm_slice_caseeq(t.http_equiv, "content-type"))
            v = html_content_charset(t.content);
        if (v.p != NULL)
            v = crm_slice_trim(v);
        if (v.p != NULL && v.len > 0) {
            if (v.len >= size || memchr(v.p, '\0', v.len) != NULL)
                return 0;
            memcpy(label, v.p, v.len);
            label[v.len] = '\0';
            return 1;
        }
        pos = html_raw_end(html, len, &t);
    }
    return 0;
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

    rc = crm_html_find_insert(html, len, &end, &in_body);
    if (rc != CRM_OK && rc != CRM_ESTATE)
        end = len; /* unterminated markup: read it all */
    rc = CRM_OK;
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
        if (cut.quoted > 0)
            crm_text_drop_quoted(out, start);
    }
    if (rc == CRM_OK && out->p == NULL)
        rc = crm_buf_append(out, "", 0);
    return rc;
}
