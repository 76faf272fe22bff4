"""Target extraction on single phrases (table-driven) and on arbitrary text (never raises)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthplans.parsing.model import DocumentMeta
from healthplans.parsing.targets import extract_targets, targets_in_text

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gold"

# (text, expected (comparator, value, value_max, unit, per, year, hedge) of each target)
CASES = [
    # a decimal with 达 and a per-capita normalizer; the year opens the sentence
    ("到2025年,每千人口执业(助理)医师数达2.9人", [(">=", 2.9, None, "人", "每千人口", 2025, None)]),
    # 以上 after the unit
    ("县域内住院率达到85%以上", [(">=", 85, None, "%", None, None, None)]),
    # a hedge before a count with no comparator
    (
        "到2025年,力争2家县级医院达到三级甲等医院服务能力",
        [("=", 2, None, "家", None, 2025, "力争")],
    ),
    # 不低于 … 的60%: the comparator is separated from the number
    ("绩效工资用于激励的比例不低于绩效工资总量的60%", [(">=", 60, None, "%", None, None, None)]),
    # a range with an ASCII hyphen and a frequency
    ("每年选派5-10名骨干医务人员", [("range", 5, 10, "名", "每年", None, None)]),
    # a range with an em dash
    ("核酸检测重点人群3—6小时", [("range", 3, 6, "小时", None, None, None)]),
    # 万 multipliers on both ends of a range
    ("服务人口0.8万-2万人", [("range", 8000, 20000, "人", None, None, None)]),
    # 不少于 with a range is still a range
    (
        "每个乡镇卫生院配备不少于3-5名全科医生",
        [("range", 3, 5, "名", "每个乡镇卫生院", None, None)],
    ),
    # N小时内 is an upper bound
    ("做到发现病例2小时内报告", [("<=", 2, None, "小时", None, None, None)]),
    # ratio
    (
        "医护比达到1:1.2,床护比不低于1:0.6",
        [(">=", 1.2, None, "1:N", None, None, None), (">=", 0.6, None, "1:N", None, None, None)],
    ),
    # the comparator carries over 和 to the second value
    (
        "到2025年培养不少于4名指导老师和8名继承人",
        [(">=", 4, None, "名", None, 2025, None), (">=", 8, None, "名", None, 2025, None)],
    ),
    # one unit shared by a list of values
    (
        "县、乡、村医疗机构分别开展45、9、6项中医适宜技术",
        [
            ("=", 45, None, "项", None, None, None),
            ("=", 9, None, "项", None, None, None),
            ("=", 6, None, "项", None, None, None),
        ],
    ),
    # a Chinese numeral with a bound
    ("县(区)级疾控中心至少建设一个P2实验室", [(">=", 1, None, "个", None, None, None)]),
    # 百分之 written out
    ("覆盖率达到百分之六十", [(">=", 60, None, "%", None, None, None)]),
    # reach-level goals: a grade followed by 以上, and 达到 + grade
    (
        "二级以上公立医院达到电子病历应用水平分级评价5级以上",
        [(">=", 5, None, "级", None, None, None)],
    ),
    ("力争在2030年前达到三级水平", [(">=", 3, None, "级", None, 2030, "力争")]),
    # 年内 is the document's year
    ("乡镇(社区)医疗机构中医馆年内覆盖率达到70%", [(">=", 70, None, "%", None, 2020, None)]),
    # a monthly amount of money
    ("切实落实在岗乡村医生每月1000元岗位补助", [("=", 1000, None, "元", "每月", None, None)]),
    # 原则上 hedge and 满足 → >=
    ("储备量原则上要满足30天满负荷运转需要", [(">=", 30, None, "天", None, None, "原则上")]),
    # 人均 normalizer
    ("城乡居民医保人均财政补助标准增加30元", [("=", 30, None, "元", "人均", None, None)]),
    # 以内 / 不超过 are upper bounds
    ("平均住院日控制在9天以内", [("<=", 9, None, "天", None, None, None)]),
    ("药占比不超过30%", [("<=", 30, None, "%", None, None, None)]),
    # a hedge carries to the next clause that states a target, not past a clause without one
    (
        "力争每万人口公共卫生人员数达8.3人,引进一批专家团队,县域内住院率达到85%以上",
        [
            (">=", 8.3, None, "人", "每万人口", None, "力争"),
            (">=", 85, None, "%", None, None, None),
        ],
    ),
    # a year opening the sentence carries across the semicolon
    (
        "到2025年,三甲医院达到电子病历应用水平分级评价5级以上;三级医院智慧医院覆盖率达50%以上",
        [(">=", 5, None, "级", None, 2025, None), (">=", 50, None, "%", None, 2025, None)],
    ),
    # a year inside a later clause stops at the semicolon
    (
        "开展师承工作,到2025年培养不少于4名指导老师;建设好2个省级名中医传承工作室",
        [(">=", 4, None, "名", None, 2025, None), ("=", 2, None, "个", None, None, None)],
    ),
    # not targets: slogans in quotes, 1+2+N, ordinals, dates, document numbers, hospital tiers
    ("打造“1+2+N”的公立医院发展格局,实施“一村一名大学生村医提升计划”", []),
    ("2024年1月14日印发(亳政办〔2024〕2号),第三批项目", []),
    ("建立省、市、县三级新冠肺炎哨点监测系统,二级以上综合医院设立发热门诊", []),
    # counts that only name existing things
    ("县级层面推进5个县域医疗集团提质增效", []),
    # statistics of a year before the document's are no goals
    ("截至2014年底,全国中医类医院3732所,中医类医院床位75.5万张", []),
    ("2014年中药生产企业达到3813家", []),
    # a ranking is not a unit
    ("进入全国200强", []),
    # unitless indices after a comparison sign (full-width or not), beside deadlines
    (
        "2天内控制伊蚊幼虫密度(确保成蚊密度ADI≤2、布雷图指数BI＜5)",
        [
            ("<=", 2, None, "天", None, None, None),
            ("<=", 2, None, None, None, None, None),
            ("<=", 5, None, None, None, None, None),
        ],
    ),
    ("健康素养水平>=30%", [(">=", 30, None, "%", None, None, None)]),
    # counts assigned or set up
    (
        "各部门指定1名联络员,领导小组下设6个专项工作组",
        [("=", 1, None, "名", None, None, None), ("=", 6, None, "个", None, None, None)],
    ),
    # a figure in the name of a regime is no goal
    ("严格执行24小时值班制度", []),
    # two years, values given respectively: one target per year, in each comma clause; rates
    # per 10万, and 下降到/提高到 as comparators
    (
        "到2022年和2030年,孕产妇死亡率分别下降到18/10万及以下和12/10万及以下,"
        "婴儿死亡率分别控制在7.5‰及以下和5‰及以下",
        [
            ("<=", 18, None, "1/10万", None, 2022, None),
            ("<=", 12, None, "1/10万", None, 2030, None),
            ("<=", 7.5, None, "‰", None, 2022, None),
            ("<=", 5, None, "‰", None, 2030, None),
        ],
    ),
    ("高血压治疗率提高到60%", [(">=", 60, None, "%", None, None, None)]),
    ("每10万人口全科医生数达到3.5名", [(">=", 3.5, None, "名", "每10万人口", None, None)]),
    # a span of years is a deadline; a calendar year never is
    ("确保1年内完成合同用量", [("<=", 1, None, "年", None, None, None)]),
    ("在2—3年内调整到位", [("range", 2, 3, "年", None, None, None)]),
    ("2019年内完成编码转换", []),
    # days and working days as a deadline's span; a date is none
    ("在5个工作日内完成审核", [("<=", 5, None, "工作日", None, None, None)]),
    ("接报后3日内完成调查", [("<=", 3, None, "日", None, None, None)]),
    ("3月15日内完成", []),
    # a deadline with its month names the year
    ("2025年6月底前,全市建成3个区域医疗中心", [("=", 3, None, "个", None, 2025, None)]),
    # the end of a five-year plan is its last year
    ("到“十四五”末,全市每千人口床位数达到6.5张", [(">=", 6.5, None, "张", "每千人口", 2025, None)]),
    ("到十三五期末,覆盖率达到90%", [(">=", 90, None, "%", None, 2020, None)]),
    ("“十四五”期间,新建医院5所", [("=", 5, None, "所", None, None, None)]),
    # per thousand of a population named
    ("每千名老年人拥有养老床位数达到35张", [(">=", 35, None, "张", "每千名老年人", None, None)]),
    # rounds, sessions and batches are counts
    ("每年开展2轮督导", [("=", 2, None, "轮", "每年", None, None)]),
    ("第三批项目", []),
    # per institution of a place
    ("每个村卫生室至少配备1名乡村医生", [(">=", 1, None, "名", "每个村卫生室", None, None)]),
    # per person and year
    ("达到每人每年640元", [(">=", 640, None, "元", "每人每年", None, None)]),
    # the hours of 个小时 are hours
    ("确保小学生每天睡眠10个小时", [("=", 10, None, "小时", "每天", None, None)]),
    # an age names the group measured; a life expectancy in years is a goal
    ("65岁及以上老年人健康管理率达到65%以上", [(">=", 65, None, "%", None, None, None)]),
    ("0—6岁儿童健康管理率达到90%", [(">=", 90, None, "%", None, None, None)]),
    ("人均预期寿命达到79岁", [(">=", 79, None, "岁", "人均", None, None)]),
    (
        "2022年和2030年全国人均预期寿命分别达到77.7岁和79岁",
        [(">=", 77.7, None, "岁", "人均", 2022, None), (">=", 79, None, "岁", "人均", 2030, None)],
    ),
    ("为65岁及以上老年人免费建立健康档案", []),
    ("流行县人群患病率小于1%", [("<=", 1, None, "%", None, None, None)]),
    # a baseline with its year: only the goal counts, and the earlier year makes it no statistic
    (
        "到2025年,孕产妇死亡率由2020年的12.5/10万下降到10/10万以下",
        [("<=", 10, None, "1/10万", None, 2025, None)],
    ),
    (
        "每千人口执业(助理)医师数由2020年的2.6人增加到2025年的3.2人",
        [(">=", 3.2, None, "人", "每千人口", 2025, None)],
    ),
    # Chinese numerals counted by a verb of delivery
    ("到2025年,新建三所社区卫生服务中心", [("=", 3, None, "所", None, 2025, None)]),
    ("建成两个国家级区域医疗中心", [("=", 2, None, "个", None, None, None)]),
    # indices bounded in words, without a unit
    ("到2025年,12岁儿童龋均控制在1.0以内", [("<=", 1, None, None, None, 2025, None)]),
    ("布雷图指数(BI)控制在5以下", [("<=", 5, None, None, None, None, None)]),
    ("居民健康指数达到0.85以上", [(">=", 0.85, None, None, None, None, None)]),
    # a later clause's own year
    (
        "到2025年,县域内就诊率达到90%,2030年达到95%",
        [(">=", 90, None, "%", None, 2025, None), (">=", 95, None, "%", None, 2030, None)],
    ),
    # 累计 bounding its own figure is a goal; 不得超过 bounds from above; 每个市州 is a per
    ("到2026年,累计培训转岗精神科医师不少于600名", [(">=", 600, None, "名", None, 2026, None)]),
    ("读写连续用眼时间不宜超过40分钟", [("<=", 40, None, "分钟", None, None, None)]),
    ("每个市州热线席位不少于5个", [(">=", 5, None, "个", "每个市州", None, None)]),
    # a year opening the sentence; 每个 places with their brackets
    ("2024年人均基本公共卫生服务经费补助标准为94元", [("=", 94, None, "元", "人均", 2024, None)]),
    ("每个县(市、区)至少建成1所县级医院", [(">=", 1, None, "所", "每个县(市、区)", None, None)]),
    # 全年 is the document's year, like 年内; 批次 is a unit of count
    ("全年开展省级集采不少于2批次", [(">=", 2, None, "批次", None, 2020, None)]),
    # a deadline closing the sentence dates the goals before it
    ("新增床位500张,力争2025年建成投用", [("=", 500, None, "张", None, 2025, None)]),
    # a normalizer between 分别 and the values takes no year of the pair
    (
        "到2025年和2030年,精神科执业(助理)医师数分别达到每10万人4.0名和4.5名",
        [
            (">=", 4, None, "名", "每10万人", 2025, None),
            (">=", 4.5, None, "名", "每10万人", 2030, None),
        ],
    ),
    # a run-in marker before a counted deliverable; a change from the present base
    ("一是加强建设;三是推动5家医院开展高质量发展试点", [("=", 5, None, "家", None, None, None)]),
    ("到2030年,抑郁症治疗率在现有基础上提高30%", [("=", 30, None, "%", None, 2030, None)]),
    # bounded durations of years and hours of study; a duration merely stated is none
    ("录音资料保存期限不少于2年", [(">=", 2, None, "年", None, None, None)]),
    ("每人每年参加继续医学教育不少于25学时", [(">=", 25, None, "学时", "每人每年", None, None)]),
    ("建设期为3年", []),
    # the normalizer of a rate is no value
    (
        "到2025年,全市孕产妇死亡率控制在每10万人10人以下",
        [("<=", 10, None, "人", "每10万人", 2025, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_targets_in_text(text: str, expected: list[tuple]) -> None:
    found = targets_in_text(text, None, 2020)
    got = [(t.comparator, t.value, t.value_max, t.unit, t.per, t.year, t.hedge) for t in found]
    assert got == [
        (c, float(v), None if m is None else float(m), u, p, y, h)
        for c, v, m, u, p, y, h in expected
    ]


def _gold_targets() -> list[dict]:
    cases = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        year = int(gold["document"]["issue_date"][:4])
        for target in gold["targets"]:
            cases.append({**target, "doc_year": year})
    return cases


@pytest.mark.parametrize("gold", _gold_targets(), ids=lambda g: g["quote"][:20])
def test_gold_quote_states_its_target(gold: dict) -> None:
    # Each gold quote, read alone, yields the gold value and unit (year and hedge may sit outside).
    found = targets_in_text(gold["quote"], None, gold["doc_year"])
    values = {(t.value, t.unit, t.comparator) for t in found}
    assert (float(gold["value"]), gold["unit"], gold["comparator"]) in values


def test_extract_targets_without_outline_reads_whole_text() -> None:
    # With no clauses the whole text is preamble: path None.
    meta = DocumentMeta(
        None, None, None, None, "2024-01-01", None, None, None, None, "simplified", None
    )
    found = extract_targets((), "目标。到2025年,县域内住院率达到90%。", meta)
    assert [(t.path, t.value, t.year) for t in found] == [(None, 90.0, 2025)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "到年力争达不少于以上内每千人口县个名%元级三二一十0123456789.-—:,;。、“”()()\n 和及"
            )
        ),
        max_size=200,
    )
)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    targets_in_text(text, None, 2024)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_unicode(text: str) -> None:
    targets_in_text(text, "一", None)


# (text, expected (indicator, quote) of each target)
INDICATOR_CASES = [
    # the subject before the comparator
    ("县域内住院率达到85%以上", [("县域内住院率", "县域内住院率达到85%以上")]),
    # a change's verb to a level and a rate's normalizer are no part of the indicator; a
    # change by an amount keeps its verb
    ("补助标准提高到每人每年不低于89元", [("补助标准", None)]),
    ("人均预期寿命提高到2025年的79.2岁", [("人均预期寿命", None)]),
    ("全国人均每日食盐摄入量降低20%", [("全国人均每日食盐摄入量降低", None)]),
    # the base a change is measured from is no part of the indicator
    ("到2030年,抑郁症治疗率在现有基础上提高30%", [("抑郁症治疗率提高", None)]),
    # a ratio's colon does not cut its quote
    (
        "到2025年,全市医护比达到1:1.25,床护比不低于1:0.6",
        [("全市医护比", "全市医护比达到1:1.25"), ("床护比", "床护比不低于1:0.6")],
    ),
    # a clause naming only its subject takes the measure of the clause before
    (
        "三级医院电子病历系统应用水平分级评价达到5级以上,二级医院达到4级以上",
        [
            ("三级医院电子病历系统应用水平分级评价等级", None),
            ("二级医院电子病历系统应用水平分级评价等级", None),
        ],
    ),
    (
        "城市地区急救平均反应时间不超过12分钟,农村地区不超过30分钟",
        [("城市地区急救平均反应时间", None), ("农村地区急救平均反应时间", None)],
    ),
    # a count names the noun after it; a later list value is quoted from its separator on
    (
        "建设20个以上省级临床重点专科、55个以上市级临床重点专科",
        [
            ("省级临床重点专科数", "建设20个以上省级临床重点专科"),
            ("市级临床重点专科数", "55个以上市级临床重点专科"),
        ],
    ),
    # an actor before the verb stays in the indicator
    (
        "市级层面做实2个城市医疗集团",
        [("市级层面做实的城市医疗集团数", "市级层面做实2个城市医疗集团")],
    ),
    # a count opening its clause: what the counted things must reach
    (
        "力争2家县级医院达到三级甲等医院服务能力",
        [("达到三级甲等医院服务能力的县级医院数", "力争2家县级医院达到三级甲等医院服务能力")],
    ),
    # N%的 … names a share
    (
        "90%的县级中医医院达到二级中医医院服务能力基本标准",
        [("达到二级中医医院服务能力基本标准的县级中医医院比例", None)],
    ),
    (
        "三级医院至少10%的专家门诊号源和住院床位等预留给基层",
        [("三级医院预留给基层的专家门诊号源和住院床位比例", None)],
    ),
    # a per-qualifier after the comparator belongs to the indicator
    ("到2025年全市达到每万人口3名全科医师的目标", [("每万人口全科医师数", None)]),
    # a level goal names the graded thing
    (
        "三甲医院达到电子病历应用水平分级评价5级以上",
        [("三甲医院电子病历应用水平分级评价等级", None)],
    ),
    ("支持盂县中医医院2025年前建成三级中医医院", [("盂县中医医院等级", None)]),
    # a quoted name is one noun, its 、 included
    (
        "建成1个肿瘤“可诊断、可治疗”能力提升县级试点医院",
        [("肿瘤“可诊断、可治疗”能力提升县级试点医院数", None)],
    ),
    # filler before the subject is not quoted; money names what is paid
    (
        "切实落实在岗乡村医生每月1000元岗位补助",
        [("在岗乡村医生岗位补助", "在岗乡村医生每月1000元岗位补助")],
    ),
    # the second of two values joined by 和 has its own noun
    (
        "培养不少于4名指导老师和8名继承人",
        [("指导老师数", "培养不少于4名指导老师"), ("继承人数", "8名继承人")],
    ),
    # a preposition names nothing: the deadline's action or the words after the comparator do
    ("在2—3年内调整到位", [("调整到位的时限", "在2—3年内调整到位")]),
    ("按不低于采购金额的30%提前预付给医疗机构", [("采购金额", None)]),
    # the age stays in the indicator; 保持在 does not
    ("5岁以下儿童死亡率下降到9.5‰", [("5岁以下儿童死亡率", None)]),
    ("适龄儿童免疫规划疫苗接种率保持在90%以上", [("适龄儿童免疫规划疫苗接种率", None)]),
    ("原则上在每个县设置1个县办中医类医院", [("每个县设置的县办中医类医院数", None)]),
    # a deadline led by 在 is named by its action, from an anchor when one is stated
    (
        "各镇街流调分中心要在平均2小时内完成个案流行病学调查",
        [("完成个案流行病学调查的平均时限", None)],
    ),
    ("后台流调组需在接报后2小时内启动个案深度调查", [("接报后启动个案深度调查的时限", None)]),
    # a deadline counted from an anchor
    ("接报后3日内完成调查", [("接报后完成调查的时限", None)]),
    # a group's head count
    ("综合管理组(3-4人)", [("综合管理组人数", None)]),
    # what the subject holds is counted
    ("青少年熟练掌握1项以上体育运动技能", [("青少年熟练掌握的体育运动技能数", None)]),
    # 达标 holds no comparator
    ("国家学生体质健康标准达标优秀率25%以上", [("国家学生体质健康标准达标优秀率", None)]),
    # a count that must do something, after 有; a value with no words of its own takes the
    # indicator before it, without the verb of a rise; 左右 is no part of the noun
    (
        "每个县至少有1所县级医院达到三级医院服务能力",
        [("每个县达到三级医院服务能力的县级医院数", None)],
    ),
    (
        "城乡居民基本医疗保险政府补助标准提高30元,达到每人每年640元",
        [
            ("城乡居民基本医疗保险政府补助标准提高", None),
            ("城乡居民基本医疗保险政府补助标准", None),
        ],
    ),
    ("全省建成20个左右国家级区域医疗中心", [("全省建成的国家级区域医疗中心数", None)]),
    ("新建改扩建乡镇卫生院15所", [("乡镇卫生院数", None)]),
    # "…的目标" names the goal, not what is counted; 全部 is no part of a graded thing
    ("实现基层就诊率达到65%以上的目标", [("基层就诊率", None)]),
    ("县级医院全部达到二级甲等以上水平", [("县级医院等级", None)]),
    # a year pair opening the sentence is no part of the indicator
    ("2025年和2030年全国人均预期寿命分别达到78岁和79岁", [("全国人均预期寿命", None)] * 2),
    # values given respectively for a list of subjects take one subject each
    (
        "高血压、糖尿病患者规范管理率分别达到65%、62%",
        [("高血压患者规范管理率", None), ("糖尿病患者规范管理率", None)],
    ),
    ("孕产妇、婴儿死亡率分别控制在10/10万、5‰以下", [("孕产妇死亡率", None), ("婴儿死亡率", None)]),
    (
        "居民健康素养水平、健康生活方式素养水平分别达到25%和20%",
        [("居民健康素养水平", None), ("健康生活方式素养水平", None)],
    ),
    ("高血压、糖尿病患者规范管理率均达到65%", [("高血压、糖尿病患者规范管理率", None)]),
    # the counted noun ends before 的 (what it is part of)
    ("按照每5万人口配置1辆救护车的标准增配负压救护车", [("每5万人口配置的救护车数", None)]),
    # what is built, named before its count, is counted without the verb
    ("建设省级区域医疗中心3个", [("省级区域医疗中心数", None)]),
    # a time limit
    (
        "核酸检测重点人群3—6小时、常规检测人群12小时内报告结果",
        [
            ("核酸检测重点人群时限", "核酸检测重点人群3—6小时"),
            ("常规检测人群时限", "常规检测人群12小时内报告结果"),
        ],
    ),
    # a value joined to the one before with no words of its own measures the same thing
    (
        "到2025年,居民健康素养水平分别达到25%和30%",
        [("居民健康素养水平", None), ("居民健康素养水平", "30%")],
    ),
    # a deadline opening its clause times the action that follows
    ("1天内完成风险区域划定并启动灭蚊工作", [("完成风险区域划定并启动灭蚊工作的时限", None)]),
]


@pytest.mark.parametrize(("text", "expected"), INDICATOR_CASES)
def test_indicator_and_quote(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = targets_in_text(text, None, 2024)
    assert [t.indicator for t in found] == [indicator for indicator, _ in expected]
    for target, (_, quote) in zip(found, expected, strict=True):
        if quote is not None:
            assert target.quote == quote


NOT_TARGET_CASES = [
    # a malformed Chinese numeral is no number (cn2an raises KeyError on it)
    "十十一个",
    # a condition: "those with 3 or more"
    "入围生产企业在3家及以上的,采取招标采购的方式",
    # statistics of what exists, even without a year to compare
    "截至目前,全国共有中医类医院3732所",
    "中医药已经传播到183个国家和地区",
    "全市现有二级以上医院12家",
    "累计培训基层医务人员5000人次",
    "患有一种及以上慢性病的比例高达75%",
    # an age naming a group, a formula's factor, a flattened table's cells
    "为6个月以上婴儿适时合理添加辅食",
    "具备基本健康素养的人数/监测人群总人数×100%",
    "居民健康素养水平(%)14.18≥22≥30预期性",
    # a radius of service is a name
    "在城镇社区实现15分钟健身圈全覆盖",
    # a service around the clock, a count already built, a set phrase, a vague batch
    "建立24小时急诊绿色通道",
    "推进24小时院前急救服务",
    "全省已建成县域医共体86个",
    "构建一个中心、两个机制",
    "建设一批重点专科",
    # a rate stated with 为 and no year
    "我国40岁及以上人群慢阻肺患病率为13.6%",
    # a range of an index is no bound
    "将体重指数(BMI)控制在18.5~24kg/㎡",
]


@pytest.mark.parametrize("text", NOT_TARGET_CASES)
def test_conditions_and_statistics_are_no_targets(text: str) -> None:
    assert targets_in_text(text, None, None) == []


def test_gold_indicators_are_similar() -> None:
    # End to end: at least 80% of gold targets get a predicted target with the same key and path
    # whose indicator has a character similarity (difflib ratio) of 0.5 or more with the gold.
    from difflib import SequenceMatcher

    from healthplans.parsing import parse_document

    seeds = GOLD_DIR.parents[2] / "mirror" / "seeds"
    similar = total = 0
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        parsed = parse_document((seeds / gold["source_file"]).read_text(encoding="utf-8"))
        unused = list(parsed.targets)
        for g in gold["targets"]:
            total += 1
            for t in unused:
                same = (t.path, t.value, t.unit, t.comparator, t.year) == (
                    g["path"], g["value"], g["unit"], g["comparator"], g["year"],
                )  # fmt: skip
                if same and SequenceMatcher(None, g["indicator"], t.indicator).ratio() >= 0.5:
                    similar += 1
                    unused.remove(t)
                    break
    assert similar >= 0.8 * total, (similar, total)


def test_achievements_of_a_past_plan_period_are_no_targets() -> None:
    text = "“十三五”时期,全市人均预期寿命提高到79.6岁,居民健康素养水平提高到24.1%"
    assert targets_in_text(text, None, 2021) == []
    # the period still to come states goals
    assert [
        t.value for t in targets_in_text("“十四五”时期,人均预期寿命提高到80岁", None, 2021)
    ] == [80]
