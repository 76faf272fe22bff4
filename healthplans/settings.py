"""The only module that reads the environment, and the one spelling of the data-root layout.

HEALTHPLANS_DATA_ROOT  where archive, state and releases live (default: ./data)
HEALTHPLANS_RELEASES_ROOT  where releases are published instead of <data root>/releases: a local
                       path or any fsspec URL such as s3://bucket/healthplans
HEALTHPLANS_CRAWL      "live" (the real sites), "mirror" (the fixture sites, served at
                       HEALTHPLANS_MIRROR_URL; `healthplans run` starts them itself), or "replay"
                       (answer every request from the archive; no network). Default: mirror
HEALTHPLANS_PUBLIC_URL where the releases root is served (https://.../healthplans/), for the
                       absolute links of the root feed.xml
HEALTHPLANS_CONCEPT_DOI, HEALTHPLANS_RELEASE_DOI  DOIs written into each release's CITATION.cff
                       (Zenodo: the concept DOI names every version; a reserved DOI this one)
HEALTHPLANS_MIRROR_URL base URL of a running fixture mirror (`healthplans mirror`)
HEALTHPLANS_FRESHNESS_DAYS  days without a successful fetch before a source's freshness check
                       fails (default: 3)
DAGSTER_HOME           the Dagster instance `healthplans run` uses (default: ./.dagster_home)
HEALTHPLANS_ALERT_*    alert channels, see ALERT_VARIABLES; only whether each is set is read here,
                       the values reach the alerts resource as dg.EnvVar at run time

Settings are read once, by the entry point (the `healthplans` command or the code location's
definitions function), and passed down as values: no other module looks at the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

CRAWL_MODES = ("mirror", "live", "replay")

# Alert resource field -> environment variable. Dagster reads the values at run time (secrets
# never pass through this code); settings only records which are set.
ALERT_VARIABLES: dict[str, str] = {
    "webhook_url": "HEALTHPLANS_ALERT_WEBHOOK_URL",
    "smtp_host": "HEALTHPLANS_ALERT_SMTP_HOST",
    "smtp_port": "HEALTHPLANS_ALERT_SMTP_PORT",
    "smtp_username": "HEALTHPLANS_ALERT_SMTP_USER",
    "smtp_password": "HEALTHPLANS_ALERT_SMTP_PASSWORD",
    "mail_from": "HEALTHPLANS_ALERT_MAIL_FROM",
    "mail_to": "HEALTHPLANS_ALERT_MAIL_TO",
}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class DataLayout:
    """Where each store lives under a data root."""

    root: Path
    releases_url: str | None = None  # set when releases live outside the data root

    @property
    def archive(self) -> Path:
        """WARC files and their SQLite index."""
        return self.root / "archive"

    @property
    def crawl_state(self) -> Path:
        """What the crawl already knows (derived from the archive; rebuilt by a replay)."""
        return self.root / "state" / "crawl.sqlite"

    @property
    def releases(self) -> Path | str:
        """Local directory or fsspec URL of the releases."""
        return self.releases_url or self.root / "releases"


@dataclass(frozen=True)
class Settings:
    """Resolved runtime settings."""

    data_root: Path
    crawl_mode: str = "mirror"
    releases_url: str | None = None
    mirror_url: str | None = None
    public_url: str | None = None
    concept_doi: str | None = None
    release_doi: str | None = None
    freshness_days: float = 3.0
    alert_variables: frozenset[str] = field(default_factory=frozenset)
    dagster_home: Path = Path(".dagster_home")

    @property
    def layout(self) -> DataLayout:
        return DataLayout(self.data_root, self.releases_url)

    @property
    def releases_root(self) -> Path | str:
        return self.layout.releases


def _freshness_days(raw: str) -> float:
    try:
        days = float(raw)
    except ValueError:
        days = 0.0
    if days <= 0:
        raise SettingsError(f"HEALTHPLANS_FRESHNESS_DAYS must be a positive number, got {raw!r}")
    return days


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the environment; raises SettingsError on an unusable value."""
    env = os.environ if environ is None else environ
    mode = env.get("HEALTHPLANS_CRAWL", "mirror").strip().lower()
    if mode not in CRAWL_MODES:
        raise SettingsError(f"HEALTHPLANS_CRAWL must be one of {CRAWL_MODES}, got {mode!r}")
    root = Path(env.get("HEALTHPLANS_DATA_ROOT", "data")).expanduser().resolve()
    return Settings(
        data_root=root,
        crawl_mode=mode,
        releases_url=env.get("HEALTHPLANS_RELEASES_ROOT", "").strip() or None,
        mirror_url=env.get("HEALTHPLANS_MIRROR_URL", "").strip() or None,
        public_url=env.get("HEALTHPLANS_PUBLIC_URL", "").strip() or None,
        concept_doi=env.get("HEALTHPLANS_CONCEPT_DOI", "").strip() or None,
        release_doi=env.get("HEALTHPLANS_RELEASE_DOI", "").strip() or None,
        freshness_days=_freshness_days(env.get("HEALTHPLANS_FRESHNESS_DAYS", "3").strip()),
        alert_variables=frozenset(v for v in ALERT_VARIABLES.values() if env.get(v, "").strip()),
        dagster_home=Path(env.get("DAGSTER_HOME") or ".dagster_home").expanduser().resolve(),
    )
