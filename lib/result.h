/*
 * result.h - internal to the engine: building a struct crm_result, and the
 * one header-block parse that both the engine and crm_result_apply use, so
 * the per-name field indexes of the edits always agree.
 *
 * Ownership: strings passed in are copied into the result.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM.
 */
#ifndef CRM_RESULT_H
#define CRM_RESULT_H

#include <stddef.h>

#include "engine.h"
#include "hdr.h"

/* crm_result_add_edit - append a header edit (value may be NULL for DELETE) */
int crm_result_add_edit(struct crm_result *res, enum crm_hdr_op op, const char *name, int index,
                        const char *value, int internal) CRM_WUR;
/* crm_result_drop_changes - after an error: keep only the internal edits, no
 * body, no inject */
void crm_result_drop_changes(struct crm_result *res);
/* crm_result_parse_header - the top-level header fields of msg; OUT h
 * (initialised by the caller), *body_start, *anomalies */
int crm_result_parse_header(const char *msg, size_t len, struct crm_hdrs *h, size_t *body_start,
                            unsigned *anomalies) CRM_WUR;

#endif
