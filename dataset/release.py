"""Versioned, immutable releases: Parquet tables plus a manifest, committed atomically.

Layout: <root>/<version>/{<table>.parquet, manifest.json, datapackage.json, CITATION.cff,
changes.json, CHANGELOG.md, feed.xml} plus what the caller's `extra_files` adds (report.html,
feeds/region/<code>.xml, feeds/topic/<id>.xml); <root>/latest names the newest version. `root`
is a local path or any fsspec URL (s3://bucket/prefix); see dataset.storage for how each is
committed so a crash at any point leaves the previous release intact and `latest` naming it.

Versions: the data version is the UTC date (2026.11.25, then 2026.11.25.2 the same day); the
table layout has its own semantic version (dataset.schema.SCHEMA_VERSION), recorded in the
manifest. Content identical to the latest release (ignoring fetch times) publishes nothing.
A published release is never modified.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from healthplans.dataset.changes import changelog_markdown, compute_changes, table_delta
from healthplans.dataset.feed import atom_feed
from healthplans.dataset.package import Citation, citation_cff, datapackage
from healthplans.dataset.schema import DERIVED_TABLES, SCHEMA_VERSION, TABLES
from healthplans.dataset.storage import LATEST, MANIFEST, ReleaseStore, version_key
from healthplans.dataset.surface import refresh_surface, surface_is_current
from healthplans.dataset.versions import carry_forward

__all__ = [
    "LATEST",
    "MANIFEST",
    "ReleaseResult",
    "publish",
    "read_latest",
    "read_manifest",
    "verify",
]

log = logging.getLogger(__name__)

# Columns that change on every crawl without the data changing.
VOLATILE_COLUMNS = {
    "documents": ("fetched_at",),
    "sources": ("last_seen",),
    "quarantine": ("at",),
}
# Tables that describe the crawl, not the plans: what could not be fetched or parsed, and how
# each source's last crawl went, differ between crawl modes (a replay has no answer for a URL
# never archived) and from run to run, so a change there alone is no new release; it is
# published with the next content change.
DIAGNOSTIC_TABLES = ("quarantine", "source_status")
# Files besides the tables, each listed with its sha256 in the manifest.
DESCRIPTORS = ("datapackage.json", "CITATION.cff", "changes.json", "CHANGELOG.md", "feed.xml")

Root = str | Path | ReleaseStore
# (manifest so far, tables, changes) -> more files for the release, e.g. {"report.html": ...}
ExtraFiles = Callable[[dict[str, Any], dict[str, pa.Table], dict[str, Any]], dict[str, bytes]]


@dataclass(frozen=True)
class ReleaseResult:
    """Outcome of a publish attempt."""

    version: str | None
    path: Path | str | None  # the release directory, or its URL on an object store
    published: bool  # False when the content equals the latest release
    manifest: dict


def _checkpoint(name: str) -> None:
    """Named points in publish(); the crash tests stop the writer at each of them."""


def store_of(root: Root, storage_options: dict[str, Any] | None = None) -> ReleaseStore:
    return root if isinstance(root, ReleaseStore) else ReleaseStore(root, storage_options)


def _sha256_stream(fh: Any) -> str:
    h = hashlib.sha256()
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


class _HashSink:
    """Write-only file object that feeds a hash."""

    closed = False

    def __init__(self, h: Any) -> None:
        self.h = h

    def write(self, data: bytes) -> int:
        self.h.update(data)
        return len(data)

    def flush(self) -> None:
        pass


def _without_metadata(table: pa.Table) -> pa.Table:
    fields = [pa.field(f.name, f.type, f.nullable) for f in table.schema]
    return table.cast(pa.schema(fields))


def fingerprint(tables: dict[str, pa.Table]) -> str:
    """Hash of the release content, blind to fetch times, derived and diagnostic tables."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for name in sorted(tables):
        if name in DERIVED_TABLES or name in DIAGNOSTIC_TABLES:
            continue
        table = tables[name]
        keep = [c for c in table.column_names if c not in VOLATILE_COLUMNS.get(name, ())]
        h.update(name.encode())
        # Descriptions (field metadata) are documentation, not content.
        content = _without_metadata(table.select(keep))
        # Stream the IPC bytes into the hash: a 100k-plan release is gigabytes of text.
        with pa.ipc.new_stream(pa.PythonFile(_HashSink(h), mode="w"), content.schema) as w:
            w.write_table(content)
    return h.hexdigest()


def read_latest(root: Root, storage_options: dict[str, Any] | None = None) -> str | None:
    """Version named by <root>/latest, or None before the first release."""
    return store_of(root, storage_options).latest()


def read_manifest(root: Root, version: str, storage_options: dict[str, Any] | None = None) -> dict:
    return store_of(root, storage_options).manifest(version)


def read_table(
    root: Root, version: str, name: str, storage_options: dict[str, Any] | None = None
) -> pa.Table:
    """One table of a release as Arrow."""
    store = store_of(root, storage_options)
    entry = read_manifest(store, version)["tables"][name]
    with store.open(version, entry["path"]) as fh:
        return pq.read_table(io.BytesIO(fh.read()))


def published_ids(root: Root, storage_options: dict[str, Any] | None = None) -> dict[str, str]:
    """URL → doc_id of every source in the latest release, so ids survive re-parsing."""
    store = store_of(root, storage_options)
    latest = store.latest()
    if latest is None:
        return {}
    sources = read_table(store, latest, "sources").select(["url", "doc_id"]).to_pylist()
    return {row["url"]: row["doc_id"] for row in sources}


def _location(store: ReleaseStore, version: str) -> Path | str:
    return store.uri(version) if store.remote else store.local_root / version


def _next_version(store: ReleaseStore, now: datetime) -> str:
    base = now.strftime("%Y.%m.%d")
    version, n = base, 1
    while store.taken(version):
        n += 1
        version = f"{base}.{n}"
    return version


def _write_file(staged: Path, name: str, data: bytes) -> dict[str, Any]:
    """Write one file of the release; `name` may hold a subdirectory (feeds/region/…)."""
    path = staged / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(data)
    return {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _write_tables(staged: Path, tables: dict[str, pa.Table]) -> dict[str, dict]:
    entries = {}
    for name, table in sorted(tables.items()):
        path = staged / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        _checkpoint(f"table:{name}")
        with path.open("rb") as fh:
            digest = _sha256_stream(fh)
        entries[name] = {
            "path": path.name,
            "rows": table.num_rows,
            "bytes": path.stat().st_size,
            "sha256": digest,
        }
    return entries


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _previous_tables(store: ReleaseStore, latest: str | None) -> dict[str, pa.Table] | None:
    if latest is None:
        return None
    have = read_manifest(store, latest)["tables"]
    return {n: read_table(store, latest, n) for n in TABLES if n in have}


def _complete_pointer(store: ReleaseStore) -> str | None:
    """Finish a publish killed between its commit and the `latest` pointer; returns `latest`.

    The newest committed release, when it is newer than `latest` and names it as its previous
    version, is the one the dead writer meant to point to: pointing to it now (instead of
    publishing the same content again) keeps one release per content and the lineage unbroken.
    A newer release that does not continue `latest` (a rollback of the pointer) is left alone.
    """
    latest = store.latest()
    versions = store.versions()
    if not versions or versions[-1] == latest:
        return latest
    newest = versions[-1]
    if latest is not None and version_key(newest) <= version_key(latest):
        return latest
    if read_manifest(store, newest).get("previous_version") != latest:
        log.warning("release %s is newer than latest (%s) but does not follow it", newest, latest)
        return latest
    log.info("completing an interrupted publish: latest -> %s", newest)
    store.point_latest(newest)
    return newest


def publish(
    raw_tables: dict[str, pa.Table],
    root: Root,
    extra: dict | None = None,
    now: datetime | None = None,
    storage_options: dict[str, Any] | None = None,
    extra_files: ExtraFiles | None = None,
    public_url: str | None = None,
    citation: Citation | None = None,
) -> ReleaseResult:
    """Publish `raw_tables` as a new release unless its content equals the latest one.

    After a publish the root's releases.json, latest/ and feed.xml are rewritten
    (dataset/surface.py); `public_url` is where the root is served, for the feed's links;
    `citation` holds the DOIs CITATION.cff names, when configured.

    `raw_tables` holds every table of healthplans.dataset.schema except the derived ones
    (`document_versions`), which are computed here from the previous release.
    `extra_files(manifest, tables, changes)` may add files (e.g. the HTML report) while the
    release is staged; they are listed in the manifest like the descriptors.
    """
    missing = set(TABLES) - set(DERIVED_TABLES) - set(raw_tables)
    if missing:
        raise ValueError(f"release is missing tables: {sorted(missing)}")
    tables = {n: conform(n, t) for n, t in raw_tables.items() if n not in DERIVED_TABLES}
    store = store_of(root, storage_options)
    with store.writer_lock():
        return _publish_locked(store, tables, extra, now, extra_files, public_url, citation)


def _publish_locked(
    store: ReleaseStore,
    tables: dict[str, pa.Table],
    extra: dict | None,
    now: datetime | None,
    extra_files: ExtraFiles | None,
    public_url: str | None,
    citation: Citation | None,
) -> ReleaseResult:
    removed = store.clean_staging()
    if removed:
        log.info("removed %d leftovers of interrupted releases: %s", len(removed), removed)
    fp = fingerprint(tables)
    latest = _complete_pointer(store)
    if latest is not None:
        previous = read_manifest(store, latest)
        if previous.get("fingerprint") == fp:
            if not surface_is_current(store, latest):  # a crash after the pointer
                refresh_surface(store, public_url)
            return ReleaseResult(latest, _location(store, latest), False, previous)
    now = now or datetime.now(UTC)
    created_at = now.isoformat()
    version = _next_version(store, now)
    old = _previous_tables(store, latest)
    tables["document_versions"] = conform(
        "document_versions",
        carry_forward((old or {}).get("document_versions"), tables["documents"], version),
    )
    changes = compute_changes(version, latest, tables, old)
    with store.staging() as staged:
        _checkpoint("staging")
        manifest: dict[str, Any] = {
            "version": version,
            "schema_version": SCHEMA_VERSION,
            "created_at": created_at,
            "previous_version": latest,
            "fingerprint": fp,
            "tables": _write_tables(staged, tables),
            **(extra or {}),
        }
        package = datapackage(manifest)
        files = {
            "datapackage.json": _json_bytes(package),
            "CITATION.cff": citation_cff(
                version, created_at[:10], citation, manifest.get("crawl_mode")
            ).encode(),
            "changes.json": _json_bytes(changes),
            "CHANGELOG.md": changelog_markdown(changes, created_at).encode(),
            "feed.xml": atom_feed(tables["documents"], changes, version, created_at),
        }
        # Row-level deltas per table against the previous release (all rows added in the first).
        for name, table in tables.items():
            delta = table_delta(name, table, (old or {}).get(name), VOLATILE_COLUMNS.get(name, ()))
            files[f"deltas/{name}.json"] = _json_bytes(delta)
        if extra_files is not None:
            files.update(extra_files(manifest, tables, changes))
        manifest["files"] = {n: _write_file(staged, n, data) for n, data in files.items()}
        _checkpoint("descriptors")
        # The manifest is written last: a version without one is not a release.
        _write_file(staged, MANIFEST, _json_bytes(manifest))
        _checkpoint("manifest")
        store.commit(staged, version)
    _checkpoint("committed")
    store.point_latest(version)
    refresh_surface(store, public_url)
    return ReleaseResult(version, _location(store, version), True, manifest)


def verify(
    root: Root, version: str | None = None, storage_options: dict[str, Any] | None = None
) -> list[str]:
    """Problems found when checking a release's files against its manifest; empty when intact."""
    store = store_of(root, storage_options)
    version = version or store.latest()
    if version is None:
        return [f"no release under {store.url}"]
    if not store.exists(version, MANIFEST):
        return [f"release {version}: no manifest under {store.url} (not a release)"]
    manifest = read_manifest(store, version)
    problems = []
    entries = [(n, e) for n, e in manifest["tables"].items()]
    entries += [(n, e) for n, e in manifest.get("files", {}).items()]
    for name, entry in entries:
        if not store.exists(version, entry["path"]):
            problems.append(f"{name}: {entry['path']} missing")
            continue
        with store.open(version, entry["path"]) as fh:
            digest = _sha256_stream(fh)
        if digest != entry["sha256"]:
            problems.append(f"{name}: sha256 mismatch")
        elif "rows" in entry:
            with store.open(version, entry["path"]) as fh:
                rows = pq.ParquetFile(fh).metadata.num_rows
            if rows != entry["rows"]:
                problems.append(f"{name}: row count mismatch")
    return problems
