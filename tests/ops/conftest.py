"""One in-process pipeline run against the fixture mirror, shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from tests.jobs import run_job


def run_build_release(data_root: Path, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """build_release on the mirror, writing under `data_root`; failures are returned, not raised."""
    return run_job(data_root, instance, raise_on_error=False)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict:
    data_root = tmp_path_factory.mktemp("ops") / "data"
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_build_release(data_root, instance)
    assert result.success
    return {"result": result, "root": data_root / "releases"}
