"""The only module that reads the environment.

HEALTHPLANS_DATA_ROOT  where archive, state and releases live (default: ./data)
HEALTHPLANS_RELEASES_ROOT  where releases are published instead of <data root>/releases: a local
                       path or any fsspec URL such as s3://bucket/healthplans
HEALTHPLANS_CRAWL      "mirror" (default: the bundled fixture mirror on 127.0.0.1), "live", or
                       "replay" (answer every request from the archive; no network)
HEALTHPLANS_FRESHNESS_DAYS  days without a successful fetch before a source's freshness check
                       fails (default: 3)
HEALTHPLANS_ALERT_*    alert channels, see ALERT_VARIABLES; only whether each is set is read here,
                       the values reach the alerts resource as dg.EnvVar at run time
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CRAWL_MODES = ("mirror", "live", "replay")


@dataclass(frozen=True)
class Settings:
    """Resolved runtime settings."""

    data_root: Path
    crawl_mode: str
    releases_url: str | None = None  # set when releases live outside the data root

    @property
    def releases_root(self) -> Path | str:
        """Local directory or fsspec URL of the releases."""
        return self.releases_url or self.data_root / "releases"

    @property
    def archive_root(self) -> Path:
        return self.data_root / "archive"

    @property
    def state_root(self) -> Path:
        return self.data_root / "state"


def load_settings() -> Settings:
    """Read settings from the environment; raises ValueError on an unknown crawl mode."""
    mode = os.environ.get("HEALTHPLANS_CRAWL", "mirror").strip().lower()
    if mode not in CRAWL_MODES:
        raise ValueError(f"HEALTHPLANS_CRAWL must be one of {CRAWL_MODES}, got {mode!r}")
    root = Path(os.environ.get("HEALTHPLANS_DATA_ROOT", "data")).expanduser().resolve()
    releases = os.environ.get("HEALTHPLANS_RELEASES_ROOT", "").strip() or None
    return Settings(data_root=root, crawl_mode=mode, releases_url=releases)


ALERT_VARIABLES = (
    "HEALTHPLANS_ALERT_WEBHOOK_URL",
    "HEALTHPLANS_ALERT_SMTP_HOST",
    "HEALTHPLANS_ALERT_SMTP_PORT",
    "HEALTHPLANS_ALERT_SMTP_USER",
    "HEALTHPLANS_ALERT_SMTP_PASSWORD",
    "HEALTHPLANS_ALERT_MAIL_FROM",
    "HEALTHPLANS_ALERT_MAIL_TO",
)


@dataclass(frozen=True)
class OpsSettings:
    """Monitoring settings: freshness threshold and which alert variables are set."""

    freshness_days: float
    alert_variables: frozenset[str]


def load_ops_settings() -> OpsSettings:
    """Read monitoring settings; raises ValueError on a non-positive freshness threshold."""
    raw = os.environ.get("HEALTHPLANS_FRESHNESS_DAYS", "3").strip()
    try:
        days = float(raw)
    except ValueError:
        days = 0.0
    if days <= 0:
        raise ValueError(f"HEALTHPLANS_FRESHNESS_DAYS must be a positive number, got {raw!r}")
    present = frozenset(v for v in ALERT_VARIABLES if os.environ.get(v, "").strip())
    return OpsSettings(freshness_days=days, alert_variables=present)
