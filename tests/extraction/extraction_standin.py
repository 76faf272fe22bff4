"""Minimal normalization and outline used only while the real ones are absent.

Tests prefer parsing.normalize / parsing.outline when they exist; this keeps the extraction tests
runnable on whole seed documents either way.
"""

from __future__ import annotations

import re

import opencc

from parsing.model import Clause

_T2S = opencc.OpenCC("t2s")
# Pinyin glosses inserted after characters by some sites: 經(jīng)
_PINYIN_RE = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
_LABEL_RE = re.compile(
    r"^[-•·\s]*(?P<label>[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|\d+[.．、]"
    r"|[((]\d+[))])"
)
_RUN_IN_END_RE = re.compile(r"[。]")


def normalize(raw: str) -> str:
    """Simplified text without pinyin glosses."""
    return _T2S.convert(_PINYIN_RE.sub("", raw))


def _kind(label: str) -> str:
    if label.endswith("、") and not label[0].isdigit():
        return "cn"
    if label[0] in "((":
        return "pcn" if not label[1].isdigit() else "pnum"
    return "num"


def _number(label: str) -> str:
    return re.sub(r"[、.．]", "", label).replace("(", "(").replace(")", ")")


def outline(text: str) -> tuple[Clause, ...]:
    """Clauses from numbered lines; depth by first appearance of each label kind."""
    order: list[str] = []
    stack: list[tuple[str, str]] = []  # (kind, number)
    raw: list[list] = []
    for line in text.splitlines():
        m = _LABEL_RE.match(line)
        if not m:
            if raw:
                raw[-1][3] += "\n" + line
            continue
        label = m.group("label")
        kind = _kind(label)
        if kind not in order:
            order.append(kind)
        depth = order.index(kind) + 1
        while stack and order.index(stack[-1][0]) + 1 >= depth:
            stack.pop()
        stack.append((kind, _number(label)))
        rest = line[m.end() :].strip()
        end = _RUN_IN_END_RE.search(rest)
        heading, body = (rest[: end.start()], rest[end.end() :]) if end else (rest, "")
        raw.append(["/".join(n for _, n in stack), label, heading, body, len(stack)])
    clauses = []
    for i, (path, label, heading, body, depth) in enumerate(raw):
        parent = path.rsplit("/", 1)[0] if "/" in path else None
        clauses.append(Clause(path, label, heading, body, depth, parent, i))
    return tuple(clauses)
