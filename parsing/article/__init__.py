"""Layout-agnostic reader of government article pages: main text, body and metadata.

`read_article` never raises on any input: a page without main text, or an error page, comes
back with `rejected` naming the reason, for the caller to quarantine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from healthplans.parsing.article.body import find_body
from healthplans.parsing.article.challenge import error_page_kind
from healthplans.parsing.article.dom import Page, line_texts, read_page
from healthplans.parsing.article.fields import PageFields, iso_date, read_fields
from healthplans.parsing.article.links import attachment_links

__all__ = ["ArticleReading", "PageFields", "iso_date", "read_article"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleReading:
    """What a page holds. `text` is the whole main block (title block, body, signature, inline
    attachments); `body` is the text proper between its boundaries."""

    url: str
    fields: PageFields
    text: str = ""
    body: str = ""
    container: str | None = None  # tag#id.class of the main block
    attachments: tuple[tuple[str, str], ...] = ()  # (absolute URL, link text)
    rejected: str | None = None  # no_body | challenge | waf_block | soft_404 | reader_error
    detail: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def document_text(self) -> str:
        """The main block, led by the page's title when the block does not start with it."""
        title = self.fields.title
        if title and "".join(title.split()) not in "".join(self.text[: len(title) * 3].split()):
            return f"{title}\n{self.text}"
        return self.text


def _read(html: str, url: str, status: int | None) -> ArticleReading:
    page: Page = read_page(html)
    visible = "\n".join(line.text for line in page.lines)
    if kind := error_page_kind(html, visible, status):
        return ArticleReading(url, PageFields(), rejected=kind, detail=visible[:200])
    body = find_body(page)
    fields = read_fields(page, body, html)
    links = tuple((urljoin(url, href), text) for href, text in attachment_links(page, body))
    if body is None:
        return ArticleReading(
            url,
            fields,
            attachments=links,
            rejected="no_body",
            detail="no block of prose on the page",
        )
    texts = line_texts(page, body.lines)
    return ArticleReading(
        url=url,
        fields=fields,
        text="\n".join(t for t in texts if t),
        body="\n".join(t for t in texts[body.start : body.end + 1] if t),
        container=page.describe(body.container),
        attachments=links,
    )


def read_article(html: str, url: str = "", status: int | None = None) -> ArticleReading:
    """Read one article page; never raises (an unexpected failure is `rejected="reader_error"`)."""
    try:
        return _read(html, url, status)
    except Exception as exc:  # the reader must survive any markup; the reason is kept
        log.exception("reading %s failed", url)
        return ArticleReading(
            url, PageFields(), rejected="reader_error", detail=f"{type(exc).__name__}: {exc}"
        )
