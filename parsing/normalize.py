"""Normalization of extracted plan text into clean simplified Chinese, one paragraph per line.

Order matters: hard-wrapped (PDF) lines are joined first, while every full line still has the
length of the measure; mojibake repair needs the original code points (NFKC and
Traditional-to-Simplified conversion would destroy the byte structure it recovers), pinyin
annotations must go before the conversion (the converter leaves them, but they break words apart),
and the other layout fixes come last because they rely on unified punctuation.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import opencc

from healthplans.parsing import mojibake
from healthplans.parsing.model import NormalizedText
from healthplans.parsing.note_labels import LABEL_FIRST_CHARS, LINE_LABEL_RE
from healthplans.parsing.page_furniture import remove_furniture
from healthplans.parsing.signatures import UNIT_NAME_END_CHARS, is_date_line

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTER = f"[a-zü{_TONES}]"
# Pinyin reading in parentheses after a character: "經(jīng)", "（wèi）". At least one tone mark is
# required so that "(a)", "(DIP)" and "(助理)" survive. A PDF line may wrap before the "(" or
# inside the reading ("醫\n(yī)", "調(dià\nn)"); the annotation and that line break go together,
# since a reading always sits inside its paragraph, right after the character it annotates.
# Written to start with a character class ("\n" or the parenthesis), which lets the engine skip
# to candidates at C speed; a leading optional "\n" made the pass four times slower.
PINYIN = re.compile(
    rf"[\n(（](?:(?<=\n)[(（]|(?<=[(（]))(?=[a-zü \t\n]*[{_TONES}])"
    rf"{_PINYIN_LETTER}*(?:[ \t]*\n[ \t]*{_PINYIN_LETTER}*)?[)）]"
)

# Frequent characters that exist only in Traditional script; their presence decides whether the
# OpenCC pass (about 1 ms per 25 KB) is worth running at all. Sample: "醫療衛生".
_TRADITIONAL_MARKERS = re.compile(
    "[醫衛療體發關經會與這為對實現開進過還應當從後產業將機區縣門問題務術質權議"
    "構導規劃設計資聯診護藥預險調運營論級專屬據]"
)
# Below this many marker characters the text is simplified with a few quoted traditional names.
_TRADITIONAL_MIN = 20
# Characters OpenCC t2s leaves unconverted although they are Traditional in this genre ("安甯療護").
# Applied with str.replace: a translate() table costs a dict lookup per character of the text.
_T2S_FIXUPS = (("甯", "宁"),)

# Full-width ASCII variants and the ideographic space become ASCII, as in the gold. Unlike NFKC
# this keeps circled numbers (①), ellipses and Roman numerals, which label clauses.
_FULLWIDTH: dict[int, int | str | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Numbers set in one character, as Word's numbering prints them: "⑴" → "(1)", "⒈" → "1.".
_FULLWIDTH.update({0x2474 + n: f"({n + 1})" for n in range(20)})
_FULLWIDTH.update({0x2488 + n: f"{n + 1}." for n in range(20)})
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0xFEFF: None})
# Zero-width characters (web pages put them after headings: "总体原则\u200b") carry nothing.
_FULLWIDTH.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060), None))
# Brackets of 文号 and curly quotes are kept on purpose; only the full-width forms above change.
_PUNCT_TABLE = str.maketrans(_FULLWIDTH)
# A run of them. Written "[...][...]*" rather than "[...]+": a pattern that starts with a class
# lets the engine skip to candidates at C speed, a repeat does not (the search is 2.5x faster).
_FULLWIDTH_CLASS = "[\uff01-\uff5e\u3000\u00a0\u2002\u2003\ufeff\u200b-\u200d\u2060\u2474-\u249b]"
_FULLWIDTH_CHAR = re.compile(f"{_FULLWIDTH_CLASS}{_FULLWIDTH_CLASS}*")

# A list marker added by text extraction at the start of a line: "- 1.加强…", "• 時間:".
LIST_MARKER = re.compile(r"^[ \t]*[-•·▪●][ \t]+", re.MULTILINE)
# What a line's first character after blanks must be for the pattern above to match it.
_MARKER_START = frozenset("-•·▪●")

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3001-\u3011\u2014\u2018-\u201d〔〕《》"
# Blanks that PDF extraction puts between characters: "医疗卫生 服务", "到 2025年", "达 2.9 人".
# Runs of blanks are found first and their neighbours checked in Python: a look-behind tried at
# every position of the text is five times slower.
_BLANKS = re.compile(r"[ \t]+")
_TIGHT = re.compile(rf"[{_CJK}{_CJK_PUNCT}]")  # a blank next to these goes...
_TIGHT_OTHER = re.compile(
    rf"[{_CJK}{_CJK_PUNCT}\d(),:;%]"
)  # ...when the other side is one of these

# Ends a paragraph: sentence punctuation or a closing quote.
_TERMINAL = frozenset("。;:!?”」』…")
# A line that starts with a clause label; it is never glued to the line above.
LABEL_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|\([一二三四五六七八九十百]+\)|\d{1,3}[.、]|\(\d{1,3}\)|[①-⑳]"
    r"|第[一二三四五六七八九十百]+[篇章节条部分])"
)
# A trailing parenthesis that closes an annotation such as "(牵头单位:…)" ends a paragraph; a
# short one such as "(助理)" may be cut by a page break.
_ANNOTATION_TAIL = re.compile(r"\([^()]*(?:[:;]|负责|牵头|参与|配合)[^()]*\)$")
_BODY_PUNCT = re.compile(r"[,。;]")
# A line that starts with a note's label (note_labels: "牵头单位:市卫生健康委") is a note of its
# own, ended once a unit's name is complete ("…市财政局" over the next task's "全面提升…"; "市财"
# over "政局" is one name cut by a line break).
_UNIT_NAME_END = frozenset(UNIT_NAME_END_CHARS)
# Lines shorter than this are titles, signatures or headings; PDF page breaks cut long lines only.
_MIN_BROKEN_LINE = 20

# Hard-wrapped text (PDF extraction) shows its measure: CJK type is fixed-pitch, so every full line
# has the same number of characters. Text counts as wrapped when at least this many lines, and this
# share of the lines of at least _MIN_MEASURE characters, have one length.
_WRAP_MIN_LINES = 5
_WRAP_MIN_SHARE = 0.3
_MIN_MEASURE = 10
# First-line indentation (两字缩进, GB/T 9704): when paragraph starts are indented, a line that
# is not is the rest of the paragraph above it.
_INDENT = frozenset(" \t\u3000\u00a0")
_PARAGRAPH_INDENT = "\u3000\u3000"
# Share of the lines after a short line (paragraph starts) that must be indented for it to count.
_INDENTED_SHARE = 0.8


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def remove_pinyin(text: str) -> tuple[str, int]:
    return PINYIN.subn("", text)


def _marker_count(text: str, limit: int) -> int:
    """Traditional marker characters in `text`, counted up to `limit` (the scan stops there)."""
    return sum(1 for _ in itertools.islice(_TRADITIONAL_MARKERS.finditer(text), limit))


def detect_script(text: str) -> str:
    """'traditional' when Traditional-only characters are frequent, else 'simplified'."""
    traditional = _marker_count(text, _TRADITIONAL_MIN) >= _TRADITIONAL_MIN
    return "traditional" if traditional else "simplified"


def to_simplified(text: str) -> str:
    # Skipping OpenCC for text without a single marker saves about 1 ms per 25 KB.
    if not _TRADITIONAL_MARKERS.search(text):
        return text
    return _convert_to_simplified(text)


def _convert_to_simplified(text: str) -> str:
    text = _t2s().convert(text)
    for traditional, simplified in _T2S_FIXUPS:
        text = text.replace(traditional, simplified)
    return text


# Look-alikes of ideographs that some PDF fonts and converters emit: Kangxi radicals (⼀ for 一),
# supplement radicals (⻔ for 门) and compatibility ideographs. The text looks right but matches
# nothing; each maps to one standard ideograph, so offsets do not move.
RADICAL_FORMS = Path(__file__).parent / "data" / "radical_forms.tsv"
_LOOKALIKE_CLASS = "[\u2e80-\u2fd5\uf900-\ufaff]"
_LOOKALIKE = re.compile(f"{_LOOKALIKE_CLASS}{_LOOKALIKE_CLASS}*")


@lru_cache(maxsize=1)
def lookalike_table() -> dict[int, str]:
    """Look-alike code point → the standard ideograph: NFKC for Kangxi radicals and
    compatibility ideographs, data/radical_forms.tsv for the supplement radicals NFKC keeps."""
    table: dict[int, str] = {}
    for cp in itertools.chain(range(0x2F00, 0x2FD6), range(0xF900, 0xFB00)):
        standard = unicodedata.normalize("NFKC", chr(cp))
        if len(standard) == 1 and standard != chr(cp):
            table[cp] = standard
    for line in RADICAL_FORMS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")
            table[ord(radical)] = ideograph
    return table


def standard_ideographs(text: str) -> str:
    """Look-alike ideographs replaced by the standard ones (a 1:1 mapping)."""
    if not _LOOKALIKE.search(text):
        return text
    table = lookalike_table()
    return _LOOKALIKE.sub(lambda m: m.group().translate(table), text)


def unify_punctuation(text: str) -> str:
    # Most extracted text has few or no full-width forms; translating only where the pattern
    # finds some avoids a per-character table lookup over the whole text.
    if not _FULLWIDTH_CHAR.search(text):
        return text
    return _FULLWIDTH_CHAR.sub(lambda m: m.group().translate(_PUNCT_TABLE), text)


def _ends_paragraph(line: str) -> bool:
    last = line[-1]
    if last in _TERMINAL:
        return True
    if last == ")":
        return bool(_ANNOTATION_TAIL.search(line))
    return False


def _is_complete_note(line: str) -> bool:
    """A note's line whose last unit's name is complete ("牵头单位:…市财政局")."""
    return (
        line[-1] in _UNIT_NAME_END
        and line[:1] in LABEL_FIRST_CHARS
        and LINE_LABEL_RE.match(line) is not None
    )


def _continues(prev: str, line: str) -> bool:
    """Whether `line` is the rest of `prev`, cut by a PDF line or page break."""
    if len(prev) < _MIN_BROKEN_LINE or _ends_paragraph(prev):
        return False
    # Titles, 文号 and addressee lines carry no sentence commas; body paragraphs do.
    if not _BODY_PUNCT.search(prev):
        return False
    if LABEL_START.match(line) or is_date_line(line):
        return False
    if line[:1] in LABEL_FIRST_CHARS and LINE_LABEL_RE.match(line):
        return False
    if _is_complete_note(prev):
        return line.startswith(("、", ",", "等", "及"))
    # A heading line without a full stop is complete as it stands.
    return not (LABEL_START.match(prev) and "。" not in prev)


def _blank(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and after:
        tight_before, tight_after = _TIGHT.match(before), _TIGHT.match(after)
        if (tight_before and _TIGHT_OTHER.match(after)) or (
            tight_after and _TIGHT_OTHER.match(before)
        ):
            return ""
    return " " if end - start > 1 else match.group()


def remove_stray_blanks(text: str) -> str:
    """Drop blanks between CJK characters (or CJK and digits); squeeze other runs to one."""
    return _BLANKS.sub(_blank, text)


def _glue(prev: str, line: str) -> str:
    if prev[-1].isascii() and prev[-1].isalnum() and line[0].isascii() and line[0].isalnum():
        return f"{prev} {line}"
    return prev + line


def _measure(lines: list[str]) -> int | None:
    """The length of a full line when `lines` are hard-wrapped, else None."""
    # Counting every length at C speed and dropping the short ones after is three times faster
    # than filtering line by line in Python.
    lengths = Counter(map(len, lines))
    long_lines = 0
    measure, full = 0, 0
    for length, count in lengths.items():
        if length >= _MIN_MEASURE:
            long_lines += count
            if count > full:
                measure, full = length, count
    if full < _WRAP_MIN_LINES or full < _WRAP_MIN_SHARE * long_lines:
        return None
    return measure


def _indented(lines: list[str], measure: int) -> bool:
    """Whether paragraphs start indented: lines after a line short of the measure mostly are."""
    starts = [line for prev, line in itertools.pairwise(lines) if len(prev) < measure]
    indented = sum(1 for line in starts if line[0] in _INDENT)
    return indented >= _WRAP_MIN_LINES and indented >= _INDENTED_SHARE * len(starts)


def _wrapped(line: str, following: str, indented: bool) -> bool:
    """Whether `following` is the rest of the full line `line`, cut by the measure."""
    if following[0] in _INDENT:
        return False
    if indented:
        return True
    # Without indentation a full line may also end a paragraph; read the punctuation instead.
    head, tail = unify_punctuation(line.rstrip()), unify_punctuation(following)
    return bool(head) and not (_ends_paragraph(head) or LABEL_START.match(tail))


def unwrap(text: str) -> tuple[str, bool]:
    """Join the lines of hard-wrapped text (a PDF's) back into paragraphs.

    This runs on the text as extracted, before pinyin removal and mojibake repair shorten lines:
    only then does a full line still show the measure. Lines are joined as they are: CJK
    typesetting breaks anywhere, inside a word, a number or a pinyin reading. Blank lines and
    page footers go first, so that a paragraph is joined across a page break. The flag tells
    whether first-line indentation marked the paragraph starts, so that each line is now one
    paragraph and needs no guessing from punctuation.
    """
    lines = text.split("\n")
    measure = _measure(lines)
    if measure is None:
        return text, False
    lines = [line for line in lines if line.strip()]
    indented = _indented(lines, measure)
    # Without indentation characters a paragraph's first line is still set two characters in,
    # so it is full two characters short of the measure.
    full = measure if indented else measure - len(_PARAGRAPH_INDENT)
    out = [lines[0]]
    joins = 0
    for prev, line in itertools.pairwise(lines):
        # `prev` is the line as printed: the measure is a property of lines, not paragraphs.
        if len(prev) >= full and _wrapped(prev, line, indented):
            out[-1] += line
            joins += 1
        else:
            out.append(line)
    return "\n".join(out), indented and joins >= _WRAP_MIN_LINES


def table_row(line: str) -> str | None:
    """`line` as a row of cells joined by one tab each, when it holds two cells or more."""
    cells = [remove_stray_blanks(cell.strip(" \u3000")) for cell in line.split("\t")]
    cells = [cell for cell in cells if cell]
    return "\t".join(cells) if len(cells) > 1 else None


def fix_layout(text: str, rejoin: bool = True) -> str:
    """Drop list markers, remove stray blanks, rejoin broken paragraphs.

    With rejoin False the lines are known to be paragraphs already (see unwrap).
    """
    out: list[str] = []
    for raw in text.split("\n"):
        if raw.lstrip(" \t")[:1] in _MARKER_START:
            # The pattern matches within one line from its start, so testing the few lines that
            # can match beats a whole-text pass (a multi-line "^" is tried at every position).
            raw = LIST_MARKER.sub("", raw, count=1)
        line = raw.strip()
        if not line:
            continue
        if "\t" in line and (row := table_row(line)):
            # A table row (the format readers put a tab between cells) stays one line of its
            # own, cells apart: its cells are neither one sentence nor a paragraph's lines.
            out.append(row)
            continue
        # Blanks are handled per stripped line: a run at either end of a line is stripped anyway,
        # and most runs are indentation, so this skips most calls of the Python callback.
        if " " in line or "\t" in line:
            line = remove_stray_blanks(line)
        if rejoin and out and "\t" not in out[-1] and _continues(out[-1], line):
            out[-1] = remove_stray_blanks(_glue(out[-1], line))
        else:
            out.append(line)
    return "\n".join(out)


# Every other line or page break becomes a newline: a form feed (pdftotext's page break), a
# vertical tab (Word's line break in some exports), Unicode line and paragraph separators.
_LINE_BREAKS = ("\r", "\x0c", "\x0b", "\x85", "\u2028", "\u2029")


def normalize(original: str) -> NormalizedText:
    """Clean `original` (see the module docstring for the order); keeps the original alongside."""
    text = original.replace("\r\n", "\n")
    for mark in _LINE_BREAKS:
        # A substring test per mark is far cheaper than str.translate over a CJK text.
        if mark in text:
            text = text.replace(mark, "\n")
    text = remove_furniture(text)
    text, paragraphs_known = unwrap(text)
    repaired = mojibake.repair(text)
    text = _unify_rebuilt(text, repaired.text) if repaired.repaired else repaired.text
    text, pinyin_removed = remove_pinyin(text)
    # One marker count serves both the script and whether OpenCC has anything to convert.
    markers = _marker_count(text, _TRADITIONAL_MIN)
    script = "traditional" if markers >= _TRADITIONAL_MIN else "simplified"
    printed = _convert_to_simplified(text) if markers else text
    text = unify_punctuation(standard_ideographs(printed))
    return NormalizedText(
        original=original,
        text=fix_layout(text, rejoin=not paragraphs_known),
        script=script,
        mojibake_repaired=repaired.repaired,
        mojibake_unrecovered=repaired.unrecovered,
        pinyin_removed=pinyin_removed,
        printed=printed,
    )


def _unify_rebuilt(damaged: str, repaired: str) -> str:
    """The repaired text with the lines mojibake repair rebuilt in unified punctuation: theirs
    was reconstructed, not printed, so the printed forms never take it."""
    return "\n".join(
        line if line == before else unify_punctuation(line)
        for before, line in zip(damaged.split("\n"), repaired.split("\n"), strict=True)
    )


# Full-width ASCII forms only: a 1:1 fold, so offsets in the folded text are offsets in the source.
_FOLD_CHAR = re.compile("[\uff01-\uff5e][\uff01-\uff5e]*")
_FOLD_TABLE = str.maketrans({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})


_MAX_SPREAD_FIELD = 200  # longest metadata value looked up across line breaks
_FIELD_REGION = 4000  # metadata sits in a document's head: look no further for it
_MAX_HEADING_TRIES = 8  # occurrences of a heading's words tried before its labelled one
_LABEL_GAP = 16  # blanks allowed between a label and its heading


class SourceForms:
    """Gives normalized strings back their punctuation as printed ("(一)" → "（一）",
    "意识,推进" → "意识，推进") where the source prints full-width forms, as the gold does.

    A string is looked up in the source with only the full-width forms folded; one the source
    does not hold verbatim stays as normalized; line breaks are ignored, so a heading cut over
    two lines is found. Lookups may pass a start offset (in the source without its line breaks)
    so repeated headings resolve in document order.
    """

    def __init__(self, original: str) -> None:
        # Without line breaks, a heading or title cut over two lines is found as well.
        original = original.replace("\n", "")
        self._original = original
        self._active = bool(_FOLD_CHAR.search(original) or _LOOKALIKE.search(original))
        self._folded = (
            standard_ideographs(
                _FOLD_CHAR.sub(lambda m: m.group().translate(_FOLD_TABLE), original)
            )
            if self._active
            else original
        )

    def find(self, text: str, start: int = 0) -> tuple[str, int]:
        """(`text` as printed, offset just past it), or (`text`, -1) when not found."""
        if not self._active or not text:
            return text, -1
        at = self._folded.find(text, start)
        if at < 0:
            return text, -1
        return standard_ideographs(self._original[at : at + len(text)]), at + len(text)

    def find_heading(self, label: str, heading: str, start: int = 0) -> tuple[str | None, str, int]:
        """(label as printed or None, heading as printed, offset just past it) of the first
        occurrence of `heading` after `start` that follows its label; the first occurrence
        when none does (the words of a heading often appear earlier in the body: "由医疗质量、
        运营效率…构成" before "(一)医疗质量"); offset -1 when the heading is not found."""
        first: tuple[str, int] | None = None
        at = start
        for _ in range(_MAX_HEADING_TRIES):
            printed, end = self.find(heading, at)
            if end < 0:
                break
            first = first or (printed, end)
            printed_label = self.label_before(label, end - len(heading))
            if printed_label is not None:
                return printed_label, printed, end
            at = end
        if first is None:
            return None, heading, -1
        return None, *first

    def label_before(self, label: str, at: int) -> str | None:
        """`label` as printed when it ends just before offset `at`, blanks between allowed."""
        if not self._active:
            return None
        window = max(0, at - len(label) - _LABEL_GAP)
        end = window + len(self._folded[window:at].rstrip())
        start = end - len(label)
        if start < 0:
            return None
        if self._folded[start:end] != label:
            return None
        return standard_ideographs(self._original[start:end])

    def restore(self, text: str | None) -> str | None:
        """`text` as printed; a short field (a title, an issuer) is also found across the line
        breaks and blanks the source puts inside it."""
        if not text:
            return text
        printed, at = self.find(text)
        if at >= 0 or not self._active or len(text) > _MAX_SPREAD_FIELD:
            return printed
        spread = re.compile(r"\s*".join(re.escape(ch) for ch in text))
        found = spread.search(self._folded, 0, _FIELD_REGION)
        if found is None:
            return text
        return re.sub(r"\s+", "", standard_ideographs(self._original[found.start() : found.end()]))
