"""Page furniture: what a printed page adds around the text of a plan.

A PDF carries, on every page, a page number ("- 3 -", "3", "第3页 共9页"), often a running
header or footer (the series name, the issuer's name, a stray "X"), and when it is a browser
print of a web page also the print stamp, the page address and the site's menu and footer
(主办单位, ICP备案, 网站标识码). Left in, they cut paragraphs, end up inside clause bodies and
split words ("卫生健" + "25" + "康委"). They are removed from the text as extracted, before
its lines are rejoined into paragraphs, so a paragraph is joined across the page break.

A running header is told from a repeated table cell by where it sits: every occurrence is next
to a page number. The vocabulary of site chrome is data (parsing/data/page_furniture.yaml).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

FURNITURE_FILE = Path(__file__).parent / "data" / "page_furniture.yaml"

# "- 7 -", "— 7 —", "-7-", "第 3 页", "第3页 共9页", "第3页/共9页", "3/9", "Page 3".
PAGE_MARK = re.compile(
    r"^[ \t]*(?:[-—–~]+ *\d{1,4} *[-—–~]+|第 *\d{1,4} *页(?:[ \t/,，]*共 *\d{1,4} *页)?"
    r"|共 *\d{1,4} *页[ \t/,，]*第 *\d{1,4} *页|\d{1,4} */ *\d{1,4}"
    r"|[Pp]age *\d{1,4}(?: *of *\d{1,4})?)"
    r"[ \t]*$"
)
# A line holding only a number: a page number when the numbers go up page by page.
_BARE_NUMBER = re.compile(r"^[ \t]*(\d{1,4})[ \t]*$")
# Page numbers go up by one; a page without a number (a figure, a blank page) may skip a few.
_MAX_PAGE_STEP = 3
# Fewer bare numbers than this in a rising run are table cells or list values, not pages.
_MIN_PAGES = 3
# A running header or footer is short, and sits this close (in non-blank lines) to the number.
_MAX_RUNNING_LINE = 40
_RUNNING_WINDOW = 4
_MIN_RUNNING = 3
# A line of site chrome is short; a long line naming 主办单位 is prose that mentions one.
_MAX_CHROME_LINE = 120


# A browser's print stamp at the top of a page ("2023/5/6 下午3:45 关于印发…") and the page's
# address at its foot, with the page counter ("https://…/t20230506_1.html 1/5").
_PRINT_LINE = (
    r"\d{4}/\d{1,2}/\d{1,2}[ \t]*(?:上午|下午)?[ \t]*\d{1,2}:\d{2}"
    r"|https?://\S+(?:[ \t]+\d{1,3}[ \t]*/[ \t]*\d{1,3})?[ \t]*$"
)
# A labelled date ("发布时间:2024-02-28  打印本页  关闭窗口") keeps a line of chrome: it is the
# page's statement of a date, which the metadata reader takes.
_LABELLED_DATE = re.compile(r"[:：][ \t\u3000]*\d{4}[ \t]*[-年/.]")
# Page marks and numbers are short: longer lines are not tried against the patterns.
_MAX_MARK_LINE = 24
# A portal's menu sits in the first lines of a print, its footer in the last ones.
_HEAD_LINES = 12
_TAIL_LINES = 40


@dataclass(frozen=True)
class _Chrome:
    """Site chrome: markers found anywhere in a line, and line starts tried on every line."""

    anywhere: re.Pattern[str]
    anchored: re.Pattern[str]


@lru_cache(maxsize=1)
def _chrome() -> _Chrome:
    data = yaml.safe_load(FURNITURE_FILE.read_text(encoding="utf-8"))
    starts = "|".join(map(re.escape, data["line_starts"]))
    return _Chrome(
        anywhere=re.compile("|".join(map(re.escape, data["anywhere"]))),
        # Anchored: tried line by line, a failing match costs a character or two.
        anchored=re.compile(
            rf"[ \t\u3000]*(?:{_PRINT_LINE}|(?:{starts})[ \t\u3000]*[:：][ \t\u3000]*\S)"
        ),
    )


def _chrome_lines(lines: list[str], pages: set[int]) -> set[int]:
    """Indexes of short lines that are site chrome or web-print furniture.

    Line starts are tried on every line; markers that may sit anywhere in a line only on the
    lines where a print puts them (its head and tail, next to page numbers), which keeps this
    pass cheap on the long body of a plan.
    """
    chrome = _chrome()
    found = {
        i
        for i, line in enumerate(lines)
        if len(line) <= _MAX_CHROME_LINE and chrome.anchored.match(line)
    }
    edges = set(range(min(_HEAD_LINES, len(lines))))
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    edges.update(nonblank[-_TAIL_LINES:])
    for page in pages:
        edges.update(range(max(0, page - 2 * _RUNNING_WINDOW), page + 2 * _RUNNING_WINDOW + 1))
    found.update(
        i
        for i in edges
        if i < len(lines) and len(lines[i]) <= _MAX_CHROME_LINE and chrome.anywhere.search(lines[i])
    )
    return {i for i in found if not _LABELLED_DATE.search(lines[i])}


def _page_numbers(lines: list[str]) -> set[int]:
    """Indexes of lines that are page numbers: marks, and bare numbers in a rising run."""
    short = [(i, line) for i, line in enumerate(lines) if len(line) <= _MAX_MARK_LINE]
    marks = {i for i, line in short if PAGE_MARK.match(line)}
    numbers = [(i, int(m.group(1))) for i, line in short if (m := _BARE_NUMBER.match(line))]
    run = _longest_rising_run(numbers)
    if len(run) >= _MIN_PAGES:
        marks.update(run)
    return marks


def _longest_rising_run(numbers: list[tuple[int, int]]) -> list[int]:
    """Line indexes of the longest run of (line, value) in which each value exceeds the one
    before by 1 to _MAX_PAGE_STEP, the first being at most _MAX_PAGE_STEP.

    Found over all runs, not greedily: the row numbers of a table (1, 2, … 40) between pages 24
    and 25 would otherwise end the page numbers' run at 40 and leave every later page number
    in the text ("卫生健" + "25" + "康委").
    """
    # For each value, the longest run seen so far that ends with it: (length, its last number).
    ending: dict[int, tuple[int, int]] = {}
    before: list[int] = []  # the previous number of the run ending at each number, -1 at start
    longest = (0, -1)
    for k, (_line, value) in enumerate(numbers):
        length, previous = (1, -1) if value <= _MAX_PAGE_STEP else (0, -1)
        for step in range(1, _MAX_PAGE_STEP + 1):
            found = ending.get(value - step)
            if found and found[0] + 1 > length:
                length, previous = found[0] + 1, found[1]
        before.append(previous)
        # On a tie the later number wins: rows 6..12 of a table on page 5 make runs as long as
        # pages 6..12 do, and page 13 goes on from page 12, not from the table's last row.
        if length and length >= ending.get(value, (0, -1))[0]:
            ending[value] = (length, k)
        if length > longest[0]:
            longest = (length, k)
    run: list[int] = []
    k = longest[1]
    while k >= 0:
        run.append(numbers[k][0])
        k = before[k]
    return run[::-1]


def _running_lines(lines: list[str], pages: set[int]) -> set[int]:
    """Indexes of short lines printed at the same place on at least three pages.

    A running header keeps its distance to the page number (two lines below it, say) on every
    page; it may appear once more elsewhere, above the first page's number. A unit repeated down
    a task table also sits near page numbers, but at varying distances and far more often.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    position = {line_index: n for n, line_index in enumerate(nonblank)}
    placed: dict[tuple[str, int], set[int]] = {}
    for page in pages:
        n = position.get(page)
        if n is None:
            continue
        for k in range(max(0, n - _RUNNING_WINDOW), min(len(nonblank), n + _RUNNING_WINDOW + 1)):
            index = nonblank[k]
            key = lines[index].strip()
            if index not in pages and len(key) <= _MAX_RUNNING_LINE:
                placed.setdefault((key, k - n), set()).add(index)
    everywhere = Counter(line.strip() for line in lines)
    found: set[int] = set()
    for (key, _offset), indexes in placed.items():
        if len(indexes) >= _MIN_RUNNING and len(indexes) >= everywhere[key] - 1:
            found.update(i for i, line in enumerate(lines) if line.strip() == key)
    return found


def remove_furniture(text: str) -> str:
    """`text` without page numbers, running headers and footers, and web-print chrome."""
    lines = text.split("\n")
    pages = _page_numbers(lines)
    drop = _chrome_lines(lines, pages)
    if pages:
        drop |= pages | _running_lines(lines, pages)
    if not drop:
        return text
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)
