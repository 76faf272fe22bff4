"""Quality checks over the published tables: plain functions from Arrow tables to outcomes.

Each function answers one question about one table (or one relation between two) and returns a
`CheckOutcome` with counts and a few offending values, so the same logic backs the Dagster asset
checks, the release report and any ad-hoc validation of a release read back from disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from healthplans.dataset.schema import FOREIGN_KEYS, TABLES

SAMPLE = 5  # offending values reported per failed check
YEAR_RANGE = (2000, 2100)
# Identity of a row where the declared key is not enough: a preamble note has no clause, so two
# plans' preambles may name the same agency in the same role.
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "clause_agencies": ("doc_id", "clause_id", "agency_id", "role"),
}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CheckOutcome:
    """Whether a check passed, a one-line description, and JSON-able details."""

    passed: bool
    description: str
    metadata: dict[str, object] = field(default_factory=dict)


def combine(outcomes: Sequence[CheckOutcome]) -> CheckOutcome:
    """One outcome for several: passes when all pass; descriptions and details are joined."""
    failed = [o for o in outcomes if not o.passed]
    shown = failed or list(outcomes)
    metadata: dict[str, object] = {}
    for o in shown:
        metadata.update(o.metadata)
    return CheckOutcome(not failed, "; ".join(o.description for o in shown), metadata)


def _sample(values: Iterable[object]) -> list[str]:
    return [str(v) for v in list(values)[:SAMPLE]]


def schema_matches(name: str, table: pa.Table) -> CheckOutcome:
    """Columns, types and non-null columns agree with `healthplans.dataset.schema.TABLES[name]`."""
    spec = TABLES[name].schema
    problems: list[str] = []
    have = set(table.column_names)
    missing = [f.name for f in spec if f.name not in have]
    extra = [c for c in table.column_names if c not in spec.names]
    problems += [f"missing column {c}" for c in missing]
    problems += [f"unexpected column {c}" for c in extra]
    for f in spec:
        if f.name not in have:
            continue
        actual = table.schema.field(f.name).type
        if actual != f.type:
            problems.append(f"{f.name}: {actual} instead of {f.type}")
        if not f.nullable and table.column(f.name).null_count:
            problems.append(f"{f.name}: {table.column(f.name).null_count} nulls")
    if problems:
        return CheckOutcome(
            False, f"{name}: {len(problems)} schema problem(s)", {"problems": problems}
        )
    return CheckOutcome(True, f"{name}: schema matches ({len(spec)} columns)")


def non_empty(name: str, table: pa.Table, min_rows: int = 1) -> CheckOutcome:
    """At least `min_rows` rows."""
    ok = table.num_rows >= min_rows
    text = f"{name}: {table.num_rows} rows" + ("" if ok else f", fewer than {min_rows}")
    return CheckOutcome(ok, text, {"rows": table.num_rows})


def unique_key(name: str, table: pa.Table, key: Sequence[str] | None = None) -> CheckOutcome:
    """No two rows share the table's key (`UNIQUE_KEYS` or the schema's declared key)."""
    cols = list(key or UNIQUE_KEYS.get(name) or TABLES[name].key)
    if not table.num_rows:
        return CheckOutcome(True, f"{name}: no rows, key {cols} trivially unique")
    counts = table.select(cols).group_by(cols, use_threads=False).aggregate([([], "count_all")])
    dupes = counts.filter(pc.greater(counts["count_all"], 1))
    if dupes.num_rows:
        rows = dupes.slice(0, SAMPLE).to_pylist()
        sample = _sample("|".join(str(r[c]) for c in cols) for r in rows)
        return CheckOutcome(
            False,
            f"{name}: {dupes.num_rows} duplicated key value(s) of {cols}",
            {"duplicates": dupes.num_rows, "sample": sample},
        )
    return CheckOutcome(True, f"{name}: {table.num_rows} rows, key {cols} unique")


def foreign_key(
    child_name: str,
    child: pa.Table,
    column: str,
    parent_name: str,
    parent: pa.Table,
    parent_column: str | None = None,
) -> CheckOutcome:
    """Every non-null `child.column` is a value of `parent.parent_column` (default: same name)."""
    values = child.column(column)
    known = pc.unique(parent.column(parent_column or column))
    dangling = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
    bad = pc.filter(values, dangling)
    relation = f"{child_name}.{column} -> {parent_name}.{parent_column or column}"
    if len(bad):
        return CheckOutcome(
            False,
            f"{relation}: {len(bad)} dangling",
            {"dangling": len(bad), "sample": _sample(pc.unique(bad).to_pylist())},
        )
    return CheckOutcome(True, f"{relation}: all {pc.count(values).as_py()} resolve")


def years_in_range(
    targets: pa.Table, lo: int = YEAR_RANGE[0], hi: int = YEAR_RANGE[1]
) -> CheckOutcome:
    """Every stated target year lies in [lo, hi]; a missing year is allowed."""
    years = targets.column("year")
    outside = pc.and_(pc.is_valid(years), pc.or_(pc.less(years, lo), pc.greater(years, hi)))
    bad = targets.filter(outside)
    if bad.num_rows:
        sample = _sample(f"{r['target_id']}: {r['year']}" for r in bad.slice(0, SAMPLE).to_pylist())
        return CheckOutcome(
            False,
            f"targets: {bad.num_rows} year(s) outside {lo}-{hi}",
            {"outside": bad.num_rows, "sample": sample},
        )
    return CheckOutcome(True, f"targets: every stated year within {lo}-{hi}")


def categorical_values(name: str, table: pa.Table) -> CheckOutcome:
    """Every value of a column with a value list (dataset/schema.py) is in that list."""
    unknown: dict[str, list[str]] = {}
    checked = []
    for column in TABLES[name].columns:
        if column.values is None or column.name not in table.column_names:
            continue
        checked.append(column.name)
        values = pc.unique(table.column(column.name).drop_null())
        allowed = pa.array(column.values, values.type)
        bad = pc.filter(values, pc.invert(pc.is_in(values, value_set=allowed)))
        if len(bad):
            unknown[column.name] = _sample(sorted(bad.to_pylist()))
    if unknown:
        listed = ", ".join(f"{c}: {', '.join(v)}" for c, v in unknown.items())
        return CheckOutcome(
            False,
            f"{name}: values outside the dictionary's lists ({listed})",
            {"unknown": unknown},
        )
    return CheckOutcome(True, f"{name}: every value of {checked or 'no column'} is listed")


def _squash(text: str | None) -> str:
    # Whitespace differs between a quote and the clause it came from (line breaks in the
    # original layout survive in bodies), so compare without it.
    return _SPACE.sub("", text or "")


def quotes_in_clauses(
    targets: pa.Table, clauses: pa.Table, documents: pa.Table | None = None
) -> CheckOutcome:
    """Every target's quote occurs in its clause's heading + body (whitespace-insensitive).

    A target in the preamble (no clause) is looked up in its document's text when `documents`
    is given, and skipped otherwise.
    """
    clause_text = {
        r["clause_id"]: _squash(r["heading"]) + _squash(r["body"])
        for r in clauses.select(["clause_id", "heading", "body"]).to_pylist()
    }
    doc_text: dict[str, str] = {}
    if documents is not None and "text" not in documents.column_names:
        documents = None  # e.g. a table of ids only: preamble targets cannot be looked up
    if documents is not None:
        rows = documents.select(["doc_id", "text"]).to_pylist()
        doc_text = {r["doc_id"]: _squash(r["text"]) for r in rows}
    missing: list[str] = []
    checked = 0
    for r in targets.select(["target_id", "doc_id", "clause_id", "quote"]).to_pylist():
        if r["clause_id"] is not None:
            haystack = clause_text.get(r["clause_id"])
        elif documents is not None:
            haystack = doc_text.get(r["doc_id"])
        else:
            continue
        checked += 1
        if haystack is None or _squash(r["quote"]) not in haystack:
            missing.append(f"{r['target_id']}: {r['quote']}")
    if missing:
        return CheckOutcome(
            False,
            f"targets: {len(missing)} of {checked} quote(s) not found in their clause",
            {"not_found": len(missing), "sample": _sample(missing)},
        )
    return CheckOutcome(True, f"targets: all {checked} quotes found in their clauses")


# Tables that may rightly be empty: plans citing nothing, sharing no text, a clean crawl.
MAY_BE_EMPTY = frozenset({"citations", "clause_links", "quarantine"})


def parent_tables(name: str) -> tuple[str, ...]:
    """The other tables that rows of `name` refer to."""
    return tuple(sorted({p for c, _, p, _ in FOREIGN_KEYS if c == name and p != name}))


def check_names(name: str) -> tuple[str, ...]:
    """The checks `table_outcomes` runs on table `name`."""
    names = ["schema", "unique_key"]
    if name not in MAY_BE_EMPTY:
        names.append("non_empty")
    if any(c == name for c, *_ in FOREIGN_KEYS):
        names.append("foreign_keys")
    if name == "targets":
        names += ["year_range", "quotes_in_clauses"]
    return tuple(names)


def table_outcomes(name: str, tables: dict[str, pa.Table]) -> dict[str, CheckOutcome]:
    """Every check of `check_names(name)` on `tables[name]`, which `tables` relates to its
    `parent_tables`."""
    table = tables[name]
    checks = {
        "schema": lambda: combine([schema_matches(name, table), categorical_values(name, table)]),
        "unique_key": lambda: unique_key(name, table),
        "non_empty": lambda: non_empty(name, table),
        "foreign_keys": lambda: combine(list(foreign_keys(tables, child=name).values())),
        "year_range": lambda: years_in_range(table),
        "quotes_in_clauses": lambda: quotes_in_clauses(
            table, tables["clauses"], tables.get("documents")
        ),
    }
    return {check: checks[check]() for check in check_names(name)}


def foreign_keys(tables: dict[str, pa.Table], child: str | None = None) -> dict[str, CheckOutcome]:
    """Each relation of `schema.FOREIGN_KEYS` whose tables are present (only `child`'s when
    given)."""
    return {
        f"{c}.{col}": foreign_key(c, tables[c], col, p, tables[p], pcol)
        for c, col, p, pcol in FOREIGN_KEYS
        if c in tables and p in tables and (child is None or c == child)
    }


def validate_tables(tables: dict[str, pa.Table]) -> dict[str, CheckOutcome]:
    """Every check that applies to this set of tables, keyed `table:check` (or the relation)."""
    out: dict[str, CheckOutcome] = {}
    for name, table in tables.items():
        if name not in TABLES:
            continue
        out[f"{name}:schema"] = schema_matches(name, table)
        out[f"{name}:unique_key"] = unique_key(name, table)
        if any(c.values is not None for c in TABLES[name].columns):
            out[f"{name}:categorical_values"] = categorical_values(name, table)
    # citations and clause_links may rightly be empty (plans citing nothing, sharing no text).
    names = ("documents", "sources", "clauses", "targets", "agencies", "clause_agencies")
    for name in (*names, "indicators"):
        if name in tables:
            out[f"{name}:non_empty"] = non_empty(name, tables[name])
    if "targets" in tables:
        out["targets:year_range"] = years_in_range(tables["targets"])
        if "clauses" in tables:
            out["targets:quotes_in_clauses"] = quotes_in_clauses(
                tables["targets"], tables["clauses"], tables.get("documents")
            )
    out.update(foreign_keys(tables))
    return out
