"""Adapters on the mirror's copies of each registry source and on real captured pages."""

from __future__ import annotations

import json
import re

import pytest

from healthplans.mirror.build import build_mirror
from healthplans.mirror.build import mirrored as mirrored_source
from healthplans.parsing.formats.charset import decode_body
from healthplans.parsing.relevance import judge_title
from healthplans.scrapers.adapters import Listing, listing_parser
from healthplans.scrapers.pages import PageStructureError, parse_article
from healthplans.scrapers.registry import load_registry
from tests.shared_reference import reference_dir

REGISTRY = load_registry()
MIRROR = build_mirror()
SEARCH = (
    "sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary_gw&q=&timetype=timeqb&mintime=&maxtime="
    "&sort=pubtime&sortType=1&searchfield=title&p={p}&n=20&type=gwyzcwjk"
)


def _listing(source_id: str, key: str) -> Listing:
    res = MIRROR[key]
    return listing_parser(REGISTRY[source_id])(
        res.body, res.content_type, f"https://{key}", REGISTRY[source_id]
    )


def test_the_mirror_reconstructs_a_source_of_every_enabled_family() -> None:
    mirrored = {s.cms for s in REGISTRY.values() if mirrored_source(s.entry_points)}
    assert mirrored == {s.cms for s in REGISTRY.values()}
    for source_id in ("govcn", "guangdong", "beibei", "bozhou", "yangquan", "gansu", "gsei"):
        assert mirrored_source(REGISTRY[source_id].entry_points), source_id


def test_govcn_latest_policies_json() -> None:
    listing = _listing("govcn", "www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json")
    assert listing.items[0].url == "https://www.gov.cn/zhengce/content/202403/content_6939243.htm"
    assert listing.items[0].date == "2024-03-07"
    assert listing.more_pages == []
    kept = [i.title for i in listing.items if judge_title(i.title).kept]
    assert kept == []  # a 解读 and two non-health documents


def test_govcn_search_api_pages_and_highlights() -> None:
    first = _listing("govcn", SEARCH.format(p=1))
    assert (
        first.items[0].title == "国务院办公厅关于进一步优化支付服务提升支付便利性的意见"
    )  # <em> gone
    assert first.items[0].date == "2024-03-07"
    assert first.more_pages == ["https://" + SEARCH.format(p=2)]
    second = _listing("govcn", SEARCH.format(p=2))
    assert second.items[0].url.endswith("2019-01/30/content_5362266.htm")
    assert second.more_pages == []


def test_govcn_search_api_without_hits() -> None:
    body = json.dumps({"code": 1001, "msg": "抱歉，没有找到相关结果", "searchVO": None}).encode()
    parse = listing_parser(REGISTRY["govcn"])
    assert parse(body, "application/json", "https://x/", REGISTRY["govcn"]).items == []


@pytest.mark.parametrize(
    ("source_id", "body"),
    [
        ("govcn", b"<html>waf challenge</html>"),  # an anti-bot page instead of JSON
        ("guangdong", b'{"data": []}'),  # JSON without the articles array
        ("beibei", b"<html><ul class='list'><li>x</li></ul></html>"),  # other template
    ],
)
def test_unexpected_structure_raises_with_the_url(source_id: str, body: bytes) -> None:
    with pytest.raises(PageStructureError, match=re.escape("https://example.gov.cn/list")):
        listing_parser(REGISTRY[source_id])(
            body, "text/html", "https://example.gov.cn/list", REGISTRY[source_id]
        )


def test_guangdong_gkmlpt_api_pages() -> None:
    first = _listing("guangdong", "www.gd.gov.cn/gkmlpt/api/all/0")
    assert len(first.items) == 2
    assert first.items[0].date == "2024-04-02"  # from epoch seconds
    assert first.more_pages == ["https://www.gd.gov.cn/gkmlpt/api/all/0?page=2"]
    second = _listing("guangdong", "www.gd.gov.cn/gkmlpt/api/all/0?page=2")
    assert second.more_pages == [] and len(second.items) == 1


def test_beibei_trs_list_paginates() -> None:
    listing = _listing("beibei", "www.beibei.gov.cn/zwgk_239/fdzdgknr/lzyj/xzgfxwj/index.html")
    assert listing.items[0].url.endswith("/xzgfxwj/202405/t20240520_13230011.html")
    assert listing.more_pages == [
        "https://www.beibei.gov.cn/zwgk_239/fdzdgknr/lzyj/xzgfxwj/index_1.html"
    ]


@pytest.mark.parametrize(
    ("source_id", "key", "doc_number", "issue_date", "publish_date"),
    [
        # gov.cn old template: table.bd1, 2024年03月01日 dates, content after a premature </html>
        (
            "govcn",
            "www.gov.cn/zhengce/content/202403/content_6939243.htm",
            "国办发〔2024〕10号",
            "2024-03-01",
            "2024-03-07",
        ),
        (
            "guangdong",
            "www.gd.gov.cn/gkmlpt/content/4/4372/post_4372911.html",
            "粤办函〔2024〕63号",
            "2024-03-28",
            "2024-04-02",
        ),
        (
            "beibei",
            "www.beibei.gov.cn/zwgk_239/fdzdgknr/lzyj/xzgfxwj/202405/t20240520_13230011.html",
            "北碚府办发〔2024〕21号",
            "2024-05-15",
            "2024-05-20",
        ),
    ],
)
def test_article_metadata_blocks(
    source_id: str, key: str, doc_number: str, issue_date: str, publish_date: str
) -> None:
    res = MIRROR[key]
    html, _ = decode_body(res.body, res.content_type)
    art = parse_article(html, f"https://{key}", REGISTRY[source_id].article)
    assert (art.hints.doc_number, art.hints.issue_date, art.hints.publish_date) == (
        doc_number,
        issue_date,
        publish_date,
    )
    assert "印发" in art.text or "意见" in art.text
    assert "责任编辑" not in art.text and "主办" not in art.text  # chrome stays out


def test_govcn_article_captured_in_2019() -> None:
    html = (reference_dir("pages") / "02_govcn_2019_zhengce_content_wrap_fragment.html").read_text(
        encoding="utf-8"
    )
    url = "http://www.gov.cn/zhengce/content/2019-01/30/content_5362266.htm"
    art = parse_article(html, url, REGISTRY["govcn"].article)
    assert art.hints.doc_number == "国办发〔2019〕4号"
    assert art.hints.issue_date == "2019-01-16"
    assert "三级公立医院" in art.text
