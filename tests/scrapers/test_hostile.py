"""The hostile site: what a server controls (counts, encodings, links, pace, robots.txt) is bounded
or refused, recorded with a reason, and never aborts the crawl or swaps in wrong text."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from healthplans.mirror.faults import (
    BOMB_HOST,
    CLAIMED_PAGES,
    DOWN_HOST,
    HOST,
    OFFSITE_ATTACHMENT,
    PLAN_TITLE,
    FaultSite,
    incompressible_pdf,
)
from healthplans.scrapers.adapters import gkmlpt_json, govcn_json
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.crawl import _new_items, crawl_source, discover, fetch_copy
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import FetchError
from healthplans.scrapers.pages import ListingItem
from healthplans.scrapers.pagination import other_pages
from healthplans.scrapers.registry import Source, load_registry
from healthplans.scrapers.state import CrawlState, Publication

MAX_BODY = 1024 * 1024


def _url(path: str, host: str = HOST) -> str:
    return f"https://{host}{path}"


@pytest.fixture(scope="module")
def base_source() -> Source:
    return replace(load_registry()["gsei"], id="hostile", allowed_domains=(HOST,))


def _source(base: Source, path: str, **changes: object) -> Source:
    return replace(base, entry_points=(_url(path),), **changes)  # type: ignore[arg-type]


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Archive, CrawlState]:
    return Archive(tmp_path / "archive"), CrawlState(tmp_path / "crawl.sqlite")


def _reasons(archive: Archive) -> dict[str, str]:
    return {q.url: q.reason for q in archive.quarantine_entries()}


def test_links_to_other_hosts_are_recorded_and_never_fetched(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, state = stores
    client, _ = make_client(faults.base)
    found = discover(
        _source(base_source, "/hostile/offsite-list.html"), Fetcher(client, archive), state
    )
    assert [p.url for p in found] == [_url("/art/ok.html")]
    reasons = _reasons(archive)
    assert reasons["https://evil.example/plan.html"] == "out_of_scope"
    assert reasons["https://evil.example/other.html"] == "out_of_scope"
    assert not [u for u in client.request_log if "evil.example" in u]
    assert not [p for p in faults.hits if "evil.example" in p]


def test_an_attachment_on_another_host_is_not_fetched(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, _ = stores
    client, _ = make_client(faults.base)
    pub = Publication("hostile", _url("/hostile/offsite-attachment.html"), PLAN_TITLE, None, "")
    copy = fetch_copy(pub, base_source, Fetcher(client, archive))
    assert copy is not None and copy.format == "html"  # the cover page stands in
    assert _reasons(archive)[OFFSITE_ATTACHMENT] == "out_of_scope"
    assert OFFSITE_ATTACHMENT not in client.request_log


def test_file_data_and_malformed_links_are_skipped_and_the_crawl_goes_on(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, state = stores
    client, _ = make_client(faults.base)
    source = _source(base_source, "/hostile/bad-links.html")
    result = crawl_source(source, Fetcher(client, archive), state)
    assert [c.page_url for c in result.new_copies] == [_url("/art/ok.html")]
    reasons = _reasons(archive)
    assert reasons["file:///etc/passwd"] == "out_of_scope"
    assert not [u for u in client.request_log if u.startswith(("file:", "data:", "javascript:"))]
    assert [r for u, r in reasons.items() if u.startswith("data:")] == ["out_of_scope"]
    assert [r for u, r in reasons.items() if "[::1" in u] == ["out_of_scope"]
    assert reasons[_url("/port.html").replace(HOST, f"{HOST}:99999")] == "out_of_scope"


def test_a_claimed_page_count_of_a_hundred_million_reads_max_list_pages(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, state = stores
    client, _ = make_client(faults.base)
    source = _source(
        base_source, "/hostile/trs-claims.html", pagination="trs_create_page_html", max_list_pages=4
    )
    discover(source, Fetcher(client, archive), state)
    listing = [u for u in client.request_log if "/hostile/" in u]
    assert len(listing) <= 4  # the entry page, then at most three of the claimed pages


@pytest.mark.parametrize(
    ("rule", "html"),
    [
        ("trs_create_page_html", f'createPageHTML({CLAIMED_PAGES}, 0, "index", "html")'),
        (
            "hanweb_datastore",
            '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&col=1">'
            "]]></nextgroup><totalrecord>1000000000</totalrecord>",
        ),
    ],
)
def test_server_page_counts_are_capped_without_building_them(rule: str, html: str) -> None:
    tracemalloc.start()
    pages = other_pages(rule, html, "https://x.gov.cn/col/index.html", limit=49)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(pages) == 49
    assert peak < 1024 * 1024  # a list of 10^8 URLs would be gigabytes


def test_json_totals_are_capped(base_source: Source) -> None:
    source = replace(base_source, max_list_pages=10)
    body = b'{"articles": [{"url": "/gkmlpt/content/1.html", "title": "t"}], "total": 300000000}'
    listing = gkmlpt_json.parse_listing(body, "application/json", "https://g.gov.cn/api/1", source)
    assert len(listing.more_pages) == 9
    search = (
        b'{"code": 200, "searchVO": {"totalpage": 100000000, "listVO": '
        b'[{"title": "t", "url": "https://www.gov.cn/a.htm"}]}}'
    )
    listing = govcn_json.parse_listing(search, "application/json", "https://s.gov.cn/d?p=1", source)
    assert len(listing.more_pages) == 9


def test_deeply_nested_json_is_a_structure_error(base_source: Source) -> None:
    from healthplans.scrapers.pages import PageStructureError

    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(PageStructureError, match="nested too deeply"):
        gkmlpt_json.parse_listing(body, "application/json", "https://g.gov.cn/api/1", base_source)


def test_a_list_with_thousands_of_entries_is_cut_at_the_cap(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, state = stores
    client, _ = make_client(faults.base)
    source = _source(base_source, "/hostile/many-links.html", max_items_per_list=300)
    found = discover(source, Fetcher(client, archive), state)
    assert len(found) == 300
    assert _reasons(archive)[_url("/hostile/many-links.html")] == "too_many_items"


def test_new_item_detection_keeps_order_and_drops_repeats() -> None:
    items = [ListingItem(f"https://x/{i % 50_000}", "t", None) for i in range(100_000)]
    fresh, reached = _new_items(items, {"https://x/no"}, None)
    assert len(fresh) == 50_000 and not reached
    assert [i.url for i in fresh[:2]] == ["https://x/0", "https://x/1"]
    fresh, reached = _new_items(items, {"https://x/70"}, None)
    assert len(fresh) == 70 and reached


def test_one_unreadable_list_page_never_fails_the_source(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, state = stores
    client, _ = make_client(faults.base)
    source = replace(
        base_source, adapter="govcn_json", entry_points=(_url("/hostile/unreadable.json"),)
    )
    result = crawl_source(source, Fetcher(client, archive), state)  # returns, does not raise
    assert result.new_publications == [] and result.new_copies == []
    assert _reasons(archive)[_url("/hostile/unreadable.json")] == "error:AttributeError"
    # The next source is crawled as usual.
    other = crawl_source(
        _source(base_source, "/hostile/offsite-list.html"), Fetcher(client, archive), state
    )
    assert [c.page_url for c in other.new_copies] == [_url("/art/ok.html")]


def test_gbk_served_as_latin1_is_decoded_as_gbk(
    faults: FaultSite, base_source: Source, stores, make_client
) -> None:
    archive, _ = stores
    client, _ = make_client(faults.base)
    pub = Publication("hostile", _url("/hostile/gbk-as-latin1.html"), PLAN_TITLE, None, "")
    copy = fetch_copy(pub, base_source, Fetcher(client, archive))
    assert copy is not None and copy.charset == "gb18030"
    assert PLAN_TITLE in copy.text and "每千人口执业(助理)医师数" in copy.text


def test_a_complete_gzip_encoded_pdf_is_not_truncated(faults: FaultSite, make_client) -> None:
    client, _ = make_client(faults.base, max_retries=0)
    resp = client.get(_url("/hostile/gzip.pdf"))
    assert resp.body == incompressible_pdf()
    assert int(resp.headers["content-length"]) > len(resp.body)  # encoded is larger


def test_a_gzip_bomb_body_stops_at_the_decoded_limit(faults: FaultSite, make_client) -> None:
    client, _ = make_client(faults.base, max_body_bytes=MAX_BODY, max_retries=0)
    tracemalloc.start()
    with pytest.raises(FetchError) as failed:
        client.get(_url("/hostile/bomb.html"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert failed.value.reason == "too_large"
    assert peak < 32 * MAX_BODY  # the 64 MiB it decodes to was never held


def test_a_slow_loris_body_fails_at_the_deadline(faults: FaultSite, make_client) -> None:
    client, _ = make_client(faults.base, read_timeout_s=0.5, deadline_s=0.6, max_retries=2)
    with pytest.raises(FetchError) as failed:
        client.get(_url("/hostile/slowloris.html"))
    assert failed.value.reason == "deadline"
    assert faults.hits["/hostile/slowloris.html"] == 1  # a deadline is not retried


def test_robots_txt_answering_503_disallows_the_site(faults: FaultSite, make_client) -> None:
    client, _ = make_client(faults.base)
    with pytest.raises(FetchError) as failed:
        client.get(_url("/plan.html", DOWN_HOST))
    assert failed.value.reason == "robots_disallowed"
    assert faults.hits[f"/{DOWN_HOST}/plan.html"] == 0


def test_a_gzip_bomb_robots_txt_is_bounded(faults: FaultSite, make_client) -> None:
    client, _ = make_client(faults.base)
    tracemalloc.start()
    with pytest.raises(FetchError) as failed:
        client.get(_url("/plan.html", BOMB_HOST))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert failed.value.reason == "robots_disallowed"  # unreadable rules: stay out
    assert peak < 16 * 1024 * 1024
    assert faults.hits[f"/{BOMB_HOST}/plan.html"] == 0
