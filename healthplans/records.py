"""Records handed from one stage to the next: what the crawl found and fetched, what a liveness
check saw, and what could not be used and why.

They sit below the crawler and the dataset code so that either can use them without importing the
other: the crawler fills them, the dataset layer turns them into published rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from healthplans.parsing.model import SourceHints


@dataclass(frozen=True)
class Publication:
    """A plan found on a list page."""

    source_id: str
    url: str
    title: str
    list_date: str | None
    listing_url: str


@dataclass(frozen=True)
class FetchedCopy:
    """One copy of a plan as fetched from one site, with the text the parser will read."""

    source_id: str
    page_url: str  # the article page
    url: str  # where the text came from: the page itself or its PDF attachment
    format: str  # html | pdf
    sha256: str  # of the archived bytes the text came from
    fetched_at: str  # when those bytes were first captured
    first_seen: str
    last_seen: str
    charset: str | None
    text: str
    hints: SourceHints
    official: bool


@dataclass(frozen=True)
class SourceObservation:
    """What one crawl or liveness check saw of one known URL (dataset/vanished.py reads them)."""

    url: str
    status: int | None  # HTTP status of the fetch; None when not fetched or the fetch failed
    seen_in_listing: bool | None  # listed on its listing page; None when the listing wasn't crawled
    at: datetime


@dataclass(frozen=True)
class QuarantineEntry:
    """Something that could not be fetched or parsed, and why."""

    url: str
    source_id: str
    stage: str
    reason: str
    detail: str
    at: str


@dataclass(frozen=True)
class SourceRun:
    """How one crawl of one source went: what its lists held and what could be fetched.

    `outcome`: `ok` (list pages read), `unchanged` (the lists are the bytes read last time),
    `blocked` (robots.txt, 401/403/412, a challenge or WAF page in place of the list) or `failed`
    (no list page could be read for another reason: `reason` says which).
    """

    source_id: str
    started_at: str  # ISO 8601, UTC
    finished_at: str
    outcome: str
    listed: int  # new list entries read this run, plans or not
    new: int  # of those, the ones kept as plans
    fetched: int  # copies stored this run
    failed: int  # fetches or reads that failed, any stage
    blocked: int  # of those, refused by the site (robots, 401/403/412, challenge, WAF)
    reason: str | None = None  # the first listing failure, when the run was not ok


@dataclass(frozen=True)
class SourceDescription:
    """What the registry says of a source, as the `source_status` table needs it."""

    source_id: str
    name: str
    region_code: str
    admin_level: str
    cms: str
    enabled: bool
    confidence: str
