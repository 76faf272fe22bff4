"""Dagster resources: where data lives, and the crawler (live sites or the bundled mirror)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from healthplans.settings import load_settings
from mirror.server import serve_mirror
from scrapers.archive import Archive
from scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient, UrlMap


class StorageResource(dg.ConfigurableResource):
    """Data root holding the archive and the releases (default: HEALTHPLANS_DATA_ROOT or ./data)."""

    data_root: str | None = None

    @property
    def root(self) -> Path:
        return Path(self.data_root) if self.data_root else load_settings().data_root

    @property
    def releases_root(self) -> Path:
        return self.root / "releases"

    def archive(self) -> Archive:
        return Archive(self.root / "archive")


class CrawlerResource(dg.ConfigurableResource):
    """HTTP access to the sources: `mirror` serves the bundled fixture sites on 127.0.0.1."""

    mode: str | None = None  # mirror | live; default from HEALTHPLANS_CRAWL
    min_interval_s: float = 2.0  # per host; the mirror is local, so it is not throttled

    @property
    def resolved_mode(self) -> str:
        return self.mode or load_settings().crawl_mode

    @contextmanager
    def client(self) -> Iterator[PoliteClient]:
        """A polite client for the configured mode, with the mirror running while it is used."""
        if self.resolved_mode == "live":
            yield PoliteClient(ClientConfig(min_interval_s=self.min_interval_s), UrlMap())
            return
        with serve_mirror() as base:
            yield PoliteClient(ClientConfig(min_interval_s=0.0), MirrorUrlMap(base))
