#!/usr/bin/env python3
"""run_hostile.py - run `careerrelayctl dry-run` over the hostile messages of
make_hostile.py in bounded memory and time, and check every output.

usage: run_hostile.py --ctl CAREERRELAYCTL --config CONF --work DIR
                      [--mem-mb 512] [--timeout 120] [-v] [NAME-SUBSTRING...]

For each message, twice: as written (envelope from its header) and forced
("X-CareerRelay: invite" prepended, --from saiyo@example.co.jp --rcpt
candidate@gmail.com), it runs

    careerrelayctl -c CONF dry-run --token 00000000-0000-4000-8000-000000000000 FILE

with RLIMIT_AS = --mem-mb MiB (default 512: the memory bound the README
documents) and RLIMIT_CORE = 0, killed after --timeout seconds, and requires:
exit status 0, a verdict line on stderr, and an output that check_output.py
(tests/corpus, the independent checker) accepts: for "pass" the input byte
for byte minus the internal X-CareerRelay headers, for "inject" a valid
injection. A sanitizer-instrumented binary cannot run under RLIMIT_AS (the
shadow memory is reserved up front): then no address-space limit is set, the
timeout is multiplied by 5, and only the peak RSS is reported.

Inputs are written to DIR/inputs at run time and each output is removed once
checked. Prints one line per run (-v) or per failure, a summary with the
largest peak RSS, and exits 1 on any failure.
"""
import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "corpus"))
import check_output as C  # noqa: E402
import make_hostile as M  # noqa: E402

TOKEN = "00000000-0000-4000-8000-000000000000"


FORCED_ENVELOPE = ["--from", "saiyo@example.co.jp", "--rcpt", "candidate@gmail.com"]


def instrumented(path):
    """instrumented - True when the binary is built with a sanitizer"""
    with open(path, "rb") as f:
        data = f.read()
    return any(s in data for s in (b"__asan_init", b"__tsan_init", b"__msan_init", b"libasan.so",
                                   b"libtsan.so"))


def limits(mem_mb):
    """limits - a preexec_fn setting RLIMIT_AS (when mem_mb) and RLIMIT_CORE"""
    def apply():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if mem_mb:
            b = mem_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (b, b))
    return apply


def run_one(args, path, forced, out_path):
    """run_one - (exit status or None on timeout, stderr text, peak RSS KiB, seconds)"""
    cmd = [args.ctl, "-c", args.config, "dry-run", "--token", TOKEN]
    if forced:
        cmd += FORCED_ENVELOPE
    cmd.append(path)
    t0 = time.monotonic()
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             preexec_fn=limits(args.mem_limit))
        timer = threading.Timer(args.timeout_s, lambda: p.send_signal(signal.SIGKILL))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = 0  # reaped by wait4
    secs = time.monotonic() - t0
    with open(out_path + ".err", "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    os.unlink(out_path + ".err")
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGKILL and secs >= args.timeout_s:
            return None, "timed out after %ds" % args.timeout_s, ru.ru_maxrss, secs
        return -sig, stderr, ru.ru_maxrss, secs
    return os.WEXITSTATUS(status), stderr, ru.ru_maxrss, secs


def verdict_line(stderr):
    """verdict_line - (verdict, whole line) from dry-run's stderr"""
    for line in stderr.splitlines():
        m = re.match(r"^(inject|pass)\b", line.strip())
        if m:
            return m.group(1), line.strip()
    return None, ""


def forced_input(raw):
    """forced_input - raw with X-CareerRelay: invite prepended (line end as the message's)"""
    nl = b"\r\n" if b"\r\n" in raw[:4096] or b"\n" not in raw[:4096] else b"\n"
    return b"X-CareerRelay: invite" + nl + raw


def check_run(args, name, inp_path, forced, work):
    """check_run - (problem or None, verdict line, peak RSS KiB, seconds) for one run"""
    out_path = os.path.join(work, "out.eml")
    rc, stderr, rss, secs = run_one(args, inp_path, forced, out_path)
    verdict, line = verdict_line(stderr)
    prob = None
    if rc is None:
        prob = stderr
    elif rc < 0:
        prob = "killed by signal %d: %s" % (-rc, stderr.strip()[-300:])
    elif rc != 0:
        prob = "exit status %d: %s" % (rc, stderr.strip()[-300:])
    elif verdict is None:
        prob = "no verdict line on stderr: %r" % stderr.strip()[:200]
    if prob is None:
        with open(inp_path, "rb") as f:
            inp = f.read()
        with open(out_path, "rb") as f:
            out = f.read()
        ok, msg = C.check(inp, out, verdict, TOKEN)
        if not ok:
            prob = "check_output (%s): %s" % (verdict, msg)
        del inp, out
    if prob and args.keep:
        os.replace(out_path, os.path.join(work, name + (".forced" if forced else "") + ".out"))
    elif os.path.exists(out_path):
        os.unlink(out_path)
    return prob, line, rss, secs


def main():
    """main - generate, run, check, summarise"""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--work", required=True, help="directory for inputs and outputs (build dir)")
    ap.add_argument("--mem-mb", type=int, default=512, help="RLIMIT_AS in MiB (default 512)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per run (default 120)")
    ap.add_argument("--keep", action="store_true", help="keep the outputs of failed runs")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("only", nargs="*", help="run only cases whose name contains one of these")
    args = ap.parse_args()

    san = instrumented(args.ctl)
    args.mem_limit = 0 if san else args.mem_mb
    args.timeout_s = args.timeout * (5 if san else 1)
    inputs = os.path.join(args.work, "inputs")
    os.makedirs(inputs, exist_ok=True)
    print("run_hostile: %s; memory bound %s; timeout %ds per run" %
          (args.ctl, "not enforced (sanitizer build)" if san else "RLIMIT_AS %d MiB" % args.mem_mb,
           args.timeout_s))
    failures, runs, total_bytes, peak = [], 0, 0, (0, "")
    for name, build, what in M.CASES:
        if args.only and not any(w in name for w in args.only):
            continue
        raw = build()
        for forced in (False, True):
            data = forced_input(raw) if forced else raw
            path = os.path.join(inputs, name + (".forced" if forced else "") + ".eml")
            with open(path, "wb") as f:
                f.write(data)
            total_bytes += len(data)
            del data
            prob, line, rss, secs = check_run(args, name, path, forced, args.work)
            os.unlink(path)
            runs += 1
            label = name + (" (forced)" if forced else "")
            if rss > peak[0]:
                peak = (rss, label)
            if prob:
                failures.append("%s [%s]: %s" % (label, what, prob))
            if args.verbose or prob:
                print("%-4s %-44s %6.1fs %7.1f MB  %s" % ("FAIL" if prob else "ok", label, secs,
                                                           rss / 1024.0, prob or line[:90]))
                sys.stdout.flush()
        del raw
    for f in failures:
        print("FAIL " + f)
    print("run_hostile: %d runs over %d inputs (%.1f MB), %d passed, %d failed; "
          "peak RSS %.1f MB (%s)" % (runs, runs // 2, total_bytes / 1e6, runs - len(failures),
                                     len(failures), peak[0] / 1024.0, peak[1]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
