"""A second plan built from the Yangquan seed's template, the way one city adapts another's text.

The edits are those seen between real template-sharing plans: the city, its counties and its 文号
change; every figure that is not a year changes; some clauses are dropped, two swap places; some
are reworded (synonyms, sentences cut), the others get a local sentence, and some are rewritten
from scratch. Numbering is redone so the outline stays continuous.
"""

from __future__ import annotations

import re
from pathlib import Path

YANGQUAN = Path(__file__).parents[2] / "mirror" / "seeds" / "001_c28985a53e9e0c4c.txt"

# Names of the template's city replaced by those of the derived plan's city (both in Shanxi).
RENAMES = (
    ("阳政发〔2024〕3号", "市政发〔2024〕15号"),
    ("阳泉", "晋中"),
    ("平定县", "榆次区"),
    ("盂县", "太谷区"),
    ("2024年2月22日", "2024年4月8日"),
    ("2024-02-22", "2024-04-08"),
    ("2024-02-29", "2024-04-12"),
)
# Wording a drafter changes when adapting a paragraph.
SYNONYMS = (
    ("加强", "强化"),
    ("推进", "推动"),
    ("完善", "健全"),
    ("进一步", "持续"),
    ("建立", "构建"),
)
# Sentences a drafter adds to a kept clause to make it local.
LOCAL_SENTENCES = (
    "结合晋中市山区县多、人口分散的实际,优先保障榆次区、太谷区以外山区乡镇的服务可及性。",
    "市卫生健康委每半年对各县(区)落实情况开展一次督导,督导结果纳入年度目标责任考核。",
    "鼓励各县(区)结合本地实际先行先试,形成可复制推广的经验做法。",
)
# A paragraph written for the derived city alone.
LOCAL_BODIES = (
    "依托晋中学院医学院和市第一人民医院,联合榆次区、太谷区共建区域医学实训基地,"
    "每年为乡村医生提供集中轮训,探索订单定向培养与县乡一体使用相结合的人才留用办法。",
    "围绕晋商文化和康养产业布局,在平遥古城周边规划建设中医康养示范区,"
    "引导社会资本举办康复医院和护理中心,形成医疗、康复、旅居养老一体的服务链条。",
    "实施“数字晋中健康”工程,建成覆盖市县乡村四级的影像、检验和心电会诊平台,"
    "居民可在乡镇卫生院完成检查、由市级医院出具报告,检查结果在全市医疗机构互认。",
    "统筹市县两级财政资金,对山区乡镇卫生院发热门诊、中医馆和家庭医生工作室给予一次性建设补助,"
    "补助标准由市卫生健康委会同市财政局另行制定。",
)
# A numbered level-3 line: "3.提高公共卫生服务能力。全面落实…".
ITEM_RE = re.compile(r"^(\d+)\.(.*)$")
# A level-2 heading line: "(二)加强分工合作,…".
SECTION_RE = re.compile(r"^\([一二三四五六七八九十]+\)")
# A figure that is not a date: "1-2所" → 1 and 2; "95%" → 95; years, months and days are kept.
FIGURE_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])(?![年月日号])")


def _figure(match: re.Match[str]) -> str:
    text = match.group(1)
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return text
    if "." in text:
        return f"{float(text) + 0.2:.{len(text.split('.')[1])}f}"
    number = int(text)
    return str(number + 1 if number < 10 else round(number * 1.2))


def _reworded(body: str) -> str:
    """Synonyms throughout; the first and last sentences cut when three or more remain."""
    for old, new in SYNONYMS:
        body = body.replace(old, new)
    sentences = [s for s in body.split("。") if s]
    return "。".join(sentences[1:-1] if len(sentences) > 3 else sentences) + "。"


def _edit_item(index: int, heading_and_body: str) -> str | None:
    """The derived form of the index-th numbered item; None when the item is dropped."""
    if index % 6 == 5:
        return None
    heading, _, body = heading_and_body.partition("。")
    if index % 4 == 3:
        return f"{heading}。{LOCAL_BODIES[index // 4 % len(LOCAL_BODIES)]}"
    if index % 3 == 1:
        return f"{heading}。{_reworded(body)}"
    return f"{heading_and_body}{LOCAL_SENTENCES[index % len(LOCAL_SENTENCES)]}"


def derived_plan(template: str | None = None) -> str:
    """The derived city's plan text, from the Yangquan seed by default."""
    text = template if template is not None else YANGQUAN.read_text(encoding="utf-8")
    for old, new in RENAMES:
        text = text.replace(old, new)
    out: list[str] = []
    items: list[str] = []
    index = 0

    def flush() -> None:
        # The second and third items of a section swap places, as when a drafter reorders.
        if len(items) >= 3:
            items[1], items[2] = items[2], items[1]
        out.extend(f"{n}.{item}" for n, item in enumerate(items, start=1))
        items.clear()

    for line in text.splitlines():
        item = ITEM_RE.match(line)
        if item:
            edited = _edit_item(index, item.group(2))
            index += 1
            if edited is not None:
                items.append(FIGURE_RE.sub(_figure, edited))
            continue
        if SECTION_RE.match(line) or line.startswith(("三、", "四、")):
            flush()
        out.append(FIGURE_RE.sub(_figure, line) if not line.startswith("发文字号") else line)
    flush()
    return "\n".join(out) + "\n"
