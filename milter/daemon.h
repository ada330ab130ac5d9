/*
 * daemon.h - careerrelay-milter's internal contract: the process-wide state
 * shared by daemon_main.c (set-up, signals, reload), daemon_callbacks.c (the
 * libmilter callbacks), daemon_apply.c (end-of-message work) and
 * daemon_proc.c (pid file, socket, privileges).
 *
 * There is one struct crm_daemon per process. main() fills it before
 * smfi_main() and hands it to the callbacks with crm_daemon_attach(); after
 * that only the fields marked "locked" change, under d->lock.
 *
 * The store is opened once at start-up. If that fails (database missing,
 * read-only, newer schema...) the daemon still runs -- mail always flows --
 * and every message that would need the store takes the OnError path;
 * crm_daemon_store() retries the open at most every CRM_DAEMON_REOPEN_S s.
 *
 * Stop: once smfi_main() has returned (SIGTERM), libmilter serves no
 * connection any more (Debian's libmilter runs a worker pool that stops with
 * it): a message that has not reached end of message is left to the MTA,
 * whose default_action=accept delivers it unchanged and uncounted. Only an
 * end-of-message callback already running can finish, so
 * crm_daemon_stop_begin() refuses new ones (they change nothing) and
 * crm_daemon_drain() waits for the running ones -- a recorded invitation
 * always gets its edits sent -- before the store is closed.
 *
 * Thread safety: every function here may be called from any thread, except
 *   crm_daemon_attach (before smfi_main) and the daemon_proc.c functions
 *   (single-threaded start-up).
 */
#ifndef CRM_DAEMON_H
#define CRM_DAEMON_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "err.h"

#define CRM_DAEMON_NAME     "careerrelay-milter"
#define CRM_DAEMON_REOPEN_S 10
#define CRM_EX_CONFIG       78 /* sysexits.h EX_CONFIG */

struct crm_store;
struct smfiDesc;

struct crm_daemon {
    pthread_mutex_t lock;    /* guards the "locked" fields */
    pthread_cond_t drained;  /* signalled when busy drops to 0 */
    struct crm_store *store; /* locked: NULL until opened */
    time_t next_open;        /* locked: earliest retry of a failed open */
    int stopping;            /* locked: no new end-of-message work */
    unsigned busy;           /* locked: end-of-message callbacks running */
    char *db_path;           /* Database at start-up (not reloadable) */
    unsigned busy_ms;        /* DatabaseTimeout at start-up */
};

/* crm_daemon_init - empty state for db_path (copied); CRM_ENOMEM */
int crm_daemon_init(struct crm_daemon *d, const char *db_path, unsigned busy_ms) CRM_WUR;
/* crm_daemon_fini - close the store (call after crm_daemon_drain) */
void crm_daemon_fini(struct crm_daemon *d);
/* crm_daemon_attach - make d the state the callbacks use */
void crm_daemon_attach(struct crm_daemon *d);
/* crm_daemon_get - the attached state (NULL before attach) */
struct crm_daemon *crm_daemon_get(void);

/*
 * crm_daemon_store - OUT *out: the open store, opening it now if needed.
 * Returns CRM_OK, or the open error (also in err) when the database is
 * unavailable; a failed open is retried only after CRM_DAEMON_REOPEN_S s
 * (in between: CRM_EDB "database unavailable").
 */
int crm_daemon_store(struct crm_daemon *d, struct crm_store **out, struct crm_err *err) CRM_WUR;
/* crm_daemon_store_open - first open at start-up; logs a failure at LOG_ERR */
void crm_daemon_store_open(struct crm_daemon *d);

/* crm_daemon_eom_begin - end-of-message work starts; 0 when stopping (then change nothing) */
int crm_daemon_eom_begin(struct crm_daemon *d);
/* crm_daemon_eom_end - the end-of-message work is done (replies sent) */
void crm_daemon_eom_end(struct crm_daemon *d);
/* crm_daemon_stopping - 1 once crm_daemon_stop_begin was called */
int crm_daemon_stopping(struct crm_daemon *d);
/* crm_daemon_stop_begin - refuse new end-of-message work from now on */
void crm_daemon_stop_begin(struct crm_daemon *d);
/* crm_daemon_drain - wait until no end-of-message work runs (at most timeout_s); 1 if drained */
int crm_daemon_drain(struct crm_daemon *d, unsigned timeout_s);

/* crm_daemon_filter - the filter description registered with smfi_register */
const struct smfiDesc *crm_daemon_filter(void);

/* --- daemon_proc.c: process set-up, single-threaded ------------------- */

/* crm_daemon_socket_path - the file of a unix:/local:/bare-path socket spec, or NULL */
const char *crm_daemon_socket_path(const char *spec);
/*
 * crm_daemon_socket_check - for a unix socket: the path fits sun_path, its
 * directory exists, and nothing but a socket is at the path (CRM_EINVAL,
 * CRM_EIO with the cause; CRM_ENOTFOUND: the directory does not exist). inet
 * sockets: CRM_OK. Used by -n and at start.
 */
/*
 * crm_daemon_dir_check - the directory path is made in (OUT dir, dirsz
 * bytes) exists and is a directory: CRM_OK, CRM_ENOTFOUND when it does not
 * exist, CRM_EIO otherwise (err says why).
 */
int crm_daemon_dir_check(const char *path, char *dir, size_t dirsz, struct crm_err *err) CRM_WUR;
int crm_daemon_socket_check(const char *spec, struct crm_err *err) CRM_WUR;
/*
 * crm_daemon_socket_cleanup - remove a stale unix socket: connect() refused
 * => unlink; nothing there => nothing; a listener => CRM_ESTATE (another
 * instance); a file that is not a socket => CRM_EIO, never removed.
 */
int crm_daemon_socket_cleanup(const char *spec, struct crm_err *err) CRM_WUR;
/*
 * crm_daemon_socket_why - after smfi_opensocket failed: why, found by binding
 * the same address (a missing directory, EACCES, EADDRINUSE...) into why[n].
 */
void crm_daemon_socket_why(const char *spec, char *why, size_t n);
/* crm_daemon_socket_remove - at exit: unlink our unix socket (CRM_EIO with the cause) */
int crm_daemon_socket_remove(const char *spec, struct crm_err *err) CRM_WUR;
/* crm_daemon_socket_perms - chown uid:gid (when uid != -1) and chmod 0666 & ~mask */
int crm_daemon_socket_perms(const char *spec, uid_t uid, gid_t gid, unsigned mask,
                            struct crm_err *err) CRM_WUR;
/* crm_daemon_user - resolve "user[:group]"; OUT uid, gid */
int crm_daemon_user(const char *user_id, uid_t *uid, gid_t *gid, struct crm_err *err) CRM_WUR;
/* crm_daemon_drop - initgroups/setgid/setuid to user_id; refuses to stay root */
int crm_daemon_drop(const char *user_id, uid_t uid, gid_t gid, struct crm_err *err) CRM_WUR;
/*
 * crm_daemon_db_prepare - make the Database directory (mode 0770) and an
 * empty database file (mode 0660) owned by uid:gid when they do not exist.
 */
int crm_daemon_db_prepare(const char *path, uid_t uid, gid_t gid, struct crm_err *err) CRM_WUR;
/* crm_daemon_detach - fork into the background (parent exits 0), setsid, stdio to /dev/null */
int crm_daemon_detach(struct crm_err *err) CRM_WUR;
/* crm_daemon_pidfile_write - truncate or create path with our pid (a stale one is replaced) */
int crm_daemon_pidfile_write(const char *path, struct crm_err *err) CRM_WUR;
/* crm_daemon_pidfile_remove - at exit; absent is fine; CRM_EIO with the cause (e.g. EACCES
 * after the privilege drop, in a directory only root may write) */
int crm_daemon_pidfile_remove(const char *path, struct crm_err *err) CRM_WUR;

#endif
