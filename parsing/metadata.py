"""Document metadata: titles, 文号, issuer, dates, region and genre.

Everything is read from the header (the lines before the first numbered clause), where the
notice wrapper, a portal's metadata table and the plan's own title live. The body is consulted
only for the signature date of plans signed at the end. Page hints fill what the text lacks.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from healthplans.parsing.model import DocumentMeta, NormalizedText, SourceHints
from healthplans.parsing.outline import match_label
from healthplans.parsing.regions import NATIONAL, find_region

# 文号 with any bracket style: "亳政办[2024]2号", "阳政发〔2024〕3号", "国办发(2019)4号".
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[(【［]\s*(\d{4})\s*[〕\])】］]\s*(\d{1,5})\s*号"
)
# A cell pair of a portal metadata table: "发文字号: | 阳政发〔2024〕3号 |".
TABLE_CELL = re.compile(r"([\u4e00-\u9fff]{2,6})\s*:\s*\|\s*([^|]*?)\s*\|")
# A "key:value" page line: "时间:2020-09-24", "发布日期:2024年2月29日".
KEY_VALUE = re.compile(r"^([\u4e00-\u9fff]{2,6})\s*:\s*(\S.{0,120})$")
# Several pairs on one line, values without spaces: "日期: 2020-06-18 浏览量:1283 来源:…".
INLINE_PAIR = re.compile(r"([\u4e00-\u9fff]{2,6})\s*:\s*([^\s:|]+)")
# Dates: "2024年1月14日", "2024-02-22", "2024/2/22", "2024.02.22".
DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
# A standalone signature date line: "2024年1月14日".
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# The notice wrapper around a plan: "…关于印发…的通知"; group 1 is the issuer.
NOTICE_TITLE = re.compile(r"^(.{0,40}?)关于(?:印发|转发|下发)?(.+)的通知$")
# The plan's name inside a notice title: "关于印发阳泉市…实施方案的通知" → "阳泉市…实施方案".
NOTICE_PLAN = re.compile(r"关于(?:印发|转发|下发)(.+)的通知$")
# A title-like line: no sentence punctuation, no table bars or key:value colons.
_TITLE_CHARS = re.compile(r"^[^,。;:|!?]{1,80}$")
# A title starts with a line this long; a shorter line only ends one that a line break cut
# ("…实施方案的" / "通知").
_MIN_TITLE_START = 4
# Lines that sit among title lines but are not part of a title: a 文号, a date, "(此件公开发布)"
# (a bracketed organ, "(爱国卫生运动委员会)", is part of the issuer's name),
# portal chrome such as the breadcrumb "首页 / 文件汇编/ 正文".
_NOT_TITLE = re.compile(
    r"[〔\[【]\d{4}[〕\]】]|^\d{4}[-年]|^\((?![^()]*(?:委员会|小组|办公室)\)$)|^[\u4e00-\u9fff]{2,6}:"
    r"|[/>»]|^(?:首页|当前位置|您的位置|欢迎)"
)
# The issuing organ written before 关于 in a title: "国务院办公厅关于加强…的意见".
_ISSUER_BEFORE_GUANYU = re.compile(r"^(.{2,40}?)关于")
_ORGAN_SUFFIX = re.compile(
    r"(人民政府|政府|办公厅|办公室|委员会|国务院|卫生健康委|局|厅|委|部|中心)$"
)

# Table keys → DocumentMeta fields; portals differ in wording.
TABLE_KEYS = {
    "发文机关": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "成文日期": "issue_date",
    "发文日期": "issue_date",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "发布日期": "publish_date",
    "发布时间": "publish_date",
    "公开日期": "publish_date",
    "时间": "publish_date",
    "日期": "publish_date",
    "标题": "title",
    "名称": "title",
}

# Genre words, longest first; the one ending latest in the title names the genre.
_DOC_TYPES: tuple[tuple[str, str], ...] = (
    ("重点工作任务", "重点工作任务"),
    ("重点任务", "重点工作任务"),
    ("实施方案", "实施方案"),
    ("工作方案", "工作方案"),
    ("行动方案", "行动方案"),
    ("指导方案", "指导方案"),
    ("方案", "方案"),
    ("指导意见", "意见"),
    ("实施意见", "意见"),
    ("意见", "意见"),
    ("工作要点", "工作要点"),
    ("行动计划", "行动计划"),
    ("计划", "计划"),
    ("行动", "行动计划"),
    ("建设指引", "建设指引"),
    ("工作指引", "工作指引"),
    ("指引", "指引"),
    ("指南", "指南"),
    ("规划纲要", "规划"),
    ("规划", "规划"),
    ("纲要", "纲要"),
    ("实施细则", "细则"),
    ("细则", "细则"),
    ("办法", "办法"),
    ("规定", "规定"),
    ("若干措施", "措施"),
    ("措施", "措施"),
    ("决定", "决定"),
    ("通知", "通知"),
)
# A trailing period in parentheses is not part of the genre: "纲要(2016—2030年)".
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
# Only this many header lines are searched for titles and 文号; portals put chrome above.
_HEADER_LINES = 40


@dataclass(frozen=True)
class _Header:
    lines: tuple[str, ...]  # lines before the first numbered clause
    table: dict[str, str]  # DocumentMeta field → value from a metadata table or key:value line


def iso_date(text: str | None) -> str | None:
    """ "2024年1月14日" or "2024-2-22" → "2024-01-14"; None when no valid date."""
    if not text:
        return None
    found = DATE.search(text)
    if not found:
        return None
    year, month, day = (int(g) for g in found.groups())
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def normalize_doc_number(text: str | None) -> str | None:
    """ "亳政办[2024]2号" → "亳政办〔2024〕2号"."""
    if not text:
        return None
    found = DOC_NUMBER.search(text)
    if not found:
        return None
    prefix, year, serial = found.groups()
    return f"{prefix}〔{year}〕{serial}号"


def _table_values(lines: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in lines:
        pairs = TABLE_CELL.findall(line) if "|" in line else []
        inline = INLINE_PAIR.findall(line) if "|" not in line else []
        single = KEY_VALUE.match(line)
        if len(inline) >= 2:
            pairs = inline
        elif single and "|" not in line:
            pairs = [single.groups()]
        for key, value in pairs:
            field = TABLE_KEYS.get(key)
            if field and value.strip() and field not in values:
                values[field] = value.strip()
    return values


def _header(text: str) -> _Header:
    lines: list[str] = []
    for line in text.split("\n"):
        if match_label(line) and lines and not line.startswith("第"):
            break
        lines.append(line)
    head = tuple(lines[:_HEADER_LINES])
    return _Header(head, _table_values(head))


def _notice_title(header: _Header) -> str | None:
    """The notice's title: a title-like run of the head, else the page's 标题 field."""
    labelled = re.sub(r"\s+", "", header.table.get("title") or "")
    labelled = labelled if NOTICE_TITLE.match(labelled) else ""
    for run in _title_runs(header.lines):
        if NOTICE_TITLE.match(run):
            # The page's field may name the issuer the heading leaves out.
            return labelled if labelled.endswith(run) else run
    return labelled or None


def _title_runs(lines: tuple[str, ...]) -> list[str]:
    """Consecutive title-like lines joined: a title is often split over two lines."""
    runs: list[str] = []
    current: list[str] = []
    for line in lines:
        title_like = _TITLE_CHARS.match(line) and (current or len(line) >= _MIN_TITLE_START)
        if title_like and not DATE_LINE.match(line) and not _NOT_TITLE.search(line):
            current.append(line)
            continue
        if current:
            runs.append("".join(current))
        current = []
    if current:
        runs.append("".join(current))
    return runs


def _standalone_title(header: _Header, notice: str | None) -> str | None:
    """The first title-like run that ends with a genre word and is not the notice title."""
    for run in _title_runs(header.lines):
        if run == notice or run.startswith("关于印发"):
            continue
        if doc_type_of(run):
            return run
    return None


def _titles(header: _Header, hints: SourceHints | None) -> tuple[str | None, str | None]:
    """(plan title, notice title)."""
    notice = _notice_title(header)
    inner = NOTICE_PLAN.search(notice) if notice else None
    title = inner.group(1) if inner else None
    if title and title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1]  # 关于印发《…方案》的通知: the plan's title without its marks
    if title is None:
        title = _standalone_title(header, notice)
    if title is None:
        title = header.table.get("title") or (hints.title if hints else None)
    if notice and title == notice:
        notice = None
    return title, notice


def _doc_number(header: _Header, hints: SourceHints | None) -> str | None:
    from_table = normalize_doc_number(header.table.get("doc_number"))
    if from_table:
        return from_table
    for line in header.lines:
        found = DOC_NUMBER.fullmatch(line.strip())
        if found:
            return normalize_doc_number(line)
    return normalize_doc_number(hints.doc_number) if hints else None


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    found = _ISSUER_BEFORE_GUANYU.match(title)
    if found and _ORGAN_SUFFIX.search(found.group(1)):
        return found.group(1)
    return None


def _signature_issuer(lines: list[str]) -> str | None:
    """The organ written on the line above the first standalone date line."""
    for prev, line in itertools.pairwise(lines):
        if DATE_LINE.match(line) and _ORGAN_SUFFIX.search(prev) and len(prev) <= 30:
            return prev
    return None


def _issuer(
    header: _Header,
    titles: tuple[str | None, str | None],
    lines: list[str],
    hints: SourceHints | None,
) -> str | None:
    title, notice = titles
    return (
        header.table.get("issuer")
        or _issuer_from_title(notice)
        or _issuer_from_title(title)
        or _signature_issuer(lines)
        or (hints.issuer if hints else None)
    )


def _issue_date(header: _Header, lines: list[str], hints: SourceHints | None) -> str | None:
    from_table = iso_date(header.table.get("issue_date"))
    if from_table:
        return from_table
    for line in lines:
        if DATE_LINE.match(line):
            return iso_date(line)
    return iso_date(hints.issue_date) if hints else None


def _publish_date(header: _Header, hints: SourceHints | None) -> str | None:
    return iso_date(header.table.get("publish_date")) or (
        iso_date(hints.publish_date) if hints else None
    )


def doc_type_of(title: str | None) -> str | None:
    """Genre named by the title: the genre word that ends latest ("…重点工作任务及分工")."""
    if not title:
        return None
    title = _TRAILING_PAREN.sub("", title)
    best: tuple[int, int, str] | None = None
    for word, genre in _DOC_TYPES:
        end = title.rfind(word)
        if end < 0:
            continue
        key = (end + len(word), len(word), genre)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _is_national(issuer: str | None, doc_number: str | None) -> bool:
    """Issued by the central government: by its issuer (国务院办公厅, 教育部) or 文号 (国发…)."""
    # citations reads 文号 and issuers with this module's patterns, hence the late import.
    from healthplans.parsing.citations import level_of_doc_number, level_of_issuer

    return "national" in (level_of_issuer(issuer), level_of_doc_number(doc_number))


def extract_meta(
    text: str, normalized: NormalizedText, hints: SourceHints | None = None
) -> DocumentMeta:
    """Metadata of one plan from its normalized `text`, with `hints` filling gaps."""
    header = _header(text)
    lines = text.split("\n")
    title, notice = _titles(header, hints)
    issuer = _issuer(header, (title, notice), lines, hints)
    region = (
        find_region(issuer)
        or find_region(title)
        or find_region(notice)
        or find_region(hints.region_hint if hints else None)
    )
    doc_number = _doc_number(header, hints)
    if region is None and _is_national(issuer, doc_number):
        region = NATIONAL
    return DocumentMeta(
        title=title,
        notice_title=notice,
        doc_number=doc_number,
        issuer=issuer,
        issue_date=_issue_date(header, lines, hints),
        publish_date=_publish_date(header, hints),
        region=region.name if region else None,
        region_code=region.code if region else None,
        admin_level=region.admin_level if region else None,
        script=normalized.script,
        doc_type=doc_type_of(title) or doc_type_of(notice),
    )
