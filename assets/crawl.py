"""Crawl stage: each source's new publications, fetched and archived (one partition per source),
and a liveness re-check of every known copy.

`copies` writes into the archive (every byte, with URL, fetch time and sha256) and the crawl
state, which are the stores the parse stage reads: the edge copies → parsed_copies is the path the
data takes. A run may cover one source or a range of them (a single-run backfill).
"""

import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import dagster as dg

from healthplans.assets.partitions import SOURCE_PARTITIONS
from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.assets.retries import NETWORK_RETRY, local_failures_not_retried
from healthplans.dataset.vanished import verdict
from healthplans.scrapers.crawl import crawl_source
from healthplans.scrapers.liveness import check_urls


def _partitioned_crawl_asset(fn: Callable[..., dg.MaterializeResult]) -> dg.AssetsDefinition:
    """One partition per source; a run may cover a range of them (a single-run backfill, a beta
    parameter in this Dagster release: its warning is silenced here, where it is chosen)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=dg.BetaWarning)
        return dg.asset(
            name=fn.__name__,
            group_name="crawl",
            partitions_def=SOURCE_PARTITIONS,
            backfill_policy=dg.BackfillPolicy.single_run(),
            retry_policy=NETWORK_RETRY,
        )(local_failures_not_retried(fn))


@_partitioned_crawl_asset
def copies(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.MaterializeResult:
    """Archived copies of the plans each source lists: new publications and their pages or
    attachments, added to the crawl state. Sources are crawled `crawler.concurrency` at a time;
    the client keeps each host's own pace."""
    reachable = crawler.reachable()
    keys = [k for k in context.partition_keys if k in reachable]
    for key in sorted(set(context.partition_keys) - set(keys)):
        context.log.info("%s: not served in %s mode, not crawled", key, crawler.mode)
    archive, state = storage.archive(), storage.state()
    fetcher = crawler.fetcher(archive)
    with ThreadPoolExecutor(max_workers=max(1, crawler.concurrency)) as pool:
        results = list(pool.map(lambda k: crawl_source(reachable[k], fetcher, state), keys))
    for r in results:
        context.log.info(
            "%s: %s, %d new publications, %d new copies, %d failed",
            r.source_id,
            r.run.outcome,
            len(r.new_publications),
            len(r.new_copies),
            r.run.failed,
        )
    return dg.MaterializeResult(
        metadata={
            "sources": len(results),
            "not_reached": len(context.partition_keys) - len(keys),
            "new_publications": sum(len(r.new_publications) for r in results),
            "new_copies": sum(len(r.new_copies) for r in results),
            "requests": fetcher.request_count,
            "crawl_mode": crawler.mode,
            "outcomes": dg.MetadataValue.json(dict(Counter(r.run.outcome for r in results))),
            "per_source": dg.MetadataValue.json({r.source_id: len(r.new_copies) for r in results}),
        }
    )


@dg.asset(group_name="crawl", retry_policy=NETWORK_RETRY)
@local_failures_not_retried
def source_liveness(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.MaterializeResult:
    """Whether each known copy is still served: one conditional GET per URL, recorded in the
    crawl state for the next release's `sources.gone_since`."""
    if crawler.mode == "replay":
        # The archive answers every URL it holds: it cannot say what the sites still serve.
        context.log.info("replay mode: liveness not checked")
        return dg.MaterializeResult(metadata={"checked": 0, "crawl_mode": crawler.mode})
    state = storage.state()
    fetcher = crawler.fetcher(storage.archive())
    observations = check_urls(state.copy_urls(), crawler.registry(), fetcher)
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
            "requests": fetcher.request_count,
            "crawl_mode": crawler.mode,
        }
    )
