"""Responsible agencies: the note a plan attaches to a task.

Example: "(牵头单位:市卫生健康委;配合单位:市财政局)".

Forms handled (see tests/fixtures/gold/FORMAT.md):
- labelled lists: 牵头单位:…;配合单位:… and 责任单位:…, labels also in 【】 or after a comma,
  other fields (完成时限:…) skipped;
- verb-marked lists: "X负责,Y、Z参与", "X、Y分别负责", "X、Y按职责分别牵头,Z配合", a unit marked
  "(牵头)" in a list; the same without brackets when the sentence closes its clause and holds
  nothing but units and role verbs ("市卫生健康委牵头,市医保局配合。");
- notes in (), [], 〔〕 or 【】, and notes on lines of their own, their labels with or without
  colons ("牵头单位 市卫生健康委" over "配合单位 市财政局");
- units separated by 、 , 及 以及, and by 和/与 between two complete names; "A会同B负责";
  a 、 inside brackets stays in its unit ("各省(自治区、直辖市)人民政府");
- 责任单位 lists under a rule the document states once ("排名第一位的为牵头单位"): the first unit
  leads and the others support. Without such a rule every unit of a 责任单位 list is a lead, the
  same reading as 负责 without 分别 (joint false).
Names are returned as written (whitespace removed, a trailing 等 dropped); parsing.agency_names
maps them to canonical agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from healthplans.parsing.clause_text import (
    PIECE_SEPARATOR,
    WHITESPACE_RE,
    clause_text,
    compact_line,
)
from healthplans.parsing.model import AgencyAssignment, Clause, DocumentMeta
from healthplans.parsing.note_labels import (
    LABEL_NOUN,
    LABEL_NOUNS,
    LABEL_ROLE,
    LINE_LABEL_RE,
    ROLE_LABEL,
)
from healthplans.parsing.signatures import UNIT_NAME_END_CHARS

# A parenthesised note, allowing one nested pair: "(责任单位:各县(区)人民政府、市卫健委)"
PAREN_NOTE_RE = re.compile(r"[((](?P<inner>(?:[^()()\x01]|[((][^()()\x01]*[))]){2,400}?)[))]")
# A note in square or lenticular brackets: "[省卫生健康委牵头,省财政厅配合]", "〔…〕",
# "【牵头单位:市卫生健康委;配合单位:市财政局】" (a bare 【牵头单位】 is a label, not a note).
SQUARE_NOTE_RE = re.compile(r"[\[〔【](?P<inner>[^\[\]〔〕【】\x01]{4,400}?)[\]〕】]")
NOTE_OPENERS = "((〔[【"
NOTE_CLOSERS = "))〕]】"
# Labels of a note's other fields, which name no unit: "完成时限:2024年底前", "责任领导:张三".
_OTHER_LABEL = (
    r"完成时限|完成时间|时间节点|时间进度|进度安排|时限要求|责任领导|牵头领导|责任人|联系人"
)
# A label ending in a colon, or set in 【】 ("【牵头单位】市卫健委").
_LABEL = (
    rf"(?:【(?:(?:{ROLE_LABEL})(?:{LABEL_NOUN})|{_OTHER_LABEL})】"
    rf"|(?:(?:{ROLE_LABEL})(?:{LABEL_NOUN})|{_OTHER_LABEL})[::])"
)
# A note written after the task without brackets: "牵头单位:市卫生健康委;配合单位:市财政局"
_TRAILING_LABELS = [
    form.format(role + noun)
    for role in ("主要责任", "牵头", "责任", "主责")
    for noun in LABEL_NOUNS
    for form in ("【{}】", "{}:", "{}:")
]
TRAILING_NOTE_RE = re.compile(
    # A flat alternation of literals lets the engine skip to candidates at C speed.
    rf"(?:{'|'.join(_TRAILING_LABELS)})[^。\x01()()]{{2,300}}"
)
# Cheap test for the above, so most documents skip the second pass.
TRAILING_LABEL_RE = re.compile(r"(?:单位|部门|主体)(?:[::]|】)")
# A note on lines of its own, its labels at their start, with or without colons (a table's
# cells run together in a PDF print): "牵头单位市卫生健康委配合单位市财政局".
ROLE_LABEL_RE = re.compile(rf"【?(?:{ROLE_LABEL})(?:{LABEL_NOUN})(?P<end>】|[::])?")
# Words that make a bracketed remark a responsibility note.
NOTE_KEYWORD_RE = re.compile(r"单位[::】]|部门[::】]|主体[::】]|负责|牵头|参与|配合")
# Words before a label that say which tasks it covers: "以上任务牵头单位:…", "本项工作责任单位:…".
SCOPE_RE = re.compile(
    rf"^(?:以上|上述|本项|该项|此项)(?:各项|所有)?(?:任务|工作|措施)?的?(?=【?(?:{ROLE_LABEL}))"
)
# Every label of a note: a note is read section by section, one per label or semicolon
# ("牵头单位:市卫健委,协同单位:市财政局" has two sections).
NOTE_LABEL_RE = re.compile(_LABEL)
# Section label at the start of a note part: "配合单位:"
LABEL_RE = re.compile(
    rf"^【?(?:(?P<role>{ROLE_LABEL})(?:{LABEL_NOUN})|(?P<other>{_OTHER_LABEL}))(?:】|[::])"
)

# Verbs closing a list of units, longest first: "市科技局、市卫健委按职责分别牵头", "省人社厅参与"
ROLE_VERBS = (
    "按职责分别牵头负责", "按职责分别牵头", "按职责分别负责", "按职责分工负责", "按职责分工落实",
    "按职责负责", "按职责落实", "分别牵头负责", "分别牵头", "分别负责", "分别落实", "分工负责",
    "按职责分工牵头", "共同负责", "共同落实", "共同牵头", "联合牵头", "牵头负责", "牵头落实",
    "负责落实", "具体负责", "具体落实", "协同配合", "积极配合", "配合落实", "参与落实",
    "督促指导", "监督指导", "业务指导", "牵头", "负责", "落实", "参与", "配合", "协助", "协办",
    "指导", "督导",
)  # fmt: skip
# Units that guide or oversee (指导, 督导) help the leads as supporters do.
SUPPORT_VERBS = frozenset(
    {"参与", "配合", "协助", "协办", "协同配合", "积极配合", "配合落实", "参与落实", "督促指导",
     "监督指导", "业务指导", "指导", "督导"}
)  # fmt: skip
# A unit marked as the lead inside a list: "市卫健委(牵头)", "市卫健委〔牵头〕".
LEAD_MARKER_ENDS = ("牵头)", "牵头〕", "牵头]", "牵头】")
LEAD_MARKER_OPEN = frozenset("(〔[【")
# What a piece of a list may end with besides a name (one test for the common case).
PIECE_ENDS = ROLE_VERBS + LEAD_MARKER_ENDS
PIECE_END_CHARS = frozenset(end[-1] for end in PIECE_ENDS)

# The document's own rule for 责任单位 lists: "排名第一位的为牵头单位", "第一个单位为牵头单位"
FIRST_IS_LEAD_RE = re.compile(
    r"(?:第一|首)(?:位|个|家)?(?:的|者)?(?:列出的|所列)?(?:责任)?(?:单位|部门)?(?:为|是)牵头"
)
# Explanatory sentences inside a note that name no units: "分别负责指各部门按职责分别牵头,下同"
RULE_STATEMENT_RE = re.compile(
    r"第一位|第一个|排名第一|首位|首个|下同|特别注明|指各|为牵头单位|不再列出|以下均"
    r"|以下各项(?:任务|工作)?均"
    r"|为[^,]{0,8}(?:责任|配合|参与)单位"
)

# Separators between units: 、, a comma ("市医保局,各县、区人民政府"), 及 and 以及
# ("省卫生健康委及各设区市人民政府"); 和 and 与 only between two complete names, the second with
# its level ("市经济和信息化局和市商务局", "市卫生健康委与市医保局"), never inside a name
# (人力资源和社会保障局).
UNIT_SEPARATOR_RE = re.compile(
    r"[、,,]|以及|及(?=[^、,,]{2})"
    rf"|(?<=[{UNIT_NAME_END_CHARS}])[和与](?=各|省|市|州|盟|县|区|旗|镇|乡|街道|国家)"
)
# "A会同B负责": A leads, B supports.
WITH_RE = re.compile(rf"(?<=[{UNIT_NAME_END_CHARS}])会同")
# A 、 or comma inside a bracket belongs to one unit: "各省(自治区、直辖市)人民政府".
BRACKETED_RE = re.compile(r"\([^()]*[、,,][^()]*\)")
BRACKET_ASIDE_RE = re.compile(r"\([^()]*\)$")
SECTION_SEPARATOR_RE = re.compile(r"[;;。]")
# Endings of a complete unit name; a piece without one is joined to the next piece, which keeps
# "各县、区人民政府" one unit.
UNIT_ENDINGS = (
    "委", "局", "厅", "办", "部", "府", "会", "中心", "处", "室", "组", "院", "所", "站", "队",
    "行", "司", "署", "社", "校", "单位", "部门", "机构", "公司", "集团", "联", "团", "馆", "军",
    "协", "镇街", "村居", "街道", "乡镇", "社区",
)  # fmt: skip
# An unbracketed note closing a clause: units and role verbs only, up to the clause's end
# ("…组建3个城市医疗集团。市卫生健康委牵头,市医保局、市财政局配合。").
ROLE_SENTENCE_VERBS = ("牵头", "负责", "配合", "参与", "落实")
# What starts such a sentence, and its longest length.
ROLE_SENTENCE_BOUNDS = ("。", ";", "\x01", "(", ")", ":")
MAX_ROLE_SENTENCE = 200
# The level a unit of such a note is named by: 市卫健委, 各县(区)人民政府, 国家卫生健康委.
# 县级医院 names a kind of body, not one organ.
UNIT_LEVEL_RE = re.compile(r"(?:各|省|市|州|盟|县|区|旗|镇|乡|街道|国家|国务院|自治区)(?!级)")
# What a list adds after its last unit: "市财政局等部门", "市医保局等有关单位".
UNIT_TAIL_RE = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
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
    notes = [(start, raw, raw) for start, raw in _notes(whole.text)]
    lines = _line_notes(text, whole.text)
    if lines:
        # A note read from its own lines replaces what the joined text ran past its end.
        covered = [(start, end) for start, end, _, _ in lines]
        notes = [n for n in notes if not any(a <= n[0] < b for a, b in covered)]
        notes += [(start, raw, note) for start, _, raw, note in lines]
        notes.sort()
    found: list[AgencyAssignment] = []
    previous_end = -1
    for start, raw, note in notes:
        assignment = parse_note(note, whole.path_at(start), first_is_lead)
        if assignment is None:
            continue
        assignment = assignment if note is raw else replace(assignment, raw=raw)
        if found and start - previous_end <= 1 and _completes(found[-1], assignment):
            # "【牵头单位:A】【配合单位:B】": two notes side by side are one.
            gap = whole.text[previous_end:start]
            found[-1] = replace(
                found[-1], support=assignment.support, raw=found[-1].raw + gap + assignment.raw
            )
        else:
            found.append(assignment)
        previous_end = start + len(raw)
    return tuple(found)


def _completes(lead: AgencyAssignment, support: AgencyAssignment) -> bool:
    """Whether `support` only adds the supporters of `lead`'s note, on the same clause."""
    return (
        lead.path == support.path
        and bool(lead.lead)
        and not lead.support
        and not support.lead
        and bool(support.support)
    )


def _line_notes(text: str, compact: str) -> list[tuple[int, int, str, str]]:
    """(start and end in `compact`, raw, note with its labels' colons) of notes on lines of
    their own, consecutive lines read as one ("牵头单位 市卫生健康委" over "配合单位 市财政局")."""
    groups: list[list[str]] = []
    previous_end = -2
    for start in _label_line_starts(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if start == previous_end + 1:
            groups[-1].append(text[start:end])
        else:
            groups.append([text[start:end]])
        previous_end = end
    found = []
    cursor = 0
    for group in groups:
        raw = WHITESPACE_RE.sub("", "".join(group))
        joined = "".join(map(compact_line, group))
        start = compact.find(joined, cursor)
        if start < 0:
            continue
        cursor = start + len(joined)
        note = ";".join(_with_colons(WHITESPACE_RE.sub("", g)) for g in group)
        found.append((start, cursor, raw, note))
    return found


def _label_line_starts(text: str) -> list[int]:
    """Offsets of the lines that start with a note's label (str.find walks the lines far faster
    than a multiline pattern)."""
    starts = []
    match = LINE_LABEL_RE.match
    at = -1
    while True:
        if match(text, at + 1):
            starts.append(at + 1)
        at = text.find("\n", at + 1)
        if at < 0:
            return starts


def _with_colons(line: str) -> str:
    """A note's line with a colon after every label and a semicolon before every label but the
    first: "牵头单位市卫生健康委配合单位市财政局" → "牵头单位:市卫生健康委;配合单位:市财政局"."""
    pieces = []
    position = 0
    for label in ROLE_LABEL_RE.finditer(line):
        before = line[position : label.start()]
        if label.start() and not before.endswith((";", ";", ",", ",")):
            before += ";"
        pieces += [before, label.group(0) if label.group("end") else label.group(0) + ":"]
        position = label.end()
    pieces.append(line[position:])
    return "".join(pieces)


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
    if "[" in compact or "〔" in compact or "【" in compact:
        found += _square_notes(compact, spans)
        found.sort()
        spans.sort()
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
    sentences = list(_role_sentences(compact))
    if sentences:
        taken = {start for start, _ in found}
        found += [(start, raw) for start, raw in sentences if start not in taken]
        found.sort()
    return found


def _square_notes(compact: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Notes in square or lenticular brackets outside every parenthesised one; their spans are
    added to `spans`. A bracket holding a label alone ("【牵头单位】") opens a note, it is none."""
    found = []
    outer = list(spans)
    for opener in "[〔【":
        # Tried only where an opener stands: a pattern scan would test every character.
        at = compact.find(opener)
        while at >= 0:
            match = SQUARE_NOTE_RE.match(compact, at)
            at = compact.find(opener, at + 1)
            if match is None:
                continue
            start, end = match.span()
            inner = match.group("inner")
            if not NOTE_KEYWORD_RE.search(inner) or LABEL_RE.fullmatch(inner + ":"):
                continue
            if not any(a <= start and end <= b for a, b in outer):
                spans.append((start, end))
                found.append((start, match.group(0)))
    found.sort()
    return found


def _role_sentences(compact: str) -> list[tuple[int, str]]:
    """Unbracketed notes closing a clause: sentences of units and role verbs only, found from
    their end (a role verb just before a piece separator), which str methods find faster than a
    pattern scanning the whole text."""
    found = []
    position = compact.find(PIECE_SEPARATOR)
    while True:
        end = len(compact) if position < 0 else position
        if compact.endswith("。", 0, end):
            end -= 1
        if compact.endswith(ROLE_SENTENCE_VERBS, 0, end):
            start = max(compact.rfind(mark, 0, end) for mark in ROLE_SENTENCE_BOUNDS) + 1
            sentence = compact[start:end]
            if 3 <= len(sentence) <= MAX_ROLE_SENTENCE and _is_unit_list(sentence):
                found.append((start, sentence))
        if position < 0:
            return found
        position = compact.find(PIECE_SEPARATOR, position + 1)


def _is_unit_list(sentence: str) -> bool:
    """Whether a sentence is nothing but units and role verbs ("市卫健委牵头,市医保局配合"),
    each unit an organ of a named level (市…, 各县…); "县级医院负责" is a task sentence."""
    pieces = _units(sentence)
    return pieces[-1][1] is not None and all(
        unit and _is_unit_name(unit) and UNIT_LEVEL_RE.match(unit) for unit, _ in pieces
    )


def _is_unit_name(name: str) -> bool:
    """Whether a name ends like a unit, past a bracketed aside ("各镇人民政府(街道办事处)",
    "各镇(街道)"); "各镇" and "各县" name the governments of a level."""
    if name.endswith(")"):
        name = BRACKET_ASIDE_RE.sub("", name)
    return name.endswith(UNIT_ENDINGS) or (name.startswith("各") and 2 <= len(name) <= 4)


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
    inner = raw[1:-1] if raw[:1] in NOTE_OPENERS and raw[-1:] in NOTE_CLOSERS else raw
    roles = _Roles()
    if not first_is_lead and ("为牵头" in inner or "是牵头" in inner):
        first_is_lead = FIRST_IS_LEAD_RE.search(inner) is not None
    for section in _sections(inner):
        _read_section(section, roles, first_is_lead)
    if not roles.lead and not roles.support:
        return None
    if not any(u.endswith(UNIT_ENDINGS) or _is_unit_name(u) for u in roles.lead + roles.support):
        return None
    return AgencyAssignment(
        path=path, lead=tuple(roles.lead), support=tuple(roles.support), raw=raw, joint=roles.joint
    )


def _sections(inner: str) -> list[str]:
    """The parts of a note, split at semicolons and before every label, without the remarks
    that state a rule ("排在第一位的为牵头单位", "下同"), which name no unit."""
    sections = []
    for part in SECTION_SEPARATOR_RE.split(inner):
        if part.count(":") + part.count("】") > 1:
            # A second label follows the first without a semicolon: "牵头单位:A,协同单位:B".
            cuts = [m.start() for m in NOTE_LABEL_RE.finditer(part) if m.start()]
            pieces = [part[a:b] for a, b in zip([0, *cuts], [*cuts, len(part)], strict=True)]
        else:
            pieces = [part]
        for section in pieces:
            section = SCOPE_RE.sub("", section, count=1)
            if RULE_STATEMENT_RE.search(section):
                # Only the comma clause stating the rule goes: "A、B、C,排在第一位的为牵头单位".
                kept = [c for c in section.split(",") if not RULE_STATEMENT_RE.search(c)]
                section = ",".join(kept)
            section = section.strip(",")
            if section:
                sections.append(section)
    return sections


def _read_section(section: str, roles: _Roles, first_is_lead: bool) -> None:
    """Assign the units of one ;-separated part of a note to roles."""
    label = LABEL_RE.match(section)
    if label is not None and label.group("other"):
        return
    label_role = LABEL_ROLE[label.group("role")] if label else None
    if label_role == "lead":
        roles.led = True
    elif label_role == "responsible" and roles.led:
        # "牵头单位:A;责任单位:B、C": the units responsible besides the lead support it.
        label_role = "support"
    body = section[label.end() :] if label else section
    if "会同" in body:
        body = WITH_RE.sub("牵头,", body)
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
        elif verb.endswith("落实") and roles.lead and "牵头" not in verb:
            # "A、B负责,各区政府落实": who carries out what the leads are responsible for.
            role = "support"
        roles.led = roles.led or (role == "lead" and "牵头" in verb)
        roles.joint = roles.joint or "分别" in verb
        verb_lead_seen = verb_lead_seen or role == "lead"
        roles.add(role, pending)
        pending = []
    if not pending:
        return
    if (
        label is None
        and not verb_seen
        and not all(u.endswith(UNIT_ENDINGS) or _is_unit_name(u) for u in pending)
    ):
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
    guarded = "(" in body and BRACKETED_RE.search(body) is not None
    if guarded:
        body = BRACKETED_RE.sub(lambda m: m.group(0).translate(_GUARD), body)
    for piece in UNIT_SEPARATOR_RE.split(body):
        if guarded:
            piece = piece.translate(_UNGUARD)
        verb = None
        if piece[-1:] not in PIECE_END_CHARS or not piece.endswith(PIECE_ENDS):
            pass  # most pieces: a unit name alone
        elif piece.endswith(LEAD_MARKER_ENDS) and piece[-4] in LEAD_MARKER_OPEN:
            # "市卫健委(牵头)": a unit marked as the lead inside a list.
            piece, verb = piece[:-4], "牵头"
        elif piece.endswith(ROLE_VERBS):
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


# Separators inside brackets stand in for themselves while a list is split.
_GUARD = str.maketrans("、,,", "\x02\x03\x04")
_UNGUARD = str.maketrans("\x02\x03\x04", "、,,")


def _clean_unit(name: str) -> str:
    """Drop a leading 由, a trailing 等 (等部门, 等有关单位) and anything too long to be a unit
    name."""
    name = name.removeprefix("由")
    if "等" in name:
        name = UNIT_TAIL_RE.sub("", name)
    return name if 0 < len(name) <= MAX_UNIT_LENGTH else ""
