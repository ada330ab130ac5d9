/* test_tmpl.c - invitation templates: embedded defaults, rendering, load-time validation */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "charset.h"
#include "helpers.h"
#include "tmpl.h"

#define URL_TMPL "https://careerrelay.jp/i/{token}"
#define URL      "https://careerrelay.jp/i/00000000-0000-4000-8000-000000000000"

/* render - render one template of a loaded set into a fresh buffer */
static void
render(const struct crm_templates *t, const char *lang, enum crm_tmpl_kind kind, const char *url,
       const char *company, struct crm_buf *out)
{
    struct crm_err err;

    crm_buf_init(out, 1 << 20);
    if (crm_tmpl_render(t, lang, kind, url, company, out, &err) != CRM_OK) {
        print_error("render %s/%d: %s\n", lang, kind, err.msg);
        fail();
    }
}

/* count_lines_max - longest line in characters (UTF-8 code points) */
static size_t
longest_line(const char *s, size_t n)
{
    size_t i, cur = 0, max = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\n') {
            cur = 0;
            continue;
        }
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++cur > max)
            max = cur;
    }
    return max;
}

static void
tmpl_embedded_defaults_render_text_with_url_line(void **state)
{
    static const char *const langs[] = {"ja", "en"};
    struct crm_templates *t = NULL;
    struct crm_err err;
    size_t i;

    assert_int_equal(crm_tmpl_load(NULL, "株式会社サンプル", URL_TMPL, &t, &err), CRM_OK);
    for (i = 0; i < 2; i++) {
        struct crm_buf b;
        const char *s;

        render(t, langs[i], CRM_TMPL_TEXT, URL, "株式会社サンプル", &b);
        s = crm_buf_cstr(&b);
        if (strstr(s, "\r\n<" URL ">\r\n") == NULL) {
            print_error("%s.txt: got [%s], want the URL on a line of its own in <>\n", langs[i], s);
            fail();
        }
        assert_true(b.len >= 2 && s[b.len - 2] == '\r' && s[b.len - 1] == '\n');
        assert_true(longest_line(s, b.len) <= 76);
        assert_non_null(strstr(s, "株式会社サンプル"));
        assert_true(crm_utf8_valid(s, b.len));
        crm_buf_fini(&b);
    }
    crm_tmpl_free(t);
}

static void
tmpl_html_is_ascii_with_ncrs_and_escaped_url(void **state)
{
    struct crm_templates *t = NULL;
    struct crm_buf b;
    size_t i;

    assert_int_equal(crm_tmpl_load(NULL, "A&B", URL_TMPL, &t, NULL), CRM_OK);
    render(t, "ja", CRM_TMPL_HTML, "https://x.example/i/1?a=1&b=\"2\"", "<A&B>", &b);
    for (i = 0; i < b.len; i++)
        assert_true((unsigned char)b.p[i] < 0x80);
    if (strstr(b.p, "href=\"https://x.example/i/1?a=1&amp;b=&quot;2&quot;\"") == NULL) {
        print_error("got [%s], want the URL escaped inside href\n", b.p);
        fail();
    }
    assert_non_null(strstr(b.p, "&lt;A&amp;B&gt;"));
    assert_non_null(strstr(b.p, "&#x3054;")); /* ご */
    assert_non_null(strstr(b.p, "<div"));
    crm_buf_fini(&b);
    crm_tmpl_free(t);
}

static void
tmpl_html_references_cover_every_utf8_length(void **state)
{
    struct crm_templates *t = NULL;
    struct crm_buf b;

    /* 2-, 3- and 4-byte characters, each beside a character that is escaped */
    assert_int_equal(crm_tmpl_load(NULL, "X", URL_TMPL, &t, NULL), CRM_OK);
    render(t, "en", CRM_TMPL_HTML, URL, "\xc3\xa9<\xe3\x81\x82&\xf0\x9f\x98\x80'x", &b);
    if (strstr(b.p, "&#xE9;&lt;&#x3042;&amp;&#x1F600;&#39;x") == NULL) {
        print_error("got [%s]\n", b.p);
        fail();
    }
    crm_buf_fini(&b);
    crm_tmpl_free(t);
}

static void
tmpl_empty_company_drops_its_line(void **state)
{
    struct crm_templates *t = NULL;
    struct crm_buf with, without;

    assert_int_equal(crm_tmpl_load(NULL, "", URL_TMPL, &t, NULL), CRM_OK);
    render(t, "en", CRM_TMPL_TEXT, URL, "ACME", &with);
    render(t, "en", CRM_TMPL_TEXT, URL, "", &without);
    assert_non_null(strstr(with.p, "ACME"));
    assert_null(strstr(without.p, "{company}"));
    assert_true(without.len < with.len);
    assert_true(without.p[0] != '\r'); /* no leading blank line left behind */
    crm_buf_fini(&with);
    crm_buf_fini(&without);
    crm_tmpl_free(t);
}

static void
tmpl_japanese_company_loads_for_english_templates(void **state)
{
    struct crm_templates *t = NULL;
    struct crm_err err;

    /* the company line cannot be written in ASCII, the rest can: the load succeeds */
    assert_int_equal(crm_tmpl_load(NULL, "株式会社サンプル", URL_TMPL, &t, &err), CRM_OK);
    crm_tmpl_free(t);
}

static void
tmpl_names_follow_language_and_kind(void **state)
{
    assert_string_equal(crm_tmpl_name("ja", CRM_TMPL_TEXT), "ja.txt");
    assert_string_equal(crm_tmpl_name("ja", CRM_TMPL_HTML), "ja.html");
    assert_string_equal(crm_tmpl_name("en", CRM_TMPL_TEXT), "en.txt");
    assert_string_equal(crm_tmpl_name("en", CRM_TMPL_HTML), "en.html");
    assert_string_equal(crm_tmpl_name("fr", CRM_TMPL_TEXT), "");
}

/* ---- template directories ---- */

static const char *const tmpl_files[4] = {"ja.txt", "ja.html", "en.txt", "en.html"};

/* write_set - a directory holding the four embedded templates, except the one named skip */
static char *
write_set(const char *skip)
{
    char *dir = th_tmpdir("tmpl");

    assert_non_null(dir);
    assert_int_equal(th_write_templates(dir, skip), 0);
    return dir;
}

struct bad_case {
    const char *name;
    const char *file;    /* written into the directory */
    const char *content; /* its text */
    const char *company;
    int want_rc;
    const char *want_msg; /* substring of err.msg */
};

static const struct bad_case bad_cases[] = {
    {"unknown_placeholder", "en.txt", "Hi {name}\n<{url}>\n", "", CRM_EPARSE,
     "en.txt:1: unknown placeholder {name}"},
    {"text_without_url", "en.txt", "Hello there\n", "", CRM_EPARSE, "en.txt: must contain {url}"},
    {"url_not_on_its_own_line", "en.txt", "Join at <{url}> today\n", "", CRM_EPARSE,
     "en.txt:1: the URL must be on a line of its own"},
    {"url_twice_in_text", "ja.txt", "<{url}>\n<{url}>\n", "", CRM_EPARSE, "exactly once"},
    {"circled_digit_not_in_iso2022jp", "ja.txt", "ご案内①\n<{url}>\n", "", CRM_ECHARSET,
     "ja.txt: cannot be written in ISO-2022-JP"},
    {"ibm_kanji_not_in_iso2022jp", "ja.txt", "髙橋\n<{url}>\n", "", CRM_ECHARSET,
     "ja.txt: cannot be written in ISO-2022-JP"},
    {"halfwidth_kana_not_in_iso2022jp", "ja.txt", "\xEF\xBD\xB6\xEF\xBE\x85\n<{url}>\n", "",
     CRM_ECHARSET, "ja.txt: cannot be written in ISO-2022-JP"},
    {"english_with_japanese_text", "en.txt", "こんにちは\n<{url}>\n", "", CRM_ECHARSET,
     "en.txt: cannot be written in"},
    {"line_over_76_characters", "en.txt",
     "0123456789012345678901234567890123456789012345678901234567890123456789012345678\n<{url}>\n",
     "", CRM_EPARSE, "en.txt:1: rendered line longer than 76 characters"},
    {"company_makes_line_too_long", "en.txt", "From {company} with thanks\n<{url}>\n",
     "An Extremely Long Company Name Incorporated Holdings Group Limited", CRM_EPARSE,
     "longer than 76"},
    {"quoted_looking_line", "en.txt", "> hello\n<{url}>\n", "", CRM_EPARSE,
     "may not start with '>'"},
    {"invalid_utf8", "ja.html", "<p>\xff</p><a href=\"{url}\">x</a>\n", "", CRM_EPARSE,
     "ja.html: not valid UTF-8"},
    {"html_without_url", "en.html", "<p>hello</p>\n", "", CRM_EPARSE, "en.html: must contain"},
};

static void
tmpl_load_rejects_bad_templates(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        char *dir = write_set(NULL); /* the others are good: only c->file is bad */
        char path[1024];
        struct crm_templates *t = NULL;
        struct crm_err err;
        int rc;

        snprintf(path, sizeof(path), "%s/%s", dir, c->file);
        assert_int_equal(th_write_file(path, c->content, strlen(c->content)), 0);
        crm_err_clear(&err);
        rc = crm_tmpl_load(dir, c->company, URL_TMPL, &t, &err);
        if (rc != c->want_rc || strstr(err.msg, c->want_msg) == NULL) {
            print_error("case %s: got rc=%d [%s], want rc=%d [%s]\n", c->name, rc, err.msg,
                        c->want_rc, c->want_msg);
            fail();
        }
        assert_null(t);
        th_rmtree(dir);
        crm_free(dir);
    }
}

static void
tmpl_directory_overrides_the_embedded_set(void **state)
{
    char *dir = write_set(NULL);
    char path[1024];
    static const char mine[] = "Custom text for {company}\n<{url}>\n";
    struct crm_templates *t = NULL;
    struct crm_buf b;

    snprintf(path, sizeof(path), "%s/en.txt", dir);
    assert_int_equal(th_write_file(path, mine, sizeof(mine) - 1), 0);
    assert_int_equal(crm_tmpl_load(dir, "ACME", URL_TMPL, &t, NULL), CRM_OK);
    render(t, "en", CRM_TMPL_TEXT, URL, "ACME", &b);
    assert_string_equal(b.p, "Custom text for ACME\r\n<" URL ">\r\n");
    crm_buf_fini(&b);
    crm_tmpl_free(t);
    th_rmtree(dir);
    crm_free(dir);
}

static void
tmpl_directory_lacking_a_file_fails_naming_it(void **state)
{
    size_t i;

    /* never a silent fallback to the embedded template of that name */
    for (i = 0; i < 4; i++) {
        char *dir = write_set(tmpl_files[i]);
        char want[1100];
        struct crm_templates *t = NULL;
        struct crm_err err;

        crm_err_clear(&err);
        snprintf(want, sizeof(want), "%s/%s: No such file or directory", dir, tmpl_files[i]);
        assert_int_equal(crm_tmpl_load(dir, "ACME", URL_TMPL, &t, &err), CRM_EIO);
        if (strstr(err.msg, want) == NULL)
            fail_msg("missing %s: got [%s], want [%s]", tmpl_files[i], err.msg, want);
        assert_null(t);
        th_rmtree(dir);
        crm_free(dir);
    }
}

static void
tmpl_directory_missing_or_not_a_directory_fails(void **state)
{
    char *dir = write_set(NULL);
    char path[1024];
    struct crm_templates *t = NULL;
    struct crm_err err;

    snprintf(path, sizeof(path), "%s/nowhere", dir);
    assert_int_equal(crm_tmpl_load(path, "", URL_TMPL, &t, &err), CRM_EIO);
    assert_non_null(strstr(err.msg, "nowhere: No such file or directory"));
    assert_null(t);
    snprintf(path, sizeof(path), "%s/ja.txt", dir);
    assert_int_equal(crm_tmpl_load(path, "", URL_TMPL, &t, &err), CRM_EIO);
    assert_non_null(strstr(err.msg, "ja.txt: not a directory"));
    assert_null(t);
    th_rmtree(dir);
    crm_free(dir);
}

static void
tmpl_render_rejects_unknown_language(void **state)
{
    struct crm_templates *t = NULL;
    struct crm_buf b;
    struct crm_err err;

    assert_int_equal(crm_tmpl_load(NULL, "", URL_TMPL, &t, NULL), CRM_OK);
    crm_buf_init(&b, 1 << 20);
    assert_int_equal(crm_tmpl_render(t, "fr", CRM_TMPL_TEXT, URL, "", &b, &err), CRM_EINVAL);
    assert_int_equal(b.len, 0);
    crm_buf_fini(&b);
    crm_tmpl_free(t);
}

static void
tmpl_load_survives_allocation_failures(void **state)
{
    long n;

    for (n = 0; n < 400; n++) {
        struct crm_templates *t = NULL;
        int rc;

        crm_alloc_fail_after(n, 1);
        rc = crm_tmpl_load(NULL, "株式会社サンプル", URL_TMPL, &t, NULL);
        crm_alloc_fail_after(-1, 0);
        assert_true(rc == CRM_OK || rc == CRM_ENOMEM);
        assert_true((rc == CRM_OK) == (t != NULL));
        crm_tmpl_free(t);
        if (rc == CRM_OK)
            return;
    }
    fail_msg("template load still failing after 400 allocations");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tmpl_embedded_defaults_render_text_with_url_line),
        cmocka_unit_test(tmpl_html_is_ascii_with_ncrs_and_escaped_url),
        cmocka_unit_test(tmpl_html_references_cover_every_utf8_length),
        cmocka_unit_test(tmpl_empty_company_drops_its_line),
        cmocka_unit_test(tmpl_japanese_company_loads_for_english_templates),
        cmocka_unit_test(tmpl_names_follow_language_and_kind),
        cmocka_unit_test(tmpl_load_rejects_bad_templates),
        cmocka_unit_test(tmpl_directory_overrides_the_embedded_set),
        cmocka_unit_test(tmpl_directory_lacking_a_file_fails_naming_it),
        cmocka_unit_test(tmpl_directory_missing_or_not_a_directory_fails),
        cmocka_unit_test(tmpl_render_rejects_unknown_language),
        cmocka_unit_test(tmpl_load_survives_allocation_failures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
