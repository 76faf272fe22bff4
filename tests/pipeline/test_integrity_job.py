"""The release job against a damaged data root: a flipped byte in the archive or a corrupt crawl
state fails the run at once (no retries), naming the step, the file and the URL, and the last good
release stays `latest`; `healthplans verify --archive` finds the damage."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import dagster as dg
import pytest

from healthplans.cli import _failure_cause, main
from healthplans.dataset.release import read_latest
from tests.jobs import run_job


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_root = tmp_path_factory.mktemp("integrity") / "data"
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_job(data_root, instance).success
    return data_root


@pytest.fixture
def data_root(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(built, copy)
    return copy


def _pdf_record(data_root: Path) -> tuple[str, Path, int, int]:
    with sqlite3.connect(data_root / "archive" / "index.sqlite") as db:
        url, warc, offset, length = db.execute(
            "SELECT url, warc_file, warc_offset, warc_length FROM records "
            "WHERE url LIKE '%.pdf' ORDER BY url LIMIT 1"
        ).fetchone()
    return url, data_root / "archive" / "warc" / warc, offset, length


def _verify(data_root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(
        ["verify", "--root", str(data_root / "releases"), "--archive", str(data_root / "archive")]
    )
    return code, capsys.readouterr().out


def _failed_once(result: dg.ExecuteInProcessResult) -> None:
    assert not result.success
    retries = [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    assert retries == []  # a local failure is not retried like an outage


def test_verify_archive_passes_on_an_intact_data_root(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _verify(data_root, capsys)
    assert code == 0, out


def test_a_flipped_byte_fails_the_replay_run_and_verify(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latest = read_latest(data_root / "releases")
    url, warc, offset, length = _pdf_record(data_root)
    data = bytearray(warc.read_bytes())
    data[offset + length // 2] ^= 0x01
    warc.write_bytes(bytes(data))

    code, out = _verify(data_root, capsys)
    assert code == 1 and str(warc) in out and url in out and f"offset {offset}" in out

    with dg.DagsterInstance.ephemeral() as instance:
        result = run_job(data_root, instance, raise_on_error=False, mode="replay")
    _failed_once(result)
    cause = _failure_cause(result)
    assert cause.startswith(" at step ") and str(warc) in cause and url in cause
    assert read_latest(data_root / "releases") == latest


def test_a_release_source_missing_from_the_archive_is_reported(
    data_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, *_ = _pdf_record(data_root)
    with sqlite3.connect(data_root / "archive" / "index.sqlite") as db:
        db.execute("DELETE FROM records WHERE url=?", (url,))
    code, out = _verify(data_root, capsys)
    assert code == 1 and f"{url}: sha256" in out and "not in the archive" in out


def test_a_corrupt_crawl_state_fails_at_once_naming_the_file(data_root: Path) -> None:
    latest = read_latest(data_root / "releases")
    state = data_root / "state" / "crawl.sqlite"
    for leftover in state.parent.glob("crawl.sqlite-*"):
        leftover.unlink()
    state.write_bytes(b"not a database" * 512)
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_job(data_root, instance, raise_on_error=False)
    _failed_once(result)
    assert str(state) in _failure_cause(result)
    assert read_latest(data_root / "releases") == latest
