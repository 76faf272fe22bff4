"""Asset checks: the functions of `dataset.quality` and `scrapers.freshness` as Dagster checks.

Checks on the tables feeding the release are blocking: a failure stops `release` from running in
that run, so a broken table never reaches a published release. Checks on `release` itself re-read
the published files (nothing is downstream, so they only report), and freshness checks on `copies`
report sources the crawler has not reached for too long. Any failure is also sent through the
alerts resource.
"""

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

import dagster as dg
import pyarrow as pa

from healthplans.assets.release import TABLE_ASSETS
from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.dataset import quality
from healthplans.dataset.quality import CheckOutcome
from healthplans.dataset.release import read_latest, read_manifest, read_table, verify
from healthplans.dataset.source_status import MIN_SILENCE_DAYS, SILENCE_FACTOR, source_health
from healthplans.pipelines.alerts import AlertDeliveryError, AlertResource, check_failure_alert
from healthplans.scrapers.archive import INDEX
from healthplans.scrapers.freshness import freshness, last_fetches
from healthplans.scrapers.http import FetchError
from healthplans.scrapers.registry import load_registry

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


def table_checks(name: str) -> dg.AssetChecksDefinition:
    """Blocking checks on table asset `name` (dataset.quality.check_names), reading the tables
    its rows refer to as well."""
    parents = quality.parent_tables(name)
    specs = [
        dg.AssetCheckSpec(
            check,
            asset=name,
            blocking=True,
            additional_deps=list(parents),
            description=DESCRIPTIONS.get(check),
        )
        for check in quality.check_names(name)
    ]

    @dg.multi_asset_check(
        name=f"{name}_checks",
        specs=specs,
        ins={n: dg.AssetIn(n) for n in (name, *parents)},
    )
    def _checks(
        context: dg.AssetCheckExecutionContext, alerts: AlertResource, **tables: pa.Table
    ) -> Iterator[dg.AssetCheckResult]:
        yield from report(context, alerts, name, quality.table_outcomes(name, tables))

    return _checks


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

    max_age_days: float | None = None  # default: the HEALTHPLANS_FRESHNESS_DAYS setting (3)


def freshness_check_name(source_id: str) -> str:
    return f"fresh__{source_id}"


def build_freshness_checks(default_max_age_days: float) -> dg.AssetChecksDefinition:
    """One check per registered source on `copies`, all evaluated by one op over the index."""
    sources = sorted(load_registry())

    @dg.multi_asset_check(
        name="freshness_checks",
        specs=[
            dg.AssetCheckSpec(
                freshness_check_name(s),
                asset="copies",
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
        crawler: CrawlerResource,
    ) -> Iterator[dg.AssetCheckResult]:
        last = last_fetches(storage.layout.archive / INDEX)
        try:
            unreached = set(sources) - set(crawler.reachable())
        except FetchError:
            unreached = set()  # the mirror is gone: judge every source by its fetches
        max_age = timedelta(days=config.max_age_days or default_max_age_days)
        now = datetime.now(UTC)
        outcomes = {
            freshness_check_name(f.source_id): CheckOutcome(
                f.fresh,
                f.describe(),
                {"last_fetch": f.last_fetch.isoformat() if f.last_fetch else "never"},
            )
            for f in freshness(sources, last, now, max_age)
        }
        for source_id in unreached:
            outcomes[freshness_check_name(source_id)] = CheckOutcome(
                True,
                f"{source_id} is not crawled in {crawler.mode} mode (the mirror does not "
                "reconstruct its hosts)",
                {"last_fetch": "not applicable"},
            )
        yield from report(context, alerts, "copies", outcomes)

    return _check


# Warnings on source_status: they never block a release (a quiet publisher is no broken table).
SOURCE_HEALTH_CHECKS = ("sources_not_silent", "sources_reachable")


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "sources_not_silent",
            asset="source_status",
            description="No enabled source has been silent for longer than "
            f"{SILENCE_FACTOR:g} times its cadence (and {MIN_SILENCE_DAYS} days). A warning: "
            "it never blocks the release.",
        ),
        dg.AssetCheckSpec(
            "sources_reachable",
            asset="source_status",
            description="Every enabled source's lists were read on its last crawl (not blocked, "
            "not failed). A warning: it never blocks the release.",
        ),
    ],
    ins={"source_status": dg.AssetIn("source_status")},
)
def source_health_checks(
    context: dg.AssetCheckExecutionContext, alerts: AlertResource, source_status: pa.Table
) -> Iterator[dg.AssetCheckResult]:
    """Warn (and alert) about sources gone quiet or unreadable."""
    yield from report(
        context,
        alerts,
        "source_status",
        source_health(source_status),
        severity=dg.AssetCheckSeverity.WARN,
    )


def all_checks() -> list[dg.AssetChecksDefinition]:
    """Checks on every table asset, on the sources' health and on the published release."""
    return [*(table_checks(name) for name in TABLE_ASSETS), source_health_checks, release_checks]
