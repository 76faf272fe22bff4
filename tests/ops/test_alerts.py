"""A broken table fails its blocking check, stops the release, and the alert reaches local
receivers (a webhook endpoint and an SMTP sink on 127.0.0.1); a failed run alerts the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pytest

import healthplans.assets.tables
from healthplans.dataset.release import read_latest
from healthplans.pipelines.alerts import (
    AlertDeliveryError,
    AlertResource,
    alert_resource,
    run_failure_alerts,
)
from tests.jobs import run_job
from tests.ops.receivers import Inbox, smtp_sink, webhook_receiver


@pytest.fixture
def receivers() -> Iterator[tuple[Inbox, Inbox, AlertResource]]:
    with webhook_receiver() as hook, smtp_sink() as mail:
        alerts = AlertResource(
            webhook_url=hook.url,
            smtp_host="127.0.0.1",
            smtp_port=mail.port,
            mail_to="ops@example.org",
            timeout_s=5,
        )
        yield hook, mail, alerts


def _break_targets(build: Callable[..., pa.Table]) -> Callable[..., pa.Table]:
    """Wrap the targets builder: a year of 1900, a duplicated row and a dangling clause id."""

    def broken(*args: object, **kwargs: object) -> pa.Table:
        rows = build(*args, **kwargs).to_pylist()
        rows[0]["year"] = 1900
        rows.append(dict(rows[1]))
        rows[2]["clause_id"] = "no-such-clause"
        return pa.Table.from_pylist(rows, schema=build(*args, **kwargs).schema)

    return broken


def test_broken_table_blocks_release_and_alerts(
    receivers: tuple[Inbox, Inbox, AlertResource],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hook, mail, alerts = receivers
    monkeypatch.setattr(
        healthplans.assets.tables,
        "target_table",
        _break_targets(healthplans.assets.tables.target_table),
    )
    data_root = tmp_path / "data"
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_job(data_root, instance, raise_on_error=False, alerts=alerts)
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in result.get_asset_check_evaluations()
    }
    for name in ("year_range", "unique_key", "foreign_keys"):
        assert not evaluations[("targets", name)].passed, name
    assert evaluations[("targets", "schema")].passed
    assert evaluations[("clauses", "foreign_keys")].passed
    # The blocking checks kept the broken table out of any release.
    assert not result.asset_materializations_for_node("release")
    assert read_latest(data_root / "releases") is None

    assert hook.arrived.wait(5) and mail.arrived.wait(5)
    (payload,) = [p for p in hook.items if p["details"]["asset"] == "targets"]
    assert payload["details"]["kind"] == "asset_check_failure"
    failed = {c["check"] for c in payload["details"]["checks"]}
    assert failed == {"year_range", "unique_key", "foreign_keys", "quotes_in_clauses"}
    assert "1900" in payload["text"] or "outside" in payload["text"]
    rcpt, msg = next((r, m) for r, m in mail.items if "targets" in m["Subject"])
    assert rcpt == ["ops@example.org"]
    assert "year_range" in msg.get_payload()
    # Only the broken table alerted (the crawl's freshness and health are another matter).
    assert {p["details"]["asset"] for p in hook.items} - {"copies", "source_status"} == {"targets"}


@dg.op
def _explode() -> None:
    raise RuntimeError("portal unreachable")


@dg.job
def _failing_job() -> None:
    _explode()


def test_run_failure_sensor_posts_the_failed_run(
    receivers: tuple[Inbox, Inbox, AlertResource],
) -> None:
    hook, mail, alerts = receivers
    with dg.DagsterInstance.ephemeral() as instance:
        result = _failing_job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        context = dg.build_run_status_sensor_context(
            sensor_name="run_failure_alerts",
            dagster_event=result.get_run_failure_event(),
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            resources={"alerts": alerts},
        ).for_run_failure()
        run_failure_alerts(context)
    assert hook.arrived.wait(5) and mail.arrived.wait(5)
    assert hook.items[0]["details"] == {
        "kind": "run_failure",
        "job": "_failing_job",
        "run_id": result.run_id,
        "error": hook.items[0]["details"]["error"],
    }
    assert "_failing_job" in mail.items[0][1]["Subject"]


def test_unreachable_channels_raise_instead_of_staying_silent() -> None:
    with webhook_receiver(status=500) as hook:
        alerts = AlertResource(webhook_url=hook.url, timeout_s=5)
        with pytest.raises(AlertDeliveryError):
            alerts.send(run_failure_alert_for_test())


def run_failure_alert_for_test():
    from healthplans.pipelines.alerts import run_failure_alert

    return run_failure_alert("build_release", "r1", "boom")


def test_alert_resource_binds_only_set_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHPLANS_ALERT_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("HEALTHPLANS_ALERT_SMTP_PORT", "2525")
    resource = alert_resource({"HEALTHPLANS_ALERT_WEBHOOK_URL", "HEALTHPLANS_ALERT_SMTP_PORT"})
    # Secrets stay env references in the definition; Dagster resolves them at run time.
    assert isinstance(resource.webhook_url, dg.EnvVar)
    assert resource.smtp_host is None
    resolved = resource.process_config_and_initialize()
    assert resolved.webhook_url == "http://127.0.0.1:9/hook"
    assert resolved.smtp_port == 2525
    assert resolved.channels == ["webhook"]


@pytest.mark.parametrize("status", [500, None])  # an error answer, and nobody listening
def test_a_failing_webhook_never_logs_its_token(
    status: int | None, caplog: pytest.LogCaptureFixture
) -> None:
    token = "T0123/B4567/sEcReTtOkEn89"
    with webhook_receiver(status=status or 500) as hook:
        port = hook.port if status else 9  # port 9 (discard) refuses the connection
        url = f"http://127.0.0.1:{port}/services/{token}?key=qUeRySeCrEt"
        alerts = AlertResource(webhook_url=url, smtp_password="pAsSwOrD", timeout_s=5)
        with caplog.at_level("INFO"), pytest.raises(AlertDeliveryError) as failed:
            alerts.send(run_failure_alert_for_test())
    text = caplog.text + str(failed.value)
    assert "alert via webhook failed" in caplog.text
    for secret in ("sEcReTtOkEn89", "qUeRySeCrEt", "pAsSwOrD"):
        assert secret not in text
    assert "<redacted>" in str(failed.value)
