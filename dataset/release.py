"""Versioned, immutable releases: Parquet tables plus a manifest, written atomically.

Layout: <root>/<version>/{<table>.parquet, manifest.json}; <root>/latest holds the newest version.
A release is written to a temporary directory, fsynced, then renamed into place, so a crash at
any point leaves the previous release untouched. Content identical to the latest release
(ignoring fetch times) publishes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dataset.schema import SCHEMA_VERSION, TABLES

LATEST = "latest"
MANIFEST = "manifest.json"
# Columns that change on every crawl without the data changing.
VOLATILE_COLUMNS = {
    "documents": ("fetched_at",),
    "sources": ("last_seen",),
    "quarantine": ("at",),
}


@dataclass(frozen=True)
class ReleaseResult:
    """Outcome of a publish attempt."""

    version: str | None
    path: Path | None
    published: bool  # False when the content equals the latest release
    manifest: dict


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def conform(name: str, table: pa.Table) -> pa.Table:
    """Cast to the published schema and sort by the table's key, so bytes are reproducible."""
    spec = TABLES[name]
    table = table.select(spec.schema.names).cast(spec.schema)
    if table.num_rows:
        table = table.sort_by([(k, "ascending") for k in spec.key])
    return table


def fingerprint(tables: dict[str, pa.Table]) -> str:
    """Hash of the release content, blind to fetch times."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for name in sorted(tables):
        table = tables[name]
        keep = [c for c in table.column_names if c not in VOLATILE_COLUMNS.get(name, ())]
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema.empty_table().select(keep).schema) as writer:
            writer.write_table(table.select(keep))
        h.update(name.encode())
        h.update(sink.getvalue().to_pybytes())
    return h.hexdigest()


def read_latest(root: Path) -> str | None:
    """Version named by <root>/latest, or None before the first release."""
    marker = root / LATEST
    return marker.read_text(encoding="utf-8").strip() or None if marker.exists() else None


def read_manifest(root: Path, version: str) -> dict:
    return json.loads((root / version / MANIFEST).read_text(encoding="utf-8"))


def _next_version(root: Path, now: datetime) -> str:
    base = now.strftime("%Y.%m.%d")
    version, n = base, 1
    while (root / version).exists():
        n += 1
        version = f"{base}.{n}"
    return version


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_tables(tmp: Path, tables: dict[str, pa.Table]) -> dict[str, dict]:
    entries = {}
    for name, table in sorted(tables.items()):
        path = tmp / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
        entries[name] = {
            "path": path.name,
            "rows": table.num_rows,
            "bytes": path.stat().st_size,
            "sha256": _sha256_file(path),
        }
    return entries


def _write_json(path: Path, data: dict) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())


def _point_latest(root: Path, version: str) -> None:
    tmp = root / f".{LATEST}.{uuid.uuid4().hex}"
    tmp.write_text(version + "\n", encoding="utf-8")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / LATEST)
    _fsync_dir(root)


def publish(
    raw_tables: dict[str, pa.Table], root: Path, extra: dict | None = None, now: datetime | None = None
) -> ReleaseResult:
    """Publish `raw_tables` as a new release unless its content equals the latest one."""
    missing = set(TABLES) - set(raw_tables)
    if missing:
        raise ValueError(f"release is missing tables: {sorted(missing)}")
    tables = {name: conform(name, t) for name, t in raw_tables.items()}
    root.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(tables)
    latest = read_latest(root)
    if latest is not None:
        previous = read_manifest(root, latest)
        if previous.get("fingerprint") == fp:
            return ReleaseResult(latest, root / latest, False, previous)
    now = now or datetime.now(UTC)
    version = _next_version(root, now)
    tmp = root / f".tmp-{version}-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        manifest = {
            "version": version,
            "schema_version": SCHEMA_VERSION,
            "created_at": now.isoformat(),
            "previous_version": latest,
            "fingerprint": fp,
            "tables": _write_tables(tmp, tables),
            **(extra or {}),
        }
        _write_json(tmp / MANIFEST, manifest)
        _fsync_dir(tmp)
        os.rename(tmp, root / version)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for f in (root / version).iterdir():
        f.chmod(0o444)  # published releases are read-only
    _point_latest(root, version)
    return ReleaseResult(version, root / version, True, manifest)


def verify(root: Path, version: str | None = None) -> list[str]:
    """Problems found when checking a release's files against its manifest; empty when intact."""
    version = version or read_latest(root)
    if version is None:
        return [f"no release under {root}"]
    manifest = read_manifest(root, version)
    problems = []
    for name, entry in manifest["tables"].items():
        path = root / version / entry["path"]
        if not path.exists():
            problems.append(f"{name}: {path.name} missing")
        elif _sha256_file(path) != entry["sha256"]:
            problems.append(f"{name}: sha256 mismatch")
        elif pq.ParquetFile(path).metadata.num_rows != entry["rows"]:
            problems.append(f"{name}: row count mismatch")
    return problems
