/*
 * err.h - status codes and the error message buffer used by every lib/ call.
 *
 * Contract:
 *   Every fallible function returns an int: CRM_OK (0) on success, a negative
 *   enum crm_status value on failure. It may also take a `struct crm_err *err`
 *   (which may be NULL) that receives the same code and a one-line,
 *   human-readable message ("path: cause"). Messages are truncated, never
 *   overflowed.
 *
 * Ownership: struct crm_err is caller-embedded; nothing to free.
 * Thread safety: all functions are reentrant; crm_strerror returns static text.
 */
#ifndef CRM_ERR_H
#define CRM_ERR_H

#include <stddef.h>

enum crm_status {
    CRM_OK = 0,
    CRM_ENOMEM = -1,   /* allocation failed */
    CRM_EINVAL = -2,   /* bad argument or value */
    CRM_ELIMIT = -3,   /* a size, depth or count limit was reached */
    CRM_EPARSE = -4,   /* input could not be parsed */
    CRM_EDB = -5,      /* database error */
    CRM_EIO = -6,      /* I/O error */
    CRM_ECHARSET = -7, /* charset unknown or text not representable */
    CRM_EBUSY = -8,    /* database locked past the wait */
    CRM_EVERSION = -9, /* database written by a newer version */
    CRM_ENOTFOUND = -10,
    CRM_ESTATE = -11, /* operation not allowed now (e.g. no slot available) */
    CRM_EINTERNAL = -12
};

#define CRM_ERR_MSG_MAX 256

struct crm_err {
    int code;
    char msg[CRM_ERR_MSG_MAX];
};

#define CRM_WUR          __attribute__((warn_unused_result))
#define CRM_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* crm_strerror - static description of a status code */
const char *crm_strerror(int code);

/*
 * crm_err_set - record code and a printf-formatted message in err (NULL ok).
 * Returns code, so callers can write `return crm_err_set(err, CRM_EINVAL, ...)`.
 */
int crm_err_set(struct crm_err *err, int code, const char *fmt, ...) CRM_PRINTF(3, 4);

/* crm_err_clear - reset err to CRM_OK and an empty message (NULL ok) */
void crm_err_clear(struct crm_err *err);

#endif
