"""Golden output: the parse of every seed and reference document, compared with a stored snapshot.

The snapshots (tests/parsing/snapshots/*.json) hold the gold-format dict of parse_document() plus
a hash of the normalized text, the plan flag and the warnings. They pin the parser's output
exactly, so a refactor or a speed-up that changes any field fails here, while the gold scores
only show what the gold files cover.

When a change of output is intended, regenerate the snapshots and review the diff:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest -q tests/parsing/test_snapshots.py
    git diff tests/parsing/snapshots/
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.jsonout import to_gold_dict

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
DOCUMENTS = sorted((REPO / "mirror" / "seeds").glob("*.txt"))


def snapshot_of(path: Path) -> dict[str, Any]:
    """What the parser makes of one document, in a JSON-comparable form."""
    parsed = parse_document(path.read_text(encoding="utf-8"))
    normalized = parsed.normalized.text.encode("utf-8")
    return {
        **to_gold_dict(parsed, path.name),
        "parse": {
            "is_plan": parsed.is_plan,
            "reason": parsed.reason,
            "warnings": list(parsed.warnings),
            "normalized_sha256": hashlib.sha256(normalized).hexdigest(),
        },
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_documents_found() -> None:
    # The 3 seeds; a missing file would silently shrink the check.
    assert len(DOCUMENTS) == 3


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_parse_matches_snapshot(path: Path) -> None:
    snapshot = SNAPSHOTS / f"{path.stem}.json"
    current = snapshot_of(path)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(_dump(current), encoding="utf-8")
    stored = json.loads(snapshot.read_text(encoding="utf-8"))
    for key in stored:
        assert current[key] == stored[key], f"{path.name}: {key} differs from the snapshot"
    assert current == stored
