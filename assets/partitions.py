"""Partitions of the crawl: one per registered source (not per document)."""

from __future__ import annotations

import dagster as dg

from healthplans.scrapers.registry import load_registry

SOURCE_PARTITIONS = dg.StaticPartitionsDefinition(list(load_registry()))
