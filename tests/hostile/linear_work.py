#!/usr/bin/env python3
"""linear_work.py - the engine's work grows linearly with hostile input,
measured in instructions (valgrind callgrind), not wall-clock time.

usage: linear_work.py --ctl CAREERRELAYCTL --config CONF --work DIR
                      [--max-ratio 6] [-v] [FAMILY...]

For each pathological family of make_hostile.py (FAMILIES: many
near-boundaries, many quote lines, many bare "--" lines, many encoded-words, deep nesting, a long
folded header, many <blockquote> tags, many "On x wrote:" lines), it builds
one message of size N and one of size 4N, runs

    careerrelayctl -c CONF dry-run --token ... --from ... --rcpt ... FILE

forced ("X-CareerRelay: invite") under `valgrind --tool=callgrind`, and counts
the instructions executed. The fixed costs (start-up, config, rules compile,
and whatever the family's code path does once per message) are removed by
subtracting a third run of the same family at size B = N/16, so the ratio

    (I(4N) - I(B)) / (I(N) - I(B))

is about 4.2 for linear work ((4 - 1/16) / (1 - 1/16)) and 16 for quadratic;
it must stay below --max-ratio (6). (One baseline shared by all families
would be wrong: a family that stops early, e.g. at the nesting cap, skips
work the baseline message does, and the ratio would be inflated.)
N is chosen per family so the 4N input stays under the
engine's limits where a limit would cut the work short (encoded-words: the
64 KB header field), and a few hundred KB otherwise. Exits 77 (skip) when
valgrind is not installed or the binary is built with a sanitizer, 1 when a
ratio is too high or a run fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_hostile as M  # noqa: E402
from run_hostile import instrumented  # noqa: E402

SKIP = 77
TOKEN = "00000000-0000-4000-8000-000000000000"
ENVELOPE = ["--from", "saiyo@example.co.jp", "--rcpt", "candidate@gmail.com"]

# family -> N (the unit count of the small input; the large one is 4N)
SIZES = {
    "near_boundaries": 8000,   # ~60 KB / 240 KB, 12 boundaries in scope
    "quote_lines": 8000,       # ~190 KB / 740 KB
    "dash_lines": 12000,       # ~200 KB / 800 KB
    "encoded_words": 400,      # ~14 KB / 56 KB Subject, under the 64 KB field limit
    "nesting": 2000,           # 2,000 / 8,000 levels (past the depth cap of 16)
    "folded_header": 15000,    # ~210 KB / 840 KB, one field
    "blockquotes": 6000,       # ~190 KB / 770 KB
    "wrote_lines": 6000,       # ~260 KB / 1 MB
}


def instructions(args, path, name):
    """instructions - instructions executed by one forced dry-run (callgrind)"""
    out = os.path.join(args.work, name + ".cg")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
           "--log-file=" + out + ".log", args.ctl, "-c", args.config, "dry-run",
           "--token", TOKEN] + ENVELOPE + [path]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("%s: exit status %d: %s" % (name, p.returncode,
                                                        p.stderr.decode("utf-8", "replace")[-300:]))
    verdict = p.stderr.decode("utf-8", "replace").strip().splitlines()
    with open(out, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^(summary|totals):\s*(\d+)", line)
            if m:
                os.unlink(out)
                os.unlink(out + ".log")
                return int(m.group(2)), (verdict[-1] if verdict else "")
    raise RuntimeError("%s: no instruction total in %s" % (name, out))


def write(args, name, data):
    """write - a forced input file; returns its path"""
    path = os.path.join(args.work, name + ".eml")
    with open(path, "wb") as f:
        f.write(b"X-CareerRelay: invite\r\n" + data)
    return path


def main():
    """main - measure each family at N and 4N"""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--max-ratio", type=float, default=6.0)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("families", nargs="*")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("linear_work: valgrind not installed: skipped")
        return SKIP
    if instrumented(args.ctl):
        print("linear_work: %s is sanitizer-instrumented (valgrind cannot run it): skipped" % args.ctl)
        return SKIP
    os.makedirs(args.work, exist_ok=True)
    bad = 0
    for fam in sorted(SIZES):
        if args.families and fam not in args.families:
            continue
        n = SIZES[fam]
        got = []
        base = 0
        for k in (n // 16, n, 4 * n):
            data = M.FAMILIES[fam](k)
            path = write(args, "%s_%d" % (fam, k), data)
            ins, verdict = instructions(args, path, "%s_%d" % (fam, k))
            os.unlink(path)
            if k == n // 16:
                base = ins
                continue
            got.append((len(data), ins - base, verdict))
        ratio = got[1][1] / float(max(got[0][1], 1))
        ok = ratio < args.max_ratio
        bad += not ok
        print("%-4s %-16s N=%-6d %8d B: %11d  4N: %8d B: %11d  ratio %.2f  (%s)" %
              ("ok" if ok else "FAIL", fam, n, got[0][0], got[0][1], got[1][0], got[1][1], ratio,
               " ".join(got[1][2].split()[:2])))
        if args.verbose:
            print("     N: %s\n    4N: %s" % (got[0][2][:150], got[1][2][:150]))
        sys.stdout.flush()
    print("linear_work: %s (ratio limit %.1f; linear = 4, quadratic = 16)" %
          ("all families linear" if not bad else "%d families above the limit" % bad, args.max_ratio))
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print("linear_work: error: %s" % e)
        sys.exit(1)
