"""Releases on an S3-compatible store: moto's server on 127.0.0.1, started by the test."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from healthplans.dataset.load import connect, load
from healthplans.dataset.release import publish, read_latest, verify
from healthplans.dataset.storage import ReleaseStore

pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3(monkeypatch_module: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    # Dummy credentials: boto refuses to sign without some, and must never find real ones.
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch_module.setenv(key, value)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port())
    server.start()
    host, port = server.get_host_and_port()
    options = {
        "key": "testing",
        "secret": "testing",
        "client_kwargs": {"endpoint_url": f"http://{host}:{port}"},
    }
    store = ReleaseStore("s3://releases", options)
    store.fs.mkdir("releases")
    yield options
    server.stop()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_publish_load_verify_on_s3(s3: dict, release_tables: Callable[..., dict]) -> None:
    root = "s3://releases/healthplans"
    first = publish(release_tables(4), root, storage_options=s3)
    assert first.published and read_latest(root, s3) == first.version
    assert str(first.path).startswith("s3://releases/healthplans/")
    again = publish(release_tables(4), root, storage_options=s3)
    assert not again.published
    second = publish(release_tables(6), root, storage_options=s3)
    assert second.manifest["previous_version"] == first.version
    assert verify(root, storage_options=s3) == [] and verify(root, first.version, s3) == []
    assert len(load("documents", root=root, storage_options=s3)) == 6
    con = connect(first.version, root=root, storage_options=s3)
    assert con.execute("SELECT count(*) FROM targets").fetchone() == (4,)


def test_objects_without_manifest_are_not_a_release(
    s3: dict, release_tables: Callable[..., dict]
) -> None:
    root = "s3://releases/crashed"
    good = publish(release_tables(2), root, storage_options=s3)
    store = ReleaseStore(root, s3)
    # What a writer killed mid-upload leaves: table objects under a version prefix, no manifest.
    store.fs.pipe_file(store.path("2099.01.01", "documents.parquet"), b"partial")
    assert store.versions() == [good.version]
    assert verify(root, "2099.01.01", s3) == [
        "release 2099.01.01: no manifest under s3://releases/crashed (not a release)"
    ]
    with pytest.raises(FileNotFoundError):
        load("documents", release="2099.01.01", root=root, storage_options=s3)
    assert read_latest(root, s3) == good.version and verify(root, storage_options=s3) == []
    publish(release_tables(3), root, storage_options=s3)  # cleans the leftover prefix
    assert not store.fs.exists(store.path("2099.01.01"))
