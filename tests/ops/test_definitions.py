"""The code location loads, and everything operations needs is visible in it."""

from __future__ import annotations

import dagster as dg

from healthplans.pipelines.definitions import defs

TABLE_ASSETS = (
    "clauses",
    "targets",
    "agencies",
    "clause_agencies",
    "deduplicated_documents",
    "citations",
    "clause_links",
    "indicators",
)


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
    assert any(a == "pages" and n.startswith("fresh__") for a, n in checks)


def test_checks_before_the_release_are_blocking() -> None:
    specs = [
        spec
        for checks_def in defs.asset_checks or []
        for spec in checks_def.check_specs  # type: ignore[union-attr]
    ]
    for spec in specs:
        name = spec.asset_key.to_user_string()
        if name in TABLE_ASSETS:
            assert spec.blocking, spec.key
        else:  # release and freshness: nothing downstream to stop
            assert not spec.blocking, spec.key


def test_retries_are_configured() -> None:
    job = defs.resolve_job_def("build_release")
    assert job.tags["dagster/max_retries"] == "2"
    graph = defs.resolve_asset_graph()
    for asset in ("publications", "pages", "source_copies"):
        node = graph.get(dg.AssetKey(asset))
        assert node.assets_def.op.retry_policy is not None, asset
