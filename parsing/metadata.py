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
from healthplans.parsing.outline import cn_number, match_label
from healthplans.parsing.page_labels import label_fields, label_pairs
from healthplans.parsing.regions import NATIONAL, find_region, province_of_text
from healthplans.parsing.signatures import (
    CN_DATE_LINE,
    DATE_LINE,
    ORGAN_ASIDE,
    ORGAN_SUFFIX,
    SEAL_NOTE,
    is_date_line,
    is_organ,
)

# 文号 with any bracket style: "亳政办[2024]2号", "阳政发〔2024〕3号", "国办发(2019)4号",
# "兴卫发﹝2024﹞3号", "〖2024〗".
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[(【［﹝〖]\s*(\d{4})\s*[〕\])】］﹞〗]\s*第?\s*(\d{1,5})\s*号"
)
# A cell pair of a portal metadata table: "发文字号: | 阳政发〔2024〕3号 |".
TABLE_CELL = re.compile(r"([\u4e00-\u9fff]{2,6})\s*:\s*\|\s*([^|]*?)\s*\|")
# Dates: "2024年1月14日", "2024-02-22", "2024/2/22", "2024.02.22".
DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | dict.fromkeys("零○Ｏ0O", 0)
# The notice wrapper around a plan: "…关于印发…的通知"; group 1 is the issuer.
# Without 关于, an organ issues the plan in 《》: "上海市人民政府办公厅印发《…》的通知".
NOTICE_TITLE = re.compile(r"^(.{0,40}?)(?:关于(?:印发|转发|下发)?|(?:印发|转发)(?=《))(.+)的通知$")
# The plan's name inside a notice title: "关于印发阳泉市…实施方案的通知" → "阳泉市…实施方案".
NOTICE_PLAN = re.compile(
    r"(?:关于(?:印发|转发|下发)|^[^《》]{2,40}?(?:印发|转发)(?=《))(.+)的通知$"
)
# A title-like line: no sentence punctuation, no table bars or key:value colons.
_TITLE_CHARS = re.compile(r"^[^,。;:|!?]{1,80}$")
# A title starts with a line this long; a shorter line only ends one that a line break cut
# ("…实施方案的" / "通知").
_MIN_TITLE_START = 4
# Lines that sit among title lines but are not part of a title: a 文号, a date, "(此件公开发布)"
# (a bracketed organ, "(爱国卫生运动委员会)", is part of the issuer's name),
# portal chrome such as the breadcrumb "首页 / 文件汇编/ 正文".
_NOT_TITLE = re.compile(
    r"[〔\[【﹝〖]\d{4}[〕\]】﹞〗]|\(\d{4}\)第?\d{1,5}号|^\d{4}[-年]|^\((?![^()]*(?:委员会|小组|办公室)\)$|\d{4}[-—–~至]\d{4}年\)$)"
    r"|^[\u4e00-\u9fff]{2,6}:"
    r"|[/>»]|^(?:首页|当前位置|您的位置|欢迎)"
)
# A heading that states who published the plan: "中共中央国务院印发《“健康中国2030”规划纲要》".
PUBLISHED_TITLE = re.compile(r"^(.{2,30}?)(?:印发|发布|公布)《([^《》]+)》$")
# A date line under the title, with who issued it: "(2023年1月7日)",
# "(2016年10月25日中共中央、国务院发布)".
DATED_LINE = re.compile(r"^\((\d{4}年\d{1,2}月\d{1,2}日)(?:(.{2,40}?)(?:印发|发布|公布|通过))?\)$")
# The issuing organ written before 关于 in a title: "国务院办公厅关于加强…的意见".
_ISSUER_BEFORE_GUANYU = re.compile(r"^(.{2,40}?)(?:关于|(?:印发|转发)《)")
_MAX_SIGNATURE = 40
# Joint documents: up to this many organs sign over one date; a line holding sentence marks or
# a colon (the body, "各县(市、区)卫生健康委:") is none of them.
_MAX_COSIGNERS = 12
_NOT_COSIGNER = re.compile(r"[。,;:、]")

# Fields of a portal's metadata table that are document metadata (page_labels has them all).
_LABEL_FIELDS = ("title", "doc_number", "issuer", "issue_date", "publish_date", "publisher")
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
    ("工作计划", "工作计划"),
    ("实施计划", "实施计划"),
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
    ("职责清单", "清单"),
    ("任务清单", "清单"),
    ("清单", "清单"),
    ("通知", "通知"),
)
# The genre a plan names in its opening sentence when no title does: "现提出以下意见",
# "特制定本方案", "制定本实施方案".
_STATED_GENRE = re.compile(
    r"(?:现提出|提出|制定|制订|特制定|特制订)(?:以下|如下|本|此)([^,。;:]{1,6}?)[,。:]"
)
# A portal's link to the plan's interpretation names the plan: "相关解读:《…的意见》解读".
_INTERPRETED = re.compile(r"《([^《》]{4,80})》(?:的)?(?:政策)?解读")
_GENRE_WORDS = tuple(word for word, _genre in _DOC_TYPES if word != "通知")
# What a title line ending in a genre word may still be followed by: its period, 的通知.
_TITLE_GOES_ON = ("(", "（", "的", "之", "暨", "和", "及")
# A trailing period in parentheses is not part of the genre: "纲要(2016—2030年)".
_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
# Only this many header lines are searched for titles and 文号; portals put chrome above.
_HEADER_LINES = 40
# A page's links after the text (相关解读, 附件) sit in this many last lines.
_TAIL_LINES = 10


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
    """Field → value of the header's label/value pairs; the first value of a field wins."""
    fields = label_fields()
    values: dict[str, str] = {}
    for line in lines:
        if "|" in line:
            pairs = [(fields.get(label), value) for label, value in TABLE_CELL.findall(line)]
        else:
            pairs = list(label_pairs(line))
        for field, value in pairs:
            if field in _LABEL_FIELDS and value.strip() and field not in values:
                values[field] = value.strip()
    return values


def _arabic_dates(lines: list[str]) -> list[str]:
    """Lines with a date written in Chinese numerals ("二〇二四年三月五日", common under a
    signature) rewritten in digits ("2024年3月5日"), so one set of date patterns reads both."""
    out = []
    for line in lines:
        found = CN_DATE_LINE.match(line) if line.endswith(("日", "日)")) else None
        if found is not None:
            year = "".join(str(_CN_DIGIT[c]) for c in found.group("y"))
            month, day = cn_number(found.group("m")), cn_number(found.group("d"))
            if month and day:
                line = f"{found.group('open')}{year}年{month}月{day}日{found.group('close')}"
        out.append(line)
    return out


def _header(lines: list[str]) -> _Header:
    head_lines: list[str] = []
    for line in lines:
        if match_label(line) and head_lines and not line.startswith("第"):
            break
        head_lines.append(line)
    head = tuple(head_lines[:_HEADER_LINES])
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
    for line, following in itertools.zip_longest(lines, lines[1:], fillvalue=""):
        title_like = _TITLE_CHARS.match(line) and (current or len(line) >= _MIN_TITLE_START)
        # An organ over a date line signs the title above it: "…推进委员会" / "2019年7月9日".
        signs = current and DATE_LINE.match(following) and is_organ(line)
        if line.endswith("、"):
            title_like = None  # an addressee line: "各县(市、区)人民政府、城乡一体化示范区、"
        if title_like and not signs and not DATE_LINE.match(line) and not _NOT_TITLE.search(line):
            current.append(line)
            closes = _ends_with_genre(line) or line.endswith("的通知")
            if not closes or following.startswith(_TITLE_GOES_ON):
                continue
            # "…职责清单" over a table's head row ("部门 职责与任务"): the title ends here.
            runs.append("".join(current))
            current = []
            continue
        if current:
            runs.append("".join(current))
        current = []
    if current:
        runs.append("".join(current))
    return runs


def _ends_with_genre(line: str) -> bool:
    """Whether a line ends with a genre word outside 《》: a title line after which the title is
    complete ("…规划" inside "印发《“健康中国2030”规划" / "纲要》" is not)."""
    return line.endswith(_GENRE_WORDS) and line.count("《") <= line.count("》")


def _standalone_title(header: _Header, notice: str | None) -> str | None:
    """The first title-like run that ends with a genre word and is not the notice title."""
    for run in _title_runs(header.lines):
        if run == notice or run.startswith("关于印发"):
            continue
        if doc_type_of(run):
            return run
    return None


def _titles(
    header: _Header, lines: list[str], hints: SourceHints | None
) -> tuple[str | None, str | None]:
    """(plan title, notice title)."""
    notice = _notice_title(header)
    inner = NOTICE_PLAN.search(notice) if notice else None
    title = inner.group(1) if inner else None
    if title is not None:
        # The plan's own title line, as the notice names it in 《》, wins over the name the
        # notice's title gives it ("锡林郭勒盟健康锡林郭勒行动方案" for 《健康锡林郭勒行动方案》).
        own = _standalone_title(header, notice)
        if own and own != title.strip("《》") and _named_in_marks(header, own):
            title = own
    if title is None:
        title = next((m.group(2) for m in _published(header)), None)
    if title is None:
        title = _standalone_title(header, notice)
    if title is None:
        title = header.table.get("title") or (hints.title if hints else None)
    if title is None:
        title = _interpreted_title(lines)
    if title is None and notice and inner is None:
        # A notice that issues no plan ("关于开展…工作的通知") is the document itself.
        title, notice = notice, None
    if title and title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        # 关于印发《…方案》的通知, or a title line printed in its marks: the title without them.
        title = title[1:-1]
    if notice and title == notice:
        notice = None
    return title, notice


def _named_in_marks(header: _Header, name: str) -> bool:
    """Whether a header line names `name` in 《》 (the notice's "现将《…》印发给你们")."""
    quoted = f"《{name}》"
    return any(quoted in line for line in header.lines)


def _interpreted_title(lines: list[str]) -> str | None:
    """The plan named by the page's link to its interpretation (the last lines of a page),
    when the text has no title."""
    for line in reversed(lines[-_TAIL_LINES:]):
        found = _INTERPRETED.search(line)
        if found and doc_type_of(found.group(1)):
            return found.group(1)
    return None


def _published(header: _Header) -> list[re.Match[str]]:
    """Headings that state who published the plan: "中共中央国务院印发《…》"."""
    return [m for run in _title_runs(header.lines) if (m := PUBLISHED_TITLE.match(run))]


def _dated(header: _Header) -> tuple[str | None, str | None]:
    """(issuer, ISO date) of a date line under the title: "(2016年10月25日中共中央、国务院发布)"."""
    for line in header.lines:
        found = DATED_LINE.match(line)
        if found:
            return found.group(2), iso_date(found.group(1))
    return None, None


def _doc_number(header: _Header, hints: SourceHints | None) -> str | None:
    from_table = normalize_doc_number(header.table.get("doc_number"))
    if from_table:
        return from_table
    for line in header.lines:
        found = DOC_NUMBER.fullmatch(line.strip())
        if found:
            return normalize_doc_number(line)
    return normalize_doc_number(hints.doc_number) if hints else None


# Where one of several issuers printed together ends, and how a national one begins.
_JOINT_ORGAN_END = re.compile(r"办公厅|办公室|人民政府|委员会|中共中央|国务院")
_ORGAN_STARTS = ("中共", "国务院", "国家", "中华人民共和国")
# National issuers also end in 委, 部, 局 and 署, and a ministry's name runs to its 部 or
# 署: "国家卫生健康委国家发展改革委财政部人力资源社会保障部国家医保局" (a local 市委组织部 is
# one organ).
_NATIONAL_ORGAN_END = re.compile(r"办公厅|办公室|委员会|中共中央|国务院|委|部|局|署")
_MINISTRY_START = re.compile(r"[\u4e00-\u9fff]{1,9}?[部署](?!门)")


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    found = _ISSUER_BEFORE_GUANYU.match(title)
    if found and is_organ(found.group(1)):
        return found.group(1)
    return None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(organ, ISO date) of the first signature: a date line under an organ's line."""
    for i, line in enumerate(lines):
        if i == 0 or not is_date_line(line):
            continue
        organ = SEAL_NOTE.sub("", lines[i - 1])
        top = i - 1
        if i > 1 and not ORGAN_ASIDE.sub("", organ):
            # The organ's second name on a line of its own: "…委员会" / "(爱国卫生…)(代章)".
            organ = lines[i - 2] + organ
            top = i - 2
        if len(organ) <= _MAX_SIGNATURE and is_organ(organ):
            return "、".join([*_cosigners(lines, top), organ]), iso_date(line)
    return None, None


def _cosigners(lines: list[str], top: int) -> list[str]:
    """The organs signing above the last one of a joint document, top first: "市卫生健康委员会" /
    "市民政局" / "市财政局" over one date."""
    names: list[str] = []
    j = top - 1
    while j >= 0 and len(names) < _MAX_COSIGNERS:
        name = SEAL_NOTE.sub("", lines[j])
        if (
            len(name) > _MAX_SIGNATURE
            or not ORGAN_SUFFIX.search(name)
            or _NOT_COSIGNER.search(name)
        ):
            break
        names.insert(0, name)
        j -= 1
    return names


def _self_stated(header: _Header, lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, ISO issue date) as the document states them: its signature, else a dated line
    under its title, else (the issuer only) a heading "X印发《…》"."""
    organ, date = _signature(lines)
    if date is None:
        organ, date = _dated(header)
    if organ is None:
        published = _published(header)
        organ = published[0].group(1) if published and is_organ(published[0].group(1)) else None
    return organ, date


# A name that starts with its level alone (市卫生健康委) names its region only by context.
_RELATIVE_LEVELS = frozenset("省市县区州")


def _issuer(
    header: _Header,
    titles: tuple[str | None, str | None],
    stated: str | None,
    hints: SourceHints | None,
) -> str | None:
    """What the document says of itself (its notice's title, its signature) comes before a
    portal's label, which often names the site's owner instead (海南省卫生健康委员会 for a plan of
    the 健康海南建设委员会 it hosts)."""
    title, notice = titles
    named = _issuer_from_title(notice)
    if named and stated and "、" in stated and stated.replace("、", "") == named:
        # The organs the title runs together ("国家卫生健康委 国家发展改革委关于…") each sign.
        named = stated
    if named and stated and named[0] in _RELATIVE_LEVELS and named[1:] in stated:
        # "市卫生健康委关于…" signed "宜昌市卫生健康委员会": the signature names the organ in full.
        named = stated
    issuer = (
        named
        or stated
        or header.table.get("issuer")
        or _issuer_from_title(title)
        or (hints.issuer if hints else None)
        or _publishing_organ(header.table.get("publisher"))
    )
    return _separate_organs(issuer) if issuer else None


def _publishing_organ(publisher: str | None) -> str | None:
    """A public-information catalogue's 发布机构 when it names an organ in full, its region
    included: the issuer when the document names none itself (a 办法 printed without notice or
    signature). It comes last, as a site may put its own name there for a document it hosts,
    and a page's 来源 often gives a short name (县卫生健康局)."""
    if publisher and is_organ(publisher) and find_region(publisher) is not None:
        return publisher
    return None


def _separate_organs(issuer: str) -> str:
    """Joint issuers printed with a blank between them, which normalization removes, set apart
    with 、: "中共中央办公厅国务院办公厅" → "中共中央办公厅、国务院办公厅". A name is cut only after
    an organ's ending where what follows names an organ of its own (a region, 中共, 国务院…)."""
    national = issuer.startswith(_ORGAN_STARTS)
    ends = _NATIONAL_ORGAN_END if national else _JOINT_ORGAN_END
    parts: list[str] = []
    start = 0
    for end in ends.finditer(issuer):
        rest = issuer[end.end() :]
        if rest and (
            rest.startswith(_ORGAN_STARTS)
            or (national and _MINISTRY_START.match(rest) is not None)
            or find_region(rest) is not None
        ):
            parts.append(issuer[start : end.end()])
            start = end.end()
    parts.append(issuer[start:])
    return "、".join(parts) if len(parts) > 1 else issuer


def _issue_date(
    header: _Header, lines: list[str], stated: str | None, hints: SourceHints | None
) -> str | None:
    """The date the document states, else the portal's 成文日期, else the first date line."""
    signed = stated or iso_date(header.table.get("issue_date"))
    if signed:
        return signed
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


def _stated_genre(header: _Header) -> str | None:
    """Genre named by the opening sentence: "…,现提出以下意见。" → 意见."""
    for line in header.lines:
        found = _STATED_GENRE.search(line)
        if found:
            return doc_type_of(found.group(1))
    return None


def _is_national(issuer: str | None, doc_number: str | None) -> bool:
    """Issued by the central government: by its issuer (国务院办公厅, 教育部) or 文号 (国发…)."""
    # citations reads 文号 and issuers with this module's patterns, hence the late import.
    from healthplans.parsing.citations import level_of_doc_number, level_of_issuer

    return "national" in (level_of_issuer(issuer), level_of_doc_number(doc_number))


def extract_meta(
    text: str, normalized: NormalizedText, hints: SourceHints | None = None
) -> DocumentMeta:
    """Metadata of one plan from its normalized `text`, with `hints` filling gaps."""
    lines = _arabic_dates(text.split("\n"))
    header = _header(lines)
    title, notice = _titles(header, lines, hints)
    stated_issuer, stated_date = _self_stated(header, lines)
    issuer = _issuer(header, (title, notice), stated_issuer, hints)
    region = (
        find_region(issuer)
        or find_region(title)
        or find_region(notice)
        or find_region(hints.region_hint if hints else None)
    )
    doc_number = _doc_number(header, hints)
    if region is None and _is_national(issuer, doc_number):
        region = NATIONAL
    if region is None:
        region = province_of_text(text)
    return DocumentMeta(
        title=title,
        notice_title=notice,
        doc_number=doc_number,
        issuer=issuer,
        issue_date=_issue_date(header, lines, stated_date, hints),
        publish_date=_publish_date(header, hints),
        region=region.name if region else None,
        region_code=region.code if region else None,
        admin_level=region.admin_level if region else None,
        script=normalized.script,
        doc_type=doc_type_of(title) or doc_type_of(notice) or _stated_genre(header),
    )
