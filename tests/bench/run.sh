#!/bin/bash
# run.sh - the careerrelay-milter benchmark (issue 5): careerrelay-milter
# against the no-op libmilter baseline, same run, interleaved, several
# repetitions; medians and ratios per message mix and concurrency; the growth
# figure (instruction counts, 1 MB vs 10 MB) and a memory soak run.
#
#   tests/bench/run.sh [options]
#
# Options:
#   --build-dir DIR    use the binaries in DIR (no build); default: configure and
#                      build into <repo>/build-bench
#   --smoke            quick check that everything works: 1 repetition, few
#                      messages, no growth, no soak (what ctest bench.smoke runs)
#   --reps N           repetitions (default 5)
#   --messages N       messages per run for every mix (default 5000 for the
#                      small mixes, 1000 for the 1 MB mixes)
#   --per-conn N       messages per milter connection (default 10)
#   --conc "1 8"       concurrency levels (default "1 8")
#   --mixes "a b"      mixes to run (default: the five of the issue, plus
#                      small-inbound-en: inbound mail, for the early-pass path)
#   --refs             also run crm-bench-append (replacebody) and
#                      crm-bench-append -d (plus one SQLite commit per message)
#   --mimedefang       also run MIMEDefang (Debian package mimedefang) on the
#                      rejection mixes (1/20 of the messages: it is slow), with
#                      two filters: "md", its cheapest boilerplate filter (no
#                      detection, no ledger), and "mdjob", the same job as
#                      careerrelay-milter (the same rules file, a SQLite ledger
#                      committed before the edit, the invitation appended);
#                      needs root, the defang user and libdbd-sqlite3-perl
#   --soak N           soak run length in messages (default 100000; 0 = skip)
#   --no-growth        skip the callgrind growth figure
#   --conf-extra FILE  append FILE to the generated careerrelay.conf
#   --out DIR          results directory (default <build-dir>/bench-results)
#   --keep             keep the temporary directory (configs, logs, mixes)
#
# Output: the table on stdout (also in OUT/summary.txt), raw numbers in
# OUT/raw.tsv, OUT/growth.tsv, OUT/soak.tsv, machine facts in OUT/machine.txt.
# See tests/bench/README.md for what each column means.
set -u

ARGS="$*"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=$SRC/tests/bench
BUILD_DIR=""
SMOKE=0
REPS=5
MSGS=""
PER_CONN=10
CONCS="1 8"
MIXES="small-pass-en small-reject-ja mid-reject-alt big-reject-pdf big-pass-pdf small-inbound-en"
REFS=0
MDEF=0
SOAK=100000
GROWTH=1
EXTRA_CONF=""
OUT=""
KEEP=0
FPID=""
FPIDS=""
TMP=""

die() {
    echo "run.sh: error: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'
    exit "$1"
}

while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir) BUILD_DIR=$2; shift ;;
    --smoke) SMOKE=1 ;;
    --reps) REPS=$2; shift ;;
    --messages) MSGS=$2; shift ;;
    --per-conn) PER_CONN=$2; shift ;;
    --conc) CONCS=$2; shift ;;
    --mixes) MIXES=$2; shift ;;
    --refs) REFS=1 ;;
    --mimedefang) MDEF=1 ;;
    --soak) SOAK=$2; shift ;;
    --no-growth) GROWTH=0 ;;
    --conf-extra) EXTRA_CONF=$2; shift ;;
    --out) OUT=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage 2 ;;
    esac
    shift
done
if [ "$SMOKE" = 1 ]; then
    REPS=1; SOAK=0; GROWTH=0
    [ -n "$MSGS" ] || MSGS=100
fi

# --- binaries -------------------------------------------------------------
if [ -z "$BUILD_DIR" ]; then
    BUILD_DIR=$SRC/build-bench
    cmake -S "$SRC" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
        die "cmake configure failed"
    cmake --build "$BUILD_DIR" -j2 --target crm-bench-load crm-bench-noop crm-bench-append \
        careerrelay-milter >/dev/null || die "build failed (run the cmake --build yourself to see why)"
    cmake --build "$BUILD_DIR" -j2 --target careerrelayctl >/dev/null 2>&1 ||
        echo "run.sh: careerrelayctl did not build: no growth figure" >&2
fi
LOAD=$BUILD_DIR/tests/crm-bench-load
NOOP=$BUILD_DIR/tests/crm-bench-noop
APPEND=$BUILD_DIR/tests/crm-bench-append
CRM=$BUILD_DIR/milter/careerrelay-milter
CTL=$BUILD_DIR/milter/careerrelayctl
for b in "$LOAD" "$NOOP" "$CRM"; do
    [ -x "$b" ] || die "$b is missing (build the targets crm-bench-load crm-bench-noop careerrelay-milter)"
done
[ "$REFS" = 0 ] || [ -x "$APPEND" ] || die "$APPEND is missing"
if [ "$MDEF" = 1 ]; then
    command -v mimedefang >/dev/null && command -v mimedefang-multiplexor >/dev/null ||
        die "--mimedefang: install the Debian package mimedefang first"
    id defang >/dev/null 2>&1 || die "--mimedefang: the defang user is missing"
    perl -MDBI -MDBD::SQLite -e 1 2>/dev/null ||
        die "--mimedefang: install the Debian package libdbd-sqlite3-perl first"
fi
command -v python3 >/dev/null || die "python3 is needed (mix generator, summary)"

# --- temp dir, results, clean-up -------------------------------------------
TMP=$(mktemp -d /tmp/crm-bench.XXXXXX) || die "mktemp failed"
[ -n "$OUT" ] || OUT=$BUILD_DIR/bench-results$([ "$SMOKE" = 1 ] && echo -smoke)
mkdir -p "$OUT" || die "cannot create $OUT"
RAW=$OUT/raw.tsv
rm -f "$RAW" "$OUT/growth.tsv" "$OUT/soak.tsv"

cleanup() {
    [ -z "$FPID" ] || stop_filter
    if [ "$KEEP" = 1 ]; then
        echo "run.sh: kept $TMP" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "command: $0 $ARGS"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "memory: $(awk '/^MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git: $(git -C "$SRC" describe --always --dirty 2>/dev/null || echo unknown)"
    echo "settings: reps=$REPS per_conn=$PER_CONN conc=\"$CONCS\" messages=${MSGS:-default}"
} >"$OUT/machine.txt"

python3 "$BENCH/mixes/make_mixes.py" "$TMP/mixes" >/dev/null || die "make_mixes.py failed"
CONF=$TMP/careerrelay.conf
cat >"$CONF" <<EOF
Socket unix:$TMP/crm.sock
Database $TMP/db/careerrelay.db
InternalDomains example.co.jp
EOF
[ -z "$EXTRA_CONF" ] || cat "$EXTRA_CONF" >>"$CONF" || die "cannot read $EXTRA_CONF"
"$CRM" -n -c "$CONF" >"$TMP/conf-check.log" 2>&1 ||
    die "careerrelay-milter rejects the generated configuration: $(head -3 "$TMP/conf-check.log")"
CLK_TCK=$(getconf CLK_TCK)

# --- filters --------------------------------------------------------------
# start_filter NAME: start it on its own socket; sets FPID and SOCK
start_filter() {
    SOCK=$TMP/$1.sock
    rm -f "$SOCK"
    case "$1" in
    crm)
        rm -rf "$TMP/db" && mkdir "$TMP/db"
        "$CRM" -f -c "$CONF" 2>>"$TMP/crm.log" &
        ;;
    noop) "$NOOP" -p "unix:$SOCK" 2>>"$TMP/noop.log" & ;;
    append) "$APPEND" -p "unix:$SOCK" 2>>"$TMP/append.log" & ;;
    appenddb)
        rm -rf "$TMP/adb" && mkdir "$TMP/adb"
        "$APPEND" -p "unix:$SOCK" -d "$TMP/adb/a.db" 2>>"$TMP/appenddb.log" &
        ;;
    md)
        start_mimedefang "$BENCH/mimedefang-filter"
        return
        ;;
    mdjob)
        start_mimedefang "$BENCH/mimedefang-filter-job"
        return
        ;;
    esac
    FPID=$!
    FPIDS=$FPID
    wait_socket "$1"
}

# wait_socket NAME: until $SOCK exists (the filter FPID must stay alive)
wait_socket() {
    for _ in $(seq 200); do
        [ -S "$SOCK" ] && return 0
        kill -0 "$FPID" 2>/dev/null || die "$1 exited at start-up: $(tail -3 "$TMP/$1.log")"
        sleep 0.05
    done
    die "$1 did not create $SOCK within 10 s"
}

# start_mimedefang FILTER: multiplexor (Perl workers running FILTER, with the
# default rules file beside it) plus the mimedefang milter, both as the defang
# user, in $TMP/md
start_mimedefang() {
    local d=$TMP/md mx
    rm -rf "$d" && mkdir -p "$d/spool" || die "cannot create $d"
    chmod 755 "$TMP" "$d"
    cp "$1" "$d/filter" || die "cannot copy the MIMEDefang filter $1"
    cp "$SRC/contrib/rules/careerrelay.rules" "$d/rules" || die "cannot copy the rules"
    printf '#!/bin/sh\nexec /usr/bin/mimedefang.pl -f %s/filter "$@"\n' "$d" >"$d/md.sh"
    chmod 755 "$d/md.sh" && chmod 644 "$d/filter" && chown -R defang:defang "$d" ||
        die "cannot prepare $d for the defang user"
    SOCK=$d/mx.sock
    mimedefang-multiplexor -D -U defang -z "$d/spool" -s "$d/mx.sock" -f "$d/md.sh" -m 8 -x 8 \
        2>>"$TMP/md.log" &
    FPID=$!
    FPIDS=$FPID
    wait_socket md
    mx=$FPID
    for _ in $(seq 300); do # let all 8 Perl workers start before measuring
        [ "$(tree_pids "$mx" | wc -l)" -ge 9 ] && break
        sleep 0.1
    done
    SOCK=$d/md.sock
    mimedefang -D -U defang -X -p "unix:$SOCK" -m "$d/mx.sock" -z "$d/spool" 2>>"$TMP/md.log" &
    FPID=$!
    FPIDS="$mx $FPID"
    wait_socket md
}

# stop_filter: SIGTERM, then SIGKILL after 0.5 s: libmilter's listener only
# notices the stop request at its next 5-second select() timeout, and the
# figures are read before the stop, so a slow shutdown would only waste time
stop_filter() {
    local p pids
    pids=$(tree_pids $FPIDS)
    kill -TERM $FPIDS 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 $FPIDS 2>/dev/null || break
        sleep 0.05
    done
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
    for p in $FPIDS; do wait "$p" 2>/dev/null; done
    FPID=""
    FPIDS=""
}

# tree_pids ROOT...: the roots and all their live descendants
tree_pids() {
    ps -e -o pid= -o ppid= | awk -v roots="$*" '
        BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
        { parent[$1] = $2 }
        END {
            do {
                more = 0
                for (p in parent)
                    if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; more = 1 }
            } while (more)
            for (p in keep) print p
        }'
}
# cpu_ticks: user+system ticks of the filter's processes (+ their reaped children)
cpu_ticks() {
    local p
    for p in $(tree_pids $FPIDS); do sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null; done |
        awk '{ t += $12 + $13 + $14 + $15 } END { print t + 0 }'
}
# status_kb PID FIELD: a /proc/PID/status value in kB
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# peak_kb: VmHWM summed over the filter's processes
peak_kb() {
    local p
    for p in $(tree_pids $FPIDS); do status_kb "$p" VmHWM; done | awk '{ t += $1 } END { print t + 0 }'
}
# load_errors: the last load generator run's first error lines, on one line
load_errors() { grep -m 3 'error' "$TMP/load.last" 2>/dev/null | tr '\n' ' '; }
result_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# messages_for MIX FILTER: messages per measured run
messages_for() {
    local n
    if [ -n "$MSGS" ]; then
        n=$MSGS
    else
        case "$1" in big-*) n=1000 ;; *) n=5000 ;; esac
    fi
    case "$2" in md*) n=$((n / 20 < 20 ? 20 : n / 20)) ;; esac # MIMEDefang: slow
    echo "$n"
}

# envelope_for MIX: crm-bench-load options for the mix's SMTP client and envelope
envelope_for() {
    case "$1" in
    small-inbound-*)
        echo "-C 192.0.2.10 -N mail.example.net -f candidate@example.net -r saiyo@example.co.jp" ;;
    *) echo "-f saiyo@example.co.jp -r candidate@example.net" ;;
    esac
}

# measure FILTER MIX CONC REP: one run; appends a line to raw.tsv
measure() {
    local f=$1 mix=$2 conc=$3 rep=$4 n warm res rc c0 c1 hwm inv errors
    n=$(messages_for "$mix" "$f")
    warm=$((n / 10 < 20 ? 20 : n / 10))
    start_filter "$f"
    "$LOAD" -q -s "unix:$SOCK" -c "$conc" -m "$PER_CONN" -n "$warm" $(envelope_for "$mix") \
        "$TMP/mixes/$mix.eml" >/dev/null 2>"$TMP/load.last" ||
        echo "run.sh: error: warm-up of $f on $mix conc=$conc failed: $(load_errors)" >&2
    cat "$TMP/load.last" >>"$TMP/load.log"
    c0=$(cpu_ticks)
    res=$("$LOAD" -q -s "unix:$SOCK" -c "$conc" -m "$PER_CONN" -n "$n" $(envelope_for "$mix") \
        "$TMP/mixes/$mix.eml" 2>"$TMP/load.last")
    rc=$?
    cat "$TMP/load.last" >>"$TMP/load.log"
    res=$(echo "$res" | grep '^RESULT')
    kill -0 "$FPID" 2>/dev/null || die "$f died during $mix conc=$conc (see $TMP/$f.log; use --keep)"
    c1=$(cpu_ticks)
    hwm=$(peak_kb)
    inv=-
    if [ "$f" = crm ] && command -v sqlite3 >/dev/null; then
        inv=$(sqlite3 "$TMP/db/careerrelay.db" 'SELECT count(*) FROM invitation' 2>/dev/null || echo -)
    elif [ "$f" = mdjob ] && command -v sqlite3 >/dev/null; then
        inv=$(sqlite3 "$TMP/md/ledger.db" 'SELECT count(*) FROM invitation' 2>/dev/null || echo -)
    fi
    stop_filter
    errors=$(result_field "$res" errors)
    if [ $rc -ne 0 ] || [ -z "$res" ] || [ "${errors:-1}" != 0 ]; then
        echo "run.sh: error: $f on $mix conc=$conc rep=$rep: ${errors:-?} load errors: $(load_errors)" >&2
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mix" "$conc" "$rep" "$f" \
        "$(result_field "$res" msgs)" "$(result_field "$res" rate)" "$((c1 - c0))" "$CLK_TCK" \
        "$hwm" "${errors:--}" "$(result_field "$res" continue)" "$(result_field "$res" accept)" \
        "$(result_field "$res" modified)" "$((warm + n))" "$inv" >>"$RAW"
}

printf 'mix\tconc\trep\tfilter\tmsgs\trate\tcpu_ticks\tclk_tck\thwm_kb\terrors\tcontinue\taccept\tmodified\tsent_total\tinvitations\n' >"$RAW"
FILTERS="crm noop"
[ "$REFS" = 0 ] || FILTERS="crm noop append appenddb"
total_runs=$(($(echo $MIXES | wc -w) * $(echo $CONCS | wc -w) * REPS * $(echo $FILTERS | wc -w)))
[ "$MDEF" = 0 ] || total_runs=$((total_runs + $(echo $MIXES | tr ' ' '\n' | grep -c -- -reject-) *
    $(echo $CONCS | wc -w) * REPS * 2))
done_runs=0
for mix in $MIXES; do
    [ -f "$TMP/mixes/$mix.eml" ] || die "unknown mix $mix"
    for conc in $CONCS; do
        for rep in $(seq "$REPS"); do
            order=$FILTERS
            case "$MDEF:$mix" in 1:*-reject-*) order="$order md mdjob" ;; esac
            [ $((rep % 2)) = 0 ] && order=$(echo $order | tr ' ' '\n' | tac | tr '\n' ' ')
            for f in $order; do
                measure "$f" "$mix" "$conc" "$rep"
                done_runs=$((done_runs + 1))
                printf '\rrun.sh: %d/%d runs' "$done_runs" "$total_runs" >&2
            done
        done
    done
done
echo >&2

# --- growth: instruction counts of the engine, 1 MB vs 10 MB ---------------
if [ "$GROWTH" = 1 ]; then
    if [ ! -x "$CTL" ] || ! command -v valgrind >/dev/null; then
        echo "run.sh: careerrelayctl or valgrind missing: no growth figure" >&2
    else
        printf 'file\tbytes\ttotal_ir\tengine_ir\tverdict\n' >"$OUT/growth.tsv"
        for g in growth-0mb growth-1mb growth-10mb; do
            printf '\rrun.sh: callgrind on %s' "$g" >&2
            valgrind --tool=callgrind --log-file="$TMP/cg.$g.log" --callgrind-out-file="$TMP/cg.$g" \
                "$CTL" -c "$CONF" dry-run --from saiyo@example.co.jp --rcpt candidate@example.net \
                "$TMP/mixes/$g.eml" >/dev/null 2>"$TMP/dry.$g.err" ||
                echo "run.sh: error: dry-run on $g failed: $(head -1 "$TMP/dry.$g.err")" >&2
            total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$TMP/cg.$g" 2>/dev/null)
            engine=$(callgrind_annotate --inclusive=yes --threshold=100 "$TMP/cg.$g" 2>/dev/null |
                awk '/[: ]crm_engine_run( |$|\[)/ { gsub(",", "", $1); print $1; exit }')
            verdict=$(head -1 "$TMP/dry.$g.err" | cut -d' ' -f1-2)
            printf '%s\t%s\t%s\t%s\t%s\n' "$g" "$(stat -c %s "$TMP/mixes/$g.eml")" "${total:--}" \
                "${engine:--}" "${verdict:--}" >>"$OUT/growth.tsv"
        done
        echo >&2
    fi
fi

# --- soak: resident memory over a long run ---------------------------------
if [ "$SOAK" -gt 0 ]; then
    printf 'messages\tvmrss_kb\tvmhwm_kb\trate\terrors\n' >"$OUT/soak.tsv"
    start_filter crm
    step=$((SOAK / 10))
    for i in $(seq 10); do
        printf '\rrun.sh: soak %d/%d' "$((i * step))" "$SOAK" >&2
        res=$("$LOAD" -q -s "unix:$SOCK" -c 8 -m "$PER_CONN" -n "$step" \
            "$TMP/mixes/small-reject-ja.eml" 2>>"$TMP/load.log" | grep '^RESULT')
        kill -0 "$FPID" 2>/dev/null || die "careerrelay-milter died during the soak run"
        printf '%s\t%s\t%s\t%s\t%s\n' "$((i * step))" "$(status_kb "$FPID" VmRSS)" \
            "$(status_kb "$FPID" VmHWM)" "$(result_field "$res" rate)" \
            "$(result_field "$res" errors)" >>"$OUT/soak.tsv"
    done
    stop_filter
    echo >&2
fi

echo "loadavg at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
python3 "$BENCH/summarize.py" "$OUT" | tee "$OUT/summary.txt"
exit "${PIPESTATUS[0]}"
