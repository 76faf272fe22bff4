"""Vanished documents: copies answering 404 or dropping out of their listing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from healthplans.dataset.vanished import (
    SourceObservation,
    gone_since,
    update_sources,
    vanished_documents,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
T1 = datetime(2026, 11, 8, tzinfo=UTC)
T2 = datetime(2026, 11, 15, tzinfo=UTC)
PORTAL = "http://www.bozhou.gov.cn/plan.html"
AGGREGATOR = "http://www.gsei.com.cn/plan.html"


def _row(doc: str, url: str, sha: str = "aa", gone: datetime | None = None) -> dict:
    return {"doc_id": doc, "url": url, "sha256": sha, "last_seen": T0, "gone_since": gone}


def _seen(url: str, status: int | None, listed: bool | None, at: datetime) -> SourceObservation:
    return SourceObservation(url, status, listed, at)


@pytest.mark.parametrize(
    ("observations", "expected"),
    [
        # the page starts answering 404: gone since that fetch
        ([_seen(PORTAL, 200, True, T0), _seen(PORTAL, 404, None, T1)], T1),
        # 410 Gone, and a later 404 keeps the first date
        ([_seen(PORTAL, 410, None, T1), _seen(PORTAL, 404, None, T2)], T1),
        # it comes back: no longer gone
        ([_seen(PORTAL, 404, None, T1), _seen(PORTAL, 200, True, T2)], None),
        # dropped from its listing and not fetched
        ([_seen(PORTAL, None, False, T1)], T1),
        # dropped from the listing but still served: there
        ([_seen(PORTAL, 200, False, T1)], None),
        # a server error or a failed fetch says nothing
        ([_seen(PORTAL, 503, None, T1), _seen(PORTAL, None, None, T2)], None),
    ],
)
def test_gone_since(observations, expected):
    assert gone_since(None, observations)[0] == expected


def test_a_document_vanishes_when_its_last_copy_answers_404():
    rows = [_row("d1", PORTAL, "aa"), _row("d1", AGGREGATOR, "bb"), _row("d2", "http://x/2", "cc")]
    first = update_sources(rows, [_seen(PORTAL, 404, None, T1), _seen(AGGREGATOR, 200, True, T1)])
    assert [r["gone_since"] for r in first] == [T1, None, None]
    assert first[1]["last_seen"] == T1  # a successful fetch moves last_seen
    assert vanished_documents(first) == []  # the aggregator still serves it

    second = update_sources(first, [_seen(AGGREGATOR, 404, None, T2), _seen(PORTAL, 404, None, T2)])
    assert second[0]["gone_since"] == T1  # the first sighting of the 404 stands
    (gone,) = vanished_documents(second)
    assert (gone.doc_id, gone.gone_since, gone.archived_sha256) == ("d1", T2, ("aa", "bb"))
    assert gone.urls == tuple(sorted([PORTAL, AGGREGATOR]))


def test_no_bytes_in_the_archive_means_not_reported():
    rows = [_row("d1", PORTAL, "aa", gone=T1)]
    assert vanished_documents(rows, archived={"zz"}) == []
    assert [v.doc_id for v in vanished_documents(rows, archived={"aa"})] == ["d1"]
