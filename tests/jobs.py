"""Running the code location's jobs in tests: on the fixture mirror, writing under a data root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from healthplans.pipelines.definitions import defs
from healthplans.pipelines.resources import CrawlerResource, StorageResource


def resources(data_root: Path, mode: str = "mirror", **extra: Any) -> dict[str, Any]:
    """Crawler and storage resources for a test run; `extra` adds or replaces resources."""
    return {
        "crawler": CrawlerResource(mode=mode),
        "storage": StorageResource(data_root=str(data_root)),
        **extra,
    }


def run_job(
    data_root: Path,
    instance: dg.DagsterInstance,
    job_name: str = "build_release",
    raise_on_error: bool = True,
    **extra: Any,
) -> dg.ExecuteInProcessResult:
    """Execute a job in process on `instance` against the mirror."""
    return defs.resolve_job_def(job_name).execute_in_process(
        instance=instance,
        raise_on_error=raise_on_error,
        resources=resources(data_root, **extra),
    )
