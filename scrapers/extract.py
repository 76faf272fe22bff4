"""Text out of fetched documents: PDF attachments.

pypdf (BSD) reads the text layer; PDFium (BSD/Apache) is the fallback for files pypdf cannot
open. pypdf comes first because PDFium's text page drops a printed line that holds a single
glyph (the last character of a wrapped paragraph, such as 化 of 现代化), losing content.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

import pypdf
import pypdfium2 as pdfium

log = logging.getLogger(__name__)

# — 7 —  /  - 12 -  /  第 3 页  /  3/19 : a line that is only a page number
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[—\-–－]\s*\d{1,4}\s*[—\-–－]|第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


class NotAPdfError(ValueError):
    """Bytes served as a PDF that are not one."""


def is_pdf(body: bytes) -> bool:
    return body.lstrip()[:5] == b"%PDF-"


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page-number lines and header/footer lines repeated on most pages."""
    edges = Counter(
        line.strip() for lines in pages for line in {*lines[:2], *lines[-2:]} if line.strip()
    )
    running = {line for line, n in edges.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}
    return [
        [ln for ln in lines if not PAGE_NUMBER_LINE.match(ln) and ln.strip() not in running]
        for lines in pages
    ]


def _pages_pypdf(body: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return [page.extract_text() or "" for page in reader.pages]


def _pages_pdfium(body: bytes) -> list[str]:
    try:
        doc = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise NotAPdfError(f"unreadable PDF: {exc}") from exc
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def _page_lines(pages: list[str]) -> list[list[str]]:
    return [raw.replace("\r\n", "\n").replace("\r", "\n").split("\n") for raw in pages]


def pdf_text(body: bytes) -> str:
    """Plain text of a PDF, page by page, with page footers removed; raises NotAPdfError."""
    if not is_pdf(body):
        raise NotAPdfError("body does not start with %PDF-")
    try:
        pages = _pages_pypdf(body)
    except Exception as exc:  # pypdf raises many types on damaged files; PDFium may cope
        log.info("pypdf could not read the PDF (%s); trying PDFium", exc)
        pages = []
    if not "".join(pages).strip():
        pages = _pages_pdfium(body)
    return "\n".join("\n".join(lines) for lines in _drop_running_lines(_page_lines(pages))).strip()
