"""Reading a release back: pandas DataFrames or DuckDB views over its Parquet files.

`root` is the releases root: a local path, an fsspec URL (s3://bucket/prefix, with
`storage_options` for credentials or an endpoint), or None for the configured data root.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from healthplans.dataset.storage import MANIFEST, ReleaseStore

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

# pandas, DuckDB and pyarrow are imported by the call that needs them: `import healthplans`
# stays instant, and a DuckDB user never pays for pandas.

# A table name from a manifest becomes a view name in SQL: only plain identifiers are accepted.
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _identifier(name: str, version: str) -> str:
    """`name` as a quoted SQL identifier; raises ValueError for anything but a plain name."""
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"release {version}: table name {name!r} in its manifest is not valid")
    return f'"{name}"'


def _store(root: Path | str | None, storage_options: dict[str, Any] | None) -> ReleaseStore:
    if root is None:
        from healthplans.settings import load_settings

        root = load_settings().releases_root
    return ReleaseStore(root, storage_options)


def resolve(store: ReleaseStore, release: str = "latest") -> str:
    """Version name of `release` ("latest" or a version); raises FileNotFoundError if absent."""
    version = store.latest() if release == "latest" else release
    if version is None or not store.exists(version, MANIFEST):
        raise FileNotFoundError(
            f"release {release!r} not found under {store.url}; pass root= (a releases folder or "
            "URL) or set HEALTHPLANS_DATA_ROOT (releases in <root>/releases) or "
            "HEALTHPLANS_RELEASES_ROOT"
        )
    return version


def release_dir(release: str = "latest", root: Path | str | None = None) -> Path:
    """Directory of a release under a local root."""
    store = _store(root, None)
    if store.remote:
        raise ValueError(f"{store.url} is not a local directory")
    return store.local_root / resolve(store, release)


def _tables(store: ReleaseStore, version: str) -> dict[str, dict]:
    tables: dict[str, dict] = store.manifest(version)["tables"]
    return tables


def load(
    table: str,
    release: str = "latest",
    root: Path | str | None = None,
    storage_options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """One table of a release as a pandas DataFrame."""
    import pandas as pd
    import pyarrow.parquet as pq

    store = _store(root, storage_options)
    version = resolve(store, release)
    tables = _tables(store, version)
    if table not in tables:
        raise KeyError(f"no table {table!r} in release {version}; have {sorted(tables)}")
    if not store.remote:
        return pd.read_parquet(store.local_root / version / tables[table]["path"])
    with store.open(version, tables[table]["path"]) as fh:
        return pq.read_table(io.BytesIO(fh.read())).to_pandas()


def connect(
    release: str = "latest",
    root: Path | str | None = None,
    database: str = ":memory:",
    storage_options: dict[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with every table of a release registered as a view.

    Raises ValueError when the manifest names a table that is not a plain identifier (a
    crafted name would otherwise run as SQL).
    """
    import duckdb
    import pyarrow.parquet as pq

    store = _store(root, storage_options)
    version = resolve(store, release)
    con = duckdb.connect(database)
    for name, entry in _tables(store, version).items():
        view = _identifier(name, version)
        if store.remote:
            # DuckDB reads S3 only through its httpfs extension, which it downloads on first
            # use; reading through fsspec keeps remote releases usable offline and with any
            # fsspec backend.
            with store.open(version, entry["path"]) as fh:
                con.register(name, pq.read_table(io.BytesIO(fh.read())))
            continue
        file = str(store.local_root / version / entry["path"]).replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet('{file}')")
    return con
