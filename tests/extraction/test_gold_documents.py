"""End to end on the three gold documents: normalize, outline, then targets and agencies."""

from __future__ import annotations

import pytest

from tests.extraction.extraction_eval import GOLD_DIR, evaluate

STEMS = sorted(p.name.removesuffix(".gold.json") for p in GOLD_DIR.glob("*.gold.json"))


@pytest.mark.parametrize("stem", STEMS)
def test_gold_document_f1(stem: str) -> None:
    # Scored on path, comparator, value, value_max, unit and year (targets) and on path, lead set
    # and support set (agencies); the quality bar is F1 >= 0.95 on each document.
    targets, agencies, *_ = evaluate(stem)
    assert targets.f1 >= 0.95, targets
    assert agencies.f1 >= 0.95, agencies
