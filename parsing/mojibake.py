"""Repair of GBK text that lost a lead byte and was then decoded out of step.

Some portal pages were produced from GBK bytes in which one lead byte went missing. The decoder
then paired every following byte with the wrong neighbour, producing private-use characters,
box-drawing characters and wrong but common hanzi until it met a trail byte in the ASCII range
0x40-0x7E, where the pairing lines up again. The missing byte shows as "?". Later NFKC turned the
full-width punctuation that the out-of-step decoder produced (；？（）) into ASCII.

Repair: for each "?" that starts a damaged run, re-encode the run as GBK (after turning that
ASCII punctuation back into full-width), prepend each possible lead byte 0x81-0xFE, decode again
and keep the candidate a character-bigram model likes best. This must run before NFKC and
Traditional-to-Simplified conversion, which would destroy the byte structure.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import opencc

logger = logging.getLogger(__name__)

# Characters a correct GBK decode of Chinese prose does not produce: private-use area, box
# drawing, Cyrillic, Greek and kana. Sample hits: "\ue2ae", "┩", "Ц".
_ALIEN = r"\ue000-\uf8ff\u2500-\u257f\u0400-\u04ff\u0370-\u03ff\u3040-\u30ff"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"

# One hit of the damage signature. Samples: "\ue2ae"; "醫?" ("?" next to CJK); "漆t(" (lone
# ASCII letter between CJK and CJK or "("); "ǘ" outside parentheses (a tone vowel not in pinyin).
SIGNATURE = re.compile(
    # Every hit is one character, consumed first: a pattern that starts with a character class
    # lets the engine skip to candidates at C speed (a leading look-ahead or look-behind does
    # not), and the look-behinds below then check the hit from its end.
    rf"[{_ALIEN}?A-Za-z\\ǖǘǚǜ](?:(?<=[{_ALIEN}])"
    rf"|(?<=\?)(?=[{_CJK}\u3000-\u303f\uff00-\uffef;])|(?<=[{_CJK}]\?)"
    rf"|(?<=[{_CJK}{_ALIEN}][A-Za-z\\])(?=[{_CJK}(])"
    r"|(?<=[ǖǘǚǜ])(?<![(a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][ǖǘǚǜ]))"
)
# A line needs this many signature hits to be treated as damaged; one hit alone is too often a
# legitimate "?" or a Latin abbreviation.
MIN_HITS = 2

# Where the decoder falls back into step: an ASCII trail byte (0x40-0x7E, sample "鸨O") or an
# invalid pair shown as "?" (sample "稑?") right after a non-Latin, non-ASCII character.
_RESYNC = re.compile(r"(?<=[^\x00-\x7f\u00c0-\u024f])[@-~?]")
# A damaged run is short; the longest seen spans about 20 characters.
_MAX_RUN = 40

# NFKC turned these full-width characters into ASCII after the damage; undo it to get the bytes.
_TO_FULLWIDTH = str.maketrans({";": "；", "?": "？", "(": "（", ")": "）", ":": "：", ",": "，"})
_LEAD_BYTES = range(0x81, 0xFF)
_TONES_JUNK = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PAIR_WEIGHT = 0.7
# A decode containing these is still out of step.
_UNCLEAN = re.compile(rf"[{_ALIEN}?\x00-\x1f]")
# What may sit between the "?" and the start of the run: ASCII punctuation and pinyin letters.
_JUNK = frozenset("?;,:()abcdefghijklmnopqrstuvwxyz" + _TONES_JUNK)


# Candidate first characters of a repaired run: (as decoded, as the model reads it).
_Firsts = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RepairResult:
    text: str
    repaired: int
    unrecovered: tuple[str, ...]


class BigramModel:
    """Interpolated character-bigram model over simplified, NFKC-normalized text."""

    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int]) -> None:
        total = sum(unigrams.values()) or 1
        denominator = total + 0.1 * (len(unigrams) + 1)
        # Both probabilities are precomputed: ranking a repair scores thousands of pairs.
        self._p_uni = {char: (count + 0.1) / denominator for char, count in unigrams.items()}
        self._p_unseen = 0.1 / denominator
        self._p_pair = {
            pair: count / unigrams[pair[0]]
            for pair, count in bigrams.items()
            if unigrams.get(pair[0])
        }
        self._known = frozenset(unigrams).union(*self._p_pair)
        # Log-probabilities precomputed with the very expression _log_p evaluates, so scores are
        # bit-identical: one for every counted pair, and one per character for pairs never seen
        # (p_pair = 0).
        self._log_pair = {
            pair: self._log_p(pair[0], pair[1]) for pair in self._p_pair if len(pair) == 2
        }
        self._log_single = {char: self._log_p("", char) for char in self._p_uni}
        self._log_unseen = self._log_p("", "")

    def knows(self, char: str) -> bool:
        """Whether the model has counts for `char`; all unknown characters score alike."""
        return char in self._known

    def _log_p(self, prev: str, char: str) -> float:
        p_uni = self._p_uni.get(char, self._p_unseen)
        p_pair = self._p_pair.get(prev + char, 0.0)
        # Linear interpolation rather than count-weighted back-off: with a small corpus a frequent
        # left neighbour such as "(" must not drown out a strong right-hand pair like "专科".
        return math.log(_PAIR_WEIGHT * p_pair + (1 - _PAIR_WEIGHT) * p_uni)

    def score(self, text: str) -> float:
        pair, single, unseen = self._log_pair.get, self._log_single.get, self._log_unseen
        return sum(pair(a + b, single(b, unseen)) for a, b in itertools.pairwise(text))

    def scores_between(self, before: str, middles: list[str], after: str) -> list[float]:
        """score(before + middle + after) for every middle, equal to the last bit.

        With one character on each side and in the middle the score is two terms, added here as
        sum() adds them (0 + x + y); ranking a repair scores about a hundred middles at a time.
        """
        if len(before) != 1 or len(after) != 1:
            return [self.score(before + middle + after) for middle in middles]
        pair, single, unseen = self._log_pair.get, self._log_single.get, self._log_unseen
        after_single = single(after, unseen)
        return [
            pair(before + middle, single(middle, unseen)) + pair(middle + after, after_single)
            if len(middle) == 1
            else self.score(before + middle + after)
            for middle in middles
        ]


@lru_cache(maxsize=1)
def bigram_model() -> BigramModel:
    """Load the vendored counts (parsing/data/hanzi_bigrams.tsv; provenance in its first line)."""
    unigrams: dict[str, int] = {}
    bigrams: dict[str, int] = {}
    path = resources.files("healthplans.parsing") / "data" / "hanzi_bigrams.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")[1:]
    for line in lines:
        key, _, count = line.rpartition("\t")
        if not key:
            continue
        (unigrams if len(key) == 1 else bigrams)[key] = int(count)
    return BigramModel(unigrams, bigrams)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def _canon(text: str) -> str:
    """Map text to the form the model was counted on: simplified, NFKC, one space for blanks."""
    simple = unicodedata.normalize("NFKC", _t2s().convert(text))
    return "".join(" " if c.isspace() else c for c in simple)


def is_damaged(line: str) -> bool:
    hits = SIGNATURE.finditer(line)
    return sum(1 for _, _ in zip(range(MIN_HITS), hits, strict=False)) >= MIN_HITS


def _decode_candidates(run: str, truncated: bool) -> tuple[_Firsts, str] | None:
    """Clean decodes of `run` with one lead byte put back in front: (first chars, shared tail).

    Prepending lead byte L to bytes b0 b1 b2 … pairs them as (L b0)(b1 b2)…, so every candidate
    shares the tail decoded from b1 onwards and differs only in its first character.
    """
    try:
        # gb18030 (unlike gbk) maps the private-use characters back to their user-defined bytes.
        raw = run.translate(_TO_FULLWIDTH).encode("gb18030")
    except UnicodeEncodeError:
        return None
    rest = raw[1:]
    if truncated and len(rest) % 2:
        # The last lead byte's partner was swallowed into the "?"; drop the orphan.
        rest = rest[:-1]
    try:
        tail = rest.decode("gbk")
    except UnicodeDecodeError:
        return None
    if _UNCLEAN.search(tail):
        return None
    firsts = _first_characters(raw[0])
    return (firsts, tail) if firsts else None


@lru_cache(maxsize=256)
def _first_characters(trail: int) -> _Firsts:
    """(character, canonical form) of every clean GBK decode of a lead byte followed by `trail`.

    Depends on the byte only, so the 126 trial decodes are done once per byte value. Characters
    the model has no counts for all get the same score, and the first of equal scores wins the
    ranking, so only the first such character is kept.
    """
    model = bigram_model()
    found = []
    unknown_kept = False
    for lead in _LEAD_BYTES:
        try:
            char = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if _UNCLEAN.search(char):
            continue
        canon = _canon(char)
        if len(canon) == 1 and not model.knows(canon):
            if unknown_kept:
                continue
            unknown_kept = True
        found.append((char, canon))
    return tuple(found)


def _best_repair(line: str, start: int, end: int, truncated: bool) -> tuple[str, int] | None:
    """Best replacement for line[start:end] (start at "?") and how many junk chars it dropped."""
    model = bigram_model()
    before = _canon(line[start - 1]) if start else " "
    after = _canon(line[end]) if end < len(line) else " "
    run_end = end - 1 if truncated else end
    best: tuple[float, str, int] | None = None
    for skip in range(1, run_end - start):
        # ASCII junk (e.g. a pinyin fragment "qū)") may sit between the "?" and the run.
        if skip > 1 and line[start + skip - 1] not in _JUNK:
            continue
        found = _decode_candidates(line[start + skip : run_end], truncated)
        if found is None:
            continue
        firsts, tail = found
        tail_canon = _canon(tail)
        tail_score = model.score(tail_canon + after)
        length = len(tail_canon) + 3
        penalty = 0.5 * (skip - 1)
        heads = model.scores_between(before, [canon for _, canon in firsts], tail_canon[:1])
        for (first, _), head_score in zip(firsts, heads, strict=True):
            value = (head_score + tail_score) / length - penalty
            if best is None or value > best[0]:
                best = (value, first + tail, skip)
    if best is None:
        return None
    return best[1], best[2]


def _repair_line(line: str) -> tuple[str, int, bool]:
    """Repair every damaged run in one line; returns (line, runs repaired, fully recovered)."""
    repaired = 0
    complete = True
    pos = 0
    while True:
        start = line.find("?", pos)
        if start < 0:
            break
        resync = _RESYNC.search(line, start + 1, min(len(line), start + _MAX_RUN))
        if resync is None:
            pos = start + 1
            continue
        truncated = resync.group() == "?"
        end = resync.end()
        found = _best_repair(line, start, end, truncated)
        if found is None:
            pos = start + 1
            continue
        fixed = found[0] + ("?" if truncated else "")
        complete = complete and not truncated
        line = line[:start] + fixed + line[end:]
        repaired += 1
        pos = start + len(fixed)
    return line, repaired, complete


def _damaged_lines(text: str) -> list[int]:
    """Indexes of the lines with at least MIN_HITS signature hits, from one scan of the text.

    No part of the signature matches a newline, so a hit never spans two lines and a scan of the
    whole text finds exactly the hits of a scan line by line, at a fraction of the calls.
    """
    hits: Counter[int] = Counter()
    line_starts = [0]
    position = text.find("\n")
    while position >= 0:
        line_starts.append(position + 1)
        position = text.find("\n", position + 1)
    for match in SIGNATURE.finditer(text):
        hits[bisect_right(line_starts, match.start()) - 1] += 1
    return sorted(line for line, count in hits.items() if count >= MIN_HITS)


def repair(text: str) -> RepairResult:
    """Repair lost-lead-byte GBK damage line by line; report lines still damaged afterwards."""
    if "?" not in text:
        return RepairResult(text, 0, ())
    lines = text.split("\n")
    repaired = 0
    unrecovered: list[str] = []
    for i in _damaged_lines(text):
        line = lines[i]
        fixed, count, complete = _repair_line(line)
        lines[i] = fixed
        repaired += count
        if not complete or is_damaged(fixed):
            unrecovered.append(fixed.strip())
    if repaired:
        logger.debug("repaired %d mojibake runs", repaired)
    return RepairResult("\n".join(lines), repaired, tuple(unrecovered))
