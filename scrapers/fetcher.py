"""Client plus archive: every URL fetched conditionally against its archived copy and archived.

A 304 answer (or the same bytes again) yields the archived body with `changed=False`, so the crawl
can skip work it already did. Fetch failures become quarantine rows; the caller gets None.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from healthplans.scrapers.archive import Archive, ArchivedFetch
from healthplans.scrapers.http import FetchError, Response, Validators
from healthplans.scrapers.registry import Source

log = logging.getLogger(__name__)


class Client(Protocol):
    """What the crawl needs of an HTTP client (PoliteClient, ReplayClient)."""

    request_count: int

    def get(
        self, url: str, allowed_domains: tuple[str, ...] = (), validators: Validators | None = None
    ) -> Response: ...


@dataclass(frozen=True)
class Fetched:
    """A usable body and where it is archived."""

    url: str
    body: bytes
    content_type: str
    archived: ArchivedFetch

    @property
    def sha256(self) -> str:
        return self.archived.sha256

    @property
    def changed(self) -> bool:
        return self.archived.changed


@dataclass
class Fetcher:
    """Fetches for one crawl: conditional GET, archive every exchange, quarantine failures.

    It tallies its own calls and failures (by stage and reason), so a fetcher made per source
    with `for_source` says how that source's crawl went while the client is shared.
    """

    client: Client
    archive: Archive
    calls: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (stage, reason)

    @property
    def request_count(self) -> int:
        return self.client.request_count

    def for_source(self) -> Fetcher:
        """A fetcher on the same client and archive with tallies of its own."""
        return Fetcher(self.client, self.archive)

    def quarantine(
        self, url: str, source_id: str, stage: str, reason: str, detail: str = ""
    ) -> None:
        """Record why `url` gave nothing usable, in the archive and in this fetcher's tally."""
        self.failures.append((stage, reason))
        self.archive.quarantine(url, source_id, stage, reason, detail)

    def fetch(self, url: str, source: Source, stage: str) -> Fetched | None:
        """The body of `url` (archived), or None after quarantining the reason."""
        self.calls += 1
        try:
            resp = self.client.get(url, source.allowed_domains, self.archive.validators(url))
        except FetchError as exc:
            log.warning("%s %s failed: %s", source.id, url, exc)
            self.quarantine(url, source.id, stage, exc.reason, exc.detail)
            return None
        if getattr(self.client, "replays", False):
            return self._replayed(resp, source)
        try:
            stored = self.archive.store(resp, source.id)
        except KeyError as exc:  # 304 to a URL we hold nothing for: a broken server
            self.quarantine(url, source.id, stage, "not_modified_unknown", str(exc))
            return None
        if resp.not_modified:
            body = self.archive.read(url, stored.sha256)
            return Fetched(url, body, stored.content_type, stored)
        return Fetched(url, resp.body, resp.content_type, stored)

    def status(self, url: str, source: Source) -> int | None:
        """HTTP status of a conditional GET of `url` (304: unchanged since archived), or None
        when no status came back (timeout, robots, off-site redirect). A body is archived."""
        self.calls += 1
        try:
            resp = self.client.get(url, source.allowed_domains, self.archive.validators(url))
        except FetchError as exc:
            code = exc.reason.removeprefix("http_")
            if code != exc.reason and code.isdigit():
                return int(code)
            log.warning("%s %s: no status: %s", source.id, url, exc)
            return None
        if not getattr(self.client, "replays", False):
            try:
                self.archive.store(resp, source.id)
            except KeyError as exc:  # 304 to a URL we hold nothing for: a broken server
                log.warning("%s %s: %s", source.id, url, exc)
                return None
        return resp.status

    def _replayed(self, resp: Response, source: Source) -> Fetched:
        at = resp.fetched_at.isoformat()
        span = self.archive.seen_span(resp.url) or (at, at)
        stored = ArchivedFetch(
            resp.url, source.id, resp.sha256, at, resp.content_type, span[0], span[1], True
        )
        return Fetched(resp.url, resp.body, resp.content_type, stored)
