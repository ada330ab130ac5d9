#!/usr/bin/env python3
"""churn.py - many transactions against careerrelay-milter, a third aborted
mid-body and a third dropped mid-message, with the daemon's RSS sampled.

    churn.py --socket unix:PATH --pid PID --ctl CAREERRELAYCTL --db DB
             [--transactions N] [--margin-kb K]

Blocks of 30 transactions: on one connection, 20 alternating complete and
aborted ones (the abort comes after half the body; complete ones alternate a
rejection and an ordinary business mail), then QUIT; then 10 connections that
each drop the socket without a word in the middle of a message (mid-header,
or mid-body every fourth). Every aborted or dropped message carries poison
that must never show up later: an "X-CareerRelay: invite" control header (so
a leaked control state would force the next ordinary mail to be injected),
the recipient stale-N@leak.example and the text STALE-N in a header and the
body. After each complete message the filter's answer is checked:
  * a rejection: one X-CareerRelay-Invitation header, a new body with the
    link to that token, nothing from any poisoned message;
  * the business mail right after an aborted forced message: no edit at all.
VmRSS of PID is read after a quarter of the transactions (500 of 2,000) and
every eighth after that; it must not grow by more than K KB (default 1024)
between that first reading and the end. At the
end the ledger must hold exactly one invitation per complete rejection, each
for its own recipient, and none for a poisoned one.
Prints "CHURN transactions=.. complete=.. aborted=.. dropped=.. injected=..
rss_kb=A..B growth_kb=.. recorded=.." and exits 0, or prints FAIL lines and
exits 1.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from mtclient import MilterClient, parse_header_edit  # noqa: E402

REJECTION = (b"Dear Candidate %d,\r\n\r\nThank you for your interest in the Backend Engineer "
             b"position at Example Corp.\r\nAfter careful consideration, we have decided not to "
             b"move forward with your application at this time.\r\nWe wish you the very best in "
             b"your job search.\r\n\r\nBest regards,\r\nRecruiting\r\n")
BUSINESS = (b"Hello %d,\r\n\r\nplease find the minutes of Tuesday's planning meeting below.\r\n"
            b"The next review is scheduled for Friday at 10:00 in room 4B.\r\n\r\nRegards,\r\n"
            b"Operations\r\n")
POISON = b"STALE-%d: you were selected, congratulations; STALE-%d\r\n"
LINK = re.compile(rb"careerrelay\.jp/i/([0-9a-f-]{36})")


class Fail(Exception):
    pass


def rss_kb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise Fail("no VmRSS for pid %d" % pid)


class Churn:
    def __init__(self, args):
        self.a = args
        self.n = 0            # transactions done
        self.stats = {"complete": 0, "aborted": 0, "dropped": 0, "injected": 0}
        self.rejections = {}  # recipient -> token
        self.rss = []

    def open(self):
        c = MilterClient(self.a.socket)
        c.negotiate()
        if c.connect("client.harness.test", "127.0.0.1", 40000 + self.n % 20000) not in (None, "c"):
            raise Fail("connect: want continue")
        return c

    def envelope(self, c, qid, sender, rcpt):
        c.macro("M", {"i": qid, "{mail_addr}": sender})
        if c.mail("<%s>" % sender) not in (None, "c"):
            raise Fail("%s: MAIL: want continue" % qid)
        c.macro("R", {"{rcpt_addr}": rcpt, "{rcpt_mailer}": "smtp"})
        if c.rcpt("<%s>" % rcpt) not in (None, "c"):
            raise Fail("%s: RCPT: want continue" % qid)

    def headers(self, c, fields):
        for name, value in fields:
            if c.header(name, value) not in (None, "c"):
                raise Fail("header %s: want continue" % name)

    @staticmethod
    def fields(n, subject, rcpt, extra=()):
        return [("From", " Example Corp Recruiting <recruiting@example.com>"),
                ("To", " <%s>" % rcpt), ("Subject", " %s" % subject),
                ("Message-ID", " <churn-%d@faults.test>" % n), ("MIME-Version", " 1.0"),
                ("Content-Type", " text/plain; charset=us-ascii")] + list(extra)

    def poisoned_start(self, c, upto):
        """A poisoned message up to 'header' (2 headers sent) or 'body' (half the body)."""
        n = self.n
        self.envelope(c, "QSTALE%d" % n, "recruiting@example.com", "stale-%d@leak.example" % n)
        fields = self.fields(n, "STALE-%d your application" % n, "stale-%d@leak.example" % n,
                             [("X-CareerRelay", " invite"), ("X-Stale", " STALE-%d" % n)])
        if upto == "header":
            self.headers(c, fields[:2] + fields[-2:])
            return
        self.headers(c, fields)
        if c.eoh() not in (None, "c"):
            raise Fail("eoh of a poisoned message: want continue")
        body = REJECTION % n + POISON % (n, n) * 400
        if c.body(body[:len(body) // 2]) not in ("c", "s"):
            raise Fail("half body of a poisoned message: want continue")

    def complete(self, c, rejection):
        n = self.n
        rcpt = "ok-%d@example.org" % n
        self.envelope(c, "QOK%d" % n, "recruiting@example.com", rcpt)
        subject = "Your application for Backend Engineer" if rejection else "Planning minutes"
        self.headers(c, self.fields(n, subject, rcpt))
        if c.eoh() not in (None, "c"):
            raise Fail("eoh: want continue")
        body = (REJECTION if rejection else BUSINESS) % n
        if c.body(body) not in ("c", "s"):
            raise Fail("body: want continue")
        edits, final = c.eom()
        if final not in ("c", "a"):
            raise Fail("seq %d: eom: got %r, want continue or accept" % (n, final))
        self.check_edits(n, rcpt, body, edits, rejection)
        self.stats["complete"] += 1

    def check_edits(self, n, rcpt, body, edits, rejection):
        blob = b"".join(d for _, d in edits)
        if b"STALE" in blob or b"leak.example" in blob:
            raise Fail("seq %d: an edit carries data of an aborted message: %r" % (n, blob[:200]))
        if not rejection:
            if edits:
                raise Fail("seq %d: business mail got edits %r, want none" % (n, [e[0] for e in edits]))
            return
        hdrs = [parse_header_edit(code, d) for code, d in edits if code in "hmi"]
        toks = [v.strip() for op, name, _, v in hdrs
                if op == "add" and name == "X-CareerRelay-Invitation"]
        newbody = b"".join(d for code, d in edits if code == "b")
        if len(toks) != 1:
            raise Fail("seq %d: X-CareerRelay-Invitation headers: got %r, want one" % (n, toks))
        if not newbody.startswith(body) or set(LINK.findall(newbody)) != {toks[0].encode()}:
            raise Fail("seq %d: new body: want the original text then the link to %s"
                       % (n, toks[0]))
        self.rejections[rcpt] = toks[0]
        self.stats["injected"] += 1

    def step(self):
        self.n += 1
        warm, every = self.a.transactions // 4, max(1, self.a.transactions // 8)
        if self.n >= warm and (self.n - warm) % every == 0:
            self.rss.append((self.n, rss_kb(self.a.pid)))

    def block(self, left):
        c = self.open()
        for i in range(min(20, left)):
            if i % 2:
                self.poisoned_start(c, "body")
                c.abort()
                self.stats["aborted"] += 1
            else:
                self.complete(c, rejection=(i % 4 == 0))
            self.step()
        c.close()
        for i in range(min(10, left - 20)):
            c = self.open()
            self.poisoned_start(c, "body" if i % 4 == 3 else "header")
            c.s.shutdown(socket.SHUT_RDWR)
            c.s.close()
            self.stats["dropped"] += 1
            self.step()

    def check_ledger(self):
        out = subprocess.run([self.a.ctl, "-d", self.a.db, "export", "--format", "json"],
                             check=True, capture_output=True).stdout
        rows = json.loads(out)
        got = {r["token"]: r["recipients"] for r in rows}
        want = {tok: [rcpt] for rcpt, tok in self.rejections.items()}
        if got != want:
            bad = [(t[:8], r) for t, r in got.items() if want.get(t) != r]
            raise Fail("ledger: %d rows, want %d (one per complete rejection); differing: %r"
                       % (len(got), len(want), bad[:5]))
        return len(rows)

    def run(self):
        while self.n < self.a.transactions:
            self.block(self.a.transactions - self.n)
        # the last word: an abort, then a rejection on the same connection
        c = self.open()
        self.poisoned_start(c, "body")
        c.abort()
        self.complete(c, rejection=True)
        c.close()
        recorded = self.check_ledger()
        first, last = self.rss[0][1], max(kb for _, kb in self.rss)
        growth = last - first
        s = self.stats
        print("RSS " + " ".join("%d:%d" % p for p in self.rss))
        print("CHURN transactions=%d complete=%d aborted=%d dropped=%d injected=%d "
              "rss_kb=%d..%d growth_kb=%d recorded=%d"
              % (self.n + 1, s["complete"], s["aborted"], s["dropped"], s["injected"], first,
                 last, growth, recorded))
        if growth > self.a.margin_kb:
            raise Fail("VmRSS grew by %d KB between transaction %d and the end, want <= %d KB"
                       % (growth, self.rss[0][0], self.a.margin_kb))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--transactions", type=int, default=2000)
    ap.add_argument("--margin-kb", type=int, default=1024)
    try:
        Churn(ap.parse_args()).run()
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
