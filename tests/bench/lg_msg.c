/*
 * lg_msg.c - load an .eml and split it the way an MTA presents it to a
 * milter (see lg_msg.h).
 */
#include "lg_msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* msg_read_file - whole file into a new buffer (NUL-terminated) */
static char *
msg_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    long sz;

    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, errlen, "%s: cannot size the file", path);
    } else if ((size_t)sz > LG_MSG_MAX_FILE) {
        snprintf(err, errlen, "%s: larger than %u bytes", path, LG_MSG_MAX_FILE);
    } else if ((p = malloc((size_t)sz + 1)) == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else if (fread(p, 1, (size_t)sz, f) != (size_t)sz) {
        snprintf(err, errlen, "%s: read error", path);
        free(p);
        p = NULL;
    } else {
        p[sz] = '\0';
        *len = (size_t)sz;
    }
    fclose(f);
    return p;
}

/* msg_line - the line at *pos (without CR LF); advances *pos past it */
static size_t
msg_line(const char *buf, size_t len, size_t *pos, const char **line)
{
    const char *s = buf + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - s) : len - *pos;

    *line = s;
    *pos += nl ? n + 1 : n;
    if (n > 0 && s[n - 1] == '\r')
        n--;
    return n;
}

/* msg_field_name_len - length of the field name if line starts a field, else 0 */
static size_t
msg_field_name_len(const char *line, size_t n)
{
    size_t i = 0;

    while (i < n && line[i] > ' ' && line[i] < 127 && line[i] != ':')
        i++;
    if (i == 0)
        return 0;
    {
        size_t j = i;
        while (j < n && (line[j] == ' ' || line[j] == '\t'))
            j++;
        if (j >= n || line[j] != ':')
            return 0;
    }
    return i;
}

/* msg_add_field - append name\0value\0 to the store, record the field */
static int
msg_add_field(struct lg_msg *m, size_t *cap, char **sp, const char *line, size_t n, size_t nlen)
{
    const char *colon = memchr(line, ':', n);
    size_t vlen = n - (size_t)(colon + 1 - line);
    char *s = *sp;

    if (m->nhdrs == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        struct lg_hdr *h = realloc(m->hdrs, nc * sizeof *h);
        if (h == NULL)
            return -1;
        m->hdrs = h;
        *cap = nc;
    }
    memcpy(s, line, nlen);
    s[nlen] = '\0';
    m->hdrs[m->nhdrs].name = s;
    m->hdrs[m->nhdrs].name_len = nlen;
    s += nlen + 1;
    memcpy(s, colon + 1, vlen);
    s[vlen] = '\0';
    m->hdrs[m->nhdrs].value = s;
    m->hdrs[m->nhdrs].value_len = vlen;
    m->nhdrs++;
    *sp = s + vlen + 1;
    return 0;
}

/* msg_continue_field - append "\n" + continuation line to the last value */
static void
msg_continue_field(struct lg_msg *m, char **sp, const char *line, size_t n)
{
    struct lg_hdr *h = &m->hdrs[m->nhdrs - 1];
    char *s = *sp - 1; /* over the value's NUL */

    *s++ = '\n';
    memcpy(s, line, n);
    s[n] = '\0';
    h->value_len += 1 + n;
    *sp = s + n + 1;
}

/* msg_body - copy the body from pos with every line ending in CRLF */
static int
msg_body(struct lg_msg *m, const char *buf, size_t len, size_t pos)
{
    char *d = malloc(2 * (len - pos) + 3);
    size_t o = 0;

    if (d == NULL)
        return -1;
    while (pos < len) {
        const char *line;
        size_t n = msg_line(buf, len, &pos, &line);
        memcpy(d + o, line, n);
        o += n;
        d[o++] = '\r';
        d[o++] = '\n';
    }
    d[o] = '\0';
    m->body = d;
    m->body_len = o;
    return 0;
}

/* lg_msg_load - read and split one message */
int
lg_msg_load(const char *path, struct lg_msg *m, char *err, size_t errlen)
{
    size_t len = 0, pos = 0, cap = 0;
    char *buf, *sp;

    memset(m, 0, sizeof *m);
    if ((buf = msg_read_file(path, &len, err, errlen)) == NULL)
        return -1;
    m->file_size = len;
    m->path = strdup(path);
    m->store = malloc(len + 2 * (len / 2 + 1) + 16);
    if (m->path == NULL || m->store == NULL)
        goto nomem;
    sp = m->store;
    if (len >= 5 && memcmp(buf, "From ", 5) == 0) {
        const char *line;
        msg_line(buf, len, &pos, &line);
    }
    while (pos < len) {
        const char *line;
        size_t save = pos, nlen;
        size_t n = msg_line(buf, len, &pos, &line);
        if (n == 0)
            break; /* the empty line: the body follows */
        if ((line[0] == ' ' || line[0] == '\t') && m->nhdrs > 0) {
            msg_continue_field(m, &sp, line, n);
        } else if ((nlen = msg_field_name_len(line, n)) > 0) {
            if (msg_add_field(m, &cap, &sp, line, n, nlen) != 0)
                goto nomem;
        } else {
            pos = save; /* not a header line: the body starts here */
            break;
        }
    }
    if (msg_body(m, buf, len, pos) != 0)
        goto nomem;
    free(buf);
    return 0;
nomem:
    snprintf(err, errlen, "%s: out of memory", path);
    free(buf);
    lg_msg_free(m);
    return -1;
}

/* lg_msg_free - release everything */
void
lg_msg_free(struct lg_msg *m)
{
    free(m->path);
    free(m->store);
    free(m->hdrs);
    free(m->body);
    memset(m, 0, sizeof *m);
}
