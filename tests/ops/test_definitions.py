"""The code location loads, and everything operations needs is visible in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from healthplans.assets.release import TABLE_ASSETS
from healthplans.dataset.schema import DERIVED_TABLES, TABLES
from healthplans.pipelines.checks import SOURCE_HEALTH_CHECKS
from tests.jobs import DEFS as defs


def test_definitions_list_jobs_schedules_sensors_and_checks() -> None:
    dg.Definitions.validate_loadable(defs)
    jobs = {j.name for j in defs.resolve_all_job_defs()}
    assert {"build_release", "crawl_sources", "check_freshness", "check_sources"} <= jobs
    assert {s.name for s in defs.schedules} >= {
        "daily_source_crawl",
        "check_freshness_daily",
        "weekly_source_liveness",
    }
    assert {s.name for s in defs.sensors} >= {
        "new_copies",
        "run_failure_alerts",
        "release_after_liveness",
    }
    graph = defs.resolve_asset_graph()
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    for asset in ("clauses", "targets", "agencies", "clause_agencies"):
        assert {(asset, "schema"), (asset, "non_empty"), (asset, "unique_key")} <= checks
    assert ("targets", "quotes_in_clauses") in checks
    assert ("targets", "year_range") in checks
    assert ("release", "files_intact") in checks
    for asset in ("citations", "clause_links"):
        assert {(asset, "schema"), (asset, "unique_key"), (asset, "foreign_keys")} <= checks
    assert {("indicators", "non_empty"), ("targets", "foreign_keys")} <= checks
    # The liveness re-check is its own job, not part of every release run.
    build = defs.resolve_job_def("build_release").asset_layer.selected_asset_keys
    assert dg.AssetKey("source_liveness") not in build
    assert dg.AssetKey("citations") in build
    assert any(a == "copies" and n.startswith("fresh__") for a, n in checks)


def test_the_asset_graph_is_the_data_path() -> None:
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {p.to_user_string() for p in graph.get(dg.AssetKey(key)).parent_keys}

    # Every published table is an asset of its own name, and the release reads each of them.
    assert set(TABLE_ASSETS) == set(TABLES) - set(DERIVED_TABLES)
    assert parents("release") == set(TABLE_ASSETS)
    assert parents("parsed_copies") == {"copies"}
    assert parents("plans") == {"parsed_copies"}
    assert parents("documents") == {"plans"}
    assert parents("clause_links") == {"clauses", "documents"}
    assert graph.get(dg.AssetKey("copies")).partitions_def is not None
    # The roots: the crawl, the liveness re-check, and the indicator vocabulary (a data file).
    roots = {k.to_user_string() for k in graph.get_all_asset_keys() if not graph.get(k).parent_keys}
    assert roots == {"copies", "source_liveness", "indicators"}


def test_checks_before_the_release_are_blocking() -> None:
    specs = [
        spec
        for checks_def in defs.asset_checks or []
        for spec in checks_def.check_specs  # type: ignore[union-attr]
    ]
    for spec in specs:
        name = spec.asset_key.to_user_string()
        if name in TABLE_ASSETS and spec.name not in SOURCE_HEALTH_CHECKS:
            assert spec.blocking, spec.key
        else:  # release, freshness and the sources' health: warnings, nothing to stop
            assert not spec.blocking, spec.key


def test_retries_are_configured() -> None:
    job = defs.resolve_job_def("build_release")
    assert job.tags["dagster/max_retries"] == "2"
    graph = defs.resolve_asset_graph()
    for asset in ("copies", "source_liveness"):
        node = graph.get(dg.AssetKey(asset))
        assert node.assets_def.op.retry_policy is not None, asset


def test_the_code_location_loads_with_the_dagster_cli(tmp_path) -> None:
    """What `dagster dev` and `dagster api grpc` load: the settings are read when the location
    loads, from the environment given to it."""
    env = {**os.environ, "HEALTHPLANS_DATA_ROOT": str(tmp_path), "DAGSTER_HOME": str(tmp_path)}
    dagster_cli = Path(sys.executable).with_name("dagster")
    proc = subprocess.run(
        [str(dagster_cli), "definitions", "validate", "-m", "healthplans.pipelines.definitions"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
