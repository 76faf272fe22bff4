"""Dagster resources: where data lives, and the crawler (live sites, a fixture mirror, or replay).

Every field is a plain value set when the Definitions are built (healthplans.settings is read by
the entry point, not here), so the UI shows the configuration a run used.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from healthplans.scrapers.archive import Archive
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient, UrlMap
from healthplans.scrapers.registry import Source, host_intervals, load_registry
from healthplans.scrapers.replay import ReplayClient
from healthplans.scrapers.state import CrawlState
from healthplans.settings import CRAWL_MODES, DataLayout


class StorageResource(dg.ConfigurableResource):
    """Data root holding the archive, crawl state and releases."""

    data_root: str = "data"
    releases: str | None = None  # path or fsspec URL; default <data_root>/releases
    public_url: str | None = None  # where the releases root is served, for the root feed's links
    concept_doi: str | None = None  # DOIs for CITATION.cff (Zenodo), when configured
    release_doi: str | None = None

    @property
    def layout(self) -> DataLayout:
        return DataLayout(Path(self.data_root), self.releases)

    @property
    def root(self) -> Path:
        return self.layout.root

    @property
    def releases_root(self) -> Path | str:
        """Local directory or fsspec URL (s3://...) the releases are published to."""
        return self.layout.releases

    def archive(self) -> Archive:
        return Archive(self.layout.archive)

    def state(self) -> CrawlState:
        """What the crawl already knows; derived from the archive, rebuilt by a replay."""
        return CrawlState(self.layout.crawl_state)


class CrawlerResource(dg.ConfigurableResource):
    """HTTP access to the sources.

    `live` fetches the real sites, `mirror` the fixture sites served at `mirror_url`, and `replay`
    answers from the archive alone (no network).
    """

    mode: str = "mirror"
    mirror_url: str | None = None
    min_interval_s: float = 2.0  # per host on live sites; the mirror is local, so not throttled
    concurrency: int = 4  # sources crawled at once; each host keeps its own pace

    def registry(self, include_disabled: bool = False) -> dict[str, Source]:
        """The sources of the registry (scrapers/sources.yaml): the enabled ones, or all."""
        return load_registry(include_disabled=include_disabled)

    def reachable(self) -> dict[str, Source]:
        """The enabled sources this mode can reach: on the mirror, those whose hosts it
        reconstructs (the mirror says which); live and replay, all of them."""
        registry = self.registry()
        if self.mode != "mirror" or not self.mirror_url:
            return registry
        served = MirrorUrlMap(self.mirror_url).served_hosts()
        return {k: s for k, s in registry.items() if set(s.hosts) <= served}

    def fetcher(self, archive: Archive) -> Fetcher:
        """A fetcher for the configured mode; raises ValueError on an unusable configuration."""
        if self.mode == "replay":
            return Fetcher(ReplayClient(archive), archive)
        if self.mode == "live":
            config = ClientConfig(
                min_interval_s=self.min_interval_s, host_intervals=host_intervals(self.registry())
            )
            return Fetcher(PoliteClient(config, UrlMap()), archive)
        if self.mode == "mirror":
            if not self.mirror_url:
                raise ValueError(
                    "crawl mode 'mirror' needs the mirror's URL: start one with "
                    "`healthplans mirror` and set HEALTHPLANS_MIRROR_URL, or use `healthplans run`"
                )
            client = PoliteClient(ClientConfig(min_interval_s=0.0), MirrorUrlMap(self.mirror_url))
            return Fetcher(client, archive)
        raise ValueError(f"unknown crawl mode {self.mode!r}; expected one of {CRAWL_MODES}")
