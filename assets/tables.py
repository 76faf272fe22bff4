"""Table stage: the rows of each published table, one asset per table."""

from datetime import UTC, datetime

import dagster as dg
import pyarrow as pa

from healthplans.assets.metadata import table_metadata
from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.dataset.dedup import Plan
from healthplans.dataset.source_status import source_status_table
from healthplans.dataset.tables import (
    agency_tables,
    clause_table,
    document_table,
    quarantine_table,
    source_table,
    target_table,
)
from healthplans.dataset.vanished import update_sources


def _output(table: pa.Table) -> dg.Output[pa.Table]:
    return dg.Output(table, metadata=table_metadata(table))


@dg.asset(group_name="tables")
def documents(plans: list[Plan]) -> dg.Output[pa.Table]:
    """One row per plan: metadata, the canonical copy's text and where it came from."""
    return _output(document_table(plans))


# source_liveness runs on its own schedule; sources read what it recorded in the crawl state.
@dg.asset(group_name="tables", deps=["source_liveness"])
def sources(storage: StorageResource, plans: list[Plan]) -> dg.Output[pa.Table]:
    """Every copy of every plan (URL, fetch time, sha256), with gone_since from the liveness
    observations so far."""
    table = source_table(plans)
    observations = storage.state().observations()
    if observations:
        rows = update_sources(table.to_pylist(), observations)
        table = pa.Table.from_pylist(rows, schema=table.schema)
    return _output(table)


@dg.asset(group_name="tables")
def clauses(plans: list[Plan]) -> dg.Output[pa.Table]:
    """Numbered clauses of every plan."""
    return _output(clause_table(plans))


@dg.asset(group_name="tables")
def targets(plans: list[Plan]) -> dg.Output[pa.Table]:
    """Quantified targets of every plan, with their canonical indicator."""
    return _output(target_table(plans))


@dg.multi_asset(
    group_name="tables",
    outs={"agencies": dg.AssetOut(), "clause_agencies": dg.AssetOut()},
)
def agencies(plans: list[Plan]):  # type: ignore[no-untyped-def]
    """Canonical agencies, and which of them leads or supports which clause."""
    agency, links = agency_tables(plans)
    yield dg.Output(agency, output_name="agencies", metadata=table_metadata(agency))
    yield dg.Output(links, output_name="clause_agencies", metadata=table_metadata(links))


@dg.asset(group_name="tables", deps=["parsed_copies"])
def quarantine(storage: StorageResource) -> dg.Output[pa.Table]:
    """What could not be fetched or parsed, and why (latest entry per URL, stage and reason)."""
    return _output(quarantine_table(storage.archive().quarantine_entries()))


@dg.asset(group_name="tables", deps=["copies"])
def source_status(crawler: CrawlerResource, storage: StorageResource) -> dg.Output[pa.Table]:
    """Every registered source, enabled or not: its last crawl's outcome and tallies, its last
    success, and its silence against its usual cadence."""
    state = storage.state()
    described = [s.description() for s in crawler.registry(include_disabled=True).values()]
    table = source_status_table(
        described, state.runs(), state.list_dates(), datetime.now(UTC), state.set_aside()
    )
    return _output(table)
