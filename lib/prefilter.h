/*
 * prefilter.h - literal prefilter for the rules: the strings every match of
 * a PCRE2 pattern must contain, and a cheap test of whether a text could
 * contain them.
 *
 * crm_pf_analyze reads a pattern (as compiled by lib/rules.c: PCRE2_UTF |
 * PCRE2_CASELESS, no PCRE2_EXTENDED) and derives a need: clauses that must
 * all hold, each a set of strings of which at least one occurs, verbatim
 * (ASCII letters in either case), inside every match. Only a documented
 * subset of the syntax is analysed: literals, escaped punctuation, classes,
 * '.', \s \d \w \h \v \R \N \X \p{..} and their negations, backreferences
 * \1-\9, the zero-width items (^ $ \b \B \A \z \Z \G, lookarounds, option
 * settings without x, comments), groups (capturing, named, non-capturing,
 * atomic, branch reset, with options), alternation and the quantifiers
 * ? * + {n} {n,} {n,m} with lazy or possessive suffixes. Anything else
 * (verbs "(*...)", \Q..\E, \x, \g, \k, \K, recursion, conditionals, the x
 * option, a '{' that is not a quantifier) gives no need: the rule always
 * runs. A literal counts only when caseless matching cannot give it another
 * form: printable ASCII except K and S (PCRE2 matches them to U+212A KELVIN
 * SIGN and U+017F LONG S), and CJK symbols, kana and ideographs (U+3000-30FF,
 * U+3400-4DBF, U+4E00-9FFF). test_prefilter checks both facts against the
 * pcre2 it runs with. Any other character is treated like '.'.
 *
 * A single byte is not tested, so a clause holding one is dropped; of the
 * rest, the PF_CL_MAX clauses likely to rule out most text are kept (long
 * strings, few of them, not very common English words; strings of 2 or 3
 * bytes rank with the common words).
 *
 * crm_pf_text_build records the 4-byte sequences of a text (ASCII
 * lower-cased) in a hashed bit set, and its 2-byte sequences in a bit set
 * of all 65,536; a string is tested by its 4-byte windows, or its 2-byte
 * windows when shorter than 4 bytes.
 * crm_pf_may_match answers 0 only when some clause has no string whose
 * windows are all in the sets, so 0 means the pattern cannot match the
 * text. Hash collisions only make it answer 1 more often.
 *
 * Ownership: crm_pf_analyze returns a need the caller frees with crm_pf_free;
 *   struct crm_pf_text is caller-embedded (about 24 KB; no allocation).
 * Thread safety: a need is immutable and may be used by many threads; a
 *   crm_pf_text belongs to one thread.
 * Errors: crm_pf_analyze returns CRM_ENOMEM; a pattern it cannot analyse is
 *   not an error (*out is NULL).
 */
#ifndef CRM_PREFILTER_H
#define CRM_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define CRM_PF_LOG2_MIN 10
#define CRM_PF_LOG2_MAX 17

struct crm_pf;

/* the sequence sets of one text */
struct crm_pf_text {
    unsigned log2;                               /* the bit set in use has 1 << log2 bits */
    uint64_t bits[(1u << CRM_PF_LOG2_MAX) / 64]; /* 4-byte sequences, hashed */
    uint64_t pairs[65536 / 64];                  /* 2-byte sequences, a bit each */
};

/* crm_pf_analyze - the need of pattern pat; OUT *out NULL when none is known */
int crm_pf_analyze(const char *pat, size_t len, struct crm_pf **out) CRM_WUR;
void crm_pf_free(struct crm_pf *pf);
/* crm_pf_format - append the need as "(a|b)&(c)" (strings lower-cased) */
int crm_pf_format(const struct crm_pf *pf, struct crm_buf *out) CRM_WUR;

/* crm_pf_text_build - fill t from the len bytes of s */
void crm_pf_text_build(struct crm_pf_text *t, const char *s, size_t len);
/* crm_pf_may_match - 0 when the pattern of pf cannot match the text of t */
int crm_pf_may_match(const struct crm_pf *pf, const struct crm_pf_text *t);

#endif
