#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SMTP submission servers for the login check tests (Debian's python3-aiosmtpd).

Four listeners on one address: STARTTLS required (587-style), implicit TLS
(465-style), one that offers no STARTTLS at all but would take a password in
clear text (to prove the client refuses on its own), and implicit TLS with
AUTH LOGIN only. Every AUTH attempt is
written to the log file, so a test can tell that no credential arrived.
Prints READY on stdout once all four accept connections.
"""
import argparse
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, log=None, lock=None):
        self.log, self.lock = log, lock

    async def handle_DATA(self, server, session, envelope):
        # Each message accepted is logged, so a test can tell that a mail program sent one.
        if self.log is not None:
            subject = ""
            for line in envelope.content.decode("utf-8", "replace").splitlines():
                if line.lower().startswith("subject:"):
                    subject = line[8:].strip()
                    break
            with self.lock:
                self.log.write("DATA from=%s to=%s auth=%s subject=%s bytes=%d\n" % (
                    envelope.mail_from, ",".join(envelope.rcpt_tos),
                    session.authenticated, subject, len(envelope.content)))
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    for name in ("host", "cert", "key", "log", "user", "password-file"):
        parser.add_argument("--" + name, required=True)
    for name in ("starttls-port", "tls-port", "plain-port", "login-only-port"):
        parser.add_argument("--" + name, type=int, required=True)
    args = parser.parse_args()
    with open(args.password_file) as password_file:
        args.password = password_file.read()

    log = open(args.log, "a", buffering=1)
    lock = threading.Lock()

    def authenticator_for(listener):
        def authenticator(server, session, envelope, mechanism, auth_data):
            is_password = isinstance(auth_data, LoginPassword)
            ok = (is_password and auth_data.login.decode() == args.user
                  and auth_data.password.decode() == args.password)
            with lock:
                log.write("AUTH listener=%s %s login=%s ok=%s\n" % (
                    listener, mechanism, auth_data.login.decode() if is_password else "?", ok))
            # handled=False: aiosmtpd then sends the 535 itself.
            return AuthResult(success=ok, handled=False)
        return authenticator

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    controllers = [
        Controller(Sink(log, lock), hostname=args.host, port=args.starttls_port, tls_context=context,
                   require_starttls=True, authenticator=authenticator_for("starttls"), auth_required=True),
        # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this listener is TLS from
        # the first byte, so that check is turned off here.
        Controller(Sink(log, lock), hostname=args.host, port=args.tls_port, ssl_context=context,
                   authenticator=authenticator_for("tls"), auth_required=True,
                   auth_require_tls=False),
        Controller(Sink(log, lock), hostname=args.host, port=args.plain_port,
                   authenticator=authenticator_for("plain"), auth_required=True, auth_require_tls=False),
        Controller(Sink(log, lock), hostname=args.host, port=args.login_only_port, ssl_context=context,
                   authenticator=authenticator_for("login-only"), auth_required=True,
                   auth_require_tls=False, auth_exclude_mechanism=["PLAIN"]),
    ]
    for controller in controllers:
        controller.start()

    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    # Stopping each controller politely takes about half a second; the tests have no use for it.
    log.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
