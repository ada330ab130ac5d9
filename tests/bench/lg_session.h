/*
 * lg_session.h - one MTA-side milter connection of crm-bench-load: option
 * negotiation, macros, the SMTP events of each message, the filter's replies.
 *
 * It behaves like Postfix's milter8 client (src/milter/milter8.c):
 *   - OPTNEG offers protocol version 6, every action and every protocol step
 *     (SMFI_CURR_PROT), then honours the reply: steps the filter declined
 *     (SMFIP_NO*) are not sent, no reply is awaited for SMFIP_NR_* steps,
 *     SMFIR_SKIP stops further events of that type, macro lists sent with
 *     the reply (SETSYMLIST) replace the defaults of their stage;
 *   - macros go out before every event (envelope events: even when the
 *     filter declined the event itself); headers carry the end-of-header
 *     macros and body chunks the end-of-message macros;
 *   - the body goes out in chunks of exactly MILTER_CHUNK_SIZE (65535) bytes
 *     except the last; the replies at end of message are read until the
 *     final one and every modification is checked against the negotiated
 *     actions;
 *   - ACCEPT/REJECT/TEMPFAIL/DISCARD at any step ends the message there; a
 *     rejected recipient is dropped and the message goes on with the others;
 *     ACCEPT or REJECT at connect/helo covers the whole connection (no more
 *     events are sent; its messages are counted with that outcome);
 *   - every message ends with SMFIC_ABORT, the connection with SMFIC_QUIT.
 *
 * Ownership: struct lg_conn is caller-embedded; lg_conn_open/lg_conn_close.
 *   The environment (struct lg_env) must outlive the connection.
 * Thread safety: one connection per thread; env and messages are read-only.
 * Errors: lg_conn_open / lg_conn_message return -1 with a one-line cause in
 *   c->err when the filter misbehaves (bad packet, unexpected reply, action
 *   not negotiated, timeout, EOF); the connection is then unusable.
 */
#ifndef LG_SESSION_H
#define LG_SESSION_H

#include <stddef.h>

#include "lg_msg.h"
#include "lg_wire.h"

enum lg_stage {
    LG_ST_CONNECT,
    LG_ST_HELO,
    LG_ST_MAIL,
    LG_ST_RCPT,
    LG_ST_DATA,
    LG_ST_HEADER,
    LG_ST_EOH,
    LG_ST_BODY,
    LG_ST_EOM,
    LG_ST_N
};

enum lg_final {
    LG_FIN_CONTINUE, /* end of message: continue (delivered, perhaps modified) */
    LG_FIN_ACCEPT,   /* accept: the MTA stops sending this message */
    LG_FIN_REJECT,
    LG_FIN_TEMPFAIL,
    LG_FIN_DISCARD,
    LG_FIN_REPLYCODE, /* custom 4xx/5xx reply */
    LG_FIN_SHUTDOWN,  /* 421 shutdown or connection failure */
    LG_FIN_N
};

enum lg_mod {
    LG_MOD_REPLBODY, /* messages whose body was replaced */
    LG_MOD_ADDHEADER,
    LG_MOD_INSHEADER,
    LG_MOD_CHGHEADER,
    LG_MOD_CHGFROM,
    LG_MOD_ADDRCPT,
    LG_MOD_DELRCPT,
    LG_MOD_QUARANTINE,
    LG_MOD_PROGRESS,
    LG_MOD_N
};

#define LG_LAT_BUCKETS 160 /* latency histogram: 4 buckets per power of two of us */

struct lg_stats {
    unsigned long long msgs, errors, connections, modified;
    unsigned long long final[LG_FIN_N];
    unsigned long long ended_at[LG_ST_N]; /* where a non-continue outcome happened */
    unsigned long long mods[LG_MOD_N];
    unsigned long long replbody_bytes, bytes_out, bytes_in;
    unsigned long long lat[LG_LAT_BUCKETS];
    double lat_max_ms;
};

struct lg_env {
    const char *socket;
    int timeout_ms;
    const char *sender;
    const char *const *rcpts;
    size_t nrcpts;
    const char *auth; /* {auth_authen}; NULL or "" = not authenticated */
    const char *helo;
    const char *client_name; /* CONNECT host name and {client_name} */
    const char *client_addr; /* IPv4 address */
    const char *mta_name;    /* j, {daemon_name} */
    const char *mta_version; /* v */
    char underscore[300];    /* _ = "name [addr]" */
};

#define LG_NSTAGES 7 /* SMFIM_CONNECT .. SMFIM_EOH */

struct lg_conn {
    struct lg_wire w;
    const struct lg_env *env;
    unsigned id;                           /* connection number, for queue ids */
    unsigned long seq;                     /* messages sent on this connection */
    unsigned long version, actions, steps; /* negotiated */
    char macros[LG_NSTAGES][512];          /* macro names per stage */
    int overridden[LG_NSTAGES];            /* 1 if the filter sent the list */
    int state;                             /* see lg_session.c */
    int conn_final;                        /* outcome at connect/helo for the whole connection */
    int conn_stage;
    int skip_cmd; /* SMFIR_SKIP: event type not to send again */
    char qid[32];
    char err[400];
};

/* lg_env_init - fill defaults for everything but socket/sender/rcpts */
void lg_env_init(struct lg_env *env);
/* lg_conn_open - connect, negotiate, send CONNECT and HELO; 0 or -1 */
int lg_conn_open(struct lg_conn *c, const struct lg_env *env, unsigned id, struct lg_stats *st);
/* lg_conn_message - run one message; 0 ok, 1 ok but the connection is over, -1 error */
int lg_conn_message(struct lg_conn *c, const struct lg_msg *m, struct lg_stats *st);
/* lg_conn_close - QUIT (when still usable) and close */
void lg_conn_close(struct lg_conn *c);
/* lg_conn_describe - the negotiated version, actions, steps and macro lists */
void lg_conn_describe(const struct lg_conn *c, char *buf, size_t len);
/* lg_stats_add - add src into dst */
void lg_stats_add(struct lg_stats *dst, const struct lg_stats *src);
/* lg_stats_percentile - latency percentile (0..100) in ms from the histogram */
double lg_stats_percentile(const struct lg_stats *st, double pct);

#endif
