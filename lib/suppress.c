/* suppress.c - the suppression list's lookup rule and its effect on a result */
#include "suppress.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "alloc.h"
#include "result.h"

/* crm_suppress_probe - 1 if addr or its @domain is suppressed, 0 if not, -rc on error */
int
crm_suppress_probe(struct sqlite3_stmt *st, const char *addr)
{
    const char *dom = strrchr(addr, '@');
    int rc, hit = 0;

    sqlite3_bind_text(st, 1, addr, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dom != NULL ? dom : addr, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        hit = sqlite3_column_int64(st, 0) != 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? -SQLITE_INTERNAL : -rc;
    return hit;
}

/* crm_suppress_apply - drop the suppressed candidates; none left: a pass */
void
crm_suppress_apply(struct crm_result *res, const unsigned char *kept)
{
    size_t i, n = 0;

    if (!res->inject)
        return;
    for (i = 0; i < res->ncandidates; i++) {
        if (kept[i])
            res->candidates[n++] = res->candidates[i];
        else
            crm_free(res->candidates[i]);
    }
    res->ncandidates = n;
    if (n > 0)
        return;
    crm_result_drop_changes(res);
    snprintf(res->reason, sizeof(res->reason), "suppressed");
}
