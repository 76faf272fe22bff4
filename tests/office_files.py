"""Office files the tests build: DOCX through python-docx, and a minimal Word 97 binary (.doc)
written here (a Compound File holding a WordDocument stream, FIB + UTF-16 text, and a 1Table
stream with a one-piece Clx, as MS-DOC lays them out)."""

from __future__ import annotations

import io
import struct


def docx_document(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A .docx of `paragraphs`, then `table` (rows of cells) when given."""
    import docx

    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SECTOR = 512
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_AT = 1024
MIN_STREAM = 4096  # below this a stream would go to the mini stream; pad instead


def _word_streams(text: str) -> tuple[bytes, bytes]:
    encoded = text.encode("utf-16-le")
    csw, cslw, cb_fc_lcb = 14, 22, 93
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0xC1)
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: the 1Table stream
    struct.pack_into("<H", fib, 32, csw)
    lw_at = 32 + 2 + csw * 2
    struct.pack_into("<H", fib, lw_at, cslw)
    struct.pack_into("<i", fib, lw_at + 2 + 12, len(text))  # ccpText
    fc_lcb_at = lw_at + 2 + cslw * 4
    struct.pack_into("<H", fib, fc_lcb_at, cb_fc_lcb)
    plc = struct.pack("<ii", 0, len(text)) + struct.pack("<HIH", 0, TEXT_AT, 0)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", fib, fc_lcb_at + 2 + 33 * 8, 0, len(clx))  # fcClx, lcbClx
    word = bytes(fib) + encoded
    return word.ljust(MIN_STREAM, b"\x00"), clx.ljust(MIN_STREAM, b"\x00")


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        raw.ljust(64, b"\x00")
        + struct.pack("<HBB", len(raw), kind, 1)
        + struct.pack("<III", left, right, child)
        + b"\x00" * 16
        + b"\x00" * 4
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


def word97_document(text: str) -> bytes:
    """A .doc holding `text` (paragraphs end with \\r, table cells with \\x07)."""
    word, table = _word_streams(text)
    n_word, n_table = len(word) // SECTOR, len(table) // SECTOR
    fat = [FATSECT, END]
    first_word = len(fat)
    fat += [first_word + i + 1 for i in range(n_word - 1)] + [END]
    first_table = len(fat)
    fat += [first_table + i + 1 for i in range(n_table - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    directory = (
        _entry("Root Entry", 5, NOSTREAM, NOSTREAM, 1, END, 0)
        + _entry("WordDocument", 2, 2, NOSTREAM, NOSTREAM, first_word, len(word))
        + _entry("1Table", 2, NOSTREAM, NOSTREAM, NOSTREAM, first_table, len(table))
        + _entry("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0)
    )
    header = bytearray(SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, END, 0, END)
    struct.pack_into("<I", header, 72, 0)
    header[76:512] = struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat)
    return bytes(header) + fat_sector + directory + word + table
