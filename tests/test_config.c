/* test_config.c - careerrelay.conf parsing: defaults, values, and file:line errors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "alloc.h"
#include "config.h"
#include "helpers.h"

static char *tmpdir;

static int
setup(void **state)
{
    tmpdir = th_tmpdir("config");
    return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
    th_rmtree(tmpdir);
    crm_free(tmpdir);
    return 0;
}

/* load_text - write text to a file and load it */
static int
load_text(const char *text, struct crm_config **out, struct crm_err *err)
{
    char path[512];

    snprintf(path, sizeof(path), "%s/t.conf", tmpdir);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
    return crm_config_load(path, out, err);
}

static void
config_defaults_are_documented_values(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;

    assert_int_equal(crm_config_defaults(&c, &err), CRM_OK);
    assert_string_equal(c->socket, "unix:/run/careerrelay/careerrelay.sock");
    assert_string_equal(c->database, "/var/lib/careerrelay/careerrelay.db");
    assert_string_equal(c->invitation_url, "https://careerrelay.jp/i/{token}");
    assert_int_equal(c->referrals_per_slot, 10);
    assert_int_equal(c->max_message_size, 25u << 20);
    assert_int_equal(c->on_error, CRM_ON_ERROR_ACCEPT);
    assert_int_equal(c->umask, 07);
    assert_int_equal(c->syslog_facility, LOG_MAIL);
    assert_int_equal(c->internal_hosts.n, 2);
    assert_int_equal(c->n_internal_domains, 0);
    assert_non_null(c->rules);
    assert_non_null(c->templates);
    assert_null(c->user_id);
    crm_config_free(c);
}

static void
config_values_parse(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    struct sockaddr_in sin = {0};
    const char *text = "# comment\n"
                       "Socket inet:8895@127.0.0.1\n"
                       "  Database /tmp/x.db   # trailing comment\n"
                       "ReferralsPerSlot 5\n"
                       "InternalDomains Example.CO.JP, example.com\n"
                       "InternalDomains example.org\n"
                       "InternalHosts 10.0.0.0/8\n"
                       "Senders saiyo@example.co.jp @hr.example.com recruit*@example.com\n"
                       "MaxMessageSize 10M\n"
                       "OnError tempfail\n"
                       "UMask 027\n"
                       "LogWhy yes\n"
                       "SyslogFacility local3\n"
                       "CompanyName Example \"Corp\"\n";

    assert_int_equal(load_text(text, &c, &err), CRM_OK);
    assert_string_equal(c->socket, "inet:8895@127.0.0.1");
    assert_string_equal(c->database, "/tmp/x.db");
    assert_int_equal(c->referrals_per_slot, 5);
    assert_int_equal(c->n_internal_domains, 3);
    assert_string_equal(c->internal_domains[0], "example.co.jp");
    assert_string_equal(c->internal_domains[2], "example.org");
    assert_int_equal(c->internal_hosts.n, 1); /* replaces the default list */
    sin.sin_family = AF_INET;
    inet_pton(AF_INET, "10.1.2.3", &sin.sin_addr);
    assert_true(crm_cidr_list_match(&c->internal_hosts, (struct sockaddr *)&sin));
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    assert_false(crm_cidr_list_match(&c->internal_hosts, (struct sockaddr *)&sin));
    assert_int_equal(c->max_message_size, 10u << 20);
    assert_int_equal(c->on_error, CRM_ON_ERROR_TEMPFAIL);
    assert_int_equal(c->umask, 027);
    assert_true(c->log_why);
    assert_int_equal(c->syslog_facility, LOG_LOCAL3);
    assert_string_equal(c->company_name, "Example \"Corp\""); /* taken literally */
    assert_true(crm_config_sender_allowed(c, "saiyo@example.co.jp"));
    assert_true(crm_config_sender_allowed(c, "anyone@hr.example.com"));
    assert_true(crm_config_sender_allowed(c, "recruit-2026@example.com"));
    assert_false(crm_config_sender_allowed(c, "sales@example.com"));
    crm_config_free(c);
}

static const struct {
    const char *name;
    const char *text;
    int want_rc;
    const char *want_msg; /* after "PATH:" */
} bad_cases[] = {
    {"unknown_key", "Socket unix:/x\nNoSuchKey 1\n", CRM_EINVAL, ":2: unknown key \"NoSuchKey\""},
    {"missing_value", "Database\n", CRM_EINVAL, ":1: Database: missing value"},
    {"not_a_number", "ReferralsPerSlot ten\n", CRM_EINVAL, ":1: ReferralsPerSlot: not a number"},
    {"zero_per_slot", "\n\nReferralsPerSlot 0\n", CRM_EINVAL,
     ":3: ReferralsPerSlot: out of range 1..100000"},
    {"bad_on_error", "OnError reject\n", CRM_EINVAL, ":1: OnError: must be accept or tempfail"},
    {"bad_socket", "Socket /tmp/sock\n", CRM_EINVAL, ":1: Socket: must be unix:/path"},
    {"url_without_token", "InvitationUrl https://careerrelay.jp/i/\n", CRM_EINVAL,
     ":1: InvitationUrl: must contain {token}"},
    {"url_not_http", "InvitationUrl ftp://x/{token}\n", CRM_EINVAL,
     ":1: InvitationUrl: must start with https://"},
    {"bad_cidr", "InternalHosts 10.0.0.0/33\n", CRM_EPARSE, ":1: InternalHosts:"},
    {"bad_bool", "LogWhy maybe\n", CRM_EINVAL, ":1: LogWhy: not a boolean"},
    {"bad_umask", "UMask 089\n", CRM_EINVAL, ":1: UMask: not an octal number"},
    {"bad_facility", "SyslogFacility kern9\n", CRM_EINVAL, ":1: SyslogFacility: unknown"},
    {"unknown_user", "UserID no-such-user-xyz\n", CRM_EINVAL, ":1: UserID: no such user"},
    {"bad_size", "MaxMessageSize 10X\n", CRM_EINVAL, ":1: MaxMessageSize: not a number"},
    {"quoted_empty_company", "CompanyName \"\"\n", CRM_EINVAL,
     ":1: CompanyName: values are taken literally, quotes included"},
    {"quoted_company", "\nCompanyName \"Foo & Bar\"\n", CRM_EINVAL,
     ":2: CompanyName: values are taken literally"},
    {"quoted_path", "Database \"/tmp/x.db\"\n", CRM_EINVAL, ":1: Database: values are taken"},
    {"missing_templates_dir", "CompanyName X\nTemplates /nonexistent/templates\n", CRM_EIO,
     ":2: Templates: /nonexistent/templates: No such file or directory"},
    {"missing_rules_file", "\n\nRules /nonexistent/x.rules\n", CRM_EIO,
     ":3: Rules: /nonexistent/x.rules: No such file or directory"},
    {"company_line_too_long",
     "CompanyName An Extremely Long Company Name Incorporated Holdings Group Limited Worldwide\n",
     CRM_EPARSE, ":1: CompanyName: ja.txt:1: rendered line longer than 76 characters"},
};

static void
config_errors_name_file_and_line(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        struct crm_config *c = NULL;
        struct crm_err err = {0, ""};
        int rc = load_text(bad_cases[i].text, &c, &err);
        const char *colon = strstr(err.msg, "t.conf");

        if (rc != bad_cases[i].want_rc || colon == NULL ||
            strncmp(colon + 6, bad_cases[i].want_msg, strlen(bad_cases[i].want_msg)) != 0)
            fail_msg("%s: got rc=%d msg=\"%s\", want rc=%d msg containing \"%s\"",
                     bad_cases[i].name, rc, err.msg, bad_cases[i].want_rc, bad_cases[i].want_msg);
        assert_null(c);
    }
}

/* a single-value key given twice: the last wins, and it is warned about;
 * a list key given twice appends, silently */
static void
config_repeated_key_is_warned(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    struct crm_buf b;

    crm_buf_init(&b, 4096);
    assert_int_equal(load_text("CompanyName A\nSenders @a.example\nOnError tempfail\n"
                               "Senders @b.example\n# comment\nCompanyName B\n",
                               &c, &err),
                     CRM_OK);
    assert_string_equal(c->company_name, "B");
    assert_int_equal(c->n_senders, 2);
    assert_int_equal(crm_config_warnings(c, &b), 1);
    assert_non_null(
        strstr(crm_buf_cstr(&b), "t.conf:6: warning: CompanyName is also set at line 1"));
    assert_null(strstr(crm_buf_cstr(&b), "Senders"));
    crm_config_free(c);

    crm_buf_reset(&b);
    assert_int_equal(load_text("CompanyName A\nSenders @a.example\n", &c, &err), CRM_OK);
    assert_int_equal(crm_config_warnings(c, &b), 0);
    assert_int_equal(b.len, 0);
    crm_config_free(c);
    crm_buf_fini(&b);
}

static void
config_missing_file_is_eio(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;

    assert_int_equal(crm_config_load("/nonexistent/careerrelay.conf", &c, &err), CRM_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/careerrelay.conf: No such file"));
}

static void
config_bad_rules_file_is_reported(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    char text[600];

    snprintf(text, sizeof(text), "Rules %s/none.rules\n", tmpdir);
    assert_int_not_equal(load_text(text, &c, &err), CRM_OK);
    assert_non_null(strstr(err.msg, "none.rules"));
    assert_null(c);
}

/* write_templates - dir made, with the embedded templates, all but skip (NULL: all four) */
static void
write_templates(const char *dir, const char *skip)
{
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(th_write_templates(dir, skip), 0);
}

static void
config_templates_dir_lacking_a_file_names_line_and_file(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    char dir[512], text[700], want[1300];

    snprintf(dir, sizeof(dir), "%s/partial", tmpdir);
    write_templates(dir, "en.html");
    snprintf(text, sizeof(text), "# no fallback\nCompanyName ACME\nTemplates %s\n", dir);
    assert_int_equal(load_text(text, &c, &err), CRM_EIO);
    snprintf(want, sizeof(want), "t.conf:3: Templates: %s/en.html: No such file or directory", dir);
    if (strstr(err.msg, want) == NULL)
        fail_msg("got [%s], want [%s]", err.msg, want);
    assert_null(c);
    th_rmtree(dir);
}

static void
config_templates_dir_complete_loads(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    char dir[512], text[700], where[600], want[600];

    snprintf(dir, sizeof(dir), "%s/full", tmpdir);
    write_templates(dir, NULL);
    snprintf(text, sizeof(text), "CompanyName ACME\n\nTemplates %s\n", dir);
    if (load_text(text, &c, &err) != CRM_OK)
        fail_msg("load: %s", err.msg);
    assert_string_equal(c->templates_dir, dir);
    crm_config_where(c, "templates", where, sizeof(where));
    snprintf(want, sizeof(want), "%s/t.conf:3", tmpdir);
    assert_string_equal(where, want);
    crm_config_where(c, "Socket", where, sizeof(where)); /* left at its default */
    snprintf(want, sizeof(want), "%s/t.conf", tmpdir);
    assert_string_equal(where, want);
    crm_config_free(c);
    th_rmtree(dir);
}

static void
config_dump_lists_every_key(void **state)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    struct crm_buf b;

    assert_int_equal(crm_config_defaults(&c, &err), CRM_OK);
    crm_buf_init(&b, 1 << 16);
    assert_int_equal(crm_config_dump(c, &b), CRM_OK);
    assert_non_null(strstr(b.p, "ReferralsPerSlot   10\n"));
    assert_non_null(strstr(b.p, "InternalHosts      127.0.0.0/8, ::1/128\n"));
    assert_non_null(strstr(b.p, "OnError            accept\n"));
    assert_non_null(strstr(b.p, "MaxMessageSize     26214400\n"));
    assert_non_null(strstr(b.p, "CompanyName        (none)\n")); /* no quotes to copy */
    assert_non_null(strstr(b.p, "PartnerId          (unset)\n"));
    crm_buf_fini(&b);
    crm_config_free(c);
}

/* crm_config_value: the typed form of every key, in dump order */
static void
config_value_kinds(void **state)
{
    static const struct {
        const char *name;
        enum crm_config_kind kind;
        const char *text;
    } want[] = {
        {"UserID", CRM_CONFIG_NULL, ""},
        {"UMask", CRM_CONFIG_STRING, "007"},
        {"CompanyName", CRM_CONFIG_STRING, ""},
        {"ReferralsPerSlot", CRM_CONFIG_NUMBER, "10"},
        {"InternalHosts", CRM_CONFIG_LIST, "127.0.0.0/8\n::1/128"},
        {"InternalDomains", CRM_CONFIG_LIST, ""},
        {"OnError", CRM_CONFIG_STRING, "accept"},
        {"DryRun", CRM_CONFIG_BOOL, "no"},
    };
    struct crm_config *c = NULL;
    enum crm_config_kind kind;
    struct crm_err err;
    struct crm_buf b, dump;
    const char *name;
    size_t i, k, lines = 0, found = 0;

    (void)state;
    assert_int_equal(crm_config_defaults(&c, &err), CRM_OK);
    crm_buf_init(&dump, 1 << 16);
    assert_int_equal(crm_config_dump(c, &dump), CRM_OK);
    for (k = 0; k < dump.len; k++)
        lines += dump.p[k] == '\n';
    crm_buf_init(&b, 1 << 16);
    for (i = 0;; i++) {
        crm_buf_reset(&b);
        if (crm_config_value(c, i, &name, &kind, &b) == CRM_ENOTFOUND)
            break;
        assert_non_null(strstr(dump.p, name));
        for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
            if (strcmp(name, want[k].name) != 0)
                continue;
            found++;
            if (kind != want[k].kind || strcmp(crm_buf_cstr(&b), want[k].text) != 0)
                fail_msg("%s: kind %d \"%s\", want %d \"%s\"", name, (int)kind, crm_buf_cstr(&b),
                         (int)want[k].kind, want[k].text);
        }
    }
    assert_int_equal(i, lines); /* one value per line of the dump */
    assert_int_equal(found, sizeof(want) / sizeof(want[0]));
    crm_buf_fini(&b);
    crm_buf_fini(&dump);
    crm_config_free(c);
}

static void
config_load_survives_every_allocation_failure(void **state)
{
    long n;

    for (n = 0;; n++) {
        struct crm_config *c = NULL;
        struct crm_err err;
        int rc;

        crm_alloc_fail_after(n, 1);
        rc = load_text("InternalDomains a.example b.example\nCompanyName X\n", &c, &err);
        crm_alloc_fail_after(-1, 0);
        if (rc == CRM_OK) {
            crm_config_free(c);
            break;
        }
        assert_null(c);
        assert_true(n < 100000);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_defaults_are_documented_values),
        cmocka_unit_test(config_value_kinds),
        cmocka_unit_test(config_values_parse),
        cmocka_unit_test(config_errors_name_file_and_line),
        cmocka_unit_test(config_repeated_key_is_warned),
        cmocka_unit_test(config_missing_file_is_eio),
        cmocka_unit_test(config_bad_rules_file_is_reported),
        cmocka_unit_test(config_templates_dir_lacking_a_file_names_line_and_file),
        cmocka_unit_test(config_templates_dir_complete_loads),
        cmocka_unit_test(config_dump_lists_every_key),
        cmocka_unit_test(config_load_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
