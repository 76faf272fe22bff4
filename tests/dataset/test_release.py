"""Release writer: layout, manifest, immutability, no-change detection, verification."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from dataset.release import publish, read_latest, verify
from dataset.schema import TABLES


def _tables(n_docs: int) -> dict[str, pa.Table]:
    tables = {name: t.schema.empty_table() for name, t in TABLES.items()}
    rows = [
        {
            "url": f"https://example.gov.cn/{i}",
            "source_id": "s",
            "stage": "article",
            "reason": "http_404",
            "detail": "",
            "at": datetime(2026, 1, i + 1, tzinfo=UTC),
        }
        for i in range(n_docs)
    ]
    tables["quarantine"] = pa.Table.from_pylist(rows, schema=TABLES["quarantine"].schema)
    return tables


def test_publish_then_no_change(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, tzinfo=UTC)
    first = publish(_tables(2), tmp_path, now=now)
    assert first.published and first.version == "2026.11.25"
    assert read_latest(tmp_path) == "2026.11.25"
    again = publish(_tables(2), tmp_path, now=now)
    assert not again.published and again.version == "2026.11.25"
    changed = publish(_tables(3), tmp_path, now=now)
    assert changed.published and changed.version == "2026.11.25.2"
    assert changed.manifest["previous_version"] == "2026.11.25"
    assert verify(tmp_path) == [] and verify(tmp_path, "2026.11.25") == []


def test_published_files_are_read_only_and_tampering_is_detected(tmp_path: Path) -> None:
    result = publish(_tables(1), tmp_path)
    path = result.path / "quarantine.parquet"
    assert path.stat().st_mode & 0o222 == 0  # no write bit for anyone
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"x")
    assert verify(tmp_path) == ["quarantine: sha256 mismatch"]


def test_missing_table_is_refused(tmp_path: Path) -> None:
    tables = _tables(1)
    del tables["targets"]
    with pytest.raises(ValueError, match="targets"):
        publish(tables, tmp_path)
    assert read_latest(tmp_path) is None
