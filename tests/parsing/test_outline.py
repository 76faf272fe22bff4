"""Outline: exact paths, labels, headings and counts on the seeds, plus general numbering cases."""

from __future__ import annotations

from typing import Any

import pytest

from healthplans.parsing.model import ParsedDocument
from healthplans.parsing.normalize import normalize
from healthplans.parsing.outline import cn_number, count_levels, parse_outline

SEEDS = ["000_6df9cd99be9aa381", "001_c28985a53e9e0c4c", "004_da6d3a81d6ca09b7"]


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_outline_equals_gold(
    parsed_seeds: dict[str, ParsedDocument], golds: dict[str, dict[str, Any]], stem: str
) -> None:
    got = [(c.path, c.label, c.heading) for c in parsed_seeds[stem].clauses]
    want = [(o["path"], o["label"], o["heading"]) for o in golds[stem]["outline"]]
    assert got == want


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_counts_equal_gold(
    parsed_seeds: dict[str, ParsedDocument], golds: dict[str, dict[str, Any]], stem: str
) -> None:
    assert count_levels(parsed_seeds[stem].clauses) == golds[stem]["counts"]


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十六", 26)])
def test_cn_number(text: str, value: int) -> None:
    assert cn_number(text) == value


def _paths(text: str) -> list[str]:
    return [c.path for c in parse_outline(text)]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        # Numbering restarts under each parent.
        (
            "一、甲\n(一)乙。正文\n(二)丙。\n二、丁\n(一)戊。",
            ["一", "一/(一)", "一/(二)", "二", "二/(一)"],
        ),
        # Numbering runs on across parents.
        (
            "一、甲\n(一)乙。\n(二)丙。\n二、丁\n(三)戊。",
            ["一", "一/(一)", "一/(二)", "二", "二/(三)"],
        ),
        # A plan without 一、 headings starts at (一).
        ("(一)甲。\n1.乙。\n2.丙。\n(二)丁。", ["(一)", "(一)/1", "(一)/2", "(二)"]),
        # A number that breaks the sequence is body text, not a heading.
        ("一、甲\n1.乙。\n2024.1起执行。\n5.不连续。\n2.丙。", ["一", "一/1", "一/2"]),
        # A decimal at the start of a line is not a label.
        ("一、甲\n2.9人以上。", ["一"]),
        # Deeper styles: (1) and ①.
        (
            "一、甲\n(一)乙。\n1.丙。\n(1)丁。\n①戊。",
            ["一", "一/(一)", "一/(一)/1", "一/(一)/1/(1)", "一/(一)/1/(1)/①"],
        ),
        # Text before the first heading is not a clause; an annex ends the outline.
        ("通知正文。\n一、甲\n二、乙\n附件\n一、指标", ["一", "二"]),
        ("一、甲\n二、乙\n附件一\n一、指标", ["一", "二"]),
        ("一、甲\n二、乙\n附表1 重点任务分工\n1.任务", ["一", "二"]),
        # 一. for 一、 and 1) below (1), labels as printed.
        (
            "一.甲\n(一)乙。\n1.丙。\n(1)丁。\n1)戊。\n2)己。\n二.庚",
            [
                "一",
                "一/(一)",
                "一/(一)/1",
                "一/(一)/1/(1)",
                "一/(一)/1/(1)/1",
                "一/(一)/1/(1)/2",
                "二",
            ],
        ),
        # A blank left by extraction between a number and its mark.
        ("一、甲\n1 .乙。\n2.丙。", ["一", "一/1", "一/2"]),
        # A heading and the first one under it printed on one line.
        (
            "一、总体要求(一)指导思想。坚持。\n(二)目标。\n二、主要任务1.加强领导。\n2.完善。",
            ["一", "一/(一)", "一/(二)", "二", "二/1", "二/2"],
        ),
        # Run-in enumerations are body text.
        ("一、甲\n一是加强领导,二是完善机制。", ["一"]),
    ],
)
def test_outline_numbering(text: str, paths: list[str]) -> None:
    assert _paths(text) == paths


@pytest.mark.parametrize(
    ("text", "heading", "body"),
    [
        # Heading ends at the first full stop; the rest of the line is body.
        (
            "(一)指导思想。以习近平新时代中国特色社会主义思想为指导。",
            "指导思想",
            "以习近平新时代中国特色社会主义思想为指导。",
        ),
        # A heading line without a full stop: the body starts on the next line.
        ("一、总体要求\n深入贯彻落实。", "总体要求", "深入贯彻落实。"),
        # A heading cut by a PDF line break is rejoined.
        ("(一)优化资源配置,推进能力\n现代化\n1.加强人才。", "优化资源配置,推进能力现代化", ""),
        # A short heading closed by a colon is run in too; a colon after prose is not.
        ("(一)工作目标:到2025年,建成体系。", "工作目标", "到2025年,建成体系。"),
        ("1.以县为单位,整合资源:建设医共体。", "以县为单位,整合资源:建设医共体", ""),
    ],
)
def test_heading_and_body(text: str, heading: str, body: str) -> None:
    first = parse_outline(text)[0]
    assert (first.heading, first.body) == (heading, body)


def test_clause_fields() -> None:
    clauses = parse_outline("一、甲\n(一)乙。丙。\n丁。")
    assert [(c.depth, c.parent_path, c.ordinal) for c in clauses] == [(1, None, 0), (2, "一", 1)]
    assert clauses[1].body == "丙。\n丁。"
    assert clauses[1].label == "(一)"


def test_an_arabic_label_keeps_its_printed_mark() -> None:
    assert [c.label for c in parse_outline("一、甲\n1、乙。\n2.丙。")] == ["一、", "1、", "2."]


def test_a_stray_mark_after_a_bracketed_label_belongs_to_the_label() -> None:
    clauses = parse_outline(
        "一、主要任务\n(一)、开展城乡环境整治\n(二).加强病媒生物防制\n(1)、清理积水"
    )
    assert [(c.path, c.label, c.heading) for c in clauses] == [
        ("一", "一、", "主要任务"),
        ("一/(一)", "(一)、", "开展城乡环境整治"),
        ("一/(二)", "(二).", "加强病媒生物防制"),
        ("一/(二)/(1)", "(1)、", "清理积水"),
    ]


def test_a_label_printed_twice_in_a_row_gets_a_suffix() -> None:
    text = (
        "一、指导思想\n内容。\n一、工作目标\n内容。\n二、工作内容\n(一)组织领导。内容。\n"
        "(二)工作机制。内容。\n1.制度。内容。\n"
    )
    paths = [c.path for c in parse_outline(text)]
    assert paths == ["一", "一~2", "二", "二/(一)", "二/(二)", "二/(二)/1"]


def test_a_list_numbered_again_under_a_caption_gets_a_run_suffix() -> None:
    # Items for families, then for government, each numbered from 1 under one action.
    text = (
        "(一)健康知识普及行动\n——个人和家庭:\n1.正确认识健康。\n2.科学就医。\n"
        "——社会和政府:\n1.建立专家库。\n2.开展促进活动。\n(二)合理膳食行动\n1.对于一般人群。"
    )
    assert _paths(text) == [
        "(一)", "(一)/1", "(一)/2", "(一)/1~2", "(一)/2~2", "(二)", "(二)/1",
    ]  # fmt: skip
    # Without a caption a restart is body text: "1." in a paragraph after item 2.
    assert _paths("(一)甲\n1.乙。\n2.丙。\n其中:\n是\n1.不是标题。") == ["(一)", "(一)/1", "(一)/2"]


def test_a_repeat_after_children_is_not_a_clause() -> None:
    # 一、 after a child of 一、 is not "printed twice in a row": it stays text.
    text = "一、总体要求\n(一)目标。内容。\n一、主要任务\n内容。\n二、保障\n内容。\n"
    assert [c.path for c in parse_outline(text)] == ["一", "一/(一)", "二"]


def test_volumes_over_chapters_and_a_table_of_contents_is_skipped() -> None:
    text = (
        "目录\n序言\n第一篇 总体战略\n第一章 指导思想\n第二章 战略目标\n"
        "第二篇 普及健康生活\n第三章 加强健康教育\n"
        "序言\n健康是促进人的全面发展的必然要求。\n"
        "第一篇 总体战略\n第一章 指导思想\n内容。\n第二章 战略目标\n内容。\n"
        "第二篇 普及健康生活\n第三章 加强健康教育\n第一节 提高全民健康素养\n内容。\n"
    )
    clauses = parse_outline(text)
    assert [c.path for c in clauses] == [
        "第一篇", "第一篇/第一章", "第一篇/第二章", "第二篇", "第二篇/第三章",
        "第二篇/第三章/第一节",
    ]  # fmt: skip
    assert clauses[1].body == "内容。"


def test_contents_entries_with_dot_leaders_are_no_headings() -> None:
    # No 目录 line: entries are told by their leaders and page numbers, even when a paragraph
    # was joined to one.
    text = (
        "一、总体要求..............7\n(一)指导思想…………7\n二、主要行动........9概述的文字。\n"
        "一、总体要求\n(一)指导思想\n内容。\n二、主要行动\n内容。\n"
    )
    assert [c.path for c in parse_outline(text)] == ["一", "一/(一)", "二"]


def test_without_a_repeat_the_contents_are_kept() -> None:
    text = "目录\n一、总体要求\n内容。\n二、主要行动\n内容。\n"
    assert [c.path for c in parse_outline(text)] == ["一", "二"]


def test_a_bare_label_over_a_vertically_printed_cell_is_no_heading() -> None:
    text = (
        "一、主要指标\n指标表如下。\n(四)\n控\n烟\n行\n动\n"
        "二、重大行动\n(一)健康知识普及行动\n内容。\n"
    )
    assert [c.path for c in parse_outline(text)] == ["一", "二", "二/(一)"]


def test_a_notice_with_numbered_points_of_its_own_is_not_the_outline() -> None:
    from healthplans.parsing import parse_document

    text = (
        "某市人民政府办公室关于印发某市卫生健康实施方案的通知\n各县(市、区)人民政府:\n"
        "现将《某市卫生健康实施方案》印发给你们,并提出以下要求。\n一、高度重视。要提高认识。\n"
        "二、狠抓落实。要细化措施。\n某市人民政府办公室\n2024年7月3日\n"
        "某市卫生健康\n实施方案\n为推进建设,制定本方案。\n一、总体要求\n(一)工作目标。\n"
        "二、重点任务\n"
    )
    parsed = parse_document(text)
    assert parsed.meta.title == "某市卫生健康实施方案"
    assert [c.path for c in parsed.clauses] == ["一", "一/(一)", "二"]
    assert parsed.clauses[0].heading == "总体要求"
    # Without numbered points before it, the title changes nothing.
    assert [c.path for c in parse_outline("通知\n正文\n方案\n一、甲\n二、乙", "方案")] == [
        "一",
        "二",
    ]


def test_a_signed_notice_with_points_before_a_plan_without_its_title() -> None:
    # The notice's 一、二、 are signed and dated; the plan after them numbers anew from 一、.
    text = (
        "关于印发某方案的通知\n各单位:\n现印发给你们,并提出以下要求。\n一、高度重视。要提高认识。\n"
        "二、狠抓落实。要细化。\n某市人民政府办公室\n2024年7月3日\n一、总体要求\n(一)工作目标。\n"
        "二、重点任务\n"
    )
    assert [(c.path, c.heading) for c in parse_outline(text)] == [
        ("一", "总体要求"), ("一/(一)", "工作目标"), ("二", "重点任务"),
    ]  # fmt: skip
    # A date line with no organ over it restarts nothing.
    assert _paths("一、甲\n二、乙\n2024年7月3日\n一、丙\n三、丁") == ["一", "二", "三"]


def _headings(text: str) -> list[tuple[str, str]]:
    return [(c.path, c.heading) for c in parse_outline(normalize(text).text)]


def test_a_heading_cut_by_the_page_width_ends_on_the_next_line() -> None:
    text = (
        "二、主要任务\n（一）建立健全分级分层分流的重大疫情救治体系和应急物资\n保障体系\n"
        "加快建设重大疫情救治基地。\n（二）加强人才\n1.推进县级医院综合能力\n提升。支持县级医院建设胸痛中心。\n"
        "2.加强培训。\n三、保障措施\n"
    )
    assert _headings(text) == [
        ("二", "主要任务"),
        ("二/(一)", "建立健全分级分层分流的重大疫情救治体系和应急物资保障体系"),
        ("二/(二)", "加强人才"),
        ("二/(二)/1", "推进县级医院综合能力提升"),
        ("二/(二)/2", "加强培训"),
        ("三", "保障措施"),
    ]
    # A short heading over body text stays as it is.
    assert _headings("一、总体要求\n（一）指导思想\n坚持预防为主。\n（二）工作目标。\n") == [
        ("一", "总体要求"), ("一/(一)", "指导思想"), ("一/(二)", "工作目标"),
    ]  # fmt: skip


def test_a_label_alone_on_its_line_takes_the_next_line_as_heading() -> None:
    assert _headings("一、\n规划背景\n二、\n总体要求\n（一）\n指导思想\n坚持以人民为中心。\n") == [
        ("一", "规划背景"), ("二", "总体要求"), ("二/(一)", "指导思想"),
    ]  # fmt: skip


def test_hospital_tiers_at_a_line_start_are_no_label() -> None:
    text = (
        "一、工作目标\n到2025年,全市二级以上医院全部设置发热门诊,\n二、三级医院预约诊疗率达到50%。\n"
        "二、主要任务\n（一）提升医院能力。\n"
    )
    assert [path for path, _ in _headings(text)] == ["一", "二", "二/(一)"]


def test_a_plan_printed_from_its_second_part_keeps_its_numbers() -> None:
    second = "某方案\n二、工作任务\n（一）优化资源配置\n1.优化布局。\n"
    assert [p for p, _ in _headings(second)] == ["二", "二/(一)", "二/(一)/1"]
    assert [p for p, _ in _headings("某方案\n三、重点任务\n推进建设。\n四、保障措施\n")] == [
        "三",
        "四",
    ]
    # A lone figure with nothing after it starts nothing.
    assert _headings("某方案\n三、重点任务\n推进建设。\n") == []


def test_a_skipped_number_keeps_its_printed_number() -> None:
    text = "二、主要任务\n（一）加强基层。\n（二）强化公共卫生。\n（四）发展中医药。\n三、保障\n"
    assert [p for p, _ in _headings(text)] == ["二", "二/(一)", "二/(二)", "二/(四)", "三"]
    # Arabic numbers in body text may skip: they are not read as labels.
    assert [p for p, _ in _headings("一、任务\n1.甲。\n2.乙。\n4.丙。\n")] == ["一", "一/1", "一/2"]


def test_notes_colons_and_single_character_numbers_in_headings() -> None:
    text = (
        "一、主要任务：\n1.实施健康知识普及行动【牵头单位：市卫健委】\n2.提升服务能力\n⑴开展产前筛查。\n"
        "⑵开展新生儿疾病筛查。\n3.实施控烟行动（牵头单位：市卫健委）全面推进无烟建设。\n⒋加强宣传。\n"
    )
    assert _headings(text) == [
        ("一", "主要任务"),
        ("一/1", "实施健康知识普及行动"),
        ("一/2", "提升服务能力"),
        ("一/2/(1)", "开展产前筛查"),
        ("一/2/(2)", "开展新生儿疾病筛查"),
        ("一/3", "实施控烟行动"),
        ("一/4", "加强宣传"),
    ]


def test_a_page_s_links_after_the_text_are_not_the_outline() -> None:
    text = (
        "一、总体要求\n二、主要任务\n1.改善环境卫生。\n相关链接:\n1.国务院办公厅\n2.省卫生健康委\n"
    )
    assert [p for p, _ in _headings(text)] == ["一", "二", "二/1"]
