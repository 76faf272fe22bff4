"""Crawl stage: publications found on list pages, and the pages fetched and archived for them.

Two ways in, one crawl underneath (scrapers.crawl, incremental through the crawl state):
`source_copies` is partitioned by source, run daily per source by a schedule; `publications` and
`pages` feed the unpartitioned `build_release` job with every copy known so far, crawling whatever
the partitions have not yet found, so the job also works on its own.
"""

from collections import Counter

import dagster as dg

from pipelines.partitions import SOURCE_PARTITIONS
from pipelines.resources import CrawlerResource, StorageResource
from pipelines.retries import NETWORK_RETRY
from scrapers.crawl import FetchedCopy, Publication, crawl_source, discover, stored_or_fetched_copy
from scrapers.registry import load_registry


@dg.asset(group_name="crawl_sources", partitions_def=SOURCE_PARTITIONS, retry_policy=NETWORK_RETRY)
def source_copies(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.MaterializeResult:
    """New publications of one source and their fetched copies, added to the crawl state."""
    source = load_registry()[context.partition_key]
    archive = storage.archive()
    with crawler.fetcher(archive) as fetcher:
        result = crawl_source(source, fetcher, storage.state())
    return dg.MaterializeResult(
        metadata={
            "new_publications": len(result.new_publications),
            "new_copies": len(result.new_copies),
            "requests": result.requests,
            "crawl_mode": crawler.resolved_mode,
        }
    )


@dg.asset(group_name="crawl", retry_policy=NETWORK_RETRY)
def publications(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.Output[list[Publication]]:
    """Health-system plans listed on every registered source (all found so far)."""
    archive, state = storage.archive(), storage.state()
    registry = load_registry()
    new = 0
    with crawler.fetcher(archive) as fetcher:
        for source in registry.values():
            found = discover(source, fetcher, state)
            context.log.info("%s: %d new publications", source.id, len(found))
            new += len(found)
        requests_made = fetcher.request_count
    found_all = state.publications(registry)
    return dg.Output(
        found_all,
        metadata={
            "count": len(found_all),
            "new": new,
            "requests": requests_made,
            "crawl_mode": crawler.resolved_mode,
            "per_source": dg.MetadataValue.json(dict(Counter(p.source_id for p in found_all))),
        },
    )


@dg.asset(group_name="crawl", retry_policy=NETWORK_RETRY)
def pages(
    context: dg.AssetExecutionContext,
    crawler: CrawlerResource,
    storage: StorageResource,
    publications: list[Publication],
) -> dg.Output[list[FetchedCopy]]:
    """Each publication's page (or PDF attachment), archived with URL, fetch time and sha256."""
    archive, state = storage.archive(), storage.state()
    registry = load_registry()
    copies: list[FetchedCopy] = []
    with crawler.fetcher(archive) as fetcher:
        for pub in publications:
            copy = stored_or_fetched_copy(pub, registry[pub.source_id], fetcher, state)
            if copy is not None:
                copies.append(copy)
        requests_made = fetcher.request_count
    context.log.info("%d of %d publications have a copy", len(copies), len(publications))
    per_source = Counter(c.source_id for c in copies)
    for source_id, n in sorted(per_source.items()):
        context.log.info("%s: %d copies", source_id, n)
    return dg.Output(
        copies,
        metadata={
            "count": len(copies),
            "per_source": dg.MetadataValue.json(dict(per_source)),
            "failed": len(publications) - len(copies),
            "requests": requests_made,
            "formats": dg.MetadataValue.json(dict(Counter(c.format for c in copies))),
        },
    )
