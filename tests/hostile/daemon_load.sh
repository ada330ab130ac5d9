#!/usr/bin/env bash
# daemon_load.sh - careerrelay-milter over a run of mixed messages from the
# benchmark load generator, then SIGTERM: the daemon must stop cleanly, every
# invitation the load generator saw spliced must be in the ledger, and (with
# --valgrind) memcheck must report no invalid access and no leak.
#
# usage: daemon_load.sh [--valgrind] [-n MESSAGES] [-c CONNECTIONS]
# environment: CRM_MILTER (careerrelay-milter), CRM_LOAD (crm-bench-load),
#   CRM_SOURCE_DIR (the source tree), CRM_HOSTILE_WORK (scratch dir, optional)
#
# The mix (default 1,000 messages, 4 connections in parallel, 10 messages per
# connection): the benchmark's small English non-rejection, ISO-2022-JP
# rejection, multipart/alternative UTF-8 rejection and 1 MB PDF rejection, a few
# hostile messages (deep nesting, bad base64, NULs, an unclosed comment) and
# 10% inbound mail (external client and sender).
#
# Without --valgrind the daemon runs as built: in a sanitizer build its own
# report fails the test (ASan/LSan at exit, TSan with halt_on_error=1).
# With --valgrind: valgrind --leak-check=full --error-exitcode=99
# --suppressions=tests/valgrind.supp; exit status 99 means memcheck errors.
# Exits 77 (skip) when a tool is missing or valgrind cannot run the binary.
set -u
VALGRIND=0
N=1000
CONNS=4
while [ $# -gt 0 ]; do
    case $1 in
    --valgrind) VALGRIND=1 ;;
    -n) N=$2; shift ;;
    -c) CONNS=$2; shift ;;
    *) echo "usage: daemon_load.sh [--valgrind] [-n MESSAGES] [-c CONNECTIONS]" >&2; exit 2 ;;
    esac
    shift
done
SRC=${CRM_SOURCE_DIR:?CRM_SOURCE_DIR not set}
MILTER=${CRM_MILTER:?CRM_MILTER not set}
LOAD=${CRM_LOAD:?CRM_LOAD not set}
skip() { echo "daemon_load: skipped: $*"; exit 77; }
die() { echo "daemon_load: FAIL: $*"; [ -f "$TMP/milter.log" ] && tail -40 "$TMP/milter.log"; exit 1; }

command -v python3 >/dev/null || skip "python3 missing"
command -v sqlite3 >/dev/null || skip "sqlite3 missing"
[ -x "$LOAD" ] || skip "$LOAD not built"
if [ $VALGRIND = 1 ]; then
    command -v valgrind >/dev/null || skip "valgrind not installed"
    if grep -qa -e __asan_init -e __tsan_init "$MILTER"; then
        skip "$MILTER is sanitizer-instrumented (valgrind cannot run it)"
    fi
fi

base=${CRM_HOSTILE_WORK:-${TMPDIR:-/tmp}}
mkdir -p "$base"
TMP=$(mktemp -d "$base/daemon-load.XXXXXX") || exit 1
MPID=
cleanup() {
    [ -n "$MPID" ] && kill -9 "$MPID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

# --- messages -------------------------------------------------------------
python3 "$SRC/tests/bench/mixes/make_mixes.py" "$TMP/mix" >/dev/null || die "make_mixes.py failed"
rm -f "$TMP"/mix/growth-*.eml
python3 - "$SRC/tests/hostile" "$TMP/mix" <<'EOF' || die "hostile messages"
import sys
sys.path.insert(0, sys.argv[1])
import make_hostile as M
cases = {"hostile-nested.eml": M.nested(100), "hostile-b64.eml": M.base64_bad_padding(),
         "hostile-nul.eml": M.nuls(), "hostile-comment.eml": M.html_unterminated(b"<!-- x"),
         "hostile-prefix.eml": M.boundary_prefix(b"abc", b"abcdef")}
for name, data in cases.items():
    with open(sys.argv[2] + "/" + name, "wb") as f:
        f.write(data)
EOF
OUT_MSGS=$(ls "$TMP"/mix/*.eml | grep -v inbound)

cat >"$TMP/careerrelay.conf" <<EOF
Socket unix:$TMP/crm.sock
Database $TMP/db/careerrelay.db
InternalDomains example.co.jp
CompanyName Example Corp
EOF
mkdir "$TMP/db"

# --- the daemon -----------------------------------------------------------
prefix=()
wait_s=20
if [ $VALGRIND = 1 ]; then
    prefix=(valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30
        --suppressions="$SRC/tests/valgrind.supp" --log-file="$TMP/valgrind.log")
    wait_s=120
fi
# ThreadSanitizer builds: stop at the first report; libmilter's own races suppressed
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}:suppressions=$SRC/tests/hostile/tsan.supp"
"${prefix[@]}" "$MILTER" -f -c "$TMP/careerrelay.conf" >"$TMP/milter.log" 2>&1 &
MPID=$!
for _ in $(seq $((wait_s * 10))); do
    [ -S "$TMP/crm.sock" ] && break
    kill -0 "$MPID" 2>/dev/null || die "careerrelay-milter exited at start-up"
    sleep 0.1
done
[ -S "$TMP/crm.sock" ] || die "no socket after ${wait_s}s"

# --- the load -------------------------------------------------------------
n_in=$((N / 10))
n_out=$((N - n_in))
t=60
[ $VALGRIND = 1 ] && t=600
# shellcheck disable=SC2086
"$LOAD" -s "unix:$TMP/crm.sock" -c "$CONNS" -m 10 -n "$n_out" -t $t -q \
    -f saiyo@example.co.jp -r candidate@example.net $OUT_MSGS >"$TMP/load-out.txt" 2>&1 ||
    die "load generator (outgoing): $(tail -3 "$TMP/load-out.txt")"
"$LOAD" -s "unix:$TMP/crm.sock" -c "$CONNS" -m 10 -n "$n_in" -t $t -q -C 192.0.2.10 \
    -N mail.example.net -f candidate@example.net -r saiyo@example.co.jp \
    "$TMP/mix/small-inbound-en.eml" >"$TMP/load-in.txt" 2>&1 ||
    die "load generator (inbound): $(tail -3 "$TMP/load-in.txt")"

kill -TERM "$MPID"
stop_s=30
[ $VALGRIND = 1 ] && stop_s=300
for _ in $(seq $((stop_s * 10))); do
    kill -0 "$MPID" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$MPID" 2>/dev/null && die "careerrelay-milter still running ${stop_s}s after SIGTERM"
wait "$MPID"
rc=$?
MPID=

# --- verdict --------------------------------------------------------------
field() { sed -n "s/.*RESULT.* $2=\([0-9]*\).*/\1/p" "$1"; }
msgs=$(($(field "$TMP/load-out.txt" msgs) + $(field "$TMP/load-in.txt" msgs)))
edited=$(field "$TMP/load-out.txt" modified)
edited_in=$(field "$TMP/load-in.txt" modified)
rows=$(sqlite3 "$TMP/db/careerrelay.db" "SELECT count(*) FROM invitation" 2>&1)
echo "daemon_load: $msgs messages ($n_in inbound), $edited spliced, $rows invitations recorded;" \
    "exit status $rc$([ $VALGRIND = 1 ] && echo " under valgrind memcheck")"
if [ $VALGRIND = 1 ]; then
    grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|Invalid" \
        "$TMP/valgrind.log" | sed 's/^==[0-9]*== */valgrind: /' | sort | uniq -c | head -20
    [ $rc = 99 ] && { sed -n '1,200p' "$TMP/valgrind.log"; die "memcheck reported errors"; }
fi
[ $rc = 0 ] || die "careerrelay-milter exit status $rc after SIGTERM"
[ "$msgs" = "$N" ] || die "load generator finished $msgs messages, want $N"
[ "${edited_in:-0}" = 0 ] || die "$edited_in inbound messages were modified, want 0"
[ "${edited:-0}" -gt 0 ] || die "no message was spliced"
[ "$rows" = "$edited" ] || die "ledger holds $rows invitations, load generator saw $edited spliced"
if grep -qE "ThreadSanitizer|AddressSanitizer|LeakSanitizer|runtime error" "$TMP/milter.log"; then
    die "sanitizer report in the daemon's log"
fi
echo "daemon_load: ok"
