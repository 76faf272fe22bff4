"""Relevance: precision and recall on labeled real titles (read in place from
../shared/reference) and on this project's own labeled titles; the document stage on real plans,
and on bodies that carry health words but are not plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthplans.parsing import parse_document
from healthplans.parsing.relevance import clean_title, judge_document, judge_title, rules
from tests.relevance_titles import labels, reference_titles
from tests.shared_reference import REFERENCE, SHARED, SHARED_GOLD, reference_dir

OWN = Path(__file__).parents[1] / "fixtures" / "relevance" / "titles.tsv"
MIN_PRECISION = MIN_RECALL = 0.95


def _measure(pairs: list[tuple[str, bool]]) -> tuple[float, float, float, list[str]]:
    """Precision and recall of the title decision `plan`, the recall of what the crawl keeps
    (plan or uncertain), and the titles judged wrong."""
    tp = fp = fn = kept = 0
    wrong = []
    for title, is_plan in pairs:
        r = judge_title(title)
        predicted = r.decision == "plan"
        tp += predicted and is_plan
        fp += predicted and not is_plan
        fn += is_plan and not predicted
        kept += is_plan and r.kept
        if predicted != is_plan:
            wrong.append(f"{'FN' if is_plan else 'FP'} {r.decision} {title}")
    positives = sum(p for _, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    return precision, tp / positives, kept / positives, wrong


def _own_titles() -> list[tuple[str, bool]]:
    rows = [line.rstrip("\n").split("\t") for line in OWN.read_text(encoding="utf-8").splitlines()]
    return [
        (title, label == "plan")
        for label, title in (r for r in rows if r[0] in ("plan", "not_plan"))
    ]


def test_own_labeled_titles() -> None:
    pairs = _own_titles()
    assert len(pairs) >= 100 and 0.3 < sum(p for _, p in pairs) / len(pairs) < 0.7
    precision, recall, kept, wrong = _measure(pairs)
    print(f"own titles: n={len(pairs)} P={precision:.3f} R={recall:.3f} kept={kept:.3f}")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, wrong
    assert kept == 1.0, wrong


def test_real_titles_from_the_reference_material() -> None:
    reference_dir("pages")
    found = reference_titles(REFERENCE, SHARED_GOLD)
    labeled = labels()
    pairs = [(title, labeled[key] == "plan") for key, title in found.items() if key in labeled]
    # Material added later brings titles without labels: they are left out, not guessed, but
    # the labeled ones must stay the bulk.
    assert len(pairs) >= 80 and len(pairs) >= 0.8 * len(found), (len(pairs), len(found))
    precision, recall, kept, wrong = _measure(pairs)
    print(f"reference titles: n={len(pairs)} P={precision:.3f} R={recall:.3f} kept={kept:.3f}")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, wrong
    assert kept == 1.0, wrong


@pytest.mark.parametrize(
    ("title", "decision", "reason"),
    [
        ("市卫生健康委关于李四同志职务任免的通知", "not_plan", "personnel"),
        ("县人民医院医疗设备采购项目中标结果公告", "not_plan", "procurement"),
        ("【政策解读】《关于进一步完善医疗卫生服务体系的实施方案》", "not_plan", "interpretation"),
        ("关于2024年度省级卫生健康先进集体的公示", "not_plan", "listing"),
        ("关于印发全市交通运输高质量发展实施方案的通知", "not_plan", "no health topic"),
        ("关于印发促进房地产市场平稳健康发展若干措施的通知", "not_plan", "no health topic"),
        ("关于印发医疗卫生服务体系建设实施方案的通知", "plan", "genre plan"),
        ("关于进一步加强医疗机构管理的办法", "uncertain", "genre open"),
        ("关于印发全省医疗卫生服务体系建设...", "uncertain", "genre truncated"),
    ],
)
def test_title_decisions_say_why(title: str, decision: str, reason: str) -> None:
    r = judge_title(title)
    assert (r.decision, r.stage, r.rules) == (decision, "title", rules().version)
    assert any(reason in why for why in r.reasons), r.reasons
    assert 0.0 <= r.score <= 1.0


def test_titles_are_cleaned_as_portals_print_them() -> None:
    assert (
        clean_title("【转载】关于印发X方案的通知 - 某某市人民政府门户网站") == "关于印发X方案的通知"
    )
    assert clean_title("海南省将健康融⼊所有政策实施⽅案") == "海南省将健康融入所有政策实施方案"
    assert judge_title("甘肅省深化醫(yī)藥衛(wèi)生體制改革重點工作任務(wù)").decision == "plan"


def _real_plans() -> list[Path]:
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        (REFERENCE / "documents").glob("*.txt")
    )


def test_every_real_plan_with_an_outline_is_judged_a_plan() -> None:
    plans = _real_plans()
    if not plans:
        pytest.skip("../shared is absent (it is never committed)")
    judged = 0
    for path in plans:
        doc = parse_document(path.read_text(encoding="utf-8"))
        if doc.relevance is None:
            continue  # no outline: set aside for that reason before relevance is asked
        judged += 1
        assert doc.is_plan and doc.relevance.decision == "plan", (path.name, doc.relevance)
    assert judged >= 0.8 * len(plans)


_OUTLINE = (
    "一、总体要求\n（一）指导思想\n坚持以人民为中心。\n"
    "二、主要任务\n（一）{a}\n（二）{b}\n三、保障措施\n"
)


@pytest.mark.parametrize(
    ("title", "body", "decision"),
    [
        # A 办法 title is open: a body of goals and tasks about health makes it a plan...
        (
            "关于加强基层医疗卫生服务的办法",
            _OUTLINE.format(
                a="到2025年，每个乡镇卫生院达到服务能力标准。", b="牵头单位：县卫生健康局"
            )
            * 2,
            "plan",
        ),
        # ...a transport plan has the shape of a plan and is not one...
        (
            None,
            _OUTLINE.format(a="到2025年，公路通车里程达到1万公里。", b="牵头单位：市交通运输局")
            * 2,
            "not_plan",
        ),
        # ...and a penalty decision about a clinic is not one whatever its health words.
        (
            "某某诊所行政处罚决定书",
            "当事人：某某诊所\n违法事实：医疗机构未取得执业许可。\n一、处罚依据\n二、处罚内容\n三、履行方式\n",
            "not_plan",
        ),
    ],
)
def test_document_stage(title: str | None, body: str, decision: str) -> None:
    r = judge_document(title, body, clauses=body.count("、") + body.count("）"))
    assert (r.decision, r.stage) == (decision, "document"), r


def test_a_parsed_non_plan_keeps_its_reading_and_says_why() -> None:
    text = "关于印发全市交通运输高质量发展实施方案的通知\n" + _OUTLINE.format(
        a="到2025年，公路通车里程达到1万公里。", b="牵头单位：市交通运输局"
    )
    doc = parse_document(text)
    assert not doc.is_plan and doc.clauses
    assert doc.reason and doc.reason.startswith("not a health-system plan")
    assert doc.relevance is not None and doc.relevance.decision == "not_plan"
