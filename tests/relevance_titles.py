"""Real titles gathered from ../shared/reference, read in place, for the relevance measurement.

Titles come from every place the material names a document: page <title>s and document-like
link texts of the portal pages, the title columns of the document indexes, the gold documents'
titles, and the 《…》 titles the documents cite. Their hand-made labels are committed keyed by
a hash of the title (tests/fixtures/relevance/reference_labels.tsv), never the titles.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from healthplans.parsing.relevance import clean_title

LABELS = Path(__file__).parent / "fixtures" / "relevance" / "reference_labels.tsv"
# Link texts that name a document (the rest are menus, pagers and site names).
_DOCUMENT_END = re.compile(
    r"(通知|方案|意见|规划|办法|计划|公告|通告|决定|通报|公示|报告|细则|规定|批复|函|要点|纲要|解读|"
    r"标准|目录|行动|任务|清单|指引|条例|法)$"
)
_CITED = re.compile(r"《([^《》\n]{6,80})》")


def title_key(title: str) -> str:
    """Stable under rule changes: the title as found, without its white space."""
    return hashlib.sha256(re.sub(r"\s+", "", title).encode("utf-8")).hexdigest()[:16]


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _page_titles(pages: Path) -> set[str]:
    found: set[str] = set()
    for page in sorted(pages.glob("*.html")):
        soup = BeautifulSoup(_decode(page.read_bytes()), "html.parser")
        if soup.title and soup.title.get_text(strip=True):
            found.add(soup.title.get_text(strip=True))
        for link in soup.find_all("a"):
            text = re.sub(r"\s+", "", str(link.get("title") or link.get_text()))
            if len(text) >= 10 and _DOCUMENT_END.search(text):
                found.add(text)
    return found


def _index_titles(documents: Path) -> set[str]:
    found: set[str] = set()
    for index in sorted(documents.glob("index*.tsv")):
        with index.open(encoding="utf-8") as f:
            found |= {row["title"] for row in csv.DictReader(f, delimiter="\t") if row["title"]}
    return found


def _cited_titles(documents: Path) -> set[str]:
    found: set[str] = set()
    for text in sorted(documents.glob("*.txt")):
        found |= {m.group(1) for m in _CITED.finditer(text.read_text(encoding="utf-8"))}
    return found


def _gold_titles(gold: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted(gold.glob("*.gold.json")):
        title = json.loads(path.read_text(encoding="utf-8"))["document"].get("title")
        if title:
            found.add(title)
    return found


def reference_titles(reference: Path, gold: Path) -> dict[str, str]:
    """Every real title the material names, keyed by title_key."""
    titles = (
        _page_titles(reference / "pages")
        | _index_titles(reference / "documents")
        | _cited_titles(reference / "documents")
        | _gold_titles(gold)
    )
    return {title_key(t): t for t in sorted(titles) if clean_title(t)}


def labels() -> dict[str, str]:
    """title_key → 'plan' | 'not_plan', as labeled by hand."""
    with LABELS.open(encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return {key: label for key, label in (r[:2] for r in rows if not r[0].startswith("#"))}
