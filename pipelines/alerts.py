"""Alerts: a failed run or a failed asset check is posted to a webhook and/or mailed over SMTP.

Configuration lives in `AlertResource`; secrets (the webhook URL carries a token, the SMTP
password) arrive as `dg.EnvVar`, so Dagster resolves them at run time and the UI shows only the
variable's name. `alert_resource()` binds only the variables that are set: an unset `dg.EnvVar`
fails the resource, and a pipeline without alerting configured must still run.
"""

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import dagster as dg
import requests

from healthplans.settings import ALERT_VARIABLES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    """One notification: a subject line, a body, and structured details for machines."""

    subject: str
    text: str
    details: dict[str, object] = field(default_factory=dict)


class AlertDeliveryError(RuntimeError):
    """Every configured channel failed to deliver an alert."""


class AlertResource(dg.ConfigurableResource):
    """Where alerts go: a webhook (JSON POST with a Slack-style `text`) and/or e-mail over SMTP.

    With neither configured, alerts are only logged.
    """

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "healthplans@localhost"
    mail_to: str | None = None  # comma-separated addresses
    timeout_s: float = 10.0

    @property
    def recipients(self) -> list[str]:
        return [a.strip() for a in (self.mail_to or "").split(",") if a.strip()]

    @property
    def channels(self) -> list[str]:
        """Configured channels: `webhook`, `smtp`."""
        out = ["webhook"] if self.webhook_url else []
        if self.smtp_host and self.recipients:
            out.append("smtp")
        return out

    def send(self, alert: Alert) -> list[str]:
        """Deliver on every configured channel; returns those that succeeded.

        Raises AlertDeliveryError when channels are configured and none delivered, so a broken
        alert path shows up as a failed sensor tick or check rather than as silence.
        """
        log.warning("alert: %s", alert.subject)
        delivered, errors = [], []
        for channel in self.channels:
            deliver = self._webhook if channel == "webhook" else self._mail
            try:
                deliver(alert)
            except (requests.RequestException, smtplib.SMTPException, OSError) as exc:
                # requests puts the URL (and with it the webhook's token) in its messages.
                reason = self.redact(f"{type(exc).__name__}: {exc}")
                log.error("alert via %s failed: %s", channel, reason)
                errors.append(f"{channel}: {reason}")
            else:
                delivered.append(channel)
        if errors and not delivered:
            raise AlertDeliveryError("; ".join(errors))
        return delivered

    def redact(self, text: str) -> str:
        """`text` with the webhook URL (its path and query carry the token) and the SMTP
        password replaced, so errors and logs never hold a secret."""
        secrets = [self.smtp_password or ""]
        if self.webhook_url:
            parts = urlsplit(self.webhook_url)
            secrets += [self.webhook_url, parts.path, parts.query, parts.password or ""]
            secrets += [quote(parts.path), unquote(parts.path)]
        for secret in sorted({s for s in secrets if len(s) > 1}, key=len, reverse=True):
            text = text.replace(secret, "<redacted>")
        return text

    def _webhook(self, alert: Alert) -> None:
        payload: dict[str, Any] = {
            "text": f"{alert.subject}\n{alert.text}",
            "subject": alert.subject,
            "details": alert.details,
        }
        try:
            resp = requests.post(str(self.webhook_url), json=payload, timeout=self.timeout_s)
            resp.raise_for_status()
        except requests.RequestException as exc:
            # Re-raised without the original: its message and traceback hold the URL.
            raise requests.RequestException(self.redact(str(exc))) from None

    def _mail(self, alert: Alert) -> None:
        msg = EmailMessage()
        msg["Subject"] = alert.subject
        msg["From"] = self.mail_from
        msg["To"] = ", ".join(self.recipients)
        msg.set_content(alert.text)
        with smtplib.SMTP(str(self.smtp_host), self.smtp_port, timeout=self.timeout_s) as smtp:
            if self.smtp_starttls:
                smtp.starttls()
            if self.smtp_username:
                smtp.login(self.smtp_username, self.smtp_password or "")
            smtp.send_message(msg)


def alert_resource(set_variables: Sequence[str] | frozenset[str]) -> AlertResource:
    """An AlertResource reading, through `dg.EnvVar`, each of `ALERT_VARIABLES` that is set."""
    kwargs: dict[str, object] = {}
    for name, var in ALERT_VARIABLES.items():
        if var in set_variables:
            kwargs[name] = dg.EnvVar.int(var) if name == "smtp_port" else dg.EnvVar(var)
    return AlertResource(**kwargs)  # type: ignore[arg-type]


def check_failure_alert(asset: str, failures: Sequence[tuple[str, str, dict]]) -> Alert:
    """An alert naming the asset and each failed check with its description."""
    lines = [f"- {name}: {description}" for name, description, _ in failures]
    return Alert(
        subject=f"[healthplans] {len(failures)} check(s) failed on {asset}",
        text="\n".join(lines),
        details={
            "kind": "asset_check_failure",
            "asset": asset,
            "checks": [
                {"check": name, "description": description, "metadata": meta}
                for name, description, meta in failures
            ],
        },
    )


def run_failure_alert(job_name: str, run_id: str, error: str | None) -> Alert:
    """An alert naming the failed job and run."""
    return Alert(
        subject=f"[healthplans] run of {job_name} failed",
        text=f"run {run_id} of {job_name} failed\n{error or ''}".strip(),
        details={"kind": "run_failure", "job": job_name, "run_id": run_id, "error": error},
    )


@dg.run_failure_sensor(
    name="run_failure_alerts",
    description="Posts every failed run to the configured alert channels.",
    monitor_all_code_locations=False,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
)
def run_failure_alerts(context: dg.RunFailureSensorContext, alerts: AlertResource) -> None:
    """Alert on each failed run of this code location."""
    run = context.dagster_run
    error = context.failure_event.message if context.failure_event else None
    alerts.send(run_failure_alert(run.job_name, run.run_id, error))
