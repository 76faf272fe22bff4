"""Spreadsheets (XLSX via openpyxl, XLS via xlrd): task tables read as one row per line, cells
separated by tabs, each sheet introduced by its name. Empty rows and trailing empty cells go."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

MAX_ROWS = 200_000


class NotASpreadsheetError(ValueError):
    """Bytes that are not a readable workbook."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def _rows(rows: Iterable[Iterable[Any]]) -> list[str]:
    lines = []
    for n, row in enumerate(rows):
        if n >= MAX_ROWS:
            break
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def xlsx_text(body: bytes) -> str:
    """Text of an XLSX workbook; raises NotASpreadsheetError."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (KeyError, zipfile errors) on bad files
        raise NotASpreadsheetError(f"unreadable XLSX: {type(exc).__name__}: {exc}") from exc
    try:
        parts = []
        for sheet in book.worksheets:
            rows = _rows(sheet.iter_rows(values_only=True))
            if rows:
                parts.append("\n".join([sheet.title, *rows]))
        return "\n".join(parts)
    finally:
        book.close()


def xls_text(body: bytes) -> str:
    """Text of an Excel 97-2003 workbook; raises NotASpreadsheetError."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=body, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct and assertion errors on bad files
        raise NotASpreadsheetError(f"unreadable XLS: {type(exc).__name__}: {exc}") from exc
    parts = []
    for sheet in book.sheets():
        rows = _rows(sheet.row_values(i) for i in range(sheet.nrows))
        if rows:
            parts.append("\n".join([sheet.name, *rows]))
    return "\n".join(parts)
