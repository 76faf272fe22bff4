"""Canonical indicators: one id for every way plans word the same measure.

"每千人口执业(助理)医师数达2.9人" and "到2025年全市达到每千人口3.1名执业医师" are the
same indicator, physicians_per_1000, so targets can be compared across regions and years.
The vocabulary is data (parsing/data/indicators.yaml); this module only applies it.

A target maps to an indicator when one of its aliases appears in, in turn: the part of its
quote holding the figure (between 、 , ; 和 及), the target's indicator text, then the whole
quote; its unit is one the indicator accepts; and, for indicators stated per population
(每千人口), the target states that normalizer. Among matching indicators the longest alias
wins, so 中医执业(助理)医师 (tcm_physicians_per_1000) beats 执业(助理)医师 (physicians_per_1000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from healthplans.parsing.model import Target

INDICATORS_FILE = Path(__file__).parent / "data" / "indicators.yaml"
# Separates the parts of an alias that must appear in order: "二级以上公立医院…电子病历".
ALIAS_GAP = "…"
# Where one quantified item of a listing ends: "建设20个以上省级临床重点专科、55个以上市级…".
ITEM_BOUNDARY_RE = re.compile(r"[、,,;;和及与]")


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of the vocabulary."""

    id: str
    name: str
    unit: str
    units: tuple[str, ...]
    per: tuple[str, ...]
    aliases: tuple[tuple[str, ...], ...]  # each alias split at ALIAS_GAP into ordered parts
    group: str


def _compact(text: str | None) -> str:
    """Whitespace removed, full-width parentheses made ASCII (the normalized text's form)."""
    return "".join((text or "").split()).replace("(", "(").replace(")", ")")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Indicator, ...]:
    """The indicators of parsing/data/indicators.yaml, in file order."""
    raw = yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))["indicators"]
    return tuple(
        Indicator(
            id=entry["id"],
            name=entry["name"],
            unit=str(entry["unit"]),
            units=tuple(str(u) for u in entry.get("units", [entry["unit"]])),
            per=tuple(entry.get("per", ())),
            aliases=tuple(tuple(_compact(a).split(ALIAS_GAP)) for a in entry["aliases"]),
            group=entry["group"],
        )
        for entry in raw
    )


def indicator_by_id(indicator_id: str) -> Indicator:
    """The indicator with this id; KeyError when the vocabulary has none."""
    for indicator in vocabulary():
        if indicator.id == indicator_id:
            return indicator
    raise KeyError(indicator_id)


def _alias_in(parts: tuple[str, ...], text: str) -> bool:
    """Whether every part appears in `text`, in order."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _figure_item(quote: str, value: float, before: str) -> str | None:
    """The item of a listing that holds the figure: "55个以上市级临床重点专科".

    The parser's indicator text is often the text just before the figure ("3个省级重点专科和"
    for the second 3 of "3个省级重点专科和3个县级重点专科"), so the figure is looked for after it.
    """
    figure = str(int(value)) if float(value).is_integer() else str(value)
    after = quote.find(before) if before else -1
    position = quote.find(figure, after + len(before) if after >= 0 else 0)
    if position < 0:
        position = quote.find(figure)
    if position < 0:
        return None
    starts = [m.end() for m in ITEM_BOUNDARY_RE.finditer(quote, 0, position)]
    end = ITEM_BOUNDARY_RE.search(quote, position + len(figure))
    return quote[starts[-1] if starts else 0 : end.start() if end else len(quote)]


def _states_per(indicator: Indicator, target: Target, text: str) -> bool:
    if not indicator.per:
        return True
    return target.per in indicator.per or any(p in text for p in indicator.per)


def _best(target: Target, text: str) -> str | None:
    """Id of the indicator with the longest alias found in `text`, among compatible ones."""
    best: tuple[int, str] | None = None
    for indicator in vocabulary():
        if target.unit not in indicator.units:
            continue
        for parts in indicator.aliases:
            length = sum(map(len, parts))
            if (
                (best is None or length > best[0])
                and _alias_in(parts, text)
                and _states_per(indicator, target, text + _compact(target.quote))
            ):
                best = (length, indicator.id)
    return best[1] if best else None


def match_indicator(target: Target) -> str | None:
    """The canonical indicator id of a target, or None when no indicator fits."""
    quote, indicator = _compact(target.quote), _compact(target.indicator)
    for text in (_figure_item(quote, target.value, indicator), indicator, quote):
        if text:
            found = _best(target, text)
            if found:
                return found
    return None
