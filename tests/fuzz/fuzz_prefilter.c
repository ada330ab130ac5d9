/*
 * fuzz_prefilter.c - libFuzzer target for lib/prefilter: soundness.
 *
 * The input is PATTERN, a NUL byte, then TEXT. When pcre2 compiles PATTERN
 * as lib/rules.c does (UTF, caseless) and finds a match in TEXT, the
 * prefilter must not rule TEXT out, nor the matched span alone. Any input
 * must be analysed without a crash or a leak. A violated property aborts,
 * which libFuzzer (and replay_main) report.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "prefilter.h"

static struct crm_pf_text fuzz_set;

/* fuzz_check - abort when a property does not hold */
static void
fuzz_check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t plen = nul ? (size_t)(nul - data) : size;
    const char *text = nul ? (const char *)nul + 1 : "";
    size_t tlen = nul ? size - plen - 1 : 0;
    struct crm_pf *pf = NULL;
    pcre2_code *re;
    pcre2_match_data *md;
    int ec;
    PCRE2_SIZE eo;

    if (crm_pf_analyze((const char *)data, plen, &pf) != CRM_OK)
        return 0; /* out of memory */
    re = pcre2_compile((PCRE2_SPTR)data, plen, PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C,
                       &ec, &eo, NULL);
    md = re != NULL ? pcre2_match_data_create(1, NULL) : NULL;
    if (md != NULL) {
        pcre2_match_context *mc = pcre2_match_context_create(NULL);
        int rc;
        pcre2_set_match_limit(mc, 100000);
        rc = pcre2_match(re, (PCRE2_SPTR)text, tlen, 0, 0, md, mc);
        if (rc >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            crm_pf_text_build(&fuzz_set, text, tlen);
            fuzz_check(crm_pf_may_match(pf, &fuzz_set));
            if (ov[0] <= ov[1]) { /* \K can put the start after the end */
                crm_pf_text_build(&fuzz_set, text + ov[0], ov[1] - ov[0]);
                fuzz_check(crm_pf_may_match(pf, &fuzz_set));
            }
        }
        pcre2_match_context_free(mc);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    crm_pf_free(pf);
    return 0;
}
