"""Fetched bytes to text: charset from the HTTP header, then the meta tag, then detection.

Chinese portals often declare GBK or GB2312; both labels are decoded with GB18030, its superset, as
browsers do (WHATWG), so user-defined-area bytes survive as private-use characters, not errors.

A declaration is used only when it can be right. A strict decode that fails falls through to the
next source; so does a single-byte Western charset (ISO-8859-1, windows-1252, ASCII) on bytes
that are not ASCII: those codecs decode any bytes, so they never fail, and on these portals they
are a server default, not a statement about the page (a GBK page served as ISO-8859-1 would
otherwise become mojibake and its plan would be lost).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=GB2312">
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
# Codecs that decode every byte string: their declaration is no evidence about non-ASCII bytes.
SINGLE_BYTE_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"})


def _canonical(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def declared_charsets(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """Every declared (codec, where): the header's, then the meta tag's."""
    header = HEADER_CHARSET.search(content_type or "")
    meta = META_CHARSET.search(body[:4096])
    labels = [
        (header.group(1) if header else None, "header"),
        (meta.group(1).decode("ascii", "ignore") if meta else None, "meta"),
    ]
    return [(codec, where) for label, where in labels if (codec := _canonical(label))]


def _plausible(codec: str, body: bytes) -> bool:
    """False for a catch-all Western codec declared on bytes beyond ASCII (see module doc)."""
    return codec not in SINGLE_BYTE_WESTERN or body.isascii()


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, codec used).

    Each declared charset (header, then meta) is tried strictly if it is plausible; then UTF-8,
    GB18030 and detection. A page that says UTF-8 but is GBK decodes as GBK, never with
    replacement characters.
    """
    declared = declared_charsets(body, content_type)
    for codec, _ in declared:
        if not _plausible(codec, body):
            continue
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            continue
    for candidate in ("utf-8", "gb18030"):
        try:
            return body.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        enc = _canonical(best.encoding) or best.encoding
        return body.decode(enc, errors="replace"), enc
    # Nothing decodes cleanly: keep the declared reading so damaged bytes stay local.
    fallback = declared[0][0] if declared else "utf-8"
    return body.decode(fallback, errors="replace"), fallback
