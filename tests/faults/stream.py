#!/usr/bin/env python3
"""stream.py - send a numbered stream of rejection mail over SMTP (fault tests).

    stream.py --port PORT --count N [--first K] [--conc C] [--per-conn M]
              [--progress FILE] [--log FILE] [--retry-for S] [--pause S] SAMPLE.eml...
    stream.py --emit N --out FILE SAMPLE.eml...

Message n (K <= n < K+N) is SAMPLE[n % len(SAMPLES)] with "X-Fault-Seq: n"
put first and its Message-ID replaced by <fault-n@faults.test>; it goes from
the sample's own internal sender (saiyo@example.co.jp for Japanese,
recruiting@example.com otherwise) to candidate-n@example.net, so every message
is a distinct invitation with a distinct candidate. C threads send the stream
from 127.0.0.1, each reusing one SMTP connection for up to M messages and
pausing S seconds (default 0) after each message, which keeps the stream
going long enough to fault the filter in its middle.

FILE (--progress) holds the number of messages the MTA has answered so far
(rewritten after each one), so a test can fault the filter in the middle of
the stream. --log appends one line per SMTP answer: "n<TAB>code<TAB>reply".
With --retry-for S, a 4xx answer (or a dropped connection) is retried once a
second for up to S seconds on a new connection, like an MTA's client would; without it nothing is
retried. The exit status is 0 when every message got a 250, 1 otherwise; the
last line printed is "STREAM sent=N accepted=A tempfailed=T refused=R
attempts=X".

--emit writes message N to FILE (LF line ends) and prints "SENDER RCPT", for
a local submission (sendmail -f SENDER RCPT < FILE) of the same stream.
"""
import argparse
import os
import re
import smtplib
import socket
import sys
import threading
import time

SENDERS = {"ja": "saiyo@example.co.jp", "en": "recruiting@example.com"}


def load_samples(paths):
    out = []
    for p in paths:
        data = open(p, "rb").read().replace(b"\r\n", b"\n")
        lang = "ja" if b"ISO-2022-JP" in data[:2000] else "en"
        out.append((data, SENDERS[lang]))
    return out


def build(sample, n):
    data, sender = sample
    data = re.sub(rb"(?mi)^Message-ID:[^\n]*\n", b"", data, count=1)
    head = b"X-Fault-Seq: %d\nMessage-ID: <fault-%d@faults.test>\n" % (n, n)
    return sender, "candidate-%d@example.net" % n, head + data


class Stream:
    def __init__(self, args):
        self.args = args
        self.samples = load_samples(args.samples)
        self.lock = threading.Lock()
        self.next = args.first
        self.end = args.first + args.count
        self.answered = 0
        self.stats = {"accepted": 0, "tempfailed": 0, "refused": 0, "attempts": 0}
        self.logf = open(args.log, "a") if args.log else None

    def take(self):
        with self.lock:
            if self.next >= self.end:
                return None
            n = self.next
            self.next += 1
            return n

    def record(self, n, code, reply, final):
        with self.lock:
            self.stats["attempts"] += 1
            if self.logf:
                self.logf.write("%d\t%d\t%s\n" % (n, code, reply.replace("\n", " ")))
                self.logf.flush()
            if not final:
                return
            self.answered += 1
            key = "accepted" if code == 250 else "tempfailed" if 400 <= code < 500 else "refused"
            self.stats[key] += 1
            if self.args.progress:
                with open(self.args.progress + ".tmp", "w") as f:
                    f.write("%d\n" % self.answered)
                os.replace(self.args.progress + ".tmp", self.args.progress)

    def connect(self):
        s = smtplib.SMTP("127.0.0.1", self.args.port, local_hostname="client.harness.test",
                         timeout=120)
        s.ehlo()
        return s

    def send_one(self, conn, n):
        """(conn, code, reply) for one attempt; conn is None when it has to be reopened."""
        sender, rcpt, msg = build(self.samples[n % len(self.samples)], n)
        try:
            if conn is None:
                conn = self.connect()
            # smtplib sends bytes as they are: give it CRLF lines, or the bare-LF
            # message would gain an empty last line before the final CRLF.CRLF
            conn.sendmail(sender, [rcpt], msg.replace(b"\n", b"\r\n"))
            return conn, 250, "ok"
        except smtplib.SMTPRecipientsRefused as e:
            code, text = list(e.recipients.values())[0]
            return self.reset(conn), code, text.decode("utf-8", "replace")
        except smtplib.SMTPResponseException as e:
            err = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) \
                else str(e.smtp_error)
            return self.reset(conn), e.smtp_code, err
        except (smtplib.SMTPServerDisconnected, socket.error) as e:
            return None, 421, "connection: %s" % e

    @staticmethod
    def close(conn):
        if conn is None:
            return
        try:
            conn.quit()
        except Exception:
            conn.close()

    @staticmethod
    def reset(conn):
        try:
            conn.rset()
            return conn
        except Exception:
            return None

    def worker(self):
        conn, used = None, 0
        while True:
            n = self.take()
            if n is None:
                break
            deadline = time.time() + self.args.retry_for
            while True:
                conn, code, reply = self.send_one(conn, n)
                retry = (400 <= code < 500) and time.time() < deadline
                self.record(n, code, reply, not retry)
                if not retry:
                    break
                # a retry is a new delivery attempt, on a new connection (Postfix
                # does not reconnect a failed milter within an SMTP session)
                self.close(conn)
                conn = None
                time.sleep(1)
            used += 1
            if self.args.pause:
                time.sleep(self.args.pause)
            if conn is not None and used >= self.args.per_conn:
                try:
                    conn.quit()
                except Exception:
                    pass
                conn, used = None, 0
        if conn is not None:
            try:
                conn.quit()
            except Exception:
                pass

    def run(self):
        threads = [threading.Thread(target=self.worker) for _ in range(self.args.conc)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        s = self.stats
        print("STREAM sent=%d accepted=%d tempfailed=%d refused=%d attempts=%d"
              % (self.args.count, s["accepted"], s["tempfailed"], s["refused"], s["attempts"]))
        return 0 if s["accepted"] == self.args.count else 1


def emit(args):
    samples = load_samples(args.samples)
    sender, rcpt, msg = build(samples[args.emit % len(samples)], args.emit)
    with open(args.out, "wb") as f:
        f.write(msg)
    print(sender, rcpt)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emit", type=int)
    ap.add_argument("--out")
    ap.add_argument("--port", type=int)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--conc", type=int, default=4)
    ap.add_argument("--per-conn", type=int, default=5)
    ap.add_argument("--progress")
    ap.add_argument("--log")
    ap.add_argument("--retry-for", type=float, default=0)
    ap.add_argument("--pause", type=float, default=0)
    ap.add_argument("samples", nargs="+")
    args = ap.parse_args()
    if args.emit is not None:
        return emit(args)
    if args.port is None:
        ap.error("--port is required")
    return Stream(args).run()


if __name__ == "__main__":
    sys.exit(main())
