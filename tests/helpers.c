/* helpers.c - shared test helpers */
#include "helpers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alloc.h"
#include "embedded.h"

/* th_read_file - whole file into a buffer */
int
th_read_file(const char *path, struct crm_buf *out)
{
    char chunk[65536];
    ssize_t n;
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return -1;
    crm_buf_init(out, 64u << 20);
    for (;;) {
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0) {
            close(fd);
            crm_buf_fini(out);
            return -1;
        }
        if (n == 0)
            break;
        if (crm_buf_append(out, chunk, (size_t)n) != CRM_OK) {
            close(fd);
            return -1;
        }
    }
    close(fd);
    if (out->p == NULL && crm_buf_append(out, "", 0) != CRM_OK)
        return -1;
    return 0;
}

/* th_write_file - write bytes to a new file */
int
th_write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;

    if (f == NULL)
        return -1;
    if (n > 0 && fwrite(p, 1, n, f) != n)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

/* th_write_templates - the embedded templates, all but skip, into dir */
int
th_write_templates(const char *dir, const char *skip)
{
    static const char *const names[] = {"ja.txt", "ja.html", "en.txt", "en.html"};
    const struct crm_embedded_file *ef;
    char path[1024], ename[64];
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (skip != NULL && strcmp(names[i], skip) == 0)
            continue;
        snprintf(ename, sizeof(ename), "templates/%s", names[i]);
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if ((ef = crm_embedded_find(ename)) == NULL || th_write_file(path, ef->data, ef->len) != 0)
            return -1;
    }
    return 0;
}

/* th_tmpdir - fresh private directory */
char *
th_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];

    snprintf(tmpl, sizeof(tmpl), "%s/crm-%s-XXXXXX", base ? base : "/tmp", tag);
    if (mkdtemp(tmpl) == NULL)
        return NULL;
    return crm_strdup(tmpl);
}

/* th_rmtree - remove a test directory */
void
th_rmtree(const char *dir)
{
    char cmd[1024];

    if (dir == NULL || strncmp(dir, "/tmp/", 5) != 0 || strstr(dir, "crm-") == NULL)
        return;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return;
}

/* th_src_path - path under the source tree */
const char *
th_src_path(char *buf, size_t sz, const char *rel)
{
    snprintf(buf, sz, "%s/%s", CRM_SOURCE_DIR, rel);
    return buf;
}

/* th_dbdir_new - fresh directory with a database path */
struct th_dbdir *
th_dbdir_new(const char *tag)
{
    struct th_dbdir *d = crm_calloc(1, sizeof(*d));

    if (d == NULL)
        return NULL;
    d->dir = th_tmpdir(tag);
    if (d->dir == NULL) {
        crm_free(d);
        return NULL;
    }
    snprintf(d->path, sizeof(d->path), "%s/ledger.db", d->dir);
    return d;
}

/* th_dbdir_free - remove and free */
void
th_dbdir_free(struct th_dbdir *d)
{
    if (d == NULL)
        return;
    th_rmtree(d->dir);
    crm_free(d->dir);
    crm_free(d);
}

/* th_sql_int - one integer from SQL */
long long
th_sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}
