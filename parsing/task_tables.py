"""Responsible agencies stated in a task table: 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限.

DOCX, XLSX, HTML and PDF task tables reach the parser as one line per row with TAB-separated
cells (the format readers write them so; see parsing.formats.pdf_tables and
parsing.article.dom.line_texts); tables are read from the text as extracted, where every cell is
still as printed. A header row names the columns; each row below it is read as the labelled
note "牵头单位:…;配合单位:…" through the same unit grammar as notes in the text. A row's task is
matched to the clause of the same heading; a row no heading matches belongs to the clause the
table is printed under.
"""

from __future__ import annotations

import re

from healthplans.parsing.agencies import LABEL_ROLE, parse_note
from healthplans.parsing.model import AgencyAssignment, Clause
from healthplans.parsing.normalize import standard_ideographs, to_simplified, unify_punctuation

# Column titles of responsibility columns, as the label grammar knows them, and of task columns.
_RESPONSIBILITY = re.compile(
    r"^(?:主要)?(?:牵头|责任|配合|参与|协办|协同|协助|主办)(?:单位|部门)$|^(?:牵头|责任)(?:单位|部门)及.*$"
)


def is_responsibility_title(text: str) -> bool:
    """Whether a cell is the title of a responsibility column (牵头单位, 配合部门, 责任单位及…):
    what makes a table a task table, in every format that prints one."""
    return _RESPONSIBILITY.match(text.strip()) is not None


_TASK = re.compile(r"(?:工作|重点|主要)?(?:任务|内容|措施|事项|工作)(?:内容|名称|措施)?$")
# A task table has a task and a responsibility column at least, in every format.
MIN_COLUMNS = 2


def cell_text(text: str) -> str:
    """A table cell as the normalized text prints it: simplified, unified, without blanks."""
    return re.sub(r"\s+", "", to_simplified(standard_ideographs(unify_punctuation(text))))


def _label(column: str) -> str | None:
    """The note label a column title stands for ("责任单位及配合单位" reads as 责任单位)."""
    if not is_responsibility_title(column):
        return None
    for role_word in sorted(LABEL_ROLE, key=len, reverse=True):
        if column.startswith(role_word):
            return role_word + "单位"
    return "责任单位"


def _clause_paths(clauses: tuple[Clause, ...]) -> dict[str, str]:
    return {cell_text(c.heading).rstrip("。;"): c.path for c in clauses if c.heading}


def table_agencies(
    original: str, clauses: tuple[Clause, ...], first_is_lead: bool = False
) -> list[AgencyAssignment]:
    """One assignment per task-table row that names a unit."""
    if "\t" not in original:
        return []
    by_heading = _clause_paths(clauses)
    found: list[AgencyAssignment] = []
    columns: list[tuple[int, str]] = []  # (cell index, note label) of the current table
    task_at: int | None = None
    last_path: str | None = None
    for line in original.splitlines():
        cells = [cell_text(c) for c in line.split("\t")]
        if len(cells) < MIN_COLUMNS:
            if line.strip():
                columns, task_at = [], None  # the table ended
                last_path = _under(cells[0], by_heading, last_path)
            continue
        labels = [(i, _label(c)) for i, c in enumerate(cells)]
        header = [(i, label) for i, label in labels if label]
        if header:
            columns = header
            task_at = next(
                (i for i, c in enumerate(cells) if _TASK.search(c) and not _label(c)), None
            )
            continue
        if not columns:
            continue
        parts = [f"{label}:{cells[i]}" for i, label in columns if i < len(cells) and cells[i]]
        if not parts:
            continue
        task = cells[task_at] if task_at is not None and task_at < len(cells) else ""
        path = _path_of(task, by_heading) or last_path
        assignment = parse_note(";".join(parts), path, first_is_lead)
        if assignment is not None:
            found.append(assignment)
    return found


def _under(line: str, by_heading: dict[str, str], current: str | None) -> str | None:
    """The clause a line of text puts what follows under: its own heading's, none after 附件."""
    if line.startswith("附件"):
        return None
    for heading, path in by_heading.items():
        if len(heading) >= 2 and line.endswith(heading) and len(line) - len(heading) <= 8:
            return path
    return current


def _path_of(task: str, by_heading: dict[str, str]) -> str | None:
    """The clause whose heading is the task (or starts it: "建设健康社区。到2025年…")."""
    task = task.rstrip("。;")
    if not task:
        return None
    if task in by_heading:
        return by_heading[task]
    for heading, path in by_heading.items():
        if len(heading) >= 4 and task.startswith(heading):
            return path
    return None
