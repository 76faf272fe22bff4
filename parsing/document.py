"""One entry point from raw extracted text to a ParsedDocument; it never raises."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from collections.abc import Callable
from typing import Any

from healthplans.parsing.agencies import extract_agencies
from healthplans.parsing.clause_text import clause_text
from healthplans.parsing.indicator_tables import table_targets
from healthplans.parsing.metadata import extract_meta
from healthplans.parsing.model import (
    AgencyAssignment,
    Clause,
    DocumentMeta,
    NormalizedText,
    ParsedDocument,
    SourceHints,
    Target,
)
from healthplans.parsing.normalize import SourceForms, normalize
from healthplans.parsing.outline import parse_outline
from healthplans.parsing.relevance import judge_document
from healthplans.parsing.targets import document_year, extract_targets
from healthplans.parsing.task_tables import table_agencies

logger = logging.getLogger(__name__)

# Fewer CJK characters than this cannot be a plan (navigation pages, binary junk).
_MIN_CJK = 20
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _empty_meta(script: str = "simplified") -> DocumentMeta:
    return DocumentMeta(
        title=None,
        notice_title=None,
        doc_number=None,
        issuer=None,
        issue_date=None,
        publish_date=None,
        region=None,
        region_code=None,
        admin_level=None,
        script=script,
        doc_type=None,
    )


def _not_plan(text: str, reason: str) -> ParsedDocument:
    return ParsedDocument(
        meta=_empty_meta(),
        normalized=NormalizedText(original=text, text="", script="simplified"),
        clauses=(),
        is_plan=False,
        reason=reason,
    )


def _extract(
    extractor: Callable[..., Any], clauses: tuple[Clause, ...], text: str, meta: DocumentMeta
) -> tuple[tuple[Any, ...], str | None]:
    """Run an extractor; a failure becomes a warning so the rest of the parse survives."""
    name = extractor.__name__
    try:
        return tuple(extractor(clauses, text, meta)), None
    except Exception as exc:
        logger.exception("%s failed", name)
        return (), f"{name} failed: {type(exc).__name__}: {exc}"


def _has_cjk(text: str, minimum: int) -> bool:
    """Whether `text` holds at least `minimum` CJK characters; stops scanning once it does."""
    found = itertools.islice(_CJK_CHAR.finditer(text), minimum)
    return sum(1 for _ in found) >= minimum


def _printed_clauses(clauses: tuple[Clause, ...], forms: SourceForms) -> tuple[Clause, ...]:
    """Labels and headings with the source's punctuation; the search moves on in document order."""
    printed: list[Clause] = []
    cursor = 0
    for clause in clauses:
        label, heading, end = forms.find_heading(clause.label, clause.heading, cursor)
        if end < 0:
            printed.append(clause)
            continue
        cursor = end
        printed.append(dataclasses.replace(clause, label=label or clause.label, heading=heading))
    return tuple(printed)


def _printed_meta(meta: DocumentMeta, forms: SourceForms) -> DocumentMeta:
    return dataclasses.replace(
        meta,
        title=forms.restore(meta.title),
        notice_title=forms.restore(meta.notice_title),
        issuer=forms.restore(meta.issuer),
    )


def _table_targets_not_stated(
    text: str,
    clauses: tuple[Clause, ...],
    clean: str,
    meta: DocumentMeta,
    stated: tuple[Target, ...],
) -> tuple[Target, ...]:
    """Goals of planning tables (read from the text as extracted, cells as printed) that the
    text does not already state with the same value, unit and year."""
    whole = clause_text(clauses, clean)
    seen = {(t.value, t.unit, t.year) for t in stated}
    rows = table_targets(text, whole.text, whole.path_at, document_year(meta))
    return tuple(t for t in rows if (t.value, t.unit, t.year) not in seen)


# ASCII forms a unit's name may print full-width: "各市（州）人民政府".
_FOLDED_MARKS = frozenset("(),:;")


def _printed_agencies(
    agencies: tuple[AgencyAssignment, ...], forms: SourceForms
) -> tuple[AgencyAssignment, ...]:
    """Unit names with the source's punctuation ("各市(州)人民政府" → "各市（州）人民政府"); most
    names hold none, and are left as they are without a lookup."""
    cache: dict[str, str] = {}

    def printed(name: str) -> str:
        if not _FOLDED_MARKS.intersection(name):
            return name
        if name not in cache:
            cache[name] = forms.find(name)[0]
        return cache[name]

    return tuple(
        dataclasses.replace(
            a,
            lead=tuple(map(printed, a.lead)),
            support=tuple(map(printed, a.support)),
        )
        if _FOLDED_MARKS.intersection("".join(a.lead + a.support))
        else a
        for a in agencies
    )


def _table_rows_not_noted(
    text: str, clauses: tuple[Clause, ...], noted: tuple[AgencyAssignment, ...]
) -> tuple[AgencyAssignment, ...]:
    """Task-table rows (read from the text as extracted, cells as printed) that no note in the
    text already states for the same clause and leads."""
    seen = {(a.path, a.lead) for a in noted}
    return tuple(a for a in table_agencies(text, clauses) if (a.path, a.lead) not in seen)


def _parse(text: str, hints: SourceHints | None) -> ParsedDocument:
    if not text.strip():
        return _not_plan(text, "empty text")
    normalized = normalize(text)
    clean = normalized.text
    meta = extract_meta(clean, normalized, hints)
    clauses = parse_outline(clean, meta.title if meta.notice_title else None)
    warnings = [f"mojibake not recovered: {line[:40]}" for line in normalized.mojibake_unrecovered]
    reason = None
    if not _has_cjk(clean, _MIN_CJK):
        reason = "no Chinese text"
    elif not clauses:
        reason = "no numbered outline"
    if reason:
        return ParsedDocument(meta, normalized, clauses, is_plan=False, reason=reason)
    targets, warning = _extract(extract_targets, clauses, clean, meta)
    warnings += [warning] if warning else []
    targets += _table_targets_not_stated(text, clauses, clean, meta, targets)
    agencies, warning = _extract(extract_agencies, clauses, clean, meta)
    warnings += [warning] if warning else []
    agencies += _table_rows_not_noted(text, clauses, agencies)
    forms = SourceForms(normalized.printed or text)
    relevance = judge_document(meta.notice_title or meta.title, clean, len(clauses))
    return ParsedDocument(
        meta=_printed_meta(meta, forms),
        normalized=normalized,
        clauses=_printed_clauses(clauses, forms),
        targets=targets,
        agencies=_printed_agencies(agencies, forms),
        is_plan=relevance.kept,
        reason=None if relevance.kept else f"not a health-system plan: {relevance.describe()}",
        relevance=relevance,
        warnings=tuple(warnings),
    )


def parse_document(text: str, hints: SourceHints | None = None) -> ParsedDocument:
    """Normalize, then read metadata, outline, targets and agencies from one document's text.

    Never raises: text that is empty, junk or not a plan gives is_plan=False with a reason, and
    an unexpected error is logged and reported the same way.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return _not_plan("", "not text")
    try:
        return _parse(text, hints)
    except Exception as exc:
        logger.exception("parse_document failed")
        return _not_plan(text, f"parser error: {type(exc).__name__}: {exc}")
