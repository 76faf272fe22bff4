"""The fault suite: each way a portal fails ends in a successful retry or a quarantine row naming
the reason; the crawl goes on, and nothing archived before is lost."""

from __future__ import annotations

from dataclasses import replace

import pytest

from healthplans.mirror.faults import HOST, LIST_PATH, RETRY_AFTER_S, FaultSite
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.crawl import CrawlResult, crawl_source, fetch_copy
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.registry import Source, load_registry
from healthplans.scrapers.state import CrawlState

MAX_BODY = 1024 * 1024
READ_TIMEOUT_S = 0.3


def _url(path: str) -> str:
    return f"https://{HOST}{path}"


@pytest.fixture(scope="module")
def source() -> Source:
    # The aggregator's generic family, pointed at the fault site.
    base = load_registry()["gsei"]
    return replace(base, id="faults", allowed_domains=(HOST,), entry_points=(_url(LIST_PATH),))


@pytest.fixture(scope="module")
def crawled(
    faults: FaultSite, source: Source, tmp_path_factory: pytest.TempPathFactory, make_client
) -> dict:
    root = tmp_path_factory.mktemp("faults")
    archive, state = Archive(root / "archive"), CrawlState(root / "state.sqlite")
    client, sleeps = make_client(
        faults.base, read_timeout_s=READ_TIMEOUT_S, max_body_bytes=MAX_BODY
    )
    result = crawl_source(source, Fetcher(client, archive), state)
    reasons = {q.url: q.reason for q in archive.quarantine_entries()}
    copies = {c.page_url: c for c in result.new_copies}
    return {
        "result": result,
        "archive": archive,
        "state": state,
        "sleeps": sleeps,
        "reasons": reasons,
        "copies": copies,
        "client": client,
    }


def test_the_run_goes_on_past_every_fault(crawled: dict) -> None:
    result: CrawlResult = crawled["result"]
    assert len(result.new_publications) == 11
    # ok, 500→200, 429→200, mislabelled charset, and the fake-PDF cover page itself
    assert set(crawled["copies"]) == {
        _url(p)
        for p in (
            "/art/ok.html",
            "/art/flaky500.html",
            "/art/ratelimited.html",
            "/art/mislabelled.html",
            "/art/fakepdf.html",
        )
    }


def test_500_then_200_is_retried(crawled: dict, faults: FaultSite) -> None:
    assert faults.hits["/art/flaky500.html"] == 2
    assert _url("/art/flaky500.html") not in crawled["reasons"]


def test_429_waits_as_long_as_retry_after_says(crawled: dict, faults: FaultSite) -> None:
    assert faults.hits["/art/ratelimited.html"] == 2
    assert float(RETRY_AFTER_S) in crawled["sleeps"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/art/slow.html", "timeout"),  # no answer within the read timeout, on every attempt
        ("/art/truncated.html", "truncated"),  # fewer bytes than Content-Length, every time
        ("/art/huge.html", "too_large"),  # Content-Length over the limit: not even read
        ("/art/huge-stream.html", "too_large"),  # no length; cut off once past the limit
        ("/art/offsite.html", "offsite_redirect"),  # 302 to a host outside the source
        ("/private/secret.html", "robots_disallowed"),  # never requested at all
        ("/files/plan.pdf", "not_a_document"),  # an HTML error page served as application/pdf
    ],
)
def test_fault_is_quarantined_with_its_reason(crawled: dict, path: str, reason: str) -> None:
    assert crawled["reasons"][_url(path)] == reason


def test_transient_faults_were_retried_before_quarantine(faults: FaultSite) -> None:
    assert faults.hits["/art/slow.html"] == 3  # 1 + max_retries
    assert faults.hits["/art/truncated.html"] == 3
    assert faults.hits["/art/huge.html"] == 1  # a size limit is not transient
    assert faults.hits["/private/secret.html"] == 0


def test_page_declaring_utf8_but_gbk_is_decoded(crawled: dict) -> None:
    copy = crawled["copies"][_url("/art/mislabelled.html")]
    assert copy.charset == "gb18030"
    assert "每千人口执业(助理)医师数" in copy.text
    assert "\ufffd" not in copy.text


def test_cover_page_stands_in_when_its_pdf_is_not_one(crawled: dict) -> None:
    copy = crawled["copies"][_url("/art/fakepdf.html")]
    assert copy.format == "html"


def test_an_outage_loses_nothing_already_archived(
    crawled: dict, faults: FaultSite, source: Source
) -> None:
    archive: Archive = crawled["archive"]
    before = archive.latest(_url("/art/ok.html"))
    assert before is not None
    records = archive.record_count()
    faults.outage = True
    try:
        pub = next(p for p in crawled["state"].publications() if p.url == _url("/art/ok.html"))
        assert fetch_copy(pub, source, Fetcher(crawled["client"], archive)) is None
    finally:
        faults.outage = False
    assert ("article", "http_503") in {(q.stage, q.reason) for q in archive.quarantine_entries()}
    assert archive.record_count() == records
    after = archive.latest(_url("/art/ok.html"))
    assert after is not None and after.body == before.body
    assert crawled["state"].copy(pub) is not None
