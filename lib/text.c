/* text.c - width normalisation and newest-text boundaries of plain text (HTML: html.c) */
#include "text.h"

#include <stdint.h>
#include <string.h>

#include "charset.h"
#include "str.h"

/* half-width katakana U+FF61..U+FF9F to their full-width forms */
static const uint16_t text_hw_kana[63] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
    0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
    0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
    0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C};

/* text_utf8_decode - one code point of valid UTF-8 (no overlongs, surrogates
 * or values past U+10FFFF); returns its length, or 0 when s starts with an
 * invalid sequence */
static size_t
text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t need, i;
    uint32_t c, min;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 2, c = s[0] & 0x1Fu, min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 3, c = s[0] & 0x0Fu, min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xC0u) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return need;
}

/* text_kana - full-width form of half-width katakana hw, combined with a
 * following half-width (semi-)voiced sound mark at s[*i] when one applies */
static uint32_t
text_kana(uint32_t hw, const unsigned char *s, size_t len, size_t *i)
{
    uint32_t fw = text_hw_kana[hw - 0xFF61];
    int mark = 0;

    if (*i + 3 <= len && s[*i] == 0xEF && s[*i + 1] == 0xBE &&
        (s[*i + 2] == 0x9E || s[*i + 2] == 0x9F))
        mark = s[*i + 2] == 0x9E ? 1 : 2;
    if (mark == 0)
        return fw;
    if (mark == 1 && hw >= 0xFF76 && hw <= 0xFF84)
        fw += 1;
    else if (hw >= 0xFF8A && hw <= 0xFF8E)
        fw += (uint32_t)mark;
    else if (mark == 1 && hw == 0xFF73)
        fw = 0x30F4;
    else if (mark == 1 && hw == 0xFF9C)
        fw = 0x30F7;
    else if (mark == 1 && hw == 0xFF66)
        fw = 0x30FA;
    else
        return fw;
    *i += 3;
    return fw;
}

/*
 * crm_text_normalize - width and blank normalisation for matching. Every
 * output character stands for at least as many input bytes (blank runs
 * shrink to one space, CR LF to LF, full-width ASCII to ASCII, half-width
 * kana to full-width kana of the same UTF-8 length, invalid bytes vanish),
 * so the output is written straight into room reserved for len bytes.
 * Printable ASCII, most of any mail, is copied without decoding.
 */
int
crm_text_normalize(const char *utf8, size_t len, struct crm_buf *out)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0, n;
    uint32_t cp;
    char *w;
    int blank = 0, rc = crm_buf_reserve(out, len);

    if (rc != CRM_OK)
        return rc;
    w = out->p + out->len;
    while (i < len) {
        if (s[i] > ' ' && s[i] < 0x80) {
            if (blank)
                *w++ = ' ';
            blank = 0;
            do
                *w++ = (char)s[i++];
            while (i < len && s[i] > ' ' && s[i] < 0x80);
            continue;
        }
        n = text_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            i++;
            continue;
        }
        i += n;
        if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0) {
            blank = 1;
            continue;
        }
        if (blank)
            *w++ = ' ';
        blank = 0;
        if (cp == '\r') {
            if (i < len && s[i] == '\n')
                i++;
            cp = '\n';
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp -= 0xFEE0;
        } else if (cp >= 0xFF61 && cp <= 0xFF9F) {
            cp = text_kana(cp, s, len, &i);
        } else if (cp == 0x2018 || cp == 0x2019) { /* what word processors make of ' */
            cp = '\'';
        } else if (cp == 0x201C || cp == 0x201D) {
            cp = '"';
        }
        w += crm_utf8_put(cp, w);
    }
    if (blank)
        *w++ = ' ';
    out->len = (size_t)(w - out->p);
    out->p[out->len] = '\0'; /* NUL-terminated even when empty */
    return CRM_OK;
}

/* ---- where the newest text ends ---- */

/* one line: content without its CR LF; next = offset of the following line */
struct text_line {
    struct crm_slice s;
    size_t off, next;
};

/* text_line_at - the line starting at off (off < len) */
static void
text_line_at(const char *p, size_t len, size_t off, struct text_line *l)
{
    const char *nl = memchr(p + off, '\n', len - off);
    size_t end = nl ? (size_t)(nl - p) : len;

    l->off = off;
    l->next = nl ? end + 1 : len;
    if (end > off && p[end - 1] == '\r')
        end--;
    l->s.p = p + off;
    l->s.len = end - off;
}

/* text_trim - without surrounding SP, HTAB and U+3000 */
static struct crm_slice
text_trim(struct crm_slice s)
{
    for (;;) {
        if (s.len > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
            s.p++, s.len--;
        } else if (s.len >= 3 && memcmp(s.p, "\xE3\x80\x80", 3) == 0) {
            s.p += 3, s.len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (s.len > 0 && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
            s.len--;
        else if (s.len >= 3 && memcmp(s.p + s.len - 3, "\xE3\x80\x80", 3) == 0)
            s.len -= 3;
        else
            break;
    }
    return s;
}

/* text_ends - s ends with lit, ASCII case-insensitive */
static int
text_ends(struct crm_slice s, const char *lit)
{
    size_t n = strlen(lit);
    struct crm_slice t;

    if (s.len < n)
        return 0;
    t.p = s.p + s.len - n;
    t.len = n;
    return crm_slice_caseeq(t, lit);
}

/* text_has - s contains byte c */
static int
text_has(struct crm_slice s, int c)
{
    return s.len > 0 && memchr(s.p, c, s.len) != NULL;
}

/* text_has_digit - s contains an ASCII digit */
static int
text_has_digit(struct crm_slice s)
{
    size_t i;

    for (i = 0; i < s.len; i++)
        if (s.p[i] >= '0' && s.p[i] <= '9')
            return 1;
    return 0;
}

/* text_is_quote - a ">" or full-width "＞" quoted line */
static int
text_is_quote(struct crm_slice s)
{
    return (s.len > 0 && s.p[0] == '>') || crm_slice_casestarts(s, "\xEF\xBC\x9E");
}

/* text_year_prefix - starts with a 4-digit year: "2026年", "2026/", "2026-" */
static int
text_year_prefix(struct crm_slice t)
{
    size_t i;

    if (t.len < 5)
        return 0;
    for (i = 0; i < 4; i++)
        if (t.p[i] < '0' || t.p[i] > '9')
            return 0;
    t.p += 4, t.len -= 4;
    return t.p[0] == '/' || t.p[0] == '-' || t.p[0] == '.' ||
           crm_slice_casestarts(t, "\xE5\xB9\xB4"); /* 年 */
}

/*
 * text_attr - is "a b" (b may be empty: a single line) an attribution line?
 * Returns 1 yes, 0 no, -1 only if the next non-blank line is quoted.
 * English "On <date>, <name> wrote:", Thunderbird "... wrote:", Japanese
 * "...さんは書きました:", Apple "...のメール:" and Gmail's
 * "2026年11月1日(土) 10:00 山田 太郎 <taro@example.jp>:".
 */
static int
text_attr(struct crm_slice a, struct crm_slice b)
{
    struct crm_slice last = b.len ? b : a;
    int at, digit;

    if (a.len + b.len == 0 || a.len + b.len > 400)
        return 0;
    /* every form below ends with ':' or '：' (U+FF1A): most lines stop here */
    if (!(last.len > 0 && last.p[last.len - 1] == ':') &&
        !(last.len >= 3 && memcmp(last.p + last.len - 3, "\xEF\xBC\x9A", 3) == 0))
        return 0;
    at = text_has(a, '@') || text_has(b, '@');
    digit = text_has_digit(a) || text_has_digit(b);
    if (text_ends(last, "\xE6\x9B\xB8\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F:") ||
        text_ends(last, "\xE6\x9B\xB8\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F\xEF\xBC\x9A"))
        return 1; /* 書きました: */
    if (text_ends(last, "wrote:") ||
        text_ends(last, "\xE3\x81\xAE\xE3\x83\xA1\xE3\x83\xBC\xE3\x83\xAB:") ||
        text_ends(last, "\xE3\x81\xAE\xE3\x83\xA1\xE3\x83\xBC\xE3\x83\xAB\xEF\xBC\x9A") ||
        text_ends(last,
                  "\xE3\x81\xAE\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82\xB8:"))
        return (crm_slice_casestarts(a, "On ") || at || digit) ? 1 : -1;
    if ((text_ends(last, ":") || text_ends(last, "\xEF\xBC\x9A")) && text_year_prefix(a))
        return at || text_has(a, '<') || text_has(b, '<');
    return 0;
}

/* text_is_separator - "-----Original Message-----", "---------- Forwarded
 * message ---------", "-------- 転送メッセージ --------" and the like */
static int
text_is_separator(struct crm_slice t)
{
    static const char *const names[] = {
        "original message",
        "forwarded message",
        "\xE5\x85\x83\xE3\x81\xAE\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82"
        "\xB8", /* 元のメッセージ */
        "\xE8\xBB\xA2\xE9\x80\x81\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82"
        "\xB8", /* 転送メッセージ */
        "\xE8\xBB\xA2\xE9\x80\x81\xE3\x81\x95\xE3\x82\x8C\xE3\x81\x9F\xE3\x83\xA1\xE3\x83"
        "\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82\xB8", /* 転送されたメッセージ */
    };
    size_t i, lead = 0, trail = 0;

    while (lead < t.len && t.p[lead] == '-')
        lead++;
    while (trail < t.len - lead && t.p[t.len - 1 - trail] == '-')
        trail++;
    if (lead < 2 || trail < 2)
        return 0;
    t.p += lead;
    t.len -= lead + trail;
    t = text_trim(t);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (crm_slice_caseeq(t, names[i]))
            return 1;
    return 0;
}

/* text_is_forward_intro - Apple Mail's "Begin forwarded message:" */
static int
text_is_forward_intro(struct crm_slice t)
{
    return crm_slice_caseeq(t, "Begin forwarded message:") ||
           crm_slice_caseeq(t, "\xE8\xBB\xA2\xE9\x80\x81\xE3\x81\x95\xE3\x82\x8C\xE3\x81\x9F\xE3"
                               "\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82\xB8:") ||
           crm_slice_caseeq(t,
                            "\xE8\xBB\xA2\xE9\x80\x81\xE3\x81\x95\xE3\x82\x8C\xE3\x81\x9F\xE3"
                            "\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82\xB8\xEF\xBC\x9A");
}

/* text_starts_any - t starts with one of the NULL-terminated prefixes */
static int
text_starts_any(struct crm_slice t, const char *const *lits)
{
    for (; *lits != NULL; lits++)
        if (crm_slice_casestarts(t, *lits))
            return 1;
    return 0;
}

static const char *const text_from_fields[] = {
    "From:",
    "*From:*",
    "\xE5\xB7\xAE\xE5\x87\xBA\xE4\xBA\xBA:", /* 差出人: */
    "\xE5\xB7\xAE\xE5\x87\xBA\xE4\xBA\xBA\xEF\xBC\x9A",
    "*\xE5\xB7\xAE\xE5\x87\xBA\xE4\xBA\xBA:*",
    NULL};
static const char *const text_sent_fields[] = {
    "Sent:",
    "*Sent:*",
    "Date:",
    "*Date:*",
    "\xE9\x80\x81\xE4\xBF\xA1\xE6\x97\xA5\xE6\x99\x82:",            /* 送信日時: */
    "\xE9\x80\x81\xE4\xBF\xA1\xE6\x97\xA5\xE6\x99\x82\xEF\xBC\x9A", /* 送信日時： */
    "*\xE9\x80\x81\xE4\xBF\xA1\xE6\x97\xA5\xE6\x99\x82:*",
    "\xE6\x97\xA5\xE4\xBB\x98:", /* 日付: */
    NULL};

/* text_is_underline - Outlook's "________________" line above its header block */
static int
text_is_underline(struct crm_slice t)
{
    size_t i;

    if (t.len < 10)
        return 0;
    for (i = 0; i < t.len; i++)
        if (t.p[i] != '_')
            return 0;
    return 1;
}

/* text_is_blank - only SP, HTAB and U+3000 */
static int
text_is_blank(struct crm_slice s)
{
    return text_trim(s).len == 0;
}

/* text_next_nonblank_is_quote - the next non-blank line after l is quoted */
static int
text_next_nonblank_is_quote(const char *p, size_t len, const struct text_line *l)
{
    struct text_line n;
    size_t off = l->next;

    while (off < len) {
        text_line_at(p, len, off, &n);
        if (!text_is_blank(n.s))
            return text_is_quote(n.s);
        off = n.next;
    }
    return 0;
}

/* text_short_tail - 1 if at most max lines follow line l (a signature block);
 * looks at no more than max + 1 lines, so the scan stays linear */
static int
text_short_tail(const char *p, size_t len, const struct text_line *l, unsigned max)
{
    struct text_line n;
    size_t off = l->next;
    unsigned count = 0;

    while (off < len) {
        if (++count > max)
            return 0;
        text_line_at(p, len, off, &n);
        off = n.next;
    }
    return count > 0;
}

/* text_is_rule - a line drawn with one repeated rule character (━ ─ ═ ＝ = - * _),
 * at least 8 of them: how Japanese business mail frames its signature */
static int
text_is_rule(struct crm_slice t)
{
    static const char *const marks[] = {
        "\xE2\x94\x81", "\xE2\x94\x80", "\xE2\x95\x90", "\xEF\xBC\x9D", "=", "-", "*", "_"};
    size_t i, n, k;

    for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        n = strlen(marks[i]);
        if (t.len < 8 * n || t.len % n != 0)
            continue;
        for (k = 0; k < t.len && memcmp(t.p + k, marks[i], n) == 0; k += n)
            ;
        if (k == t.len)
            return 1;
    }
    return 0;
}

/* text_tail_has_contact - within the (short) rest after l, a line that looks
 * like a signature's contact data: an address, a phone, a postcode, a company */
static int
text_tail_has_contact(const char *p, size_t len, const struct text_line *l)
{
    static const char *const marks[] = {"@",
                                        "TEL",
                                        "Tel",
                                        "tel:",
                                        "\xE9\x9B\xBB\xE8\xA9\xB1",
                                        "\xE3\x80\x92",
                                        "\xE6\xA0\xAA\xE5\xBC\x8F", /* kabushiki */
                                        "Inc.",
                                        "Ltd",
                                        "http"};
    struct text_line n;
    size_t off = l->next, i;

    while (off < len) {
        text_line_at(p, len, off, &n);
        for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
            if (crm_memmem(n.s.p, n.s.len, marks[i], strlen(marks[i])) != NULL)
                return 1;
        off = n.next;
    }
    return 0;
}

/* text_line_kind - what history starts at line l (CRM_CUT_NONE if none) */
static enum crm_cut_kind
text_line_kind(const char *p, size_t len, const struct text_line *l)
{
    struct crm_slice t = text_trim(l->s), none = {"", 0};
    struct text_line n = {{"", 0}, len, len};
    int a;

    if (crm_slice_eq(l->s, "-- "))
        return CRM_CUT_SIGNATURE;
    /* "--" whose trailing space an editor stripped: a signature delimiter
     * only when a short block (the signature) follows it */
    if (crm_slice_eq(l->s, "--") && text_short_tail(p, len, l, 15))
        return CRM_CUT_SIGNATURE;
    /* a rule line (━━━━, ────, ====) opening a short block with contact data */
    if (text_is_rule(t) && text_short_tail(p, len, l, 12) && text_tail_has_contact(p, len, l))
        return CRM_CUT_SIGNATURE;
    if (text_is_quote(l->s))
        return CRM_CUT_QUOTE;
    if (t.len == 0)
        return CRM_CUT_NONE;
    if (text_is_separator(t) || text_is_forward_intro(t))
        return CRM_CUT_ORIGINAL;
    if (l->next < len)
        text_line_at(p, len, l->next, &n);
    n.s = text_trim(n.s);
    if ((text_starts_any(t, text_from_fields) && text_starts_any(n.s, text_sent_fields)) ||
        (text_is_underline(t) && text_starts_any(n.s, text_from_fields)))
        return CRM_CUT_ORIGINAL;
    if (t.len > 400)
        return CRM_CUT_NONE;
    a = text_attr(t, none);
    if (a == 1 || (a < 0 && text_next_nonblank_is_quote(p, len, l)))
        return CRM_CUT_QUOTE;
    if (a != 0 || n.s.len == 0 || !(crm_slice_casestarts(t, "On ") || text_year_prefix(t)))
        return CRM_CUT_NONE;
    a = text_attr(t, n.s);
    if (a == 1 || (a < 0 && n.next < len && text_next_nonblank_is_quote(p, len, &n)))
        return CRM_CUT_QUOTE;
    return CRM_CUT_NONE;
}

/*
 * text_inline_end - l opens a ">" block: when the letter goes on after it
 * (need non-blank lines that are neither quoted nor history follow it, with
 * more ">" blocks between them allowed: an interleaved reply), the offset of
 * the first line after the block and the block's quoted lines in *quoted;
 * else 0. Stops at the need-th such line, so a block is looked at at most
 * twice: the scan stays linear.
 */
static size_t
text_inline_end(const char *p, size_t len, const struct text_line *l, unsigned need, size_t *quoted)
{
    struct text_line n;
    size_t off = l->off, resume = 0, q = 0;
    unsigned after = 0;

    while (off < len) {
        text_line_at(p, len, off, &n);
        if (text_is_quote(n.s)) {
            q += after == 0;
        } else if (!text_is_blank(n.s)) {
            if (text_line_kind(p, len, &n) != CRM_CUT_NONE)
                return 0;
            if (after == 0)
                resume = off;
            if (++after >= need)
                break;
        }
        off = n.next;
    }
    if (after < need)
        return 0;
    *quoted = q;
    return resume;
}

/* crm_text_find_cut - first line of quoted history, forward or signature */
void
crm_text_find_cut(const char *utf8, size_t len, struct crm_text_cut *cut)
{
    struct text_line l;
    size_t off = 0, idx = 0, blank_idx = 0, blank_off = 0, resume, q;
    int in_blank = 0;
    enum crm_cut_kind k;

    cut->quoted = 0;
    while (off < len) {
        text_line_at(utf8, len, off, &l);
        k = text_line_kind(utf8, len, &l);
        if (k == CRM_CUT_QUOTE && text_is_quote(l.s) &&
            (resume = text_inline_end(utf8, len, &l, cut->quoted > 0 ? 1 : CRM_TEXT_INLINE_AFTER,
                                      &q)) != 0) {
            for (; off < resume; idx++) /* the block is part of the newest text */
                off = (text_line_at(utf8, len, off, &l), l.next);
            cut->quoted += q;
            in_blank = 0;
            continue;
        }
        if (k != CRM_CUT_NONE) {
            cut->kind = k;
            cut->line = in_blank ? blank_idx : idx;
            cut->offset = in_blank ? blank_off : off;
            return;
        }
        if (text_is_blank(l.s)) {
            if (!in_blank)
                blank_idx = idx, blank_off = off;
            in_blank = 1;
        } else {
            in_blank = 0;
        }
        idx++;
        off = l.next;
    }
    cut->kind = CRM_CUT_NONE;
    cut->line = idx;
    cut->offset = len;
}

/* crm_text_drop_quoted - see text.h */
void
crm_text_drop_quoted(struct crm_buf *b, size_t start)
{
    struct text_line l;
    size_t off = start, w = start;

    while (off < b->len) {
        text_line_at(b->p, b->len, off, &l);
        if (!text_is_quote(l.s)) {
            memmove(b->p + w, b->p + off, l.next - off);
            w += l.next - off;
        }
        off = l.next;
    }
    crm_buf_truncate(b, w);
}
