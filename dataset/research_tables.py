"""Rows of the research tables: citations, clause_links and indicators.

Pure functions from parser output and published rows to dicts whose keys are the proposed columns
(docs/research.md, *Tables*). Cited documents are resolved to doc_ids with the same 文号 and title
normalization the plan ids use (dataset/ids.py), so a cited 国发[2016]15号 finds the plan whose id
was made from 国发〔2016〕15号.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from healthplans.dataset.clause_links import ClauseLink
from healthplans.dataset.ids import clause_id, digest, normalize_doc_number, normalize_title
from healthplans.parsing.citations import Citation, unwrap_title
from healthplans.parsing.indicators import vocabulary


def _title_keys(title: str | None) -> set[str]:
    """Normalized forms a title may be cited by: as is and without its 关于印发…的通知 wrapper."""
    if not title:
        return set()
    keys = {normalize_title(title), normalize_title(unwrap_title(title))}
    return keys | {k.removeprefix("关于") for k in keys}


class CitationIndex:
    """Finds the doc_id of a cited document among a release's documents."""

    def __init__(self, documents: Iterable[Mapping[str, object]]) -> None:
        """`documents`: rows with doc_id, doc_number, title and notice_title."""
        self._by_number: dict[str, set[str]] = {}
        self._by_title: dict[str, set[str]] = {}
        for row in documents:
            doc = str(row["doc_id"])
            number = row.get("doc_number")
            if isinstance(number, str) and number:
                self._by_number.setdefault(normalize_doc_number(number), set()).add(doc)
            for field in ("title", "notice_title"):
                value = row.get(field)
                for key in _title_keys(value if isinstance(value, str) else None):
                    self._by_title.setdefault(key, set()).add(doc)

    def resolve(self, citation: Citation) -> str | None:
        """doc_id of the cited document, or None when absent or ambiguous."""
        if citation.doc_number:
            found = self._by_number.get(normalize_doc_number(citation.doc_number), set())
            if len(found) == 1:
                return next(iter(found))
        ids: set[str] = set()
        for key in _title_keys(citation.title):
            ids |= self._by_title.get(key, set())
        return next(iter(ids)) if len(ids) == 1 else None


def citation_rows(
    doc: str, citations: Sequence[Citation], index: CitationIndex | None = None
) -> list[dict[str, object]]:
    """Rows of `citations` for one plan."""
    return [
        {
            "citation_id": "ct_" + digest(doc, c.path, c.title, c.doc_number),
            "doc_id": doc,
            "clause_id": clause_id(doc, c.path) if c.path else None,
            "path": c.path,
            "cited_title": c.title,
            "cited_doc_number": c.doc_number,
            "cited_issuer": c.issuer,
            "cited_level": c.level,
            "level_basis": c.level_basis,
            "cue": c.cue,
            "quote": c.quote,
            "cited_doc_id": index.resolve(c) if index else None,
        }
        for c in citations
    ]


def clause_link_rows(links: Iterable[ClauseLink]) -> list[dict[str, object]]:
    """Rows of `clause_links`."""
    return [
        {
            "source_clause_id": x.source_clause_id,
            "target_clause_id": x.target_clause_id,
            "source_doc_id": x.source_doc_id,
            "target_doc_id": x.target_doc_id,
            "jaccard": x.jaccard,
            "containment": x.containment,
            "kind": x.kind,
            "basis": x.basis,
        }
        for x in links
    ]


def indicator_rows() -> list[dict[str, object]]:
    """Rows of `indicators`: the vocabulary, aliases joined back with their "…" gaps."""
    return [
        {
            "indicator_id": i.id,
            "name": i.name,
            "unit": i.unit,
            "per": list(i.per),
            "group": i.group,
            "aliases": ["…".join(parts) for parts in i.aliases],
        }
        for i in vocabulary()
    ]
