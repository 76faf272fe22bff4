"""A misbehaving site on 127.0.0.1 for the crawler's fault suite (logical host `faults.test`).

Every way a government portal has been seen to fail has a route: a 500 before a 200, 429 with
Retry-After, a read timeout, a truncated body, bodies over the size limit, a redirect off the site,
a path robots.txt forbids, a page declaring UTF-8 but encoded GBK, and a "PDF" that is HTML.
The list page links all of them; `hits` counts requests per path, `outage` makes every route 503.

Hostile routes (under /hostile/, not on the main list, so each test points a source at the one it
wants) answer with what a server controls and the crawler must bound or refuse: a GBK page served
as ISO-8859-1, a gzip-encoded body larger encoded than decoded, a gzip bomb, a body trickled byte
by byte (slow loris), server-claimed page counts of 10^8, lists linking other hosts and `file:`,
`data:` and malformed-IPv6 URLs, an attachment on another host, and a list the adapter cannot read.
Two more logical hosts have only a robots.txt that misbehaves: `down.test` answers 503 and
`bomb.test` a gzip bomb; `hits` counts their paths with the host in front (/down.test/...).
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from healthplans.mirror.loopback import port_of, running

HOST = "faults.test"
LIST_PATH = "/list/index.html"
RETRY_AFTER_S = 7
SLOW_S = 1.0  # longer than the read timeout the tests give the client
TRUNCATED_DECLARED = 5000
HUGE_BYTES = 2 * 1024 * 1024  # over the 1 MiB limit the tests give the client

# path → (list title, what the route does); titles pass the registry's health-plan filter
ROUTES: dict[str, str] = {
    "/art/ok.html": "正常页面",
    "/art/flaky500.html": "先500后200",
    "/art/ratelimited.html": "429与Retry-After",
    "/art/slow.html": "读取超时",
    "/art/truncated.html": "截断的正文",
    "/art/huge.html": "声明超限的正文",
    "/art/huge-stream.html": "未声明长度的超限正文",
    "/art/offsite.html": "跳转到其他域名",
    "/private/secret.html": "robots禁止",
    "/art/mislabelled.html": "声明UTF-8实为GBK",
    "/art/fakepdf.html": "附件不是PDF",
}
DOWN_HOST = "down.test"  # robots.txt answers 503
BOMB_HOST = "bomb.test"  # robots.txt is a gzip bomb
BOMB_DECODED = 64 * 1024 * 1024  # zeros, about 64 KB gzip-encoded
TRICKLE_INTERVAL_S = 0.05
TRICKLE_MAX_S = 10.0  # the server gives up eventually even if nobody hangs up
CLAIMED_PAGES = 100_000_000
PLAN_TITLE = "市卫生健康委关于印发医疗卫生工作方案的通知"
ARTICLE_TEXT = "一、总体要求。到2025年，每千人口执业(助理)医师数达到3.2人。二、重点任务。"


def article_html(title: str, extra: str = "", charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
        f'<div class="title"><h1>{title}</h1></div>'
        f'<div class="info"><span class="time">2024-05-06</span></div>'
        f'<div class="content"><p>{ARTICLE_TEXT}</p>{extra}</div></body></html>'
    )


def list_html() -> str:
    items = "".join(
        f'<li><a href="{path}">市卫生健康委关于印发医疗卫生工作方案的通知（{label}）</a>'
        f"<span>2024-05-06</span></li>"
        for path, label in ROUTES.items()
    )
    return f'<html><head><meta charset="utf-8"></head><body><ul>{items}</ul></body></html>'


def hostile_list_html(links: list[str], pager: str = "") -> str:
    """A list page whose entries link `links`, each titled as a plan."""
    items = "".join(
        f'<li><a href="{href}">{PLAN_TITLE}（{i}）</a><span>2024-05-06</span></li>'
        for i, href in enumerate(links)
    )
    return f'<html><head><meta charset="utf-8"></head><body><ul>{items}</ul>{pager}</body></html>'


# path → list page; the links are what the crawler must check before fetching
HOSTILE_LISTS: dict[str, str] = {
    "/hostile/offsite-list.html": hostile_list_html(
        ["https://evil.example/plan.html", "//evil.example/other.html", "/art/ok.html"]
    ),
    "/hostile/bad-links.html": hostile_list_html(
        [
            "file:///etc/passwd",
            "data:text/html,<h1>x</h1>",
            "javascript:alert(1)",
            "http://[::1/broken",
            "https://faults.test:99999/port.html",
            "/art/ok.html",
        ]
    ),
    "/hostile/trs-claims.html": hostile_list_html(
        ["/art/ok.html"], f'<script>createPageHTML({CLAIMED_PAGES}, 0, "index", "html");</script>'
    ),
    "/hostile/many-links.html": hostile_list_html([f"/art/n{i}.html" for i in range(5000)]),
}
OFFSITE_ATTACHMENT = "https://evil.example/files/plan.pdf"


@functools.cache
def gzip_bomb() -> bytes:
    """BOMB_DECODED zero bytes, gzip-encoded (built once, streamed through zlib)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(BOMB_DECODED // len(block))]
    return b"".join([*parts, packer.flush()])


@functools.cache
def incompressible_pdf() -> bytes:
    """A 'PDF' of random bytes: gzip makes it larger, as it does real PDFs' compressed streams."""
    return b"%PDF-1.4\n" + os.urandom(64 * 1024) + b"\n%%EOF\n"


@dataclass
class FaultSite:
    """Shared state of a running fault server."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    outage: bool = False


def _handler(site: FaultSite) -> type[BaseHTTPRequestHandler]:
    class FaultHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].removeprefix(f"/{HOST}")
            site.hits[path] += 1
            n = site.hits[path]
            if site.outage:
                self._send(503, b"down for maintenance")
            elif path.startswith(("/hostile/", f"/{DOWN_HOST}/", f"/{BOMB_HOST}/")):
                self._hostile(path)
            elif path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == LIST_PATH:
                self._send(200, list_html().encode())
            elif path == "/art/flaky500.html" and n == 1:
                self._send(500, b"internal error")
            elif path == "/art/ratelimited.html" and n == 1:
                self._send(429, b"slow down", extra={"Retry-After": str(RETRY_AFTER_S)})
            elif path == "/art/slow.html":
                time.sleep(SLOW_S)
                self._send(200, article_html("slow").encode())
            elif path == "/art/truncated.html":
                self._raw_truncated()
            elif path == "/art/huge.html":
                self._send(200, b"x" * HUGE_BYTES)
            elif path == "/art/huge-stream.html":
                self._raw_unsized(b"x" * HUGE_BYTES)
            elif path == "/art/offsite.html":
                self._send(302, b"", extra={"Location": f"{site.base}/evil.example/plan.html"})
            elif path == "/art/mislabelled.html":
                # The header and the meta tag both say UTF-8; the bytes are GBK.
                title = "市卫生健康委关于印发医疗卫生工作方案的通知"
                self._send(200, article_html(title).encode("gbk"), "text/html; charset=utf-8")
            elif path == "/art/fakepdf.html":
                link = '<p>附件：<a href="/files/plan.pdf">方案.pdf</a></p>'
                self._send(200, article_html("附件说明", link).encode())
            elif path == "/files/plan.pdf":
                self._send(200, b"<html>file not found</html>", "application/pdf")
            elif path in ROUTES:
                self._send(200, article_html(f"医疗卫生工作方案 {path}").encode())
            else:
                self._send(404, b"not found")

        def _hostile(self, path: str) -> None:
            if path == f"/{DOWN_HOST}/robots.txt":
                self._send(503, b"service unavailable", "text/plain")
            elif path == f"/{BOMB_HOST}/robots.txt":
                self._send(200, gzip_bomb(), "text/plain", extra={"Content-Encoding": "gzip"})
            elif path in HOSTILE_LISTS:
                self._send(200, HOSTILE_LISTS[path].encode())
            elif path == "/hostile/gbk-as-latin1.html":
                # The header says ISO-8859-1 (a server default); the meta tag and the bytes: GBK.
                body = article_html(PLAN_TITLE, charset="gbk").encode("gbk")
                self._send(200, body, "text/html; charset=ISO-8859-1")
            elif path == "/hostile/gzip.pdf":
                packed = zlib.compress(incompressible_pdf(), 9, wbits=31)
                self._send(200, packed, "application/pdf", extra={"Content-Encoding": "gzip"})
            elif path == "/hostile/bomb.html":
                self._send(200, gzip_bomb(), extra={"Content-Encoding": "gzip"})
            elif path == "/hostile/slowloris.html":
                self._trickle()
            elif path == "/hostile/offsite-attachment.html":
                link = f'<p>附件：<a href="{OFFSITE_ATTACHMENT}">方案.pdf</a></p>'
                self._send(200, article_html(PLAN_TITLE, link).encode())
            elif path == "/hostile/unreadable.json":
                self._send(200, b'{"searchVO": {"listVO": [1, 2, 3]}}', "application/json")
            else:
                self._send(404, b"not found")

        def _trickle(self) -> None:
            """Headers at once, then one byte of the body at a time, never finishing."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            stop = time.monotonic() + TRICKLE_MAX_S
            with contextlib.suppress(OSError):  # the client hangs up at its deadline
                while time.monotonic() < stop:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(TRICKLE_INTERVAL_S)
            self.close_connection = True

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client may hang up first (size limit)
                self.wfile.write(body)

        def _raw_truncated(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(TRUNCATED_DECLARED))
            self.end_headers()
            self.wfile.write(b"<html><body>" + b"a" * 100)
            self.close_connection = True

        def _raw_unsized(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(OSError):  # the client hangs up past the size limit
                self.wfile.write(body)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests read `site.hits`."""

    return FaultHandler


@contextmanager
def serve_faults() -> Iterator[FaultSite]:
    """Run the fault site in a background thread; yields its state (base URL set)."""
    site = FaultSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{port_of(server)}"
    with running(server):
        yield site
