"""DOCX (Office Open XML) text: paragraphs in order, tables one row per line with cells
separated by tabs, list numbering that Word generates (一、 (一) 1.) written out, since plan
headings are often numbered that way and the outline parser reads the numbers."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from healthplans.parsing.formats.numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PART = 64 * 1024 * 1024


class NotADocxError(ValueError):
    """Bytes that are not a readable DOCX."""


def _part(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise NotADocxError(f"{name} is {info.file_size} bytes uncompressed")
    return ET.fromstring(archive.read(name))


def _run_text(element: ET.Element) -> str:
    parts = []
    for node in element.iter():
        tag = node.tag
        if tag == W + "t":
            parts.append(node.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph(p: ET.Element, numbering: Numbering) -> str:
    text = _run_text(p)
    num = p.find(f"{W}pPr/{W}numPr")
    if num is not None and text.strip():
        num_id = num.find(W + "numId")
        level = num.find(W + "ilvl")
        label = numbering.label(
            (num_id.get(W + "val") or "") if num_id is not None else "",
            int(level.get(W + "val") or 0) if level is not None else 0,
        )
        text = label + text
    return text


def _cell_text(cell: ET.Element, numbering: Numbering) -> str:
    paragraphs = [_paragraph(p, numbering) for p in cell.iter(W + "p")]
    return " ".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _table(table: ET.Element, numbering: Numbering) -> list[str]:
    rows = []
    for row in table.findall(W + "tr"):
        cells = [_cell_text(cell, numbering) for cell in row.findall(W + "tc")]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _blocks(parent: ET.Element, numbering: Numbering) -> list[str]:
    lines: list[str] = []
    for child in parent:
        if child.tag == W + "p":
            lines.append(_paragraph(child, numbering))
        elif child.tag == W + "tbl":
            lines.extend(_table(child, numbering))
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            lines.extend(_blocks(child, numbering))
    return lines


def docx_text(body: bytes) -> str:
    """Text of a DOCX body; raises NotADocxError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        document = _part(archive, "word/document.xml")
        numbering = Numbering.from_xml(_part(archive, "word/numbering.xml"))
    except (zipfile.BadZipFile, ET.ParseError, OSError) as exc:
        raise NotADocxError(f"unreadable DOCX: {exc}") from exc
    if document is None or (body_el := document.find(W + "body")) is None:
        raise NotADocxError("no word/document.xml body")
    lines = [line.rstrip() for line in _blocks(body_el, numbering)]
    return "\n".join(line for line in lines if line.strip())
