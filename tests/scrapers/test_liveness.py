"""Liveness re-check: one conditional GET per known URL, each answer an observation in the state."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from healthplans.dataset.vanished import verdict
from healthplans.mirror.faults import HOST, FaultSite
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.liveness import check_urls
from healthplans.scrapers.registry import Source, load_registry
from healthplans.scrapers.state import CrawlState

READ_TIMEOUT_S = 0.3


@pytest.fixture(scope="module")
def source() -> Source:
    return replace(load_registry()["gsei"], id="faults", allowed_domains=(HOST,))


@pytest.mark.parametrize(
    ("path", "status", "seen"),
    [
        # served: still there
        ("/art/ok.html", 200, "there"),
        # a page that is not (or no longer) there
        ("/art/removed.html", 404, "gone"),
        # a 500 the client retries into a 200
        ("/art/flaky500.html", 200, "there"),
        # a timeout says nothing about the page
        ("/art/slow.html", None, None),
        # a redirect off the site (a portal sending deleted pages to its home page) says nothing
        ("/art/offsite.html", None, None),
    ],
)
def test_each_answer_becomes_an_observation(
    faults: FaultSite,
    source: Source,
    make_client,
    tmp_path: Path,
    path: str,
    status: int | None,
    seen: str | None,
) -> None:
    client, _ = make_client(faults.base, read_timeout_s=READ_TIMEOUT_S, max_retries=1)
    fetcher = Fetcher(client, Archive(tmp_path / "archive"))
    url = f"https://{HOST}{path}"
    (observation,) = check_urls([("faults", url)], {"faults": source}, fetcher)
    assert (observation.url, observation.status, observation.seen_in_listing) == (
        url,
        status,
        None,
    )
    assert verdict(observation) == seen


def test_every_observation_is_kept_and_bytes_are_archived_once(
    faults: FaultSite, source: Source, make_client, tmp_path: Path
) -> None:
    client, _ = make_client(faults.base)
    archive = Archive(tmp_path / "archive")
    fetcher = Fetcher(client, archive)
    state = CrawlState(tmp_path / "state.sqlite")
    url = f"https://{HOST}/art/ok.html"
    urls = [("faults", url), ("unregistered", "https://elsewhere.test/x.html")]
    first = check_urls(urls, {"faults": source}, fetcher)
    state.record_observations(first)
    state.record_observations(check_urls(urls, {"faults": source}, fetcher))
    # The unregistered source is skipped; both answers about the page are kept, in order.
    kept = state.observations()
    assert [(o.url, o.status) for o in kept] == [(url, 200), (url, 200)]
    assert kept[0].at == first[0].at and state.observation_count() == 2
    # The same body again is a revisit record, not a second copy.
    assert archive.record_count() == 1
