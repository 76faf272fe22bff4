"""PDF text: the text layer, or OCR of the rendered pages when a scan has none.

pypdf (BSD) reads the text layer; PDFium (BSD/Apache) is the fallback for files pypdf cannot
open. pypdf comes first because PDFium's text page drops a printed line that holds a single
glyph (the last character of a wrapped paragraph, such as 化 of 现代化), losing content. A page
whose text layer holds (almost) nothing is a scan: PDFium renders it and OCR reads it.
"""

from __future__ import annotations

import io
import itertools
import logging
from collections import Counter
from dataclasses import dataclass

import pypdf
import pypdfium2 as pdfium

from healthplans.parsing.formats.pdf_tables import PAGE_NUMBER_LINE, has_task_table, table_rows
from healthplans.parsing.normalize import standard_ideographs
from healthplans.parsing.signatures import is_date_line

log = logging.getLogger(__name__)


# Lines at the top and at the bottom of a page where running headers and footers are looked for.
_EDGE_LINES = 4
# A page with fewer characters than this in its text layer is treated as a scanned image.
SCANNED_PAGE_CHARS = 20
# Render scale for OCR: 2 = 144 dpi, enough for body text at 10pt and up.
OCR_SCALE = 2.0


class NotAPdfError(ValueError):
    """Bytes served as a PDF that are not one."""


@dataclass(frozen=True)
class PdfReading:
    """Text of a PDF and how it was read."""

    text: str
    pages: int
    ocr_pages: int


def is_pdf(body: bytes) -> bool:
    return body.lstrip()[:5] == b"%PDF-"


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page-number lines and header/footer lines repeated on most pages.

    A header may take several lines ("中央和国务院相关文件" / "X" / "中共中央、国务院办公厅发布"
    above the page number), so the first and last few non-blank lines of a page count as its
    edges."""
    edges: Counter[str] = Counter()
    for lines in pages:
        nonblank = [line.strip() for line in lines if line.strip()]
        edges.update({*nonblank[:_EDGE_LINES], *nonblank[-_EDGE_LINES:]})
    running = {line for line, n in edges.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}
    return [_without_running(lines, running) for lines in pages]


def _without_running(lines: list[str], running: set[str]) -> list[str]:
    """A page's lines without page numbers, and without its running lines where they stand: in
    its first or last few non-blank lines. A header is often the issuer's name, which the
    signature in the middle of a page repeats."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    edge = {*nonblank[:_EDGE_LINES], *nonblank[-_EDGE_LINES:]}
    # An organ's name over a date line signs the text, wherever it stands.
    signs = {a for a, b in itertools.pairwise(nonblank) if is_date_line("".join(lines[b].split()))}
    return [
        line
        for i, line in enumerate(lines)
        if not PAGE_NUMBER_LINE.match(line)
        and not (i in edge and i not in signs and line.strip() in running)
    ]


def _pages_pypdf(body: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    pages = []
    carried = None  # the columns of a task table running on from the page before
    for page in reader.pages:
        plain = page.extract_text() or ""
        if carried is not None or has_task_table(plain):
            # Task tables come apart in the plain text; the layout text keeps their columns.
            try:
                layout = page.extract_text(extraction_mode="layout") or ""
                plain, carried = table_rows(plain, layout, carried)
            except Exception as exc:  # the plain text stands; only the table's rows are lost
                log.info("task table not rebuilt (%s: %s)", type(exc).__name__, exc)
                carried = None
        pages.append(plain)
    return pages


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


def _text_pages(body: bytes) -> list[str]:
    if not is_pdf(body):
        raise NotAPdfError("body does not start with %PDF-")
    try:
        pages = _pages_pypdf(body)
    except Exception as exc:  # pypdf raises many types on damaged files; PDFium may cope
        log.info("pypdf could not read the PDF (%s); trying PDFium", exc)
        pages = []
    if not "".join(pages).strip():
        pages = _pages_pdfium(body)
    return pages


def _ocr_pages(body: bytes, numbers: list[int]) -> dict[int, str]:
    from healthplans.parsing.formats.ocr import ocr_image

    doc = pdfium.PdfDocument(body)
    try:
        found = {}
        for number in numbers:
            page = doc[number]
            image = page.render(scale=OCR_SCALE).to_numpy()
            page.close()
            found[number] = ocr_image(image)
        return found
    finally:
        doc.close()


def _join(pages: list[str]) -> str:
    text = "\n".join("\n".join(lines) for lines in _drop_running_lines(_page_lines(pages)))
    # Some PDF fonts map glyphs to radicals (⼀ for 一): the text looks right but matches nothing.
    return standard_ideographs(text).strip()


def read_pdf(body: bytes, ocr: bool = True) -> PdfReading:
    """Text of a PDF, page by page, footers removed; scanned pages through OCR (unless `ocr` is
    False). Raises NotAPdfError."""
    pages = _text_pages(body)
    scanned = [i for i, text in enumerate(pages) if len("".join(text.split())) < SCANNED_PAGE_CHARS]
    if ocr and scanned:
        for number, text in _ocr_pages(body, scanned).items():
            pages[number] = text
    return PdfReading(_join(pages), len(pages), len(scanned) if ocr else 0)


def pdf_text(body: bytes) -> str:
    """Plain text of a PDF's text layer, page by page, with page footers removed (no OCR);
    raises NotAPdfError."""
    return _join(_text_pages(body))
