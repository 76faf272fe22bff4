"""Serve the fixture mirror over real HTTP on 127.0.0.1 (path layout: /<host>/<path>)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mirror.build import Resource, build_mirror


class MirrorHandler(BaseHTTPRequestHandler):
    """Answers GET from the in-memory mirror; 404 for anything else."""

    resources: dict[str, Resource] = {}
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        key = self.path.lstrip("/").split("?", 1)[0]
        res = self.resources.get(key)
        if res is None:
            self._send(404, b"not found", "text/plain")
            return
        self._send(200, res.body, res.content_type)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test and job output quiet; requests are counted by the client."""


@contextmanager
def serve_mirror(port: int = 0) -> Iterator[str]:
    """Run the mirror in a background thread; yields its base URL."""
    handler = type("BoundMirrorHandler", (MirrorHandler,), {"resources": build_mirror()})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
