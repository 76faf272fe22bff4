"""Discovery and fetching: list pages → publications → archived article pages and attachments.

Failures of one page become quarantine entries in the archive and the crawl goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from parsing.model import SourceHints
from scrapers.archive import Archive, ArchivedFetch
from scrapers.charset import decode_body
from scrapers.extract import NotAPdfError, is_pdf, pdf_text
from scrapers.http import FetchError, PoliteClient, Response
from scrapers.pages import PageStructureError, parse_article, parse_listing
from scrapers.pagination import other_pages
from scrapers.registry import Source

log = logging.getLogger(__name__)
# An article body shorter than this that links a PDF is a cover note; the plan is the attachment.
COVER_NOTE_MAX_CHARS = 1500


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
    fetched_at: str
    first_seen: str
    last_seen: str
    charset: str | None
    text: str
    hints: SourceHints
    official: bool


def discover(source: Source, client: PoliteClient, archive: Archive) -> list[Publication]:
    """Walk a source's list pages and keep the titles its filter accepts."""
    found: dict[str, Publication] = {}
    for entry in source.entry_points:
        queue, seen = [entry], set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = _fetch(client, archive, source, url, stage="listing")
            if resp is None:
                continue
            archive.store(resp, source.id)
            html, _ = decode_body(resp.body, resp.content_type)
            for item in parse_listing(html, url, source.listing):
                if source.title_filter.keeps(item.title) and item.url not in found:
                    found[item.url] = Publication(source.id, item.url, item.title, item.date, url)
            if url == entry:
                queue.extend(other_pages(source.pagination, html, url))
    log.info("%s: %d publications kept", source.id, len(found))
    return list(found.values())


def fetch_copy(
    pub: Publication, source: Source, client: PoliteClient, archive: Archive
) -> FetchedCopy | None:
    """Fetch and archive a publication's page (and its PDF when the page is a cover note)."""
    resp = _fetch(client, archive, source, pub.url, stage="article")
    if resp is None:
        return None
    stored = archive.store(resp, source.id)
    if is_pdf(resp.body) or "pdf" in resp.content_type:
        return _pdf_copy(pub, source, resp, archive, page_hints=SourceHints(title=pub.title))
    html, charset = decode_body(resp.body, resp.content_type)
    try:
        article = parse_article(html, pub.url, source.article)
    except PageStructureError as exc:
        archive.quarantine(pub.url, source.id, "article", "page_structure", str(exc))
        return None
    hints = article.hints
    if hints.publish_date is None and pub.list_date:
        hints = replace(hints, publish_date=pub.list_date)
    if len(article.text) <= COVER_NOTE_MAX_CHARS and article.attachments:
        for link in article.attachments:
            pdf = _fetch(client, archive, source, link, stage="attachment")
            if pdf is not None:
                copy = _pdf_copy(pub, source, pdf, archive, page_hints=hints)
                if copy is not None:
                    return copy
    text = "\n".join(t for t in (article.title, article.text) if t)
    return _copy(pub, source, stored, "html", charset, text, hints, pub.url)


def _pdf_copy(
    pub: Publication, source: Source, resp: Response, archive: Archive, page_hints: SourceHints
) -> FetchedCopy | None:
    try:
        text = pdf_text(resp.body)
    except NotAPdfError as exc:
        archive.quarantine(resp.url, source.id, "attachment", "not_pdf", str(exc))
        return None
    stored = archive.store(resp, source.id)
    return _copy(pub, source, stored, "pdf", None, text, page_hints, pub.url)


def _copy(
    pub: Publication,
    source: Source,
    stored: ArchivedFetch,
    fmt: str,
    charset: str | None,
    text: str,
    hints: SourceHints,
    page_url: str,
) -> FetchedCopy:
    return FetchedCopy(
        source_id=source.id,
        page_url=page_url,
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


def _fetch(
    client: PoliteClient, archive: Archive, source: Source, url: str, stage: str
) -> Response | None:
    try:
        return client.get(url, source.allowed_domains)
    except FetchError as exc:
        log.warning("%s %s failed: %s", source.id, url, exc)
        archive.quarantine(url, source.id, stage, exc.reason, exc.detail)
        return None
