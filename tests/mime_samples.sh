#!/bin/sh
# mime_samples.sh - run mime_dump over every real-world sample message and
# fail on any crash, parser error or timeout (output is not compared).
#
# Usage: mime_samples.sh MIME_DUMP SAMPLES_DIR
# Exit status: 0 ok, 1 failure, 77 (ctest SKIP) when SAMPLES_DIR is absent.
set -u
tool=$1 dir=$2
if [ ! -d "$dir" ]; then
    echo "SKIP: sample directory $dir not found (shared mail samples absent)"
    exit 77
fi
list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT
find "$dir" -type f | sort >"$list"
fail=0 n=0
while IFS= read -r f; do
    n=$((n + 1))
    timeout 20 "$tool" "$f" >/dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
        if [ $rc -eq 124 ]; then
            echo "FAIL $f: timeout" >&2
        else
            echo "FAIL $f: mime_dump exited with status $rc" >&2
        fi
        fail=1
    fi
done <"$list"
echo "mime.samples: $n file(s), $([ $fail = 0 ] && echo no failures || echo FAILURES)"
exit $fail
