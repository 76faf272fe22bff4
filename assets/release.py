"""Release stage: every table written as a new immutable versioned release, when content changed."""

from typing import Any

import dagster as dg
import pyarrow as pa

from healthplans.dataset.changes import vanished_section
from healthplans.dataset.dedup import Plan
from healthplans.dataset.feeds_research import research_feed_files
from healthplans.dataset.release import publish
from healthplans.dataset.report import REPORT, report_files
from healthplans.dataset.tables import document_table, quarantine_table, source_table
from healthplans.dataset.vanished import update_sources
from healthplans.pipelines.metadata import markdown_preview, release_observations
from healthplans.pipelines.resources import CrawlerResource, StorageResource

# Table assets and the release table each becomes: the UI shows the release on each of them.
RELEASED_ASSETS = {
    "deduplicated_documents": "documents",
    "clauses": "clauses",
    "targets": "targets",
    "agencies": "agencies",
    "clause_agencies": "clause_agencies",
    "citations": "citations",
    "clause_links": "clause_links",
    "indicators": "indicators",
}


def release_files(
    manifest: dict[str, Any], tables: dict[str, pa.Table], changes: dict[str, Any]
) -> dict[str, bytes]:
    """Files besides the tables: report.html and the per-region and per-topic feeds."""
    return {
        **report_files(manifest, tables, changes),
        **research_feed_files(manifest, tables, changes),
    }


def sources_with_liveness(plans: list[Plan], storage: StorageResource) -> pa.Table:
    """`sources` with gone_since and last_seen from every liveness observation so far."""
    sources = source_table(plans)
    observations = storage.state().observations()
    if not observations:
        return sources
    rows = update_sources(sources.to_pylist(), observations)
    return pa.Table.from_pylist(rows, schema=sources.schema)


# source_liveness runs on its own schedule; the release reads what it recorded in the crawl state.
@dg.asset(group_name="release", deps=["source_liveness"])
def release(
    context: dg.AssetExecutionContext,
    storage: StorageResource,
    crawler: CrawlerResource,
    deduplicated_documents: list[Plan],
    clauses: pa.Table,
    targets: pa.Table,
    agencies: pa.Table,
    clause_agencies: pa.Table,
    citations: pa.Table,
    clause_links: pa.Table,
    indicators: pa.Table,
) -> dg.MaterializeResult:
    """Publish every table as Parquet, with the feeds, the report and the vanished plans."""
    tables = {
        "documents": document_table(deduplicated_documents),
        "sources": sources_with_liveness(deduplicated_documents, storage),
        "clauses": clauses,
        "targets": targets,
        "agencies": agencies,
        "clause_agencies": clause_agencies,
        "citations": citations,
        "clause_links": clause_links,
        "indicators": indicators,
        "quarantine": quarantine_table(storage.archive().quarantine_entries()),
    }
    result = publish(
        tables,
        storage.releases_root,
        extra={"crawl_mode": crawler.resolved_mode},
        extra_files=release_files,
    )
    if result.published:
        context.log.info("published release %s at %s", result.version, result.path)
    else:
        context.log.info("nothing changed since release %s; no new release", result.version)
    rows = {name: entry["rows"] for name, entry in result.manifest["tables"].items()}
    for observation in release_observations(
        result.version, result.path, result.manifest, RELEASED_ASSETS
    ):
        context.log_event(observation)
    return dg.MaterializeResult(
        metadata={
            "version": result.version or "",
            "published": result.published,
            "path": dg.MetadataValue.path(str(result.path)),
            "report": dg.MetadataValue.path(f"{result.path}/{REPORT}"),
            "rows": dg.MetadataValue.json(rows),
            "vanished": len(vanished_section(tables["sources"], tables["documents"])),
            "documents": dg.MetadataValue.md(markdown_preview(tables["documents"])),
        }
    )
