"""Site adapters: how a source's list pages are read. Sites of one CMS family share one adapter.

An adapter is a module with `parse_listing(body, content_type, url, source) -> Listing`. Most sites
use `html` (selectors from the registry); JSON list APIs (gov.cn, Guangdong gkmlpt) have their own
small module. Article pages are HTML everywhere and read by `scrapers.pages.parse_article`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from healthplans.scrapers.pages import ListingItem
from healthplans.scrapers.registry import Source


@dataclass(frozen=True)
class Listing:
    """What one list page holds: its items, newest first, and (on a first page) the other pages."""

    items: list[ListingItem]
    more_pages: list[str] = field(default_factory=list)


ParseListing = Callable[[bytes, str, str, Source], Listing]


def _modules() -> dict[str, ModuleType]:
    from healthplans.scrapers.adapters import gkmlpt_json, govcn_json, html

    return {"html": html, "govcn_json": govcn_json, "gkmlpt_json": gkmlpt_json}


def listing_parser(source: Source) -> ParseListing:
    """The `parse_listing` of the source's adapter; raises KeyError for an unknown adapter."""
    try:
        module = _modules()[source.adapter]
    except KeyError as exc:
        raise KeyError(f"source {source.id!r}: unknown adapter {source.adapter!r}") from exc
    parse: ParseListing = module.parse_listing
    return parse
