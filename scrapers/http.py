"""One polite HTTP client for every source.

Per-host rate limit, robots.txt, retries with exponential backoff on 429/5xx honouring Retry-After,
connect/read timeouts, a maximum body size, and redirects followed only inside a source's domains.
URLs are *logical* (the site's own address); a `UrlMap` decides where the bytes are really fetched,
so the bundled mirror on 127.0.0.1 and the live sites share every line of this code.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests

log = logging.getLogger(__name__)

USER_AGENT = (
    "healthplans-crawler/0.1 (+https://github.com/healthplans/healthplans; "
    "open dataset of public health-system plans)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A fetch that did not yield a usable body; `reason` is a short machine-readable code."""

    def __init__(self, url: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {url} {detail}".strip())
        self.url = url
        self.reason = reason
        self.detail = detail


class UrlMap:
    """Identity mapping: logical URLs are fetched as they are (live crawling)."""

    def to_network(self, url: str) -> str:
        return url

    def to_logical(self, url: str) -> str:
        return url


@dataclass(frozen=True)
class MirrorUrlMap(UrlMap):
    """Maps https://host/path to <base>/host/path, the layout of the fixture mirror."""

    base: str

    def to_network(self, url: str) -> str:
        parts = urlsplit(url)
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.base.rstrip('/')}/{parts.netloc}{parts.path or '/'}{query}"

    def to_logical(self, url: str) -> str:
        prefix = self.base.rstrip("/") + "/"
        if not url.startswith(prefix):
            return url
        rest = url[len(prefix) :]
        host, _, path = rest.partition("/")
        return f"https://{host}/{path}"


@dataclass(frozen=True)
class Response:
    """A successfully fetched body with what is needed to trace it."""

    url: str  # logical URL asked for
    final_url: str  # logical URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    attempts: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class ClientConfig:
    """Politeness and safety limits; defaults suit government portals."""

    min_interval_s: float = 2.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_body_bytes: int = 50 * 1024 * 1024
    max_retries: int = 3
    backoff_base_s: float = 1.0
    max_retry_after_s: float = 120.0
    user_agent: str = USER_AGENT


@dataclass
class PoliteClient:
    """Fetches logical URLs politely; see module docstring."""

    config: ClientConfig = field(default_factory=ClientConfig)
    url_map: UrlMap = field(default_factory=UrlMap)
    sleep: Callable[[float], None] = time.sleep
    request_count: int = 0

    def __post_init__(self) -> None:
        self._session = requests.Session()
        self._session.headers["User-Agent"] = self.config.user_agent
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def get(self, url: str, allowed_domains: Iterable[str] = ()) -> Response:
        """GET a logical URL, following redirects inside `allowed_domains` (and the URL's own)."""
        domains = {urlsplit(url).hostname or "", *allowed_domains}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_robots(current)
            resp, attempts = self._get_with_retries(current)
            if resp.is_redirect or resp.status_code in (301, 302, 303, 307, 308):
                target = self.url_map.to_logical(urljoin(resp.url, resp.headers.get("location", "")))
                resp.close()
                if not _inside(target, domains):
                    raise FetchError(url, "offsite_redirect", f"-> {target}")
                current = target
                continue
            body = self._read_body(url, resp)
            if resp.status_code >= 400:
                raise FetchError(url, f"http_{resp.status_code}")
            return Response(
                url=url,
                final_url=current,
                status=resp.status_code,
                headers={k.lower(): v for k, v in resp.headers.items()},
                body=body,
                fetched_at=datetime.now(UTC),
                attempts=attempts,
            )
        raise FetchError(url, "too_many_redirects")

    def _get_with_retries(self, url: str) -> tuple[requests.Response, int]:
        cfg = self.config
        for attempt in range(1, cfg.max_retries + 2):
            self._wait_turn(url)
            try:
                resp = self._session.get(
                    self.url_map.to_network(url),
                    timeout=(cfg.connect_timeout_s, cfg.read_timeout_s),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout as exc:
                if attempt > cfg.max_retries:
                    raise FetchError(url, "timeout", str(exc)) from exc
                self.sleep(cfg.backoff_base_s * 2 ** (attempt - 1))
                continue
            except requests.ConnectionError as exc:
                if attempt > cfg.max_retries:
                    raise FetchError(url, "connection_error", str(exc)) from exc
                self.sleep(cfg.backoff_base_s * 2 ** (attempt - 1))
                continue
            if resp.status_code in RETRY_STATUSES and attempt <= cfg.max_retries:
                delay = _retry_after(resp.headers.get("retry-after"))
                if delay is None:
                    delay = cfg.backoff_base_s * 2 ** (attempt - 1)
                resp.close()
                log.info("retrying %s after HTTP %s in %.1fs", url, resp.status_code, delay)
                self.sleep(min(delay, cfg.max_retry_after_s))
                continue
            return resp, attempt
        raise AssertionError("unreachable")  # the loop returns or raises

    def _read_body(self, url: str, resp: requests.Response) -> bytes:
        limit = self.config.max_body_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            resp.close()
            raise FetchError(url, "too_large", f"content-length {declared} > {limit}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, "too_large", f"body exceeds {limit} bytes")
                chunks.append(chunk)
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as exc:
            raise FetchError(url, "truncated", str(exc)) from exc
        except requests.Timeout as exc:
            raise FetchError(url, "timeout", str(exc)) from exc
        finally:
            resp.close()
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) < int(declared):
            raise FetchError(url, "truncated", f"{len(body)} of {declared} bytes")
        return body

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            last = self._last_request.get(host)
            now = time.monotonic()
            if last is not None:
                wait = self.config.min_interval_s - (now - last)
                if wait > 0:
                    self.sleep(wait)
            self._last_request[host] = time.monotonic()
            self.request_count += 1

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        parser = self._robots[origin]
        if parser is not None and not parser.can_fetch(self.config.user_agent, url):
            raise FetchError(url, "robots_disallowed")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        robots_url = f"{origin}/robots.txt"
        self._wait_turn(robots_url)
        try:
            resp = self._session.get(
                self.url_map.to_network(robots_url),
                timeout=(self.config.connect_timeout_s, self.config.read_timeout_s),
            )
        except requests.RequestException as exc:
            log.warning("robots.txt unreachable at %s (%s); proceeding", robots_url, exc)
            return None
        if resp.status_code >= 400:
            return None  # no robots.txt: everything allowed (RFC 9309)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(resp.text.splitlines())
        return parser


def _inside(url: str, domains: set[str]) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in domains if d)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
