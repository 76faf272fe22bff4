"""The report page itself: one self-contained HTML file (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from html import escape
from typing import Any

import pyarrow as pa

from healthplans.dataset.report.changelog import changelog_html
from healthplans.dataset.report.plots import figures

CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .6rem}
th{background:#f3f3f3;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}small{color:#666}
"""


def _tables_section(manifest: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td class=num>{e['rows']}</td>"
        f"<td class=num>{e.get('bytes', '')}</td><td><code>{escape(e.get('sha256', '')[:16])}"
        "</code></td></tr>"
        for name, e in sorted(manifest["tables"].items())
    )
    return (
        "<table><tr><th>table</th><th>rows</th><th>bytes</th><th>sha256 (prefix)</th></tr>"
        f"{rows}</table>"
    )


def render_report(
    manifest: dict[str, Any],
    tables: dict[str, pa.Table],
    changes: dict[str, Any] | None = None,
    previous_manifest: dict[str, Any] | None = None,
) -> str:
    """The report as an HTML string. `tables` needs documents, targets and clause_agencies."""
    version = escape(str(manifest["version"]))
    figs = "".join(
        f"<figure>{svg}<figcaption>{escape(title)}</figcaption></figure>"
        for title, svg in figures(tables).items()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>healthplans release {version}</title><style>{CSS}</style></head>
<body>
<h1>healthplans release {version}</h1>
<p>Created {escape(str(manifest.get("created_at", "")))} · schema
{escape(str(manifest.get("schema_version", "")))} · previous release
{escape(str(manifest.get("previous_version") or "none"))}</p>
<h2>Tables</h2>
{_tables_section(manifest)}
<h2>What changed</h2>
{changelog_html(manifest, changes, previous_manifest)}
<h2>Figures</h2>
{figs}
</body></html>
"""
