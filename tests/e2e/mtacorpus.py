#!/usr/bin/env python3
"""mtacorpus.py - many messages through a real MTA with careerrelay-milter
attached, each checked against what careerrelayctl dry-run says of it.

Used by the e2e cases corpus_matches_dry_run (postfix-cases.sh and
sendmail-cases.sh). Two passes go through the same MTA and milter: the first
with "DryRun yes" (the milter changes nothing: BASE is every message exactly
as the MTA delivers it, and as the milter saw it), the second with DryRun off
(LIVE). For every message the LIVE copy must be byte for byte what
`careerrelayctl dry-run` makes of the BASE copy, given the token the milter
chose, apart from the MTA's trace fields (Received:), which are new on each
delivery. So a message the engine passes arrives unchanged, and one it injects
arrives exactly as the engine wrote it, whatever the MTA and the milter
protocol did in between (header folding, chunking, line ends, 8-bit data).

  mtacorpus.py files DIR...
      the messages under each DIR (INDEX.tsv order when there is one, else
      every *.eml), one path a line
  mtacorpus.py send PORT MANIFEST FILE...
      send every FILE twice over SMTP to 127.0.0.1:PORT, as it is and with
      "X-CareerRelay: invite" prepended (forced: the splice is exercised on
      every message); each with its own recipient, so that the sink's files
      can be told apart. MANIFEST receives one "ID<TAB>FORCED<TAB>PATH" line
      per message the MTA accepted.
  mtacorpus.py count MANIFEST
      the number of messages in MANIFEST
  mtacorpus.py check CTL CONF MANIFEST BASE LIVE
      compare as above; BASE and LIVE are sink directories (sink.py). Prints
      one line per problem and a summary; exit 1 on any problem.
"""
import os
import re
import smtplib
import subprocess
import sys
import tempfile

SENDER = "saiyo@example.co.jp"
RCPT_DOMAIN = "candidates.example.net"
TOKEN_RE = re.compile(rb"^X-CareerRelay-Invitation:[ \t]*([0-9a-f-]{36})[ \t]*\r?$", re.M | re.I)


def rcpt_for(ident):
    return "%s@%s" % (ident, RCPT_DOMAIN)


def forced(raw):
    """forced - raw with the ATS header that forces an invitation"""
    nl = b"\r\n" if b"\r\n" in raw else b"\n"
    return b"X-CareerRelay: invite" + nl + raw


def wire(raw):
    """wire - raw with CRLF line ends, as an SMTP client sends it (Sendmail
    refuses a bare LF); smtplib does the dot-stuffing"""
    return re.sub(rb"\r?\n", b"\r\n", raw)


def connect(port):
    s = smtplib.SMTP("127.0.0.1", int(port), timeout=120)
    s.ehlo("client.harness.test")
    return s


def cmd_send(port, manifest, files):
    s = connect(port)
    sent = refused = 0
    with open(manifest, "w", encoding="utf-8") as out:
        for n, path in enumerate(files, 1):
            with open(path, "rb") as f:
                raw = f.read()
            for force in (0, 1):
                ident = "m%04d-%s" % (n, "f" if force else "a")
                data = wire(forced(raw) if force else raw)
                try:
                    s.sendmail(SENDER, [rcpt_for(ident)], data)
                except smtplib.SMTPResponseException as e:
                    # refused by the MTA itself: the same in both passes
                    print("refused %s (%s): %s %r" % (ident, path, e.smtp_code, e.smtp_error))
                    refused += 1
                    if e.smtp_code == 421:
                        s.close()
                        s = connect(port)
                    else:
                        s.rset()
                    continue
                out.write("%s\t%d\t%s\n" % (ident, force, path))
                sent += 1
    s.quit()
    print("sent %d, refused %d" % (sent, refused))


def cmd_files(dirs):
    """cmd_files - the messages under each directory, one path a line: a
    directory's INDEX.tsv order when it has one (../shared/mail-samples),
    else every *.eml in name order"""
    for d in dirs:
        if not os.path.isdir(d):
            continue
        idx = os.path.join(d, "INDEX.tsv")
        if os.path.exists(idx):
            with open(idx, encoding="utf-8") as f:
                rows = [line.split("\t")[0] for line in f if line.strip()][1:]
            paths = [os.path.join(d, r) for r in rows]
        else:
            paths = [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".eml")]
        for p in paths:
            if os.path.isfile(p):
                print(p)


def read_manifest(manifest):
    rows = []
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            ident, force, path = line.rstrip("\n").split("\t", 2)
            rows.append((ident, force == "1", path))
    return rows


def sink_index(d):
    """sink_index - {recipient: message path} for a sink directory"""
    idx = {}
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".env"):
            continue
        with open(os.path.join(d, fn), encoding="utf-8", errors="replace") as f:
            m = re.search(r"RCPT TO:<([^>]*)>", f.read(), re.I)
        if m:
            idx[m.group(1).lower()] = os.path.join(d, fn[:-4] + ".eml")
    return idx


def strip_trace(raw):
    """strip_trace - raw without the Received: fields at its top (new on each
    delivery: queue IDs, dates)"""
    pos = 0
    while True:
        m = re.match(rb"Received:[^\n]*\n(?:[ \t][^\n]*\n)*", raw[pos:], re.I)
        if not m:
            return raw[pos:]
        pos += m.end()


# fields an MTA adds to a message that lacks them, with new values on each delivery
MTA_ADDED = (b"message-id", b"date")


FIELD_RE = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def header_fields(raw):
    """header_fields - (lines of the header, rest): the header ends, as an MTA
    reads it, at the first line that neither starts a field nor continues one"""
    lines = raw.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if FIELD_RE.match(lines[i]) or (i > 0 and lines[i][:1] in (b" ", b"\t")):
            i += 1
        else:
            break
    return lines[:i], b"".join(lines[i:])


def header_names(raw):
    """header_names - the lower-cased field names of raw's header"""
    return {FIELD_RE.match(l).group(1).lower() for l in header_fields(raw)[0]
            if FIELD_RE.match(l)}


def drop_control(raw):
    """drop_control - raw without the milter's control fields (X-CareerRelay,
    X-CareerRelay-Tags), which the milter removes from every message it sees"""
    lines, rest = header_fields(raw)
    out, dropping = [], False
    for l in lines:
        m = FIELD_RE.match(l)
        if m:
            dropping = m.group(1).lower() in (b"x-careerrelay", b"x-careerrelay-tags")
        if not dropping:
            out.append(l)
    return b"".join(out) + rest


def mask_added(raw, source_names):
    """mask_added - raw with the value of each field in MTA_ADDED that the
    source message did not have replaced by a placeholder"""
    lines, rest = header_fields(raw)
    out, masking = [], False
    for l in lines:
        m = FIELD_RE.match(l)
        if m:
            name = m.group(1).lower()
            masking = name in MTA_ADDED and name not in source_names
            if masking:
                l = m.group(1) + b": (added by the MTA)" + l[len(l.rstrip(b"\r\n")):]
        elif masking:
            continue
        out.append(l)
    return b"".join(out) + rest


def first_difference(a, b):
    n = min(len(a), len(b))
    i = next((k for k in range(n) if a[k] != b[k]), n)
    return i, a[max(0, i - 60):i + 60], b[max(0, i - 60):i + 60]


def dry_run(ctl, conf, ident, path, token=None):
    """dry_run - (verdict line or None, output, problem or None)"""
    args = [ctl, "-c", conf, "dry-run", "--from", SENDER, "--rcpt", rcpt_for(ident)]
    if token:
        args += ["--token", token.decode()]
    p = subprocess.run(args + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    line = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode != 0:
        return None, b"", "dry-run exit %d: %s" % (p.returncode, line[:200])
    if line.split(" ", 1)[0] not in ("inject", "pass"):
        return None, b"", "dry-run verdict line: %r" % line[:200]
    return line, p.stdout, None


def check_one(ctl, conf, ident, source, base, live, tmp):
    """check_one - (problem or None, injected?, repaired?) for one message;
    source is the message as it was sent"""
    with open(live, "rb") as f:
        live_raw = f.read()
    with open(base, "rb") as f:
        base_raw = f.read()
    old = set(TOKEN_RE.findall(base_raw))
    tokens = [t for t in TOKEN_RE.findall(live_raw) if t not in old]
    names = header_names(source)
    if len(tokens) > 1:
        return "%d new X-CareerRelay-Invitation fields" % len(tokens), True, False
    line, out, prob = dry_run(ctl, conf, ident, base, tokens[0] if tokens else None)
    if prob:
        return prob, bool(tokens), False
    got = mask_added(strip_trace(live_raw), names)
    if line.startswith("inject") and not tokens:
        # Sendmail repairs some broken MIME (e.g. a missing close delimiter)
        # in the copy it delivers, after the milter saw it: then the milter
        # must have passed the message as it was sent, and changed nothing
        sline, _, sprob = dry_run(ctl, conf, ident, tmp_write(tmp, source))
        if not sprob and sline.startswith("pass") and \
                got == mask_added(strip_trace(drop_control(base_raw)), names):
            return None, False, True
    if line.startswith("inject") != bool(tokens):
        return "the milter %s but dry-run says %s" % (
            "injected" if tokens else "passed", line[:200]), bool(tokens), False
    want = mask_added(strip_trace(out), names)
    if want != got:
        i, w, g = first_difference(want, got)
        return ("delivered copy differs from dry-run at byte %d of %d/%d:\n"
                "    dry-run:   %r\n    delivered: %r" % (i, len(want), len(got), w, g)), \
            bool(tokens), False
    return None, bool(tokens), False


def tmp_write(d, data):
    path = os.path.join(d, "source.eml")
    with open(path, "wb") as f:
        f.write(data)
    return path


def cmd_check(ctl, conf, manifest, base_dir, live_dir):
    rows = read_manifest(manifest)
    base, live = sink_index(base_dir), sink_index(live_dir)
    problems, injected, forced_injected, repaired = [], 0, 0, 0
    tmp = tempfile.TemporaryDirectory(prefix="crm-mtacorpus-")
    for ident, force, path in rows:
        r = rcpt_for(ident)
        if r not in base or r not in live:
            problems.append("%s (%s%s): not delivered in the %s pass" % (
                ident, path, ", forced" if force else "",
                "dry-run" if r not in base else "live"))
            continue
        with open(path, "rb") as f:
            raw = f.read()
        source = wire(forced(raw) if force else raw)
        prob, inj, rep = check_one(ctl, conf, ident, source, base[r], live[r], tmp.name)
        injected += inj
        repaired += rep
        forced_injected += inj and force
        if prob:
            problems.append("%s (%s%s): %s" % (ident, path, ", forced" if force else "", prob))
    for p in problems:
        print("FAIL " + p)
    print("%d messages: %d injected (%d of them forced), %d passed as sent and "
          "repaired by the MTA on delivery, %d problems" % (
              len(rows), injected, forced_injected, repaired, len(problems)))
    tmp.cleanup()
    print("injected=%d" % injected)
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "send":
        cmd_send(argv[2], argv[3], argv[4:])
        return 0
    if len(argv) >= 2 and argv[1] == "files":
        cmd_files(argv[2:])
        return 0
    if len(argv) == 3 and argv[1] == "count":
        print(len(read_manifest(argv[2])))
        return 0
    if len(argv) == 7 and argv[1] == "check":
        return cmd_check(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
