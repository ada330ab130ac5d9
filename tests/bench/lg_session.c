/*
 * lg_session.c - the MTA side of the milter protocol for crm-bench-load
 * (see lg_session.h for the behaviour and where it comes from).
 */
#include "lg_session.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libmilter/mfapi.h>

enum { CONN_READY = 0, CONN_ACCEPTED, CONN_REJECTED, CONN_DEAD };

/* outcomes of one event */
enum { OC_CONT = 0, OC_SKIP, OC_ACCEPT, OC_REJECT, OC_TEMPFAIL, OC_DISCARD, OC_REPLY, OC_SHUT };

/* Postfix 3.7 default macro lists (milter_*_macros) */
static const char *const session_default_macros[LG_NSTAGES] = {
    "j {daemon_name} {daemon_addr} v _", /* connect */
    "",                                  /* helo (TLS only) */
    "i {auth_type} {auth_authen} {auth_author} {mail_addr} {mail_host} {mail_mailer}", /* mail */
    "i {rcpt_addr} {rcpt_host} {rcpt_mailer}",                                         /* rcpt */
    "i",                                                                               /* data */
    "i",                                                                               /* eom */
    "i",                                                                               /* eoh */
};

static const char *const session_stage_names[LG_ST_N] = {"connect", "helo", "mail", "rcpt", "data",
                                                         "header",  "eoh",  "body", "eom"};

/* session_fail - record an error on the connection, return -1 */
static int
session_fail(struct lg_conn *c, const char *what, const char *detail)
{
    snprintf(c->err, sizeof c->err, "connection %u: %s%s%s", c->id, what, detail ? ": " : "",
             detail ? detail : "");
    c->state = CONN_DEAD;
    return -1;
}

/* session_wire_fail - record the wire's error */
static int
session_wire_fail(struct lg_conn *c, const char *when)
{
    char what[120];

    snprintf(what, sizeof what, "%s", when);
    return session_fail(c, what, c->w.err);
}

/* lg_env_init - defaults that look like a Postfix 3.7 relay on localhost */
void
lg_env_init(struct lg_env *env)
{
    memset(env, 0, sizeof *env);
    env->timeout_ms = 30000;
    env->helo = "localhost";
    env->client_name = "localhost";
    env->client_addr = "127.0.0.1";
    env->mta_name = "mta.bench.test";
    env->mta_version = "Postfix 3.7.11";
}

/* session_macro_value - the value of a macro (name without braces), or NULL */
static const char *
session_macro_value(const struct lg_conn *c, const char *name, size_t n, const char *rcpt)
{
    const struct lg_env *e = c->env;
    int authed = e->auth != NULL && e->auth[0] != '\0';
#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
    if (IS("i"))
        return c->qid;
    if (IS("j") || IS("daemon_name"))
        return e->mta_name;
    if (IS("daemon_addr"))
        return "127.0.0.1";
    if (IS("v"))
        return e->mta_version;
    if (IS("_"))
        return e->underscore;
    if (IS("client_addr"))
        return e->client_addr;
    if (IS("client_name") || IS("client_ptr"))
        return e->client_name;
    if (IS("auth_type"))
        return authed ? "PLAIN" : NULL;
    if (IS("auth_authen"))
        return authed ? e->auth : NULL;
    if (IS("mail_addr"))
        return e->sender;
    if (IS("rcpt_addr"))
        return rcpt;
    if (IS("rcpt_mailer"))
        return rcpt ? "smtp" : NULL;
#undef IS
    return NULL;
}

/* session_macro_payload - "name\0value\0..." for a stage into buf; length, or 0 if none */
static size_t
session_macro_payload(const struct lg_conn *c, int stage, const char *rcpt, char *buf, size_t cap)
{
    const char *p = c->macros[stage];
    size_t o = 0;

    while (*p) {
        const char *s, *v, *bare;
        size_t n, bn, vn;
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        for (s = p; *p && *p != ' ' && *p != ',' && *p != '\t'; p++)
            ;
        if ((n = (size_t)(p - s)) == 0)
            continue;
        bare = s;
        bn = n;
        if (n > 2 && s[0] == '{' && s[n - 1] == '}') {
            bare = s + 1;
            bn = n - 2;
        }
        if ((v = session_macro_value(c, bare, bn, rcpt)) == NULL || v[0] == '\0')
            continue; /* Postfix omits macros without a value */
        vn = strlen(v);
        if (o + bn + vn + 5 > cap)
            break;
        if (bn > 1)
            buf[o++] = '{';
        memcpy(buf + o, bare, bn);
        o += bn;
        if (bn > 1)
            buf[o++] = '}';
        buf[o++] = '\0';
        memcpy(buf + o, v, vn + 1);
        o += vn + 1;
    }
    return o;
}

/* session_put_macros - queue SMFIC_MACRO for event cmd from a prepared payload */
static int
session_put_macros(struct lg_conn *c, int cmd, const char *payload, size_t len)
{
    char stage = (char)cmd;
    struct iovec seg[2] = {{&stage, 1}, {(void *)payload, len}};

    if (len == 0)
        return 0; /* no macro has a value: nothing to send */
    if (lg_wire_putv(&c->w, SMFIC_MACRO, seg, 2) != 0)
        return session_wire_fail(c, "sending macros");
    return 0;
}

/* session_strings_ok - data holds at least min and at most max NUL-terminated strings */
static int
session_strings_ok(const unsigned char *d, size_t len, int min, int max)
{
    int n = 0;
    size_t i = 0;

    while (i < len) {
        const unsigned char *z = memchr(d + i, '\0', len - i);
        if (z == NULL)
            return 0;
        n++;
        i = (size_t)(z - d) + 1;
    }
    return n >= min && n <= max;
}

/* session_reply_code_ok - SMFIR_REPLYCODE data: "4xx x.x.x text" NUL-terminated */
static int
session_reply_code_ok(const unsigned char *d, size_t len)
{
    return len >= 4 && d[len - 1] == '\0' && (d[0] == '4' || d[0] == '5') && d[1] >= '0' &&
           d[1] <= '9' && d[2] >= '0' && d[2] <= '9' && (d[3] == ' ' || d[3] == '-' || d[3] == 0);
}

/* session_decision - map a decision reply to an outcome; -1 if cmd is not a decision */
static int
session_decision(int cmd)
{
    switch (cmd) {
    case SMFIR_CONTINUE:
        return OC_CONT;
    case SMFIR_SKIP:
        return OC_SKIP;
    case SMFIR_ACCEPT:
        return OC_ACCEPT;
    case SMFIR_REJECT:
        return OC_REJECT;
    case SMFIR_TEMPFAIL:
        return OC_TEMPFAIL;
    case SMFIR_DISCARD:
        return OC_DISCARD;
    case SMFIR_REPLYCODE:
        return OC_REPLY;
    case SMFIR_SHUTDOWN:
    case SMFIR_CONN_FAIL:
        return OC_SHUT;
    default:
        return -1;
    }
}

/* session_read_decision - read replies to a non-EOM event until a decision */
static int
session_read_decision(struct lg_conn *c, int event, int stage, struct lg_stats *st, int *oc)
{
    for (;;) {
        const unsigned char *d;
        size_t len;
        int cmd, dec;
        char detail[96];

        if (lg_wire_get(&c->w, &cmd, &d, &len) != 0)
            return session_wire_fail(c, session_stage_names[stage]);
        if (cmd == SMFIR_PROGRESS && len == 0) {
            st->mods[LG_MOD_PROGRESS]++;
            continue;
        }
        if (cmd == SMFIR_QUARANTINE && session_strings_ok(d, len, 1, 1)) {
            st->mods[LG_MOD_QUARANTINE]++;
            continue;
        }
        dec = session_decision(cmd);
        if (dec < 0 || (dec == OC_REPLY && !session_reply_code_ok(d, len)) ||
            (dec != OC_REPLY && len != 0)) {
            snprintf(detail, sizeof detail, "reply '%c' (0x%02x) with %zu data bytes after %s",
                     cmd > 32 && cmd < 127 ? cmd : '?', cmd & 0xff, len,
                     session_stage_names[stage]);
            return session_fail(c, "unexpected filter reply", detail);
        }
        if (dec == OC_SKIP)
            c->skip_cmd = event;
        *oc = dec;
        return 0;
    }
}

/* session_event - macros, event and (unless NR) the reply; *oc = outcome */
static int
session_event(struct lg_conn *c, int stage, int event, unsigned long no_flag, unsigned long nr_flag,
              const char *mac, size_t maclen, const struct iovec *seg, int nseg,
              struct lg_stats *st, int *oc)
{
    *oc = OC_CONT;
    if (c->skip_cmd != 0) {
        if (c->skip_cmd == event)
            return 0; /* the filter said SKIP for this event type */
        c->skip_cmd = 0;
    }
    if (mac != NULL && session_put_macros(c, event, mac, maclen) != 0)
        return -1;
    if (c->steps & no_flag)
        return 0;
    if (lg_wire_putv(&c->w, event, seg, nseg) != 0)
        return session_wire_fail(c, session_stage_names[stage]);
    if (c->steps & nr_flag)
        return 0;
    return session_read_decision(c, event, stage, st, oc);
}

/* session_negotiate - SMFIC_OPTNEG and its reply, with macro list overrides */
static int
session_negotiate(struct lg_conn *c)
{
    uint32_t v[3] = {htonl(SMFI_PROT_VERSION), htonl(SMFI_CURR_ACTS), htonl(SMFI_CURR_PROT)};
    const unsigned char *d;
    size_t len, off;
    int cmd, i;

    if (lg_wire_put(&c->w, SMFIC_OPTNEG, v, sizeof v) != 0 ||
        lg_wire_get(&c->w, &cmd, &d, &len) != 0)
        return session_wire_fail(c, "option negotiation");
    if (cmd != SMFIC_OPTNEG || len < 12)
        return session_fail(c, "option negotiation", "the reply is not SMFIC_OPTNEG");
    memcpy(v, d, 12);
    c->version = ntohl(v[0]);
    c->actions = ntohl(v[1]);
    c->steps = ntohl(v[2]);
    if (c->version < 2 || c->version > SMFI_PROT_VERSION)
        return session_fail(c, "option negotiation", "unsupported protocol version");
    if ((c->actions & ~(unsigned long)SMFI_CURR_ACTS) != 0)
        return session_fail(c, "option negotiation", "filter asks for actions not offered");
    for (i = 0; i < LG_NSTAGES; i++) {
        snprintf(c->macros[i], sizeof c->macros[i], "%s", session_default_macros[i]);
        c->overridden[i] = 0;
    }
    for (off = 12; off < len;) { /* SETSYMLIST: (uint32 stage, "names\0")* */
        uint32_t be;
        const unsigned char *z;
        if (len - off < 5 || (z = memchr(d + off + 4, '\0', len - off - 4)) == NULL)
            return session_fail(c, "option negotiation", "malformed macro list");
        memcpy(&be, d + off, 4);
        if (ntohl(be) < LG_NSTAGES) {
            snprintf(c->macros[ntohl(be)], sizeof c->macros[0], "%s", (const char *)d + off + 4);
            c->overridden[ntohl(be)] = 1;
        }
        off = (size_t)(z - d) + 1;
    }
    return 0;
}

/* session_conn_outcome - connect/helo decisions cover the whole connection */
static void
session_conn_outcome(struct lg_conn *c, int oc, int stage)
{
    static const int fin[] = {[OC_ACCEPT] = LG_FIN_ACCEPT,     [OC_REJECT] = LG_FIN_REJECT,
                              [OC_TEMPFAIL] = LG_FIN_TEMPFAIL, [OC_DISCARD] = LG_FIN_ACCEPT,
                              [OC_REPLY] = LG_FIN_REPLYCODE,   [OC_SHUT] = LG_FIN_SHUTDOWN};
    if (oc == OC_CONT || oc == OC_SKIP)
        return;
    c->state = oc == OC_ACCEPT || oc == OC_DISCARD ? CONN_ACCEPTED : CONN_REJECTED;
    c->conn_final = fin[oc];
    c->conn_stage = stage;
}

/* lg_conn_open - connect, negotiate, CONNECT, HELO */
int
lg_conn_open(struct lg_conn *c, const struct lg_env *env, unsigned id, struct lg_stats *st)
{
    char mac[1024], conn[600];
    uint16_t port = htons((uint16_t)(40000 + id % 20000));
    size_t hn = strlen(env->client_name), an = strlen(env->client_addr), maclen;
    struct iovec seg[1];
    int oc = OC_CONT;

    memset(c, 0, sizeof *c);
    c->env = env;
    c->id = id;
    if (lg_wire_open(&c->w, env->socket, env->timeout_ms) != 0) {
        snprintf(c->err, sizeof c->err, "connection %u: %s", id, c->w.err);
        c->state = CONN_DEAD;
        return -1;
    }
    st->connections++;
    if (session_negotiate(c) != 0)
        return -1;
    if (hn + an + 5 > sizeof conn)
        return session_fail(c, "connect", "client name too long");
    memcpy(conn, env->client_name, hn + 1);
    conn[hn + 1] = SMFIA_INET;
    memcpy(conn + hn + 2, &port, 2);
    memcpy(conn + hn + 4, env->client_addr, an + 1);
    seg[0].iov_base = conn;
    seg[0].iov_len = hn + an + 5;
    maclen = session_macro_payload(c, SMFIM_CONNECT, NULL, mac, sizeof mac);
    if (session_event(c, LG_ST_CONNECT, SMFIC_CONNECT, SMFIP_NOCONNECT, SMFIP_NR_CONN, mac, maclen,
                      seg, 1, st, &oc) != 0)
        return -1;
    session_conn_outcome(c, oc, LG_ST_CONNECT);
    if (c->state != CONN_READY)
        return 0;
    seg[0].iov_base = (void *)env->helo;
    seg[0].iov_len = strlen(env->helo) + 1;
    maclen = session_macro_payload(c, SMFIM_HELO, NULL, mac, sizeof mac);
    if (session_event(c, LG_ST_HELO, SMFIC_HELO, SMFIP_NOHELO, SMFIP_NR_HELO, mac, maclen, seg, 1,
                      st, &oc) != 0)
        return -1;
    session_conn_outcome(c, oc, LG_ST_HELO);
    return 0;
}

/* lg_conn_close - QUIT and close */
void
lg_conn_close(struct lg_conn *c)
{
    if (c->state != CONN_DEAD && c->w.fd >= 0) {
        (void)lg_wire_put(&c->w, SMFIC_QUIT, NULL, 0);
        (void)lg_wire_flush(&c->w);
    }
    lg_wire_close(&c->w);
    c->state = CONN_DEAD;
}

/* session_now_ms - monotonic clock in milliseconds */
static double
session_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* session_record - count one finished message */
static void
session_record(struct lg_stats *st, int fin, int stage, double t0)
{
    double ms = session_now_ms() - t0, us = ms * 1000.0;
    int b = us <= 1.0 ? 0 : (int)(log2(us) * 4.0);

    if (b >= LG_LAT_BUCKETS)
        b = LG_LAT_BUCKETS - 1;
    st->lat[b]++;
    if (ms > st->lat_max_ms)
        st->lat_max_ms = ms;
    st->msgs++;
    st->final[fin]++;
    if (fin != LG_FIN_CONTINUE)
        st->ended_at[stage]++;
}

/* session_final - outcome of an event to the final action of a message */
static int
session_final(int oc)
{
    switch (oc) {
    case OC_ACCEPT:
        return LG_FIN_ACCEPT;
    case OC_REJECT:
        return LG_FIN_REJECT;
    case OC_TEMPFAIL:
        return LG_FIN_TEMPFAIL;
    case OC_DISCARD:
        return LG_FIN_DISCARD;
    case OC_REPLY:
        return LG_FIN_REPLYCODE;
    case OC_SHUT:
        return LG_FIN_SHUTDOWN;
    default:
        return LG_FIN_CONTINUE;
    }
}

/* session_addr_arg - "<addr>" NUL-terminated into buf; the segment describing it */
static struct iovec
session_addr_arg(char *buf, size_t cap, const char *addr)
{
    int n = snprintf(buf, cap, "<%s>", addr);
    struct iovec seg = {.iov_base = buf, .iov_len = (size_t)n + 1};

    if (n < 0 || (size_t)n >= cap)
        seg.iov_len = cap; /* truncated, still NUL-terminated */
    return seg;
}

/* session_envelope - MAIL, every RCPT, DATA; *oc is the outcome so far */
static int
session_envelope(struct lg_conn *c, struct lg_stats *st, int *oc, int *stage)
{
    char mac[1024], arg[600];
    struct iovec seg = session_addr_arg(arg, sizeof arg, c->env->sender);
    size_t maclen = session_macro_payload(c, SMFIM_ENVFROM, NULL, mac, sizeof mac), i;
    int accepted = 0, refused = OC_REJECT, o;

    *stage = LG_ST_MAIL;
    if (session_event(c, LG_ST_MAIL, SMFIC_MAIL, SMFIP_NOMAIL, SMFIP_NR_MAIL, mac, maclen, &seg, 1,
                      st, oc) != 0)
        return -1;
    if (*oc != OC_CONT && *oc != OC_SKIP)
        return 0;
    *stage = LG_ST_RCPT;
    for (i = 0; i < c->env->nrcpts; i++) {
        const char *rcpt = c->env->rcpts[i];
        seg = session_addr_arg(arg, sizeof arg, rcpt);
        maclen = session_macro_payload(c, SMFIM_ENVRCPT, rcpt, mac, sizeof mac);
        if (session_event(c, LG_ST_RCPT, SMFIC_RCPT, SMFIP_NORCPT, SMFIP_NR_RCPT, mac, maclen, &seg,
                          1, st, &o) != 0)
            return -1;
        if (o == OC_CONT || o == OC_SKIP)
            accepted++;
        else if (o == OC_REJECT || o == OC_TEMPFAIL || o == OC_REPLY)
            refused = o; /* this recipient only */
        else {
            *oc = o;
            return 0;
        }
    }
    if (accepted == 0) {
        *oc = refused;
        return 0;
    }
    *stage = LG_ST_DATA;
    maclen = session_macro_payload(c, SMFIM_DATA, NULL, mac, sizeof mac);
    if (session_event(c, LG_ST_DATA, SMFIC_DATA, SMFIP_NODATA, SMFIP_NR_DATA, mac, maclen, NULL, 0,
                      st, oc) != 0)
        return -1;
    if (*oc == OC_SKIP)
        *oc = OC_CONT;
    return 0;
}

struct session_macs {
    char eoh[512], eom[512];
    size_t eoh_len, eom_len;
};

/* session_headers - one SMFIC_HEADER per field, then SMFIC_EOH */
static int
session_headers(struct lg_conn *c, const struct lg_msg *m, const struct session_macs *mm,
                struct lg_stats *st, int *oc, int *stage)
{
    int leadspc = (c->steps & SMFIP_HDR_LEADSPC) != 0;
    size_t i;

    *stage = LG_ST_HEADER;
    for (i = 0; i < m->nhdrs && !(c->steps & SMFIP_NOHDRS); i++) {
        const struct lg_hdr *h = &m->hdrs[i];
        const char *v = h->value;
        size_t vlen = h->value_len;
        struct iovec seg[2];
        if (!leadspc && vlen > 0 && v[0] == ' ') { /* Sendmail eats one space, not a tab */
            v++;
            vlen--;
        }
        seg[0].iov_base = (void *)h->name;
        seg[0].iov_len = h->name_len + 1;
        seg[1].iov_base = (void *)v;
        seg[1].iov_len = vlen + 1;
        if (session_event(c, LG_ST_HEADER, SMFIC_HEADER, SMFIP_NOHDRS, SMFIP_NR_HDR, mm->eoh,
                          mm->eoh_len, seg, 2, st, oc) != 0)
            return -1;
        if (*oc == OC_SKIP)
            *oc = OC_CONT; /* later headers are skipped by skip_cmd */
        if (*oc != OC_CONT)
            return 0;
    }
    *stage = LG_ST_EOH;
    if (!(c->steps & SMFIP_NOEOH) &&
        session_event(c, LG_ST_EOH, SMFIC_EOH, SMFIP_NOEOH, SMFIP_NR_EOH, mm->eoh, mm->eoh_len,
                      NULL, 0, st, oc) != 0)
        return -1;
    if (*oc == OC_SKIP)
        *oc = OC_CONT;
    return 0;
}

/* session_body - the body in chunks of at most MILTER_CHUNK_SIZE bytes */
static int
session_body(struct lg_conn *c, const struct lg_msg *m, const struct session_macs *mm,
             struct lg_stats *st, int *oc, int *stage)
{
    size_t off;

    *stage = LG_ST_BODY;
    if (c->steps & SMFIP_NOBODY)
        return 0;
    for (off = 0; off < m->body_len; off += MILTER_CHUNK_SIZE) {
        size_t n = m->body_len - off < MILTER_CHUNK_SIZE ? m->body_len - off : MILTER_CHUNK_SIZE;
        struct iovec seg = {.iov_base = m->body + off, .iov_len = n};
        if (session_event(c, LG_ST_BODY, SMFIC_BODY, SMFIP_NOBODY, SMFIP_NR_BODY, mm->eom,
                          mm->eom_len, &seg, 1, st, oc) != 0)
            return -1;
        if (*oc == OC_SKIP) {
            *oc = OC_CONT;
            break;
        }
        if (*oc != OC_CONT)
            return 0;
    }
    c->skip_cmd = 0;
    return 0;
}

/* session_need - fail unless the action was negotiated */
static int
session_need(struct lg_conn *c, unsigned long action, const char *reply, const char *flag)
{
    char detail[160];

    if (c->actions & action)
        return 0;
    snprintf(detail, sizeof detail, "%s without negotiating %s", reply, flag);
    return session_fail(c, "protocol violation at end of message", detail);
}

/* session_edit - 1 (an edit) if its data is well formed, else fail with -1 */
static int
session_edit(struct lg_conn *c, int ok, const char *reply)
{
    if (ok)
        return 1;
    return session_fail(c, "malformed modification at end of message", reply);
}

/* session_modification - check and count one modification; 1 if it edits the message */
static int
session_modification(struct lg_conn *c, int cmd, const unsigned char *d, size_t len, int *body,
                     struct lg_stats *st)
{
    switch (cmd) {
    case SMFIR_PROGRESS:
        st->mods[LG_MOD_PROGRESS]++;
        return session_edit(c, len == 0, "SMFIR_PROGRESS with data") - 1;
    case SMFIR_QUARANTINE:
        st->mods[LG_MOD_QUARANTINE]++;
        if (session_need(c, SMFIF_QUARANTINE, "SMFIR_QUARANTINE", "SMFIF_QUARANTINE") != 0)
            return -1;
        return session_edit(c, session_strings_ok(d, len, 1, 1), "SMFIR_QUARANTINE") - 1;
    case SMFIR_REPLBODY:
        if (session_need(c, SMFIF_CHGBODY, "SMFIR_REPLBODY", "SMFIF_CHGBODY") != 0)
            return -1;
        if (*body == 2)
            return session_fail(c, "protocol violation at end of message",
                                "SMFIR_REPLBODY resumed after other edits (Postfix refuses this)");
        if (*body == 0)
            st->mods[LG_MOD_REPLBODY]++;
        *body = 1;
        st->replbody_bytes += len;
        return 1;
    case SMFIR_ADDHEADER:
        st->mods[LG_MOD_ADDHEADER]++;
        if (session_need(c, SMFIF_ADDHDRS, "SMFIR_ADDHEADER", "SMFIF_ADDHDRS") != 0)
            return -1;
        return session_edit(c, session_strings_ok(d, len, 2, 2), "SMFIR_ADDHEADER");
    case SMFIR_INSHEADER:
    case SMFIR_CHGHEADER:
        st->mods[cmd == SMFIR_INSHEADER ? LG_MOD_INSHEADER : LG_MOD_CHGHEADER]++;
        if (cmd == SMFIR_INSHEADER
                ? session_need(c, SMFIF_ADDHDRS, "SMFIR_INSHEADER", "SMFIF_ADDHDRS") != 0
                : session_need(c, SMFIF_CHGHDRS, "SMFIR_CHGHEADER", "SMFIF_CHGHDRS") != 0)
            return -1;
        return session_edit(c, len > 4 && session_strings_ok(d + 4, len - 4, 2, 2), "header edit");
    case SMFIR_CHGFROM:
        st->mods[LG_MOD_CHGFROM]++;
        if (session_need(c, SMFIF_CHGFROM, "SMFIR_CHGFROM", "SMFIF_CHGFROM") != 0)
            return -1;
        return session_edit(c, session_strings_ok(d, len, 1, 2), "SMFIR_CHGFROM");
    case SMFIR_ADDRCPT:
    case SMFIR_ADDRCPT_PAR:
        st->mods[LG_MOD_ADDRCPT]++;
        if (cmd == SMFIR_ADDRCPT
                ? session_need(c, SMFIF_ADDRCPT, "SMFIR_ADDRCPT", "SMFIF_ADDRCPT") != 0
                : session_need(c, SMFIF_ADDRCPT_PAR, "SMFIR_ADDRCPT_PAR", "SMFIF_ADDRCPT_PAR"))
            return -1;
        return session_edit(c, session_strings_ok(d, len, 1, cmd == SMFIR_ADDRCPT ? 1 : 2),
                            "SMFIR_ADDRCPT");
    case SMFIR_DELRCPT:
        st->mods[LG_MOD_DELRCPT]++;
        if (session_need(c, SMFIF_DELRCPT, "SMFIR_DELRCPT", "SMFIF_DELRCPT") != 0)
            return -1;
        return session_edit(c, session_strings_ok(d, len, 1, 1), "SMFIR_DELRCPT");
    default: {
        char detail[96];
        snprintf(detail, sizeof detail, "reply '%c' (0x%02x) with %zu data bytes",
                 cmd > 32 && cmd < 127 ? cmd : '?', cmd & 0xff, len);
        return session_fail(c, "unexpected filter reply at end of message", detail);
    }
    }
}

/* session_eom - SMFIC_BODYEOB, then edits until the final decision */
static int
session_eom(struct lg_conn *c, const struct session_macs *mm, struct lg_stats *st, int *oc)
{
    int body = 0, modified = 0;

    if (session_put_macros(c, SMFIC_BODYEOB, mm->eom, mm->eom_len) != 0)
        return -1;
    if (lg_wire_put(&c->w, SMFIC_BODYEOB, NULL, 0) != 0)
        return session_wire_fail(c, "end of message");
    for (;;) {
        const unsigned char *d;
        size_t len;
        int cmd, dec, rc;

        if (lg_wire_get(&c->w, &cmd, &d, &len) != 0)
            return session_wire_fail(c, "end of message");
        if (body == 1 && cmd != SMFIR_REPLBODY)
            body = 2;
        dec = session_decision(cmd);
        if (dec >= 0) {
            if (dec == OC_SKIP || (dec == OC_REPLY ? !session_reply_code_ok(d, len) : len != 0))
                return session_fail(c, "unexpected filter reply at end of message",
                                    dec == OC_SKIP ? "SMFIR_SKIP" : "malformed decision");
            *oc = dec;
            st->modified += modified != 0;
            return 0;
        }
        if ((rc = session_modification(c, cmd, d, len, &body, st)) < 0)
            return -1;
        modified |= rc;
    }
}

/* lg_conn_message - one message through the connection */
int
lg_conn_message(struct lg_conn *c, const struct lg_msg *m, struct lg_stats *st)
{
    double t0 = session_now_ms();
    struct session_macs mm;
    int oc = OC_CONT, stage = LG_ST_MAIL;

    if (c->state == CONN_ACCEPTED || c->state == CONN_REJECTED) {
        session_record(st, c->conn_final, c->conn_stage, t0);
        return 0;
    }
    if (c->state != CONN_READY)
        return session_fail(c, "message", "connection is not usable");
    c->seq++;
    snprintf(c->qid, sizeof c->qid, "%05X%07lX", c->id & 0xfffff, c->seq & 0xfffffff);
    c->skip_cmd = 0;
    mm.eoh_len = session_macro_payload(c, SMFIM_EOH, NULL, mm.eoh, sizeof mm.eoh);
    mm.eom_len = session_macro_payload(c, SMFIM_EOM, NULL, mm.eom, sizeof mm.eom);
    if (session_envelope(c, st, &oc, &stage) != 0)
        return -1;
    if (oc == OC_CONT && session_headers(c, m, &mm, st, &oc, &stage) != 0)
        return -1;
    if (oc == OC_CONT && session_body(c, m, &mm, st, &oc, &stage) != 0)
        return -1;
    if (oc == OC_CONT) {
        stage = LG_ST_EOM;
        if (session_eom(c, &mm, st, &oc) != 0)
            return -1;
    }
    if (oc == OC_SHUT) {
        session_record(st, LG_FIN_SHUTDOWN, stage, t0);
        lg_conn_close(c);
        return 1;
    }
    if (lg_wire_put(&c->w, SMFIC_ABORT, NULL, 0) != 0)
        return session_wire_fail(c, "abort");
    session_record(st, session_final(oc), stage, t0);
    return 0;
}

/* describe_add - append formatted text at *o, truncating safely */
static void __attribute__((format(printf, 4, 5)))
describe_add(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (*o + 1 >= len)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *o, len - *o, fmt, ap);
    va_end(ap);
    if (k > 0)
        *o = (size_t)k < len - *o ? *o + (size_t)k : len - 1;
}

/* lg_conn_describe - negotiated parameters, for the report */
void
lg_conn_describe(const struct lg_conn *c, char *buf, size_t len)
{
    static const struct {
        unsigned long bit;
        const char *name;
    } steps[] = {{SMFIP_NOCONNECT, "NOCONNECT"},
                 {SMFIP_NOHELO, "NOHELO"},
                 {SMFIP_NOMAIL, "NOMAIL"},
                 {SMFIP_NORCPT, "NORCPT"},
                 {SMFIP_NOBODY, "NOBODY"},
                 {SMFIP_NOHDRS, "NOHDRS"},
                 {SMFIP_NOEOH, "NOEOH"},
                 {SMFIP_NR_HDR, "NR_HDR"},
                 {SMFIP_NOUNKNOWN, "NOUNKNOWN"},
                 {SMFIP_NODATA, "NODATA"},
                 {SMFIP_SKIP, "SKIP"},
                 {SMFIP_RCPT_REJ, "RCPT_REJ"},
                 {SMFIP_NR_CONN, "NR_CONN"},
                 {SMFIP_NR_HELO, "NR_HELO"},
                 {SMFIP_NR_MAIL, "NR_MAIL"},
                 {SMFIP_NR_RCPT, "NR_RCPT"},
                 {SMFIP_NR_DATA, "NR_DATA"},
                 {SMFIP_NR_UNKN, "NR_UNKN"},
                 {SMFIP_NR_EOH, "NR_EOH"},
                 {SMFIP_NR_BODY, "NR_BODY"},
                 {SMFIP_HDR_LEADSPC, "HDR_LEADSPC"}};
    size_t o = 0, i;
    const char *sep = "";

    buf[0] = '\0';
    describe_add(buf, len, &o, "version %lu, actions 0x%lx, steps 0x%lx (", c->version, c->actions,
                 c->steps);
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (c->steps & steps[i].bit) {
            describe_add(buf, len, &o, "%s%s", sep, steps[i].name);
            sep = " ";
        }
    }
    describe_add(buf, len, &o, ")");
    for (i = 0; i < LG_NSTAGES; i++)
        if (c->overridden[i])
            describe_add(buf, len, &o, ", macros[%zu]=\"%s\"", i, c->macros[i]);
}

/* lg_stats_add - dst += src */
void
lg_stats_add(struct lg_stats *dst, const struct lg_stats *src)
{
    int i;

    dst->msgs += src->msgs;
    dst->errors += src->errors;
    dst->connections += src->connections;
    dst->modified += src->modified;
    dst->replbody_bytes += src->replbody_bytes;
    dst->bytes_out += src->bytes_out;
    dst->bytes_in += src->bytes_in;
    for (i = 0; i < LG_FIN_N; i++)
        dst->final[i] += src->final[i];
    for (i = 0; i < LG_ST_N; i++)
        dst->ended_at[i] += src->ended_at[i];
    for (i = 0; i < LG_MOD_N; i++)
        dst->mods[i] += src->mods[i];
    for (i = 0; i < LG_LAT_BUCKETS; i++)
        dst->lat[i] += src->lat[i];
    if (src->lat_max_ms > dst->lat_max_ms)
        dst->lat_max_ms = src->lat_max_ms;
}

/* lg_stats_percentile - upper bound of the bucket holding the pct-th latency, in ms */
double
lg_stats_percentile(const struct lg_stats *st, double pct)
{
    unsigned long long total = 0, seen = 0, want;
    int i;

    for (i = 0; i < LG_LAT_BUCKETS; i++)
        total += st->lat[i];
    if (total == 0)
        return 0.0;
    want = (unsigned long long)ceil((double)total * pct / 100.0);
    if (want == 0)
        want = 1;
    for (i = 0; i < LG_LAT_BUCKETS; i++) {
        seen += st->lat[i];
        if (seen >= want)
            break;
    }
    if (i >= LG_LAT_BUCKETS)
        i = LG_LAT_BUCKETS - 1;
    return pow(2.0, (double)(i + 1) / 4.0) / 1000.0;
}
