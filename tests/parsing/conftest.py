"""Shared fixtures: seed texts and gold files from the repository (never from outside it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.model import ParsedDocument

REPO = Path(__file__).resolve().parents[2]

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
