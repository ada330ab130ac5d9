"""Two multipart/mixed messages with a 1.2 MB attachment on one connection.
The first, an ordinary message, is settled by its first part (crm_engine_trial):
it passes unchanged, and the log line carries decided_at= with the octets of body
the milter had read. The second, a rejection, is classified early too, but only
the end of the message decides: it is injected (one invitation recorded), the
text part gets the invitation and the attachment is sent back byte for byte.
-- invitations: 1
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mtclient import MilterClient, MilterError, fail, parse_header_edit  # noqa: E402


REPORT = (b"Hello team,\r\n\r\nAttached is the quarterly report for Q3.\r\n"
          b"Please review it before Friday.\r\n\r\nThanks,\r\nHanako\r\n")
REJECT = (b"Dear Jordan,\r\n\r\nThank you for your interest in the Senior Backend Engineer "
          b"position at Example Corp.\r\nAfter careful consideration, we have decided not to move "
          b"forward with your application at this time.\r\nWe wish you the very best in your job "
          b"search.\r\n\r\nBest regards,\r\nRecruiting\r\n")
B64 = b"JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+\r\n"


def body_of(text):
    att = B64 * (1200 * 1024 // len(B64))
    return (b"--mix1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + text +
            b"\r\n--mix1\r\nContent-Type: application/pdf; name=\"q3.pdf\"\r\n"
            b"Content-Disposition: attachment; filename=\"q3.pdf\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + att + b"\r\n--mix1--\r\n"), att


def message(c, qid, subject, body):
    try:
        c.envelope(qid, "recruiting@example.com", "jordan.lee@example.org",
                   [("From", " Example Corp Recruiting <recruiting@example.com>"),
                    ("To", " Jordan Lee <jordan.lee@example.org>"),
                    ("Subject", " " + subject),
                    ("MIME-Version", " 1.0"),
                    ("Content-Type", " multipart/mixed; boundary=\"mix1\"")])
    except MilterError as e:
        fail(str(e))
    if c.body(body) != "c":
        fail("%s body: want 'c'" % qid)
    edits, final = c.eom()
    if final not in ("c", "a"):
        fail("%s eom: got %r, want 'c'" % (qid, final))
    return edits


c = MilterClient(os.environ["CRM_SOCKET"])
c.negotiate()
if c.connect("client.example", "127.0.0.1") != "c":
    fail("connect: want 'c'")

body, _ = body_of(REPORT)
edits = message(c, "QEARLY01", "Q3 report", body)
if edits:
    fail("ordinary message: got edits %r, want none" % [code for code, _ in edits])

body, att = body_of(REJECT)
edits = message(c, "QEARLY02", "Your application for Senior Backend Engineer", body)
c.close()
codes = "".join(code for code, _ in edits)
if not re.fullmatch(r"[hmi]+b+", codes):
    fail("rejection: edit order %r, want header edits then body packets" % codes)
hdrs = [parse_header_edit(code, data) for code, data in edits if code in "hmi"]
tokens = [v.strip() for op, name, _, v in hdrs if op == "add" and name == "X-CareerRelay-Invitation"]
if len(tokens) != 1:
    fail("rejection: got %d X-CareerRelay-Invitation headers, want 1" % len(tokens))
newbody = b"".join(data for code, data in edits if code == "b")
if ("careerrelay.jp/i/" + tokens[0]).encode() not in newbody:
    fail("rejection: the new body has no link with the header's token")
if att not in newbody or not newbody.endswith(att + b"\r\n--mix1--\r\n"):
    fail("rejection: the attachment did not come back byte for byte at the end")
if not newbody.startswith(b"--mix1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + REJECT):
    fail("rejection: the text part does not start unchanged")

log = ""
for _ in range(50):  # the log line is written before the eom reply; allow for buffering
    with open(os.environ["CRM_MILTER_LOG"], errors="replace") as f:
        log = f.read()
    if "QEARLY02" in log:
        break
    time.sleep(0.1)
m = re.search(r"QEARLY01: action=pass reason=score-below-threshold score=-?\d+ rules=\S+ "
              r"decided_at=(\d+)", log)
if m is None:
    fail("log: no early pass line for QEARLY01 in:\n" + log)
if not 64 * 1024 <= int(m.group(1)) < len(body) // 2:
    fail("log: decided_at=%s, want at least 64 KB and well before the end (%d)" %
         (m.group(1), len(body)))
if not re.search(r"QEARLY02: action=inject ", log):
    fail("log: no inject line for QEARLY02")
print("ok: ordinary message decided after %s of %d octets; rejection injected, token %s..." %
      (m.group(1), len(body), tokens[0][:8]))
