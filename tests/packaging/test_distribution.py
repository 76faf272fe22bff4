"""The distribution: a wheel installs one import package, `healthplans`, and the README's loader
snippets run from it with the unrelated PyPI package named `dataset` in the same environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from healthplans.dataset.release import publish
from tests.dataset.factory import release_tables

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("healthplans-*.whl")
    return built


def test_the_wheel_holds_the_healthplans_package_alone(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "healthplans"
    }
    # The stage folders come in as subpackages, with their data files.
    for path in (
        "healthplans/scrapers/sources.yaml",
        "healthplans/parsing/data/indicators.yaml",
        "healthplans/dataset/schema.py",
        "healthplans/pipelines/definitions.py",
        "healthplans/mirror/seeds/000_6df9cd99be9aa381.txt",
    ):
        assert path in names, path


def _readme_snippets() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_snippets_run_beside_the_pypi_dataset_package(wheel: Path, tmp_path: Path) -> None:
    snippets = _readme_snippets()
    assert len(snippets) >= 2 and all("from healthplans import" in s for s in snippets)
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    data = tmp_path / "data"
    publish(release_tables(3), data / "releases")
    program = "\n".join(
        [
            "import dataset, healthplans, sys",
            # The database toolkit, untouched, and this project from the installed wheel.
            "assert callable(dataset.connect) and 'site-packages' in dataset.__file__",
            f"assert healthplans.__file__.startswith({str(site)!r}), healthplans.__file__",
            "from healthplans import load",
            "assert load('targets').shape[0] == 3",
            *snippets,
            "print('snippets ok')",
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(site), "HEALTHPLANS_DATA_ROOT": str(data)}
    # Run from an empty folder: the repository's own folders must not be what gets imported.
    work = tmp_path / "elsewhere"
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", program],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "snippets ok" in proc.stdout
