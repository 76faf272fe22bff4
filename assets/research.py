"""Research stage: policy lineage (citations), text reuse between plans (clause_links) and the
indicator vocabulary targets are mapped to (indicators)."""

import dagster as dg
import pyarrow as pa

from healthplans.assets.metadata import table_metadata
from healthplans.dataset.dedup import Plan
from healthplans.dataset.tables import citation_table, clause_link_table, indicator_table


@dg.asset(group_name="research")
def citations(plans: list[Plan]) -> dg.Output[pa.Table]:
    """Documents each plan cites, resolved to plans of this release where possible."""
    table = citation_table(plans)
    resolved = table.num_rows - table.column("cited_doc_id").null_count
    return dg.Output(table, metadata={**table_metadata(table), "resolved": resolved})


@dg.asset(group_name="research")
def clause_links(clauses: pa.Table, documents: pa.Table) -> dg.Output[pa.Table]:
    """Clauses of different plans sharing text, from the higher-level or earlier plan."""
    table = clause_link_table(clauses, documents)
    return dg.Output(table, metadata=table_metadata(table))


@dg.asset(group_name="research")
def indicators() -> dg.Output[pa.Table]:
    """The canonical indicators (parsing/data/indicators.yaml) that targets.indicator_id names."""
    table = indicator_table()
    return dg.Output(table, metadata=table_metadata(table))
