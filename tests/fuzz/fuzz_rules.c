/*
 * fuzz_rules.c - libFuzzer target for the rules parser and evaluator.
 *
 * The input is a rules file. When it parses, it is evaluated against a fixed
 * sample message (subject, body, sender and two header fields, one of them
 * RFC 2047 encoded) and the verdict's invariants are checked:
 *   threshold as parsed and >= 1; is_rejection == (score >= threshold);
 *   fired NUL-terminated within CRM_FIRED_MAX, empty iff nothing fired.
 * When it does not parse, the result must be NULL with a "name:line: " message.
 * A violated property aborts, which libFuzzer (and replay_main) report.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hdr.h"
#include "rules.h"

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_eval - evaluate r against the fixed sample */
static void
fuzz_eval(const struct crm_rules *r)
{
    static const char body[] =
        "\xE5\xB1\xB1\xE7\x94\xB0\xE6\xA7\x98\r\n"
        "\xE5\x8E\xB3\xE6\xAD\xA3\xE3\x81\xAA\xE3\x82\x8B\xE9\x81\xB8\xE8\x80\x83\xE3\x81\xAE"
        "\xE7\xB5\x90\xE6\x9E\x9C\xE3\x80\x81\xE8\xAA\xA0\xE3\x81\xAB\xE6\xAE\x8B\xE5\xBF\xB5"
        "\xE3\x81\xAA\xE3\x81\x8C\xE3\x82\x89\xE8\xA6\x8B\xE9\x80\x81\r\n"
        "\xE3\x82\x89\xE3\x81\x9B\xE3\x81\xA6\xE3\x81\x84\xE3\x81\x9F\xE3\x81\xA0\xE3\x81\x8D"
        "\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82\r\n"
        "\xEF\xBC\xB7\xEF\xBD\x85 have decided not to move forward with your application.\r\n"
        "\xEF\xBD\xB4\xEF\xBE\x9D\xEF\xBE\x84\xEF\xBE\x98\xEF\xBD\xB0 "
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\r\n";
    struct crm_hdr_field fields[2];
    struct crm_hdrs h = {fields, 2, 2};
    struct crm_features f;
    struct crm_verdict v;
    size_t n;

    memset(fields, 0, sizeof(fields));
    fields[0].name = crm_slice_from("X-Mailer");
    fields[0].value = crm_slice_from(" Greenhouse");
    fields[1].name = crm_slice_from("Subject");
    fields[1].value = crm_slice_from(" =?UTF-8?B?6YG46ICD57WQ5p6c44Gu44GU6YCj57Wh?=");
    memset(&f, 0, sizeof(f));
    f.subject = crm_slice_from("\xE9\x81\xB8\xE8\x80\x83\xE7\xB5\x90\xE6\x9E\x9C Your application");
    f.body.p = body;
    f.body.len = sizeof(body) - 1;
    f.sender = crm_slice_from("saiyo@example.co.jp");
    f.hdrs = &h;
    if (crm_rules_eval(r, &f, &v, NULL) != CRM_OK)
        return; /* only CRM_ENOMEM is possible */
    n = strnlen(v.fired, sizeof(v.fired));
    fuzz_check(n < sizeof(v.fired));
    fuzz_check(v.threshold == crm_rules_threshold(r) && v.threshold >= 1);
    fuzz_check(v.is_rejection == (v.score >= v.threshold));
    fuzz_check(n > 0 || v.score == 0); /* nothing fired: nothing added */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct crm_rules *r = NULL;
    struct crm_err err;
    int rc;

    rc = crm_rules_parse((const char *)data, size, "fuzz", &r, &err);
    if (rc != CRM_OK) {
        fuzz_check(r == NULL);
        fuzz_check(rc == CRM_ENOMEM || strncmp(err.msg, "fuzz:", 5) == 0);
        return 0;
    }
    fuzz_check(r != NULL);
    fuzz_eval(r);
    crm_rules_free(r);
    return 0;
}
