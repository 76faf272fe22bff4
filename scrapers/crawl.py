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
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from healthplans.parsing.model import SourceHints
from healthplans.scrapers.adapters import Listing, listing_parser
from healthplans.scrapers.archive import Archive, ArchivedFetch
from healthplans.scrapers.charset import decode_body
from healthplans.scrapers.extract import NotAPdfError, is_pdf, pdf_text
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


@dataclass(frozen=True)
class CrawlResult:
    """What one crawl of one source found."""

    source_id: str
    new_publications: list[Publication]
    new_copies: list[FetchedCopy]
    requests: int


def discover(source: Source, fetcher: Fetcher, state: CrawlState) -> list[Publication]:
    """Walk a source's list pages up to what is already known; returns the new publications."""
    parse = listing_parser(source)
    known = state.known_items(source.id)
    watermark = state.watermark(source.id) if source.date_watermark else None
    found: list[Publication] = []
    for entry in source.entry_points:
        queue, pages_read = [entry], 0
        while queue and pages_read < source.max_list_pages:
            url = queue.pop(0)
            pages_read += 1
            read = partial(
                _read_list_page, url, entry, source, fetcher, state, parse, known, watermark
            )
            step = _isolated(fetcher, source, url, "listing", partial(read, found, queue))
            if step is None or step:
                break  # failed, unchanged, or reached what is known: nothing new from here on
    log.info("%s: %d new publications", source.id, len(found))
    return found


def _read_list_page(
    url: str,
    entry: str,
    source: Source,
    fetcher: Fetcher,
    state: CrawlState,
    parse: Callable[..., Listing],
    known: set[str],
    watermark: str | None,
    found: list[Publication],
    queue: list[str],
) -> bool:
    """Read one list page into the state; True when the walk should stop here."""
    if (problem := source.out_of_scope(url)) is not None:
        fetcher.archive.quarantine(url, source.id, "listing", "out_of_scope", problem)
        return True
    got = fetcher.fetch(url, source, stage="listing")
    if got is None or state.listing_sha(url) == got.sha256:
        return True  # unreachable, or the same bytes as last time
    try:
        listing = parse(got.body, got.content_type, url, source)
    except PageStructureError as exc:
        fetcher.archive.quarantine(url, source.id, "listing", "page_structure", str(exc))
        return True
    items = listing.items
    if len(items) > source.max_items_per_list:
        fetcher.archive.quarantine(
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
            fetcher.archive.quarantine(item.url, source.id, "listing", "out_of_scope", problem)
        else:
            in_scope.append(item)
    fresh, reached_known = _new_items(in_scope, known, watermark)
    seen = [
        SeenItem(_publication(source, i, url), source.title_filter.keeps(i.title)) for i in fresh
    ]
    state.record_listing(url, got.sha256, seen)
    known.update(i.url for i in fresh)
    found.extend(s.publication for s in seen if s.kept)
    if reached_known:
        return True
    if url == entry:
        queue.extend(listing.more_pages[: max(0, source.max_list_pages - 1)])
    return False


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
        fetcher.archive.quarantine(url, source.id, stage, f"error:{type(exc).__name__}", str(exc))
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
    """Discover new publications and fetch every publication of the source not yet stored."""
    before = fetcher.request_count
    new = discover(source, fetcher, state)
    copies = []
    for pub in state.without_copy(source.id):
        copy = _isolated(
            fetcher, source, pub.url, "article", partial(fetch_copy, pub, source, fetcher)
        )
        if copy is not None:
            state.save_copy(copy)
            copies.append(copy)
    return CrawlResult(source.id, new, copies, fetcher.request_count - before)


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


def fetch_copy(pub: Publication, source: Source, fetcher: Fetcher) -> FetchedCopy | None:
    """Fetch and archive a publication's page (and its PDF when the page is a cover note)."""
    got = fetcher.fetch(pub.url, source, stage="article")
    if got is None:
        return None
    if is_pdf(got.body) or "pdf" in got.content_type:
        return _pdf_copy(pub, source, got, fetcher, page_hints=SourceHints(title=pub.title))
    html, charset = decode_body(got.body, got.content_type)
    try:
        article = parse_article(html, pub.url, source.article)
    except PageStructureError as exc:
        fetcher.archive.quarantine(pub.url, source.id, "article", "page_structure", str(exc))
        return None
    hints = article.hints
    if hints.publish_date is None and pub.list_date:
        hints = replace(hints, publish_date=pub.list_date)
    if len(article.text) <= COVER_NOTE_MAX_CHARS and article.attachments:
        for link in article.attachments:
            if (problem := source.out_of_scope(link)) is not None:
                fetcher.archive.quarantine(link, source.id, "attachment", "out_of_scope", problem)
                continue
            pdf = fetcher.fetch(link, source, stage="attachment")
            if pdf is not None and (copy := _pdf_copy(pub, source, pdf, fetcher, hints)):
                return copy
    text = "\n".join(t for t in (article.title, article.text) if t)
    return _copy(pub, source, got.archived, "html", charset, text, hints)


def _pdf_copy(
    pub: Publication, source: Source, got: Fetched, fetcher: Fetcher, page_hints: SourceHints
) -> FetchedCopy | None:
    try:
        text = pdf_text(got.body)
    except NotAPdfError as exc:
        fetcher.archive.quarantine(got.url, source.id, "attachment", "not_pdf", str(exc))
        return None
    return _copy(pub, source, got.archived, "pdf", None, text, page_hints)


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
    except (PageStructureError, NotAPdfError) as exc:
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
    if copy.format == "pdf":
        return pdf_text(body)
    html, _ = decode_body(body, content_type)
    article = parse_article(html, copy.page_url, source.article)
    return "\n".join(t for t in (article.title, article.text) if t)
