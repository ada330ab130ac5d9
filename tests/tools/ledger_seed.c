/*
 * ledger_seed.c - create a ledger with fixed invitations, ledger entries and
 * suppressions (fixed tokens and timestamps), through the real store and
 * ledger APIs, for the careerrelayctl golden tests.
 *
 * usage: ledger_seed DATABASE [extra|future]   (DATABASE must not exist)
 *
 * The data: 9 invitations from January to March 2026, 28 distinct candidates
 * (two addresses invited twice, one of them in a different case), tags with
 * overlaps and untagged invitations, a Message-ID that needs CSV quoting, one
 * invitation without queue id or Message-ID; one redemption, one adjustment
 * (+1); one suppressed address and one suppressed domain.
 *
 * "extra" adds what the bad-input cases need: an invitation to a quoted
 * local part with a comma and a space ("smith,j"@example.net, "j smith"@...),
 * an adjustment and a suppression whose notes hold a newline and a tab.
 * "future" then marks the database as written by a newer version
 * (PRAGMA user_version = 99).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ledger.h"
#include "store.h"

struct seed_inv {
    const char *at, *token, *qid, *msgid, *sender, *lang, *tmpl;
    int score;
    const char *rules, *tags;
    const char *rcpts[9];
};

static const struct seed_inv seed_invs[] = {
    {"2026-01-08T01:15:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000001",
     "4Xk1A01",
     "<20260108.1@ats.example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     14,
     "ja_miokuri(+8),ja_inori(+6)",
     "high-rating",
     {"sato.taro@gmail.example", "suzuki.hanako@yahoo.example"}},
    {"2026-01-20T06:30:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000002",
     "4Xk1A02",
     "<r2@example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     12,
     "ja_miokuri(+8),ja_kekka(+4)",
     "culture-fit,refer-ok",
     {"takahashi@mail.example", "tanaka.j@mail.example", "ito@mail.example"}},
    {"2026-01-31T23:59:59Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000003",
     NULL,
     NULL,
     "careers@example.com",
     "en",
     "en",
     9,
     "en_not_move_forward(+9)",
     "",
     {"jane.doe@gmail.example"}},
    {"2026-02-02T00:00:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000004",
     "4Xk1A04",
     "<\"odd,id\"@example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     13,
     "ja_miokuri(+8),ja_goen(+5)",
     "high-rating,refer-ok",
     {"sato.taro@gmail.example", "watanabe@mail.example", "yamamoto@mail.example",
      "nakamura@mail.example"}},
    {"2026-02-14T09:00:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000005",
     "4Xk1A05",
     "<r5@example.com>",
     "careers@example.com",
     "en",
     "en",
     11,
     "en_not_move_forward(+9),en_careful(+2)",
     "high-rating",
     {"john.smith@outlook.example", "kobayashi@mail.example"}},
    {"2026-02-28T12:00:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000006",
     "4Xk1A06",
     "<r6@example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     10,
     "ja_miokuri(+8),ja_inori(+2)",
     "",
     {"kato@mail.example", "yoshida@mail.example", "yamada@mail.example"}},
    {"2026-03-03T03:03:03Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000007",
     "4Xk1A07",
     "<r7@example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     15,
     "ja_miokuri(+8),ja_goen(+5),ja_inori(+2)",
     "culture-fit",
     {"sasaki@mail.example", "yamaguchi@mail.example", "matsumoto@mail.example",
      "inoue@mail.example", "kimura@mail.example"}},
    {"2026-03-15T08:00:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000008",
     "4Xk1A08",
     "<r8@example.com>",
     "careers@example.com",
     "en",
     "en",
     9,
     "en_not_move_forward(+9)",
     "referral, High-Rating",
     {"hayashi@mail.example", "shimizu@mail.example", "yamazaki@mail.example", "mori@mail.example",
      "abe@mail.example", "ikeda@mail.example", "hashimoto@mail.example",
      "Jane.Doe@gmail.example"}},
    {"2026-03-31T15:00:00Z",
     "6f1c0a52-0d4e-4c1e-9a51-000000000009",
     "4Xk1A09",
     "<r9@example.co.jp>",
     "recruit@example.co.jp",
     "ja",
     "ja",
     12,
     "ja_miokuri(+8),ja_kekka(+4)",
     "",
     {"ishikawa@mail.example", "yamashita@mail.example"}},
};

/* seed_invitations - record every invitation at its fixed time */
static int
seed_invitations(const char *path)
{
    struct crm_store *s = NULL;
    struct crm_err err;
    size_t i, n;

    if (crm_store_open(path, CRM_STORE_CREATE, 2000, &s, &err) != CRM_OK) {
        fprintf(stderr, "ledger_seed: %s\n", err.msg);
        return 1;
    }
    for (i = 0; i < sizeof(seed_invs) / sizeof(seed_invs[0]); i++) {
        const struct seed_inv *v = &seed_invs[i];
        struct crm_invitation inv = {.token = v->token,
                                     .queue_id = v->qid,
                                     .message_id = v->msgid,
                                     .sender = v->sender,
                                     .lang = v->lang,
                                     .tmpl = v->tmpl,
                                     .score = v->score,
                                     .rules = v->rules,
                                     .tags = v->tags,
                                     .rcpts = v->rcpts};

        for (n = 0; n < 9 && v->rcpts[n] != NULL; n++)
            ;
        inv.nrcpts = n;
        if (crm_store_record_at(s, &inv, v->at, &err) != CRM_OK) {
            fprintf(stderr, "ledger_seed: %s\n", err.msg);
            crm_store_close(s);
            return 1;
        }
    }
    crm_store_close(s);
    return 0;
}

/* seed_ledger - one redemption, one adjustment, two suppressions */
static int
seed_ledger(const char *path)
{
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    int added, rc;

    rc = crm_ledger_open(path, 0, 2000, 10, &l, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_redeem(l, "hr-tanaka", "hired: sato.taro (req 1042)",
                               "2026-03-20T10:00:00Z", &b, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_adjust(l, 1, "hr-tanaka", "goodwill: January outage",
                               "2026-03-21T10:00:00Z", &b, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_suppress_add(l, "optout@mail.example", "asked by phone",
                                     "2026-02-01T00:00:00Z", &added, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_suppress_add(l, "@competitor.example", "agency domain, \"no\" invites",
                                     "2026-02-03T00:00:00Z", &added, &err);
    crm_ledger_close(l);
    if (rc != CRM_OK)
        fprintf(stderr, "ledger_seed: %s\n", err.msg);
    return rc == CRM_OK ? 0 : 1;
}

/* seed_extra - the quoted recipients and the notes with control characters */
static int
seed_extra(const char *path)
{
    static const char *const rcpts[] = {"\"smith,j\"@example.net", "\"j smith\"@example.net",
                                        "plain@example.net"};
    struct crm_invitation inv = {.token = "6f1c0a52-0d4e-4c1e-9a51-000000000010",
                                 .queue_id = "4Xk1A10",
                                 .message_id = "<r10@example.com>",
                                 .sender = "careers@example.com",
                                 .lang = "en",
                                 .tmpl = "en",
                                 .score = 9,
                                 .rules = "en_not_move_forward(+9)",
                                 .tags = "",
                                 .rcpts = rcpts,
                                 .nrcpts = 3};
    struct crm_store *s = NULL;
    struct crm_ledger *l = NULL;
    struct crm_balance b;
    struct crm_err err;
    int added, rc;

    rc = crm_store_open(path, 0, 2000, &s, &err);
    if (rc == CRM_OK)
        rc = crm_store_record_at(s, &inv, "2026-04-01T09:00:00Z", &err);
    crm_store_close(s);
    if (rc == CRM_OK)
        rc = crm_ledger_open(path, 0, 2000, 10, &l, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_adjust(l, -1, "hr-sato", "two lines:\nsecond line\tand a tab",
                               "2026-04-02T10:00:00Z", &b, &err);
    if (rc == CRM_OK)
        rc = crm_ledger_suppress_add(l, "multi@mail.example", "asked twice\nby mail",
                                     "2026-04-03T00:00:00Z", &added, &err);
    crm_ledger_close(l);
    if (rc != CRM_OK)
        fprintf(stderr, "ledger_seed: %s\n", err.msg);
    return rc == CRM_OK ? 0 : 1;
}

/* seed_future - user_version 99: a database written by a newer version */
static int
seed_future(const char *path)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);

    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "ledger_seed: %s: %s\n", path, sqlite3_errstr(rc));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : 1;
}

/* main - ledger_seed DATABASE [extra|future] */
int
main(int argc, char **argv)
{
    const char *mode = argc == 3 ? argv[2] : "";

    if (argc < 2 || argc > 3 ||
        (argc == 3 && strcmp(mode, "extra") != 0 && strcmp(mode, "future") != 0)) {
        fprintf(stderr, "usage: ledger_seed DATABASE [extra|future]\n");
        return 2;
    }
    if (access(argv[1], F_OK) == 0) {
        fprintf(stderr, "ledger_seed: %s: exists\n", argv[1]);
        return 1;
    }
    if (seed_invitations(argv[1]) != 0 || seed_ledger(argv[1]) != 0)
        return 1;
    if (strcmp(mode, "extra") == 0)
        return seed_extra(argv[1]);
    if (strcmp(mode, "future") == 0)
        return seed_future(argv[1]);
    return 0;
}
