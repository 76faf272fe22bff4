"""A page's metadata, gathered from every place portals put it.

Sources, each a candidate per field: the 政府网站发展指引 meta tags (ArticleTitle, PubDate,
ContentSource), gov.cn `firstpublishedtime`, label/value pairs in any markup (td/th cells, `li`
"标签：值", dl/dt/dd, values split over spans, `[发文字号]` brackets), JSON inlined in scripts,
the in-body title block (文号 line, title lines), and the signature block (issuing units over the
成文日期 line). Each field takes the first source in a fixed order that gives a valid value; the
vocabularies are in parsing/data/page_fields.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import yaml

from healthplans.parsing.article.body import DATE_LINE, SENTENCE_PUNCT, Body, is_signature_line
from healthplans.parsing.article.dom import Page
from healthplans.parsing.metadata import DOC_NUMBER
from healthplans.parsing.model import SourceHints
from healthplans.parsing.page_labels import label_pairs, vocabulary

# 2024-01-15, 2024.01.15, 2024年1月15日, 2024/1/15
DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
CN_DAY = "[〇○零一二三四五六七八九十]{1,3}"
CN_DATE = re.compile(rf"([〇○零一二三四五六七八九]{{4}})年({CN_DAY})月({CN_DAY})日")
# 广州市人民政府令 / 第179号 : a decree's number, over one or two lines.
DECREE = re.compile(r"^(\S{2,30}?(?:政府|人民政府|部|委员会|局|厅))令\s*(第\s*\d{1,5}\s*号)?$")
DECREE_NO = re.compile(r"^第\s*\d{1,5}\s*号$")
CHINA = timedelta(hours=8)
MAX_LABEL_LINE = 120


@dataclass(frozen=True)
class PageFields:
    """Metadata of one article page; every value optional, dates ISO."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    publish_date: str | None = None
    publisher: str | None = None  # the unit that put it on the site (发布机构, ContentSource)

    def hints(self) -> SourceHints:
        """These facts as the parser's page hints."""
        return SourceHints(
            title=self.title,
            doc_number=self.doc_number,
            issuer=self.issuer,
            issue_date=self.issue_date,
            publish_date=self.publish_date,
        )


def iso_date(text: str | None) -> str | None:
    """First date in `text` (Arabic or Chinese numerals) as YYYY-MM-DD, or None."""
    if not text:
        return None
    if m := DATE.search(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := CN_DATE.search(text):
        y = int("".join(str(CN_DIGITS[c]) for c in m.group(1)))
        mo, d = _cn_number(m.group(2)), _cn_number(m.group(3))
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cn_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _epoch_date(value: str) -> str | None:
    """Epoch seconds (or milliseconds) as the China-time date."""
    number = int(value)
    if number > 10**11:
        number //= 1000
    if not 10**8 < number < 5 * 10**9:
        return None
    return (datetime.fromtimestamp(number, UTC) + CHINA).date().isoformat()


def doc_number(text: str | None) -> str | None:
    """A 文号 in `text`, spaces removed, or a decree number (XX令第N号)."""
    if not text:
        return None
    plain = re.sub(r"\s+", "", text)
    if m := DOC_NUMBER.search(plain):
        return m.group(0)
    if (m := DECREE.match(plain)) and m.group(2):
        return plain
    return None


def label_values(lines: list[str]) -> dict[str, str]:
    """Field → value of label/value pairs: "标签：值" (several on a line too), or a label line
    followed by its value line (cells, dt/dd). The first value of a field wins."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        if len(line) > MAX_LABEL_LINE:
            continue
        pairs = label_pairs(line)
        for k, (field, value) in enumerate(pairs):
            if not value and i + 1 < len(lines) and k == len(pairs) - 1:
                following = lines[i + 1]
                if len(following) <= MAX_LABEL_LINE and not label_pairs(following):
                    value = following.strip()
            if value:
                found.setdefault(field, value)
    return found


def _meta_values(meta: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, keys in vocabulary()["meta"].items():
        for key in keys:
            if value := meta.get(key):
                found.setdefault(name, value)
    return found


def json_values(html: str) -> dict[str, str]:
    """Field → value of `"key": value` pairs in scripts (the first occurrence of each key)."""
    found: dict[str, str] = {}
    for name, keys in vocabulary()["json"].items():
        for key in keys:
            m = re.search(rf'"{re.escape(key)}"\s*:\s*("(?:[^"\\]|\\.){{1,300}}"|\d{{9,13}})', html)
            if not m:
                continue
            raw = m.group(1)
            value = _epoch_date(raw) if raw.isdigit() else _json_string(raw)
            if value:
                found.setdefault(name, value)
                break
    return found


def _json_string(raw: str) -> str | None:
    try:
        value: Any = yaml.safe_load(raw)  # a JSON string literal is valid YAML
    except yaml.YAMLError:
        return None
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def dedouble(text: str) -> str:
    """A title that a page printed twice in one node ("AA") as "A"."""
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 4 and text[:half] == text[half:]:
        return text[:half]
    return text


def _clean_title(text: str | None, site: str | None) -> str | None:
    if not text:
        return None
    title = dedouble(" ".join(text.split()))
    for sep in (" - ", "_", "--", "|", "－"):
        head, found, _ = title.partition(sep)
        if found and len(head) >= 6:
            title = head.strip()
            break
    if site and title.replace(" ", "") in site.replace(" ", ""):
        return None
    return title or None


# What a page's title heading reads like: a notice (关于…的通知) or a plan's genre.
_TITLE_HEADING = re.compile(r"关于.{2,80}的通知$|(?:方案|意见|规划|计划|要点|办法|细则|任务|纲要)$")
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})


def _heading_title(page: Page, body: Body | None) -> str | None:
    """The title a page prints as a heading above its text (<h2>…关于印发…的通知</h2>) when its
    <title> only names the site."""
    first = body.lines[body.start] if body else len(page.lines)
    for line in page.lines[:first]:
        tags = {page.elements[i].tag for i in line.path}
        text = "".join(line.text.split())
        if tags & _HEADING_TAGS and not line.link_chars and _TITLE_HEADING.search(text):
            return text
    return None


def _title_block(texts: list[str]) -> tuple[str | None, str | None]:
    """文号 and title from the container lines above the body's first sentence."""
    number, title_lines = None, []
    for i, text in enumerate(texts):
        decree = DECREE.match(text.replace(" ", ""))
        if decree and not number:
            following = texts[i + 1].replace(" ", "") if i + 1 < len(texts) else ""
            if decree.group(2):
                number = text.replace(" ", "")
            elif DECREE_NO.match(following):
                number = text.replace(" ", "") + following
            continue
        if DECREE_NO.match(text.replace(" ", "")):
            continue
        if (found := doc_number(text)) and len(text) <= len(found) + 6:
            number = number or found
            continue
        if not SENTENCE_PUNCT.search(text.replace("、", "")):
            title_lines.append(text)
    return number, "".join(title_lines) or None


def _signature(texts: list[str], start: int) -> tuple[str | None, str | None]:
    """Issuer (units joined by 、) and 成文日期 of the first signature block after `start`."""
    first_date = None
    for i in range(start, len(texts)):
        if not DATE_LINE.match(texts[i]):
            continue
        units: list[str] = []
        j = i - 1
        while j >= start and is_signature_line(texts[j]) and len(units) < 12:
            units = texts[j].split() + units
            j -= 1
        if units:
            return "、".join(units), iso_date(texts[i])
        first_date = first_date or iso_date(texts[i])
    return None, first_date


def _decree_issuer(number: str | None) -> str | None:
    if number and (m := DECREE.match(number.replace(" ", ""))):
        return m.group(1)
    return None


def _issuer_from_label(value: str | None) -> str | None:
    if not value:
        return None
    units = [u for u in re.split(r"[,，、;；\s]+", value) if u]
    return "、".join(units) or None


def _publisher(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"^本网\s*", "", value).strip()
    return value or None


def read_fields(page: Page, body: Body | None, html: str) -> PageFields:
    """Metadata of a page from all its sources (see the module docstring for the order)."""
    meta = _meta_values(page.meta)
    inside = set(body.lines) if body else set()
    head_lines = list(body.lines[: body.start]) if body else []
    outside = [line.text for i, line in enumerate(page.lines) if i not in inside or i in head_lines]
    labels = label_values(outside)
    scripts = json_values(html)
    texts = [page.lines[i].text for i in body.lines] if body else []
    number, block_title = _title_block(texts[: body.start]) if body else (None, None)
    signer, signed = _signature(texts, body.start) if body else (None, None)
    site = page.meta.get("sitename")
    title = (
        _clean_title(meta.get("title"), site)
        or _clean_title(labels.get("title"), site)
        or block_title
        or _clean_title(page.meta.get("<title>"), site)
        or _clean_title(scripts.get("title"), site)
    )
    if title is None or not _TITLE_HEADING.search(title):
        # A site's or an issuer's name is no title; a heading above the text may be.
        title = _heading_title(page, body) or title
    return PageFields(
        title=title,
        doc_number=doc_number(labels.get("doc_number"))
        or number
        or doc_number(scripts.get("doc_number")),
        issuer=signer or _decree_issuer(number) or _issuer_from_label(labels.get("issuer")),
        issue_date=signed or iso_date(labels.get("issue_date")),
        publish_date=iso_date(meta.get("publish_date"))
        or iso_date(labels.get("publish_date"))
        or iso_date(scripts.get("publish_date")),
        publisher=_publisher(labels.get("publisher")) or _publisher(meta.get("publisher")),
    )
