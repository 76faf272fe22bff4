"""The polite client's conditional GET and per-host pace, and the WARC records of each exchange."""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from healthplans.scrapers.archive import Archive
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient
from healthplans.scrapers.registry import host_intervals, load_registry

REGISTRY = load_registry()
GANSU_ARTICLE = "https://www.gansu.gov.cn/art/2020/9/24/art_4786_470123.html"


def test_per_host_interval_from_the_registry(mirror_base: str) -> None:
    intervals = host_intervals(REGISTRY)
    assert intervals["www.gov.cn"] == 5.0
    sleeps: list[float] = []
    config = ClientConfig(min_interval_s=0.0, host_intervals={"www.gansu.gov.cn": 60.0})
    client = PoliteClient(config, MirrorUrlMap(mirror_base), sleep=sleeps.append)
    client.get(GANSU_ARTICLE)  # robots.txt, then the page: 60 s apart on this host
    client.get("https://www.yq.gov.cn/xxgk/zcwj/szfwj/index.shtml")  # another host: no wait
    assert len(sleeps) == 1 and 59.0 < sleeps[0] <= 60.0


def test_conditional_get_reuses_the_archived_body(
    mirror_fetcher: Fetcher, archive: Archive
) -> None:
    source = REGISTRY["gansu"]
    first = mirror_fetcher.fetch(GANSU_ARTICLE, source, "article")
    validators = archive.validators(GANSU_ARTICLE)
    assert first is not None and first.changed
    assert validators is not None and validators.etag and validators.last_modified
    again = mirror_fetcher.fetch(GANSU_ARTICLE, source, "article")
    assert again is not None and not again.changed
    assert again.body == first.body and again.archived.fetched_at == first.archived.fetched_at
    assert archive.record_count() == 1


def test_every_exchange_is_a_request_and_a_response_or_revisit(
    mirror_fetcher: Fetcher, archive: Archive
) -> None:
    source = REGISTRY["gansu"]
    mirror_fetcher.fetch(GANSU_ARTICLE, source, "article")
    mirror_fetcher.fetch(GANSU_ARTICLE, source, "article")  # answered 304
    records = []
    for warc in sorted((archive.root / "warc").glob("*.warc.gz")):
        with warc.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                profile = rec.rec_headers.get_header("WARC-Profile") or ""
                records.append((rec.rec_type, profile.rsplit("/", 1)[-1]))
    assert records == [
        ("response", ""),
        ("request", ""),
        ("revisit", "server-not-modified"),
        ("request", ""),
    ]


def test_archive_index_survives_reopening(tmp_path: Path, mirror_fetcher: Fetcher) -> None:
    fetched = mirror_fetcher.fetch(GANSU_ARTICLE, REGISTRY["gansu"], "article")
    assert fetched is not None
    reopened = Archive(mirror_fetcher.archive.root)
    copy = reopened.latest(GANSU_ARTICLE)
    assert copy is not None and copy.sha256 == fetched.sha256 and copy.body == fetched.body
