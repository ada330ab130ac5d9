/*
 * helpers.h - shared test helpers (cmocka programs).
 *
 * Ownership: returned strings are crm_malloc'd; free with crm_free.
 */
#ifndef CRM_TEST_HELPERS_H
#define CRM_TEST_HELPERS_H

#include <stddef.h>

#include "buf.h"

/* th_read_file - whole file into out (cap 64 MiB); returns 0 or -1 */
int th_read_file(const char *path, struct crm_buf *out);
/* th_write_file - write bytes; returns 0 or -1 */
int th_write_file(const char *path, const void *p, size_t n);
/* th_tmpdir - fresh private directory under $TMPDIR or /tmp; crm_free the result */
char *th_tmpdir(const char *tag);
/* th_rmtree - remove a directory tree made by th_tmpdir */
void th_rmtree(const char *dir);
/* a fresh private directory and a database path in it (dir/ledger.db) */
struct th_dbdir {
    char *dir;
    char path[512];
};

/* th_dbdir_new - a new th_dbdir under a th_tmpdir(tag); NULL on failure */
struct th_dbdir *th_dbdir_new(const char *tag);
/* th_dbdir_free - remove the directory tree and free d (NULL ok) */
void th_dbdir_free(struct th_dbdir *d);

/* th_sql_int - the first column of the first row of sql, run on a separate
 * read-only connection to the database at path; -1 when it cannot be run */
long long th_sql_int(const char *path, const char *sql);

/* th_write_templates - the four embedded templates (ja.txt, ja.html,
 * en.txt, en.html) written into the existing directory dir, all but the one
 * named skip (NULL: all four); returns 0 or -1 */
int th_write_templates(const char *dir, const char *skip);

/* th_path - CRM_SOURCE_DIR "/" rel, in a static-per-call buffer the caller provides */
const char *th_src_path(char *buf, size_t sz, const char *rel);

#endif
