/* daemon_proc.c - process set-up: socket cleanup and modes, privileges, pid file, background */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "alloc.h"
#include "str.h"

/* crm_daemon_socket_path - the file of a unix socket spec */
const char *
crm_daemon_socket_path(const char *spec)
{
    if (spec == NULL)
        return NULL;
    if (strncmp(spec, "unix:", 5) == 0)
        return spec + 5;
    if (strncmp(spec, "local:", 6) == 0)
        return spec + 6;
    if (spec[0] == '/')
        return spec;
    return NULL;
}

/* proc_dirname - directory part of path into out ("." when none) */
static void
proc_dirname(const char *path, char *out, size_t outsz)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        snprintf(out, outsz, ".");
    else if (slash == path)
        snprintf(out, outsz, "/");
    else
        snprintf(out, outsz, "%.*s", (int)(slash - path), path);
}

/* crm_daemon_dir_check - the directory a file is made in exists */
int
crm_daemon_dir_check(const char *path, char *dir, size_t dirsz, struct crm_err *err)
{
    struct stat st;

    proc_dirname(path, dir, dirsz);
    if (stat(dir, &st) != 0)
        return crm_err_set(err, errno == ENOENT ? CRM_ENOTFOUND : CRM_EIO, "directory %s: %s", dir,
                           strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return crm_err_set(err, CRM_EIO, "%s is not a directory", dir);
    return CRM_OK;
}

/* crm_daemon_socket_check - a unix socket's path fits and its directory exists */
int
crm_daemon_socket_check(const char *spec, struct crm_err *err)
{
    const char *path = crm_daemon_socket_path(spec);
    struct sockaddr_un sun;
    char dir[sizeof(sun.sun_path)];
    struct stat st;
    int rc;

    if (path == NULL)
        return CRM_OK;
    if (strlen(path) >= sizeof(sun.sun_path))
        return crm_err_set(err, CRM_EINVAL, "%s: socket path too long (%zu bytes at most)", path,
                           sizeof(sun.sun_path) - 1);
    rc = crm_daemon_dir_check(path, dir, sizeof(dir), err);
    if (rc != CRM_OK)
        return rc;
    if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
        return crm_err_set(err, CRM_EIO, "%s: exists and is not a socket", path);
    return CRM_OK;
}

/* crm_daemon_socket_cleanup - unlink a unix socket nobody listens on */
int
crm_daemon_socket_cleanup(const char *spec, struct crm_err *err)
{
    const char *path = crm_daemon_socket_path(spec);
    struct sockaddr_un sun;
    struct stat st;
    int fd, rc, e;

    if (path == NULL)
        return CRM_OK;
    if (strlen(path) >= sizeof(sun.sun_path))
        return crm_err_set(err, CRM_EINVAL, "%s: socket path too long", path);
    if (lstat(path, &st) != 0)
        return CRM_OK;         /* nothing there (or the open will say why) */
    if (!S_ISSOCK(st.st_mode)) /* connect() refuses a plain file too: never remove one */
        return crm_err_set(err, CRM_EIO, "%s: exists and is not a socket (not removed)", path);
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, path, strlen(path) + 1);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return crm_err_set(err, CRM_EIO, "socket: %s", strerror(errno));
    rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
    e = errno;
    close(fd);
    if (rc == 0)
        return crm_err_set(err, CRM_ESTATE, "%s: another milter is listening there", path);
    if (e == ENOENT)
        return CRM_OK;
    if (e == ECONNREFUSED) {
        if (unlink(path) != 0 && errno != ENOENT)
            return crm_err_set(err, CRM_EIO, "%s: cannot remove stale socket: %s", path,
                               strerror(errno));
        return CRM_OK;
    }
    return crm_err_set(err, CRM_EIO, "%s: %s", path, strerror(e));
}

/* proc_probe_unix - bind path ourselves to learn why libmilter could not */
static void
proc_probe_unix(const char *path, char *why, size_t n)
{
    struct sockaddr_un sun;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0) {
        snprintf(why, n, "socket: %s", strerror(errno));
        return;
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, path, strlen(path) + 1);
    if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
        snprintf(why, n, "%s: %s", path, strerror(errno));
    else {
        (void)unlink(path);
        snprintf(why, n, "%s: libmilter refused it (its syslog message says why)", path);
    }
    close(fd);
}

/* proc_probe_inet - bind "port[@host]" ourselves to learn why libmilter could not */
static void
proc_probe_inet(const char *spec, int family, char *why, size_t n)
{
    struct addrinfo hints, *ai = NULL;
    char port[32];
    const char *at = strchr(spec, '@');
    size_t plen = at != NULL ? (size_t)(at - spec) : strlen(spec);
    int fd, rc, one = 1;

    if (plen == 0 || plen >= sizeof(port)) {
        snprintf(why, n, "bad port");
        return;
    }
    memcpy(port, spec, plen);
    port[plen] = '\0';
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    rc = getaddrinfo(at != NULL ? at + 1 : NULL, port, &hints, &ai);
    if (rc != 0) {
        snprintf(why, n, "%s: %s", at != NULL ? at + 1 : port, gai_strerror(rc));
        return;
    }
    fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd < 0)
        snprintf(why, n, "socket: %s", strerror(errno));
    else if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
             bind(fd, ai->ai_addr, ai->ai_addrlen) != 0)
        snprintf(why, n, "%s", strerror(errno));
    else
        snprintf(why, n, "libmilter refused it (its syslog message says why)");
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
}

/* crm_daemon_socket_why - after libmilter failed to open spec: the cause */
void
crm_daemon_socket_why(const char *spec, char *why, size_t n)
{
    const char *path = crm_daemon_socket_path(spec);
    struct crm_err err;

    if (path != NULL) {
        if (crm_daemon_socket_check(spec, &err) != CRM_OK)
            snprintf(why, n, "%s", err.msg);
        else
            proc_probe_unix(path, why, n);
    } else if (strncmp(spec, "inet:", 5) == 0)
        proc_probe_inet(spec + 5, AF_INET, why, n);
    else if (strncmp(spec, "inet6:", 6) == 0)
        proc_probe_inet(spec + 6, AF_INET6, why, n);
    else
        snprintf(why, n, "unknown socket type");
}

/* crm_daemon_socket_remove - at exit: unlink our unix socket if it is still there */
int
crm_daemon_socket_remove(const char *spec, struct crm_err *err)
{
    const char *path = crm_daemon_socket_path(spec);
    struct stat st;

    if (path == NULL || lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
        return CRM_OK;
    if (unlink(path) != 0 && errno != ENOENT)
        return crm_err_set(err, CRM_EIO, "socket %s: %s", path, strerror(errno));
    return CRM_OK;
}

/* crm_daemon_socket_perms - owner and mode of the unix socket */
int
crm_daemon_socket_perms(const char *spec, uid_t uid, gid_t gid, unsigned mask, struct crm_err *err)
{
    const char *path = crm_daemon_socket_path(spec);

    if (path == NULL)
        return CRM_OK;
    if (uid != (uid_t)-1 && chown(path, uid, gid) != 0)
        return crm_err_set(err, CRM_EIO, "%s: chown: %s", path, strerror(errno));
    if (chmod(path, 0666 & ~(mode_t)mask) != 0)
        return crm_err_set(err, CRM_EIO, "%s: chmod: %s", path, strerror(errno));
    return CRM_OK;
}

/* proc_split_user - "user[:group]" into two heap strings (group may be NULL) */
static int
proc_split_user(const char *user_id, char **user, char **group)
{
    const char *colon = strchr(user_id, ':');

    *group = NULL;
    if (colon == NULL) {
        *user = crm_strdup(user_id);
        return *user != NULL ? CRM_OK : CRM_ENOMEM;
    }
    *user = crm_strndup(user_id, (size_t)(colon - user_id));
    *group = crm_strdup(colon + 1);
    if (*user == NULL || *group == NULL) {
        crm_free(*user);
        crm_free(*group);
        return CRM_ENOMEM;
    }
    return CRM_OK;
}

/* crm_daemon_user - resolve "user[:group]" (single-threaded start-up: getpwnam is fine) */
int
crm_daemon_user(const char *user_id, uid_t *uid, gid_t *gid, struct crm_err *err)
{
    struct passwd *pw;
    struct group *gr;
    char *user, *group;
    int rc = CRM_OK;

    if (proc_split_user(user_id, &user, &group) != CRM_OK)
        return crm_err_set(err, CRM_ENOMEM, "UserID: out of memory");
    pw = getpwnam(user);
    if (pw == NULL)
        rc = crm_err_set(err, CRM_EINVAL, "UserID: no such user \"%s\"", user);
    else {
        *uid = pw->pw_uid;
        *gid = pw->pw_gid;
    }
    if (rc == CRM_OK && group != NULL) {
        gr = getgrnam(group);
        if (gr == NULL)
            rc = crm_err_set(err, CRM_EINVAL, "UserID: no such group \"%s\"", group);
        else
            *gid = gr->gr_gid;
    }
    crm_free(user);
    crm_free(group);
    return rc;
}

/* crm_daemon_drop - become uid:gid with the user's supplementary groups */
int
crm_daemon_drop(const char *user_id, uid_t uid, gid_t gid, struct crm_err *err)
{
    char *user, *group;
    int rc = CRM_OK;

    if (uid == 0)
        return crm_err_set(err, CRM_EINVAL, "UserID %s is root: refusing to run as root", user_id);
    if (getuid() == uid && geteuid() == uid)
        return CRM_OK;
    if (proc_split_user(user_id, &user, &group) != CRM_OK)
        return crm_err_set(err, CRM_ENOMEM, "UserID: out of memory");
    if (initgroups(user, gid) != 0)
        rc = crm_err_set(err, CRM_EIO, "initgroups(%s): %s", user, strerror(errno));
    else if (setgid(gid) != 0)
        rc = crm_err_set(err, CRM_EIO, "setgid(%u): %s", (unsigned)gid, strerror(errno));
    else if (setuid(uid) != 0)
        rc = crm_err_set(err, CRM_EIO, "setuid(%u): %s", (unsigned)uid, strerror(errno));
    crm_free(user);
    crm_free(group);
    if (rc == CRM_OK && (getuid() == 0 || geteuid() == 0 || setuid(0) == 0))
        rc = crm_err_set(err, CRM_EINTERNAL, "still root after dropping to %s: refusing to run",
                         user_id);
    return rc;
}

/* crm_daemon_db_prepare - database directory and file, owned by the milter's user */
int
crm_daemon_db_prepare(const char *path, uid_t uid, gid_t gid, struct crm_err *err)
{
    char dir[4096];
    struct stat st;
    int fd;

    if (path == NULL || path[0] == '\0' || strcmp(path, ":memory:") == 0)
        return CRM_OK;
    proc_dirname(path, dir, sizeof(dir));
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0770) != 0)
            return crm_err_set(err, CRM_EIO, "%s: cannot create database directory: %s", dir,
                               strerror(errno));
        if (uid != (uid_t)-1 && chown(dir, uid, gid) != 0)
            return crm_err_set(err, CRM_EIO, "%s: chown: %s", dir, strerror(errno));
    }
    if (stat(path, &st) == 0)
        return CRM_OK;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd < 0)
        return crm_err_set(err, CRM_EIO, "%s: cannot create database: %s", path, strerror(errno));
    if (fchmod(fd, 0660) != 0 || (uid != (uid_t)-1 && fchown(fd, uid, gid) != 0)) {
        close(fd);
        return crm_err_set(err, CRM_EIO, "%s: cannot set owner and mode: %s", path,
                           strerror(errno));
    }
    close(fd);
    return CRM_OK;
}

/* crm_daemon_detach - run in the background */
int
crm_daemon_detach(struct crm_err *err)
{
    pid_t pid = fork();
    int fd;

    if (pid < 0)
        return crm_err_set(err, CRM_EIO, "fork: %s", strerror(errno));
    if (pid > 0)
        _exit(0);
    if (setsid() < 0)
        return crm_err_set(err, CRM_EIO, "setsid: %s", strerror(errno));
    pid = fork(); /* never reacquire a controlling terminal */
    if (pid < 0)
        return crm_err_set(err, CRM_EIO, "fork: %s", strerror(errno));
    if (pid > 0)
        _exit(0);
    if (chdir("/") != 0)
        return crm_err_set(err, CRM_EIO, "chdir /: %s", strerror(errno));
    fd = open("/dev/null", O_RDWR);
    if (fd < 0)
        return crm_err_set(err, CRM_EIO, "/dev/null: %s", strerror(errno));
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
    return CRM_OK;
}

/* crm_daemon_pidfile_write - our pid, one line */
int
crm_daemon_pidfile_write(const char *path, struct crm_err *err)
{
    char line[32];
    int fd, n;

    if (path == NULL || path[0] == '\0')
        return CRM_OK;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return crm_err_set(err, CRM_EIO, "%s: %s", path, strerror(errno));
    n = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
    if (write(fd, line, (size_t)n) != n) {
        close(fd);
        return crm_err_set(err, CRM_EIO, "%s: write: %s", path, strerror(errno));
    }
    close(fd);
    return CRM_OK;
}

/* crm_daemon_pidfile_remove - at exit (may fail after the privilege drop) */
int
crm_daemon_pidfile_remove(const char *path, struct crm_err *err)
{
    if (path == NULL || path[0] == '\0' || unlink(path) == 0 || errno == ENOENT)
        return CRM_OK;
    return crm_err_set(err, CRM_EIO, "pid file %s: %s", path, strerror(errno));
}
