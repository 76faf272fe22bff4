"""Atom feed (feed.xml) of the plans a release publishes for the first time, and of plans whose
text was revised, for people who watch for new publications."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from xml.etree import ElementTree as ET

import pyarrow as pa

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:healthplans:releases"


def _when(value: date | datetime | None, fallback: str) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).isoformat()
    return fallback


def entry_kinds(changes: Mapping[str, Any]) -> dict[str, str]:
    """doc_id → "new" or "revised", from a release's changes (dataset/changes.py)."""
    documents = changes["tables"]["documents"]
    kinds = {r["id"]: "new" for r in documents["added"]}
    kinds.update({r["id"]: "revised" for r in documents["changed"] if "version_id" in r["fields"]})
    return kinds


def entry(feed: ET.Element, doc: Mapping[str, Any], kind: str, version: str, now: str) -> None:
    """Append the entry of one plan (new or revised) to `feed`; every feed uses this one."""
    node = ET.SubElement(feed, f"{{{ATOM}}}entry")
    # One entry per (plan, text): a revision is a new entry, a re-crawl is not.
    ET.SubElement(
        node, f"{{{ATOM}}}id"
    ).text = f"urn:healthplans:{doc['doc_id']}:{doc['version_id']}"
    ET.SubElement(node, f"{{{ATOM}}}title").text = doc["title"] or doc["doc_id"]
    ET.SubElement(node, f"{{{ATOM}}}updated").text = _when(doc["fetched_at"], now)
    ET.SubElement(node, f"{{{ATOM}}}published").text = _when(doc["publish_date"], now)
    ET.SubElement(node, f"{{{ATOM}}}link", href=doc["source_url"])
    ET.SubElement(node, f"{{{ATOM}}}category", term=kind)
    author = ET.SubElement(node, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = doc["issuer"] or doc["region"] or "unknown"
    facts = [doc["doc_number"], doc["region"], doc["doc_type"], f"release {version}"]
    ET.SubElement(node, f"{{{ATOM}}}summary").text = " · ".join(f for f in facts if f)


def atom_feed(documents: pa.Table, changes: dict[str, Any], version: str, created_at: str) -> bytes:
    """feed.xml: an entry per plan added in this release and per plan whose text changed."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{FEED_ID}:{version}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"healthplans release {version}: new plans"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = created_at
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "healthplans"
    kinds = entry_kinds(changes)
    cols = [
        "doc_id",
        "version_id",
        "title",
        "fetched_at",
        "publish_date",
        "source_url",
        "issuer",
        "region",
        "doc_number",
        "doc_type",
    ]
    for doc in documents.select(cols).to_pylist():
        if doc["doc_id"] in kinds:
            entry(feed, doc, kinds[doc["doc_id"]], version, created_at)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
