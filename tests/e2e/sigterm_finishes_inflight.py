"""SIGTERM: an end-of-message already running finishes -- its invitation is recorded AND
its edits are sent -- before the milter exits; a message that has not reached its end is
left to the MTA (default_action=accept: delivered unchanged, nothing recorded).
The running end of message is held up by a write lock on the database (as another writer
would), released after SIGTERM.
-- conf: DatabaseTimeout 8000
-- invitations: 1
-- stops
"""
import os
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mtclient import MilterClient, fail  # noqa: E402


def wait_log(word, seconds):
    deadline = time.time() + seconds
    while word not in open(log).read():
        if time.time() > deadline:
            fail("no %r line in the milter log within %d s" % (word, seconds))
        time.sleep(0.05)


def start_message(qid, body):
    c = MilterClient(os.environ["CRM_SOCKET"])
    c.negotiate()
    c.connect("client.example", "127.0.0.1")
    c.macro("M", {"i": qid})
    c.mail("<recruiting@example.com>")
    c.macro("R", {"{rcpt_addr}": "jordan.lee@example.org", "{rcpt_mailer}": "smtp"})
    c.rcpt("<jordan.lee@example.org>")
    for name, value in [("From", " Recruiting <recruiting@example.com>"),
                        ("Subject", " Your application at Example Corp"),
                        ("Content-Type", " text/plain; charset=us-ascii")]:
        c.header(name, value)
    c.eoh()
    c.body(body)
    return c


pid = int(os.environ["CRM_MILTER_PID"])
log = os.environ["CRM_MILTER_LOG"]
db = open(os.path.join(os.path.dirname(log), "careerrelay.conf")).read()
db = [l.split(None, 1)[1].strip() for l in db.splitlines() if l.startswith("Database ")][0]
REJECTION = (b"Dear Jordan,\r\n\r\nAfter careful consideration, we have decided not to move "
             b"forward with your application.\r\nWe will keep your resume on file and wish you "
             b"the best in your job search.\r\n")

done = start_message("QTERM001", REJECTION)        # will be at end of message
unfinished = start_message("QTERM002", REJECTION[:40])  # never reaches its end

lock = sqlite3.connect(db, timeout=10, isolation_level=None)
lock.execute("BEGIN IMMEDIATE")                    # hold the write lock
done.send("E")                                     # end of message: waits for the lock
time.sleep(0.5)
os.kill(pid, signal.SIGTERM)
wait_log("stopping", 10)
time.sleep(0.5)
lock.execute("COMMIT")                             # the recording can go on now
lock.close()

edits, final = done.eom_replies()
codes = "".join(code for code, _ in edits)
if final not in ("c", "a"):
    fail("end of message during stop: got %r, want 'c'" % final)
if "h" not in codes or "b" not in codes:
    fail("end of message during stop: got edits %r, want the invitation header and body" % codes)
wait_log("stopped", 20)
text = open(log).read()
if not 0 <= text.find("stopping") < text.find("QTERM001: action=inject") < text.find("stopped"):
    fail("log order: want stopping, then QTERM001's inject line, then stopped")
try:
    unfinished.body(b"rest of the message\r\n")
    unfinished.eom()
    fail("the unfinished message was served after the stop")
except Exception:
    pass
print("ok: end of message finished during the stop (%s); the unfinished one was dropped" % codes)
