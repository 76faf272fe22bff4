"""The code location: assets, the main job and resources."""

from __future__ import annotations

import dagster as dg

from assets import crawl, parse, release, tables
from pipelines.resources import CrawlerResource, StorageResource

ALL_ASSETS = dg.load_assets_from_modules([crawl, parse, tables, release])

# Crawl every source, parse, deduplicate and publish a release.
build_release = dg.define_asset_job("build_release", selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[build_release],
    resources={"crawler": CrawlerResource(), "storage": StorageResource()},
)
