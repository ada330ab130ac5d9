#!/usr/bin/env bash
# mta-common.sh - functions shared by postfix.sh and sendmail.sh (sourced, not run).
# The sourcing script sets ME (its name, for messages) and PYTHON first.

die() {
    echo "$ME: $*" >&2
    exit 1
}

free_port() {
    "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pid_alive() { # a zombie counts as dead
    local st
    [ -r "/proc/$1/stat" ] || return 1
    st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$st" != Z ]
}

wire_form() { # FILE: CRLF, leading dots doubled, final dot
    "$PYTHON" - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
lines = data.replace(b"\r\n", b"\n").split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
out = [(b"." + l if l.startswith(b".") else l) + b"\r\n" for l in lines]
sys.stdout.buffer.write(b"".join(out) + b".\r\n")
EOF
}

start_sink() { # DIR: the SMTP sink (sink.py) on a free port; 1 if it did not start
    local d=$1 i
    mkdir -p "$d/sink"
    "$PYTHON" "$HERE/sink.py" "$d/sink" >"$d/log/sink.log" 2>&1 &
    echo $! >"$d/sink.pid"
    for i in $(seq 1 100); do
        [ -s "$d/sink/port" ] && return 0
        sleep 0.1
    done
    return 1
}
