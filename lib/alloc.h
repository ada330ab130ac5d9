/*
 * alloc.h - the one allocation wrapper of the project.
 *
 * Contract: crm_malloc/calloc/realloc/strdup/strndup return NULL on failure
 * (they never abort); callers propagate CRM_ENOMEM. crm_free(NULL) is a no-op.
 * Only alloc.c calls malloc/realloc/free (checked by tests/lint/banned.sh).
 *
 * Fault injection (tests only): crm_alloc_fail_after(n) makes the (n+1)-th
 * allocation from now on fail, and every one after it while `sticky`; n < 0
 * disables. crm_alloc_count() returns the number of allocations performed
 * since the last crm_alloc_fail_after call.
 *
 * Thread safety: allocation functions are thread-safe. The fault hook is a
 * process-wide test switch; set it only while a single thread runs lib code.
 */
#ifndef CRM_ALLOC_H
#define CRM_ALLOC_H

#include <stddef.h>

void *crm_malloc(size_t n);
void *crm_calloc(size_t nmemb, size_t size);
void *crm_realloc(void *p, size_t n);
char *crm_strdup(const char *s);
char *crm_strndup(const char *s, size_t n);
void crm_free(void *p);

/* test hook: fail allocations after n more successes (n < 0: never fail);
 * to only count, arm with a huge n (LONG_MAX) */
void crm_alloc_fail_after(long n, int sticky);
/* allocations attempted since the last crm_alloc_fail_after() */
long crm_alloc_count(void);

#endif
