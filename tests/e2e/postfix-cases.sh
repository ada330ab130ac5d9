#!/usr/bin/env bash
# postfix-cases.sh CASE - one end-to-end case: careerrelay-milter behind a
# private Postfix (tests/e2e/postfix.sh) delivering to a file sink.
# Each case runs in its own temp dir with its own milter, database and Postfix.
# Exit 0 pass, 1 fail, 77 skipped (no root / no postfix).
. "$(dirname "$0")/lib.sh"

JA=$SAMPLES/ja-rejection.eml
EN=$SAMPLES/en-rejection.eml
OFFER=$SAMPLES/offer-letter.eml

# a rejection sent over SMTP from 127.0.0.1 arrives with the invitation and is counted
case_smtp_rejection_injected_and_counted() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_pf send --from recruiting@example.com --to jordan.lee@example.org "$EN"
    e2e_pf wait 2
    e2e_expect_invited "$(e2e_pf msg 1)"
    e2e_expect_invited "$(e2e_pf msg 2)"
    e2e_expect_log ': action=inject token=[0-9a-f]{8} candidates=1 .*lang=ja'
    e2e_expect_log ': action=inject token=[0-9a-f]{8} candidates=1 .*lang=en'
    e2e_expect_count invitations 2
    e2e_expect_count referred 2
}

# a local sendmail(1) submission (non_smtpd_milters) is treated the same way
case_local_submission_injected_and_counted() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start
    e2e_pf send-local --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_invited "$(e2e_pf msg 1)"
    e2e_expect_count invitations 1
}

# a message that is not a rejection arrives byte-identical (SMTP and local)
case_non_rejection_byte_identical() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to hanako.suzuki@example.net "$OFFER"
    e2e_pf wait 1
    e2e_pf send-local --from saiyo@example.co.jp --to hanako.suzuki@example.net "$OFFER"
    e2e_pf wait 2
    e2e_expect_identical 1 "$OFFER"
    e2e_expect_identical 2 "$OFFER"
    e2e_expect_log ': action=pass reason=[a-z-]+ score=-?[0-9]+'
    e2e_expect_count invitations 0
}

# mail from a client outside InternalHosts (XCLIENT ADDR=192.0.2.10) is untouched;
# the same client authenticated (XCLIENT LOGIN=) is outgoing and gets the invitation
case_outside_client_untouched() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start --relay-any --sasl
    e2e_pf send --xclient "ADDR=192.0.2.10 NAME=client.example" \
        --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_identical 1 "$JA"
    e2e_expect_log 'action=pass reason=not-outgoing'
    e2e_expect_count invitations 0
    e2e_pf send --xclient "ADDR=192.0.2.10 NAME=client.example LOGIN=alice" \
        --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 2
    e2e_expect_invited "$(e2e_pf msg 2)"
    e2e_expect_count invitations 1
}

# with the milter stopped and default_action=accept, mail still flows (unchanged)
case_milter_stopped_mail_flows() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start --default-action accept
    e2e_milter_stop
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf send-local --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 2
    e2e_expect_identical 1 "$JA"
    e2e_expect_identical 2 "$JA"
    grep -q 'connect to Milter service' "$T/pf/log/maillog" ||
        e2e_fail "Postfix did not try the (stopped) milter"
}

# with the database read-only, mail arrives unchanged and the error is logged
case_readonly_database_passes_unchanged() {
    e2e_conf "UserID nobody"
    e2e_milter_start # creates the database (owned by nobody)
    e2e_milter_stop
    chown -R root:root "$T/db"
    chmod 0444 "$T/db"/careerrelay.db*
    chmod 0555 "$T/db"
    e2e_milter_start
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_identical 1 "$JA"
    e2e_expect_log '^careerrelay-milter\[[0-9]+\]: error: [0-9A-F]+: action=error stage=[a-z]+ .*onerror=accept'
    e2e_expect_count invitations 0
}

# SIGUSR1: a broken configuration is reported and the running one kept; a good change applies
case_reload_keeps_old_config_on_error() {
    e2e_conf "Senders saiyo@example.co.jp"
    e2e_milter_start
    e2e_pf_start
    cp "$T/careerrelay.conf" "$T/good.conf"
    echo "NoSuchKey 1" >>"$T/careerrelay.conf"
    kill -USR1 "$MILTER_PID"
    e2e_expect_log 'reload failed, keeping the running configuration: .*careerrelay.conf:[0-9]+: '
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_invited "$(e2e_pf msg 1)"
    sed 's/^Senders .*/Senders recruiting@example.com/' "$T/good.conf" >"$T/careerrelay.conf"
    kill -USR1 "$MILTER_PID"
    e2e_expect_log 'reloaded configuration'
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 2
    e2e_expect_identical 2 "$JA"
    e2e_expect_log 'action=pass reason=sender-not-listed'
    kill -0 "$MILTER_PID" || e2e_fail "the milter died on SIGUSR1"
    e2e_expect_count invitations 1
}

# UserID: the socket is opened as root, then the process runs as that user
case_privilege_drop() {
    local uid gid
    e2e_conf "UserID nobody"
    e2e_milter_start
    uid=$(awk '/^Uid:/ {print $2" "$3" "$4" "$5}' "/proc/$MILTER_PID/status")
    gid=$(awk '/^Gid:/ {print $2" "$3" "$4" "$5}' "/proc/$MILTER_PID/status")
    [ "$uid" = "65534 65534 65534 65534" ] || e2e_fail "Uid: got $uid, want 65534 x4"
    [ "$gid" = "65534 65534 65534 65534" ] || e2e_fail "Gid: got $gid, want 65534 x4"
    [ "$(stat -c %U "$T/milter.sock")" = nobody ] || e2e_fail "socket owner is not nobody"
    [ "$(stat -c %U:%a "$T/db/careerrelay.db")" = nobody:660 ] ||
        e2e_fail "database: got $(stat -c %U:%a "$T/db/careerrelay.db"), want nobody:660"
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_invited "$(e2e_pf msg 1)"
    e2e_expect_count invitations 1
    # UserID root is refused
    e2e_milter_stop
    e2e_conf "UserID root"
    if "$CRM_MILTER" -f -c "$T/careerrelay.conf" >"$T/root.log" 2>&1; then
        e2e_fail "started with UserID root"
    fi
    grep -q "refusing to run as root" "$T/root.log" || e2e_fail "no refusal message for UserID root"
}

# messages over MaxMessageSize pass unchanged; DryRun changes nothing and records nothing
case_too_large_and_dry_run_pass_unchanged() {
    e2e_conf "MaxMessageSize 1k"
    e2e_milter_start
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_identical 1 "$JA"
    e2e_expect_log 'action=pass reason=too-large'
    e2e_conf "DryRun yes"
    kill -USR1 "$MILTER_PID"
    e2e_expect_log 'reloaded configuration'
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 2
    e2e_expect_identical 2 "$JA"
    e2e_expect_log 'action=would-inject token=[0-9a-f]{8}'
    e2e_expect_count invitations 0
}

# a message to company-internal recipients only is accepted before its body is sent
case_internal_recipient_only_passes() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start
    e2e_pf send --from saiyo@example.co.jp --to sato@example.co.jp "$JA"
    e2e_pf wait 1
    e2e_expect_identical 1 "$JA"
    e2e_expect_log 'action=pass reason=no-external-recipient'
    e2e_expect_count invitations 0
}

# suppressed candidates are never recorded; all suppressed: the message passes unchanged
case_suppressed_candidates_not_recorded() {
    e2e_conf
    e2e_milter_start
    e2e_pf_start
    "$CRM_CTL" -c "$T/careerrelay.conf" suppress add taro.yamada@example.net --note "opted out" \
        >/dev/null || e2e_fail "careerrelayctl suppress add failed"
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net "$JA"
    e2e_pf wait 1
    e2e_expect_identical 1 "$JA"
    e2e_expect_log 'action=pass reason=suppressed'
    e2e_expect_count referred 0
    e2e_pf send --from saiyo@example.co.jp --to taro.yamada@example.net \
        --to hanako.suzuki@example.net "$JA"
    e2e_pf wait 2 # one transaction for both recipients
    e2e_expect_invited "$(e2e_pf msg 2)"
    e2e_expect_log ': action=inject token=[0-9a-f]{8} candidates=1 '
    e2e_expect_count invitations 1
    e2e_expect_count referred 1
}

# the acceptance corpus and ../shared/mail-samples through Postfix, each message as
# it is and forced (X-CareerRelay: invite): every delivered copy is exactly what
# careerrelayctl dry-run makes of it, and each injection is in the ledger
case_corpus_matches_dry_run() {
    e2e_conf "DryRun yes"
    e2e_milter_start
    e2e_pf_start
    e2e_corpus_check e2e_pf
}

[ $# = 1 ] || {
    echo "usage: $0 CASE" >&2
    exit 2
}
declare -F "case_$1" >/dev/null || {
    echo "unknown case $1" >&2
    exit 2
}
e2e_init "$1"
"case_$1"
e2e_finish
e2e_ok "$1"
