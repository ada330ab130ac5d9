#!/usr/bin/env bash
# run_all.sh - build every libFuzzer target with clang and run each for a
# bounded time (CI's fuzz smoke; also the way to fuzz for hours).
#
# usage: tests/fuzz/run_all.sh SECONDS [BUILD_DIR] [TARGET...]
#
# BUILD_DIR (default build-fuzz) is configured with -DCRM_ENABLE_FUZZ=ON
# -DCMAKE_C_COMPILER=clang (crm_core is instrumented there: keep it apart from
# other builds). Each fuzz_<name> runs for SECONDS over a scratch corpus
# BUILD_DIR/fuzz-work/<name> seeded from tests/fuzz/corpus/<name>, plus
# ../shared/mail-samples for engine and mime when it is there (the seeds are
# only read: new inputs stay in the build dir), with AddressSanitizer and
# UndefinedBehaviorSanitizer, a 2 GB RSS limit and a 25 s per-input timeout.
# A crash, leak, timeout or broken property leaves BUILD_DIR/fuzz-artifacts/
# <name>-crash-* (or leak-, timeout-, oom-): copy it into
# tests/fuzz/corpus/<name>/ as a regression seed once fixed.
# Prints one line per target with the executions; exits 1 if any target
# failed, 77 when clang is not installed.
set -u
secs=${1:?usage: run_all.sh SECONDS [BUILD_DIR] [TARGET...]}
build=${2:-build-fuzz}
shift $(($# < 2 ? $# : 2))
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$PWD/$build ;; esac

if ! command -v clang >/dev/null 2>&1; then
    echo "run_all.sh: clang not installed; skipped"
    exit 77
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for src in "$root"/tests/fuzz/fuzz_*.c; do
        n=$(basename "$src" .c)
        targets+=("${n#fuzz_}")
    done
fi

echo "== fuzz: building ${targets[*]} in $build"
cmake -S "$root" -B "$build" -DCRM_ENABLE_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
mkdir -p "$build/fuzz-work"
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" \
    --target $(printf 'fuzz_%s ' "${targets[@]}") >"$build/fuzz-work/build.log" 2>&1 || {
    tail -30 "$build/fuzz-work/build.log"
    echo "run_all.sh: build failed (log: $build/fuzz-work/build.log)"
    exit 1
}

mkdir -p "$build/fuzz-artifacts"
# the targets whose input is a whole message also start from the real-world
# messages beside the project (read only, like the seeds), when present
samples=$root/../shared/mail-samples
failed=0
for t in "${targets[@]}"; do
    work=$build/fuzz-work/$t
    log=$build/fuzz-work/$t.log
    seeds=("$root/tests/fuzz/corpus/$t")
    case $t in engine | mime) [ -d "$samples" ] && seeds+=("$samples") ;; esac
    mkdir -p "$work"
    "$build/tests/fuzz_$t" "$work" "${seeds[@]}" \
        -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$t-" >"$log" 2>&1 </dev/null
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        printf 'fuzz_%-8s ok    %ss  execs=%s  %s  corpus=%s\n' "$t" "$secs" "${execs:-?}" \
            "${cov:-}" "$(ls "$work" | wc -l)"
    else
        failed=1
        printf 'fuzz_%-8s FAIL  exit %d  execs=%s; see %s\n' "$t" "$rc" "${execs:-?}" "$log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$log" | head -5
    fi
done
exit $failed
