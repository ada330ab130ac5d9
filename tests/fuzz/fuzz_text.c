/*
 * fuzz_text.c - libFuzzer target for the text analysis (lib/text.c).
 *
 * The input is fed to every function and their invariants are checked:
 *   normalize: output is valid UTF-8, not longer than the input, and a
 *     second pass leaves it unchanged;
 *   find_cut: the cut offset is within the input and starts a line, and
 *     NONE means the whole input; the inline quote lines it counts are
 *     exactly those crm_text_drop_quoted removes before the cut;
 *   html_find_insert: CRM_EPARSE (markup left unterminated) or CRM_OK with
 *     the offset within the input and, when not at the end, on a '<';
 *   html_to_text: succeeds.
 * A violated property aborts, which libFuzzer (and replay_main) report.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "text.h"

#define FUZZ_CAP (16u << 20)

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_utf8_ok - strict UTF-8 (no overlongs, surrogates or > U+10FFFF) */
static int
fuzz_utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0, k, need;
    uint32_t c;

    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        need = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
        if (s[i] < 0xC2 || s[i] > 0xF4 || i + need > n)
            return 0;
        c = s[i] & (need == 2 ? 0x1Fu : need == 3 ? 0x0Fu : 0x07u);
        for (k = 1; k < need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (s[i + k] & 0x3Fu);
        }
        if ((need == 3 && c < 0x800) || (need == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
            (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        i += need;
    }
    return 1;
}

/* fuzz_normalize - normalisation properties */
static void
fuzz_normalize(const char *p, size_t n)
{
    struct crm_buf a, b;

    crm_buf_init(&a, FUZZ_CAP);
    crm_buf_init(&b, FUZZ_CAP);
    if (crm_text_normalize(p, n, &a) == CRM_OK) {
        fuzz_check(fuzz_utf8_ok((const unsigned char *)a.p, a.len));
        fuzz_check(a.len <= n);
        if (crm_text_normalize(crm_buf_cstr(&a), a.len, &b) == CRM_OK)
            fuzz_check(a.len == b.len && memcmp(crm_buf_cstr(&a), crm_buf_cstr(&b), a.len) == 0);
    }
    crm_buf_fini(&a);
    crm_buf_fini(&b);
}

/* fuzz_quoted - drop_quoted removes cut->quoted lines, all quoted, from the
 * newest text, and keeps the other bytes in order */
static void
fuzz_quoted(const char *p, const struct crm_text_cut *cut)
{
    struct crm_buf b;
    size_t lines = 0, i, k = 0, w;

    for (i = 0; i < cut->offset; i++)
        lines += p[i] == '\n';
    fuzz_check(cut->quoted <= lines + 1);
    crm_buf_init(&b, FUZZ_CAP);
    if (crm_buf_append(&b, p, cut->offset) == CRM_OK) {
        crm_text_drop_quoted(&b, 0);
        fuzz_check(b.len <= cut->offset);
        for (i = 0, w = 0; i < cut->offset;
             i = k) { /* each kept line is the next input line kept */
            const char *nl = memchr(p + i, '\n', cut->offset - i);
            k = nl ? (size_t)(nl - p) + 1 : cut->offset;
            if (!(p[i] == '>' || (k - i >= 3 && memcmp(p + i, "\xEF\xBC\x9E", 3) == 0))) {
                fuzz_check(w + (k - i) <= b.len && memcmp(b.p + w, p + i, k - i) == 0);
                w += k - i;
            }
        }
        fuzz_check(w == b.len);
    }
    crm_buf_fini(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct crm_text_cut cut;
    struct crm_buf t;
    size_t off;
    int in_body, rc;

    fuzz_normalize(p, size);

    crm_text_find_cut(p, size, &cut);
    fuzz_check(cut.offset <= size);
    fuzz_check(cut.offset == 0 || p[cut.offset - 1] == '\n' || cut.offset == size);
    fuzz_check(cut.kind != CRM_CUT_NONE || cut.offset == size);
    fuzz_quoted(p, &cut);

    rc = crm_html_find_insert(p, size, &off, &in_body);
    fuzz_check(rc == CRM_OK || rc == CRM_EPARSE || rc == CRM_ESTATE);
    if (rc == CRM_OK || rc == CRM_ESTATE) {
        fuzz_check(off <= size && (off == size || p[off] == '<'));
        fuzz_check(in_body == 0 || in_body == 1);
    }

    crm_buf_init(&t, FUZZ_CAP);
    fuzz_check(crm_html_to_text(p, size, &t) == CRM_OK);
    crm_buf_fini(&t);
    return 0;
}
