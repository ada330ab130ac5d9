#!/usr/bin/env bash
# format.sh - clang-format --dry-run -Werror over the project's C sources.
set -u
root=${1:-$(dirname "$0")/../..}
cd "$root" || exit 2
if ! command -v clang-format >/dev/null 2>&1; then
  echo "format.sh: clang-format not installed; skipped"; exit 0
fi
files=$(ls lib/*.c lib/*.h milter/*.c milter/*.h tests/*.c tests/*.h tests/tools/*.c \
          tests/fuzz/*.c tests/bench/*.c 2>/dev/null)
if clang-format --dry-run -Werror $files 2>&1 | head -40 | grep .; then
  echo "format.sh: run clang-format -i on the files above"; exit 1
fi
echo "format.sh: ok"
