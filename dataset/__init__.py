"""The published contract: table schemas, ids, deduplication, the release writer and loader.

Readers need only `from healthplans import load, connect` (healthplans.dataset.load), which
imports neither Dagster nor the crawler nor the parser.
"""
