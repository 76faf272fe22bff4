"""Page furniture of printed plans: page numbers, running headers, web-print chrome."""

from __future__ import annotations

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.page_furniture import remove_furniture

# Three printed pages of a plan, as a PDF of a compiled volume extracts them: a running header
# and the issuer's name above each page, a lone mark, a bare page number cutting a paragraph.
_PAGES = [
    "综合文件汇编\n",
    "一、总体要求\n到2025年，每千人口执业（助理）医师数达3.2人，护理人员配",
    "\n2\n\n综合文件汇编\n\n某省人民政府发布\nX\n",
    "备持续加强。\n二、主要任务\n（一）加强基层能力。（省卫生",
    "\n3\n\n综合文件汇编\n\n某省人民政府发布\nX\n",
    "健康委牵头，省财政厅配合）\n（二）完善保障。每年培训不少于500人。",
    "\n4\n\n综合文件汇编\n\n某省人民政府发布\nX\n",
    "三、组织实施\n各地要加强领导。",
]


def test_page_numbers_and_running_headers_go() -> None:
    cleaned = remove_furniture("".join(_PAGES))
    for furniture in ("综合文件汇编", "某省人民政府发布", "\nX\n", "\n3\n"):
        assert furniture not in cleaned
    assert "到2025年" in cleaned and "三、组织实施" in cleaned


def test_a_paragraph_cut_by_a_page_is_whole_again() -> None:
    parsed = parse_document("".join(_PAGES))
    bodies = {clause.path: clause.body for clause in parsed.clauses}
    assert "护理人员配备持续加强" in bodies["一"]
    assert [a.lead for a in parsed.agencies if a.path == "二/(一)"] == [("省卫生健康委",)]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("第一段。\n— 7 —\n第二段。", "— 7 —"),
        ("第一段。\n- 12 -\n第二段。", "- 12 -"),
        ("第一段。\n第 3 页 共 9 页\n第二段。", "共 9 页"),
        ("第一段。\n3/9\n第二段。", "3/9"),
        # A browser print: stamp, address with page counter, portal footer.
        ("2023/5/6 下午3:45 关于印发方案的通知\n第一段。", "下午3:45"),
        ("第一段。\nhttps://wsjkw.example.gov.cn/zwgk/t20230506_1.html 1/5\n第二段。", "https"),
        ("第一段。\n主办单位：某省卫生健康委员会  网站标识码：4600000001", "网站标识码"),
        ("第一段。\n琼ICP备05000000号  琼公网安备 46010002000000号", "ICP备"),
        ("第一段。\n【打印本页】 【关闭窗口】", "打印本页"),
    ],
)
def test_marks_and_web_print_chrome_go(text: str, gone: str) -> None:
    cleaned = remove_furniture(text)
    assert gone not in cleaned
    assert cleaned.startswith("第一段。") or "第一段。" in cleaned


# Three task rows a page, each naming the same lead unit, a page number after every page.
_TASK_TABLE = "\n".join(
    f"任务{row}\n省卫生健康委" + (f"\n- {row // 3 + 1} -" if row % 3 == 2 else "")
    for row in range(9)
)


@pytest.mark.parametrize(
    "text",
    [
        # Bare numbers that do not rise page by page are table cells.
        "指标\n12\n基线\n8\n目标\n15",
        # A unit repeated down a task table is content, even beside a page number.
        _TASK_TABLE,
        # Prose that names a 主办单位 is no footer.
        "本次培训由省卫生健康委作为主办单位：负责统筹协调、组织专家授课和考核，各市卫生健康委"
        "负责组织学员报名，确保每个县至少派出2名业务骨干参加，培训结束后进行结业考试，"
        "考试合格者颁发结业证书并纳入继续医学教育学分管理。",
    ],
)
def test_content_stays(text: str) -> None:
    kept = [line for line in remove_furniture(text).split("\n") if line.strip()]
    marks = ("- 1 -", "- 2 -", "- 3 -")
    assert kept == [line for line in text.split("\n") if line.strip() and line not in marks]


def test_page_numbers_run_on_past_a_table_of_row_numbers() -> None:
    # Pages 1-5, a table numbering its rows 1-12 on page 5, then pages 6-30: the row numbers
    # 6-12 would carry a greedy run on from page 5 and leave pages 6-12 in the text.
    pages = "".join(f"正文第{n}页的文字,\n{n}\n" for n in range(1, 6))
    rows = "".join(f"{n}\n指标{n}\n" for n in range(1, 13))
    later = "".join(f"卫生健康委第{n}项工作,\n{n}\n由卫生健康委牵头。\n" for n in range(6, 31))
    text = remove_furniture(pages + rows + later)
    after_table = text.split("指标12\n")[1]
    assert not any(line.isdigit() for line in after_table.split("\n"))
    assert after_table.count("卫生健康委第") == 25
    assert "\n12\n指标12" in text
