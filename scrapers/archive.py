"""The raw archive: every HTTP exchange kept as WARC records, indexed in SQLite.

Each fetch writes a WARC `request` record and, for new bytes, a `response` record; a body already
archived for the URL (same sha256) or a 304 answer is written as a `revisit` record pointing at the
original, so bytes are stored once. Bytes are never rewritten or deleted. The index maps URL and
sha256 to the record, and keeps per URL the validators (ETag, Last-Modified) of the newest copy for
the next conditional GET. Failed fetches are kept as quarantine rows naming the reason, so a run can
go on and nothing is silently dropped.

Every read checks what it reads: the gzip member must inflate whole with its CRC, the record's
WARC-Target-URI must be the indexed URL and its payload must hash to the indexed sha256. A
mismatch raises `ArchiveIntegrityError` naming the file, offset and URL, because a damaged copy
used quietly becomes a smaller or wrong release. A file whose tail was torn by a crash (a partial
gzip member after the last whole one) is cut back to its last whole member before the next append.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from healthplans.records import QuarantineEntry
from healthplans.scrapers.http import Response, Validators
from healthplans.scrapers.sqlite_store import LocalStorageError, SqliteStore

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


# How far back from the end a torn tail is looked for when no indexed record is in the file.
TAIL_SCAN_BYTES = 1 << 20


class ArchiveIntegrityError(LocalStorageError):
    """Archived bytes that do not match the index: damaged, or the index points elsewhere.

    A local failure: the run stops at once rather than building from a wrong copy.
    """

    def __init__(self, warc_path: Path, offset: int, url: str, problem: str) -> None:
        RuntimeError.__init__(
            self, f"archive damaged: {warc_path} at offset {offset} ({url}): {problem}"
        )
        self.path = warc_path
        self.warc_path = warc_path
        self.offset = offset
        self.url = url
        self.problem = problem


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
        self._tail_checked: set[str] = set()
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
        try:
            return self._append_locked(path, resp, sha, revisit_of)
        except OSError as exc:  # disk full, read-only file system: no retry will help
            raise LocalStorageError(path, exc) from exc

    def _append_locked(
        self, path: Path, resp: Response, sha: str, revisit_of: str | None
    ) -> tuple[str, int, int]:
        name = path.name
        with path.open("ab") as fh:
            # Concurrent runs (one per source partition) append to the same daily file.
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                if name not in self._tail_checked:
                    self._repair_tail(path, fh)
                    self._tail_checked.add(name)
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

    def content_type(self, url: str, sha256: str) -> str:
        """Content-Type the archived copy was served with ("" when unknown)."""
        return self._content_type(url, sha256)

    def _content_type(self, url: str, sha256: str) -> str:
        with self._db() as db:
            row = db.execute(
                "SELECT content_type FROM records WHERE url=? AND sha256=?", (url, sha256)
            ).fetchone()
        return (row[0] or "") if row else ""

    def read(self, url: str, sha256: str) -> bytes:
        """The archived body of `url` with this hash, checked against the index.

        Raises KeyError if absent and ArchiveIntegrityError if the bytes do not match.
        """
        with self._db() as db:
            row = db.execute(
                "SELECT warc_file, warc_offset, warc_length FROM records WHERE url=? AND sha256=?",
                (url, sha256),
            ).fetchone()
        if row is None:
            raise KeyError(f"{url} {sha256} not archived")
        return self._read_checked(url, sha256, row[0], row[1], row[2])

    def _read_checked(
        self, url: str, sha256: str, warc_file: str, offset: int, length: int
    ) -> bytes:
        path = self.root / "warc" / warc_file

        def damaged(problem: str) -> ArchiveIntegrityError:
            return ArchiveIntegrityError(path, offset, url, problem)

        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                raw = fh.read(length)
        except FileNotFoundError as exc:
            raise damaged("WARC file missing") from exc
        if len(raw) != length:
            raise damaged(f"record cut short: {len(raw)} of {length} bytes")
        inflate = zlib.decompressobj(wbits=31)  # gzip wrapper: the trailer's CRC is checked
        try:
            plain = inflate.decompress(raw)
        except zlib.error as exc:
            raise damaged(f"gzip member corrupt ({exc})") from exc
        if not inflate.eof or inflate.unused_data:
            raise damaged("the indexed length is not one whole gzip member")
        try:
            record = next(iter(ArchiveIterator(io.BytesIO(plain))))
            target = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
        except Exception as exc:  # warcio raises several types for a malformed record
            raise damaged(f"WARC record unreadable ({type(exc).__name__}: {exc})") from exc
        if record.rec_type != "response":
            raise damaged(f"a {record.rec_type} record where a response is indexed")
        if target != url:
            raise damaged(f"record is for {target}")
        actual = hashlib.sha256(body).hexdigest()
        if actual != sha256:
            raise damaged(f"payload sha256 {actual} != indexed {sha256}")
        return body

    def check(self, url: str, sha256: str) -> str | None:
        """What is wrong with the archived copy of (url, sha256), or None when it is intact."""
        try:
            self.read(url, sha256)
        except KeyError:
            return f"{url}: sha256 {sha256} not in the archive"
        except ArchiveIntegrityError as exc:
            return str(exc)
        return None

    def verify_all(self) -> Iterator[str]:
        """Every indexed record checked against its bytes; yields one line per problem."""
        with self._db() as db:
            rows = db.execute(
                "SELECT url, sha256, warc_file, warc_offset, warc_length FROM records "
                "ORDER BY warc_file, warc_offset"
            ).fetchall()
        for url, sha, warc_file, offset, length in rows:
            try:
                self._read_checked(url, sha, warc_file, offset, length)
            except ArchiveIntegrityError as exc:
                yield str(exc)

    def missing(self, pairs: Iterable[tuple[str, str]]) -> Iterator[str]:
        """Problems of the (url, sha256) copies a release names: absent or damaged."""
        for url, sha in pairs:
            if (problem := self.check(url, sha)) is not None:
                yield problem

    def _repair_tail(self, path: Path, fh: io.BufferedWriter) -> None:
        """Cut a torn last gzip member (a crash mid-append) so new records follow whole ones."""
        size = fh.seek(0, io.SEEK_END)
        if size == 0:
            return
        with self._db() as db:
            row = db.execute(
                "SELECT MAX(warc_offset) FROM records WHERE warc_file=?", (path.name,)
            ).fetchone()
        start = row[0] if row and row[0] is not None else max(0, size - TAIL_SCAN_BYTES)
        with path.open("rb") as rh:
            rh.seek(start)
            tail = rh.read()
        good = _whole_members(tail, from_start=start == 0 or row[0] is not None)
        if good is None or start + good == size:
            return
        fh.truncate(start + good)
        fh.flush()
        os.fsync(fh.fileno())

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


def _whole_members(data: bytes, from_start: bool) -> int | None:
    """Length of the run of whole gzip members at the start of `data`; None when `data` does
    not start at a member boundary (a scan window that began mid-member)."""
    pos = 0
    while pos < len(data):
        inflate = zlib.decompressobj(wbits=31)
        try:
            inflate.decompress(data[pos:])
        except zlib.error:
            return pos if (pos or from_start) else None
        if not inflate.eof:
            return pos
        pos = len(data) - len(inflate.unused_data)
    return pos


def _reason(status: int) -> str:
    return {200: "OK", 304: "Not Modified"}.get(status, "")
