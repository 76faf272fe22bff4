"""Stable identifiers: hashes of natural keys, so the same thing gets the same id in every release.

A plan's natural key is region + 文号 when it has one (a 文号 is unique within its issuer), else
region + title + issue date. Both are normalized first so that copies of one plan agree however
a site spelled them: NFKC (full-width digits and brackets), Traditional → Simplified, every
bracket around the year as 〔〕, no whitespace, no leading zeros in the serial ("05号" = "5号"),
and for titles no punctuation or 《》 quotes. The key never includes the site, URL or format.

dataset.dedup keeps an id for life once published: a plan whose copies were published under an
id keeps it even if a later parse reads its key differently (see `merge_copies`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from healthplans.parsing.normalize import to_simplified

# 〔2024〕 [2024] (2024) ［2024］ 【2024】 all name the same 文号; NFKC has already made the
# full-width forms half-width.
BRACKETS = re.compile(r"[\[(〔【]\s*(\d{4})\s*[\])〕】]")
# "5号" and "05号" are one serial number; sample: 亳政办〔2024〕05号 → 亳政办〔2024〕5号.
SERIAL_ZEROS = re.compile(r"(?<=〕)0+(?=\d)")


def digest(*parts: str | None, length: int = 16) -> str:
    """Short hex id of the parts (None as empty): the hash behind every id of the dataset."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text))


def normalize_doc_number(doc_number: str) -> str:
    """文号 in one spelling: Simplified, brackets as 〔〕, no spaces, no leading zeros."""
    folded = "".join(_fold(doc_number).split())
    return SERIAL_ZEROS.sub("", BRACKETS.sub(r"〔\1〕", folded))


def normalize_title(title: str) -> str:
    """Title in one spelling: Simplified, no whitespace, punctuation or symbols."""
    folded = _fold(title)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PSZC")


def doc_id(
    region_code: str | None, doc_number: str | None, title: str | None, issue_date: str | None
) -> str:
    """A plan's id: region + 文号 when it has one, else region + title + issue date.

    Independent of the site the plan was found on, its format and its script, so copies share it.
    """
    if doc_number:
        return "doc_" + digest("num", region_code, normalize_doc_number(doc_number))
    return "doc_" + digest("title", region_code, normalize_title(title or ""), issue_date)


def version_id(normalized_text: str) -> str:
    """Content version of a plan: changes exactly when its normalized text changes."""
    return "v_" + hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()[:16]


def clause_id(doc: str, path: str) -> str:
    return "cl_" + digest(doc, path)


def target_id(doc: str, path: str | None, quote: str, indicator: str, value: float) -> str:
    return "tg_" + digest(doc, path, quote, indicator, repr(value))
