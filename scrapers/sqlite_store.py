"""A small SQLite-backed store: one lazily opened connection shared by a process's threads."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SqliteStore:
    """Base for stores kept in one SQLite file; `_db()` yields a connection inside a transaction."""

    def __init__(self, path: Path, schema: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db_path = path
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        with self._db() as db:
            db.executescript(schema)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One transaction on the instance's connection (opened once: opening and closing per
        call made every close a WAL checkpoint with an fsync)."""
        with self._lock:
            if self._conn is None:
                self._conn = sqlite3.connect(self._db_path, timeout=30, check_same_thread=False)
                # WAL + NORMAL survives a process crash; the WARC files are the primary record.
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            with self._conn:
                yield self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
