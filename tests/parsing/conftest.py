"""Shared fixtures: seed texts and gold files from the repository (never from outside it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# pytest puts tests/ on sys.path (tests/conftest.py has no package), where this folder would be
# found as a namespace package "parsing" ahead of the editable install; the repo root must win.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from parsing import parse_document  # noqa: E402
from parsing.model import ParsedDocument  # noqa: E402

SEEDS = REPO / "mirror" / "seeds"
GOLD = REPO / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="session")
def golds() -> dict[str, dict[str, Any]]:
    return {
        p.name.removesuffix(".gold.json"): json.loads(p.read_text(encoding="utf-8"))
        for p in GOLD.glob("*.gold.json")
    }


@pytest.fixture(scope="session")
def parsed_seeds(seed_texts: dict[str, str]) -> dict[str, ParsedDocument]:
    return {stem: parse_document(text) for stem, text in seed_texts.items()}
