"""广东 gkmlpt 政务公开 platform: /gkmlpt/api/all/<column>?page=N answers {articles:[…], total}.

Each article carries url (…/gkmlpt/content/…) and title; the date field differs between
deployments, so the first of several known names is used.
"""

from __future__ import annotations

import math
from urllib.parse import urljoin

from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.adapters.json_body import clean_title, date_of, load_json
from healthplans.scrapers.pages import ListingItem, PageStructureError
from healthplans.scrapers.registry import Source

DATE_FIELDS = ("display_publish_time", "first_publish_time", "publish_time", "date")


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Articles of one page of the column API; raises PageStructureError without `articles`."""
    data = load_json(body, content_type, url)
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise PageStructureError(url, "no articles array")
    articles = [a for a in data["articles"] if isinstance(a, dict) and a.get("url")]
    items = [
        ListingItem(
            url=urljoin(url, a["url"]),
            title=clean_title(a.get("title")),
            date=date_of(next((a[f] for f in DATE_FIELDS if a.get(f)), None)),
        )
        for a in articles
    ]
    more: list[str] = []
    total = data.get("total")
    if isinstance(total, int) and articles and "?" not in url:
        # `total` is the server's word: never build more pages than the source may read.
        pages = min(math.ceil(total / len(articles)), source.max_list_pages)
        more = [f"{url}?page={n}" for n in range(2, pages + 1)]
    return Listing(items, more)
