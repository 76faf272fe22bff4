"""Local alert receivers on 127.0.0.1: a webhook endpoint and an SMTP sink, for tests only."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from healthplans.mirror.loopback import port_of, running


@dataclass
class Inbox:
    """What a receiver got: JSON bodies (webhook) or parsed messages (SMTP)."""

    items: list = field(default_factory=list)
    url: str = ""
    host: str = "127.0.0.1"
    port: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)


@contextmanager
def webhook_receiver(status: int = 200) -> Iterator[Inbox]:
    """An HTTP server on a free loopback port recording every POSTed JSON body."""
    inbox = Inbox()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            inbox.items.append(json.loads(body))
            inbox.arrived.set()
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    inbox.port = port_of(server)
    inbox.url = f"http://127.0.0.1:{inbox.port}/hook"
    with running(server):
        yield inbox


@contextmanager
def smtp_sink() -> Iterator[Inbox]:
    """A minimal SMTP server (EHLO, MAIL, RCPT, DATA, QUIT) storing each message it accepts."""
    inbox = Inbox()

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 sink ESMTP")
            rcpt: list[str] = []
            while line := self.rfile.readline():
                verb = line.decode().strip().split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 sink")
                elif verb == "RCPT":
                    rcpt.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                    self.reply("250 ok")
                elif verb == "DATA":
                    self.reply("354 end with .")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    msg: Message = message_from_bytes(data)
                    inbox.items.append((rcpt, msg))
                    inbox.arrived.set()
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:  # MAIL, RSET, NOOP
                    self.reply("250 ok")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    inbox.port = port_of(server)
    with running(server):
        yield inbox
