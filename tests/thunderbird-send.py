#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Has a running Thunderbird send one message, through its Marionette port.

    thunderbird-send.py PORT FROM TO SUBJECT

Thunderbird was started with --marionette and marionette.port = PORT. The
message goes through Thunderbird's own compose and SMTP code with the
identity whose address is FROM, as the Send button would. Whether it
arrived, and with which login, only the SMTP server's log can tell: a
password prompt would stall the send and nothing would arrive.
"""
import json
import socket
import sys
import time

SEND_SCRIPT = r"""
const [from, to, subject, resolve] = arguments;
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const identity = MailServices.accounts.allIdentities.find(i => i.email == from);
if (!identity) {
  resolve("no identity for " + from);
  return;
}
const fields = Cc["@mozilla.org/messengercompose/composefields;1"]
  .createInstance(Ci.nsIMsgCompFields);
fields.from = from;
fields.to = to;
fields.subject = subject;
fields.body = "Sent by Thunderbird with the password Fingerpost stored.\r\n";
fields.forcePlainText = true;
const params = Cc["@mozilla.org/messengercompose/composeparams;1"]
  .createInstance(Ci.nsIMsgComposeParams);
params.composeFields = fields;
params.identity = identity;
params.format = Ci.nsIMsgCompFormat.PlainText;
const compose = MailServices.compose.initCompose(params);
// The message is handed to Thunderbird's sending code; the test reads the server's log.
compose.sendMsg(Ci.nsIMsgSend.nsMsgDeliverNow, identity, "", null, null);
resolve("0");
"""


class Marionette:
    def __init__(self, port, deadline):
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.next_id = 1
        self.receive()  # the server's greeting

    def receive(self):
        length = b""
        while not length.endswith(b":"):
            byte = self.sock.recv(1)
            if not byte:
                raise ConnectionError("Marionette closed the connection")
            length += byte
        size = int(length[:-1])
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("Marionette closed the connection")
            data += chunk
        return json.loads(data)

    def call(self, name, params):
        message = json.dumps([0, self.next_id, name, params]).encode()
        self.next_id += 1
        self.sock.sendall(b"%d:%s" % (len(message), message))
        reply = self.receive()
        if reply[2] is not None:
            raise RuntimeError("%s: %s" % (name, reply[2]))
        return reply[3]


def main():
    port, sender, recipient, subject = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    marionette = Marionette(port, time.monotonic() + 40)
    marionette.call("WebDriver:NewSession", {"capabilities": {}})
    marionette.call("Marionette:SetContext", {"value": "chrome"})
    marionette.call("WebDriver:SetTimeouts", {"script": 40000})
    result = marionette.call("WebDriver:ExecuteAsyncScript",
                             {"script": SEND_SCRIPT, "args": [sender, recipient, subject]})
    status = result.get("value") if isinstance(result, dict) else result
    print("send status:", status, flush=True)
    sys.exit(0 if status == "0" else 1)


if __name__ == "__main__":
    main()
