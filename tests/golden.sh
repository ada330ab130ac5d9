#!/bin/sh
# golden.sh - run a dump tool over data files and compare with expected output.
#
# Usage: golden.sh TOOL DATADIR EXT [TOOL ARGS...]
#   For every DATADIR/NAME.eml, runs "TOOL [TOOL ARGS...] DATADIR/NAME.eml" and
#   compares its stdout byte for byte with DATADIR/NAME.EXT.
#   With CRM_GOLDEN_UPDATE=1 the expected files are (re)written instead.
# Exit status: 0 when every case matches, 1 otherwise (each diff is printed).
set -u
if [ $# -lt 3 ]; then
    echo "usage: golden.sh TOOL DATADIR EXT [tool args]" >&2
    exit 2
fi
tool=$1 dir=$2 ext=$3
shift 3
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
fail=0 n=0
for eml in "$dir"/*.eml; do
    [ -e "$eml" ] || { echo "golden: no .eml files in $dir" >&2; exit 1; }
    want=${eml%.eml}.$ext
    n=$((n + 1))
    if ! "$tool" "$@" "$eml" >"$tmp"; then
        echo "FAIL $eml: tool exited with status $?" >&2
        fail=1
        continue
    fi
    if [ "${CRM_GOLDEN_UPDATE:-0}" = 1 ]; then
        cp "$tmp" "$want"
        echo "updated $want"
    elif [ ! -f "$want" ]; then
        echo "FAIL $eml: missing expected file $want (run with CRM_GOLDEN_UPDATE=1)" >&2
        fail=1
    elif ! cmp -s "$tmp" "$want"; then
        echo "FAIL $eml: output differs from $want (got +, want -):" >&2
        diff -u "$want" "$tmp" >&2
        fail=1
    fi
done
echo "golden: $n case(s) in $dir, $([ $fail = 0 ] && echo all match || echo FAILURES)"
exit $fail
