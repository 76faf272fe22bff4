"""Page parsers on real captured portal pages and on the mirror's reconstructed ones."""

from __future__ import annotations

import pytest

from healthplans.mirror.build import build_mirror
from healthplans.parsing.formats.charset import decode_body
from healthplans.parsing.relevance import judge_title
from healthplans.scrapers.pages import iso_date, parse_article, parse_listing
from healthplans.scrapers.pagination import other_pages
from healthplans.scrapers.registry import load_registry
from tests.shared_reference import reference_dir

REGISTRY = load_registry()


def test_trs_list_page_captured_from_ordos() -> None:
    html = (reference_dir("pages") / "03_ordos_egb_trs_list_index.html").read_text(encoding="utf-8")
    url = "http://www.ordos.gov.cn/xxgk/zfxxgk/index.html"
    items = parse_listing(html, url, REGISTRY["yangquan"].listing)
    assert items[0].url == "http://www.ordos.gov.cn/xxgk/zfxxgk/202009/t20200903_2748784.html"
    assert items[0].title == "鄂尔多斯市2019年政府信息公开工作年度报告"
    assert items[0].date == "2020-09-03"
    # countPage = 2 in the inline pager script: one more page, index_1.html
    assert other_pages("trs_create_page_html", html, url) == [
        "http://www.ordos.gov.cn/xxgk/zfxxgk/index_1.html"
    ]


def test_hanweb_article_captured_from_lishui() -> None:
    html = (reference_dir("pages") / "01_lishui_hanweb_art_detail.html").read_text(encoding="utf-8")
    url = "https://www.lishui.gov.cn/art/2023/10/23/art_1229283449_2493752.html"
    art = parse_article(html, url, REGISTRY["gansu"].article)
    assert art.hints.doc_number == "丽政发〔2023〕30号"
    assert art.hints.issue_date == "2023-10-16"
    assert art.hints.publish_date == "2023-10-23"
    assert art.title.startswith("丽水市人民政府关于下达2023年")
    assert "莲都区人民政府" in art.text
    assert "浏览次数" not in art.text  # page chrome stays out of the main text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-02-29", "2024-02-29"),  # ISO as in TRS tables
        ("2019年01月16日", "2019-01-16"),  # gov.cn old template
        ("发布时间：2023-10-23  08:59", "2023-10-23"),  # Hanweb xl_doc span
        ("2026.06.02", "2026-06-02"),  # gov.cn search API pubtimeStr
        ("2024-13-01", None),  # not a date
        ("", None),
    ],
)
def test_iso_date(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_gbk_aggregator_page_decodes_to_the_seed_text() -> None:
    res = build_mirror()["www.gsei.com.cn/html/1336/2020-09-24/content-312345.html"]
    assert "charset=gbk" in res.content_type
    with pytest.raises(UnicodeDecodeError):
        res.body.decode("utf-8")
    text, codec = decode_body(res.body, res.content_type)
    assert codec == "gb18030"
    assert "甘肅省人民政府辦公廳" in text


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("阳泉市人民政府关于印发阳泉市进一步完善医疗卫生服务体系实施方案的通知", True),
        ("甘肅省深化醫(yī)藥衛(wèi)生體制改革重點工作任務(wù)", True),  # Traditional with pinyin
        ("亳州市人民政府办公室关于印发亳州市2024年国土绿化工作要点的通知", False),  # not health
        ("亳州市医疗保障局2023年度政策解读", False),  # an explainer, not a plan
    ],
)
def test_title_judgement(title: str, kept: bool) -> None:
    assert judge_title(title).kept is kept


def test_hanweb_column_pages_through_its_data_proxy() -> None:
    url = "https://www.gansu.gov.cn/col/col4786/index.html"
    html = build_mirror()["www.gansu.gov.cn/col/col4786/index.html"].body.decode("utf-8")
    # 3 records inline, totalRecord 4, perPage 1: one proxy request for record 4
    (proxy,) = other_pages("hanweb_datastore", html, url)
    assert proxy.startswith("https://www.gansu.gov.cn/module/web/jpage/dataproxy.jsp?")
    assert proxy.endswith("&startrecord=4&endrecord=4&perpage=1")
    assert "columnid=4786" in proxy and "unitid=4892867" in proxy
    key = proxy.split("://", 1)[1]
    answer = build_mirror()[key].body.decode("utf-8")
    (item,) = parse_listing(answer, proxy, REGISTRY["gansu"].listing)
    assert item.url == "https://www.gansu.gov.cn/art/2020/9/24/art_4786_470123.html"


@pytest.mark.parametrize(
    ("total", "per_page", "starts"),
    [
        (714, 15, [46, 91]),  # the first group of 3 pages (45 records) is inline; first two shown
        (45, 15, []),  # everything inline
    ],
)
def test_hanweb_proxy_groups(total: int, per_page: int, starts: list[int]) -> None:
    records = "".join("<record><![CDATA[<li></li>]]></record>" for _ in range(min(total, 45)))
    html = (
        '<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?columnid=1">'
        f"</a>]]></nextgroup><recordset>{records}</recordset></datastore>"
        f"<script>$('#1').jpage({{perPage: {per_page}, totalRecord: {total}}});</script>"
    )
    pages = other_pages("hanweb_datastore", html, "https://x.gov.cn/col/col1/index.html")
    assert [int(p.split("startrecord=")[1].split("&")[0]) for p in pages][:2] == starts
