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


def _boundaries(page: dict, body: str | None) -> int:
    squeezed = _squeeze(body)
    return squeezed.startswith(_squeeze(page["body_first_20"])) + squeezed.endswith(
        _squeeze(page["body_last_20"])
    )


def pages() -> None:
    """The reader's fields and body boundaries; then trafilatura's body boundaries and speed on
    the same pages, when it is installed (`pip install -e '.[bench]'`)."""
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    htmls = {p["file"]: decode_body((PAGES / p["file"]).read_bytes())[0] for p in expected}
    right = total = bounds = bounds_total = 0
    started = time.perf_counter()
    for page in expected:
        reading = read_article(htmls[page["file"]], page.get("page_url") or "")
        for name in ("doc_number", "issue_date", "publish_date"):
            if name in page:
                total += 1
                right += (getattr(reading.fields, name) or None) == (page[name] or None)
        if page.get("body_first_20"):
            bounds_total += 2
            bounds += _boundaries(page, reading.body)
    ms = 1000 * (time.perf_counter() - started) / len(expected)
    print(
        f"reader: {len(expected)} pages, {ms:.1f} ms/page, fields {right}/{total}, "
        f"body boundaries {bounds}/{bounds_total}"
    )
    try:
        import trafilatura
    except ImportError:
        print("trafilatura: not installed (pip install -e '.[bench]' to compare)")
        return
    bounds = 0
    started = time.perf_counter()
    for page in expected:
        body = trafilatura.extract(htmls[page["file"]], favor_precision=True)
        if page.get("body_first_20"):
            bounds += _boundaries(page, body)
    ms = 1000 * (time.perf_counter() - started) / len(expected)
    print(f"trafilatura: {ms:.1f} ms/page, body boundaries {bounds}/{bounds_total}")


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
