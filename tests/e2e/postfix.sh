#!/usr/bin/env bash
# postfix.sh - a private Postfix instance for end-to-end tests and the demo.
#
# It never touches the system's Postfix: everything (config, queue, data, log,
# the SMTP sink that receives the relayed mail) lives in the instance directory
# DIR, Postfix listens on 127.0.0.1 on a free port, relays everything to the
# sink (relayhost [127.0.0.1]:SINKPORT) and runs without chroot. Only the
# processes of this instance are ever stopped (by PID, or by their
# MAIL_CONFIG=DIR/conf environment), never by name. Must run as root.
#
#   postfix.sh start DIR --milter SPEC [--non-smtpd] [--default-action A] [--relay-any]
#                        [--sasl]
#       SPEC in Postfix syntax (unix:/path, inet:host:port); --non-smtpd also sets
#       non_smtpd_milters; A = accept (default) | tempfail | reject; --relay-any lets any
#       client relay (to simulate outside clients with XCLIENT ADDR=...); --sasl turns
#       on smtpd_sasl_auth_enable so that XCLIENT LOGIN=... counts as authenticated.
#   postfix.sh stop DIR
#   postfix.sh send DIR --from ADDR --to ADDR [--to ADDR...] [--xclient 'ADDR=..'] FILE
#       SMTP from 127.0.0.1 with swaks; FILE goes on the wire unchanged (CRLF, dots
#       doubled, final dot added here; swaks --no-data-fixup)
#   postfix.sh send-local DIR --from ADDR --to ADDR [--to ADDR...] FILE
#       local submission: sendmail -C DIR/conf (non_smtpd_milters)
#   postfix.sh wait DIR N [TIMEOUT_S]     until N messages reached the sink (default 60 s)
#   postfix.sh msg DIR N                  path of the Nth delivered message
#   postfix.sh content FILE               a delivered message without the Received:
#                                         fields Postfix prepended, LF line ends
#   postfix.sh normalize FILE             FILE with LF line ends (to compare with content)
#   postfix.sh port DIR                   the SMTP port
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$(command -v python3)}
ME=postfix.sh
. "$HERE/mta-common.sh"




write_main_cf() { # DIR PORT SINKPORT MILTER NONSMTPD ACTION RELAYANY SASL
    local d=$1 milter="{ $4, default_action=$6 }"
    cat >"$d/conf/main.cf" <<EOF
# private test instance made by tests/e2e/postfix.sh
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
maillog_file = $d/log/maillog
maillog_file_prefixes = $d/log
myhostname = mta.harness.test
mydomain = harness.test
myorigin = \$myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
relayhost = [127.0.0.1]:$3
smtp_dns_support_level = disabled
smtpd_authorized_xclient_hosts = 127.0.0.0/8
smtpd_milters = $milter
milter_default_action = $6
queue_run_delay = 10s
minimal_backoff_time = 10s
maximal_backoff_time = 20s
smtpd_banner = \$myhostname ESMTP harness
# deliver lines longer than 998 octets as they came (the sink takes them), so
# that a delivered copy is the message the milter saw
smtp_line_length_limit = 0
EOF
    if [ "$5" = 1 ]; then
        echo "non_smtpd_milters = $milter" >>"$d/conf/main.cf"
    fi
    if [ "$7" = 1 ]; then
        # Postfix refuses an open relay; make every domain a relay domain instead
        {
            echo "relay_domains = static:ALL"
            echo "relay_transport = relay:[127.0.0.1]:$3"
        } >>"$d/conf/main.cf"
    fi
    if [ "$8" = 1 ]; then
        echo "smtpd_sasl_auth_enable = yes" >>"$d/conf/main.cf"
    fi
}

write_master_cf() { # DIR PORT
    local d=$1 c="$1/conf"
    cp /etc/postfix/master.cf "$c/master.cf"
    postconf -c "$c" -M# smtp/inet >/dev/null 2>&1 || true
    postconf -c "$c" -M "127.0.0.1:$2/inet=127.0.0.1:$2 inet n - n - - smtpd"
    if ! postconf -c "$c" -M postlog/unix-dgram >/dev/null 2>&1 ||
        [ -z "$(postconf -c "$c" -M postlog/unix-dgram 2>/dev/null)" ]; then
        postconf -c "$c" -M "postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd"
    fi
    postconf -c "$c" -F '*/*/chroot = n'
}

cmd_start() {
    local d=$1 milter="" nonsmtpd=0 action=accept relayany=0 sasl=0 port sinkport
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --milter) milter=$2; shift 2 ;;
        --non-smtpd) nonsmtpd=1; shift ;;
        --default-action) action=$2; shift 2 ;;
        --relay-any) relayany=1; shift ;;
        --sasl) sasl=1; shift ;;
        *) die "start: unknown option $1" ;;
        esac
    done
    [ -n "$milter" ] || die "start: --milter SPEC is required"
    [ "$(id -u)" = 0 ] || die "must run as root (Postfix master, postdrop -C)"
    command -v postfix >/dev/null || die "postfix is not installed"
    [ -e "$d/conf/main.cf" ] && die "$d already holds an instance"
    mkdir -p "$d/conf" "$d/queue" "$d/data" "$d/log"
    # Postfix daemons (user postfix) must reach data/ and the queue: DIR and its parent
    # (usually a mktemp -d directory, mode 0700) must be traversable
    chmod 755 "$d"
    chmod go+x "$(dirname "$d")"
    chown postfix "$d/data"
    start_sink "$d" || die "sink did not start (see $d/log/sink.log)"
    sinkport=$(cat "$d/sink/port")
    port=$(free_port)
    echo "$port" >"$d/port"
    write_main_cf "$d" "$port" "$sinkport" "$milter" "$nonsmtpd" "$action" "$relayany" "$sasl"
    write_master_cf "$d" "$port"
    postfix -c "$d/conf" check >>"$d/log/start.log" 2>&1 || {
        cat "$d/log/start.log" >&2
        cmd_stop "$d"
        die "postfix check failed"
    }
    postfix -c "$d/conf" start >>"$d/log/start.log" 2>&1 || {
        cat "$d/log/start.log" >&2
        cmd_stop "$d"
        die "postfix start failed"
    }
    wait_listen "$port" || {
        cmd_stop "$d"
        die "postfix does not listen on 127.0.0.1:$port (see $d/log/maillog)"
    }
}

wait_listen() { # PORT
    local i
    for i in $(seq 1 100); do
        if "$PYTHON" -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1).close()" \
            2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

instance_pids() { # DIR: processes whose environment names this instance's config
    local d=$1 p
    for p in /proc/[0-9]*; do
        { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qx "MAIL_CONFIG=$d/conf" &&
            echo "${p#/proc/}"
    done
    return 0
}

cmd_stop() {
    local d=$1 pid i
    [ -d "$d" ] || return 0
    if [ -e "$d/conf/main.cf" ]; then
        postfix -c "$d/conf" stop >>"$d/log/stop.log" 2>&1 || true
    fi
    if [ -s "$d/sink.pid" ]; then
        pid=$(cat "$d/sink.pid")
        kill "$pid" 2>/dev/null || true
        rm -f "$d/sink.pid"
    fi
    for i in $(seq 1 50); do
        [ -z "$(instance_pids "$d")" ] && return 0
        sleep 0.1
    done
    for pid in $(instance_pids "$d"); do
        kill -9 "$pid" 2>/dev/null || true
    done
}


cmd_send() {
    local d=$1 from="" xclient="" file="" wire
    local -a rcpts=()
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --from) from=$2; shift 2 ;;
        --to) rcpts+=("$2"); shift 2 ;;
        --xclient) xclient=$2; shift 2 ;;
        *) file=$1; shift ;;
        esac
    done
    if [ -z "$from" ] || [ ${#rcpts[@]} = 0 ] || [ ! -r "$file" ]; then
        die "send: --from, --to and FILE"
    fi
    wire=$(mktemp)
    wire_form "$file" >"$wire"
    local -a args=(--server 127.0.0.1 --port "$(cat "$d/port")" --helo client.harness.test
        --from "$from" --to "$(IFS=,; echo "${rcpts[*]}")" --data "@$wire" --no-data-fixup
        --suppress-data)
    if [ -n "$xclient" ]; then
        args+=(--xclient "$xclient" --xclient-no-verify)
    fi
    if ! swaks "${args[@]}" >"$d/log/swaks.log" 2>&1; then
        rm -f "$wire"
        cat "$d/log/swaks.log" >&2
        die "send: swaks failed"
    fi
    rm -f "$wire"
}

cmd_send_local() {
    local d=$1 from="" file=""
    local -a rcpts=()
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --from) from=$2; shift 2 ;;
        --to) rcpts+=("$2"); shift 2 ;;
        *) file=$1; shift ;;
        esac
    done
    if [ -z "$from" ] || [ ${#rcpts[@]} = 0 ] || [ ! -r "$file" ]; then
        die "send-local: --from, --to and FILE"
    fi
    sendmail -C "$d/conf" -f "$from" -- "${rcpts[@]}" <"$file"
}

cmd_wait() {
    local d=$1 n=$2 timeout=${3:-60} i have
    for i in $(seq 1 $((timeout * 10))); do
        have=$(find "$d/sink" -maxdepth 1 -name '*.eml' | wc -l)
        [ "$have" -ge "$n" ] && return 0
        # nudge the queue now and then (deferred mail)
        if [ $((i % 50)) = 0 ]; then
            postqueue -c "$d/conf" -f >/dev/null 2>&1 || true
        fi
        sleep 0.1
    done
    echo "postfix.sh: $have of $n messages after ${timeout}s; maillog tail:" >&2
    tail -n 20 "$d/log/maillog" >&2 || true
    return 1
}

cmd_content() { # strip the leading Received: fields Postfix added; LF line ends
    "$PYTHON" - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
lines = data.split(b"\n")
i = 0
while i < len(lines) and lines[i].lower().startswith(b"received:"):
    i += 1
    while i < len(lines) and lines[i][:1] in (b" ", b"\t"):
        i += 1
sys.stdout.buffer.write(b"\n".join(lines[i:]))
EOF
}

cmd_normalize() {
    "$PYTHON" -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1],"rb").read().replace(b"\r\n",b"\n"))' "$1"
}

[ $# -ge 2 ] || die "usage: postfix.sh start|stop|send|send-local|wait|msg|content|normalize|port DIR ..."
cmd=$1
shift
case $cmd in
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
send) cmd_send "$@" ;;
send-local) cmd_send_local "$@" ;;
wait) cmd_wait "$@" ;;
msg) printf '%s/sink/%04d.eml\n' "$1" "$2" ;;
content) cmd_content "$@" ;;
normalize) cmd_normalize "$@" ;;
port) cat "$1/port" ;;
*) die "unknown command $cmd" ;;
esac
