"""The releases root's stable surface: releases.json, latest/ and the cumulative feed.xml."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import duckdb

from healthplans.dataset.release import publish, read_latest
from healthplans.dataset.storage import ReleaseStore
from tests.dataset.factory import release_tables

ATOM = "{http://www.w3.org/2005/Atom}"
DAY = datetime(2026, 11, 25, tzinfo=UTC)


def test_index_latest_folder_and_root_feed_follow_every_publish(tmp_path: Path) -> None:
    url = "https://data.example.org/healthplans/"
    first = publish(
        release_tables(2), tmp_path, now=DAY, extra={"crawl_mode": "mirror"}, public_url=url
    )
    second = publish(
        release_tables(4), tmp_path, now=DAY, extra={"crawl_mode": "live"}, public_url=url
    )
    assert (first.version, second.version) == ("2026.11.25", "2026.11.25.2")

    index = json.loads((tmp_path / "releases.json").read_text(encoding="utf-8"))
    assert index["latest"] == second.version == read_latest(tmp_path)
    records = {r["version"]: r for r in index["releases"]}
    assert records[first.version]["rows"]["documents"] == 2
    assert records[second.version]["rows"]["documents"] == 4
    assert records[first.version]["fixture_data"] and not records[second.version]["fixture_data"]
    raw = (tmp_path / second.version / "manifest.json").read_bytes()
    assert records[second.version]["manifest_sha256"] == hashlib.sha256(raw).hexdigest()

    # latest/ is the newest release, byte for byte, at a path that never changes.
    assert (tmp_path / "latest" / "manifest.json").read_bytes() == raw
    ((n,),) = duckdb.sql(
        f"SELECT count(*) FROM '{tmp_path / 'latest' / 'documents.parquet'}'"
    ).fetchall()
    assert n == 4

    feed = ET.parse(tmp_path / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link").get("href") == url + "feed.xml"
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) == 4  # two plans added in each release, each once
    assert all(i.startswith("urn:healthplans:") for i in ids)

    # Unchanged content publishes nothing and leaves the surface as it was.
    again = publish(release_tables(4), tmp_path, now=DAY, public_url=url)
    assert not again.published
    assert json.loads((tmp_path / "releases.json").read_text())["latest"] == second.version


def test_a_legacy_pointer_file_is_still_read(tmp_path: Path) -> None:
    result = publish(release_tables(1), tmp_path, now=DAY)
    store = ReleaseStore(tmp_path)
    (tmp_path / "latest-version").unlink()
    shutil.rmtree(tmp_path / "latest")
    (tmp_path / "latest").write_text(f"{result.version}\n")
    assert store.latest() == result.version
    nxt = publish(release_tables(2), tmp_path, now=DAY)
    assert (tmp_path / "latest").is_dir() and store.latest() == nxt.version


def test_citation_names_the_configured_dois_and_a_fixture_release_says_so(tmp_path: Path) -> None:
    import yaml

    from healthplans.dataset.package import Citation

    dois = Citation(concept_doi="10.5281/zenodo.100", release_doi="10.5281/zenodo.101")
    result = publish(
        release_tables(1), tmp_path, now=DAY, extra={"crawl_mode": "mirror"}, citation=dois
    )
    cff = yaml.safe_load((result.path / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["doi"] == "10.5281/zenodo.101"
    assert {i["value"] for i in cff["identifiers"]} == {"10.5281/zenodo.100", "10.5281/zenodo.101"}
    assert "fixture" in cff["abstract"].lower()
    package = json.loads((result.path / "datapackage.json").read_text(encoding="utf-8"))
    assert "fixture" in package["title"].lower()


def test_row_level_deltas_name_added_changed_and_removed_keys(tmp_path: Path) -> None:
    publish(release_tables(3), tmp_path, now=DAY)
    # Plan 0 goes, plan 1 is revised, plan 3 is new.
    second = publish(release_tables(3, revised=frozenset({1}), start=1), tmp_path, now=DAY)
    delta = json.loads((second.path / "deltas" / "documents.json").read_text(encoding="utf-8"))
    first_docs = {r["doc_id"]: r for r in release_tables(4)["documents"].to_pylist()}
    ids = list(first_docs)
    assert delta["key"] == ["doc_id"]
    assert delta["added"] == [ids[3]] and delta["removed"] == [ids[0]]
    changed = {c["key"]: c["fields"] for c in delta["changed"]}
    assert set(changed) == {ids[1]} and "text" in changed[ids[1]]
    assert "fetched_at" not in changed[ids[1]]  # fetch times are not content
