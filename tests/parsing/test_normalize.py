"""Normalization: pinyin, script, punctuation, PDF layout artifacts and mojibake repair."""

from __future__ import annotations

import pytest

from parsing.mojibake import is_damaged, repair
from parsing.normalize import fix_layout, normalize, remove_pinyin


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
    ],
)
def test_remove_pinyin(text: str, expected: str) -> None:
    assert remove_pinyin(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Page footers of PDF extraction disappear.
        ("第一段。\n— 7 —\n第二段。", "第一段。\n第二段。"),
        ("第一段。\n- 12 -\n第二段。", "第一段。\n第二段。"),
        # A bare number line is content (a table cell), not a footer.
        ("指标\n12", "指标\n12"),
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
