/* err.c - status codes and message buffer */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

/* crm_strerror - static description of a status code */
const char *
crm_strerror(int code)
{
    switch (code) {
    case CRM_OK:
        return "success";
    case CRM_ENOMEM:
        return "out of memory";
    case CRM_EINVAL:
        return "invalid argument";
    case CRM_ELIMIT:
        return "limit exceeded";
    case CRM_EPARSE:
        return "parse error";
    case CRM_EDB:
        return "database error";
    case CRM_EIO:
        return "I/O error";
    case CRM_ECHARSET:
        return "charset error";
    case CRM_EBUSY:
        return "database busy";
    case CRM_EVERSION:
        return "unsupported version";
    case CRM_ENOTFOUND:
        return "not found";
    case CRM_ESTATE:
        return "not allowed in this state";
    case CRM_EINTERNAL:
        return "internal error";
    default:
        return "unknown error";
    }
}

/* crm_err_set - record code and message */
int
crm_err_set(struct crm_err *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

/* crm_err_clear - reset */
void
crm_err_clear(struct crm_err *err)
{
    if (err == NULL)
        return;
    err->code = CRM_OK;
    err->msg[0] = '\0';
}
