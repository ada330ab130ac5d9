/* test_isodate.c - UTC timestamps: formatting and command-line parsing */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "isodate.h"

struct parse_case {
    const char *in;
    int end_of_day;
    const char *want; /* NULL: CRM_EPARSE */
};

static void
isodate_parse_accepts_dates_and_iso8601(void **state)
{
    static const struct parse_case cases[] = {
        {"2026-03-01", 0, "2026-03-01T00:00:00Z"},
        {"2026-03-01", 1, "2026-03-01T23:59:59Z"},
        {"2026-03-01T10:20", 0, "2026-03-01T10:20:00Z"},
        {"2026-03-01T10:20:30", 1, "2026-03-01T10:20:30Z"},
        {"2026-03-01 10:20:30Z", 0, "2026-03-01T10:20:30Z"},
        {"2026-03-01T10:20:30.123456Z", 0, "2026-03-01T10:20:30Z"},
        {"2026-03-01T09:00:00+09:00", 0, "2026-03-01T00:00:00Z"},
        {"2026-03-01T08:00:00+0900", 0, "2026-02-28T23:00:00Z"},
        {"2026-03-01T20:00:00-05", 0, "2026-03-02T01:00:00Z"},
        {"2024-02-29", 0, "2024-02-29T00:00:00Z"},
        {"2026-12-31T23:59:60Z", 0, "2026-12-31T23:59:59Z"},
        {"2026-02-29", 0, NULL},
        {"2026-13-01", 0, NULL},
        {"2026-00-10", 0, NULL},
        {"2026-04-31", 0, NULL},
        {"2026-3-1", 0, NULL},
        {"20260301", 0, NULL},
        {"2026-03-01T25:00", 0, NULL},
        {"2026-03-01T10:61", 0, NULL},
        {"2026-03-01T10", 0, NULL},
        {"2026-03-01T10:00:00+9", 0, NULL},
        {"2026-03-01T10:00:00 junk", 0, NULL},
        {"2026-03-01x", 0, NULL},
        {"yesterday", 0, NULL},
        {"", 0, NULL},
        {"1969-12-31", 0, NULL},
    };
    char out[CRM_ISODATE_LEN + 1];
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc;

        memcpy(out, "untouched", 10);
        rc = crm_isodate_parse(cases[i].in, cases[i].end_of_day, out);
        if (cases[i].want == NULL && (rc != CRM_EPARSE || strcmp(out, "untouched") != 0))
            fail_msg("\"%s\": got %d \"%s\", want CRM_EPARSE", cases[i].in, rc, out);
        if (cases[i].want != NULL && (rc != CRM_OK || strcmp(out, cases[i].want) != 0))
            fail_msg("\"%s\": got %d \"%s\", want \"%s\"", cases[i].in, rc, out, cases[i].want);
    }
}

static void
isodate_format_writes_utc_text(void **state)
{
    char out[CRM_ISODATE_LEN + 1];

    crm_isodate_format(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    crm_isodate_format(1772323200, out);
    assert_string_equal(out, "2026-03-01T00:00:00Z");
    crm_isodate_now(out);
    assert_int_equal(strlen(out), CRM_ISODATE_LEN);
    assert_int_equal(out[10], 'T');
    assert_int_equal(out[19], 'Z');
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(isodate_parse_accepts_dates_and_iso8601),
        cmocka_unit_test(isodate_format_writes_utc_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
