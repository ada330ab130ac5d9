#!/usr/bin/env bash
# run-tests.sh - the README's test command: build with warnings as errors and
# run the whole ctest suite; then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer. Installs dependencies first when run as root on
# Debian (skip with CRM_NO_INSTALL=1).
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
     ctest --output-on-failure -j"$jobs" --timeout 900 -LE bench)
fi
