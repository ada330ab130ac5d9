/*
 * lg_msg.h - a message file (.eml) prepared for the milter protocol
 * (crm-bench-load): header fields split as an MTA sends them, body in the
 * on-the-wire form.
 *
 * Header fields: folded lines are joined with "\n" (what Postfix and Sendmail
 * send for a multi-line field); the value keeps its leading white space, and
 * the sender strips one leading space unless SMFIP_HDR_LEADSPC was negotiated.
 * Body: every line ends in CRLF (as both MTAs send it); a leading mbox
 * "From " line is dropped.
 *
 * Ownership: lg_msg_load fills a caller-embedded struct; lg_msg_free releases.
 *   After loading, the message is read-only and shared by all threads.
 * Errors: lg_msg_load returns 0, or -1 with a one-line cause in err.
 */
#ifndef LG_MSG_H
#define LG_MSG_H

#include <stddef.h>

#define LG_MSG_MAX_FILE (64u * 1024 * 1024)

struct lg_hdr {
    const char *name;  /* NUL-terminated field name */
    size_t name_len;   /* without the NUL */
    const char *value; /* NUL-terminated raw value (after the colon) */
    size_t value_len;  /* without the NUL */
};

struct lg_msg {
    char *path;
    char *store; /* names and values, NUL-separated */
    struct lg_hdr *hdrs;
    size_t nhdrs;
    char *body; /* CRLF body */
    size_t body_len;
    size_t file_size;
};

/* lg_msg_load - read and split path; 0 or -1 (err filled) */
int lg_msg_load(const char *path, struct lg_msg *m, char *err, size_t errlen);
/* lg_msg_free - release a loaded message (idempotent) */
void lg_msg_free(struct lg_msg *m);

#endif
