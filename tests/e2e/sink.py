#!/usr/bin/env python3
"""sink.py - a tiny SMTP receiver for the end-to-end tests.

Usage: sink.py DIR
Listens on 127.0.0.1 on a free port, writes the port to DIR/port, and stores
every message it receives as DIR/NNNN.eml (the DATA bytes exactly as sent,
CRLF line ends, dot-stuffing undone) with its envelope in DIR/NNNN.env
("MAIL FROM:<...>" and "RCPT TO:<...>" lines). Files appear atomically (written
under a temporary name, then renamed). Announces 8BITMIME and SMTPUTF8 so
Postfix never converts a message on its way here. Runs until killed.
"""
import os
import socketserver
import sys
import threading

LOCK = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        mail_from, rcpts = None, []
        self.reply("220 sink.harness.test ESMTP sink")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.rstrip(b"\r\n")
            verb = cmd[:4].upper()
            if verb in (b"EHLO",):
                self.reply("250-sink.harness.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                           "250-PIPELINING\r\n250 SIZE 104857600")
            elif verb == b"HELO":
                self.reply("250 sink.harness.test")
            elif verb == b"MAIL":
                mail_from, rcpts = cmd.decode("utf-8", "replace"), []
                self.reply("250 2.1.0 ok")
            elif verb == b"RCPT":
                rcpts.append(cmd.decode("utf-8", "replace"))
                self.reply("250 2.1.5 ok")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                data = self.read_data()
                if data is None:
                    return
                self.store(mail_from, rcpts, data)
                mail_from, rcpts = None, []
                self.reply("250 2.0.0 stored")
            elif verb == b"RSET":
                mail_from, rcpts = None, []
                self.reply("250 2.0.0 ok")
            elif verb == b"QUIT":
                self.reply("221 2.0.0 bye")
                return
            else:
                self.reply("250 2.0.0 ok")

    def read_data(self):
        out = []
        while True:
            line = self.rfile.readline()
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(out)
            if line.startswith(b"."):
                line = line[1:]
            out.append(line)

    def store(self, mail_from, rcpts, data):
        d = self.server.dump_dir
        with LOCK:
            n = len([f for f in os.listdir(d) if f.endswith(".eml")]) + 1
            base = os.path.join(d, "%04d" % n)
            with open(base + ".env.tmp", "w") as f:
                f.write((mail_from or "") + "\n" + "\n".join(rcpts) + "\n")
            os.rename(base + ".env.tmp", base + ".env")
            with open(base + ".eml.tmp", "wb") as f:
                f.write(data)
            os.rename(base + ".eml.tmp", base + ".eml")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    dump_dir = sys.argv[1]
    os.makedirs(dump_dir, exist_ok=True)
    srv = Server(("127.0.0.1", 0), Handler)
    srv.dump_dir = dump_dir
    with open(os.path.join(dump_dir, "port.tmp"), "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(os.path.join(dump_dir, "port.tmp"), os.path.join(dump_dir, "port"))
    srv.serve_forever()


if __name__ == "__main__":
    main()
