"""The layout-agnostic reader on the real portal pages of ../shared/reference/pages, scored
against their expected.json (title, 文号, dates, body boundaries), and its survival on any
markup."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthplans.parsing.article import read_article
from healthplans.parsing.formats.charset import decode_body
from tests.shared_reference import reference_dir


def _squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_reference_pages_fields_and_body_boundaries() -> None:
    pages = reference_dir("pages")
    expected = json.loads((pages / "expected.json").read_text(encoding="utf-8"))
    fields_right = fields_total = bounds_right = bounds_total = 0
    misses = []
    for page in expected:
        html, _ = decode_body((pages / page["file"]).read_bytes())
        reading = read_article(html, page.get("page_url") or "")
        got = reading.fields
        checks = {}
        if page.get("title"):
            checks["title"] = got.title in [page["title"], *page.get("title_alternatives", [])]
        for name in ("doc_number", "issue_date", "publish_date"):
            if name in page:
                checks[name] = (getattr(got, name) or None) == (page[name] or None)
        for name, right in checks.items():
            fields_total += 1
            fields_right += right
            if not right:
                misses.append((page["file"], name, getattr(got, name)))
        if page.get("body_first_20"):
            body = _squeeze(reading.body)
            bounds_total += 2
            bounds_right += body.startswith(_squeeze(page["body_first_20"]))
            bounds_right += body.endswith(_squeeze(page["body_last_20"]))
    assert fields_total >= 60 and bounds_total >= 30
    # Measured: 76 of 76 fields and 38 of 38 body boundaries on these 19 pages.
    assert fields_right / fields_total >= 0.95, misses
    assert bounds_right / bounds_total >= 0.90


@given(
    st.text(alphabet=st.sampled_from(list("<>/=\"' divpspanbrh1一、（）附件：\n")), max_size=300)
)
def test_the_reader_never_raises(markup: str) -> None:
    reading = read_article(markup, "https://example.gov.cn/a.html")
    assert reading.rejected is not None or reading.text


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        (
            "<html><body><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p></body></html>",
            "soft_404",
        ),
    ],
)
def test_error_pages_are_recognized(html: str, kind: str) -> None:
    assert read_article(html, "https://example.gov.cn/x.html").rejected == kind


def test_a_title_heading_above_the_text_beats_a_site_name_title() -> None:
    html = (
        "<html><head><title>某市卫生健康委员会</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/zwgk'>政务公开</a></div>"
        "<div class='article-title'><h2>市卫生健康委关于印发某市老年健康服务能力提升行动方案的通知"
        "</h2></div>"
        "<div id='zoom'><p>某市卫生健康委员会</p><p>某市卫发〔2024〕15号</p>"
        "<p>各县市区卫生健康局:</p><p>现将《某市老年健康服务能力提升行动方案》印发给你们,请认真贯彻落实。</p>"
        "<p>某市老年健康服务能力提升行动方案</p><p>一、工作目标</p>"
        "<p>到2025年,全市二级及以上综合性医院设立老年医学科的比例达到60%以上。</p></div>"
        "</body></html>"
    )
    fields = read_article(html, "https://wjw.example.gov.cn/a.html").fields
    assert fields.title == "市卫生健康委关于印发某市老年健康服务能力提升行动方案的通知"
