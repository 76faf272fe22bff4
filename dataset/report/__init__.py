"""A static HTML report of one release: row counts, figures and what changed.

`report_files` is the hook `dataset.release.publish` calls while the release is staged, so
`report.html` is part of the release (listed in its manifest with a sha256). `write_report`
(re)builds the page of any published release into a path of the caller's choosing: a published
release is never modified.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from healthplans.dataset.release import read_manifest, read_table
from healthplans.dataset.report.page import render_report
from healthplans.dataset.storage import ReleaseStore

REPORT = "report.html"
FIGURE_TABLES = ("documents", "targets", "clause_agencies")

__all__ = ["REPORT", "render_report", "report_files", "write_report"]


def report_files(
    manifest: dict[str, Any], tables: dict[str, pa.Table], changes: dict[str, Any] | None
) -> dict[str, bytes]:
    """{"report.html": bytes} for a release being published."""
    return {REPORT: render_report(manifest, tables, changes).encode("utf-8")}


def write_report(root: str | Path, version: str, output: Path) -> Path:
    """Render the report of published release `version` under `root` to `output`."""
    store = ReleaseStore(root)
    manifest = read_manifest(store, version)
    tables = {name: read_table(store, version, name) for name in FIGURE_TABLES}
    changes = None
    if store.exists(version, "changes.json"):
        changes = json.loads(store.read_bytes(version, "changes.json"))
    previous = None
    prev_version = manifest.get("previous_version")
    if changes is None and prev_version and store.exists(prev_version, "manifest.json"):
        previous = read_manifest(store, prev_version)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(manifest, tables, changes, previous), encoding="utf-8")
    return output
