"""Crawl fixtures: a fast, sleep-free polite client against servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from healthplans.mirror.faults import FaultSite, serve_faults
from healthplans.mirror.server import serve_mirror
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient
from healthplans.scrapers.state import CrawlState


class SleepLog(list[float]):
    """A no-op sleep that remembers how long it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fast_client(base: str, sleeps: SleepLog, **limits: float) -> PoliteClient:
    config = ClientConfig(
        min_interval_s=0.0,
        connect_timeout_s=2.0,
        read_timeout_s=limits.get("read_timeout_s", 5.0),
        max_body_bytes=int(limits.get("max_body_bytes", 50 * 1024 * 1024)),
        max_retries=int(limits.get("max_retries", 2)),
        backoff_base_s=0.5,
        deadline_s=limits.get("deadline_s", 30.0),
    )
    return PoliteClient(config, MirrorUrlMap(base), sleep=sleeps)


ClientFactory = Callable[..., tuple[PoliteClient, SleepLog]]


@pytest.fixture(scope="session")
def make_client() -> ClientFactory:
    """`make_client(base, **limits)` → (client, the log of its sleeps)."""

    def make(base: str, **limits: float) -> tuple[PoliteClient, SleepLog]:
        sleeps = SleepLog()
        return fast_client(base, sleeps, **limits), sleeps

    return make


@pytest.fixture(scope="module")
def faults() -> Iterator[FaultSite]:
    """The fault site (500s, 429s, timeouts, truncated bodies, ...) on 127.0.0.1."""
    with serve_faults() as site:
        yield site


@pytest.fixture(scope="module")
def mirror_base() -> Iterator[str]:
    with serve_mirror() as base:
        yield base


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "archive")


@pytest.fixture
def state(tmp_path: Path) -> CrawlState:
    return CrawlState(tmp_path / "state" / "crawl.sqlite")


@pytest.fixture
def mirror_fetcher(mirror_base: str, archive: Archive) -> Fetcher:
    return Fetcher(fast_client(mirror_base, SleepLog()), archive)
