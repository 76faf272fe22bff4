"""DOCX (Office Open XML) text: paragraphs in order, tables one row per line with cells
separated by tabs, list numbering that Word generates (一、 (一) 1.) written out, since plan
headings are often numbered that way and the outline parser reads the numbers."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from healthplans.parsing.formats.numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What a reader of the document does not see: a text box's fallback copy, and text that tracked
# changes deleted or moved away (its new place is read).
_NOT_PRINTED = frozenset({MC_FALLBACK, W + "del", W + "moveFrom"})
# A text box: its paragraphs are lines of their own, not part of the paragraph it is anchored
# in (a red head "XX市人民政府办公室文件" floats over the 文号 line).
TEXT_BOX = W + "txbxContent"
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


def _nodes(element: ET.Element) -> list[ET.Element]:
    """`element` and its descendants in document order, without what is not printed
    (_NOT_PRINTED: a text box is stored twice, a drawing and a VML fallback, and reading both
    would print its text twice) and without text boxes (see _text_boxes)."""
    found = [element]
    for child in element:
        if child.tag not in _NOT_PRINTED and child.tag != TEXT_BOX:
            found.extend(_nodes(child))
    return found


def _text_boxes(element: ET.Element) -> list[ET.Element]:
    """The printed text boxes anchored in `element`, outermost only, in document order."""
    found = []
    for child in element:
        if child.tag == TEXT_BOX:
            found.append(child)
        elif child.tag not in _NOT_PRINTED:
            found.extend(_text_boxes(child))
    return found


def _run_text(element: ET.Element) -> str:
    parts = []
    for node in _nodes(element):
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


def _val(parent: ET.Element | None, tag: str) -> str | None:
    node = parent.find(W + tag) if parent is not None else None
    return node.get(W + "val") if node is not None else None


@dataclass(frozen=True)
class _Lists:
    """The document's list definitions, and the list each paragraph style is numbered by
    (heading styles often carry the numbering: "标题 1" numbered 一、)."""

    numbering: Numbering
    style_lists: dict[str, tuple[str, int | None]]  # styleId → (numId, ilvl or None)

    def label(self, p: ET.Element) -> str:
        """The label Word draws before paragraph `p` ("" when it is not numbered)."""
        ppr = p.find(W + "pPr")
        num = ppr.find(W + "numPr") if ppr is not None else None
        style = _val(ppr, "pStyle") or ""
        num_id, level = _val(num, "numId"), _val(num, "ilvl")
        if num_id is None and style in self.style_lists:
            num_id, style_level = self.style_lists[style]
            level = level if style_level is None else str(style_level)
        if not num_id or num_id == "0":  # numId 0 removes a style's numbering
            return ""
        if level is None:
            level = str(self.numbering.style_levels.get(style, 0))
        return self.numbering.label(num_id, int(level) if level.isdigit() else 0)


def _style_lists(styles: ET.Element | None) -> dict[str, tuple[str, int | None]]:
    """styleId → (numId, ilvl) of every paragraph style numbered directly or by the style it is
    based on."""
    if styles is None:
        return {}
    own: dict[str, tuple[str, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.findall(W + "style"):
        style_id = style.get(W + "styleId") or ""
        parent = _val(style, "basedOn")
        if parent:
            based_on[style_id] = parent
        num = style.find(f"{W}pPr/{W}numPr")
        num_id = _val(num, "numId")
        if num_id is not None:
            level = _val(num, "ilvl")
            own[style_id] = (num_id, int(level) if level and level.isdigit() else None)
    resolved: dict[str, tuple[str, int | None]] = {}
    for style_id in {*own, *based_on}:
        seen = {style_id}
        current: str | None = style_id
        while current is not None and current not in own:
            current = based_on.get(current)
            if current in seen:
                current = None
            elif current is not None:
                seen.add(current)
        if current is not None:
            resolved[style_id] = own[current]
    return resolved


def _paragraph(p: ET.Element, lists: _Lists) -> str:
    text = _run_text(p)
    if text.strip() and p.find(W + "pPr") is not None:
        text = lists.label(p) + text
    return text


def _paragraph_lines(p: ET.Element, lists: _Lists) -> list[str]:
    """The lines of the text boxes anchored in paragraph `p`, then its own text."""
    if p.find(f".//{TEXT_BOX}") is None:
        return [_paragraph(p, lists)]
    boxes = [line for box in _text_boxes(p) for line in _blocks(box, lists)]
    return [*boxes, _paragraph(p, lists)]


def _cell_text(cell: ET.Element, lists: _Lists) -> str:
    paragraphs = _blocks(cell, lists)
    return " ".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _table(table: ET.Element, lists: _Lists) -> list[str]:
    rows = []
    for row in table.findall(W + "tr"):
        cells = [_cell_text(cell, lists) for cell in row.findall(W + "tc")]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _blocks(parent: ET.Element, lists: _Lists) -> list[str]:
    lines: list[str] = []
    for child in parent:
        if child.tag == W + "p":
            lines.extend(_paragraph_lines(child, lists))
        elif child.tag == W + "tbl":
            lines.extend(_table(child, lists))
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            lines.extend(_blocks(child, lists))
    return lines


def docx_text(body: bytes) -> str:
    """Text of a DOCX body; raises NotADocxError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        document = _part(archive, "word/document.xml")
        lists = _Lists(
            Numbering.from_xml(_part(archive, "word/numbering.xml")),
            _style_lists(_part(archive, "word/styles.xml")),
        )
    except (zipfile.BadZipFile, ET.ParseError, OSError) as exc:
        raise NotADocxError(f"unreadable DOCX: {exc}") from exc
    if document is None or (body_el := document.find(W + "body")) is None:
        raise NotADocxError("no word/document.xml body")
    lines = [line.rstrip() for line in _blocks(body_el, lists)]
    return "\n".join(line for line in lines if line.strip())
