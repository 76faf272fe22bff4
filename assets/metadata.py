"""What the Dagster UI shows for a table: row count, columns, and its first rows as Markdown."""

from collections.abc import Iterable
from typing import Any

import dagster as dg
import pyarrow as pa

PREVIEW_ROWS = 5
CELL_CHARS = 40  # long text (plan bodies) would make the preview unreadable


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def markdown_preview(table: pa.Table, rows: int = PREVIEW_ROWS) -> str:
    """The first `rows` rows as a Markdown table."""
    head = table.slice(0, rows).to_pylist()
    names = table.column_names
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(_cell(r[c]) for c in names) + " |" for r in head]
    return "\n".join(lines)


def table_metadata(table: pa.Table) -> dict[str, Any]:
    """Row count, column schema and a Markdown preview of the first rows."""
    return {
        "dagster/row_count": table.num_rows,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(f.name, str(f.type)) for f in table.schema]
        ),
        "preview": dg.MetadataValue.md(markdown_preview(table)),
    }


def release_observations(
    version: str | None, location: object, manifest: dict, tables: Iterable[str]
) -> list[dg.AssetObservation]:
    """One observation per table asset naming the release (and file) it was published in."""
    out = []
    for table in tables:
        entry = manifest.get("tables", {}).get(table, {})
        out.append(
            dg.AssetObservation(
                asset_key=table,
                metadata={
                    "release_version": version or "",
                    "release_location": str(location),
                    "release_file": entry.get("path", ""),
                    "release_rows": entry.get("rows", 0),
                },
            )
        )
    return out
