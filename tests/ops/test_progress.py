"""The CLI's progress line follows a run's step events."""

from __future__ import annotations

import io
import uuid

import dagster as dg

from healthplans.progress import progress_line, render


def test_render() -> None:
    assert render(0, 4, []) == "[------------------------] 0/4 steps"
    line = render(2, 4, ["pages", "clauses"], failed=1)
    assert line.startswith("[############------------] 2/4 steps  1 failed")
    assert line.endswith("running: clauses, pages")


@dg.op
def _one() -> int:
    return 1


@dg.op
def _two(x: int) -> int:
    return x + 1


@dg.job
def _two_steps() -> None:
    _two(_one())


def test_progress_line_counts_finished_steps() -> None:
    out = io.StringIO()
    run_id = str(uuid.uuid4())
    with (
        dg.DagsterInstance.ephemeral() as instance,
        progress_line(instance, run_id, total=2, stream=out, interval_s=0.05),
    ):
        assert _two_steps.execute_in_process(instance=instance, run_id=run_id).success
    assert out.getvalue().rstrip("\n").endswith("2/2 steps")
