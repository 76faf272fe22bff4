"""The source registry: sites to crawl, from sources.yaml merged with CMS-family defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from healthplans.records import SourceDescription
from healthplans.scrapers.scope import scope_problem

REGISTRY_PATH = Path(__file__).with_name("sources.yaml")
CONFIDENCE = ("high", "medium", "low")


@dataclass(frozen=True)
class ListingSelectors:
    """CSS selectors for one item on a list page: the item, its link and its date."""

    item: str
    link: str
    date: str


@dataclass(frozen=True)
class ArticleSelectors:
    """CSS selectors for an article page; list values are tried in order, first match wins."""

    title: tuple[str, ...]
    body: tuple[str, ...]
    metadata: str
    publish_date: tuple[str, ...]
    attachments: str


@dataclass(frozen=True)
class Source:
    """One site in the registry."""

    id: str
    name: str
    region_code: str
    admin_level: str
    official: bool
    cms: str
    allowed_domains: tuple[str, ...]
    entry_points: tuple[str, ...]
    pagination: str
    listing: ListingSelectors
    article: ArticleSelectors
    adapter: str = "html"  # module in scrapers/adapters that reads this site's list pages
    # Stop listing at the first item older than the newest known one (lists sorted by date).
    date_watermark: bool = False
    min_interval_s: float | None = None  # per-host pace; None: the client's default
    max_list_pages: int = 50  # bound on a first crawl's backlog walk
    max_items_per_list: int = 1000  # bound on the entries read from one list page
    allowed_schemes: tuple[str, ...] = ("https", "http")

    enabled: bool = True  # crawled by default; off until a person has checked what `check` says
    confidence: str = "high"  # how its list URL and mechanism are known: high | medium | low
    evidence: tuple[str, ...] = ()  # where the list URL and mechanism were seen
    check: str | None = None  # what a person must verify before enabling it
    note: str | None = None
    api: dict[str, Any] = field(default_factory=dict)  # a JSON list's shape, for json_list
    page_param: str | None = None  # query parameter carrying the page number (query_page)

    def out_of_scope(self, url: str) -> str | None:
        """Why `url` must not be fetched for this source, or None when it may be."""
        return scope_problem(url, self.allowed_domains, self.allowed_schemes)

    def description(self) -> SourceDescription:
        """What the `source_status` table says of this source."""
        return SourceDescription(
            self.id,
            self.name,
            self.region_code,
            self.admin_level,
            self.cms,
            self.enabled,
            self.confidence,
        )

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts of the entry points."""
        return tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in self.entry_points))


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _merge(base: dict[str, Any], override: dict[str, Any] | None) -> dict[str, Any]:
    return {**base, **(override or {})}


def _build_source(entry: dict[str, Any], families: dict[str, Any]) -> Source:
    try:
        family = families[entry["cms"]]
    except KeyError as exc:
        raise ValueError(f"source {entry.get('id')!r}: unknown cms family {exc}") from exc
    listing = _merge(family["listing"], entry.get("listing"))
    confidence = entry.get("confidence", "high")
    if confidence not in CONFIDENCE:
        raise ValueError(f"source {entry['id']!r}: confidence {confidence!r} not in {CONFIDENCE}")
    if not entry.get("enabled", True) and not entry.get("check"):
        raise ValueError(f"source {entry['id']!r}: disabled without a `check` note")
    if confidence == "low" and entry.get("enabled", True):
        raise ValueError(f"source {entry['id']!r}: a low-confidence source must be disabled")
    article = _merge(family["article"], entry.get("article"))
    return Source(
        id=entry["id"],
        name=entry["name"],
        region_code=str(entry["region_code"]),
        admin_level=entry["admin_level"],
        official=bool(entry.get("official", True)),
        cms=entry["cms"],
        allowed_domains=tuple(entry["allowed_domains"]),
        entry_points=tuple(entry["entry_points"]),
        pagination=entry.get("pagination", family["pagination"]),
        listing=ListingSelectors(**listing),
        article=ArticleSelectors(
            title=_tuple(article["title"]),
            body=_tuple(article["body"]),
            metadata=article["metadata"],
            publish_date=_tuple(article["publish_date"]),
            attachments=article["attachments"],
        ),
        adapter=entry.get("adapter", family.get("adapter", "html")),
        date_watermark=bool(entry.get("date_watermark", family.get("date_watermark", False))),
        min_interval_s=entry.get("min_interval_s"),
        max_list_pages=int(entry.get("max_list_pages", family.get("max_list_pages", 50))),
        max_items_per_list=int(
            entry.get("max_items_per_list", family.get("max_items_per_list", 1000))
        ),
        allowed_schemes=tuple(entry.get("allowed_schemes", ("https", "http"))),
        enabled=bool(entry.get("enabled", True)),
        confidence=confidence,
        evidence=tuple(entry.get("evidence", ())),
        check=entry.get("check"),
        note=entry.get("note"),
        api=_merge(family.get("api", {}), entry.get("api")),
        page_param=entry.get("page_param", family.get("page_param")),
    )


def host_intervals(sources: dict[str, Source]) -> dict[str, float]:
    """Per-host request intervals the registry asks for, for the HTTP client's config."""
    out: dict[str, float] = {}
    for source in sources.values():
        if source.min_interval_s is None:
            continue
        for url in source.entry_points:
            host = urlsplit(url).hostname or ""
            out[host] = max(out.get(host, 0.0), source.min_interval_s)
    return out


def load_registry(path: Path = REGISTRY_PATH, include_disabled: bool = False) -> dict[str, Source]:
    """Load the enabled sources (all with `include_disabled`), keyed by id; raises ValueError on
    a malformed entry."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = [_build_source(e, raw["families"]) for e in raw["sources"]]
    ids = [s.id for s in sources]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate source ids in {path}")
    return {s.id: s for s in sources if s.enabled or include_disabled}
