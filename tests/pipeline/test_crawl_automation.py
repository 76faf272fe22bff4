"""The crawl's Dagster side: source partitions, the daily schedule, the new-copies sensor, and a
release rebuilt in replay mode from the archive alone."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from healthplans.assets.crawl import source_copies
from healthplans.dataset.release import read_latest
from healthplans.pipelines.crawl_automation import daily_source_crawl
from healthplans.pipelines.definitions import defs
from healthplans.pipelines.partitions import SOURCE_PARTITIONS
from healthplans.pipelines.resources import StorageResource
from healthplans.scrapers.registry import load_registry
from tests.jobs import resources


def _resources(root: Path, mode: str) -> dict:
    return resources(root, mode)


def test_partitions_are_the_registry_sources() -> None:
    assert SOURCE_PARTITIONS.get_partition_keys() == list(load_registry())
    assert defs.resolve_job_def("crawl_sources").partitions_def == SOURCE_PARTITIONS


def test_schedule_requests_one_run_per_source() -> None:
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 25, tzinfo=UTC))
    requests = daily_source_crawl(context)
    assert [r.partition_key for r in requests] == list(load_registry())
    assert requests[0].run_key == "govcn:2026-11-25"


def test_partition_crawl_then_sensor_then_nothing_new(tmp_path: Path) -> None:
    result = dg.materialize(
        [source_copies], partition_key="bozhou", resources=_resources(tmp_path, "mirror")
    )
    meta = result.asset_materializations_for_node("source_copies")[0].metadata
    assert meta["new_copies"].value == 1

    sensor = defs.resolve_sensor_def("new_copies")
    storage = StorageResource(data_root=str(tmp_path))
    first = sensor(dg.build_sensor_context(cursor=None, resources={"storage": storage}))
    assert [r.run_key for r in first.run_requests] == ["copies:1"] and first.cursor == "1"

    again = dg.materialize(
        [source_copies], partition_key="bozhou", resources=_resources(tmp_path, "mirror")
    )
    meta = again.asset_materializations_for_node("source_copies")[0].metadata
    assert (meta["new_copies"].value, meta["requests"].value) == (0, 2)  # robots.txt + 1 list page
    idle = sensor(dg.build_sensor_context(cursor="1", resources={"storage": storage}))
    assert isinstance(idle, dg.SkipReason)


def test_replay_mode_rebuilds_the_release_from_the_archive(tmp_path: Path) -> None:
    job = defs.resolve_job_def("build_release")
    assert job.execute_in_process(resources=_resources(tmp_path / "live", "mirror")).success
    # Only the raw archive travels: no crawl state, no releases.
    shutil.copytree(tmp_path / "live" / "archive", tmp_path / "replay" / "archive")
    assert job.execute_in_process(resources=_resources(tmp_path / "replay", "replay")).success

    def documents(root: Path) -> list[tuple]:
        version = read_latest(root / "releases")
        rows = pq.read_table(root / "releases" / version / "documents.parquet").to_pylist()
        return sorted((r["doc_id"], r["title"], r["source_sha256"]) for r in rows)

    assert documents(tmp_path / "replay") == documents(tmp_path / "live")
