"""Generated files stay generated: docs/dataset.md from dataset/schema.py, the root CITATION.cff."""

from __future__ import annotations

import yaml

from healthplans.dataset.dictionary import DOC_PATH, render
from healthplans.dataset.package import citation_cff
from healthplans.dataset.schema import TABLES


def test_committed_data_dictionary_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/dataset.md is stale: run python -m healthplans.dataset.dictionary"
    )


def test_every_column_is_documented() -> None:
    text = render()
    for table in TABLES.values():
        assert f"## `{table.name}`" in text
        for column in table.columns:
            assert column.description and f"| `{column.name}` |" in text


def test_root_citation_is_generated_and_valid_cff() -> None:
    root = DOC_PATH.parents[1] / "CITATION.cff"
    assert root.read_text(encoding="utf-8") == citation_cff()
    for text in (citation_cff(), citation_cff("2026.11.25", "2026-11-25")):
        cff = yaml.safe_load(text)
        assert {"cff-version", "message", "title", "authors"} <= cff.keys()
    assert yaml.safe_load(citation_cff("2026.11.25", "2026-11-25"))["version"] == "2026.11.25"
