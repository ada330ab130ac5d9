/* test_addr.c - address normal form, domains, candidates, header address lists */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "addr.h"

#define CAP 4096

static void
addr_normalize_strips_brackets_and_lowercases(void **state)
{
    static const struct {
        const char *name, *in;
        int rc;
        const char *want;
    } t[] = {
        {"plain", "taro@example.jp", CRM_OK, "taro@example.jp"},
        {"angle", "<Taro.Yamada@Example.JP>", CRM_OK, "taro.yamada@example.jp"},
        {"blanks", "  <taro@example.jp>  ", CRM_OK, "taro@example.jp"},
        {"blanks_inside_angle", "< taro@example.jp >", CRM_OK, "taro@example.jp"},
        {"plus_tag_kept", "Taro+Jobs@example.jp", CRM_OK, "taro+jobs@example.jp"},
        {"source_route_dropped", "<@relay.example:taro@example.jp>", CRM_OK, "taro@example.jp"},
        {"quoted_local_part", "\"Taro Y\"@example.jp", CRM_OK, "\"taro y\"@example.jp"},
        {"no_at_still_normalised", "<Postmaster>", CRM_OK, "postmaster"},
        {"utf8_kept", "<太郎@例え.jp>", CRM_OK, "太郎@例え.jp"},
        {"empty", "", CRM_EINVAL, NULL},
        {"null_sender", "<>", CRM_EINVAL, NULL},
        {"inner_space", "taro yamada@example.jp", CRM_EINVAL, NULL},
        {"newline_injection", "taro@example.jp\r\nBcc: x@y", CRM_EINVAL, NULL},
        {"unbalanced_quote", "\"taro@example.jp", CRM_EINVAL, NULL},
        {"stray_angle", "taro<@example.jp", CRM_EINVAL, NULL},
    };
    struct crm_buf out;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        assert_int_equal(crm_buf_puts(&out, "old"), CRM_OK);
        rc = crm_addr_normalize(t[i].in, &out);
        if (rc != t[i].rc)
            fail_msg("%s: got rc %d, want %d", t[i].name, rc, t[i].rc);
        if (rc == CRM_OK && strcmp(crm_buf_cstr(&out), t[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, crm_buf_cstr(&out), t[i].want);
        crm_buf_fini(&out);
    }
    assert_int_equal(crm_addr_normalize(NULL, &out), CRM_EINVAL);
}

static void
addr_domain_is_after_last_at(void **state)
{
    assert_string_equal(crm_addr_domain("taro@example.jp"), "example.jp");
    assert_string_equal(crm_addr_domain("\"a@b\"@example.jp"), "example.jp");
    assert_null(crm_addr_domain("postmaster"));
    assert_null(crm_addr_domain("taro@"));
    assert_null(crm_addr_domain(NULL));
}

static void
domain_in_list_matches_subdomains(void **state)
{
    static char *const list[] = {"corp.example", ".group.example", "Mixed.Example", "@at.example"};
    static const struct {
        const char *domain;
        int want;
    } t[] = {
        {"corp.example", 1},
        {"hr.corp.example", 1},
        {"a.b.corp.example", 1},
        {"CORP.EXAMPLE", 1},
        {"corp.example.", 1},
        {"notcorp.example", 0},
        {"corp.example.net", 0},
        {"example", 0},
        {"group.example", 1},
        {"x.group.example", 1},
        {"mixed.example", 1},
        {"at.example", 1},
        {"", 0},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_domain_in_list(t[i].domain, list, 4) != t[i].want)
            fail_msg("domain \"%s\": got %d, want %d", t[i].domain, !t[i].want, t[i].want);
    assert_false(crm_domain_in_list("corp.example", list, 0));
    assert_false(crm_domain_in_list(NULL, list, 4));
}

static void
addr_is_candidate_only_for_external_recipients(void **state)
{
    static char *const internal[] = {"corp.example", "subsidiary.example"};
    static const struct {
        const char *name, *rcpt, *sender;
        int want;
    } t[] = {
        {"external", "taro@gmail.example", "hr@corp.example", 1},
        {"sender_domain", "jiro@corp.example", "hr@corp.example", 0},
        {"internal_list", "jiro@subsidiary.example", "hr@other.example", 0},
        {"internal_subdomain", "jiro@tokyo.corp.example", "hr@corp.example", 0},
        {"sender_domain_only_exact", "jiro@mail.hr.example", "hr@hr.example", 1},
        {"no_at", "postmaster", "hr@corp.example", 0},
        {"null_sender", "taro@gmail.example", "", 1},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_addr_is_candidate(t[i].rcpt, t[i].sender, internal, 2) != t[i].want)
            fail_msg("%s: got %d, want %d", t[i].name, !t[i].want, t[i].want);
}

static void
addr_from_header_parses_address_lists(void **state)
{
    static const struct {
        const char *name, *in;
        int all, rc;
        const char *want;
    } t[] = {
        {"bare", "taro@example.jp", 0, CRM_OK, "taro@example.jp"},
        {"display_name", "Taro Yamada <Taro@Example.jp>", 0, CRM_OK, "taro@example.jp"},
        {"quoted_name_with_comma", "\"Yamada, Taro\" <taro@example.jp>, b@example.jp", 1, CRM_OK,
         "taro@example.jp\nb@example.jp"},
        {"quoted_name_with_angle", "\"a <x@y.example>\" <taro@example.jp>", 0, CRM_OK,
         "taro@example.jp"},
        {"comment", "taro@example.jp (Taro, Yamada)", 1, CRM_OK, "taro@example.jp"},
        {"nested_comment", "(a (b) c) taro@example.jp", 0, CRM_OK, "taro@example.jp"},
        {"first_only", "a@x.example, b@y.example", 0, CRM_OK, "a@x.example"},
        {"all", "a@x.example, B <b@y.example>,c@z.example", 1, CRM_OK,
         "a@x.example\nb@y.example\nc@z.example"},
        {"group", "Team: a@x.example, b@y.example;, c@z.example", 1, CRM_OK,
         "a@x.example\nb@y.example\nc@z.example"},
        {"empty_group", "undisclosed-recipients:;", 1, CRM_EINVAL, NULL},
        {"encoded_display_name", "=?UTF-8?B?5bGx55Sw?= <yamada@example.jp>", 0, CRM_OK,
         "yamada@example.jp"},
        {"folded", "Taro\r\n <taro@example.jp>", 0, CRM_OK, "taro@example.jp"},
        {"quoted_local_part", "\"taro y\"@example.jp", 0, CRM_OK, "\"taro y\"@example.jp"},
        {"route_in_angle", "<@r.example:taro@example.jp>", 0, CRM_OK, "taro@example.jp"},
        {"no_address", "Taro Yamada", 0, CRM_EINVAL, NULL},
        {"empty", "", 0, CRM_EINVAL, NULL},
        {"skips_non_address", "Someone, b@y.example", 0, CRM_OK, "b@y.example"},
    };
    struct crm_buf out;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        crm_buf_init(&out, CAP);
        rc = crm_addr_from_header(t[i].in, strlen(t[i].in), t[i].all, &out);
        if (rc != t[i].rc)
            fail_msg("%s: got rc %d, want %d", t[i].name, rc, t[i].rc);
        if (rc == CRM_OK && strcmp(crm_buf_cstr(&out), t[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", t[i].name, crm_buf_cstr(&out), t[i].want);
        crm_buf_fini(&out);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(addr_normalize_strips_brackets_and_lowercases),
        cmocka_unit_test(addr_domain_is_after_last_at),
        cmocka_unit_test(domain_in_list_matches_subdomains),
        cmocka_unit_test(addr_is_candidate_only_for_external_recipients),
        cmocka_unit_test(addr_from_header_parses_address_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
