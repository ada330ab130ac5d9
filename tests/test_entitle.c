/* test_entitle.c - the entitlement rules, alone and through the ledger */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "entitle.h"
#include "helpers.h"
#include "ledger.h"
#include "store.h"

struct arith_case {
    const char *name;
    int64_t referred, redeemed, adjusted;
    unsigned per;
    int64_t earned, available, next_slot_in;
};

static void
entitle_compute_follows_the_rules(void **state)
{
    static const struct arith_case cases[] = {
        {"no candidates", 0, 0, 0, 10, 0, 0, 10},
        {"nine candidates", 9, 0, 0, 10, 0, 0, 1},
        {"ten candidates earn one slot", 10, 0, 0, 10, 1, 1, 10},
        {"eleven candidates", 11, 0, 0, 10, 1, 1, 9},
        {"nineteen candidates", 19, 0, 0, 10, 1, 1, 1},
        {"twenty candidates earn two", 20, 0, 0, 10, 2, 2, 10},
        {"redemptions spend slots", 20, 2, 0, 10, 2, 0, 10},
        {"positive adjustment adds", 5, 0, 3, 10, 0, 3, 5},
        {"negative adjustment may go below zero", 10, 1, -2, 10, 1, -2, 10},
        {"other ratio", 7, 1, 0, 3, 2, 1, 2},
        {"ratio zero is treated as one", 4, 0, 0, 0, 4, 4, 1},
    };
    struct crm_balance b;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct arith_case *c = &cases[i];

        crm_entitle_compute(c->referred, 42, c->redeemed, c->adjusted, c->per, &b);
        if (b.earned != c->earned || b.available != c->available ||
            b.next_slot_in != c->next_slot_in || b.referred != c->referred || b.invitations != 42 ||
            b.redeemed != c->redeemed || b.adjusted != c->adjusted)
            fail_msg("%s: got earned %lld available %lld next %lld, want %lld %lld %lld", c->name,
                     (long long)b.earned, (long long)b.available, (long long)b.next_slot_in,
                     (long long)c->earned, (long long)c->available, (long long)c->next_slot_in);
    }
}

static void
entitle_change_of_ledger_entries(void **state)
{
    static const struct {
        const char *name;
        int redeem;
        int64_t amount, want;
    } cases[] = {
        {"a redemption spends its slot", 1, 1, -1},
        {"a positive adjustment adds", 0, 3, 3},
        {"a negative adjustment takes away", 0, -2, -2},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (crm_entitle_change(cases[i].redeem, cases[i].amount) != cases[i].want)
            fail_msg("%s: got %lld, want %lld", cases[i].name,
                     (long long)crm_entitle_change(cases[i].redeem, cases[i].amount),
                     (long long)cases[i].want);
}

static void
entitle_slot_at_marks_every_nth_candidate(void **state)
{
    int64_t ord, slots = 0;

    for (ord = 1; ord <= 35; ord++) {
        int want = ord % 10 == 0;

        if (crm_entitle_slot_at(ord, 10) != want)
            fail_msg("ordinal %lld: got %d, want %d", (long long)ord, crm_entitle_slot_at(ord, 10),
                     want);
        slots += crm_entitle_slot_at(ord, 10);
    }
    assert_int_equal(slots, crm_entitle_earned(35, 10));
}

/* one scenario through the real store and ledger */
struct scenario {
    const char *name;
    const char *messages[6]; /* each: recipients separated by ' ' (To and Cc together) */
    int redeems;             /* attempted */
    int64_t adjust;          /* 0 = none */
    int64_t want_referred, want_earned, want_redeemed, want_available, want_next;
};

/* run_scenario - record the messages, then redeem and adjust; OUT the final balance */
static void
run_scenario(const struct scenario *sc, struct crm_balance *b, int *redeemed_ok)
{
    char *dir = th_tmpdir("entitle"), path[512], token[37], *rc_list[16], copy[512], *p;
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_err err;
    size_t m, n;
    int i;

    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/l.db", dir);
    assert_int_equal(crm_store_open(path, CRM_STORE_CREATE, 2000, &s, &err), CRM_OK);
    for (m = 0; m < 6 && sc->messages[m] != NULL; m++) {
        struct crm_invitation inv = {.token = token, .sender = "hr@corp.example", .lang = "en"};

        snprintf(copy, sizeof(copy), "%s", sc->messages[m]);
        for (n = 0, p = copy; *p && n < 16; n++) {
            rc_list[n] = p;
            p += strcspn(p, " ");
            if (*p)
                *p++ = '\0';
        }
        snprintf(token, sizeof(token), "00000000-0000-4000-8000-%012zx", m);
        inv.rcpts = (const char *const *)rc_list;
        inv.nrcpts = n;
        assert_int_equal(crm_store_record(s, &inv, &err), CRM_OK);
    }
    crm_store_close(s);
    assert_int_equal(crm_ledger_open(path, 0, 2000, 10, &l, &err), CRM_OK);
    *redeemed_ok = 0;
    for (i = 0; i < sc->redeems; i++) {
        int rc = crm_ledger_redeem(l, "hr", "hire", NULL, b, &err);

        assert_true(rc == CRM_OK || rc == CRM_ESTATE);
        *redeemed_ok += rc == CRM_OK;
    }
    if (sc->adjust != 0)
        assert_int_equal(crm_ledger_adjust(l, sc->adjust, "hr", "fix", NULL, b, &err), CRM_OK);
    assert_int_equal(crm_ledger_balance(l, b, &err), CRM_OK);
    crm_ledger_close(l);
    th_rmtree(dir);
    crm_free(dir);
}

#define TEN "a@x.jp b@x.jp c@x.jp d@x.jp e@x.jp f@x.jp g@x.jp h@x.jp i@x.jp j@x.jp"

static void
entitle_through_the_ledger_counts_distinct_candidates(void **state)
{
    static const struct scenario cases[] = {
        {"nine distinct",
         {"a@x.jp b@x.jp c@x.jp", "d@x.jp e@x.jp f@x.jp g@x.jp h@x.jp i@x.jp"},
         0,
         0,
         9,
         0,
         0,
         0,
         1},
        {"ten distinct earn one", {TEN}, 0, 0, 10, 1, 0, 1, 10},
        {"same address in To and Cc counts once", {"a@x.jp a@x.jp b@x.jp"}, 0, 0, 2, 0, 0, 0, 8},
        {"second rejection counts once", {TEN, "a@x.jp", "A@X.JP"}, 0, 0, 10, 1, 0, 1, 10},
        {"redeem only what was earned", {TEN, "k@x.jp"}, 3, 0, 11, 1, 1, 0, 9},
        {"positive adjustment", {"a@x.jp"}, 0, 2, 1, 0, 0, 2, 9},
        {"negative adjustment", {TEN}, 1, -1, 10, 1, 1, -1, 10},
    };
    struct crm_balance b;
    int redeemed;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct scenario *sc = &cases[i];

        run_scenario(sc, &b, &redeemed);
        if (b.referred != sc->want_referred || b.earned != sc->want_earned ||
            b.redeemed != sc->want_redeemed || redeemed != sc->want_redeemed ||
            b.available != sc->want_available || b.next_slot_in != sc->want_next)
            fail_msg("%s: got referred %lld earned %lld redeemed %lld (%d ok) available %lld "
                     "next %lld; want %lld %lld %lld %lld %lld",
                     sc->name, (long long)b.referred, (long long)b.earned, (long long)b.redeemed,
                     redeemed, (long long)b.available, (long long)b.next_slot_in,
                     (long long)sc->want_referred, (long long)sc->want_earned,
                     (long long)sc->want_redeemed, (long long)sc->want_available,
                     (long long)sc->want_next);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entitle_compute_follows_the_rules),
        cmocka_unit_test(entitle_change_of_ledger_entries),
        cmocka_unit_test(entitle_slot_at_marks_every_nth_candidate),
        cmocka_unit_test(entitle_through_the_ledger_counts_distinct_candidates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
