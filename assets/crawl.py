"""Crawl stage: publications found on list pages, and the pages fetched and archived for them."""


from collections import Counter

import dagster as dg

from pipelines.resources import CrawlerResource, StorageResource
from scrapers.crawl import FetchedCopy, Publication, discover, fetch_copy
from scrapers.registry import load_registry


@dg.asset(group_name="crawl")
def publications(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.Output[list[Publication]]:
    """Health-system plans listed on every registered source."""
    archive = storage.archive()
    found: list[Publication] = []
    with crawler.client() as client:
        for source in load_registry().values():
            pubs = discover(source, client, archive)
            context.log.info("%s: %d publications", source.id, len(pubs))
            found.extend(pubs)
    per_source = Counter(p.source_id for p in found)
    return dg.Output(
        found,
        metadata={
            "count": len(found),
            "crawl_mode": crawler.resolved_mode,
            "per_source": dg.MetadataValue.json(dict(per_source)),
        },
    )


@dg.asset(group_name="crawl")
def pages(
    context: dg.AssetExecutionContext,
    crawler: CrawlerResource,
    storage: StorageResource,
    publications: list[Publication],
) -> dg.Output[list[FetchedCopy]]:
    """Each publication's page (or PDF attachment), archived with URL, fetch time and sha256."""
    archive = storage.archive()
    registry = load_registry()
    copies: list[FetchedCopy] = []
    with crawler.client() as client:
        for pub in publications:
            copy = fetch_copy(pub, registry[pub.source_id], client, archive)
            if copy is not None:
                copies.append(copy)
        requests_made = client.request_count
    context.log.info("fetched %d of %d publications", len(copies), len(publications))
    return dg.Output(
        copies,
        metadata={
            "count": len(copies),
            "failed": len(publications) - len(copies),
            "requests": requests_made,
            "formats": dg.MetadataValue.json(dict(Counter(c.format for c in copies))),
        },
    )
