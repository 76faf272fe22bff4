"""Documents that disappear from official sites while the archive still holds their bytes.

The crawl reports, for every known URL it looked at, a SourceObservation: the HTTP status of a
fetch (None when the URL was not fetched this run) and whether the URL was still listed on its
listing page (None when the listing was not crawled). From these, a `sources` row gets
`gone_since`: the time of the first observation saying the copy is gone, after the last one
saying it is there.

- Gone: HTTP 404 or 410; or the URL missing from a listing that was crawled, when the URL was not
  fetched successfully in the same observation (a plan dropped from a listing but still served
  is still there).
- There: any 2xx or 3xx status. It clears `gone_since` (a page can come back) and moves
  `last_seen`.
- Neither: other statuses (5xx, 403, 429) and failed fetches (status None, listing None) are
  transient and change nothing.

A document has vanished when every copy of it (every `sources` row) is gone and the archive
still holds the bytes of at least one copy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

# Recorded by the crawl state (scrapers/state.py, liveness checks in scrapers/liveness.py).
from healthplans.records import SourceObservation

__all__ = [
    "GONE_STATUSES",
    "SourceObservation",
    "VanishedDocument",
    "gone_since",
    "update_sources",
    "vanished_documents",
    "verdict",
]

GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class VanishedDocument:
    """A plan no site serves any more, with when its last copy went."""

    doc_id: str
    gone_since: datetime  # when the last remaining copy was first seen gone
    urls: tuple[str, ...]
    archived_sha256: tuple[str, ...]  # bytes the archive holds for it


def verdict(observation: SourceObservation) -> str | None:
    """ "gone", "there" or None (nothing learned) for one observation."""
    status = observation.status
    if status is not None and 200 <= status < 400:
        return "there"
    if status in GONE_STATUSES:
        return "gone"
    if observation.seen_in_listing is False and status is None:
        return "gone"
    return None


def gone_since(
    current: datetime | None, observations: Iterable[SourceObservation]
) -> tuple[datetime | None, datetime | None]:
    """(gone_since, last_there) of one URL after these observations, from its current gone_since.

    `last_there` is the latest observation that saw the page (for `last_seen`), or None.
    """
    since, last_there = current, None
    for observation in sorted(observations, key=lambda o: o.at):
        seen = verdict(observation)
        if seen == "there":
            since, last_there = None, observation.at
        elif seen == "gone" and since is None:
            since = observation.at
    return since, last_there


def update_sources(
    rows: Iterable[Mapping[str, object]], observations: Iterable[SourceObservation]
) -> list[dict[str, object]]:
    """`sources` rows with `gone_since` set (or cleared) and `last_seen` moved by observations.

    Rows need url, last_seen and, once the column exists, gone_since; other columns pass through.
    """
    by_url: dict[str, list[SourceObservation]] = defaultdict(list)
    for observation in observations:
        by_url[observation.url].append(observation)
    updated = []
    for row in rows:
        current = row.get("gone_since")
        since, last_there = gone_since(
            current if isinstance(current, datetime) else None, by_url.get(str(row["url"]), ())
        )
        new = dict(row)
        new["gone_since"] = since
        last_seen = row.get("last_seen")
        if last_there and (not isinstance(last_seen, datetime) or last_there > last_seen):
            new["last_seen"] = last_there
        updated.append(new)
    return updated


def vanished_documents(
    rows: Iterable[Mapping[str, object]], archived: Container[str] | None = None
) -> list[VanishedDocument]:
    """Documents whose every copy is gone and whose bytes the archive holds.

    `rows`: `sources` rows with doc_id, url, sha256 and gone_since. `archived`: sha256 digests the
    archive holds; None takes every row's sha256 as archived (the release only lists archived
    copies).
    """
    copies: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in rows:
        copies[str(row["doc_id"])].append(row)
    vanished = []
    for doc, members in sorted(copies.items()):
        gone = [m.get("gone_since") for m in members]
        if not all(isinstance(g, datetime) for g in gone):
            continue
        held = tuple(
            sorted(
                {str(m["sha256"]) for m in members if archived is None or m["sha256"] in archived}
            )
        )
        if not held:
            continue
        vanished.append(
            VanishedDocument(
                doc_id=doc,
                gone_since=max(g for g in gone if isinstance(g, datetime)),
                urls=tuple(sorted(str(m["url"]) for m in members)),
                archived_sha256=held,
            )
        )
    return vanished
