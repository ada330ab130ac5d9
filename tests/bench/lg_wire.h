/*
 * lg_wire.h - the MTA side of one milter connection, as bytes: buffered
 * packet output and packet input with timeouts (crm-bench-load).
 *
 * A packet is a 4-byte big-endian length (command byte + data), the command
 * byte, then the data. Output is queued in a buffer and written when the
 * buffer fills or before a reply is awaited, the way Postfix's VSTREAM does,
 * so steps without a reply (SMFIP_NR_*) cost no extra system call.
 *
 * The bench tools are deliberately standalone (libc only, not crm_core), so
 * the load generator and the baseline build and behave the same whatever
 * state the project library is in; they use malloc/free directly.
 *
 * Ownership: struct lg_wire is caller-embedded; lg_wire_open/lg_wire_close.
 *   Data returned by lg_wire_get stays valid until the next call on the wire.
 * Thread safety: one wire per thread.
 * Errors: functions return 0 or -1; the cause is in w->err (one line).
 */
#ifndef LG_WIRE_H
#define LG_WIRE_H

#include <stddef.h>
#include <sys/uio.h>

#define LG_WIRE_MAX_PACKET (4u * 1024 * 1024) /* largest reply accepted */

struct lg_wire {
    int fd;
    int timeout_ms;    /* per read/write wait */
    unsigned char *in; /* input buffer */
    size_t in_cap, in_start, in_end;
    unsigned char *out; /* output buffer */
    size_t out_cap, out_len;
    unsigned long long bytes_out, bytes_in;
    char err[256];
};

/* lg_wire_open - connect to SPEC: unix:/path, local:/path, /path,
 * inet:port@host, inet:port, inet6:port@host; 0 or -1 */
int lg_wire_open(struct lg_wire *w, const char *spec, int timeout_ms);
/* lg_wire_close - close the socket and free the buffers (idempotent) */
void lg_wire_close(struct lg_wire *w);
/* lg_wire_putv - queue one packet: cmd followed by the n segments */
int lg_wire_putv(struct lg_wire *w, int cmd, const struct iovec *seg, int n);
/* lg_wire_put - queue one packet with a single data segment (len may be 0) */
int lg_wire_put(struct lg_wire *w, int cmd, const void *data, size_t len);
/* lg_wire_flush - write everything queued */
int lg_wire_flush(struct lg_wire *w);
/* lg_wire_get - flush, then read one packet: OUT cmd, data, len */
int lg_wire_get(struct lg_wire *w, int *cmd, const unsigned char **data, size_t *len);

#endif
