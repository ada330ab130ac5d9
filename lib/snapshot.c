/* snapshot.c - reference-counted current configuration */
#include "snapshot.h"

#include <pthread.h>

#include "alloc.h"

struct crm_snapshot {
    struct crm_config *cfg;
    unsigned long refs; /* the "current" slot holds one reference */
};

static pthread_mutex_t snapshot_lock = PTHREAD_MUTEX_INITIALIZER;
static struct crm_snapshot *snapshot_current;

/* snapshot_unref - drop a reference; caller holds the lock; returns the
 * snapshot to free (outside the lock) or NULL */
static struct crm_snapshot *
snapshot_unref(struct crm_snapshot *s)
{
    if (s == NULL || --s->refs > 0)
        return NULL;
    return s;
}

/* snapshot_destroy - free a snapshot and its config */
static void
snapshot_destroy(struct crm_snapshot *s)
{
    if (s == NULL)
        return;
    crm_config_free(s->cfg);
    crm_free(s);
}

/* crm_snapshot_publish - make cfg current */
void
crm_snapshot_publish(struct crm_config *cfg)
{
    struct crm_snapshot *s = crm_calloc(1, sizeof(*s)), *old;

    if (s == NULL) {
        /* keep the running configuration; the caller's is dropped */
        crm_config_free(cfg);
        return;
    }
    s->cfg = cfg;
    s->refs = 1;
    pthread_mutex_lock(&snapshot_lock);
    old = snapshot_unref(snapshot_current);
    snapshot_current = s;
    pthread_mutex_unlock(&snapshot_lock);
    snapshot_destroy(old);
}

/* crm_snapshot_acquire - take a reference to the current one */
struct crm_snapshot *
crm_snapshot_acquire(void)
{
    struct crm_snapshot *s;

    pthread_mutex_lock(&snapshot_lock);
    s = snapshot_current;
    if (s != NULL)
        s->refs++;
    pthread_mutex_unlock(&snapshot_lock);
    return s;
}

/* crm_snapshot_config - config of a held snapshot */
const struct crm_config *
crm_snapshot_config(const struct crm_snapshot *s)
{
    return s->cfg;
}

/* crm_snapshot_release - drop a reference */
void
crm_snapshot_release(struct crm_snapshot *s)
{
    struct crm_snapshot *dead;

    if (s == NULL)
        return;
    pthread_mutex_lock(&snapshot_lock);
    dead = snapshot_unref(s);
    pthread_mutex_unlock(&snapshot_lock);
    snapshot_destroy(dead);
}

/* crm_snapshot_shutdown - drop the current one */
void
crm_snapshot_shutdown(void)
{
    struct crm_snapshot *dead;

    pthread_mutex_lock(&snapshot_lock);
    dead = snapshot_unref(snapshot_current);
    snapshot_current = NULL;
    pthread_mutex_unlock(&snapshot_lock);
    snapshot_destroy(dead);
}
