"""The only module that reads the environment.

HEALTHPLANS_DATA_ROOT  where archive, state and releases live (default: ./data)
HEALTHPLANS_CRAWL      "mirror" (default: the bundled fixture mirror on 127.0.0.1), "live", or
                       "replay" (answer every request from the archive; no network)
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

    @property
    def releases_root(self) -> Path:
        return self.data_root / "releases"

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
    return Settings(data_root=root, crawl_mode=mode)
