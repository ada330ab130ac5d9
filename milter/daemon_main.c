/* daemon_main.c - careerrelay-milter: options, start-up order, signals, reload, stop */
#include "daemon.h"

#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "alloc.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "snapshot.h"

#ifndef CRM_VERSION
#define CRM_VERSION "0.0.0"
#endif

#define MAIN_EX_USAGE   64
#define MAIN_DRAIN_S    15
#define MAIN_NOT_STATIC "(not reloadable: restart to apply)"

/* what main keeps for the whole run; set before any thread starts */
struct main_ctx {
    const char *conf_path; /* file (re)loaded, NULL = built-in defaults */
    int foreground;
    atomic_int stopping;
    pthread_t reloader;
    int have_reloader;
    sigset_t sigs; /* SIGUSR1 HUP TERM INT, blocked in every thread */
    char *socket;  /* start-up values of the keys that need a restart */
    char *user_id;
    char *pid_file;
    char *database;
    unsigned umask;
    int syslog_facility;
};

/* main_usage - the help text */
static void
main_usage(FILE *fp)
{
    fprintf(fp,
            "usage: %s [-c CONFIG] [-f] [-n] [-V] [-h]\n"
            "  -c, --config CONFIG  configuration file (default %s;\n"
            "                       built-in defaults when -c is not given and that\n"
            "                       file does not exist)\n"
            "  -f, --foreground     stay in the foreground and log to stderr\n"
            "  -n, --check          check the configuration (rules, templates, the\n"
            "                       socket's path) and exit (0 good, 1 bad)\n"
            "  -V, --version        print the version and exit\n"
            "  -h, --help           this help\n"
            "Signals: SIGUSR1 reloads the configuration; SIGTERM (and SIGHUP) stop.\n",
            CRM_DAEMON_NAME, CRM_DEFAULT_CONFIG);
}

/* main_load - the configuration at path, or the built-in defaults when path is NULL */
static int
main_load(const char *path, struct crm_config **cfg, struct crm_err *err)
{
    if (path == NULL)
        return crm_config_defaults(cfg, err);
    return crm_config_load(path, cfg, err);
}

/* main_strdiff - 1 if two optional strings differ */
static int
main_strdiff(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0;
}

/* main_warn_static - a reload cannot change the keys used at start-up */
static void
main_warn_static(const struct main_ctx *m, const struct crm_config *c)
{
    if (main_strdiff(m->socket, c->socket))
        crm_log_warn("Socket changed %s", MAIN_NOT_STATIC);
    if (main_strdiff(m->user_id, c->user_id))
        crm_log_warn("UserID changed %s", MAIN_NOT_STATIC);
    if (main_strdiff(m->pid_file, c->pid_file))
        crm_log_warn("PidFile changed %s", MAIN_NOT_STATIC);
    if (main_strdiff(m->database, c->database))
        crm_log_warn("Database changed %s", MAIN_NOT_STATIC);
    if (m->umask != c->umask)
        crm_log_warn("UMask changed %s", MAIN_NOT_STATIC);
    if (m->syslog_facility != c->syslog_facility)
        crm_log_warn("SyslogFacility changed %s", MAIN_NOT_STATIC);
}

/* main_warnings - crm_config_warnings, to stderr (-n) or to the log */
static void
main_warnings(const struct crm_config *cfg, int to_stderr)
{
    struct crm_buf b;
    const char *p, *nl;

    crm_buf_init(&b, 1 << 16);
    if (crm_config_warnings(cfg, &b) > 0)
        for (p = crm_buf_cstr(&b); (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
            if (to_stderr)
                fprintf(stderr, "%s: %.*s\n", CRM_DAEMON_NAME, (int)(nl - p), p);
            else
                crm_log_warn("%.*s", (int)(nl - p), p);
        }
    crm_buf_fini(&b);
}

/* main_reload - load the same file again; keep the running config on any error */
static void
main_reload(const struct main_ctx *m)
{
    struct crm_config *cfg = NULL;
    struct crm_err err;

    crm_err_clear(&err);
    if (main_load(m->conf_path, &cfg, &err) != CRM_OK) {
        crm_log_error("reload failed, keeping the running configuration: %s",
                      err.msg[0] != '\0' ? err.msg : crm_strerror(err.code));
        return;
    }
    main_warn_static(m, cfg);
    main_warnings(cfg, 0);
    crm_snapshot_publish(cfg);
    crm_log_info("reloaded configuration %s",
                 m->conf_path != NULL ? m->conf_path : "(built-in defaults)");
}

/* main_reloader - thread: sigwait(SIGUSR1) and reload */
static void *
main_reloader(void *arg)
{
    struct main_ctx *m = arg;
    sigset_t usr1;
    int sig;

    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    for (;;) {
        if (sigwait(&usr1, &sig) != 0)
            continue;
        if (atomic_load(&m->stopping))
            break;
        main_reload(m);
    }
    return NULL;
}

/* main_keep - copy the start-up values of the keys a reload cannot change */
static int
main_keep(struct main_ctx *m, const struct crm_config *c)
{
    m->socket = crm_strdup(c->socket != NULL ? c->socket : "");
    m->user_id = c->user_id != NULL ? crm_strdup(c->user_id) : NULL;
    m->pid_file = c->pid_file != NULL ? crm_strdup(c->pid_file) : NULL;
    m->database = crm_strdup(c->database != NULL ? c->database : "");
    m->umask = c->umask;
    m->syslog_facility = c->syslog_facility;
    if (m->socket == NULL || m->database == NULL || (c->user_id != NULL && m->user_id == NULL) ||
        (c->pid_file != NULL && m->pid_file == NULL))
        return CRM_ENOMEM;
    return CRM_OK;
}

/* main_free - release main_keep's copies */
static void
main_free(struct main_ctx *m)
{
    crm_free(m->socket);
    crm_free(m->user_id);
    crm_free(m->pid_file);
    crm_free(m->database);
}

/* main_fail - report a start-up failure and return the exit status */
static int
main_fail(const struct main_ctx *m, int status, const struct crm_err *err)
{
    const char *msg = err->msg[0] != '\0' ? err->msg : crm_strerror(err->code);

    crm_log_error("cannot start: %s", msg);
    if (!m->foreground)
        fprintf(stderr, "%s: cannot start: %s\n", CRM_DAEMON_NAME, msg);
    return status;
}

/* main_open_socket - socket cleanup, setconn, register, open; then owner and mode */
static int
main_open_socket(struct main_ctx *m, uid_t uid, gid_t gid, struct crm_err *err)
{
    char why[CRM_ERR_MSG_MAX];
    int rc;

    rc = crm_daemon_socket_check(m->socket, err);
    if (rc == CRM_OK)
        rc = crm_daemon_socket_cleanup(m->socket, err);
    if (rc != CRM_OK) {
        snprintf(why, sizeof(why), "%s", err->msg);
        return crm_err_set(err, rc, "Socket %s: %s", m->socket, why);
    }
    if (smfi_setconn(m->socket) != MI_SUCCESS)
        return crm_err_set(err, CRM_EINVAL, "Socket %s: smfi_setconn failed", m->socket);
    if (smfi_register(*crm_daemon_filter()) != MI_SUCCESS)
        return crm_err_set(err, CRM_EINTERNAL, "smfi_register failed");
    if (smfi_opensocket(false) != MI_SUCCESS) {
        crm_daemon_socket_why(m->socket, why, sizeof(why));
        return crm_err_set(err, CRM_EIO, "Socket %s: cannot open: %s", m->socket, why);
    }
    return crm_daemon_socket_perms(m->socket, m->user_id != NULL ? uid : (uid_t)-1, gid, m->umask,
                                   err);
}

/* main_setup - everything from the socket to the privilege drop, in order */
static int
main_setup(struct main_ctx *m, struct crm_err *err)
{
    uid_t uid = (uid_t)-1;
    gid_t gid = (gid_t)-1;
    int rc = CRM_OK;

    if (m->user_id != NULL)
        rc = crm_daemon_user(m->user_id, &uid, &gid, err);
    if (rc == CRM_OK && m->user_id != NULL && getuid() != 0 && getuid() != uid)
        rc = crm_err_set(err, CRM_EINVAL, "UserID %s: must start as root to change user",
                         m->user_id);
    if (rc != CRM_OK)
        return CRM_EX_CONFIG;
    umask((mode_t)m->umask);
    if (main_open_socket(m, uid, gid, err) != CRM_OK)
        return 1;
    if (!m->foreground && crm_daemon_detach(err) != CRM_OK)
        return 1;
    if (crm_daemon_pidfile_write(m->pid_file, err) != CRM_OK)
        return 1;
    if (crm_daemon_db_prepare(m->database, m->user_id != NULL ? uid : (uid_t)-1, gid, err) !=
        CRM_OK)
        crm_log_error("%s", err->msg); /* the store open will fail and be retried */
    if (m->user_id != NULL && crm_daemon_drop(m->user_id, uid, gid, err) != CRM_OK)
        return 1;
    if (m->user_id == NULL && getuid() == 0)
        crm_log_warn("running as root: set UserID to drop privileges");
    return 0;
}

/* main_remove_files - remove our unix socket and pid file at exit. After the drop to
 * UserID that fails in a directory only root may write: say so (the next start, as root,
 * replaces both), so that a file left behind is explained in the log */
static void
main_remove_files(const struct main_ctx *m)
{
    struct crm_err err;

    crm_err_clear(&err);
    if (crm_daemon_socket_remove(m->socket, &err) != CRM_OK)
        crm_log_warn("cannot remove the %s; it is left in place and replaced at the next start",
                     err.msg);
    crm_err_clear(&err);
    if (crm_daemon_pidfile_remove(m->pid_file, &err) != CRM_OK)
        crm_log_warn("cannot remove the %s; it is left in place and replaced at the next start",
                     err.msg);
}

/* main_run - the milter's life: from the published config to the stop */
static int
main_run(struct main_ctx *m, struct crm_config *cfg)
{
    struct crm_daemon d;
    struct crm_err err;
    int status, mi;

    crm_err_clear(&err);
    status = main_setup(m, &err);
    if (status != 0) {
        crm_config_free(cfg);
        return main_fail(m, status, &err);
    }
    if (crm_daemon_init(&d, m->database, cfg->db_busy_ms) != CRM_OK) {
        crm_config_free(cfg);
        main_remove_files(m);
        return main_fail(m, 1, &err);
    }
    crm_snapshot_publish(cfg);
    crm_daemon_store_open(&d);
    crm_daemon_attach(&d);
    m->have_reloader = pthread_create(&m->reloader, NULL, main_reloader, m) == 0;
    if (!m->have_reloader)
        crm_log_error("cannot start the reload thread: SIGUSR1 will be ignored");
    crm_log_info("starting (version %s, socket %s, database %s, pid %ld)", CRM_VERSION, m->socket,
                 m->database, (long)getpid());
    mi = smfi_main();
    crm_log_info("stopping");
    crm_daemon_stop_begin(&d);
    if (!crm_daemon_drain(&d, MAIN_DRAIN_S))
        crm_log_warn("end-of-message work still running after %d s: closing anyway", MAIN_DRAIN_S);
    atomic_store(&m->stopping, 1);
    if (m->have_reloader) {
        pthread_kill(m->reloader, SIGUSR1);
        pthread_join(m->reloader, NULL);
    }
    crm_daemon_fini(&d);
    main_remove_files(m);
    crm_snapshot_shutdown();
    crm_log_info("stopped");
    return mi == MI_SUCCESS ? 0 : 1;
}

/* main_version - -V */
static void
main_version(void)
{
    unsigned int maj = 0, min = 0, pl = 0;

    smfi_version(&maj, &min, &pl);
    printf("%s %s (libmilter %u.%u.%u)\n", CRM_DAEMON_NAME, CRM_VERSION, maj, min, pl);
}

/*
 * main_malloc_tuning - keep message-sized buffers in the heap. By default
 * glibc serves every allocation over 128 KB with its own mmap() and returns
 * free heap tops to the kernel, so each 1 MB message paid about 300 page
 * faults (zero-filled pages) for buffers the previous message had just
 * released: half the filter's system time on the 1 MB benchmark mixes.
 * Buffers up to 4 MB now come from the heap and up to 8 MB of free heap top
 * is kept per arena; resident memory stays bounded by what concurrent
 * messages need at once (tests/bench: peak RSS, and flat over a long run).
 */
static void
main_malloc_tuning(void)
{
    (void)mallopt(M_MMAP_THRESHOLD, 4 << 20);
    (void)mallopt(M_TRIM_THRESHOLD, 8 << 20);
}

/* main_check_pid_dir - -n: the PidFile's directory; 0 (a missing one is a
 * warning: systemd makes /run/careerrelay at each start) or 1 */
static int
main_check_pid_dir(const struct crm_config *cfg)
{
    char dir[4096], where[600];
    struct crm_err err;
    int rc;

    if (cfg->pid_file == NULL)
        return 0;
    crm_err_clear(&err);
    rc = crm_daemon_dir_check(cfg->pid_file, dir, sizeof(dir), &err);
    if (rc == CRM_OK)
        return 0;
    crm_config_where(cfg, "PidFile", where, sizeof(where));
    if (rc == CRM_ENOTFOUND) {
        fprintf(stderr,
                "%s: %s: warning: PidFile %s: directory %s does not exist; it must exist "
                "when the milter starts (the systemd unit makes /run/careerrelay; without "
                "systemd: install -d -o careerrelay -g careerrelay -m 0750 %s)\n",
                CRM_DAEMON_NAME, where, cfg->pid_file, dir, dir);
        return 0;
    }
    fprintf(stderr, "%s: %s: PidFile %s: %s\n", CRM_DAEMON_NAME, where, cfg->pid_file, err.msg);
    return 1;
}

/* main_check_db - -n: the Database can be made (its directory, or that
 * directory's parent, exists) and, when the file is there, is a ledger;
 * 0 (what start and first use would only log is a warning) or 1 */
static int
main_check_db(const struct crm_config *cfg)
{
    char dir[4096], parent[4096], where[600];
    struct crm_err err;
    int rc;

    if (cfg->database == NULL || cfg->dry_run)
        return 0;
    crm_config_where(cfg, "Database", where, sizeof(where));
    crm_err_clear(&err);
    rc = crm_daemon_dir_check(cfg->database, dir, sizeof(dir), &err);
    if (rc == CRM_ENOTFOUND) { /* the milter makes the last directory, not more */
        crm_err_clear(&err);
        if (crm_daemon_dir_check(dir, parent, sizeof(parent), &err) == CRM_OK)
            return 0;
        fprintf(stderr,
                "%s: %s: warning: Database %s: directory %s does not exist, nor its parent "
                "%s; the milter makes only the last directory, so every invitation would "
                "fail until it exists (install -d -o careerrelay -g careerrelay -m 0750 %s)\n",
                CRM_DAEMON_NAME, where, cfg->database, dir, parent, dir);
        return 0;
    }
    if (rc != CRM_OK) {
        fprintf(stderr, "%s: %s: Database %s: %s\n", CRM_DAEMON_NAME, where, cfg->database,
                err.msg);
        return 1;
    }
    crm_err_clear(&err);
    rc = crm_db_probe(cfg->database, &err);
    if (rc == CRM_OK)
        return 0;
    if (rc == CRM_EIO || rc == CRM_EBUSY) {
        fprintf(stderr, "%s: %s: warning: Database: cannot read it here: %s\n", CRM_DAEMON_NAME,
                where, err.msg);
        return 0;
    }
    fprintf(stderr, "%s: %s: Database: %s\n", CRM_DAEMON_NAME, where, err.msg);
    return 1;
}

/* main_check - -n beyond the configuration file: the socket can be made
 * where it is set, the pid file's directory, and the database */
static int
main_check(const struct crm_config *cfg)
{
    struct crm_err err;
    char where[600];
    int rc;

    if (main_check_pid_dir(cfg) != 0 || main_check_db(cfg) != 0)
        return 1;
    crm_err_clear(&err);
    rc = crm_daemon_socket_check(cfg->socket, &err);
    if (rc == CRM_OK)
        return 0;
    crm_config_where(cfg, "Socket", where, sizeof(where));
    if (rc == CRM_ENOTFOUND) { /* e.g. /run/careerrelay, which systemd makes at each start */
        fprintf(stderr,
                "%s: %s: warning: Socket %s: %s; it must exist when the milter starts "
                "(the systemd unit makes /run/careerrelay)\n",
                CRM_DAEMON_NAME, where, cfg->socket, err.msg);
        return 0;
    }
    fprintf(stderr, "%s: %s: Socket %s: %s\n", CRM_DAEMON_NAME, where, cfg->socket, err.msg);
    return 1;
}

/* main_options - parse argv; returns -1 to go on, else an exit status */
static int
main_options(int argc, char **argv, struct main_ctx *m, int *check)
{
    int c;

    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'}, {"foreground", no_argument, NULL, 'f'},
        {"check", no_argument, NULL, 'n'},        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};

    while ((c = getopt_long(argc, argv, "c:fnVh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            m->conf_path = optarg;
            break;
        case 'f':
            m->foreground = 1;
            break;
        case 'n':
            *check = 1;
            break;
        case 'V':
            main_version();
            return 0;
        case 'h':
            main_usage(stdout);
            return 0;
        default:
            main_usage(stderr);
            return MAIN_EX_USAGE;
        }
    }
    if (optind != argc) {
        main_usage(stderr);
        return MAIN_EX_USAGE;
    }
    return -1;
}

/* main - careerrelay-milter */
int
main(int argc, char **argv)
{
    struct main_ctx m;
    struct crm_config *cfg = NULL;
    struct crm_err err;
    struct stat st;
    int check = 0, status;

    memset(&m, 0, sizeof(m));
    status = main_options(argc, argv, &m, &check);
    if (status >= 0)
        return status;
    if (m.conf_path == NULL && stat(CRM_DEFAULT_CONFIG, &st) == 0)
        m.conf_path = CRM_DEFAULT_CONFIG;
    crm_err_clear(&err);
    if (main_load(m.conf_path, &cfg, &err) != CRM_OK) {
        fprintf(stderr, "%s: %s\n", CRM_DAEMON_NAME,
                err.msg[0] != '\0' ? err.msg : crm_strerror(err.code));
        return check ? 1 : CRM_EX_CONFIG;
    }
    if (check) {
        main_warnings(cfg, 1);
        status = main_check(cfg);
        if (status == 0)
            printf("%s: configuration OK\n",
                   m.conf_path != NULL ? m.conf_path : "(built-in defaults)");
        crm_config_free(cfg);
        return status;
    }
    if (main_keep(&m, cfg) != CRM_OK || m.socket[0] == '\0') {
        fprintf(stderr, "%s: no Socket configured (or out of memory)\n", CRM_DAEMON_NAME);
        crm_config_free(cfg);
        main_free(&m);
        return CRM_EX_CONFIG;
    }
    crm_log_open(CRM_DAEMON_NAME, cfg->syslog_facility, m.foreground);
    main_warnings(cfg, 0);
    main_malloc_tuning();
    /* block before any thread exists: libmilter's signal thread takes HUP/TERM/INT, ours USR1 */
    sigemptyset(&m.sigs);
    sigaddset(&m.sigs, SIGUSR1);
    sigaddset(&m.sigs, SIGHUP);
    sigaddset(&m.sigs, SIGTERM);
    sigaddset(&m.sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &m.sigs, NULL);
    status = main_run(&m, cfg);
    main_free(&m);
    crm_log_close();
    return status;
}
