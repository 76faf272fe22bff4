"""Parsed seeds and reference documents, shared by the research-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsing import parse_document
from parsing.model import ParsedDocument

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "mirror" / "seeds"
REFERENCE = REPO / "tests" / "fixtures" / "reference" / "documents"


@pytest.fixture(scope="session")
def parsed() -> dict[str, ParsedDocument]:
    """Parsed documents keyed by file prefix: 000, 001, 004 (seeds), 01..04 (reference)."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted(REFERENCE.glob("*.txt"))
    return {p.name.split("_")[0]: parse_document(p.read_text(encoding="utf-8")) for p in paths}
