"""Targets stated in a planning table: 领域 | 主要指标 | 2020年 | 2025年 | 指标性质.

Plans (规划, 行动计划) print their main indicators as a table, one row per indicator, its unit in
brackets after the name and its goal in the target year's column ("≥80.5"). DOCX, XLSX and HTML
readers write a table's rows as TAB-separated cells and pdftotext's layout mode as runs separated
by blanks; normalization keeps TAB cells apart but runs a layout print's cells together, so the
table is read from the text as extracted. A header row names an indicator column and year
columns; the columns of years before the document's own are baselines, the others goals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from healthplans.parsing.clause_text import CELL_END
from healthplans.parsing.model import Target
from healthplans.parsing.numbers import clean_value
from healthplans.parsing.targets import COMPARATOR_OF, PER_RE, SUFFIX_COMPARATOR, UNIT_NAMES
from healthplans.parsing.task_tables import cell_text

# Cells of a row: TABs, or runs of blanks as a layout print leaves them.
_CELLS = re.compile(r"\t|[ \u3000]{2,}")
_NAME_TITLE = re.compile(r"^(?:主要|核心|具体)?指标(?:名称|项)?$")
_YEAR_TITLE = re.compile(r"^(?P<year>20\d\d)年?(?:目标值?|预期值?)?$")
_BASELINE_TITLE = re.compile(r"基期|基线|现状")
# A header line names an indicator column and a year column (a quick test of the whole text).
_HEADER_LINE = re.compile(r"指标[^\n]*20\d\d|20\d\d[^\n]*指标")
_VALUE = re.compile(
    r"^(?P<sign>[≥≤><]=?|不低于|不少于|不高于|不超过|低于|高于)?(?P<num>\d+(?:\.\d+)?)"
    r"(?P<unit>%|‰)?(?P<suffix>以上|以下|以内|左右)?$"
)
_UNIT = re.compile(r"\((?P<unit>[^()]{1,8})\)$")
# The comparators, units and normalizers of the target grammar, read the same way here.
_COMPARATOR = {**COMPARATOR_OF, **SUFFIX_COMPARATOR}


@dataclass(frozen=True)
class _Columns:
    name: int  # index of the indicator column
    goals: tuple[tuple[int, int], ...]  # (index, year) of the goal columns
    width: int  # cells in the header row


def table_targets(
    original: str, compact: str, path_at: Callable[[int], str | None], doc_year: int | None
) -> list[Target]:
    """Targets of every planning table in the text as extracted (`original`); `compact` is the
    normalized text without blanks (clause_text), where rows are located for their path."""
    if "指标" not in original or _HEADER_LINE.search(original) is None:
        return []
    found: list[Target] = []
    columns: _Columns | None = None
    cursor = 0
    for line in original.splitlines():
        if not line.strip():
            continue
        if "\t" not in line and "  " not in line and "\u3000\u3000" not in line:
            columns = None  # a line of text: any table has ended
            continue
        cells = [cell_text(c) for c in _CELLS.split(line.strip())]
        if len(cells) < 2:
            columns = None
            continue
        header = _header(cells, doc_year)
        if header is not None:
            columns = header
            continue
        if columns is None:
            continue
        row = "".join(cells)
        # Cells of a TAB row end sentences in the compact text (clause_text); a layout print's
        # cells ran together in normalization.
        printed = CELL_END.join(c for c in cells if c) if "\t" in line else row
        at = compact.find(printed, cursor)
        if at >= 0:
            cursor = at + len(printed)
        found += _row_targets(cells, columns, row, path_at(at) if at >= 0 else None)
    return found


def _header(cells: list[str], doc_year: int | None) -> _Columns | None:
    """The columns of a header row: an indicator column and year columns, or None."""
    name = next((i for i, c in enumerate(cells) if _NAME_TITLE.match(c)), None)
    if name is None:
        return None
    years = [(i, int(m.group("year"))) for i, c in enumerate(cells) if (m := _YEAR_TITLE.match(c))]
    if not years:
        return None
    baselines = {i for i, c in enumerate(cells) if _BASELINE_TITLE.search(c)}
    if doc_year is not None:
        goals = [(i, y) for i, y in years if y >= doc_year and i not in baselines]
    else:
        # Without the document's year the earliest of several years is the baseline.
        goals = [(i, y) for i, y in years[1 if len(years) > 1 else 0 :] if i not in baselines]
    return _Columns(name, tuple(goals), len(cells)) if goals else None


def _row_targets(cells: list[str], columns: _Columns, row: str, path: str | None) -> list[Target]:
    # A row short of cells lost its first ones to a merged cell (the 领域 of several rows).
    shift = columns.width - len(cells)
    if shift < 0 or columns.name - shift < 0:
        return []
    name = cells[columns.name - shift]
    unit_match = _UNIT.search(name)
    indicator = name[: unit_match.start()] if unit_match else name
    if not indicator or not re.search(r"[\u4e00-\u9fff]{2}", indicator):
        return []
    unit = unit_match.group("unit") if unit_match else None
    unit = UNIT_NAMES.get(unit, unit) if unit else None
    per = PER_RE.match(indicator)
    found = []
    for index, year in columns.goals:
        value = _VALUE.match(cells[index - shift]) if 0 <= index - shift < len(cells) else None
        if value is None:
            continue
        word = value.group("sign") or value.group("suffix")
        found.append(
            Target(
                path=path,
                indicator=indicator,
                comparator=_COMPARATOR.get(word, "=") if word else "=",
                value=clean_value(float(value.group("num"))),
                value_max=None,
                unit=value.group("unit") or unit,
                per=per.group(0) if per else None,
                year=year,
                hedge=None,
                quote=row,
            )
        )
    return found
