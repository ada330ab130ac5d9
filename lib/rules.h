/*
 * rules.h - the weighted rejection rules: parse, compile (pcre2, UTF) and
 * evaluate against the features of one message.
 *
 * Rules file format (UTF-8; one directive per line; '#' starts a comment
 * line; blank lines ignored):
 *     threshold N
 *     rule ID WEIGHT TARGET PATTERN
 * ID is [A-Za-z0-9_.-]+, unique; WEIGHT a signed integer; TARGET one of
 * subject, body, sender, header:NAME; PATTERN is the rest of the line, a
 * PCRE2 pattern compiled with UTF|CASELESS (inline flags may change that).
 * \b, \w, \s and \d are ASCII classes (the text is normalised first, so
 * full-width letters, digits and U+3000 are already ASCII); start a pattern
 * with (*UCP) for Unicode classes. Each rule adds its weight at most once per
 * message.
 * A rule is not run when it cannot match: pcre2's own first- and
 * required-code-unit facts rule the text out, lib/prefilter.h finds a string
 * every match contains missing from the text (subject and body rules), or
 * the message has no field of a header rule's name. Evaluation sets those
 * positive rules aside, then runs the others (subject, sender and header
 * rules before body rules, largest weight first) while the threshold can
 * still be reached, then the negative rules, most negative first, while the
 * message is still a rejection: a rule whose result cannot change the
 * verdict is not run (verdict.partial; on a rejection every rule that can
 * match has run, so score and fired are complete). Patterns are matched
 * against normalised text (crm_text_normalize), so write them with ASCII and
 * full-width kana/kanji only. Match and depth limits are set on every match
 * so no pattern can run away; a match that hits a limit counts as no match
 * and is reported in the verdict (limit_hits).
 *
 * Ownership: crm_rules is immutable after load and freed with crm_rules_free.
 * Thread safety: a loaded crm_rules may be evaluated by many threads at once
 *   (match data is per call).
 * Errors: CRM_EPARSE with "file:line: cause" in err->msg; CRM_ENOMEM; CRM_EIO.
 */
#ifndef CRM_RULES_H
#define CRM_RULES_H

#include <stddef.h>

#include "err.h"
#include "hdr.h"
#include "str.h"

struct crm_rules;

/* the features of one message, UTF-8; crm_rules_eval normalises them
 * (crm_text_normalize) unless the caller says it already did */
struct crm_features {
    struct crm_slice subject;    /* decoded Subject */
    struct crm_slice body;       /* newest text (plain, or HTML reduced to text) */
    struct crm_slice sender;     /* envelope sender address (or From address) */
    const char *msg;             /* raw message, for header:NAME rules */
    const struct crm_hdrs *hdrs; /* top-level header fields of msg (values decoded per rule) */
    int normalized;              /* 1: subject and body are crm_text_normalize() output
                                    (valid UTF-8) and are matched as they are */
};

#define CRM_FIRED_MAX 512

struct crm_verdict {
    int score;
    int threshold;
    int is_rejection;          /* score >= threshold */
    unsigned limit_hits;       /* matches abandoned at the pcre2 limits */
    int partial;               /* evaluation stopped once the verdict was settled: score and
                                  fired cover only the rules that ran */
    char fired[CRM_FIRED_MAX]; /* "id(+6),id(-20)" in file order; truncated with "..." */
};

int crm_rules_parse(const char *text, size_t len, const char *name, struct crm_rules **out,
                    struct crm_err *err) CRM_WUR;
/* crm_rules_load - read a rules file; path NULL or "" = the embedded default rules */
int crm_rules_load(const char *path, struct crm_rules **out, struct crm_err *err) CRM_WUR;
void crm_rules_free(struct crm_rules *r);
size_t crm_rules_count(const struct crm_rules *r);
int crm_rules_threshold(const struct crm_rules *r);

/* crm_rules_eval - score one message; OUT v */
int crm_rules_eval(const struct crm_rules *r, const struct crm_features *f, struct crm_verdict *v,
                   struct crm_err *err) CRM_WUR;

#endif
