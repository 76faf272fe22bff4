"""Agency notes (table-driven, from the gold raw notes and more), names and gold-document scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthplans.parsing import parse_document
from healthplans.parsing.agencies import agencies_in_text, parse_note
from healthplans.parsing.agency_names import agency_id, canonical_agency

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"

# (note, the document states "first is lead", expected lead, support, joint)
NOTES = [
    # labelled lead and support; a comma also separates units and 各县、区人民政府 stays whole
    (
        "(牵头单位:市卫生健康委;配合单位:市财政局、市医保局,各县、区人民政府)",
        False,
        ["市卫生健康委"],
        ["市财政局", "市医保局", "各县、区人民政府"],
        False,
    ),
    # 责任单位 under the document's rule: the first leads
    (
        "(责任单位:市卫健委、市委编办、市财政局)",
        True,
        ["市卫健委"],
        ["市委编办", "市财政局"],
        False,
    ),
    # 责任单位 without such a rule: every unit leads
    ("(责任单位:市卫健委、市委编办)", False, ["市卫健委", "市委编办"], [], False),
    # the rule sentence inside the note is not a unit
    (
        "(责任单位:市卫健委、市教育局。以下除特别注明外,排名第一位的为牵头单位)",
        True,
        ["市卫健委"],
        ["市教育局"],
        False,
    ),
    # 按职责分别牵头负责 overrides the rule: all lead, jointly
    (
        "(责任单位:市发展改革委、市财政局、市卫健委按职责分别牵头负责)",
        True,
        ["市发展改革委", "市财政局", "市卫健委"],
        [],
        True,
    ),
    # 分别牵头 then 配合
    (
        "(责任单位:市科技局、市卫健委按职责分别牵头,市财政局、市市场监督管理局配合)",
        True,
        ["市科技局", "市卫健委"],
        ["市财政局", "市市场监督管理局"],
        True,
    ),
    # 负责 / 参与
    (
        "(省卫生健康委负责,省发展改革委、省财政厅、省人社厅参与)",
        False,
        ["省卫生健康委"],
        ["省发展改革委", "省财政厅", "省人社厅"],
        False,
    ),
    # trailing 等 dropped; the explanation sentence ignored
    (
        "(省卫生健康委、西宁联勤保障中心卫勤处等分别负责。分别负责指各部门按职责分别牵头,下同)",
        False,
        ["省卫生健康委", "西宁联勤保障中心卫勤处"],
        [],
        True,
    ),
    # 负责 without 分别 over a comma-separated list: all lead, not joint
    (
        "(省卫生健康委、省发展改革委、省财政厅,各市州政府、兰州新区管委会负责)",
        False,
        ["省卫生健康委", "省发展改革委", "省财政厅", "各市州政府", "兰州新区管委会"],
        [],
        False,
    ),
    # a nested bracket inside a unit name
    ("(责任单位:各县(区)人民政府、市卫健委)", False, ["各县(区)人民政府", "市卫健委"], [], False),
    # full-width brackets and colon
    ("(牵头单位:区卫生健康委;配合单位:区财政局)", False, ["区卫生健康委"], ["区财政局"], False),
    # X牵头,Y配合
    ("(市卫健委牵头,市医保局配合)", False, ["市卫健委"], ["市医保局"], False),
    # a remark after the list names no unit and is not read as one
    (
        "(责任单位:区卫生健康委、区发展改革委。以下均需各镇街落实,不再列出;排名第一的为牵头单位)",
        True,
        ["区卫生健康委"],
        ["区发展改革委"],
        False,
    ),
    # 牵头 names the leads; units 按职责分工负责 after them support them (a 协 is a unit)
    (
        "(省教育厅牵头,省卫生健康委、省科协、团省委按职责分工负责)",
        False,
        ["省教育厅"],
        ["省卫生健康委", "省科协", "团省委"],
        False,
    ),
    # 按职责分工负责 with no 牵头: every unit leads; 及 separates units; a trailing 等 is dropped
    (
        "(省卫生健康委及各设区市人民政府、省政务服务办等按职责分工负责)",
        False,
        ["省卫生健康委", "各设区市人民政府", "省政务服务办"],
        [],
        False,
    ),
    # grassroots units: 镇街 lead, 村居 carry it out
    ("(镇街牵头,村居落实)", False, ["镇街"], ["村居"], False),
    # units that carry out what the leads are responsible for support them
    ("(市卫健委、市医保局负责,各区政府落实)", False, ["市卫健委", "市医保局"], ["各区政府"], False),
    # 牵头单位 then 责任单位: the units responsible besides the lead support it
    (
        "(牵头单位:市卫健委;责任单位:市财政局、市人社局)",
        False,
        ["市卫健委"],
        ["市财政局", "市人社局"],
        False,
    ),
    # labels without a semicolon between them, or set in 【】; other fields name no unit
    ("(牵头单位:市卫健委,协同单位:市财政局)", False, ["市卫健委"], ["市财政局"], False),
    (
        "【牵头单位】市卫健委【配合单位】市财政局、市医保局",
        False,
        ["市卫健委"],
        ["市财政局", "市医保局"],
        False,
    ),
    (
        "(牵头单位:市卫健委;配合单位:市财政局;完成时限:2025年12月)",
        False,
        ["市卫健委"],
        ["市财政局"],
        False,
    ),
    ("(责任单位:市卫健委、市财政局;责任领导:张三)", False, ["市卫健委", "市财政局"], [], False),
    # a unit marked as the lead inside a list
    ("(责任单位:市卫健委〔牵头〕、市财政局)", False, ["市卫健委"], ["市财政局"], False),
    # the rule stated inside the note itself
    (
        "(责任单位:市医疗保障局、市卫生健康委员会、市财政局,排在第一位的为牵头单位)",
        False,
        ["市医疗保障局"],
        ["市卫生健康委员会", "市财政局"],
        False,
    ),
    # 由 and 等部门 are no part of a name
    ("(由市卫健委牵头负责)", False, ["市卫健委"], [], False),
    ("(市卫健委、市财政局等部门按职责分工负责)", False, ["市卫健委", "市财政局"], [], False),
    # square and lenticular brackets hold notes too
    ("[省卫生健康委牵头,省财政厅配合]", False, ["省卫生健康委"], ["省财政厅"], False),
    ("〔省卫生健康委牵头,省财政厅配合〕", False, ["省卫生健康委"], ["省财政厅"], False),
    ("【牵头单位:市卫生健康委;配合单位:市财政局】", False, ["市卫生健康委"], ["市财政局"], False),
    # 和, 与 and 以及 between two complete names; 和 inside a name stays
    ("(市经济和信息化局和市商务局负责)", False, ["市经济和信息化局", "市商务局"], [], False),
    ("(市卫生健康委与市医保局共同负责)", False, ["市卫生健康委", "市医保局"], [], False),
    (
        "(市卫生健康委、市财政局以及各区县人民政府负责)",
        False,
        ["市卫生健康委", "市财政局", "各区县人民政府"],
        [],
        False,
    ),
    (
        "(省卫生健康委牵头,省有关部门和各市州人民政府按职责分工负责)",
        False,
        ["省卫生健康委"],
        ["省有关部门", "各市州人民政府"],
        False,
    ),
    # 会同: the first leads, the other supports
    ("(市卫生健康委会同市医保局负责)", False, ["市卫生健康委"], ["市医保局"], False),
    # compound role verbs
    ("(市卫生健康委负责落实)", False, ["市卫生健康委"], [], False),
    ("(市卫生健康委具体负责)", False, ["市卫生健康委"], [], False),
    ("(市卫生健康委牵头,市财政局负责落实)", False, ["市卫生健康委"], ["市财政局"], False),
    ("(市卫生健康委负责,市财政局协同配合)", False, ["市卫生健康委"], ["市财政局"], False),
    # a 、 inside brackets belongs to one unit; a unit may end in a bracketed aside
    ("(各省(自治区、直辖市)人民政府负责)", False, ["各省(自治区、直辖市)人民政府"], [], False),
    ("(各旗县(市、区)人民政府负责)", False, ["各旗县(市、区)人民政府"], [], False),
    ("(各镇(街道)分别负责)", False, ["各镇(街道)"], [], True),
    ("(各镇人民政府(街道办事处)负责)", False, ["各镇人民政府(街道办事处)"], [], False),
    ("(各县(市、区)负责)", False, ["各县(市、区)"], [], False),
    # an explanatory sentence names no unit
    (
        "(责任单位:区卫生健康局。各街道办事处为共同责任单位,以下不再列出)",
        False,
        ["区卫生健康局"],
        [],
        False,
    ),
    ("(责任主体:各县(市、区)人民政府)", False, ["各县(市、区)人民政府"], [], False),
    # who carries out what a lead is responsible for supports it
    ("(国家卫生健康委负责,各地区按职责落实)", False, ["国家卫生健康委"], ["各地区"], False),
    # units that guide or oversee support; 共同/按职责分工 before 牵头 name co-leads, not joint
    (
        "(各县(市、区)人民政府负责,市卫生健康委指导)",
        False,
        ["各县(市、区)人民政府"],
        ["市卫生健康委"],
        False,
    ),
    (
        "(县住房城乡建设局牵头,县爱卫办督促指导,各乡镇人民政府负责落实)",
        False,
        ["县住房城乡建设局"],
        ["县爱卫办", "各乡镇人民政府"],
        False,
    ),
    (
        "(市卫生健康委、市疾控局共同牵头,市医保局配合)",
        False,
        ["市卫生健康委", "市疾控局"],
        ["市医保局"],
        False,
    ),
    (
        "(市卫生健康委、市科技局按职责分工牵头,市财政局配合)",
        False,
        ["市卫生健康委", "市科技局"],
        ["市财政局"],
        False,
    ),
    # words saying which tasks a label covers, and a remark on later notes, name no unit
    (
        "(以上任务牵头单位:市卫生健康委;配合单位:市财政局)",
        False,
        ["市卫生健康委"],
        ["市财政局"],
        False,
    ),
    (
        "(市卫生健康委牵头,市财政局配合。以下各项任务均需各县(市、区)人民政府落实,不再列出)",
        False,
        ["市卫生健康委"],
        ["市财政局"],
        False,
    ),
]


@pytest.mark.parametrize(("raw", "first_is_lead", "lead", "support", "joint"), NOTES)
def test_parse_note(
    raw: str, first_is_lead: bool, lead: list[str], support: list[str], joint: bool
) -> None:
    found = parse_note(raw, "一", first_is_lead)
    assert found is not None
    assert (list(found.lead), list(found.support), found.joint) == (lead, support, joint)


def _gold_agencies() -> list[tuple[dict, bool]]:
    cases = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        rule = any("第一位的为牵头单位" in a["raw"] for a in gold["agencies"])
        cases.extend((a, rule) for a in gold["agencies"])
    return cases


@pytest.mark.parametrize(("gold", "rule"), _gold_agencies(), ids=lambda g: str(g)[:24])
def test_gold_raw_notes(gold: dict, rule: bool) -> None:
    # Every gold note parses to its gold lead, support and joint flag.
    found = parse_note(gold["raw"], gold["path"], rule)
    assert found is not None
    assert (set(found.lead), set(found.support), found.joint) == (
        set(gold["lead"]),
        set(gold["support"]),
        gold["joint"],
    )


# Not responsibility notes: remarks in brackets, notes without units.
@pytest.mark.parametrize(
    "text",
    [
        "中药(含中药饮片和中成药)处方比例达到60%",
        "建立多学科联合门诊(MDT)",
        "落实院长负责制(负责)",
    ],
)
def test_no_assignment(text: str) -> None:
    assert agencies_in_text(text) == []


def test_unbracketed_trailing_note() -> None:
    # A note on its own line without brackets.
    found = agencies_in_text("加强队伍建设。\n牵头单位:市卫健委;配合单位:市财政局、市人社局", "1")
    assert [(f.lead, f.support, f.raw) for f in found] == [
        (("市卫健委",), ("市财政局", "市人社局"), "牵头单位:市卫健委;配合单位:市财政局、市人社局")
    ]


BOZHOU = ("亳州市", "341600", "city")
GANSU = ("甘肃省", "620000", "province")
BEIBEI = ("重庆市北碚区", "500109", "county")
NATIONAL = ("全国", "100000", "national")

# (name as written, plan region, canonical name, level, category)
NAMES = [
    # three spellings of one commission
    ("市卫健委", BOZHOU, "亳州市卫生健康委员会", "city", "health"),
    ("市卫生健康委", BOZHOU, "亳州市卫生健康委员会", "city", "health"),
    ("市卫生健康委员会", BOZHOU, "亳州市卫生健康委员会", "city", "health"),
    # four spellings of one bureau
    ("市人社局", BOZHOU, "亳州市人力资源和社会保障局", "city", "human_resources"),
    ("市人力社保局", BOZHOU, "亳州市人力资源和社会保障局", "city", "human_resources"),
    ("市人力资源社会保障局", BOZHOU, "亳州市人力资源和社会保障局", "city", "human_resources"),
    ("市人力资源和社会保障局", BOZHOU, "亳州市人力资源和社会保障局", "city", "human_resources"),
    ("市发改委", BOZHOU, "亳州市发展和改革委员会", "city", "development_reform"),
    ("市医保局", BOZHOU, "亳州市医疗保障局", "city", "medical_insurance"),
    # 市 of 市场 is not a level prefix; the second 市 is
    ("市市场监管局", BOZHOU, "亳州市市场监督管理局", "city", "market_regulation"),
    ("市委编办", BOZHOU, "亳州市委机构编制委员会办公室", "city", "establishment"),
    # a province unit in a city plan gets the province, not the city
    ("省药监局第二分局", BOZHOU, "安徽省药品监督管理局第二分局", "province", "drug_regulation"),
    ("省卫生健康委", GANSU, "甘肃省卫生健康委员会", "province", "health"),
    ("省财政厅", GANSU, "甘肃省财政厅", "province", "finance"),
    # a unit of another place keeps its own name
    ("西宁联勤保障中心卫勤处", GANSU, "西宁联勤保障中心卫勤处", "other", "health"),
    (
        "国家金融监督管理总局亳州监管分局",
        BOZHOU,
        "国家金融监督管理总局亳州监管分局",
        "national",
        "other",
    ),
    # a district plan
    ("区卫生健康委", BEIBEI, "重庆市北碚区卫生健康委员会", "county", "health"),
    # a group of governments stays one unit, scoped by the plan's region
    ("各县、区人民政府", BOZHOU, "各县、区人民政府", "group", "government"),
    # trailing 等 dropped
    ("市财政局等", BOZHOU, "亳州市财政局", "city", "finance"),
    # a 市 unit in a province plan names no particular city
    ("市卫健委", GANSU, "市卫生健康委员会", "city", "health"),
    # a national plan's bare names are the national bodies; ministries and 总局 are national
    # in any plan, and 市 of 市场监管总局 is no level
    ("卫生健康委", NATIONAL, "国家卫生健康委员会", "national", "health"),
    ("中医药局", NATIONAL, "国家中医药管理局", "national", "health"),
    ("市场监管总局", NATIONAL, "市场监管总局", "national", "market_regulation"),
    ("教育部", GANSU, "教育部", "national", "education"),
    ("省委宣传部", GANSU, "甘肃省委宣传部", "province", "other"),
]


@pytest.mark.parametrize(("name", "region", "canonical", "level", "category"), NAMES)
def test_canonical_agency(
    name: str, region: tuple[str, str, str], canonical: str, level: str, category: str
) -> None:
    found = canonical_agency(name, *region)
    assert (found.canonical_name, found.level, found.category) == (canonical, level, category)
    assert found.short_name == name.removesuffix("等")


def test_agency_id_is_stable_and_shared_by_aliases() -> None:
    # The id depends only on the canonical name and region code, so it is the same in every release.
    a = canonical_agency("市卫健委", *BOZHOU)
    b = canonical_agency("市卫生健康委员会", *BOZHOU)
    assert a.agency_id == b.agency_id == agency_id("亳州市卫生健康委员会", "341600")
    assert a.agency_id.startswith("ag_") and len(a.agency_id) == 15
    assert canonical_agency("市卫健委", "阳泉市", "140300", "city").agency_id != a.agency_id


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("(())::;;,,、。市省县区各委局厅负责分别牵头参与配合单位等\n ")
        ),
        max_size=200,
    )
)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for found in agencies_in_text(text, "一", True):
        for unit in found.lead + found.support:
            canonical_agency(unit, "亳州市", "341600", "city")


def test_a_sentence_of_units_and_role_verbs_closing_a_clause_is_a_note() -> None:
    found = agencies_in_text("组建3个城市医疗集团。市卫生健康委牵头,市医保局、市财政局配合。", "3")
    assert [(a.lead, a.support) for a in found] == [(("市卫生健康委",), ("市医保局", "市财政局"))]
    found = agencies_in_text("加强培训。市卫生健康委、市医保局负责。", "3")
    assert [(a.lead, a.support) for a in found] == [(("市卫生健康委", "市医保局"), ())]
    # A task sentence is not: its subject names no organ of a level, or it does not close the
    # clause.
    assert agencies_in_text("县级医院负责。", "3") == []
    assert agencies_in_text("市卫生健康委负责。加强培训。", "3") == []


@pytest.mark.parametrize(
    "note",
    [
        "牵头单位:县卫生健康局配合单位:县医保局\n",
        "牵头单位:县卫生健康局;配合单位:县医保局\n",
        "牵头单位\t县卫生健康局\t配合单位\t县医保局\n",
        "牵头单位 县卫生健康局\n配合单位 县医保局\n",
    ],
)
def test_a_note_on_lines_of_its_own_ends_with_them(note: str) -> None:
    text = (
        "某县家庭医生签约服务实施方案\n一、重点任务\n1.扩大签约服务覆盖面\n"
        f"{note}重点人群签约率逐年提高。\n2.完善签约服务激励\n牵头单位:县医保局\n落实签约服务费。\n"
    )
    found = parse_document(text).agencies
    assert [(a.path, a.lead, a.support) for a in found] == [
        ("一/1", ("县卫生健康局",), ("县医保局",)),
        ("一/2", ("县医保局",), ()),
    ]


def test_the_first_is_lead_rule_stated_in_a_closing_remark_holds_for_every_note() -> None:
    text = (
        "某市医疗卫生服务能力提升方案\n一、重点任务\n(一)建设胸痛中心。(责任单位:市卫生健康委、市财政局)\n"
        "(二)建设卒中中心。(责任单位:市卫生健康委、市医保局)\n注:各项任务中第一个责任单位为牵头单位。\n"
    )
    found = parse_document(text).agencies
    assert [(a.lead, a.support) for a in found] == [
        (("市卫生健康委",), ("市财政局",)),
        (("市卫生健康委",), ("市医保局",)),
    ]


def test_unit_names_keep_their_printed_brackets_and_one_id() -> None:
    text = "方案\n一、任务\n（一）改革。（省卫生健康委牵头，省医保局及各市（州）人民政府参与）"
    (found,) = parse_document(text).agencies
    assert found.support == ("省医保局", "各市（州）人民政府")
    ids = {
        canonical_agency(n, "四川省", "510000", "province").agency_id
        for n in ("各市（州）人民政府", "各市(州)人民政府")
    }
    assert len(ids) == 1


def test_a_lead_note_and_a_support_note_side_by_side_are_one() -> None:
    text = (
        "某县基层卫生服务能力提升方案\n一、重点任务\n1.建设县域医共体。"
        "【牵头单位:县卫生健康局】【配合单位:县财政局,县医保局】\n2.加强培训。\n"
    )
    found = parse_document(text).agencies
    assert [(a.path, a.lead, a.support, a.raw) for a in found] == [
        (
            "一/1",
            ("县卫生健康局",),
            ("县财政局", "县医保局"),
            "【牵头单位:县卫生健康局】【配合单位:县财政局,县医保局】",
        )
    ]
