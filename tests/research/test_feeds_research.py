"""Per-region and per-topic Atom feeds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

import pyarrow as pa

from healthplans.dataset.feeds_research import regions_of, research_feeds, topics_of

ATOM = "{http://www.w3.org/2005/Atom}"


def _doc(doc_id: str, title: str, region: str | None, code: str | None) -> dict:
    return {
        "doc_id": doc_id,
        "version_id": f"v{doc_id}",
        "title": title,
        "notice_title": None,
        "fetched_at": datetime(2026, 11, 20, tzinfo=UTC),
        "publish_date": date(2024, 1, 14),
        "source_url": f"http://example.gov.cn/{doc_id}.html",
        "issuer": None,
        "region": region,
        "region_code": code,
        "doc_number": None,
        "doc_type": "实施方案",
    }


def test_feeds_per_region_with_ancestors_and_per_topic():
    documents = pa.Table.from_pylist(
        [
            _doc(
                "bz", "关于进一步完善医疗卫生服务体系推进健康亳州建设的实施方案", "亳州市", "341600"
            ),
            _doc(
                "gs", "甘肃省深化医药卫生体制改革2020年下半年重点工作任务及分工", "甘肃省", "620000"
            ),
            _doc("tcm", "中医药发展战略规划纲要(2016—2030年)", None, None),
            _doc("old", "阳泉市进一步完善医疗卫生服务体系实施方案", "阳泉市", "140300"),
        ]
    )
    changes = {
        "tables": {
            "documents": {
                "added": [{"id": "bz"}, {"id": "gs"}, {"id": "tcm"}],
                "changed": [{"id": "old", "fields": ["fetched_at"]}],  # a re-crawl, not news
            }
        }
    }
    feeds = research_feeds(documents, changes, "2026.11.25", "2026-11-25T00:00:00+00:00")
    assert set(feeds) == {
        "feeds/region/341600.xml",
        "feeds/region/340000.xml",
        "feeds/region/620000.xml",
        "feeds/region/national.xml",
        "feeds/topic/service_system.xml",
        "feeds/topic/health_reform.xml",
        "feeds/topic/tcm.xml",
    }
    anhui = ET.fromstring(feeds["feeds/region/340000.xml"])
    assert anhui.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated", "author", "link"):
        assert anhui.find(f"{ATOM}{child}") is not None
    assert "安徽省" in anhui.findtext(f"{ATOM}title")
    (entry,) = anhui.findall(f"{ATOM}entry")
    for child in ("id", "title", "updated", "link"):
        assert entry.find(f"{ATOM}{child}") is not None
    assert entry.findtext(f"{ATOM}id") == "urn:healthplans:bz:vbz"
    tcm = ET.fromstring(feeds["feeds/topic/tcm.xml"])
    assert [e.findtext(f"{ATOM}title") for e in tcm.findall(f"{ATOM}entry")] == [
        "中医药发展战略规划纲要(2016—2030年)"
    ]


def test_regions_and_topics():
    assert regions_of("500109") == ("500109", "500100", "500000")
    assert regions_of("620000") == ("620000",)
    assert regions_of(None) == ("national",)
    assert topics_of("国家组织药品集中采购和使用试点方案") == ("drugs",)
