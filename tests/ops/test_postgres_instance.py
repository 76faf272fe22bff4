"""The Dagster instance on PostgreSQL (deploy/dagster.postgres.yaml): a whole build_release run
records its run, events and check results there. Needs PostgreSQL's server binaries (Debian's
`postgresql` package); skipped only where they are absent."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from tests.ops.conftest import run_build_release
from tests.ops.postgres_server import pg_bin, postgres_server

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    pg_bin("initdb") is None, reason="PostgreSQL server binaries not installed"
)


def test_build_release_on_a_postgres_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    psycopg2 = pytest.importorskip("psycopg2", reason="dagster-postgres is not installed")
    pytest.importorskip("dagster_postgres", reason="dagster-postgres is not installed")
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "deploy" / "dagster.postgres.yaml").read_text())
    with postgres_server() as pg:
        monkeypatch.setenv(
            "DAGSTER_PG_URL",
            f"postgresql+psycopg2://{pg['user']}@{pg['host']}:{pg['port']}/{pg['db']}",
        )
        with dg.DagsterInstance.from_config(str(home)) as instance:
            result = run_build_release(tmp_path / "data", instance)
            assert result.success
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            runs = instance.get_runs()  # the crawl, then the release build
            assert [r.job_name for r in runs] == ["build_release", "crawl_sources"]
            assert all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)
        conn = psycopg2.connect(host=pg["host"], port=pg["port"], user=pg["user"], dbname=pg["db"])
        with conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM runs")
            assert cur.fetchone() == (2,)
            cur.execute(
                "SELECT count(*) FROM event_logs WHERE dagster_event_type = "
                "'ASSET_CHECK_EVALUATION'"
            )
            (checks,) = cur.fetchone()
        conn.close()
        assert checks >= 25
