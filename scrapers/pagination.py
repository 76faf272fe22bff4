"""Pagination rules of CMS families: from a first list page, the URLs of the other pages.

Page counts and record totals come from the server and are not trusted: every rule yields at
most `limit` URLs (the source's `max_list_pages`), built lazily, so a page claiming 10^9 records
costs no more than one claiming the limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from itertools import islice
from urllib.parse import urljoin

# createPageHTML(50, 1, "index", "htm")  or  var countPage = 2//共多少页
TRS_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*\"(\w+)\"\s*,\s*\"(\w+)\""
)
TRS_COUNT_PAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
# Hanweb columns hold the first records inline and page the rest through the jpage data proxy:
# <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&columnid=4786&...">
HANWEB_NEXTGROUP = re.compile(
    r"<nextgroup>\s*<!\[CDATA\[\s*<a[^>]*\shref=\"([^\"]+)\"", re.IGNORECASE
)
# <totalrecord>714</totalrecord>, jpage({totalRecord:714, ...}) or totalRecord=714.0;
HANWEB_TOTAL = re.compile(r"<totalrecord>\s*(\d+)|totalRecord\s*[:=]\s*(\d+)", re.IGNORECASE)
# jpage({perPage:15, ...}); the proxy answers three pages (a "group") per request
HANWEB_PER_PAGE = re.compile(r"perPage\s*[:=]\s*(\d+)", re.IGNORECASE)
HANWEB_DEFAULT_PER_PAGE = 15
HANWEB_PAGES_PER_GROUP = 3
DEFAULT_LIMIT = 50


def trs_pages(html: str, url: str) -> Iterator[str]:
    """TRS lists: index.ext, index_1.ext … index_<count-1>.ext."""
    if m := TRS_CREATE_PAGE.search(html):
        count, stem, ext = int(m.group(1)), m.group(3), m.group(4)
    elif m2 := TRS_COUNT_PAGE.search(html):
        count, stem = int(m2.group(1)), "index"
        ext = url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else "html"
    else:
        return
    for i in range(1, count):
        yield urljoin(url, f"{stem}_{i}.{ext}")


def hanweb_pages(html: str, url: str) -> Iterator[str]:
    """Hanweb columns: data-proxy requests for the records after those inline in the page."""
    proxy, total = HANWEB_NEXTGROUP.search(html), HANWEB_TOTAL.search(html)
    if not proxy or not total:
        return
    n_total = int(total.group(1) or total.group(2))
    per_page = int(m.group(1)) if (m := HANWEB_PER_PAGE.search(html)) else HANWEB_DEFAULT_PER_PAGE
    per_page = max(per_page, 1)
    group = per_page * HANWEB_PAGES_PER_GROUP
    inline = html.lower().count("<record>")
    base = urljoin(url, unescape(proxy.group(1)))
    for start in range(inline + 1, n_total + 1, group):
        end = min(start + group - 1, n_total)
        yield f"{base}&startrecord={start}&endrecord={end}&perpage={per_page}"


# 辽宁 web platform: a column's further pages are sibling files <uuid8>-<n>.shtml
UUID_PAGE = re.compile(r"([0-9a-f]{8})-(\d+)\.shtml")


def uuid_pages(html: str, url: str) -> Iterator[str]:
    """辽宁 columns: <uuid8>-2.shtml … up to the highest page the pager links."""
    found = [(m.group(1), int(m.group(2))) for m in UUID_PAGE.finditer(html)]
    if not found:
        return
    stems = [stem for stem, _ in found]
    stem = max(set(stems), key=stems.count)
    last = max(n for s, n in found if s == stem)
    for n in range(2, last + 1):
        yield urljoin(url, f"{stem}-{n}.shtml")


def next_query_page(url: str, param: str) -> str | None:
    """The URL with its `param` page number one higher; None when the URL has no such param."""
    m = re.search(rf"([?&]{re.escape(param)}=)(\d+)", url)
    if m is None:
        return None
    return f"{url[: m.start(2)]}{int(m.group(2)) + 1}{url[m.end(2) :]}"


def no_pages(html: str, url: str) -> Iterator[str]:
    return iter(())


RULES: dict[str, Callable[[str, str], Iterator[str]]] = {
    "trs_create_page_html": trs_pages,
    "hanweb_datastore": hanweb_pages,
    "uuid_pages": uuid_pages,
    "query_page": no_pages,  # HTML fragment APIs: the adapter asks for the next page itself
    "none": no_pages,
    "json_api": no_pages,  # JSON adapters page through their API themselves
}


def other_pages(rule: str, html: str, url: str, limit: int = DEFAULT_LIMIT) -> list[str]:
    """At most `limit` URLs of the list pages after `url`; raises KeyError for an unknown rule."""
    return list(islice(RULES[rule](html, url), max(limit, 0)))
