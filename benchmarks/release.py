"""Release write and read at scale: synthetic tables for N plans of ~20 KB each.

Usage: python benchmarks/release.py [--n 100000] [--root DIR]
Builds documents (text and original_text ~7,000 characters each), sources (1.5 per plan),
clauses (10 per plan), targets (5), clause_agencies (5), agencies and quarantine, then times
publish() (conform, fingerprint, versions, changelog, Parquet, fsync, rename), verify(), and
reading every table back with dataset.load. Prints seconds, rows and bytes on disk per table.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dedup import SyntheticPlans

from healthplans.dataset.load import load
from healthplans.dataset.release import publish, verify
from healthplans.dataset.schema import DERIVED_TABLES, TABLES
from healthplans.dataset.tables import indicator_table

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _ids(prefix: str, n: int, offset: int = 0) -> pa.Array:
    return pa.array([f"{prefix}_{i + offset:016x}" for i in range(n)])


def _repeat(values: pa.Array | pa.ChunkedArray, k: int) -> pa.Array | pa.ChunkedArray:
    # Repeat only short columns: a take over the 2 GB text column overflows a string array.
    return values.take(pa.array(np.repeat(np.arange(len(values)), k)))


def _const(value: object, n: int, type_: pa.DataType) -> pa.Array:
    return pa.array([value] * n, type=type_)


def _table(name: str, columns: dict[str, pa.Array]) -> pa.Table:
    schema = TABLES[name].schema
    n = len(next(iter(columns.values())))
    arrays = [columns.get(f.name, pa.nulls(n, f.type)) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def build(n: int) -> dict[str, pa.Table]:
    """Every caller-supplied table for n synthetic plans."""
    plans = SyntheticPlans(n, 7000, 0.0)
    text = pa.array([plans[i] for i in range(n)], type=pa.string())
    doc = _ids("doc", n)
    url = pc.binary_join_element_wise("https://www.example.gov.cn/", doc, ".html", "")
    ts = _const(T0, n, pa.timestamp("us", tz="UTC"))
    documents = _table(
        "documents",
        {
            "doc_id": doc,
            "version_id": _ids("v", n),
            "title": pc.utf8_slice_codeunits(text, 0, 30),
            "doc_number": pc.binary_join_element_wise("皖卫发〔2025〕", doc, "号", ""),
            "issuer": _const("安徽省卫生健康委员会", n, pa.string()),
            "region_code": _const("340000", n, pa.string()),
            "script": _const("simplified", n, pa.string()),
            "is_plan": _const(True, n, pa.bool_()),
            "n_clauses": _const(10, n, pa.int32()),
            "n_targets": _const(5, n, pa.int32()),
            "n_sources": _const(1, n, pa.int32()),
            "source_url": url,
            "source_sha256": _ids("s", n),
            "fetched_at": ts,
            "text": text,
            "original_text": text,
            "quality_flags": pa.array([[]] * n, pa.list_(pa.string())),
        },
    )
    m = n + n // 2  # half the plans have a second copy
    sdoc = pa.concat_arrays([doc, doc.slice(0, n // 2)])
    sources = _table(
        "sources",
        {
            "doc_id": sdoc,
            "source_id": _const("ahwjw", m, pa.string()),
            "url": pc.binary_join_element_wise("https://mirror.example.com/", _ids("u", m), ""),
            "page_url": _const("https://www.example.gov.cn/", m, pa.string()),
            "format": _const("html", m, pa.string()),
            "sha256": _ids("s", m),
            "version_id": _ids("v", m),
            "first_seen": _const(T0, m, ts.type),
            "last_seen": _const(T0, m, ts.type),
            "official": _const(True, m, pa.bool_()),
            "is_canonical": _const(False, m, pa.bool_()),
        },
    )
    c = n * 10
    cdoc = _repeat(doc, 10)
    clauses = _table(
        "clauses",
        {
            "clause_id": _ids("cl", c),
            "doc_id": cdoc,
            "path": _const("二/(一)/3", c, pa.string()),
            "depth": _const(3, c, pa.int8()),
            "ordinal": pa.array(np.tile(np.arange(10), n).astype(np.int32)),
            "label": _const("3.", c, pa.string()),
            "heading": _repeat(pc.utf8_slice_codeunits(text, 0, 20), 10),
            "body": _repeat(pc.utf8_slice_codeunits(text, 100, 400), 10),
        },
    )
    t = n * 5
    rng = np.random.default_rng(0)
    targets = _table(
        "targets",
        {
            "target_id": _ids("tg", t),
            "doc_id": _repeat(doc, 5),
            "indicator": _const("每千人口执业(助理)医师数", t, pa.string()),
            "comparator": _const(">=", t, pa.string()),
            "value": pa.array(rng.uniform(0, 100, t)),
            "unit": _const("人", t, pa.string()),
            "year": pa.array(rng.integers(2020, 2035, t).astype(np.int16)),
            "quote": _const("到2025年每千人口执业(助理)医师数达2.9人", t, pa.string()),
        },
    )
    agency = _ids("ag", 2000)
    links = _table(
        "clause_agencies",
        {
            "doc_id": _repeat(doc, 5),
            "clause_id": _ids("cl", t),
            "agency_id": agency.take(pa.array(rng.integers(0, 2000, t))),
            "role": _const("lead", t, pa.string()),
            "joint": _const(False, t, pa.bool_()),
            "name_as_written": _const("市卫生健康委", t, pa.string()),
            "raw": _const("牵头单位:市卫生健康委", t, pa.string()),
        },
    )
    agencies = _table(
        "agencies",
        {
            "agency_id": agency,
            "name": pc.binary_join_element_wise("机构", agency, ""),
            "category": _const("health", 2000, pa.string()),
        },
    )
    q = _table(
        "quarantine",
        {
            "url": _ids("q", 100),
            "source_id": _const("s", 100, pa.string()),
            "stage": _const("article", 100, pa.string()),
            "reason": _const("http_404", 100, pa.string()),
            "at": _const(T0, 100, ts.type),
        },
    )
    tables = {
        "documents": documents,
        "sources": sources,
        "clauses": clauses,
        "targets": targets,
        "agencies": agencies,
        "clause_agencies": links,
        # Empty here: their rows come from parsing the text, which this benchmark skips.
        "citations": TABLES["citations"].schema.empty_table(),
        "clause_links": TABLES["clause_links"].schema.empty_table(),
        "indicators": indicator_table(),
        "quarantine": q,
    }
    assert set(tables) == set(TABLES) - set(DERIVED_TABLES)
    return tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--root", type=Path, help="releases root (default: a temporary dir)")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="healthplans-bench-"))
    start = time.perf_counter()
    tables = build(args.n)
    print(f"built tables for {args.n:,} plans in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    result = publish(tables, root)
    print(f"publish  {time.perf_counter() - start:7.1f} s  -> {result.path}")
    start = time.perf_counter()
    problems = verify(root)
    print(f"verify   {time.perf_counter() - start:7.1f} s  ({problems or 'OK'})")
    start = time.perf_counter()
    rows = {name: len(load(name, root=root)) for name in result.manifest["tables"]}
    print(f"read all {time.perf_counter() - start:7.1f} s  (every table to pandas)")
    total = 0
    for name, entry in sorted(result.manifest["tables"].items()):
        total += entry["bytes"]
        print(f"  {name:<18} {rows[name]:>10,} rows {entry['bytes'] / 2**20:>9.1f} MiB")
    raw = sum(t.nbytes for t in tables.values())
    print(
        f"  {'total':<18} {'':>10}      {total / 2**20:>9.1f} MiB on disk "
        f"({raw / 2**20:,.0f} MiB in Arrow)"
    )
    if args.root is None:
        for p in root.rglob("*"):
            p.chmod(0o755)
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
