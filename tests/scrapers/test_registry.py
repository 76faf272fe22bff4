"""The registry against the coverage survey: every surveyed publisher has an entry."""

from __future__ import annotations

import csv

from healthplans.dataset.schema import LEVELS
from healthplans.parsing.regions import province_of
from healthplans.scrapers.registry import load_registry
from tests.shared_reference import reference_dir

ALL = load_registry(include_disabled=True)


def _matches(row: dict[str, str]) -> list[str]:
    """Ids of entries with the row's region code on one of the row's domains."""
    domains = [d.strip().removeprefix("www.") for d in row["site_domain"].split("/")]
    return [
        s.id
        for s in ALL.values()
        if s.region_code == row["region_code"]
        and any(d == a or d.endswith("." + a) for d in domains for a in s.allowed_domains)
    ]


def test_every_surveyed_publisher_has_an_entry() -> None:
    path = reference_dir("") / "coverage.tsv"
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 68
    missing = [r["publisher"] for r in rows if not _matches(r)]
    assert missing == []
    provinces = {r["region_code"] for r in rows if r["level"] == "province"}
    assert len(provinces) == 31
    for code in provinces:
        names = [s.name for s in ALL.values() if s.region_code == code]
        assert any("卫生健康" in n for n in names) and any("人民政府" in n for n in names), code


def test_disabled_entries_say_what_to_check_and_low_confidence_is_off() -> None:
    for source in ALL.values():
        if not source.enabled:
            assert source.check, source.id
        if source.confidence == "low":
            assert not source.enabled, source.id
    enabled = load_registry()
    assert set(enabled) == {k for k, s in ALL.items() if s.enabled}
    national = {s.id for s in ALL.values() if s.admin_level == "national"}
    assert len(national) >= 6


def test_levels_and_regions_are_the_dataset_s() -> None:
    for source in ALL.values():
        assert source.admin_level in LEVELS, source.id
        assert province_of(source.region_code), source.id
