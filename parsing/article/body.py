"""The main text block of a page, found by structure and text density, and the body inside it.

Every line of prose (punctuated, not link text) votes for the block elements that hold it, less
the further out they are, so the winner is the innermost element that holds most of the prose:
the article container, not the page wrapper, a navigation list or a single paragraph. Inside it
the body runs from the first sentence (after the 文号 line and the in-body title) to the end of
the text proper (before the 附件 list, the signature and date, 公开方式 and 印发 lines).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from healthplans.parsing.article.dom import Page

SENTENCE_PUNCT = re.compile(r"[，。；：！？、,;:!?]")
# 附件：…  附件1  附 件  — the list of attachments, or an inline attachment's heading
ATTACHMENT_LINE = re.compile(r"^附\s*件\s*(?:[:：]|[0-9０-９一二三四五六七八九十]+\s*[:：]?|$)")
DATE_LINE = re.compile(
    r"^[（(]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日\s*[）)]?$"
)
TRAILER_LINE = re.compile(
    r"^(?:公开方式|公开属性|信息公开选项|抄送|抄报|主题词|（?此件|\(?此件)|印发\s*$|[（(]?联系人"
)
ORG_SUFFIX = re.compile(
    r"(?:委员会|政府|办公厅|办公室|局|委|厅|部|中心|院|会|署|处|所|站|办|公司|集团|联合会|协会)"
    r"(?:[（(][^）)]*[）)])?$"
)
# A title ends with its genre word; a long line ending so is a title, not the first sentence.
TITLE_END = re.compile(
    r"(?:通知|意见|办法|方案|决定|通告|公告|规划|细则|规定|规则|函|批复|报告|纲要|计划|要点|条例|"
    r"指南|指引|清单|目录|标准|纪要|公报|令|决议|命令|通报)[）)]?$"
)
CONTACT = re.compile(r"联系人|联系电话|电话[:：]|传真|邮编|邮箱")
MIN_PROSE = 10
# Less prose than a couple of sentences is no article (list pages, footers, error pages).
MIN_CONTAINER_SCORE = 6.0


@dataclass(frozen=True)
class Body:
    """Where the main text is: the container element and its body's first and last lines."""

    container: int  # index into Page.elements
    lines: tuple[int, ...]  # indexes into Page.lines of every line inside the container
    start: int  # position in `lines` of the body's first line
    end: int  # position in `lines` of the body's last line (inclusive)


def _prose_score(text: str, link_chars: int) -> float:
    size = len(text)
    if size < MIN_PROSE or link_chars > 0.3 * size:
        return 0.0
    return len(SENTENCE_PUNCT.findall(text)) + min(size / 40, 5.0)


def find_container(page: Page) -> int | None:
    """The element holding the page's main text, or None when the page has no prose at all."""
    score: dict[int, float] = defaultdict(float)
    chars: dict[int, int] = defaultdict(int)
    links: dict[int, int] = defaultdict(int)
    for line in page.lines:
        s = _prose_score(line.text, line.link_chars)
        for distance, index in enumerate(reversed(line.path), start=1):
            chars[index] += len(line.text)
            links[index] += line.link_chars
            if s:
                # A paragraph counts fully for itself and its parent, so the block holding many
                # paragraphs beats any one of them; further out, less and less.
                score[index] += s / max(1, distance - 1)
    if not score or not any("。" in line.text or "；" in line.text for line in page.lines):
        return None

    def final(index: int) -> float:
        return score[index] * (1 - links[index] / max(chars[index], 1))

    best = max(score, key=final)
    return best if final(best) >= MIN_CONTAINER_SCORE else None


def _is_sentence(text: str) -> bool:
    if re.search(r"[，。；：！？,;:!?]", text):
        return True
    return len(text) >= 40 and not TITLE_END.search(text)


def is_signature_line(text: str) -> bool:
    """A line naming issuing units only: short, no sentence punctuation, ends like an org name."""
    plain = text.replace(" ", "")
    if not 3 <= len(plain) <= 60 or SENTENCE_PUNCT.search(text.replace("、", "")):
        return False
    return all(ORG_SUFFIX.search(unit) for unit in text.split())


def _tail_line(text: str) -> bool:
    return bool(
        DATE_LINE.match(text)
        or TRAILER_LINE.match(text)
        or is_signature_line(text)
        or (text.endswith("印发") and len(text) < 60)
        or (CONTACT.search(text) is not None and len(text) < 80)
    )


def body_span(texts: list[str]) -> tuple[int, int]:
    """First and last line of the body proper among a container's lines (inclusive)."""
    start = next((i for i, t in enumerate(texts) if _is_sentence(t)), 0)
    end = len(texts) - 1
    for i in range(start + 1, len(texts)):
        if ATTACHMENT_LINE.match(texts[i]):
            end = i - 1
            break
    while end > start and _tail_line(texts[end]):
        end -= 1
    return start, end


def find_body(page: Page) -> Body | None:
    """The container and body span of a page, or None when it has no main text."""
    container = find_container(page)
    if container is None:
        return None
    lines = tuple(i for i, line in enumerate(page.lines) if container in line.path)
    start, end = body_span([page.lines[i].text for i in lines])
    return Body(container, lines, start, end)
