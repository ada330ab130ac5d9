/* test_snapshot.c - refcounted config snapshot: swap semantics under threads */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <cmocka.h>

#include "alloc.h"
#include "snapshot.h"

static struct crm_config *
fresh(unsigned per_slot)
{
    struct crm_config *c = crm_calloc(1, sizeof(*c));

    assert_non_null(c);
    c->referrals_per_slot = per_slot;
    return c;
}

static void
snapshot_held_reference_survives_publish(void **state)
{
    struct crm_snapshot *a, *b;

    crm_snapshot_publish(fresh(1));
    a = crm_snapshot_acquire();
    crm_snapshot_publish(fresh(2));
    b = crm_snapshot_acquire();
    /* a still refers to the old config, b to the new one */
    assert_int_equal(crm_snapshot_config(a)->referrals_per_slot, 1);
    assert_int_equal(crm_snapshot_config(b)->referrals_per_slot, 2);
    crm_snapshot_release(a);
    crm_snapshot_release(b);
    crm_snapshot_shutdown();
    assert_null(crm_snapshot_acquire());
}

static void *
reader(void *arg)
{
    int i;

    for (i = 0; i < 20000; i++) {
        struct crm_snapshot *s = crm_snapshot_acquire();
        if (s != NULL) {
            unsigned v = crm_snapshot_config(s)->referrals_per_slot;
            if (v == 0 || v > 1000)
                return (void *)1;
            crm_snapshot_release(s);
        }
    }
    return NULL;
}

static void
snapshot_concurrent_swaps_are_safe(void **state)
{
    pthread_t t[4];
    void *ret;
    int i;

    crm_snapshot_publish(fresh(1));
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, NULL), 0);
    for (i = 0; i < 2000; i++)
        crm_snapshot_publish(fresh((unsigned)(i % 1000) + 1));
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_null(ret);
    }
    crm_snapshot_shutdown();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_held_reference_survives_publish),
        cmocka_unit_test(snapshot_concurrent_swaps_are_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
