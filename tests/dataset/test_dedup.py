"""Merging copies of one plan: ids, near-duplicates, the 文号 guard, canonical copy, ids kept."""

from __future__ import annotations

import random

import pytest

from healthplans.dataset.dedup import (
    ParsedCopy,
    jaccard,
    merge_copies,
    near_duplicate_pairs,
    shingle_hashes,
)
from healthplans.dataset.ids import doc_id, normalize_doc_number
from healthplans.parsing.model import DocumentMeta, NormalizedText, ParsedDocument, SourceHints
from healthplans.parsing.resolve import resolve
from healthplans.records import FetchedCopy

PHRASES = [
    "加强基层医疗卫生服务能力建设",
    "完善分级诊疗制度",
    "推进公立医院高质量发展",
    "到2025年每千人口执业(助理)医师数达2.9人",
    "健全公共卫生应急管理体系",
    "提升中医药服务能力",
    "强化医保支付方式改革",
    "促进医防协同",
]


def _text(seed: int, n: int = 300) -> str:
    # Shared template phrases plus plan-specific words, as in plans written from one template.
    rng = random.Random(seed)
    own = lambda: "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(8))  # noqa: E731
    return "".join(rng.choice(PHRASES) + own() + rng.choice("，。；") for _ in range(n))


def _copy(
    url: str,
    text: str,
    *,
    number: str | None = "亳政办〔2024〕5号",
    region: str | None = "341600",
    official: bool = True,
    fmt: str = "html",
    script: str = "simplified",
    first_seen: str = "2026-01-01T00:00:00+00:00",
) -> ParsedCopy:
    meta = DocumentMeta(
        title="实施方案",
        notice_title=None,
        doc_number=number,
        issuer=None,
        issue_date="2024-01-05",
        publish_date=None,
        region=None,
        region_code=region,
        admin_level=None,
        script=script,
        doc_type=None,
    )
    fetched = FetchedCopy(
        source_id=url.split("/")[2],
        page_url=url,
        url=url,
        format=fmt,
        sha256="0" * 64,
        fetched_at=first_seen,
        first_seen=first_seen,
        last_seen=first_seen,
        charset=None,
        text=text,
        hints=SourceHints(),
        official=official,
    )
    parsed = ParsedDocument(meta, NormalizedText(text, text, script), ())
    return ParsedCopy(fetched, parsed, resolve(parsed))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("亳政办〔2024〕5号", "亳政办[2024]5号"),  # ASCII brackets
        ("亳政办〔2024〕5号", "亳政办［２０２４］05号"),  # full-width, leading zero
        ("甘政辦發〔2019〕12号", "甘政办发〔2019〕12号"),  # Traditional
        ("阳政发 (2024) 3 号", "阳政发〔2024〕3号"),  # spaces and parentheses
    ],
)
def test_doc_number_spellings_share_an_id(a: str, b: str) -> None:
    assert normalize_doc_number(a) == normalize_doc_number(b)
    assert doc_id("341600", a, "x", None) == doc_id("341600", b, "y", None)


def test_title_key_ignores_punctuation_and_quotes() -> None:
    assert doc_id("62", None, "《关于 完善医疗卫生服务体系的实施方案》", "2024-01-01") == doc_id(
        "62", None, "关于完善医疗卫生服务体系的实施方案", "2024-01-01"
    )


def test_layout_and_punctuation_do_not_affect_similarity() -> None:
    text = _text(1)
    pdf_like = text.replace("。", "。\n").replace("，", ",")  # PDF line breaks, ASCII commas
    assert jaccard(shingle_hashes(text), shingle_hashes(pdf_like)) == 1.0


def test_near_duplicates_found_and_distinct_plans_kept_apart() -> None:
    base = [_text(i) for i in range(40)]
    edited = base[7][:-60] + "（本方案自印发之日起施行）"
    pairs = {(i, j) for i, j, _ in near_duplicate_pairs([*base, edited])}
    assert pairs == {(7, 40)}


def test_copies_merge_with_official_html_canonical() -> None:
    text = _text(3)
    copies = [
        _copy("https://agg.example.com/a", text, number=None, region=None, official=False),
        _copy("https://www.bozhou.gov.cn/p.pdf", text, fmt="pdf"),
        _copy("https://www.bozhou.gov.cn/p.html", text),
        _copy("https://tw.example.com/p", text, script="traditional", official=False),
        _copy("https://other.gov.cn/q", _text(4), number="亳政办〔2024〕9号"),
    ]
    plans = merge_copies(copies)
    assert len(plans) == 2
    merged = next(p for p in plans if len(p.copies) == 4)
    assert merged.canonical.copy.url == "https://www.bozhou.gov.cn/p.html"
    assert merged.doc_id == copies[2].natural_id  # the 文号 key, not the aggregator's title key


def test_same_text_under_different_doc_numbers_is_two_plans() -> None:
    text = _text(5)
    county = text.replace("加强", "切实加强", 1)  # a county reposting the city's plan
    plans = merge_copies(
        [
            _copy("https://city.gov.cn/a", text, number="亳政办〔2024〕5号"),
            _copy("https://county.gov.cn/b", county, number="利政办〔2024〕2号"),
        ]
    )
    assert len(plans) == 2


def test_revision_under_same_doc_number_is_one_plan_with_newest_text() -> None:
    old = _copy("https://www.bozhou.gov.cn/old", _text(6), first_seen="2025-01-01T00:00:00+00:00")
    new = _copy(
        "https://www.bozhou.gov.cn/new",
        _text(6)[:3000] + "（修订）",
        first_seen="2026-01-01T00:00:00+00:00",
    )
    (plan,) = merge_copies([old, new])
    assert plan.canonical is new and len(plan.copies) == 2


def test_published_id_is_kept_when_the_key_is_read_differently() -> None:
    text = _text(8)
    before = merge_copies([_copy("https://www.bozhou.gov.cn/p.html", text, number=None)])
    previous = {"https://www.bozhou.gov.cn/p.html": before[0].doc_id}
    # A better parser now finds the 文号: the natural key changes, the published id does not.
    (after,) = merge_copies([_copy("https://www.bozhou.gov.cn/p.html", text)], previous)
    assert after.doc_id == before[0].doc_id
