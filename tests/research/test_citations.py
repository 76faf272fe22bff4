"""Citations of other documents: titles, 文号, issuers and levels from the seeds."""

from __future__ import annotations

import pytest

from healthplans.dataset.research_tables import CitationIndex, citation_rows
from healthplans.parsing.citations import (
    Citation,
    extract_citations,
    level_of_doc_number,
    unwrap_title,
)
from healthplans.parsing.model import DocumentMeta, ParsedDocument
from tests.shared_reference import ABSENT


def _citations(doc: ParsedDocument) -> tuple[Citation, ...]:
    return extract_citations(doc.clauses, doc.normalized.text, doc.meta)


def _meta(**fields: str | None) -> DocumentMeta:
    base = dict.fromkeys(DocumentMeta.__dataclass_fields__)
    base["script"] = "simplified"
    base.update(fields)
    return DocumentMeta(**base)


def test_gansu_cites_the_state_council_notice_by_its_number(parsed):
    cited = {c.doc_number: c for c in _citations(parsed["004"])}
    national = cited["国办发〔2020〕25号"]
    assert (
        national.title == "国务院办公厅关于印发深化医药卫生体制改革2020年下半年重点工作任务的通知"
    )
    assert (national.level, national.cue, national.path) == ("national", "按照", None)
    # Three ministries issued it together; the 国卫 prefix says national.
    assert cited["国卫办老龄发〔2019〕24号"].level == "national"


def test_bozhou_cites_the_national_opinion_and_the_provincial_plan(parsed):
    cited = {c.title: c for c in _citations(parsed["000"])}
    national = cited["关于进一步完善医疗卫生服务体系的意见"]
    assert national.issuer == "中共中央办公厅、国务院办公厅"
    assert national.level == "national"
    provincial = cited["关于进一步完善医疗卫生服务体系推进健康安徽建设的实施方案"]
    assert provincial.issuer == "中共安徽省委办公厅、安徽省人民政府办公厅"
    assert provincial.level == "province"


def test_yangquan_citations_carry_clause_paths_and_levels(parsed):
    cited = {c.doc_number or c.title: c for c in _citations(parsed["001"])}
    assert cited["晋人社厅发〔2022〕5号"].level == "province"
    assert cited["晋人社厅发〔2022〕5号"].path == "二/(五)/4"
    # 阳发 starts like the plan's own 阳政发: a city document, though 阳 is no province prefix.
    assert cited["阳发〔2020〕8号"].level == "city"
    assert cited["医疗质量管理办法"].cue == "贯彻落实"


@pytest.mark.parametrize("key", ["000", "001", "004", "02", "04"])
def test_a_plan_never_cites_itself(parsed, key):
    if key not in parsed:
        pytest.skip(ABSENT)
    doc = parsed[key]
    own = {doc.meta.title, doc.meta.notice_title}
    assert not [c for c in _citations(doc) if c.title in own or c.doc_number == doc.meta.doc_number]


def test_brackets_are_normalized_and_citations_resolve_to_documents(parsed):
    if "03" not in parsed:
        pytest.skip(ABSENT)
    beijing = _citations(parsed["03"])
    assert beijing[0].doc_number == "国发〔2016〕15号"  # written 国发[2016]15号
    national = parsed["04"].meta
    index = CitationIndex(
        [
            {
                "doc_id": "d04",
                "doc_number": national.doc_number,
                "title": national.title,
                "notice_title": national.notice_title,
            },
            {
                "doc_id": "d01",
                "doc_number": "国办发〔2019〕4号",
                "title": "x",
                "notice_title": None,
            },
        ]
    )
    assert index.resolve(beijing[0]) == "d04"
    # Without the 文号 the unwrapped title still finds it ("2016-2030" vs "2016—2030").
    by_title = Citation(None, beijing[0].title, None, None, None, None, None, "")
    assert index.resolve(by_title) == "d04"
    assert (
        index.resolve(Citation(None, "医疗质量管理办法", None, None, None, None, None, "")) is None
    )
    (row,) = citation_rows("d03", beijing[:1], index)
    assert (row["cited_doc_id"], row["cited_level"], row["clause_id"]) == ("d04", "national", None)


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        # a bare 文号 after a cue
        ("一、任务\n按照国办发〔2020〕25号文件要求,做好工作。", "国办发〔2020〕25号", None),
        # a title listed after another shares the issuer words before the first
        ("一、任务\n执行国家卫生健康委印发的《甲办法》《乙规范(试行)》。", None, "乙规范(试行)"),
        # not a document: a book
        ("一、任务\n编撰出版《中华医藏》。", None, None),
        # an annex of the plan itself
        ("一、任务\n国家制定《考核指标》(见附件)供各地使用。", None, None),
    ],
)
def test_small_texts(text, number, title):
    from healthplans.parsing.outline import parse_outline

    found = extract_citations(tuple(parse_outline(text)), text, _meta(admin_level="city"))
    if number is None and title is None:
        assert found == ()
    else:
        assert any(c.doc_number == number and (title is None or c.title == title) for c in found)


@pytest.mark.parametrize(
    ("number", "own", "level"),
    [
        ("国办发〔2020〕25号", None, "national"),  # State Council office
        ("中办发〔2023〕10号", None, "national"),  # Party centre office
        ("晋人社厅发〔2022〕5号", "阳政发〔2024〕3号", "province"),  # Shanxi department
        ("皖政办〔2023〕12号", None, "province"),  # Anhui government office
        ("亳政办〔2024〕2号", "亳政办〔2024〕1号", "city"),  # the citing city's own prefix
        ("北碚府办发〔2024〕48号", None, None),  # a district prefix: unknown
    ],
)
def test_level_of_doc_number(number, own, level):
    meta = _meta(doc_number=own, admin_level="city" if own else None)
    assert level_of_doc_number(number, meta) == level


def test_unwrap_title():
    assert unwrap_title("国务院关于印发中医药发展战略规划纲要(2016—2030年)的通知") == (
        "中医药发展战略规划纲要(2016—2030年)"
    )
