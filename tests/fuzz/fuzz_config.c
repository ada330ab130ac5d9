/*
 * fuzz_config.c - libFuzzer target for the configuration parser.
 *
 * The input is a careerrelay.conf. "@D@" in it stands for a private fixture
 * directory holding a small rules file (r.rules) and a templates directory
 * (t/ with all four templates), so the fuzzer can reach the Rules and
 * Templates loaders; inputs naming /dev, /proc, /sys or /run are skipped (a
 * FIFO or a terminal would block the read). The input is written to a temp
 * file and given to crm_config_load. Properties (a violation aborts):
 *   - on success: the config carries rules and templates, and its dump
 *     (crm_config_dump, a display format, not a config file) has one
 *     "Key value" line per key, each starting with a letter;
 *   - on failure: *out stays NULL, err.code is the status and err.msg is set.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "config.h"

#define FUZZ_MAX (1u << 20)

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

/* fuzz_put - write n bytes to path */
static void
fuzz_put(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    fuzz_check(f != NULL);
    fuzz_check(n == 0 || fwrite(p, 1, n, f) == n);
    fuzz_check(fclose(f) == 0);
}

static char fuzz_fixture[64]; /* the fixture directory, "" until made */

/* fuzz_fixture_file - fuzz_fixture "/" rel into path */
static const char *
fuzz_fixture_file(char *path, size_t n, const char *rel)
{
    snprintf(path, n, "%s/%s", fuzz_fixture, rel);
    return path;
}

/* fuzz_cleanup - remove the fixture directory at exit */
static void
fuzz_cleanup(void)
{
    static const char *const files[] = {"c.conf",    "r.rules",   "t/en.txt", "t/ja.txt",
                                        "t/en.html", "t/ja.html", "t",        ""};
    char path[128];
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        remove(fuzz_fixture_file(path, sizeof(path), files[i]));
}

/* fuzz_dir - the fixture directory, made once per process */
static const char *
fuzz_dir(void)
{
    static const char rules[] = "threshold 3\nrule a 2 body regret\nrule b 1 subject ^Your\n";
    static const char en[] = "From {company}:\n<{url}>\n";
    static const char ja[] = "{company}\xE3\x81\x8B\xE3\x82\x89\n<{url}>\n";
    static const char html[] = "<p>{company}</p><a href=\"{url}\">{url}</a>\n";
    char path[128];

    if (fuzz_fixture[0] != '\0')
        return fuzz_fixture;
    snprintf(fuzz_fixture, sizeof(fuzz_fixture), "/tmp/crm-fuzz-config-XXXXXX");
    fuzz_check(mkdtemp(fuzz_fixture) != NULL);
    atexit(fuzz_cleanup);
    fuzz_put(fuzz_fixture_file(path, sizeof(path), "r.rules"), rules, sizeof(rules) - 1);
    fuzz_check(mkdir(fuzz_fixture_file(path, sizeof(path), "t"), 0700) == 0);
    fuzz_put(fuzz_fixture_file(path, sizeof(path), "t/en.txt"), en, sizeof(en) - 1);
    fuzz_put(fuzz_fixture_file(path, sizeof(path), "t/ja.txt"), ja, sizeof(ja) - 1);
    fuzz_put(fuzz_fixture_file(path, sizeof(path), "t/en.html"), html, sizeof(html) - 1);
    fuzz_put(fuzz_fixture_file(path, sizeof(path), "t/ja.html"), html, sizeof(html) - 1);
    return fuzz_fixture;
}

/* fuzz_expand - the input with every "@D@" replaced by the fixture dir */
static int
fuzz_expand(const uint8_t *data, size_t size, struct crm_buf *out)
{
    const char *dir = fuzz_dir();
    size_t i;
    int rc = CRM_OK;

    crm_buf_init(out, 4 * FUZZ_MAX);
    for (i = 0; rc == CRM_OK && i < size; i++) {
        if (size - i >= 3 && memcmp(data + i, "@D@", 3) == 0) {
            rc = crm_buf_puts(out, dir);
            i += 2;
        } else {
            rc = crm_buf_putc(out, data[i]);
        }
    }
    if (rc == CRM_OK)
        rc = crm_buf_append(out, "", 0);
    return rc;
}

/* fuzz_unsafe - the input names a special filesystem */
static int
fuzz_unsafe(const struct crm_buf *b)
{
    static const char *const bad[] = {"/dev", "/proc", "/sys", "/run"};
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (memmem(b->p, b->len, bad[i], strlen(bad[i])) != NULL)
            return 1;
    return 0;
}

/* fuzz_dump_ok - every dump line is "Key value" (a letter first, a blank inside) */
static void
fuzz_dump_ok(const struct crm_buf *d)
{
    const char *p = d->p, *end = d->p + d->len, *nl;
    unsigned lines = 0;

    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        fuzz_check(nl != NULL);
        fuzz_check((*p >= 'A' && *p <= 'Z') && memchr(p, ' ', (size_t)(nl - p)) != NULL);
        p = nl + 1;
        lines++;
    }
    fuzz_check(lines >= 10);
}

/* fuzz_load - load path and check the result */
static void
fuzz_load(const char *path)
{
    struct crm_config *c = NULL;
    struct crm_err err;
    struct crm_buf dump;
    int rc;

    memset(&err, 0, sizeof(err));
    rc = crm_config_load(path, &c, &err);
    if (rc != CRM_OK) {
        fuzz_check(rc < 0 && c == NULL);
        fuzz_check(err.code == rc && err.msg[0] != '\0');
        fuzz_check(memchr(err.msg, '\0', sizeof(err.msg)) != NULL);
        return;
    }
    fuzz_check(c != NULL && c->rules != NULL && c->templates != NULL);
    crm_buf_init(&dump, 16 * FUZZ_MAX);
    fuzz_check(crm_config_dump(c, &dump) == CRM_OK);
    fuzz_dump_ok(&dump);
    crm_buf_fini(&dump);
    crm_config_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    struct crm_buf in;

    if (size > FUZZ_MAX || fuzz_expand(data, size, &in) != CRM_OK)
        return 0;
    if (fuzz_unsafe(&in)) {
        crm_buf_fini(&in);
        return 0;
    }
    snprintf(path, sizeof(path), "%s/c.conf", fuzz_dir());
    fuzz_put(path, in.p, in.len);
    crm_buf_fini(&in);
    fuzz_load(path);
    return 0;
}
