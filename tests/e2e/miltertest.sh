#!/usr/bin/env bash
# miltertest.sh SCRIPT - run one protocol-level scenario against the real
# careerrelay-milter on a unix socket in a temp dir (own configuration and
# database): SCRIPT.lua through OpenDKIM's miltertest, SCRIPT.py through
# tests/e2e/mtclient.py (for replies larger than miltertest's 1 KB buffer).
# Lines "-- conf: Key value" in the script are added to the configuration;
# "-- invitations: N" checks the count in the database afterwards; "-- stops"
# says the scenario stops the milter itself. The script gets CRM_SOCKET,
# CRM_E2E_DIR, CRM_SAMPLES, CRM_MILTER_PID and CRM_MILTER_LOG in its environment.
# Exit 0 pass, 1 fail, 77 skipped.
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || {
    echo "usage: $0 SCRIPT.lua|SCRIPT.py" >&2
    exit 2
}
case $1 in
*.lua)
    command -v miltertest >/dev/null ||
        e2e_skip "miltertest is not installed (apt-get install miltertest)"
    client=(miltertest -D "script=$1" -s "$E2E_HERE/runner.lua.inc")
    ;;
*.py) client=(python3 "$1") ;;
*) e2e_fail "$1: want a .lua or .py script" ;;
esac
[ -x "${CRM_MILTER:-}" ] || e2e_fail "CRM_MILTER is not an executable: ${CRM_MILTER:-unset}"
T=$(mktemp -d "${TMPDIR:-/tmp}/crm-mt-$(basename "$1").XXXXXX")
trap e2e_cleanup EXIT
mapfile -t extra < <(sed -n 's/^-- conf: //p' "$1")
e2e_conf "${extra[@]}"
e2e_milter_start
CRM_SOCKET="unix:$T/milter.sock" CRM_E2E_DIR=$E2E_HERE CRM_SAMPLES=$SAMPLES \
    CRM_MILTER_PID=$MILTER_PID CRM_MILTER_LOG=$T/milter.log \
    "${client[@]}" || e2e_fail "$(basename "$1")"
# the milter must have survived the scenario (unless the scenario stops it: "-- stops")
if ! grep -q '^-- stops' "$1"; then
    kill -0 "$MILTER_PID" 2>/dev/null || e2e_fail "careerrelay-milter died"
fi
if [ -n "${CRM_CTL:-}" ] && grep -q '^-- invitations: ' "$1"; then
    e2e_expect_count invitations "$(sed -n 's/^-- invitations: //p' "$1")"
fi
e2e_finish
e2e_ok "$(basename "$1")"
