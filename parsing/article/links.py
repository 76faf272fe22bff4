"""Attachment links of a page: files by extension in the URL or the link text, and download
scripts (downfile.jsp, download.do, ...) whose type shows only in headers or magic bytes."""

from __future__ import annotations

import re

from healthplans.parsing.article.body import Body
from healthplans.parsing.article.dom import Page

EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "wps",
    "ofd",
    "xls",
    "xlsx",
    "et",
    "zip",
    "rar",
    "7z",
    "txt",
    "jpg",
    "jpeg",
    "png",
    "tif",
    "tiff",
)
FILE_URL = re.compile(rf"\.(?:{'|'.join(EXTENSIONS)})(?:$|[?#])", re.IGNORECASE)
FILE_TEXT = re.compile(rf"\.(?:{'|'.join(EXTENSIONS)})\s*$", re.IGNORECASE)
DOWNLOAD_URL = re.compile(
    r"down(?:load)?file|download\.|/download/|getfile|filedown|attachment\.(?:do|jsp|aspx?)"
    r"|fileid=|attachid=|/attach/",
    re.IGNORECASE,
)
IMAGE = re.compile(r"\.(?:jpg|jpeg|png|tif|tiff)(?:$|[?#])", re.IGNORECASE)


def attachment_links(page: Page, body: Body | None) -> list[tuple[str, str]]:
    """(href, text) of the page's file links, the main block's first, each href once. Images
    count only inside the main block (elsewhere they are logos and banners)."""
    inside = set(body.lines) if body else set()
    scored: list[tuple[int, int, str, str]] = []
    for order, (href, text, line) in enumerate(page.links):
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        in_main = line in inside or (line - 1) in inside
        is_file = bool(FILE_URL.search(href) or FILE_TEXT.search(text) or DOWNLOAD_URL.search(href))
        if not is_file or (IMAGE.search(href) and not in_main):
            continue
        scored.append((0 if in_main else 1, order, href, text))
    seen: set[str] = set()
    found = []
    for _, _, href, text in sorted(scored):
        if href not in seen:
            seen.add(href)
            found.append((href, text))
    return found
