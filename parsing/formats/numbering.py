"""Word list numbering (numbering.xml): the labels Word draws before numbered paragraphs.

A heading typed as "总体要求" but numbered by Word shows as "一、总体要求"; without the label the
outline parser would not see a heading. Counters run per list and reset deeper levels, as Word
does; bullets and unknown formats give no label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (counts up to 999)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + chinese_number(rest) if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return CN_DIGITS[n // 100] + "百" + tail


def _roman(n: int) -> str:
    values = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in values:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str | None:
    """One level's number in Word's numFmt, or None for bullets and unknown formats."""
    if fmt in ("decimal", "decimalZero", "arabicFullWidth"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt.startswith(
        (
            "chineseCounting",
            "ideographTraditional",
            "ideographDigital",
            "japaneseCounting",
            "taiwaneseCounting",
        )
    ):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return None


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str  # lvlText, e.g. "%1、" or "（%1）"


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → Level
    abstract_of: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    # styleId → ilvl, for the levels a list attaches to a paragraph style (<w:lvl><w:pStyle>)
    style_levels: dict[str, int] = field(default_factory=dict)
    # numId → ilvl → start: a list that restarts a shared definition (<w:startOverride>), applied
    # when the list is first used at that level
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: ET.Element | None) -> Numbering:
        if root is None:
            return cls()
        abstract: dict[str, dict[int, Level]] = {}
        style_levels: dict[str, int] = {}
        for node in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in node.findall(W + "lvl"):
                style = lvl.find(W + "pStyle")
                if style is not None and style.get(W + "val"):
                    style_levels[style.get(W + "val") or ""] = int(lvl.get(W + "ilvl") or 0)
                start = lvl.find(W + "start")
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                levels[int(lvl.get(W + "ilvl") or 0)] = Level(
                    int(start.get(W + "val") or 1) if start is not None else 1,
                    (fmt.get(W + "val") or "") if fmt is not None else "decimal",
                    (text.get(W + "val") or "") if text is not None else "",
                )
            abstract[node.get(W + "abstractNumId") or ""] = levels
        numbering = cls(style_levels=style_levels)
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            key = (ref.get(W + "val") or "") if ref is not None else ""
            num_id = num.get(W + "numId") or ""
            numbering.levels[num_id] = abstract.get(key, {})
            numbering.abstract_of[num_id] = key
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                value = (start.get(W + "val") or "") if start is not None else ""
                if value.isdigit():
                    level = int(override.get(W + "ilvl") or 0)
                    numbering.overrides.setdefault(num_id, {})[level] = int(value)
        return numbering

    def label(self, num_id: str, level: int) -> str:
        """The label of the next paragraph of list `num_id` at `level` ("" when none)."""
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        restart = self.overrides.get(num_id, {}).pop(level, None)
        if restart is not None:
            counters[level] = restart - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k)
            if lvl is None:
                return ""
            return format_number(counters.get(k, lvl.start), lvl.fmt) or ""

        spec = levels[level]
        if format_number(1, spec.fmt) is None:
            return ""
        return re.sub(r"%(\d)", number, spec.text)
