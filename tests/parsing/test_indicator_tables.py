"""Targets from planning tables (指标 | 2020年 | 2025年 | 指标性质) in a DOCX file generated here
and in a layout print's text, where blanks separate the cells."""

from __future__ import annotations

from healthplans.parsing import parse_document
from healthplans.parsing.formats import read_document
from tests.office_files import docx_document

PLAN = [
    "某市“十四五”卫生健康发展规划",
    "第一章 发展目标",
    "到2025年,基本建成优质高效的医疗卫生服务体系。",
    "表1 主要指标",
]
ROWS = [
    ["领域", "主要指标", "2020年", "2025年", "指标性质"],
    ["健康水平", "人均预期寿命(岁)", "79.6", "≥80.5", "预期性"],
    ["健康水平", "婴儿死亡率(‰)", "2.6", "≤3", "约束性"],
    ["卫生资源", "每千人口执业(助理)医师数(人)", "3.3", "3.6", "预期性"],
    ["卫生资源", "县域内就诊率(%)", "85", "持续提高", "预期性"],
]
EXPECTED = [
    ("第一章", "人均预期寿命", ">=", 80.5, "岁", 2025),
    ("第一章", "婴儿死亡率", "<=", 3.0, "‰", 2025),
    ("第一章", "每千人口执业(助理)医师数", "=", 3.6, "人", 2025),
]


def _targets(text: str) -> list[tuple]:
    parsed = parse_document(text)
    return [(t.path, t.indicator, t.comparator, t.value, t.unit, t.year) for t in parsed.targets]


def test_a_docx_planning_table_gives_one_target_per_row() -> None:
    text = read_document(docx_document(PLAN, ROWS)).text
    assert _targets(text) == EXPECTED


def test_a_layout_print_of_the_table_is_read_the_same() -> None:
    rows = ["    ".join(row) for row in ROWS]
    text = "\n".join([*PLAN, *rows, "第二章 主要任务", "加强建设。"])
    assert _targets(text) == EXPECTED
    # The per of a per-capita indicator is its normalizer.
    assert parse_document(text).targets[2].per == "每千人口"


def test_the_baseline_column_and_a_table_without_years_give_nothing() -> None:
    # Only the 2020 column: in a document of 2022 it is the baseline.
    rows = ["\t".join(row[:3]) for row in ROWS]
    text = "\n".join(["某市规划", "2022年3月1日", "第一章 目标", *rows])
    assert _targets(text) == []
    assert _targets("某市规划\n第一章 目标\n指标\t数值\n人均预期寿命(岁)\t80") == []
