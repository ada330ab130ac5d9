/*
 * lg_wire.c - buffered milter packet I/O with timeouts (see lg_wire.h).
 */
#include "lg_wire.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define WIRE_OUT_CAP (256u * 1024)
#define WIRE_IN_CAP  (128u * 1024)

/* wire_fail - record a formatted error, return -1 */
static int
wire_fail(struct lg_wire *w, const char *what, int errnum)
{
    if (errnum != 0)
        snprintf(w->err, sizeof w->err, "%s: %s", what, strerror(errnum));
    else
        snprintf(w->err, sizeof w->err, "%s", what);
    return -1;
}

/* wire_wait - poll for events; 0 ready, -1 timeout or error */
static int
wire_wait(struct lg_wire *w, short events, const char *what)
{
    struct pollfd p = {.fd = w->fd, .events = events};
    int rc;

    do {
        rc = poll(&p, 1, w->timeout_ms);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0)
        return wire_fail(w, "poll", errno);
    if (rc == 0) {
        snprintf(w->err, sizeof w->err, "timeout after %d ms %s", w->timeout_ms, what);
        return -1;
    }
    return 0;
}

#define WIRE_RETRY_MS     10
#define WIRE_RETRY_MAX_MS 5000

/* wire_connect_unix - connect a unix-domain stream socket to path */
static int
wire_connect_unix(struct lg_wire *w, const char *path)
{
    struct sockaddr_un sa;
    size_t n = strlen(path);

    if (n == 0 || n >= sizeof sa.sun_path)
        return wire_fail(w, "unix socket path empty or too long", 0);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, n + 1);
    /* libmilter creates the socket file at bind() and listens a moment
     * later: a filter just started (or a busy one) can refuse a connection
     * briefly, and an MTA would try again; so retry for up to 5 s */
    for (int waited = 0;; waited += WIRE_RETRY_MS) {
        int e;

        w->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (w->fd < 0)
            return wire_fail(w, "socket", errno);
        if (connect(w->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return 0;
        e = errno;
        close(w->fd);
        w->fd = -1;
        if ((e != ECONNREFUSED && e != EAGAIN && e != ENOENT) || waited >= WIRE_RETRY_MAX_MS) {
            snprintf(w->err, sizeof w->err, "connect unix:%s: %s", path, strerror(e));
            return -1;
        }
        (void)poll(NULL, 0, WIRE_RETRY_MS);
    }
}

/* wire_connect_inet - connect TCP to "port@host" (host defaults to localhost) */
static int
wire_connect_inet(struct lg_wire *w, const char *spec, int family)
{
    char port[32], host[256];
    const char *at = strchr(spec, '@');
    size_t plen = at ? (size_t)(at - spec) : strlen(spec);
    struct addrinfo hints, *res = NULL, *ai;
    int rc;

    if (plen == 0 || plen >= sizeof port)
        return wire_fail(w, "inet socket: bad port", 0);
    memcpy(port, spec, plen);
    port[plen] = '\0';
    snprintf(host, sizeof host, "%s", at ? at + 1 : "localhost");
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        snprintf(w->err, sizeof w->err, "resolve %.100s port %s: %s", host, port, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        w->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (w->fd >= 0 && connect(w->fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        rc = errno;
        if (w->fd >= 0)
            close(w->fd);
        w->fd = -1;
    }
    freeaddrinfo(res);
    if (w->fd < 0) {
        snprintf(w->err, sizeof w->err, "connect %.100s port %s: %s", host, port, strerror(rc));
        return -1;
    }
    return 0;
}

/* lg_wire_open - connect and allocate the buffers */
int
lg_wire_open(struct lg_wire *w, const char *spec, int timeout_ms)
{
    int rc;

    memset(w, 0, sizeof *w);
    w->fd = -1;
    w->timeout_ms = timeout_ms;
    w->in = malloc(WIRE_IN_CAP);
    w->out = malloc(WIRE_OUT_CAP);
    if (w->in == NULL || w->out == NULL) {
        lg_wire_close(w);
        return wire_fail(w, "out of memory", 0);
    }
    w->in_cap = WIRE_IN_CAP;
    w->out_cap = WIRE_OUT_CAP;
    if (strncmp(spec, "unix:", 5) == 0 || strncmp(spec, "local:", 6) == 0)
        rc = wire_connect_unix(w, strchr(spec, ':') + 1);
    else if (strncmp(spec, "inet:", 5) == 0)
        rc = wire_connect_inet(w, spec + 5, AF_INET);
    else if (strncmp(spec, "inet6:", 6) == 0)
        rc = wire_connect_inet(w, spec + 6, AF_INET6);
    else if (spec[0] == '/')
        rc = wire_connect_unix(w, spec);
    else
        rc = wire_fail(w, "socket must be unix:/path, local:/path, inet:port@host or /path", 0);
    if (rc != 0) {
        char keep[sizeof w->err];
        memcpy(keep, w->err, sizeof keep);
        lg_wire_close(w);
        memcpy(w->err, keep, sizeof keep);
    }
    return rc;
}

/* lg_wire_close - close and free */
void
lg_wire_close(struct lg_wire *w)
{
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    free(w->in);
    free(w->out);
    w->in = w->out = NULL;
    w->in_cap = w->out_cap = w->in_start = w->in_end = w->out_len = 0;
}

/* wire_write_all - write n bytes, waiting up to the timeout for space */
static int
wire_write_all(struct lg_wire *w, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(w->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k > 0) {
            p += k;
            n -= (size_t)k;
            w->bytes_out += (unsigned long long)k;
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (wire_wait(w, POLLOUT, "writing to the filter") != 0)
                return -1;
            continue;
        }
        return wire_fail(w, "write to the filter", k < 0 ? errno : EPIPE);
    }
    return 0;
}

/* lg_wire_flush - write the queued output */
int
lg_wire_flush(struct lg_wire *w)
{
    int rc = 0;

    if (w->out_len > 0)
        rc = wire_write_all(w, w->out, w->out_len);
    w->out_len = 0;
    return rc;
}

/* lg_wire_putv - queue a packet made of n segments */
int
lg_wire_putv(struct lg_wire *w, int cmd, const struct iovec *seg, int n)
{
    size_t len = 1;
    uint32_t be;
    int i;

    if (w->fd < 0)
        return wire_fail(w, "connection is closed", 0);
    for (i = 0; i < n; i++)
        len += seg[i].iov_len;
    if (len > UINT32_MAX / 2)
        return wire_fail(w, "packet too large", 0);
    if (w->out_len + 4 + len > w->out_cap && lg_wire_flush(w) != 0)
        return -1;
    be = htonl((uint32_t)len);
    if (4 + len > w->out_cap) { /* larger than the buffer: write through */
        unsigned char hdr[5];
        memcpy(hdr, &be, 4);
        hdr[4] = (unsigned char)cmd;
        if (wire_write_all(w, hdr, 5) != 0)
            return -1;
        for (i = 0; i < n; i++)
            if (wire_write_all(w, seg[i].iov_base, seg[i].iov_len) != 0)
                return -1;
        return 0;
    }
    memcpy(w->out + w->out_len, &be, 4);
    w->out[w->out_len + 4] = (unsigned char)cmd;
    w->out_len += 5;
    for (i = 0; i < n; i++) {
        if (seg[i].iov_len > 0)
            memcpy(w->out + w->out_len, seg[i].iov_base, seg[i].iov_len);
        w->out_len += seg[i].iov_len;
    }
    return 0;
}

/* lg_wire_put - queue a packet with one data segment */
int
lg_wire_put(struct lg_wire *w, int cmd, const void *data, size_t len)
{
    struct iovec seg = {.iov_base = (void *)data, .iov_len = len};

    return lg_wire_putv(w, cmd, &seg, len > 0 ? 1 : 0);
}

/* wire_fill - make at least need bytes available from in_start */
static int
wire_fill(struct lg_wire *w, size_t need)
{
    if (w->in_start + need > w->in_cap) { /* compact, then grow if needed */
        memmove(w->in, w->in + w->in_start, w->in_end - w->in_start);
        w->in_end -= w->in_start;
        w->in_start = 0;
        if (need > w->in_cap) {
            unsigned char *p = realloc(w->in, need);
            if (p == NULL)
                return wire_fail(w, "out of memory for a reply", 0);
            w->in = p;
            w->in_cap = need;
        }
    }
    while (w->in_end - w->in_start < need) {
        ssize_t k = recv(w->fd, w->in + w->in_end, w->in_cap - w->in_end, MSG_DONTWAIT);
        if (k > 0) {
            w->in_end += (size_t)k;
            w->bytes_in += (unsigned long long)k;
            continue;
        }
        if (k == 0)
            return wire_fail(w, "the filter closed the connection", 0);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return wire_fail(w, "read from the filter", errno);
        if (wire_wait(w, POLLIN, "waiting for a reply") != 0)
            return -1;
    }
    return 0;
}

/* lg_wire_get - read one packet */
int
lg_wire_get(struct lg_wire *w, int *cmd, const unsigned char **data, size_t *len)
{
    uint32_t be;
    size_t plen;

    if (w->fd < 0)
        return wire_fail(w, "connection is closed", 0);
    if (lg_wire_flush(w) != 0 || wire_fill(w, 4) != 0)
        return -1;
    memcpy(&be, w->in + w->in_start, 4);
    plen = ntohl(be);
    if (plen < 1 || plen > LG_WIRE_MAX_PACKET) {
        snprintf(w->err, sizeof w->err, "bad reply packet length %zu (allowed 1..%u)", plen,
                 LG_WIRE_MAX_PACKET);
        return -1;
    }
    if (wire_fill(w, 4 + plen) != 0)
        return -1;
    *cmd = w->in[w->in_start + 4];
    *data = w->in + w->in_start + 5;
    *len = plen - 1;
    w->in_start += 4 + plen;
    if (w->in_start == w->in_end)
        w->in_start = w->in_end = 0;
    return 0;
}
