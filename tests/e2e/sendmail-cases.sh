#!/usr/bin/env bash
# sendmail-cases.sh CASE - one end-to-end case: careerrelay-milter behind a
# private Sendmail 8.17 (tests/e2e/sendmail.sh, run from the unpacked Debian
# packages) relaying to a file sink (tests/e2e/sink.py).
# Each case runs in its own temp dir with its own milter, database, Sendmail
# and ports on 127.0.0.1, and stops only its own processes.
# Exit 0 pass, 1 fail, 77 skipped (no root, no swaks, Sendmail cannot be fetched).
. "$(dirname "$0")/lib.sh"

SMH=$E2E_HERE/sendmail.sh
JA=$SAMPLES/ja-rejection.eml
OFFER=$SAMPLES/offer-letter.eml

sm() { # sendmail.sh CMD with DIR = $T/sm
    local cmd=$1
    shift
    "$SMH" "$cmd" "$T/sm" "$@"
}

sm_cleanup() {
    local rc=$?
    set +e
    if [ "$rc" != 0 ] && [ "$rc" != 77 ] && [ -n "$T" ]; then
        echo "--- sendmail maillog (tail)" >&2
        tail -n 25 "$T/sm/log/maillog" 2>/dev/null >&2
    fi
    [ -n "$T" ] && [ -d "$T/sm" ] && "$SMH" stop "$T/sm"
    e2e_milter_stop
    if [ -n "$T" ] && [ "${E2E_KEEP:-0}" != 1 ]; then
        rm -rf "$T"
    elif [ -n "$T" ]; then
        echo "kept $T"
    fi
    exit $rc
}

sm_init() {
    local rc=0 out reason
    [ "$(id -u)" = 0 ] || e2e_skip "the Sendmail end-to-end tests need root"
    command -v swaks >/dev/null || e2e_skip "swaks is not installed (apt-get install swaks)"
    [ -x "${CRM_MILTER:-}" ] || e2e_fail "CRM_MILTER is not an executable: ${CRM_MILTER:-unset}"
    [ -x "${CRM_CTL:-}" ] || e2e_fail "CRM_CTL is not an executable: ${CRM_CTL:-unset}"
    out=$("$SMH" prepare 2>&1) || rc=$?
    [ -z "$out" ] || echo "$out" >&2
    if [ "$rc" = 77 ]; then
        reason=$(printf '%s\n' "$out" | sed -n 's/^sendmail.sh: cannot run Sendmail here: //p')
        e2e_skip "Sendmail 8.17 cannot run here: ${reason:-see above}"
    fi
    [ "$rc" = 0 ] || e2e_fail "sendmail.sh prepare failed"
    T=$(mktemp -d "${TMPDIR:-/tmp}/crm-sm-$1.XXXXXX")
    chmod 755 "$T"
    trap sm_cleanup EXIT
}

sm_start() {
    sm start --milter "unix:$T/milter.sock" "$@" || e2e_fail "sendmail.sh start failed"
}

# sm_expect_same MSGFILE ORIGINAL: MSGFILE is ORIGINAL with only the Received:
# fields Sendmail prepends: the original header fields in order, byte for byte,
# and the body byte-identical (line ends compared as LF)
sm_expect_same() {
    python3 - "$1" "$2" <<'EOF' || e2e_fail "$1 is not $2 plus Sendmail's Received: fields"
import sys

def split(path):
    data = open(path, "rb").read().replace(b"\r\n", b"\n")
    head, sep, body = data.partition(b"\n\n")
    if not sep:
        sys.exit("%s: no header/body separator" % path)
    fields = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    return fields, body

got_f, got_b = split(sys.argv[1])
want_f, want_b = split(sys.argv[2])
added = 0
while got_f and got_f[0].lower().startswith(b"received:"):
    got_f.pop(0)
    added += 1
if added == 0:
    print("no Received: field prepended by Sendmail", file=sys.stderr)
ok = added > 0
if got_f != want_f:
    ok = False
    for i in range(max(len(got_f), len(want_f))):
        g = got_f[i] if i < len(got_f) else b"(none)"
        w = want_f[i] if i < len(want_f) else b"(none)"
        if g != w:
            print("header field %d: got %r, want %r" % (i + 1, g, w), file=sys.stderr)
            break
if got_b != want_b:
    ok = False
    n = next((i for i in range(min(len(got_b), len(want_b))) if got_b[i] != want_b[i]),
             min(len(got_b), len(want_b)))
    print("body differs at byte %d (got %d bytes, want %d): got %r, want %r"
          % (n, len(got_b), len(want_b), got_b[n:n + 40], want_b[n:n + 40]), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

# sm_expect_no_control_headers MSGFILE: neither X-CareerRelay: nor X-CareerRelay-Tags:
sm_expect_no_control_headers() {
    if grep -Eiq '^X-CareerRelay(-Tags)?:' "$1"; then
        grep -Ei '^X-CareerRelay(-Tags)?:' "$1" >&2
        e2e_fail "$1: a control header was left in the message"
    fi
}

# sm_with_headers ORIGINAL OUT LINES...: ORIGINAL with LINES added after its Message-ID field
sm_with_headers() {
    local src=$1 out=$2
    shift 2
    python3 - "$src" "$out" "$@" <<'EOF'
import sys
src, out, extra = sys.argv[1], sys.argv[2], [l.encode() for l in sys.argv[3:]]
lines = open(src, "rb").read().split(b"\n")
i = next(i for i, l in enumerate(lines) if l.lower().startswith(b"message-id:"))
open(out, "wb").write(b"\n".join(lines[:i + 1] + extra + lines[i + 1:]))
EOF
}

# sm_expect_queue_id: the queue id the milter logged for its decision is
# one Sendmail logged for a received message (the i macro reached the milter)
sm_expect_queue_id() {
    local qid
    qid=$(sed -n 's/^careerrelay-milter\[[0-9]*\]: info: \([0-9A-Za-z]*\): action=.*/\1/p' \
        "$T/milter.log" | head -n 1)
    [ -n "$qid" ] || e2e_fail "the milter logged no decision with a queue id"
    grep -q "sendmail\[[0-9]*\]: $qid: from=" "$T/sm/log/maillog" ||
        e2e_fail "the milter's queue id $qid is not one Sendmail logged"
}

# a Japanese rejection sent over SMTP from 127.0.0.1 arrives with the invitation and is counted
case_smtp_rejection_injected_and_counted() {
    e2e_conf
    e2e_milter_start
    sm_start
    sm send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    sm wait 1 60 || e2e_fail "the message did not reach the sink"
    e2e_expect_invited "$(sm msg 1)"
    grep -qx 'RCPT To:<taro.yamada@example.net>' "$T/sm/sink/0001.env" ||
        e2e_fail "sink envelope: got $(tr '\n' ' ' <"$T/sm/sink/0001.env"), want RCPT To:<taro.yamada@example.net>"
    e2e_expect_log ': action=inject token=[0-9a-f]{8} candidates=1 .*lang=ja'
    sm_expect_queue_id
    e2e_expect_count invitations 1
    e2e_expect_count referred 1
}

# a local submission through the MSP (sendmail -C submit.cf) is treated the same way
case_local_submission_injected_and_counted() {
    e2e_conf
    e2e_milter_start
    sm_start
    sm send-local --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    sm wait 1 60 || e2e_fail "the message did not reach the sink"
    e2e_expect_invited "$(sm msg 1)"
    grep -q 'Submit) id ' "$(sm msg 1)" || e2e_fail "the message did not pass through the MSP"
    e2e_expect_log ': action=inject token=[0-9a-f]{8} candidates=1 .*lang=ja'
    e2e_expect_count invitations 1
    e2e_expect_count referred 1
}

# a message that is not a rejection arrives unchanged (SMTP and local submission)
case_non_rejection_byte_identical() {
    e2e_conf
    e2e_milter_start
    sm_start
    sm send --from saiyo@example.co.jp --to hanako.suzuki@example.net "$OFFER"
    sm wait 1 60 || e2e_fail "the SMTP message did not reach the sink"
    sm send-local --from saiyo@example.co.jp --to hanako.suzuki@example.net "$OFFER"
    sm wait 2 60 || e2e_fail "the local message did not reach the sink"
    sm_expect_same "$(sm msg 1)" "$OFFER"
    sm_expect_same "$(sm msg 2)" "$OFFER"
    e2e_expect_log ': action=pass reason=[a-z-]+ score=-?[0-9]+'
    [ "$(grep -c ': action=pass reason=' "$T/milter.log")" = 2 ] ||
        e2e_fail "milter decisions: got $(grep -c ': action=' "$T/milter.log") pass lines, want 2"
    e2e_expect_count invitations 0
}

# the control headers X-CareerRelay and X-CareerRelay-Tags never leave the MTA:
# removed from an injected rejection, from a skipped one, and from a non-rejection
case_control_headers_removed() {
    e2e_conf
    e2e_milter_start
    sm_start
    sm_with_headers "$JA" "$T/ja-invite.eml" "X-CareerRelay: invite" \
        "X-CareerRelay-Tags: spring-2026, backend"
    sm_with_headers "$JA" "$T/ja-skip.eml" "X-CareerRelay: skip"
    sm_with_headers "$OFFER" "$T/offer-tags.eml" "X-CareerRelay-Tags: spring-2026"
    sm send --from saiyo@example.co.jp --to taro.yamada@example.net "$T/ja-invite.eml"
    sm wait 1 60 || e2e_fail "message 1 did not reach the sink"
    sm send --from saiyo@example.co.jp --to taro.yamada@example.net "$T/ja-skip.eml"
    sm wait 2 60 || e2e_fail "message 2 did not reach the sink"
    sm send-local --from saiyo@example.co.jp --to hanako.suzuki@example.net "$T/offer-tags.eml"
    sm wait 3 60 || e2e_fail "message 3 did not reach the sink"
    e2e_expect_invited "$(sm msg 1)"
    sm_expect_no_control_headers "$(sm msg 1)"
    sm_expect_same "$(sm msg 2)" "$JA"
    sm_expect_same "$(sm msg 3)" "$OFFER"
    e2e_expect_count invitations 1
}

# with the milter stopped and no F= flag, mail still flows, unchanged (SMTP and local)
case_milter_stopped_mail_flows() {
    e2e_conf
    e2e_milter_start
    sm_start
    e2e_milter_stop
    sm send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    sm send-local --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    sm wait 2 60 || e2e_fail "mail did not flow with the milter stopped"
    sm_expect_same "$(sm msg 1)" "$JA"
    sm_expect_same "$(sm msg 2)" "$JA"
    grep -q 'Milter (careerrelay): to error state' "$T/sm/log/maillog" ||
        e2e_fail "Sendmail did not try the (stopped) milter"
    e2e_expect_count invitations 0
}

# the acceptance corpus and ../shared/mail-samples through Sendmail, each message
# as it is and forced (X-CareerRelay: invite): every delivered copy is exactly
# what careerrelayctl dry-run makes of it, and each injection is in the ledger
case_corpus_matches_dry_run() {
    e2e_conf "DryRun yes"
    e2e_milter_start
    sm_start
    e2e_corpus_check sm
}

[ $# = 1 ] || {
    echo "usage: $0 CASE" >&2
    exit 2
}
declare -F "case_$1" >/dev/null || {
    echo "unknown case $1" >&2
    exit 2
}
sm_init "$1"
"case_$1"
e2e_ok "$1"
