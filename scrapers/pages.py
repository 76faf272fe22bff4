"""List and article pages: pure functions from decoded text to records. Pages never fetch.

Selectors come from the source registry; a page whose structure does not match raises
`PageStructureError` naming the URL instead of silently yielding nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from healthplans.parsing.model import SourceHints
from healthplans.parsing.page_labels import label_fields
from healthplans.scrapers.registry import ArticleSelectors, ListingSelectors

# 2024-01-15, 2024.01.15, 2024年1月15日, 2024/1/15
DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
# <script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>  (Hanweb inline list)
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
LABEL_NOISE = re.compile(r"[\s\u3000:：]+")
BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section")


def absolute(base: str, href: str) -> str:
    """`href` resolved against `base`; a link that cannot be resolved (a malformed IPv6 host) is
    kept as written, for the crawl's scope check to record and skip."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return href


class PageStructureError(Exception):
    """The page does not have the structure its source's selectors describe."""

    def __init__(self, url: str, what: str) -> None:
        super().__init__(f"{url}: {what}")
        self.url = url


@dataclass(frozen=True)
class ListingItem:
    """One entry of a list page."""

    url: str
    title: str
    date: str | None  # ISO date when the list shows one


@dataclass(frozen=True)
class Article:
    """What an article page holds: its title, main text, page metadata and attachment links."""

    url: str
    title: str
    text: str
    hints: SourceHints
    attachments: tuple[str, ...]


def iso_date(text: str | None) -> str | None:
    """First date in `text` as YYYY-MM-DD, or None."""
    if not text or not (m := DATE.search(text)):
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _node_text(node: LexborNode) -> str:
    return " ".join((node.text(separator=" ") or "").split())


def parse_listing(html: str, url: str, sel: ListingSelectors) -> list[ListingItem]:
    """Items of a list page, links resolved against `url`."""
    # Hanweb keeps its records as CDATA inside an XML script block; unwrap them first.
    fragments = CDATA.findall(html) if "<datastore" in html else []
    source = "".join(fragments) if fragments else html
    tree = LexborHTMLParser(source)
    items: list[ListingItem] = []
    seen: set[str] = set()
    item_sel = "li" if fragments else sel.item
    for node in tree.css(item_sel):
        link = node.css_first(sel.link)
        if link is None:
            continue
        href = link.attributes.get("href")
        title = (link.attributes.get("title") or _node_text(link)).strip()
        if not href or not title or href.startswith(("javascript:", "#")):
            continue
        target = absolute(url, href)
        if target in seen:  # one entry matched by two of the item selectors
            continue
        seen.add(target)
        # The first date among the matches: lists put a 文号 span before the date span.
        dates = (iso_date(_node_text(d)) for d in node.css(sel.date))
        items.append(ListingItem(url=target, title=title, date=next(filter(None, dates), None)))
    return items


def _first(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> LexborNode | None:
    for css in selectors:
        node = tree.css_first(css)
        if node is not None:
            return node
    return None


def _meta_or_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    if node.tag == "meta":
        return (node.attributes.get("content") or "").strip() or None
    return _node_text(node) or None


def block_text(node: LexborNode) -> str:
    """Text of a content node with one line per block element, scripts and styles dropped."""
    for junk in node.css("script, style, noscript"):
        junk.decompose()
    for block in node.css(", ".join(BLOCK_TAGS)):
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in (node.text(separator="") or "").splitlines())
    return "\n".join(line for line in lines if line)


def read_metadata(tree: LexborHTMLParser, selector: str) -> dict[str, str]:
    """Label/value pairs of a metadata table whose cells alternate label, value."""
    cells = [_node_text(td) for td in tree.css(selector)]
    labels = label_fields()
    found: dict[str, str] = {}
    for label, value in itertools.pairwise(cells):
        key = labels.get(LABEL_NOISE.sub("", label))
        if key and value and LABEL_NOISE.sub("", value) not in labels:
            found.setdefault(key, value.strip())
    return found


def parse_article(html: str, url: str, sel: ArticleSelectors) -> Article:
    """Main text, metadata and attachments of an article page."""
    tree = LexborHTMLParser(html)
    body = _first(tree, sel.body)
    if body is None:
        raise PageStructureError(url, f"no body matches {list(sel.body)}")
    title = _meta_or_text(_first(tree, sel.title)) or ""
    meta = read_metadata(tree, sel.metadata) if sel.metadata else {}
    publish = iso_date(_meta_or_text(_first(tree, sel.publish_date))) or iso_date(
        meta.get("publish_date")
    )
    attachments = tuple(
        absolute(url, a.attributes["href"] or "")
        for a in body.css(sel.attachments) or tree.css(sel.attachments)
        if a.attributes.get("href")
    )
    hints = SourceHints(
        title=meta.get("title") or title or None,
        doc_number=meta.get("doc_number"),
        issuer=meta.get("issuer"),
        issue_date=iso_date(meta.get("issue_date")),
        publish_date=publish,
    )
    text = block_text(body)
    return Article(url=url, title=title, text=text, hints=hints, attachments=attachments)
