/* buf.c - bounded growable buffer */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

/* crm_buf_init - empty buffer with a cap */
void
crm_buf_init(struct crm_buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

/* crm_buf_fini - free contents */
void
crm_buf_fini(struct crm_buf *b)
{
    crm_free(b->p);
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
}

/* crm_buf_reset - empty, keep memory */
void
crm_buf_reset(struct crm_buf *b)
{
    b->len = 0;
    if (b->p != NULL)
        b->p[0] = '\0';
}

/* crm_buf_reserve - grow (doubling) so that n more bytes fit */
int
crm_buf_reserve(struct crm_buf *b, size_t n)
{
    size_t need, ncap;
    char *np;

    if (n > b->max || b->len > b->max - n) {
        crm_buf_fini(b);
        return CRM_ELIMIT;
    }
    need = b->len + n + 1;
    if (need <= b->cap)
        return CRM_OK;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
    if (ncap > b->max + 1)
        ncap = b->max + 1;
    np = crm_realloc(b->p, ncap);
    if (np == NULL) {
        crm_buf_fini(b);
        return CRM_ENOMEM;
    }
    b->p = np;
    b->cap = ncap;
    return CRM_OK;
}

/* crm_buf_append - append bytes */
int
crm_buf_append(struct crm_buf *b, const void *p, size_t n)
{
    int rc = crm_buf_reserve(b, n);

    if (rc != CRM_OK)
        return rc;
    if (n > 0)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return CRM_OK;
}

/* crm_buf_puts - append a C string */
int
crm_buf_puts(struct crm_buf *b, const char *s)
{
    return crm_buf_append(b, s, strlen(s));
}

/* crm_buf_putc - append one byte */
int
crm_buf_putc(struct crm_buf *b, int c)
{
    char ch = (char)c;

    return crm_buf_append(b, &ch, 1);
}

/* crm_buf_appendf - append formatted text */
int
crm_buf_appendf(struct crm_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        crm_buf_fini(b);
        return CRM_EINVAL;
    }
    rc = crm_buf_reserve(b, (size_t)n);
    if (rc != CRM_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CRM_OK;
}

/* crm_buf_extend - lengthen by n bytes the caller fills in */
int
crm_buf_extend(struct crm_buf *b, size_t n, char **where)
{
    int rc = crm_buf_reserve(b, n);

    if (rc != CRM_OK)
        return rc;
    *where = b->p + b->len;
    b->len += n;
    b->p[b->len] = '\0';
    return CRM_OK;
}

/* crm_buf_truncate - shorten */
void
crm_buf_truncate(struct crm_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->p[len] = '\0';
    }
}

/* crm_buf_cstr - contents or "" */
const char *
crm_buf_cstr(const struct crm_buf *b)
{
    return b->p != NULL ? b->p : "";
}

/* crm_buf_take - move contents to the caller */
char *
crm_buf_take(struct crm_buf *b, size_t *len)
{
    char *p = b->p;

    if (len != NULL)
        *len = b->len;
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
