"""Merge copies of one plan found on several sites into one document.

Two copies are the same plan when their stable ids agree (region + 文号, see dataset.ids) or when
their normalized texts are near-duplicates: MinHash-LSH over character 5-grams finds candidate
pairs without comparing all pairs, and the exact Jaccard similarity confirms them.

The canonical copy, whose text is published, is chosen by, in order: an official portal over an
aggregator; fewer unrecovered encoding defects; a Simplified original over a Traditional one; an
HTML page over a PDF; the earliest first_seen; then the URL, so the choice is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from dataset.ids import doc_id
from parsing.model import ParsedDocument
from scrapers.crawl import FetchedCopy

SHINGLE = 5
NUM_PERM = 128
# Copies of one plan score 0.9+ after normalization; plans built from one template score ~0.2.
NEAR_DUPLICATE_JACCARD = 0.8


@dataclass(frozen=True)
class ParsedCopy:
    """One fetched copy together with what the parser made of it."""

    copy: FetchedCopy
    parsed: ParsedDocument

    @property
    def natural_id(self) -> str:
        m = self.parsed.meta
        return doc_id(m.region_code, m.doc_number, m.title, m.issue_date)


@dataclass(frozen=True)
class Plan:
    """A deduplicated plan: its id, the copy its text comes from, and every copy."""

    doc_id: str
    canonical: ParsedCopy
    copies: tuple[ParsedCopy, ...]


def shingles(text: str) -> set[str]:
    compact = "".join(text.split())
    return {compact[i : i + SHINGLE] for i in range(max(0, len(compact) - SHINGLE + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _minhash(grams: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([g.encode("utf-8") for g in grams])
    return mh


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def canonical_rank(pc: ParsedCopy) -> tuple:
    """Sort key: the smallest is the canonical copy (see module docstring)."""
    n = pc.parsed.normalized
    return (
        not pc.copy.official,
        len(n.mojibake_unrecovered),
        n.script != "simplified",
        pc.copy.format != "html",
        pc.copy.first_seen,
        pc.copy.url,
    )


def merge_copies(copies: Sequence[ParsedCopy]) -> list[Plan]:
    """Group copies into plans; ids come from the canonical copy's natural key."""
    uf = _UnionFind(len(copies))
    by_id: dict[str, int] = {}
    for i, pc in enumerate(copies):
        key = pc.natural_id
        if key in by_id:
            uf.union(i, by_id[key])
        else:
            by_id[key] = i
    grams = [shingles(pc.parsed.normalized.text) for pc in copies]
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERM)
    for i, g in enumerate(grams):
        if not g:
            continue
        mh = _minhash(g)
        for j in lsh.query(mh):
            if jaccard(g, grams[int(j)]) >= NEAR_DUPLICATE_JACCARD:
                uf.union(i, int(j))
        lsh.insert(str(i), mh)
    groups: dict[int, list[ParsedCopy]] = defaultdict(list)
    for i, pc in enumerate(copies):
        groups[uf.find(i)].append(pc)
    plans = []
    for members in groups.values():
        members.sort(key=canonical_rank)
        plans.append(Plan(members[0].natural_id, members[0], tuple(members)))
    return sorted(plans, key=lambda p: p.doc_id)
