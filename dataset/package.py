"""Descriptions written into every release: datapackage.json (Frictionless Data Package) and
CITATION.cff (how to cite this exact release)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from healthplans.dataset.schema import SCHEMA_VERSION, TABLES

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


def table_schema(name: str) -> dict[str, Any]:
    """Frictionless Table Schema of one published table."""
    spec = TABLES[name]
    fields = []
    for c in spec.columns:
        type_ = _field_type(c.type)
        if type_ == "integer" and c.nullable:
            # Readers that go through pandas (frictionless among them) turn a nullable integer
            # column into floats with NaN, which an "integer" field rejects.
            type_ = "number"
        field: dict[str, Any] = {"name": c.name, "type": type_, "description": c.description}
        if not c.nullable:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    # Keys with a nullable column (clause_agencies.clause_id) are not primary keys in the
    # Table Schema sense, which forbids nulls in them.
    if all(not next(c for c in spec.columns if c.name == k).nullable for k in spec.key):
        schema["primaryKey"] = list(spec.key)
    return schema


def datapackage(manifest: dict[str, Any]) -> dict[str, Any]:
    """datapackage.json of a release, from its manifest."""
    resources = []
    for name, entry in sorted(manifest["tables"].items()):
        resources.append(
            {
                "name": name,
                "path": entry["path"],
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[name].description,
                "schema": table_schema(name),
            }
        )
    return {
        "name": NAME,
        "title": TITLE,
        "version": manifest["version"],
        "created": manifest["created_at"],
        "licenses": [LICENSE],
        "homepage": REPOSITORY,
        "keywords": ["China", "health policy", "government plans", "实施方案"],
        "healthplans:schema_version": manifest["schema_version"],
        "resources": resources,
    }


def citation_cff(version: str | None = None, date_released: str | None = None) -> str:
    """CITATION.cff for one release, or for the project (the root file) when version is None."""
    lines = [
        "cff-version: 1.2.0",
        f'message: "{CITATION_MESSAGE}"',
        f'title: "{TITLE}"',
        "type: dataset",
        "authors:",
        *(f'  - name: "{a["name"]}"' for a in AUTHORS),
        f"repository-code: {REPOSITORY}",
        "license: CC-BY-4.0",
        "keywords:",
        '  - "health policy"',
        '  - "China"',
        '  - "government plans"',
    ]
    if version is not None:
        lines += [f'version: "{version}"', f"date-released: {date_released}"]
        lines.append(
            f'abstract: "Release {version} (table schema {SCHEMA_VERSION}) of an open '
            "dataset of Chinese government health-system plans: documents, sources, "
            'clauses, targets and responsible agencies."'
        )
    else:
        lines.append(
            'abstract: "An open dataset of Chinese government health-system plans and '
            "the pipeline that builds it. Cite the release you used: each release "
            'directory has its own CITATION.cff with its version and date."'
        )
    return "\n".join(lines) + "\n"
