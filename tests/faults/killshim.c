/*
 * killshim.c - LD_PRELOAD shim for the fault tests: SIGKILL the process right
 * after a write-ahead log has been made durable.
 *
 * SQLite commits a WAL transaction by appending its frames to DB-wal and
 * calling fdatasync() (synchronous=FULL); once that returns, the transaction
 * survives any crash. When the file named by CRM_KILLSHIM_ARM exists, the
 * next successful fdatasync()/fsync() of a file whose name ends in "-wal"
 * removes that file and kills the process with SIGKILL, before it can return
 * to SQLite, so the invitation is committed but no edit has reached the MTA:
 * the exact moment "recorded, message not yet changed".
 *
 * When the file named by CRM_KILLSHIM_ARM_EDIT exists, the next milter reply
 * packet that adds or inserts a header (SMFIR_ADDHEADER 'h', SMFIR_INSHEADER
 * 'i', written by libmilter with writev()) is written whole, then the file is
 * removed and the process killed: the MTA has the header edit but not the body
 * replacement that follows it. CRM_KILLSHIM_ARM_BODY does the same after the
 * first body replacement packet (SMFIR_REPLBODY 'b') of a message whose new
 * body takes several packets. Only for tests.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* killshim_is_wal - whether fd is open on a "*-wal" file */
static int
killshim_is_wal(int fd)
{
    char link[64], path[4096];
    ssize_t n;

    (void)snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof(path) - 1);
    if (n < 4)
        return 0;
    path[n] = '\0';
    return strcmp(path + n - 4, "-wal") == 0;
}

/* killshim_after - the kill, when armed and fd is a WAL that was just synced */
static void
killshim_after(int fd, int rc)
{
    const char *arm = getenv("CRM_KILLSHIM_ARM");

    if (rc != 0 || arm == NULL || !killshim_is_wal(fd))
        return;
    if (unlink(arm) == 0)
        (void)kill(getpid(), SIGKILL);
}

/* fdatasync - the real one, then maybe the kill */
int
fdatasync(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int rc = real(fd);

    killshim_after(fd, rc);
    return rc;
}

/* fsync - the real one, then maybe the kill */
int
fsync(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int rc = real(fd);

    killshim_after(fd, rc);
    return rc;
}

/* writev - the real one; then maybe the kill after a header edit packet */
ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
    ssize_t (*real)(int, const struct iovec *, int) =
        (ssize_t(*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
    const char *arm_edit = getenv("CRM_KILLSHIM_ARM_EDIT");
    const char *arm_body = getenv("CRM_KILLSHIM_ARM_BODY");
    ssize_t rc = real(fd, iov, iovcnt);
    const char *hdr;

    if (rc <= 0 || iovcnt < 1 || iov[0].iov_len != 5)
        return rc;
    hdr = iov[0].iov_base; /* 4-byte length, 1-byte command */
    if (arm_edit != NULL && (hdr[4] == 'h' || hdr[4] == 'i') && unlink(arm_edit) == 0)
        (void)kill(getpid(), SIGKILL);
    if (arm_body != NULL && hdr[4] == 'b' && unlink(arm_body) == 0)
        (void)kill(getpid(), SIGKILL);
    return rc;
}
