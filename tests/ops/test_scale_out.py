"""Scale-out: the crawl stage with the multiprocess executor on a persistent SQLite instance,
launched the way an operator would (`dagster asset materialize`).

Each step is a fresh process that imports the code location (several seconds on two cores), so
the test selects the crawl stage only; the whole build_release runs the same way (see
docs/operations.md) in about two and a half minutes on a two-core machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from tests.jobs import mirror_url

REPO = Path(__file__).resolve().parents[2]
RUN_CONFIG = REPO / "deploy" / "run_config.multiprocess.yaml"


def _materialize(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dagster_cli = Path(sys.executable).with_name("dagster")
    return subprocess.run(
        [
            str(dagster_cli),
            "asset",
            "materialize",
            "-m",
            "healthplans.pipelines.definitions",
            "--select",
            "copies",
            "--partition",
            "bozhou",
            "-c",
            str(RUN_CONFIG),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_multiprocess_run_on_a_persistent_instance(tmp_path: Path) -> None:
    home, data = tmp_path / "dagster_home", tmp_path / "data"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "deploy" / "dagster.sqlite.yaml").read_text())
    with mirror_url() as base:
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "HEALTHPLANS_DATA_ROOT": str(data),
            "HEALTHPLANS_CRAWL": "mirror",
            "HEALTHPLANS_MIRROR_URL": base,
        }
        proc = _materialize(env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (data / "archive" / "index.sqlite").exists()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        workers = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_WORKER_STARTED)
        pids = {
            e.dagster_event.pid
            for e in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)
        }
    # The multiprocess executor started a worker per step (the crawl of one source partition and
    # the freshness checks), each in its own process.
    assert len(workers) == 2
    assert len(pids) == 2
