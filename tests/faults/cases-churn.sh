# shellcheck shell=bash
# cases-churn.sh - aborted and dropped transactions (sourced by faults.sh).

# 2,000 transactions over the milter protocol: a third complete (connections
# reused for 20 messages), a third aborted mid-body, a third dropped mid-header
# or mid-body; VmRSS must stay flat and no aborted message may leak into the
# next one (churn.py checks every answer and the ledger).
case_abort_and_drop_no_leak() {
    local n=${FAULTS_CHURN_N:-2000} pid
    e2e_conf
    f_milter_start
    pid=$MILTER_PID
    python3 "$FH/churn.py" --socket "unix:$T/milter.sock" --pid "$MILTER_PID" --ctl "$CRM_CTL" \
        --db "$DB" --transactions "$n" | tee "$T/churn.out"
    [ "${PIPESTATUS[0]}" = 0 ] || e2e_fail "churn.py failed (see above)"
    f_same_pid "$pid"
    grep -Eq 'action=inject token=' "$T/milter.log" || e2e_fail "no injection logged"
    echo "FIGURES churn $(sed -n 's/^CHURN //p' "$T/churn.out")"
}

# The same traffic, shorter, with the milter under valgrind memcheck: no
# definite or indirect leak and no invalid access in the abort and drop paths.
case_abort_and_drop_valgrind() {
    local n=${FAULTS_VALGRIND_N:-1000} rc
    command -v valgrind >/dev/null || e2e_skip "valgrind is not installed"
    e2e_conf
    CRM_MILTER_REAL=$CRM_MILTER
    cat >"$T/vg-milter" <<VG
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --suppressions=$CRM_SOURCE_DIR/tests/valgrind.supp \
    --log-file=$T/valgrind.log "$CRM_MILTER_REAL" "\$@"
VG
    chmod 755 "$T/vg-milter"
    CRM_MILTER=$T/vg-milter
    f_milter_start 120
    python3 "$FH/churn.py" --socket "unix:$T/milter.sock" --pid "$MILTER_PID" --ctl "$CRM_CTL" \
        --db "$DB" --transactions "$n" --margin-kb 1000000 | tee "$T/churn.out"
    [ "${PIPESTATUS[0]}" = 0 ] || e2e_fail "churn.py failed under valgrind (see above)"
    kill -TERM "$MILTER_PID"
    rc=0
    wait "$MILTER_PID" || rc=$?
    MILTER_PID=""
    if [ "$rc" != 0 ] || [ -s "$T/valgrind.log" ]; then
        head -60 "$T/valgrind.log" >&2
        e2e_fail "valgrind: exit $rc, want 0 and an empty report"
    fi
    echo "FIGURES churn_valgrind transactions=$((n + 1)) valgrind_errors=0"
}
