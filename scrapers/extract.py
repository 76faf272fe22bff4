"""Text out of fetched documents: PDF attachments (PDFium, BSD/Apache licensed)."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium

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


def pdf_text(body: bytes) -> str:
    """Plain text of a PDF, page by page, with page footers removed; raises NotAPdfError."""
    if not is_pdf(body):
        raise NotAPdfError("body does not start with %PDF-")
    try:
        doc = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise NotAPdfError(f"unreadable PDF: {exc}") from exc
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            raw = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            pages.append(raw.split("\n"))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return "\n".join("\n".join(lines) for lines in _drop_running_lines(pages)).strip()
