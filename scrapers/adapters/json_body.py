"""Reading a JSON list API's body, shared by the JSON adapters."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

from healthplans.parsing.formats.charset import decode_body
from healthplans.scrapers.pages import PageStructureError, iso_date

# <em>医疗</em>卫生 … <br/>: search hits are highlighted in titles
TAG = re.compile(r"<[^>]+>")


def load_json(body: bytes, content_type: str, url: str) -> Any:
    """Parsed JSON; raises PageStructureError for a body that is not JSON (e.g. a WAF page)."""
    text, _ = decode_body(body, content_type)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PageStructureError(url, f"not JSON: {exc}") from exc
    except RecursionError as exc:  # nesting deeper than the interpreter's stack
        raise PageStructureError(url, "JSON nested too deeply") from exc


def clean_title(raw: object) -> str:
    return " ".join(html.unescape(TAG.sub("", str(raw or ""))).split())


def date_of(value: object) -> str | None:
    """ISO date from '2026.06.02', '2026-06-02 10:00' or epoch seconds / milliseconds."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        stamp = float(value)
        if stamp > 1e11:  # milliseconds
            stamp /= 1000
        return datetime.fromtimestamp(stamp, UTC).date().isoformat()
    return iso_date(str(value)) if value else None
