"""What the crawl already knows, kept between runs in SQLite: list items seen, the bytes of each
list page last read, the text fetched for each publication, and what liveness checks saw of each
copy's URL (source observations: is it still served?).

It makes crawling incremental: a list page with the bytes read last time is not parsed again, a
listing stops at the first item already known, and a publication whose copy is stored is not
fetched again. The archive holds the raw bytes; this is derived and can be rebuilt by replay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from healthplans.parsing.model import SourceHints
from healthplans.parsing.relevance import Relevance
from healthplans.records import FetchedCopy, Publication, SourceObservation, SourceRun
from healthplans.scrapers.sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS listing_items (
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    list_date TEXT,
    listing_url TEXT NOT NULL,
    kept INTEGER NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
);
CREATE TABLE IF NOT EXISTS listing_pages (
    url TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS copies (
    source_id TEXT NOT NULL,
    page_url TEXT NOT NULL,
    copy TEXT NOT NULL,
    PRIMARY KEY (source_id, page_url)
);
CREATE TABLE IF NOT EXISTS source_observations (
    url TEXT NOT NULL,
    status INTEGER,
    seen_in_listing INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS source_observations_url ON source_observations(url);
CREATE TABLE IF NOT EXISTS source_runs (
    source_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    listed INTEGER NOT NULL,
    new INTEGER NOT NULL,
    fetched INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    blocked INTEGER NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS source_runs_source ON source_runs(source_id);
CREATE TABLE IF NOT EXISTS title_judgements (
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    decision TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    rules TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
);
"""


@dataclass(frozen=True)
class SeenItem:
    """A list entry as recorded, with the relevance judgement of its title: kept ones (plans,
    and titles the body must decide) are publications."""

    publication: Publication
    relevance: Relevance

    @property
    def kept(self) -> bool:
        return self.relevance.kept


class CrawlState(SqliteStore):
    """The crawl's memory under one SQLite file."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def known_items(self, source_id: str) -> set[str]:
        """URLs of every list entry seen on the source, kept or not."""
        with self._db() as db:
            rows = db.execute("SELECT url FROM listing_items WHERE source_id=?", (source_id,))
            return {r[0] for r in rows}

    def watermark(self, source_id: str) -> str | None:
        """Newest list date seen on the source."""
        with self._db() as db:
            row = db.execute(
                "SELECT MAX(list_date) FROM listing_items WHERE source_id=?", (source_id,)
            ).fetchone()
        return row[0] if row else None

    def listing_sha(self, url: str) -> str | None:
        """sha256 of the list page's bytes when it was last read."""
        with self._db() as db:
            row = db.execute("SELECT sha256 FROM listing_pages WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def record_listing(self, url: str, sha256: str, items: Iterable[SeenItem]) -> None:
        """Remember a read list page and its new entries, in one transaction."""
        now = datetime.now(UTC).isoformat()
        with self._db() as db:
            db.executemany(
                "INSERT OR IGNORE INTO listing_items VALUES (?,?,?,?,?,?,?)",
                [
                    (p.source_id, p.url, p.title, p.list_date, p.listing_url, int(i.kept), now)
                    for i in items
                    for p in (i.publication,)
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO title_judgements VALUES (?,?,?,?,?,?)",
                [
                    (
                        i.publication.source_id,
                        i.publication.url,
                        i.relevance.decision,
                        i.relevance.score,
                        "; ".join(i.relevance.reasons),
                        i.relevance.rules,
                    )
                    for i in items
                ],
            )
            db.execute("INSERT OR REPLACE INTO listing_pages VALUES (?,?)", (url, sha256))

    def set_aside(self) -> dict[str, int]:
        """Per source, how many list entries the title judgement set aside as not plans."""
        with self._db() as db:
            rows = db.execute(
                "SELECT source_id, COUNT(*) FROM title_judgements WHERE decision='not_plan' "
                "GROUP BY source_id"
            ).fetchall()
        return dict(rows)

    def title_judgements(self, source_id: str) -> list[tuple[str, str, str, float, str, str]]:
        """(url, title, decision, score, reasons, rules) of every list entry of the source."""
        with self._db() as db:
            return db.execute(
                "SELECT i.url, i.title, j.decision, j.score, j.reasons, j.rules "
                "FROM listing_items i JOIN title_judgements j "
                "ON j.source_id = i.source_id AND j.url = i.url WHERE i.source_id=? "
                "ORDER BY i.found_at, i.rowid",
                (source_id,),
            ).fetchall()

    def publications(self, source_ids: Iterable[str] | None = None) -> list[Publication]:
        """Kept list entries, oldest find first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT source_id, url, title, list_date, listing_url FROM listing_items "
                "WHERE kept=1 ORDER BY found_at, rowid"
            ).fetchall()
        wanted = set(source_ids) if source_ids is not None else None
        return [Publication(*r) for r in rows if wanted is None or r[0] in wanted]

    def without_copy(self, source_id: str) -> list[Publication]:
        """Kept entries of the source that have no stored copy yet (new, or failed before)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT i.source_id, i.url, i.title, i.list_date, i.listing_url "
                "FROM listing_items i LEFT JOIN copies c "
                "ON c.source_id = i.source_id AND c.page_url = i.url "
                "WHERE i.kept=1 AND i.source_id=? AND c.page_url IS NULL "
                "ORDER BY i.found_at, i.rowid",
                (source_id,),
            ).fetchall()
        return [Publication(*r) for r in rows]

    def copy(self, pub: Publication) -> FetchedCopy | None:
        """The stored copy of a publication, if it was fetched before."""
        with self._db() as db:
            row = db.execute(
                "SELECT copy FROM copies WHERE source_id=? AND page_url=?",
                (pub.source_id, pub.url),
            ).fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        return FetchedCopy(**{**data, "hints": SourceHints(**data["hints"])})

    def save_copy(self, copy: FetchedCopy) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO copies VALUES (?,?,?)",
                (copy.source_id, copy.page_url, json.dumps(asdict(copy), ensure_ascii=False)),
            )

    def copy_urls(self) -> list[tuple[str, str]]:
        """(source_id, url) of every stored copy: the URLs the release's `sources` rows name."""
        with self._db() as db:
            rows = db.execute("SELECT source_id, copy FROM copies ORDER BY rowid").fetchall()
        return [(source_id, json.loads(copy)["url"]) for source_id, copy in rows]

    def record_observations(self, observations: Iterable[SourceObservation]) -> None:
        """Append what a liveness check (or crawl) saw; history is kept, nothing is replaced."""
        with self._db() as db:
            db.executemany(
                "INSERT INTO source_observations VALUES (?,?,?,?)",
                [
                    (
                        o.url,
                        o.status,
                        None if o.seen_in_listing is None else int(o.seen_in_listing),
                        o.at.isoformat(),
                    )
                    for o in observations
                ],
            )

    def observations(self) -> list[SourceObservation]:
        """Every recorded observation, oldest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT url, status, seen_in_listing, at FROM source_observations "
                "ORDER BY at, rowid"
            ).fetchall()
        return [
            SourceObservation(
                url, status, None if listed is None else bool(listed), datetime.fromisoformat(at)
            )
            for url, status, listed, at in rows
        ]

    def observation_count(self) -> int:
        """How many observations are recorded; grows with every liveness check."""
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM source_observations").fetchone()[0])

    def copy_count(self) -> int:
        """How many copies are stored; grows exactly when a crawl found something new."""
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM copies").fetchone()[0])

    def record_run(self, run: SourceRun) -> None:
        """Append how one crawl of one source went; history is kept."""
        with self._db() as db:
            db.execute(
                "INSERT INTO source_runs VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    run.source_id,
                    run.started_at,
                    run.finished_at,
                    run.outcome,
                    run.listed,
                    run.new,
                    run.fetched,
                    run.failed,
                    run.blocked,
                    run.reason,
                ),
            )

    def runs(self) -> list[SourceRun]:
        """Every recorded crawl of every source, oldest first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM source_runs ORDER BY started_at, rowid").fetchall()
        return [SourceRun(*row) for row in rows]

    def list_dates(self) -> dict[str, list[str]]:
        """Per source, the list dates of its kept entries (plans), oldest first: its cadence."""
        with self._db() as db:
            rows = db.execute(
                "SELECT source_id, list_date FROM listing_items "
                "WHERE kept=1 AND list_date IS NOT NULL ORDER BY list_date"
            ).fetchall()
        out: dict[str, list[str]] = {}
        for source_id, date in rows:
            out.setdefault(source_id, []).append(date)
        return out
