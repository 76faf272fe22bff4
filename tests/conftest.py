"""Shared fixtures: repository paths and the gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
GOLD_DIR = FIXTURES / "gold"
SEEDS_DIR = REPO / "mirror" / "seeds"


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    """Gold annotations keyed by the seed file's stem prefix (000, 001, 004)."""
    return {
        p.name.split("_")[0]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(GOLD_DIR.glob("*.gold.json"))
    }
