"""Every gold document of ../shared/gold, parsed from its extracted text, scored per field.

The thresholds pin what the parser reaches on each document (measured, rounded down), so a
change that loses a heading, a target or an assignment on any of them fails here. A gold document
added later, before its floors are pinned, is parsed and scored all the same (from its text, or
from its file as published): it must parse, and find an outline where its gold has one. The corpus
test runs the parser over every reference document: no exception, and an outline wherever the
gold has one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.formats import read_document
from healthplans.parsing.jsonout import to_gold_dict
from healthplans.parsing.model import DOCUMENT_FIELDS
from healthplans.parsing.score import score
from tests.shared_reference import REFERENCE, SHARED_GOLD, as_params

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "mirror" / "seeds"
DOCUMENTS = REFERENCE / "documents"

# stem: minimum F1 of (outline paths, outline headings, targets, agencies, metadata fields).
FLOORS: dict[str, tuple[float, float, float, float, float]] = {
    "000_6df9cd99be9aa381": (1.0, 1.0, 1.0, 1.0, 1.0),
    "001_c28985a53e9e0c4c": (1.0, 1.0, 1.0, 1.0, 1.0),
    "004_da6d3a81d6ca09b7": (1.0, 1.0, 1.0, 1.0, 1.0),
    "02_hainan_jkrrszc_fangan": (1.0, 1.0, 1.0, 1.0, 1.0),
    "03_hainan_xinlijiankang_xingdong": (1.0, 1.0, 1.0, 1.0, 1.0),
    "05_hainan_jiankangtizhong_xingdong": (1.0, 1.0, 1.0, 1.0, 1.0),
    "06_fuxin_jkrrszc_fangan": (1.0, 1.0, 1.0, 1.0, 1.0),
    "07_jurong_jkrrszc_fangan": (1.0, 1.0, 1.0, 1.0, 1.0),
    "09_shunde_liudiao_zhiyin": (1.0, 1.0, 0.97, 1.0, 1.0),
}


# Floors of a gold document not pinned yet: it parses, and an outline is found.
UNPINNED = (0.01, 0.0, 0.0, 0.0, 0.0)


def _source(stem: str) -> Path | None:
    """The document's extracted text, else its file as published; None when neither is here."""
    for candidate in (SEEDS / f"{stem}.txt", DOCUMENTS / f"{stem}.txt"):
        if candidate.is_file():
            return candidate
    return next(iter(sorted(DOCUMENTS.glob(f"{stem}.raw.*"))), None)


def _text(source: Path) -> str:
    if source.suffix == ".txt":
        return source.read_text(encoding="utf-8")
    return read_document(source.read_bytes()).text


def _metadata_f1(fields: dict[str, Any]) -> float:
    tallies = [fields[f"document.{name}"] for name in DOCUMENT_FIELDS]
    tp = sum(t["tp"] for t in tallies)
    wrong = sum(t["fp"] + t["fn"] for t in tallies)
    return 2 * tp / (2 * tp + wrong) if tp + wrong else 1.0


def _score_one(gold_file: Path, tmp_path: Path) -> dict[str, Any]:
    stem = gold_file.name.removesuffix(".gold.json")
    source = _source(stem)
    assert source is not None
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / gold_file.name).write_bytes(gold_file.read_bytes())
    parsed = to_gold_dict(parse_document(_text(source)), source.name)
    (pred_dir / f"{stem}.json").write_text(json.dumps(parsed, ensure_ascii=False))
    fields: dict[str, Any] = score(gold_dir, pred_dir)["fields"]
    return fields


@pytest.mark.parametrize("gold_file", as_params(sorted(SHARED_GOLD.glob("*.gold.json"))))
def test_shared_gold_document_scores(gold_file: Path, tmp_path: Path) -> None:
    stem = gold_file.name.removesuffix(".gold.json")
    assert _source(stem) is not None, f"{stem}: neither text nor file beside the gold"
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    floors = FLOORS.get(stem, UNPINNED if gold.get("outline") else (0.0,) * 5)
    fields = _score_one(gold_file, tmp_path)
    reached = (
        fields["outline.paths"]["f1"],
        fields["outline.headings"]["f1"],
        fields["targets"]["f1"],
        fields["agencies"]["f1"],
        _metadata_f1(fields),
    )
    names = ("outline.paths", "outline.headings", "targets", "agencies", "metadata")
    print(stem, " ".join(f"{n}={r:.3f}" for n, r in zip(names, reached, strict=True)))
    below = [f"{n} {r:.3f} < {f}" for n, r, f in zip(names, reached, floors, strict=True) if r < f]
    assert not below, f"{stem}: {below}"


def _documents() -> list[Path]:
    """Every reference document: its extracted text and its file as published."""
    return sorted(p for p in DOCUMENTS.glob("*") if p.suffix in (".txt", ".pdf", ".docx"))


@pytest.mark.parametrize("document", as_params(_documents()))
def test_every_reference_document_parses(document: Path) -> None:
    parsed = parse_document(_text(document))
    stem = document.name.split(".")[0]
    gold_file = SHARED_GOLD / f"{stem}.gold.json"
    if gold_file.is_file() and json.loads(gold_file.read_text(encoding="utf-8")).get("outline"):
        assert parsed.is_plan, parsed.reason
        assert parsed.clauses, f"{document.name}: no outline, the gold has one"
