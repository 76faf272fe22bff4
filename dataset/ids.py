"""Stable identifiers: hashes of natural keys, so the same thing gets the same id in every release."""

from __future__ import annotations

import hashlib
import re

# 〔2024〕 [2024] (2024) ［2024］ all name the same 文号
BRACKETS = re.compile(r"[\[［(（〔【]\s*(\d{4})\s*[\]］)）〕】]")


def _digest(*parts: str | None, length: int = 16) -> str:
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def normalize_doc_number(doc_number: str) -> str:
    """文号 in one spelling: brackets as 〔〕, no spaces."""
    return BRACKETS.sub(r"〔\1〕", "".join(doc_number.split()))


def doc_id(
    region_code: str | None, doc_number: str | None, title: str | None, issue_date: str | None
) -> str:
    """A plan's id: region + 文号 when it has one, else region + title + issue date.

    Independent of the site the plan was found on and of its script, so copies share it.
    """
    if doc_number:
        return "doc_" + _digest("num", region_code, normalize_doc_number(doc_number))
    compact_title = "".join((title or "").split())
    return "doc_" + _digest("title", region_code, compact_title, issue_date)


def version_id(normalized_text: str) -> str:
    """Content version of a plan: changes exactly when its normalized text changes."""
    return "v_" + hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()[:16]


def clause_id(doc: str, path: str) -> str:
    return "cl_" + _digest(doc, path)


def target_id(doc: str, path: str | None, quote: str, indicator: str, value: float) -> str:
    return "tg_" + _digest(doc, path, quote, indicator, repr(value))
