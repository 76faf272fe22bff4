"""The seeds typeset as PDFs, extracted again and parsed: the result still equals the gold.

Real plans often arrive as PDF text, wrapped at the measure anywhere (inside titles, headings,
numbers and pinyin readings), indented, with page footers. Each seed goes through the mirror's
typesetter (mirror.build.typeset_pdf) at several line widths and through the crawler's extractor
(parsing.formats.pdf.pdf_text). Everything the gold holds must come back except publish_date, which
a PDF does not state. Targets and agencies are compared on the keys the extraction scores use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from healthplans.mirror.build import typeset_pdf
from healthplans.parsing import parse_document
from healthplans.parsing.formats.pdf import pdf_text
from healthplans.parsing.jsonout import to_gold_dict
from tests.extraction.extraction_eval import agency_key, target_key

SEEDS = Path(__file__).resolve().parents[2] / "mirror" / "seeds"
STEMS = ["000_6df9cd99be9aa381", "001_c28985a53e9e0c4c", "004_da6d3a81d6ca09b7"]
# Characters per printed line: narrow columns, the mirror's default (34) and a wide page.
WIDTHS = [22, 28, 34, 41]


@cache
def _parsed(stem: str, width: int) -> dict[str, Any]:
    text = pdf_text(typeset_pdf((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"), width))
    return to_gold_dict(parse_document(text), f"{stem}.txt")


def _targets(rows: list[dict[str, Any]]) -> list[tuple]:
    keys = ("path", "comparator", "value", "value_max", "unit", "year")
    # Sorted by repr: keys hold None next to numbers, which do not compare.
    return sorted((target_key(*(row[k] for k in keys)) for row in rows), key=repr)


def _agencies(rows: list[dict[str, Any]]) -> list[tuple]:
    keys = (agency_key(row["path"], row["lead"], row["support"]) for row in rows)
    return sorted(keys, key=repr)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", STEMS)
def test_document_fields(golds: dict[str, dict[str, Any]], stem: str, width: int) -> None:
    document = dict(_parsed(stem, width)["document"])
    expected = dict(golds[stem]["document"])
    del document["publish_date"], expected["publish_date"]
    assert document == expected


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", STEMS)
def test_outline(golds: dict[str, dict[str, Any]], stem: str, width: int) -> None:
    parsed = _parsed(stem, width)
    assert parsed["outline"] == golds[stem]["outline"]
    assert parsed["counts"] == golds[stem]["counts"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", STEMS)
def test_targets_and_agencies(golds: dict[str, dict[str, Any]], stem: str, width: int) -> None:
    parsed = _parsed(stem, width)
    assert _targets(parsed["targets"]) == _targets(golds[stem]["targets"])
    assert _agencies(parsed["agencies"]) == _agencies(golds[stem]["agencies"])
