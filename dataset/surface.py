"""The stable surface at the releases root, rewritten after every publish:

- `releases.json`: every version with its date, row counts, crawl mode and the sha256 of its
  manifest, newest last, and which one is the latest;
- `latest/`: a copy of the newest release, one path that never changes (local disk or object
  store);
- `feed.xml`: the cumulative Atom feed of new and revised plans across the newest releases,
  each entry's id stable per plan version (`urn:healthplans:<doc_id>:<version_id>`), with
  absolute links when a public base URL is configured.

Everything here is derived from the committed releases, so a crash between steps is repaired
by the next publish, which rewrites it all.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.etree import ElementTree as ET

from healthplans.dataset.feed import ATOM, FEED_ID
from healthplans.dataset.storage import MANIFEST, ReleaseStore

INDEX = "releases.json"
ROOT_FEED = "feed.xml"
FEED_RELEASES = 20  # releases whose entries the root feed carries
FIXTURE_MODES = frozenset({"mirror"})


def release_index(store: ReleaseStore) -> dict[str, Any]:
    """releases.json: one record per committed version, oldest first."""
    records = []
    for version in store.versions():
        raw = store.read_bytes(version, MANIFEST)
        manifest = json.loads(raw)
        mode = manifest.get("crawl_mode")
        records.append(
            {
                "version": version,
                "created_at": manifest.get("created_at"),
                "previous_version": manifest.get("previous_version"),
                "schema_version": manifest.get("schema_version"),
                "crawl_mode": mode,
                "fixture_data": mode in FIXTURE_MODES,
                "manifest_sha256": hashlib.sha256(raw).hexdigest(),
                "rows": {n: e["rows"] for n, e in sorted(manifest["tables"].items())},
            }
        )
    return {"latest": store.latest(), "releases": records}


def root_feed(store: ReleaseStore, versions: list[str], public_url: str | None) -> bytes:
    """One feed over the entries of the given releases' feed.xml, newest first, each plan
    version once."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "healthplans: new and revised plans"
    base = public_url.rstrip("/") + "/" if public_url else None
    if base:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + ROOT_FEED)
    updated = ET.SubElement(feed, f"{{{ATOM}}}updated")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "healthplans"
    seen: set[str] = set()
    newest = ""
    for version in reversed(versions[-FEED_RELEASES:]):
        if not store.exists(version, ROOT_FEED):
            continue
        release_feed = ET.fromstring(store.read_bytes(version, ROOT_FEED))
        for node in release_feed.findall(f"{{{ATOM}}}entry"):
            entry_id = node.findtext(f"{{{ATOM}}}id") or ""
            if entry_id in seen:
                continue
            seen.add(entry_id)
            newest = max(newest, node.findtext(f"{{{ATOM}}}updated") or "")
            if base:
                ET.SubElement(
                    node, f"{{{ATOM}}}link", rel="related", href=f"{base}{version}/{ROOT_FEED}"
                )
            feed.append(node)
    updated.text = newest or "1970-01-01T00:00:00+00:00"
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def surface_is_current(store: ReleaseStore, latest: str) -> bool:
    """Whether releases.json (written last by refresh_surface) already names `latest`."""
    if not store.exists(INDEX):
        return False
    try:
        return bool(json.loads(store.read_bytes(INDEX)).get("latest") == latest)
    except ValueError:
        return False


def refresh_surface(store: ReleaseStore, public_url: str | None = None) -> None:
    """Rewrite releases.json, latest/ and the root feed from the committed releases."""
    latest = store.latest()
    if latest is None:
        return
    store.mirror_latest(latest)
    index = release_index(store)
    store.put_root_file(ROOT_FEED, root_feed(store, store.versions(), public_url))
    data = json.dumps(index, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    store.put_root_file(INDEX, data.encode("utf-8"))
