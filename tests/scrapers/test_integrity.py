"""Read-time integrity on a temporary data root: a damaged archive record, an index pointing at
another record, an edited crawl-state row and a torn WARC tail each end in a loud failure naming
the file, offset and URL, or in the text the archived bytes say, never in a quietly smaller or
wrong crawl."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from healthplans.scrapers.archive import Archive, ArchiveIntegrityError
from healthplans.scrapers.crawl import crawl_source, stored_or_fetched_copy
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.registry import load_registry
from healthplans.scrapers.replay import ReplayClient
from healthplans.scrapers.sqlite_store import LocalStorageError
from healthplans.scrapers.state import CrawlState

REGISTRY = load_registry()
BOZHOU, YANGQUAN = REGISTRY["bozhou"], REGISTRY["yangquan"]


@pytest.fixture
def crawled(mirror_base: str, make_client, tmp_path: Path) -> dict:
    """Bozhou (a PDF attachment) and Yangquan crawled from the mirror into a fresh data root."""
    root = tmp_path / "data"
    archive, state = Archive(root / "archive"), CrawlState(root / "state" / "crawl.sqlite")
    client, _ = make_client(mirror_base)
    fetcher = Fetcher(client, archive)
    copies = {s.id: crawl_source(s, fetcher, state).new_copies for s in (BOZHOU, YANGQUAN)}
    (pdf,) = copies["bozhou"]
    assert pdf.format == "pdf"
    return {"root": root, "archive": archive, "state": state, "copies": copies, "pdf": pdf}


def _record(archive: Archive, url: str) -> tuple[str, int, int]:
    with sqlite3.connect(archive.root / "index.sqlite") as db:
        row = db.execute(
            "SELECT warc_file, warc_offset, warc_length FROM records WHERE url=?", (url,)
        ).fetchone()
    return row[0], row[1], row[2]


def _flip_byte(archive: Archive, url: str) -> tuple[Path, int]:
    warc_file, offset, length = _record(archive, url)
    path = archive.root / "warc" / warc_file
    data = bytearray(path.read_bytes())
    data[offset + length // 2] ^= 0x01
    path.write_bytes(bytes(data))
    return path, offset


def _reopen(root: Path) -> tuple[Archive, CrawlState]:
    return Archive(root / "archive"), CrawlState(root / "state" / "crawl.sqlite")


def test_a_flipped_byte_fails_replay_naming_file_offset_and_url(crawled: dict) -> None:
    pdf = crawled["pdf"]
    path, offset = _flip_byte(crawled["archive"], pdf.url)
    archive, _ = _reopen(crawled["root"])
    fresh = CrawlState(crawled["root"] / "replayed.sqlite")
    with pytest.raises(ArchiveIntegrityError) as failed:
        crawl_source(BOZHOU, Fetcher(ReplayClient(archive), archive), fresh)
    message = str(failed.value)
    assert str(path) in message and f"offset {offset}" in message and pdf.url in message
    assert fresh.copy_count() == 0  # nothing derived from the damaged bytes was kept


def test_a_flipped_byte_fails_a_normal_run_that_gets_304(
    crawled: dict, mirror_base: str, make_client
) -> None:
    """Crawl state deleted, so the plan is fetched again; the server answers 304 and the
    archived (damaged) bytes would be reused."""
    pdf = crawled["pdf"]
    _flip_byte(crawled["archive"], pdf.url)
    crawled["state"].close()
    shutil.rmtree(crawled["root"] / "state")
    archive, state = _reopen(crawled["root"])
    client, _ = make_client(mirror_base)
    with pytest.raises(ArchiveIntegrityError, match=re.escape(pdf.url)):
        crawl_source(BOZHOU, Fetcher(client, archive), state)


def test_an_index_offset_pointing_at_another_record_is_caught(crawled: dict) -> None:
    archive: Archive = crawled["archive"]
    (yangquan,) = crawled["copies"]["yangquan"]
    pdf = crawled["pdf"]
    other_file, other_offset, other_length = _record(archive, pdf.url)
    with sqlite3.connect(archive.root / "index.sqlite") as db:
        db.execute(
            "UPDATE records SET warc_file=?, warc_offset=?, warc_length=? WHERE url=?",
            (other_file, other_offset, other_length, yangquan.url),
        )
    archive, _ = _reopen(crawled["root"])
    with pytest.raises(ArchiveIntegrityError, match=f"record is for {re.escape(pdf.url)}"):
        archive.read(yangquan.url, yangquan.sha256)
    problems = list(archive.verify_all())
    assert len(problems) == 1 and yangquan.url in problems[0]


def test_an_edited_crawl_state_text_is_rederived_from_the_archive(crawled: dict) -> None:
    pdf = crawled["pdf"]
    number = re.search(r"\d+\.\d+", pdf.text)
    assert number is not None
    forged = pdf.text.replace(number.group(0), "99999.9", 1)
    crawled["state"].close()
    with sqlite3.connect(crawled["root"] / "state" / "crawl.sqlite") as db:
        (row,) = db.execute("SELECT copy FROM copies WHERE page_url=?", (pdf.page_url,))
        db.execute(
            "UPDATE copies SET copy=? WHERE page_url=?",
            (row[0].replace(number.group(0), "99999.9", 1), pdf.page_url),
        )
    archive, state = _reopen(crawled["root"])
    pub = next(p for p in state.publications() if p.url == pdf.page_url)
    stored = state.copy(pub)
    assert stored is not None and stored.text == forged  # the row really was edited
    fetcher = Fetcher(ReplayClient(archive), archive)
    copy = stored_or_fetched_copy(pub, BOZHOU, fetcher, state)
    assert copy is not None and copy.text == pdf.text and "99999.9" not in copy.text
    repaired = state.copy(pub)
    assert repaired is not None and repaired.text == pdf.text  # the row is repaired too


def test_a_crawl_state_naming_bytes_not_archived_fails_loudly(crawled: dict) -> None:
    pdf = crawled["pdf"]
    crawled["state"].close()
    with sqlite3.connect(crawled["root"] / "state" / "crawl.sqlite") as db:
        (row,) = db.execute("SELECT copy FROM copies WHERE page_url=?", (pdf.page_url,))
        db.execute(
            "UPDATE copies SET copy=? WHERE page_url=?",
            (row[0].replace(pdf.sha256, "0" * 64), pdf.page_url),
        )
    archive, state = _reopen(crawled["root"])
    pub = next(p for p in state.publications() if p.url == pdf.page_url)
    with pytest.raises(LocalStorageError, match=re.escape("crawl.sqlite")):
        stored_or_fetched_copy(pub, BOZHOU, Fetcher(ReplayClient(archive), archive), state)


def test_a_torn_warc_tail_is_cut_before_the_next_append(
    crawled: dict, mirror_base: str, make_client
) -> None:
    archive: Archive = crawled["archive"]
    (warc,) = (archive.root / "warc").iterdir()
    whole = warc.stat().st_size
    with warc.open("ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00" + b"half a record")  # a crash mid-append
    archive, state = _reopen(crawled["root"])
    client, _ = make_client(mirror_base)
    crawl_source(REGISTRY["gansu"], Fetcher(client, archive), state)  # appends new records
    assert warc.stat().st_size > whole
    assert list(archive.verify_all()) == []
    assert b"half a record" not in warc.read_bytes()


def test_a_corrupt_crawl_state_fails_at_once_naming_the_file(
    crawled: dict, mirror_base: str, make_client
) -> None:
    crawled["state"].close()
    path = crawled["root"] / "state" / "crawl.sqlite"
    path.write_bytes(b"this is not an sqlite database" * 100)
    for leftover in path.parent.glob("crawl.sqlite-*"):
        leftover.unlink()
    with pytest.raises(LocalStorageError, match=re.escape(str(path))):
        CrawlState(path)
