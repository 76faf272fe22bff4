"""Incremental crawling on the mirror: a re-run that finds nothing new costs one conditional
request per list page and parses nothing; a new list entry is found and nothing else refetched;
replay rebuilds the same copies from the archive alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import healthplans.scrapers.adapters.html
import healthplans.scrapers.adapters.link_pattern
import healthplans.scrapers.crawl
from healthplans.mirror.build import build_mirror, mirrored
from healthplans.mirror.server import serve_resources
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.crawl import crawl_source
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.registry import load_registry
from healthplans.scrapers.replay import ReplayClient
from healthplans.scrapers.state import CrawlState

# The sources the mirror reconstructs: the seeds' sites and one site per CMS family.
REGISTRY = {k: s for k, s in load_registry().items() if mirrored(s.entry_points)}
# One reconstructed site per CMS family, each listing one plan among other documents.
SEED_SITES = {"govcn", "guangdong", "beibei", "bozhou", "yangquan", "gansu", "gsei"}
FAMILY_SITES = set(REGISTRY) - SEED_SITES
BOZHOU_LIST = "www.bozhou.gov.cn/OpennessContent/showList/1/1005.html"


def _crawl_all(fetcher: Fetcher, state: CrawlState) -> dict:
    return {sid: crawl_source(src, fetcher, state) for sid, src in REGISTRY.items()}


@pytest.fixture
def first_run(mirror_base: str, make_client, tmp_path: Path) -> dict:
    archive, state = Archive(tmp_path / "archive"), CrawlState(tmp_path / "crawl.sqlite")
    client, _ = make_client(mirror_base)
    results = _crawl_all(Fetcher(client, archive), state)
    return {"archive": archive, "state": state, "results": results, "client": client}


def test_first_run_finds_the_seed_plans(first_run: dict) -> None:
    found = {sid: len(r.new_copies) for sid, r in first_run["results"].items()}
    seeds = {"govcn": 0, "guangdong": 0, "beibei": 0, "bozhou": 1, "yangquan": 1, "gansu": 1}
    assert found == {**seeds, "gsei": 1, **{sid: 1 for sid in FAMILY_SITES}}
    reasons = {(q.source_id, q.reason) for q in first_run["archive"].quarantine_entries()}
    assert reasons == {("govcn", "robots_disallowed")}  # the policy-library search API


def test_every_list_entry_keeps_its_title_judgement(first_run: dict) -> None:
    state = first_run["state"]
    judged = state.title_judgements("bozhou")
    decisions = {decision for _, _, decision, _, _, _ in judged}
    assert len(judged) == first_run["results"]["bozhou"].run.listed
    assert "plan" in decisions and "not_plan" in decisions
    kept = {p.url for p in state.publications(["bozhou"])}
    assert kept == {url for url, _, decision, _, _, _ in judged if decision != "not_plan"}
    assert all(reasons and rules for *_, reasons, rules in judged)
    assert sum(state.set_aside().values()) > 0


def test_no_change_rerun_sends_one_conditional_request_per_list_page(
    first_run: dict, mirror_base: str, make_client, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    for module, name in (
        (healthplans.scrapers.crawl, "parse_article"),
        (healthplans.scrapers.adapters.html, "parse_items"),
        (healthplans.scrapers.adapters.link_pattern, "parse_items"),
    ):
        original = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda html, url, *a, _f=original: parsed.append(url) or _f(html, url, *a)
        )
    archive: Archive = first_run["archive"]
    records = archive.record_count()
    client, _ = make_client(mirror_base)
    results = _crawl_all(Fetcher(client, archive), first_run["state"])

    pages = [u for u in client.request_log if not u.endswith("/robots.txt")]
    fetchable_entries = [
        u for s in REGISTRY.values() for u in s.entry_points if "sousuo.www.gov.cn" not in u
    ]  # robots.txt forbids that one
    assert sorted(pages) == sorted(fetchable_entries)  # first list page of each entry, once
    assert all(not r.new_publications and not r.new_copies for r in results.values())
    assert parsed == []  # neither list pages nor articles were parsed again
    assert archive.record_count() == records  # 304s: revisit records only, no new bytes
    assert len(client.request_log) - len(pages) == len(
        {u.split("/")[2] for u in pages} | {"sousuo.www.gov.cn"}
    )  # robots.txt


def test_a_new_list_entry_is_found_and_nothing_else_refetched(first_run: dict, make_client) -> None:
    mirror = dict(build_mirror())
    old = mirror[BOZHOU_LIST]
    new_item = (
        '<li><a href="/OpennessContent/show/2590001.html">亳州市深化医药卫生'
        '体制改革2024年重点工作任务</a><span class="date">2024-06-01</span></li>\n'
    )
    marker = '<ul class="clearfix xxgk_nav_list">\n'
    body = old.body.decode().replace(marker, marker + new_item).encode()
    mirror[BOZHOU_LIST] = replace(old, body=body)
    with serve_resources(mirror) as base:
        client, _ = make_client(base)
        result = crawl_source(
            REGISTRY["bozhou"], Fetcher(client, first_run["archive"]), first_run["state"]
        )
    assert [p.url for p in result.new_publications] == [
        "https://www.bozhou.gov.cn/OpennessContent/show/2590001.html"
    ]
    pages = [u for u in client.request_log if not u.endswith("/robots.txt")]
    # the changed list page, then only the new article (not served here: quarantined as 404)
    assert pages == [
        "https://www.bozhou.gov.cn/OpennessContent/showList/1/1005.html",
        "https://www.bozhou.gov.cn/OpennessContent/show/2590001.html",
    ]


def test_replay_rebuilds_the_same_copies_without_network(first_run: dict, tmp_path: Path) -> None:
    archive: Archive = first_run["archive"]
    fresh_state = CrawlState(tmp_path / "replayed.sqlite")
    replayed = _crawl_all(Fetcher(ReplayClient(archive), archive), fresh_state)
    live = {c.page_url: c for r in first_run["results"].values() for c in r.new_copies}
    again = {c.page_url: c for r in replayed.values() for c in r.new_copies}
    assert again.keys() == live.keys()
    for url, copy in live.items():
        assert (again[url].sha256, again[url].text, again[url].hints) == (
            copy.sha256,
            copy.text,
            copy.hints,
        )
