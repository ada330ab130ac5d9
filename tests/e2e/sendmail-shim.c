/*
 * sendmail-shim.c - LD_PRELOAD library that lets an unpacked Sendmail 8.17 run
 * in the end-to-end tests (tests/e2e/sendmail.sh) on a machine without DNS,
 * without a syslog daemon and with an unqualified host name.
 *
 *   gethostname()  returns SENDMAIL_SHIM_HOSTNAME (default "mta.harness.test").
 *                  Sendmail otherwise logs "My unqualified host name (vm)
 *                  unknown; sleeping for retry" and sleeps 60 s per run.
 *   openlog(), syslog(), vsyslog(), __syslog_chk(), __vsyslog_chk(), closelog()
 *                  append one line per message to the file named by
 *                  SENDMAIL_SHIM_LOG (nothing is logged when it is unset).
 *                  There is no /dev/log here.
 *
 * Both variables are read once, when the library is loaded (constructor):
 * Sendmail empties its environment early in main(), so getenv() later on
 * returns nothing. The log file is opened per line (O_APPEND), because
 * Sendmail closes descriptors, forks and changes user; the harness creates it
 * with mode 0666 so that processes running as nobody can write it too.
 *
 * This is test tooling, not product code: it keeps its settings in static
 * storage set once before main() runs, and is never linked into crm_core.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define SHIM_PATH_MAX  4096
#define SHIM_NAME_MAX  256
#define SHIM_IDENT_MAX 64
#define SHIM_LINE_MAX  4096

/* the functions this library replaces (format-checked like <syslog.h>'s) */
int gethostname(char *name, size_t len);
void openlog(const char *ident, int option, int facility);
void closelog(void);
void vsyslog(int pri, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void syslog(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void __syslog_chk(int pri, int flag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static char shim_log_path[SHIM_PATH_MAX];
static char shim_hostname[SHIM_NAME_MAX] = "mta.harness.test";
static char shim_ident[SHIM_IDENT_MAX] = "sendmail";

/* shim_copy - copy the NUL-terminated src into dst[size], truncating */
static void
shim_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* shim_init - read the settings from the environment before main() runs */
__attribute__((constructor)) static void
shim_init(void)
{
    const char *v;

    v = getenv("SENDMAIL_SHIM_LOG");
    if (v != NULL && *v != '\0')
        shim_copy(shim_log_path, sizeof(shim_log_path), v);
    v = getenv("SENDMAIL_SHIM_HOSTNAME");
    if (v != NULL && *v != '\0')
        shim_copy(shim_hostname, sizeof(shim_hostname), v);
}

/* gethostname - the configured fully qualified host name */
int
gethostname(char *name, size_t len)
{
    size_t n = strlen(shim_hostname);

    if (n + 1 > len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(name, shim_hostname, n + 1);
    return 0;
}

/* shim_vlog - append "Mon dd hh:mm:ss host ident[pid]: message" to the log */
__attribute__((format(printf, 2, 0))) static void
shim_vlog(int pri, const char *fmt, va_list ap)
{
    char line[SHIM_LINE_MAX];
    struct tm tm;
    time_t now = time(NULL);
    size_t n;
    int saved = errno, fd, k;

    (void)pri;
    if (shim_log_path[0] == '\0')
        return;
    n = strftime(line, sizeof(line), "%b %e %H:%M:%S ", localtime_r(&now, &tm));
    k = snprintf(line + n, sizeof(line) - n, "%s %s[%ld]: ", shim_hostname, shim_ident,
                 (long)getpid());
    if (k > 0 && (size_t)k < sizeof(line) - n)
        n += (size_t)k;
    errno = saved; /* for %m */
    k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    if (k > 0)
        n += (size_t)k < sizeof(line) - n - 1 ? (size_t)k : sizeof(line) - n - 2;
    line[n++] = '\n';
    fd = open(shim_log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd >= 0) {
        if (write(fd, line, n) < 0) {
            /* nowhere to report it */
        }
        close(fd);
    }
    errno = saved;
}

/* openlog - remember the ident; nothing is opened */
void
openlog(const char *ident, int option, int facility)
{
    (void)option;
    (void)facility;
    if (ident != NULL)
        shim_copy(shim_ident, sizeof(shim_ident), ident);
}

/* closelog - nothing to close */
void
closelog(void)
{
}

/* vsyslog - log one message */
void
vsyslog(int pri, const char *fmt, va_list ap)
{
    shim_vlog(pri, fmt, ap);
}

/* syslog - log one message */
void
syslog(int pri, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    shim_vlog(pri, fmt, ap);
    va_end(ap);
}

/* __vsyslog_chk - the _FORTIFY_SOURCE variant of vsyslog */
void
__vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
    (void)flag;
    shim_vlog(pri, fmt, ap);
}

/* __syslog_chk - the _FORTIFY_SOURCE variant of syslog (what Sendmail calls) */
void
__syslog_chk(int pri, int flag, const char *fmt, ...)
{
    va_list ap;

    (void)flag;
    va_start(ap, fmt);
    shim_vlog(pri, fmt, ap);
    va_end(ap);
}
