"""Score target and agency extraction against the gold files.

A target matches a gold target when path, comparator, value, value_max, unit and year are equal
(values compared to 1e-6); an agency entry matches when path, the set of leads and the set of
supports are equal. Each gold entry is matched at most once (multiset matching).
Run from the repository root: .venv/bin/python -m tests.extraction.extraction_eval
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from healthplans.parsing import parse_document
from healthplans.parsing.agencies import extract_agencies
from healthplans.parsing.model import AgencyAssignment, Clause, DocumentMeta, Target
from healthplans.parsing.targets import extract_targets

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
SEED_DIR = ROOT / "mirror" / "seeds"


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from true positive, predicted and gold counts."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)


def target_key(
    path: str | None,
    comparator: str,
    value: float,
    value_max: float | None,
    unit: str,
    year: int | None,
) -> tuple:
    """What a target is scored on."""
    vmax = None if value_max is None else round(value_max, 6)
    return (path, comparator, round(value, 6), vmax, unit, year)


def agency_key(path: str | None, lead: Iterable[str], support: Iterable[str]) -> tuple:
    """What an agency entry is scored on."""
    return (path, frozenset(lead), frozenset(support))


def score(predicted: list[tuple], gold: list[tuple]) -> Score:
    """Multiset match of keys."""
    tp = sum((Counter(predicted) & Counter(gold)).values())
    return Score(tp, len(predicted), len(gold))


def parse_seed(stem: str) -> tuple[str, tuple[Clause, ...], DocumentMeta]:
    """Normalized text, clauses and metadata of a seed, end to end through the parser."""
    raw = (SEED_DIR / f"{stem}.txt").read_text(encoding="utf-8")
    parsed = parse_document(raw)
    return parsed.normalized.text, parsed.clauses, parsed.meta


def evaluate(stem: str) -> tuple[Score, Score, float, list[Target], list[AgencyAssignment], dict]:
    """Scores for one gold document, with extraction time in milliseconds."""
    gold = json.loads((GOLD_DIR / f"{stem}.gold.json").read_text(encoding="utf-8"))
    text, clauses, meta = parse_seed(stem)
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        targets = extract_targets(clauses, text, meta)
        agencies = extract_agencies(clauses, text, meta)
    elapsed_ms = (time.perf_counter() - started) * 1000 / rounds
    t_score = score(
        [target_key(t.path, t.comparator, t.value, t.value_max, t.unit, t.year) for t in targets],
        [
            target_key(g["path"], g["comparator"], g["value"], g["value_max"], g["unit"], g["year"])
            for g in gold["targets"]
        ],
    )
    a_score = score(
        [agency_key(a.path, a.lead, a.support) for a in agencies],
        [agency_key(g["path"], g["lead"], g["support"]) for g in gold["agencies"]],
    )
    return t_score, a_score, elapsed_ms, list(targets), list(agencies), gold


def main() -> None:
    total_t, total_a = Score(0, 0, 0), Score(0, 0, 0)
    for gold_path in sorted(GOLD_DIR.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        t, a, ms, targets, agencies, gold = evaluate(stem)
        total_t, total_a = total_t + t, total_a + a
        print(
            f"{stem}: targets P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} "
            f"({t.tp}/{t.predicted}/{t.gold}); agencies P={a.precision:.3f} "
            f"R={a.recall:.3f} F1={a.f1:.3f} ({a.tp}/{a.predicted}/{a.gold}); {ms:.2f} ms"
        )
        gold_t = Counter(
            target_key(g["path"], g["comparator"], g["value"], g["value_max"], g["unit"], g["year"])
            for g in gold["targets"]
        )
        pred_t = Counter(
            target_key(x.path, x.comparator, x.value, x.value_max, x.unit, x.year) for x in targets
        )
        for key in pred_t - gold_t:
            quote = next(
                x.quote
                for x in targets
                if target_key(x.path, x.comparator, x.value, x.value_max, x.unit, x.year) == key
            )
            print("   FP", key, quote)
        for key in gold_t - pred_t:
            print("   FN", key)
        gold_a = Counter(agency_key(g["path"], g["lead"], g["support"]) for g in gold["agencies"])
        pred_a = Counter(agency_key(x.path, x.lead, x.support) for x in agencies)
        for key in pred_a - gold_a:
            print("   FP", key)
        for key in gold_a - pred_a:
            print("   FN", key)
    print(
        f"overall: targets P={total_t.precision:.3f} R={total_t.recall:.3f} "
        f"F1={total_t.f1:.3f}; agencies P={total_a.precision:.3f} R={total_a.recall:.3f} "
        f"F1={total_a.f1:.3f}"
    )


if __name__ == "__main__":
    main()
