"""Release stage: every table written as a new immutable versioned release, when content changed."""


import dagster as dg
import pyarrow as pa

from dataset.dedup import Plan
from dataset.release import publish
from dataset.tables import document_table, quarantine_table, source_table
from pipelines.resources import CrawlerResource, StorageResource


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
    result = publish(tables, storage.releases_root, extra={"crawl_mode": crawler.resolved_mode})
    if result.published:
        context.log.info("published release %s at %s", result.version, result.path)
    else:
        context.log.info("nothing changed since release %s; no new release", result.version)
    rows = {name: entry["rows"] for name, entry in result.manifest["tables"].items()}
    return dg.MaterializeResult(
        metadata={
            "version": result.version or "",
            "published": result.published,
            "path": dg.MetadataValue.path(str(result.path)),
            "rows": dg.MetadataValue.json(rows),
        }
    )
