"""The document as one whitespace-free string, with the clause path of every offset.

Target and agency extraction each scan this string once instead of once per clause, which keeps a
whole parse fast; a separator between pieces keeps sentences from running across clauses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from healthplans.parsing.model import Clause

# PDF extraction splits words and numbers ("达 2.9 人"); quotes and notes are stored without it.
WHITESPACE_RE = re.compile(r"\s+")
# Separates pieces in the joined text; a control character never occurs in plan text and,
# unlike a newline (or \x1e, which \s matches), survives whitespace removal.
PIECE_SEPARATOR = "\x01"


@dataclass(frozen=True)
class ClauseText:
    """Pieces (preamble, then each clause's heading and body), compacted and joined."""

    text: str
    starts: tuple[int, ...]  # offset of each piece in `text`
    paths: tuple[str | None, ...]  # clause path of each piece; None for the preamble

    def path_at(self, offset: int) -> str | None:
        """Path of the clause holding `offset`."""
        index = bisect_right(self.starts, offset) - 1
        return self.paths[index] if index >= 0 else None


# The last document's ClauseText. Both extractors ask for it with the same objects, so a match by
# identity is enough; an lru_cache would hash every clause on each call (a tuple of dataclasses
# has no cached hash), which costs as much as building the text.
_last: tuple[tuple[Clause, ...], str, ClauseText] | None = None


def clause_text(clauses: tuple[Clause, ...], text: str) -> ClauseText:
    """The ClauseText of a document (kept for the last document: both extractors use it)."""
    global _last
    last = _last
    if last is not None and last[0] is clauses and last[1] is text:
        return last[2]
    built = _build(clauses, text)
    _last = (clauses, text, built)
    return built


def _build(clauses: tuple[Clause, ...], text: str) -> ClauseText:
    """Join the preamble and every clause's heading and body, without whitespace."""
    pieces: list[tuple[str | None, str]] = [(None, preamble(clauses, text))]
    for clause in clauses:
        pieces.append((clause.path, clause.heading))
        pieces.append((clause.path, clause.body))
    if "\t" in text:
        pieces = [(path, _end_cells(piece)) for path, piece in pieces]
    if PIECE_SEPARATOR in text:
        # Binary junk must not add pieces.
        pieces = [(path, piece.replace(PIECE_SEPARATOR, "")) for path, piece in pieces]
    # One whitespace pass over the joined pieces is much cheaper than one per piece, and
    # str.split() (the same Unicode whitespace as \s) is five times faster than a regex sub.
    joined = "".join(PIECE_SEPARATOR.join(piece for _, piece in pieces).split())
    starts = [0]
    position = joined.find(PIECE_SEPARATOR)
    while position >= 0:
        starts.append(position + 1)
        position = joined.find(PIECE_SEPARATOR, position + 1)
    return ClauseText(joined, tuple(starts), tuple(path for path, _ in pieces))


# A table row of the normalized text: its cells are apart by tabs (normalize.table_row).
_ROW_RE = re.compile(r"[^\n]*\t[^\n]*")
# What ends each cell of a table row in the joined text.
CELL_END = "。"


def _end_cells(piece: str) -> str:
    """Each cell of a table row ends a sentence: with whitespace removed, a row's cells and the
    next row would otherwise read as one sentence ("2024年10月" + "3" + "完成3家…")."""
    if "\t" not in piece:
        return piece
    return _ROW_RE.sub(lambda row: row.group().replace("\t", CELL_END) + CELL_END, piece)


def compact_line(line: str) -> str:
    """A line of the normalized text as the joined text holds it."""
    return "".join(_end_cells(line).split())


def preamble(clauses: tuple[Clause, ...], text: str) -> str:
    """Text before the first numbered heading; the whole text when there is no outline."""
    if not clauses:
        return text
    first = clauses[0]
    for needle in (first.label + first.heading, first.heading):
        if needle:
            pos = text.find(needle)
            if pos >= 0:
                return text[:pos]
    return ""
