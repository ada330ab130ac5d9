#!/bin/sh
# splice_why.sh - run a command and print only its standard error (the dry-run verdict line),
# so golden.sh can compare it with NAME.why.
"$@" 2>&1 >/dev/null
