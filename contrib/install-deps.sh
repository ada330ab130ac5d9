#!/usr/bin/env bash
# install-deps.sh - install every package careerrelay-milter needs to build,
# run and be tested on Debian 12 (run as root). Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# Postfix is used only as private test/demo instances; do not let its package
# configure a system mail server.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends \
  build-essential gcc clang libclang-rt-14-dev cmake pkg-config make git python3 \
  libmilter-dev libpcre2-dev libsqlite3-dev uuid-dev libcmocka-dev \
  postfix swaks miltertest sqlite3 valgrind clang-format \
  ca-certificates procps iproute2 m4
