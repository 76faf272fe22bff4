"""A client that answers from the archive alone: the whole crawl re-run with no network.

It speaks the `PoliteClient.get` interface, so discovery and page fetching run unchanged; a URL
that was never archived fails like an unreachable page (reason `not_archived`) and is quarantined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from healthplans.scrapers.archive import Archive
from healthplans.scrapers.http import FetchError, Response, Validators


@dataclass
class ReplayClient:
    """Serves the newest archived copy of each URL; counts what it was asked for."""

    archive: Archive
    request_count: int = 0
    replays = True  # the fetcher must not archive these answers again

    def get(
        self,
        url: str,
        allowed_domains: Iterable[str] = (),
        validators: Validators | None = None,
    ) -> Response:
        self.request_count += 1
        copy = self.archive.latest(url)
        if copy is None:
            raise FetchError(url, "not_archived")
        headers = {"content-type": copy.content_type}
        if copy.validators.etag:
            headers["etag"] = copy.validators.etag
        if copy.validators.last_modified:
            headers["last-modified"] = copy.validators.last_modified
        return Response(
            url=url,
            final_url=url,
            status=copy.status,
            headers=headers,
            body=copy.body,
            fetched_at=datetime.fromisoformat(copy.captured_at)
            if copy.captured_at
            else datetime.now(UTC),
            attempts=1,
        )
