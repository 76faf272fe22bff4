"""The whole pipeline on a real Dagster instance against the fixture mirror on 127.0.0.1.

One run (module-scoped) feeds every test here; a second run checks that nothing new is published.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
from dagster._core.instance.ref import InstanceRef

from dataset.load import connect, load
from dataset.release import read_latest, verify
from pipelines.definitions import defs
from pipelines.resources import CrawlerResource, StorageResource

TABLES = ("documents", "sources", "clauses", "targets", "agencies", "clause_agencies")


def _run(data_root: Path, dagster_home: Path) -> dg.ExecuteInProcessResult:
    job = defs.resolve_job_def("build_release")
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        return job.execute_in_process(
            instance=instance,
            resources={
                "crawler": CrawlerResource(mode="mirror"),
                "storage": StorageResource(data_root=str(data_root)),
            },
        )


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("e2e")
    data_root, home = base / "data", base / "dagster_home"
    home.mkdir()
    first = _run(data_root, home)
    root = data_root / "releases"
    return {
        "result": first,
        "root": root,
        "version": read_latest(root),
        "home": home,
        "data_root": data_root,
    }


def test_run_succeeds_on_a_persistent_instance(pipeline_run: dict) -> None:
    assert pipeline_run["result"].success
    # SQLite run storage under DAGSTER_HOME recorded the run.
    assert (pipeline_run["home"] / "history" / "runs.db").exists()


def test_release_layout_and_manifest(pipeline_run: dict) -> None:
    release = pipeline_run["root"] / pipeline_run["version"]
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"]
    assert manifest["crawl_mode"] == "mirror"
    for name in TABLES:
        entry = manifest["tables"][name]
        meta = pq.ParquetFile(release / entry["path"]).metadata
        assert meta.num_rows == entry["rows"]
        assert meta.row_group(0).column(0).compression == "ZSTD"
    assert verify(pipeline_run["root"]) == []


def test_bozhou_target_read_back_with_pyarrow(pipeline_run: dict, gold: dict) -> None:
    release = pipeline_run["root"] / pipeline_run["version"]
    targets = pq.read_table(release / "targets.parquet").to_pylist()
    docs = pq.read_table(release / "documents.parquet").to_pylist()
    bozhou = next(d for d in docs if d["region_code"] == gold["000"]["document"]["region_code"])
    expected = next(
        t for t in gold["000"]["targets"] if t["indicator"] == "每千人口执业(助理)医师数"
    )
    hits = [
        t
        for t in targets
        if t["doc_id"] == bozhou["doc_id"]
        and t["value"] == expected["value"]
        and t["unit"] == expected["unit"]
        and t["year"] == expected["year"]
    ]
    assert hits, "2025 target 每千人口执业(助理)医师数 2.9 人 missing"
    assert "每千人口" in (hits[0]["per"] or "") + hits[0]["indicator"]


def test_gansu_plan_is_one_document_with_two_sources(pipeline_run: dict, gold: dict) -> None:
    con = connect(root=pipeline_run["root"])
    number = gold["004"]["document"]["doc_number"]
    (n_docs,) = con.execute(
        "SELECT count(*) FROM documents WHERE doc_number = ?", [number]
    ).fetchone()
    assert n_docs == 1
    rows = con.execute(
        "SELECT s.source_id, s.official, s.is_canonical, s.charset FROM sources s "
        "JOIN documents d USING (doc_id) WHERE d.doc_number = ? ORDER BY s.source_id",
        [number],
    ).fetchall()
    assert [r[0] for r in rows] == ["gansu", "gsei"]
    # The official portal's copy is canonical; the aggregator's GBK page was decoded as such.
    assert rows[0][2] is True and rows[1][2] is False
    assert rows[1][3] == "gb18030"


def test_document_metadata_matches_gold(pipeline_run: dict, gold: dict) -> None:
    docs = load("documents", root=pipeline_run["root"]).set_index("region_code")
    fields = ("title", "notice_title", "doc_number", "issuer", "region", "admin_level", "doc_type")
    for key in ("000", "001", "004"):
        expected = gold[key]["document"]
        row = docs.loc[expected["region_code"]]
        for field in fields:
            assert row[field] == expected[field], (key, field)
        assert str(row["issue_date"]) == expected["issue_date"], key


def test_clause_outline_counts_match_gold(pipeline_run: dict, gold: dict) -> None:
    con = connect(root=pipeline_run["root"])
    for key in ("000", "001", "004"):
        code = gold[key]["document"]["region_code"]
        got = dict(
            con.execute(
                "SELECT depth, count(*) FROM clauses JOIN documents USING (doc_id) "
                "WHERE region_code = ? GROUP BY depth",
                [code],
            ).fetchall()
        )
        counts = gold[key]["counts"]
        for depth in (1, 2, 3):
            assert got.get(depth, 0) == counts[f"level{depth}"], (key, depth)


def test_every_row_traces_to_archived_bytes(pipeline_run: dict) -> None:
    from scrapers.archive import Archive

    archive = Archive(pipeline_run["data_root"] / "archive")
    sources = load("sources", root=pipeline_run["root"])
    assert len(sources) == 4
    for row in sources.itertuples():
        body = archive.read(row.url, row.sha256)
        import hashlib

        assert hashlib.sha256(body).hexdigest() == row.sha256
    con = connect(root=pipeline_run["root"])
    orphans = con.execute(
        "SELECT count(*) FROM targets t LEFT JOIN documents d USING (doc_id) "
        "WHERE d.source_sha256 IS NULL"
    ).fetchone()
    assert orphans == (0,)


def test_agencies_join_their_clauses(pipeline_run: dict) -> None:
    con = connect(root=pipeline_run["root"])
    dangling = con.execute(
        "SELECT count(*) FROM clause_agencies ca "
        "LEFT JOIN agencies a USING (agency_id) LEFT JOIN clauses c USING (clause_id) "
        "WHERE a.agency_id IS NULL OR (ca.clause_id IS NOT NULL AND c.clause_id IS NULL)"
    ).fetchone()
    assert dangling == (0,)
    (leads,) = con.execute("SELECT count(*) FROM clause_agencies WHERE role = 'lead'").fetchone()
    assert leads > 0


def test_duckdb_reads_release_files_directly(pipeline_run: dict) -> None:
    release = pipeline_run["root"] / pipeline_run["version"]
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{release}/documents.parquet')").fetchall()
    assert n == [(3,)]


def test_second_run_publishes_no_new_release(pipeline_run: dict) -> None:
    before = sorted(p.name for p in pipeline_run["root"].iterdir())
    again = _run(pipeline_run["data_root"], pipeline_run["home"])
    assert again.success
    assert read_latest(pipeline_run["root"]) == pipeline_run["version"]
    assert sorted(p.name for p in pipeline_run["root"].iterdir()) == before
