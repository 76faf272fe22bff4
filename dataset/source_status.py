"""The `source_status` table: for every registered source, how its last crawl went and how long
it has been silent compared with how often it usually publishes.

A source is *silent* for the days since the newest list date of a plan it lists; its *cadence*
is the median gap between those dates. It is *overdue* when the silence exceeds
`SILENCE_FACTOR` times its cadence and at least `MIN_SILENCE_DAYS` (a source with fewer than
`MIN_DATED_PLANS` dated plans has no cadence and is never overdue). That is a warning for a
person to look at (a moved column, a new layout, a block), not an error: some publishers are
quiet for months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from statistics import median

import pyarrow as pa

from healthplans.dataset.quality import CheckOutcome
from healthplans.dataset.schema import TABLES
from healthplans.parsing.regions import province_of
from healthplans.records import SourceDescription, SourceRun

STATUSES = ("ok", "unchanged", "blocked", "failed", "never_crawled", "disabled")
SILENCE_FACTOR = 3.0
MIN_SILENCE_DAYS = 30
MIN_DATED_PLANS = 3


@dataclass(frozen=True)
class Silence:
    """Days since a source's newest dated plan, its usual gap, and whether it is overdue."""

    newest: date | None
    days_silent: int | None
    cadence_days: float | None

    @property
    def overdue(self) -> bool:
        if self.days_silent is None or self.cadence_days is None:
            return False
        return self.days_silent > max(SILENCE_FACTOR * self.cadence_days, MIN_SILENCE_DAYS)


def silence(list_dates: Sequence[str], today: date) -> Silence:
    """How long a source has been silent, from the list dates of its plans."""
    dates = sorted({date.fromisoformat(d[:10]) for d in list_dates if d})
    if not dates:
        return Silence(None, None, None)
    gaps = [(b - a).days for a, b in pairwise(dates)]
    cadence = float(median(gaps)) if len(dates) >= MIN_DATED_PLANS else None
    return Silence(dates[-1], max(0, (today - dates[-1]).days), cadence)


def _status(described: SourceDescription, last: SourceRun | None) -> str:
    if not described.enabled:
        return "disabled"
    return "never_crawled" if last is None else last.outcome


def source_status_table(
    sources: Iterable[SourceDescription],
    runs: Sequence[SourceRun],
    list_dates: Mapping[str, Sequence[str]],
    now: datetime,
    set_aside: Mapping[str, int] | None = None,
) -> pa.Table:
    """One row per source: the last run's outcome and tallies, the last success, silence, and
    how many titles the relevance rules have set aside (`set_aside`, per source)."""
    set_aside = set_aside or {}
    last_run: dict[str, SourceRun] = {}
    last_ok: dict[str, str] = {}
    for past in sorted(runs, key=lambda r: r.started_at):
        last_run[past.source_id] = past
        if past.outcome in ("ok", "unchanged"):
            last_ok[past.source_id] = past.finished_at
    rows = []
    for s in sorted(sources, key=lambda s: s.source_id):
        run = last_run.get(s.source_id)
        quiet = silence(list_dates.get(s.source_id, ()), now.date())
        rows.append(
            {
                "source_id": s.source_id,
                "name": s.name,
                "province": province_of(s.region_code),
                "region_code": s.region_code,
                "admin_level": s.admin_level,
                "cms": s.cms,
                "enabled": s.enabled,
                "confidence": s.confidence,
                "status": _status(s, run),
                "reason": run.reason if run else None,
                "last_crawl_at": datetime.fromisoformat(run.finished_at) if run else None,
                "last_success_at": (
                    datetime.fromisoformat(last_ok[s.source_id]) if s.source_id in last_ok else None
                ),
                "listed": run.listed if run else None,
                "new": run.new if run else None,
                "fetched": run.fetched if run else None,
                "failed": run.failed if run else None,
                "blocked": run.blocked if run else None,
                "set_aside": set_aside.get(s.source_id, 0),
                "dated_plans": len(list_dates.get(s.source_id, ())),
                "newest_list_date": quiet.newest,
                "days_silent": quiet.days_silent,
                "cadence_days": quiet.cadence_days,
                "overdue": quiet.overdue,
            }
        )
    return pa.Table.from_pylist(rows, schema=TABLES["source_status"].schema)


def source_health(table: pa.Table) -> dict[str, CheckOutcome]:
    """Two warnings a person should look at: enabled sources silent for longer than their
    cadence allows, and enabled sources whose last crawl was blocked or failed."""
    rows = table.to_pylist()
    overdue = [r for r in rows if r["enabled"] and r["overdue"]]
    broken = [r for r in rows if r["enabled"] and r["status"] in ("blocked", "failed")]
    silent = CheckOutcome(
        not overdue,
        (
            f"{len(overdue)} source(s) silent for longer than their cadence: "
            + ", ".join(f"{r['source_id']} ({r['days_silent']} d)" for r in overdue[:10])
            if overdue
            else "no source is silent for longer than its cadence"
        ),
        {"overdue": [r["source_id"] for r in overdue]},
    )
    reachable = CheckOutcome(
        not broken,
        (
            f"{len(broken)} source(s) not read on their last crawl: "
            + ", ".join(f"{r['source_id']} ({r['status']}: {r['reason']})" for r in broken[:10])
            if broken
            else "every crawled source's lists were read"
        ),
        {"not_read": {r["source_id"]: f"{r['status']}: {r['reason']}" for r in broken}},
    )
    return {"sources_not_silent": silent, "sources_reachable": reachable}


def coverage_summary(table: pa.Table) -> list[dict[str, int | str]]:
    """Per province (全国 first): how many sources, how many enabled, the last crawls'
    outcomes and how many are overdue, from a `source_status` table."""
    counts: dict[str, Counter[str]] = {}
    for row in table.to_pylist():
        tally = counts.setdefault(row["province"] or "?", Counter())
        tally.update(sources=1, enabled=int(row["enabled"]), overdue=int(row["overdue"]))
        tally[row["status"]] += 1
    columns = ("sources", "enabled", *STATUSES, "overdue")
    return [
        {"province": province, **{c: counts[province][c] for c in columns}}
        for province in sorted(counts, key=lambda p: (p != "全国", p))
    ]
