"""The last step of parsing a plan: what its text refers to, resolved against the vocabularies.

`parse_document` reads what a plan says; `resolve` names it in the dataset's terms: the documents
it cites, the canonical indicator each target measures, and the canonical agency behind each unit
name as written (a placeholder such as 各相关部门 names none and is left out). The parse stage
runs both, so the table code only lays rows out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from healthplans.parsing.agency_names import CanonicalAgency, canonical_agency
from healthplans.parsing.citations import Citation, extract_citations
from healthplans.parsing.indicators import match_indicator
from healthplans.parsing.model import AgencyAssignment, ParsedDocument

PLACEHOLDERS_FILE = Path(__file__).parent / "data" / "agency_placeholders.yaml"


@cache
def _placeholders() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    data = yaml.safe_load(PLACEHOLDERS_FILE.read_text(encoding="utf-8"))
    return frozenset(data["exact"]), tuple(re.compile(p) for p in data["patterns"])


def is_placeholder(name: str) -> bool:
    """True for a unit name that names no agency (各相关部门, 有关单位, ...)."""
    exact, patterns = _placeholders()
    return name in exact or any(p.fullmatch(name) for p in patterns)


@dataclass(frozen=True)
class AgencyRole:
    """One unit named in an assignment: as written, its role, and the agency it is."""

    assignment: AgencyAssignment
    name_as_written: str
    role: str  # lead | support
    agency: CanonicalAgency


@dataclass(frozen=True)
class Resolved:
    """A parsed plan's references, in the order of the plan's targets and agency assignments."""

    citations: tuple[Citation, ...]
    indicator_ids: tuple[str | None, ...]  # one per ParsedDocument.targets entry
    agency_roles: tuple[AgencyRole, ...]


def resolve(parsed: ParsedDocument) -> Resolved:
    """Citations, indicator ids and canonical agencies of one parsed plan."""
    m = parsed.meta
    roles = tuple(
        AgencyRole(a, name, role, canonical_agency(name, m.region, m.region_code, m.admin_level))
        for a in parsed.agencies
        for names, role in ((a.lead, "lead"), (a.support, "support"))
        for name in names
        if not is_placeholder(name)
    )
    return Resolved(
        citations=extract_citations(parsed.clauses, parsed.normalized.text, m),
        indicator_ids=tuple(match_indicator(t) for t in parsed.targets),
        agency_roles=roles,
    )
