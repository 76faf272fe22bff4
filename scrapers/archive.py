"""The raw archive: every fetched body kept as a WARC response record, indexed in SQLite.

Bytes are never rewritten or deleted. A body already archived for the same URL (same sha256) is
not written again; the index just records that it was seen once more. Failed fetches are kept as
quarantine rows naming the reason, so a run can go on and nothing is silently dropped.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.http import Response

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    sha256 TEXT NOT NULL,
    url TEXT NOT NULL,
    warc_file TEXT NOT NULL,
    warc_offset INTEGER NOT NULL,
    warc_length INTEGER NOT NULL,
    content_type TEXT,
    status INTEGER NOT NULL,
    PRIMARY KEY (url, sha256)
);
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT NOT NULL,
    source_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(url);
CREATE TABLE IF NOT EXISTS quarantine (
    url TEXT NOT NULL,
    source_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class ArchivedFetch:
    """Where one fetch's bytes are archived and when it happened."""

    url: str
    source_id: str
    sha256: str
    fetched_at: str  # ISO 8601 UTC
    content_type: str
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class QuarantineEntry:
    """Something that could not be fetched or parsed, and why."""

    url: str
    source_id: str
    stage: str
    reason: str
    detail: str
    at: str


class Archive:
    """WARC files plus an SQLite index under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "warc").mkdir(parents=True, exist_ok=True)
        self._db_path = root / "index.sqlite"
        with self._db() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self._db_path, timeout=30)) as db, db:
            yield db

    def store(self, resp: Response, source_id: str) -> ArchivedFetch:
        """Archive a response (bytes once per URL and hash) and record the fetch."""
        sha = resp.sha256
        at = resp.fetched_at.isoformat()
        with self._db() as db:
            known = db.execute(
                "SELECT 1 FROM records WHERE url=? AND sha256=?", (resp.url, sha)
            ).fetchone()
            if not known:
                warc_file, offset, length = self._append_warc(resp)
                db.execute(
                    "INSERT INTO records VALUES (?,?,?,?,?,?,?)",
                    (sha, resp.url, warc_file, offset, length, resp.content_type, resp.status),
                )
            db.execute(
                "INSERT INTO fetches VALUES (?,?,?,?)", (resp.url, source_id, sha, at)
            )
            first, last = db.execute(
                "SELECT MIN(fetched_at), MAX(fetched_at) FROM fetches WHERE url=?", (resp.url,)
            ).fetchone()
        return ArchivedFetch(resp.url, source_id, sha, at, resp.content_type, first, last)

    def _append_warc(self, resp: Response) -> tuple[str, int, int]:
        name = f"{resp.fetched_at:%Y%m%d}.warc.gz"
        path = self.root / "warc" / name
        with path.open("ab") as fh:
            offset = fh.tell()
            writer = WARCWriter(fh, gzip=True)
            headers = [(k, v) for k, v in resp.headers.items() if k != "transfer-encoding"]
            record = writer.create_warc_record(
                resp.url,
                "response",
                payload=io.BytesIO(resp.body),
                http_headers=StatusAndHeaders(f"{resp.status} OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": resp.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            writer.write_record(record)
            fh.flush()
            return name, offset, fh.tell() - offset

    def read(self, url: str, sha256: str) -> bytes:
        """Return the archived body of `url` with this hash; raises KeyError if absent."""
        with self._db() as db:
            row = db.execute(
                "SELECT warc_file, warc_offset FROM records WHERE url=? AND sha256=?",
                (url, sha256),
            ).fetchone()
        if row is None:
            raise KeyError(f"{url} {sha256} not archived")
        with (self.root / "warc" / row[0]).open("rb") as fh:
            fh.seek(row[1])
            for record in ArchiveIterator(fh):
                return record.content_stream().read()
        raise KeyError(f"{url} {sha256}: WARC record unreadable")

    def quarantine(self, url: str, source_id: str, stage: str, reason: str, detail: str = "") -> None:
        """Record a fetch or parse failure; the run goes on."""
        at = datetime.now(UTC).isoformat()
        with self._db() as db:
            db.execute(
                "INSERT INTO quarantine VALUES (?,?,?,?,?,?)",
                (url, source_id, stage, reason, detail[:2000], at),
            )

    def quarantine_entries(self) -> list[QuarantineEntry]:
        """Every quarantine row, oldest first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM quarantine ORDER BY at").fetchall()
        return [QuarantineEntry(*row) for row in rows]

    def seen_span(self, url: str) -> tuple[str, str] | None:
        """(first_seen, last_seen) fetch times of a URL, or None if never fetched."""
        with self._db() as db:
            row = db.execute(
                "SELECT MIN(fetched_at), MAX(fetched_at) FROM fetches WHERE url=?", (url,)
            ).fetchone()
        return None if row is None or row[0] is None else (row[0], row[1])
