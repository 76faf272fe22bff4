"""Discovery and fetching: list pages → publications → archived article pages and attachments.

Incremental: a list page whose bytes equal those read last time is not parsed, a listing stops at
the first entry already known (or, for date-sorted lists, older than the newest known), and a
publication whose copy is stored is not fetched again. Failures of one page become quarantine
entries in the archive and the crawl goes on.

Bounded and scoped: at most `max_list_pages` pages and `max_items_per_list` entries per list page
are read, and a link outside the source's domains or schemes is quarantined (`out_of_scope`), never
fetched. One bad item or list page never aborts the source: an unexpected error is quarantined
with its type and the crawl goes on. Only local failures (a corrupt database, a full disk, a
damaged archive) stop the crawl, since no later item could succeed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from healthplans.parsing.article import read_article
from healthplans.parsing.article.challenge import ERROR_PAGE_KINDS
from healthplans.parsing.formats import UnreadableDocumentError, read_document, sniff
from healthplans.parsing.formats.charset import decode_body
from healthplans.parsing.model import SourceHints
from healthplans.parsing.relevance import judge_title
from healthplans.records import SourceRun
from healthplans.scrapers.adapters import Listing, listing_parser
from healthplans.scrapers.archive import Archive, ArchivedFetch
from healthplans.scrapers.fetcher import Fetched, Fetcher
from healthplans.scrapers.pages import ListingItem, PageStructureError, parse_article
from healthplans.scrapers.registry import Source
from healthplans.scrapers.sqlite_store import LocalStorageError, is_local_failure
from healthplans.scrapers.state import CrawlState, FetchedCopy, Publication, SeenItem

__all__ = [
    "CrawlResult",
    "FetchedCopy",
    "Publication",
    "StateIntegrityError",
    "checked_copy",
    "crawl_source",
    "discover",
    "fetch_copy",
]

log = logging.getLogger(__name__)
# An article body shorter than this that links a PDF is a cover note; the plan is the attachment.
COVER_NOTE_MAX_CHARS = 1500
T = TypeVar("T")


# Failure reasons that mean the site refused us, as opposed to being broken or unreachable.
BLOCKED_REASONS = frozenset(
    {"robots_disallowed", "http_401", "http_403", "http_412", "challenge", "waf_block"}
)


@dataclass(frozen=True)
class CrawlResult:
    """What one crawl of one source found, and how it went."""

    source_id: str
    new_publications: list[Publication]
    new_copies: list[FetchedCopy]
    requests: int
    run: SourceRun


@dataclass
class _Walk:
    """One source's list walk: what it found and which pages are still to read."""

    found: list[Publication] = field(default_factory=list)
    entries: int = 0  # new list entries read, kept or not
    pages_read: int = 0  # list pages fetched and parsed
    queue: list[str] = field(default_factory=list)
    queued: set[str] = field(default_factory=set)


def discover(source: Source, fetcher: Fetcher, state: CrawlState) -> list[Publication]:
    """Walk a source's list pages up to what is already known; returns the new publications."""
    return _walk(source, fetcher, state).found


def _walk(source: Source, fetcher: Fetcher, state: CrawlState) -> _Walk:
    parse = listing_parser(source)
    known = state.known_items(source.id)
    watermark = state.watermark(source.id) if source.date_watermark else None
    walk = _Walk()
    for entry in source.entry_points:
        walk.queue, walk.queued, pages = [entry], {entry}, 0
        while walk.queue and pages < source.max_list_pages:
            url = walk.queue.pop(0)
            pages += 1
            read = partial(_read_list_page, url, source, fetcher, state, parse, known, watermark)
            step = _isolated(fetcher, source, url, "listing", partial(read, walk))
            if step is None or step:
                break  # failed, unchanged, or reached what is known: nothing new from here on
    log.info("%s: %d new publications", source.id, len(walk.found))
    return walk


def _read_list_page(
    url: str,
    source: Source,
    fetcher: Fetcher,
    state: CrawlState,
    parse: Callable[..., Listing],
    known: set[str],
    watermark: str | None,
    walk: _Walk,
) -> bool:
    """Read one list page into the state; True when the walk should stop here."""
    if (problem := source.out_of_scope(url)) is not None:
        fetcher.quarantine(url, source.id, "listing", "out_of_scope", problem)
        return True
    got = fetcher.fetch(url, source, stage="listing")
    if got is None or state.listing_sha(url) == got.sha256:
        return True  # unreachable, or the same bytes as last time
    try:
        listing = parse(got.body, got.content_type, url, source)
    except PageStructureError as exc:
        fetcher.quarantine(url, source.id, "listing", _listing_problem(got), str(exc))
        return True
    walk.pages_read += 1
    items = listing.items
    if len(items) > source.max_items_per_list:
        fetcher.quarantine(
            url,
            source.id,
            "listing",
            "too_many_items",
            f"{len(items)} entries, read the first {source.max_items_per_list}",
        )
        items = items[: source.max_items_per_list]
    in_scope = []
    for item in items:
        if (problem := source.out_of_scope(item.url)) is not None:
            fetcher.quarantine(item.url, source.id, "listing", "out_of_scope", problem)
        else:
            in_scope.append(item)
    fresh, reached_known = _new_items(in_scope, known, watermark)
    seen = [SeenItem(_publication(source, i, url), judge_title(i.title)) for i in fresh]
    state.record_listing(url, got.sha256, seen)
    known.update(i.url for i in fresh)
    walk.entries += len(seen)
    walk.found.extend(s.publication for s in seen if s.kept)
    if reached_known:
        return True
    # Adapters give an entry page's pager, or (fragment APIs) each page's next one.
    fresh_pages = [p for p in listing.more_pages if p not in walk.queued]
    walk.queued.update(fresh_pages)
    walk.queue.extend(fresh_pages)
    return False


def _listing_problem(got: Fetched) -> str:
    """Why a list page has no list: a challenge, block or error page the portal served in its
    place (by kind), or a layout the adapter does not know."""
    rejected = read_article(decode_body(got.body, got.content_type)[0], got.url).rejected
    return rejected if rejected in ERROR_PAGE_KINDS else "page_structure"


def _isolated(
    fetcher: Fetcher, source: Source, url: str, stage: str, step: Callable[[], T]
) -> T | None:
    """Run one item's step; an unexpected error is quarantined (the source goes on), a local
    failure is raised (nothing after it could succeed)."""
    try:
        return step()
    except Exception as exc:
        if is_local_failure(exc):
            raise
        log.exception("%s %s: %s failed", source.id, url, stage)
        fetcher.quarantine(url, source.id, stage, f"error:{type(exc).__name__}", str(exc))
        return None


def _new_items(
    items: list[ListingItem], known: set[str], watermark: str | None
) -> tuple[list[ListingItem], bool]:
    """Entries before the first known one (or the first older than the watermark); linear."""
    fresh: list[ListingItem] = []
    seen: set[str] = set()
    for item in items:
        if item.url in known or (watermark and item.date and item.date < watermark):
            return fresh, True
        if item.url not in seen:
            seen.add(item.url)
            fresh.append(item)
    return fresh, False


def _publication(source: Source, item: ListingItem, listing_url: str) -> Publication:
    return Publication(source.id, item.url, item.title, item.date, listing_url)


def crawl_source(source: Source, fetcher: Fetcher, state: CrawlState) -> CrawlResult:
    """Discover new publications and fetch every publication of the source not yet stored; the
    run's tallies are recorded in the crawl state (the `source_status` table reads them)."""
    started = datetime.now(UTC).isoformat()
    own = fetcher.for_source()
    walk = _walk(source, own, state)
    copies = []
    for pub in state.without_copy(source.id):
        copy = _isolated(own, source, pub.url, "article", partial(fetch_copy, pub, source, own))
        if copy is not None:
            state.save_copy(copy)
            copies.append(copy)
    run = _run_record(source.id, started, walk, own, len(copies))
    state.record_run(run)
    return CrawlResult(source.id, walk.found, copies, own.calls, run)


def _run_record(source_id: str, started: str, walk: _Walk, own: Fetcher, fetched: int) -> SourceRun:
    listing = [reason for stage, reason in own.failures if stage == "listing"]
    blocked = sum(reason in BLOCKED_REASONS for _, reason in own.failures)
    if walk.pages_read:
        outcome, reason = "ok", None
    elif not listing:
        outcome, reason = "unchanged", None
    else:
        reason = listing[0]
        outcome = "blocked" if reason in BLOCKED_REASONS else "failed"
    return SourceRun(
        source_id=source_id,
        started_at=started,
        finished_at=datetime.now(UTC).isoformat(),
        outcome=outcome,
        listed=walk.entries,
        new=len(walk.found),
        fetched=fetched,
        failed=len(own.failures),
        blocked=blocked,
        reason=reason,
    )


def stored_copies(
    sources: Mapping[str, Source], archive: Archive, state: CrawlState
) -> list[FetchedCopy]:
    """Every stored copy of the given sources' publications, each checked against the archived
    bytes it names (see checked_copy), in the order the publications were found."""
    out = []
    for pub in state.publications(sources):
        copy = state.copy(pub)
        if copy is not None and (
            checked := checked_copy(copy, pub, sources[pub.source_id], archive, state)
        ):
            out.append(checked)
    return out


@dataclass(frozen=True)
class PageText:
    """What the crawler takes from an article page; `rejected` says why it holds no plan."""

    text: str
    hints: SourceHints
    attachments: tuple[str, ...]
    rejected: str | None = None
    detail: str = ""


def read_page(html: str, url: str, source: Source) -> PageText:
    """The registry's selectors first (they know the site); where they do not match, the
    layout-agnostic reader, which also recognizes challenge, WAF and soft-404 pages."""
    try:
        article = parse_article(html, url, source.article)
    except PageStructureError as exc:
        reading = read_article(html, url)
        # A notice too short to be prose that links files is a cover note: the plan is attached.
        cover_note = reading.rejected == "no_body" and bool(reading.attachments)
        if reading.rejected and not cover_note:
            return PageText("", SourceHints(), (), reading.rejected, reading.detail or str(exc))
        attachments = tuple(u for u, _ in reading.attachments)
        return PageText(reading.document_text, reading.fields.hints(), attachments)
    text = "\n".join(t for t in (article.title, article.text) if t)
    return PageText(text, article.hints, article.attachments)


def fetch_copy(pub: Publication, source: Source, fetcher: Fetcher) -> FetchedCopy | None:
    """Fetch and archive a publication's page, and its attachment when the page is a cover
    note (PDF, DOCX, DOC/WPS, OFD, XLSX, ZIP: typed by content, not by link or header)."""
    got = fetcher.fetch(pub.url, source, stage="article")
    if got is None:
        return None
    if sniff(got.body) not in ("html", "text"):
        return _document_copy(pub, source, got, fetcher, SourceHints(title=pub.title))
    html, charset = decode_body(got.body, got.content_type)
    page = read_page(html, pub.url, source)
    if page.rejected is not None:
        fetcher.quarantine(pub.url, source.id, "article", page.rejected, page.detail)
        return None
    hints = page.hints
    if hints.publish_date is None and pub.list_date:
        hints = replace(hints, publish_date=pub.list_date)
    if len(page.text) <= COVER_NOTE_MAX_CHARS and page.attachments:
        for link in page.attachments:
            if (problem := source.out_of_scope(link)) is not None:
                fetcher.quarantine(link, source.id, "attachment", "out_of_scope", problem)
                continue
            attached = fetcher.fetch(link, source, stage="attachment")
            if attached is not None and (
                copy := _document_copy(pub, source, attached, fetcher, hints)
            ):
                return copy
    return _copy(pub, source, got.archived, "html", charset, page.text, hints)


def document_text(body: bytes) -> tuple[str, str]:
    """(format, text) of an attachment's bytes; raises UnreadableDocumentError."""
    reading = read_document(body)
    if reading.kind == "html" or reading.rejected:
        raise UnreadableDocumentError(f"not an attachment but a page ({reading.rejected})")
    return reading.kind, reading.text


def _document_copy(
    pub: Publication, source: Source, got: Fetched, fetcher: Fetcher, page_hints: SourceHints
) -> FetchedCopy | None:
    try:
        kind, text = document_text(got.body)
    except UnreadableDocumentError as exc:
        # A page where a file was linked (an error page served as application/pdf) is named
        # apart from a file no reader can open.
        reason = "not_a_document" if sniff(got.body) in ("html", "text") else "unreadable"
        fetcher.quarantine(got.url, source.id, "attachment", reason, str(exc))
        return None
    return _copy(pub, source, got.archived, kind, None, text, page_hints)


def _copy(
    pub: Publication,
    source: Source,
    stored: ArchivedFetch,
    fmt: str,
    charset: str | None,
    text: str,
    hints: SourceHints,
) -> FetchedCopy:
    return FetchedCopy(
        source_id=source.id,
        page_url=pub.url,
        url=stored.url,
        format=fmt,
        sha256=stored.sha256,
        fetched_at=stored.fetched_at,
        first_seen=stored.first_seen,
        last_seen=stored.last_seen,
        charset=charset,
        text=text,
        hints=hints,
        official=source.official,
    )


class StateIntegrityError(LocalStorageError):
    """The crawl state names archived bytes that the archive does not hold."""


def checked_copy(
    copy: FetchedCopy, pub: Publication, source: Source, archive: Archive, state: CrawlState
) -> FetchedCopy | None:
    """A stored copy with its text re-derived from the archived bytes it names.

    The crawl state is a cache of the archive: its text is never trusted over those bytes (an
    edited or stale row would publish numbers no archived document says). The archive read is
    itself checked (sha256, URL, CRC). A differing row is repaired from the archive and logged.
    """
    try:
        body = archive.read(copy.url, copy.sha256)
    except KeyError as exc:
        raise StateIntegrityError(state.path, exc) from exc
    try:
        text = _derived_text(copy, body, archive.content_type(copy.url, copy.sha256), source)
    except (PageStructureError, UnreadableDocumentError) as exc:
        archive.quarantine(copy.url, source.id, "rederive", type(exc).__name__, str(exc))
        return None
    if text == copy.text:
        return copy
    log.warning(
        "crawl state %s: stored text of %s differs from its archived bytes (sha256 %s); "
        "using the text derived from the archive",
        state.path,
        copy.url,
        copy.sha256,
    )
    repaired = replace(copy, text=text)
    state.save_copy(repaired)
    return repaired


def _derived_text(copy: FetchedCopy, body: bytes, content_type: str, source: Source) -> str:
    """The text `fetch_copy` derives from these bytes."""
    if copy.format != "html":
        return document_text(body)[1]
    html, _ = decode_body(body, content_type)
    page = read_page(html, copy.page_url, source)
    if page.rejected is not None:
        raise PageStructureError(copy.page_url, f"{page.rejected}: {page.detail}")
    return page.text
