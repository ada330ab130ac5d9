#!/usr/bin/env bash
# faults.sh CASE - fault injection against the real careerrelay-milter (issue 6,
# item 3), behind the private Postfix of tests/e2e/postfix.sh where an MTA is
# needed. Each case runs in its own temp dir with its own milter, database and
# Postfix, and is bounded in time. Reuses tests/e2e/lib.sh (e2e_*); everything
# fault-specific is here and in the helpers next to this file:
#   stream.py   numbered rejection mail over SMTP (the "MTA client" side)
#   compare.py  what the sink received against `careerrelayctl export`
#   dblock.py   another process holding the database's write lock
#   churn.py    aborted/dropped transactions over the milter protocol + VmRSS
#   killshim.so SIGKILL right after the WAL commit is durable (CRM_KILLSHIM)
# Exit 0 pass, 1 fail, 77 skipped (no root / postfix / mount), with the reason.
# Key figures are printed on lines starting with "FIGURES".
. "$(dirname "$0")/../e2e/lib.sh"

FH=$(cd "$(dirname "$0")" && pwd)
JA=$SAMPLES/ja-rejection.eml
EN=$SAMPLES/en-rejection.eml
DB=""
MOUNTS=()
STREAM_SAMPLES=("$JA" "$EN") # message n is STREAM_SAMPLES[n % count]

f_cleanup() {
    local rc=$? m p
    set +e
    for p in $(jobs -p); do # our own helpers (stream.py, dblock.py), not the milter
        [ "$p" = "$MILTER_PID" ] || kill "$p" 2>/dev/null
    done
    if [ ${#MOUNTS[@]} -gt 0 ]; then
        [ -n "$T" ] && [ -d "$T/pf" ] && "$PFH" stop "$T/pf"
        e2e_milter_stop
        for m in "${MOUNTS[@]}"; do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
        done
    fi
    (exit $rc)
    e2e_cleanup
}

f_init() {
    e2e_init "$1"
    trap f_cleanup EXIT
    DB=$T/db/careerrelay.db
}

# f_milter_start: start the milter and wait until THIS process logged its start
# (after a SIGKILL the old socket and the old "starting" line are still there);
# SECONDS (default 10) bounds the wait
f_milter_start() {
    local _ limit=${1:-10}
    "$CRM_MILTER" -f -c "$T/careerrelay.conf" >>"$T/milter.log" 2>&1 &
    MILTER_PID=$!
    for _ in $(seq 1 $((limit * 10))); do
        kill -0 "$MILTER_PID" 2>/dev/null || e2e_fail "careerrelay-milter exited at start"
        if grep -q "starting (version .* pid $MILTER_PID)" "$T/milter.log" 2>/dev/null &&
            [ -S "$T/milter.sock" ]; then
            return 0
        fi
        sleep 0.1
    done
    e2e_fail "careerrelay-milter did not start within $limit s"
}

# f_kill9: SIGKILL the milter, reap it
f_kill9() {
    kill -KILL "$MILTER_PID"
    wait "$MILTER_PID" 2>/dev/null || true
    MILTER_PID=""
}

# f_stream FIRST COUNT [stream.py options...]: numbered messages FIRST.. over SMTP
f_stream() {
    local first=$1 count=$2
    shift 2
    python3 "$FH/stream.py" --port "$(e2e_pf port)" --first "$first" --count "$count" \
        --log "$T/stream.log" "$@" "${STREAM_SAMPLES[@]}"
}

# f_compare_run COUNT [compare.py options...]: sink against the ledger (messages
# 1..COUNT), output in $T/compare.out and on stdout; compare.py's status
f_compare_run() {
    local count=$1
    shift
    "$CRM_CTL" -d "$DB" export --format json >"$T/export.json" ||
        e2e_fail "careerrelayctl export failed"
    python3 "$FH/compare.py" --sink "$T/pf/sink" --export "$T/export.json" --first 1 \
        --count "$count" "$@" "${STREAM_SAMPLES[@]}" >"$T/compare.out"
    local rc=$?
    cat "$T/compare.out"
    return $rc
}

# f_compare COUNT [compare.py options...]: the same, failing the case on any problem
f_compare() {
    f_compare_run "$@" || e2e_fail "the sink and the ledger disagree (see above)"
}

f_db_check() {
    "$CRM_CTL" -d "$DB" db check >"$T/dbcheck.out" 2>&1 || {
        cat "$T/dbcheck.out" >&2
        e2e_fail "careerrelayctl db check reports a problem"
    }
}

f_sink_count() {
    find "$T/pf/sink" -maxdepth 1 -name '*.eml' | wc -l
}

# f_wait_file FILE SECONDS: until FILE exists
f_wait_file() {
    local _
    for _ in $(seq 1 $(($2 * 10))); do
        [ -e "$1" ] && return 0
        sleep 0.1
    done
    e2e_fail "$1 did not appear within $2 s"
}

# f_wait_delivered_or_corrupt N SECONDS: until N messages are in the sink or in
# Postfix's corrupt queue (see kill_mid_body)
f_wait_delivered_or_corrupt() {
    local _ have=0
    for _ in $(seq 1 $(($2 * 10))); do
        have=$(($(f_sink_count) + $(find "$T/pf/queue/corrupt" -type f 2>/dev/null | wc -l)))
        [ "$have" -ge "$1" ] && return 0
        if [ $((_ % 50)) = 0 ]; then # nudge deferred mail, as postfix.sh wait does
            postqueue -c "$T/pf/conf" -f >/dev/null 2>&1 || true
        fi
        sleep 0.1
    done
    e2e_fail "$have of $1 messages delivered or in the corrupt queue after $2 s"
}

# f_wait_gone FILE SECONDS: until FILE no longer exists
f_wait_gone() {
    local _
    for _ in $(seq 1 $(($2 * 10))); do
        [ -e "$1" ] || return 0
        sleep 0.1
    done
    e2e_fail "$1 still there after $2 s"
}

# f_progress_at_least N SECONDS: until stream.py answered N messages
f_progress_at_least() {
    local _ got=0
    for _ in $(seq 1 $(($2 * 10))); do
        got=$(cat "$T/progress" 2>/dev/null || echo 0)
        [ "$got" -ge "$1" ] && return 0
        sleep 0.1
    done
    e2e_fail "the stream answered $got messages in $2 s, want $1"
}

# f_same_pid PID [STARTS]: the milter PID still runs, and was started STARTS
# times in all (default 1): it recovered without a restart
f_same_pid() {
    local starts
    if ! kill -0 "$1" 2>/dev/null || [ "$MILTER_PID" != "$1" ]; then
        e2e_fail "the milter (pid $1) is gone: it must recover without a restart"
    fi
    starts=$(grep -c 'starting (version' "$T/milter.log")
    [ "$starts" = "${2:-1}" ] || e2e_fail "the milter was started $starts times, want ${2:-1}"
}

. "$FH/cases-kill.sh"
. "$FH/cases-db.sh"
. "$FH/cases-churn.sh"

[ $# -ge 1 ] || {
    echo "usage: $0 CASE [ARG]" >&2
    exit 2
}
declare -F "case_$1" >/dev/null || {
    echo "unknown case $1" >&2
    exit 2
}
f_init "$1${2:+-$2}"
"case_$1" "${@:2}"
e2e_ok "$*"
