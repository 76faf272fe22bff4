"""Reading speed and accuracy: the layout-agnostic article reader on the real pages of
../shared/reference/pages (ms/page, fields and body boundaries against expected.json), and OCR
seconds per scanned page (an image-only page drawn with a CJK font).

    .venv/bin/python benchmarks/reader.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from healthplans.parsing.article import read_article  # noqa: E402
from healthplans.parsing.formats import read_document  # noqa: E402
from healthplans.parsing.formats.charset import decode_body  # noqa: E402

PAGES = REPO.parent / "shared" / "reference" / "pages"


def _squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def pages() -> None:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    right = total = bounds = bounds_total = 0
    started = time.perf_counter()
    for page in expected:
        html, _ = decode_body((PAGES / page["file"]).read_bytes())
        reading = read_article(html, page.get("page_url") or "")
        for name in ("doc_number", "issue_date", "publish_date"):
            if name in page:
                total += 1
                right += (getattr(reading.fields, name) or None) == (page[name] or None)
        if page.get("body_first_20"):
            body = _squeeze(reading.body)
            bounds_total += 2
            bounds += body.startswith(_squeeze(page["body_first_20"]))
            bounds += body.endswith(_squeeze(page["body_last_20"]))
    ms = 1000 * (time.perf_counter() - started) / len(expected)
    print(
        f"reader: {len(expected)} pages, {ms:.1f} ms/page, fields {right}/{total}, "
        f"body boundaries {bounds}/{bounds_total}"
    )


def ocr() -> None:
    from tests.parsing.test_formats import HEADINGS, _image_only_pdf

    scan = _image_only_pdf(["某市进一步完善医疗卫生服务体系实施方案", *HEADINGS])
    read_document(scan)  # the engine loads once per process
    started = time.perf_counter()
    reading = read_document(scan)
    print(f"ocr: {time.perf_counter() - started:.2f} s/page ({len(reading.text)} characters)")


if __name__ == "__main__":
    if PAGES.is_dir():
        pages()
    else:
        print(f"no reference pages at {PAGES}")
    ocr()
