"""Document readers: bytes of any attachment format to text, chosen by content, not by name.

`read_document` sniffs the bytes (sniff.py) and hands them to the reader of that format: PDF
(text layer, OCR for scans), DOCX, DOC/WPS (OLE Word), OFD, XLSX/XLS, ZIP (each member), images
(OCR), HTML pages (the article reader) and plain text. A format it cannot read, or a damaged
file, raises `UnreadableDocumentError` with a one-line reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from healthplans.parsing.article import PageFields, read_article
from healthplans.parsing.formats.charset import decode_body
from healthplans.parsing.formats.sniff import sniff

__all__ = ["Reading", "UnreadableDocumentError", "read_document", "sniff"]

# Invisible characters editors leave in text (zero-width space, joiners, BOM, word joiner).
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
MAX_ZIP_MEMBERS = 50
MAX_MEMBER_BYTES = 200 * 1024 * 1024
IMAGES = ("png", "jpeg", "tiff", "gif", "bmp")


class UnreadableDocumentError(ValueError):
    """Bytes no reader can turn into text; the message says why in one line."""


@dataclass(frozen=True)
class Reading:
    """Text read from one file, its detected format, and page facts when it was a web page."""

    kind: str
    text: str
    pages: int = 0
    ocr_pages: int = 0
    fields: PageFields | None = None  # metadata of an HTML page
    rejected: str | None = None  # why an HTML page holds no document (error page, no body)
    attachments: tuple[tuple[str, str], ...] = ()


def _html(body: bytes, content_type: str | None, url: str) -> Reading:
    html, _ = decode_body(body, content_type)
    article = read_article(html, url)
    return Reading(
        "html",
        article.document_text,
        fields=article.fields,
        rejected=article.rejected,
        attachments=article.attachments,
    )


def _zip(body: bytes, depth: int) -> Reading:
    archive = zipfile.ZipFile(io.BytesIO(body))
    parts, pages, ocr_pages, skipped = [], 0, 0, []
    members = [m for m in archive.infolist() if not m.is_dir()][:MAX_ZIP_MEMBERS]
    for member in members:
        name = member.filename
        if not member.flag_bits & 0x800:  # not flagged UTF-8: Chinese Windows zips use GBK
            name = name.encode("cp437", errors="replace").decode("gb18030", errors="replace")
        if member.file_size > MAX_MEMBER_BYTES:
            skipped.append(name)
            continue
        try:
            reading = _read(archive.read(member), None, name, depth + 1)
        except UnreadableDocumentError:
            skipped.append(name)
            continue
        parts.append(f"{name}\n{reading.text}")
        pages += reading.pages
        ocr_pages += reading.ocr_pages
    if not parts:
        raise UnreadableDocumentError(f"no readable file in the ZIP ({', '.join(skipped)})")
    return Reading("zip", "\n".join(parts), pages, ocr_pages)


def _read(body: bytes, content_type: str | None, url: str, depth: int) -> Reading:
    from healthplans.parsing.formats import docx, ofd, ole_word, pdf, sheets

    kind = sniff(body)
    if kind == "pdf":
        found = pdf.read_pdf(body)
        return Reading(kind, found.text, found.pages, found.ocr_pages)
    if kind == "docx":
        return Reading(kind, docx.docx_text(body))
    if kind == "doc":
        return Reading(kind, ole_word.doc_text(body))
    if kind == "ofd":
        return Reading(kind, ofd.ofd_text(body))
    if kind == "xlsx":
        return Reading(kind, sheets.xlsx_text(body))
    if kind == "xls":
        return Reading(kind, sheets.xls_text(body))
    if kind in IMAGES:
        from healthplans.parsing.formats.ocr import ocr_image

        return Reading(kind, ocr_image(body), 1, 1)
    if kind == "zip" and depth < 2:
        return _zip(body, depth)
    if kind == "html":
        return _html(body, content_type, url)
    if kind == "text":
        return Reading(kind, decode_body(body, content_type)[0])
    reasons = {"empty": "the file is empty", "encrypted": "the document is password-protected"}
    raise UnreadableDocumentError(reasons.get(kind, f"unsupported format: {kind}"))


def read_document(body: bytes, content_type: str | None = None, url: str = "") -> Reading:
    """Text of a file of any supported format, by its content; raises UnreadableDocumentError
    (with the reader's reason) for unsupported, damaged or empty files."""
    try:
        reading = _read(body, content_type, url, 0)
    except UnreadableDocumentError:
        raise
    except (ValueError, OSError, zipfile.BadZipFile, RuntimeError) as exc:
        raise UnreadableDocumentError(f"{type(exc).__name__}: {exc}") from exc
    text = INVISIBLE.sub("", reading.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip() and reading.rejected is None:
        raise UnreadableDocumentError(f"no text in the {reading.kind} file")
    return Reading(
        reading.kind,
        text,
        reading.pages,
        reading.ocr_pages,
        reading.fields,
        reading.rejected,
        reading.attachments,
    )
