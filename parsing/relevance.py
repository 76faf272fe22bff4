"""Is a document a health-system plan? Judged first from its title (on the list page, before
anything is fetched), then from its body once parsed.

Keywords alone fail: 卫生健康 heads appointments, tenders, penalties and name lists as often as
plans. A title is read for the genre of the document it names (the 方案 inside "关于印发《…方案》
的通知"), for words that mark a non-plan (解读, 中标, 公示, …) and for its health topic; a body for
the shape of a plan (总体要求, 主要任务, 牵头单位, dated goals, a numbered outline) and for how
much of it is about health. Every decision carries its score, its reasons and the rules' version,
so a rejected title or document is recorded, never dropped silently. The rules live in
parsing/data/relevance.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from healthplans.parsing.metadata import doc_type_of
from healthplans.parsing.model import Decision, Relevance
from healthplans.parsing.normalize import (
    remove_pinyin,
    standard_ideographs,
    to_simplified,
    unify_punctuation,
)

RULES_FILE = Path(__file__).parent / "data" / "relevance.yaml"

PLAN_AT, UNCERTAIN_AT = 0.75, 0.4  # score thresholds of the two better decisions


@dataclass(frozen=True)
class _Rules:
    version: str
    plan_genres: frozenset[str]
    open_genres: frozenset[str]
    plan_words: tuple[str, ...]
    topics: tuple[tuple[re.Pattern[str], int], ...]
    not_topics: re.Pattern[str]
    not_plan: tuple[tuple[str, re.Pattern[str]], ...]
    health_words: re.Pattern[str]  # the weight-2 topic words, one alternation for a body scan
    body_plan: re.Pattern[str]
    body_not_plan: re.Pattern[str]


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True)))


@cache
def rules() -> _Rules:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return _Rules(
        version=str(raw["version"]),
        plan_genres=frozenset(raw["plan_genres"]),
        open_genres=frozenset(raw["open_genres"]),
        plan_words=tuple(raw["plan_words"]),
        topics=tuple(
            (re.compile(word), int(weight))
            for weight, words in raw["topics"].items()
            for word in words
        ),
        not_topics=_alternation(raw["not_topics"]),
        not_plan=tuple((kind, _alternation(words)) for kind, words in raw["not_plan"].items()),
        health_words=_alternation([str(w) for w in raw["topics"][2]]),
        body_plan=_alternation(raw["body"]["plan_words"]),
        body_not_plan=_alternation(raw["body"]["not_plan_words"]),
    )


_SITE_SUFFIX = re.compile(r"\s*(?:\s[-_|｜—]\s|[-_|｜])[^-_|｜]{2,30}(?:网站|门户|政府网|网)\s*$")
# Tags that say nothing of the document (【政策解读】 and 【图解】 do, and stay).
_PREFIX = re.compile(r"^(?:[【\[（(](?:转载|转发|原创|置顶|最新|热点|推荐)[】\]）)])+")
_INNER = re.compile(r"《([^《》]{4,})》")
_CARRIER = re.compile(r"关于(?:印发|转发|公布|发布|下发|下达|颁布)(.{4,}?)的(?:通知|公告|通告)$")
_TRUNCATED = re.compile(r"(?:\.{2,}|…+|。。+)$")
_HEALTH_PLACE = re.compile(r"健康[\u4e00-\u9fff]{2,6}(?:建设|行动)")


def clean_title(title: str) -> str:
    """The title as a portal means it: standard Simplified ideographs, no pinyin, no site-name
    suffix or 【转载】 tag."""
    title = to_simplified(remove_pinyin(unify_punctuation(standard_ideographs(title)))[0])
    title = re.sub(r"\s+", " ", title).strip()
    title = _SITE_SUFFIX.sub("", title)
    return _PREFIX.sub("", title).strip()


def _named_documents(title: str) -> list[str]:
    """Titles of the documents a notice carries: 《…》 inside it, or what 关于印发…的通知 names;
    the title itself when it carries none."""
    inner = _INNER.findall(title)
    if inner:
        return inner
    carried = _CARRIER.search(title)
    return [carried.group(1)] if carried else [title]


def _topic(text: str) -> tuple[int, list[str]]:
    r = rules()
    text = r.not_topics.sub("", text)
    found = [(p.pattern, w) for p, w in r.topics if p.search(text)]
    if _HEALTH_PLACE.search(text):
        found.append(("健康…建设", 2))
    weight = max((w for _, w in found), default=0)
    if weight == 1 and len(found) >= 3:
        weight = 2  # several weak words together (健康 + 养老 + 康复) make a health topic
    return weight, [word for word, _ in found]


def _genre(documents: list[str]) -> tuple[str, str | None]:
    """'plan', 'open' or 'none' for the named documents, with the genre word that decided."""
    r = rules()
    for doc in documents:
        word = next((w for w in r.plan_words if w in doc), None)
        if word:
            return "plan", word
    kinds = [doc_type_of(doc) for doc in documents]
    for kind in kinds:
        if kind in r.plan_genres:
            return "plan", kind
    for kind in kinds:
        if kind in r.open_genres:
            return "open", kind
    return "none", None


def _decision(score: float) -> Decision:
    return "plan" if score >= PLAN_AT else "uncertain" if score >= UNCERTAIN_AT else "not_plan"


def judge_title(title: str) -> Relevance:
    """The title stage: decided before the page is fetched."""
    r = rules()
    title = clean_title(title or "")
    if not title:
        return Relevance("uncertain", 0.5, ("no title",), "title", r.version)
    for kind, pattern in r.not_plan:
        hit = pattern.search(title)
        if hit:
            reason = f"{kind}: {hit.group(0)}"
            return Relevance("not_plan", 0.05, (reason,), "title", r.version)
    weight, words = _topic(title)
    genre, word = _genre(_named_documents(title))
    if weight == 0:
        # Kept out at the title stage; a body read in full can still show a plan.
        score = 0.3 if genre == "plan" else 0.1
        return Relevance("not_plan", score, ("no health topic",), "title", r.version)
    if genre == "none" and _TRUNCATED.search(title):
        genre = "truncated"
    topic_part = 1.0 if weight >= 2 else 0.5
    genre_part = {"plan": 1.0, "open": 0.5, "truncated": 0.6, "none": 0.15}[genre]
    score = round(topic_part * genre_part, 3)
    reasons = (f"topic {weight}: {'、'.join(words[:4])}", f"genre {genre}: {word or '-'}")
    return Relevance(_decision(score), score, reasons, "title", r.version)


# Body shape: how many distinct plan words make a plan body, and how dense health words must be.
_BODY_WORDS_FOR_PLAN = 4
_HEALTH_PER_1000 = 3.0
# A document is set aside below this score: lower than the title stage's, because a body read in
# full is better evidence and a plan wrongly set aside is lost to the release.
DOCUMENT_CUT = 0.5


# Health words are counted in the opening of the body: enough to tell the topic, and a scan of
# the whole text would double the cost of judging a long plan.
_DENSITY_SAMPLE = 2500


def _health_density(text: str) -> float:
    r = rules()
    text = r.not_topics.sub("", text[:_DENSITY_SAMPLE])
    return 1000 * len(r.health_words.findall(text)) / max(len(text), 1)


def judge_document(title: str | None, text: str, clauses: int) -> Relevance:
    """The document stage: the title's verdict weighed with the body's shape and topic.

    `clauses` is the number of numbered clauses the parser found in the body. A body's shape
    (plan words, an outline) counts only as far as the body is about health: a transport plan
    has the shape of a plan and is not one.
    """
    r = rules()
    # A plan states its aims and tasks at the start and its safeguards at the end.
    ends = text if len(text) <= 2 * _DENSITY_SAMPLE else text[:_DENSITY_SAMPLE] + text[-1500:]
    plan_words = sorted(set(r.body_plan.findall(ends)))
    not_plan = sorted(set(r.body_not_plan.findall(ends)))
    density = _health_density(text)
    shape = 0.5 * min(len(plan_words) / _BODY_WORDS_FOR_PLAN, 1.0) + (0.5 if clauses >= 3 else 0)
    health = min(density / _HEALTH_PER_1000, 1.0)
    body = max(0.0, shape * (0.3 + 0.7 * health) - 0.2 * len(not_plan))
    body_reason = (
        f"body: {len(plan_words)} plan words, {clauses} clauses, "
        f"{density:.1f} health words per 1000 characters"
        + (f", not-plan words: {'、'.join(not_plan)}" if not_plan else "")
    )
    if not title:
        score = round(body, 3)
        reasons: tuple[str, ...] = ("no title", body_reason)
    else:
        first = judge_title(title)
        score = round(0.5 * first.score + 0.5 * body, 3)
        if first.decision == "plan" and not not_plan:
            score = max(score, PLAN_AT)  # a plan's title is not overruled by a short or odd body
        if first.decision == "not_plan" and first.reasons[0] != "no health topic":
            score = min(score, DOCUMENT_CUT - 0.01)  # 解读, 中标 and 公示 stay what they are
        reasons = (*first.reasons, body_reason)
    decision: Decision = "plan" if score >= DOCUMENT_CUT else "not_plan"
    return Relevance(decision, score, reasons, "document", r.version)
