"""Content versions of plans, carried forward from release to release.

A plan keeps its doc_id for life; its text may change (a revised 实施方案 reposted under the same
文号). Each distinct normalized text is a version, keyed by (doc_id, version_id). Every release
publishes the whole history, not just the current text: the previous release's
`document_versions` rows are carried forward, the version in this release's `documents` is
marked current, and a version replaced by a new one gets `superseded_by`/`superseded_in`. A plan
that disappears keeps its rows (none current), so history is never lost because a page changed
or went away. Older texts stay readable in the releases named by first_release..last_release,
and as archived bytes by source_sha256.
"""

from __future__ import annotations

import pyarrow as pa

from healthplans.dataset.schema import TABLES

_SCHEMA = TABLES["document_versions"].schema


def carry_forward(previous: pa.Table | None, documents: pa.Table, release: str) -> pa.Table:
    """`document_versions` of release `release`, given the previous release's rows (or None)."""
    rows: dict[tuple[str, str], dict] = {}
    latest_no: dict[str, int] = {}
    current_before: dict[str, str] = {}
    for row in previous.to_pylist() if previous is not None else []:
        row = {**row, "is_current": False}
        rows[(row["doc_id"], row["version_id"])] = row
        latest_no[row["doc_id"]] = max(latest_no.get(row["doc_id"], 0), row["version_no"])
        if row["superseded_by"] is None:
            current_before[row["doc_id"]] = row["version_id"]
    cols = ("doc_id", "version_id", "title", "source_url", "source_sha256", "fetched_at")
    for doc in documents.select(list(cols)).to_pylist():
        key = (doc["doc_id"], doc["version_id"])
        if key in rows:
            # Same text as before (possibly a revert): the version is current again.
            rows[key].update(last_release=release, is_current=True)
            rows[key].update(superseded_by=None, superseded_in=None)
        else:
            number = latest_no.get(doc["doc_id"], 0) + 1
            latest_no[doc["doc_id"]] = number
            rows[key] = {
                **doc,
                "version_no": number,
                "first_release": release,
                "last_release": release,
                "superseded_by": None,
                "superseded_in": None,
                "is_current": True,
            }
        old = current_before.get(doc["doc_id"])
        if old is not None and old != doc["version_id"]:
            rows[(doc["doc_id"], old)].update(
                superseded_by=doc["version_id"], superseded_in=release
            )
    ordered = sorted(rows.values(), key=lambda r: (r["doc_id"], r["version_no"]))
    return pa.Table.from_pylist(ordered, schema=_SCHEMA)
