"""A one-line progress display on stderr for a Dagster run, driven by the run's step events.

The run executes in this process; a background thread reads the run's step events from the
instance's event log twice a second and redraws the line, so the pipeline code knows nothing
about it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from dagster import DagsterEventType, DagsterInstance

STEP_EVENTS = {
    DagsterEventType.STEP_START,
    DagsterEventType.STEP_SUCCESS,
    DagsterEventType.STEP_FAILURE,
    DagsterEventType.STEP_SKIPPED,
}
DONE = {DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED}
WIDTH = 24


def render(done: int, total: int, running: list[str], failed: int = 0) -> str:
    """`[#####-------] 5/12 steps  running: pages` (plus failures, when any)."""
    total = max(total, done, 1)
    filled = round(WIDTH * done / total)
    line = f"[{'#' * filled}{'-' * (WIDTH - filled)}] {done}/{total} steps"
    if failed:
        line += f"  {failed} failed"
    if running:
        line += "  running: " + ", ".join(sorted(running)[:3])
    return line


def _state(instance: DagsterInstance, run_id: str) -> tuple[int, list[str], int]:
    started: dict[str, bool] = {}
    failed = 0
    for entry in instance.all_logs(run_id, of_type=STEP_EVENTS):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        kind = event.event_type
        if kind == DagsterEventType.STEP_START:
            started.setdefault(event.step_key, False)
        elif kind in DONE:
            started[event.step_key] = True
            failed += kind == DagsterEventType.STEP_FAILURE
    done = sum(started.values())
    return done, [k for k, finished in started.items() if not finished], failed


@contextmanager
def progress_line(
    instance: DagsterInstance, run_id: str, total: int, stream: TextIO, interval_s: float = 0.5
) -> Iterator[None]:
    """Redraw the progress of run `run_id` on `stream` until the block exits."""
    stop = threading.Event()

    def draw() -> None:
        done, running, failed = _state(instance, run_id)
        stream.write("\r\033[K" + render(done, total, running, failed))
        stream.flush()

    def loop() -> None:
        while not stop.wait(interval_s):
            draw()

    thread = threading.Thread(target=loop, name="progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        draw()
        stream.write("\n")
        stream.flush()
