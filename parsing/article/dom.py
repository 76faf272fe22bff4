"""An HTML page as the lines a reader sees, each knowing the block elements that hold it.

Scripts, styles, form controls and hidden elements (inline `display:none`, `hidden`, the usual
hiding classes) never produce lines: portals keep a hidden duplicate of the body for printing or
mobile views, and reading it would double the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from healthplans.parsing.task_tables import is_responsibility_title

SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "select",
        "option",
        "textarea",
        "iframe",
        "svg",
        "button",
        "input",
        "object",
        "canvas",
        "map",
        "link",
        "meta",
        "title",
        "audio",
        "video",
        "embed",
    ]
)
BLOCKS = frozenset(
    [
        "html",
        "body",
        "div",
        "p",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "form",
        "center",
        "figure",
        "figcaption",
        "address",
        "fieldset",
        "legend",
        "hr",
    ]
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
HIDDEN_CLASSES = frozenset({"hidden", "hide", "d-none", "sr-only", "visually-hidden", "invisible"})
# Deeper trees are malformed markup; the walk stops descending instead of recursing forever.
MAX_DEPTH = 400


@dataclass(frozen=True)
class Element:
    """A block element: its tag, id and classes, and its parent's index (-1 at the root)."""

    tag: str
    id: str
    classes: tuple[str, ...]
    parent: int


@dataclass(frozen=True)
class Line:
    """One line of visible text, the block elements holding it (outermost first) and how much
    of it is link text."""

    text: str
    link_chars: int
    path: tuple[int, ...]
    in_cell: bool


@dataclass
class Page:
    """The lines of a page in document order, with its block elements and links."""

    lines: list[Line] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # href, text, line index
    meta: dict[str, str] = field(default_factory=dict)  # <meta> by lower-cased name, <title>

    def describe(self, index: int) -> str:
        """`tag#id.class` of an element, for reports."""
        el = self.elements[index]
        name = el.tag + (f"#{el.id}" if el.id else "")
        return name + "".join(f".{c}" for c in el.classes)


def _hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    return bool(HIDDEN_CLASSES.intersection((attrs.get("class") or "").split()))


class _Walker:
    def __init__(self) -> None:
        self.page = Page()
        self.parts: list[str] = []
        self.link_chars = 0
        self.path: list[int] = []
        self.cells = 0
        self.link: list[tuple[str, list[str]]] = []

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            links = min(self.link_chars, len(text))
            self.page.lines.append(Line(text, links, tuple(self.path), self.cells > 0))
        self.parts, self.link_chars = [], 0

    def text(self, value: str) -> None:
        self.parts.append(value)
        if self.link:
            self.link_chars += len(value.strip())
            self.link[-1][1].append(value)

    def walk(self, node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.text(child.text_content or "")
            elif tag is None or tag.startswith("-") or tag in SKIP or _hidden(child):
                continue
            elif tag == "br":
                self.flush()
            elif depth < MAX_DEPTH:
                self.element(child, tag, depth)

    def element(self, node: LexborNode, tag: str, depth: int) -> None:
        if tag == "a":
            href = (node.attributes.get("href") or "").strip()
            self.link.append((href, []))
            self.walk(node, depth + 1)
            href, parts = self.link.pop()
            label = " ".join("".join(parts).split())
            if href:
                self.page.links.append((href, label, len(self.page.lines)))
            return
        if tag == "img":
            alt = (node.attributes.get("alt") or "").strip()
            if alt and self.link:
                self.link[-1][1].append(alt)
            return
        if tag not in BLOCKS:
            self.walk(node, depth + 1)
            return
        self.flush()
        attrs = node.attributes
        parent = self.path[-1] if self.path else -1
        classes = tuple((attrs.get("class") or "").split())
        self.page.elements.append(Element(tag, (attrs.get("id") or "").strip(), classes, parent))
        self.path.append(len(self.page.elements) - 1)
        cell = tag in ("td", "th")
        self.cells += cell
        self.walk(node, depth + 1)
        self.flush()
        self.cells -= cell
        self.path.pop()


def read_page(html: str) -> Page:
    """The visible lines of `html`, split at block elements and <br>, and its meta tags."""
    tree = LexborHTMLParser(html)
    walker = _Walker()
    root = tree.body or tree.root
    if root is not None:
        walker.walk(root, 0)
        walker.flush()
    walker.page.meta = _meta_tags(tree)
    return walker.page


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """`<meta name|property=... content=...>` values by lower-cased name; the first one wins."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        content = " ".join((attrs.get("content") or "").split())
        if name and content:
            found.setdefault(name, content)
    title = tree.css_first("title")
    if title is not None and (text := " ".join((title.text() or "").split())):
        found.setdefault("<title>", text)
    return found


# A task table (a responsibility column) keeps its rows whole (cells joined by TABs) for
# parsing.task_tables, as DOCX and XLSX tables do; other tables stay one cell a line.


def _innermost(page: Page, path: tuple[int, ...], tags: tuple[str, ...]) -> int | None:
    return next((i for i in reversed(path) if page.elements[i].tag in tags), None)


def line_texts(page: Page, indices: Sequence[int]) -> list[str]:
    """The text of lines `indices`, one per line, except that the rows of a task table are
    joined into their first line (cells separated by TABs, the cell's own lines run together)
    and their other lines are empty."""
    texts = [page.lines[i].text for i in indices]
    tables: dict[int, list[int]] = {}  # table element → positions in `indices` of its lines
    for n, i in enumerate(indices):
        line = page.lines[i]
        if line.in_cell and (table := _innermost(page, line.path, ("table",))) is not None:
            tables.setdefault(table, []).append(n)
    for positions in tables.values():
        if not any(is_responsibility_title(texts[n]) for n in positions):
            continue
        rows: dict[int, dict[int, list[int]]] = {}  # tr → td → positions of its lines
        for n in positions:
            path = page.lines[indices[n]].path
            row, cell = _innermost(page, path, ("tr",)), _innermost(page, path, ("td", "th"))
            if row is not None and cell is not None:
                rows.setdefault(row, {}).setdefault(cell, []).append(n)
        for row, lines_of in rows.items():
            # Every cell of the row, empty ones included, in order.
            cells = [
                i
                for i, el in enumerate(page.elements)
                if el.parent == row and el.tag in ("td", "th")
            ]
            first = min(n for ns in lines_of.values() for n in ns)
            joined = "\t".join("".join(texts[n] for n in lines_of.get(c, [])) for c in cells)
            for ns in lines_of.values():
                for n in ns:
                    texts[n] = ""
            texts[first] = joined
    return texts
