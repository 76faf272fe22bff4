"""Synthetic but schema-complete release tables, for release, loader and crash tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyarrow as pa

from healthplans.dataset.ids import clause_id, doc_id, target_id, version_id
from healthplans.dataset.schema import TABLES

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _doc(i: int, text: str) -> dict:
    did = doc_id("340000", f"皖卫发〔2025〕{i}号", None, None)
    return {
        "doc_id": did,
        "version_id": version_id(text),
        "title": f"第{i}号医疗卫生服务体系实施方案",
        "notice_title": None,
        "doc_number": f"皖卫发〔2025〕{i}号",
        "issuer": "安徽省卫生健康委员会",
        "issue_date": date(2025, 1, 1) + timedelta(days=i % 300),
        "publish_date": None if i % 5 == 0 else date(2025, 1, 2) + timedelta(days=i % 300),
        "region": "安徽省",
        "region_code": "340000",
        "admin_level": "province",
        "script": "simplified",
        "doc_type": "实施方案",
        "is_plan": True,
        "n_clauses": 2,
        "n_targets": 1,
        "n_sources": 1,
        "source_url": f"https://wjw.ah.gov.cn/{i}.html",
        "source_sha256": f"{i:064x}",
        "fetched_at": T0,
        "text": text,
        "original_text": text,
        "quality_flags": ["converted_from_traditional"] if i % 7 == 0 else [],
    }


def release_tables(
    n_docs: int, text_chars: int = 40, revised: frozenset[int] = frozenset(), start: int = 0
) -> dict[str, pa.Table]:
    """Every caller-supplied table for plans start..start+n_docs-1; `revised` plans get new text."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for i in range(start, start + n_docs):
        text = (f"第{i}号方案。" + "加强基层医疗卫生服务能力建设" * text_chars)[: text_chars * 14]
        if i in revised:
            text += "（修订）"
        doc = _doc(i, text)
        did = doc["doc_id"]
        rows["documents"].append(doc)
        rows["sources"].append(
            {
                "doc_id": did,
                "source_id": "ahwjw",
                "url": doc["source_url"],
                "page_url": doc["source_url"],
                "format": "html",
                "sha256": doc["source_sha256"],
                "version_id": doc["version_id"],
                "first_seen": T0,
                "last_seen": T0,
                "charset": "utf-8",
                "official": True,
                "is_canonical": True,
            }
        )
        for k, path in enumerate(("一", "一/(一)")):
            rows["clauses"].append(
                {
                    "clause_id": clause_id(did, path),
                    "doc_id": did,
                    "path": path,
                    "parent_clause_id": clause_id(did, "一") if k else None,
                    "depth": k + 1,
                    "ordinal": k,
                    "label": "一、" if k == 0 else "(一)",
                    "heading": "总体要求",
                    "body": text[:60],
                }
            )
        value = 2.9 + (0.1 if i in revised else 0.0)
        quote = f"每千人口执业(助理)医师数达{value}人"
        rows["targets"].append(
            {
                "target_id": target_id(did, "一/(一)", quote, "每千人口执业(助理)医师数", value),
                "doc_id": did,
                "clause_id": clause_id(did, "一/(一)"),
                "path": "一/(一)",
                "indicator": "每千人口执业(助理)医师数",
                "comparator": ">=",
                "value": value,
                "value_max": None,
                "unit": "人",
                "per": "每千人口",
                "year": None if i % 4 == 0 else 2025,
                "hedge": None,
                "quote": quote,
            }
        )
        agency = f"ag_{i % 50:04d}"
        rows["clause_agencies"].append(
            {
                "doc_id": did,
                "clause_id": clause_id(did, "一/(一)"),
                "agency_id": agency,
                "role": "lead",
                "joint": False,
                "name_as_written": "省卫生健康委",
                "raw": "牵头单位",
            }
        )
    for a in sorted({r["agency_id"] for r in rows["clause_agencies"]}):
        rows["agencies"].append(
            {
                "agency_id": a,
                "name": f"机构{a}",
                "level": "province",
                "category": "health",
                "region_code": "340000",
            }
        )
    rows["quarantine"].append(
        {
            "url": "https://wjw.ah.gov.cn/404.html",
            "source_id": "ahwjw",
            "stage": "article",
            "reason": "http_404",
            "detail": None,
            "at": T0,
        }
    )
    del rows["document_versions"]  # derived by the release writer
    return {name: pa.Table.from_pylist(r, schema=TABLES[name].schema) for name, r in rows.items()}
