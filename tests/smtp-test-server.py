#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SMTP submission servers for the login check tests (Debian's python3-aiosmtpd).

Four listeners on one address: STARTTLS required (587-style), implicit TLS
(465-style), one that offers no STARTTLS at all but would take a password in
clear text (to prove the client refuses on its own), and implicit TLS with
AUTH LOGIN only. Each also offers CRAM-MD5 (RFC 2195), which aiosmtpd
does not have: the handler below adds it. Every AUTH attempt is
written to the log file, so a test can tell that no credential arrived.
Prints READY on stdout once all four accept connections.
"""
import argparse
import base64
import hmac
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, listener, args, log, lock):
        self.listener, self.args, self.log, self.lock = listener, args, log, lock

    async def handle_DATA(self, server, session, envelope):
        # Each message accepted is logged, so a test can tell that a mail program sent one.
        subject = ""
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if line.lower().startswith("subject:"):
                subject = line[8:].strip()
                break
        with self.lock:
            self.log.write("DATA listener=%s from=%s to=%s auth=%s subject=%s bytes=%d\n" % (
                self.listener, envelope.mail_from, ",".join(envelope.rcpt_tos),
                session.authenticated, subject, len(envelope.content)))
        return "250 OK"

    # aiosmtpd turns "auth_CRAM__MD5" into the mechanism CRAM-MD5 and calls it with the session.
    async def auth_CRAM__MD5(self, server, args):
        challenge = ("<%d.%d@smtp.mail.example>" % (os.getpid(), id(args))).encode()
        response = await server.challenge_auth(challenge)
        login, _, digest = (response if isinstance(response, bytes) else b"").partition(b" ")
        expected = hmac.new(self.args.password.encode(), challenge, "md5").hexdigest().encode()
        ok = login.decode() == self.args.user and hmac.compare_digest(digest, expected)
        with self.lock:
            self.log.write("AUTH listener=%s CRAM-MD5 login=%s ok=%s\n" % (
                self.listener, login.decode(errors="replace"), ok))
        return AuthResult(success=ok, handled=False)


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

    # Each Controller gives up after 5 s by default, which a machine busy with the sanitizer
    # suite has exceeded; the test that started us keeps its own limit on the wait.
    ready_timeout = 120.0

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def listener_on(listener, port, **options):
        return Controller(Sink(listener, args, log, lock), hostname=args.host, port=port,
                          ready_timeout=ready_timeout, authenticator=authenticator_for(listener),
                          auth_required=True, **options)

    controllers = [
        listener_on("starttls", args.starttls_port, tls_context=context, require_starttls=True),
        # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this listener is TLS from
        # the first byte, so that check is turned off here.
        listener_on("tls", args.tls_port, ssl_context=context, auth_require_tls=False),
        listener_on("plain", args.plain_port, auth_require_tls=False),
        listener_on("login-only", args.login_only_port, ssl_context=context,
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
