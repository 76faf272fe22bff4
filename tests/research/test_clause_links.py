"""Clause-level text reuse: plans sharing a template are linked, unrelated plans are not."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from healthplans.dataset.clause_links import (
    LINK_JACCARD,
    DocumentOrder,
    LinkClause,
    best_match_scores,
    link_clauses,
    links_from_rows,
    orient,
)
from healthplans.parsing import parse_document
from healthplans.parsing.model import ParsedDocument
from tests.research.template_pair import derived_plan
from tests.shared_reference import ABSENT

# Pairs known to share text: a plan and its derivative, two plans implementing one national 意见
# (Bozhou, Yangquan) and Beijing's TCM opinion implementing the national TCM 纲要 (03, 04).
RELATED = {frozenset({"000", "001"}), frozenset({"03", "04"})}


def _clauses(key: str, doc: ParsedDocument) -> list[LinkClause]:
    return [LinkClause(f"{key}/{c.path}", key, c.heading + c.body) for c in doc.clauses]


def _order(key: str, doc: ParsedDocument) -> DocumentOrder:
    m = doc.meta
    return DocumentOrder(
        key, m.admin_level, date.fromisoformat(m.issue_date) if m.issue_date else None
    )


@pytest.fixture(scope="module")
def derived() -> ParsedDocument:
    return parse_document(derived_plan())


def test_two_plans_from_one_template_share_linked_clauses(parsed, derived):
    yangquan = parsed["001"]
    links = link_clauses(
        _clauses("yq", yangquan) + _clauses("jz", derived),
        {"yq": _order("yq", yangquan), "jz": _order("jz", derived)},
    )
    assert len(links) >= 15
    # Same level (city): the earlier plan is the source.
    assert {(x.source_doc_id, x.target_doc_id, x.basis) for x in links} == {("yq", "jz", "date")}
    assert sum(x.kind == "near_copy" for x in links) >= 10
    # A clause rewritten from scratch is not linked: (一)/4 of the derived plan is local text.
    assert "jz/二/(一)/4" not in {x.target_clause_id for x in links}


def test_unrelated_plans_have_no_clause_above_the_threshold(parsed):
    gansu, yangquan = parsed["004"], parsed["001"]
    texts = [c.heading + c.body for c in gansu.clauses]
    assert max(best_match_scores(texts, [c.heading + c.body for c in yangquan.clauses])) < 0.1
    links = link_clauses(
        _clauses("gs", gansu) + _clauses("yq", yangquan),
        {"gs": _order("gs", gansu), "yq": _order("yq", yangquan)},
    )
    assert links == []


def test_only_related_pairs_are_linked_among_seeds_and_references(parsed):
    if "04" not in parsed:
        pytest.skip(ABSENT)
    clauses = [c for key, doc in parsed.items() for c in _clauses(key, doc)]
    links = link_clauses(clauses, {key: _order(key, doc) for key, doc in parsed.items()})
    pairs = {frozenset({x.source_doc_id, x.target_doc_id}) for x in links}
    assert pairs == RELATED
    assert all(x.jaccard >= LINK_JACCARD for x in links)
    for a, b in itertools.combinations(parsed, 2):
        if frozenset({a, b}) not in RELATED:
            assert not [x for x in links if {x.source_doc_id, x.target_doc_id} == {a, b}]


def test_national_to_local_direction_from_release_rows(parsed):
    if "04" not in parsed:
        pytest.skip(ABSENT)
    rows = [
        {"clause_id": f"{k}/{c.path}", "doc_id": k, "heading": c.heading, "body": c.body}
        for k in ("03", "04")
        for c in parsed[k].clauses
    ]
    documents = [
        # The national 纲要 has no admin_level; its issuer makes it national.
        {"doc_id": "04", "admin_level": None, "issuer": "国务院", "issue_date": date(2016, 2, 22)},
        {
            "doc_id": "03",
            "admin_level": "province",
            "issuer": "北京市人民政府",
            "issue_date": date(2017, 2, 7),
        },
    ]
    links = links_from_rows(rows, documents)
    assert links
    assert all((x.source_doc_id, x.target_doc_id, x.basis) == ("04", "03", "level") for x in links)


@pytest.mark.parametrize(
    ("a", "b", "source", "basis"),
    [
        # higher level first, even when issued later
        (("p", "province", date(2024, 5, 1)), ("c", "city", date(2023, 1, 1)), "p", "level"),
        # same level: earlier first
        (("x", "city", date(2024, 5, 1)), ("y", "city", date(2024, 2, 1)), "y", "date"),
        # nothing known: doc_id order, flagged
        (("b", None, None), ("a", None, None), "a", "none"),
    ],
)
def test_orient(a, b, source, basis):
    got_source, _, got_basis = orient(DocumentOrder(*a), DocumentOrder(*b))
    assert (got_source.doc_id, got_basis) == (source, basis)
