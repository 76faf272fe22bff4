"""Agencies from task tables (牵头单位/配合单位 columns) in DOCX and XLSX files generated here:
each row read through the note grammar, matched to the clause its task names."""

from __future__ import annotations

import io

from healthplans.parsing import parse_document
from healthplans.parsing.formats import read_document
from healthplans.parsing.task_tables import table_agencies
from tests.office_files import docx_document

PLAN = ["某市健康促进行动方案", "一、总体要求", "坚持预防为主。", "二、重点任务"]
TASKS = ["（一）建设健康社区", "（二）推进全民健身", "附件：重点任务分工表"]
ROWS = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "建设健康社区", "市卫生健康委", "市民政局、市财政局", "2025年"],
    ["2", "推进全民健身。", "市体育局", "各区人民政府等", "长期"],
    ["3", "开展健康教育", "市卫生健康委、市教育局按职责分别负责", "", "2024年"],
]


def _expected() -> list[tuple[str | None, tuple[str, ...], tuple[str, ...], bool]]:
    return [
        ("二/(一)", ("市卫生健康委",), ("市民政局", "市财政局"), False),
        ("二/(二)", ("市体育局",), ("各区人民政府",), False),
        (None, ("市卫生健康委", "市教育局"), (), True),  # no clause of that name: the 附件's
    ]


def test_a_docx_task_table_assigns_each_row_to_its_clause() -> None:
    parsed = parse_document(read_document(docx_document(PLAN + TASKS, ROWS)).text)
    got = [(a.path, a.lead, a.support, a.joint) for a in parsed.agencies]
    assert got == _expected()
    assert parsed.agencies[0].raw == "牵头单位:市卫生健康委;配合单位:市民政局、市财政局"


def test_an_xlsx_task_table_beside_the_plan_text() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    table = read_document(out.getvalue()).text
    clauses = parse_document("\n".join(PLAN + TASKS[:2])).clauses
    got = [(a.path, a.lead, a.support, a.joint) for a in table_agencies(table, clauses)]
    # Without a 附件 line the rows no heading names stay under the last clause printed before.
    assert got[:2] == _expected()[:2]


def test_a_table_without_responsibility_columns_names_no_agency() -> None:
    text = "一、总体要求\n指标\t2020年\t2025年\n每千人口医师数\t2.5\t2.9\n"
    assert table_agencies(text, parse_document(text).clauses) == []


def test_a_note_in_the_text_is_not_repeated_by_its_table_row() -> None:
    text = "\n".join(
        [
            *PLAN,
            "（一）建设健康社区（牵头单位：市卫生健康委；配合单位：市民政局、市财政局）",
            "\t".join(ROWS[0]),
            "\t".join(ROWS[1]),
        ]
    )
    parsed = parse_document(text)
    assert [(a.path, a.lead) for a in parsed.agencies] == [("二/(一)", ("市卫生健康委",))]
