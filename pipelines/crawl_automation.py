"""Crawling forever: a daily run per source partition, and a sensor that turns what those runs
found into a release; a weekly liveness check of every known copy, followed by a release.

The sensor reads the materializations of `copies` since its cursor: when any of them added copies,
it requests one `build_release` run, which parses every stored copy and publishes a release only
if the content changed. The liveness check (`check_sources`) is not part of `build_release`: it
sends one request per known copy, far more than a release run needs, and a plan taken down is
news on a scale of days. After each successful check one `build_release` run publishes the
`gone_since` it found (or nothing, when no copy changed state).
"""

from __future__ import annotations

import dagster as dg

from healthplans.assets.partitions import SOURCE_PARTITIONS
from healthplans.assets.retries import RUN_RETRY_TAGS

COPIES = dg.AssetKey("copies")

# Partitioned by source: the partitions come from the selected asset.
crawl_sources = dg.define_asset_job(
    "crawl_sources", selection=dg.AssetSelection.assets(COPIES), tags=RUN_RETRY_TAGS
)


@dg.schedule(job=crawl_sources, cron_schedule="0 3 * * *", execution_timezone="Asia/Shanghai")
def daily_source_crawl(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
    """One run per source each day; partitions keep one slow portal from holding up the rest."""
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return [
        dg.RunRequest(partition_key=key, run_key=f"{key}:{day}")
        for key in SOURCE_PARTITIONS.get_partition_keys()
    ]


def new_copies_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    """A sensor that requests `job` when materializations of `copies` since its cursor (an
    event storage id) added copies."""

    @dg.sensor(name="new_copies", job=job, minimum_interval_seconds=300)
    def new_copies(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        after = int(context.cursor or 0)
        records = context.instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=COPIES, after_storage_id=after),
            limit=1000,
            ascending=True,
        ).records
        if not records:
            return dg.SkipReason("no crawl since the last check")
        last = max(r.storage_id for r in records)
        added = 0
        for r in records:
            mat = r.asset_materialization
            value = mat.metadata.get("new_copies") if mat else None
            added += int(value.value or 0) if isinstance(value, dg.IntMetadataValue) else 0
        if not added:
            return dg.SensorResult(skip_reason="crawls found no new copies", cursor=str(last))
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=f"copies:{last}")], cursor=str(last)
        )

    return new_copies


# One conditional GET per known copy URL (assets/crawl.py: source_liveness).
check_sources = dg.define_asset_job(
    "check_sources",
    selection=dg.AssetSelection.assets("source_liveness"),
    description="Ask every site whether the copies it served are still there.",
    tags=RUN_RETRY_TAGS,
)


@dg.schedule(job=check_sources, cron_schedule="0 5 * * 1", execution_timezone="Asia/Shanghai")
def weekly_source_liveness(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every Monday, after the daily crawl."""
    return dg.RunRequest(run_key=context.scheduled_execution_time.strftime("liveness:%Y-%m-%d"))


def release_after_liveness_sensor(
    job: dg.UnresolvedAssetJobDefinition,
) -> dg.RunStatusSensorDefinition:
    """A sensor that requests `job` after every successful `check_sources` run."""

    @dg.run_status_sensor(
        name="release_after_liveness",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[check_sources],
        request_job=job,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def release_after_liveness(context: dg.RunStatusSensorContext) -> dg.RunRequest:
        return dg.RunRequest(run_key=f"liveness:{context.dagster_run.run_id}")

    return release_after_liveness
