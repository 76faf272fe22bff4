"""The whole pipeline on a real Dagster instance against the fixture mirror on 127.0.0.1.

One run (module-scoped) feeds every test here; a second run checks that nothing new is published,
and a liveness check with one mirrored page taken down (the last test) checks vanished documents.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
from dagster._core.instance.ref import InstanceRef

from healthplans.dataset.load import connect, load
from healthplans.dataset.release import read_latest, verify
from healthplans.mirror.build import mirrored
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.registry import load_registry
from tests.jobs import run_job

# The seeds' sites; every other mirrored source is one CMS family's site with one plan.
SEED_SOURCES = ("beibei", "bozhou", "govcn", "gansu", "gsei", "guangdong", "yangquan")
FAMILY_SOURCES = sorted(
    k for k, s in load_registry().items() if mirrored(s.entry_points) and k not in SEED_SOURCES
)

TABLES = (
    "documents",
    "sources",
    "clauses",
    "targets",
    "agencies",
    "clause_agencies",
    "citations",
    "clause_links",
    "indicators",
)


def _run(
    data_root: Path, dagster_home: Path, job_name: str = "build_release", gone: tuple = ()
) -> dg.ExecuteInProcessResult:
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        return run_job(data_root, instance, job_name, gone=gone)


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
    archive = Archive(pipeline_run["data_root"] / "archive")
    sources = load("sources", root=pipeline_run["root"])
    assert len(sources) == 4 + len(FAMILY_SOURCES)  # the seeds' four copies, a plan per family
    assert sorted(set(sources.source_id) - set(SEED_SOURCES)) == FAMILY_SOURCES
    for row in sources.itertuples():
        body = archive.read(row.url, row.sha256)
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
    assert n == [(3 + len(FAMILY_SOURCES),)]


def test_gansu_cites_the_state_council_notice_as_national(pipeline_run: dict, gold: dict) -> None:
    con = connect(root=pipeline_run["root"])
    rows = con.execute(
        "SELECT c.cited_level, c.level_basis, c.cue, c.clause_id FROM citations c "
        "JOIN documents d USING (doc_id) WHERE d.doc_number = ? AND c.cited_doc_number = ?",
        [gold["004"]["document"]["doc_number"], "国办发〔2020〕25号"],
    ).fetchall()
    assert rows == [("national", "doc_number", "按照", None)]
    # Every seed cites something; none cites another seed (they are unrelated plans).
    per_doc = con.execute(
        "SELECT d.region_code, count(c.citation_id), count(c.cited_doc_id) FROM documents d "
        "LEFT JOIN citations c USING (doc_id) WHERE d.region_code IN (?, ?, ?) GROUP BY 1",
        [gold[k]["document"]["region_code"] for k in ("000", "001", "004")],
    ).fetchall()
    assert len(per_doc) == 3 and all(n > 0 and resolved == 0 for _, n, resolved in per_doc)


def test_bozhou_physicians_target_maps_to_its_indicator(pipeline_run: dict, gold: dict) -> None:
    con = connect(root=pipeline_run["root"])
    rows = con.execute(
        "SELECT t.indicator_id, i.name, i.unit FROM targets t JOIN documents d USING (doc_id) "
        "JOIN indicators i USING (indicator_id) "
        "WHERE d.region_code = ? AND t.value = 2.9 AND t.year = 2025 AND t.unit = '人'",
        [gold["000"]["document"]["region_code"]],
    ).fetchall()
    assert rows == [("physicians_per_1000", "每千人口执业(助理)医师数", "人")]
    (n_indicators,) = con.execute("SELECT count(*) FROM indicators").fetchone()
    (mapped, total) = con.execute(
        "SELECT count(t.indicator_id), count(*) FROM targets t JOIN documents d USING (doc_id) "
        "WHERE d.region_code IN (?, ?, ?)",
        [gold[k]["document"]["region_code"] for k in ("000", "001", "004")],
    ).fetchone()
    assert n_indicators >= 80
    assert mapped >= total * 0.7  # docs/research.md: 57 of the seeds' 67 targets map


def test_clause_links_only_between_the_sibling_plans(pipeline_run: dict, gold: dict) -> None:
    # Bozhou and Yangquan both implement the national 意见 and reuse its sentences: five clause
    # pairs pass the threshold (docs/research.md: "Bozhou vs Yangquan", 5 links, max 0.29).
    # Gansu's plan is unrelated to both and has none.
    con = connect(root=pipeline_run["root"])
    rows = con.execute(
        "SELECT s.region_code, t.region_code, l.kind, l.basis, l.jaccard FROM clause_links l "
        "JOIN documents s ON s.doc_id = l.source_doc_id "
        "JOIN documents t ON t.doc_id = l.target_doc_id"
    ).fetchall()
    bozhou, yangquan = (gold[k]["document"]["region_code"] for k in ("000", "001"))
    assert len(rows) == 5
    for source, target, kind, basis, jaccard in rows:
        # Same level (city): the earlier plan (Bozhou, January 2024) is the source.
        assert (source, target, kind, basis) == (bozhou, yangquan, "adapted", "date")
        assert 0.2 <= jaccard < 0.5


def test_region_and_topic_feeds_are_listed_in_the_manifest(pipeline_run: dict) -> None:
    release = pipeline_run["root"] / pipeline_run["version"]
    files = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["files"]
    feeds = {name for name in files if name.startswith("feeds/")}
    # Bozhou (341600) is in its own, Anhui's and no other region's feed.
    assert {"feeds/region/341600.xml", "feeds/region/340000.xml"} <= feeds
    assert any(name.startswith("feeds/topic/") for name in feeds)
    for name in feeds:
        data = (release / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == files[name]["sha256"]
    assert verify(pipeline_run["root"]) == []


def test_second_run_publishes_no_new_release(pipeline_run: dict) -> None:
    before = sorted(p.name for p in pipeline_run["root"].iterdir())
    again = _run(pipeline_run["data_root"], pipeline_run["home"])
    assert again.success
    assert read_latest(pipeline_run["root"]) == pipeline_run["version"]
    assert sorted(p.name for p in pipeline_run["root"].iterdir()) == before


def test_a_page_taken_down_makes_its_plan_vanish(pipeline_run: dict) -> None:
    root, data_root, home = pipeline_run["root"], pipeline_run["data_root"], pipeline_run["home"]
    con = connect(root=root)
    sources = dict(
        con.execute(
            "SELECT coalesce(d.region_code, '') || ':' || s.source_id, s.url FROM sources s "
            "JOIN documents d USING (doc_id)"
        ).fetchall()
    )
    yangquan = next(url for key, url in sources.items() if key.endswith(":yangquan"))
    gansu_portal = next(url for key, url in sources.items() if key.endswith(":gansu"))
    # Yangquan's plan has one copy; Gansu's has two, and only the portal's is taken down.
    gone = (yangquan, gansu_portal)

    check = _run(data_root, home, "check_sources", gone=gone)
    assert check.success
    meta = check.asset_materializations_for_node("source_liveness")[0].metadata
    checked = 4 + len(FAMILY_SOURCES)
    assert (meta["checked"].value, meta["gone"].value, meta["there"].value) == (
        checked,
        2,
        checked - 2,
    )
    assert _run(data_root, home).success
    version = read_latest(root)
    assert version != pipeline_run["version"]  # gone_since is news: a new release

    con = connect(root=root)
    rows = con.execute("SELECT url, gone_since FROM sources").fetchall()
    assert {url for url, since in rows if since is not None} == set(gone)
    changes = json.loads((root / version / "changes.json").read_text(encoding="utf-8"))
    vanished = changes["vanished"]
    assert [v["urls"] for v in vanished] == [[yangquan]]
    assert "Vanished plans" in (root / version / "CHANGELOG.md").read_text(encoding="utf-8")
    # The plan stays in the release, and the archive still holds its bytes.
    (doc_id,) = con.execute("SELECT doc_id FROM sources WHERE url = ?", [yangquan]).fetchone()
    assert vanished[0]["id"] == doc_id
    (sha,) = con.execute(
        "SELECT source_sha256 FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    body = Archive(data_root / "archive").read(yangquan, sha)
    assert hashlib.sha256(body).hexdigest() == sha == vanished[0]["archived_sha256"][0]
    assert verify(root) == []
