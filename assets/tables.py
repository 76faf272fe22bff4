"""Dedup and table stages: copies merged into plans, and the rows of each published table."""

import dagster as dg
import pyarrow as pa

from healthplans.dataset.dedup import ParsedCopy, Plan, merge_copies
from healthplans.dataset.release import published_ids
from healthplans.dataset.tables import agency_tables, clause_table, target_table
from healthplans.pipelines.metadata import table_metadata
from healthplans.pipelines.resources import StorageResource


@dg.asset(group_name="dedup")
def deduplicated_documents(
    storage: StorageResource, documents: list[ParsedCopy]
) -> dg.Output[list[Plan]]:
    """One plan per document, however many sites posted it; published ids are kept."""
    previous = published_ids(storage.releases_root)
    plans = merge_copies(documents, previous)
    known = set(previous.values())
    return dg.Output(
        plans,
        metadata={
            "plans": len(plans),
            "copies": len(documents),
            "merged_copies": len(documents) - len(plans),
            "ids_kept_from_previous_release": sum(p.doc_id in known for p in plans),
        },
    )


def _rows(table: pa.Table) -> dict:
    return table_metadata(table)


@dg.asset(group_name="tables")
def clauses(deduplicated_documents: list[Plan]) -> dg.Output[pa.Table]:
    """Numbered clauses of every plan."""
    table = clause_table(deduplicated_documents)
    return dg.Output(table, metadata=_rows(table))


@dg.asset(group_name="tables")
def targets(deduplicated_documents: list[Plan]) -> dg.Output[pa.Table]:
    """Quantified targets of every plan."""
    table = target_table(deduplicated_documents)
    return dg.Output(table, metadata=_rows(table))


@dg.multi_asset(
    group_name="tables",
    outs={"agencies": dg.AssetOut(), "clause_agencies": dg.AssetOut()},
)
def agencies(deduplicated_documents: list[Plan]):  # type: ignore[no-untyped-def]
    """Canonical agencies, and which of them leads or supports which clause."""
    agency, links = agency_tables(deduplicated_documents)
    yield dg.Output(agency, output_name="agencies", metadata=_rows(agency))
    yield dg.Output(links, output_name="clause_agencies", metadata=_rows(links))
