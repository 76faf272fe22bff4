"""Crawl throughput on a generated TRS-style site: 1,000 list pages, 1,000 article pages.

Usage: python benchmarks/crawl.py [--pages N]

The site is served on 127.0.0.1 from a separate process, so time.process_time() counts only the
crawler's own CPU (HTTP client, archive writes, parsing, crawl state). Politeness delay is off.

Reported:
- first crawl: list + article pages fetched per second (wall clock) and CPU ms per page;
- a no-change re-run: how many requests it sent (robots.txt included) and how long it took;
- the integrity checks' own cost: every archived record checked against the index (what
  `healthplans verify --archive` does), every stored copy re-derived from its archived bytes (what
  the `pages` asset does on each build), and new-item detection on a 100,000-link list page.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from healthplans.mirror.build import Resource
from healthplans.mirror.server import serve_resources
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.crawl import _new_items, checked_copy, crawl_source
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient
from healthplans.scrapers.pages import ListingItem
from healthplans.scrapers.registry import Source, load_registry
from healthplans.scrapers.state import CrawlState

HOST = "www.bench.gov.cn"
COLUMN = "/xxgk/zcwj/"
PARAGRAPH = "<p>（一）完善医疗卫生服务体系。到2025年，每千人口执业(助理)医师数达到3.2人。</p>"


def generate_site(pages: int) -> dict[str, Resource]:
    """`pages` list pages (one entry each) and `pages` article pages, keyed 'host/path'."""
    out = {f"{HOST}/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain")}
    html = "text/html; charset=utf-8"
    for i in range(pages):
        name = "index.html" if i == 0 else f"index_{i}.html"
        href = f"./202401/t20240101_{i:06d}.html"
        title = f"关于印发第{i}号医疗卫生服务体系建设实施方案的通知"
        listing = (
            f'<html><body><ul class="list"><li><a href="{href}">{title}</a>'
            f'<span class="date">2024-01-01</span></li></ul>'
            f'<script>createPageHTML({pages}, {i}, "index", "html");</script></body></html>'
        )
        article = (
            f'<html><head><meta name="ArticleTitle" content="{title}">'
            f'<meta name="PubDate" content="2024-01-01 09:00"></head><body>'
            f'<div class="TRS_UEDITOR">{PARAGRAPH * 40}</div></body></html>'
        )
        out[f"{HOST}{COLUMN}{name}"] = Resource(listing.encode(), html)
        out[f"{HOST}{COLUMN}202401/t20240101_{i:06d}.html"] = Resource(article.encode(), html)
    return out


def _serve(pages: int, ready: mp.Queue, stop: mp.Event) -> None:  # type: ignore[type-arg]
    with serve_resources(generate_site(pages)) as base:
        ready.put(base)
        stop.wait()


def bench_source(pages: int) -> Source:
    trs = load_registry()["yangquan"]
    return replace(
        trs,
        id="bench",
        allowed_domains=(HOST,),
        entry_points=(f"https://{HOST}{COLUMN}index.html",),
        max_list_pages=pages,
    )


def crawl_once(base: str, source: Source, root: Path) -> tuple[int, int, float, float]:
    """(new copies, requests, wall s, CPU s) of one crawl into `root`."""
    client = PoliteClient(ClientConfig(min_interval_s=0.0), MirrorUrlMap(base))
    fetcher = Fetcher(client, Archive(root / "archive"))
    state = CrawlState(root / "state" / "crawl.sqlite")
    wall, cpu = time.perf_counter(), time.process_time()
    result = crawl_source(source, fetcher, state)
    return (
        len(result.new_copies),
        client.request_count,
        time.perf_counter() - wall,
        time.process_time() - cpu,
    )


def integrity_costs(source: Source, root: Path) -> None:
    """Time the read-time checks on the crawled archive and state."""
    archive = Archive(root / "archive")
    state = CrawlState(root / "state" / "crawl.sqlite")
    wall = time.perf_counter()
    problems = list(archive.verify_all())
    verify_s = time.perf_counter() - wall
    records = archive.record_count()
    print(
        f"verify --archive: {records} records in {1000 * verify_s:.0f} ms "
        f"({1e6 * verify_s / records:.0f} us/record), {len(problems)} problems"
    )
    pubs = state.publications([source.id])
    wall = time.perf_counter()
    for pub in pubs:
        copy = state.copy(pub)
        assert copy is not None and checked_copy(copy, pub, source, archive, state) is not None
    derive_s = time.perf_counter() - wall
    print(
        f"stored copies re-derived from the archive: {len(pubs)} in {1000 * derive_s:.0f} ms "
        f"({1000 * derive_s / len(pubs):.2f} ms/copy)"
    )
    items = [ListingItem(f"https://{HOST}/a/{i}.html", "t", None) for i in range(100_000)]
    wall = time.perf_counter()
    fresh, _ = _new_items(items, set(), None)
    print(f"new-item detection: {len(fresh)} links in {1000 * (time.perf_counter() - wall):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    ctx = mp.get_context("fork")
    ready, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(args.pages, ready, stop), daemon=True)
    server.start()
    try:
        base = ready.get(timeout=60)
        source = bench_source(args.pages)
        with tempfile.TemporaryDirectory() as tmp:
            copies, requests, wall, cpu = crawl_once(base, source, Path(tmp))
            fetched = 2 * args.pages
            print(
                f"first crawl: {args.pages} list pages + {args.pages} articles, "
                f"{copies} copies, {requests} requests"
            )
            print(
                f"  {fetched / wall:.1f} pages/s wall, {1000 * cpu / fetched:.2f} CPU ms/page "
                f"({wall:.1f} s wall, {cpu:.1f} s CPU)"
            )
            copies, requests, wall, cpu = crawl_once(base, source, Path(tmp))
            print(
                f"no-change re-run: {requests} requests (robots.txt + first list page), "
                f"{copies} new copies, {1000 * wall:.0f} ms wall, {1000 * cpu:.0f} ms CPU"
            )
            integrity_costs(source, Path(tmp))
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
