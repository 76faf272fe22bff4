"""The measurements behind the clause-link thresholds in dataset/clause_links.py.

Usage: python benchmarks/clause_links.py
Parses the seeds, the reference documents and a plan derived from the Yangquan seed
(tests/research/template_pair.py), then prints, for every pair of documents, the distribution of
each clause's best-match Jaccard in the other document, the number of links, and how many of the
exact pairs at LINK_JACCARD or more LSH found.
"""

from __future__ import annotations

import itertools
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from healthplans.dataset.clause_links import (  # noqa: E402
    LINK_JACCARD,
    DocumentOrder,
    LinkClause,
    best_match_scores,
    clause_shingles,
    jaccard,
    link_clauses,
)
from healthplans.parsing import parse_document  # noqa: E402
from tests.research.template_pair import derived_plan  # noqa: E402

KINDS = {
    frozenset({"001", "derived"}): "one template",
    frozenset({"000", "001"}): "siblings",
    frozenset({"000", "derived"}): "siblings",
    frozenset({"03", "04"}): "local vs national",
}


def _texts() -> dict[str, list[str]]:
    paths = sorted((ROOT / "mirror" / "seeds").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "reference" / "documents").glob("*.txt"))
    raw = {p.name[:3].rstrip("_"): p.read_text(encoding="utf-8") for p in paths}
    raw["derived"] = derived_plan()
    return {
        name: [c.heading + c.body for c in parse_document(text).clauses]
        for name, text in raw.items()
    }


def _exact_pairs(a: list[str], b: list[str]) -> int:
    sa = [s for s in map(clause_shingles, a) if s]
    sb = [s for s in map(clause_shingles, b) if s]
    return sum(1 for x in sa for y in sb if jaccard(x, y) >= LINK_JACCARD)


def main() -> None:
    docs = _texts()
    print(
        f"{'pair':<14}{'kind':<19}{'n':>4}{'max':>7}{'p90':>7}{'median':>8}{'exact':>7}{'LSH':>5}"
    )
    for a, b in itertools.combinations(docs, 2):
        scores = sorted(best_match_scores(docs[a], docs[b]))
        clauses = [LinkClause(f"{a}:{i}", a, t) for i, t in enumerate(docs[a])]
        clauses += [LinkClause(f"{b}:{i}", b, t) for i, t in enumerate(docs[b])]
        orders = {d: DocumentOrder(d, None, None) for d in (a, b)}
        found = len(link_clauses(clauses, orders))
        kind = KINDS.get(frozenset({a, b}), "unrelated")
        print(
            f"{a + '-' + b:<14}{kind:<19}{len(scores):>4}{scores[-1]:>7.3f}"
            f"{scores[int(0.9 * (len(scores) - 1))]:>7.3f}{statistics.median(scores):>8.3f}"
            f"{_exact_pairs(docs[a], docs[b]):>7}{found:>5}"
        )


if __name__ == "__main__":
    main()
