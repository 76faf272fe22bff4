"""ParsedDocument → the gold JSON layout (tests/fixtures/gold/FORMAT.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from healthplans.parsing.model import DOCUMENT_FIELDS, AgencyAssignment, ParsedDocument, Target
from healthplans.parsing.outline import count_levels


def _number(value: float | None) -> float | int | None:
    """Whole numbers are written as integers, as in the gold ("value": 85)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _target(target: Target) -> dict[str, Any]:
    return {
        "path": target.path,
        "indicator": target.indicator,
        "comparator": target.comparator,
        "value": _number(target.value),
        "value_max": _number(target.value_max),
        "unit": target.unit,
        "per": target.per,
        "year": target.year,
        "hedge": target.hedge,
        "quote": target.quote,
    }


def _agency(agency: AgencyAssignment) -> dict[str, Any]:
    return {
        "path": agency.path,
        "lead": list(agency.lead),
        "support": list(agency.support),
        "raw": agency.raw,
        "joint": agency.joint,
    }


def to_gold_dict(parsed: ParsedDocument, source_file: str) -> dict[str, Any]:
    """The gold-format dict for `parsed`; dump it with ensure_ascii=False, indent=2."""
    meta = asdict(parsed.meta)
    return {
        "source_file": source_file,
        "document": {name: meta[name] for name in DOCUMENT_FIELDS},
        "outline": [
            {"path": c.path, "label": c.label, "heading": c.heading} for c in parsed.clauses
        ],
        "counts": count_levels(parsed.clauses),
        "targets": [_target(t) for t in parsed.targets],
        "agencies": [_agency(a) for a in parsed.agencies],
    }
