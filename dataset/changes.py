"""What changed since the previous release: documents, targets and agencies added, changed and
removed, as `changes.json` (for programs) and `CHANGELOG.md` (for people). Both also list the
plans that have vanished: every copy gone from its site, the bytes kept in the archive."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from healthplans.dataset.schema import TABLES
from healthplans.dataset.vanished import vanished_documents

# Per table: the key, the columns whose change counts as "changed", and a label for people.
DIFFED: dict[str, tuple[str, tuple[str, ...], str]] = {
    "documents": ("doc_id", ("version_id", "title", "doc_number", "issue_date"), "title"),
    "targets": (
        "target_id",
        ("indicator", "comparator", "value", "value_max", "unit", "year"),
        "quote",
    ),
    "agencies": ("agency_id", ("name", "level", "category", "region_code"), "name"),
}
# Long lists are cut in CHANGELOG.md; changes.json always has every id.
MARKDOWN_LIMIT = 50


def _index(table: pa.Table | None, key: str, cols: tuple[str, ...], label: str) -> dict:
    if table is None:
        return {}
    keep = [key, label, *(c for c in cols if c != label)]
    return {r[key]: r for r in table.select(keep).to_pylist()}


def diff_table(name: str, new: pa.Table, old: pa.Table | None) -> dict[str, list[dict[str, Any]]]:
    """Rows added, changed (same key, different tracked columns) and removed."""
    key, cols, label = DIFFED[name]
    a, b = _index(old, key, cols, label), _index(new, key, cols, label)
    added = [{"id": k, "label": b[k][label]} for k in sorted(b.keys() - a.keys())]
    removed = [{"id": k, "label": a[k][label]} for k in sorted(a.keys() - b.keys())]
    changed = []
    for k in sorted(a.keys() & b.keys()):
        fields = [c for c in cols if a[k][c] != b[k][c]]
        if fields:
            changed.append({"id": k, "label": b[k][label], "fields": fields})
    return {"added": added, "changed": changed, "removed": removed}


def vanished_section(sources: pa.Table, documents: pa.Table) -> list[dict[str, Any]]:
    """Plans whose every copy is gone (dataset/vanished.py), newest loss first.

    Every `sources` row names archived bytes (its sha256), so each of these plans is still
    readable from the archive and from this release.
    """
    if "gone_since" not in sources.column_names:
        return []
    rows = sources.select(["doc_id", "url", "sha256", "gone_since"]).to_pylist()
    titles = {r["doc_id"]: r["title"] for r in documents.select(["doc_id", "title"]).to_pylist()}
    gone = sorted(vanished_documents(rows), key=lambda v: (v.gone_since, v.doc_id), reverse=True)
    return [
        {
            "id": v.doc_id,
            "label": titles.get(v.doc_id),
            "gone_since": v.gone_since.isoformat(),
            "urls": list(v.urls),
            "archived_sha256": list(v.archived_sha256),
        }
        for v in gone
    ]


def compute_changes(
    version: str,
    previous_version: str | None,
    new: dict[str, pa.Table],
    old: dict[str, pa.Table] | None,
) -> dict[str, Any]:
    """The changes.json document of a release against its previous release."""
    tables = {name: diff_table(name, new[name], (old or {}).get(name)) for name in DIFFED}
    return {
        "version": version,
        "previous_version": previous_version,
        "summary": {
            name: {kind: len(rows) for kind, rows in d.items()} for name, d in tables.items()
        },
        "tables": tables,
        "vanished": vanished_section(new["sources"], new["documents"]) if "sources" in new else [],
    }


def changelog_markdown(changes: dict[str, Any], created_at: str) -> str:
    """CHANGELOG.md of one release."""
    prev = changes["previous_version"]
    lines = [
        f"# Release {changes['version']}",
        "",
        f"Published {created_at[:10]}. "
        + (f"Changes since release {prev}." if prev else "First release: everything is new."),
        "",
        "| table | added | changed | removed |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, s in changes["summary"].items():
        lines.append(f"| {name} | {s['added']} | {s['changed']} | {s['removed']} |")
    for name, d in changes["tables"].items():
        for kind in ("added", "changed", "removed"):
            rows = d[kind]
            if not rows:
                continue
            lines += ["", f"## {name.capitalize()} {kind}", ""]
            for r in rows[:MARKDOWN_LIMIT]:
                extra = f" ({', '.join(r['fields'])})" if "fields" in r else ""
                lines.append(f"- `{r['id']}` {r['label'] or ''}{extra}".rstrip())
            if len(rows) > MARKDOWN_LIMIT:
                lines.append(f"- … and {len(rows) - MARKDOWN_LIMIT} more (see changes.json)")
    vanished = changes.get("vanished") or []
    if vanished:
        lines += [
            "",
            "## Vanished plans",
            "",
            "Every copy gone from its site; the archive and this release keep the text.",
            "",
        ]
        for r in vanished[:MARKDOWN_LIMIT]:
            lines.append(f"- `{r['id']}` {r['label'] or ''} (gone since {r['gone_since'][:10]})")
        if len(vanished) > MARKDOWN_LIMIT:
            lines.append(f"- … and {len(vanished) - MARKDOWN_LIMIT} more (see changes.json)")
    return "\n".join(lines) + "\n"


def _keyed(table: pa.Table | None, key: tuple[str, ...], columns: list[str]) -> dict[str, dict]:
    if table is None:
        return {}
    keep = [c for c in columns if c in table.column_names]
    return {"|".join(str(r[k]) for k in key): r for r in table.select(keep).to_pylist()}


def table_delta(
    name: str, new: pa.Table, old: pa.Table | None, ignore: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Row-level delta of one table against the previous release: the keys (joined with `|`
    when a key has several columns) of rows added and removed, and of rows changed with the
    columns that changed. Columns in `ignore` (fetch times) are not compared."""
    spec = TABLES[name]
    columns = [c for c in spec.schema.names if c not in ignore or c in spec.key]
    a, b = _keyed(old, spec.key, columns), _keyed(new, spec.key, columns)
    changed = []
    for k in sorted(a.keys() & b.keys()):
        fields = [c for c in columns if a[k].get(c) != b[k].get(c)]
        if fields:
            changed.append({"key": k, "fields": fields})
    return {
        "table": name,
        "key": list(spec.key),
        "added": sorted(b.keys() - a.keys()),
        "changed": changed,
        "removed": sorted(a.keys() - b.keys()),
    }
