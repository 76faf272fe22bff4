"""Retries: network-bound steps retry on their own; a failed run is retried from the failure.

A step retry absorbs a portal's brief outage within a run. When a step still fails, the run fails
and, on an instance with run retries enabled (`run_retries: enabled: true` in dagster.yaml, see
docs/operations.md), the daemon starts a new run from the failed step.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import dagster as dg

from healthplans.scrapers.sqlite_store import is_local_failure

# A government portal that times out is usually back within minutes: 30 s, 60 s, 120 s.
NETWORK_RETRY = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL)
P = ParamSpec("P")
R = TypeVar("R")
RUN_RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"}


def local_failures_not_retried(fn: Callable[P, R]) -> Callable[P, R]:
    """A local failure (corrupt database, full disk, damaged archive) fails the step at once,
    naming the file: retrying it like a network outage only hides it for minutes."""

    @functools.wraps(fn)
    def step(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if is_local_failure(exc):
                raise dg.Failure(description=str(exc), allow_retries=False) from exc
            raise

    return step
