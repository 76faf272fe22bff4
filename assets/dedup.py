"""Dedup stage: copies of one plan, however many sites posted it, merged into one plan."""

import dagster as dg

from healthplans.assets.resources import StorageResource
from healthplans.dataset.dedup import ParsedCopy, Plan, merge_copies
from healthplans.dataset.release import published_ids


@dg.asset(group_name="dedup")
def plans(storage: StorageResource, parsed_copies: list[ParsedCopy]) -> dg.Output[list[Plan]]:
    """One plan per document; ids published in the latest release are kept."""
    previous = published_ids(storage.releases_root)
    merged = merge_copies(parsed_copies, previous)
    known = set(previous.values())
    return dg.Output(
        merged,
        metadata={
            "plans": len(merged),
            "copies": len(parsed_copies),
            "merged_copies": len(parsed_copies) - len(merged),
            "ids_kept_from_previous_release": sum(p.doc_id in known for p in merged),
        },
    )
