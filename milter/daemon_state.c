/* daemon_state.c - the process-wide daemon state: store handle, end-of-message work, stop */
#include "daemon.h"

#include <errno.h>
#include <string.h>

#include "alloc.h"
#include "log.h"
#include "store.h"

/* set once before smfi_main, read-only afterwards */
static struct crm_daemon *state_attached;

/* crm_daemon_init - empty state */
int
crm_daemon_init(struct crm_daemon *d, const char *db_path, unsigned busy_ms)
{
    memset(d, 0, sizeof(*d));
    d->db_path = crm_strdup(db_path != NULL ? db_path : "");
    if (d->db_path == NULL)
        return CRM_ENOMEM;
    d->busy_ms = busy_ms;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->drained, NULL);
    return CRM_OK;
}

/* crm_daemon_fini - close the store */
void
crm_daemon_fini(struct crm_daemon *d)
{
    crm_store_close(d->store);
    d->store = NULL;
    crm_free(d->db_path);
    d->db_path = NULL;
    pthread_cond_destroy(&d->drained);
    pthread_mutex_destroy(&d->lock);
}

/* crm_daemon_attach - the state the callbacks use */
void
crm_daemon_attach(struct crm_daemon *d)
{
    state_attached = d;
}

/* crm_daemon_get - the attached state */
struct crm_daemon *
crm_daemon_get(void)
{
    return state_attached;
}

/* state_open_locked - try to open the store (d->lock held) */
static int
state_open_locked(struct crm_daemon *d, struct crm_err *err)
{
    int rc;

    rc = crm_store_open(d->db_path, CRM_STORE_CREATE, d->busy_ms, &d->store, err);
    if (rc != CRM_OK) {
        d->store = NULL;
        d->next_open = time(NULL) + CRM_DAEMON_REOPEN_S;
    }
    return rc;
}

/* crm_daemon_store - the open store, opening it if needed (rate-limited) */
int
crm_daemon_store(struct crm_daemon *d, struct crm_store **out, struct crm_err *err)
{
    int rc = CRM_OK;

    *out = NULL;
    if (d == NULL)
        return crm_err_set(err, CRM_EINTERNAL, "daemon state not attached");
    pthread_mutex_lock(&d->lock);
    if (d->store == NULL) {
        if (time(NULL) < d->next_open)
            rc = crm_err_set(err, CRM_EDB, "%s: database unavailable (retry in at most %d s)",
                             d->db_path, CRM_DAEMON_REOPEN_S);
        else if ((rc = state_open_locked(d, err)) == CRM_OK)
            crm_log_info("database %s opened", d->db_path);
    }
    *out = d->store;
    pthread_mutex_unlock(&d->lock);
    return rc;
}

/* crm_daemon_store_open - first open at start-up */
void
crm_daemon_store_open(struct crm_daemon *d)
{
    struct crm_err err;

    crm_err_clear(&err);
    pthread_mutex_lock(&d->lock);
    if (state_open_locked(d, &err) != CRM_OK)
        crm_log_error("cannot open database: %s; OnError applies to every message until it "
                      "opens (retried every %d s)",
                      err.msg[0] != '\0' ? err.msg : crm_strerror(err.code), CRM_DAEMON_REOPEN_S);
    pthread_mutex_unlock(&d->lock);
}

/* crm_daemon_eom_begin - one more end-of-message callback running, unless stopping */
int
crm_daemon_eom_begin(struct crm_daemon *d)
{
    int ok;

    if (d == NULL)
        return 0;
    pthread_mutex_lock(&d->lock);
    ok = !d->stopping;
    if (ok)
        d->busy++;
    pthread_mutex_unlock(&d->lock);
    return ok;
}

/* crm_daemon_eom_end - one less */
void
crm_daemon_eom_end(struct crm_daemon *d)
{
    if (d == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    if (d->busy > 0)
        d->busy--;
    if (d->busy == 0)
        pthread_cond_broadcast(&d->drained);
    pthread_mutex_unlock(&d->lock);
}

/* crm_daemon_stopping - stop begun? */
int
crm_daemon_stopping(struct crm_daemon *d)
{
    int st;

    if (d == NULL)
        return 1;
    pthread_mutex_lock(&d->lock);
    st = d->stopping;
    pthread_mutex_unlock(&d->lock);
    return st;
}

/* crm_daemon_stop_begin - refuse new end-of-message work */
void
crm_daemon_stop_begin(struct crm_daemon *d)
{
    pthread_mutex_lock(&d->lock);
    d->stopping = 1;
    pthread_mutex_unlock(&d->lock);
}

/* crm_daemon_drain - wait for the running end-of-message callbacks */
int
crm_daemon_drain(struct crm_daemon *d, unsigned timeout_s)
{
    struct timespec until;
    int rc = 0, drained;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_s;
    pthread_mutex_lock(&d->lock);
    while (d->busy > 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&d->drained, &d->lock, &until);
    drained = d->busy == 0;
    pthread_mutex_unlock(&d->lock);
    return drained;
}
