"""The code location: assets, the main job and resources."""

from __future__ import annotations

import dagster as dg

from assets import crawl, parse, release, tables
from pipelines.crawl_automation import crawl_sources, daily_source_crawl, new_copies_sensor
from pipelines.resources import CrawlerResource, StorageResource

ALL_ASSETS = dg.load_assets_from_modules([crawl, parse, tables, release])

# Crawl every source, parse, deduplicate and publish a release.
# (The per-source partitioned crawl is its own job, crawl_sources; it feeds this one via the sensor.)
build_release = dg.define_asset_job(
    "build_release",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("crawl_sources"),
)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[build_release, crawl_sources],
    schedules=[daily_source_crawl],
    sensors=[new_copies_sensor(build_release)],
    resources={"crawler": CrawlerResource(), "storage": StorageResource()},
)
