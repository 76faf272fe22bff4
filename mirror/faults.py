"""A misbehaving site on 127.0.0.1 for the crawler's fault suite (logical host `faults.test`).

Every way a government portal has been seen to fail has a route: a 500 before a 200, 429 with
Retry-After, a read timeout, a truncated body, bodies over the size limit, a redirect off the site,
a path robots.txt forbids, a page declaring UTF-8 but encoded GBK, and a "PDF" that is HTML.
The list page links all of them; `hits` counts requests per path, `outage` makes every route 503.
"""

from __future__ import annotations

import contextlib
import time
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
