/*
 * loadgen.c - crm-bench-load: a milter load generator that speaks protocol
 * version 6 to a filter the way Postfix does (lg_session.h), over N parallel
 * connections, several messages per connection, and reports messages per
 * second, the final action of every message, the edits and the errors.
 *
 *   crm-bench-load -s unix:/path/sock [-c CONNS] [-m PER_CONN]
 *                  [-n TOTAL | -d SECONDS] [-f SENDER] [-r RCPT]... [-a AUTHUSER]
 *                  [-C CLIENT_ADDR] [-N CLIENT_NAME] [-t TIMEOUT] [-e MAX_ERRORS]
 *                  [-q] [-v] MESSAGE.eml...
 *
 * Messages are taken from the files round-robin. The last line of the output
 * is machine-readable ("RESULT key=value ..."); the exit status is 0 when no
 * error happened, 1 when some did (the figures are still printed), 2 for a
 * usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lg_msg.h"
#include "lg_session.h"

#define LG_MAX_RCPTS   64
#define LG_MAX_FILES   64
#define LG_MAX_CONNS   1024
#define LG_SHOW_ERRORS 5

struct lg_run {
    struct lg_env env;
    const char *rcpts[LG_MAX_RCPTS];
    struct lg_msg msgs[LG_MAX_FILES];
    size_t nmsgs;
    unsigned nconn, per_conn;
    unsigned long long total; /* 0: run for a duration */
    double deadline_ms;
    unsigned long long max_errors;
    int verbose, quiet;
    atomic_ullong next;
    atomic_ullong errors;
    atomic_int stop;
    atomic_uint conn_ids;
    atomic_int described;
    pthread_mutex_t print_mu;
};

struct lg_worker {
    pthread_t thread;
    struct lg_run *run;
    struct lg_stats st;
};

/* lg_now_ms - monotonic milliseconds */
static double
lg_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* lg_claim - the index of the next message to send, or -1 when done */
static long long
lg_claim(struct lg_run *run)
{
    unsigned long long i;

    if (atomic_load(&run->stop))
        return -1;
    if (run->total == 0 && lg_now_ms() >= run->deadline_ms)
        return -1;
    i = atomic_fetch_add(&run->next, 1);
    if (run->total != 0 && i >= run->total)
        return -1;
    return (long long)i;
}

/* lg_error - count an error, show the first few, stop after too many */
static void
lg_error(struct lg_run *run, struct lg_stats *st, const char *msg)
{
    unsigned long long n = atomic_fetch_add(&run->errors, 1) + 1;

    st->errors++;
    pthread_mutex_lock(&run->print_mu);
    if (n <= LG_SHOW_ERRORS)
        fprintf(stderr, "crm-bench-load: error: %s\n", msg);
    if (n == run->max_errors)
        fprintf(stderr, "crm-bench-load: %llu errors, stopping\n", n);
    pthread_mutex_unlock(&run->print_mu);
    if (n >= run->max_errors)
        atomic_store(&run->stop, 1);
}

/* lg_describe_once - print the negotiated parameters of the first connection */
static void
lg_describe_once(struct lg_run *run, const struct lg_conn *c)
{
    char buf[1200];

    if (run->quiet || atomic_exchange(&run->described, 1) != 0)
        return;
    lg_conn_describe(c, buf, sizeof buf);
    pthread_mutex_lock(&run->print_mu);
    printf("filter: %s\n", buf);
    pthread_mutex_unlock(&run->print_mu);
}

/* lg_connection - run messages on one connection, starting with message idx */
static void
lg_connection(struct lg_run *run, struct lg_stats *st, long long idx)
{
    struct lg_conn c;
    unsigned k = 0;

    if (lg_conn_open(&c, &run->env, atomic_fetch_add(&run->conn_ids, 1), st) != 0) {
        lg_error(run, st, c.err);
        lg_conn_close(&c);
        return;
    }
    lg_describe_once(run, &c);
    while (idx >= 0) {
        int rc = lg_conn_message(&c, &run->msgs[(size_t)idx % run->nmsgs], st);
        if (rc < 0) {
            lg_error(run, st, c.err);
            break;
        }
        if (rc == 1 || ++k >= run->per_conn)
            break;
        idx = lg_claim(run);
    }
    lg_conn_close(&c);
    st->bytes_out += c.w.bytes_out;
    st->bytes_in += c.w.bytes_in;
}

/* lg_worker_main - one thread: connections until the run is over */
static void *
lg_worker_main(void *arg)
{
    struct lg_worker *w = arg;
    long long idx;

    while ((idx = lg_claim(w->run)) >= 0)
        lg_connection(w->run, &w->st, idx);
    return NULL;
}

/* lg_num - parse an unsigned decimal option in [min, max] or exit 2 */
static unsigned long long
lg_num(const char *opt, const char *s, unsigned long long min, unsigned long long max)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min || v > max) {
        fprintf(stderr, "crm-bench-load: %s: want a number from %llu to %llu, got \"%s\"\n", opt,
                min, max, s);
        exit(2);
    }
    return v;
}

/* lg_usage - print usage and exit */
static void
lg_usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: crm-bench-load -s SOCKET [options] MESSAGE.eml...\n"
            "  -s, --socket SPEC        unix:/path | local:/path | inet:port@host | /path\n"
            "                           (a refused unix connection is retried for up to 5 s)\n"
            "  -c, --connections N      parallel connections (threads), default 1\n"
            "  -m, --per-connection N   messages per connection, default 10\n"
            "  -n, --messages N         total messages, default 1000\n"
            "  -d, --duration SECONDS   run for a time instead of a count\n"
            "  -f, --from ADDR          envelope sender, default saiyo@example.co.jp\n"
            "  -r, --rcpt ADDR          envelope recipient (repeat), default "
            "candidate@example.net\n"
            "  -a, --auth USER          {auth_authen} (and {auth_type}=PLAIN); default: none\n"
            "  -H, --helo NAME          HELO name, default localhost\n"
            "  -C, --client-addr ADDR   SMTP client IPv4 address, default 127.0.0.1\n"
            "  -N, --client-name NAME   SMTP client host name, default localhost\n"
            "  -t, --timeout SECONDS    wait for each reply at most this long, default 30\n"
            "  -e, --max-errors N       stop after N errors, default 10\n"
            "  -q, --quiet              print only the RESULT line\n"
            "  -v, --verbose            more detail\n");
    exit(status);
}

/* lg_options - parse argv into run; returns the index of the first message file */
static int
lg_options(struct lg_run *run, int argc, char **argv)
{
    static const struct option longopts[] = {{"socket", 1, 0, 's'},
                                             {"connections", 1, 0, 'c'},
                                             {"per-connection", 1, 0, 'm'},
                                             {"messages", 1, 0, 'n'},
                                             {"duration", 1, 0, 'd'},
                                             {"from", 1, 0, 'f'},
                                             {"rcpt", 1, 0, 'r'},
                                             {"auth", 1, 0, 'a'},
                                             {"helo", 1, 0, 'H'},
                                             {"timeout", 1, 0, 't'},
                                             {"max-errors", 1, 0, 'e'},
                                             {"quiet", 0, 0, 'q'},
                                             {"verbose", 0, 0, 'v'},
                                             {"help", 0, 0, 'h'},
                                             {"client-addr", 1, 0, 'C'},
                                             {"client-name", 1, 0, 'N'},
                                             {0, 0, 0, 0}};
    unsigned long long duration = 0;
    int ch;

    while ((ch = getopt_long(argc, argv, "s:c:m:n:d:f:r:a:H:C:N:t:e:qvh", longopts, NULL)) != -1) {
        switch (ch) {
        case 's':
            run->env.socket = optarg;
            break;
        case 'c':
            run->nconn = (unsigned)lg_num("-c", optarg, 1, LG_MAX_CONNS);
            break;
        case 'm':
            run->per_conn = (unsigned)lg_num("-m", optarg, 1, 1000000);
            break;
        case 'n':
            run->total = lg_num("-n", optarg, 1, 1ULL << 40);
            break;
        case 'd':
            duration = lg_num("-d", optarg, 1, 86400);
            break;
        case 'f':
            run->env.sender = optarg;
            break;
        case 'r':
            if (run->env.nrcpts == LG_MAX_RCPTS)
                lg_usage(2);
            run->rcpts[run->env.nrcpts++] = optarg;
            break;
        case 'a':
            run->env.auth = optarg;
            break;
        case 'H':
            run->env.helo = optarg;
            break;
        case 'C':
            run->env.client_addr = optarg;
            break;
        case 'N':
            run->env.client_name = optarg;
            break;
        case 't':
            run->env.timeout_ms = (int)lg_num("-t", optarg, 1, 3600) * 1000;
            break;
        case 'e':
            run->max_errors = lg_num("-e", optarg, 1, 1ULL << 40);
            break;
        case 'q':
            run->quiet = 1;
            break;
        case 'v':
            run->verbose = 1;
            break;
        case 'h':
            lg_usage(0);
            break;
        default:
            lg_usage(2);
        }
    }
    if (run->env.socket == NULL || optind >= argc || (duration && run->total)) {
        fprintf(stderr, "crm-bench-load: %s\n",
                run->env.socket == NULL ? "-s SOCKET is required"
                : optind >= argc        ? "at least one message file is required"
                                        : "-n and -d are exclusive");
        lg_usage(2);
    }
    if (duration)
        run->deadline_ms = lg_now_ms() + (double)duration * 1000.0;
    else if (run->total == 0)
        run->total = 1000;
    return optind;
}

/* lg_load_messages - load every message file */
static int
lg_load_messages(struct lg_run *run, int argc, char **argv, int first)
{
    char err[512];
    int i;

    if (argc - first > LG_MAX_FILES) {
        fprintf(stderr, "crm-bench-load: at most %d message files\n", LG_MAX_FILES);
        return -1;
    }
    for (i = first; i < argc; i++) {
        if (lg_msg_load(argv[i], &run->msgs[run->nmsgs], err, sizeof err) != 0) {
            fprintf(stderr, "crm-bench-load: %s\n", err);
            return -1;
        }
        run->nmsgs++;
    }
    return 0;
}

/* lg_report - human-readable summary, then the RESULT line */
static void
lg_report(const struct lg_run *run, const struct lg_stats *st, double secs)
{
    static const char *const fin[LG_FIN_N] = {"continue", "accept",    "reject",  "tempfail",
                                              "discard",  "replycode", "shutdown"};
    static const char *const stage[LG_ST_N] = {"connect", "helo", "mail", "rcpt", "data",
                                               "header",  "eoh",  "body", "eom"};
    static const char *const mod[LG_MOD_N] = {"replbody",  "addheader",  "insheader",
                                              "chgheader", "chgfrom",    "addrcpt",
                                              "delrcpt",   "quarantine", "progress"};
    double rate = secs > 0 ? (double)st->msgs / secs : 0.0;
    int i;

    if (!run->quiet) {
        printf("messages: %llu in %.3f s = %.1f msg/s (%u connections in parallel, up to %u "
               "messages each; %llu connections opened)\n",
               st->msgs, secs, rate, run->nconn, run->per_conn, st->connections);
        printf("final:");
        for (i = 0; i < LG_FIN_N; i++)
            printf(" %s %llu%s", fin[i], st->final[i], i + 1 < LG_FIN_N ? "," : "\n");
        printf("decided at:");
        for (i = 0; i < LG_ST_N; i++)
            if (st->ended_at[i])
                printf(" %s %llu", stage[i], st->ended_at[i]);
        printf("%s\n",
               st->msgs == st->final[LG_FIN_CONTINUE] ? " (all went to end of message)" : "");
        printf("edits: %llu messages modified;", st->modified);
        for (i = 0; i < LG_MOD_N; i++)
            printf(" %s %llu%s", mod[i], st->mods[i], i + 1 < LG_MOD_N ? "," : "\n");
        printf("latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", lg_stats_percentile(st, 50),
               lg_stats_percentile(st, 99), st->lat_max_ms);
        printf("traffic: %.1f MB to the filter, %.1f MB back\n", (double)st->bytes_out / 1e6,
               (double)st->bytes_in / 1e6);
        printf("errors: %llu\n", st->errors);
    }
    printf("RESULT msgs=%llu secs=%.4f rate=%.1f errors=%llu conns=%llu", st->msgs, secs, rate,
           st->errors, st->connections);
    for (i = 0; i < LG_FIN_N; i++)
        printf(" %s=%llu", fin[i], st->final[i]);
    printf(" modified=%llu", st->modified);
    for (i = 0; i < LG_MOD_N; i++)
        printf(" %s=%llu", mod[i], st->mods[i]);
    printf(" p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", lg_stats_percentile(st, 50),
           lg_stats_percentile(st, 99), st->lat_max_ms);
}

/* main - parse, load, run the workers, report */
int
main(int argc, char **argv)
{
    static struct lg_run run; /* large (message table); zero-initialised */
    struct lg_worker *w;
    struct lg_stats total;
    double t0, t1;
    unsigned i;
    int first;

    signal(SIGPIPE, SIG_IGN);
    lg_env_init(&run.env);
    run.env.sender = "saiyo@example.co.jp";
    run.nconn = 1;
    run.per_conn = 10;
    run.max_errors = 10;
    pthread_mutex_init(&run.print_mu, NULL);
    first = lg_options(&run, argc, argv);
    if (run.env.nrcpts == 0)
        run.rcpts[run.env.nrcpts++] = "candidate@example.net";
    run.env.rcpts = run.rcpts;
    snprintf(run.env.underscore, sizeof run.env.underscore, "%s [%s]", run.env.client_name,
             run.env.client_addr);
    if (lg_load_messages(&run, argc, argv, first) != 0)
        return 2;
    if ((w = calloc(run.nconn, sizeof *w)) == NULL)
        return 2;
    t0 = lg_now_ms();
    for (i = 0; i < run.nconn; i++) {
        w[i].run = &run;
        if (pthread_create(&w[i].thread, NULL, lg_worker_main, &w[i]) != 0) {
            fprintf(stderr, "crm-bench-load: cannot create thread %u\n", i);
            return 2;
        }
    }
    memset(&total, 0, sizeof total);
    for (i = 0; i < run.nconn; i++) {
        pthread_join(w[i].thread, NULL);
        lg_stats_add(&total, &w[i].st);
    }
    t1 = lg_now_ms();
    lg_report(&run, &total, (t1 - t0) / 1000.0);
    free(w);
    for (i = 0; i < run.nmsgs; i++)
        lg_msg_free(&run.msgs[i]);
    return total.errors ? 1 : 0;
}
