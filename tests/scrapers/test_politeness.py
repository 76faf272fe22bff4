"""Politeness at scale: robots.txt as RFC 9309 reads it (through protego), Crawl-delay, and
per-host pacing that lets other hosts go on meanwhile. Real HTTP on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from healthplans.mirror.build import Resource
from healthplans.mirror.server import serve_resources
from healthplans.scrapers.http import ClientConfig, FetchError, MirrorUrlMap, PoliteClient

PAGE = Resource("<html><body>正文</body></html>".encode(), "text/html; charset=utf-8")
ROBOTS = """User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Allow: /private/open/
Crawl-delay: 7
"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    resources = {
        "rules.example.cn/robots.txt": Resource(ROBOTS.encode(), "text/plain"),
        "rules.example.cn/index.html": PAGE,
        "rules.example.cn/private/a.html": PAGE,
        "rules.example.cn/private/open/b.html": PAGE,
        "rules.example.cn/files/plan.pdf": PAGE,
        "rules.example.cn/files/plan.pdf.html": PAGE,
        "plain.example.cn/index.html": PAGE,  # no robots.txt: everything allowed
        "other.example.cn/index.html": PAGE,
    }
    with serve_resources(resources) as base:
        yield base


def _client(base: str, sleeps: list[float] | None = None, **config: float) -> PoliteClient:
    return PoliteClient(
        ClientConfig(**{"min_interval_s": 0.0, "max_retries": 0, **config}),
        MirrorUrlMap(base),
        sleep=(sleeps.append if sleeps is not None else time.sleep),
    )


def test_robots_rules_with_wildcards_and_longest_match(site: str) -> None:
    client = _client(site, [])
    assert client.get("https://rules.example.cn/index.html").status == 200
    assert client.get("https://rules.example.cn/private/open/b.html").status == 200
    assert client.get("https://rules.example.cn/files/plan.pdf.html").status == 200
    for refused in ("/private/a.html", "/files/plan.pdf"):
        with pytest.raises(FetchError) as err:
            client.get(f"https://rules.example.cn{refused}")
        assert err.value.reason == "robots_disallowed"
    # robots.txt was read once for the origin, however many URLs were asked for.
    assert client.request_log.count("https://rules.example.cn/robots.txt") == 1


def test_crawl_delay_is_honoured_and_bounded(site: str) -> None:
    sleeps: list[float] = []
    client = _client(site, sleeps)
    client.get("https://rules.example.cn/index.html")  # robots.txt, then the page
    client.get("https://rules.example.cn/private/open/b.html")
    assert client.interval_for("rules.example.cn") == 7.0
    assert len(sleeps) == 1 and 6.9 < sleeps[0] <= 7.0  # the page after the robots.txt came first
    bounded = _client(site, [], max_crawl_delay_s=2.0)
    bounded.get("https://rules.example.cn/index.html")
    assert bounded.interval_for("rules.example.cn") == 2.0
    assert bounded.interval_for("plain.example.cn") == 0.0  # another host keeps its own pace


def test_an_unavailable_robots_txt_disallows_the_whole_site() -> None:
    failing = {
        "down.example.cn/robots.txt": Resource(b"", "text/plain"),
        "down.example.cn/index.html": PAGE,
    }
    with serve_resources(failing, gone=["down.example.cn/robots.txt"]) as base:
        client = _client(base, [])
        # A missing robots.txt (404) allows everything...
        assert client.get("https://down.example.cn/index.html").status == 200
    # ...while a host that does not answer at all is disallowed, not assumed open (RFC 9309).
    with serve_resources({}) as base:
        dead = base.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens there
    client = _client(dead, [], connect_timeout_s=1.0)
    with pytest.raises(FetchError) as err:
        client.get("https://down.example.cn/index.html")
    assert err.value.reason == "robots_disallowed"


def test_a_slow_host_does_not_hold_up_the_others(site: str) -> None:
    client = _client(site, host_intervals={"plain.example.cn": 0.6})
    done: dict[str, float] = {}
    started = time.monotonic()

    def paced() -> None:
        for _ in range(4):  # 3 waits of 0.6 s on this host
            client.get("https://plain.example.cn/index.html")
        done["paced"] = time.monotonic() - started

    worker = threading.Thread(target=paced)
    worker.start()
    time.sleep(0.1)
    client.get("https://other.example.cn/index.html")
    done["other"] = time.monotonic() - started
    worker.join()
    assert done["paced"] >= 1.8
    assert done["other"] < 1.0  # not queued behind the paced host's sleeps
