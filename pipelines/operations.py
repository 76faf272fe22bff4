"""Operations: asset checks, alerting, the freshness job and schedule, as one Definitions object
that `healthplans.pipelines.definitions` merges into the code location."""

from __future__ import annotations

import dagster as dg

from healthplans.assets.retries import RUN_RETRY_TAGS
from healthplans.pipelines.alerts import alert_resource, run_failure_alerts
from healthplans.pipelines.checks import all_checks, build_freshness_checks
from healthplans.settings import Settings


def operations_defs(settings: Settings) -> dg.Definitions:
    """Checks, alert sensor, freshness job and schedule, and the alerts resource."""
    freshness = build_freshness_checks(settings.freshness_days)
    # Freshness is a property of the archive, not of one run: it is evaluated on its own schedule.
    check_freshness = dg.define_asset_job(
        "check_freshness",
        selection=dg.AssetSelection.checks(freshness),
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
    return dg.Definitions(
        asset_checks=[*all_checks(), freshness],
        jobs=[check_freshness],
        schedules=[check_freshness_daily],
        sensors=[run_failure_alerts],
        resources={"alerts": alert_resource(settings.alert_variables)},
    )
