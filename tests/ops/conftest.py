"""One in-process pipeline run against the fixture mirror, shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.resources import CrawlerResource, StorageResource


def run_build_release(data_root: Path, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """build_release on the mirror, writing under `data_root`."""
    return defs.resolve_job_def("build_release").execute_in_process(
        instance=instance,
        raise_on_error=False,
        resources={
            "crawler": CrawlerResource(mode="mirror"),
            "storage": StorageResource(data_root=str(data_root)),
        },
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict:
    data_root = tmp_path_factory.mktemp("ops") / "data"
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_build_release(data_root, instance)
    assert result.success
    return {"result": result, "root": data_root / "releases"}
