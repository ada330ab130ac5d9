#!/usr/bin/env bash
# banned.sh - fail on banned libc calls in lib/ and milter/, and on raw
# allocation outside lib/alloc.c (STYLE.md 3.1 #5, #15).
set -u
root=${1:-$(dirname "$0")/../..}
cd "$root" || exit 2
status=0
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|sscanf)[[:space:]]*\('
if grep -nE "$banned" lib/*.c lib/*.h milter/*.c milter/*.h; then
  echo "banned.sh: banned function used (see above)"; status=1
fi
raw='(^|[^_[:alnum:]])(malloc|calloc|realloc|free|strdup|strndup)[[:space:]]*\('
if grep -nE "$raw" $(ls lib/*.c milter/*.c | grep -v '^lib/alloc.c$') | grep -vE '^\S+:\s*(/?\*|//)' \
   | grep -vE 'sqlite3_free|pcre2_|uuid_|crm_'; then
  echo "banned.sh: raw allocation outside lib/alloc.c (use crm_malloc/crm_free)"; status=1
fi
[ $status -eq 0 ] && echo "banned.sh: ok"
exit $status
