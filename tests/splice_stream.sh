#!/bin/sh
# splice_stream.sh CTL - dry-run edge cases of the command line itself:
#   1. a message above MaxMessageSize read from standard input leaves whole and
#      unchanged but for the control headers, with reason too-large;
#   2. a bare-LF file is handled as CRLF and written back with LF line ends;
#   3. usage errors exit 2, --help exits 0.
set -u
ctl=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
printf 'MaxMessageSize 2048\nCompanyName ACME\n' >"$tmp/small.conf"
{
    printf 'X-CareerRelay-Tags: high-rating\r\nFrom: hr@example.co.jp\r\nTo: c@example.net\r\n'
    printf 'Subject: Your application\r\n\r\n'
    i=0
    while [ $i -lt 400 ]; do
        printf 'We have decided not to move forward. Line %04d of a long message.\r\n' $i
        i=$((i + 1))
    done
} >"$tmp/big.eml"
tail -n +2 "$tmp/big.eml" >"$tmp/big.want"
"$ctl" -c "$tmp/small.conf" dry-run - <"$tmp/big.eml" >"$tmp/big.out" 2>"$tmp/big.why" || fail=1
cmp -s "$tmp/big.out" "$tmp/big.want" || { echo "FAIL too-large: output is not the input minus the control header" >&2; fail=1; }
grep -q '^pass reason=too-large ' "$tmp/big.why" || { echo "FAIL too-large: got $(cat "$tmp/big.why")" >&2; fail=1; }

printf 'X-CareerRelay: invite\nFrom: hr@example.co.jp\nTo: c@example.net\n\nHello\n' >"$tmp/lf.eml"
"$ctl" -c "$tmp/small.conf" dry-run --token 00000000-0000-4000-8000-000000000000 "$tmp/lf.eml" \
    >"$tmp/lf.out" 2>/dev/null || fail=1
if grep -q "$(printf '\r')" "$tmp/lf.out" || ! grep -q '^<https://careerrelay.jp/i/00000000-0000-4000-8000-000000000000>$' "$tmp/lf.out"; then
    echo "FAIL bare LF: want an LF-only output with the invitation" >&2
    fail=1
fi

"$ctl" dry-run --help >/dev/null 2>&1 || { echo "FAIL dry-run --help" >&2; fail=1; }
"$ctl" dry-run --no-such-option >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL unknown option: want exit 2" >&2; fail=1; }
"$ctl" dry-run --token not-a-token - </dev/null >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL bad token: want exit 2" >&2; fail=1; }
"$ctl" classify >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL classify without files: want exit 2" >&2; fail=1; }
"$ctl" -c "$tmp/small.conf" classify "$tmp/no-such-file" >/dev/null 2>&1; [ $? = 1 ] || { echo "FAIL classify missing file: want exit 1" >&2; fail=1; }
[ $fail = 0 ] && echo "splice_stream: all checks pass"
exit $fail
