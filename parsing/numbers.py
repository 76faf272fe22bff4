"""Numeral parsing for quantified targets: Arabic and Chinese numerals, 万/亿 multipliers.

Only spans already matched by a regex reach these functions; cn2an is never run over free text
because its transform() rewrites words such as 一体化 (see docs on cn2an in the reference notes).
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# Digits of a Chinese numeral; 两 counts (两个 = 2), 〇/零 appear inside numbers such as 一百零五.
CN_DIGITS = "零〇一二两三四五六七八九十百千"

# One numeral as plans write it: "2.9", "1,000", "0.8万", "二十" (百分之六十 is matched apart).
NUMBER_PATTERN = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)(?:万|亿)?"
NUMBER_RE = re.compile(NUMBER_PATTERN)

# A Chinese numeral with no Arabic digit: "二十六", "两".
CHINESE_NUMERAL_RE = re.compile(rf"[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?")

_MULTIPLIERS = {"万": 10_000.0, "亿": 100_000_000.0}


@lru_cache(maxsize=4096)
def parse_number(span: str) -> float | None:
    """Value of one numeral span ("2.9", "1,000", "0.8万", "二十", "两"); None when not a number."""
    span = span.strip()
    if not span:
        return None
    factor = 1.0
    if span[-1] in _MULTIPLIERS:
        factor = _MULTIPLIERS[span[-1]]
        span = span[:-1]
        if not span:
            return None
    digits = span.replace(",", "")
    try:
        return float(digits) * factor
    except ValueError:
        pass
    if not CHINESE_NUMERAL_RE.fullmatch(span):
        return None
    try:
        # "smart" mode accepts the colloquial forms plans use (两, 十二, 一百零五).
        return float(cn2an.cn2an(span.replace("〇", "零"), "smart")) * factor
    except (ValueError, KeyError):
        # cn2an raises KeyError, not ValueError, on malformed numerals such as 十十一.
        return None


def is_chinese_numeral(span: str) -> bool:
    """True when the span is written in Chinese numerals only (二十, 两), not Arabic digits."""
    return not any(ch.isdigit() for ch in span)


def clean_value(value: float) -> float:
    """Round float noise from multipliers (0.8 * 10000 = 8000.000000000001)."""
    return round(value, 6)
