"""The command line: one line on stderr and a meaningful exit code for every bad input (2 for a
usage error, 1 for a failure), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthplans.cli import main
from healthplans.dataset.release import publish
from tests.dataset.factory import release_tables


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --version, usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def releases(tmp_path: Path) -> Path:
    root = tmp_path / "releases"
    publish(release_tables(2), root)
    return root


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and out.startswith("healthplans ")


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        # a usage error: unknown command, missing file, a folder where a file is expected
        (["bogus"], 2, "invalid choice"),
        (["parse", "/nonexistent/plan.pdf"], 2, "No such file"),
        (["parse", "/"], 2, "Is a directory"),
        # score refuses folders that are missing or hold no gold
        (["score", "/nonexistent/gold", "/nonexistent/pred"], 2, "is not a folder"),
        (["verify", "--root", "/nonexistent/releases"], 1, "no release under"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(
    argv: list[str], code: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, _, err = _run(argv, capsys)
    assert got == code
    assert len(err.strip().splitlines()) == 1 and says in err
    assert "Traceback" not in err


def test_score_fails_on_an_empty_gold_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    code, _, err = _run(["score", str(tmp_path / "gold"), str(tmp_path / "pred")], capsys)
    assert code == 2 and "no *.gold.json" in err


def test_a_bad_setting_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("HEALTHPLANS_CRAWL", "bogus")
    code, _, err = _run(["run"], capsys)
    assert code == 2 and err.strip().count("\n") == 0 and "HEALTHPLANS_CRAWL" in err


def test_verify_takes_a_version_or_a_release_folder(releases: Path, capsys) -> None:
    (version,) = [p.name for p in releases.iterdir() if p.name[:1].isdigit()]
    code, out, _ = _run(["verify", version, "--root", str(releases)], capsys)
    assert code == 0 and f"release {version}: OK" in out
    code, out, _ = _run(["verify", str(releases / version)], capsys)
    assert code == 0 and f"release {version}: OK" in out


def test_report_of_an_unknown_version_is_one_line(releases: Path, capsys) -> None:
    code, _, err = _run(["report", "1999.01.01", "--root", str(releases)], capsys)
    assert code == 1 and "no release 1999.01.01" in err and "Traceback" not in err
