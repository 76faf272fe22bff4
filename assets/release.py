"""Release stage: the published tables assembled into a new immutable versioned release, when
their content changed."""

from typing import Any

import dagster as dg
import pyarrow as pa

from healthplans.assets.metadata import markdown_preview, release_observations
from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.dataset.changes import vanished_section
from healthplans.dataset.feeds_research import research_feed_files
from healthplans.dataset.package import Citation
from healthplans.dataset.release import publish
from healthplans.dataset.report import REPORT, report_files
from healthplans.dataset.schema import DERIVED_TABLES, TABLES

# Every table of the dataset is an asset of the same name, except the version history the
# release writer derives from the previous release.
TABLE_ASSETS = tuple(name for name in TABLES if name not in DERIVED_TABLES)


def release_files(
    manifest: dict[str, Any], tables: dict[str, pa.Table], changes: dict[str, Any]
) -> dict[str, bytes]:
    """Files besides the tables: report.html and the per-region and per-topic feeds."""
    return {
        **report_files(manifest, tables, changes),
        **research_feed_files(manifest, tables, changes),
    }


@dg.asset(group_name="release", ins={name: dg.AssetIn() for name in TABLE_ASSETS})
def release(
    context: dg.AssetExecutionContext,
    storage: StorageResource,
    crawler: CrawlerResource,
    **tables: pa.Table,
) -> dg.MaterializeResult:
    """Publish every table as Parquet, with the feeds, the report and the vanished plans."""
    result = publish(
        tables,
        storage.releases_root,
        extra={"crawl_mode": crawler.mode},
        extra_files=release_files,
        public_url=storage.public_url,
        citation=Citation(concept_doi=storage.concept_doi, release_doi=storage.release_doi),
    )
    if result.published:
        context.log.info("published release %s at %s", result.version, result.path)
    else:
        context.log.info("nothing changed since release %s; no new release", result.version)
    rows = {name: entry["rows"] for name, entry in result.manifest["tables"].items()}
    for observation in release_observations(
        result.version, result.path, result.manifest, TABLE_ASSETS
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
