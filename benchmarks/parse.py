"""Parser throughput on one core: the seed plans parsed over and over.

Usage: python benchmarks/parse.py [--rounds N]
Prints documents/s and ms/document for normalize() alone and for parse_document() (normalize,
metadata, outline, plus targets and agencies when those extractors are present), then the peak
Python heap of one parse (tracemalloc) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parsing import parse_document
from parsing.normalize import normalize

SEEDS = Path(__file__).resolve().parents[1] / "mirror" / "seeds"


def _throughput(func: Callable[[str], Any], texts: list[str], rounds: int) -> tuple[float, float]:
    for text in texts:  # warm caches (OpenCC, regexes, the bigram model) outside the timing
        func(text)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            func(text)
    elapsed = time.perf_counter() - start
    count = rounds * len(texts)
    return count / elapsed, 1000 * elapsed / count


def _peak_heap(texts: list[str]) -> int:
    tracemalloc.start()
    for text in texts:
        parse_document(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts) / len(texts) / 1024
    print(f"{len(texts)} seed documents, mean {size:.1f} KB, {args.rounds} rounds")
    for name, func in (("normalize", normalize), ("parse_document", parse_document)):
        docs_per_s, ms = _throughput(func, texts, args.rounds)
        print(f"{name:<15} {docs_per_s:8.1f} docs/s  {ms:6.2f} ms/doc")
    for path, text in zip(sorted(SEEDS.glob("*.txt")), texts, strict=True):
        _, ms = _throughput(parse_document, [text], max(1, args.rounds // 5))
        print(f"  {path.name:<28} {ms:6.2f} ms/doc")
    print(f"peak Python heap for one pass over the seeds: {_peak_heap(texts) / 2**20:.1f} MiB")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
