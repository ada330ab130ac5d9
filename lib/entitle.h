/*
 * entitle.h - the free-hire entitlement rules, in one place.
 *
 *   referred     = distinct candidates ever invited (one candidate = one
 *                  normalised address, lib/addr.h: the whole address is
 *                  lower-cased, so the local part is compared ASCII
 *                  case-insensitively and nothing else is rewritten; the
 *                  ledger's candidate table enforces the same with
 *                  COLLATE NOCASE). A candidate invited twice -- a retried
 *                  delivery, a second rejection, the same address in To and
 *                  Cc -- counts once.
 *   earned       = floor(referred / referrals_per_slot)
 *   available    = earned - redeemed + adjusted   (may be negative after a
 *                  negative adjustment)
 *   next_slot_in = referrals_per_slot - referred % referrals_per_slot
 *                  (candidates still needed for the next slot; never 0)
 *
 * In reports, a slot is earned by the candidate whose rank in order of first
 * invitation is a multiple of referrals_per_slot (the 10th, 20th, ...), so the
 * slots per month add up to the total: crm_entitle_slot_at.
 *
 * Ownership: plain values. Thread safety: pure functions.
 * Errors: none; a referrals_per_slot of 0 is treated as 1.
 */
#ifndef CRM_ENTITLE_H
#define CRM_ENTITLE_H

#include <stdint.h>

#define CRM_REFERRALS_PER_SLOT_DEFAULT 10

struct crm_balance {
    int64_t referred;    /* distinct candidates */
    int64_t invitations; /* invitations recorded (messages) */
    int64_t earned;
    int64_t redeemed; /* slots spent */
    int64_t adjusted; /* sum of manual corrections, signed */
    int64_t available;
    int64_t next_slot_in;
    int64_t referrals_per_slot;
};

/*
 * crm_entitle_compute - fill OUT b from the counted facts (referred,
 * invitations, redeemed, adjusted) and the rule parameter.
 */
void crm_entitle_compute(int64_t referred, int64_t invitations, int64_t redeemed, int64_t adjusted,
                         unsigned referrals_per_slot, struct crm_balance *b);
/* crm_entitle_earned - slots earned by `referred` distinct candidates */
int64_t crm_entitle_earned(int64_t referred, unsigned referrals_per_slot);
/*
 * crm_entitle_change - the effect of one ledger entry on the available
 * slots: a redemption (redeem = 1) of amount slots takes them away, an
 * adjustment of signed amount adds it.
 */
int64_t crm_entitle_change(int redeem, int64_t amount);
/* crm_entitle_slot_at - 1 if the candidate of rank `ordinal` (1-based) earns a slot */
int crm_entitle_slot_at(int64_t ordinal, unsigned referrals_per_slot);

#endif
