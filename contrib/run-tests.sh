#!/usr/bin/env bash
# run-tests.sh - the README's test command: build with warnings as errors and
# run the whole ctest suite; then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (less what cannot run there: the benchmark smoke,
# the fault-injection tests, which preload kill shims, and the valgrind- and
# callgrind-based tests); then the threaded tests (store, snapshot, ledger,
# the daemon under concurrent connections) under ThreadSanitizer; then a fuzz
# smoke run (20 s per libFuzzer target) when clang is installed. Installs
# dependencies first when run as root on Debian (skip with CRM_NO_INSTALL=1).
# Skip passes with CRM_SKIP_SANITIZERS=1 (ASan and TSan) or CRM_SKIP_FUZZ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CRM_NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null \
   && ! dpkg -s libmilter-dev libcmocka-dev postfix miltertest >/dev/null 2>&1; then
  bash contrib/install-deps.sh
fi
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (warnings are errors)"
cmake -S . -B build -DCRM_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs" --timeout 600)

if [ "${CRM_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== build with ASan+UBSan"
  cmake -S . -B build-asan -DCRM_WERROR=ON -DCRM_ENABLE_ASAN=ON -DCRM_ENABLE_UBSAN=ON \
    -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== tests under ASan+UBSan"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j"$jobs" --timeout 900 -LE 'bench|faults|valgrind' \
       -E '^hostile[.]linear$')
fi

if [ "${CRM_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== build with ThreadSanitizer (threaded tests only)"
  cmake -S . -B build-tsan -DCRM_WERROR=ON -DCRM_ENABLE_TSAN=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build-tsan -j"$jobs" --target test_store test_snapshot test_ledger \
    careerrelay-milter crm-bench-load
  echo "== threaded tests under ThreadSanitizer"
  (cd build-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
     ctest --output-on-failure -j"$jobs" --timeout 900 \
       -R '^(unit[.]test_(store|snapshot|ledger)|hostile[.]daemon_load)$')
fi

if [ "${CRM_SKIP_FUZZ:-0}" != 1 ] && command -v clang >/dev/null; then
  echo "== fuzz smoke: every libFuzzer target for 20 s"
  bash tests/fuzz/run_all.sh 20 build-fuzz
fi
