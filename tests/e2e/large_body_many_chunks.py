"""A rejection with a body of many 64 KB chunks (> 1 MB) through the milter protocol:
the milter collects it whole, records the invitation, and answers with every header
edit BEFORE the first body replacement packet (Postfix refuses them interleaved); the
replaced body is the original text plus the invitation, whose link carries the token
of the X-CareerRelay-Invitation header.
-- invitations: 1
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mtclient import MilterClient, fail, parse_header_edit  # noqa: E402


TEXT = (b"Dear Jordan,\r\n\r\nThank you for your interest in the Senior Backend Engineer "
        b"position at Example Corp.\r\nAfter careful consideration, we have decided not to move "
        b"forward with your application at this time.\r\nWe will keep your resume on file. "
        b"We wish you the very best in your job search.\r\n\r\nBest regards,\r\nRecruiting\r\n\r\n")
FILLER = b"> quoted earlier correspondence, kept in the thread for context.\r\n" * 40
body = TEXT
while len(body) < 1200 * 1024:
    body += FILLER

c = MilterClient(os.environ["CRM_SOCKET"])
c.negotiate()
if c.connect("client.example", "127.0.0.1") != "c":
    fail("connect: want 'c'")
c.macro("M", {"i": "QBIG0001", "{mail_addr}": "recruiting@example.com"})
if c.mail("<recruiting@example.com>") != "c":
    fail("mail: want 'c'")
c.macro("R", {"{rcpt_addr}": "jordan.lee@example.org", "{rcpt_mailer}": "smtp"})
if c.rcpt("<jordan.lee@example.org>") != "c":
    fail("rcpt: want 'c'")
for name, value in [("From", " Example Corp Recruiting <recruiting@example.com>"),
                    ("To", " Jordan Lee <jordan.lee@example.org>"),
                    ("Subject", " Your application for Senior Backend Engineer"),
                    ("Message-ID", " <big-1@mail.example.com>"),
                    ("MIME-Version", " 1.0"),
                    ("Content-Type", " text/plain; charset=us-ascii")]:
    r = c.header(name, value)
    if r not in (None, "c"):
        fail("header %s: got %r, want 'c'" % (name, r))
if c.eoh() != "c":
    fail("eoh: want 'c'")
nchunks = (len(body) + 65534) // 65535
if nchunks <= 16:
    fail("test body: got %d chunks, want > 16" % nchunks)
r = c.body(body)
if r != "c":
    fail("body: got %r, want 'c'" % r)
edits, final = c.eom()
c.close()
if final not in ("c", "a"):
    fail("eom: got %r, want 'c'" % final)

codes = "".join(code for code, _ in edits)
if not re.fullmatch(r"[hmi]+b+", codes):
    fail("edit order: got %r, want header edits then body packets only" % codes)
hdrs = [parse_header_edit(code, data) for code, data in edits if code in "hmi"]
tokens = [v.strip() for op, name, _, v in hdrs if op == "add" and name == "X-CareerRelay-Invitation"]
if len(tokens) != 1 or not re.fullmatch(r"[0-9a-f-]{36}", tokens[0]):
    fail("X-CareerRelay-Invitation: got %r, want one UUID" % tokens)
newbody = b"".join(data for code, data in edits if code == "b")
if len(newbody) <= len(body):
    fail("new body: got %d bytes, want more than the %d sent" % (len(newbody), len(body)))
if not newbody.startswith(TEXT):
    fail("new body: the rejection text is not kept unchanged at its start")
link = ("careerrelay.jp/i/" + tokens[0]).encode()
if link not in newbody:
    fail("new body: got no link with the header's token %s" % tokens[0])
if newbody.replace(link, b"").count(FILLER[:60]) != body.count(FILLER[:60]):
    fail("new body: the quoted thread was not kept whole")
# byte for byte: the new body is the old one with one block inserted
pre = 0
while pre < len(body) and newbody[pre] == body[pre]:
    pre += 1
suf = 0
while suf < len(body) - pre and newbody[-1 - suf] == body[-1 - suf]:
    suf += 1
if pre + suf != len(body):
    fail("new body: differs from the original beyond one insertion (prefix %d, suffix %d, "
         "original %d bytes)" % (pre, suf, len(body)))
if link not in newbody[pre:len(newbody) - suf]:
    fail("new body: the inserted block has no link")
sizes = [len(data) for code, data in edits if code == "b"]
if max(sizes) > 65535 or min(sizes) == 0:
    fail("body packets: got sizes %d..%d, want 1..65535" % (min(sizes), max(sizes)))
print("ok: %d chunks in, %d body packets out, token %s..." % (nchunks, codes.count("b"), tokens[0][:8]))
