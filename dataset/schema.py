"""The published tables: their Arrow schemas, column descriptions, value lists and foreign keys.
The one source of truth for the release writer (Parquet field metadata, datapackage.json), the
loader, the asset checks, the Dagster UI and the data dictionary."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa

# Semantic version of the table layout: major = breaking (renamed/removed column or changed
# meaning), minor = added column or table, or a column allowed to be null, patch = documentation
# only.
SCHEMA_VERSION = "1.5.3"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    # The allowed values of a categorical column; None for free text and numbers.
    values: tuple[str, ...] | None = None

    @property
    def field(self) -> pa.Field:
        """The Arrow field, its description (and value list) in the field metadata, so a
        reader of the Parquet file sees the dictionary without this package."""
        meta = {"description": self.description}
        if self.values is not None:
            meta["values"] = json.dumps(list(self.values), ensure_ascii=False)
        return pa.field(self.name, self.type, self.nullable, metadata=meta)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [c.field for c in self.columns], metadata={"description": self.description}
        )

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(
    name: str,
    type_: pa.DataType,
    description: str,
    nullable: bool = True,
    values: tuple[str, ...] | None = None,
) -> Column:
    return Column(name, type_, description, nullable, values)


# Value lists shared by several columns.
ADMIN_LEVELS = ("province", "city", "county")
LEVELS = ("national", *ADMIN_LEVELS)
# Categories of agencies (parsing/data/agency_aliases.yaml and agency_categories.yaml).
AGENCY_CATEGORIES = (
    "health",
    "finance",
    "medical_insurance",
    "human_resources",
    "development_reform",
    "education",
    "civil_affairs",
    "market_regulation",
    "science_technology",
    "industry_it",
    "data",
    "establishment",
    "public_security",
    "drug_regulation",
    "government",
    "other",
)


TS = pa.timestamp("us", tz="UTC")
STR = pa.string()

DOCUMENTS = Table(
    "documents",
    "One row per plan, after merging every copy of it found on any site.",
    ("doc_id",),
    (
        _c("doc_id", STR, "Stable plan id: the same in every release and for every site.", False),
        _c(
            "version_id",
            STR,
            "Hash of the normalized text; changes when the plan is revised.",
            False,
        ),
        _c("title", STR, "The plan's own title (not its 通知 wrapper)."),
        _c("notice_title", STR, "Title of the 通知 that issued the plan, if any."),
        _c("doc_number", STR, "文号, brackets normalized to 〔〕."),
        _c("issuer", STR, "发文机关."),
        _c("issue_date", pa.date32(), "成文日期 or the date under the signature."),
        _c("publish_date", pa.date32(), "发布日期 as stated by the page."),
        _c("region", STR, "Region the plan governs (全国 for a national plan)."),
        _c("region_code", STR, "GB/T 2260 six-digit code of the region (100000 for 全国)."),
        _c(
            "admin_level",
            STR,
            "Level of the region: national, province, city or county; null when the region is "
            "unknown.",
            values=LEVELS,
        ),
        _c(
            "script",
            STR,
            "Script of the canonical copy's original text: simplified or traditional.",
            values=("simplified", "traditional"),
        ),
        _c("doc_type", STR, "Genre: 实施方案, 意见, 重点工作任务, 规划, ..."),
        _c(
            "is_plan",
            pa.bool_(),
            "Judged a health-system plan (documents judged otherwise are in `quarantine`).",
            False,
        ),
        _c(
            "relevance_score",
            pa.float64(),
            "How surely title and body make it a health-system plan, 0 to 1 (cut at 0.5).",
        ),
        _c("relevance_rules", STR, "Version of the relevance rules that judged it."),
        _c("n_clauses", pa.int32(), "Number of clauses.", False),
        _c("n_targets", pa.int32(), "Number of targets.", False),
        _c("n_sources", pa.int32(), "Number of copies found (rows in `sources`).", False),
        _c("source_url", STR, "URL of the canonical copy the text was taken from.", False),
        _c("source_sha256", STR, "sha256 of the canonical copy's archived bytes.", False),
        _c("fetched_at", TS, "When the canonical copy was last fetched.", False),
        _c(
            "text",
            STR,
            "Normalized Simplified text; a table row is one line, its cells apart by a tab.",
            False,
        ),
        _c("original_text", STR, "Text as extracted from the canonical copy.", False),
        _c("quality_flags", pa.list_(STR), "Noise found and how it was handled."),
    ),
)

SOURCES = Table(
    "sources",
    "Every copy of every plan: one row per URL the text was found at.",
    ("doc_id", "url"),
    (
        _c("doc_id", STR, "The plan this copy belongs to.", False),
        _c("source_id", STR, "Registry id of the site.", False),
        _c("url", STR, "Where the text was taken from (article page or its attachment).", False),
        _c("page_url", STR, "The article page that listed or linked it.", False),
        _c("format", STR, "html or pdf.", False, ("html", "pdf")),
        _c("sha256", STR, "sha256 of the archived bytes.", False),
        _c("version_id", STR, "Content version of this copy's normalized text.", False),
        _c("first_seen", TS, "First fetch of this URL.", False),
        _c("last_seen", TS, "Latest fetch of this URL.", False),
        _c("charset", STR, "Charset the page was decoded with (html only)."),
        _c("official", pa.bool_(), "True for a government portal, false for an aggregator.", False),
        _c("is_canonical", pa.bool_(), "True for the copy the published text comes from.", False),
        _c(
            "gone_since",
            TS,
            "First liveness check or crawl that found this URL gone (HTTP 404/410) after it was "
            "last seen; null while it is served. The archive keeps its bytes.",
        ),
    ),
)

DOCUMENT_VERSIONS = Table(
    "document_versions",
    "Every content version of every plan ever published, carried forward from release to "
    "release: a revised plan (same doc_id, changed text) adds a row and never overwrites one.",
    ("doc_id", "version_id"),
    (
        _c("doc_id", STR, "The plan.", False),
        _c("version_id", STR, "Hash of the normalized text of this version.", False),
        _c("version_no", pa.int32(), "1 for the first version published, then 2, 3, ...", False),
        _c("title", STR, "Title as this version states it."),
        _c("source_url", STR, "Canonical copy this version's text was taken from.", False),
        _c("source_sha256", STR, "sha256 of that copy's archived bytes (WARC).", False),
        _c("fetched_at", TS, "When that copy was fetched.", False),
        _c("first_release", STR, "First release publishing this version.", False),
        _c("last_release", STR, "Latest release publishing this version as current.", False),
        _c("superseded_by", STR, "version_id of the next version; null while current."),
        _c("superseded_in", STR, "Release in which the next version replaced this one."),
        _c(
            "is_current",
            pa.bool_(),
            "True for the version in this release's `documents`; false once superseded or when "
            "the plan is no longer found.",
            False,
        ),
    ),
)

CLAUSES = Table(
    "clauses",
    "Numbered headings of each plan (一、/(一)/1.) with the text under them.",
    ("clause_id",),
    (
        _c("clause_id", STR, "Stable id of the clause (plan id + path).", False),
        _c("doc_id", STR, "The plan.", False),
        _c(
            "path",
            STR,
            "Numbers from the root, e.g. 二/(一)/3; a number printed again under the same parent "
            "(a label repeated, or a list numbered again from 1) takes ~2, ~3: 二/(一)/1~2.",
            False,
        ),
        _c("parent_clause_id", STR, "Enclosing clause; null at depth 1."),
        _c("depth", pa.int8(), "1 for 一、, 2 for (一), 3 for 1., ...", False),
        _c("ordinal", pa.int32(), "Position in the plan, 0-based.", False),
        _c("label", STR, "Numbering as printed: 一、 （一） 1. 1、", False),
        _c("heading", STR, "Heading text.", False),
        _c("body", STR, "Text under the heading up to the next heading."),
    ),
)

TARGETS = Table(
    "targets",
    "Quantified commitments: what, how much, by when.",
    ("target_id",),
    (
        _c("target_id", STR, "Stable id of the target.", False),
        _c("doc_id", STR, "The plan.", False),
        _c("clause_id", STR, "Deepest clause holding it; null in the preamble."),
        _c("path", STR, "That clause's path."),
        _c("indicator", STR, "What is measured.", False),
        _c("comparator", STR, ">=, <=, = or range.", False, (">=", "<=", "=", "range")),
        _c("value", pa.float64(), "The number (lower end of a range).", False),
        _c("value_max", pa.float64(), "Upper end of a range."),
        _c(
            "unit",
            STR,
            "人, %, 张, 个, 小时, 1:N, 1/10万, 级, ...; null for a unitless index (BI ≤ 5).",
        ),
        _c("per", STR, "Normalizer or frequency: 每千人口, 每年, ..."),
        _c("year", pa.int16(), "Target year, when stated."),
        _c(
            "hedge",
            STR,
            "力争 / 争取 / 原则上 when the commitment is hedged.",
            values=("力争", "争取", "原则上"),
        ),
        _c(
            "quote",
            STR,
            "Shortest span of the normalized text stating it; for a row of a planning table "
            "(指标 | 2020年 | 2025年), the row.",
            False,
        ),
        _c(
            "indicator_id",
            STR,
            "Canonical indicator (`indicators`) the target measures; null when none fits.",
        ),
    ),
)

AGENCIES = Table(
    "agencies",
    "Responsible agencies with canonical names, comparable across plans and releases.",
    ("agency_id",),
    (
        _c("agency_id", STR, "Stable id: the same agency has the same id in every release.", False),
        _c("name", STR, "Canonical full name, e.g. 亳州市卫生健康委员会.", False),
        _c(
            "level",
            STR,
            "national (国家…, 国务院…), province, city or county when the name or the plan's "
            "region places it; group for a plural of the plan's own region (各县、区人民政府); "
            "other when the name states no level and the plan's region gives none.",
            values=(*LEVELS, "group", "other"),
        ),
        _c(
            "category",
            STR,
            "Policy area of the agency: health, finance, medical_insurance, ...",
            False,
            AGENCY_CATEGORIES,
        ),
        _c("region_code", STR, "GB/T 2260 code of the agency's region, when resolved."),
    ),
)

CLAUSE_AGENCIES = Table(
    "clause_agencies",
    "Which agency leads or supports which clause.",
    ("clause_id", "agency_id", "role"),
    (
        _c("doc_id", STR, "The plan.", False),
        _c("clause_id", STR, "The clause; null for a note in the preamble."),
        _c("agency_id", STR, "The agency.", False),
        _c("role", STR, "lead or support.", False, ("lead", "support")),
        _c("joint", pa.bool_(), "True when listed units lead jointly (分别负责).", False),
        _c(
            "name_as_written",
            STR,
            "The unit as the plan writes it, with its punctuation as printed (各市（州）人民政府).",
            False,
        ),
        _c("raw", STR, "The whole responsibility note.", False),
    ),
)

CITATIONS = Table(
    "citations",
    "Documents a plan cites (根据 / 按照 / 落实《…》(国办发〔2020〕25号)): its policy lineage.",
    ("citation_id",),
    (
        _c("citation_id", STR, "Stable id (plan, clause path, cited title and 文号).", False),
        _c("doc_id", STR, "The citing plan.", False),
        _c("clause_id", STR, "The citing clause; null in the preamble."),
        _c("path", STR, "That clause's path."),
        _c("cited_title", STR, "Cited title as written, whitespace removed; null for a bare 文号."),
        _c("cited_doc_number", STR, "Cited 文号, brackets normalized to 〔〕."),
        _c(
            "cited_issuer",
            STR,
            "Who issued it, when the text says (…印发的《…》) or the title does.",
        ),
        _c(
            "cited_level",
            STR,
            "national, province, city or county, when stated or inferable.",
            values=LEVELS,
        ),
        _c(
            "level_basis",
            STR,
            "What the level was read from: doc_number, issuer or title.",
            values=("doc_number", "issuer", "title"),
        ),
        _c("cue", STR, "The verb introducing the citation: 根据, 按照, 落实, ..."),
        _c("quote", STR, "Text span from the cue (or title) to the end of the 文号.", False),
        _c(
            "cited_doc_id",
            STR,
            "The cited plan when this release holds it (by 文号, else by title); else null.",
        ),
    ),
)

CLAUSE_LINKS = Table(
    "clause_links",
    "Clauses of different plans sharing text (Jaccard of character 5-grams ≥ 0.2, figures "
    "masked), oriented from the higher-level or earlier plan to the one reusing it.",
    ("source_clause_id", "target_clause_id"),
    (
        _c("source_clause_id", STR, "Clause of the plan the text comes from.", False),
        _c("target_clause_id", STR, "Clause of the plan reusing it.", False),
        _c("source_doc_id", STR, "Plan of the source clause.", False),
        _c("target_doc_id", STR, "Plan of the target clause.", False),
        _c("jaccard", pa.float64(), "Jaccard similarity of the two clauses' 5-gram sets.", False),
        _c(
            "containment",
            pa.float64(),
            "Share of the shorter clause's 5-grams found in the longer.",
            False,
        ),
        _c("kind", STR, "near_copy (Jaccard ≥ 0.5) or adapted.", False, ("near_copy", "adapted")),
        _c(
            "basis",
            STR,
            "What decided the direction: level, date or none.",
            False,
            ("level", "date", "none"),
        ),
    ),
)

INDICATORS = Table(
    "indicators",
    "Canonical indicators targets are mapped to (parsing/data/indicators.yaml), so targets "
    "compare across regions and years.",
    ("indicator_id",),
    (
        _c("indicator_id", STR, "Stable id, e.g. physicians_per_1000.", False),
        _c("name", STR, "Name, e.g. 每千人口执业(助理)医师数.", False),
        _c("unit", STR, "Canonical unit.", False),
        _c(
            "group",
            STR,
            "Subject: workforce, beds, service, capacity, ...",
            False,
            (
                "workforce",
                "beds",
                "service",
                "outcome",
                "digital",
                "tcm",
                "public_health",
                "elderly_care",
                "finance",
                "drugs",
                "capacity",
            ),
        ),
        _c("per", pa.list_(STR), "Normalizers a target must state (每千人口); empty if none."),
        _c("aliases", pa.list_(STR), "Wordings matched in targets; … joins ordered parts."),
    ),
)

QUARANTINE = Table(
    "quarantine",
    "Pages and documents that could not be fetched or parsed, with the reason.",
    ("url", "stage", "at"),
    (
        _c("url", STR, "What failed.", False),
        _c("source_id", STR, "Registry id of the site.", False),
        _c(
            "stage",
            STR,
            "listing, article, attachment or parse.",
            False,
            ("listing", "article", "attachment", "parse"),
        ),
        _c(
            "reason",
            STR,
            "Short code: http_404, timeout, not_a_document, unreadable, challenge, soft_404, "
            "not_a_plan, ...",
            False,
        ),
        _c("detail", STR, "Message."),
        _c("at", TS, "When.", False),
    ),
)

SOURCE_STATUS = Table(
    "source_status",
    "Every registered source (enabled or not): how its last crawl went, its last success, and "
    "how long it has been silent against its usual cadence.",
    ("source_id",),
    (
        _c("source_id", STR, "Registry id of the site.", False),
        _c("name", STR, "Publisher and column, as the registry names them.", False),
        _c("province", STR, "Province the publisher belongs to; 全国 for national ones."),
        _c("region_code", STR, "Administrative code of the publisher's region.", False),
        _c("admin_level", STR, "Level of the publisher.", False, LEVELS),
        _c("cms", STR, "CMS family whose adapter reads the site.", False),
        _c("enabled", pa.bool_(), "Crawled by default; off until a person checks it.", False),
        _c(
            "confidence",
            STR,
            "How well the list URL and mechanism are known.",
            False,
            ("high", "medium", "low"),
        ),
        _c(
            "status",
            STR,
            "Outcome of the last crawl: ok (lists read), unchanged (same bytes as before), "
            "blocked (robots.txt, 401/403/412, challenge or WAF page), failed (another reason), "
            "never_crawled, or disabled.",
            False,
            ("ok", "unchanged", "blocked", "failed", "never_crawled", "disabled"),
        ),
        _c("reason", STR, "The first listing failure of the last crawl (http_404, challenge...)."),
        _c("last_crawl_at", TS, "When the last crawl of the source ended."),
        _c("last_success_at", TS, "When a crawl last read its lists (ok or unchanged)."),
        _c("listed", pa.int32(), "New list entries the last crawl read, plans or not."),
        _c("new", pa.int32(), "Of those, the ones kept as plans."),
        _c("fetched", pa.int32(), "Copies the last crawl stored."),
        _c("failed", pa.int32(), "Fetches or reads of the last crawl that failed, any stage."),
        _c("blocked", pa.int32(), "Of those, the ones the site refused."),
        _c(
            "set_aside",
            pa.int32(),
            "List entries, over all crawls, whose titles the relevance rules judged not plans "
            "(任免, 中标, 解读, other topics); each decision is kept in the crawl state.",
            False,
        ),
        _c(
            "dated_plans",
            pa.int32(),
            "Plans listed with a date: the cadence comes from them.",
            False,
        ),
        _c("newest_list_date", pa.date32(), "List date of the newest plan."),
        _c("days_silent", pa.int32(), "Days from the newest plan's list date to the release."),
        _c(
            "cadence_days",
            pa.float64(),
            "Median days between the source's plans; null with fewer than 3 dated plans.",
        ),
        _c(
            "overdue",
            pa.bool_(),
            "Silent for more than 3 times its cadence and at least 30 days: worth a look.",
            False,
        ),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        DOCUMENTS,
        DOCUMENT_VERSIONS,
        SOURCES,
        CLAUSES,
        TARGETS,
        AGENCIES,
        CLAUSE_AGENCIES,
        CITATIONS,
        CLAUSE_LINKS,
        INDICATORS,
        QUARANTINE,
        SOURCE_STATUS,
    )
}

# Tables the release writer derives from the previous release; callers do not supply them.
DERIVED_TABLES = ("document_versions",)

# (child table, column, parent table, parent column): every reference between published tables.
FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("sources", "doc_id", "documents", "doc_id"),
    ("clauses", "doc_id", "documents", "doc_id"),
    ("clauses", "parent_clause_id", "clauses", "clause_id"),
    ("targets", "doc_id", "documents", "doc_id"),
    ("targets", "clause_id", "clauses", "clause_id"),
    ("clause_agencies", "doc_id", "documents", "doc_id"),
    ("clause_agencies", "clause_id", "clauses", "clause_id"),
    ("clause_agencies", "agency_id", "agencies", "agency_id"),
    ("targets", "indicator_id", "indicators", "indicator_id"),
    ("citations", "doc_id", "documents", "doc_id"),
    ("citations", "clause_id", "clauses", "clause_id"),
    ("citations", "cited_doc_id", "documents", "doc_id"),
    ("clause_links", "source_clause_id", "clauses", "clause_id"),
    ("clause_links", "target_clause_id", "clauses", "clause_id"),
    ("clause_links", "source_doc_id", "documents", "doc_id"),
    ("clause_links", "target_doc_id", "documents", "doc_id"),
)
