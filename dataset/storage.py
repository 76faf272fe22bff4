"""Where releases live: a local directory (the default) or any fsspec URL such as s3://bucket/x.

Every release is first written to a local staging directory, then committed in one step that
cannot leave a half-written release visible:

- local: the staging directory sits under the root, is fsynced and renamed to the version name;
  a rename within one file system is atomic, so the version either exists whole or not at all.
- object store: there is no rename, so every object is uploaded under the version prefix and the
  manifest is uploaded last. A version prefix without a manifest is not a release (readers and
  `versions()` skip it), whatever objects a crash left under it.

In both cases the `latest` pointer is replaced only after the commit, so it always names a
complete release.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import fsspec

# The pointer naming the newest version. (Releases up to 2026.12 named it `latest`, which is now
# the folder holding a copy of the newest release; a legacy pointer file is still read.)
LATEST = "latest-version"
LEGACY_LATEST = "latest"
LATEST_DIR = "latest"
LOCK = ".publish.lock"
MANIFEST = "manifest.json"
STAGING_PREFIX = ".tmp-"


def is_url(root: str | Path) -> bool:
    """True for an fsspec URL (s3://, memory://, ...), false for a plain path or file://."""
    text = str(root)
    return "://" in text and not text.startswith("file://")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for f in path.iterdir():
        if f.is_dir():
            _fsync_tree(f)
            continue
        with f.open("rb") as fh:
            os.fsync(fh.fileno())
    _fsync_dir(path)


def _files(staged: Path) -> list[Path]:
    """Every file under a staged release, subdirectories (feeds/region/…) included."""
    return sorted(p for p in staged.rglob("*") if p.is_file())


class ReleaseStore:
    """A releases root: read files of versions, list versions, commit a staged version."""

    def __init__(self, root: str | Path, storage_options: dict[str, Any] | None = None) -> None:
        self.url = str(root)
        self.remote = is_url(root)
        if self.remote:
            self.fs, path = fsspec.core.url_to_fs(self.url, **(storage_options or {}))
            self._base = path.rstrip("/")
        else:
            self.fs = fsspec.filesystem("file")
            self.local_root = Path(str(root).removeprefix("file://")).expanduser().resolve()
            self._base = str(self.local_root)

    def __repr__(self) -> str:
        return f"ReleaseStore({self.url!r})"

    def path(self, *parts: str) -> str:
        """fsspec path of a file under the root (no protocol)."""
        return "/".join([self._base, *parts])

    def uri(self, *parts: str) -> str:
        """Full URL or local path of a file, for error messages and external readers."""
        if not self.remote:
            return str(self.local_root.joinpath(*parts))
        return self.fs.unstrip_protocol(self.path(*parts))

    # reading -------------------------------------------------------------------------------

    def exists(self, *parts: str) -> bool:
        return bool(self.fs.exists(self.path(*parts)))

    def read_bytes(self, *parts: str) -> bytes:
        return bytes(self.fs.cat_file(self.path(*parts)))

    def open(self, *parts: str) -> IO[bytes]:
        return self.fs.open(self.path(*parts), "rb")

    def manifest(self, version: str) -> dict[str, Any]:
        """The manifest of a committed version."""
        data: dict[str, Any] = json.loads(self.read_bytes(version, MANIFEST))
        return data

    def latest(self) -> str | None:
        """Version named by the pointer, or None before the first release."""
        for name in (LATEST, LEGACY_LATEST):
            if self.exists(name) and not self.fs.isdir(self.path(name)):
                return self.read_bytes(name).decode("utf-8").strip() or None
        return None

    def versions(self) -> list[str]:
        """Committed versions (those with a manifest), oldest first."""
        if not self.fs.exists(self._base):
            return []
        names = [p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self._base, detail=False)]
        found = [n for n in names if n[:1].isdigit() and self.exists(n, MANIFEST)]
        return sorted(found, key=version_key)

    def taken(self, version: str) -> bool:
        """True when anything exists under this version name, committed or not."""
        if not self.remote:
            return (self.local_root / version).exists()
        return bool(self.fs.exists(self.path(version)))

    # writing -------------------------------------------------------------------------------

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the root's single-writer lock (local roots): a second writer waits its turn
        instead of taking its staging directory for a crashed writer's leftovers. Object stores
        have no lock; one scheduled writer per root is the rule there."""
        if self.remote:
            yield
            return
        self.local_root.mkdir(parents=True, exist_ok=True)
        with (self.local_root / LOCK).open("a") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # released when the file closes
            yield

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh local directory to write a release into; removed if not committed."""
        if self.remote:
            tmp = Path(tempfile.mkdtemp(prefix="healthplans-release-"))
        else:
            self.local_root.mkdir(parents=True, exist_ok=True)
            tmp = self.local_root / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
            tmp.mkdir()
        try:
            yield tmp
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def commit(self, staged: Path, version: str) -> None:
        """Make the staged directory the release `version` (see the module docstring)."""
        if self.remote:
            for f in _files(staged):
                if f.name != MANIFEST:
                    self.fs.put_file(str(f), self.path(version, f.relative_to(staged).as_posix()))
            self.fs.put_file(str(staged / MANIFEST), self.path(version, MANIFEST))
            return
        for f in _files(staged):
            f.chmod(0o444)  # published releases are read-only
        _fsync_tree(staged)
        target = self.local_root / version
        if target.exists():
            raise FileExistsError(f"release {version} already exists at {target}")
        os.rename(staged, target)
        _fsync_dir(self.local_root)

    def point_latest(self, version: str) -> None:
        """Replace the pointer in one step."""
        self.put_root_file(LATEST, (version + "\n").encode("utf-8"))

    def put_root_file(self, name: str, data: bytes) -> None:
        """Write a file at the root in one step (releases.json, the pointer, the root feed)."""
        if self.remote:
            # A single PUT replaces an object atomically on S3-compatible stores.
            self.fs.pipe_file(self.path(name), data)
            return
        self.local_root.mkdir(parents=True, exist_ok=True)
        tmp = self.local_root / f".{LATEST}.{os.getpid()}-{uuid.uuid4().hex}"
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.local_root / name)
        _fsync_dir(self.local_root)

    def mirror_latest(self, version: str) -> None:
        """Make `latest/` a copy of release `version`: one stable path for every reader, on
        local disk and on object stores alike (no symlinks there)."""
        if self.remote:
            target = self.path(LATEST_DIR)
            if self.fs.exists(target):
                self.fs.rm(target, recursive=True)
            self.fs.copy(self.path(version), target, recursive=True)
            return
        source = self.local_root / version
        tmp = self.local_root / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
        shutil.copytree(source, tmp)
        old = self.local_root / LATEST_DIR
        if old.is_file():  # a legacy pointer file: the new pointer already names the version
            old.unlink()
        elif old.exists():
            retired = self.local_root / f"{STAGING_PREFIX}{os.getpid()}-old-{uuid.uuid4().hex}"
            os.rename(old, retired)
            shutil.rmtree(retired, ignore_errors=True)
        os.rename(tmp, old)
        _fsync_dir(self.local_root)

    def clean_staging(self) -> list[str]:
        """Remove what crashed writers left behind; returns what was removed.

        Local: `.tmp-<pid>-*` staging directories and `.latest.<pid>.*` pointer files whose
        writer is no longer running. Object store: version prefixes with objects but no
        manifest (releases are written by one writer at a time, so none is still uploading).
        """
        removed: list[str] = []
        if self.remote:
            if not self.fs.exists(self._base):
                return removed
            for p in self.fs.ls(self._base, detail=False):
                name = p.rstrip("/").rsplit("/", 1)[-1]
                if name[:1].isdigit() and not self.exists(name, MANIFEST):
                    self.fs.rm(self.path(name), recursive=True)
                    removed.append(name)
            return removed
        if not self.local_root.exists():
            return removed
        for p in self.local_root.iterdir():
            if p.name.startswith(STAGING_PREFIX) and not _writer_alive(p.name):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
            elif p.name.startswith(f".{LATEST}.") and not _writer_alive(p.name):
                p.unlink(missing_ok=True)
                removed.append(p.name)
        return removed


def _writer_alive(name: str) -> bool:
    """Whether the process whose pid is in a leftover's name (`.tmp-<pid>-…`) still runs."""
    digits = name.lstrip(".").split(".", 1)[-1].removeprefix("tmp-").split("-", 1)[0]
    if not digits.isdigit():
        return False
    try:
        os.kill(int(digits), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a version name: 2026.11.25 < 2026.11.25.2 < 2026.11.26."""
    parts = [int(p) for p in version.split(".") if p.isdigit()]
    return (*parts, *([1] if len(parts) == 3 else []))
