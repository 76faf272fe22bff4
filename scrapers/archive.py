"""The raw archive: every HTTP exchange kept as WARC records, indexed in SQLite.

Each fetch writes a WARC `request` record and, for new bytes, a `response` record; a body already
archived for the URL (same sha256) or a 304 answer is written as a `revisit` record pointing at the
original, so bytes are stored once. Bytes are never rewritten or deleted. The index maps URL and
sha256 to the record, and keeps per URL the validators (ETag, Last-Modified) of the newest copy for
the next conditional GET. Failed fetches are kept as quarantine rows naming the reason, so a run can
go on and nothing is silently dropped.
"""

from __future__ import annotations

import fcntl
import io
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from healthplans.records import QuarantineEntry
from healthplans.scrapers.http import Response, Validators
from healthplans.scrapers.sqlite_store import SqliteStore

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
CREATE TABLE IF NOT EXISTS latest (
    url TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS quarantine (
    url TEXT NOT NULL,
    source_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);
"""
REVISIT_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
REVISIT_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
INDEX = "index.sqlite"  # beside the warc/ folder
# Added after the first layout; older indexes get the column on open.
CAPTURED_AT_COLUMN = "ALTER TABLE records ADD COLUMN captured_at TEXT"


@dataclass(frozen=True)
class ArchivedFetch:
    """Where one fetch's bytes are archived and when it happened."""

    url: str
    source_id: str
    sha256: str
    fetched_at: str  # ISO 8601 UTC: when these bytes were first captured
    content_type: str
    first_seen: str
    last_seen: str
    changed: bool  # False when the URL answered with the same bytes as last time (or 304)


@dataclass(frozen=True)
class ArchivedCopy:
    """The newest archived body of a URL, with what is needed to ask whether it changed."""

    url: str
    sha256: str
    body: bytes
    content_type: str
    status: int
    captured_at: str
    validators: Validators


def _warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Archive(SqliteStore):
    """WARC files plus an SQLite index under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "warc").mkdir(parents=True, exist_ok=True)
        super().__init__(root / INDEX, SCHEMA)
        with self._db() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
            if "captured_at" not in columns:
                db.execute(CAPTURED_AT_COLUMN)

    def store(self, resp: Response, source_id: str) -> ArchivedFetch:
        """Archive an exchange (new bytes once per URL and hash) and record the fetch.

        A 304 response is recorded as a revisit of the newest archived copy; raises KeyError if
        there is none (a server answering 304 to a request without validators).
        """
        at = resp.fetched_at.isoformat()
        with self._db() as db:
            previous = db.execute("SELECT sha256 FROM latest WHERE url=?", (resp.url,)).fetchone()
            sha = previous[0] if resp.not_modified and previous else resp.sha256
            if resp.not_modified and previous is None:
                raise KeyError(f"{resp.url}: 304 without an archived copy")
            known = db.execute(
                "SELECT warc_file, captured_at FROM records WHERE url=? AND sha256=?",
                (resp.url, sha),
            ).fetchone()
            if known:
                captured = known[1] or at
                self._append(resp, sha, revisit_of=captured)
            else:
                captured = at
                warc_file, offset, length = self._append(resp, sha, revisit_of=None)
                db.execute(
                    "INSERT INTO records VALUES (?,?,?,?,?,?,?,?)",
                    (sha, resp.url, warc_file, offset, length, resp.content_type, resp.status, at),
                )
            validators = resp.validators
            if resp.not_modified:
                # A 304 may omit validators; keep the ones that produced it.
                validators = self._validators(db, resp.url) or validators
            db.execute(
                "INSERT OR REPLACE INTO latest VALUES (?,?,?,?)",
                (resp.url, sha, validators.etag, validators.last_modified),
            )
            db.execute("INSERT INTO fetches VALUES (?,?,?,?)", (resp.url, source_id, sha, at))
            first, last = db.execute(
                "SELECT MIN(fetched_at), MAX(fetched_at) FROM fetches WHERE url=?", (resp.url,)
            ).fetchone()
        content_type = resp.content_type or self._content_type(resp.url, sha)
        changed = previous is None or previous[0] != sha
        return ArchivedFetch(resp.url, source_id, sha, captured, content_type, first, last, changed)

    def _append(self, resp: Response, sha: str, revisit_of: str | None) -> tuple[str, int, int]:
        """Write request + response (or revisit) records; returns the response record's place."""
        name = f"{resp.fetched_at:%Y%m%d}.warc.gz"
        path = self.root / "warc" / name
        with path.open("ab") as fh:
            # Concurrent runs (one per source partition) append to the same daily file.
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                offset = fh.seek(0, io.SEEK_END)
                writer = WARCWriter(fh, gzip=True)
                date = {"WARC-Date": _warc_date(resp.fetched_at)}
                headers = [(k, v) for k, v in resp.headers.items() if k != "transfer-encoding"]
                http = StatusAndHeaders(
                    f"{resp.status} {_reason(resp.status)}", headers, protocol="HTTP/1.1"
                )
                if revisit_of is None:
                    record = writer.create_warc_record(
                        resp.url,
                        "response",
                        payload=io.BytesIO(resp.body),
                        http_headers=http,
                        warc_headers_dict=date,
                    )
                else:
                    profile = REVISIT_NOT_MODIFIED if resp.not_modified else REVISIT_IDENTICAL
                    record = writer.create_revisit_record(
                        resp.url,
                        digest=f"sha256:{sha}",
                        refers_to_uri=resp.url,
                        refers_to_date=revisit_of,
                        http_headers=http,
                        warc_headers_dict={**date, "WARC-Profile": profile},
                    )
                writer.write_record(record)
                length = fh.tell() - offset
                request = writer.create_warc_record(
                    resp.url,
                    "request",
                    payload=io.BytesIO(b""),
                    http_headers=StatusAndHeaders(
                        f"GET {resp.url} HTTP/1.1",
                        list(resp.request_headers.items()),
                        is_http_request=True,
                    ),
                    warc_headers_dict={
                        **date,
                        "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID"),
                    },
                )
                writer.write_record(request)
                fh.flush()
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return name, offset, length

    def _validators(self, db: sqlite3.Connection, url: str) -> Validators | None:
        row = db.execute("SELECT etag, last_modified FROM latest WHERE url=?", (url,)).fetchone()
        return Validators(row[0], row[1]) if row else None

    def _content_type(self, url: str, sha256: str) -> str:
        with self._db() as db:
            row = db.execute(
                "SELECT content_type FROM records WHERE url=? AND sha256=?", (url, sha256)
            ).fetchone()
        return (row[0] or "") if row else ""

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

    def latest(self, url: str) -> ArchivedCopy | None:
        """The newest archived copy of `url`, or None if it was never archived."""
        with self._db() as db:
            row = db.execute(
                "SELECT l.sha256, l.etag, l.last_modified, r.content_type, r.status, r.captured_at "
                "FROM latest l JOIN records r USING (url, sha256) WHERE l.url=?",
                (url,),
            ).fetchone()
        if row is None:
            return None
        sha, etag, modified, content_type, status, captured = row
        return ArchivedCopy(
            url=url,
            sha256=sha,
            body=self.read(url, sha),
            content_type=content_type or "",
            status=status,
            captured_at=captured or "",
            validators=Validators(etag, modified),
        )

    def validators(self, url: str) -> Validators | None:
        """ETag / Last-Modified of the newest archived copy of `url`."""
        with self._db() as db:
            return self._validators(db, url)

    def record_count(self) -> int:
        """How many distinct bodies are archived."""
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM records").fetchone()[0])

    def quarantine(
        self, url: str, source_id: str, stage: str, reason: str, detail: str = ""
    ) -> None:
        """Record a fetch or parse failure once per URL, stage and reason; the run goes on."""
        at = datetime.now(UTC).isoformat()
        with self._db() as db:
            seen = db.execute(
                "SELECT 1 FROM quarantine WHERE url=? AND source_id=? AND stage=? AND reason=?",
                (url, source_id, stage, reason),
            ).fetchone()
            if not seen:
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


def _reason(status: int) -> str:
    return {200: "OK", 304: "Not Modified"}.get(status, "")
