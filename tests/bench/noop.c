/*
 * noop.c - crm-bench-noop: the baseline of the benchmark, a libmilter filter
 * that does nothing. Every callback is present and returns SMFIS_CONTINUE
 * (xxfi_body included, so the MTA sends the whole message), no actions are
 * requested and nothing is negotiated away: this is what an administrator's
 * "empty" milter costs.
 *
 *   crm-bench-noop -p SOCKET [-T TIMEOUT]
 *
 * It runs in the foreground until SIGTERM/SIGINT (libmilter stops smfi_main).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

/* noop_connect - nothing to do */
static sfsistat
noop_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    (void)ctx;
    (void)host;
    (void)addr;
    return SMFIS_CONTINUE;
}

/* noop_helo - nothing to do */
static sfsistat
noop_helo(SMFICTX *ctx, char *helo)
{
    (void)ctx;
    (void)helo;
    return SMFIS_CONTINUE;
}

/* noop_argv - envelope callbacks: nothing to do */
static sfsistat
noop_argv(SMFICTX *ctx, char **argv)
{
    (void)ctx;
    (void)argv;
    return SMFIS_CONTINUE;
}

/* noop_header - nothing to do */
static sfsistat
noop_header(SMFICTX *ctx, char *name, char *value)
{
    (void)ctx;
    (void)name;
    (void)value;
    return SMFIS_CONTINUE;
}

/* noop_ctx - eoh, eom, abort, close, data: nothing to do */
static sfsistat
noop_ctx(SMFICTX *ctx)
{
    (void)ctx;
    return SMFIS_CONTINUE;
}

/* noop_body - a body chunk: nothing to do */
static sfsistat
noop_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    (void)ctx;
    (void)chunk;
    (void)len;
    return SMFIS_CONTINUE;
}

/* noop_unknown - nothing to do */
static sfsistat
noop_unknown(SMFICTX *ctx, const char *cmd)
{
    (void)ctx;
    (void)cmd;
    return SMFIS_CONTINUE;
}

/* main - -p SOCKET [-T TIMEOUT]; register and run */
int
main(int argc, char **argv)
{
    struct smfiDesc desc = {
        .xxfi_name = "crm-bench-noop",
        .xxfi_version = SMFI_VERSION,
        .xxfi_flags = 0,
        .xxfi_connect = noop_connect,
        .xxfi_helo = noop_helo,
        .xxfi_envfrom = noop_argv,
        .xxfi_envrcpt = noop_argv,
        .xxfi_header = noop_header,
        .xxfi_eoh = noop_ctx,
        .xxfi_body = noop_body,
        .xxfi_eom = noop_ctx,
        .xxfi_abort = noop_ctx,
        .xxfi_close = noop_ctx,
        .xxfi_unknown = noop_unknown,
        .xxfi_data = noop_ctx,
        .xxfi_negotiate = NULL,
    };
    const char *sock = NULL;
    int ch, timeout = 0;

    while ((ch = getopt(argc, argv, "p:T:")) != -1) {
        if (ch == 'p') {
            sock = optarg;
        } else if (ch == 'T') {
            timeout = (int)strtol(optarg, NULL, 10);
        } else {
            sock = NULL;
            break;
        }
    }
    if (sock == NULL || optind != argc) {
        fprintf(stderr, "usage: crm-bench-noop -p SOCKET [-T TIMEOUT]\n");
        return 2;
    }
    if (strncmp(sock, "unix:", 5) == 0 || strncmp(sock, "local:", 6) == 0)
        (void)unlink(strchr(sock, ':') + 1);
    if (smfi_setconn((char *)sock) == MI_FAILURE || smfi_register(desc) == MI_FAILURE ||
        (timeout > 0 && smfi_settimeout(timeout) == MI_FAILURE)) {
        fprintf(stderr, "crm-bench-noop: cannot set up libmilter on %s\n", sock);
        return 1;
    }
    if (smfi_opensocket(1) == MI_FAILURE) {
        fprintf(stderr, "crm-bench-noop: cannot open %s\n", sock);
        return 1;
    }
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}
