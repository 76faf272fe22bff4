"""Running the pipeline in process on a Dagster instance: every source's crawl in one run (a
single-run backfill over the source partitions), then the release build.

This is what `healthplans run` does; the daemon does the same through the schedules and sensors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg

from healthplans.assets.partitions import SOURCE_PARTITIONS

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class PipelineRun:
    """The runs of one pipeline pass; `failed` names the first that failed, if any."""

    crawl: dg.ExecuteInProcessResult
    release: dg.ExecuteInProcessResult | None

    @property
    def success(self) -> bool:
        return self.crawl.success and self.release is not None and self.release.success

    @property
    def failed(self) -> dg.ExecuteInProcessResult | None:
        if not self.crawl.success:
            return self.crawl
        if self.release is not None and not self.release.success:
            return self.release
        return None


def crawl_all(
    defs: dg.Definitions, instance: dg.DagsterInstance, **kwargs: Any
) -> dg.ExecuteInProcessResult:
    """One `crawl_sources` run over every source partition."""
    keys = SOURCE_PARTITIONS.get_partition_keys()
    tags: Mapping[str, str] = {RANGE_START: keys[0], RANGE_END: keys[-1]}
    return defs.resolve_job_def("crawl_sources").execute_in_process(
        instance=instance, tags=tags, **kwargs
    )


def run_pipeline(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    run_ids: tuple[str, str] | None = None,
    **kwargs: Any,
) -> PipelineRun:
    """Crawl every source, then build the release (not when the crawl failed). `run_ids` are
    the two runs' ids, for a caller that follows their events."""
    crawl_id, release_id = run_ids or (None, None)
    crawl = crawl_all(defs, instance, run_id=crawl_id, **kwargs)
    if not crawl.success:
        return PipelineRun(crawl, None)
    release = defs.resolve_job_def("build_release").execute_in_process(
        instance=instance, run_id=release_id, **kwargs
    )
    return PipelineRun(crawl, release)
