"""One polite HTTP client for every source.

Per-host rate limit, robots.txt, retries with exponential backoff on 429/5xx, timeouts and
truncated bodies (honouring Retry-After), a maximum decoded body size (a gzip bomb stops at the
limit), an overall deadline per response (a slow-loris body that trickles bytes forever fails),
redirects followed only inside a source's domains and schemes, and conditional GET: given the
validators of the archived copy, a 304 answer comes back as a `Response` with status 304 and no
body, for the caller to reuse what it archived.
URLs are *logical* (the site's own address); a `UrlMap` decides where the bytes are really fetched,
so the bundled mirror on 127.0.0.1 and the live sites share every line of this code.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from protego import Protego

from healthplans.scrapers.scope import scope_problem

log = logging.getLogger(__name__)

USER_AGENT = (
    "healthplans-crawler/0.1 (+https://github.com/healthplans/healthplans; "
    "open dataset of public health-system plans)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Failures worth another try: the next attempt may well get the whole body in time.
RETRY_REASONS = frozenset({"timeout", "truncated", "connection_error"})
MAX_REDIRECTS = 5
REDIRECT_SCHEMES = ("https", "http")
NOT_MODIFIED = 304
DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /")
# Where the fixture mirror lists the hosts it reconstructs (no host name starts with "_").
MIRROR_HOSTS_INDEX = "_hosts.json"


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

    def served_hosts(self) -> frozenset[str]:
        """The hosts the mirror reconstructs, from its index; raises FetchError when the
        mirror does not answer (it is local: there is nothing to retry)."""
        url = f"{self.base.rstrip('/')}/{MIRROR_HOSTS_INDEX}"
        try:
            resp = requests.get(url, timeout=10)
            resp.raise_for_status()
            return frozenset(str(h) for h in resp.json())
        except (requests.RequestException, ValueError) as exc:
            raise FetchError(url, "mirror_unavailable", str(exc)) from exc

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
class Validators:
    """What a server said about the archived copy, sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class Response:
    """A fetched body (empty for 304 Not Modified) with what is needed to trace it."""

    url: str  # logical URL asked for
    final_url: str  # logical URL after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    attempts: int
    request_headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == NOT_MODIFIED

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))

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
    # Per-host overrides of min_interval_s, e.g. a slower pace for a fragile portal.
    host_intervals: dict[str, float] = field(default_factory=dict)
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_body_bytes: int = 50 * 1024 * 1024  # decoded bytes
    deadline_s: float = 300.0  # one response, first byte to last, however slowly it trickles
    max_robots_bytes: int = 500 * 1024  # RFC 9309 lets a crawler ignore what follows
    max_crawl_delay_s: float = 60.0  # a Crawl-delay above this is taken as this
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
    request_log: list[str] = field(default_factory=list)  # logical URLs, robots.txt included

    def __post_init__(self) -> None:
        self._local = threading.local()  # one requests.Session per thread
        self._next_slot: dict[str, float] = {}  # per host: when its next request may start
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    @property
    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self.config.user_agent
            self._local.session = session
        return session

    def get(
        self,
        url: str,
        allowed_domains: Iterable[str] = (),
        validators: Validators | None = None,
    ) -> Response:
        """GET a logical URL, following redirects inside `allowed_domains` (and the URL's own).

        Raises FetchError with a reason code when no usable body arrives.
        """
        try:
            domains = {urlsplit(url).hostname or "", *allowed_domains}
        except ValueError as exc:  # e.g. a malformed IPv6 literal
            raise FetchError(url, "malformed_url", str(exc)) from exc
        extra = validators.headers() if validators else {}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_robots(current)
            status, headers, body, attempts = self._get_with_retries(current, extra)
            if status in (301, 302, 303, 307, 308):
                target = self.url_map.to_logical(
                    urljoin(self.url_map.to_network(current), headers.get("location", ""))
                )
                if scope_problem(target, domains, REDIRECT_SCHEMES) is not None:
                    raise FetchError(url, "offsite_redirect", f"-> {target}")
                current = target
                continue
            if status >= 400:
                raise FetchError(url, f"http_{status}")
            return Response(
                url=url,
                final_url=current,
                status=status,
                headers=headers,
                body=body,
                fetched_at=datetime.now(UTC),
                attempts=attempts,
                request_headers={"User-Agent": self.config.user_agent, **extra},
            )
        raise FetchError(url, "too_many_redirects")

    def interval_for(self, host: str) -> float:
        """Seconds between two requests to `host`: the configured pace, or the Crawl-delay its
        robots.txt asks for when that is longer (bounded by `max_crawl_delay_s`)."""
        interval = self.config.host_intervals.get(host, self.config.min_interval_s)
        delays = [
            min(float(d), self.config.max_crawl_delay_s)
            for origin, rules in list(self._robots.items())
            if rules is not None
            and urlsplit(origin).hostname == host
            and (d := rules.crawl_delay(self.config.user_agent)) is not None
        ]
        return max([interval, *delays])

    def _get_with_retries(
        self, url: str, extra_headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes, int]:
        cfg = self.config
        for attempt in range(1, cfg.max_retries + 2):
            last_try = attempt > cfg.max_retries
            backoff = cfg.backoff_base_s * 2 ** (attempt - 1)
            self._wait_turn(url)
            try:
                resp = self._session.get(
                    self.url_map.to_network(url),
                    headers=extra_headers,
                    timeout=(cfg.connect_timeout_s, cfg.read_timeout_s),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout as exc:
                if last_try:
                    raise FetchError(url, "timeout", str(exc)) from exc
                self.sleep(backoff)
                continue
            except requests.ConnectionError as exc:
                if last_try:
                    raise FetchError(url, "connection_error", str(exc)) from exc
                self.sleep(backoff)
                continue
            except (requests.RequestException, ValueError) as exc:  # an unusable URL
                raise FetchError(url, "bad_request", f"{type(exc).__name__}: {exc}") from exc
            headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code in RETRY_STATUSES and not last_try:
                delay = _retry_after(headers.get("retry-after"))
                resp.close()
                log.info("retrying %s after HTTP %s", url, resp.status_code)
                self.sleep(min(backoff if delay is None else delay, cfg.max_retry_after_s))
                continue
            if resp.is_redirect or resp.status_code == NOT_MODIFIED:
                resp.close()
                return resp.status_code, headers, b"", attempt
            try:
                body = self._read_body(url, resp)
            except FetchError as exc:
                if exc.reason not in RETRY_REASONS or last_try:
                    raise
                self.sleep(backoff)
                continue
            return resp.status_code, headers, body, attempt
        raise AssertionError("unreachable")  # the loop returns or raises

    def _read_body(self, url: str, resp: requests.Response, limit: int | None = None) -> bytes:
        """The decoded body, at most `limit` bytes, within the deadline.

        A body with a Content-Encoding is checked for truncation by the bytes that came over the
        wire (Content-Length counts the encoded body), not by its decoded length.
        """
        limit = self.config.max_body_bytes if limit is None else limit
        declared = resp.headers.get("content-length")
        encoded = bool(
            resp.headers.get("content-encoding", "identity").strip() not in ("", "identity")
        )
        if declared and declared.isdigit() and int(declared) > limit and not encoded:
            resp.close()
            raise FetchError(url, "too_large", f"content-length {declared} > {limit}")
        chunks: list[bytes] = []
        size = 0
        started = time.monotonic()
        try:
            # read1: whatever one read of the socket brings, so a body trickled a byte at a
            # time still comes back between reads and the deadline is checked.
            while chunk := resp.raw.read1(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, "too_large", f"body exceeds {limit} bytes (decoded)")
                if time.monotonic() - started > self.config.deadline_s:
                    raise FetchError(url, "deadline", f"body over {self.config.deadline_s} s")
                chunks.append(chunk)
            wire = resp.raw.tell() if encoded else size
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise FetchError(url, "timeout", str(exc)) from exc
        except urllib3.exceptions.DecodeError as exc:
            raise FetchError(url, "bad_encoding", str(exc)) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            # The connection ended before the body did (IncompleteRead, reset).
            reason = "timeout" if "timed out" in str(exc) else "truncated"
            raise FetchError(url, reason, str(exc)) from exc
        finally:
            resp.close()
        if declared and declared.isdigit() and wire < int(declared):
            raise FetchError(url, "truncated", f"{wire} of {declared} bytes")
        return b"".join(chunks)

    def _wait_turn(self, url: str) -> None:
        """Take the host's next free slot and sleep until it comes. Slots are handed out under
        the lock and slept outside it, so threads on other hosts never wait for this one."""
        host = urlsplit(url).hostname or ""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + self.interval_for(host)
            self.request_count += 1
            self.request_log.append(url)
        if start > now:
            self.sleep(start - now)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per origin, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if rules is not None and not rules.can_fetch(url, self.config.user_agent):
            raise FetchError(url, "robots_disallowed")

    def _load_robots(self, origin: str) -> Protego | None:
        """The origin's rules (RFC 9309, parsed by protego: wildcards, Allow/Disallow by longest
        match, Crawl-delay). Missing (4xx): everything allowed. Unreachable, or answering 5xx or
        429: everything disallowed for this run, as RFC 9309 asks. Read to a bounded size."""
        robots_url = f"{origin}/robots.txt"
        self._wait_turn(robots_url)
        try:
            resp = self._session.get(
                self.url_map.to_network(robots_url),
                timeout=(self.config.connect_timeout_s, self.config.read_timeout_s),
                stream=True,
            )
        except requests.RequestException as exc:
            log.warning(
                "robots.txt unreachable at %s (%s): the site is disallowed", robots_url, exc
            )
            return DISALLOW_ALL
        if resp.status_code >= 400 and resp.status_code not in RETRY_STATUSES:
            resp.close()
            return None  # no robots.txt: everything allowed (RFC 9309)
        try:
            if resp.status_code in RETRY_STATUSES:
                resp.close()
                raise FetchError(robots_url, f"http_{resp.status_code}")
            body = self._read_body(robots_url, resp, limit=self.config.max_robots_bytes)
        except FetchError as exc:
            log.warning("robots.txt at %s unusable (%s): the site is disallowed", robots_url, exc)
            return DISALLOW_ALL
        return Protego.parse(body.decode("utf-8", errors="replace"))


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
