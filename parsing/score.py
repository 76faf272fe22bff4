"""Precision, recall and F1 of parser output against gold files, per field, micro-averaged.

Matching rules (all comparisons are multiset intersections per document, summed over documents):

- ``outline.paths``: clause paths ("二/(一)/3").
- ``outline.labels`` / ``outline.headings``: (path, label) and (path, heading) pairs.
- ``counts``: one unit per (document, levelN) whose count equals the gold count.
- ``document.<field>``: a non-null prediction equal to a non-null gold value is a true positive;
  a wrong or extra prediction is a false positive, a missed or wrong gold value a false negative.
- ``targets``: a target matches on (value, unit, year, comparator), independent of its path,
  because the same number is often attributable to a parent or a child clause. Values compare
  after rounding to 6 decimals.
- ``targets.strict``: as ``targets`` plus the same path and an indicator whose character
  similarity (difflib ratio) with the gold indicator is at least 0.5; matched greedily.
- ``agencies``: an assignment matches on (path, set of leads, set of supports).

Prediction files are named like the gold files: <stem>.gold.json or <stem>.json.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from healthplans.parsing.model import DOCUMENT_FIELDS

_STRICT_SIMILARITY = 0.5


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, gold: Iterable[Hashable], pred: Iterable[Hashable]) -> None:
        gold_c, pred_c = Counter(gold), Counter(pred)
        hit = sum((gold_c & pred_c).values())
        self.tp += hit
        self.fp += sum(pred_c.values()) - hit
        self.fn += sum(gold_c.values()) - hit

    def as_dict(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if not (self.tp or self.fp or self.fn):
            precision = recall = f1 = 1.0  # nothing to find and nothing found
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }


def _target_key(target: dict[str, Any]) -> tuple[Any, ...]:
    value = target.get("value")
    return (
        round(float(value), 6) if value is not None else None,
        target.get("unit"),
        target.get("year"),
        target.get("comparator"),
    )


def _strict_targets(gold: list[dict[str, Any]], pred: list[dict[str, Any]], tally: Tally) -> None:
    unused = list(pred)
    for g in gold:
        match = None
        for p in unused:
            same = _target_key(p) == _target_key(g) and p.get("path") == g.get("path")
            ratio = SequenceMatcher(None, g.get("indicator", ""), p.get("indicator", "")).ratio()
            if same and ratio >= _STRICT_SIMILARITY:
                match = p
                break
        if match is None:
            tally.fn += 1
        else:
            tally.tp += 1
            unused.remove(match)
    tally.fp += len(unused)


def _agency_key(agency: dict[str, Any]) -> tuple[Any, ...]:
    return (
        agency.get("path"),
        frozenset(agency.get("lead") or ()),
        frozenset(agency.get("support") or ()),
    )


def _score_document(gold: dict[str, Any], pred: dict[str, Any], tallies: dict[str, Tally]) -> None:
    g_outline, p_outline = gold.get("outline", []), pred.get("outline", [])
    tallies["outline.paths"].add_sets(
        (o["path"] for o in g_outline), (o["path"] for o in p_outline)
    )
    for part in ("label", "heading"):
        tallies[f"outline.{part}s"].add_sets(
            ((o["path"], o[part]) for o in g_outline), ((o["path"], o[part]) for o in p_outline)
        )
    tallies["counts"].add_sets(gold.get("counts", {}).items(), pred.get("counts", {}).items())
    g_doc, p_doc = gold.get("document", {}), pred.get("document", {})
    for name in DOCUMENT_FIELDS:
        tally = tallies[f"document.{name}"]
        g_value, p_value = g_doc.get(name), p_doc.get(name)
        tally.add_sets([g_value] if g_value is not None else [], [p_value] if p_value else [])
    g_targets, p_targets = gold.get("targets", []), pred.get("targets", [])
    tallies["targets"].add_sets(map(_target_key, g_targets), map(_target_key, p_targets))
    _strict_targets(g_targets, p_targets, tallies["targets.strict"])
    tallies["agencies"].add_sets(
        map(_agency_key, gold.get("agencies", [])), map(_agency_key, pred.get("agencies", []))
    )


def _prediction_path(pred_dir: Path, stem: str) -> Path | None:
    for name in (f"{stem}.gold.json", f"{stem}.json"):
        if (pred_dir / name).is_file():
            return pred_dir / name
    return None


def score(gold_dir: Path, pred_dir: Path) -> dict[str, Any]:
    """Scores per field over every gold file; a missing prediction counts as an empty one."""
    names = ["outline.paths", "outline.labels", "outline.headings", "counts"]
    names += [f"document.{f}" for f in DOCUMENT_FIELDS] + ["targets", "targets.strict"]
    tallies = {name: Tally() for name in [*names, "agencies"]}
    missing: list[str] = []
    gold_files = sorted(Path(gold_dir).glob("*.gold.json"))
    for gold_file in gold_files:
        stem = gold_file.name.removesuffix(".gold.json")
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred_file = _prediction_path(Path(pred_dir), stem)
        if pred_file is None:
            missing.append(stem)
            pred: dict[str, Any] = {}
        else:
            pred = json.loads(pred_file.read_text(encoding="utf-8"))
        _score_document(gold, pred, tallies)
    return {
        "documents": len(gold_files),
        "missing_predictions": missing,
        "fields": {name: tally.as_dict() for name, tally in tallies.items()},
    }


def format_report(scores: dict[str, Any]) -> str:
    """A fixed-width table of the scores, one field per line."""
    lines = [
        f"documents: {scores['documents']}  missing predictions: "
        f"{', '.join(scores['missing_predictions']) or 'none'}",
        f"{'field':<24}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for name, s in scores["fields"].items():
        lines.append(
            f"{name:<24}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )
    return "\n".join(lines)
