"""中国政府网 policy lists: the ZUIXINZHENGCE.json array and the search-gov/data API.

ZUIXINZHENGCE.json is an array of {TITLE, URL, DOCRELPUBTIME}. search-gov/data answers
{"code":200,"searchVO":{"listVO":[…],"totalpage":N}} or per category under
searchVO.catMap.<gongwen|bumenfile|otherfile|gongbao>; rows carry title (with <em> highlights),
url, pcode (发文字号), puborg and pubtimeStr ("2026.06.02"). No hits: code 1001, searchVO null.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.adapters.json_body import clean_title, date_of, load_json
from healthplans.scrapers.pages import ListingItem, PageStructureError
from healthplans.scrapers.registry import Source

NO_HITS = 1001
PAGE_PARAM = re.compile(r"([?&]p=)\d+")


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Items of either JSON list; raises PageStructureError for any other shape."""
    data = load_json(body, content_type, url)
    if isinstance(data, list):
        return Listing(
            [
                _item(url, r.get("TITLE"), r.get("URL"), r.get("DOCRELPUBTIME"))
                for r in data
                if isinstance(r, dict) and r.get("URL")
            ]
        )
    if isinstance(data, dict) and "searchVO" in data:
        return _search_results(data, url, source.max_list_pages)
    raise PageStructureError(url, "neither a ZUIXINZHENGCE array nor a search-gov answer")


def _search_results(data: dict[str, Any], url: str, max_pages: int) -> Listing:
    if data.get("code") == NO_HITS or data.get("searchVO") is None:
        return Listing([])
    vo = data["searchVO"]
    blocks = [vo] if "listVO" in vo else list((vo.get("catMap") or {}).values())
    if not blocks:
        raise PageStructureError(url, "searchVO has neither listVO nor catMap")
    items = [
        _item(url, row.get("title"), row.get("url"), row.get("pubtimeStr") or row.get("pubtime"))
        for block in blocks
        for row in block.get("listVO") or []
        if row.get("url")
    ]
    total = max(_int(block.get("totalpage")) for block in blocks)
    if not (m := PAGE_PARAM.search(url)):
        return Listing(items)
    current = int(m.group(0).rsplit("=", 1)[1])
    # `totalpage` is the server's word: never build more pages than the source may read.
    total = min(total, current + max_pages - 1)
    return Listing(
        items, [PAGE_PARAM.sub(rf"\g<1>{n}", url) for n in range(current + 1, total + 1)]
    )


def _int(value: object) -> int:
    try:
        return max(int(str(value or 1)), 1)
    except ValueError:
        return 1


def _item(url: str, title: object, href: object, date: object) -> ListingItem:
    return ListingItem(url=urljoin(url, str(href)), title=clean_title(title), date=date_of(date))
