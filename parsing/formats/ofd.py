"""OFD (GB/T 33190, China's fixed-layout format): a ZIP of XML parts. OFD.xml names the
document root; its Pages list each page's Content.xml, whose TextObjects hold TextCode runs
placed at coordinates. Runs are grouped into lines by baseline and ordered left to right, pages
in the order the document lists them."""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree as ET

MAX_PART = 64 * 1024 * 1024
# Runs whose baselines differ by less than this (mm) are on one line.
SAME_LINE_MM = 1.5


class NotAnOfdError(ValueError):
    """Bytes that are not a readable OFD."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node.iter() if _local(child.tag) == name]


def _read(archive: zipfile.ZipFile, name: str) -> ET.Element:
    name = name.lstrip("/")
    names = {n.lower(): n for n in archive.namelist()}
    real = names.get(name.lower())
    if real is None:
        raise NotAnOfdError(f"missing part {name}")
    if archive.getinfo(real).file_size > MAX_PART:
        raise NotAnOfdError(f"part {name} too large")
    return ET.fromstring(archive.read(real))


def _floats(value: str | None, count: int) -> list[float]:
    parts = (value or "").replace(",", " ").split()
    numbers = [float(p) for p in parts[:count]]
    return numbers + [0.0] * (count - len(numbers))


def _page_lines(content: ET.Element) -> list[str]:
    runs: list[tuple[float, float, str]] = []
    for obj in _children(content, "TextObject"):
        bx, by = _floats(obj.get("Boundary"), 2)
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if text.strip():
                runs.append((by + float(code.get("Y") or 0), bx + float(code.get("X") or 0), text))
    lines: list[list[tuple[float, float, str]]] = []
    for run in sorted(runs):
        if lines and abs(run[0] - lines[-1][0][0]) < SAME_LINE_MM:
            lines[-1].append(run)
        else:
            lines.append([run])
    return ["".join(r[2] for r in sorted(line, key=lambda r: r[1])) for line in lines]


def ofd_text(body: bytes) -> str:
    """Text of an OFD file, line by line and page by page; raises NotAnOfdError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        root = _read(archive, "OFD.xml")
        doc_roots = [n.text.strip() for n in _children(root, "DocRoot") if n.text]
        if not doc_roots:
            raise NotAnOfdError("OFD.xml names no DocRoot")
        lines: list[str] = []
        for doc_root in doc_roots:
            document = _read(archive, doc_root)
            base = posixpath.dirname(doc_root.lstrip("/"))
            for page in _children(document, "Page"):
                loc = page.get("BaseLoc") or ""
                path = loc if loc.startswith("/") else posixpath.join(base, loc)
                lines.extend(_page_lines(_read(archive, path)))
    except (zipfile.BadZipFile, ET.ParseError, OSError, ValueError) as exc:
        if isinstance(exc, NotAnOfdError):
            raise
        raise NotAnOfdError(f"unreadable OFD: {exc}") from exc
    return "\n".join(line.strip() for line in lines if line.strip())
