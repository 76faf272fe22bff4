"""References a plan makes to other documents: the policy lineage of a plan.

Plans name the documents they implement: 根据《关于进一步完善医疗卫生服务体系的意见》,
按照《国务院办公厅关于印发…的通知》(国办发〔2020〕25号)要求, 落实《医疗质量管理办法》. Each
reference becomes a Citation with the citing clause, the cited title and 文号 (brackets normalized
to 〔〕), who issued it and at which level (national, province, city, county) when the text states
it or it can be inferred from the 文号 prefix, the issuer words or the cited title.

Not citations: the plan naming itself in its 通知 wrapper (《…》已经市政府同意,
现将《…》印发给你们), annexes (《…》(见附件)), links to interpretations (《…》解读),
and titles that are not documents (编撰出版《中华医藏》: a cited title must end with a
genre word such as 意见, 方案, 办法).

dataset/research_tables.py resolves a citation to a doc_id of the dataset (CitationIndex).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from healthplans.parsing.clause_text import PIECE_SEPARATOR, clause_text
from healthplans.parsing.metadata import DOC_NUMBER, normalize_doc_number
from healthplans.parsing.model import Clause, DocumentMeta
from healthplans.parsing.regions import find_region

PathAt = Callable[[int], str | None]

PREFIXES_FILE = Path(__file__).parent / "data" / "doc_number_prefixes.yaml"

# A cited title in book-title marks: "《医疗质量管理办法》".
TITLE_RE = re.compile(r"《([^《》\x01]{2,150})》")
# A 文号 in parentheses right after the title: "(国办发〔2020〕25号)", "(国发[2016]15号)".
NUMBER_AFTER_RE = re.compile(r"^[((]([^()()\x01]{1,16}?[〔\[(【［]\d{4}[〕\])】］]\d{1,5}号)[))]")
# "(以下简称《方案》)" right after a title: later 《方案》 means that title.
ABBREVIATION_RE = re.compile(r"^[((]以下简称《([^《》]{1,20})》[))]")
# What follows the plan's own title in its notice: "》已经市政府同意", "》印发给你们".
SELF_AFTER_RE = re.compile(r"^(?:[((][^()()]*[))])?(?:已经|已|现印发|印发给)")
# An annex or an interpretation link: "《三级公立医院绩效考核指标》(见附件)", "《…》解读".
NOT_CITED_AFTER_RE = re.compile(r"^(?:[((]见附件|[((]附件|解读)")
# The cited title ends with a genre word, maybe followed by a period or 试行 in parentheses:
# "医养结合机构服务指南(试行)", "中医药发展战略规划纲要(2016—2030年)".
GENRE_END_RE = re.compile(
    r"(?:意见|方案|通知|办法|规定|条例|纲要|规划|指南|规范|标准|目录|指标|决定|计划|细则|措施|"
    r"要点|任务|分工|法|通告|公告|批复|函|清单|规则|导则|路径|建议|决议|制度|意见稿)"
    r"(?:[((][^()()]{1,20}[))])?$"
)
# The verb introducing a citation, the last one before the title: "根据", "按照", "贯彻落实".
CUE_RE = re.compile(r"贯彻落实|根据|按照|依据|依照|遵照|落实|贯彻|执行|参照|对照|对标|实施")
# Words before "印发的《" naming who issued it: "中共中央办公厅、国务院办公厅印发的".
ISSUER_BEFORE_RE = re.compile(
    r"([^,,;;。::!?!?《》\x01]{2,60}?)(?:联合)?(?:印发|发布|出台|颁布|下发)的?$"
)
# An organ named right before the title, with no 印发: "按照国家卫生健康委《" → 国家卫生健康委.
ORGAN_BEFORE_RE = re.compile(
    r"((?:国家|国务院|中共|省|市|县|区)[^,,;;。::!?!?《》\x01]{0,30}?"
    r"(?:委员会|办公厅|办公室|人民政府|政府|卫生健康委|委|部|局|厅|小组))$"
)
# Earlier titles (with their 文号) at the end of the words before a title: "…印发的《A》、".
LISTED_TITLES_RE = re.compile(r"(?:《[^《》]*》(?:[((][^()()]*[))])?[、和及与]?)+$")
# Leading cue and filler words cut from an issuer: "根据中共中央办公厅" → "中共中央办公厅".
ISSUER_LEAD_RE = re.compile(
    r"^(?:(?:认真|全面|严格|深入|并|和|及|与|、|以及|同时)*(?:" + CUE_RE.pattern + r")?)+"
)
# The issuer inside a cited title: "国务院办公厅关于印发…的通知" → "国务院办公厅".
TITLE_ISSUER_RE = re.compile(r"^(.{2,40}?)关于")
# The notice wrapper of a title: "国务院关于印发中医药发展战略规划纲要(2016—2030年)的通知".
WRAPPER_RE = re.compile(r"^(?:.{0,40}?)关于(?:印发|转发|下发|发布)(.+?)的通知$")
# Separators of a cited title's parts that portals write differently: 2016 - 2030年, 2016—2030年.
DASH_RE = re.compile(r"\s*[-–—―－~～]+\s*")
# Words cut before a bare 文号's prefix: "按照国办发〔2020〕25号" → prefix 国办发.
BARE_PREFIX_CUT_RE = re.compile(
    r".*(?:" + CUE_RE.pattern + r"|印发|转发|的|和|与|及|、|文件|精神|通知|意见|方案|来源)"
)


@dataclass(frozen=True)
class Citation:
    """One reference from a plan to another document."""

    path: str | None  # citing clause; None in the preamble
    title: str | None  # cited title as written (whitespace removed); None for a bare 文号
    doc_number: str | None  # cited 文号, brackets normalized to 〔〕
    issuer: str | None  # who issued it, when the text says ("…印发的") or the title starts with it
    level: str | None  # national | province | city | county, when stated or inferable
    level_basis: str | None  # doc_number | issuer | title: what the level was read from
    cue: str | None  # the verb introducing it: 根据, 按照, 落实, ...
    quote: str  # the text span from the cue (or title) to the end of the 文号


@dataclass(frozen=True)
class _Vocabulary:
    national_prefixes: tuple[str, ...]
    provinces: dict[str, str]  # 文号 abbreviation → province name
    national_issuers: tuple[str, ...]
    level_words: tuple[tuple[str, str], ...]  # longest first


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = yaml.safe_load(PREFIXES_FILE.read_text(encoding="utf-8"))
    words = sorted(raw["level_words"].items(), key=lambda kv: -len(kv[0]))
    return _Vocabulary(
        tuple(raw["national"]), dict(raw["provinces"]), tuple(raw["national_issuers"]), tuple(words)
    )


def normalize_title(title: str) -> str:
    """Comparable form of a title: no whitespace, one dash, ASCII parentheses."""
    compact = "".join(title.split()).replace("(", "(").replace(")", ")")
    return DASH_RE.sub("—", compact)


def unwrap_title(title: str) -> str:
    """The plan inside a notice title: "国务院关于印发X的通知" → "X"; other titles unchanged."""
    found = WRAPPER_RE.match(title)
    return found.group(1) if found else title


def title_keys(title: str | None) -> set[str]:
    """Every normalized form a title may be cited by (with and without notice wrapper)."""
    if not title:
        return set()
    norm = normalize_title(title)
    keys = {norm, unwrap_title(norm)}
    return keys | {k.removeprefix("关于") for k in keys if k.startswith("关于")}


def level_of_doc_number(number: str | None, meta: DocumentMeta | None = None) -> str | None:
    """Level of the body that issued a 文号, from its prefix: 国办发 → national, 晋… → province.

    A 文号 starting with the same character as the citing plan's own 文号 is taken to be at the
    citing plan's level (阳泉 cites 阳发〔2020〕8号: a city document, not a province one).
    """
    if not number:
        return None
    vocabulary = _vocabulary()
    if number.startswith(vocabulary.national_prefixes):
        return "national"
    own = meta.doc_number if meta else None
    if own and meta and meta.admin_level and own[0] == number[0]:
        return meta.admin_level
    if number[:2] in vocabulary.provinces or number[0] in vocabulary.provinces:
        return "province"
    return None


def level_of_issuer(words: str | None, meta: DocumentMeta | None = None) -> str | None:
    """Level of an issuer or a title's issuing body: 国务院办公厅 → national, 山西省… → province.

    A bare level word (省委、省政府; 市委) names the level itself; in a municipality's plan 市 is
    the province level.
    """
    if not words:
        return None
    vocabulary = _vocabulary()
    core = words.removeprefix("中共")
    if core.startswith(vocabulary.national_issuers):
        return "national"
    region = find_region(core)
    if region:
        return region.admin_level
    for word, level in vocabulary.level_words:
        if core.startswith(word):
            municipality = bool(
                meta and meta.admin_level == "province" and (meta.region or "").endswith("市")
            )
            return "province" if word == "市" and municipality else level
    # A ministry with no region in its name: 民政部, 教育部.
    first = re.split(r"[、和及与]", core)[0]
    return "national" if first.endswith("部") else None


def extract_citations(
    clauses: tuple[Clause, ...], text: str, meta: DocumentMeta
) -> tuple[Citation, ...]:
    """Every reference to another document, in text order; one per (clause, document)."""
    whole = clause_text(clauses, text)
    compact = whole.text
    own = title_keys(meta.title) | title_keys(meta.notice_title)
    found = _titled(compact, whole.path_at, own, meta)
    covered = [span for span, _ in found]
    found += _bare_numbers(compact, whole.path_at, covered, meta)
    found.sort(key=lambda item: item[0][0])
    seen: set[tuple[str | None, str | None, str | None]] = set()
    citations = []
    for _, citation in found:
        key = (citation.path, citation.doc_number or citation.title, citation.title)
        if key not in seen:
            seen.add(key)
            citations.append(citation)
    return tuple(citations)


def _segment_before(compact: str, start: int) -> str:
    """Text of the same sentence part before `start` (back to the last , ; 。 or piece break)."""
    cut = max(compact.rfind(mark, 0, start) for mark in ",,;;。::!?\x01")
    return compact[cut + 1 : start]


def _titled(
    compact: str, path_at: PathAt, own: set[str], meta: DocumentMeta
) -> list[tuple[tuple[int, int], Citation]]:
    found: list[tuple[tuple[int, int], Citation]] = []
    abbreviations: dict[str, Citation | None] = {}  # short name → full citation (None: itself)
    skip_until = -1
    for match in TITLE_RE.finditer(compact):
        if match.start() < skip_until:
            continue
        title = match.group(1)
        after = compact[match.end() : match.end() + 60]
        number_match = NUMBER_AFTER_RE.match(after)
        end = match.end() + (number_match.end() if number_match else 0)
        abbreviation = ABBREVIATION_RE.match(compact[end : end + 30])
        if abbreviation:
            skip_until = end + abbreviation.end()
        is_self = normalize_title(title) in own or bool(SELF_AFTER_RE.match(after))
        if title in abbreviations:
            full = abbreviations[title]
            if full is not None:
                found.append(
                    ((match.start(), end), _at(full, path_at(match.start()), match.group(0)))
                )
            continue
        if is_self or NOT_CITED_AFTER_RE.match(after) or not GENRE_END_RE.search(title):
            if abbreviation:
                abbreviations[abbreviation.group(1)] = None
            continue
        citation = _citation(compact, match, end, number_match, path_at, meta)
        if abbreviation:
            abbreviations[abbreviation.group(1)] = citation
        found.append(((match.start(), end), citation))
    return found


def _at(citation: Citation, path: str | None, quote: str) -> Citation:
    return Citation(
        path,
        citation.title,
        citation.doc_number,
        citation.issuer,
        citation.level,
        citation.level_basis,
        citation.cue,
        quote,
    )


def _citation(
    compact: str,
    match: re.Match[str],
    end: int,
    number_match: re.Match[str] | None,
    path_at: PathAt,
    meta: DocumentMeta,
) -> Citation:
    title = match.group(1)
    before = _segment_before(compact, match.start())
    # Titles listed one after another share the words before the first: "…印发的《A》《B》";
    # words after an earlier title belong to this one: "《A》和安徽省…印发的《B》".
    shared = LISTED_TITLES_RE.sub("", before)
    local = ISSUER_LEAD_RE.sub("", before[before.rfind("》") + 1 :]) if "》" in before else before
    cues = list(CUE_RE.finditer(local)) or list(CUE_RE.finditer(shared))
    cue = cues[-1] if cues else None
    issuer = _issuer(local) or _issuer(shared)
    title_issuer = TITLE_ISSUER_RE.match(title)
    number = normalize_doc_number(number_match.group(1)) if number_match else None
    level, basis = _level(
        number, issuer, title, title_issuer.group(1) if title_issuer else None, meta
    )
    start = match.start()
    if "》" in before:
        start -= len(local)
    elif cue:
        start -= len(before) - cue.start()
    return Citation(
        path=path_at(match.start()),
        title=title,
        doc_number=number,
        issuer=issuer or (title_issuer.group(1) if title_issuer else None),
        level=level,
        level_basis=basis,
        cue=cue.group(0) if cue else None,
        quote=compact[start:end],
    )


def _issuer(before: str) -> str | None:
    """Who issued the cited document, from the words right before its title."""
    found = ISSUER_BEFORE_RE.search(before) or ORGAN_BEFORE_RE.search(before)
    if not found:
        return None
    issuer = ISSUER_LEAD_RE.sub("", found.group(1))
    return issuer or None


def _level(
    number: str | None,
    issuer: str | None,
    title: str | None,
    title_issuer: str | None,
    meta: DocumentMeta,
) -> tuple[str | None, str | None]:
    """Level and what it was read from; a national 文号 prefix is the most reliable sign."""
    by_number = level_of_doc_number(number, meta)
    if by_number == "national":
        return by_number, "doc_number"
    by_issuer = level_of_issuer(issuer, meta) or level_of_issuer(title_issuer, meta)
    if by_issuer:
        return by_issuer, "issuer"
    by_title = level_of_issuer(title, meta) if title else None
    if by_title:
        return by_title, "title"
    return (by_number, "doc_number") if by_number else (None, None)


def _bare_numbers(
    compact: str, path_at: PathAt, covered: list[tuple[int, int]], meta: DocumentMeta
) -> list[tuple[tuple[int, int], Citation]]:
    """文号 written without a title: "按照国办发〔2020〕25号文件要求"."""
    own = normalize_doc_number(meta.doc_number)
    found = []
    for match in DOC_NUMBER.finditer(compact):
        if any(a <= match.start() < b for a, b in covered) or PIECE_SEPARATOR in match.group(0):
            continue
        prefix = BARE_PREFIX_CUT_RE.sub("", match.group(1))
        if not prefix:
            continue
        number = normalize_doc_number(prefix + match.group(0)[len(match.group(1)) :])
        if number is None or (own and number.endswith(own)):
            continue
        # The cue may have been matched as part of the prefix ("按照国办发"), so look before it.
        start = match.start() + len(match.group(1)) - len(prefix)
        before = _segment_before(compact, start)
        cues = list(CUE_RE.finditer(before))
        # Without a cue a bare 文号 is the header of the plan or of a page, not a reference.
        if not cues:
            continue
        level = level_of_doc_number(number, meta)
        citation = Citation(
            path=path_at(match.start()),
            title=None,
            doc_number=number,
            issuer=None,
            level=level,
            level_basis="doc_number" if level else None,
            cue=cues[-1].group(0) if cues else None,
            quote=before[cues[-1].start() :] + compact[start : match.end()],
        )
        found.append(((match.start(), match.end()), citation))
    return found
