"""Serve the fixture mirror over real HTTP on 127.0.0.1 (path layout: /<host>/<path>).

Like most portals it sends ETag and Last-Modified and answers a matching conditional GET with
304, so incremental crawling is exercised as it runs against the real sites. Resources whose key
carries a query string (JSON list APIs) are matched with it first. Keys listed as `gone` answer
404, as a portal does once a plan is taken down (tests of vanished documents).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from healthplans.mirror.build import Resource, build_mirror, resource_key
from healthplans.mirror.loopback import port_of, running

# One fixed date for every resource: the mirror's content only changes with the code.
LAST_MODIFIED = "Mon, 02 Sep 2024 08:00:00 GMT"


class MirrorHandler(BaseHTTPRequestHandler):
    """Answers GET from the in-memory mirror; 404 for anything else and for `gone` keys."""

    resources: ClassVar[dict[str, Resource]] = {}
    gone: ClassVar[frozenset[str]] = frozenset()
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes

    def do_GET(self) -> None:
        path = self.path.lstrip("/")
        res = self.resources.get(path) or self.resources.get(path.split("?", 1)[0])
        if res is None or path in self.gone or path.split("?", 1)[0] in self.gone:
            self._send(404, b"not found", "text/plain")
            return
        etag = '"' + hashlib.sha256(res.body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-None-Match") is None
            and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self._send(304, b"", None, {"ETag": etag, "Last-Modified": LAST_MODIFIED})
            return
        self._send(200, res.body, res.content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test and job output quiet; requests are counted by the client."""


@contextmanager
def serve_resources(
    resources: dict[str, Resource], port: int = 0, gone: Collection[str] = ()
) -> Iterator[str]:
    """Serve `resources` (keyed 'host/path[?query]') in a background thread; yields the base URL.

    `gone`: keys (or logical URLs) answered with 404 though the mirror holds them.
    """
    attrs = {"resources": resources, "gone": frozenset(resource_key(g) for g in gone)}
    handler = type("BoundMirrorHandler", (MirrorHandler,), attrs)
    with running(ThreadingHTTPServer(("127.0.0.1", port), handler)) as server:
        yield f"http://127.0.0.1:{port_of(server)}"


@contextmanager
def serve_mirror(port: int = 0, gone: Collection[str] = ()) -> Iterator[str]:
    """Run the fixture mirror in a background thread; yields its base URL. URLs in `gone`
    answer 404."""
    with serve_resources(build_mirror(), port, gone) as base:
        yield base
