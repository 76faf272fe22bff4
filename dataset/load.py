"""Reading a release back: pandas DataFrames or DuckDB views over its Parquet files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from dataset.release import read_latest, read_manifest


def release_dir(release: str = "latest", root: Path | str | None = None) -> Path:
    """Directory of a release; `root` defaults to the configured releases root."""
    if root is None:
        from healthplans.settings import load_settings

        root = load_settings().releases_root
    root = Path(root)
    version = read_latest(root) if release == "latest" else release
    if version is None or not (root / version).is_dir():
        raise FileNotFoundError(f"release {release!r} not found under {root}")
    return root / version


def load(table: str, release: str = "latest", root: Path | str | None = None) -> pd.DataFrame:
    """One table of a release as a pandas DataFrame."""
    path = release_dir(release, root)
    tables = read_manifest(path.parent, path.name)["tables"]
    if table not in tables:
        raise KeyError(f"no table {table!r} in release {path.name}; have {sorted(tables)}")
    return pd.read_parquet(path / tables[table]["path"])


def connect(
    release: str = "latest", root: Path | str | None = None, database: str = ":memory:"
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with every table of a release registered as a view."""
    path = release_dir(release, root)
    con = duckdb.connect(database)
    for name, entry in read_manifest(path.parent, path.name)["tables"].items():
        file = str(path / entry["path"]).replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{file}')")
    return con
