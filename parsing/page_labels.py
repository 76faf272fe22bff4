"""Where portals state a document's metadata: the vocabulary of data/page_fields.yaml.

One file for both readers of it: the page reader (labels, meta tags, inlined JSON of an HTML
page) and the metadata reader (label/value pairs in the header of a plan's text).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

FIELDS_FILE = Path(__file__).parent / "data" / "page_fields.yaml"


@cache
def vocabulary() -> dict[str, dict[str, list[str]]]:
    """Section (labels, meta, json) → field → the words that name it."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(FIELDS_FILE.read_text("utf-8"))
    return data


@cache
def label_fields() -> dict[str, str]:
    """Label as a portal prints it (spaces and colons removed) → the field it names."""
    return {label: field for field, labels in vocabulary()["labels"].items() for label in labels}
