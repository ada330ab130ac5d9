# shellcheck shell=bash
# cases-kill.sh - SIGKILL of the milter under load (sourced by faults.sh).

# SIGKILL the milter three times during a stream of rejection mail through
# Postfix (default_action=accept), restarting it on the same socket and
# database each time; then compare what the sink received with the ledger.
# With "large", every third message is a ~210 KB rejection (new body in 4
# SMFIR_REPLBODY packets), which a kill can catch in mid-replacement: see
# kill_mid_body for what Postfix then does; such a loss is reported (lost=N,
# and the queue file is in Postfix's corrupt queue) and fails the case.
case_sigkill_during_stream() { # [large]
    local n=${FAULTS_STREAM_N:-200} k spid rc at=()
    if [ "${1:-}" = large ]; then
        f_big_sample "$T/big.eml"
        STREAM_SAMPLES=("$JA" "$EN" "$T/big.eml")
    fi
    e2e_conf
    f_milter_start
    e2e_pf_start --default-action accept
    f_stream 1 "$n" --conc 4 --per-conn 5 --pause 0.1 --progress "$T/progress" >"$T/stream.out" 2>&1 &
    spid=$!
    for k in 1 2 3; do
        f_progress_at_least $((k * n / 4)) 120
        at+=("$(cat "$T/progress")")
        f_kill9
        sleep 0.2 # while it is down, Postfix applies default_action=accept
        f_milter_start
    done
    rc=0
    wait "$spid" || rc=$?
    cat "$T/stream.out"
    [ "$rc" = 0 ] || e2e_fail "the stream did not get a 250 for every message"
    f_wait_delivered_or_corrupt "$n" 180
    sleep 2 # anything beyond N (a duplicate) would show up now
    e2e_milter_stop
    f_compare "$n" --corrupt-dir "$T/pf/queue/corrupt"
    f_db_check
    grep -q "unchanged=0 " "$T/compare.out" && echo "note: no message was caught by a kill"
    grep -q " injected=0 " "$T/compare.out" && e2e_fail "nothing was injected"
    echo "FIGURES sigkill${1:+_$1} kills=3 killed_after=$(IFS=,; echo "${at[*]}") $(sed -n 's/^COMPARE //p' "$T/compare.out")"
}

# The worst moment for a kill: the invitation's transaction is durable (the
# WAL was fdatasync'ed), no edit has reached Postfix yet. killshim.so kills
# the milter right there; Postfix must deliver the message unchanged
# (default_action=accept) and the row must be in the ledger: recorded, not
# delivered. The restarted milter must then work normally.
case_kill_after_commit() {
    local shim=${CRM_KILLSHIM:-}
    [ -r "$shim" ] || e2e_skip "CRM_KILLSHIM (killshim.so) is not built"
    e2e_conf
    LD_PRELOAD=$shim CRM_KILLSHIM_ARM=$T/arm f_milter_start
    e2e_pf_start --default-action accept
    f_stream 1 1 >/dev/null || e2e_fail "message 1 not accepted"
    e2e_pf wait 1 60 || e2e_fail "message 1 not delivered"
    touch "$T/arm"
    f_stream 2 1 >/dev/null || e2e_fail "message 2 not accepted (Postfix must apply accept)"
    e2e_pf wait 2 60 || e2e_fail "message 2 not delivered"
    [ ! -e "$T/arm" ] || e2e_fail "the kill was never triggered"
    kill -0 "$MILTER_PID" 2>/dev/null && e2e_fail "the milter survived the armed commit"
    wait "$MILTER_PID" 2>/dev/null || true
    MILTER_PID=""
    grep -q "milter .*unix:$T/milter.sock" "$T/pf/log/maillog" ||
        e2e_fail "Postfix did not log the milter failure"
    f_milter_start
    f_stream 3 1 >/dev/null || e2e_fail "message 3 not accepted"
    e2e_pf wait 3 60 || e2e_fail "message 3 not delivered"
    e2e_milter_stop
    f_compare 3 --injected 1 --unchanged 2 --injected 3
    grep -q "recorded_not_delivered=1 " "$T/compare.out" ||
        e2e_fail "want exactly one row recorded but not delivered (message 2)"
    grep -q "^NOTDELIVERED seq=2 " "$T/compare.out" ||
        e2e_fail "the undelivered row is not message 2's"
    f_db_check
    echo "FIGURES kill_after_commit $(sed -n 's/^COMPARE //p' "$T/compare.out")"
}

# A kill in the middle of the edits: the header edit (X-CareerRelay-Invitation)
# has reached Postfix, the body replacement has not. killshim.so kills the
# milter right after writing that header packet. Postfix applies each edit to
# its queue file as it arrives and keeps them when the milter then fails
# (default_action=accept): the message leaves with the header and without the
# link. Its row is in the ledger; the candidate got no link ("partial").
case_kill_mid_edit() {
    local shim=${CRM_KILLSHIM:-}
    [ -r "$shim" ] || e2e_skip "CRM_KILLSHIM (killshim.so) is not built"
    e2e_conf
    LD_PRELOAD=$shim CRM_KILLSHIM_ARM_EDIT=$T/arm f_milter_start
    e2e_pf_start --default-action accept
    f_stream 1 1 >/dev/null || e2e_fail "message 1 not accepted"
    e2e_pf wait 1 60 || e2e_fail "message 1 not delivered"
    touch "$T/arm"
    f_stream 2 1 >/dev/null || e2e_fail "message 2 not accepted (Postfix must apply accept)"
    e2e_pf wait 2 60 || e2e_fail "message 2 not delivered"
    [ ! -e "$T/arm" ] || e2e_fail "the kill was never triggered"
    wait "$MILTER_PID" 2>/dev/null || true
    MILTER_PID=""
    f_milter_start
    f_stream 3 1 >/dev/null || e2e_fail "message 3 not accepted"
    e2e_pf wait 3 60 || e2e_fail "message 3 not delivered"
    e2e_milter_stop
    f_compare 3 --injected 1 --partial 2 --injected 3
    grep -q " partial=1 .* recorded=3 " "$T/compare.out" ||
        e2e_fail "want message 2 partial, and its row recorded"
    f_db_check
    echo "FIGURES kill_mid_edit $(sed -n 's/^COMPARE //p' "$T/compare.out")"
}

# f_big_sample FILE: an English rejection (text/plain) whose quoted history
# makes the new body take several 64 KB SMFIR_REPLBODY packets
f_big_sample() {
    python3 - "$1" <<'PY'
import sys
text = ("Date: Tue, 18 Nov 2025 09:41:12 -0800\n"
        "From: Example Corp Recruiting <recruiting@example.com>\n"
        "To: Jordan Lee <jordan.lee@example.org>\n"
        "Subject: Your application for Senior Backend Engineer at Example Corp\n"
        "Message-ID: <big@mail.example.com>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        "Dear Jordan,\n\nThank you for your interest in the Senior Backend Engineer position "
        "at Example Corp.\nAfter careful consideration, we have decided not to move forward "
        "with your application at this time.\nWe will keep your resume on file. We wish you "
        "the very best in your job search.\n\nBest regards,\nRecruiting\n\n")
line = "> quoted earlier correspondence, kept in the thread for context. %05d\n"
text += "".join(line % i for i in range(3000))  # about 210 KB: 4 packets
open(sys.argv[1], "w").write(text)
PY
}

# A kill in the middle of a multi-packet body replacement (a rejection whose
# new body is about 210 KB: 4 SMFIR_REPLBODY packets): the header edit and the
# first 64 KB of the new body have reached Postfix, the rest has not.
# With milter_default_action=accept, Postfix 3.7 keeps the half-replaced body
# and queues the message anyway; its queue file is then unreadable ("bad
# record type"), the smtp client bounces it and qmgr moves it to the corrupt
# queue: the message is LOST (a Postfix limitation, characterised here so that
# a change shows up). With milter_default_action=tempfail, Postfix refuses the
# message with 4xx instead, the client retries, and nothing is lost.
case_kill_mid_body() { # accept|tempfail
    local mode=$1 shim=${CRM_KILLSHIM:-} spid
    [ -r "$shim" ] || e2e_skip "CRM_KILLSHIM (killshim.so) is not built"
    f_big_sample "$T/big.eml"
    # shellcheck disable=SC2034 # used by f_stream and f_compare (faults.sh)
    STREAM_SAMPLES=("$T/big.eml")
    e2e_conf
    LD_PRELOAD=$shim CRM_KILLSHIM_ARM_BODY=$T/arm f_milter_start
    e2e_pf_start --default-action "$mode"
    f_stream 1 1 >/dev/null || e2e_fail "message 1 not accepted"
    e2e_pf wait 1 60 || e2e_fail "message 1 not delivered"
    touch "$T/arm"
    f_stream 2 1 --retry-for 60 >"$T/stream.out" 2>&1 &
    spid=$!
    f_wait_gone "$T/arm" 30
    wait "$MILTER_PID" 2>/dev/null || true
    MILTER_PID=""
    f_milter_start
    wait "$spid" || e2e_fail "message 2: no 250 ($(cat "$T/stream.out"))"
    f_stream 3 1 >/dev/null || e2e_fail "message 3 not accepted"
    if [ "$mode" = accept ]; then
        e2e_pf wait 2 60 || e2e_fail "message 3 not delivered"
        sleep 2
        [ "$(grep -c "^2	" "$T/stream.log")" = 1 ] ||
            e2e_fail "message 2 was not accepted at the first attempt"
        grep -q 'corrupted queue file' "$T/pf/log/maillog" ||
            e2e_fail "Postfix did not report a corrupted queue file: has this changed?"
        [ -n "$(find "$T/pf/queue/corrupt" -type f)" ] ||
            e2e_fail "no queue file in the corrupt queue"
        e2e_milter_stop
        f_compare 3 --injected 1 --injected 3 --corrupt-dir "$T/pf/queue/corrupt"
        if ! grep -q "^LOSTCORRUPT seq=2 " "$T/compare.out" ||
            ! grep -q "lost=1 lost_corrupt_queue=1 " "$T/compare.out"; then
            e2e_fail "want message 2, and only it, lost in Postfix's corrupt queue"
        fi
        grep -q "recorded_not_delivered=1 " "$T/compare.out" ||
            e2e_fail "want message 2's row recorded (commit before the edits)"
        echo "KNOWN POSTFIX LIMITATION: the half-replaced message 2 went to the corrupt queue"
    else
        e2e_pf wait 3 60 || e2e_fail "2-3 not delivered"
        grep -q "^2	4[0-9][0-9]	" "$T/stream.log" || e2e_fail "message 2 was not tempfailed"
        e2e_milter_stop
        f_compare 3 --injected 1-3 --retried 2
        grep -q "recorded=4 .*recorded_not_delivered=1 " "$T/compare.out" ||
            e2e_fail "want 4 rows: message 2's refused attempt and its retry"
    fi
    f_db_check
    echo "FIGURES kill_mid_body default_action=$mode $(sed -n 's/^COMPARE //p' "$T/compare.out")"
}
