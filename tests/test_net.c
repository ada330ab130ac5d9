/* test_net.c - CIDR lists: IPv4, IPv6, v4-mapped IPv6, bracketed text */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "net.h"

static const char *const entries[] = {"127.0.0.0/8", "192.0.2.7",          "10.1.0.0/16",
                                      "::1",         "2001:db8:abcd::/48", "198.51.100.130/25"};

/* fill - a list with the entries above */
static void
fill(struct crm_cidr_list *l)
{
    size_t i;

    crm_cidr_list_init(l);
    for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
        assert_int_equal(crm_cidr_list_add(l, entries[i], NULL), CRM_OK);
}

static void
cidr_match_text_per_table(void **state)
{
    static const struct {
        const char *addr;
        int want;
    } t[] = {
        {"127.0.0.1", 1},
        {"127.255.255.254", 1},
        {"128.0.0.1", 0},
        {"192.0.2.7", 1},
        {"192.0.2.8", 0},
        {"10.1.200.3", 1},
        {"10.2.0.1", 0},
        {"198.51.100.129", 1}, /* host bits of the entry are ignored */
        {"198.51.100.127", 0},
        {"::1", 1},
        {"[::1]", 1},
        {"IPv6:::1", 1},
        {"[IPv6:::1]", 1},
        {"::2", 0},
        {"2001:db8:abcd:12::5", 1},
        {"2001:db8:abce::5", 0},
        {"::ffff:127.0.0.1", 1},
        {"[::ffff:10.1.2.3]", 1},
        {"::ffff:8.8.8.8", 0},
        {" 127.0.0.1 ", 1},
        {"localhost", 0},
        {"", 0},
        {"127.0.0.1/8", 0},
    };
    struct crm_cidr_list l;
    size_t i;

    fill(&l);
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (crm_cidr_list_match_text(&l, t[i].addr) != t[i].want)
            fail_msg("match \"%s\": got %d, want %d", t[i].addr, !t[i].want, t[i].want);
    assert_false(crm_cidr_list_match_text(&l, NULL));
    crm_cidr_list_fini(&l);
    assert_null(l.v);
    assert_int_equal(l.n, 0);
}

static void
cidr_match_sockaddr_handles_v4_mapped(void **state)
{
    struct crm_cidr_list l;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;

    fill(&l);
    memset(&in4, 0, sizeof(in4));
    in4.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, "10.1.9.9", &in4.sin_addr), 1);
    assert_true(crm_cidr_list_match(&l, (struct sockaddr *)&in4));
    assert_int_equal(inet_pton(AF_INET, "10.9.9.9", &in4.sin_addr), 1);
    assert_false(crm_cidr_list_match(&l, (struct sockaddr *)&in4));
    memset(&in6, 0, sizeof(in6));
    in6.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, "::ffff:192.0.2.7", &in6.sin6_addr), 1);
    assert_true(crm_cidr_list_match(&l, (struct sockaddr *)&in6));
    assert_int_equal(inet_pton(AF_INET6, "2001:db8:abcd:ffff::1", &in6.sin6_addr), 1);
    assert_true(crm_cidr_list_match(&l, (struct sockaddr *)&in6));
    assert_int_equal(inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr), 1);
    assert_false(crm_cidr_list_match(&l, (struct sockaddr *)&in6));
    in4.sin_family = AF_UNIX;
    assert_false(crm_cidr_list_match(&l, (struct sockaddr *)&in4));
    assert_false(crm_cidr_list_match(&l, NULL));
    crm_cidr_list_fini(&l);
}

static void
cidr_add_rejects_bad_entries(void **state)
{
    static const char *const bad[] = {"",         "300.1.1.1",  "1.2.3.4/33", "::1/129",
                                      "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/8x", "example.com",
                                      "1.2.3/8",  "[::1",       "1.2.3.4 /8"};
    struct crm_cidr_list l;
    struct crm_err err;
    size_t i;

    crm_cidr_list_init(&l);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        crm_err_clear(&err);
        if (crm_cidr_list_add(&l, bad[i], &err) != CRM_EPARSE || err.code != CRM_EPARSE)
            fail_msg("add \"%s\": got accepted, want CRM_EPARSE", bad[i]);
    }
    assert_int_equal(l.n, 0);
    assert_int_equal(crm_cidr_list_add(&l, "0.0.0.0/0", NULL), CRM_OK);
    assert_true(crm_cidr_list_match_text(&l, "203.0.113.9"));
    assert_false(crm_cidr_list_match_text(&l, "2001:db8::1"));
    crm_cidr_list_fini(&l);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cidr_match_text_per_table),
        cmocka_unit_test(cidr_match_sockaddr_handles_v4_mapped),
        cmocka_unit_test(cidr_add_rejects_bad_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
