"""Site adapters: how a source's list pages are read. Sites of one CMS family share one adapter.

An adapter is a module with `parse_listing(body, content_type, url, source) -> Listing`. HTML lists
use `html` (selectors from the registry), or `trs` / `common_list` (selectors, then the family's
article-link shape); JSON lists described by the registry's `api` use `json_list`; gov.cn and
Guangdong gkmlpt keep their own small modules. Article pages are HTML everywhere and read by
`scrapers.pages.parse_article`.
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
    from healthplans.scrapers.adapters import (
        common_list,
        gkmlpt_json,
        govcn_json,
        html,
        json_list,
        trs,
    )

    return {
        "html": html,
        "trs": trs,
        "common_list": common_list,
        "json_list": json_list,
        "govcn_json": govcn_json,
        "gkmlpt_json": gkmlpt_json,
    }


def listing_parser(source: Source) -> ParseListing:
    """The `parse_listing` of the source's adapter; raises KeyError for an unknown adapter."""
    try:
        module = _modules()[source.adapter]
    except KeyError as exc:
        raise KeyError(f"source {source.id!r}: unknown adapter {source.adapter!r}") from exc
    parse: ParseListing = module.parse_listing
    return parse
