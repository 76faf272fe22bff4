"""Agencies from task tables (牵头单位/配合单位 columns) in DOCX and XLSX files generated here:
each row read through the note grammar, matched to the clause its task names."""

from __future__ import annotations

import io

import pytest

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


def _pdf_with_table(
    rows: list[list[str]],
    align: str,
    repeat_header: bool = True,
    widths: tuple[int, ...] = (30, 150, 70, 100, 50),
) -> bytes:
    """A PDF of the plan with the task table after it, cells wrapped in narrow columns, its
    header printed again on every page (or not)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = ParagraphStyle("text", fontName="STSong-Light", fontSize=12, leading=18)
    alignment = {"left": 0, "center": 1}[align]
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=13,
                          wordWrap="CJK", alignment=alignment)  # fmt: skip
    table = Table(
        [[Paragraph(c, cell) for c in row] for row in rows],
        colWidths=list(widths),
        repeatRows=1 if repeat_header else 0,
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(t, text) for t in PLAN + TASKS] + [table])
    return out.getvalue()


def test_a_pdf_task_table_is_read_from_its_columns() -> None:
    # Cells wrap in their columns ("市民政局、市财" / "政局"); the rows come back whole.
    for align in ("left", "center"):
        reading = read_document(_pdf_with_table(ROWS, align))
        assert "1\t建设健康社区\t市卫生健康委\t市民政局、市财政局\t2025年" in reading.text
        got = [(a.path, a.lead, a.support, a.joint) for a in parse_document(reading.text).agencies]
        assert got == _expected(), align


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_pdf_task_table_runs_on_to_the_next_page(repeat_header: bool) -> None:
    # 40 rows, the header printed again on each page (or not): every row comes back once.
    many = [ROWS[0]] + [
        [str(n), f"第{n}项任务", "市卫生健康委", "市财政局", "2025年"] for n in range(1, 41)
    ]
    reading = read_document(_pdf_with_table(many, "left", repeat_header))
    rows = [
        line
        for line in reading.text.split("\n")
        if line.endswith("\t市卫生健康委\t市财政局\t2025年")
    ]
    assert [row.split("\t")[0] for row in rows] == [str(n) for n in range(1, 41)]


def _html_page(rows: list[list[str]]) -> str:
    prose = (
        "<p>坚持预防为主,全面推进健康城市建设,提高全市人民健康水平。各地各部门要加强组织领导,"
        "落实工作责任,确保各项任务落到实处。</p><p>深入开展爱国卫生运动,广泛开展健康教育,"
        "倡导文明健康绿色环保的生活方式。</p>"
    )
    cells = "".join(
        "<tr>" + "".join(f"<td><p>{c[:4]}</p><p>{c[4:]}</p></td>" for c in row) + "</tr>"
        for row in rows
    )
    paragraphs = "".join(f"<p>{line}</p>" for line in [*PLAN[1:3], prose, *PLAN[3:], *TASKS])
    return (
        f"<html><head><meta charset='utf-8'><title>{PLAN[0]}</title></head><body>"
        f"<div class='article'><h1>{PLAN[0]}</h1>{paragraphs}<table>{cells}</table></div>"
        "</body></html>"
    )


def test_an_html_task_table_keeps_its_rows() -> None:
    # Cells printed over two paragraphs ("市民政局" / "、市财政局") come back as one row.
    reading = read_document(_html_page(ROWS).encode("utf-8"), url="http://127.0.0.1/a.html")
    assert "1\t建设健康社区\t市卫生健康委\t市民政局、市财政局\t2025年" in reading.text
    got = [(a.path, a.lead, a.support, a.joint) for a in parse_document(reading.text).agencies]
    assert got == _expected()


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


def test_a_pdf_task_table_of_two_columns_is_read() -> None:
    rows = [
        ["重点任务", "牵头单位"],
        ["建设健康社区", "市卫生健康委"],
        ["推进全民健身", "市体育局"],
    ]
    reading = read_document(_pdf_with_table(rows, "left", widths=(200, 150)))
    assert "建设健康社区\t市卫生健康委" in reading.text
    got = [(a.path, a.lead) for a in parse_document(reading.text).agencies]
    assert got == [("二/(一)", ("市卫生健康委",)), ("二/(二)", ("市体育局",))]


def test_a_goal_in_a_task_table_cell_is_quoted_from_its_own_cell() -> None:
    # Rows reach the parser with a tab between cells; a goal's quote and year stay in its cell,
    # not run on from the row above ("2024年10月") or the 序号 and task cells before it.
    text = (
        "某县医疗卫生服务能力提升工作方案\n一、重点任务\n各项任务分工如下。\n"
        "序号\t重点任务\t工作内容\t牵头单位\t完成时限\n"
        "1\t推进医保支付方式改革\t按病组付费的医疗机构覆盖率达到100%。\t县医保分局\t2024年10月\n"
        "2\t加强基层医疗服务能力\t完成3家乡镇卫生院提档升级\t县卫生健康局\t2024年12月\n"
        "二、工作要求\n加强组织领导。\n"
    )
    parsed = parse_document(text)
    found = {t.value: (t.quote, t.indicator, t.year) for t in parsed.targets}
    assert found[3] == ("完成3家乡镇卫生院提档升级", "乡镇卫生院提档升级数", None)
    assert found[100][0] == "按病组付费的医疗机构覆盖率达到100%"
    # The normalized text keeps the row, cells apart.
    assert "2\t加强基层医疗服务能力\t完成3家乡镇卫生院提档升级\t县卫生健康局\t2024年12月" in (
        parsed.normalized.text
    )
    assert [(a.path, a.lead) for a in parsed.agencies] == [
        ("一", ("县医保分局",)),
        ("一", ("县卫生健康局",)),
    ]
