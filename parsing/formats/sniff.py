"""What a file is, from its bytes: magic numbers first, then the members of a ZIP or OLE2
container. File names and Content-Type headers lie (downfile.jsp, .wps that is a .doc, a PDF
served as text/html); the bytes do not."""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"BM": "bmp",
}
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<table")


def _zip_kind(body: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "unknown"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or "ofd.xml" in names:
        return "ofd"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _ole_kind(body: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except (OSError, ValueError):
        return "unknown"
    if "WordDocument" in streams:
        return "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "EncryptedPackage" in streams:
        return "encrypted"
    return "ole"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):  # the sample may end inside a multi-byte character
            try:
                head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False


def sniff(body: bytes) -> str:
    """pdf, docx, xlsx, ofd, pptx, zip, doc, xls, ole, encrypted, png, jpeg, tiff, gif, bmp,
    rtf, rar, 7z, html, text, empty or unknown."""
    if not body.strip():
        return "empty"
    head = body[:2048].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in body[:1024]:
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return _zip_kind(body)
    if body.startswith(OLE_MAGIC):
        return _ole_kind(body)
    for magic, kind in IMAGE_MAGIC.items():
        if body.startswith(magic):
            return kind
    if body.startswith(b"{\\rtf"):
        return "rtf"
    if body.startswith(b"Rar!"):
        return "rar"
    if body.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    lower = head[:1024].lower()
    if any(marker in lower for marker in HTML_MARKERS):
        return "html"
    return "text" if _looks_like_text(body[:4096]) else "unknown"
