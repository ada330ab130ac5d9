/*
 * mime_dump - print the MIME structure crm_mime_parse finds in a message.
 *
 * Usage: mime_dump FILE
 * One line per part:
 *   INDEX parent=P depth=D TYPE/SUBTYPE charset=CS cte=CTE att=A children=N
 *   body=LEN "FIRST 20 BYTES" anom=NAMES
 * then one line "anomalies=NAMES" for the whole message ("-" when none).
 * Used by the golden tests (tests/golden.sh) and the mail-samples crash test.
 * Exit status: 0 on success, 1 on usage/IO error, 2 on a parser error.
 */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "mime.h"

#include "helpers.h"

/* dump_names - comma-separated anomaly names of bits, "-" when none */
static void
dump_names(FILE *f, unsigned bits)
{
    unsigned bit;
    int first = 1;

    if (bits == 0) {
        fputs("-", f);
        return;
    }
    for (bit = 1; bit != 0; bit <<= 1) {
        if (!(bits & bit))
            continue;
        fprintf(f, "%s%s", first ? "" : ",", crm_mime_anomaly_str(bit));
        first = 0;
    }
}

/* dump_escaped - up to max bytes of p, C-escaped and quoted */
static void
dump_escaped(FILE *f, const char *p, size_t n, size_t max)
{
    size_t i;

    fputc('"', f);
    for (i = 0; i < n && i < max; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\r')
            fputs("\\r", f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 32 || c > 126)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* dump_cte - name of a transfer encoding */
static const char *
dump_cte(enum crm_cte c)
{
    static const char *const names[] = {"7bit", "8bit", "binary", "qp", "base64", "other"};

    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/* dump_part - one line for part i */
static void
dump_part(FILE *f, const struct crm_mime *m, size_t i)
{
    const struct crm_mime_part *p = &m->parts[i];

    fprintf(f, "%zu parent=%d depth=%u %s/%s charset=%s cte=%s att=%d children=%u body=%zu ", i,
            p->parent, p->depth, p->type, p->subtype, p->charset[0] ? p->charset : "-",
            dump_cte(p->cte), p->is_attachment, p->nchildren, p->body_end - p->body_start);
    dump_escaped(f, m->msg + p->body_start, p->body_end - p->body_start, 20);
    fputs(" anom=", f);
    dump_names(f, p->anomalies);
    fputc('\n', f);
}

/* main - parse FILE and print its part table */
int
main(int argc, char **argv)
{
    struct crm_buf b;
    struct crm_mime *m = NULL;
    struct crm_err err;
    size_t i;

    if (argc != 2) {
        fprintf(stderr, "usage: mime_dump FILE\n");
        return 1;
    }
    if (th_read_file(argv[1], &b) != 0) {
        fprintf(stderr, "mime_dump: cannot read %s\n", argv[1]);
        return 1;
    }
    if (crm_mime_parse(b.p, b.len, NULL, &m, &err) != CRM_OK) {
        fprintf(stderr, "mime_dump: %s\n", err.msg);
        crm_buf_fini(&b);
        return 2;
    }
    for (i = 0; i < m->nparts; i++)
        dump_part(stdout, m, i);
    fputs("anomalies=", stdout);
    dump_names(stdout, m->anomalies);
    fputc('\n', stdout);
    crm_mime_free(m);
    crm_buf_fini(&b);
    return 0;
}
