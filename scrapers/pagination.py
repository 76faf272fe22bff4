"""Pagination rules of CMS families: from a first list page, the URLs of the other pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

# createPageHTML(50, 1, "index", "htm")  or  var countPage = 2//共多少页
TRS_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*\"(\w+)\"\s*,\s*\"(\w+)\""
)
TRS_COUNT_PAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
# totalPage = 27;  (Hanweb inline datastore pager)
HANWEB_TOTAL_PAGE = re.compile(r"totalPage\s*=\s*(\d+)")


def trs_pages(html: str, url: str) -> list[str]:
    """TRS lists: index.ext, index_1.ext … index_<count-1>.ext."""
    if m := TRS_CREATE_PAGE.search(html):
        count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
    elif m2 := TRS_COUNT_PAGE.search(html):
        count, stem = int(m2.group(1)), "index"
        ext = url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else "html"
    else:
        return []
    return [urljoin(url, f"{stem}_{i}.{ext}") for i in range(1, count)]


def hanweb_pages(html: str, url: str) -> list[str]:
    """Hanweb columns: later pages come from the jpage data proxy; the first page is inline."""
    m = HANWEB_TOTAL_PAGE.search(html)
    if not m:
        return []
    return [urljoin(url, f"index_{i}.html") for i in range(2, int(m.group(1)) + 1)]


def no_pages(html: str, url: str) -> list[str]:
    return []


RULES: dict[str, Callable[[str, str], list[str]]] = {
    "trs_create_page_html": trs_pages,
    "hanweb_datastore": hanweb_pages,
    "none": no_pages,
    "json_api": no_pages,  # JSON adapters page through their API themselves
}


def other_pages(rule: str, html: str, url: str) -> list[str]:
    """URLs of the list pages after `url`; raises KeyError for an unknown rule."""
    return RULES[rule](html, url)
