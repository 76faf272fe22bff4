"""docs/dataset.md is exactly what dataset.dictionary generates from dataset/schema.py."""

from __future__ import annotations

from dataset.dictionary import DOC_PATH, render
from dataset.schema import TABLES


def test_committed_data_dictionary_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/dataset.md is stale: run python -m dataset.dictionary"
    )


def test_every_column_is_documented() -> None:
    text = render()
    for table in TABLES.values():
        assert f"## `{table.name}`" in text
        for column in table.columns:
            assert column.description and f"| `{column.name}` |" in text
