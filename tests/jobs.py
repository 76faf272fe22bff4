"""Running the code location's jobs in tests: on the fixture mirror, writing under a data root."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg

from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.mirror.server import serve_mirror
from healthplans.pipelines.definitions import build_definitions
from healthplans.pipelines.runner import PipelineRun, crawl_all, run_pipeline
from healthplans.settings import Settings

DEFS = build_definitions(Settings(data_root=Path("data")))


@contextmanager
def mirror_url(gone: Collection[str] = ()) -> Iterator[str]:
    """The fixture mirror, served on 127.0.0.1 while the block runs (`gone`: URLs answering 404)."""
    with serve_mirror(gone=gone) as base:
        yield base


def resources(
    data_root: Path, mode: str = "mirror", mirror: str | None = None, **extra: Any
) -> dict[str, Any]:
    """Crawler and storage resources for a test run; `extra` adds or replaces resources."""
    return {
        "crawler": CrawlerResource(mode=mode, mirror_url=mirror),
        "storage": StorageResource(data_root=str(data_root)),
        **extra,
    }


def run_job(
    data_root: Path,
    instance: dg.DagsterInstance,
    job_name: str = "build_release",
    raise_on_error: bool = True,
    mode: str = "mirror",
    gone: Collection[str] = (),
    **extra: Any,
) -> dg.ExecuteInProcessResult:
    """Execute a job in process on `instance`; `build_release` first crawls every source (the
    result returned is the release run's, or the crawl's when that failed)."""
    with mirror_url(gone) as base:
        kwargs = {
            "raise_on_error": raise_on_error,
            "resources": resources(data_root, mode, base, **extra),
        }
        if job_name == "build_release":
            run: PipelineRun = run_pipeline(DEFS, instance, **kwargs)
            return run.release if run.release is not None else run.crawl
        if job_name == "crawl_sources":
            return crawl_all(DEFS, instance, **kwargs)
        return DEFS.resolve_job_def(job_name).execute_in_process(instance=instance, **kwargs)
