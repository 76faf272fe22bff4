"""Pages served instead of the document: script challenges (瑞数-style 412 cookie checks),
WAF block pages and soft 404s. They must be quarantined with that reason, never parsed."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

# A real article says far more than an error page; longer pages are never taken for one.
MAX_ERROR_TEXT = 400
ERRORS_FILE = Path(__file__).parents[1] / "data" / "error_pages.yaml"
ERROR_PAGE_KINDS = ("challenge", "waf_block", "soft_404")


@cache
def _vocabulary() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(ERRORS_FILE.read_text("utf-8"))
    return data


def error_page_kind(html: str, visible_text: str, status: int | None = None) -> str | None:
    """`challenge`, `waf_block` or `soft_404` when the page is one of those, else None."""
    vocab = _vocabulary()
    short = len("".join(visible_text.split())) <= MAX_ERROR_TEXT
    if status == 412 or (short and any(m in html for m in vocab["challenge"]["markers"])):
        return "challenge"
    if not short:
        return None
    for kind in ERROR_PAGE_KINDS:
        if any(p.lower() in visible_text.lower() for p in vocab[kind]["phrases"]):
            return kind
    if status == 404:
        return "soft_404"
    return None
