"""Descriptions written into every release: datapackage.json (Frictionless Data Package) and
CITATION.cff (how to cite this exact release), and the note every surface carries when a
release was built from the bundled fixture mirror rather than the live sites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import yaml

from healthplans.dataset.schema import FOREIGN_KEYS, SCHEMA_VERSION, TABLES

NAME = "healthplans"
TITLE = "healthplans: Chinese government health-system plans"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
REPOSITORY = "https://github.com/healthplans/healthplans"
AUTHORS = [{"name": "healthplans contributors"}]
CITATION_MESSAGE = (
    "If you use these data, cite the release you used by its version; "
    "`healthplans verify VERSION` checks that your copy is that release byte for byte."
)


def _field_type(t: pa.DataType) -> str:
    if pa.types.is_string(t):
        return "string"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "integer"  # nullable integers are mapped in table_schema
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_timestamp(t):
        return "datetime"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_list(t):
        # Through pandas a list cell arrives as a numpy array, which the "array" type rejects;
        # "any" keeps the column valid and the description says what it holds.
        return "any"
    raise TypeError(f"no Table Schema type for {t}")


@dataclass(frozen=True)
class Citation:
    """DOIs to write into CITATION.cff when configured (Zenodo: the concept DOI names every
    version, a reserved DOI names the release being published)."""

    concept_doi: str | None = None
    release_doi: str | None = None


# crawl_mode of a release → what its data are; a user sees this wherever the release speaks.
PROVENANCE = {
    "mirror": (
        "Built from the bundled fixture mirror (reconstructed pages served on 127.0.0.1), not "
        "from the live sites: the URLs name the real portals, but the bytes are fixtures. "
        "For demonstration and testing only."
    ),
    "replay": "Rebuilt from the archive of earlier crawls (replay, no network access).",
    "live": "Crawled from the live government portals.",
}


def provenance(crawl_mode: str | None) -> str:
    """One sentence on where a release's bytes came from."""
    return PROVENANCE.get(crawl_mode or "", f"Crawl mode: {crawl_mode or 'unknown'}.")


def is_fixture(crawl_mode: str | None) -> bool:
    """True for a release built from the fixture mirror: its data describe no real plans."""
    return crawl_mode == "mirror"


def table_schema(name: str) -> dict[str, Any]:
    """Frictionless Table Schema of one published table: fields with descriptions, required
    and enum constraints, the primary key and the foreign keys."""
    spec = TABLES[name]
    fields = []
    for c in spec.columns:
        type_ = _field_type(c.type)
        if type_ == "integer" and c.nullable:
            # Readers that go through pandas (frictionless among them) turn a nullable integer
            # column into floats with NaN, which an "integer" field rejects.
            type_ = "number"
        field: dict[str, Any] = {"name": c.name, "type": type_, "description": c.description}
        constraints: dict[str, Any] = {}
        if not c.nullable:
            constraints["required"] = True
        if c.values is not None:
            constraints["enum"] = list(c.values)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    # Keys with a nullable column (clause_agencies.clause_id) are not primary keys in the
    # Table Schema sense, which forbids nulls in them.
    if all(not spec.column(k).nullable for k in spec.key):
        schema["primaryKey"] = list(spec.key)
    foreign = [
        {
            "fields": column,
            "reference": {"resource": "" if parent == name else parent, "fields": parent_column},
        }
        for child, column, parent, parent_column in FOREIGN_KEYS
        if child == name
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(manifest: dict[str, Any]) -> dict[str, Any]:
    """datapackage.json of a release, from its manifest (sha256 and size of every table)."""
    resources = []
    for name, entry in sorted(manifest["tables"].items()):
        resources.append(
            {
                "name": name,
                "path": entry["path"],
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[name].description,
                # Frictionless cannot measure a Parquet file while reading it, so the size and
                # digest are recorded (and checked by `healthplans verify`) under their own
                # names rather than the standard's `bytes`/`hash`, which validators recompute.
                "sha256": entry["sha256"],
                "size_bytes": entry["bytes"],
                "schema": table_schema(name),
            }
        )
    mode = manifest.get("crawl_mode")
    return {
        "name": NAME,
        "title": TITLE + (" (fixture data)" if is_fixture(mode) else ""),
        "description": provenance(mode),
        "version": manifest["version"],
        "created": manifest["created_at"],
        "licenses": [LICENSE],
        "homepage": REPOSITORY,
        "keywords": ["China", "health policy", "government plans", "实施方案"],
        "healthplans:schema_version": manifest["schema_version"],
        "healthplans:crawl_mode": mode,
        "resources": resources,
    }


def citation_cff(
    version: str | None = None,
    date_released: str | None = None,
    citation: Citation | None = None,
    crawl_mode: str | None = None,
) -> str:
    """CITATION.cff for one release, or for the project (the root file) when version is None."""
    doc: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": CITATION_MESSAGE,
        "title": TITLE,
        "type": "dataset",
        "authors": [dict(a) for a in AUTHORS],
        "repository-code": REPOSITORY,
        "license": "CC-BY-4.0",
        "keywords": ["health policy", "China", "government plans"],
    }
    citation = citation or Citation()
    identifiers = []
    if citation.release_doi:
        doc["doi"] = citation.release_doi
        identifiers.append(
            {"type": "doi", "value": citation.release_doi, "description": "This release."}
        )
    if citation.concept_doi:
        doc.setdefault("doi", citation.concept_doi)
        identifiers.append(
            {
                "type": "doi",
                "value": citation.concept_doi,
                "description": "Every release (concept DOI).",
            }
        )
    if identifiers:
        doc["identifiers"] = identifiers
    if version is not None:
        doc["version"] = version
        doc["date-released"] = date_released
        abstract = (
            f"Release {version} (table schema {SCHEMA_VERSION}) of an open dataset of Chinese "
            "government health-system plans: documents, sources, clauses, targets and "
            "responsible agencies."
        )
        doc["abstract"] = abstract if crawl_mode is None else f"{abstract} {provenance(crawl_mode)}"
    else:
        doc["abstract"] = (
            "An open dataset of Chinese government health-system plans and the pipeline that "
            "builds it. Cite the release you used: each release directory has its own "
            "CITATION.cff with its version and date."
        )
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return str(text)
