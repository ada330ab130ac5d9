#!/bin/sh
# run_ctl_golden.sh - careerrelayctl golden tests.
#
# Usage: run_ctl_golden.sh CAREERRELAYCTL LEDGER_SEED SRCDIR
#   Seeds ledgers with fixed data (tests/tools/ledger_seed), runs every case of
#   SRCDIR/tests/ctl/cases.txt in order and compares "$ command, stdout, stderr,
#   exit status" with SRCDIR/tests/data/ctl/NAME.out byte for byte (the scratch
#   directory is shown as TMP, SRCDIR as SRC). CRM_GOLDEN_UPDATE=1 rewrites the
#   expected files.
#   As root, the read-only cases run as nobody (setpriv), since root may write
#   any file.
# Exit status: 0 when every case matches, 1 otherwise (diffs on stderr).
set -u
if [ $# -ne 3 ]; then
    echo "usage: run_ctl_golden.sh CAREERRELAYCTL LEDGER_SEED SRCDIR" >&2
    exit 2
fi
ctl=$1 seed=$2 src=$3
cases=$src/tests/ctl/cases.txt
data=$src/tests/data/ctl
TMP=$(mktemp -d "${TMPDIR:-/tmp}/crm-ctl-XXXXXX") || exit 2
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
CONF=$data/test.conf
DB=$TMP/ledger.db W=$TMP/write.db RO=$TMP/ro/ledger.db ROF=$TMP/rof/ledger.db
Q=$TMP/extra.db FUTURE=$TMP/future.db DATA=$data
JUNK=$TMP/junk.db
mkdir "$TMP/ro" "$TMP/rof" "$TMP/closed" || exit 2
for db in "$DB" "$W" "$RO" "$ROF" "$TMP/closed/ledger.db"; do
    "$seed" "$db" || { echo "ctl golden: cannot seed $db" >&2; exit 1; }
done
"$seed" "$Q" extra || { echo "ctl golden: cannot seed $Q" >&2; exit 1; }
"$seed" "$FUTURE" future || { echo "ctl golden: cannot seed $FUTURE" >&2; exit 1; }
printf 'ReferralsPerSlot 10\nDatabase %s\n' "$DB" >"$TMP/db.conf"
printf 'ReferralsPerSlot 5\n' >"$TMP/five.conf"
printf 'CompanyName A\nInternalDomains a.example\nOnError accept\nCompanyName B\nInternalDomains b.example\nOnError tempfail\n' >"$TMP/twice.conf"
printf 'This is not an SQLite database, although its name says so.\n%0100d\n' 0 >"$JUNK"
chmod 444 "$RO" "$ROF"
chmod 555 "$TMP/ro"
chmod 777 "$TMP/rof"
chmod 000 "$TMP/closed"
asro=""
if [ "$(id -u)" = 0 ]; then
    asro="setpriv --reuid=65534 --regid=65534 --clear-groups"
    chmod 755 "$(dirname "$ctl")" 2>/dev/null
fi
export CONF DB W RO ROF Q FUTURE DATA JUNK TMP
junk_sum=$(cksum <"$JUNK")
db_sum=$(cksum <"$DB")

out=$TMP/out
fail=0 n=0
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    name=$(printf '%s' "${line%%|*}" | tr -d ' ')
    args=$(printf '%s' "${line#*|}" | sed 's/^ *//')
    n=$((n + 1))
    prefix=""
    case $name in read_only_* | unreadable_*) prefix=$asro ;; esac
    eval "$prefix \"\$ctl\" $args" >"$out.stdout" 2>"$out.stderr" </dev/null
    status=$?
    {
        printf '$ careerrelayctl %s\n' "$args"
        printf -- '--- stdout\n'
        cat "$out.stdout"
        printf -- '--- stderr\n'
        cat "$out.stderr"
        printf -- '--- exit %d\n' "$status"
    } | sed "s|$TMP|TMP|g; s|$src|SRC|g" >"$out"
    want=$data/$name.out
    if [ "${CRM_GOLDEN_UPDATE:-0}" = 1 ]; then
        cp "$out" "$want"
    elif [ ! -f "$want" ]; then
        echo "FAIL $name: missing $want (run with CRM_GOLDEN_UPDATE=1)" >&2
        fail=1
    elif ! cmp -s "$out" "$want"; then
        echo "FAIL $name: output differs from $want (got +, want -):" >&2
        diff -u "$want" "$out" >&2
        fail=1
    fi
done <"$cases"
# nothing written by the failures
if [ "$(cksum <"$JUNK")" != "$junk_sum" ]; then
    echo "FAIL: $JUNK (not a database) was changed" >&2
    fail=1
fi
# the read commands (dry-run and classify included) never write the ledger
if [ "$(cksum <"$DB")" != "$db_sum" ]; then
    echo "FAIL: $DB (only read) was changed" >&2
    fail=1
fi
for f in "$TMP/none.db" "$TMP/no"; do
    if [ -e "$f" ]; then
        echo "FAIL: $f was created by a failing command" >&2
        fail=1
    fi
done
echo "ctl golden: $n case(s), $([ $fail = 0 ] && echo all match || echo FAILURES)"
exit $fail
