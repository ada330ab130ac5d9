/*
 * snapshot.h - the reference-counted current configuration.
 *
 * The daemon publishes one struct crm_config as "current". Each message
 * acquires a reference when it starts and releases it when it ends; a reload
 * swaps in a new config, and the old one is freed when its last reference
 * is released. This is the only mutable global of the program.
 *
 * Thread safety: all functions are thread-safe (one mutex).
 */
#ifndef CRM_SNAPSHOT_H
#define CRM_SNAPSHOT_H

#include "config.h"

struct crm_snapshot;

/* crm_snapshot_publish - make cfg current (takes ownership); the previous
 * one is freed once unreferenced */
void crm_snapshot_publish(struct crm_config *cfg);
/* crm_snapshot_acquire - current config with a reference held (NULL if none) */
struct crm_snapshot *crm_snapshot_acquire(void);
/* crm_snapshot_config - the config of a held snapshot */
const struct crm_config *crm_snapshot_config(const struct crm_snapshot *s);
/* crm_snapshot_release - drop a reference (NULL ok) */
void crm_snapshot_release(struct crm_snapshot *s);
/* crm_snapshot_shutdown - drop the current one (at exit) */
void crm_snapshot_shutdown(void);

#endif
