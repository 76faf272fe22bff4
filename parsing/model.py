"""Value types produced by the parser.

Every type is a frozen dataclass so parsed output is hashable, comparable in tests and cannot be
mutated by a later pipeline stage. Field names follow the gold format
(tests/fixtures/gold/FORMAT.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal


@dataclass(frozen=True)
class SourceHints:
    """Facts a page states outside the plan's text (metadata table, meta tags), used to fill gaps.

    Keys mirror DocumentMeta; every value is optional and text as the page shows it.
    """

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    publish_date: str | None = None
    region_hint: str | None = None


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of one plan (gold `document`)."""

    title: str | None
    notice_title: str | None
    doc_number: str | None
    issuer: str | None
    issue_date: str | None  # ISO date YYYY-MM-DD
    publish_date: str | None  # ISO date YYYY-MM-DD
    region: str | None
    region_code: str | None  # GB/T 2260 six digits
    admin_level: str | None  # province | city | county
    script: str  # simplified | traditional
    doc_type: str | None


@dataclass(frozen=True)
class Clause:
    """One numbered heading with the body text that follows it up to the next heading.

    `path` joins the labels' numbers from the root, e.g. "二/(一)/3";
    `parent_path` is None at depth 1.
    """

    path: str
    label: str  # as numbered in the text, normalized: "一、", "(一)", "1.", "(1)", "①"
    heading: str
    body: str
    depth: int
    parent_path: str | None
    ordinal: int  # position in document order, 0-based


@dataclass(frozen=True)
class Target:
    """One quantified commitment (gold `targets` entry)."""

    path: str | None  # deepest clause holding it; None when in the preamble
    indicator: str
    comparator: str  # ">=" | "<=" | "=" | "range"
    value: float
    value_max: float | None
    unit: str | None  # None for a unitless index (BI ≤ 5)
    per: str | None
    year: int | None
    hedge: str | None
    quote: str


@dataclass(frozen=True)
class AgencyAssignment:
    """Responsible units stated for one clause (gold `agencies` entry)."""

    path: str | None
    lead: tuple[str, ...]
    support: tuple[str, ...]
    raw: str
    joint: bool


@dataclass(frozen=True)
class NormalizedText:
    """Result of normalization: the cleaned simplified text plus what was done to get it."""

    original: str
    text: str
    script: str  # script of the original: simplified | traditional
    mojibake_repaired: int = 0
    mojibake_unrecovered: tuple[str, ...] = ()  # lines still flagged after repair
    pinyin_removed: int = 0
    # The text with page furniture removed, lines rejoined and Traditional converted, but its
    # punctuation as printed: where normalized strings find their printed forms.
    printed: str = ""


Decision = Literal["plan", "uncertain", "not_plan"]


@dataclass(frozen=True)
class Relevance:
    """One judgement: `uncertain` titles are fetched and judged again on their body."""

    decision: Decision
    score: float  # 0 (certainly not a plan) .. 1 (certainly one)
    reasons: tuple[str, ...]
    stage: Literal["title", "document"]
    rules: str  # version of relevance.yaml that decided

    @property
    def kept(self) -> bool:
        return self.decision != "not_plan"

    def describe(self) -> str:
        """One line for a quarantine entry or a log."""
        return f"{self.decision} ({self.score:.2f}, {self.stage}): " + "; ".join(self.reasons)


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the parser derives from one document's text."""

    meta: DocumentMeta
    normalized: NormalizedText
    clauses: tuple[Clause, ...]
    targets: tuple[Target, ...] = ()
    agencies: tuple[AgencyAssignment, ...] = ()
    is_plan: bool = True
    reason: str | None = None  # why the text is not a plan (empty, no outline, ...)
    relevance: Relevance | None = None  # the document-stage judgement (parsing/relevance.py)
    warnings: tuple[str, ...] = field(default=())


# The gold `document` fields, in gold order: every consumer takes them from here.
DOCUMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(DocumentMeta))
