"""Three `healthplans run` started at once on a fresh DAGSTER_HOME and one data root: all
succeed (the instance's SQLite schemas are created one process at a time) and the latest
release holds every plan the mirror serves (copies of one plan merged)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import yaml


def test_concurrent_first_runs_share_a_fresh_home(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "HEALTHPLANS_DATA_ROOT": str(tmp_path / "data"),
        "HEALTHPLANS_CRAWL": "mirror",
    }
    env.pop("HEALTHPLANS_MIRROR_URL", None)
    cli = Path(sys.executable).with_name("healthplans")
    procs = [
        subprocess.Popen(
            [str(cli), "run", "--no-progress"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0], [err[-500:] for _, _, err in results]
    firsts = [out.splitlines()[0] for _, out, _ in results]
    assert any(line.startswith("New release") for line in firsts), firsts
    releases = tmp_path / "data" / "releases"
    catalog = yaml.safe_load((Path(__file__).parents[2] / "mirror" / "catalog.yaml").read_text())
    plans = len({d["seed"] for d in catalog["documents"]}) + len(catalog["family_plans"])
    assert pq.read_table(releases / "latest" / "documents.parquet").num_rows == plans
