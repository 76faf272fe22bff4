"""Release writer: layout, manifest, immutability, no-change detection, verification."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pyarrow as pa
import pytest
import yaml

from healthplans.dataset.load import load
from healthplans.dataset.release import publish, read_latest, verify
from healthplans.dataset.schema import DERIVED_TABLES, TABLES
from tests.dataset.factory import release_tables as plan_tables


def _tables(n_docs: int) -> dict[str, pa.Table]:
    tables = {n: t.schema.empty_table() for n, t in TABLES.items() if n not in DERIVED_TABLES}
    rows = [
        {
            "url": f"https://example.gov.cn/{i}",
            "source_id": "s",
            "stage": "article",
            "reason": "http_404",
            "detail": "",
            "at": datetime(2026, 1, i + 1, tzinfo=UTC),
        }
        for i in range(n_docs)
    ]
    tables["quarantine"] = pa.Table.from_pylist(rows, schema=TABLES["quarantine"].schema)
    return tables


def test_publish_then_no_change(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    first = publish(plan_tables(2), tmp_path, now=now)
    assert first.published and first.version == "2026.11.25"
    assert read_latest(tmp_path) == "2026.11.25"
    again = publish(plan_tables(2), tmp_path, now=now)
    assert not again.published and again.version == "2026.11.25"
    # What the crawl could not read is no news on its own: published with the next change.
    diagnostics_only = {**plan_tables(2), "quarantine": _tables(3)["quarantine"]}
    assert not publish(diagnostics_only, tmp_path, now=now).published
    changed = publish(plan_tables(3), tmp_path, now=now)
    assert changed.published and changed.version == "2026.11.25.2"
    assert changed.manifest["previous_version"] == "2026.11.25"
    assert verify(tmp_path) == [] and verify(tmp_path, "2026.11.25") == []


def test_published_files_are_read_only_and_tampering_is_detected(tmp_path: Path) -> None:
    result = publish(_tables(1), tmp_path)
    path = result.path / "quarantine.parquet"
    assert path.stat().st_mode & 0o222 == 0  # no write bit for anyone
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"x")
    assert verify(tmp_path) == ["quarantine: sha256 mismatch"]


def test_missing_table_is_refused(tmp_path: Path) -> None:
    tables = _tables(1)
    del tables["targets"]
    with pytest.raises(ValueError, match="targets"):
        publish(tables, tmp_path)
    assert read_latest(tmp_path) is None


def _doc_ids(tables: dict[str, pa.Table]) -> list[str]:
    return tables["documents"].column("doc_id").to_pylist()


def test_release_describes_itself(tmp_path: Path, release_tables) -> None:
    from frictionless import validate

    result = publish(release_tables(12), tmp_path, now=datetime(2026, 11, 25, tzinfo=UTC))
    report = validate(str(result.path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    cff = yaml.safe_load((result.path / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == "2026.11.25" and str(cff["date-released"]) == "2026-11-25"
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    assert {f for f in manifest["files"] if not f.startswith("deltas/")} == {
        "datapackage.json",
        "CITATION.cff",
        "changes.json",
        "CHANGELOG.md",
        "feed.xml",
    }
    assert {f for f in manifest["files"] if f.startswith("deltas/")} == {
        f"deltas/{name}.json" for name in manifest["tables"]
    }
    assert manifest["tables"]["document_versions"]["rows"] == 12


def test_changes_versions_and_feed_across_releases(tmp_path: Path, release_tables) -> None:
    day = datetime(2026, 11, 25, tzinfo=UTC)
    first = publish(release_tables(10), tmp_path, now=day)
    # Plan 0 disappears, plans 3 and 4 are revised (new text, changed target), 10 and 11 are new.
    second = publish(release_tables(11, revised=frozenset({3, 4}), start=1), tmp_path, now=day)
    assert second.version == "2026.11.25.2"
    changes = json.loads((second.path / "changes.json").read_text(encoding="utf-8"))
    assert changes["previous_version"] == first.version
    docs = changes["tables"]["documents"]
    old_ids, new_ids = _doc_ids(release_tables(10)), _doc_ids(release_tables(11, start=1))
    assert [r["id"] for r in docs["removed"]] == [old_ids[0]]
    assert [r["id"] for r in docs["added"]] == sorted(set(new_ids) - set(old_ids))
    assert sorted(r["id"] for r in docs["changed"]) == sorted([old_ids[3], old_ids[4]])
    assert changes["summary"]["targets"] == {"added": 4, "changed": 0, "removed": 3}
    assert "| documents | 2 | 2 | 1 |" in (second.path / "CHANGELOG.md").read_text("utf-8")

    versions = load("document_versions", root=tmp_path).set_index(["doc_id", "version_no"])
    revised = versions.loc[(old_ids[3], 1)]
    assert revised["superseded_in"] == second.version and not revised["is_current"]
    assert versions.loc[(old_ids[3], 2)]["is_current"]
    assert versions.loc[(old_ids[3], 2)]["first_release"] == second.version
    gone = versions.loc[(old_ids[0], 1)]  # history kept though the plan is no longer found
    assert gone["last_release"] == first.version and not gone["is_current"]
    assert len(versions) == 10 + 2 + 2

    feed = ET.fromstring((second.path / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    terms = sorted(e.find("a:category", ns).get("term") for e in feed.findall("a:entry", ns))
    assert terms == ["new", "new", "revised", "revised"]


def test_cli_verify(tmp_path: Path, release_tables) -> None:
    from healthplans.cli import main

    result = publish(release_tables(3), tmp_path)
    assert main(["verify", "--root", str(tmp_path)]) == 0
    assert main(["verify", result.version, "--root", str(tmp_path)]) == 0
    (result.path / "documents.parquet").chmod(0o644)
    (result.path / "documents.parquet").write_bytes(b"garbage")
    assert main(["verify", "--root", str(tmp_path)]) == 1


def test_load_and_connect_from_package(tmp_path: Path, release_tables) -> None:
    from healthplans import connect
    from healthplans import load as load_fn

    publish(release_tables(5), tmp_path)
    assert len(load_fn("targets", root=tmp_path)) == 5
    con = connect(root=tmp_path)
    (n,) = con.execute("SELECT count(*) FROM documents JOIN sources USING (doc_id)").fetchone()
    assert n == 5
    with pytest.raises(FileNotFoundError):
        load_fn("documents", release="1999.01.01", root=tmp_path)


@pytest.mark.parametrize("remote", [False, True])
def test_files_in_subdirectories_are_published_and_verified(
    tmp_path: Path, release_tables, remote: bool
) -> None:
    # The per-region and per-topic feeds live under feeds/; the manifest names them by path.
    root = f"memory://releases-{tmp_path.name}" if remote else tmp_path

    def extra(manifest: dict, tables: dict, changes: dict) -> dict[str, bytes]:
        return {"feeds/region/340000.xml": b"<feed/>\n", "feeds/topic/tcm.xml": b"<feed/>\n"}

    result = publish(release_tables(2), root, extra_files=extra)
    files = result.manifest["files"]
    assert files["feeds/region/340000.xml"]["path"] == "feeds/region/340000.xml"
    assert verify(root) == []
    if not remote:
        path = Path(result.path) / "feeds" / "topic" / "tcm.xml"
        assert path.read_bytes() == b"<feed/>\n"
        assert path.stat().st_mode & 0o222 == 0


def test_a_plan_whose_every_copy_is_gone_is_listed_as_vanished(
    tmp_path: Path, release_tables
) -> None:
    tables = release_tables(3)
    rows = tables["sources"].to_pylist()
    since = datetime(2026, 11, 20, tzinfo=UTC)
    rows[1]["gone_since"] = since
    tables["sources"] = pa.Table.from_pylist(rows, schema=TABLES["sources"].schema)
    result = publish(tables, tmp_path)
    changes = json.loads((Path(result.path) / "changes.json").read_text(encoding="utf-8"))
    assert [(v["id"], v["gone_since"]) for v in changes["vanished"]] == [
        (rows[1]["doc_id"], since.isoformat())
    ]
    assert changes["vanished"][0]["archived_sha256"] == [rows[1]["sha256"]]
    changelog = (Path(result.path) / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Vanished plans" in changelog and rows[1]["doc_id"] in changelog


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    import threading

    from healthplans.dataset.storage import ReleaseStore

    store = ReleaseStore(tmp_path)
    holding = threading.Event()
    release_it = threading.Event()

    def first_writer() -> None:
        with store.writer_lock():
            holding.set()
            release_it.wait(10)

    holder = threading.Thread(target=first_writer)
    holder.start()
    holding.wait(5)
    outcome: list = []
    second = threading.Thread(target=lambda: outcome.append(publish(_tables(1), tmp_path)))
    second.start()
    second.join(0.5)
    # While the first writer holds the root, nothing is published and no staging dir appears.
    assert second.is_alive() and read_latest(tmp_path) is None
    release_it.set()
    second.join(10)
    holder.join(10)
    assert outcome and outcome[0].published and read_latest(tmp_path) == outcome[0].version


def test_a_crafted_table_name_in_the_manifest_runs_no_sql(tmp_path: Path, release_tables) -> None:
    from healthplans import connect

    result = publish(release_tables(3), tmp_path)
    manifest_path = result.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    pwned = tmp_path / "pwned.csv"
    crafted = f"x AS SELECT 1; COPY (SELECT 42) TO '{pwned}'; CREATE VIEW y"
    manifest["tables"][crafted] = manifest["tables"]["documents"]
    manifest_path.chmod(0o644)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ValueError, match="not valid"):
        connect(root=tmp_path)
    assert not pwned.exists()
    del manifest["tables"][crafted]
    manifest_path.write_text(json.dumps(manifest))
    (n,) = connect(root=tmp_path).execute('SELECT count(*) FROM "documents"').fetchone()
    assert n == 3
