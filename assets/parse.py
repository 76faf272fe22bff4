"""Parse stage: every stored copy read as a plan, with what it cites, measures and names."""

import dagster as dg

from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.dataset.dedup import ParsedCopy
from healthplans.parsing import parse_document
from healthplans.parsing.resolve import resolve
from healthplans.scrapers.crawl import stored_copies


@dg.asset(group_name="parse", deps=["copies"])
def parsed_copies(
    context: dg.AssetExecutionContext, crawler: CrawlerResource, storage: StorageResource
) -> dg.Output[list[ParsedCopy]]:
    """Every copy in the crawl state, checked against its archived bytes, parsed and resolved
    (citations, indicator ids, canonical agencies); copies that are not plans are quarantined
    with the reason."""
    archive, state = storage.archive(), storage.state()
    stored = stored_copies(crawler.registry(), archive, state)
    parsed: list[ParsedCopy] = []
    for copy in stored:
        doc = parse_document(copy.text, copy.hints)
        if not doc.is_plan:
            archive.quarantine(copy.url, copy.source_id, "parse", "not_a_plan", doc.reason or "")
            context.log.warning("%s is not a plan: %s", copy.url, doc.reason)
            continue
        parsed.append(ParsedCopy(copy, doc, resolve(doc)))
    return dg.Output(
        parsed,
        metadata={
            "count": len(parsed),
            "quarantined": len(stored) - len(parsed),
            "clauses": sum(len(p.parsed.clauses) for p in parsed),
            "targets": sum(len(p.parsed.targets) for p in parsed),
            "citations": sum(len(p.resolved.citations) for p in parsed),
        },
    )
