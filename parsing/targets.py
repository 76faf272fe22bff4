"""Quantified targets: numbers with a unit that state a goal ("到2025年,每千人口医师数达2.9人").

The text of each clause is read sentence by sentence (。!?) and, inside a sentence, comma clause by
comma clause (,;:). A sentence carries its target year (到2025年 applies to every later clause,
across semicolons); a comma clause bounds where a comparator, a per-qualifier or a hedge applies.
Conventions follow tests/fixtures/gold/FORMAT.md.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from healthplans.parsing.clause_text import WHITESPACE_RE, clause_text
from healthplans.parsing.model import Clause, DocumentMeta, Target
from healthplans.parsing.numbers import (
    NUMBER_PATTERN,
    clean_value,
    is_chinese_numeral,
    parse_number,
)

# Punctuation closing a clause, left out of quotes: "…达2.9人,"; also the piece separator, which
# ends a quote when a paragraph lost its final 。 (PDF extraction drops a lone "。" line).
TRAILING_PUNCT = ",,;;::。!?!?\x01"

# Sentence: "到2025年,全市...达2.9人,力争...达8.3人。"
SENTENCE_MARKS = ("。", "!", "?", "!", "?", "\x01")
# The end of a sentence, with any repeated marks: "。", "?!"
SENTENCE_END_RE = re.compile(r"[。!?!?]+|\x01")
# Comma clause inside a sentence: "力争每万人口公共卫生人员数达8.3人,"
# A colon between figures is a ratio's ("医护比达到1:1.25"), not a clause break.
CLAUSE_RE = re.compile(r"[^,,;;::]+(?:(?<=\d)[::](?=\d)[^,,;;::]*)*[,,;;::]*")

# Quoted names and titles hold slogans and names, never targets: “一村一名”, 《...2020年...》.
# The length cap keeps an unbalanced quote mark from hiding the rest of a clause.
# The end of a five-year plan, a target year: "到“十四五”末" (the plan's number in group plan).
_PLAN_END = r"(?:到|至|在|于)“?十(?P<plan>[一二三四五六七八九])五”?(?:时期|期)?末"
QUOTED_RE = re.compile(
    # A five-year plan's name ("十四五") is a period, read by YEAR_RE, not a quoted name.
    r"“(?!十[一二三四五六七八九]五”)[^“”\x01]{0,40}”|《[^《》\x01]{0,80}》|\"[^\"\x01]{0,40}\""
    r"|「[^「」\x01]{0,40}」"
)

# Units, longest first so 个百分点 wins over 个 and 万人次 over 人.
UNITS = (
    "/10万", "/万", "个百分点", "百分点", "个工作日", "工作日", "个小时", "个月", "人次",
    "平方米", "公里", "小时", "分钟", "床位", "批次", "学时", "学分", "元", "天", "周", "%", "‰",
    "人", "名", "张",
    "个", "家", "所", "项", "种", "次", "床", "辆", "台", "套", "支", "户", "例", "倍", "岁",
    "座", "处", "条", "篇", "门", "轮", "期", "场", "批",
)  # fmt: skip
# Years and days count only as a deadline's span ("1年内", "2—3年内", "7日内"), never a date
# (2019年内, 3月5日).
UNIT_PATTERN = "|".join(re.escape(u) for u in UNITS) + (
    r"|(?<![0-9]{3})年(?=[以之]?内)|(?<!月\d)(?<!月\d\d)日(?=[以之]?内)"
    # a duration of years, bounded: "保存期限不少于2年", "累计1年以上" (checked in _is_goal)
    r"|(?<![0-9]{3})年(?=以上|及以上|[,,;;。)]|$)"
)

# Comparison signs, ASCII and full-width: the first half mean <=, the second >=.
_SIGNS = "<＜≤≦>＞≥≧"
# Numbers glued to letters, digits, 第 or + are codes, ordinals or slogans: P2, 第三批, 1+2+N;
# one after a comparison sign is read by SIGNED_RE.
_NUM_START = rf"(?<![0-9A-Za-z.第+\-—{_SIGNS}=])"
# Chinese numerals must not continue a longer numeral word (十九大 is a name, not 九).
_CN = "零〇一二两三四五六七八九十百千"

# Characters a numeral is made of, and those that may follow one in a match: 、 of a list, a
# range mark, the colon of a ratio or the first character of a unit.
_NUMERAL_CHARS = re.escape(f"0123456789,.{_CN}点万亿")
_AFTER_NUMERAL = re.escape("、-—–~～至::" + "".join(sorted({unit[0] for unit in UNITS})))
# A span of years ("1年内"): tested apart, since 年 after every calendar year would pass a
# test of the character after the numeral.
_YEAR_SPAN_AHEAD = (
    rf"(?=[0-9{_CN}]{{1,2}}[年日][以之]?内)|(?=[0-9]{{1,2}}年(?:以上|及以上|[,,;;。)]|$))"
)

QUANTITY_RE = re.compile(
    # The look-aheads are true of every match: a numeral character first, then numeral
    # characters and one that can follow a numeral. They cheaply reject numerals in words
    # (进一步, 2025年) before the alternatives run; _quantity_matches finds where to try it.
    rf"(?=[0-9{_CN}])(?:(?=[{_NUMERAL_CHARS}]*[{_AFTER_NUMERAL}])|{_YEAR_SPAN_AHEAD})(?:"
    # 1:80 staff ratio -> value 80, unit "1:N"
    r"(?P<ratio>(?<![0-9.])1[::](?P<ratio_value>\d+(?:\.\d+)?))"
    # 百分之六十
    rf"|百分之(?P<pct_cn>[{_CN}]+(?:点[{_CN}]+)?)"
    # 45、9、6项 (one value per county, township, village)
    rf"|{_NUM_START}(?P<list>{NUMBER_PATTERN}(?:、{NUMBER_PATTERN})+)(?P<list_unit>{UNIT_PATTERN})"
    # 5-10名, 3—6小时, 0.8万-2万人, 5%-10%
    rf"|{_NUM_START}(?P<low>{NUMBER_PATTERN})(?:{UNIT_PATTERN})?[-—–~～至]{{1,2}}"
    rf"(?P<high>{NUMBER_PATTERN})(?P<range_unit>{UNIT_PATTERN})"
    # 2.9人, 500张, 85%
    rf"|{_NUM_START}(?P<num>{NUMBER_PATTERN})(?P<unit>{UNIT_PATTERN}))"
)
# Where a quantity may start: a numeral character passing the pre-check of QUANTITY_RE. The
# character is consumed so that the pattern starts with a class, which the engine skips to at C
# speed (it cannot skip by a look-ahead), and QUANTITY_RE is then tried at these places only.
QUANTITY_START_RE = re.compile(
    rf"[0-9{_CN}](?:(?<=[{_AFTER_NUMERAL}])|(?=[{_NUMERAL_CHARS}]*[{_AFTER_NUMERAL}])"
    rf"|(?=[0-9{_CN}]?[年日][以之]?内)|(?=[0-9]?年(?:以上|及以上|[,,;;。)]|$)))"
)
# A figure after a comparison sign, with or without a unit: "布雷图指数BI＜5", "ADI≤2",
# "知晓率≥90%". Indices such as BI have no unit (unit None).
SIGNED_RE = re.compile(rf"(?P<sign>[{_SIGNS}]=?)(?P<num>\d+(?:\.\d+)?)(?P<unit>{UNIT_PATTERN})?")
SIGN_RE = re.compile(rf"[{_SIGNS}]")
# A figure in a unit of its own (mmol/L, kg, mmHg) is a clinical threshold, not a goal.
FOREIGN_UNIT_RE = re.compile(r"[A-Za-z/μ]")
# A sign after a digit, dash or another figure's unit is a table cell or a range definition.
SIGN_BLOCKED_AFTER_RE = re.compile(r"[0-9.—\-A-Za-z%]")
# The name of an index right before its sign: BI, ADI, 布雷图指数, 幼虫密度, CI值.
INDEX_NAME_RE = re.compile(r"(?:[A-Za-z]{2,8}|指数|密度|值)[)）]?$")
# An index bounded in words, without a unit: "12岁儿童龋均控制在1.0以内", "布雷图指数(BI)控制在5
# 以下", "居民健康指数达到0.85以上".
WORDED_INDEX_RE = re.compile(
    r"(?:指数|龋均|系数|密度)(?:\([A-Za-z]{1,8}\))?"
    r"(?:控制在|保持在|达到|不超过|不高于|不低于|低于|下降到|降至|降低到)"
    r"(?P<num>\d+(?:\.\d+)?)(?P<suffix>及以上|以上|以内|以下)?(?![\d.%~～\-—–])"
)
SIGN_COMPARATOR = {
    sign + equals: "<=" if k < len(_SIGNS) // 2 else ">="
    for k, sign in enumerate(_SIGNS)
    for equals in ("", "=")
}
# Units of a deadline, and the action a deadline opening its clause sets: "2天内|完成入户调查".
TIME_UNITS = frozenset(
    {"小时", "个小时", "分钟", "天", "日", "工作日", "个工作日", "周", "个月", "年"}
)
TIME_ACTION_RE = re.compile(r"[^,,;;::。、(（)）\x00\x01]{2,30}")
# A figure naming a regime is no goal: "24小时值班制度", "7×24小时响应机制".
REGIME_NAME_RE = re.compile(r"[^,,;;::。、\x01]{0,4}?(?:制度|机制)")
# A time or distance naming a service radius: "15分钟健身圈", "15分钟基本医疗卫生服务圈".
RADIUS_NAME_RE = re.compile(r"[^,,;;::。、\x01]{0,10}?圈")
RADIUS_UNITS = frozenset({"分钟", "小时", "个小时", "公里"})
ROUND_THE_CLOCK = 24
# Measures an indicator is given when its clause names only a subject, and how long that
# subject may be ("二级医院", "农村地区").
GENERIC_MEASURES = ("等级", "时限")
MAX_PARALLEL_SUBJECT = 6
PARALLEL_SLACK = 3
# Units of a rate's normalizer after 每 ("每10万人", "每1000名老年人"), not of a goal.
PER_UNITS = frozenset({"人", "名", "户", "张", "床"})
# What follows the unit: 以上 / 以内 / 小时内
BOUND_SUFFIX_RE = re.compile(r"及以上|以上|以内|之内|以下|内|左右")
# What may not follow a worded index's figure: a unit of its own (the figure is a quantity).
UNIT_AFTER_INDEX_RE = re.compile(r"[\u4e00-\u9fffA-Za-z/]")

# "Reach level N": 5级以上, 四级甲等以上水平, 达到三级水平, 建成三级中医医院.
LEVEL_RE = re.compile(
    r"(?P<num>[1-9一二三四五六七八九十])级(?P<grade>[甲乙丙]等)?(?P<suffix>及以上|以上)?"
)
# A grade glued to a longer number or code is no level goal: 第三级, 12级, A3级.
LEVEL_BLOCKED_BEFORE = frozenset(
    "0123456789第.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
# Verb right before a grade that makes it a goal: 达到三级, 建成三级中医医院
LEVEL_VERB_RE = re.compile(r"(?:达到|达|建成|创建成?|晋升为?|升级为|创成)$")
# After "N级以上" a noun means the grade names a group of hospitals (二级以上综合医院), not a goal.
LEVEL_GOAL_END_RE = re.compile(r"(?:水平|标准|$|[,,;;。、)\)])")

# Target year: 到2025年, 2025年前, 在2030年前, 2025年底, 年内 (the document's own year), and a
# year opening a later clause before its goal's verb ("…达到90%,2030年达到95%").
YEAR_RE = re.compile(
    # The leading class lets the engine skip positions that cannot start a match (speed only).
    r"(?=[到至在于2年])"
    r"(?:到|至|在|于)(?P<y1>20\d\d)年(?:底|末)?"
    rf"|{_PLAN_END}"
    r"|(?<!\d)(?P<y2>20\d\d)年(?:\d{1,2}月)?(?:底|末)?(?:以前|之前|前)"
    r"|(?<!\d)(?P<y3>20\d\d)年(?=[,,]|(?<=[,,;;]\d{4}年)(?:达到|达|实现|提高|降低|下降|控制))"
    r"|(?<![^,,;;。\x01\n])(?P<y4>20\d\d)年(?=[\u4e00-\u9fff])(?![底末内以前起])"
    r"|(?P<within>年内|全年(?!龄))"
)

# Two or three target years for values given respectively: "到2022年和2030年", "2025年、2030年".
YEAR_PAIR_RE = re.compile(
    r"(?:到|至|在|于)?20\d\d年(?:底|末)?(?:(?:和|、|及|与)(?:到)?20\d\d年(?:底|末)?){1,2}"
)
# Two Chinese characters in a row: an indicator that names something, not a bare "30%".
CJK_WORD_RE = re.compile(r"[\u4e00-\u9fff]{2}")
# Units written as a rate: "18/10万" is 18 per 100,000.
UNIT_NAMES = {"/10万": "1/10万", "/万": "1/万", "个小时": "小时", "个工作日": "工作日"}
# A year stated before a figure tells statistics from goals: "2014年中药生产企业达到3813家".
# Starting years (从2023年起, 2020年以来) are left out: what starts then may still be a goal.
# A plan period named as the time of what is reported: "“十三五”时期…提高到79.6岁".
PAST_PERIOD_RE = re.compile(r"十(?P<n>[一二三四五六七八九])五”?(?:时期|期间|以来)")
PAST_YEAR_RE = re.compile(r"(?=[12])(?<![\d由从])((?:19|20)\d\d)年(?!起|以来|开始)")

# "N家及以上的" closing its clause names a condition, not a goal: "入围生产企业在3家及以上的,".
CONDITION_END_RE = re.compile(r"的[,,;;::。!?\x01]*$")
# Words that introduce statistics of what exists: "截至…共有", "已有", "累计".
STATISTIC_RE = re.compile(
    r"截至|截止|已经|已有|现有(?!基础)|共有|目前|已(?:建成|建立|完成|实现|达到|覆盖|开展)(?!的)"
)
# 累计 sums what was done ("累计培训5000人次"), unless it bounds its own figure as a goal
# ("累计培训…不少于600名").
CUMULATIVE = "累计"

HEDGE_RE = re.compile(r"力争|争取|原则上")
# The base a change is measured from names no part of what is measured: "治疗率在现有基础上提高
# 30%" measures 治疗率提高, "知晓率分别在2019年基础上提高10%".
BASE_PHRASE_RE = re.compile(r"在?(?:现有|原有|(?:20\d\d)?年?)?的?基础上")
# A deadline closing a sentence: ",力争2025年建成投用", ",2024年底前完成", ",年内完成".
CLOSING_YEAR_RE = re.compile(
    r"[,,;;](?:力争|争取|确保|并|于|在|到)?(?:(?P<year>20\d\d)年(?:底|末)?(?:前|以前|之前)?"
    r"|(?P<within>年内))(?:建成|完成|投用|投入使用|实现|全覆盖|落实|到位)"
)
# A baseline, the figure a change starts from: "由2020年的12.5/10万下降到10/10万以下",
# "从2.6人增加到3.2人". Its year does not make the goal after it a statistic.
BASELINE_BEFORE_RE = re.compile(r"[由从](?:(?:19|20)\d\d年(?:底|末)?)?的?$")
CHANGE_AFTER_RE = re.compile(
    r"[^,;。]{0,4}?(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|扩大|控制)?[到至]"
)

COMPARATOR_OF = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "超过": ">=", "高于": ">=",
    "多于": ">=", "满足": ">=", "达到": ">=", "达": ">=",
    "不超过": "<=", "不高于": "<=", "不大于": "<=", "低于": "<=", "少于": "<=", "控制在": "<=",
    "下降到": "<=", "下降至": "<=", "降低到": "<=", "降低至": "<=", "降至": "<=", "降到": "<=",
    "提高到": ">=", "提高至": ">=", "提升到": ">=", "提升至": ">=", "增加到": ">=", "增加至": ">=",
    "增长到": ">=", "上升到": ">=", "大于": ">=",
    "小于": "<=", "缩短到": "<=", "缩短至": "<=", "减少到": "<=", "减少至": "<=",
    "不宜超过": "<=", "不得超过": "<=", "不应超过": "<=", "不宜低于": ">=", "不得低于": ">=",
    "不得少于": ">=",
}  # fmt: skip
# Comparator words read before the number, longest first (不低于 before 低于). Every alternative
# starts with a literal, which lets the engine skip to candidates at C speed; the look-behind of
# 达 therefore comes after it (发达, 下达, 到达 are no comparator).
COMPARATOR_RE = re.compile(
    "|".join(
        "达(?<![发下表传送到抵直高]达)(?!标)" if word == "达" else word
        for word in sorted(COMPARATOR_OF, key=len, reverse=True)
    )
)
SUFFIX_COMPARATOR = {
    **SIGN_COMPARATOR,
    "以上": ">=",
    "及以上": ">=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
    "以下": "<=",
}

# Normalizer or frequency: 每千人口, 每万人口, 每百张床位, 每个县, 每年, 人均; 逐年 means 每年.
PER_RE = re.compile(
    r"每(?:[千万百十]+|\d+万?)(?:常住)?人口?|每[百千]张床位"
    r"|每(?:[千万百十]+|\d+万?)名(?:老年人|儿童|学生|居民|职工|孕产妇)"
    r"|每(?:一|个|所|家)?(?:县区|区县|县|乡镇|乡|村|社区|街道|区|市州|地市|设区市|市|州|盟|旗|镇|省份|省)"
    r"(?!级)(?:\([^()]{1,8}\))?(?:卫生院|卫生室|卫生服务中心|医院)?"
    r"|每人每年|每人每月|每年|每月|每季度|每周|每天|每日|人均|逐年"
)

# A count with no comparator is a goal when something is built, set up or assigned:
# 建设20个, 做实2个, 遴选2-3项; 推进5个/加强5个 merely name existing things.
DELIVERABLE_VERB_RE = re.compile(
    r"建设|建成|新建|再建|创建|争创|培养|培育|打造|遴选|做实|办好|选派|设立|组建|支持|扶持|"
    r"开展|调整|增加|新增|认定|招聘|招收|引进|培训|评选|命名|布局|配备|扩建|改造|提供|补助|"
    r"下设|成立|指定|确定|设置|配置|改扩建|改建|完成"
)
# Words that join a second value to the first one's comparator: 不少于4名指导老师和8名继承人.
# Tested with str.endswith, which beats a "$" regex tried at every position.
JOIN_WORDS = ("和", "及", "与", "、", "或")
# A Chinese numeral counted right after such a verb is a deliverable: "新建三所社区卫生服务中心",
# "建成两个国家级区域医疗中心"; elsewhere it is mostly a set phrase (一个中心、两个机制).
DELIVERED_COUNT_RE = re.compile(rf"(?:{DELIVERABLE_VERB_RE.pattern})$")
# Leading words that are not part of an indicator: years, hedges, verbs, comparators.
LEADING_NOISE_RE = re.compile(
    r"^(?:(?:到|至|在|于)?20\d\d年(?:底|末)?(?:以前|之前|前)?|年内|[一二三四五六七八九十]是|力争|争取|原则上|全面|逐步|"
    r"积极|推动|推进|确保|实现|要|并|使|其中|同时)+"
)

# Filler before a quote's subject: "其中绩效工资…", "切实落实在岗乡村医生…", "做到发现病例…".
QUOTE_NOISE_RE = re.compile(r"^(?:其中|同时|并|切实|落实|做到|加快|大力|进一步)+")
# Separators between the goals of one list: "20个A、55个B", "4名A和8名B", "进入200强或进步10名".
LIST_SEPARATORS = "、和及与或"
# Filler before an indicator's subject: years, hedges and governing verbs ("推动建设…").
INDICATOR_NOISE_RE = re.compile(
    r"^(?:(?:和|、|及|与)?(?:到|至|在|于)?20\d\d年(?:\d{1,2}月)?(?:底|末)?(?:以前|之前|前)?|年内|[一二三四五六七八九十]是|"
    r"力争|争取|原则上|全面|逐步|"
    r"积极|推动|推进|确保|实现|要|并|使|其中|同时|切实|落实|加快|加强|大力|进一步|做到|从|支持|"
    r"鼓励|努力|按照|基本实现)+"
)
# A target year anywhere in a subject: "盂县中医医院2025年前建成…".
YEAR_PHRASE_RE = re.compile(
    r"(?=[到至在于2年])(?:到|至|在|于)?20\d\d年(?:\d{1,2}月)?(?:底|末)?(?:以前|之前|前)?|年内"
    rf"|{_PLAN_END.replace('?P<plan>', '')}"
)
# Words closing a subject that are not part of it: "储备量原则上要", "在岗乡村医生每月".
HEAD_TAIL_NOISE = (
    # the verb of a change to a level and a rate's normalizer before the comparator: "补助
    # 标准提高到每人每年" (a change by an amount keeps its verb: "摄入量降低20%")
    "提高到",
    "提升到",
    "增加到",
    "增长到",
    "降低到",
    "下降到",
    "减少到",
    "提高至",
    "降至",
    "每人每年",
    "每人每月",
    "每人",
    "给予",
    "为",
    "全部",
    "保持在",
    "保持",
    "稳定在",
    "维持在",
    "分别",
    "原则上",
    "力争",
    "争取",
    "要",
    "的",
    "将",
    "均",
    "都",
    "每年",
    "每月",
    "每季度",
    "人均",
)
# The verb of a level goal closing its subject: "盂县中医医院建成(三级)".
LEVEL_VERBS = ("达到", "达", "建成", "创建成", "创建", "晋升为", "晋升", "升级为", "创成")
# Verbs that end the noun phrase after a count: "2家县级医院|达到…", "5个医疗集团|全部接入…".
_NOUN_END = (
    r"达到|达|进入|接入|开展|开设|设立|设置|预留|实现|纳入|参加|建成|建立|完成|落实|覆盖|全部|全面|"
    r"能够|具备|提供"
)
# The noun phrase following a count: "建设20个以上|省级临床重点专科|、55个…".
FOLLOWING_NOUN_RE = re.compile(rf"(?:(?!{_NOUN_END})[^,,;;::。、和及与或的\x01]){{1,30}}")
# What "N%的" qualifies, which may join nouns with 和: "10%的|专家门诊号源和住院床位等|预留给…".
OF_NOUN_RE = re.compile(rf"(?:(?!{_NOUN_END})[^,,;;::。、或\x01]){{1,30}}")
# Endings of a counted noun that are not part of it: "全科医师的目标", "住院床位等".
NOUN_TAIL_NOISE = ("的目标", "的要求", "的任务", "等")
# Nouns after "N%的" that name the goal, not what is counted.
GOAL_NOUNS = frozenset({"目标", "要求", "任务", "水平", "标准"})
# What counted things must do, to the end of the comma clause: "…全部接入山西省远程会诊中心".
PREDICATE_RE = re.compile(r"(?![和及与])[^,,;;::。、或\x01]{1,40}")
PREDICATE_LEAD_RE = re.compile(r"^(?:全部|均|都|将|要|能够|可以)+")
# A verb closing a subject: "城乡居民医保人均财政补助标准增加(30元)".
DELIVERABLE_VERBS = tuple(DELIVERABLE_VERB_RE.pattern.split("|"))

# Where what a list of subjects shares begins: "(糖尿病)患者规范管理率", "(婴儿)死亡率".
MEASURE_HEAD_RE = re.compile(
    r"患者|人群|居民|死亡率|发病率|患病率|知晓率|治疗率|控制率|管理率|覆盖率|接种率|筛查率|检出率"
    r"|参保率|达标率|使用率|占比"
)
MEASURE_ENDS = ("率", "水平", "数", "比例", "占比", "量")
# The property column of a planning table's indicators (预期性/约束性): an indicator holding
# one ran across the cells of a table printed as text, and names nothing.
TABLE_CELL_RE = re.compile(r"(?:预期|约束|倡导|指导)性|指标性质|基期水平|目标值")
# What follows an age that names a group: a noun or a list of ages ("3岁以下婴幼儿",
# "0—3岁、4—6岁儿童"); "寿命达到79岁左右" and "…79岁," state a goal.
AGE_GROUP_AFTER_RE = re.compile(r"(?!左右)[\u4e00-\u9fff、]")
INFANT_AFTER_RE = re.compile(r"[婴幼儿]|月龄")
AGE_REACHED = ("达到", "达", "提高到", "提高至", "增加到", "超过")
FORMULA_MARKS = frozenset("×*＊")
# Verbs of a change closing an indicator: "补助标准提高(30元)".
CHANGE_VERBS = ("提高", "增加", "增长", "降低", "下降", "减少")
# Words that lead a deadline rather than name what it measures: "要在(2小时内)", "在平均",
# "需在接报后" (an anchor: the deadline counts from it).
DEADLINE_LEAD_RE = re.compile(
    r"(?:(?:在|于)(?:平均|(?P<anchor>[^在于]{1,8}后))?|^(?P<bare>[^在于]{1,8}后))$"
)
# A subject that is only one of these names nothing measured.
BARE_PREPOSITIONS = frozenset({"按", "按照", "在", "于", "以", "对", "用", "由", "经"})

# Counts of people: 人数 of a group named before the count ("综合管理组人数"), 数 of people
# named so (患者数, 医师数).
PERSON_UNITS = frozenset({"人"})
PERSON_NOUN_ENDS = frozenset("员师生者士才干家工医护人")

COUNT_UNITS = frozenset(
    {"人", "名", "张", "个", "家", "所", "项", "种", "次", "床", "床位", "辆", "台", "套", "支",
     "户", "例", "座", "处", "条", "篇", "门", "人次", "轮", "期", "场", "批", "批次"}
)  # fmt: skip


class _Quantity(NamedTuple):
    """One matched quantity (offsets relative to the text scanned, then to its comma clause)."""

    start: int
    end: int  # end of the unit and any 以上/内 suffix
    value: float
    value_max: float | None
    unit: str | None  # None for an index (BI＜5)
    suffix: str | None  # 以上/以内/内…, or the comparison sign before a signed figure
    chinese: bool
    is_level: bool = False
    level_verb: str | None = None


def extract_targets(
    clauses: tuple[Clause, ...], text: str, meta: DocumentMeta
) -> tuple[Target, ...]:
    """All quantified targets of a document, in text order (preamble first, path None)."""
    whole = clause_text(clauses, text)
    return tuple(_targets(whole.text, whole.path_at, document_year(meta)))


def targets_in_text(
    segment: str, path: str | None = None, doc_year: int | None = None
) -> list[Target]:
    """Targets stated in one piece of text (a sentence, a clause body or a whole preamble)."""
    return _targets(WHITESPACE_RE.sub("", segment), lambda _offset: path, doc_year)


def _targets(
    compact: str, path_at: Callable[[int], str | None], doc_year: int | None
) -> list[Target]:
    """Targets of whitespace-free text whose pieces are separated by newlines."""
    masked = QUOTED_RE.sub(lambda m: "\x00" * len(m.group(0)), compact)
    # One scan of the whole text; only sentences holding a quantity are read further.
    quantities = _quantities(masked)
    if not quantities:
        return []
    found: list[Target] = []
    index = 0
    end = 0
    while index < len(quantities):
        start, end = _sentence_bounds(masked, end, quantities[index].start)
        inside: list[_Quantity] = []
        while index < len(quantities) and quantities[index].start < end:
            inside.append(quantities[index])
            index += 1
        path = path_at(start)
        found.extend(_sentence_targets(compact, masked, (start, end), inside, path, doc_year))
    return found


def _sentence_bounds(masked: str, floor: int, position: int) -> tuple[int, int]:
    """Start and end (after its closing marks) of the sentence holding `position`.

    `floor` is the end of the previous sentence read (0 at first): it ends with a mark, so the
    marks are looked for after it only, instead of back to the start of the text.
    """
    start = max(floor, *(masked.rfind(mark, floor, position) + 1 for mark in SENTENCE_MARKS))
    closing = SENTENCE_END_RE.search(masked, position)
    return start, closing.end() if closing else len(masked)


def document_year(meta: DocumentMeta) -> int | None:
    """Year of the document: 年内 names it, and years before it are the past."""
    for date in (meta.issue_date, meta.publish_date):
        if date and date[:4].isdigit():
            return int(date[:4])
    return None


def _sentence_targets(
    compact: str,
    masked: str,
    span: tuple[int, int],
    quantities: list[_Quantity],
    path: str | None,
    doc_year: int | None,
) -> list[Target]:
    """Targets of one sentence; the year carries forward, a hedge across consecutive clauses.
    A deadline closing the sentence after its last figure ("新增床位500张,力争2025年建成投用")
    dates the goals no earlier year dates."""
    start, end = span
    sentence, sentence_masked = compact[start:end], masked[start:end]
    parts = list(CLAUSE_RE.finditer(sentence_masked))
    # Nothing after the last quantity matters but a closing deadline: years, hedges and clauses
    # are read up to it.
    last = quantities[-1].start - start
    years = _year_scopes(sentence_masked, parts, last, doc_year)
    closing = _closing_year(sentence_masked, quantities[-1].end - start, doc_year)
    paired = _paired_years(sentence_masked, last)
    past = _past_year_end(sentence_masked, last, doc_year)
    any_hedge = HEDGE_RE.search(sentence_masked, 0, last) is not None
    found: list[Target] = []
    hedge = _HedgeState()
    index = 0
    for part in parts:
        if part.start() > last:
            break
        clause_masked = part.group(0)
        offset = start + part.start()
        inside: list[_Quantity] = []
        while index < len(quantities) and quantities[index].start < start + part.end():
            quantity = quantities[index]
            # A NamedTuple's _replace() is several times slower than building the tuple.
            inside.append(
                tuple.__new__(
                    _Quantity, (quantity.start - offset, quantity.end - offset, *quantity[2:])
                )
            )
            index += 1
        own_hedge = HEDGE_RE.search(clause_masked) if any_hedge else None
        hedged = hedge.word is not None or own_hedge is not None
        accepted = _accepted(clause_masked, inside, hedged) if inside else []
        first = len(found)
        if accepted:
            clause_text = sentence[part.start() : part.end()]
            segments = _segments([quantity for quantity, _ in accepted], len(clause_masked))
            for (quantity, comparator), segment in zip(accepted, segments, strict=True):
                word = hedge.word
                if own_hedge and own_hedge.start() < quantity.start:
                    word = own_hedge.group(0)
                position = part.start() + quantity.start
                year = _year_before(years, position)
                if year is None:
                    year = closing
                if paired:
                    year = paired.year_at(sentence_masked, position, year)
                if _states_the_past(year, doc_year, past, position):
                    continue
                if year is None and _is_stated_rate(clause_masked, quantity, comparator):
                    continue
                target = _target(
                    clause_text, clause_masked, quantity, comparator, segment, path, year, word
                )
                if not target.indicator:
                    target = dataclasses.replace(
                        target, indicator=_unnamed(found, clause_text, quantity)
                    )
                if not TABLE_CELL_RE.search(target.indicator):
                    found.append(target)
        if accepted:
            _share_indicators(found, first, "分别" in clause_masked)
            if first:
                _parallel_subjects(found, first)
        hedge.advance(own_hedge.group(0) if own_hedge else None, bool(accepted))
        if clause_masked[-1:] in ";;":
            # A semicolon starts a new statement: the hedge stops, the year carries on.
            hedge = _HedgeState()
    return found


def _unnamed(found: list[Target], clause_text: str, quantity: _Quantity) -> str:
    """The indicator of a goal whose own words name nothing: that of the goal before it in
    the sentence, else its clause up to the figure."""
    if found:
        # "标准提高30元,达到每人每年640元": the level reached, not the rise.
        return _strip_trailing(found[-1].indicator, CHANGE_VERBS)
    return _strip_leading(INDICATOR_NOISE_RE, clause_text[: quantity.end])


@dataclass
class _PairedYears:
    """ "到2022年和2030年,…分别达到A和B": the values after each 分别 take the years in turn."""

    years: tuple[int, ...]
    after: int  # where the pair ends

    def year_at(self, sentence: str, position: int, default: int | None) -> int | None:
        """The year of the value at `position`: its rank among the values after the last 分别
        before it, or `default` when no 分别 governs it or the pair has no year for it."""
        respectively = sentence.rfind("分别", self.after, position)
        if respectively < 0:
            return default
        between = sentence[respectively:position]
        # A normalizer between 分别 and the values is none of them: "分别达到每10万人4.0名和4.5名".
        rank = sum(
            1 for m in _quantity_matches(between) if not m.start() or between[m.start() - 1] != "每"
        )
        return self.years[rank] if rank < len(self.years) else default


def _paired_years(sentence: str, last: int) -> _PairedYears | None:
    """The year pair of a sentence that assigns values respectively, else None."""
    if "分别" not in sentence:
        return None
    found = YEAR_PAIR_RE.search(sentence, 0, last)
    if found is None:
        return None
    years = tuple(int(y) for y in re.findall(r"20\d\d", found.group(0)))
    return _PairedYears(years, found.end())


def _parallel_subjects(found: list[Target], first: int) -> None:
    """A clause naming only its subject takes the measure of the clause before, whose subject
    is of the same kind: "三级医院电子病历…评价达到5级以上,二级医院达到4级以上" gives
    二级医院电子病历…评价等级; "城市地区…反应时间不超过12分钟,农村地区不超过30分钟"."""
    before = found[first - 1].indicator
    for k in range(first, len(found)):
        indicator = found[k].indicator
        subject = indicator.removesuffix(GENERIC_MEASURES[0]).removesuffix(GENERIC_MEASURES[1])
        if subject == indicator or not 2 <= len(subject) <= MAX_PARALLEL_SUBJECT:
            continue
        # The subject before ends with the same word: 医院 in 二级以上医院 and 三级医院.
        end = before.find(subject[-1], 1, len(subject) + PARALLEL_SLACK) + 1
        if end and before[:end] != subject and end < len(before):
            found[k] = dataclasses.replace(found[k], indicator=subject + before[end:])


def _share_indicators(found: list[Target], first: int, respectively: bool) -> None:
    """A value joined to the one before in its comma clause (found[first:]) with no words of its
    own ("分别达到25%和30%") measures the same thing: it takes that value's indicator. Values
    given respectively for a list of subjects ("高血压、糖尿病患者规范管理率分别达到65%、62%")
    take one subject each."""
    for k in range(first + 1, len(found)):
        if not CJK_WORD_RE.search(found[k].indicator):
            found[k] = dataclasses.replace(found[k], indicator=found[k - 1].indicator)
    group = found[first:]
    if respectively and len(group) > 1 and len({t.indicator for t in group}) == 1:
        names = _respective_names(group[0].indicator, len(group))
        for k, name in enumerate(names or ()):
            found[first + k] = dataclasses.replace(found[first + k], indicator=name)


def _respective_names(indicator: str, count: int) -> list[str] | None:
    """ "高血压、糖尿病患者规范管理率" → 高血压患者规范管理率, 糖尿病患者规范管理率: the subjects
    listed with 、 share what the last one measures, which starts at a measure word; None when
    the list does not have `count` subjects or no measure word shows where they end."""
    subjects = indicator.split("、")
    if len(subjects) != count:
        return None
    if all(len(subject) > 2 and subject.endswith(MEASURE_ENDS) for subject in subjects):
        return subjects  # each names a measure: "健康素养水平、健康生活方式素养水平"
    last = subjects[-1]
    cut = next((m.start() for m in MEASURE_HEAD_RE.finditer(last) if m.start() >= 2), None)
    if cut is None:
        return None
    tail = last[cut:]
    return [*(subject + tail for subject in subjects[:-1]), last]


@dataclass
class _HedgeState:
    """The hedge (力争/争取/原则上) in force while reading a sentence's comma clauses.

    It covers the clause that states it and the following clauses as long as they keep stating
    targets: in "力争A达8.3人,引进一批专家,县域内住院率达85%" the last goal is not hedged,
    while in "力争2家医院进入200强,1家医院进入20强" both are. "力争到2025年," alone carries on
    to the next clause.
    """

    word: str | None = None
    used: bool = False

    def advance(self, own: str | None, stated_targets: bool) -> None:
        """Update after one comma clause."""
        if own is not None:
            self.word, self.used = own, stated_targets
        elif stated_targets:
            self.used = self.word is not None
        elif self.used:
            self.word, self.used = None, False


def _year_of(match: re.Match[str], doc_year: int | None) -> int | None:
    """Year a YEAR_RE match names; 年内 is the document's year."""
    if match.group("within"):
        return doc_year
    if match.group("plan"):
        # The N-th five-year plan ends in 1955 + 5N: 十一五 in 2010, 十四五 in 2025.
        return _plan_end(match.group("plan"))
    return int(match.group("y1") or match.group("y2") or match.group("y3") or match.group("y4"))


def _is_stated_rate(clause: str, quantity: _Quantity, comparator: str) -> bool:
    """A rate stated with 为 and no year to reach it describes what is: "我国40岁及以上人群慢阻
    肺患病率为13.6%", "美国为14.3%"."""
    return (
        comparator == "="
        and quantity.unit in ("%", "‰")
        and quantity.start > 0
        and clause[quantity.start - 1] == "为"
    )


def _plan_end(numeral: str) -> int:
    """The last year of the N-th five-year plan ("十X五"): 1955 + 5N, 十四五 ends in 2025."""
    return 1955 + 5 * (10 + "一二三四五六七八九".index(numeral) + 1)


def _states_the_past(
    year: int | None, doc_year: int | None, past_end: int | None, position: int
) -> bool:
    """True for figures of a year before the document's: "截至2014年底,中医类医院3732所".

    `past_end` is where the sentence's first earlier year ends (see _past_year_end).
    """
    if doc_year is None:
        return False
    if year is not None and year < doc_year:
        return True
    return past_end is not None and past_end <= position


def _past_year_end(sentence: str, last: int, doc_year: int | None) -> int | None:
    """End of the first year before the document's stated in the sentence up to `last`.

    A figure at `position` states the past when such a year ends at or before it; one scan per
    sentence replaces a scan per figure. A quantity never starts with 起/以来/开始, so the
    look-ahead of PAST_YEAR_RE reads the same whether the text is cut at the figure or not.
    """
    if doc_year is None:
        return None
    for match in PAST_YEAR_RE.finditer(sentence, 0, last):
        if int(match.group(1)) < doc_year:
            return match.end()
    if "五" in sentence:
        for match in PAST_PERIOD_RE.finditer(sentence, 0, last):
            if _plan_end(match.group("n")) < doc_year:
                return match.end()
    return None


def _year_scopes(
    sentence: str, parts: list[re.Match[str]], last: int, doc_year: int | None
) -> list[tuple[int, int, int | None]]:
    """(start, scope end, year) of every year stated in a sentence.

    A year opening the sentence ("到2025年,A;B") covers the whole sentence, across semicolons;
    one opening a later comma clause covers its semicolon-delimited part ("…工作,到2025年培养
    4名老师;建设2个工作室" leaves the second goal without a year); one inside a clause
    ("中医馆年内覆盖率达到70%") covers only that clause.
    """
    scopes: list[tuple[int, int, int | None]] = []
    if sentence.find("年", 0, last) < 0 and sentence.find("五", 0, last) < 0:
        # Every form of a year holds 年 or 五 (a quick test; most sentences state none).
        return scopes
    part_starts = [p.start() for p in parts]
    for match in YEAR_RE.finditer(sentence, 0, last):
        index = bisect_right(part_starts, match.start()) - 1
        part = parts[index]
        if index == 0:
            end = len(sentence)
        elif not _strip_leading(LEADING_NOISE_RE, sentence[part.start() : match.start()]):
            end = next((p.end() for p in parts[index:] if p.group(0)[-1:] in ";;"), len(sentence))
        else:
            end = part.end()
        scopes.append((match.start(), end, _year_of(match, doc_year)))
    return scopes


def _closing_year(sentence: str, after: int, doc_year: int | None) -> int | None:
    """The year of a deadline stated after the sentence's last figure, if any."""
    if sentence.find("年", after) < 0:
        return None
    found = CLOSING_YEAR_RE.search(sentence, after)
    if found is None:
        return None
    return doc_year if found.group("within") else int(found.group("year"))


def _year_before(scopes: list[tuple[int, int, int | None]], position: int) -> int | None:
    """The last year stated before `position` whose scope reaches it."""
    year = None
    for start, end, value in scopes:
        if start >= position:
            break
        if position < end:
            year = value
    return year


def _quantities(clause: str) -> list[_Quantity]:
    """Every number with a unit, and every level goal, in one comma clause, in order."""
    found: list[_Quantity] = []
    for match in _quantity_matches(clause):
        found.extend(_quantity_of(match, clause))
    for match in LEVEL_RE.finditer(clause):
        level = _level_of(match, clause)
        if level is not None:
            found.append(level)
    if SIGN_RE.search(clause):
        found.extend(_signed(match) for match in SIGNED_RE.finditer(clause) if _is_bound(match))
    indexed = "指数" in clause or "龋均" in clause or "系数" in clause or "密度" in clause
    for match in WORDED_INDEX_RE.finditer(clause) if indexed else ():
        if not UNIT_AFTER_INDEX_RE.match(clause, match.end()):
            value = clean_value(float(match.group("num")))
            found.append(
                _Quantity(
                    match.start("num"), match.end(), value, None, None, match.group("suffix"),
                    False,
                )
            )  # fmt: skip
    found.sort(key=lambda q: q.start)
    return found


def _quantity_matches(text: str) -> list[re.Match[str]]:
    """The matches QUANTITY_RE.finditer(text) gives, found by trying it only where one may start.

    A match never starts elsewhere, so trying the places in order and going on after each match
    finds the same ones (look-behinds see the text before the place tried).
    """
    found: list[re.Match[str]] = []
    resume = 0
    for place in QUANTITY_START_RE.finditer(text):
        position = place.start()
        if position < resume:
            continue
        match = QUANTITY_RE.match(text, position)
        if match is not None:
            found.append(match)
            resume = match.end()
    return found


def _quantity_of(match: re.Match[str], clause: str) -> list[_Quantity]:
    """Quantities of one QUANTITY_RE match (several for a list like 45、9、6项)."""
    suffix_match = BOUND_SUFFIX_RE.match(clause, match.end())
    suffix = suffix_match.group(0) if suffix_match else None
    end = suffix_match.end() if suffix_match else match.end()
    start = match.start()
    if match.group("ratio"):
        value = parse_number(match.group("ratio_value"))
        return _one(start, end, value, None, "1:N", suffix, chinese=False)
    if match.group("pct_cn"):
        value = parse_number(match.group("pct_cn"))
        return _one(start, end, value, None, "%", suffix, chinese=False)
    if match.group("list"):
        unit = match.group("list_unit")
        values = [parse_number(v) for v in match.group("list").split("、")]
        return [
            _Quantity(start, end, clean_value(v), None, unit, suffix, chinese=False)
            for v in values
            if v is not None
        ]
    if match.group("low"):
        low, high = parse_number(match.group("low")), parse_number(match.group("high"))
        if low is None or high is None:
            return []
        chinese = is_chinese_numeral(match.group("low"))
        return [
            _Quantity(
                start, end, clean_value(low), clean_value(high), match.group("range_unit"),
                suffix, chinese,
            )
        ]  # fmt: skip
    value = parse_number(match.group("num"))
    chinese = is_chinese_numeral(match.group("num"))
    return _one(start, end, value, None, match.group("unit"), suffix, chinese)


def _is_bound(match: re.Match[str]) -> bool:
    """Whether a signed figure bounds a measure: "BI＜5", "知晓率≥90%", not a clinical threshold
    with a unit of its own ("血糖≥11.1mmol/L", "24kg/m2≤BMI") or a cell of a flattened table
    ("30≤25倡导性"); a figure without a unit needs an index name before its sign."""
    text, start = match.string, match.start()
    if FOREIGN_UNIT_RE.match(text, match.end()):
        return False
    if match.group("unit"):
        return start > 0 and not SIGN_BLOCKED_AFTER_RE.match(text, start - 1)
    return INDEX_NAME_RE.search(text, max(0, start - 8), start) is not None


def _signed(match: re.Match[str]) -> _Quantity:
    """A figure after a comparison sign, kept as its suffix: the sign gives the comparator."""
    value = clean_value(float(match.group("num")))
    return _Quantity(
        match.start(), match.end(), value, None, match.group("unit"), match.group("sign"), False
    )


def _one(
    start: int,
    end: int,
    value: float | None,
    value_max: float | None,
    unit: str,
    suffix: str | None,
    chinese: bool,
) -> list[_Quantity]:
    """A one-element list, or none when the number did not parse."""
    if value is None:
        return []
    return [_Quantity(start, end, clean_value(value), value_max, unit, suffix, chinese)]


def _level_of(match: re.Match[str], clause: str) -> _Quantity | None:
    """A 'reach level N' goal (unit 级), or None when the grade only names hospitals."""
    if match.start() > 0 and clause[match.start() - 1] in LEVEL_BLOCKED_BEFORE:
        return None
    verb_match = LEVEL_VERB_RE.search(clause, max(0, match.start() - 3), match.start())
    verb = verb_match.group(0) if verb_match else None
    suffix = match.group("suffix")
    if not verb and not (suffix and LEVEL_GOAL_END_RE.match(clause, match.end())):
        return None
    value = parse_number(match.group("num"))
    if value is None:
        return None
    start = match.start("num")
    return _Quantity(
        start, match.end(), value, None, "级", suffix, chinese=False, is_level=True,
        level_verb=verb,
    )  # fmt: skip


def _accepted(
    clause: str, quantities: list[_Quantity], hedged: bool
) -> list[tuple[_Quantity, str]]:
    """Quantities that state a goal, each with its comparator."""
    accepted: list[tuple[_Quantity, str]] = []
    previous_end = 0
    previous: tuple[_Quantity, str] | None = None
    for quantity in quantities:
        lookback = clause[previous_end : quantity.start]
        comparator = _comparator(quantity, lookback)
        joined = previous is not None and lookback.endswith(JOIN_WORDS)
        if joined and comparator == "=" and previous is not None and previous[1] != "range":
            comparator = previous[1]
        if _is_goal(clause, quantity, comparator, lookback, hedged, joined, previous_end):
            accepted.append((quantity, comparator))
            previous = (quantity, comparator)
            previous_end = quantity.end
    if any(not q.is_level for q, _ in accepted):
        # A grade next to a counted goal describes what is counted (2家医院达到三级甲等).
        accepted = [(q, c) for q, c in accepted if not (q.is_level and q.level_verb)]
    return accepted


def _comparator(quantity: _Quantity, lookback: str) -> str:
    """>=, <=, = or range, from the suffix after the unit or the last comparator word before."""
    if quantity.value_max is not None:
        return "range"
    if quantity.suffix in SUFFIX_COMPARATOR:
        return SUFFIX_COMPARATOR[quantity.suffix]
    if quantity.is_level:
        return ">=" if quantity.level_verb in ("达到", "达") else "="
    word = _last_comparator(lookback)
    return COMPARATOR_OF[word.group(0)] if word else "="


def _last_comparator(text: str) -> re.Match[str] | None:
    """The comparator word nearest the number (the last one before it)."""
    last = None
    for match in COMPARATOR_RE.finditer(text):
        last = match
    return last


def _is_condition_or_statistic(clause: str, quantity: _Quantity) -> bool:
    """A condition ("入围生产企业在3家及以上的,采取招标采购") or a count of what exists
    ("截至2014年底,全国共有中医类医院3732所", "已经传播到183个国家") states no goal."""
    if CONDITION_END_RE.match(clause, quantity.end):
        return True
    if "高达" in clause:
        # "患有一种及以上慢性病的比例高达75%": how high something is, not a goal.
        return True
    return STATISTIC_RE.search(clause, 0, quantity.start) is not None


def _is_round_the_clock(quantity: _Quantity, comparator: str) -> bool:
    """ "建立24小时急诊绿色通道": a service around the clock, not a deadline."""
    return (
        quantity.value == ROUND_THE_CLOCK
        and quantity.unit in ("小时", "个小时")
        and comparator == "="
        and quantity.suffix is None
    )


def _is_baseline(clause: str, quantity: _Quantity) -> bool:
    """The figure a change starts from: "由2020年的78.2岁提高到…"."""
    start = quantity.start
    if not start or clause[start - 1] not in "由从的":
        return False
    return BASELINE_BEFORE_RE.search(clause, max(0, start - 10), start) is not None and (
        CHANGE_AFTER_RE.match(clause, quantity.end) is not None
    )


def _is_qualifier(clause: str, quantity: _Quantity) -> bool:
    """An age naming a group ("65岁及以上老年人", "0—6岁儿童", "6个月以上婴儿") or the factor
    of a formula ("…总人数×100%") qualifies a measure, it is not a goal."""
    if quantity.start and clause[quantity.start - 1] in FORMULA_MARKS:
        return True
    if quantity.unit == "岁":
        # "寿命分别达到77.7岁和79岁" states ages reached, whatever follows.
        reached = clause.endswith(AGE_REACHED, 0, quantity.start)
        return not reached and AGE_GROUP_AFTER_RE.match(clause, quantity.end) is not None
    if quantity.unit == "个月":
        return INFANT_AFTER_RE.match(clause, quantity.end) is not None
    return False


def _is_goal(
    clause: str,
    quantity: _Quantity,
    comparator: str,
    lookback: str,
    hedged: bool,
    joined: bool,
    previous_end: int,
) -> bool:
    """Whether a quantity is a commitment rather than a description of what exists."""
    if _is_condition_or_statistic(clause, quantity):
        return False
    if _is_baseline(clause, quantity):
        return False
    if CUMULATIVE in clause[: quantity.start] and (comparator == "=" or CUMULATIVE not in lookback):
        return False
    if quantity.start and clause[quantity.start - 1] == "每" and quantity.unit in PER_UNITS:
        return False  # the normalizer of a rate: "控制在每10万人10人以下"
    if REGIME_NAME_RE.match(clause, quantity.end):
        return False
    if quantity.unit in RADIUS_UNITS and RADIUS_NAME_RE.match(clause, quantity.end):
        return False
    if _is_qualifier(clause, quantity):
        return False
    if quantity.is_level:
        return True
    if _is_round_the_clock(quantity, comparator):
        return False
    if quantity.unit == "年" and comparator == "=":
        return False  # a duration stated, not bounded: "建设期为3年"
    if quantity.chinese and comparator not in (">=", "<=", "range"):
        # Chinese numerals without a bound are mostly set phrases (一个中心, 两个机制), unless a
        # verb of delivery counts them; "一批" is no number.
        return (
            quantity.unit in COUNT_UNITS
            and quantity.unit not in ("批", "批次")
            and DELIVERED_COUNT_RE.search(clause, max(0, quantity.start - 3), quantity.start)
            is not None
        )
    if comparator != "=" or quantity.unit not in COUNT_UNITS:
        return True
    if hedged or joined or PER_RE.search(clause, 0, quantity.start):
        return True
    if DELIVERABLE_VERB_RE.search(clause, 0, quantity.start):
        return True
    head = _strip_leading(LEADING_NOISE_RE, clause[previous_end : quantity.start])
    # A count opening its clause is the subject of a goal (5个医疗集团全部接入...).
    return not head


def _segments(quantities: list[_Quantity], length: int) -> list[tuple[int, int]]:
    """The part of a comma clause that belongs to each of its goals: "建设20个A、55个B".

    A goal's part starts where the previous goal (another value) ended and ends where the next
    one starts; the values of one list (45、9、6项) share theirs.
    """
    if len(quantities) == 1:
        return [(0, length)]
    segments = []
    for quantity in quantities:
        start = max((q.end for q in quantities if q.end <= quantity.start), default=0)
        end = min((q.start for q in quantities if q.start >= quantity.end), default=length)
        segments.append((start, end))
    return segments


def _target(
    clause_text: str,
    clause_masked: str,
    quantity: _Quantity,
    comparator: str,
    segment: tuple[int, int],
    path: str | None,
    year: int | None,
    hedge: str | None,
) -> Target:
    """Build the Target for one accepted quantity."""
    pers = list(PER_RE.finditer(clause_masked, 0, quantity.start))
    per = pers[-1].group(0) if pers else None
    if per == "逐年":
        per = "每年"
    indicator = _indicator(clause_text, clause_masked, quantity, segment)
    if "基础上" in indicator:
        indicator = BASE_PHRASE_RE.sub("", indicator)
        if indicator in CHANGE_VERBS:
            indicator = ""  # "在2022年基础上提高10%": the caller names it from the goal before
    return Target(
        path=path,
        indicator=indicator,
        comparator=comparator,
        value=quantity.value,
        value_max=quantity.value_max,
        unit=UNIT_NAMES.get(quantity.unit, quantity.unit) if quantity.unit else None,
        per=per,
        year=year,
        hedge=hedge,
        quote=_quote(clause_text, quantity, segment).replace("\x00", ""),
    )


def _after_separator(clause: str, quantity: _Quantity, segment: tuple[int, int]) -> int:
    """Where the words of a later value of a list start: after the separator ("A和8名继承人")."""
    start = segment[0]
    if not start:
        return 0
    end = quantity.start
    return max(
        start,
        clause.rfind("、", start, end) + 1,
        clause.rfind("和", start, end) + 1,
        clause.rfind("及", start, end) + 1,
        clause.rfind("与", start, end) + 1,
        clause.rfind("或", start, end) + 1,
    )


def _quote(clause_text: str, quantity: _Quantity, segment: tuple[int, int]) -> str:
    """The shortest span stating the goal: its part of the clause, without leading filler.

    "其中绩效工资用于激励的比例不低于…的60%" loses 其中; in "建设20个A、55个B" the second goal
    is quoted from its value: "55个B".
    """
    start, end = _after_separator(clause_text, quantity, segment), segment[1]
    head = clause_text[start : quantity.start]
    stripped = _strip_leading(QUOTE_NOISE_RE, head)
    start += len(head) - len(stripped)
    if end < len(clause_text):
        # Another goal follows: stop at the separator before its words ("…200强或逐年进步10名").
        cut = max(clause_text.rfind(c, quantity.end, end) for c in LIST_SEPARATORS)
        end = cut if cut >= 0 else end
    return clause_text[start:end].rstrip(LIST_SEPARATORS).rstrip(TRAILING_PUNCT)


def _indicator(
    clause_text: str, clause_masked: str, quantity: _Quantity, segment: tuple[int, int]
) -> str:
    """A short noun phrase naming what is measured (gold style, FORMAT.md).

    - a subject before the number: 县域内住院率达到85% -> 县域内住院率;
    - a counted noun after it: 建设20个以上省级临床重点专科 -> 省级临床重点专科数, with the actor
      when one precedes the verb: 市级层面做实2个城市医疗集团 -> 市级层面做实的城市医疗集团数;
    - a count or share opening its clause, with what it must do: 90%的县级中医医院达到二级标准
      -> 达到二级标准的县级中医医院比例;
    - a level goal names the graded thing: 三甲医院达到电子病历应用水平分级评价5级以上 ->
      三甲医院电子病历应用水平分级评价等级.
    """
    start, end = _after_separator(clause_masked, quantity, segment), segment[1]
    head = _strip_leading(INDICATOR_NOISE_RE, clause_text[start : quantity.start])
    if "年" in head or "五" in head:
        # Every year phrase holds 年 or 五 (十四五末); a pair goes whole ("2022年和2030年").
        head = YEAR_PHRASE_RE.sub(_year_phrase_removed, YEAR_PAIR_RE.sub("", head))
    comparator = _last_comparator(head)
    between = ""
    if comparator:
        head, between = head[: comparator.start()], head[comparator.end() :]
    if not head.endswith("平均"):
        # 均 is filler ("各地均达到"), but not the end of 平均.
        head = _strip_trailing(head, HEAD_TAIL_NOISE, repeat=True)
    if quantity.is_level:
        name = _strip_trailing(head, LEVEL_VERBS) + ("" if PER_RE.fullmatch(between) else between)
        name = name.strip("的")
        return name + ("" if name.endswith(("等级", "水平")) else "等级") if name else "等级"
    of = clause_text.startswith("的", quantity.end)
    noun_start = quantity.end + of
    noun = (OF_NOUN_RE if of else FOLLOWING_NOUN_RE).match(clause_masked, noun_start, end)
    noun_text = clause_text[noun.start() : noun.end()] if noun else ""
    noun_text = _strip_trailing(noun_text, NOUN_TAIL_NOISE)
    if noun_text in GOAL_NOUNS:
        # "…达到65%以上的目标": the goal itself, not what is counted.
        noun_text, of = "", False
    measure = "比例" if quantity.unit in ("%", "‰") else "数"
    counted = quantity.unit in COUNT_UNITS or of
    if counted and noun_text:
        if PER_RE.fullmatch(between):
            return between + noun_text + measure
        # The verb may follow the comparator: "疾控中心至少建设一个P2实验室".
        verb = _last_match(DELIVERABLE_VERB_RE, between) or _last_match(DELIVERABLE_VERB_RE, head)
        actor = head[: verb.start()] if verb and verb.string is head else head
        if actor[:1] in ("在", "于"):
            # "在每个县设置1个…": the place is the actor, its preposition is not.
            actor = actor[1:]
        if verb and len(actor) >= 2:
            return f"{actor}{verb.group(0)}的{noun_text}{measure}"
        if not actor or verb or of:
            predicate = _predicate(
                clause_text, clause_masked, noun.end() if noun else noun_start, end
            )
            if predicate:
                return f"{actor}{predicate}的{noun_text}{measure}"
            return actor + noun_text + measure
        if (
            actor
            and between in ("", "有", "拥有")
            and quantity.unit not in PERSON_UNITS
            and CJK_WORD_RE.match(noun_text)
        ):
            # "青少年熟练掌握1项以上体育运动技能": what the subject holds is counted, with what
            # it must do: "每个县至少有1所县级医院达到三级医院服务能力".
            predicate = _predicate(clause_text, clause_masked, noun.end() if noun else 0, end)
            return f"{actor}{predicate}的{noun_text}{measure}"
    subject = _strip_trailing(head, DELIVERABLE_VERBS)
    if subject in BARE_PREPOSITIONS:
        # "按不低于采购金额的30%", "在2—3年内调整到位": a preposition names nothing; the words
        # between the comparator and the figure do.
        subject = between.rstrip("的") if between and not PER_RE.fullmatch(between) else ""
    if quantity.unit == "元" and noun_text and subject:
        return subject + noun_text
    deadline = quantity.unit in TIME_UNITS and quantity.suffix in SUFFIX_COMPARATOR
    lead = DEADLINE_LEAD_RE.search(subject) if deadline and subject else None
    if deadline and (not subject or lead):
        # A deadline opening its clause or led by 在: "1天内完成风险区域划定" -> 完成风险区域
        # 划定的时限; "要在平均2小时内完成调查" -> 完成调查的平均时限; "需在接报后2小时内
        # 启动调查" -> 接报后启动调查的时限.
        action = TIME_ACTION_RE.match(clause_text, quantity.end, end)
        if action:
            anchor = (lead.group("anchor") or lead.group("bare") or "") if lead else ""
            return f"{anchor}{action.group(0)}的{'平均' if subject.endswith('平均') else ''}时限"
    if not subject:
        # Nothing names it: the caller takes the indicator of the goal before it, if any
        # ("补助标准提高30元,达到每人每年640元").
        return noun_text + measure if noun_text else ""
    if quantity.unit in ("小时", "个小时", "分钟") and not subject.endswith(("时限", "时间")):
        return subject + "时限"
    subject = subject.rstrip("(")
    if (
        quantity.unit in PERSON_UNITS
        and subject
        and not subject.endswith(("数", "量", "率"))
        and subject[-1] not in PERSON_NOUN_ENDS
    ):
        # "综合管理组(3-4人)" counts the people of the group: 综合管理组人数.
        return subject + "人数"
    if counted and not subject.endswith(("数", "量", "率")):
        # "建设省级区域医疗中心3个" counts what "建设3个省级区域医疗中心" counts.
        verb = DELIVERABLE_VERB_RE.match(subject)
        while verb and len(subject) - verb.end() >= 2:
            subject = subject[verb.end() :]
            verb = DELIVERABLE_VERB_RE.match(subject)
        return subject + measure
    return subject


def _year_phrase_removed(match: re.Match[str]) -> str:
    """What is left of a year phrase in an indicator: nothing, or the 到 of a change's verb
    ("提高到2025年的79.2岁" keeps 提高到, which the indicator then drops as a whole)."""
    phrase = match.group(0)
    keep = phrase[:1] in "到至" and match.string.endswith(CHANGE_VERBS, 0, match.start())
    return phrase[:1] if keep else ""


def _strip_leading(pattern: re.Pattern[str], text: str) -> str:
    """`text` without what an anchored `pattern` matches at its start (cheaper than sub)."""
    found = pattern.match(text)
    return text[found.end() :] if found else text


def _strip_trailing(text: str, words: tuple[str, ...], repeat: bool = False) -> str:
    """`text` without one of `words` at its end (or a run of them); endswith beats a "$" regex,
    which is tried at every position of the text."""
    while text.endswith(words):
        word = max((w for w in words if text.endswith(w)), key=len)
        text = text[: -len(word)]
        if not repeat:
            break
    return text


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of `pattern` in `text`."""
    last = None
    for match in pattern.finditer(text):
        last = match
    return last


def _predicate(clause_text: str, clause_masked: str, start: int, end: int) -> str:
    """What the counted things must do: "…医疗集团全部接入山西省远程会诊中心" -> 接入…中心."""
    found = PREDICATE_RE.match(clause_masked, start, end)
    if found is None or clause_masked.startswith("的", start):
        # "…骨干的中医药人才队伍": what the noun belongs to, not what it must do.
        return ""
    return _strip_leading(PREDICATE_LEAD_RE, clause_text[found.start() : found.end()])
