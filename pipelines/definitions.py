"""The code location: assets, jobs, schedules, sensors, checks and resources.

`build_definitions(settings)` is what the `healthplans` command and the tests run; the code
location (`dagster dev`, `dagster api grpc`) loads `defs`, which reads the settings once, when the
location loads, never at import.
"""

from __future__ import annotations

import dagster as dg

from healthplans.assets import crawl, dedup, parse, release, research, tables
from healthplans.assets.resources import CrawlerResource, StorageResource
from healthplans.assets.retries import RUN_RETRY_TAGS
from healthplans.assets.step_outputs import step_output_io_manager
from healthplans.pipelines.crawl_automation import (
    check_sources,
    crawl_sources,
    daily_source_crawl,
    new_copies_sensor,
    release_after_liveness_sensor,
    weekly_source_liveness,
)
from healthplans.pipelines.operations import operations_defs
from healthplans.settings import Settings, load_settings

ALL_ASSETS = dg.load_assets_from_modules([crawl, parse, dedup, tables, research, release])

# Parse every stored copy, deduplicate, build each table and publish a release. The crawl is its
# own partitioned job (crawl_sources), and so is the liveness re-check (check_sources).
build_release = dg.define_asset_job(
    "build_release",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("copies", "source_liveness"),
    tags=RUN_RETRY_TAGS,
)


def build_definitions(settings: Settings) -> dg.Definitions:
    """Every definition, with resources configured from `settings`."""
    resources = {
        "io_manager": step_output_io_manager,
        "crawler": CrawlerResource(mode=settings.crawl_mode, mirror_url=settings.mirror_url),
        "storage": StorageResource(
            data_root=str(settings.data_root),
            releases=settings.releases_url,
            public_url=settings.public_url,
            concept_doi=settings.concept_doi,
            release_doi=settings.release_doi,
        ),
    }
    # One Definitions (the CLI loader refuses two): the core graph merged with checks, alerts and
    # the freshness schedule (pipelines/operations.py, docs/operations.md).
    return dg.Definitions.merge(
        dg.Definitions(
            assets=ALL_ASSETS,
            jobs=[build_release, crawl_sources, check_sources],
            schedules=[daily_source_crawl, weekly_source_liveness],
            sensors=[
                new_copies_sensor(build_release),
                release_after_liveness_sensor(build_release),
            ],
            resources=resources,
        ),
        operations_defs(settings),
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location, configured from the environment (healthplans.settings)."""
    return build_definitions(load_settings())
