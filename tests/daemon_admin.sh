#!/bin/bash
# daemon_admin.sh MILTER - what an administrator sees from careerrelay-milter
# itself (no MTA): -n and start-up errors, stale files, the stop, reloads.
#   1. -n fails, with FILE:LINE, on a missing socket directory, a socket path
#      that is a plain file, and a missing Templates directory; it warns
#      about a missing PidFile directory and a single-value key given twice;
#      it refuses a Database file that is not a ledger, and warns when the
#      database's directory cannot be made;
#   2. a start fails with the real cause (missing directory), and never
#      removes a plain file sitting at the socket path;
#   3. a stale socket and a stale pid file are replaced at start, and both
#      are removed at SIGTERM;
#   4. a SIGUSR1 reload onto a missing Templates directory is refused with
#      FILE:LINE and the running configuration kept;
#   5. (root only) with UserID and root-owned directories, the stop cannot
#      remove the socket and pid file: it says so, and the next start
#      replaces both.
set -u
milter=$1
T=$(mktemp -d /tmp/crm-admin.XXXXXX) || exit 2
chmod 0755 "$T"
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail=0
bad() {
    echo "FAIL $*" >&2
    fail=1
}

# expect_n NAME WANT: -n on $T/c.conf exits 1 with WANT (a grep -F string) on stderr
expect_n() {
    local out rc
    out=$("$milter" -n -c "$T/c.conf" 2>&1)
    rc=$?
    [ $rc = 1 ] || bad "$1: -n exit $rc, want 1 ($out)"
    case $out in *"$2"*) ;; *) bad "$1: -n said [$out], want [$2]" ;; esac
}

# start [ARGS]: run the milter in the foreground on $T/c.conf, log in $T/m.log; wait for it
start() {
    local i
    "$milter" -f -c "$T/c.conf" >"$T/m.log" 2>&1 &
    pid=$!
    for i in $(seq 100); do
        grep -q 'info: starting' "$T/m.log" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    bad "no start: $(cat "$T/m.log")"
    return 1
}

# stop: SIGTERM and wait for the exit
stop() {
    kill -TERM "$pid"
    wait "$pid" || bad "stop: exit $?"
    pid=
}

# waitlog TEXT: TEXT appears in $T/m.log within 5 s
waitlog() {
    local i
    for i in $(seq 100); do
        grep -qF "$1" "$T/m.log" && return 0
        sleep 0.05
    done
    return 1
}

# 1. -n
printf 'CompanyName ACME\nSocket unix:%s/nodir/m.sock\nDatabase %s/db/l.db\n' "$T" "$T" >"$T/c.conf"
# a missing directory is only a warning for -n (systemd makes /run/careerrelay at start)
out=$("$milter" -n -c "$T/c.conf" 2>&1) || bad "missing_socket_dir: -n exit $?, want 0 ($out)"
case $out in
*"c.conf:2: warning: Socket unix:$T/nodir/m.sock: directory $T/nodir: No such file or directory"*) ;;
*) bad "missing_socket_dir: -n said [$out]" ;;
esac
: >"$T/plain"
printf 'Socket unix:%s/plain\nDatabase %s/db/l.db\n' "$T" "$T" >"$T/c.conf"
expect_n socket_is_a_file "c.conf:1: Socket unix:$T/plain: $T/plain: exists and is not a socket"
printf 'Socket unix:%s/m.sock\n\nTemplates %s/none\n' "$T" "$T" >"$T/c.conf"
expect_n missing_templates "c.conf:3: Templates: $T/none: No such file or directory"
# the PidFile's directory: missing is a warning (systemd makes it), not a directory an error
printf 'Socket unix:%s/m.sock\nPidFile %s/nopid/m.pid\n' "$T" "$T" >"$T/c.conf"
out=$("$milter" -n -c "$T/c.conf" 2>&1) || bad "missing_pid_dir: -n exit $?, want 0 ($out)"
case $out in
*"c.conf:2: warning: PidFile $T/nopid/m.pid: directory $T/nopid does not exist"*) ;;
*) bad "missing_pid_dir: -n said [$out]" ;;
esac
printf 'Socket unix:%s/m.sock\nPidFile %s/plain/m.pid\n' "$T" "$T" >"$T/c.conf"
expect_n pid_dir_is_a_file "c.conf:2: PidFile $T/plain/m.pid: $T/plain is not a directory"
# the Database: a file that is not a ledger is an error; a directory the milter
# cannot make (its parent is missing too) a warning
printf 'not a database\n' >"$T/notdb"
printf 'Socket unix:%s/m.sock\nDatabase %s/notdb\n' "$T" "$T" >"$T/c.conf"
expect_n database_not_a_ledger "c.conf:2: Database: $T/notdb: file is not a database"
printf 'Socket unix:%s/m.sock\nDatabase %s/no/dir/l.db\n' "$T" "$T" >"$T/c.conf"
out=$("$milter" -n -c "$T/c.conf" 2>&1) || bad "database_dir_missing: -n exit $?, want 0 ($out)"
case $out in
*"c.conf:2: warning: Database $T/no/dir/l.db: directory $T/no/dir does not exist, nor its parent"*) ;;
*) bad "database_dir_missing: -n said [$out]" ;;
esac
# a single-value key given twice: a warning naming both lines (the last wins), exit 0
printf 'Socket unix:%s/m.sock\nOnError tempfail\nSenders @a.example\nOnError accept\nSenders @b.example\n' \
    "$T" >"$T/c.conf"
out=$("$milter" -n -c "$T/c.conf" 2>&1) || bad "key_twice: -n exit $?, want 0 ($out)"
case $out in
*"c.conf:4: warning: OnError is also set at line 2"*) ;;
*) bad "key_twice: -n said [$out]" ;;
esac
case $out in *Senders*) bad "key_twice: a list key given twice was warned about [$out]" ;; esac

# 2. start-up errors
printf 'Socket unix:%s/nodir/m.sock\nDatabase %s/db/l.db\n' "$T" "$T" >"$T/c.conf"
out=$("$milter" -f -c "$T/c.conf" 2>&1)
rc=$?
[ $rc = 1 ] || bad "start, missing directory: exit $rc, want 1"
case $out in
*"cannot start: Socket unix:$T/nodir/m.sock: directory $T/nodir: No such file or directory"*) ;;
*) bad "start, missing directory: said [$out]" ;;
esac
printf 'Socket unix:%s/plain\nDatabase %s/db/l.db\n' "$T" "$T" >"$T/c.conf"
"$milter" -f -c "$T/c.conf" >/dev/null 2>&1 && bad "started on a plain file"
[ -f "$T/plain" ] || bad "the plain file at the socket path was removed"

# 3. a stale socket and pid file are replaced; both removed at the stop
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/m.sock"
echo 999999 >"$T/m.pid"
printf 'Socket unix:%s/m.sock\nPidFile %s/m.pid\nDatabase %s/db/l.db\n' "$T" "$T" "$T" >"$T/c.conf"
"$milter" -n -c "$T/c.conf" >/dev/null 2>&1 || bad "-n on a good configuration"
"$milter" --check --config "$T/c.conf" >/dev/null 2>&1 || bad "--check --config on a good configuration"
"$milter" --help 2>&1 | grep -q -- '-n, --check' || bad "--help does not list --check"
"$milter" --bogus >/dev/null 2>&1
[ $? = 64 ] || bad "an unknown long option: exit status is not 64"
if start; then
    [ "$(cat "$T/m.pid")" = "$pid" ] || bad "pid file: got $(cat "$T/m.pid"), want $pid"
    [ -S "$T/m.sock" ] || bad "no socket"
    # 4. a reload onto a missing Templates directory is refused
    printf 'Templates %s/none\n' "$T" >>"$T/c.conf"
    kill -USR1 "$pid"
    waitlog "reload failed, keeping the running configuration: $T/c.conf:4: Templates: $T/none: No such file or directory" ||
        bad "reload: no FILE:LINE refusal ($(cat "$T/m.log"))"
    # a reload that changes keys read only at start-up says so for each
    printf 'Socket unix:%s/m.sock\nPidFile %s/m.pid\nDatabase %s/db/l.db\nUMask 077\nSyslogFacility local3\n' \
        "$T" "$T" "$T" >"$T/c.conf"
    kill -USR1 "$pid"
    waitlog "SyslogFacility changed (not reloadable: restart to apply)" ||
        bad "reload: no SyslogFacility warning ($(cat "$T/m.log"))"
    grep -qF "UMask changed (not reloadable: restart to apply)" "$T/m.log" || bad "reload: no UMask warning"
    stop
    [ -e "$T/m.sock" ] && bad "socket left after the stop"
    [ -e "$T/m.pid" ] && bad "pid file left after the stop"
    grep -q 'cannot remove' "$T/m.log" && bad "unexpected warning: $(grep 'cannot remove' "$T/m.log")"
fi

# 5. UserID: the unprivileged user cannot remove files in a root-owned directory
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    mkdir -m 0755 "$T/run"
    printf 'Socket unix:%s/run/m.sock\nPidFile %s/run/m.pid\nDatabase %s/db5/l.db\nUserID nobody\n' \
        "$T" "$T" "$T" >"$T/c.conf"
    for round in 1 2; do
        start || break
        [ "$(cat "$T/run/m.pid")" = "$pid" ] || bad "round $round: pid file not replaced"
        stop
        grep -q 'error' "$T/m.log" && bad "round $round: $(grep error "$T/m.log")"
        grep -qF "cannot remove the socket $T/run/m.sock: Permission denied; it is left in place and replaced at the next start" "$T/m.log" ||
            bad "round $round: no notice for the socket ($(cat "$T/m.log"))"
        grep -qF "cannot remove the pid file $T/run/m.pid: Permission denied" "$T/m.log" ||
            bad "round $round: no notice for the pid file"
        [ -S "$T/run/m.sock" ] || bad "round $round: the socket is gone, yet the notice said it stays"
    done
else
    echo "daemon_admin: not root (or no user nobody): UserID case skipped"
fi

[ $fail = 0 ] && echo "daemon_admin: all checks pass"
exit $fail
