"""Where portals state a document's metadata: the vocabulary of data/page_fields.yaml, and
the reading of "label: value" pairs.

One place for every reader of it: the page reader (labels, meta tags, inlined JSON of an HTML
page), the metadata reader (pairs in the header of a plan's text) and the scrapers' metadata
tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

FIELDS_FILE = Path(__file__).parent / "data" / "page_fields.yaml"
# Labels shorter than this (时间, 文号, 标题) start a pair only at the start of a line or after a
# blank, a table bar or a bracket; longer ones also where the cells of a printed table ran
# together ("…妇女儿童发文机关:海南省卫生健康委员会成文日期:2025年05月15日").
GLUED_LABEL_MIN = 3
# Short labels that no word of a value ends with, read glued as well: a cell "文号:" run into the
# issuer's cell by a print without cell breaks ("…卫生健康委员会文号:兴卫发〔2024〕3号").
GLUED_SHORT = frozenset({"文号"})
# What a label may carry as printed: spaced-out letters (文　　号), brackets, its colon.
LABEL_NOISE = re.compile(r"[\s\u3000:：\[\]【】]+")


@cache
def vocabulary() -> dict[str, dict[str, list[str]]]:
    """Section (labels, meta, json) → field → the words that name it."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(FIELDS_FILE.read_text("utf-8"))
    return data


@cache
def label_fields() -> dict[str, str]:
    """Label as a portal prints it (spaces and colons removed) → the field it names."""
    return {label: field for field, labels in vocabulary()["labels"].items() for label in labels}


def _alternatives(words: Iterable[str]) -> str:
    """Labels as a pattern, their letters possibly spaced out."""
    return "|".join(r"\s*".join(map(re.escape, word)) for word in words)


@cache
def _label_pattern() -> re.Pattern[str]:
    """ "label:" where a pair starts (group 1 or 2), or a line that is only a label (group 3)."""
    labels = sorted(label_fields(), key=len, reverse=True)
    glued = _alternatives(w for w in labels if len(w) >= GLUED_LABEL_MIN or w in GLUED_SHORT)
    short = _alternatives(w for w in labels if len(w) < GLUED_LABEL_MIN and w not in GLUED_SHORT)
    return re.compile(
        rf"[\[【]?(?:({glued})|(?:^|(?<=[\s|\[\]【】]))({short}))\s*[\]】]?\s*[:：]"
        rf"|^[\[【]?({glued}|{short})[\]】]?$"
    )


def label_pairs(line: str) -> list[tuple[str, str]]:
    """(field, value) of every labelled pair on a line, in order; a value runs to the next label
    and is empty for a line that is only a label."""
    matches = list(_label_pattern().finditer(line))
    ends = [m.start() for m in matches[1:]] + [len(line)]
    fields = label_fields()
    return [
        (
            fields[LABEL_NOISE.sub("", m.group(1) or m.group(2) or m.group(3))],
            line[m.end() : end].strip(),
        )
        for m, end in zip(matches, ends, strict=False)
    ]
