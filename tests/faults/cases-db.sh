# shellcheck shell=bash
# cases-db.sh - database faults with OnError accept and tempfail (sourced by faults.sh).
#
# Every case: message 1 is injected (the baseline); the fault is put in place;
# messages 2-4 go over SMTP and 5 by local submission (sendmail -C) while it
# lasts; the fault is cleared; then messages from 6 on, one a second, until one
# is injected: the milter must recover by itself, same process, no restart.
#   OnError accept:   2-5 and every probe before the recovery leave unchanged
#                     and uncounted, the error is logged; the probe that
#                     recovers is injected and recorded.
#   OnError tempfail: the SMTP client gets 4xx for 2-4 (stream.py retries once a
#                     second, as an MTA client would), 5 stays in Postfix's
#                     maildrop (pickup retries); nothing reaches the sink while
#                     the fault lasts; once it clears every message arrives
#                     injected and each is recorded exactly once.
# Figures: "FIGURES db fault=F onerror=M during=N unchanged=U tempfails=T
# recovery_probes=P recovery_s=S recorded=R" plus the comparison line.

DB_ERR=""       # what the milter's error line must say
DB_STARTS=1     # how many times the milter was started (readonly: 2, see there)
DB_RECOVERY=10  # seconds the recovery may take after the fault clears

# --- the faults -------------------------------------------------------------

# locked: another process holds the write lock (BEGIN EXCLUSIVE) far longer
# than DatabaseTimeout (500 ms)
fault_locked_setup() { DB_ERR="database is locked"; }
fault_locked_on() {
    python3 "$FH/dblock.py" "$DB" "$T/lock.ready" "$T/lock.stop" 120 &
    LOCK_PID=$!
    f_wait_file "$T/lock.ready" 10
}
fault_locked_off() {
    touch "$T/lock.stop"
    wait "$LOCK_PID" || e2e_fail "dblock.py failed"
}

# readonly: the database file and its directory read-only for the milter
# (UserID nobody: root would ignore the modes), so that SQLite cannot even
# create the -wal and -shm files: the open fails. A running milter keeps
# the descriptors it opened read-write, so a chmod alone never reaches it, and
# the kernel refuses to remount a filesystem read-only (EBUSY) while the milter
# holds the file open for writing. The fault therefore bites where it can: the
# milter is restarted on the read-only database (as after a restore with the
# wrong owner), and must pick the database up by itself once it is writable
# again (it retries the open at most every 10 s).
fault_readonly_setup() { DB_ERR="database unavailable"; }
fault_readonly_on() {
    e2e_milter_stop
    chown -R root:root "$T/db"
    chmod 0444 "$T/db"/careerrelay.db*
    chmod 0555 "$T/db"
    f_milter_start
    DB_STARTS=2
    DB_RECOVERY=15
}
fault_readonly_off() {
    chown -R nobody:nogroup "$T/db"
    chmod 0770 "$T/db"
    chmod 0660 "$T/db"/careerrelay.db*
}

# readonly_file: only the database file read-only (its directory stays
# writable): the open succeeds, every write fails with "read-only"; same
# restart as above
fault_readonly_file_setup() { DB_ERR="database is read-only"; }
fault_readonly_file_on() {
    e2e_milter_stop
    chown root:root "$T/db"/careerrelay.db*
    chmod 0444 "$T/db"/careerrelay.db*
    f_milter_start
    DB_STARTS=2
}
fault_readonly_file_off() {
    chown nobody:nogroup "$T/db"/careerrelay.db*
    chmod 0660 "$T/db"/careerrelay.db*
}

# full: the database lives on its own 2 MB tmpfs, filled up with a dummy file
fault_full_setup() {
    local out
    DB_ERR="disk is full"
    mkdir -p "$T/db"
    out=$(mount -t tmpfs -o size=2m,mode=0755 tmpfs "$T/db" 2>&1) ||
        e2e_skip "cannot mount a tmpfs for the full-filesystem fault: $out"
    MOUNTS+=("$T/db")
}
fault_full_on() {
    dd if=/dev/zero of="$T/db/fill" bs=4k >/dev/null 2>"$T/dd.err" &&
        e2e_fail "dd filled $T/db without ENOSPC"
    grep -q "No space left" "$T/dd.err" || e2e_fail "dd: $(cat "$T/dd.err")"
    [ "$(df --output=avail -k "$T/db" | tail -1 | tr -d ' ')" = 0 ] ||
        e2e_fail "the tmpfs still has room: $(df -k "$T/db" | tail -1)"
}
fault_full_off() {
    rm -f "$T/db/fill"
}

# --- the case ---------------------------------------------------------------

# f_local N: message N by local submission (sendmail -C, non_smtpd_milters)
f_local() {
    local env sender rcpt
    env=$(python3 "$FH/stream.py" --emit "$1" --out "$T/local-$1.eml" "${STREAM_SAMPLES[@]}")
    read -r sender rcpt <<<"$env"
    e2e_pf send-local --from "$sender" --to "$rcpt" "$T/local-$1.eml"
}

# f_seq_injected N: whether delivered message N carries the invitation
f_seq_injected() {
    local f
    f=$(grep -l "^X-Fault-Seq: $1"$'\r'"\?$" "$T"/pf/sink/*.eml 2>/dev/null | head -1)
    [ -n "$f" ] && grep -q '^X-CareerRelay-Invitation: ' "$f"
}

# f_probe FIRST: messages FIRST, FIRST+1, ... one a second until one is
# injected; sets PROBE_LAST and PROBE_S
f_probe() {
    local n=$1 start=$SECONDS
    while :; do
        f_stream "$n" 1 --retry-for 30 >/dev/null || e2e_fail "probe $n: no 250 within 30 s"
        e2e_pf wait "$n" 60 || e2e_fail "probe $n not delivered"
        if f_seq_injected "$n"; then
            PROBE_LAST=$n
            PROBE_S=$((SECONDS - start))
            return 0
        fi
        [ $((SECONDS - start)) -le "$DB_RECOVERY" ] ||
            e2e_fail "no recovery within $DB_RECOVERY s after the fault cleared"
        n=$((n + 1))
        sleep 1
    done
}

# f_tempfailed_all A B: every message A..B got at least one 4xx
f_tempfailed_all() {
    local _ n
    for _ in $(seq 1 300); do
        for n in $(seq "$1" "$2"); do
            if ! grep -q "^$n	4[0-9][0-9]	" "$T/stream.log" 2>/dev/null; then
                sleep 0.1
                continue 2
            fi
        done
        return 0
    done
    e2e_fail "messages $1-$2 were not all tempfailed within 30 s"
}

case_db_fault() { # FAULT MODE
    local fault=$1 mode=$2 pid spid unchanged tempfails stage
    case $mode in accept | tempfail) ;; *) e2e_fail "mode: accept or tempfail" ;; esac
    if [ "${fault#readonly}" != "$fault" ]; then
        e2e_conf "OnError $mode" "DatabaseTimeout 500" "UserID nobody"
    else
        e2e_conf "OnError $mode" "DatabaseTimeout 500"
    fi
    "fault_${fault}_setup"
    f_milter_start
    e2e_pf_start --default-action accept
    f_stream 1 1 >/dev/null || e2e_fail "message 1 not accepted"
    e2e_pf wait 1 60 || e2e_fail "message 1 not delivered"
    f_seq_injected 1 || e2e_fail "message 1 (before the fault) was not injected"

    "fault_${fault}_on"
    pid=$MILTER_PID
    if [ "$mode" = accept ]; then
        f_stream 2 3 >"$T/stream.out" || e2e_fail "2-4: want 250 for each ($(cat "$T/stream.out"))"
        f_local 5
        e2e_pf wait 5 60 || e2e_fail "2-5 not all delivered during the fault"
    else
        f_stream 2 3 --retry-for 90 >"$T/stream.out" 2>&1 &
        spid=$!
        f_local 5
        f_tempfailed_all 2 4
        sleep 1
        [ "$(f_sink_count)" = 1 ] ||
            e2e_fail "got $(f_sink_count) messages in the sink during the fault, want 1"
        grep -q 'milter-reject: END-OF-MESSAGE .*4\.7\.1 ' "$T/pf/log/maillog" ||
            e2e_fail "maillog: Postfix logged no 4.7.1 milter-reject"
        [ -n "$(find "$T/pf/queue/maildrop" -type f)" ] ||
            e2e_fail "message 5 (local submission) is not waiting in the maildrop"
    fi
    stage="action=error stage=(record|database) .*$DB_ERR.*onerror=$mode"
    grep -Eq "$stage" "$T/milter.log" || e2e_fail "milter log: no line matching $stage"

    "fault_${fault}_off"
    if [ "$mode" = tempfail ]; then
        wait "$spid" || e2e_fail "2-4: not accepted after the fault cleared ($(cat "$T/stream.out"))"
        postkick -c "$T/pf/conf" public pickup W >/dev/null 2>&1 || true
        e2e_pf wait 5 60 || e2e_fail "2-5 not all delivered after the fault cleared"
    fi
    f_probe 6
    f_same_pid "$pid" "$DB_STARTS"
    e2e_milter_stop
    if [ "$mode" = accept ]; then
        f_compare "$PROBE_LAST" --injected 1 --unchanged "2-$((PROBE_LAST - 1))" \
            --injected "$PROBE_LAST"
        grep -q " recorded=2 " "$T/compare.out" || e2e_fail "want 2 invitations recorded"
    else
        f_compare "$PROBE_LAST" --injected "1-$PROBE_LAST"
        grep -q " recorded=$PROBE_LAST " "$T/compare.out" ||
            e2e_fail "want $PROBE_LAST invitations recorded, one per message"
    fi
    f_db_check
    unchanged=$(sed -n 's/^COMPARE .* unchanged=\([0-9]*\) .*/\1/p' "$T/compare.out")
    tempfails=$(grep -c "	4[0-9][0-9]	" "$T/stream.log" || true)
    echo "FIGURES db fault=$fault onerror=$mode during=4 unchanged=$unchanged" \
        "smtp_tempfails=$tempfails recovery_probes=$((PROBE_LAST - 5))" \
        "recovery_s=$PROBE_S $(sed -n 's/^COMPARE //p' "$T/compare.out")"
}

case_db_locked() { case_db_fault locked "$1"; }
case_db_readonly() { case_db_fault readonly "$1"; }
case_db_readonly_file() { case_db_fault readonly_file "$1"; }
case_disk_full() { case_db_fault full "$1"; }

