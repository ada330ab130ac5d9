/*
 * engine.h - the rejection-mail engine: from one message (headers + body as
 * they arrived) and its envelope, decide whether it is a candidate rejection
 * email and, if so, produce the minimal edits that splice a tracked invitation
 * into every body part a reader sees.
 *
 * What the caller does with a result (the milter and `careerrelayctl dry-run`
 * both follow it):
 *   1. if res->inject: record the invitation (token, candidates...) durably;
 *      if that fails, apply only the edits with `internal` set (or none) --
 *      never the body or the invitation header;
 *   2. apply the header edits in order (all of them before the body);
 *   3. if res->body_changed, replace the body with the pieces of
 *      crm_result_body_piece(), in order.
 * crm_result_apply() does exactly that on a message in memory, the way the
 * MTAs apply milter edits (used by dry-run and the tests).
 *
 * The internal control headers (X-CareerRelay, X-CareerRelay-Tags) are
 * removed by DELETE edits whenever present, whatever the verdict; these edits
 * have `internal` = 1.
 *
 * Ownership: struct crm_result is caller-embedded: crm_result_init before
 *   crm_engine_run, crm_result_fini after. Strings in it are owned by it.
 * Thread safety: crm_engine_run is reentrant; cfg is read-only.
 * Errors: CRM_ENOMEM, CRM_ELIMIT, CRM_EINTERNAL. Malformed or unsupported mail
 *   is NOT an error: it gives inject = 0 with a reason.
 */
#ifndef CRM_ENGINE_H
#define CRM_ENGINE_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "rules.h"
#include "str.h"
#include "token.h"

struct crm_envelope {
    const char *sender;       /* envelope sender (MAIL FROM), "<>"/"" allowed */
    const char *const *rcpts; /* envelope recipients (RCPT TO) */
    size_t nrcpts;
};

enum crm_hdr_op {
    CRM_HDR_ADD = 0,    /* append a field at the end of the header (smfi_addheader) */
    CRM_HDR_CHANGE = 1, /* replace the value of the index-th field named name (smfi_chgheader) */
    CRM_HDR_DELETE = 2  /* delete the index-th field named name (smfi_chgheader NULL) */
};

struct crm_hdr_edit {
    enum crm_hdr_op op;
    char *name;
    int index;    /* 1-based among fields of that name, counted in the ORIGINAL header */
    char *value;  /* ADD/CHANGE: value without leading space; folding as "\n\t" */
    int internal; /* 1 for removal of our control headers */
};

/* one change to the body: bytes [from, to) of the message replaced by
 * bytes[0..len) (from == to: an insertion) */
struct crm_body_edit {
    size_t from, to;
    char *bytes; /* owned by the result */
    size_t len;
};

#define CRM_REASON_MAX 160
#define CRM_TAGS_MAX   256

struct crm_result {
    int inject;                    /* 1: an invitation was spliced */
    char reason[CRM_REASON_MAX];   /* why not (inject = 0), short, stable words */
    int forced;                    /* X-CareerRelay: invite */
    struct crm_verdict verdict;    /* classifier score and rules fired */
    char lang[4];                  /* "ja" or "en" */
    char tmpl[32];                 /* template names used, e.g. "ja.txt+ja.html" */
    char tags[CRM_TAGS_MAX];       /* X-CareerRelay-Tags, normalised "a,b,c" */
    char token[CRM_TOKEN_LEN + 1]; /* IN: if non-empty when crm_engine_run is called, it is
                                      used instead of a fresh token (tests, golden files) */
    char *message_id;              /* Message-ID value or NULL */
    char **candidates;             /* normalised external recipients */
    size_t ncandidates;
    unsigned parts_changed; /* body parts spliced */

    struct crm_hdr_edit *edits; /* in the order they must be applied */
    size_t nedits;
    int body_changed;
    /* the new body, when body_changed: the original body (from body_start to
     * the end of the message given to crm_engine_run) with bedits applied.
     * Kept as edits, not as a copy, so that a 1 MB message with an attachment
     * is not copied again: crm_result_body_piece() walks the new body. */
    size_t body_start;
    struct crm_body_edit *bedits; /* ascending, non-overlapping */
    size_t nbedits;
};

/* crm_result_init - zero everything (token empty) */
void crm_result_init(struct crm_result *res);
void crm_result_fini(struct crm_result *res);

/*
 * crm_engine_run - msg[0..len) is the whole message: header fields, empty
 * line, body (CRLF or LF). env gives the envelope (sender + recipients);
 * candidates are computed from it (addr.h). Suppressed addresses must
 * already be removed by the caller.
 */
int crm_engine_run(const struct crm_config *cfg, const char *msg, size_t len,
                   const struct crm_envelope *env, struct crm_result *res,
                   struct crm_err *err) CRM_WUR;

/*
 * Deciding before the whole body has arrived. Only the first child of a
 * top-level multipart/mixed or /related holds the text that is classified
 * and edited; whatever follows it can only give more reasons to pass (an
 * anomaly, a part that must not be touched, too many parts). So once that
 * child and the delimiter after it are in, the engine can classify the
 * message made of the headers, that child and a close delimiter: if that
 * message passes, the whole one cannot be injected, whatever comes next.
 */
/*
 * What a trial learnt, for the end of the message: the verdict on the part
 * it classified, identified by that part's offsets (which a prefix shares
 * with the whole message). crm_engine_run_memo takes the verdict instead of
 * classifying again only when the whole message picks the same part.
 */
struct crm_engine_memo {
    int valid;
    size_t start, body_start, body_end; /* the classified part */
    struct crm_verdict verdict;
    char lang[4]; /* as crm_result.lang */
};

enum crm_trial {
    CRM_TRIAL_OPEN = 0,  /* not yet decidable from this prefix (or not such a message) */
    CRM_TRIAL_PASS,      /* the whole message will pass: res->reason says why */
    CRM_TRIAL_REJECTION, /* classified a rejection: only the whole message can say more */
};
/*
 * crm_engine_trial - msg[0..len) is the start of a message (header fields,
 * empty line, as much of the body as has arrived). OUT *trial as above; on
 * CRM_TRIAL_PASS and CRM_TRIAL_REJECTION, res holds the classification
 * (reason, verdict, language) of the cut message; any edits in it are for
 * that message, not to be applied. OUT *memo (may be NULL): valid after a
 * classification. Errors as crm_engine_run (then *trial is CRM_TRIAL_OPEN).
 */
int crm_engine_trial(const struct crm_config *cfg, const char *msg, size_t len,
                     const struct crm_envelope *env, enum crm_trial *trial,
                     struct crm_engine_memo *memo, struct crm_result *res,
                     struct crm_err *err) CRM_WUR;
/*
 * crm_engine_run_memo - crm_engine_run on the whole message, with what a
 * trial on its prefix learnt (memo NULL or not valid: none). The result is
 * the same as crm_engine_run's (tests/test_engine.c compares them).
 */
int crm_engine_run_memo(const struct crm_config *cfg, const char *msg, size_t len,
                        const struct crm_envelope *env, const struct crm_engine_memo *memo,
                        struct crm_result *res, struct crm_err *err) CRM_WUR;

/*
 * crm_result_apply - OUT into out: msg with res's edits applied as an MTA
 * would (deletes/changes by per-name index, adds at the end of the header,
 * body replaced). With internal_only, only the internal edits are applied.
 */
int crm_result_apply(const char *msg, size_t len, const struct crm_result *res, int internal_only,
                     struct crm_buf *out) CRM_WUR;

/*
 * crm_result_add_body_edit - append a body edit (from >= the previous edit's
 * to; from <= to); takes ownership of bytes (crm_alloc'd, may be NULL when
 * len is 0), freeing it on failure. CRM_ENOMEM, CRM_EINVAL.
 */
int crm_result_add_body_edit(struct crm_result *res, size_t from, size_t to, char *bytes,
                             size_t len) CRM_WUR;
/*
 * crm_result_body_piece - the i-th piece of the new body (i = 0, 1, ...):
 * even pieces are unchanged ranges of msg[0..len), odd pieces replacement
 * bytes; pieces may be empty. Returns 0 past the last piece, else 1.
 */
int crm_result_body_piece(const struct crm_result *res, const char *msg, size_t len, size_t i,
                          struct crm_slice *piece);
/* crm_result_body_len - length of the new body of msg[0..len) */
size_t crm_result_body_len(const struct crm_result *res, size_t len);
/*
 * crm_result_describe - one line: "inject score=12 rules=a(+6),b(+6) lang=ja
 * parts=2 candidates=1" or "pass reason=... score=.. rules=..."; token shown
 * only as its short hash.
 */
int crm_result_describe(const struct crm_result *res, struct crm_buf *out) CRM_WUR;

#endif
