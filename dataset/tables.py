"""Rows of the published tables, built from deduplicated plans.

The research tables (citations, clause_links, indicators) come from dataset.research_tables;
`sources.gone_since` starts empty here and is set from liveness observations by
healthplans.dataset.vanished.update_sources when the release is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pyarrow as pa

from healthplans.dataset.clause_links import links_from_rows
from healthplans.dataset.dedup import ParsedCopy, Plan
from healthplans.dataset.ids import clause_id, target_id
from healthplans.dataset.research_tables import (
    CitationIndex,
    citation_rows,
    clause_link_rows,
    indicator_rows,
)
from healthplans.dataset.schema import TABLES
from healthplans.parsing.model import NormalizedText, ParsedDocument
from healthplans.records import QuarantineEntry


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def quality_flags(n: NormalizedText) -> list[str]:
    """What normalization found in the original text."""
    flags = []
    if n.script == "traditional":
        flags.append("converted_from_traditional")
    if n.pinyin_removed:
        flags.append(f"pinyin_removed:{n.pinyin_removed}")
    if n.mojibake_repaired:
        flags.append(f"mojibake_repaired:{n.mojibake_repaired}")
    if n.mojibake_unrecovered:
        flags.append(f"mojibake_unrecovered:{len(n.mojibake_unrecovered)}")
    return flags


def _document_row(plan: Plan) -> dict:
    p, c = plan.canonical.parsed, plan.canonical.copy
    m = p.meta
    return {
        "doc_id": plan.doc_id,
        "version_id": plan.canonical.version_id,
        "title": m.title,
        "notice_title": m.notice_title,
        "doc_number": m.doc_number,
        "issuer": m.issuer,
        "issue_date": _date(m.issue_date),
        "publish_date": _date(m.publish_date),
        "region": m.region,
        "region_code": m.region_code,
        "admin_level": m.admin_level,
        "script": m.script,
        "doc_type": m.doc_type,
        "is_plan": p.is_plan,
        "relevance_score": p.relevance.score if p.relevance else None,
        "relevance_rules": p.relevance.rules if p.relevance else None,
        "n_clauses": len(p.clauses),
        "n_targets": len(p.targets),
        "n_sources": len(plan.copies),
        "source_url": c.url,
        "source_sha256": c.sha256,
        "fetched_at": _ts(c.fetched_at),
        "text": p.normalized.text,
        "original_text": p.normalized.original,
        "quality_flags": quality_flags(p.normalized),
    }


def _source_rows(plan: Plan) -> list[dict]:
    return [
        {
            "doc_id": plan.doc_id,
            "source_id": pc.copy.source_id,
            "url": pc.copy.url,
            "page_url": pc.copy.page_url,
            "format": pc.copy.format,
            "sha256": pc.copy.sha256,
            "version_id": pc.version_id,
            "first_seen": _ts(pc.copy.first_seen),
            "last_seen": _ts(pc.copy.last_seen),
            "charset": pc.copy.charset,
            "official": pc.copy.official,
            "is_canonical": pc is plan.canonical,
            "gone_since": None,
        }
        for pc in plan.copies
    ]


def _clause_rows(doc: str, p: ParsedDocument) -> list[dict]:
    return [
        {
            "clause_id": clause_id(doc, cl.path),
            "doc_id": doc,
            "path": cl.path,
            "parent_clause_id": clause_id(doc, cl.parent_path) if cl.parent_path else None,
            "depth": cl.depth,
            "ordinal": cl.ordinal,
            "label": cl.label,
            "heading": cl.heading,
            "body": cl.body,
        }
        for cl in p.clauses
    ]


def _target_rows(doc: str, pc: ParsedCopy) -> list[dict]:
    return [
        {
            "target_id": target_id(doc, t.path, t.quote, t.indicator, t.value),
            "doc_id": doc,
            "clause_id": clause_id(doc, t.path) if t.path else None,
            "path": t.path,
            "indicator": t.indicator,
            "comparator": t.comparator,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "per": t.per,
            "year": t.year,
            "hedge": t.hedge,
            "quote": t.quote,
            "indicator_id": indicator_id,
        }
        for t, indicator_id in zip(pc.parsed.targets, pc.resolved.indicator_ids, strict=True)
    ]


def _agency_rows(doc: str, pc: ParsedCopy, agencies: dict[str, dict]) -> list[dict]:
    rows = []
    for r in pc.resolved.agency_roles:
        ca, a = r.agency, r.assignment
        agencies.setdefault(
            ca.agency_id,
            {
                "agency_id": ca.agency_id,
                "name": ca.canonical_name,
                "level": ca.level,
                "category": ca.category,
                "region_code": ca.region_code,
            },
        )
        rows.append(
            {
                "doc_id": doc,
                "clause_id": clause_id(doc, a.path) if a.path else None,
                "agency_id": ca.agency_id,
                "role": r.role,
                "joint": a.joint,
                "name_as_written": r.name_as_written,
                "raw": a.raw,
            }
        )
    return rows


def _table(name: str, rows: Iterable[dict]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=TABLES[name].schema)


def _dedupe(rows: Iterable[dict], key: tuple[str, ...]) -> list[dict]:
    # A note may name one unit twice (e.g. as lead and in a grouped list); keep the first.
    seen: set[tuple] = set()
    out = []
    for row in rows:
        k = tuple(row[c] for c in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def document_table(plans: Sequence[Plan]) -> pa.Table:
    return _table("documents", (_document_row(p) for p in plans))


def source_table(plans: Sequence[Plan]) -> pa.Table:
    return _table("sources", (row for p in plans for row in _source_rows(p)))


def clause_table(plans: Sequence[Plan]) -> pa.Table:
    rows = (row for p in plans for row in _clause_rows(p.doc_id, p.canonical.parsed))
    return _table("clauses", _dedupe(rows, ("clause_id",)))


def target_table(plans: Sequence[Plan]) -> pa.Table:
    rows = (row for p in plans for row in _target_rows(p.doc_id, p.canonical))
    return _table("targets", _dedupe(rows, ("target_id",)))


def agency_tables(plans: Sequence[Plan]) -> tuple[pa.Table, pa.Table]:
    """(agencies, clause_agencies)."""
    agencies: dict[str, dict] = {}
    links = [row for p in plans for row in _agency_rows(p.doc_id, p.canonical, agencies)]
    key = ("doc_id", "clause_id", "agency_id", "role")
    return _table("agencies", agencies.values()), _table("clause_agencies", _dedupe(links, key))


def citation_table(plans: Sequence[Plan]) -> pa.Table:
    """Every document each plan cites, resolved to a plan of this release where possible."""
    index = CitationIndex(
        {
            "doc_id": p.doc_id,
            "doc_number": p.canonical.parsed.meta.doc_number,
            "title": p.canonical.parsed.meta.title,
            "notice_title": p.canonical.parsed.meta.notice_title,
        }
        for p in plans
    )
    rows = []
    for plan in plans:
        rows += citation_rows(plan.doc_id, plan.canonical.resolved.citations, index)
    return _table("citations", _dedupe(rows, ("citation_id",)))


# Columns of `documents` that orient a clause link (level, then date).
LINK_DOCUMENT_COLUMNS = ("doc_id", "admin_level", "issuer", "issue_date", "publish_date")


def clause_link_table(clauses: pa.Table, documents: pa.Table) -> pa.Table:
    """Clauses of different plans sharing text, from a release's clauses and documents."""
    links = links_from_rows(
        clauses.select(["clause_id", "doc_id", "heading", "body"]).to_pylist(),
        documents.select(list(LINK_DOCUMENT_COLUMNS)).to_pylist(),
    )
    return _table("clause_links", clause_link_rows(links))


def indicator_table() -> pa.Table:
    """The indicator vocabulary."""
    return _table("indicators", indicator_rows())


def quarantine_table(entries: Sequence[QuarantineEntry]) -> pa.Table:
    """Latest entry per (url, stage, reason): a fault seen on every run is one row."""
    latest = {(q.url, q.stage, q.reason): q for q in sorted(entries, key=lambda q: q.at)}
    return _table(
        "quarantine",
        (
            {
                "url": q.url,
                "source_id": q.source_id,
                "stage": q.stage,
                "reason": q.reason,
                "detail": q.detail,
                "at": _ts(q.at),
            }
            for q in latest.values()
        ),
    )


def build_tables(
    plans: Sequence[Plan], quarantine: Sequence[QuarantineEntry]
) -> dict[str, pa.Table]:
    """Every published table for these plans."""
    agencies, clause_agencies = agency_tables(plans)
    documents, clauses = document_table(plans), clause_table(plans)
    return {
        "documents": documents,
        "sources": source_table(plans),
        "clauses": clauses,
        "targets": target_table(plans),
        "agencies": agencies,
        "clause_agencies": clause_agencies,
        "citations": citation_table(plans),
        "clause_links": clause_link_table(clauses, documents),
        "indicators": indicator_table(),
        "quarantine": quarantine_table(quarantine),
    }
