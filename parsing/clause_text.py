"""The document as one whitespace-free string, with the clause path of every offset.

Target and agency extraction each scan this string once instead of once per clause, which keeps a
whole parse fast; a separator between pieces keeps sentences from running across clauses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from parsing.model import Clause

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


@lru_cache(maxsize=8)
def clause_text(clauses: tuple[Clause, ...], text: str) -> ClauseText:
    """Build the ClauseText of a document (cached: both extractors ask for the same one)."""
    pieces: list[tuple[str | None, str]] = [(None, preamble(clauses, text))]
    for clause in clauses:
        pieces.append((clause.path, clause.heading))
        pieces.append((clause.path, clause.body))
    if PIECE_SEPARATOR in text:
        # Binary junk must not add pieces.
        pieces = [(path, piece.replace(PIECE_SEPARATOR, "")) for path, piece in pieces]
    # One whitespace pass over the joined pieces is much cheaper than one per piece.
    joined = WHITESPACE_RE.sub("", PIECE_SEPARATOR.join(piece for _, piece in pieces))
    starts = [0]
    position = joined.find(PIECE_SEPARATOR)
    while position >= 0:
        starts.append(position + 1)
        position = joined.find(PIECE_SEPARATOR, position + 1)
    return ClauseText(joined, tuple(starts), tuple(path for path, _ in pieces))


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
