"""An MTA that does not offer SMFIP_NR_BODY waits for a reply to each body chunk.
libmilter still lets the milter use SMFIP_NR_BODY and answers 'c' to each chunk
itself, so past MaxMessageSize the body goes on being sent, the message passes
unchanged at eom (no edit, nothing recorded), and the connection stays usable
for the next message, which is injected.
-- conf: MaxMessageSize 4k
-- invitations: 1
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mtclient import SMFIP_ALL, MilterClient, MilterError, fail  # noqa: E402

SMFIP_NR_BODY = 0x80000


TEXT = (b"Dear Jordan,\r\n\r\nThank you for your interest in the Senior Backend Engineer "
        b"position at Example Corp.\r\nAfter careful consideration, we have decided not to move "
        b"forward with your application at this time.\r\nWe will keep your resume on file. "
        b"We wish you the very best in your job search.\r\n\r\nBest regards,\r\nRecruiting\r\n")
FILLER = b"> quoted earlier correspondence, kept in the thread for context.\r\n" * 100


def head(c, qid):
    try:
        c.envelope(qid, "recruiting@example.com", "jordan.lee@example.org",
                   [("From", " Example Corp Recruiting <recruiting@example.com>"),
                    ("To", " Jordan Lee <jordan.lee@example.org>"),
                    ("Subject", " Your application for Senior Backend Engineer"),
                    ("Message-ID", " <%s@mail.example.com>" % qid),
                    ("MIME-Version", " 1.0"),
                    ("Content-Type", " text/plain; charset=us-ascii")])
    except MilterError as e:
        fail(str(e))


c = MilterClient(os.environ["CRM_SOCKET"])
_, steps = c.negotiate(steps=SMFIP_ALL & ~SMFIP_NR_BODY)
if steps & SMFIP_NR_BODY:
    fail("negotiate: the milter asked for SMFIP_NR_BODY, which was not offered")
if c.connect("client.example", "127.0.0.1") != "c":
    fail("connect: want 'c'")

head(c, "QOVER01")
r = c.body(TEXT)
if r != "c":
    fail("body under the cap: got %r, want 'c'" % r)
r = c.body(FILLER, chunk=2048)
if r != "c":
    fail("body past the cap: got %r, want 'c' for every chunk" % r)
edits, final = c.eom()
if edits or final != "c":
    fail("oversize eom: got edits %r and %r, want none and 'c'" % (edits, final))

head(c, "QOVER02")
if c.body(TEXT) != "c":
    fail("small message body: want 'c'")
edits, final = c.eom()
if final != "c":
    fail("small message eom: got %r, want 'c'" % final)
codes = [code for code, _ in edits]
if "b" not in codes or "h" not in codes:
    fail("small message after an oversize one: got edits %r, want a body and a header" % codes)
c.close()
print("ok: passed unchanged past the cap without SMFIP_NR_BODY; next message injected")
