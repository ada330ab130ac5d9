# shellcheck shell=bash
# lib.sh - shared helpers for the end-to-end test scripts (sourced, bash).
#
# Environment (set by tests/e2e.cmake): CRM_MILTER (careerrelay-milter),
# CRM_CTL (careerrelayctl), CRM_SOURCE_DIR. E2E_KEEP=1 keeps the temp dir.
#
# e2e_init NAME        temp dir $T (mode 0755), EXIT trap that stops everything
# e2e_conf [LINES...]  write $T/careerrelay.conf: test defaults + LINES ("Key value")
# e2e_milter_start     start careerrelay-milter -f in the background, wait for its socket
# e2e_milter_stop      SIGTERM, wait for the exit
# e2e_pf ARGS...       tests/e2e/postfix.sh ARGS with DIR = $T/pf
# e2e_pf_start ARGS... a private Postfix attached to the milter socket ($T/milter.sock)
# e2e_count FIELD      FIELD of `careerrelayctl balance --json` (invitations, referred)
# e2e_corpus_pass MTA NAME  send the corpus and the shared samples through the
#                     running MTA (e2e_pf or sm), wait, keep the copies in $T/NAME
# e2e_finish          stop the milter; fail on sanitizer reports in its log
# e2e_fail MSG / e2e_ok MSG / e2e_skip MSG
set -euo pipefail

E2E_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CRM_SOURCE_DIR=${CRM_SOURCE_DIR:-$(cd "$E2E_HERE/../.." && pwd)}
export SAMPLES=$CRM_SOURCE_DIR/contrib/samples
PFH=$E2E_HERE/postfix.sh
T=""
MILTER_PID=""

e2e_fail() {
    echo "FAIL: $*" >&2
    if [ -n "$T" ]; then
        echo "--- milter log (tail)" >&2
        tail -n 30 "$T/milter.log" >&2 2>/dev/null || true
        echo "--- maillog (tail)" >&2
        tail -n 20 "$T/pf/log/maillog" >&2 2>/dev/null || true
    fi
    exit 1
}

e2e_ok() {
    echo "ok: $*"
}

e2e_skip() {
    echo "SKIP: $*"
    exit 77
}

e2e_cleanup() {
    local rc=$?
    set +e
    [ -n "$T" ] && [ -d "$T/pf" ] && "$PFH" stop "$T/pf"
    e2e_milter_stop
    if [ -n "$T" ] && [ "${E2E_KEEP:-0}" != 1 ]; then
        chattr -R -i "$T" >/dev/null 2>&1
        rm -rf "$T"
    elif [ -n "$T" ]; then
        echo "kept $T"
    fi
    exit $rc
}

e2e_init() {
    [ "$(id -u)" = 0 ] || e2e_skip "the Postfix end-to-end tests need root"
    command -v postfix >/dev/null || e2e_skip "postfix is not installed (apt-get install postfix)"
    command -v swaks >/dev/null || e2e_skip "swaks is not installed (apt-get install swaks)"
    [ -x "${CRM_MILTER:-}" ] || e2e_fail "CRM_MILTER is not an executable: ${CRM_MILTER:-unset}"
    T=$(mktemp -d "${TMPDIR:-/tmp}/crm-e2e-$1.XXXXXX")
    chmod 755 "$T"
    trap e2e_cleanup EXIT
}

e2e_conf() {
    {
        echo "Socket unix:$T/milter.sock"
        echo "Database $T/db/careerrelay.db"
        echo "PidFile $T/milter.pid"
        echo "UMask 000" # the socket must be reachable by Postfix's smtpd/cleanup (user postfix)
        echo "CompanyName Example Corp"
        echo "InternalDomains example.co.jp, example.com"
        echo "LogWhy yes"
        local l
        for l in "$@"; do
            echo "$l"
        done
    } >"$T/careerrelay.conf"
}

e2e_milter_start() {
    local i
    "$CRM_MILTER" -f -c "$T/careerrelay.conf" >>"$T/milter.log" 2>&1 &
    MILTER_PID=$!
    for i in $(seq 1 100); do
        kill -0 "$MILTER_PID" 2>/dev/null || e2e_fail "careerrelay-milter exited at start"
        if grep -q "starting (version" "$T/milter.log" 2>/dev/null && [ -S "$T/milter.sock" ]; then
            return 0
        fi
        sleep 0.1
    done
    e2e_fail "careerrelay-milter did not start within 10 s"
}

e2e_milter_stop() {
    local _
    [ -n "$MILTER_PID" ] || return 0
    kill -TERM "$MILTER_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do
        kill -0 "$MILTER_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$MILTER_PID" 2>/dev/null || true
    wait "$MILTER_PID" 2>/dev/null || true
    MILTER_PID=""
}

e2e_pf() {
    local cmd=$1
    shift
    "$PFH" "$cmd" "$T/pf" "$@"
}

e2e_pf_start() {
    "$PFH" start "$T/pf" --milter "unix:$T/milter.sock" --non-smtpd "$@"
}

e2e_count() {
    local out
    [ -x "${CRM_CTL:-}" ] || e2e_fail "CRM_CTL is not an executable: ${CRM_CTL:-unset}"
    out=$("$CRM_CTL" -c "$T/careerrelay.conf" balance --json) ||
        e2e_fail "careerrelayctl balance --json failed"
    python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$out" "$1" ||
        e2e_fail "no \"$1\" in balance --json output: $out"
}

# e2e_expect_count FIELD WANT
e2e_expect_count() {
    local got
    got=$(e2e_count "$1")
    [ "$got" = "$2" ] || e2e_fail "balance $1: got $got, want $2"
}

# e2e_expect_invited MSGFILE: the delivered message carries the invitation
e2e_expect_invited() {
    grep -q '^X-CareerRelay-Invitation: ' "$1" ||
        e2e_fail "$1: no X-CareerRelay-Invitation header"
    grep -q 'careerrelay\.jp/i/[0-9a-f-]\{36\}' "$1" ||
        e2e_fail "$1: no invitation link in the body"
}

# e2e_expect_identical N ORIGINAL: the Nth delivered message is ORIGINAL byte for byte
e2e_expect_identical() {
    local got
    got=$(e2e_pf msg "$1")
    if ! cmp -s <("$PFH" content "$got") <("$PFH" normalize "$2"); then
        diff <("$PFH" content "$got") <("$PFH" normalize "$2") | head -20 >&2 || true
        e2e_fail "message $1 differs from $2"
    fi
}

# e2e_expect_log PATTERN: the milter logged a line matching PATTERN (grep -E)
e2e_expect_log() {
    local _
    for _ in $(seq 1 50); do
        grep -Eq "$1" "$T/milter.log" && return 0
        sleep 0.1
    done
    e2e_fail "milter log has no line matching: $1"
}

# e2e_corpus_pass MTA NAME: every message of tests/corpus and ../shared/mail-samples,
# as it is and forced, sent through the running MTA (MTA is e2e_pf or sm: the
# script's wrapper of postfix.sh or sendmail.sh); the delivered copies are moved
# from the sink to $T/NAME and the accepted messages listed in $T/NAME.tsv
e2e_corpus_pass() {
    local mta=$1 name=$2 cm=$E2E_HERE/mtacorpus.py n sink
    python3 "$cm" files "$CRM_SOURCE_DIR/tests/corpus" "$CRM_SOURCE_DIR/../shared/mail-samples" \
        >"$T/files"
    xargs -d '\n' -a "$T/files" python3 "$cm" send "$("$mta" port)" "$T/$name.tsv" \
        >"$T/$name.send.log" 2>&1 || {
        tail -n 5 "$T/$name.send.log" >&2
        e2e_fail "mtacorpus.py send failed ($name pass)"
    }
    n=$(python3 "$cm" count "$T/$name.tsv")
    [ "$n" -gt 0 ] || e2e_fail "the MTA accepted no message ($name pass)"
    "$mta" wait "$n" 600 || e2e_fail "$n messages not all delivered ($name pass)"
    sink=$(dirname "$("$mta" msg 1)")
    mkdir "$T/$name"
    find "$sink" -maxdepth 1 \( -name '*.eml' -o -name '*.env' \) -exec mv -t "$T/$name" {} +
}

# e2e_corpus_check: a dry-run pass then a live pass of e2e_corpus_pass through the
# running MTA, reloading the milter in between; every live copy must be what
# careerrelayctl dry-run makes of the copy from the first pass (mtacorpus.py)
e2e_corpus_check() {
    local mta=$1 cm=$E2E_HERE/mtacorpus.py inj
    e2e_corpus_pass "$mta" base
    e2e_conf
    kill -USR1 "$MILTER_PID"
    e2e_expect_log 'reloaded configuration'
    e2e_corpus_pass "$mta" live
    cmp -s "$T/base.tsv" "$T/live.tsv" ||
        e2e_fail "the MTA accepted other messages in the live pass: $(diff "$T/base.tsv" "$T/live.tsv" | head -3)"
    python3 "$cm" check "$CRM_CTL" "$T/careerrelay.conf" "$T/live.tsv" "$T/base" "$T/live" \
        >"$T/check.log" 2>&1 || {
        head -c 6000 "$T/check.log" >&2
        e2e_fail "delivered copies differ from careerrelayctl dry-run (see above)"
    }
    tail -n 2 "$T/check.log" | head -n 1
    inj=$(sed -n 's/^injected=//p' "$T/check.log")
    e2e_expect_count invitations "$inj"
}

# e2e_finish: stop the milter and fail if a sanitizer (ASan/UBSan build) reported anything
e2e_finish() {
    e2e_milter_stop
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$T"/milter.log "$T"/*.log \
        2>/dev/null; then
        grep -E -A12 'AddressSanitizer|LeakSanitizer|runtime error:' "$T"/milter.log >&2 || true
        e2e_fail "sanitizer report in the milter log"
    fi
}
