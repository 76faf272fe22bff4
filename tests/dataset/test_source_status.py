"""The source_status table: outcomes of the last crawl, last success, silence against cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa

from healthplans.dataset.schema import TABLES
from healthplans.dataset.source_status import (
    coverage_summary,
    silence,
    source_health,
    source_status_table,
)
from healthplans.records import SourceDescription, SourceRun

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _described(source_id: str, enabled: bool = True, code: str = "620000") -> SourceDescription:
    return SourceDescription(
        source_id, f"{source_id} 卫生健康委员会", code, "province", "trs", enabled, "high"
    )


def _run(source_id: str, at: str, outcome: str, reason: str | None = None) -> SourceRun:
    return SourceRun(source_id, at, at, outcome, 5, 2, 2, 0 if reason is None else 1, 0, reason)


def test_cadence_is_the_median_gap_and_overdue_needs_three_dated_plans() -> None:
    monthly = silence(["2026-01-01", "2026-02-01", "2026-03-01"], date(2026, 6, 1))
    assert monthly.cadence_days == 29.5 and monthly.days_silent == 92 and monthly.overdue
    recent = silence(["2026-01-01", "2026-02-01", "2026-05-20"], date(2026, 6, 1))
    assert not recent.overdue  # 12 days silent
    sparse = silence(["2025-01-01", "2025-02-01"], date(2026, 6, 1))
    assert sparse.cadence_days is None and not sparse.overdue  # too few plans to know a cadence
    assert silence([], date(2026, 6, 1)).days_silent is None
    # A weekly publisher silent for 25 days is under the 30-day floor: no warning yet.
    weekly = silence(["2026-05-01", "2026-05-02", "2026-05-07", "2026-05-14"], date(2026, 6, 8))
    assert weekly.days_silent == 25 and not weekly.overdue


def test_rows_hold_the_last_run_and_the_last_success() -> None:
    runs = [
        _run("gansu", "2026-05-01T00:00:00+00:00", "ok"),
        _run("gansu", "2026-05-20T00:00:00+00:00", "blocked", "challenge"),
        _run("hubei", "2026-05-21T00:00:00+00:00", "unchanged"),
    ]
    sources = [
        _described("gansu"),
        _described("hubei", code="420000"),
        _described("tibet", False, "540000"),
        _described("shaanxi", code="610000"),
    ]
    table = source_status_table(sources, runs, {"gansu": ["2026-01-01"]}, NOW)
    assert table.schema.equals(TABLES["source_status"].schema, check_metadata=True)
    rows = {r["source_id"]: r for r in table.to_pylist()}
    assert rows["gansu"]["status"] == "blocked" and rows["gansu"]["reason"] == "challenge"
    assert rows["gansu"]["last_success_at"] == datetime(2026, 5, 1, tzinfo=UTC)
    assert rows["gansu"]["province"] == "甘肃省" and rows["gansu"]["dated_plans"] == 1
    assert rows["hubei"]["status"] == "unchanged" and rows["hubei"]["last_success_at"] is not None
    assert rows["tibet"]["status"] == "disabled" and rows["shaanxi"]["status"] == "never_crawled"
    health = source_health(table)
    assert not health["sources_reachable"].passed
    assert "gansu (blocked: challenge)" in health["sources_reachable"].description
    assert health["sources_not_silent"].passed
    # Analysts group it by province and status in SQL.
    con = duckdb.connect()
    con.register("source_status", table)
    by_status = dict(
        con.execute("SELECT status, count(*) FROM source_status GROUP BY 1").fetchall()
    )
    assert by_status == {"blocked": 1, "unchanged": 1, "disabled": 1, "never_crawled": 1}
    summary = {e["province"]: e for e in coverage_summary(table)}
    assert summary["甘肃省"]["sources"] == 1 and summary["甘肃省"]["blocked"] == 1
    assert summary["西藏自治区"]["enabled"] == 0 and summary["西藏自治区"]["disabled"] == 1


def test_an_empty_registry_is_an_empty_table() -> None:
    table = source_status_table([], [], {}, NOW)
    assert isinstance(table, pa.Table) and table.num_rows == 0
    assert all(o.passed for o in source_health(table).values())
