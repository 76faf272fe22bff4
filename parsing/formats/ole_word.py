"""Word 97-2003 binary documents (.doc, and .wps files WPS Office saves in the same format).

The text lives in the WordDocument stream in pieces listed by the piece table (the Clx in the
0Table/1Table stream, MS-DOC 2.9.38): each piece is either 8-bit (compressed, cp1252) or UTF-16.
Only the main document's characters are read (ccpText); field instructions are dropped and
field results kept; cell and row marks become tabs and line ends so tables read as rows.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

WORD_IDENT = 0xA5EC
MAX_TEXT_CHARS = 20_000_000
# A field: \x13 instruction [\x14 result] \x15 — keep the result only (may nest).
FIELD = re.compile(r"\x13[^\x13\x14\x15]*(?:\x14([^\x13\x14\x15]*))?\x15")
CONTROL = re.compile(r"[\x00-\x06\x08\x0e-\x12\x16-\x1f]")


class NotAWordDocumentError(ValueError):
    """Bytes that are not a readable Word 97-2003 document."""


def _fib(stream: bytes) -> tuple[bool, int, int, int]:
    """(uses 1Table, ccpText, fcClx, lcbClx) from the File Information Block."""
    if len(stream) < 34 or struct.unpack_from("<H", stream, 0)[0] != WORD_IDENT:
        raise NotAWordDocumentError("no Word FIB (wIdent != 0xA5EC)")
    flags = struct.unpack_from("<H", stream, 0x0A)[0]
    if flags & 0x0100:
        raise NotAWordDocumentError("the document is encrypted")
    csw = struct.unpack_from("<H", stream, 32)[0]
    lw_at = 32 + 2 + csw * 2
    cslw = struct.unpack_from("<H", stream, lw_at)[0]
    ccp_text = struct.unpack_from("<i", stream, lw_at + 2 + 3 * 4)[0]
    fc_lcb_at = lw_at + 2 + cslw * 4 + 2
    fc_clx, lcb_clx = struct.unpack_from("<II", stream, fc_lcb_at + 33 * 8)
    return bool(flags & 0x0200), ccp_text, fc_clx, lcb_clx


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """(cp start, cp end, byte offset, compressed) of each piece of text."""
    clx = table[fc_clx : fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        (size,) = struct.unpack_from("<H", clx, at + 1)
        at += 3 + size
    if at >= len(clx) or clx[at] != 0x02:
        raise NotAWordDocumentError("no piece table in the Clx")
    (size,) = struct.unpack_from("<I", clx, at + 1)
    plc = clx[at + 5 : at + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for i in range(count):
        (fc,) = struct.unpack_from("<I", plc, (count + 1) * 4 + i * 8 + 2)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc
        pieces.append((cps[i], cps[i + 1], offset, compressed))
    return pieces


def _clean(raw: str) -> str:
    text = raw
    while FIELD.search(text):
        text = FIELD.sub(lambda m: m.group(1) or "", text)
    text = text.replace("\x07\r", "\x07").replace("\x07\x07", "\n").replace("\x07", "\t")
    text = text.replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = text.replace("\x1e", "-").replace("\xa0", " ")
    text = CONTROL.sub("", text)
    lines = (line.rstrip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def doc_text(body: bytes) -> str:
    """Main-document text of a Word 97-2003 (or WPS) file; raises NotAWordDocumentError."""
    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            word = ole.openstream("WordDocument").read()
            one_table, ccp_text, fc_clx, lcb_clx = _fib(word)
            name = "1Table" if one_table else "0Table"
            if not ole.exists(name):
                raise NotAWordDocumentError(f"no {name} stream")
            table = ole.openstream(name).read()
    except (OSError, struct.error) as exc:
        raise NotAWordDocumentError(f"unreadable OLE file: {exc}") from exc
    if not 0 <= ccp_text <= MAX_TEXT_CHARS:
        raise NotAWordDocumentError(f"implausible text length {ccp_text}")
    try:
        pieces = _pieces(table, fc_clx, lcb_clx)
    except struct.error as exc:
        raise NotAWordDocumentError(f"damaged piece table: {exc}") from exc
    parts = []
    for start, end, offset, compressed in pieces:
        if start >= ccp_text:
            break
        n = min(end, ccp_text) - start
        if compressed:
            parts.append(word[offset : offset + n].decode("cp1252", errors="replace"))
        else:
            parts.append(word[offset : offset + 2 * n].decode("utf-16-le", errors="replace"))
    return _clean("".join(parts))
