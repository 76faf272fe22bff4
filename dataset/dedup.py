"""Merge copies of one plan found on several sites into one document.

Which copies are one plan. Two copies are merged when
1. their natural keys agree (region + 文号, else region + title + issue date; see dataset.ids), or
2. their normalized (Simplified) texts are near-duplicates: Jaccard similarity of character
   5-gram sets, whitespace and punctuation removed (so HTML vs PDF layout and full/half-width
   punctuation do not count), of at least NEAR_DUPLICATE_JACCARD. MinHash-LSH (datasketch
   banding over one-permutation MinHash signatures) proposes candidate pairs without comparing
   all pairs; the exact Jaccard of the two 5-gram
   sets (as 64-bit hashes) confirms each candidate. The LSH bands are tuned for recall, since
   the exact check removes the false positives.
Merging is transitive (union-find), with one guard: a near-duplicate text never merges two
groups that carry different 文号. Counties often repost a city's plan nearly verbatim under
their own 文号; those are separate plans. The same 文号 with changed text is the same plan in a
new version (healthplans.dataset.versions), never a second document.

Which id a merged plan gets. Ids are for life: when any copy was published before (the previous
release's `sources`), the plan keeps the id most of its previously published copies had.
Otherwise it takes a 文号-based natural key when any copy has one (the most stable key), from
the best-ranked such copy, else the canonical copy's title-based key.

Which copy is canonical (whose text is published in `documents`), in order: an official portal
over an aggregator; fewer unrecovered encoding defects; a Simplified original over a Traditional
one; an HTML page over a PDF (PDF extraction loses layout); the latest text (the most recently
first-seen content version, so a revision posted next to the old page wins); the earliest
first_seen URL; then the URL, so the choice is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from healthplans.dataset.ids import doc_id, normalize_doc_number, version_id
from healthplans.parsing.model import ParsedDocument
from healthplans.parsing.resolve import Resolved
from healthplans.records import FetchedCopy

SHINGLE = 5
NUM_PERM = 128
# Copies of one plan score 0.9+ after normalization; plans built from one template score ~0.2.
NEAR_DUPLICATE_JACCARD = 0.8
# 20 bands of 6 rows: a pair at Jaccard 0.8 becomes a candidate with probability 0.998, one at
# 0.5 with 0.27 and one at 0.2 with 0.001. datasketch's balanced choice for 0.8 (9 x 13) finds
# only 69% of pairs at 0.85; recall matters more here because the exact check follows.
LSH_BANDS = (20, 6)

_SEED = 20261125
_BIN_SHIFT = np.uint64(64 - 7)  # NUM_PERM = 2**7 bins
_BINS_INT = np.arange(NUM_PERM)
_BINS = _BINS_INT.astype(np.uint64)
_BIN_STARTS = _BINS << _BIN_SHIFT
_POLY = np.uint64(0x100000001B3)  # FNV-1a 64 prime: the rolling-hash base
# Whitespace and punctuation removed before shingling; sample: "，、。；：（）《》…—·" and ASCII.
_PUNCTUATION = " \t\r\n\u3000\xa0，、。；：？！“”‘’（）《》〈〉【】〔〕「」『』…—－·．"
_IGNORED = np.array(
    sorted({ord(c) for c in _PUNCTUATION} | {c for c in range(0x21, 0x7F) if not chr(c).isalnum()}),
    dtype=np.uint32,
)


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character 5-grams of `text` (see module docstring)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cps = cps[~np.isin(cps, _IGNORED)].astype(np.uint64)
    n = len(cps) - SHINGLE + 1
    if n <= 0:
        return np.unique(cps[:1] + np.uint64(1)) if len(cps) else np.empty(0, np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # polynomial hash of each window, wrapping mod 2**64
        h = h * _POLY + cps[k : k + n]
    # splitmix64 finalizer: spreads the bits so the min-hash of each permutation is uniform.
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return np.unique(h)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM uint64 values) of a sorted shingle-hash set.

    One-permutation hashing: the top 7 bits of a (well mixed) hash pick one of 128 bins and the
    signature holds each bin's smallest hash, which in a sorted array is the first one in the bin,
    so one pass replaces 128 hash functions (0.05 ms instead of 8 ms for a 20 KB plan). An empty
    bin, which only short texts have, borrows the next non-empty bin's value shifted by the
    distance ("rotation" densification), so two texts still agree on it exactly when they agree
    on the bin it borrows from.
    """
    if len(hashes) == 0:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    first = np.searchsorted(hashes, _BIN_STARTS)
    value = hashes[np.minimum(first, len(hashes) - 1)]
    filled = (first < len(hashes)) & ((value >> _BIN_SHIFT) == _BINS)
    if filled.all():
        return value
    # For each bin, the nearest filled bin at or after it, wrapping around.
    order = np.flatnonzero(filled)
    nxt = order[np.searchsorted(order, _BINS_INT) % len(order)]
    distance = ((nxt - _BINS_INT) % NUM_PERM).astype(np.uint64)
    return value[nxt] + distance * np.uint64(0x9E3779B97F4A7C15)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD
) -> Iterator[tuple[int, int, float]]:
    """(i, j, jaccard) for every pair of texts at or above `threshold`, i < j.

    Memory is one signature per text (1 KB) plus the LSH index: texts are read once to sign and
    again only for candidate pairs, so `texts` may be a lazy sequence over texts on disk.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=LSH_BANDS)
    candidates: list[tuple[int, int]] = []
    for i in range(len(texts)):
        hashes = shingle_hashes(texts[i])
        if len(hashes) == 0:
            continue
        mh = LeanMinHash(seed=_SEED, hashvalues=signature(hashes), scheme="affine64")
        candidates.extend((int(j), i) for j in lsh.query(mh))
        lsh.insert(i, mh)
    cache: dict[int, np.ndarray] = {}
    for i, j in sorted(candidates):
        if i not in cache:
            cache.clear()  # pairs are sorted by i, so one text is re-read per distinct i
            cache[i] = shingle_hashes(texts[i])
        score = jaccard(cache[i], shingle_hashes(texts[j]))
        if score >= threshold:
            yield i, j, score


@dataclass(frozen=True)
class ParsedCopy:
    """One fetched copy together with what the parser made of it and what that refers to."""

    copy: FetchedCopy
    parsed: ParsedDocument
    resolved: Resolved

    @property
    def natural_id(self) -> str:
        m = self.parsed.meta
        return doc_id(m.region_code, m.doc_number, m.title, m.issue_date)

    @property
    def doc_number(self) -> str | None:
        number = self.parsed.meta.doc_number
        return normalize_doc_number(number) if number else None

    @cached_property
    def version_id(self) -> str:
        return version_id(self.parsed.normalized.text)


@dataclass(frozen=True)
class Plan:
    """A deduplicated plan: its id, the copy its text comes from, and every copy."""

    doc_id: str
    canonical: ParsedCopy
    copies: tuple[ParsedCopy, ...]


class _Groups:
    """Union-find whose groups remember their 文号, to refuse merging different ones."""

    def __init__(self, numbers: Sequence[str | None]) -> None:
        self.parent = list(range(len(numbers)))
        self.numbers = [{n} if n else set() for n in numbers]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, guarded: bool = False) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if (
            guarded
            and self.numbers[a]
            and self.numbers[b]
            and self.numbers[a].isdisjoint(self.numbers[b])
        ):
            return False
        self.parent[a] = b
        self.numbers[b] |= self.numbers[a]
        return True


def canonical_rank(pc: ParsedCopy, newest_text: Mapping[str, str] | None = None) -> tuple:
    """Sort key: the smallest is the canonical copy (see module docstring)."""
    n = pc.parsed.normalized
    text_first_seen = (newest_text or {}).get(pc.version_id, pc.copy.first_seen)
    return (
        not pc.copy.official,
        len(n.mojibake_unrecovered),
        n.script != "simplified",
        pc.copy.format != "html",
        _descending(text_first_seen),
        pc.copy.first_seen,
        pc.copy.url,
    )


def _descending(iso: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in iso)


def _group_id(members: list[ParsedCopy], previous: Mapping[str, str]) -> str:
    """Id of a group sorted canonical-first (see module docstring)."""
    earlier = Counter(previous[m.copy.url] for m in members if m.copy.url in previous)
    if earlier:
        return min(earlier.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    numbered = [m for m in members if m.doc_number]
    return (numbered[0] if numbered else members[0]).natural_id


def merge_copies(
    copies: Sequence[ParsedCopy], previous: Mapping[str, str] | None = None
) -> list[Plan]:
    """Group copies into plans (see module docstring for the rules).

    `previous` maps source URLs to the doc_id they were published under in the previous release.
    """
    previous = previous or {}
    groups = _Groups([pc.doc_number for pc in copies])
    by_id: dict[str, int] = {}
    for i, pc in enumerate(copies):
        by_id.setdefault(pc.natural_id, i)
        groups.union(i, by_id[pc.natural_id])
    texts = [pc.parsed.normalized.text for pc in copies]
    for i, j, _ in near_duplicate_pairs(texts):
        groups.union(i, j, guarded=True)
    members_of: dict[int, list[ParsedCopy]] = defaultdict(list)
    for i, pc in enumerate(copies):
        members_of[groups.find(i)].append(pc)
    plans: dict[str, Plan] = {}
    fallback: list[list[ParsedCopy]] = []
    for members in members_of.values():
        # A content version is as new as its earliest-seen copy; the newest version wins ties.
        seen: dict[str, str] = {}
        for m in members:
            seen[m.version_id] = min(seen.get(m.version_id, m.copy.first_seen), m.copy.first_seen)
        members.sort(key=lambda m: canonical_rank(m, seen))
        gid = _group_id(members, previous)
        if gid in plans:
            # A group split off one that was published under this id: the larger keeps it.
            other = plans[gid]
            if len(other.copies) >= len(members):
                fallback.append(members)
                continue
            fallback.append(list(other.copies))
        plans[gid] = Plan(gid, members[0], tuple(members))
    for members in fallback:
        gid = _group_id(members, {})
        while gid in plans:  # two split-off groups with one natural key: disambiguate stably
            gid = doc_id(None, None, members[0].copy.url, gid)
        plans[gid] = Plan(gid, members[0], tuple(members))
    return sorted(plans.values(), key=lambda p: p.doc_id)
