"""Operations: asset checks, alerting, freshness schedule and run retries, as one Definitions
object that `healthplans.pipelines.definitions` merges into the code location."""

from __future__ import annotations

import dagster as dg

from healthplans.pipelines.alerts import alert_resource, run_failure_alerts
from healthplans.pipelines.checks import ALL_CHECKS, freshness_checks
from healthplans.pipelines.retries import RUN_RETRY_TAGS

# Freshness is a property of the archive, not of one run, so it is evaluated on its own schedule.
check_freshness = dg.define_asset_job(
    "check_freshness",
    selection=dg.AssetSelection.checks(freshness_checks),
    description="Fail a source's freshness check when it has not been fetched for too long.",
    tags=RUN_RETRY_TAGS,
)
check_freshness_daily = dg.ScheduleDefinition(
    name="check_freshness_daily",
    job=check_freshness,
    cron_schedule="0 9 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def operations_defs(alert_variables: frozenset[str] = frozenset()) -> dg.Definitions:
    """Checks, alert sensor, freshness job and schedule, and the alerts resource."""
    return dg.Definitions(
        asset_checks=ALL_CHECKS,
        jobs=[check_freshness],
        schedules=[check_freshness_daily],
        sensors=[run_failure_alerts],
        resources={"alerts": alert_resource(alert_variables)},
    )
