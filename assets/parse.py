"""Parse stage: normalized text, metadata, clauses, targets and agencies of every fetched copy."""

import dagster as dg

from healthplans.dataset.dedup import ParsedCopy
from healthplans.parsing import parse_document
from healthplans.pipelines.resources import StorageResource
from healthplans.scrapers.crawl import FetchedCopy


@dg.asset(group_name="parse")
def documents(
    context: dg.AssetExecutionContext, storage: StorageResource, pages: list[FetchedCopy]
) -> dg.Output[list[ParsedCopy]]:
    """Every fetched copy parsed; copies that are not plans are quarantined with the reason."""
    archive = storage.archive()
    parsed: list[ParsedCopy] = []
    for copy in pages:
        doc = parse_document(copy.text, copy.hints)
        if not doc.is_plan:
            archive.quarantine(copy.url, copy.source_id, "parse", "not_a_plan", doc.reason or "")
            context.log.warning("%s is not a plan: %s", copy.url, doc.reason)
            continue
        parsed.append(ParsedCopy(copy, doc))
    return dg.Output(
        parsed,
        metadata={
            "count": len(parsed),
            "quarantined": len(pages) - len(parsed),
            "clauses": sum(len(p.parsed.clauses) for p in parsed),
            "targets": sum(len(p.parsed.targets) for p in parsed),
        },
    )
