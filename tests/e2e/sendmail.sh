#!/usr/bin/env bash
# sendmail.sh - a private Sendmail 8.17 instance for end-to-end tests, run from
# the unpacked Debian packages (sendmail-bin conflicts with the installed
# postfix package, so nothing is installed).
#
# The packages are fetched once with `apt-get download` into $CRM_SENDMAIL_DEBS
# and unpacked with `dpkg-deb -x` into $CRM_SENDMAIL_ROOT (both under the build
# directory; serialised with flock). Each instance lives in its own directory
# DIR: generated sendmail.mc/.cf (the MTA, on 127.0.0.1:PORT, relaying
# everything to the sink with SMART_HOST(relay:[127.0.0.1]) and
# RELAY_MAILER_ARGS `TCP $h SINKPORT') and submit.mc/.cf (the MSP that local
# submissions go through), its own queues, pid file, log/maillog, and its own
# copy of the sendmail binary, DIR/bin/sendmail, by which its processes are
# found (/proc/PID/exe) -- Sendmail rewrites its argv and environment, so
# nothing else identifies them. Only that instance's processes are ever
# stopped. Must run as root. See /work/shared/MTA-NOTES.md for why each
# setting is needed.
#
# The LD_PRELOAD shim ($CRM_SENDMAIL_SHIM, tests/e2e/sendmail-shim.c) gives
# Sendmail a qualified host name (mta.harness.test; otherwise it sleeps 60 s
# per run) and writes its syslog lines to DIR/log/maillog (there is no
# /dev/log here). libwrap.so.0 comes from the unpacked libwrap0 through
# LD_LIBRARY_PATH, which is why the private binary has no set-gid bit.
#
#   sendmail.sh prepare                   fetch and unpack the packages (exit 77 with
#                                         the reason when that is impossible)
#   sendmail.sh start DIR --milter SPEC [--default-action accept|tempfail|reject]
#                        [--milter-timeouts T]
#       SPEC in Sendmail syntax (unix:/path, inet:port@host); accept (default) = no F=
#       flag (fail open), tempfail = F=T, reject = F=R; T defaults to S:10s;R:10s;E:5m
#   sendmail.sh stop DIR
#   sendmail.sh send DIR --from ADDR --to ADDR [--to ADDR...] FILE
#       SMTP from 127.0.0.1 with swaks; FILE goes on the wire unchanged (CRLF, dots
#       doubled, final dot added here; swaks --no-data-fixup)
#   sendmail.sh send-local DIR --from ADDR --to ADDR [--to ADDR...] FILE
#       local submission: DIR/bin/sendmail -C DIR/etc/submit.cf (the MSP relays it
#       over SMTP to the MTA, so the milter sees it as a client on 127.0.0.1)
#   sendmail.sh wait DIR N [TIMEOUT_S]    until N messages reached the sink (default 60 s)
#   sendmail.sh msg DIR N                 path of the Nth delivered message
#   sendmail.sh port DIR                  the MTA's SMTP port
#   sendmail.sh pids DIR                  the instance's running processes
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$(command -v python3)}
ME=sendmail.sh
. "$HERE/mta-common.sh"
DEBS=${CRM_SENDMAIL_DEBS:-}
ROOT=${CRM_SENDMAIL_ROOT:-}
SHIM=${CRM_SENDMAIL_SHIM:-}
PACKAGES=(sendmail-bin sendmail-base sendmail-cf m4 libwrap0)
MTA_HOSTNAME=mta.harness.test
LIBDIR=usr/lib/x86_64-linux-gnu


skip() {
    echo "sendmail.sh: cannot run Sendmail here: $*" >&2
    exit 77
}



# --- the unpacked packages -------------------------------------------------

have_debs() {
    local p
    for p in "${PACKAGES[@]}"; do
        compgen -G "$DEBS/${p}_*.deb" >/dev/null || return 1
    done
}

fetch_debs() {
    have_debs && return 0
    command -v apt-get >/dev/null || skip "no apt-get to fetch ${PACKAGES[*]}"
    [ "$(id -u)" = 0 ] || skip "fetching the packages needs root (apt-get download)"
    echo "sendmail.sh: apt-get download ${PACKAGES[*]} into $DEBS" >&2
    if ! (cd "$DEBS" && timeout 300 apt-get download -q "${PACKAGES[@]}") >"$DEBS/download.log" 2>&1; then
        cat "$DEBS/download.log" >&2
        rm -f "$DEBS"/*.deb
        skip "apt-get download ${PACKAGES[*]} failed (see above; no network or no package lists?)"
    fi
    have_debs || skip "apt-get download did not leave all of ${PACKAGES[*]} in $DEBS"
}

unpack_debs() {
    local deb tmp
    [ -e "$ROOT/.unpacked" ] && return 0
    command -v dpkg-deb >/dev/null || skip "dpkg-deb is not available"
    tmp="$ROOT.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    for deb in "$DEBS"/*.deb; do
        dpkg-deb -x "$deb" "$tmp" || {
            rm -rf "$tmp"
            skip "dpkg-deb -x $deb failed"
        }
    done
    # ld.so ignores LD_LIBRARY_PATH and LD_PRELOAD for a set-gid binary
    chmod g-s "$tmp/usr/libexec/sendmail/sendmail"
    rm -rf "$ROOT"
    mv "$tmp" "$ROOT"
    touch "$ROOT/.unpacked"
}

cmd_prepare() {
    [ -n "$DEBS" ] && [ -n "$ROOT" ] ||
        skip "CRM_SENDMAIL_DEBS and CRM_SENDMAIL_ROOT are not set (run through ctest)"
    mkdir -p "$DEBS" "$(dirname "$ROOT")"
    command -v flock >/dev/null || die "flock is not installed"
    (
        flock -w 600 9 || skip "timed out waiting for $DEBS/.lock"
        fetch_debs
        unpack_debs
    ) 9>"$DEBS/.lock"
    [ -x "$ROOT/usr/libexec/sendmail/sendmail" ] || skip "no sendmail binary in $ROOT"
    [ -x "$ROOT/usr/bin/m4" ] || command -v m4 >/dev/null || skip "no m4 (unpacked or installed)"
    [ -r "$ROOT/usr/share/sendmail/cf/m4/cf.m4" ] || skip "no sendmail-cf in $ROOT"
    [ -n "$SHIM" ] && [ -r "$SHIM" ] ||
        skip "the LD_PRELOAD shim CRM_SENDMAIL_SHIM is not built: ${SHIM:-unset}"
}

m4_bin() {
    if [ -x "$ROOT/usr/bin/m4" ]; then
        echo "$ROOT/usr/bin/m4"
    else
        command -v m4
    fi
}

# sm_cmd DIR: SM=(the command line that runs DIR/bin/sendmail with the shim)
sm_cmd() {
    SM=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TZ="${TZ:-UTC}"
        LD_LIBRARY_PATH="$ROOT/$LIBDIR" LD_PRELOAD="$SHIM"
        SENDMAIL_SHIM_LOG="$1/log/maillog" SENDMAIL_SHIM_HOSTNAME="$MTA_HOSTNAME"
        "$1/bin/sendmail")
}

# --- configuration ---------------------------------------------------------

write_mta_mc() { # DIR PORT SINKPORT MILTER FLAGS TIMEOUTS
    local d=$1 cf="$ROOT/usr/share/sendmail/cf" filter="S=$4"
    [ -n "$5" ] && filter="$filter, F=$5"
    filter="$filter, T=$6"
    cat >"$d/etc/sendmail.mc" <<EOF
divert(-1)
dnl private test instance made by tests/e2e/sendmail.sh
divert(0)dnl
include(\`$cf/m4/cf.m4')dnl
VERSIONID(\`careerrelay-milter e2e MTA')dnl
OSTYPE(\`linux')dnl
define(\`MAIL_SETTINGS_DIR', \`$d/etc/')dnl
define(\`QUEUE_DIR', \`$d/mqueue')dnl
define(\`STATUS_FILE', \`$d/etc/statistics')dnl
define(\`confPID_FILE', \`$d/sendmail.pid')dnl
undefine(\`ALIAS_FILE')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`confDEF_USER_ID', \`65534:65534')dnl
define(\`confTO_IDENT', \`0')dnl
define(\`confLOG_LEVEL', \`12')dnl
define(\`confMILTER_LOG_LEVEL', \`6')dnl
define(\`SMART_HOST', \`relay:[127.0.0.1]')dnl
define(\`RELAY_MAILER_ARGS', \`TCP \$h $3')dnl
FEATURE(\`no_default_msa')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`nocanonify')dnl
DAEMON_OPTIONS(\`Port=$2, Addr=127.0.0.1, Name=MTA')dnl
INPUT_MAIL_FILTER(\`careerrelay', \`$filter')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
EOF
}

write_msp_mc() { # DIR PORT
    local d=$1 cf="$ROOT/usr/share/sendmail/cf"
    cat >"$d/etc/submit.mc" <<EOF
divert(-1)
dnl private test MSP made by tests/e2e/sendmail.sh (local submissions)
divert(0)dnl
include(\`$cf/m4/cf.m4')dnl
VERSIONID(\`careerrelay-milter e2e MSP')dnl
define(\`confCF_VERSION', \`Submit')dnl
define(\`__OSTYPE__', \`')dnl
define(\`confTIME_ZONE', \`USE_TZ')dnl
define(\`confDONT_INIT_GROUPS', \`True')dnl
define(\`MAIL_SETTINGS_DIR', \`$d/etc/')dnl
define(\`MSP_QUEUE_DIR', \`$d/clientmqueue')dnl
define(\`confPID_FILE', \`$d/sm-client.pid')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`confRUN_AS_USER', \`nobody')dnl
define(\`confLOG_LEVEL', \`12')dnl
define(\`RELAY_MAILER_ARGS', \`TCP \$h $2')dnl
FEATURE(\`msp', \`[127.0.0.1]')dnl
EOF
}

make_cf() { # DIR NAME
    (cd "$1/etc" && "$(m4_bin)" "$2.mc" >"$2.cf" 2>"$1/log/m4-$2.log") || {
        cat "$1/log/m4-$2.log" >&2
        return 1
    }
    if grep -q . "$1/log/m4-$2.log"; then
        cat "$1/log/m4-$2.log" >&2
        return 1
    fi
}

# --- instance lifecycle ----------------------------------------------------

wait_listen() { # PORT TIMEOUT_S
    local i
    for i in $(seq 1 $(($2 * 10))); do
        if "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1',$1),1).close()" \
            2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

start_fail() { # DIR MESSAGE
    echo "--- $1/log/maillog (tail)" >&2
    tail -n 20 "$1/log/maillog" >&2 2>/dev/null || true
    tail -n 20 "$1/log/start.log" >&2 2>/dev/null || true
    cmd_stop "$1"
    die "$2"
}

cmd_start() {
    local d=$1 milter="" action=accept flags="" timeouts="S:10s;R:10s;E:5m" port sinkport
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --milter) milter=$2; shift 2 ;;
        --default-action) action=$2; shift 2 ;;
        --milter-timeouts) timeouts=$2; shift 2 ;;
        *) die "start: unknown option $1" ;;
        esac
    done
    [ -n "$milter" ] || die "start: --milter SPEC is required"
    case $action in
    accept) flags="" ;;
    tempfail) flags=T ;;
    reject) flags=R ;;
    *) die "start: --default-action accept|tempfail|reject" ;;
    esac
    [ "$(id -u)" = 0 ] || die "must run as root"
    cmd_prepare
    [ -e "$d/etc/sendmail.cf" ] && die "$d already holds an instance"
    mkdir -p "$d/etc" "$d/mqueue" "$d/clientmqueue" "$d/log" "$d/bin"
    # the MSP runs as nobody: it must traverse DIR, read submit.cf, write its queue
    chmod 755 "$d" "$d/etc" "$d/log"
    chmod go+x "$(dirname "$d")"
    chmod 700 "$d/mqueue"
    chown nobody "$d/clientmqueue"
    chmod 770 "$d/clientmqueue"
    install -m 0666 /dev/null "$d/log/maillog"
    cp "$ROOT/usr/libexec/sendmail/sendmail" "$d/bin/sendmail"
    chmod 0755 "$d/bin/sendmail"
    printf 'hosts\tfiles\naliases\tfiles\n' >"$d/etc/service.switch"
    start_sink "$d" || start_fail "$d" "the sink did not start (see $d/log/sink.log)"
    sinkport=$(cat "$d/sink/port")
    port=$(free_port)
    echo "$port" >"$d/port"
    write_mta_mc "$d" "$port" "$sinkport" "$milter" "$flags" "$timeouts"
    write_msp_mc "$d" "$port"
    make_cf "$d" sendmail || start_fail "$d" "m4 sendmail.mc failed"
    make_cf "$d" submit || start_fail "$d" "m4 submit.mc failed"
    sm_cmd "$d"
    timeout 60 "${SM[@]}" -C "$d/etc/sendmail.cf" -bd -q10s >>"$d/log/start.log" 2>&1 ||
        start_fail "$d" "sendmail -bd failed"
    wait_listen "$port" 20 ||
        start_fail "$d" "sendmail does not listen on 127.0.0.1:$port within 20 s"
}

instance_pids() { # DIR: processes running this instance's own binary
    local d=$1 p exe
    for p in /proc/[0-9]*; do
        exe=$(readlink "$p/exe" 2>/dev/null) || continue
        case $exe in
        "$d/bin/sendmail" | "$d/bin/sendmail (deleted)") echo "${p#/proc/}" ;;
        esac
    done
    return 0
}

cmd_stop() {
    local d=$1 pid i
    [ -d "$d" ] || return 0
    if [ -s "$d/sendmail.pid" ]; then
        pid=$(head -n 1 "$d/sendmail.pid")
        case $pid in
        '' | *[!0-9]*) ;;
        *) kill -TERM "$pid" 2>/dev/null || true ;;
        esac
    fi
    if [ -s "$d/sink.pid" ]; then
        kill "$(cat "$d/sink.pid")" 2>/dev/null || true
        rm -f "$d/sink.pid"
    fi
    for i in $(seq 1 50); do
        [ -z "$(instance_pids "$d")" ] && return 0
        sleep 0.1
    done
    for pid in $(instance_pids "$d"); do
        kill -TERM "$pid" 2>/dev/null || true
    done
    sleep 0.5
    for pid in $(instance_pids "$d"); do
        kill -KILL "$pid" 2>/dev/null || true
    done
}

# --- sending ---------------------------------------------------------------


parse_send_args() { # sets from, rcpts, file
    from="" file=""
    rcpts=()
    while [ $# -gt 0 ]; do
        case $1 in
        --from) from=$2; shift 2 ;;
        --to) rcpts+=("$2"); shift 2 ;;
        *) file=$1; shift ;;
        esac
    done
    [ -n "$from" ] && [ ${#rcpts[@]} -gt 0 ] && [ -r "$file" ] || die "send: --from, --to and FILE"
}

cmd_send() {
    local d=$1 from file wire
    local -a rcpts
    shift
    parse_send_args "$@"
    command -v swaks >/dev/null || die "swaks is not installed"
    wire=$(mktemp)
    wire_form "$file" >"$wire"
    if ! timeout 60 swaks --server 127.0.0.1 --port "$(cat "$d/port")" --helo client.harness.test \
        --from "$from" --to "$(IFS=,; echo "${rcpts[*]}")" --data "@$wire" --no-data-fixup \
        --suppress-data >"$d/log/swaks.log" 2>&1; then
        rm -f "$wire"
        cat "$d/log/swaks.log" >&2
        die "send: swaks failed"
    fi
    rm -f "$wire"
}

cmd_send_local() {
    local d=$1 from file
    local -a rcpts
    shift
    parse_send_args "$@"
    sm_cmd "$d"
    timeout 60 "${SM[@]}" -C "$d/etc/submit.cf" -oi -f "$from" -- "${rcpts[@]}" <"$file" ||
        die "send-local: sendmail -C submit.cf failed"
}

cmd_wait() {
    local d=$1 n=$2 timeout=${3:-60} i have=0
    sm_cmd "$d"
    for i in $(seq 1 $((timeout * 10))); do
        have=$(find "$d/sink" -maxdepth 1 -name '*.eml' | wc -l)
        [ "$have" -ge "$n" ] && return 0
        # run both queues now and then (deferred mail)
        if [ $((i % 50)) = 0 ]; then
            timeout 20 "${SM[@]}" -C "$d/etc/sendmail.cf" -q >/dev/null 2>&1 || true
            timeout 20 "${SM[@]}" -C "$d/etc/submit.cf" -q >/dev/null 2>&1 || true
        fi
        sleep 0.1
    done
    echo "sendmail.sh: $have of $n messages after ${timeout}s; maillog tail:" >&2
    tail -n 20 "$d/log/maillog" >&2 || true
    return 1
}

[ $# -ge 1 ] || die "usage: sendmail.sh prepare | start|stop|send|send-local|wait|msg|port|pids DIR ..."
cmd=$1
shift
case $cmd in
prepare) cmd_prepare ;;
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
send) cmd_send "$@" ;;
send-local) cmd_send_local "$@" ;;
wait) cmd_wait "$@" ;;
msg) printf '%s/sink/%04d.eml\n' "$1" "$2" ;;
port) cat "$1/port" ;;
pids) instance_pids "$1" ;;
*) die "unknown command $cmd" ;;
esac
