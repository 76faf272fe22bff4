"""Responsible agencies: the note a plan attaches to a task.

Example: "(牵头单位:市卫生健康委;配合单位:市财政局)".

Forms handled (see tests/fixtures/gold/FORMAT.md):
- labelled lists: 牵头单位:…;配合单位:… and 责任单位:… ;
- verb-marked lists: "X负责,Y、Z参与", "X、Y分别负责", "X、Y按职责分别牵头,Z配合" ;
- 责任单位 lists under a rule the document states once ("排名第一位的为牵头单位"): the first unit
  leads and the others support. Without such a rule every unit of a 责任单位 list is a lead, the
  same reading as 负责 without 分别 (joint false).
Names are returned as written (whitespace removed, a trailing 等 dropped); parsing.agency_names
maps them to canonical agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from healthplans.parsing.clause_text import WHITESPACE_RE, clause_text
from healthplans.parsing.model import AgencyAssignment, Clause, DocumentMeta

# A parenthesised note, allowing one nested pair: "(责任单位:各县(区)人民政府、市卫健委)"
PAREN_NOTE_RE = re.compile(r"[((](?P<inner>(?:[^()()\x01]|[((][^()()\x01]*[))]){2,400}?)[))]")
# A note written after the task without brackets: "牵头单位:市卫生健康委;配合单位:市财政局"
TRAILING_NOTE_RE = re.compile(
    r"(?:牵头单位|责任单位|牵头部门|责任部门|主要责任单位)[::][^。\x01()()]{2,300}"
)
# Cheap test for the above, so most documents skip the second pass.
TRAILING_LABEL_RE = re.compile(r"(?:单位|部门)[::]")
# Words that make a bracketed remark a responsibility note.
NOTE_KEYWORD_RE = re.compile(r"单位[::]|部门[::]|负责|牵头|参与|配合")

# Section label at the start of a note part: "配合单位:"
LABEL_RE = re.compile(
    r"^(?P<label>主要责任单位|责任单位|责任部门|牵头单位|牵头部门|主办单位|配合单位|配合部门"
    r"|参与单位|参与部门|协办单位|协同单位|协助单位)[::]"
)
LABEL_ROLE = {
    "主要责任单位": "responsible", "责任单位": "responsible", "责任部门": "responsible",
    "牵头单位": "lead", "牵头部门": "lead", "主办单位": "lead",
    "配合单位": "support", "配合部门": "support", "参与单位": "support", "参与部门": "support",
    "协办单位": "support", "协同单位": "support", "协助单位": "support",
}  # fmt: skip

# Verbs closing a list of units, longest first: "市科技局、市卫健委按职责分别牵头", "省人社厅参与"
ROLE_VERBS = (
    "按职责分别牵头负责", "按职责分别牵头", "按职责分别负责", "按职责分工负责", "按职责分工落实",
    "按职责负责", "按职责落实", "分别牵头负责", "分别牵头", "分别负责", "分别落实", "分工负责",
    "共同负责", "牵头负责", "牵头落实", "牵头", "负责", "落实", "参与", "配合", "协助", "协办",
)  # fmt: skip
SUPPORT_VERBS = frozenset({"参与", "配合", "协助", "协办"})

# The document's own rule for 责任单位 lists: "排名第一位的为牵头单位", "第一个单位为牵头单位"
FIRST_IS_LEAD_RE = re.compile(r"(?:第一|首)(?:位|个|家)?(?:的|者)?(?:单位|部门)?(?:为|是)牵头")
# Explanatory sentences inside a note that name no units: "分别负责指各部门按职责分别牵头,下同"
RULE_STATEMENT_RE = re.compile(
    r"第一位|第一个|排名第一|首位|下同|特别注明|指各|为牵头单位|不再列出|以下均"
)

# Separators between units; a comma also separates units ("市医保局,各县、区人民政府"), and
# so does 及 ("省卫生健康委及各设区市人民政府"); 和 does not: it sits inside names
# (人力资源和社会保障局).
UNIT_SEPARATOR_RE = re.compile(r"[、,,]|及(?=[^、,,]{2})")
SECTION_SEPARATOR_RE = re.compile(r"[;;。]")
# Endings of a complete unit name; a piece without one is joined to the next piece, which keeps
# "各县、区人民政府" one unit.
UNIT_ENDINGS = (
    "委", "局", "厅", "办", "部", "府", "会", "中心", "处", "室", "组", "院", "所", "站", "队",
    "行", "司", "署", "社", "校", "单位", "部门", "机构", "公司", "集团", "联", "团", "馆", "军",
    "协", "镇街", "村居", "街道", "乡镇", "社区",
)  # fmt: skip
# Punctuation after an unbracketed note: "配合单位:市财政局;"
NOTE_END_PUNCT_RE = re.compile(r"[;;,,]+$")
MAX_UNIT_LENGTH = 40


@dataclass
class _Roles:
    """Units of one note by role, in order of appearance."""

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    joint: bool = False
    # A 牵头 verb named the leads: a later 负责/落实 list ("A牵头,B、C按职责分工负责")
    # supports them.
    led: bool = False

    def add(self, role: str, units: list[str]) -> None:
        target = self.support if role == "support" else self.lead
        for unit in units:
            if unit not in target:
                target.append(unit)


def extract_agencies(
    clauses: tuple[Clause, ...], text: str, meta: DocumentMeta
) -> tuple[AgencyAssignment, ...]:
    """One assignment per responsibility note, with the path of the clause holding it."""
    whole = clause_text(clauses, text)
    # Every statement of the rule holds 为牵头 or 是牵头; most documents have neither.
    first_is_lead = ("为牵头" in whole.text or "是牵头" in whole.text) and bool(
        FIRST_IS_LEAD_RE.search(whole.text)
    )
    found: list[AgencyAssignment] = []
    for start, raw in _notes(whole.text):
        assignment = parse_note(raw, whole.path_at(start), first_is_lead)
        if assignment is not None:
            found.append(assignment)
    return tuple(found)


def agencies_in_text(
    segment: str, path: str | None = None, first_is_lead: bool = False
) -> list[AgencyAssignment]:
    """Assignments stated in one piece of text (a clause body, a single note)."""
    found: list[AgencyAssignment] = []
    for _start, raw in _notes(WHITESPACE_RE.sub("", segment)):
        assignment = parse_note(raw, path, first_is_lead)
        if assignment is not None:
            found.append(assignment)
    return found


def _notes(compact: str) -> list[tuple[int, str]]:
    """(offset, raw note) in text order: bracketed notes, then unbracketed labelled ones."""
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in PAREN_NOTE_RE.finditer(compact):
        spans.append(match.span())
        if NOTE_KEYWORD_RE.search(match.group("inner")):
            found.append((match.start(), match.group(0)))
    if _label_outside(compact, spans):
        # The bracketed notes blanked out, offsets kept: what is left holds unbracketed notes.
        pieces: list[str] = []
        previous = 0
        for start, end in spans:
            pieces += [compact[previous:start], " " * (end - start)]
            previous = end
        pieces.append(compact[previous:])
        rest = "".join(pieces)
        for match in TRAILING_NOTE_RE.finditer(rest):
            found.append((match.start(), NOTE_END_PUNCT_RE.sub("", match.group(0))))
        found.sort()
    return found


def _label_outside(compact: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a label ("单位:") stands outside every bracketed note: only then can an
    unbracketed note exist, and most plans label their notes inside brackets only."""
    index = 0
    for label in TRAILING_LABEL_RE.finditer(compact):
        position = label.start()
        while index < len(spans) and spans[index][1] <= position:
            index += 1
        if index == len(spans) or position < spans[index][0]:
            return True
    return False


def parse_note(raw: str, path: str | None, first_is_lead: bool) -> AgencyAssignment | None:
    """Parse one note; None when it names no unit (a remark that merely says 负责)."""
    inner = raw[1:-1] if raw[:1] in "((" and raw[-1:] in "))" else raw
    roles = _Roles()
    for section in SECTION_SEPARATOR_RE.split(inner):
        if section and not RULE_STATEMENT_RE.search(section):
            _read_section(section, roles, first_is_lead)
    if not roles.lead and not roles.support:
        return None
    if not any(u.endswith(UNIT_ENDINGS) for u in roles.lead + roles.support):
        return None
    return AgencyAssignment(
        path=path, lead=tuple(roles.lead), support=tuple(roles.support), raw=raw, joint=roles.joint
    )


def _read_section(section: str, roles: _Roles, first_is_lead: bool) -> None:
    """Assign the units of one ;-separated part of a note to roles."""
    label = LABEL_RE.match(section)
    label_role = LABEL_ROLE[label.group("label")] if label else None
    body = section[label.end() :] if label else section
    pending: list[str] = []
    verb_lead_seen = verb_seen = False
    for unit, verb in _units(body):
        if unit:
            pending.append(unit)
        if verb is None:
            continue
        verb_seen = True
        role = _verb_role(verb)
        if role == "lead" and roles.led and "牵头" not in verb and "分别" not in verb:
            role = "support"
        roles.led = roles.led or (role == "lead" and "牵头" in verb)
        roles.joint = roles.joint or "分别" in verb
        verb_lead_seen = verb_lead_seen or role == "lead"
        roles.add(role, pending)
        pending = []
    if not pending:
        return
    if label is None and not verb_seen and not all(u.endswith(UNIT_ENDINGS) for u in pending):
        # A remark inside the note ("以下均需各镇街落实,不再列出"), not a list of units.
        return
    if label_role == "responsible" and verb_lead_seen:
        # "责任单位:A、B按职责分别牵头,C、D" — units after the leads support them.
        roles.add("support", pending)
    elif label_role == "responsible" and first_is_lead:
        roles.add("lead", pending[:1])
        roles.add("support", pending[1:])
    elif label_role in ("lead", "support"):
        roles.add(label_role, pending)
    elif label_role == "responsible" or label_role is None:
        roles.add("lead", pending)


def _verb_role(verb: str) -> str:
    """lead or support for a closing verb."""
    return "support" if verb in SUPPORT_VERBS else "lead"


def _units(body: str) -> list[tuple[str, str | None]]:
    """(unit, closing verb or None) pieces of a list, with split group names rejoined."""
    merged: list[tuple[str, str | None]] = []
    carry = ""
    for piece in UNIT_SEPARATOR_RE.split(body):
        verb = None
        if piece.endswith(ROLE_VERBS):
            verb = next(v for v in ROLE_VERBS if piece.endswith(v))
            piece = piece[: len(piece) - len(verb)]
        name = carry + piece
        carry = ""
        if name and verb is None and len(name) <= 4 and not name.endswith(UNIT_ENDINGS):
            # "各县" + "区人民政府": the 、 sits inside one grouped unit.
            carry = name + "、"
            continue
        merged.append((_clean_unit(name), verb))
    if carry:
        merged.append((_clean_unit(carry[:-1]), None))
    return merged


def _clean_unit(name: str) -> str:
    """Drop a trailing 等 and anything too long to be a unit name."""
    name = name.removesuffix("等")
    return name if 0 < len(name) <= MAX_UNIT_LENGTH else ""
