"""mtclient.py - a minimal MTA side of the milter protocol (version 6) for tests.

miltertest reads every filter reply into a 1 KB stack buffer, so it cannot take
a body replacement larger than that; this client keeps every reply whole and in
order, so tests can check big replaced bodies and the order of the edits.

    c = MilterClient("unix:/path/sock")
    c.negotiate()
    c.connect("client.example", "127.0.0.1")
    c.macro("M", {"i": "QID1"}); c.mail("<a@b>"); c.rcpt("<c@d>")
    c.header("Subject", " hi"); c.eoh(); c.body(b"..."); edits, reply = c.eom()
"""
import socket
import struct
import sys

SMFIF_ALL = 0x1FF
SMFIP_ALL = 0x1FFFFF  # every step and NR_* flag a v6 MTA may offer, plus HDR_LEADSPC
SMFIP_NOHELO, SMFIP_NR_HDR, SMFIP_SKIP = 0x2, 0x80, 0x400
SMFIP_NODATA, SMFIP_NOUNKNOWN, SMFIP_HDR_LEADSPC = 0x200, 0x100, 0x100000
NR_BY_CMD = {"C": 0x1000, "H": 0x2000, "M": 0x4000, "R": 0x8000, "T": 0x10000,
             "L": SMFIP_NR_HDR, "N": 0x40000, "B": 0x80000, "U": 0x20000}
FINAL = set("cartds")  # continue accept reject tempfail discard skip
EDITS = set("+-bhimqe2y")  # add/del rcpt, body, add/ins/chg header, quarantine, chgfrom...


class MilterError(Exception):
    pass


class MilterClient:
    def __init__(self, spec, timeout=30):
        if spec.startswith("unix:"):
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.settimeout(timeout)
            self.s.connect(spec[5:])
        else:
            raise MilterError("only unix: sockets are supported here")
        self.actions = self.steps = 0

    def close(self):
        try:
            self.send("Q")
        finally:
            self.s.close()

    def send(self, cmd, data=b""):
        self.s.sendall(struct.pack(">I", len(data) + 1) + cmd.encode() + data)

    def _recvn(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise MilterError("filter closed the connection")
            buf += chunk
        return buf

    def recv(self):
        (n,) = struct.unpack(">I", self._recvn(4))
        data = self._recvn(n)
        return chr(data[0]), data[1:]

    def reply(self, cmd):
        """The reply to cmd, or None when the filter negotiated no reply for it."""
        if self.steps & NR_BY_CMD.get(cmd, 0):
            return None
        r, _ = self.recv()
        return r

    def negotiate(self, actions=SMFIF_ALL, steps=SMFIP_ALL):
        self.send("O", struct.pack(">III", 6, actions, steps))
        r, data = self.recv()
        if r != "O":
            raise MilterError("negotiation: got %r" % r)
        _, self.actions, self.steps = struct.unpack(">III", data[:12])
        return self.actions, self.steps

    def macro(self, stage, pairs):
        data = b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in pairs.items())
        self.send("D", stage.encode() + data)

    def connect(self, host, ip, port=25):
        self.send("C", host.encode() + b"\0" + b"4" + struct.pack(">H", port) + ip.encode() + b"\0")
        return self.reply("C")

    def mail(self, sender):
        self.send("M", sender.encode() + b"\0")
        return self.reply("M")

    def rcpt(self, rcpt):
        self.send("R", rcpt.encode() + b"\0")
        return self.reply("R")

    def header(self, name, value):
        if not self.steps & SMFIP_HDR_LEADSPC:
            value = value.lstrip(" ")
        self.send("L", name.encode() + b"\0" + value.encode("utf-8", "surrogateescape") + b"\0")
        return self.reply("L")

    def envelope(self, qid, sender, rcpt, headers):
        """MACRO+MAIL, MACRO+RCPT (mailer smtp), the header fields (name, value
        with its leading space) and EOH, each answered 'c' (header fields also
        not answered at all); raises MilterError naming the step otherwise."""
        self.macro("M", {"i": qid, "{mail_addr}": sender})
        if self.mail("<%s>" % sender) != "c":
            raise MilterError("%s mail: want 'c'" % qid)
        self.macro("R", {"{rcpt_addr}": rcpt, "{rcpt_mailer}": "smtp"})
        if self.rcpt("<%s>" % rcpt) != "c":
            raise MilterError("%s rcpt: want 'c'" % qid)
        for name, value in headers:
            if self.header(name, value) not in (None, "c"):
                raise MilterError("%s header %s: want 'c'" % (qid, name))
        if self.eoh() != "c":
            raise MilterError("%s eoh: want 'c'" % qid)

    def eoh(self):
        self.send("N")
        return self.reply("N")

    def body(self, data, chunk=65535):
        """Send data in chunks; returns the first reply that is not 'c' (or 'c')."""
        for off in range(0, len(data), chunk):
            self.send("B", data[off:off + chunk])
            r = self.reply("B")
            if r not in (None, "c"):
                return r
        return "c"

    def abort(self):
        self.send("A")

    def eom(self):
        """Returns (edits, final): edits as a list of (code, data) in arrival order."""
        self.send("E")
        return self.eom_replies()

    def eom_replies(self):
        """The replies to an end of message already sent: (edits, final)."""
        edits = []
        while True:
            r, data = self.recv()
            if r == "p":  # progress
                continue
            if r in FINAL:
                return edits, r
            edits.append((r, data))


def fail(msg):
    """End the script as a failed test (the runner reads the FAIL line)."""
    print("FAIL: " + msg)
    sys.exit(1)


def parse_header_edit(code, data):
    """(op, name, index, value) of an 'h' (add), 'm' (change) or 'i' (insert) edit."""
    if code == "h":
        name, value, _ = data.split(b"\0", 2)
        return "add", name.decode(), 0, value.decode("utf-8", "replace")
    (idx,) = struct.unpack(">I", data[:4])
    name, value, _ = data[4:].split(b"\0", 2)
    op = {"m": "change" if value else "delete", "i": "insert"}[code]
    return op, name.decode(), idx, value.decode("utf-8", "replace")


def read_eml(path):
    """([(name, value-with-leading-space)], body with CRLF line ends) of an .eml file."""
    data = open(path, "rb").read().replace(b"\r\n", b"\n")
    head, _, body = data.partition(b"\n\n")
    fields = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += "\n" + line.decode("utf-8", "surrogateescape")
        else:
            name, _, value = line.decode("utf-8", "surrogateescape").partition(":")
            fields.append([name, value])
    return [tuple(f) for f in fields], body.replace(b"\n", b"\r\n")
