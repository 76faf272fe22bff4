"""Dagster resources: where data lives, and the crawler (live sites, bundled mirror, or replay)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from healthplans.mirror.server import serve_mirror
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient, UrlMap
from healthplans.scrapers.registry import host_intervals, load_registry
from healthplans.scrapers.replay import ReplayClient
from healthplans.scrapers.state import CrawlState
from healthplans.settings import load_settings


class StorageResource(dg.ConfigurableResource):
    """Data root holding the archive, crawl state and releases (HEALTHPLANS_DATA_ROOT or ./data)."""

    data_root: str | None = None
    releases: str | None = None  # path or fsspec URL; default <data_root>/releases

    @property
    def root(self) -> Path:
        return Path(self.data_root) if self.data_root else load_settings().data_root

    @property
    def releases_root(self) -> Path | str:
        """Local directory or fsspec URL (s3://...) the releases are published to."""
        if self.releases:
            return self.releases
        if self.data_root:
            return self.root / "releases"
        return load_settings().releases_root

    def archive(self) -> Archive:
        return Archive(self.root / "archive")

    def state(self) -> CrawlState:
        """What the crawl already knows; derived from the archive, rebuilt by a replay."""
        return CrawlState(self.root / "state" / "crawl.sqlite")


class CrawlerResource(dg.ConfigurableResource):
    """HTTP access to the sources.

    `mirror` serves the bundled fixture sites on 127.0.0.1, `live` fetches the real sites, and
    `replay` answers from the archive alone (no network).
    """

    mode: str | None = None  # mirror | live | replay; default from HEALTHPLANS_CRAWL
    min_interval_s: float = 2.0  # per host; the mirror is local, so it is not throttled

    @property
    def resolved_mode(self) -> str:
        return self.mode or load_settings().crawl_mode

    @contextmanager
    def fetcher(self, archive: Archive) -> Iterator[Fetcher]:
        """A fetcher for the configured mode, with the mirror running while it is used."""
        mode = self.resolved_mode
        if mode == "replay":
            yield Fetcher(ReplayClient(archive), archive)
        elif mode == "live":
            config = ClientConfig(
                min_interval_s=self.min_interval_s, host_intervals=host_intervals(load_registry())
            )
            yield Fetcher(PoliteClient(config, UrlMap()), archive)
        elif mode == "mirror":
            with serve_mirror() as base:
                client = PoliteClient(ClientConfig(min_interval_s=0.0), MirrorUrlMap(base))
                yield Fetcher(client, archive)
        else:
            raise ValueError(f"unknown crawl mode {mode!r}")
