"""parse_document never raises; non-plans say why; real plans of related genres parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthplans.parsing import parse_document
from healthplans.parsing.normalize import normalize
from tests.shared_reference import as_params, related_genre_documents

_HTML_BITS = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p class='x'>",
        "</p>",
        "<br/>",
        "<script>var a=1;</script>",
        "&nbsp;",
        "一、",
        "(一)",
        "1.",
        "①",
        "关于印发",
        "的通知",
        "〔2024〕",
        "。",
        "\n",
        "?",
        "|",
        ":",
        "—7—",
    ]
)
_CHINESEISH = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF, blacklist_categories=("Cs",)),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    parsed = parse_document(text)
    assert parsed.is_plan or parsed.reason


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_HTML_BITS, _CHINESEISH), max_size=40).map("".join))
def test_html_like_soup_never_raises(text: str) -> None:
    parsed = parse_document(text)
    assert parsed.is_plan or parsed.reason


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_decoded_binary_junk_never_raises(data: bytes) -> None:
    parse_document(data.decode("latin-1"))
    normalize(data.decode("gbk", errors="replace"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text"),
        ("   \n\t ", "empty text"),
        ("<html><body></body></html>", "no Chinese text"),
        (
            "这是一段没有任何编号标题的普通新闻报道文字,内容涉及医疗卫生工作的开展情况。",
            "no numbered outline",
        ),
    ],
)
def test_non_plans_have_a_reason(text: str, reason: str) -> None:
    parsed = parse_document(text)
    assert not parsed.is_plan
    assert parsed.reason == reason


@pytest.mark.parametrize("path", as_params(related_genre_documents()))
def test_reference_documents_parse(path: Path) -> None:
    parsed = parse_document(path.read_text(encoding="utf-8"))
    assert parsed.is_plan
    assert len(parsed.clauses) >= 10
    assert all(c.heading for c in parsed.clauses)
    assert parsed.meta.script == "simplified"


def test_seeds_are_plans(parsed_seeds: dict) -> None:
    assert all(p.is_plan and p.reason is None for p in parsed_seeds.values())
