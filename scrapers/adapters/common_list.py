"""The common-list platform (国家卫健委 new site, 国家疾控局, 黑龙江, 海南, 甘肃, 新疆): channels
`/<site>/c<6 digits>/common_list.shtml`, articles `…/YYYYMM/<32 hex>.shtml` or `content_<id>.html`.

Channel pages in HTML are read here (selectors, then the article-link shape); the platform's
`/common/search/<uuid>?_isJson=true` JSON and inline `itemObj` arrays go through `json_list`.
"""

from __future__ import annotations

import re

from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.adapters.link_pattern import parse_with_pattern
from healthplans.scrapers.registry import Source

ARTICLE_LINK = re.compile(r"/\d{6}/[0-9a-f]{32}\.s?html?$|/content_\d+\.s?html?$")


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Items of a channel page; raises PageStructureError when there are none."""
    return parse_with_pattern(body, content_type, url, source, ARTICLE_LINK)
