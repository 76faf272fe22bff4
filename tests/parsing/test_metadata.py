"""Metadata on the seeds (every field equals the gold) and on small general cases."""

from __future__ import annotations

from typing import Any

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.metadata import doc_type_of, extract_meta, iso_date, normalize_doc_number
from healthplans.parsing.model import DOCUMENT_FIELDS, ParsedDocument, SourceHints
from healthplans.parsing.normalize import normalize
from healthplans.parsing.regions import find_region

SEEDS = ["000_6df9cd99be9aa381", "001_c28985a53e9e0c4c", "004_da6d3a81d6ca09b7"]
FIELDS = list(DOCUMENT_FIELDS)


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("field", FIELDS)
def test_seed_metadata_equals_gold(
    parsed_seeds: dict[str, ParsedDocument], golds: dict[str, dict[str, Any]], stem: str, field: str
) -> None:
    assert getattr(parsed_seeds[stem].meta, field) == golds[stem]["document"][field]


@pytest.mark.parametrize(
    ("name", "code", "level"),
    [
        # City named alone.
        ("亳州市人民政府办公室", "341600", "city"),
        ("阳泉市人民政府", "140300", "city"),
        # Province.
        ("甘肃省人民政府办公厅", "620000", "province"),
        # District of a municipality: no city level in between.
        ("重庆市北碚区人民政府办公室", "500109", "county"),
        # District created in 2020 (formerly 海门市 320684).
        ("南通市海门区卫生健康委员会", "320614", "county"),
        # Autonomous region with a long suffix.
        ("广西壮族自治区卫生健康委员会", "450000", "province"),
        # A district written alone; a county-level city alone.
        ("顺德区镇街蚊媒传染病流调指挥分中心建设指引", "440606", "county"),
        ("句容市卫生健康委员会", "321183", "county"),
    ],
)
def test_find_region(name: str, code: str, level: str) -> None:
    region = find_region(name)
    assert region is not None
    assert (region.code, region.admin_level) == (code, level)


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("顺德区卫生健康局", "佛山市顺德区"),
        ("句容市卫生健康委员会", "句容市"),
        # a municipality's districts are named with the municipality
        ("北碚区人民政府办公室", "重庆市北碚区"),
        ("浦东新区卫生健康委员会", "上海市浦东新区"),
        # short forms of autonomous areas are written out
        ("阜蒙县人民政府", "阜新蒙古族自治县"),
        ("长阳县卫生健康局", "长阳土家族自治县"),
        ("恩施州人民政府", "恩施土家族苗族自治州"),
    ],
)
def test_district_alone_is_named_with_its_city(name: str, region: str) -> None:
    found = find_region(name)
    assert found is not None and found.name == region


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("国务院办公厅关于加强三级公立医院绩效考核工作的意见\n国办发〔2019〕4号", "国务院办公厅"),
        ("关于印发某某工作方案的通知\n国卫医发〔2020〕3号", None),
        ("教育部关于印发某某行动计划的通知", "教育部"),
    ],
)
def test_central_government_documents_are_national(head: str, issuer: str | None) -> None:
    text = head + "\n一、总体要求\n内容。\n"
    meta = extract_meta(text, normalize(text))
    assert (meta.region, meta.region_code, meta.admin_level) == ("全国", "100000", "national")
    assert meta.issuer == issuer


def test_provincial_document_is_not_national() -> None:
    text = "海南省卫生健康委员会关于印发某某工作方案的通知\n一、总体要求\n内容。\n"
    meta = extract_meta(text, normalize(text))
    assert (meta.region_code, meta.admin_level) == ("460000", "province")


def test_national_issuer_has_no_region() -> None:
    assert find_region("国务院办公厅") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("亳政办[2024]2号", "亳政办〔2024〕2号"),
        ("国办发(2019)4号", "国办发〔2019〕4号"),
        ("阳政发〔2024〕3号", "阳政发〔2024〕3号"),
        ("没有文号", None),
    ],
)
def test_normalize_doc_number(raw: str, expected: str | None) -> None:
    assert normalize_doc_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024年1月14日", "2024-01-14"),
        ("2024-2-29", "2024-02-29"),
        ("2020/09/24", "2020-09-24"),
        ("2024年13月1日", None),
    ],
)
def test_iso_date(raw: str, expected: str | None) -> None:
    assert iso_date(raw) == expected


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("阳泉市进一步完善医疗卫生服务体系实施方案", "实施方案"),
        ("甘肃省深化医药卫生体制改革2020年下半年重点工作任务及分工", "重点工作任务"),
        ("国务院办公厅关于加强三级公立医院绩效考核工作的意见", "意见"),
        # A trailing period in parentheses does not hide the genre.
        ("中医药发展战略规划纲要(2016—2030年)", "规划"),
        ("某某市医疗机构管理办法", "办法"),
        ("某某市卫生健康工作要点", "工作要点"),
        ("阜新蒙古族自治县“将健康融入所有政策”工作指导方案", "指导方案"),
        ("海南省健康体重管理与健康食品产业发展行动", "行动计划"),
        ("某某区流调指挥分中心规范化、标准化建设指引", "建设指引"),
    ],
)
def test_doc_type(title: str, genre: str) -> None:
    assert doc_type_of(title) == genre


def test_hints_fill_gaps_but_text_wins() -> None:
    text = (
        "某某市卫生健康委员会关于印发某某市健康促进行动方案的通知\n某卫发〔2023〕7号\n一、总体要求"
    )
    normalized = normalize(text)
    hints = SourceHints(doc_number="某卫发〔2099〕1号", publish_date="2023-05-06")
    meta = extract_meta(normalized.text, normalized, hints)
    assert meta.doc_number == "某卫发〔2023〕7号"
    assert meta.publish_date == "2023-05-06"
    assert meta.title == "某某市健康促进行动方案"
    assert meta.doc_type == "行动方案"


def test_title_split_over_two_lines_without_notice() -> None:
    text = "国务院办公厅关于加强\n三级公立医院绩效考核工作的意见\n国办发〔2019〕4号\n一、总体要求"
    normalized = normalize(text)
    meta = extract_meta(normalized.text, normalized, None)
    assert meta.title == "国务院办公厅关于加强三级公立医院绩效考核工作的意见"
    assert meta.notice_title is None
    assert meta.issuer == "国务院办公厅"


@pytest.mark.parametrize(
    ("lines", "notice", "title"),
    [
        # The last line of a wrapped notice title may be a single word.
        (
            "阳泉市人民政府关于印发阳泉市进一步完善医疗卫生服务体系实施方案的\n通知",
            "阳泉市人民政府关于印发阳泉市进一步完善医疗卫生服务体系实施方案的通知",
            "阳泉市进一步完善医疗卫生服务体系实施方案",
        ),
        # Three lines, broken anywhere.
        (
            "某某市人民政府关于印发某某\n市健康促进行动方案的\n通知",
            "某某市人民政府关于印发某某市健康促进行动方案的通知",
            "某某市健康促进行动方案",
        ),
        # The plan named in 《》: its title without the marks.
        (
            "某某市人民政府办公厅关于印发《某某市妇幼健康服务提升三年行动计划》的通知",
            "某某市人民政府办公厅关于印发《某某市妇幼健康服务提升三年行动计划》的通知",
            "某某市妇幼健康服务提升三年行动计划",
        ),
    ],
)
def test_title_broken_across_lines(lines: str, notice: str, title: str) -> None:
    normalized = normalize(f"{lines}\n某府发〔2024〕3号\n一、总体要求")
    meta = extract_meta(normalized.text, normalized, None)
    assert (meta.notice_title, meta.title) == (notice, title)


def test_short_line_does_not_start_a_title() -> None:
    # A lone short line (a signature fragment, "附件") is no title of its own.
    normalized = normalize("方案\n某府发〔2024〕3号\n一、总体要求")
    assert extract_meta(normalized.text, normalized, None).title is None


def test_notice_heads_without_issuer_and_bracketed_organs() -> None:
    # A notice heading may start at 关于; an issuer may carry its second name in brackets on a
    # line of its own; a page line may hold several label:value pairs.
    text = (
        "某某县健康促进工作指导方案\n"
        "日期: 2020-06-18 浏览量:1283 来源:某某县健康促进办\n"
        "某某县健康建设委员会\n（爱国卫生运动委员会）\n关于印发某某县健康促进工作指导方案的通知\n"
        "各乡镇人民政府:\n一、总体要求\n"
    )
    meta = parse_document(text).meta
    assert meta.notice_title == (
        "某某县健康建设委员会（爱国卫生运动委员会）关于印发某某县健康促进工作指导方案的通知"
    )
    assert meta.publish_date == "2020-06-18"
    plain = parse_document("关于印发某某市健康促进行动方案的通知\n各单位:\n一、总体要求\n").meta
    assert plain.notice_title == "关于印发某某市健康促进行动方案的通知"
    assert plain.title == "某某市健康促进行动方案"


def test_printed_label_table_ran_together_and_the_document_beats_the_labels() -> None:
    # A PDF print of a portal page: its label table's cells run into one line; the plan's own
    # notice title and signature name the issuer and the date, the labels the site's owner.
    text = (
        "标题:某某省健康建设委员会(爱国卫生运动委员会)关于印发《某某省健康促进实施方案》的通知"
        "索引号:0000-5/2025-00123主题分类:卫生发文机关:某某省卫生健康委员会成文日期:2025年05月15日\n"
        "文号:某健爱卫〔2025〕7号发布日期:2025年05月16日\n"
        "某某省健康建设委员会\n(爱国卫生运动委员会)\n关于印发《某某省健康促进实施方案》的通知\n"
        "各市人民政府:\n现印发你们,请遵照执行。\n"
        "某某省健康建设委员会\n(爱国卫生运动委员会)(代章)\n2025年3月17日\n"
        "某某省健康促进实施方案\n一、总体要求\n内容。\n"
    )
    meta = parse_document(text).meta
    assert meta.issuer == "某某省健康建设委员会(爱国卫生运动委员会)"
    assert (meta.issue_date, meta.publish_date) == ("2025-03-17", "2025-05-16")
    assert meta.doc_number == "某健爱卫〔2025〕7号"


def test_published_heading_and_dated_line() -> None:
    text = (
        "中共中央 国务院印发《“健康某某2030”规划\n纲要》\n"
        "(2016年10月25日 中共中央、国务院发布)\n序言\n健康是……。\n第一章 指导思想\n内容。\n"
    )
    meta = parse_document(text).meta
    assert meta.title == "“健康某某2030”规划纲要"
    assert (meta.issuer, meta.issue_date) == ("中共中央、国务院", "2016-10-25")
    assert (meta.region, meta.region_code, meta.admin_level) == ("全国", "100000", "national")
    assert meta.doc_type == "规划"


def test_period_line_and_signature_under_a_title() -> None:
    text = (
        "健康某某行动\n(2019—2030年)\n健康某某行动推进委员会\n2019年7月9日\n一、总体要求\n内容。\n"
    )
    meta = parse_document(text).meta
    assert meta.title == "健康某某行动(2019—2030年)"
    assert (meta.issuer, meta.issue_date) == ("健康某某行动推进委员会", "2019-07-09")


def test_title_from_the_interpretation_link_and_genre_from_the_opening() -> None:
    text = (
        "各区人民政府:\n为推动中医药发展,现提出以下意见。\n一、总体要求\n内容。\n"
        "相关解读:《北京市人民政府关于支持中医药振兴发展的意见》解读\n"
    )
    meta = parse_document(text).meta
    assert meta.title == "北京市人民政府关于支持中医药振兴发展的意见"
    assert meta.doc_type == "意见"
    assert meta.region_code == "110000"
    untitled = parse_document("各区人民政府:\n现提出以下意见。\n一、总体要求\n内容。\n").meta
    assert (untitled.title, untitled.doc_type) == (None, "意见")


def test_a_list_of_duties_over_its_table_in_a_province_s_voice() -> None:
    text = (
        "附件1\n省级相关部门职责清单\n部门\t职责与任务\n"
        "省委宣传部\t大力宣传健康海南建设。\n省卫生健康委\t统筹推进健康海南建设,落实我省规划。\n"
    )
    meta = parse_document(text).meta
    assert (meta.title, meta.doc_type) == ("省级相关部门职责清单", "清单")
    assert (meta.region, meta.region_code, meta.admin_level) == ("海南省", "460000", "province")
    # Two provinces named as often: no region is guessed.
    both = parse_document("全省推进。海南、广东合作;海南、广东共建。\n").meta
    assert both.region is None


@pytest.mark.parametrize(
    "date_line", ["二〇二四年三月五日", "二○二四年三月五日", "(二〇二四年三月五日)"]
)
def test_a_date_in_chinese_numerals_is_read(date_line: str) -> None:
    text = (
        "某市卫生健康委员会关于印发某市行动方案的通知\n各县(市、区)卫生健康委:\n现印发给你们。\n"
        f"某市卫生健康委员会\n{date_line}\n某市行动方案\n一、总体要求\n二、主要任务"
    )
    assert parse_document(text).meta.issue_date == "2024-03-05"


def test_a_title_line_printed_in_its_marks_is_the_title_without_them() -> None:
    meta = parse_document(
        "《赣州市基层卫生能力提升行动方案》\n为加强基层。\n一、总体要求\n二、任务"
    ).meta
    assert (meta.title, meta.region) == ("赣州市基层卫生能力提升行动方案", "赣州市")


def test_organs_signing_a_joint_document_are_its_issuers() -> None:
    text = (
        "关于印发某市医养结合实施方案的通知\n各县(市、区)卫生健康委:\n现印发给你们,请认真贯彻执行。\n"
        "某市卫生健康委员会\n某市民政局\n某市财政局(代章)\n2024年3月5日\n某市医养结合实施方案\n"
        "一、总体要求\n二、主要任务"
    )
    meta = parse_document(text).meta
    assert meta.issuer == "某市卫生健康委员会、某市民政局、某市财政局"
    assert meta.issue_date == "2024-03-05"


def test_a_signature_names_in_full_the_organ_a_notice_title_names_by_its_level() -> None:
    text = (
        "市卫生健康委关于印发宜昌市老年健康服务能力提升行动方案的通知\n各县市区卫生健康局:\n"
        "现印发给你们,请认真贯彻执行。\n宜昌市卫生健康委员会\n2024年9月2日\n"
        "宜昌市老年健康服务能力提升行动方案\n一、总体要求\n二、主要任务"
    )
    assert parse_document(text).meta.issuer == "宜昌市卫生健康委员会"


def test_a_catalogue_s_publishing_organ_is_the_issuer_only_when_nothing_else_names_one() -> None:
    body = (
        "\n第一章 总则\n第一条 为规范院前医疗急救行为,制定本办法。\n"
        "第二章 附则\n第二条 本办法自发布之日起施行。"
    )
    head = (
        "索引号:11620100MB1955403P/2024-00012\n发布机构:兰州市人民政府\n"
        "发文字号:兰政发〔2024〕6号\n"
    )
    assert (
        parse_document(head + "兰州市院前医疗急救管理办法" + body).meta.issuer == "兰州市人民政府"
    )
    # A short name without its region (a page's 信息来源) is not read as the issuer.
    head = "发布日期:2021-12-20 信息来源:县卫生健康局\n"
    assert parse_document(head + "德清县院前医疗急救管理办法" + body).meta.issuer is None


@pytest.mark.parametrize(
    ("issuer", "region"),
    [
        ("中共中央办公厅 国务院办公厅", "全国"),
        ("中共赣州市委办公室 赣州市人民政府办公室", "赣州市"),
    ],
)
def test_joint_issuers_printed_on_one_line_are_set_apart(issuer: str, region: str) -> None:
    text = f"{issuer}印发《关于进一步完善医疗卫生服务体系的意见》\n一、总体要求\n二、主要任务"
    meta = parse_document(text).meta
    assert meta.issuer == "、".join(issuer.split())
    assert meta.region == region


def _wrapped(
    doc_number: str = "兴卫发〔2024〕3号", date: str = "2024年2月26日", extra: str = ""
) -> str:
    return (
        "兴安盟卫生健康委员会关于印发兴安盟医疗服务提升实施方案的通知\n"
        f"{extra}{doc_number}\n各旗县市卫生健康委:\n"
        "现将《兴安盟医疗服务提升实施方案》印发给你们,请认真执行。\n"
        f"兴安盟卫生健康委员会\n{date}\n兴安盟医疗服务提升实施方案\n一、总体目标\n二、主要任务"
    )


@pytest.mark.parametrize(
    "doc_number", ["兴卫发(2024)3号", "兴卫发（2024）3号", "兴卫发﹝2024﹞3号", "兴卫发〖2024〗3号"]
)
def test_a_doc_number_in_any_bracket_is_not_part_of_the_title_above(doc_number: str) -> None:
    meta = parse_document(_wrapped(doc_number)).meta
    assert meta.title == "兴安盟医疗服务提升实施方案"
    assert meta.notice_title == "兴安盟卫生健康委员会关于印发兴安盟医疗服务提升实施方案的通知"
    assert (meta.doc_number, meta.doc_type) == ("兴卫发〔2024〕3号", "实施方案")


@pytest.mark.parametrize("date", ["2024-02-26", "2024.02.26", "2024/2/26"])
def test_a_signature_dated_in_figures_gives_the_issue_date(date: str) -> None:
    assert parse_document(_wrapped(date=date)).meta.issue_date == "2024-02-26"


@pytest.mark.parametrize(
    "chrome",
    ["发布时间:2024-02-28  打印本页  关闭窗口\n", "发布日期:2024-02-28 【打印】【关闭】\n"],
)
def test_a_labelled_date_survives_the_print_buttons_on_its_line(chrome: str) -> None:
    assert parse_document(_wrapped(extra=chrome)).meta.publish_date == "2024-02-28"


def test_a_doc_number_cell_after_the_issuer_cell_is_read() -> None:
    text = "发布机构:\t兴安盟卫生健康委员会\t文号:\t兴卫发〔2024〕3号\n" + _wrapped(doc_number="")
    assert parse_document(text).meta.doc_number == "兴卫发〔2024〕3号"


def test_a_notice_issued_without_guanyu_names_the_plan_in_its_marks() -> None:
    text = (
        "上海市人民政府办公厅印发《上海市深化医药卫生体制改革2024年重点工作安排》的通知\n"
        "沪府办发〔2024〕5号\n各区人民政府:\n现将《上海市深化医药卫生体制改革2024年重点工作安排》"
        "印发给你们。\n上海市人民政府办公厅\n2024年3月12日\n一、总体要求\n二、主要任务"
    )
    meta = parse_document(text).meta
    assert meta.title == "上海市深化医药卫生体制改革2024年重点工作安排"
    assert (meta.notice_title or "").startswith("上海市人民政府办公厅印发")
    assert (meta.issuer, meta.region) == ("上海市人民政府办公厅", "上海市")


def test_national_organs_run_together_in_the_title_are_set_apart() -> None:
    text = (
        "国家卫生健康委 国家发展改革委 财政部 人力资源社会保障部 国家医保局关于印发深化医药卫生体制"
        "改革2024年重点工作任务的通知\n国卫体改发〔2024〕15号\n各省、自治区、直辖市卫生健康委:\n"
        "现将《深化医药卫生体制改革2024年重点工作任务》印发给你们。\n"
        "国家卫生健康委　　国家发展改革委\n财政部　　人力资源社会保障部\n国家医保局\n"
        "2024年5月28日\n"
        "一、加强医改组织领导\n二、主要任务"
    )
    meta = parse_document(text).meta
    assert meta.issuer == "国家卫生健康委、国家发展改革委、财政部、人力资源社会保障部、国家医保局"
    assert (meta.region, meta.region_code) == ("全国", "100000")


def test_a_traditional_title_keeps_its_printed_brackets() -> None:
    text = (
        "廣州市衛生健康委員會關於印發廣州市醫療衛生設施布局規劃（2021—2035年）的通知\n各區衛生健康局：\n"
        "現將《廣州市醫療衛生設施布局規劃（2021—2035年）》印發給你們，請認真執行。\n"
        "廣州市衛生健康委員會\n2023年5月4日\n一、總體要求\n二、主要任務"
    )
    meta = parse_document(text).meta
    assert meta.title == "广州市医疗卫生设施布局规划（2021—2035年）"
    assert meta.script == "traditional"


@pytest.mark.parametrize(
    ("name", "region", "code"),
    [
        ("伊犁州人民政府办公室", "伊犁哈萨克自治州", "654000"),
        ("湖北省恩施州卫生健康委员会", "恩施土家族苗族自治州", "422800"),
        ("北京经济技术开发区管理委员会", "北京市", "110000"),
        ("江西省赣州市章贡区人民政府", "赣州市章贡区", "360702"),
        # a long prefecture name goes by its first character, unless a region's name starts so
        ("博州人民政府办公室", "博尔塔拉蒙古自治州", "652700"),
        ("克州卫生健康委员会", "克孜勒苏柯尔克孜自治州", "653000"),
        ("巴州区人民政府", "巴中市巴州区", "511902"),
    ],
)
def test_a_region_is_named_by_its_official_name(name: str, region: str, code: str) -> None:
    found = find_region(name)
    assert found is not None
    assert (found.name, found.code) == (region, code)


def test_the_plan_s_own_title_line_named_in_the_notice_wins_over_the_notice_s_wording() -> None:
    text = (
        "锡林郭勒盟行政公署办公室关于印发锡林郭勒盟健康锡林郭勒行动方案的通知\n各旗县市人民政府:\n"
        "现将《健康锡林郭勒行动方案》印发给你们,请认真贯彻落实。\n锡林郭勒盟行政公署办公室\n"
        "2023年6月1日\n健康锡林郭勒行动方案\n一、总体要求\n二、主要任务"
    )
    meta = parse_document(text).meta
    assert meta.title == "健康锡林郭勒行动方案"
    assert meta.region == "锡林郭勒盟"


def test_a_notice_that_issues_no_plan_is_its_own_title() -> None:
    text = (
        "国家卫生健康委办公厅关于开展2024年世界无烟日宣传活动的通知\n国卫办规划函〔2024〕168号\n"
        "各省、自治区、直辖市卫生健康委:\n现将有关事项通知如下:\n一、活动主题\n二、活动安排"
    )
    meta = parse_document(text).meta
    assert meta.title == "国家卫生健康委办公厅关于开展2024年世界无烟日宣传活动的通知"
    assert (meta.notice_title, meta.doc_type, meta.region) == (None, "通知", "全国")


def test_a_notice_title_after_the_issuer_s_line_ends_before_the_addressees() -> None:
    text = (
        "南阳市人民政府办公室\n宛政办〔2023〕15号\n南阳市人民政府办公室\n"
        "关于印发健康南阳行动计划(2023—2025年)的通知\n各县(市、区)人民政府、城乡一体化示范区、\n"
        "市人民政府各部门:\n现印发给你们。\n南阳市人民政府办公室\n2023年3月28日\n"
        "健康南阳行动计划(2023—2025年)\n一、总体要求\n二、主要任务"
    )
    meta = parse_document(text).meta
    assert meta.notice_title == "南阳市人民政府办公室关于印发健康南阳行动计划(2023—2025年)的通知"
    assert (meta.title, meta.doc_type) == ("健康南阳行动计划(2023—2025年)", "行动计划")
