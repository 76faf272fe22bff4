"""Liveness re-check: is every copy the dataset holds still served where it was found?

The crawl is incremental (a listing stops at its first known entry, a stored copy is not fetched
again), so on its own it never notices a plan taken down. This check sends one conditional GET
per known copy URL, with the archive's validators: 304 or 200 means still there (a changed body
is archived like any fetch), 404/410 means gone, anything else tells nothing. Each answer becomes
a SourceObservation in the crawl state; dataset.vanished turns them into `sources.gone_since`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from healthplans.records import SourceObservation
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.registry import Source

log = logging.getLogger(__name__)


def check_urls(
    urls: Iterable[tuple[str, str]], registry: Mapping[str, Source], fetcher: Fetcher
) -> list[SourceObservation]:
    """One observation per (source_id, url); URLs of sources no longer registered are skipped."""
    observations = []
    for source_id, url in urls:
        source = registry.get(source_id)
        if source is None:
            log.info("%s: source %s is not registered; not checked", url, source_id)
            continue
        status = fetcher.status(url, source)
        observations.append(SourceObservation(url, status, None, datetime.now(UTC)))
    return observations
