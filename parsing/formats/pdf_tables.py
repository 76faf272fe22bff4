"""Task tables of a PDF: rebuilt as TAB-separated rows from the page's plain and layout texts.

pypdf's plain text prints a table one cell fragment per line, cell after cell in row order
("1" / "建设健康社区" / "市卫生健康" / "委" / …), but where a wrapped cell ends is lost. Its
layout text keeps where each fragment stands. A table is found by its header line in the layout
text: short titles, one of them a responsibility column (牵头单位, 责任单位…); the columns are
bounded halfway between the titles. Walking the plain fragments in order, each is placed in the
column the layout puts it in: the same column continues a cell, a column further right starts the
next cell, a column further left starts the next row. This holds whatever the cells' vertical
alignment. The table ends at the first fragment that is not in the layout's table. A table running
on to the next page keeps its columns. The plain fragments are replaced by the rows, which
parsing.task_tables reads as it reads the rows of a DOCX table.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from healthplans.parsing.task_tables import MIN_COLUMNS, is_responsibility_title

# Fragments of a layout line: runs of text separated by two or more spaces.
_RUN = re.compile(r"\S+(?: \S+)*")
_MAX_TITLE = 8  # characters of a column title (or of one of its printed lines)
_MIN_ROWS = 2  # the header and one row
_OVERHANG = 1  # characters a fragment may reach past the next column's title (a centred cell)
# — 7 —  /  - 12 -  /  第 3 页  /  3/19 : a line that is only a page number (a bare number is
# not one: in a table it is a row's number).
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[—\-–－]\s*\d{1,4}\s*[—\-–－]|第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


@dataclass(frozen=True)
class Columns:
    """Where a table's columns stand in the layout text."""

    bounds: tuple[float, ...]  # left bound of each column, halfway from the title before
    starts: tuple[int, ...]  # where each column's title starts

    def of(self, start: int) -> int:
        return max(k for k, bound in enumerate(self.bounds) if start >= bound)

    def shifted(self, delta: int) -> Columns:
        return Columns(tuple(b + delta for b in self.bounds), tuple(s + delta for s in self.starts))

    def spans(self, start: int, end: int) -> bool:
        """Whether a fragment runs into the next column's title: text across the columns."""
        k = self.of(start)
        return k + 1 < len(self.starts) and end > self.starts[k + 1] + _OVERHANG


def has_task_table(plain: str) -> bool:
    """Whether a page's plain text may hold a task table (a responsibility title alone)."""
    return ("单位" in plain or "部门" in plain) and any(
        is_responsibility_title(line) for line in plain.split("\n")
    )


def _header(line: str) -> Columns | None:
    runs = list(_RUN.finditer(line))
    if len(runs) < MIN_COLUMNS or any(len(r.group()) > _MAX_TITLE for r in runs):
        return None
    if not any(is_responsibility_title(r.group()) for r in runs):
        return None
    bounds = [float("-inf")] + [(a.end() + b.start()) / 2 for a, b in itertools.pairwise(runs)]
    return Columns(tuple(bounds), tuple(r.start() for r in runs))


def _placed(layout_lines: list[str], columns: Columns, header_at: int) -> dict[str, list[int]]:
    """Fragment text → the columns it is printed in, in layout order, down to the first line
    after the header that is not the table's: text across the columns. Lines above the header
    (a title's first printed line) count when they fit the columns; page numbers never do."""
    placed: dict[str, list[int]] = defaultdict(list)
    for n, line in enumerate(layout_lines):
        if PAGE_NUMBER_LINE.match(line):
            continue
        runs = list(_RUN.finditer(line))
        if any(columns.spans(run.start(), run.end()) for run in runs):
            if n < header_at:
                continue
            break
        for run in runs:
            placed["".join(run.group().split())].append(columns.of(run.start()))
    return placed


def table_rows(
    plain: str, layout: str, carried: Columns | None = None
) -> tuple[str, Columns | None]:
    """(`plain` with the fragments of its task table replaced by TAB-separated rows, header
    first; the columns when the table reaches the page's end). `carried`: the columns of a
    table that ran on from the page before, read from the top of this page."""
    layout_lines = layout.split("\n")
    below = header_at = 0  # layout lines from `below` on hold the table
    columns = None
    for i, line in enumerate(layout_lines):
        columns = _header(line)
        if columns is not None:
            header_at, below = i, max(0, i - 2)  # a title printed over two or three lines
            break
    repeated = columns is not None and carried is not None  # the header printed again
    if columns is None and carried is not None:
        # Layout columns count from the page's leftmost text: on a page the table runs on to,
        # that is the table's first column.
        left = min((r.start() for line in layout_lines for r in _RUN.finditer(line)), default=0)
        columns = carried.shifted(left - carried.starts[0])
    if columns is None:
        return plain, None
    placed = _placed(layout_lines[below:], columns, header_at - below)
    lines = plain.split("\n")
    start = _table_start(lines, placed, carried is None or repeated)
    if start is None:
        return plain, None
    rows, end = _walk(lines, start, placed, len(columns.bounds))
    if repeated:
        rows = rows[1:]
    if len(rows) < (_MIN_ROWS if carried is None else 1):
        return plain, None
    text = "\n".join([*lines[:start], *("\t".join(row) for row in rows), *lines[end:]])
    # The table reaches the page's end when nothing but a page number follows it.
    runs_on = all(not line.strip() or PAGE_NUMBER_LINE.match(line) for line in lines[end:])
    return text, columns if runs_on else None


def _table_start(lines: list[str], placed: dict[str, list[int]], header: bool) -> int | None:
    """Index of the table's first plain fragment: its header's first title, or (on a page the
    table runs on to) the first fragment the layout places in a column."""
    for i, line in enumerate(lines):
        text = "".join(line.split())
        if header and is_responsibility_title(text) and text in placed:
            # Back over the titles before it: short fragments in columns further left.
            column = placed[text][0]
            while i > 0:
                before = "".join(lines[i - 1].split())
                if not (0 < len(before) <= _MAX_TITLE and before in placed):
                    break
                if placed[before][0] > column:
                    break
                column = placed[before][0]
                i -= 1
            return i
        if not header and text in placed:
            return i
    return None


def _walk(
    lines: list[str], start: int, placed: dict[str, list[int]], width: int
) -> tuple[list[list[str]], int]:
    """Rows of the fragments from `start` on, and where the table ends in `lines`."""
    rows: list[list[str]] = []
    row: list[str] = []
    column = -1
    used: dict[str, int] = defaultdict(int)
    i = start
    while i < len(lines):
        text = "".join(lines[i].split())
        if not text:
            i += 1
            continue
        at = placed.get(text)
        if not at:
            break
        k = at[min(used[text], len(at) - 1)]
        used[text] += 1
        if k < column or not row:
            if row:
                rows.append(row)
            row = [""] * width
        row[k] += text
        column = k
        i += 1
    if row:
        rows.append(row)
    return rows, i
