"""Table checks as plain functions: each broken table fails the check meant to catch it."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pytest

from healthplans.dataset import quality
from healthplans.dataset.schema import TABLES


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


def _clause(cid: str, doc: str = "d1", parent: str | None = None, body: str = "") -> dict:
    return {
        "clause_id": cid,
        "doc_id": doc,
        "path": cid,
        "parent_clause_id": parent,
        "depth": 1,
        "ordinal": 0,
        "label": "一、",
        "heading": "总体目标",
        "body": body,
    }


def _target(tid: str, clause: str | None = "c1", year: int | None = 2025, quote: str = "") -> dict:
    return {
        "target_id": tid,
        "doc_id": "d1",
        "clause_id": clause,
        "path": clause,
        "indicator": "床位",
        "comparator": ">=",
        "value": 6.0,
        "value_max": None,
        "unit": "张",
        "per": "每千人口",
        "year": year,
        "hedge": None,
        "quote": quote or "到2025年,每千人口床位数达到6张",
    }


def _nullable(name: str, rows: list[dict]) -> pa.Table:
    """A table of `name`'s columns and types that accepts nulls anywhere (a broken writer)."""
    schema = pa.schema([f.with_nullable(True) for f in TABLES[name].schema])
    return pa.Table.from_pylist(rows, schema=schema)


CLAUSES = _table("clauses", [_clause("c1", body="到2025年,每千人口\n床位数达到 6张。")])
DOCS = pa.table({"doc_id": ["d1"]})
GOOD_TARGETS = _table("targets", [_target("t1"), _target("t2", year=None)])

CASES: list[tuple[str, Callable[[], quality.CheckOutcome], bool]] = [
    # The good table passes every check (whitespace in the body does not matter).
    ("schema ok", lambda: quality.schema_matches("targets", GOOD_TARGETS), True),
    ("quotes ok", lambda: quality.quotes_in_clauses(GOOD_TARGETS, CLAUSES), True),
    ("years ok", lambda: quality.years_in_range(GOOD_TARGETS), True),
    (
        "fk ok",
        lambda: quality.foreign_key("targets", GOOD_TARGETS, "clause_id", "clauses", CLAUSES),
        True,
    ),
    # A dropped column and a column of the wrong type.
    (
        "schema: missing column",
        lambda: quality.schema_matches("targets", GOOD_TARGETS.drop_columns(["unit"])),
        False,
    ),
    (
        "schema: wrong type",
        lambda: quality.schema_matches(
            "targets", GOOD_TARGETS.set_column(10, "year", pa.array(["2025", None]))
        ),
        False,
    ),
    # A null in a non-nullable column (the table is built without the schema's constraint).
    (
        "schema: null id",
        lambda: quality.schema_matches(
            "clauses",
            _nullable("clauses", [{**_clause("c1"), "doc_id": None}]),
        ),
        False,
    ),
    ("empty", lambda: quality.non_empty("targets", GOOD_TARGETS.slice(0, 0)), False),
    (
        "duplicate id",
        lambda: quality.unique_key("targets", _table("targets", [_target("t1"), _target("t1")])),
        False,
    ),
    # A preamble note (null clause) in two plans is not a duplicate: the plan is part of the key.
    (
        "clause_agencies preamble in two plans",
        lambda: quality.unique_key(
            "clause_agencies",
            _table(
                "clause_agencies",
                [
                    {
                        "doc_id": d,
                        "clause_id": None,
                        "agency_id": "a1",
                        "role": "lead",
                        "joint": False,
                        "name_as_written": "卫健委",
                        "raw": "牵头单位:卫健委",
                    }
                    for d in ("d1", "d2")
                ],
            ),
        ),
        True,
    ),
    (
        "dangling clause",
        lambda: quality.foreign_key(
            "targets",
            _table("targets", [_target("t1", clause="c9")]),
            "clause_id",
            "clauses",
            CLAUSES,
        ),
        False,
    ),
    (
        "year 1900",
        lambda: quality.years_in_range(_table("targets", [_target("t1", year=1900)])),
        False,
    ),
    (
        "year 2200",
        lambda: quality.years_in_range(_table("targets", [_target("t1", year=2200)])),
        False,
    ),
    (
        "quote not in clause",
        lambda: quality.quotes_in_clauses(
            _table("targets", [_target("t1", quote="到2030年床位数达到8张")]), CLAUSES
        ),
        False,
    ),
]


@pytest.mark.parametrize(("case", "run", "passed"), CASES, ids=[c[0] for c in CASES])
def test_check(case: str, run: Callable[[], quality.CheckOutcome], passed: bool) -> None:
    outcome = run()
    assert outcome.passed is passed, outcome.description
    if not passed:
        assert outcome.description


def test_validate_tables_reports_every_relation() -> None:
    tables = {"documents": DOCS, "clauses": CLAUSES, "targets": GOOD_TARGETS}
    results = quality.validate_tables(tables)
    assert results["targets.clause_id"].passed
    assert results["targets:quotes_in_clauses"].passed
    assert not results["documents:schema"].passed  # only doc_id: the schema check sees it
