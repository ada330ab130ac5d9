/* entitle.c - the free-hire entitlement arithmetic */
#include "entitle.h"

/* entitle_per - the rule parameter, never 0 */
static int64_t
entitle_per(unsigned referrals_per_slot)
{
    return referrals_per_slot == 0 ? 1 : (int64_t)referrals_per_slot;
}

/* crm_entitle_earned - floor(referred / per) */
int64_t
crm_entitle_earned(int64_t referred, unsigned referrals_per_slot)
{
    return referred <= 0 ? 0 : referred / entitle_per(referrals_per_slot);
}

/* crm_entitle_slot_at - whether the ordinal-th candidate completes a slot */
int
crm_entitle_slot_at(int64_t ordinal, unsigned referrals_per_slot)
{
    return crm_entitle_earned(ordinal, referrals_per_slot) !=
           crm_entitle_earned(ordinal - 1, referrals_per_slot);
}

/* crm_entitle_change - a ledger entry's effect on available */
int64_t
crm_entitle_change(int redeem, int64_t amount)
{
    return redeem ? -amount : amount;
}

/* crm_entitle_compute - the whole balance */
void
crm_entitle_compute(int64_t referred, int64_t invitations, int64_t redeemed, int64_t adjusted,
                    unsigned referrals_per_slot, struct crm_balance *b)
{
    int64_t per = entitle_per(referrals_per_slot);

    b->referred = referred;
    b->invitations = invitations;
    b->earned = crm_entitle_earned(referred, referrals_per_slot);
    b->redeemed = redeemed;
    b->adjusted = adjusted;
    b->available = b->earned + crm_entitle_change(1, redeemed) + crm_entitle_change(0, adjusted);
    b->next_slot_in = per - (referred > 0 ? referred % per : 0);
    b->referrals_per_slot = per;
}
