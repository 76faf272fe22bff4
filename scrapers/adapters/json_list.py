"""JSON list APIs described by configuration: one adapter for every family whose lists are JSON.

A source's `api` (family defaults merged with the entry's) names where the rows are and which
fields hold the link, title and date, so TRS IGS / WAS5 / infogate JSONP, the common-list
platform's /common/search, 河南 searchapi, 山东 JPaaS, 四川 cms-scsrmzf and the inline
`var itemObj = [...]` arrays of 国家疾控局 share these lines:

    items: page.content     dotted path to the row array (absent: the body is the array)
    url / title / date      dotted paths inside a row; url_template builds a link from row fields
    pages / total           dotted path to the page count, or to the row count (pages = total/rows)
    page_param              query parameter carrying the page number in the entry URL
    format                  json (default) | jsonp | js_array (with `variable`)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urljoin

from healthplans.parsing.formats.charset import decode_body
from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.adapters.json_body import clean_title, date_of
from healthplans.scrapers.pages import ListingItem, PageStructureError
from healthplans.scrapers.registry import Source

# result({...});  /**/cb({...})
JSONP = re.compile(r"^[\s;/*]*[\w.$]+\s*\((.*)\)\s*;?\s*$", re.DOTALL)
# '...' string literals of a JS array, turned into JSON strings
JS_SINGLE_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Rows of one page of a configured JSON list; raises PageStructureError for another shape."""
    api = source.api
    if not api.get("url") and not api.get("url_template"):
        raise PageStructureError(url, f"source {source.id!r} has no api.url or api.url_template")
    text, _ = decode_body(body, content_type)
    data = _load(text, url, api.get("format", "json"), api.get("variable"))
    rows = dig(data, api["items"]) if api.get("items") else data
    if not isinstance(rows, list):
        raise PageStructureError(url, f"no row array at {api.get('items') or 'the top level'}")
    items = [item for row in rows if (item := _item(_row(row), api, url)) is not None]
    more = _more_pages(data, api, url, len(rows), source) if url in source.entry_points else []
    return Listing(items, more)


def dig(data: Any, path: str) -> Any:
    """The value at a dotted path ('page.content'), or None where the path does not lead."""
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _load(text: str, url: str, fmt: str, variable: str | None) -> Any:
    if fmt == "jsonp":
        m = JSONP.match(text)
        if m is None:
            raise PageStructureError(url, "not a JSONP answer")
        text = m.group(1)
    elif fmt == "js_array":
        text = _js_array(text, url, variable or "itemObj")
    try:
        # strict=False: WAS5 answers carry raw newlines inside strings.
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise PageStructureError(url, f"not JSON: {exc}") from exc


def _js_array(text: str, url: str, variable: str) -> str:
    """The `[...]` literal assigned to `variable` in a page's script, as JSON text."""
    m = re.search(rf"\b{re.escape(variable)}\s*=\s*\[", text)
    if m is None:
        raise PageStructureError(url, f"no `{variable} = [` in the page")
    start, depth, quote = m.end() - 1, 0, ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == "\\":
                continue
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                literal = text[start : i + 1]
                return JS_SINGLE_QUOTED.sub(lambda q: json.dumps(_unescape_js(q.group(1))), literal)
    raise PageStructureError(url, f"`{variable}` array is not closed")


def _unescape_js(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw)


def _row(row: Any) -> Any:
    """A row; rows given as JSON text inside strings are decoded."""
    if isinstance(row, str):
        try:
            return json.loads(row, strict=False)
        except json.JSONDecodeError:
            return None
    return row


def _item(row: Any, api: dict[str, Any], url: str) -> ListingItem | None:
    if not isinstance(row, dict):
        return None
    if template := api.get("url_template"):
        try:
            href = template.format(**row)
        except (KeyError, IndexError, ValueError):
            return None
    else:
        href = dig(row, api["url"])
    if not href:
        return None
    title = clean_title(dig(row, api.get("title", "title")))
    if not title:
        return None
    date = dig(row, api["date"]) if api.get("date") else None
    return ListingItem(url=urljoin(url, str(href)), title=title, date=date_of(date))


def _more_pages(data: Any, api: dict[str, Any], url: str, rows: int, source: Source) -> list[str]:
    """URLs of the pages after the entry page, from its page or row count."""
    param = api.get("page_param")
    m = re.search(rf"([?&]{re.escape(param)}=)(\d+)", url) if param else None
    if m is None:
        return []
    pages = _int(dig(data, api["pages"])) if api.get("pages") else None
    if pages is None and api.get("total") and rows:
        total = _int(dig(data, api["total"]))
        pages = math.ceil(total / rows) if total is not None else None
    if pages is None:
        return []
    current = int(m.group(2))
    last = min(pages, current + source.max_list_pages - 1)
    return [f"{url[: m.start(2)]}{n}{url[m.end(2) :]}" for n in range(current + 1, last + 1)]


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
