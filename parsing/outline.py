"""The clause outline: every numbered heading of a plan, nested by numbering style.

Numbering styles do not have fixed depths: a plan without 一、 headings starts at (一). The depth
of a style is learnt from the order in which styles nest. A candidate label only opens a clause
when its number continues the sequence: the next number at its level, 1 under a new parent, or
the next number of a sequence that runs on across parents (1..31 over several (一) sections, or
(六) under 二、 after (五) under 一、). This keeps numbers inside body text out of the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from healthplans.parsing.model import Clause
from healthplans.parsing.signatures import SEAL_NOTE, is_date_line, is_organ

_CN = "〇零一二三四五六七八九十百两"
# Label styles in conventional nesting order (rank). Each pattern captures the number.
# Samples: "第二章", "第三节", "第十条", "一、", "(一)", "1.", "(1)", "①".
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("volume", re.compile(rf"^第([{_CN}]+)篇")),
    ("part", re.compile(rf"^第([{_CN}]+)部分")),
    ("chapter", re.compile(rf"^第([{_CN}]+)章")),
    ("section", re.compile(rf"^第([{_CN}]+)节")),
    ("article", re.compile(rf"^第([{_CN}]+)条")),
    # "一、", or "一." in some plans (not "一.5")
    ("cn", re.compile(rf"^([{_CN}]+)(?:、|\.(?!\d))")),
    # "(一)", or "(一)、" with a stray mark after the bracket, as some plans print it
    ("paren_cn", re.compile(rf"^\(([{_CN}]+)\)(?:、|\.(?!\d))?")),
    # "1." or "1、" but not a decimal such as "2.9人" or a date such as "2024.1".
    ("arabic", re.compile(r"^(\d{1,3}) ?(?:\.(?!\d)|、)")),
    ("paren_arabic", re.compile(r"^\((\d{1,3})\)(?:、|\.(?!\d))?")),
    # "1)" with a closing bracket only
    ("half_paren_arabic", re.compile(r"^(\d{1,3})\)")),
    ("circled", re.compile(r"^([①-⑳])")),
)
_RANK = {name: i for i, (name, _) in enumerate(_STYLES)}
# All styles in one pattern, tried in the same order: group i + 1 is the number of style i. One
# match per line instead of up to nine.
_LABEL_RE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _STYLES))
_STYLE_OF_GROUP = {i + 1: name for i, (name, _) in enumerate(_STYLES)}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

# The start of an annex after the plan: "附件", "附件2", "附件一", "附表1 重点任务分工",
# "附件:三级公立医院绩效考核指标".
ANNEX_START = re.compile(r"^附(?:件|表)\s*(?:\d+|[一二三四五六七八九十]+)?(?:$|[:.、\s])")
# A heading ends at the first full stop: "(一)指导思想。以习近平…" → "指导思想".
_HEADING_END = "。"
_ITEM_END = ";;,,、::"
# A responsibility note closing a heading line: "实施健康知识普及行动【牵头单位:…】".
_HEADING_NOTE = re.compile(r"【|\((?:牵头|责任|配合)(?:单位|部门)")
# Label styles whose numbers the source may skip: body text never starts a line with them.
_SKIPPABLE = frozenset({"cn", "paren_cn"})
# The first heading may start past 1 when the next number follows within this many lines.
_START_LOOKAHEAD = 400
_MAX_START = 10
# A heading line this long, without a full stop, was cut by the page's width: a short line
# under it ends it even when body text follows ("…应急物资" / "保障体系" / "加快建设…。").
_WRAPPED_HEADING = 16
# A heading line ending in a particle is cut, however short: "1.建立健全覆盖城乡的" / "中医…网络".
_DANGLING = ("的", "和", "与", "及", "、")
# The end of a heading cut before its full stop, under a heading line this long: "…综合能力" /
# "提升。支持…".
_MAX_CUT_END = 4
_CUT_HEADING = 8
# Short lines that never end a heading: a running header ("XX市人民政府办公室文件"), the title
# of a box or a table ("专栏1 主要指标", "表2").
_NOT_TAIL = re.compile(r"^(?:专栏|表\s*\d)|文件$")
# What a web page prints after the text: its links, site map and footer.
_PAGE_END_STARTS = frozenset("相网联版扫")
_PAGE_END = re.compile(
    r"^(?:相关链接|相关文件|相关阅读|相关新闻|相关信息|网站地图|联系我们|版权所有|扫一扫)"
)
# A table of contents: its title line, and the dot leader and page number closing an entry.
_TOC_TITLE = re.compile(r"^目\s*录$")
_TOC_LEADER = re.compile(r"(?:\.{4,}|[…·]{2,})[.…·\s]*\d{1,4}(?![\d.%])")
# A line this short under a bare label is a character of a cell printed vertically.
_CELL_CHARS = 2
# Only the first lines of a plan are searched for its contents.
_TOC_SEARCH = 200
# A heading line without a full stop may continue on one short line cut by PDF extraction.
_MAX_HEADING_TAIL = 20
# A label alone on its line takes the next line, this long at most, as its heading.
_MAX_LONE_HEADING = 40
# The first label of a level run in after a heading on its line: "一、总体要求(一)指导思想".
_RUN_IN_FIRST = re.compile(r"(?<=[^\d(])(?:\(一\)|1\.(?!\d))")
_MAX_RUN_IN = 40
# The most points a notice makes before its signature.
_MAX_NOTICE_POINTS = 8
# A plan's own title under a notice is looked for in this many first lines.
_TITLE_SEARCH = 300
# The longest heading run in before a colon ("工作目标:到2025年…"), and what shows the colon
# belongs to prose or to a note ("建设健康社区(牵头单位:…)") instead.
_MAX_COLON_HEADING = 20
_COLON_BLOCKED = re.compile(r"[。,;:()《“\[【]")
# The longest unnumbered caption over a list ("——社会和政府:").
_MAX_CAPTION = 20
# Sentence punctuation that shows a short line is prose, not the end of a heading.
_PROSE_PUNCT = re.compile(r"[。,;:]")


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to the hundreds: "二十六" → 26, "十" → 10, "一百零二" → 102."""
    total = 0
    current = 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _value(style: str, raw: str) -> int | None:
    if style == "circled":
        return ord(raw) - ord("①") + 1
    if raw.isdigit():
        return int(raw)
    return cn_number(raw)


def _label(style: str, raw: str) -> tuple[str, str]:
    """(label as normalized in the gold, path component)."""
    if style in ("volume", "part", "chapter", "section", "article"):
        text = {
            "volume": "第{}篇",
            "part": "第{}部分",
            "chapter": "第{}章",
            "section": "第{}节",
            "article": "第{}条",
        }
        label = text[style].format(raw)
        return label, label
    if style == "cn":
        return f"{raw}、", raw
    if style in ("paren_cn", "paren_arabic"):
        return f"({raw})", f"({raw})"
    if style == "arabic":
        return f"{raw}.", raw
    return raw, raw


@dataclass(frozen=True)
class _Candidate:
    style: str
    value: int
    label: str
    component: str
    rest: str  # the line after the label


def match_label(line: str) -> _Candidate | None:
    found = _LABEL_RE.match(line)
    if found is None or found.lastindex is None:
        return None
    style = _STYLE_OF_GROUP[found.lastindex]
    raw = found.group(found.lastindex)
    value = _value(style, raw)
    if value is None or value == 0:
        return None
    rest = line[found.end() :]
    if style == "cn" and rest[1:2] == "级" and cn_number(rest[:1]) == value + 1:
        return None  # hospital tiers or surgery grades listed: "二、三级医院", "三、四级手术"
    label, component = _label(style, raw)
    if style in ("arabic", "cn", "half_paren_arabic") or found.group(0)[-1] in "、.":
        label = found.group(0).replace(" ", "")  # as printed: "1." or "1、", "一.", "1)", "(一)、"
    return _Candidate(style, value, label, component, rest.strip())


@dataclass
class _Open:
    """A level of the numbering stack: the style used there and the last number accepted."""

    style: str
    value: int
    component: str
    printed: int = 1  # how many times in a row this number was printed
    run: int = 1  # how many times the numbering restarted at 1 under the same parent, plus one


class _Numbering:
    """Decides whether a candidate continues the numbering, and where it sits."""

    def __init__(self) -> None:
        self.stack: list[_Open] = []
        self.last_value: dict[tuple[int, str], int] = {}  # (depth, style) → last number

    def place(self, cand: _Candidate, after_caption: bool = False) -> int | None:
        """Depth (0-based) at which the candidate opens a clause, or None to treat it as text.

        `after_caption`: the line before is an unnumbered caption of a list ("——社会和政府:"),
        under which numbering may start again at 1.
        """
        for depth, level in enumerate(self.stack):
            if level.style == cand.style:
                # A label printed twice in a row (一、… 一、…) is a second clause, path "一~2".
                repeated = cand.value == level.value and depth == len(self.stack) - 1
                restart = after_caption and cand.value == 1 and level.value > 1
                # A number the source skipped ((二) then (四)) keeps its printed number; only
                # Chinese numerals, which body text never starts a line with.
                skipped = cand.value == level.value + 2 and cand.style in _SKIPPABLE
                if cand.value == level.value + 1 or repeated or restart or skipped:
                    return depth
                return None
        depth = len(self.stack)
        if self.stack and _RANK[cand.style] < _RANK[self.stack[-1].style]:
            return None
        if cand.value == 1:
            return depth
        # A sequence that runs on across parents: (六) under 二、 after (五) under 一、.
        previous = self.last_value.get((depth, cand.style))
        return depth if previous is not None and cand.value == previous + 1 else None

    def opens_at(self, cand: _Candidate) -> bool:
        """Whether nothing is open yet: the first heading may then start past 1, as in a plan
        printed from its second part on (the caller checks that the numbering goes on)."""
        return not self.stack and cand.value > 1

    def accept(self, cand: _Candidate, depth: int) -> str:
        same = self.stack[depth] if depth < len(self.stack) else None
        printed = same.printed + 1 if same and same.value == cand.value else 1
        run = 1
        if same is not None and same.style == cand.style:
            # A list numbered again from 1 under the same parent: its items are "1~2", "2~2"…
            run = same.run + 1 if cand.value == 1 and same.value > 1 else same.run
        suffix = run + printed - 1
        component = cand.component if suffix == 1 else f"{cand.component}~{suffix}"
        del self.stack[depth:]
        self.stack.append(_Open(cand.style, cand.value, component, printed, run))
        self.last_value[(depth, cand.style)] = cand.value
        return "/".join(level.component for level in self.stack)


def _split_heading(rest: str) -> tuple[str, str]:
    """Heading up to the first full stop, and the body text after it on the same line.

    A short heading closed by a colon is run in as well: "工作目标:到2025年,…。" → 工作目标.
    """
    note = _HEADING_NOTE.search(rest)
    if note and note.start() and "。" not in rest[: note.start()]:
        # "实施控烟行动【责任单位:…】全面推进…": the note and what follows are the body.
        return rest[: note.start()].strip(), rest[note.start() :].strip()
    colon = rest.find(":", 0, _MAX_COLON_HEADING + 1)
    if colon > 0 and not _COLON_BLOCKED.search(rest, 0, colon) and rest[colon + 1 :].strip():
        return rest[:colon].strip(), rest[colon + 1 :].strip()
    head, stop, tail = rest.partition(_HEADING_END)
    if stop:
        return head.strip(), tail.strip()
    # An item closed by a semicolon, comma or colon ("1.建立…工作机制;", "二、主要任务:") keeps no
    # such mark in its heading.
    return rest.strip().rstrip(_ITEM_END), ""


def _is_caption(line: str) -> bool:
    """An unnumbered caption over a list: "——个人和家庭:", "社会和政府:"."""
    return (
        len(line) <= _MAX_CAPTION
        and (line.endswith(":") or line.startswith("—"))
        and (match_label(line) is None)
    )


def _is_heading_tail(line: str, following: str | None) -> bool:
    """A short, punctuation-free line between a heading and the next label is its cut-off end."""
    if len(line) > _MAX_HEADING_TAIL or _PROSE_PUNCT.search(line) or match_label(line):
        return False
    if ANNEX_START.match(line) or _NOT_TAIL.search(line):
        return False
    return following is None or match_label(following) is not None


@dataclass
class _Draft:
    path: str
    label: str
    heading: str
    body: list[str]
    depth: int


def _toc_end(lines: list[str]) -> int:
    """Index of the first line after a table of contents (0 when there is none).

    A 目录 line opens one; its entries are headings printed again in the body, so the contents
    end where the first entry is printed a second time. Without that repeat nothing is skipped.
    """
    for i, line in enumerate(lines[:_TOC_SEARCH]):
        if _TOC_TITLE.match(line):
            entries = [j for j in range(i + 1, min(len(lines), i + 4)) if match_label(lines[j])]
            if not entries:
                return 0
            first = _toc_key(lines[entries[0]])
            for j in range(entries[0] + 1, len(lines)):
                if _toc_key(lines[j]) == first:
                    return j
            return 0
    return 0


def _has_leader(text: str) -> bool:
    """Whether a line holds a contents entry's leader and page number (substring tests first:
    most lines hold no leader, and the pattern would scan the whole paragraph)."""
    if "...." not in text and "…" not in text and "··" not in text:
        return False
    return _TOC_LEADER.search(text) is not None


def _toc_key(line: str) -> str:
    """A contents entry as compared with its heading: no page number, leader or spaces."""
    return _TOC_LEADER.sub("", "".join(line.split())).rstrip(".…·")


def _drafts(lines: list[str]) -> list[_Draft]:
    numbering = _Numbering()
    drafts: list[_Draft] = []
    signed = False  # a signature's date line since the last heading
    i = _toc_end(lines)
    while i < len(lines):
        line = lines[i]
        cand = match_label(line)
        tail = cand.rest if cand else line
        if drafts and (
            (line[:1] == "附" and ANNEX_START.match(line))
            or (tail[:1] in _PAGE_END_STARTS and _PAGE_END.match(tail))
        ):
            # Annexes (indicator tables, task lists) restart their own numbering, and a page's
            # links and footer follow the text: neither is the outline.
            break
        if cand is None and i and is_date_line(line):
            # A notice's points are few and flat; a plan's headings nest.
            signed = (
                is_organ(SEAL_NOTE.sub("", lines[i - 1]))
                and 0 < len(drafts) <= _MAX_NOTICE_POINTS
                and all(d.depth == 1 for d in drafts)
            )
        elif cand and signed and cand.value == 1 and cand.style == numbering.stack[0].style:
            # The points of a notice, signed and dated, then the plan it issues numbered anew
            # from 一、: the plan's headings are the outline.
            numbering, drafts = _Numbering(), []
        if cand and _has_leader(cand.rest):
            cand = None  # a contents entry: "一、总体要求……7"
        elif cand and not cand.rest and i + 1 < len(lines) and len(lines[i + 1]) <= _CELL_CHARS:
            cand = None  # a table cell printed vertically, a character a line: "(四)" / "控" / "烟"
        # Only a 1 can start a list again under a caption.
        captioned = cand is not None and cand.value == 1 and i > 0 and _is_caption(lines[i - 1])
        depth = numbering.place(cand, captioned) if cand else None
        if cand and depth is None and numbering.opens_at(cand) and _goes_on(lines, i, cand):
            depth = 0
        if cand is None or depth is None:
            if drafts:
                drafts[-1].body.append(line)
            i += 1
            continue
        path = numbering.accept(cand, depth)
        heading, body = _split_heading(cand.rest)
        if not body and i + 1 < len(lines) and "。" not in cand.rest:
            heading, body, taken = _heading_end(heading, lines, i + 1)
            i += taken
        drafts.append(_Draft(path, cand.label, heading, [body] if body else [], depth + 1))
        signed = False
        i += 1
    return drafts


def _heading_end(heading: str, lines: list[str], at: int) -> tuple[str, str, int]:
    """(heading, body on its line, lines taken) for a heading line without a full stop whose end
    may be on line `at`: a short line before the next label, or under a heading cut by the
    page's width before body text ("…应急物资" / "保障体系"), or up to a full stop ("…次中心建" /
    "设。支持…"); a label alone on its line takes the next line as its heading."""
    line = lines[at]
    following = lines[at + 1] if at + 1 < len(lines) else None
    if not heading:
        if match_label(line) or len(line) > _MAX_LONE_HEADING or _PROSE_PUNCT.search(line):
            return heading, "", 0
        head, body = _split_heading(line)
        return head, body, 1
    if _is_heading_tail(line, following):
        return heading + line, "", 1
    if len(heading) < _CUT_HEADING or match_label(line):
        return heading, "", 0
    stop = line.find("。", 0, _MAX_CUT_END + 1)
    if stop > 0 and not _PROSE_PUNCT.search(line, 0, stop):
        return heading + line[:stop], line[stop + 1 :].strip(), 1
    if len(heading) < _WRAPPED_HEADING and not heading.endswith(_DANGLING):
        return heading, "", 0
    if _is_heading_tail(line, None) and following is not None and _PROSE_PUNCT.search(following):
        return heading + line, "", 1
    return heading, "", 0


def _goes_on(lines: list[str], at: int, cand: _Candidate) -> bool:
    """Whether the numbering goes on from `cand`: the next label opens a list under it (a 1 of
    a lower style), or a later one carries its next number."""
    if cand.value > _MAX_START:
        return False
    first = True
    for line in lines[at + 1 : at + _START_LOOKAHEAD]:
        later = match_label(line)
        if later is None:
            continue
        if first and later.value == 1 and _RANK[later.style] > _RANK[cand.style]:
            return True
        first = False
        if later.style == cand.style and later.value == cand.value + 1:
            return True
    return False


def _split_run_in(lines: list[str]) -> list[str]:
    """Lines with a heading and the first heading under it run together split in two:
    "一、总体要求(一)指导思想。…" → "一、总体要求" / "(一)指导思想。…"."""
    out: list[str] = []
    for line in lines:
        if line.find("(一)", 2, _MAX_RUN_IN) > 0 or line.find("1.", 2, _MAX_RUN_IN) > 0:
            found = _RUN_IN_FIRST.search(line, 2, _MAX_RUN_IN)
            if found and match_label(line) and not _PROSE_PUNCT.search(line, 0, found.start()):
                out += [line[: found.start()], line[found.start() :]]
                continue
        out.append(line)
    return out


def _plan_start(lines: list[str], title: str | None) -> int:
    """Index of the first line after the plan's own title when a notice before it has numbered
    points of its own ("现印发给你们,并提出以下要求:一、…二、…"); 0 otherwise.

    The title may be printed over two lines. Without numbered lines before it nothing changes.
    """
    if not title:
        return 0
    for i in range(1, min(len(lines), _TITLE_SEARCH)):
        if lines[i] in (title, f"《{title}》"):
            end = i + 1
        elif i + 1 < len(lines) and lines[i] + lines[i + 1] == title:
            end = i + 2
        else:
            continue
        if any(match_label(line) for line in lines[:i]):
            return end
    return 0


def parse_outline(text: str, plan_title: str | None = None) -> tuple[Clause, ...]:
    """Numbered clauses of normalized text, in document order; preamble text is not a clause.

    `plan_title`: the plan's own title, when a notice wraps it (see _plan_start).
    """
    lines = _split_run_in([line.strip() for line in text.split("\n") if line.strip()])
    lines = lines[_plan_start(lines, plan_title) :]
    clauses = []
    for ordinal, draft in enumerate(_drafts(lines)):
        parent = draft.path.rpartition("/")[0] or None
        clauses.append(
            Clause(
                path=draft.path,
                label=draft.label,
                heading=draft.heading,
                body="\n".join(draft.body),
                depth=draft.depth,
                parent_path=parent,
                ordinal=ordinal,
            )
        )
    return tuple(clauses)


def count_levels(clauses: tuple[Clause, ...]) -> dict[str, int]:
    """Headings per depth as in the gold `counts`; level1-3 are always present."""
    deepest = max((c.depth for c in clauses), default=0)
    counts = {f"level{d}": 0 for d in range(1, max(3, deepest) + 1)}
    for clause in clauses:
        counts[f"level{clause.depth}"] += 1
    return counts
