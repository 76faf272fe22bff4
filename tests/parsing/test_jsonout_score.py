"""Gold-format output and the scoring function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from healthplans.parsing.jsonout import to_gold_dict
from healthplans.parsing.model import ParsedDocument
from healthplans.parsing.score import format_report, score

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold"


@pytest.mark.parametrize(
    "stem", ["000_6df9cd99be9aa381", "001_c28985a53e9e0c4c", "004_da6d3a81d6ca09b7"]
)
def test_gold_dict_layout(
    parsed_seeds: dict[str, ParsedDocument], golds: dict[str, dict[str, Any]], stem: str
) -> None:
    out = to_gold_dict(parsed_seeds[stem], f"{stem}.txt")
    want = golds[stem]
    assert list(out) == list(want)
    assert out["source_file"] == want["source_file"]
    assert out["document"] == want["document"]
    assert out["outline"] == want["outline"]
    assert out["counts"] == want["counts"]
    json.dumps(out, ensure_ascii=False)


def test_gold_scored_against_itself_is_perfect() -> None:
    result = score(GOLD, GOLD)
    assert result["missing_predictions"] == []
    assert all(field["f1"] == 1.0 for field in result["fields"].values())
    assert "outline.paths" in format_report(result)


def test_missing_predictions_count_as_misses(tmp_path: Path) -> None:
    result = score(GOLD, tmp_path)
    assert len(result["missing_predictions"]) == result["documents"]
    assert result["fields"]["outline.paths"]["recall"] == 0.0


def test_prediction_named_plain_json_is_found(tmp_path: Path) -> None:
    for gold_file in GOLD.glob("*.gold.json"):
        stem = gold_file.name.removesuffix(".gold.json")
        (tmp_path / f"{stem}.json").write_text(gold_file.read_text(encoding="utf-8"))
    assert score(GOLD, tmp_path)["fields"]["agencies"]["f1"] == 1.0


def test_wrong_metadata_value_is_both_false_positive_and_negative(tmp_path: Path) -> None:
    for gold_file in GOLD.glob("*.gold.json"):
        data = json.loads(gold_file.read_text(encoding="utf-8"))
        data["document"]["doc_type"] = "通知"
        (tmp_path / gold_file.name).write_text(json.dumps(data, ensure_ascii=False))
    field = score(GOLD, tmp_path)["fields"]["document.doc_type"]
    assert (field["tp"], field["fp"], field["fn"]) == (0, 3, 3)


def test_target_matching_ignores_path_but_strict_does_not(tmp_path: Path) -> None:
    for gold_file in GOLD.glob("*.gold.json"):
        data = json.loads(gold_file.read_text(encoding="utf-8"))
        for target in data["targets"]:
            target["path"] = "elsewhere"
        (tmp_path / gold_file.name).write_text(json.dumps(data, ensure_ascii=False))
    fields = score(GOLD, tmp_path)["fields"]
    assert fields["targets"]["f1"] == 1.0
    assert fields["targets.strict"]["tp"] == 0
