"""List pages in HTML, read with the registry's selectors and the family's pagination rule."""

from __future__ import annotations

from healthplans.parsing.formats.charset import decode_body
from healthplans.scrapers.adapters import Listing
from healthplans.scrapers.pages import PageStructureError
from healthplans.scrapers.pages import parse_listing as parse_items
from healthplans.scrapers.pagination import next_query_page, other_pages
from healthplans.scrapers.registry import Source


def parse_listing(body: bytes, content_type: str, url: str, source: Source) -> Listing:
    """Items of an HTML list page; raises PageStructureError when no item matches."""
    html, _ = decode_body(body, content_type)
    items = parse_items(html, url, source.listing)
    if source.pagination == "query_page" and source.page_param:
        # Fragment APIs (安徽 site/label, 河北 blocks) have no page count: a page with entries
        # leads to the next one, and the empty page after the last one ends the walk.
        if not items and url not in source.entry_points:
            return Listing([])
        following = next_query_page(url, source.page_param) if items else None
        return Listing(items, [following] if following else [])
    if not items:
        # An empty column is rare on these portals; a changed template is not.
        raise PageStructureError(url, f"no list items match {source.listing.item!r}")
    # Only an entry page's pager is followed; building it on every page would be quadratic.
    more = (
        other_pages(source.pagination, html, url, source.max_list_pages - 1)
        if url in source.entry_points
        else []
    )
    return Listing(items, more)
