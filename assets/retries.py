"""Retries: network-bound steps retry on their own; a failed run is retried from the failure.

A step retry absorbs a portal's brief outage within a run. When a step still fails, the run fails
and, on an instance with run retries enabled (`run_retries: enabled: true` in dagster.yaml, see
docs/operations.md), the daemon starts a new run from the failed step.
"""

import dagster as dg

# A government portal that times out is usually back within minutes: 30 s, 60 s, 120 s.
NETWORK_RETRY = dg.RetryPolicy(max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL)
RUN_RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"}
