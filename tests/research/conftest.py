"""Parsed seeds and reference documents, shared by the research-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.model import ParsedDocument
from tests.shared_reference import related_genre_documents

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "mirror" / "seeds"


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    """Parsed documents keyed by file prefix: 000, 001, 004 (seeds), and 01..04 (reference
    documents, read from ../shared/reference when it is there)."""
    paths = sorted(SEEDS.glob("*.txt")) + related_genre_documents()
    return {p.name.split("_")[0]: parse_document(p.read_text(encoding="utf-8")) for p in paths}
