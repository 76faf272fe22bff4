"""A small SQLite-backed store: one lazily opened connection shared by a process's threads.

Errors of the file itself (corrupt database, disk full, read-only) are raised as
`LocalStorageError` naming the file: they are not network trouble, and retrying cannot help.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# SQLite errors that mean "this file is unusable", as opposed to a busy lock (retryable).
LOCAL_FAILURES = ("malformed", "not a database", "disk", "full", "readonly", "read-only", "I/O")


class LocalStorageError(RuntimeError):
    """A local file (database, WARC) cannot be read or written; names the file."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        super().__init__(f"{path}: {type(cause).__name__}: {cause}")
        self.path = path


def is_local_failure(exc: BaseException) -> bool:
    """Whether an exception is a local storage failure (fail at once, do not retry)."""
    if isinstance(exc, LocalStorageError):
        return True
    if isinstance(exc, sqlite3.DatabaseError):
        return any(w.lower() in str(exc).lower() for w in LOCAL_FAILURES)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT)


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
            try:
                if self._conn is None:
                    conn = sqlite3.connect(self._db_path, timeout=30, check_same_thread=False)
                    # WAL + NORMAL survives a process crash; the WARC files are the primary record.
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=NORMAL")
                    self._conn = conn
                with self._conn:
                    yield self._conn
            except (sqlite3.DatabaseError, OSError) as exc:
                if is_local_failure(exc):
                    raise LocalStorageError(self._db_path, exc) from exc
                raise

    @property
    def path(self) -> Path:
        """The SQLite file, for messages that must name it."""
        return self._db_path

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
