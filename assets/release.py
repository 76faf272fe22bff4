"""Release stage: every table written as a new immutable versioned release, when content changed."""

import dagster as dg
import pyarrow as pa

from dataset.dedup import Plan
from dataset.release import publish
from dataset.report import REPORT, report_files
from dataset.tables import document_table, quarantine_table, source_table
from pipelines.metadata import markdown_preview, release_observations
from pipelines.resources import CrawlerResource, StorageResource

# Table assets and the release table each becomes: the UI shows the release on each of them.
RELEASED_ASSETS = {
    "deduplicated_documents": "documents",
    "clauses": "clauses",
    "targets": "targets",
    "agencies": "agencies",
    "clause_agencies": "clause_agencies",
}


@dg.asset(group_name="release")
def release(
    context: dg.AssetExecutionContext,
    storage: StorageResource,
    crawler: CrawlerResource,
    deduplicated_documents: list[Plan],
    clauses: pa.Table,
    targets: pa.Table,
    agencies: pa.Table,
    clause_agencies: pa.Table,
) -> dg.MaterializeResult:
    """Publish documents, sources, clauses, targets, agencies and clause_agencies as Parquet."""
    tables = {
        "documents": document_table(deduplicated_documents),
        "sources": source_table(deduplicated_documents),
        "clauses": clauses,
        "targets": targets,
        "agencies": agencies,
        "clause_agencies": clause_agencies,
        "quarantine": quarantine_table(storage.archive().quarantine_entries()),
    }
    result = publish(
        tables,
        storage.releases_root,
        extra={"crawl_mode": crawler.resolved_mode},
        extra_files=report_files,
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
            "documents": dg.MetadataValue.md(markdown_preview(tables["documents"])),
        }
    )
