"""TRS (拓尔思 WCM) static column lists: index.html, index_N.html; articles tYYYYMMDD_id.html.

The registry's selectors first (they differ per province), then any link of the TRS article shape.
TRS search back ends (IGS, WAS5, infogate JSONP) are JSON and read by `json_list`.
"""

from __future__ import annotations

import re

from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.adapters.link_pattern import parse_with_pattern
from healthplans.scrapers.registry import Source

ARTICLE_LINK = re.compile(r"(?:^|/)t\d{8}_\d+(?:_\d+)?\.s?html?(?:$|\?)")


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Items of a TRS column page; raises PageStructureError when there are none."""
    return parse_with_pattern(body, content_type, url, source, ARTICLE_LINK)
