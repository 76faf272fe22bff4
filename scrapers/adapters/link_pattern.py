"""HTML lists whose markup is not known in advance: entries found by the shape of their links.

A family's article URLs have a fingerprint (TRS `tYYYYMMDD_<id>.html`, the common-list platform's
`YYYYMM/<32 hex>.shtml`). The registry's selectors are tried first; when none matches, every link
of that shape is an entry, its date read from the text around it. Navigation and footer links
never have the shape, so a template change degrades to "fewer dates", not to "no list".
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from healthplans.parsing.formats.charset import decode_body
from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.pages import ListingItem, PageStructureError, iso_date
from healthplans.scrapers.pages import parse_listing as parse_items
from healthplans.scrapers.pagination import other_pages
from healthplans.scrapers.registry import Source

# How far up from a link its date may sit (li > a, tr > td > a, div > h4 > a ...).
DATE_ANCESTORS = 3


def parse_with_pattern(
    body: bytes, content_type: str, url: str, source: Source, article_link: re.Pattern[str]
) -> Listing:
    """Items by the registry's selectors, else by `article_link`; raises PageStructureError
    when neither finds an entry."""
    html, _ = decode_body(body, content_type)
    items = parse_items(html, url, source.listing) or _by_pattern(html, url, article_link)
    if not items:
        raise PageStructureError(
            url, f"no list items match {source.listing.item!r} nor {article_link.pattern!r}"
        )
    more = other_pages(source.pagination, html, url) if url in source.entry_points else []
    return Listing(items, more)


def _by_pattern(html: str, url: str, article_link: re.Pattern[str]) -> list[ListingItem]:
    items: dict[str, ListingItem] = {}
    for a in LexborHTMLParser(html).css("a[href]"):
        href = a.attributes.get("href") or ""
        if not article_link.search(href):
            continue
        title = (a.attributes.get("title") or a.text(separator=" ") or "").strip()
        target = urljoin(url, href)
        if title and target not in items:
            items[target] = ListingItem(target, " ".join(title.split()), _date_near(a))
    return list(items.values())


def _date_near(node: LexborNode) -> str | None:
    current: LexborNode | None = node
    for _ in range(DATE_ANCESTORS):
        current = current.parent if current is not None else None
        if current is None:
            return None
        if date := iso_date(current.text(separator=" ")):
            return date
    return None
