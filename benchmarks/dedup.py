"""Near-duplicate detection at scale: synthetic plans, 5% of them planted near-duplicates.

Usage: python benchmarks/dedup.py [--n 100000] [--chars 7000] [--dup-rate 0.05]
Each plan is ~7,000 characters (~20 KB of UTF-8) drawn from shared template phrases and a large
vocabulary, so distinct plans overlap like plans written from one template. A planted duplicate
is an earlier plan with 3-12% of its sentences dropped, one added, PDF-like line breaks and ASCII
commas. Texts are generated on demand and never held all at once, as dataset.dedup allows.
Prints wall time, plans/s, peak RSS, candidate pairs, and recall/precision on planted pairs.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from healthplans.dataset.dedup import NEAR_DUPLICATE_JACCARD, near_duplicate_pairs

TEMPLATE = [
    "加强基层医疗卫生服务能力建设",
    "完善分级诊疗制度",
    "推进公立医院高质量发展",
    "健全公共卫生应急管理体系",
    "提升中医药服务能力",
    "深化医保支付方式改革",
    "促进医防协同",
    "到2025年每千人口执业(助理)医师数达到",
    "牵头单位:市卫生健康委",
]


def _vocabulary(size: int = 20000) -> list[str]:
    rng = random.Random(0)
    return [
        "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.choice((2, 3, 4))))
        for _ in range(size)
    ]


class SyntheticPlans(Sequence[str]):
    """n plans; the last dup_rate*n are near-duplicates of random earlier originals."""

    def __init__(self, n: int, chars: int, dup_rate: float) -> None:
        self.n, self.chars = n, chars
        self.n_dups = int(n * dup_rate)
        self.n_orig = n - self.n_dups
        rng = random.Random(1)
        self.source = [rng.randrange(self.n_orig) for _ in range(self.n_dups)]
        self.vocab = _vocabulary()

    def __len__(self) -> int:
        return self.n

    def planted(self) -> set[tuple[int, int]]:
        return {(self.source[k], self.n_orig + k) for k in range(self.n_dups)}

    def _sentences(self, i: int) -> list[str]:
        rng = random.Random(i * 7919 + 13)
        out, size = [], 0
        while size < self.chars:
            words = [rng.choice(self.vocab) for _ in range(rng.randrange(4, 12))]
            s = rng.choice(TEMPLATE) + "，" + "".join(words) + "。"
            out.append(s)
            size += len(s)
        return out

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i < self.n_orig:
            return "".join(self._sentences(i))
        k = i - self.n_orig
        rng = random.Random(k)
        sentences = self._sentences(self.source[k])
        # Drop 3-12% of the sentences: Jaccard between about 0.8 and 0.95.
        for _ in range(int(len(sentences) * rng.uniform(0.03, 0.12))):
            sentences.pop(rng.randrange(len(sentences)))
        sentences.insert(rng.randrange(len(sentences)), "本方案自印发之日起施行。")
        return "\n".join(sentences).replace("，", ",")  # PDF-like layout and punctuation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=7000)
    parser.add_argument("--dup-rate", type=float, default=0.05)
    args = parser.parse_args()
    plans = SyntheticPlans(args.n, args.chars, args.dup_rate)
    sample = plans[0]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    found = {(i, j): score for i, j, score in near_duplicate_pairs(plans)}
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    planted = plans.planted()
    hits = planted & found.keys()
    # Two duplicates of one original are a true pair too.
    by_source: dict[int, list[int]] = {}
    for orig, dup in planted:
        by_source.setdefault(orig, []).append(dup)
    implied = {(a, b) for dups in by_source.values() for a in dups for b in dups if a < b}
    false = found.keys() - planted - implied
    print(
        f"plans                 {args.n:,} ({len(sample):,} chars, "
        f"{len(sample.encode()) / 1024:.1f} KB UTF-8 each); planted pairs {len(planted):,}"
    )
    print(
        f"time                  {elapsed:.1f} s  ({args.n / elapsed:,.0f} plans/s, "
        f"includes generating the texts)"
    )
    print(f"peak RSS              {rss / 1024:.0f} MB (before: {rss0 / 1024:.0f} MB)")
    print(f"pairs >= {NEAR_DUPLICATE_JACCARD}         {len(found):,}")
    print(f"recall (planted)      {len(hits) / max(1, len(planted)):.4f}")
    print(f"false pairs           {len(false):,}")
    if hits:
        scores = sorted(found[p] for p in hits)
        print(f"planted jaccard       min {scores[0]:.3f}, median {scores[len(scores) // 2]:.3f}")


if __name__ == "__main__":
    main()
