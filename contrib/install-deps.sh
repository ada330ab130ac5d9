#!/usr/bin/env bash
# install-deps.sh - install every package careerrelay-milter needs to build,
# run and be tested on Debian 12 (run as root). Idempotent. For development
# and test machines: it installs Postfix (for private test instances) and
# refuses when that would remove another package, such as a running Sendmail
# or Exim (CRM_ALLOW_REMOVALS=1 overrides).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# Postfix is used only as private test/demo instances; do not let its package
# configure a system mail server.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
PKGS=(build-essential gcc clang libclang-rt-14-dev cmake pkg-config make git python3
  libmilter-dev libpcre2-dev libsqlite3-dev uuid-dev libcmocka-dev
  postfix swaks miltertest sqlite3 valgrind clang-format
  ca-certificates procps iproute2 m4)
apt-get update -q
# Debian's postfix package replaces any other mail server (sendmail-bin,
# exim4, ...). This script is for development and test machines: never let it
# remove a production MTA. On a mail server, install only the build
# dependencies (README, "Installing on a mail server").
remove=$(apt-get install -s -q --no-install-recommends "${PKGS[@]}" | sed -n 's/^Remv \([^ ]*\).*/\1/p' | tr '\n' ' ')
if [ -n "$remove" ] && [ "${CRM_ALLOW_REMOVALS:-0}" != 1 ]; then
  echo "install-deps.sh: installing the test dependencies (Postfix among them) would remove: $remove" >&2
  echo "install-deps.sh: refusing. This script is for development and test machines; on a mail" >&2
  echo "install-deps.sh: server install only the build dependencies (see README). Set" >&2
  echo "install-deps.sh: CRM_ALLOW_REMOVALS=1 to remove them anyway." >&2
  exit 1
fi
apt-get install -y -q --no-install-recommends "${PKGS[@]}"
