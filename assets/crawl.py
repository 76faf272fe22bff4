"""Crawl stage: publications found on list pages, and the pages fetched and archived for them.

Two ways in, one crawl underneath (healthplans.scrapers.crawl, incremental through the crawl state):
`source_copies` is partitioned by source, run daily per source by a schedule; `publications` and
`pages` feed the unpartitioned `build_release` job with every copy known so far, crawling whatever
the partitions have not yet found, so the job also works on its own. `source_liveness` re-checks
every known copy's URL (its own weekly job, `check_sources`), so plans taken down are noticed.
"""

from collections import Counter

import dagster as dg

from healthplans.dataset.vanished import verdict
from healthplans.pipelines.partitions import SOURCE_PARTITIONS
from healthplans.pipelines.resources import CrawlerResource, StorageResource
from healthplans.pipelines.retries import NETWORK_RETRY, local_failures_not_retried
from healthplans.scrapers.crawl import (
    FetchedCopy,
    Publication,
    crawl_source,
    discover,
    stored_or_fetched_copy,
)
from healthplans.scrapers.liveness import check_urls
from healthplans.scrapers.registry import load_registry


@dg.asset(group_name="crawl_sources", partitions_def=SOURCE_PARTITIONS, retry_policy=NETWORK_RETRY)
@local_failures_not_retried
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
@local_failures_not_retried
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
@local_failures_not_retried
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


@dg.asset(group_name="crawl", retry_policy=NETWORK_RETRY)
@local_failures_not_retried
def source_liveness(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.MaterializeResult:
    """Whether each known copy is still served: one conditional GET per URL, recorded in the
    crawl state for the next release's `sources.gone_since`."""
    mode = crawler.resolved_mode
    if mode == "replay":
        # The archive answers every URL it holds: it cannot say what the sites still serve.
        context.log.info("replay mode: liveness not checked")
        return dg.MaterializeResult(metadata={"checked": 0, "crawl_mode": mode})
    state = storage.state()
    with crawler.fetcher(storage.archive()) as fetcher:
        observations = check_urls(state.copy_urls(), load_registry(), fetcher)
        requests_made = fetcher.request_count
    state.record_observations(observations)
    verdicts = Counter(verdict(o) or "unknown" for o in observations)
    for o in observations:
        if verdict(o) == "gone":
            context.log.warning("%s answered %s: gone", o.url, o.status)
    return dg.MaterializeResult(
        metadata={
            "checked": len(observations),
            "there": verdicts["there"],
            "gone": verdicts["gone"],
            "unknown": verdicts["unknown"],
            "requests": requests_made,
            "crawl_mode": mode,
        }
    )
