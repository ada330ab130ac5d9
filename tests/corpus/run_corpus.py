#!/usr/bin/env python3
"""run_corpus.py - run `careerrelayctl dry-run` over the acceptance corpus
(MANIFEST.tsv) and/or the shared real-world samples, and check each output
with check_output.py.

usage: run_corpus.py --ctl CAREERRELAYCTL --config CONF [--corpus DIR]
                     [--samples DIR] [--mode engine|samples] [--out DIR] [-v]

engine:  for every MANIFEST row (1-based n), runs
           careerrelayctl -c CONF dry-run --token 00000000-0000-4000-8000-<n as 12 digits> FILE
         and requires exit 0, the verdict line on stderr equal to the expected
         verdict (and, for passes, a reason containing one of the expected
         '|'-separated keywords, '*' = any), and check_output to accept the
         output for the verdict given. Then each row again, forced
         ("X-CareerRelay: invite" prepended, candidate envelope): rows
         expected to pass on the rules (score-below-threshold) or for lack of
         a candidate must inject, and the injection must check; rows that
         pass for a structural reason must still pass, for that reason.
samples: for every message under DIR (INDEX.tsv order when present), run
         twice: as it is (envelope from its header) and forced (CRLF line
         ends as an MTA hands it over, "X-CareerRelay: invite" prepended,
         --from saiyo@example.co.jp --rcpt candidate.sample@gmail.com).
         Requires no crash, exit 0, a verdict line, and an output that is
         byte-identical to the input minus the internal headers, or that
         check_output accepts as an injection. Exits 77 (skip) when DIR does
         not exist.
Prints one line per failure and a summary "N passed, M failed"; exits 1 on
any failure.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_output as C  # noqa: E402

TIMEOUT = 60
SKIP = 77


def token_for(n, samples=False, forced=False):
    """token_for - the deterministic UUID v4 given to message n"""
    return "00000000-0000-4000-8000-%s%011d" % ("9" if samples else "1" if forced else "0", n)


def run_ctl(args, path, token, extra=()):
    """run_ctl - (exit status, stdout bytes, stderr text) of one dry-run"""
    cmd = [args.ctl, "-c", args.config, "dry-run", "--token", token] + list(extra) + [path]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %ds" % TIMEOUT
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def verdict_line(stderr):
    """verdict_line - (verdict, reason, the whole line) from dry-run's stderr"""
    for line in stderr.splitlines():
        m = re.match(r"^(inject|pass)\b(.*)$", line.strip())
        if m:
            r = re.search(r"\breason=(\S+)", m.group(2))
            return m.group(1), r.group(1) if r else "", line.strip()
    return None, "", ""


def status_problem(rc, stderr):
    """status_problem - why an exit status is a failure, or None"""
    if rc is None:
        return stderr
    if rc < 0:
        return "killed by signal %d: %s" % (-rc, stderr.strip()[:200])
    if rc != 0:
        return "exit status %d: %s" % (rc, stderr.strip()[:200])
    return None


def save(args, name, out):
    """save - keep an output for inspection when --out is given"""
    if args.out:
        with open(os.path.join(args.out, name + ".out"), "wb") as f:
            f.write(out)


def run_engine(args):
    """run_engine - the MANIFEST rows; returns (passed, failures)"""
    with open(os.path.join(args.corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()][1:]
    passed, failures = 0, []
    for n, (fname, expected, reason, lang, note) in enumerate(rows, 1):
        path = os.path.join(args.corpus, fname)
        token = token_for(n)
        rc, out, err = run_ctl(args, path, token)
        save(args, fname, out)
        prob = status_problem(rc, err)
        verdict, got_reason, line = verdict_line(err)
        if prob is None and verdict is None:
            prob = "no verdict line on stderr: %r" % err.strip()[:200]
        if prob is None and verdict != expected:
            prob = "verdict: got %s, want %s [%s] (%s)" % (verdict, expected, line, note)
        if prob is None and expected == "pass" and reason != "*" and \
                not any(k in got_reason for k in reason.split("|")):
            prob = "reason: got %r, want one of %r [%s]" % (got_reason, reason, line)
        if prob is None or (prob.startswith(("verdict", "reason"))):
            with open(path, "rb") as f:
                inp = f.read()
            ok, msg = C.check(inp, out, verdict, token)
            if not ok:
                prob = (prob + "; " if prob else "") + "check_output (%s): %s" % (verdict, msg)
        if prob:
            failures.append("%s: %s" % (fname, prob))
        else:
            passed += 1
        if args.verbose:
            print("%-4s %s: %s" % ("FAIL" if prob else "ok", fname, line))
        prob, line = run_forced_row(args, n, fname, expected, reason)
        if prob:
            failures.append("%s (forced): %s" % (fname, prob))
        else:
            passed += 1
        if args.verbose:
            print("%-4s %s (forced): %s" % ("FAIL" if prob else "ok", fname, line))
    return passed, failures


RULE_REASONS = ("score-below-threshold", "no-candidate")


def run_forced_row(args, n, fname, expected, reason):
    """run_forced_row - a MANIFEST row again with X-CareerRelay: invite and
    a candidate envelope: rows that passed on the rules or for lack of a
    candidate must now inject (validly); rows that passed for a structural
    reason must still pass with that reason, unchanged"""
    with open(os.path.join(args.corpus, fname), "rb") as f:
        inp = forced_input(f.read())
    token = token_for(n, forced=True)
    with tempfile.TemporaryDirectory(prefix="crm-corpus-") as td:
        path = os.path.join(td, fname)
        with open(path, "wb") as f:
            f.write(inp)
        rc, out, err = run_ctl(args, path, token, FORCED_ENVELOPE)
    save(args, fname + ".forced", out)
    prob = status_problem(rc, err)
    verdict, got_reason, line = verdict_line(err)
    if prob is None and verdict is None:
        prob = "no verdict line on stderr: %r" % err.strip()[:200]
    if prob is not None:
        return prob, line
    structural = expected == "pass" and not any(k in RULE_REASONS for k in reason.split("|")) and reason != "*"
    want = "pass" if structural else "inject"
    if verdict != want:
        prob = "forced verdict: got %s, want %s [%s]" % (verdict, want, line)
    elif structural and not any(k in got_reason for k in reason.split("|")):
        prob = "forced reason: got %r, want one of %r [%s]" % (got_reason, reason, line)
    ok, msg = C.check(inp, out, verdict, token)
    if not ok:
        prob = (prob + "; " if prob else "") + "check_output (%s): %s" % (verdict, msg)
    return prob, line


def sample_files(d):
    """sample_files - message paths under d (INDEX.tsv order when present)"""
    idx = os.path.join(d, "INDEX.tsv")
    if os.path.exists(idx):
        with open(idx, encoding="utf-8") as f:
            rows = [line.split("\t")[0] for line in f if line.strip()][1:]
        return [os.path.join(d, r) for r in rows if os.path.isfile(os.path.join(d, r))]
    out = []
    for root, _, files in os.walk(d):
        for fn in sorted(files):
            if fn.endswith((".eml", ".msg", ".txt", ".raw")) and fn not in ("LICENSE", "NOTICE"):
                out.append(os.path.join(root, fn))
    return sorted(out)


FORCED_ENVELOPE = ["--from", "saiyo@example.co.jp", "--rcpt", "candidate.sample@gmail.com"]


def forced_input(raw):
    """forced_input - raw as an MTA would hand it over (CRLF when it has
    bare LF only), with X-CareerRelay: invite prepended"""
    if b"\r" not in raw:
        raw = raw.replace(b"\n", b"\r\n")
    return b"X-CareerRelay: invite\r\n" + raw


def run_samples(args):
    """run_samples - the shared real-world samples, each run as it is and
    forced (X-CareerRelay: invite, external candidate); returns (passed,
    failures)"""
    passed, failures = 0, []
    tmp = tempfile.TemporaryDirectory(prefix="crm-corpus-")
    for n, path in enumerate(sample_files(args.samples), 1):
        for forced in (False, True):
            prob, line = run_sample(args, path, n, forced, tmp.name)
            rel = os.path.relpath(path, args.samples) + (" (forced)" if forced else "")
            if prob:
                failures.append("%s: %s" % (rel, prob))
            else:
                passed += 1
            if args.verbose:
                print("%-4s %s: %s" % ("FAIL" if prob else "ok", rel, line))
    tmp.cleanup()
    return passed, failures


def run_sample(args, path, n, forced, tmpdir):
    """run_sample - (problem or None, verdict line) for one sample run"""
    rel = os.path.relpath(path, args.samples)
    token = token_for(2 * n + forced, samples=True)
    with open(path, "rb") as f:
        inp = f.read()
    extra = []
    if forced:
        inp = forced_input(inp)
        path = os.path.join(tmpdir, "forced.eml")
        with open(path, "wb") as f:
            f.write(inp)
        extra = FORCED_ENVELOPE
    rc, out, err = run_ctl(args, path, token, extra)
    save(args, rel.replace("/", "__") + (".forced" if forced else ""), out)
    prob = status_problem(rc, err)
    verdict, _, line = verdict_line(err)
    if prob is None and verdict is None:
        prob = "no verdict line on stderr: %r" % err.strip()[:200]
    if prob is None and verdict == "pass":
        same, msg = C.check(inp, out, "pass", token)
        if not same:
            prob = "verdict pass but the output changed: " + msg
    elif prob is None:
        ok, msg = C.check(inp, out, "inject", token)
        if not ok:
            prob = "check_output (inject): " + msg
    return prob, line


def main():
    """main - parse arguments, run, summarise"""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--corpus", default=HERE)
    ap.add_argument("--samples")
    ap.add_argument("--mode", choices=("engine", "samples"), default="engine")
    ap.add_argument("--out", help="directory to keep every output in")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    if args.mode == "samples":
        if not args.samples or not os.path.isdir(args.samples):
            print("samples: %s not found, skipped" % args.samples)
            return SKIP
        passed, failures = run_samples(args)
    else:
        passed, failures = run_engine(args)
    for f in failures:
        print("FAIL " + f)
    print("%s: %d passed, %d failed" % (args.mode, passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
