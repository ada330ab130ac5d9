#!/usr/bin/env bash
# repeat.sh N CASE [ARG] - run one fault case N times (faults.sh, same
# environment: CRM_MILTER, CRM_CTL, CRM_KILLSHIM, or BUILD=build dir) and add
# up the key=value figures of its FIGURES lines. Stops at the first failure.
#   BUILD=build-x tests/faults/repeat.sh 10 sigkill_during_stream
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || {
    echo "usage: $0 N CASE [ARG]" >&2
    exit 2
}
n=$1
shift
if [ -n "${BUILD:-}" ]; then
    export CRM_MILTER=$BUILD/milter/careerrelay-milter CRM_CTL=$BUILD/milter/careerrelayctl
    export CRM_KILLSHIM=$BUILD/tests/killshim.so
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for i in $(seq 1 "$n"); do
    if ! bash "$HERE/faults.sh" "$@" >"$out.run" 2>&1; then
        cat "$out.run" >&2
        rm -f "$out.run"
        echo "repeat.sh: run $i of $n failed" >&2
        exit 1
    fi
    grep '^FIGURES ' "$out.run" | tee -a "$out"
    grep '^NOTDELIVERED ' "$out.run" || true
    rm -f "$out.run"
done
python3 - "$out" "$n" <<'EOF'
import sys
total, order = {}, []
for line in open(sys.argv[1]):
    for field in line.split()[2:]:
        k, _, v = field.partition("=")
        if v.isdigit():
            if k not in total:
                order.append(k)
            total[k] = total.get(k, 0) + int(v)
print("TOTAL runs=%s " % sys.argv[2] + " ".join("%s=%d" % (k, total[k]) for k in order))
EOF
