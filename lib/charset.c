/* charset.c - MIME charset names and strict glibc iconv conversions */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "jis.h"
#include "str.h"

#define CHARSET_NAME_MAX 40
#define CHARSET_CHUNK    4096

struct charset_alias {
    const char *mime; /* lower case */
    const char *canon;
};

/* Aliases first; iso-8859-N and windows-125N are handled by pattern. */
static const struct charset_alias charset_aliases[] = {
    {"", "ASCII"},
    {"us-ascii", "ASCII"},
    {"ascii", "ASCII"},
    {"ansi_x3.4-1968", "ASCII"},
    {"iso646-us", "ASCII"},
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"latin1", "ISO-8859-1"},
    {"latin-1", "ISO-8859-1"},
    {"l1", "ISO-8859-1"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"x-shift_jis", "CP932"},
    {"ms_kanji", "CP932"},
    {"csshiftjis", "CP932"},
    {"windows-31j", "CP932"},
    {"cswindows31j", "CP932"},
    {"ms932", "CP932"},
    {"cp932", "CP932"},
    {"euc-jp", "EUC-JP-MS"},
    {"x-euc-jp", "EUC-JP-MS"},
    {"eucjp", "EUC-JP-MS"},
    {"euc-jp-ms", "EUC-JP-MS"},
    {"cseucpkdfmtjapanese", "EUC-JP-MS"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"csiso2022jp", "ISO-2022-JP"},
    /* supersets of ISO-2022-JP: read as Outlook does, written in its subset */
    {"iso-2022-jp-ms", "ISO-2022-JP"},
    {"cp50220", "ISO-2022-JP"},
    {"cp50221", "ISO-2022-JP"},
    {"cp50222", "ISO-2022-JP"},
    {"iso-2022-jp-1", "ISO-2022-JP"},
    {"iso-2022-jp-2", "ISO-2022-JP"},
    {"csiso2022jp2", "ISO-2022-JP"},
    {"iso-2022-jp-3", "ISO-2022-JP"},
    {"iso-2022-jp-2004", "ISO-2022-JP"},
    {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-U"},
    {"big5", "BIG5"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"gb2312", "GBK"},
    {"csgb2312", "GBK"},
    {"x-gbk", "GBK"},
    {"gbk", "GBK"},
    {"cp936", "GBK"},
    {"gb18030", "GB18030"},
    {"euc-kr", "CP949"},
    {"cseuckr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"cp949", "CP949"},
    {"uhc", "CP949"},
};

static const char *const charset_iso8859[] = {
    NULL,         "ISO-8859-1",  "ISO-8859-2",  "ISO-8859-3",  "ISO-8859-4",  "ISO-8859-5",
    "ISO-8859-6", "ISO-8859-7",  "ISO-8859-8",  "ISO-8859-9",  "ISO-8859-10", "ISO-8859-11",
    NULL,         "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16"};

static const char *const charset_windows[] = {"WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252",
                                              "WINDOWS-1253", "WINDOWS-1254", "WINDOWS-1255",
                                              "WINDOWS-1256", "WINDOWS-1257", "WINDOWS-1258"};

/* JIS-family normalisation: code points glibc's ISO-2022-JP lacks, mapped to
 * the JIS X 0208 code point the sender meant (the CP932 vs JIS mapping split). */
struct charset_map {
    unsigned long from, to;
};

static const struct charset_map charset_jis_map[] = {
    {0xFF5E, 0x301C}, /* FULLWIDTH TILDE -> WAVE DASH */
    {0x2014, 0x2015}, /* EM DASH -> HORIZONTAL BAR */
    {0xFF0D, 0x2212}, /* FULLWIDTH HYPHEN-MINUS -> MINUS SIGN */
    {0x2225, 0x2016}, /* PARALLEL TO -> DOUBLE VERTICAL LINE */
    {0xFFE0, 0x00A2}, /* FULLWIDTH CENT SIGN -> CENT SIGN */
    {0xFFE1, 0x00A3}, /* FULLWIDTH POUND SIGN -> POUND SIGN */
    {0xFFE2, 0x00AC}, /* FULLWIDTH NOT SIGN -> NOT SIGN */
};

/* charset_lower - lower-cased, trimmed copy of name into dst; 0 if too long */
static int
charset_lower(const char *name, char dst[CHARSET_NAME_MAX + 1])
{
    struct crm_slice s = crm_slice_trim(crm_slice_from(name));
    size_t i;

    if (s.len >= 2 && s.p[0] == '"' && s.p[s.len - 1] == '"') {
        s.p++;
        s.len -= 2;
    }
    if (s.len > CHARSET_NAME_MAX)
        return 0;
    for (i = 0; i < s.len; i++)
        dst[i] = (char)crm_lower((unsigned char)s.p[i]);
    dst[s.len] = '\0';
    return 1;
}

/* charset_number - "N" (1..99, no leading zero) as a number, -1 otherwise */
static int
charset_number(const char *s)
{
    int v = 0, n = 0;

    if (s[0] == '0')
        return -1;
    for (; *s != '\0'; s++, n++) {
        if (*s < '0' || *s > '9' || n >= 4)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return n > 0 ? v : -1;
}

/* charset_pattern - iso-8859-N, iso_8859-N, iso8859-N, windows-125N, cp125N */
static const char *
charset_pattern(const char *l)
{
    static const char *const iso[] = {"iso-8859-", "iso_8859-", "iso8859-"};
    size_t k;
    int n;

    for (k = 0; k < sizeof(iso) / sizeof(iso[0]); k++) {
        if (strncmp(l, iso[k], strlen(iso[k])) == 0) {
            n = charset_number(l + strlen(iso[k]));
            if (n >= 1 && n <= 16)
                return charset_iso8859[n];
            return NULL;
        }
    }
    if (strncmp(l, "windows-", 8) == 0 || strncmp(l, "cp", 2) == 0) {
        n = charset_number(l + (l[0] == 'w' ? 8 : 2));
        if (n >= 1250 && n <= 1258)
            return charset_windows[n - 1250];
    }
    return NULL;
}

/* crm_charset_canon - canonical iconv name or NULL */
const char *
crm_charset_canon(const char *mime_name)
{
    char l[CHARSET_NAME_MAX + 1];
    size_t i;

    if (mime_name == NULL)
        return "ASCII";
    if (!charset_lower(mime_name, l))
        return NULL;
    for (i = 0; i < sizeof(charset_aliases) / sizeof(charset_aliases[0]); i++)
        if (strcmp(l, charset_aliases[i].mime) == 0)
            return charset_aliases[i].canon;
    return charset_pattern(l);
}

/* crm_charset_is_7bit - ASCII or ISO-2022-JP */
int
crm_charset_is_7bit(const char *canon)
{
    return canon != NULL && (strcmp(canon, "ASCII") == 0 || strcmp(canon, "ISO-2022-JP") == 0);
}

/* crm_charset_is_japanese - ISO-2022-JP, CP932, EUC-JP-MS */
int
crm_charset_is_japanese(const char *canon)
{
    return canon != NULL && (strcmp(canon, "ISO-2022-JP") == 0 || strcmp(canon, "CP932") == 0 ||
                             strcmp(canon, "EUC-JP-MS") == 0);
}

/* charset_utf8_seq - length of the well-formed UTF-8 sequence at s, 0 if none */
static size_t
charset_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xbf;
    size_t need, i;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 2;
    else if (c >= 0xe0 && c <= 0xef)
        need = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return need;
}

/* crm_utf8_valid - strict UTF-8 check (no overlongs, surrogates, > U+10FFFF) */
int
crm_utf8_valid(const char *in, size_t len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, k;

    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        k = charset_utf8_seq(s + i, len - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* charset_iso2022_len - an ISO-2022-JP escape sequence at p, 0 if none */
static size_t
charset_iso2022_len(const unsigned char *p, size_t n)
{
    if (n < 3 || p[0] != 0x1b)
        return 0;
    if (p[1] == '(' && (p[2] == 'B' || p[2] == 'J' || p[2] == 'I'))
        return 3;
    if (p[1] == '$' && (p[2] == 'B' || p[2] == '@'))
        return 3;
    if (p[1] == '$' && p[2] == '(' && n >= 4 && (p[3] == 'D' || p[3] == 'Q' || p[3] == 'O'))
        return 4;
    return 0;
}

/* charset_eucjp_len - EUC-JP: SS2 + 1, SS3 + 2, 0xA1-0xFE pair */
static size_t
charset_eucjp_len(const unsigned char *p, size_t n)
{
    if (p[0] == 0x8e && n >= 2 && p[1] >= 0xa1 && p[1] <= 0xfe)
        return 2;
    if (p[0] == 0x8f && n >= 3 && p[1] >= 0xa1 && p[1] <= 0xfe && p[2] >= 0xa1 && p[2] <= 0xfe)
        return 3;
    if (p[0] >= 0xa1 && p[0] <= 0xfe && n >= 2 && p[1] >= 0xa1 && p[1] <= 0xfe)
        return 2;
    return 1;
}

/* crm_charset_char_len - byte length of the character at p */
size_t
crm_charset_char_len(const char *canon, const unsigned char *p, size_t n)
{
    size_t k;

    if (n <= 1 || canon == NULL)
        return 1;
    if (strcmp(canon, "UTF-8") == 0) {
        k = charset_utf8_seq(p, n);
        return k > 0 ? k : 1;
    }
    if (strcmp(canon, "CP932") == 0) {
        if (((p[0] >= 0x81 && p[0] <= 0x9f) || (p[0] >= 0xe0 && p[0] <= 0xfc)) && p[1] >= 0x40 &&
            p[1] <= 0xfc && p[1] != 0x7f)
            return 2;
        return 1;
    }
    if (strcmp(canon, "EUC-JP-MS") == 0 || strcmp(canon, "EUC-JP") == 0)
        return charset_eucjp_len(p, n);
    if (strcmp(canon, "ISO-2022-JP") == 0) {
        k = charset_iso2022_len(p, n);
        return k > 0 ? k : 1;
    }
    return 1;
}

/* charset_iconv - run in through cd into out, strictly; flushes the state */
static int
charset_iconv(iconv_t cd, const char *in, size_t len, struct crm_buf *out, struct crm_err *err)
{
    char chunk[CHARSET_CHUNK];
    char *ip = (char *)in, *op;
    size_t il = len, ol, r;
    int rc, flushing = 0;

    for (;;) {
        op = chunk;
        ol = sizeof(chunk);
        flushing = il == 0;
        r = flushing ? iconv(cd, NULL, NULL, &op, &ol) : iconv(cd, &ip, &il, &op, &ol);
        if (r == (size_t)-1 && errno != E2BIG)
            return crm_err_set(err, CRM_ECHARSET, "invalid or unrepresentable sequence at byte %zu",
                               len - il);
        if (r != (size_t)-1 && r > 0)
            return crm_err_set(err, CRM_ECHARSET, "irreversible conversion");
        if ((rc = crm_buf_append(out, chunk, sizeof(chunk) - ol)) != CRM_OK)
            return crm_err_set(err, rc, "conversion output: %s", crm_strerror(rc));
        if (flushing && r != (size_t)-1)
            return CRM_OK;
    }
}

/* charset_native - ISO-2022-JP through the native codec (jis.h) when the text
 * is in its subset; CRM_JIS_DECLINED sends the whole text to iconv */
static int
charset_native(int rc, struct crm_err *err)
{
    if (rc == CRM_OK || rc == CRM_JIS_DECLINED)
        return rc;
    return crm_err_set(err, rc, "conversion output: %s", crm_strerror(rc));
}

/* charset_convert - open a descriptor for one conversion and run it */
static int
charset_convert(const char *to, const char *from, const char *in, size_t len, struct crm_buf *out,
                struct crm_err *err)
{
    iconv_t cd = iconv_open(to, from);
    size_t mark = out->len;
    int rc;

    if (cd == (iconv_t)-1)
        return crm_err_set(err, CRM_ECHARSET, "iconv cannot convert %s to %s", from, to);
    rc = charset_iconv(cd, in, len, out, err);
    iconv_close(cd);
    if (rc == CRM_ECHARSET && out->len >= mark)
        crm_buf_truncate(out, mark); /* never leave half a conversion behind */
    return rc;
}

/* charset_jis_escape - the state ESC sequence p[0..n) (p[0] == ESC) selects:
 * its length into *len; 0 for an escape the Microsoft reading does not know */
enum jis_ms_state { MS_ASCII = 1, MS_X0208, MS_KANA, MS_X0212, MS_NOOP };

static int
charset_jis_escape(const unsigned char *p, size_t n, size_t *len)
{
    static const struct {
        const char *seq;
        int state;
    } esc[] = {{"(B", MS_ASCII},  {"(J", MS_ASCII}, {"(H", MS_ASCII},  {"$B", MS_X0208},
               {"$@", MS_X0208},  {"(I", MS_KANA},  {"$(D", MS_X0212}, {"$(B", MS_X0208},
               {"$(@", MS_X0208}, {"&@", MS_NOOP}};
    size_t i, l;

    for (i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
        l = strlen(esc[i].seq);
        if (n > l && memcmp(p + 1, esc[i].seq, l) == 0) {
            *len = l + 1;
            return esc[i].state;
        }
    }
    return 0;
}

/*
 * charset_jis_ms - ISO-2022-JP as Microsoft's CP50220/CP50221 read it (what
 * Outlook writes): the text re-expressed as EUC-JP-MS into tmp, so that glibc
 * decodes the NEC row 13 (①, ㈱) and the IBM extensions, which its
 * ISO-2022-JP refuses. JIS X 0208 (ESC $ B, ESC $ @), half-width katakana
 * (ESC ( I, or SO ... SI), JIS X 0212 (ESC $ ( D); JIS-Roman (ESC ( J) read
 * as ASCII. CRM_ECHARSET for anything else: an 8-bit byte, another escape, a
 * broken pair.
 */
static int
charset_jis_ms(const unsigned char *p, size_t n, struct crm_buf *tmp)
{
    int state = MS_ASCII, g0 = MS_ASCII, rc;
    size_t i = 0, l;
    char *w;

    if ((rc = crm_buf_reserve(tmp, 2 * n + 1)) != CRM_OK)
        return rc;
    w = tmp->p + tmp->len;
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x80)
            return CRM_ECHARSET;
        if (c == 0x1B) {
            int st = charset_jis_escape(p + i, n - i, &l);
            if (st == 0)
                return CRM_ECHARSET;
            if (st != MS_NOOP)
                state = g0 = st;
            i += l;
        } else if (c == 0x0E || c == 0x0F) { /* SO, SI */
            state = c == 0x0E ? MS_KANA : g0;
            i++;
        } else if (c == '\r' || c == '\n' || state == MS_ASCII) {
            *w++ = (char)c; /* a line break in a double-byte state: read as ASCII */
            i++;
        } else if (state == MS_KANA) {
            if (c < 0x21 || c > 0x5F)
                return CRM_ECHARSET;
            *w++ = (char)0x8E;
            *w++ = (char)(c | 0x80);
            i++;
        } else {
            if (i + 1 >= n || c < 0x21 || c > 0x7E || p[i + 1] < 0x21 || p[i + 1] > 0x7E)
                return CRM_ECHARSET;
            if (state == MS_X0212)
                *w++ = (char)0x8F;
            *w++ = (char)(c | 0x80);
            *w++ = (char)(p[i + 1] | 0x80);
            i += 2;
        }
    }
    tmp->len = (size_t)(w - tmp->p);
    tmp->p[tmp->len] = '\0';
    return CRM_OK;
}

/* charset_jis_ms_to_utf8 - the Microsoft reading of ISO-2022-JP, into UTF-8 */
static int
charset_jis_ms_to_utf8(const char *in, size_t len, struct crm_buf *out, struct crm_err *err)
{
    struct crm_buf tmp;
    int rc;

    crm_buf_init(&tmp, 2 * len + 1);
    rc = charset_jis_ms((const unsigned char *)in, len, &tmp);
    if (rc == CRM_OK)
        rc = charset_convert("UTF-8", "EUC-JP-MS", crm_buf_cstr(&tmp), tmp.len, out, err);
    else if (rc == CRM_ECHARSET)
        crm_err_set(err, rc, "ISO-2022-JP: invalid or unsupported sequence");
    else
        crm_err_set(err, rc, "conversion output: %s", crm_strerror(rc));
    crm_buf_fini(&tmp);
    return rc;
}

/* charset_has_shifts - decoded text holds ESC, SO or SI (glibc's ISO-2022-JP
 * passes an escape it does not know through as text) */
static int
charset_has_shifts(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == 0x1B || s[i] == 0x0E || s[i] == 0x0F)
            return 1;
    return 0;
}

/* crm_charset_to_utf8 - strict conversion into UTF-8 */
int
crm_charset_to_utf8(const char *canon, const char *in, size_t len, struct crm_buf *out,
                    struct crm_err *err)
{
    size_t i, mark, end;
    int rc, ms;

    if (canon == NULL)
        return crm_err_set(err, CRM_ECHARSET, "unknown charset");
    if (strcmp(canon, "UTF-8") == 0 || strcmp(canon, "ASCII") == 0) {
        if (strcmp(canon, "ASCII") == 0) {
            for (i = 0; i < len; i++)
                if ((unsigned char)in[i] >= 0x80)
                    return crm_err_set(err, CRM_ECHARSET, "8-bit byte at %zu in ASCII text", i);
        } else if (!crm_utf8_valid(in, len)) {
            return crm_err_set(err, CRM_ECHARSET, "invalid UTF-8");
        }
        rc = crm_buf_append(out, in, len);
        return rc == CRM_OK ? rc : crm_err_set(err, rc, "output: %s", crm_strerror(rc));
    }
    if (strcmp(canon, "ISO-2022-JP") != 0)
        return charset_convert("UTF-8", canon, in, len, out, err);
    /* SO/SI (half-width katakana the Microsoft way) would pass the native
     * codec and glibc as control characters */
    if (memchr(in, 0x0E, len) == NULL && memchr(in, 0x0F, len) == NULL &&
        (rc = charset_native(crm_jis_to_utf8(in, len, out), err)) != CRM_JIS_DECLINED)
        return rc;
    mark = out->len;
    rc = charset_convert("UTF-8", canon, in, len, out, err);
    if (rc == CRM_OK && !charset_has_shifts(out->p + mark, out->len - mark))
        return CRM_OK;
    if (rc != CRM_OK && rc != CRM_ECHARSET)
        return rc;
    /* outside strict ISO-2022-JP (glibc refused it, or passed an escape or
     * SO/SI it does not know through as a control character): Outlook's
     * reading; when that fails too, glibc's answer stands */
    end = out->len;
    ms = charset_jis_ms_to_utf8(in, len, out, NULL);
    if (ms != CRM_OK)
        return ms == CRM_ECHARSET ? rc : crm_err_set(err, ms, "output: %s", crm_strerror(ms));
    if (rc == CRM_OK) { /* keep the Microsoft reading only */
        memmove(out->p + mark, out->p + end, out->len - end);
        crm_buf_truncate(out, mark + (out->len - end));
    }
    crm_err_clear(err);
    return CRM_OK;
}

/* charset_utf8_decode - code point of the valid sequence of k bytes at s */
static unsigned long
charset_utf8_decode(const unsigned char *s, size_t k)
{
    unsigned long cp;
    size_t i;

    if (k == 1)
        return s[0];
    cp = s[0] & (0x7fu >> k);
    for (i = 1; i < k; i++)
        cp = cp << 6 | (s[i] & 0x3fu);
    return cp;
}

/* charset_utf8_put - append code point cp as UTF-8 */
static int
charset_utf8_put(struct crm_buf *b, unsigned long cp)
{
    char e[4];

    return crm_buf_append(b, e, crm_utf8_put((uint32_t)cp, e));
}

/* charset_jis_normalize - valid UTF-8 in with the JIS mapping applied, into tmp */
static int
charset_jis_normalize(const char *in, size_t len, struct crm_buf *tmp)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, k, m, start = 0;
    unsigned long cp;
    int rc = CRM_OK;

    while (rc == CRM_OK && i < len) {
        k = charset_utf8_seq(s + i, len - i);
        cp = charset_utf8_decode(s + i, k);
        for (m = 0; m < sizeof(charset_jis_map) / sizeof(charset_jis_map[0]); m++)
            if (charset_jis_map[m].from == cp)
                break;
        if (m < sizeof(charset_jis_map) / sizeof(charset_jis_map[0])) {
            rc = crm_buf_append(tmp, in + start, i - start);
            if (rc == CRM_OK)
                rc = charset_utf8_put(tmp, charset_jis_map[m].to);
            start = i + k;
        }
        i += k;
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(tmp, in + start, len - start);
    return rc;
}

/* charset_iso2022_lines - make every line of p[from..len) end in ASCII state;
 * rebuilds out only when a line does not (glibc already returns to ASCII) */
static int
charset_iso2022_lines(struct crm_buf *out, size_t from)
{
    struct crm_buf fixed;
    size_t i, k;
    int ascii = 1, two, bad = 0, rc = CRM_OK;
    const unsigned char *p = (const unsigned char *)out->p;

    for (i = from; i < out->len && !bad; i++) {
        k = charset_iso2022_len(p + i, out->len - i);
        if (k > 0) {
            ascii = p[i + 1] == '(' && p[i + 2] == 'B';
            i += k - 1;
        } else if (p[i] == '\r' || p[i] == '\n') {
            bad = !ascii;
        }
    }
    if (!bad && ascii)
        return CRM_OK;
    crm_buf_init(&fixed, out->max);
    ascii = 1;
    for (i = from; rc == CRM_OK && i < out->len; i++) {
        k = charset_iso2022_len(p + i, out->len - i);
        two = k > 0 ? p[i + 1] == '(' && p[i + 2] == 'B' : ascii;
        if (k == 0 && (p[i] == '\r' || p[i] == '\n') && !ascii) {
            rc = crm_buf_append(&fixed, "\x1b(B", 3);
            two = 1;
        }
        ascii = two;
        if (rc == CRM_OK)
            rc = crm_buf_append(&fixed, p + i, k > 0 ? k : 1);
        if (k > 0)
            i += k - 1;
    }
    if (rc == CRM_OK && !ascii)
        rc = crm_buf_append(&fixed, "\x1b(B", 3);
    crm_buf_truncate(out, from);
    if (rc == CRM_OK)
        rc = crm_buf_append(out, fixed.p, fixed.len);
    crm_buf_fini(&fixed);
    return rc;
}

/* charset_needs_jis_map - targets whose glibc table lacks U+FF5E and friends */
static int
charset_needs_jis_map(const char *canon)
{
    return strcmp(canon, "ISO-2022-JP") == 0 || strcmp(canon, "SJIS") == 0 ||
           strcmp(canon, "SHIFT_JIS") == 0 || strcmp(canon, "EUC-JP") == 0;
}

/* crm_charset_from_utf8 - strict conversion out of UTF-8 */
int
crm_charset_from_utf8(const char *canon, const char *in, size_t len, struct crm_buf *out,
                      struct crm_err *err)
{
    struct crm_buf tmp;
    size_t from = out->len;
    int rc;

    if (canon == NULL)
        return crm_err_set(err, CRM_ECHARSET, "unknown charset");
    if (!crm_utf8_valid(in, len))
        return crm_err_set(err, CRM_ECHARSET, "input is not valid UTF-8");
    if (strcmp(canon, "UTF-8") == 0) {
        rc = crm_buf_append(out, in, len);
        return rc == CRM_OK ? rc : crm_err_set(err, rc, "output: %s", crm_strerror(rc));
    }
    if (!charset_needs_jis_map(canon))
        return charset_convert(canon, "UTF-8", in, len, out, err);
    crm_buf_init(&tmp, len + 1);
    rc = charset_jis_normalize(in, len, &tmp);
    if (rc != CRM_OK)
        return crm_err_set(err, rc, "normalise: %s", crm_strerror(rc));
    rc = CRM_JIS_DECLINED;
    if (strcmp(canon, "ISO-2022-JP") == 0)
        rc = charset_native(crm_jis_from_utf8(crm_buf_cstr(&tmp), tmp.len, out), err);
    if (rc == CRM_JIS_DECLINED)
        rc = charset_convert(canon, "UTF-8", crm_buf_cstr(&tmp), tmp.len, out, err);
    crm_buf_fini(&tmp);
    if (rc == CRM_OK && strcmp(canon, "ISO-2022-JP") == 0) {
        rc = charset_iso2022_lines(out, from);
        if (rc != CRM_OK)
            return crm_err_set(err, rc, "output: %s", crm_strerror(rc));
    }
    return rc;
}
