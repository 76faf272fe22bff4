"""A writer SIGKILLed at any point leaves the previous release intact and `latest` naming it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from healthplans import load
from healthplans.dataset.release import publish, read_latest, verify
from healthplans.dataset.storage import ReleaseStore

WRITER = Path(__file__).with_name("crash_writer.py")
N_DOCS = 3000  # ~2 s to publish: long enough for a timed kill to land mid-write


def _start(root: Path, checkpoint: str | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, str(WRITER), str(root), str(N_DOCS)]
    return subprocess.Popen(
        [*args, *([checkpoint] if checkpoint else [])], text=True, stdout=subprocess.PIPE
    )


def _assert_previous_intact(root: Path, previous: str) -> None:
    assert read_latest(root) == previous
    assert verify(root) == [] and verify(root, previous) == []
    assert len(load("documents", root=root)) == 50


@pytest.fixture
def root(tmp_path: Path, release_tables: Callable[..., dict]) -> Path:
    publish(release_tables(50), tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "checkpoint",
    [
        "staging",  # staging directory created, nothing written
        "table:clauses",  # some tables written
        "table:targets",  # every table written, no descriptors
        "descriptors",  # everything but the manifest
        "manifest",  # manifest written, not yet renamed into place
        "committed",  # renamed into place, `latest` not yet moved
    ],
)
def test_kill_at_checkpoint(
    root: Path, checkpoint: str, release_tables: Callable[..., dict]
) -> None:
    previous = read_latest(root)
    proc = _start(root, checkpoint)
    assert proc.wait(timeout=120) == -9  # SIGKILL
    _assert_previous_intact(root, previous)
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".tmp-")]
    if checkpoint == "committed":
        # The new release is complete and verifies, but was never pointed to.
        assert not leftovers
        (new,) = [v for v in ReleaseStore(root).versions() if v != previous]
        assert verify(root, new) == []
    else:
        assert ReleaseStore(root).versions() == [previous]  # a staging dir is not a release
        assert len(leftovers) == 1
    # The next writer cleans up after the dead one and publishes normally.
    result = publish(release_tables(60), root)
    assert result.published and read_latest(root) == result.version
    assert not [p for p in root.iterdir() if p.name.startswith((".tmp-", ".latest."))]
    assert verify(root) == [] and verify(root, previous) == []


@pytest.mark.parametrize("delay", [0.1, 0.5, 1.0, 1.5])  # publish takes ~2 s
def test_kill_after_delay(root: Path, delay: float) -> None:
    """Kills at arbitrary moments, mostly mid-write; a kill after the finish must leave it whole."""
    previous = read_latest(root)
    proc = _start(root)
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=60)
    now_latest = read_latest(root)
    if now_latest == previous:
        _assert_previous_intact(root, previous)
    else:  # the writer finished before the kill: the new release must be whole
        assert verify(root, now_latest) == []
        assert verify(root, previous) == []
    for version in ReleaseStore(root).versions():
        assert verify(root, version) == []


def _writer_tables(release_tables: Callable[..., dict]) -> dict:
    """The tables crash_writer.py publishes."""
    return release_tables(N_DOCS, text_chars=1000, revised=frozenset(range(0, N_DOCS, 3)))


def test_kill_before_the_pointer_then_same_content_completes_it(
    root: Path, release_tables: Callable[..., dict]
) -> None:
    """The next publish of the same content points `latest` at the committed release: no
    duplicate release, and its lineage names the release before it."""
    previous = read_latest(root)
    assert _start(root, "committed").wait(timeout=120) == -9
    (new,) = [v for v in ReleaseStore(root).versions() if v != previous]
    result = publish(_writer_tables(release_tables), root)
    assert not result.published and result.version == new
    assert read_latest(root) == new
    assert ReleaseStore(root).versions() == [previous, new]
    assert result.manifest["previous_version"] == previous


def test_first_release_killed_before_the_pointer(
    tmp_path: Path, release_tables: Callable[..., dict]
) -> None:
    """A first release committed but never pointed to is adopted, not published twice."""
    assert _start(tmp_path, "committed").wait(timeout=120) == -9
    assert read_latest(tmp_path) is None
    (first,) = ReleaseStore(tmp_path).versions()
    again = publish(_writer_tables(release_tables), tmp_path)
    assert not again.published and again.version == first and read_latest(tmp_path) == first
    following = publish(release_tables(60), tmp_path)
    assert following.published and following.manifest["previous_version"] == first
    assert ReleaseStore(tmp_path).versions() == [first, following.version]
