"""The crawl's Dagster side: source partitions, the daily schedule, the new-copies sensor, and a
release rebuilt in replay mode from the archive alone."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from healthplans.assets.crawl import copies
from healthplans.assets.partitions import SOURCE_PARTITIONS
from healthplans.dataset.release import read_latest
from healthplans.mirror.build import mirrored
from healthplans.pipelines.crawl_automation import daily_source_crawl
from healthplans.scrapers.registry import load_registry
from tests.jobs import DEFS as defs
from tests.jobs import mirror_url, resources, run_job


def test_partitions_are_the_registry_sources() -> None:
    assert SOURCE_PARTITIONS.get_partition_keys() == list(load_registry())
    assert defs.resolve_job_def("crawl_sources").partitions_def == SOURCE_PARTITIONS


def test_schedule_requests_one_run_per_source() -> None:
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 25, tzinfo=UTC))
    requests = daily_source_crawl(context)
    assert [r.partition_key for r in requests] == list(load_registry())
    assert requests[0].run_key == "govcn:2026-11-25"


def test_partition_crawl_then_sensor_then_nothing_new(tmp_path: Path) -> None:
    sensor = defs.resolve_sensor_def("new_copies")
    with dg.DagsterInstance.ephemeral() as instance, mirror_url() as base:
        run = resources(tmp_path, "mirror", base)
        result = dg.materialize([copies], partition_key="bozhou", resources=run, instance=instance)
        meta = result.asset_materializations_for_node("copies")[0].metadata
        assert meta["new_copies"].value == 1

        first = sensor(dg.build_sensor_context(cursor=None, instance=instance))
        assert isinstance(first, dg.SensorResult) and len(first.run_requests or []) == 1

        again = dg.materialize([copies], partition_key="bozhou", resources=run, instance=instance)
        meta = again.asset_materializations_for_node("copies")[0].metadata
        # robots.txt and one list page, whose bytes are unchanged: nothing else is fetched.
        assert (meta["new_copies"].value, meta["requests"].value) == (0, 2)
        idle = sensor(dg.build_sensor_context(cursor=first.cursor, instance=instance))
        assert isinstance(idle, dg.SensorResult) and not idle.run_requests
        assert idle.cursor != first.cursor  # the crawl without news is consumed, not re-read
        quiet = sensor(dg.build_sensor_context(cursor=idle.cursor, instance=instance))
        assert isinstance(quiet, dg.SkipReason)


def test_one_run_crawls_a_range_of_sources(tmp_path: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_job(tmp_path, instance, "crawl_sources")
    meta = result.asset_materializations_for_node("copies")
    keys = SOURCE_PARTITIONS.get_partition_keys()
    assert sorted(m.partition for m in meta) == sorted(keys)
    # The mirror reconstructs some of the registry's sites; the others are not crawled.
    served = [k for k, s in load_registry().items() if mirrored(s.entry_points)]
    assert meta[0].metadata["sources"].value == len(served) > 12
    assert meta[0].metadata["not_reached"].value == len(keys) - len(served)
    # Freshness: a crawled source was fetched just now; one the mirror lacks is not judged.
    fresh = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert all(fresh[f"fresh__{k}"].passed for k in keys)
    unserved = sorted(set(keys) - set(served))
    assert "not crawled in mirror mode" in str(fresh[f"fresh__{unserved[0]}"].description)


def test_replay_mode_rebuilds_the_release_from_the_archive(tmp_path: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_job(tmp_path / "live", instance).success
    # Only the raw archive travels: no crawl state, no releases.
    shutil.copytree(tmp_path / "live" / "archive", tmp_path / "replay" / "archive")
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_job(tmp_path / "replay", instance, mode="replay").success

    def documents(root: Path) -> list[tuple]:
        version = read_latest(root / "releases")
        rows = pq.read_table(root / "releases" / version / "documents.parquet").to_pylist()
        return sorted((r["doc_id"], r["title"], r["source_sha256"]) for r in rows)

    assert documents(tmp_path / "replay") == documents(tmp_path / "live")
