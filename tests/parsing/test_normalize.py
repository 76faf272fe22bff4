"""Normalization: pinyin, script, punctuation, PDF layout artifacts and mojibake repair."""

from __future__ import annotations

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.mojibake import is_damaged, repair
from healthplans.parsing.normalize import (
    SourceForms,
    fix_layout,
    normalize,
    remove_pinyin,
    unwrap,
)
from healthplans.parsing.page_furniture import remove_furniture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A tone-marked reading after a character is removed.
        ("醫(yī)療", "醫療"),
        # Full-width parentheses around pinyin are removed too.
        ("衛（wèi）生", "衛生"),
        # Multi-letter syllable with ü.
        ("綠(lǜ)色", "綠色"),
        # Real parentheses stay: qualifiers, abbreviations, clause labels, annotations.
        ("執業(助理)醫師", "執業(助理)醫師"),
        ("按病種分值付費(DIP)", "按病種分值付費(DIP)"),
        ("(一)指導思想", "(一)指導思想"),
        ("(責任單位:市衛健委)", "(責任單位:市衛健委)"),
        # Toneless Latin letters are not pinyin as far as the rule knows: "(a)" survives.
        ("情形(a)", "情形(a)"),
        # A PDF line break inside the reading or before it goes with the reading.
        ("動態調(dià\nn)整機制", "動態調整機制"),
        ("監(jiān\n)督", "監督"),
        ("深化醫(\nyī)藥", "深化醫藥"),
        ("醫務\n(wù)人員", "醫務人員"),
        # A break after the reading may end the paragraph: it stays.
        ("體系建設(shè)\n(二)完善", "體系建設\n(二)完善"),
        # A line that starts with letters and ")" but no "(" is not a reading.
        ("表\nyī)x", "表\nyī)x"),
        # Two breaks inside one pair of parentheses are not a cut reading.
        ("甲(shè\n\nn)乙", "甲(shè\n\nn)乙"),
    ],
)
def test_remove_pinyin(text: str, expected: str) -> None:
    assert remove_pinyin(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Stray blanks between CJK characters, and between CJK and digits.
        ("医疗卫生 服务体系", "医疗卫生服务体系"),
        ("到 2025年,医师数达 2.9 人。", "到2025年,医师数达2.9人。"),
        ("体系完整、 分工明确。", "体系完整、分工明确。"),
        # A list marker added by text extraction is dropped.
        ("- (一)指导思想。", "(一)指导思想。"),
        (" - 2.提高能力。", "2.提高能力。"),
        # A paragraph cut by a page break is joined, even across a blank line.
        (
            "中西医发展更加协调,每千人口执业(助理)\n\n医师数达2.9人。",
            "中西医发展更加协调,每千人口执业(助理)医师数达2.9人。",
        ),
        # A heading line without a full stop is not glued to the body below it.
        (
            "一、总体要求\n深入贯彻落实党的二十大精神。",
            "一、总体要求\n深入贯彻落实党的二十大精神。",
        ),
        # A signature is not glued to its date.
        ("阳泉市人民政府\n2024年2月22日", "阳泉市人民政府\n2024年2月22日"),
        # A paragraph ending in an agency annotation is complete.
        (
            "加强人才培养,完善机制。(牵头单位:市卫生健康委)\n3.夯实基层。",
            "加强人才培养,完善机制。(牵头单位:市卫生健康委)\n3.夯实基层。",
        ),
    ],
)
def test_fix_layout(text: str, expected: str) -> None:
    assert fix_layout(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_text", "script"),
    [
        # Full-width punctuation becomes ASCII; curly quotes and 〔〕 stay.
        ("（一）目标：到２０２５年；“三特兴医”。", "(一)目标:到2025年;“三特兴医”。", "simplified"),
        ("阳政发〔2024〕3号", "阳政发〔2024〕3号", "simplified"),
        # Circled numbers label clauses and must survive (NFKC would turn ① into 1).
        ("①加强领导", "①加强领导", "simplified"),
        # Traditional text is converted; the original script is recorded.
        ("醫(yī)療衛(wèi)生" * 12, "医疗卫生" * 12, "traditional"),
        # OpenCC leaves 甯 unconverted; the fix-up map handles it.
        ("安甯療護醫療衛生機構體系" * 5, "安宁疗护医疗卫生机构体系" * 5, "traditional"),
    ],
)
def test_normalize_text_and_script(text: str, expected_text: str, script: str) -> None:
    result = normalize(text)
    assert result.text == expected_text
    assert result.script == script
    assert result.original == text


@pytest.mark.parametrize(
    ("damaged", "recovered"),
    [
        # Lost lead byte 0xB1 of 保: "醫保基金監管".
        ("健全醫(yī)?;\ue2ae鸨O(jiān)管機制。", "健全醫(yī)保基金監(jiān)管機制。"),
        # Junk pinyin fragment "qū)" between the "?" and the run is dropped.
        ("穩妥有序?qū)嵤┽t(yī)療服務", "穩妥有序實施醫(yī)療服務"),
        # The lost byte was half of a full-width space before a clause label.
        (" ?。ǘ\ue491\ue198\ue294┩晟漆t(yī)療衛生", " \u3000（二十六）完善醫(yī)療衛生"),
        # "?" inside the run was a full-width question mark in the byte stream.
        ("區域中醫(??疲┰\\療中心建設", "區域中醫(專科）診療中心建設"),
    ],
)
def test_mojibake_repair_on_seed_004_regions(damaged: str, recovered: str) -> None:
    assert is_damaged(damaged)
    result = repair(damaged)
    assert result.text == recovered
    assert result.repaired == 1
    assert result.unrecovered == ()


def test_mojibake_unrecoverable_character_is_flagged() -> None:
    # 標's trail byte was swallowed together with "(": the run is repaired up to it, then flagged.
    line = "醫(yī)?;\ue2ae鸢聪嗤\ue0d0闹Ц稑?biāo)準(zhǔn)進行結算"
    result = repair(line)
    assert result.text.startswith("醫(yī)保基金按相同的支付?biāo)")
    assert len(result.unrecovered) == 1


@pytest.mark.parametrize(
    "clean",
    [
        # Ordinary questions, abbreviations and Latin text are not damage.
        "是否达标?请各地报告。",
        "按病种分值付费(DIP)和疾病诊断相关分组(DRG)",
        "P2+实验室和ICD-10编码",
    ],
)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert repair(clean).text == clean


def test_seed_004_is_repaired_and_simplified(seed_texts: dict[str, str]) -> None:
    result = normalize(seed_texts["004_da6d3a81d6ca09b7"])
    assert result.script == "traditional"
    assert result.mojibake_repaired == 5
    assert result.pinyin_removed > 800
    assert "(二十六)完善医疗卫生行业综合监管协调和督察机制。" in result.text
    assert "(十六)健全医保基金监管机制。" in result.text


@pytest.mark.parametrize("stem", ["000_6df9cd99be9aa381", "001_c28985a53e9e0c4c"])
def test_simplified_seeds_need_no_repair(seed_texts: dict[str, str], stem: str) -> None:
    result = normalize(seed_texts[stem])
    assert result.script == "simplified"
    assert result.mojibake_repaired == 0
    assert result.pinyin_removed == 0
    assert "— 7 —" not in result.text


# Paragraphs as a PDF sets them: indented two characters, wrapped every 12 characters.
_PARAGRAPHS = [
    "一、总体要求",
    "到2025年,医疗卫生服务体系进一步健全,每千人口执业(助理)医师数达2.9人。",
    "(一)健全医疗卫生机构和医务人员绩效考核机制。完善三级公立医院绩效考核,启动二级公立医院绩效考核。",
    "(二)完善医疗服务价格动态调整机制。探索建立公立医疗机构医疗服务价格监测评估机制。",
]


def _typeset(paragraphs: list[str], width: int, indent: str) -> str:
    lines = []
    for paragraph in paragraphs:
        text = indent + paragraph
        lines += [text[i : i + width] for i in range(0, len(text), width)]
    return "\n".join(lines)


@pytest.mark.parametrize("width", [12, 13, 17])
@pytest.mark.parametrize(
    "indent",
    [
        # Indentation extracted as ideographic spaces marks every paragraph start.
        "\u3000\u3000",
        # Without it, a full line is joined unless its punctuation or the next label ends it.
        "",
    ],
)
def test_unwrap_restores_paragraphs(width: int, indent: str) -> None:
    text, _ = unwrap(_typeset(_PARAGRAPHS, width, indent))
    assert [line.strip() for line in text.split("\n")] == _PARAGRAPHS


def test_unwrap_joins_across_a_page_footer() -> None:
    text = _typeset(_PARAGRAPHS * 2, 12, "\u3000\u3000").split("\n")
    text.insert(5, "— 1 —")
    joined, paragraphs_known = unwrap(remove_furniture("\n".join(text)))
    assert [line.strip() for line in joined.split("\n")] == _PARAGRAPHS * 2
    # Indentation marked every paragraph start, so no later guessing from punctuation is needed.
    assert paragraphs_known


@pytest.mark.parametrize(
    "text",
    [
        # One paragraph a line, lengths all different: not hard-wrapped, left alone.
        "\n".join(_PARAGRAPHS),
        # Few lines of one length are a coincidence, not a measure.
        "甲乙丙丁戊己庚辛壬癸子丑\n甲乙丙丁戊己庚辛壬癸子丑\n短行",
    ],
)
def test_unwrap_leaves_unwrapped_text_alone(text: str) -> None:
    assert unwrap(text) == (text, False)


def test_wrapped_pinyin_text_normalizes_like_the_original() -> None:
    # Readings make the printed lines longer than the text they leave behind.
    paragraphs = [
        "三、深化公立醫(yī)院綜合改革",
        "(十一)完善醫(yī)療服務(wù)價格動態(tài)調(diào)整機制。探索建立公立醫(yī)療機構(gòu)醫(yī)療服務(wù)價格監(jiān)測評估機制。",
        "(十二)深化薪酬制度改革。全面推開公立醫(yī)院薪酬制度改革,推動薪酬總量核定常態(tài)化。",
    ]
    original = "\n".join(paragraphs * 3)
    for width in (14, 22, 31):
        assert normalize(_typeset(paragraphs * 3, width, "\u3000\u3000")).text == (
            normalize(original).text
        )


def test_zero_width_characters_are_removed() -> None:
    assert normalize("一、总体原则\u200b\n(一)坚持\u200d统一\u2060领导\n").text.startswith(
        "一、总体原则\n(一)坚持统一领导"
    )


def test_source_forms_give_back_printed_punctuation() -> None:
    source = "（一）提高意识，推进建设\n（二）加强保障，落实责任\n（一）提高意识，推进建设"
    forms = SourceForms(source)
    heading, end = forms.find("提高意识,推进建设")
    assert heading == "提高意识，推进建设"
    assert forms.label_before("(一)", end - len(heading)) == "（一）"
    # The search moves on: the second occurrence is found past the first (offsets count the
    # source without its line breaks).
    assert forms.find("提高意识,推进建设", end)[1] == len(source.replace("\n", ""))
    # A heading cut over two lines is found as one.
    cut = SourceForms("（一）提高意识，\n推进建设")
    assert cut.find("提高意识,推进建设")[0] == "提高意识，推进建设"
    # Text the source does not hold verbatim stays as normalized.
    assert forms.find("不在原文", 0) == ("不在原文", -1)
    assert SourceForms("(一)全是半角,").find("全是半角,") == ("全是半角,", -1)


def test_source_forms_find_the_labelled_heading_past_its_words_in_the_body() -> None:
    source = (
        "二、指标体系\n指标由医疗质量、运营效率构成。\n（一）医疗质量。提供服务。\n（二）运营效率。"
    )
    forms = SourceForms(source)
    label, heading, end = forms.find_heading("(一)", "医疗质量")
    assert (label, heading) == ("（一）", "医疗质量")
    assert forms.find_heading("(二)", "运营效率", end)[0] == "（二）"
    # With no labelled occurrence, the first one is taken and the label is left to the caller.
    assert forms.find_heading("(三)", "指标体系")[:2] == (None, "指标体系")


def test_parsed_headings_keep_the_printed_punctuation() -> None:
    text = (
        "一、总体要求\n（一）提高意识，推进建设。内容。\n（二）加强保障。内容。\n"
        "二、保障措施\n内容。\n"
    )
    clauses = parse_document(text).clauses
    assert [(c.path, c.label, c.heading) for c in clauses[1:3]] == [
        ("一/(一)", "（一）", "提高意识，推进建设"),
        ("一/(二)", "（二）", "加强保障"),
    ]


def test_lookalike_ideographs_become_standard() -> None:
    # Kangxi radicals ⼀ (U+2F00) and ⾏ (U+2F8F), supplement radical ⻔ (U+2ED4).
    text = normalize("二、重点任务\n（\u2f00）跨部\u2ed4专项\u2f8f动\n").text
    assert "(一)跨部门专项行动" in text
    heading = parse_document(
        "一、总体\n内容。\n二、重点任务\n（\u2f00）跨部\u2ed4专项\u2f8f动\n内容。\n"
    )
    assert [c.heading for c in heading.clauses][-1] == "跨部门专项行动"


def test_page_and_line_breaks_of_any_kind_end_a_line() -> None:
    # pdftotext puts a form feed before the first line of a page: "3." starts a line there.
    text = normalize("一、甲\n1.乙。\n2.丙。\x0c3.丁。\u20284.戊。").text
    assert text.split("\n") == ["一、甲", "1.乙。", "2.丙。", "3.丁。", "4.戊。"]
