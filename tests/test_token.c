/* test_token.c - UUID v4 tokens: format, uniqueness, version/variant, short
 * hashes and URL rendering */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "err.h"
#include "token.h"

#define DRAWS 10000

static void
token_new_is_lowercase_uuid_v4(void **state)
{
    char tok[CRM_TOKEN_LEN + 1];
    size_t i;
    int k;

    for (k = 0; k < 100; k++) {
        crm_token_new(tok);
        assert_int_equal(strlen(tok), CRM_TOKEN_LEN);
        for (i = 0; i < CRM_TOKEN_LEN; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23)
                assert_int_equal(tok[i], '-');
            else if (strchr("0123456789abcdef", tok[i]) == NULL)
                fail_msg("token %s: got '%c' at %zu, want lower-case hex", tok, tok[i], i);
        }
        if (tok[14] != '4')
            fail_msg("token %s: got version nibble '%c', want '4'", tok, tok[14]);
        if (strchr("89ab", tok[19]) == NULL)
            fail_msg("token %s: got variant nibble '%c', want one of 89ab", tok, tok[19]);
        assert_true(crm_token_valid(tok));
    }
}

/* token_cmp - qsort comparator over token strings */
static int
token_cmp(const void *a, const void *b)
{
    return memcmp(a, b, CRM_TOKEN_LEN + 1);
}

static void
token_new_gives_distinct_draws(void **state)
{
    char(*toks)[CRM_TOKEN_LEN + 1] = crm_malloc(DRAWS * sizeof(*toks));
    size_t i;

    assert_non_null(toks);
    for (i = 0; i < DRAWS; i++)
        crm_token_new(toks[i]);
    qsort(toks, DRAWS, sizeof(*toks), token_cmp);
    for (i = 1; i < DRAWS; i++)
        if (strcmp(toks[i - 1], toks[i]) == 0)
            fail_msg("got duplicate token %s in %d draws, want all distinct", toks[i], DRAWS);
    crm_free(toks);
}

static void
token_valid_accepts_only_canonical_v4(void **state)
{
    static const struct {
        const char *name, *in;
        int want;
    } t[] = {
        {"canonical", "0f8fad5b-d9cb-469f-a165-70867728950e", 1},
        {"variant_8", "0f8fad5b-d9cb-469f-8165-70867728950e", 1},
        {"upper_case", "0F8FAD5B-D9CB-469F-A165-70867728950E", 0},
        {"version_1", "0f8fad5b-d9cb-169f-a165-70867728950e", 0},
        {"variant_c", "0f8fad5b-d9cb-469f-c165-70867728950e", 0},
        {"dash_misplaced", "0f8fad5bd-9cb-469f-a165-70867728950e", 0},
        {"too_short", "0f8fad5b-d9cb-469f-a165-70867728950", 0},
        {"too_long", "0f8fad5b-d9cb-469f-a165-70867728950e0", 0},
        {"non_hex", "0f8fad5b-d9cb-469f-a165-70867728950g", 0},
        {"empty", "", 0},
        {"with_newline", "0f8fad5b-d9cb-469f-a165-70867728950e\n", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_token_valid(t[i].in) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
    assert_false(crm_token_valid(NULL));
}

static void
token_short_is_stable_8_hex_digits(void **state)
{
    char a[CRM_TOKEN_SHORT_LEN + 1], b[CRM_TOKEN_SHORT_LEN + 1], c[CRM_TOKEN_SHORT_LEN + 1];

    crm_token_short("0f8fad5b-d9cb-469f-a165-70867728950e", a);
    crm_token_short("0f8fad5b-d9cb-469f-a165-70867728950e", b);
    crm_token_short("0f8fad5b-d9cb-469f-a165-70867728950f", c);
    assert_int_equal(strlen(a), CRM_TOKEN_SHORT_LEN);
    assert_int_equal(strspn(a, "0123456789abcdef"), CRM_TOKEN_SHORT_LEN);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_null(strstr("0f8fad5b-d9cb-469f-a165-70867728950e", a));
    crm_token_short("", a);
    assert_string_equal(a, "811c9dc5"); /* FNV-1a offset basis */
}

static void
url_render_replaces_every_placeholder(void **state)
{
    static const char tok[] = "0f8fad5b-d9cb-469f-a165-70867728950e";
    static const struct {
        const char *name, *tmpl;
        unsigned long outsz;
        int rc;
        const char *want;
    } t[] = {
        {"one", "https://x.example/i/{token}", 200, CRM_OK,
         "https://x.example/i/0f8fad5b-d9cb-469f-a165-70867728950e"},
        {"two", "https://x.example/{token}?r={token}", 200, CRM_OK,
         "https://x.example/0f8fad5b-d9cb-469f-a165-70867728950e?r="
         "0f8fad5b-d9cb-469f-a165-70867728950e"},
        {"none", "https://x.example/", 200, CRM_OK, "https://x.example/"},
        {"partial_braces_kept", "a{tok}{token", 200, CRM_OK, "a{tok}{token"},
        {"exact_fit", "{token}", 37, CRM_OK, "0f8fad5b-d9cb-469f-a165-70867728950e"},
        {"one_short", "{token}", 36, CRM_ELIMIT, ""},
        {"template_too_long", "abcdef", 6, CRM_ELIMIT, ""},
        {"empty_template", "", 1, CRM_OK, ""},
        {"zero_size", "x", 0, CRM_ELIMIT, NULL},
    };
    char out[256];
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        memset(out, 'Z', sizeof(out));
        rc = crm_url_render(t[i].tmpl, tok, out, t[i].outsz);
        if (rc != t[i].rc)
            fail_msg("%s: got rc %d, want %d", t[i].name, rc, t[i].rc);
        if (t[i].want != NULL && strcmp(out, t[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, out, t[i].want);
        if (t[i].outsz < sizeof(out) && out[t[i].outsz] != 'Z')
            fail_msg("%s: wrote past outsz %lu", t[i].name, t[i].outsz);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(token_new_is_lowercase_uuid_v4),
        cmocka_unit_test(token_new_gives_distinct_draws),
        cmocka_unit_test(token_valid_accepts_only_canonical_v4),
        cmocka_unit_test(token_short_is_stable_8_hex_digits),
        cmocka_unit_test(url_render_replaces_every_placeholder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
