/* isodate.c - UTC timestamps in ISO 8601 text form */
#include "isodate.h"

#include <stdio.h>
#include <string.h>

/* isodate_digits - n decimal digits at *p into OUT v; advances *p */
static int
isodate_digits(const char **p, int n, int *v)
{
    int i, x = 0;

    for (i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return -1;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

/* isodate_days_in - days in a month of a year */
static int
isodate_days_in(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : days[month - 1];
}

/* isodate_zone - parse "Z", "+HH:MM", "+HHMM", "+HH" (or nothing) into OUT seconds east */
static int
isodate_zone(const char *p, long *off)
{
    int sign, hh, mm = 0;

    *off = 0;
    if (*p == '\0')
        return 0;
    if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0')
        return 0;
    if (*p != '+' && *p != '-')
        return -1;
    sign = *p++ == '-' ? -1 : 1;
    if (isodate_digits(&p, 2, &hh) != 0)
        return -1;
    if (*p == ':')
        p++;
    if (*p != '\0' && isodate_digits(&p, 2, &mm) != 0)
        return -1;
    if (*p != '\0' || hh > 23 || mm > 59)
        return -1;
    *off = sign * (hh * 3600L + mm * 60L);
    return 0;
}

/* isodate_time - parse "HH:MM[:SS[.frac]]" at *p into OUT tm fields; advances *p */
static int
isodate_time(const char **p, struct tm *tm)
{
    int hh, mi, ss = 0;

    if (isodate_digits(p, 2, &hh) != 0 || **p != ':')
        return -1;
    (*p)++;
    if (isodate_digits(p, 2, &mi) != 0)
        return -1;
    if (**p == ':') {
        (*p)++;
        if (isodate_digits(p, 2, &ss) != 0)
            return -1;
        if (**p == '.' || **p == ',') {
            (*p)++;
            if (**p < '0' || **p > '9')
                return -1;
            while (**p >= '0' && **p <= '9')
                (*p)++;
        }
    }
    if (hh > 23 || mi > 59 || ss > 60)
        return -1;
    tm->tm_hour = hh;
    tm->tm_min = mi;
    tm->tm_sec = ss > 59 ? 59 : ss; /* a leap second counts as :59 */
    return 0;
}

/* crm_isodate_format - text form of t */
void
crm_isodate_format(time_t t, char out[CRM_ISODATE_LEN + 1])
{
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL ||
        strftime(out, CRM_ISODATE_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) != CRM_ISODATE_LEN)
        memcpy(out, "1970-01-01T00:00:00Z", CRM_ISODATE_LEN + 1);
}

/* crm_isodate_now - current time in text form */
void
crm_isodate_now(char out[CRM_ISODATE_LEN + 1])
{
    crm_isodate_format(time(NULL), out);
}

/* crm_isodate_parse - date or date-time into the text form */
int
crm_isodate_parse(const char *s, int end_of_day, char out[CRM_ISODATE_LEN + 1])
{
    const char *p = s;
    struct tm tm;
    int y, mo, d;
    long off = 0;
    time_t t;

    memset(&tm, 0, sizeof(tm));
    if (s == NULL || isodate_digits(&p, 4, &y) != 0 || *p++ != '-' ||
        isodate_digits(&p, 2, &mo) != 0 || *p++ != '-' || isodate_digits(&p, 2, &d) != 0)
        return CRM_EPARSE;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > isodate_days_in(y, mo))
        return CRM_EPARSE;
    if (*p == '\0') {
        if (end_of_day) {
            tm.tm_hour = 23;
            tm.tm_min = 59;
            tm.tm_sec = 59;
        }
    } else {
        if (*p != 'T' && *p != 't' && *p != ' ')
            return CRM_EPARSE;
        p++;
        if (isodate_time(&p, &tm) != 0 || isodate_zone(p, &off) != 0)
            return CRM_EPARSE;
    }
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    t = timegm(&tm);
    if (t == (time_t)-1)
        return CRM_EPARSE;
    crm_isodate_format(t - off, out);
    return CRM_OK;
}
