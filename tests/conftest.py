"""Shared fixtures: repository paths and the gold annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays a fixed set of generated examples so a run is reproducible; locally, property tests
# keep exploring new inputs (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
