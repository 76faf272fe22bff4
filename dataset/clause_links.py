"""Clause-to-clause text reuse across plans: which clause of one plan was adapted from another's.

Local plans copy and adapt the clauses of provincial and national templates. Each clause (heading
plus body, whitespace removed, every figure replaced by "#" so that "2.9人" and "3.1人" read alike)
becomes a set of character 5-grams; MinHash-LSH proposes candidate pairs from different documents
without comparing all pairs, and the exact Jaccard similarity of the two sets decides. A link also
carries the containment (share of the shorter clause's 5-grams found in the longer), which is high
when a local clause keeps a template clause whole and adds to it.

Thresholds, measured with benchmarks/clause_links.py on the three seeds, the four reference
documents and a plan derived from the Yangquan seed by realistic edits (city and county names,
文号, figures, dropped / swapped / reworded / rewritten clauses; tests/research/template_pair.py).
For every clause of at least MIN_CHARS characters, the best-matching clause of the other plan:

    pair                                 kind                 max J   p90 J  median J  links
    Yangquan vs plan derived from it     one template         1.000   1.000    0.820     23
    Bozhou vs Yangquan                   siblings of one 意见  0.290   0.211    0.053      5
    Bozhou vs derived plan               siblings of one 意见  0.278   0.189    0.028      4
    Beijing TCM 意见 vs national TCM 纲要  local vs national    0.293   0.074    0.032      1
    the 24 other pairs                   unrelated            ≤0.109  ≤0.032   ≤0.014      0

Between Yangquan and the derived plan, kept clauses score 0.73-1.0, reworded ones 0.25-0.62 and
rewritten ones at most 0.05. (The reference notes found paragraph Jaccard max 0.805, median 0.174
between two other plans sharing a template.) Unrelated plans never exceed 0.11 — the two at
0.10-0.11 quote the same national slogan on pay reform — while sibling plans reach 0.24-0.29 on
clauses that reuse the national 意见's sentences. LINK_JACCARD = 0.2 sits between the two, with a
margin of almost 2x over the highest unrelated pair. LSH_THRESHOLD is lower, 0.15, because the
LSH estimate of Jaccard is noisy (sd ≈ 0.03 at 128 permutations); it found all 34 exact pairs
above 0.2 in the measurement, and every candidate is checked exactly. A link at
NEAR_COPY_JACCARD = 0.5 or more is a near copy (the derived plan's kept clauses score 0.73-1.0).

Direction: the source is the higher-level document (national → province → city → county); at
the same level, the earlier one (issue date, else publish date); otherwise the pair is kept in
doc_id order and `basis` is "none".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from datasketch import MinHash, MinHashLSH

from healthplans.parsing.citations import level_of_issuer

SHINGLE = 5
NUM_PERM = 128
# Clauses shorter than this (bare headings such as "三、保障措施") say too little to be reused.
MIN_CHARS = 40
LSH_THRESHOLD = 0.15
LINK_JACCARD = 0.2
NEAR_COPY_JACCARD = 0.5

# A figure, integer or decimal: "2.9", "2025", "1-2" gives two; all read as "#".
FIGURE_RE = re.compile(r"\d+(?:\.\d+)?")
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3}


@dataclass(frozen=True)
class LinkClause:
    """A clause to compare: ids and its text (heading and body)."""

    clause_id: str
    doc_id: str
    text: str


@dataclass(frozen=True)
class DocumentOrder:
    """What orders two documents: administrative level, then date."""

    doc_id: str
    level: str | None  # national | province | city | county
    date: date | None


@dataclass(frozen=True)
class ClauseLink:
    """Two clauses of different plans sharing text, oriented from source to target."""

    source_clause_id: str
    target_clause_id: str
    source_doc_id: str
    target_doc_id: str
    jaccard: float
    containment: float
    kind: str  # near_copy (jaccard ≥ NEAR_COPY_JACCARD) | adapted
    basis: str  # level | date | none: what decided the direction


def clause_shingles(text: str) -> frozenset[str]:
    """Character 5-grams of a clause, whitespace removed and figures masked."""
    compact = FIGURE_RE.sub("#", "".join(text.split()))
    if len(compact) < MIN_CHARS:
        return frozenset()
    return frozenset(compact[i : i + SHINGLE] for i in range(len(compact) - SHINGLE + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def best_match_scores(a: Iterable[str], b: Iterable[str]) -> list[float]:
    """For each long-enough text of `a`, the best Jaccard against any text of `b` (exact)."""
    sets_b = [s for s in (clause_shingles(t) for t in b) if s]
    scores = []
    for text in a:
        s = clause_shingles(text)
        if s:
            scores.append(max((jaccard(s, t) for t in sets_b), default=0.0))
    return scores


def document_level(row: Mapping[str, object]) -> str | None:
    """Level of a documents row: its admin_level, or national for a national issuer."""
    level = row.get("admin_level")
    if isinstance(level, str) and level:
        return level
    issuer = row.get("issuer")
    return "national" if isinstance(issuer, str) and level_of_issuer(issuer) == "national" else None


def document_order(row: Mapping[str, object]) -> DocumentOrder:
    """DocumentOrder of a documents row (doc_id, admin_level, issuer, issue_date, publish_date)."""
    when = row.get("issue_date") or row.get("publish_date")
    if isinstance(when, str):
        when = date.fromisoformat(when)
    return DocumentOrder(
        str(row["doc_id"]), document_level(row), when if isinstance(when, date) else None
    )


def orient(a: DocumentOrder, b: DocumentOrder) -> tuple[DocumentOrder, DocumentOrder, str]:
    """(source, target, basis): higher level first, then earlier date, else doc_id order."""
    rank_a, rank_b = LEVEL_RANK.get(a.level or ""), LEVEL_RANK.get(b.level or "")
    if rank_a is not None and rank_b is not None and rank_a != rank_b:
        return (a, b, "level") if rank_a < rank_b else (b, a, "level")
    if a.date and b.date and a.date != b.date:
        return (a, b, "date") if a.date < b.date else (b, a, "date")
    return (a, b, "none") if a.doc_id <= b.doc_id else (b, a, "none")


def _minhash(grams: frozenset[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return mh


def candidate_pairs(clauses: list[LinkClause], grams: list[frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of clauses from different documents that LSH finds similar."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for i, g in enumerate(grams):
        if not g:
            continue
        mh = _minhash(g)
        for key in lsh.query(mh):
            j = int(key)
            if clauses[j].doc_id != clauses[i].doc_id:
                pairs.add((j, i))
        lsh.insert(str(i), mh)
    return pairs


def link_clauses(
    clauses: Iterable[LinkClause], documents: Mapping[str, DocumentOrder]
) -> list[ClauseLink]:
    """Every pair of clauses of different documents with Jaccard ≥ LINK_JACCARD, oriented."""
    items = list(clauses)
    grams = [clause_shingles(c.text) for c in items]
    links = []
    for i, j in sorted(candidate_pairs(items, grams)):
        score = jaccard(grams[i], grams[j])
        if score < LINK_JACCARD:
            continue
        a, b = items[i], items[j]
        unknown_a, unknown_b = (
            DocumentOrder(a.doc_id, None, None),
            DocumentOrder(b.doc_id, None, None),
        )
        source, _, basis = orient(
            documents.get(a.doc_id, unknown_a), documents.get(b.doc_id, unknown_b)
        )
        first, second = (a, b) if source.doc_id == a.doc_id else (b, a)
        links.append(
            ClauseLink(
                source_clause_id=first.clause_id,
                target_clause_id=second.clause_id,
                source_doc_id=first.doc_id,
                target_doc_id=second.doc_id,
                jaccard=round(score, 4),
                containment=round(containment(grams[i], grams[j]), 4),
                kind="near_copy" if score >= NEAR_COPY_JACCARD else "adapted",
                basis=basis,
            )
        )
    return sorted(
        links, key=lambda link: (-link.jaccard, link.source_clause_id, link.target_clause_id)
    )


def links_from_rows(
    clause_rows: Iterable[Mapping[str, object]], document_rows: Iterable[Mapping[str, object]]
) -> list[ClauseLink]:
    """Links among the rows of a release's `clauses` and `documents` tables."""
    documents = {str(r["doc_id"]): document_order(r) for r in document_rows}
    clauses = (
        LinkClause(
            str(r["clause_id"]), str(r["doc_id"]), f"{r.get('heading') or ''}{r.get('body') or ''}"
        )
        for r in clause_rows
    )
    return link_clauses(clauses, documents)
