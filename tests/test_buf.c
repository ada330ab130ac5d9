/* test_buf.c - crm_buf: growth, cap, free-on-failure, take, appendf, extend */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"

static void
buf_append_grows_and_terminates(void **state)
{
    struct crm_buf b;
    int i;

    crm_buf_init(&b, 1 << 20);
    for (i = 0; i < 1000; i++)
        assert_int_equal(crm_buf_append(&b, "abc", 3), CRM_OK);
    assert_int_equal(b.len, 3000);
    assert_int_equal(b.p[b.len], '\0');
    assert_memory_equal(b.p + 2997, "abc", 3);
    crm_buf_fini(&b);
}

static void
buf_append_fails_at_cap_and_frees(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 10);
    assert_int_equal(crm_buf_append(&b, "0123456789", 10), CRM_OK);
    assert_int_equal(crm_buf_append(&b, "x", 1), CRM_ELIMIT);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_string_equal(crm_buf_cstr(&b), "");
}

static void
buf_appendf_formats(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 100);
    assert_int_equal(crm_buf_appendf(&b, "%s=%d", "n", 42), CRM_OK);
    assert_string_equal(crm_buf_cstr(&b), "n=42");
    assert_int_equal(crm_buf_appendf(&b, "%0200d", 1), CRM_ELIMIT);
    assert_null(b.p);
}

static void
buf_enomem_frees(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 1 << 20);
    crm_alloc_fail_after(0, 1);
    assert_int_equal(crm_buf_append(&b, "abc", 3), CRM_ENOMEM);
    crm_alloc_fail_after(-1, 0);
    assert_null(b.p);
}

static void
buf_extend_hands_out_room_and_fails_at_cap(void **state)
{
    struct crm_buf b;
    char *w;

    crm_buf_init(&b, 10);
    assert_int_equal(crm_buf_puts(&b, "ab"), CRM_OK);
    assert_int_equal(crm_buf_extend(&b, 3, &w), CRM_OK);
    assert_ptr_equal(w, b.p + 2);
    assert_int_equal(b.len, 5);
    assert_int_equal(b.p[5], '\0');
    memcpy(w, "cde", 3);
    assert_string_equal(crm_buf_cstr(&b), "abcde");
    assert_int_equal(crm_buf_extend(&b, 0, &w), CRM_OK);
    assert_int_equal(b.len, 5);
    assert_int_equal(crm_buf_extend(&b, 6, &w), CRM_ELIMIT);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
}

static void
buf_take_moves_ownership(void **state)
{
    struct crm_buf b;
    size_t n;
    char *p;

    crm_buf_init(&b, 100);
    assert_int_equal(crm_buf_puts(&b, "hello"), CRM_OK);
    p = crm_buf_take(&b, &n);
    assert_int_equal(n, 5);
    assert_string_equal(p, "hello");
    assert_null(b.p);
    crm_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_append_grows_and_terminates),
        cmocka_unit_test(buf_append_fails_at_cap_and_frees),
        cmocka_unit_test(buf_appendf_formats),
        cmocka_unit_test(buf_enomem_frees),
        cmocka_unit_test(buf_extend_hands_out_room_and_fails_at_cap),
        cmocka_unit_test(buf_take_moves_ownership),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
