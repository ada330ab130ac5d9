/* log.c - syslog and stderr sinks */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static atomic_int log_level = CRM_LOG_INFO;
static atomic_int log_to_syslog = 0;
static char log_ident[64] = "careerrelay";

/* crm_log_open - choose the sink */
void
crm_log_open(const char *ident, int facility, int to_stderr)
{
    snprintf(log_ident, sizeof(log_ident), "%s", ident ? ident : "careerrelay");
    if (!to_stderr) {
        openlog(log_ident, LOG_PID | LOG_NDELAY, facility);
        atomic_store(&log_to_syslog, 1);
    } else {
        atomic_store(&log_to_syslog, 0);
    }
}

/* crm_log_facility - facility by name */
int
crm_log_facility(const char *name)
{
    static const struct {
        const char *name;
        int fac;
    } tab[] = {{"mail", LOG_MAIL},     {"daemon", LOG_DAEMON}, {"user", LOG_USER},
               {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
               {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
               {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
    size_t i;

    for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (strcasecmp(name, tab[i].name) == 0)
            return tab[i].fac;
    return -1;
}

/* crm_log_set_level - minimum level */
void
crm_log_set_level(int level)
{
    atomic_store(&log_level, level);
}

/* crm_log_close - close syslog */
void
crm_log_close(void)
{
    if (atomic_load(&log_to_syslog))
        closelog();
}

/* log_vwrite - one line to the sink */
static void CRM_PRINTF(2, 0) log_vwrite(int level, const char *fmt, va_list ap)
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    static const int prio[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR};
    char line[2048];
    int n;

    if (level < atomic_load(&log_level))
        return;
    vsnprintf(line, sizeof(line), fmt, ap);
    if (atomic_load(&log_to_syslog)) {
        syslog(prio[level], "%s", line);
        return;
    }
    {
        char out[2200];
        n = snprintf(out, sizeof(out), "%s[%ld]: %s: %s\n", log_ident, (long)getpid(), names[level],
                     line);
        if (n > (int)sizeof(out) - 1) {
            n = (int)sizeof(out) - 1;
            out[n - 1] = '\n';
        }
        if (write(STDERR_FILENO, out, (size_t)n) < 0)
            return;
    }
}

#define LOG_FN(fn, level)                                                                          \
    void fn(const char *fmt, ...)                                                                  \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        log_vwrite(level, fmt, ap);                                                                \
        va_end(ap);                                                                                \
    }

LOG_FN(crm_log_debug, CRM_LOG_DEBUG)
LOG_FN(crm_log_info, CRM_LOG_INFO)
LOG_FN(crm_log_warn, CRM_LOG_WARN)
LOG_FN(crm_log_error, CRM_LOG_ERROR)

/* crm_panic - programming error: log and abort */
void
crm_panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_vwrite(CRM_LOG_ERROR, fmt, ap);
    va_end(ap);
    abort();
}
