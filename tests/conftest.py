"""Shared fixtures: repository paths and the gold annotations."""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays a fixed set of generated examples so a run is reproducible; locally, property tests
# keep exploring new inputs (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


class _TopLevelFolders(importlib.abc.MetaPathFinder):
    """The repository root is on sys.path for `tests.*`; its folders are importable only as
    `healthplans.<folder>`, as in an installed wheel, so a stray `import parsing` (or a resource
    looked up by that name) fails here as it would for a user."""

    NAMES = frozenset({"assets", "dataset", "mirror", "parsing", "pipelines", "scrapers"})

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.split(".")[0] in self.NAMES:
            raise ModuleNotFoundError(f"No module named {name!r} (import healthplans.{name})")


sys.meta_path.insert(0, _TopLevelFolders())

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
