"""The report's "what changed" section: the release's changes.json when it has one, otherwise a
diff of row counts against the previous release's manifest."""

from __future__ import annotations

from html import escape
from typing import Any

LIST_LIMIT = 30  # rows named per table and kind; the counts are always complete


def _from_changes(changes: dict[str, Any]) -> str:
    prev = changes.get("previous_version") or "nothing (first release)"
    parts = [f"<p>Compared with {escape(str(prev))}.</p>", "<table><tr><th>table</th>"]
    kinds = ("added", "changed", "removed")
    parts.append("".join(f"<th>{k}</th>" for k in kinds) + "</tr>")
    for name, counts in changes.get("summary", {}).items():
        cells = "".join(f"<td class=num>{counts.get(k, 0)}</td>" for k in kinds)
        parts.append(f"<tr><td>{escape(name)}</td>{cells}</tr>")
    parts.append("</table>")
    for name, diff in changes.get("tables", {}).items():
        for kind in kinds:
            rows = diff.get(kind, [])
            if not rows:
                continue
            items = "".join(
                f"<li>{escape(str(r.get('label') or r['id']))}"
                + (f" <small>({escape(', '.join(r['fields']))})</small>" if r.get("fields") else "")
                + "</li>"
                for r in rows[:LIST_LIMIT]
            )
            more = f"<li>… and {len(rows) - LIST_LIMIT} more</li>" if len(rows) > LIST_LIMIT else ""
            parts.append(f"<h3>{escape(name)}: {kind} ({len(rows)})</h3><ul>{items}{more}</ul>")
    return "\n".join(parts)


def _from_row_counts(manifest: dict[str, Any], previous: dict[str, Any] | None) -> str:
    if previous is None:
        return "<p>First release: no previous release to compare with.</p>"
    old = {n: e["rows"] for n, e in previous.get("tables", {}).items()}
    parts = [
        f"<p>Row counts compared with {escape(str(previous.get('version')))}.</p>",
        "<table><tr><th>table</th><th>before</th><th>now</th><th>change</th></tr>",
    ]
    for name, entry in sorted(manifest["tables"].items()):
        before = old.get(name)
        delta = "new" if before is None else f"{entry['rows'] - before:+d}"
        parts.append(
            f"<tr><td>{escape(name)}</td><td class=num>{'' if before is None else before}</td>"
            f"<td class=num>{entry['rows']}</td><td class=num>{delta}</td></tr>"
        )
    parts.append("</table>")
    return "\n".join(parts)


def changelog_html(
    manifest: dict[str, Any],
    changes: dict[str, Any] | None,
    previous_manifest: dict[str, Any] | None,
) -> str:
    """HTML of what changed in this release."""
    if changes is not None:
        return _from_changes(changes)
    return _from_row_counts(manifest, previous_manifest)
