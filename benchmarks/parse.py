"""Parser throughput on one core: the seed plans parsed over and over.

Usage: python benchmarks/parse.py [--rounds N] [--repeat K] [--cpu C]

Method: the process pins itself to one CPU (--cpu, default 0; the same as running it under
`taskset -c 0`). Every seed is parsed once to warm the caches that live for a whole run (OpenCC,
compiled regexes, the bigram model, the division table), then timed in K batches of N parses
by the process's CPU time (time.process_time, so time spent waiting for a shared core does not
count); the best batch counts (best of K), which filters out cache and frequency noise.

Reported:
- ms/doc of normalize() alone and of parse_document() (normalize, metadata, outline, targets,
  agencies) for each seed, with its size in KB (UTF-8 bytes of the raw text);
- the throughput for a 25 KB plan: each seed's ms/doc scaled to 25 KB by its size, averaged over
  the seeds, as documents/s (the acceptance bar is 300 docs/s);
- peak memory: the largest Python heap growth during one parse of a seed (tracemalloc, after
  warm-up) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from healthplans.parsing import parse_document
from healthplans.parsing.normalize import normalize

SEEDS = Path(__file__).resolve().parents[1] / "mirror" / "seeds"
REFERENCE_KB = 25.0


def _best_ms(func: Callable[[str], Any], text: str, rounds: int, repeat: int) -> float:
    """CPU milliseconds per call of func(text): the best of `repeat` batches of `rounds` calls."""
    func(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(rounds):
            func(text)
        best = min(best, (time.process_time() - start) / rounds)
    return 1000 * best


def _peak_heap(text: str) -> int:
    """Peak Python heap growth, in bytes, while parsing `text` once."""
    parse_document(text)
    tracemalloc.start()
    parse_document(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="parses per timed batch")
    parser.add_argument("--repeat", type=int, default=7, help="batches; the best one counts")
    parser.add_argument("--cpu", type=int, default=0, help="CPU to pin to; -1 to not pin")
    args = parser.parse_args()
    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    paths = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    print(
        f"{len(texts)} seed documents, best of {args.repeat} batches of {args.rounds}, "
        f"pinned to CPU {args.cpu if args.cpu >= 0 else 'none'}"
    )
    print(f"{'seed':<28}{'KB':>6}{'normalize':>11}{'parse':>9}{'parse@25KB':>12}{'heap KiB':>10}")
    scaled: list[float] = []
    for path, text in zip(paths, texts, strict=True):
        size = len(text.encode("utf-8")) / 1024
        norm_ms = _best_ms(normalize, text, args.rounds, args.repeat)
        parse_ms = _best_ms(parse_document, text, args.rounds, args.repeat)
        scaled.append(parse_ms * REFERENCE_KB / size)
        heap = _peak_heap(text) / 1024
        print(
            f"{path.name:<28}{size:>6.1f}{norm_ms:>8.2f} ms{parse_ms:>6.2f} ms"
            f"{scaled[-1]:>9.2f} ms{heap:>10.0f}"
        )
    mean = sum(scaled) / len(scaled)
    print(f"25 KB plan: {mean:.2f} ms/doc = {1000 / mean:.0f} docs/s on one core")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
