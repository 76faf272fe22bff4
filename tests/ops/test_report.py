"""The release report: written into each release, listed in its manifest, and re-rendered by
`healthplans report` into a path of the caller's choosing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq

from healthplans.cli import main
from healthplans.dataset.release import read_latest, verify


def test_report_is_part_of_the_release(released: dict) -> None:
    root = released["root"]
    version = read_latest(root)
    release = root / version
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert "report.html" in manifest["files"]
    assert verify(root) == []
    page = (release / "report.html").read_text(encoding="utf-8")
    assert f"healthplans release {version}" in page
    # Three figures inline as SVG, the Chinese labels kept as text for the browser to draw.
    assert len(re.findall(r"<svg[ >]", page)) == 4
    # Every caption says how many rows its figure shows of how many.
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert all(re.search(r"\d+ of \d+", c) for c in captions), captions
    targets = pq.read_table(root / version / "targets.parquet")
    dated = sum(y is not None for y in targets.column("year").to_pylist())
    assert f"Targets by year and indicator: {dated} of {targets.num_rows} targets" in page
    plans = pq.read_table(root / version / "documents.parquet").num_rows
    assert f"Coverage by province: {plans} of {plans} plans" in page and "甘肃省" in page
    assert "2025" in page and "每千人口" in page
    assert "What changed" in page and "first release" in page.lower()


def test_cli_report_writes_where_asked(released: dict, tmp_path: Path) -> None:
    out = tmp_path / "out" / "r.html"
    assert main(["report", "--root", str(released["root"]), "-o", str(out)]) == 0
    assert "<svg" in out.read_text(encoding="utf-8")


def test_ui_metadata_on_assets(released: dict) -> None:
    result = released["result"]
    (release,) = result.asset_materializations_for_node("release")
    assert release.metadata["version"].value == read_latest(released["root"])
    assert "report.html" in release.metadata["report"].value
    (targets,) = result.asset_materializations_for_node("targets")
    preview = targets.metadata["preview"].value
    assert preview.startswith("| target_id |")
    assert targets.metadata["dagster/row_count"].value > 0
    observed = {
        o.asset_key.to_user_string(): o.metadata
        for o in result.asset_observations_for_node("release")
    }
    assert observed["targets"]["release_version"].value == read_latest(released["root"])
    assert observed["targets"]["release_file"].value == "targets.parquet"
