"""The code location: assets, the main job and resources."""

from __future__ import annotations

import dagster as dg

from healthplans.assets import crawl, parse, release, research, tables
from healthplans.pipelines.crawl_automation import (
    check_sources,
    crawl_sources,
    daily_source_crawl,
    new_copies_sensor,
    release_after_liveness_sensor,
    weekly_source_liveness,
)
from healthplans.pipelines.operations import operations_defs
from healthplans.pipelines.resources import CrawlerResource, StorageResource
from healthplans.pipelines.retries import RUN_RETRY_TAGS
from healthplans.settings import load_ops_settings

ALL_ASSETS = dg.load_assets_from_modules([crawl, parse, tables, research, release])

# Crawl every source, parse, deduplicate and publish a release.
# (The per-source partitioned crawl is its own job, crawl_sources; it feeds this one via the
# sensor. The liveness re-check is its own job too, check_sources; the release reads what it
# recorded.)
build_release = dg.define_asset_job(
    "build_release",
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.groups("crawl_sources")
    - dg.AssetSelection.assets("source_liveness"),
    tags=RUN_RETRY_TAGS,
)

# One Definitions at module scope (the CLI loader refuses two): the core graph merged with
# checks, alerts and the freshness schedule (pipelines/operations.py, docs/operations.md).
defs = dg.Definitions.merge(
    dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[build_release, crawl_sources, check_sources],
        schedules=[daily_source_crawl, weekly_source_liveness],
        sensors=[new_copies_sensor(build_release), release_after_liveness_sensor(build_release)],
        resources={"crawler": CrawlerResource(), "storage": StorageResource()},
    ),
    operations_defs(load_ops_settings().alert_variables),
)
