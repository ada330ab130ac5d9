/* alloc.c - allocation wrapper with a test-only failure hook */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long alloc_fail_at = -1; /* fail when counter reaches this */
static atomic_long alloc_counter = 0;
static atomic_int alloc_sticky = 0;

/* alloc_should_fail - fault hook */
static int
alloc_should_fail(void)
{
    long at = atomic_load_explicit(&alloc_fail_at, memory_order_relaxed);
    long n;

    if (at < 0)
        return 0;
    n = atomic_fetch_add(&alloc_counter, 1);
    if (n == at)
        return 1;
    return n > at && atomic_load(&alloc_sticky);
}

/* crm_malloc - malloc that can be made to fail */
void *
crm_malloc(size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

/* crm_calloc - calloc that can be made to fail */
void *
crm_calloc(size_t nmemb, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    if (nmemb == 0 || size == 0)
        return calloc(1, 1);
    return calloc(nmemb, size);
}

/* crm_realloc - realloc that can be made to fail; p is kept on failure */
void *
crm_realloc(void *p, size_t n)
{
    if (alloc_should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

/* crm_strdup - duplicate a C string */
char *
crm_strdup(const char *s)
{
    return crm_strndup(s, strlen(s));
}

/* crm_strndup - duplicate at most n bytes, NUL-terminated */
char *
crm_strndup(const char *s, size_t n)
{
    char *p;
    size_t len = strnlen(s, n);

    p = crm_malloc(len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* crm_free - free; NULL is a no-op */
void
crm_free(void *p)
{
    free(p);
}

/* crm_alloc_fail_after - arm the fault hook */
void
crm_alloc_fail_after(long n, int sticky)
{
    atomic_store(&alloc_counter, 0);
    atomic_store(&alloc_sticky, sticky);
    atomic_store(&alloc_fail_at, n);
}

/* crm_alloc_count - allocations since the hook was armed */
long
crm_alloc_count(void)
{
    return atomic_load(&alloc_counter);
}
