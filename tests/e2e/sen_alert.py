#!/usr/bin/env python3
"""Helpers for sen_alert.sh.

  sen_alert.py smtp PORTFILE MAILDIR
      a small SMTP sink on 127.0.0.1 (any free port, written to PORTFILE):
      every message is stored as MAILDIR/mail.N with its envelope
      ("MAIL FROM:<...>", "RCPT TO:<...>" lines, a blank line) and data.
  sen_alert.py png SOCKET COMMAND [KEY=VALUE ...]
      a binary request (@command, .silent=1): prints "PNG <bytes>" when the
      reply is a PNG and the daemon closes the connection after it.
  sen_alert.py req SOCKET COMMAND [KEY=VALUE | _KEY=VALUE ...]
      one request on the nfsend socket, framed as the PHP frontend sends it
      (one write per line); prints the reply up to and including the
      status line; exit 0 for OK, 1 otherwise.
"""
import os
import signal
import socket
import sys


def smtp(portfile, maildir):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    n = 0
    while True:
        c, _ = srv.accept()
        c.settimeout(10)
        f = c.makefile("rb")
        envelope, data = [], []

        def say(text):
            c.sendall(text.encode() + b"\r\n")

        try:
            say("220 sink ready")
            for raw in f:
                line = raw.decode("latin-1").rstrip("\r\n")
                verb = line[:4].upper()
                if verb == "EHLO":
                    say("250-sink")
                    say("250 8BITMIME")
                elif verb == "HELO":
                    say("250 sink")
                elif verb in ("MAIL", "RCPT"):
                    envelope.append(line)
                    say("250 OK")
                elif verb == "DATA":
                    say("354 go ahead")
                    for raw2 in f:
                        l2 = raw2.decode("latin-1").rstrip("\r\n")
                        if l2 == ".":
                            break
                        data.append(l2[1:] if l2.startswith("..") else l2)
                    n += 1
                    path = os.path.join(maildir, "mail.%d" % n)
                    with open(path + ".tmp", "w") as m:
                        m.write("\n".join(envelope) + "\n\n" + "\n".join(data) + "\n")
                    os.rename(path + ".tmp", path)
                    envelope, data = [], []
                    say("250 queued")
                elif verb == "QUIT":
                    say("221 bye")
                    break
                else:
                    say("500 what")
        except (OSError, socket.timeout):
            pass
        c.close()


def req(path, command, args):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2.0)  # the PHP's receive timeout
    s.connect(path)
    f = s.makefile("rb")
    greeting = f.readline().decode()
    if not greeting.startswith("220 "):
        print("bad greeting: %r" % greeting)
        return 1
    for line in [command] + args + ["."]:
        s.sendall(line.encode() + b"\n")
    rc = 1
    eod = False
    while True:
        line = f.readline().decode("latin-1")
        if not line:
            break
        line = line.rstrip("\n")
        print(line)
        if eod:
            rc = 0 if line.startswith("OK") else 1
            break
        eod = line == "."
    s.sendall(b"quit\n.\n")
    s.close()
    return rc


def png(path, command, args):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(2.0)
    s.connect(path)
    f = s.makefile("rb")
    f.readline()
    for line in ["@" + command, ".silent=1"] + args + ["."]:
        s.sendall(line.encode() + b"\n")
    data = f.read()  # until the daemon closes
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        print("PNG %d" % len(data))
        return 0
    print(data[:200])
    return 1


if __name__ == "__main__":
    # `req ... | grep -q` closes the pipe early: die quietly as a shell tool would
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.argv[1] == "smtp":
        smtp(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "png":
        sys.exit(png(sys.argv[2], sys.argv[3], sys.argv[4:]))
    elif sys.argv[1] == "req":
        sys.exit(req(sys.argv[2], sys.argv[3], sys.argv[4:]))
    else:
        sys.exit(__doc__)
