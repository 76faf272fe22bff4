"""Asset checks: the functions of `dataset.quality` and `scrapers.freshness` as Dagster checks.

Checks on the tables feeding the release are blocking: a failure stops `release` from running in
that run, so a broken table never reaches a published release. Checks on `release` itself re-read
the published files (nothing is downstream, so they only report), and freshness checks on `pages`
report sources the crawler has not reached for too long. Any failure is also sent through the
alerts resource.
"""

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

import dagster as dg
import pyarrow as pa

from healthplans.dataset import quality
from healthplans.dataset.dedup import Plan
from healthplans.dataset.quality import CheckOutcome
from healthplans.dataset.release import read_latest, read_manifest, read_table, verify
from healthplans.dataset.tables import document_table, source_table
from healthplans.pipelines.alerts import AlertDeliveryError, AlertResource, check_failure_alert
from healthplans.pipelines.resources import StorageResource
from healthplans.scrapers.freshness import freshness, last_fetches
from healthplans.scrapers.registry import load_registry
from healthplans.settings import load_ops_settings

# What each check verifies, shown in the UI beside its name.
DESCRIPTIONS = {
    "schema": "Columns, types, non-null columns and the values of categorical columns match "
    "dataset/schema.py.",
    "non_empty": "The table has at least one row.",
    "unique_key": "No two rows share the table's key.",
    "foreign_keys": "Every id referring to another table resolves to a row there.",
    "year_range": "Every stated target year lies in {}-{}.".format(*quality.YEAR_RANGE),
    "quotes_in_clauses": "Every target's quote occurs in its clause's heading and body.",
}


def _specs(
    asset: str, names: tuple[str, ...], deps: tuple[str, ...] = ()
) -> list[dg.AssetCheckSpec]:
    """Blocking checks on `asset` that also read the tables named in `deps`."""
    return [
        dg.AssetCheckSpec(
            name,
            asset=asset,
            blocking=True,
            additional_deps=list(deps),
            description=DESCRIPTIONS.get(name.split("__")[-1]),
        )
        for name in names
    ]


def _metadata(outcome: CheckOutcome) -> dict[str, dg.MetadataValue]:
    out: dict[str, dg.MetadataValue] = {}
    for key, value in outcome.metadata.items():
        if isinstance(value, bool | str):
            out[key] = dg.MetadataValue.text(str(value))
        elif isinstance(value, int):
            out[key] = dg.MetadataValue.int(value)
        elif isinstance(value, list | dict):
            out[key] = dg.MetadataValue.json(value)
        else:
            out[key] = dg.MetadataValue.text(repr(value))
    return out


def report(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    asset: str,
    outcomes: Mapping[str, CheckOutcome],
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> Iterator[dg.AssetCheckResult]:
    """One AssetCheckResult per outcome; one alert naming every failure among them."""
    failures = [(n, o.description, dict(o.metadata)) for n, o in outcomes.items() if not o.passed]
    if failures:
        try:
            alerts.send(check_failure_alert(asset, failures))
        except AlertDeliveryError as exc:
            # The check results below must still be recorded; the UI shows this error beside them.
            context.log.error("could not deliver the check-failure alert: %s", exc)
    for name, outcome in outcomes.items():
        yield dg.AssetCheckResult(
            asset_key=asset,
            check_name=name,
            passed=outcome.passed,
            severity=severity,
            description=outcome.description,
            metadata=_metadata(outcome),
        )


def _table_outcomes(
    name: str, table: pa.Table, related: dict[str, pa.Table], require_rows: bool = True
) -> dict[str, CheckOutcome]:
    outcomes = {
        "schema": quality.combine(
            [quality.schema_matches(name, table), quality.categorical_values(name, table)]
        )
    }
    if require_rows:
        outcomes["non_empty"] = quality.non_empty(name, table)
    outcomes["unique_key"] = quality.unique_key(name, table)
    relations = quality.foreign_keys({name: table, **related}, child=name)
    if relations:
        outcomes["foreign_keys"] = quality.combine(list(relations.values()))
    return outcomes


def _doc_ids(plans: list[Plan]) -> pa.Table:
    return pa.table({"doc_id": pa.array([p.doc_id for p in plans], pa.string())})


@dg.multi_asset_check(
    specs=_specs(
        "deduplicated_documents",
        (
            "documents__schema",
            "documents__non_empty",
            "documents__unique_key",
            "sources__schema",
            "sources__non_empty",
            "sources__unique_key",
            "sources__foreign_keys",
        ),
    ),
    ins={"deduplicated_documents": dg.AssetIn("deduplicated_documents")},
)
def documents_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    deduplicated_documents: list[Plan],
) -> Iterator[dg.AssetCheckResult]:
    """The `documents` and `sources` tables as the release will write them."""
    docs = document_table(deduplicated_documents)
    outcomes = {f"documents__{k}": v for k, v in _table_outcomes("documents", docs, {}).items()}
    sources = _table_outcomes("sources", source_table(deduplicated_documents), {"documents": docs})
    outcomes.update({f"sources__{k}": v for k, v in sources.items()})
    yield from report(context, alerts, "deduplicated_documents", outcomes)


@dg.multi_asset_check(
    specs=_specs(
        "clauses",
        ("schema", "non_empty", "unique_key", "foreign_keys"),
        deps=("deduplicated_documents",),
    ),
    ins={"clauses": dg.AssetIn(), "deduplicated_documents": dg.AssetIn()},
)
def clauses_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    clauses: pa.Table,
    deduplicated_documents: list[Plan],
) -> Iterator[dg.AssetCheckResult]:
    """Schema, rows, unique clause ids; every clause's plan and parent exist."""
    related = {"documents": _doc_ids(deduplicated_documents)}
    yield from report(context, alerts, "clauses", _table_outcomes("clauses", clauses, related))


@dg.multi_asset_check(
    specs=_specs(
        "targets",
        ("schema", "non_empty", "unique_key", "foreign_keys", "year_range", "quotes_in_clauses"),
        deps=("clauses", "deduplicated_documents", "indicators"),
    ),
    ins={
        "targets": dg.AssetIn(),
        "clauses": dg.AssetIn(),
        "deduplicated_documents": dg.AssetIn(),
        "indicators": dg.AssetIn(),
    },
)
def targets_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    targets: pa.Table,
    clauses: pa.Table,
    deduplicated_documents: list[Plan],
    indicators: pa.Table,
) -> Iterator[dg.AssetCheckResult]:
    """Schema, rows, unique ids, references (indicator ids included), sane years, and quotes
    that occur in their clause."""
    related = {
        "documents": _doc_ids(deduplicated_documents),
        "clauses": clauses,
        "indicators": indicators,
    }
    outcomes = _table_outcomes("targets", targets, related)
    outcomes["year_range"] = quality.years_in_range(targets)
    outcomes["quotes_in_clauses"] = quality.quotes_in_clauses(targets, clauses)
    yield from report(context, alerts, "targets", outcomes)


@dg.multi_asset_check(
    specs=_specs("agencies", ("schema", "non_empty", "unique_key")),
    ins={"agencies": dg.AssetIn()},
)
def agencies_checks(
    context: dg.AssetCheckExecutionContext, alerts: AlertResource, agencies: pa.Table
) -> Iterator[dg.AssetCheckResult]:
    """Schema, rows and unique agency ids."""
    yield from report(context, alerts, "agencies", _table_outcomes("agencies", agencies, {}))


@dg.multi_asset_check(
    specs=_specs(
        "clause_agencies",
        ("schema", "non_empty", "unique_key", "foreign_keys"),
        deps=("clauses", "agencies", "deduplicated_documents"),
    ),
    ins={
        "clause_agencies": dg.AssetIn(),
        "clauses": dg.AssetIn(),
        "agencies": dg.AssetIn(),
        "deduplicated_documents": dg.AssetIn(),
    },
)
def clause_agencies_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    clause_agencies: pa.Table,
    clauses: pa.Table,
    agencies: pa.Table,
    deduplicated_documents: list[Plan],
) -> Iterator[dg.AssetCheckResult]:
    """Schema, rows, unique links; every link's plan, clause and agency exist."""
    related = {
        "documents": _doc_ids(deduplicated_documents),
        "clauses": clauses,
        "agencies": agencies,
    }
    outcomes = _table_outcomes("clause_agencies", clause_agencies, related)
    yield from report(context, alerts, "clause_agencies", outcomes)


@dg.multi_asset_check(
    specs=_specs(
        "citations",
        ("schema", "unique_key", "foreign_keys"),
        deps=("clauses", "deduplicated_documents"),
    ),
    ins={
        "citations": dg.AssetIn(),
        "clauses": dg.AssetIn(),
        "deduplicated_documents": dg.AssetIn(),
    },
)
def citations_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    citations: pa.Table,
    clauses: pa.Table,
    deduplicated_documents: list[Plan],
) -> Iterator[dg.AssetCheckResult]:
    """Schema and unique ids; every citing plan and clause, and every resolved cited plan,
    exist. A release may hold no citations."""
    related = {"documents": _doc_ids(deduplicated_documents), "clauses": clauses}
    outcomes = _table_outcomes("citations", citations, related, require_rows=False)
    yield from report(context, alerts, "citations", outcomes)


@dg.multi_asset_check(
    specs=_specs(
        "clause_links",
        ("schema", "unique_key", "foreign_keys"),
        deps=("clauses", "deduplicated_documents"),
    ),
    ins={
        "clause_links": dg.AssetIn(),
        "clauses": dg.AssetIn(),
        "deduplicated_documents": dg.AssetIn(),
    },
)
def clause_links_checks(
    context: dg.AssetCheckExecutionContext,
    alerts: AlertResource,
    clause_links: pa.Table,
    clauses: pa.Table,
    deduplicated_documents: list[Plan],
) -> Iterator[dg.AssetCheckResult]:
    """Schema and unique pairs; both clauses and both plans of every link exist. Unrelated
    plans share no text, so a release may hold no links."""
    related = {"documents": _doc_ids(deduplicated_documents), "clauses": clauses}
    outcomes = _table_outcomes("clause_links", clause_links, related, require_rows=False)
    yield from report(context, alerts, "clause_links", outcomes)


@dg.multi_asset_check(
    specs=_specs("indicators", ("schema", "non_empty", "unique_key")),
    ins={"indicators": dg.AssetIn()},
)
def indicators_checks(
    context: dg.AssetCheckExecutionContext, alerts: AlertResource, indicators: pa.Table
) -> Iterator[dg.AssetCheckResult]:
    """Schema, rows and unique indicator ids."""
    yield from report(context, alerts, "indicators", _table_outcomes("indicators", indicators, {}))


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "files_intact",
            asset="release",
            description="Every file of the latest release matches the sha256 and row count "
            "its manifest records.",
        ),
        dg.AssetCheckSpec(
            "published_tables_valid",
            asset="release",
            description="The published Parquet files pass every table check again, "
            "including foreign keys across all tables.",
        ),
    ],
)
def release_checks(
    context: dg.AssetCheckExecutionContext, alerts: AlertResource, storage: StorageResource
) -> Iterator[dg.AssetCheckResult]:
    """Re-read the latest release from disk: integrity and content."""
    root = storage.releases_root
    version = read_latest(root)
    if version is None:
        missing = CheckOutcome(False, f"no release under {root}")
        yield from report(
            context, alerts, "release", {"files_intact": missing, "published_tables_valid": missing}
        )
        return
    problems = verify(root, version)
    intact = CheckOutcome(
        not problems,
        f"release {version}: " + ("; ".join(problems) if problems else "every file intact"),
        {"version": version, "problems": problems},
    )
    manifest = read_manifest(root, version)
    tables = {name: read_table(root, version, name) for name in manifest["tables"]}
    results = quality.validate_tables(tables)
    failed = {k: o for k, o in results.items() if not o.passed}
    valid = CheckOutcome(
        not failed,
        f"release {version}: "
        + (
            f"{len(failed)} of {len(results)} checks failed"
            if failed
            else f"all {len(results)} checks pass"
        ),
        {"version": version, "failed": {k: o.description for k, o in failed.items()}},
    )
    yield from report(
        context, alerts, "release", {"files_intact": intact, "published_tables_valid": valid}
    )


class FreshnessConfig(dg.Config):
    """How old a source's last successful fetch may be before its check fails."""

    max_age_days: float | None = None  # default: HEALTHPLANS_FRESHNESS_DAYS (3)


def freshness_check_name(source_id: str) -> str:
    return f"fresh__{source_id}"


def build_freshness_checks() -> dg.AssetChecksDefinition:
    """One check per registered source on `pages`, all evaluated by one op over the index."""
    sources = sorted(load_registry())

    @dg.multi_asset_check(
        name="freshness_checks",
        specs=[
            dg.AssetCheckSpec(
                freshness_check_name(s),
                asset="pages",
                description=f"Source {s} was fetched successfully within the last "
                "max_age_days days (archive index).",
            )
            for s in sources
        ],
    )
    def _check(
        context: dg.AssetCheckExecutionContext,
        config: FreshnessConfig,
        alerts: AlertResource,
        storage: StorageResource,
    ) -> Iterator[dg.AssetCheckResult]:
        last = last_fetches(storage.root / "archive" / "index.sqlite")
        max_age = timedelta(days=config.max_age_days or load_ops_settings().freshness_days)
        now = datetime.now(UTC)
        outcomes = {
            freshness_check_name(f.source_id): CheckOutcome(
                f.fresh,
                f.describe(),
                {"last_fetch": f.last_fetch.isoformat() if f.last_fetch else "never"},
            )
            for f in freshness(sources, last, now, max_age)
        }
        yield from report(context, alerts, "pages", outcomes)

    return _check


freshness_checks = build_freshness_checks()

ALL_CHECKS = [
    documents_checks,
    clauses_checks,
    targets_checks,
    agencies_checks,
    clause_agencies_checks,
    citations_checks,
    clause_links_checks,
    indicators_checks,
    release_checks,
    freshness_checks,
]
