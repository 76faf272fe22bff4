"""When each source was last fetched successfully, read from the archive's SQLite index.

The `fetches` table of `scrapers/archive.py` gets a row for every answer archived (new bytes, the
same bytes again, or a 304), and never for a failure (those go to `quarantine`), so its newest row
per source is the time of that source's last successful crawl.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Freshness:
    """One source's last successful fetch and whether it is recent enough."""

    source_id: str
    last_fetch: datetime | None  # None: never fetched
    max_age: timedelta
    now: datetime

    @property
    def age(self) -> timedelta | None:
        return None if self.last_fetch is None else self.now - self.last_fetch

    @property
    def fresh(self) -> bool:
        return self.age is not None and self.age <= self.max_age

    def describe(self) -> str:
        if self.last_fetch is None:
            return f"{self.source_id}: never fetched successfully"
        days = self.age.total_seconds() / 86400 if self.age else 0.0
        limit = self.max_age.total_seconds() / 86400
        verdict = "within" if self.fresh else "older than"
        return f"{self.source_id}: last fetch {days:.1f} days ago, {verdict} {limit:g} days"


def last_fetches(index: Path) -> dict[str, datetime]:
    """Newest fetch time per source id; empty when the index does not exist yet."""
    if not index.exists():
        return {}
    # Read-only: a check must never create or migrate the crawler's database.
    uri = f"file:{index}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        has_table = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='fetches'"
        ).fetchone()
        if not has_table:
            return {}
        rows = db.execute(
            "SELECT source_id, MAX(fetched_at) FROM fetches GROUP BY source_id"
        ).fetchall()
    return {source: datetime.fromisoformat(at) for source, at in rows if at}


def freshness(
    sources: Iterable[str], last: Mapping[str, datetime], now: datetime, max_age: timedelta
) -> list[Freshness]:
    """Freshness of each source, in the order given."""
    return [Freshness(s, last.get(s), max_age, now) for s in sources]
