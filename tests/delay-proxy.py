#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Network latency for the benchmarks, where the kernel has no netem: a TCP
# proxy and a UDP (DNS) proxy on loopback that delay what passes through.
#
#   delay-proxy.py RTT_MS TCP_LISTEN_PORT TCP_TARGET_PORT [UDP_LISTEN_PORT UDP_TARGET_PORT]
#
# TCP: the client's first bytes are held one round trip (the connection's
# handshake, which loopback does at once), then every chunk in either
# direction arrives half a round trip after it was sent; order is kept and
# chunks in flight overlap, as on a real path. UDP: each datagram and its
# answer take half a round trip each. Prints "ready" once listening.
# Counts TCP connections and prints them on SIGTERM ("connections N").

import asyncio
import os
import signal
import sys

# The login check tests' mail servers are on a second loopback address (TESTING.md).
HOST = os.environ.get("DELAY_PROXY_HOST", "127.0.0.1")


class Pipe:
    """One direction of a connection: chunks delivered at a fixed delay, in order."""

    def __init__(self, writer, loop):
        self.writer = writer
        self.loop = loop
        self.last_due = 0.0

    def send(self, data, delay):
        due = max(self.loop.time() + delay, self.last_due)
        self.last_due = due
        self.loop.call_at(due, self._deliver, data)

    def _deliver(self, data):
        if data is None:
            if self.writer.can_write_eof():
                try:
                    self.writer.write_eof()
                except OSError:
                    pass
            return
        if not self.writer.is_closing():
            self.writer.write(data)


async def pump(reader, pipe, delay, first_extra):
    extra = first_extra
    while True:
        try:
            data = await reader.read(65536)
        except (ConnectionError, OSError):
            data = b""
        if not data:
            pipe.send(None, delay)
            return
        pipe.send(data, delay + extra)
        extra = 0.0


async def main():
    rtt = int(sys.argv[1]) / 1000.0
    listen_port, target_port = int(sys.argv[2]), int(sys.argv[3])
    loop = asyncio.get_running_loop()
    connections = 0

    async def handle(client_reader, client_writer):
        nonlocal connections
        connections += 1
        try:
            server_reader, server_writer = await asyncio.open_connection(HOST, target_port)
        except OSError:
            client_writer.close()
            return
        to_server = Pipe(server_writer, loop)
        to_client = Pipe(client_writer, loop)
        await asyncio.gather(pump(client_reader, to_server, rtt / 2, rtt),
                             pump(server_reader, to_client, rtt / 2, 0.0))
        await asyncio.sleep(rtt)
        for writer in (client_writer, server_writer):
            writer.close()

    server = await asyncio.start_server(handle, HOST, listen_port)

    if len(sys.argv) > 5:
        udp_listen, udp_target = int(sys.argv[4]), int(sys.argv[5])

        class Upstream(asyncio.DatagramProtocol):
            def __init__(self, front, client):
                self.front, self.client = front, client

            def datagram_received(self, data, addr):
                loop.call_later(rtt / 2, self.front.sendto, data, self.client)

        class Front(asyncio.DatagramProtocol):
            def connection_made(self, transport):
                self.transport = transport

            def datagram_received(self, data, addr):
                async def forward():
                    upstream, _ = await loop.create_datagram_endpoint(
                        lambda: Upstream(self.transport, addr), remote_addr=(HOST, udp_target))
                    await asyncio.sleep(rtt / 2)
                    upstream.sendto(data)
                    await asyncio.sleep(10)
                    upstream.close()
                loop.create_task(forward())

        await loop.create_datagram_endpoint(Front, local_addr=(HOST, udp_listen))

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await stop.wait()
    try:
        print(f"connections {connections}", flush=True)
    except BrokenPipeError:
        pass
    server.close()


asyncio.run(main())
