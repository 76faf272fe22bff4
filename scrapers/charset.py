"""Fetched bytes to text: charset from the HTTP header, then the meta tag, then detection.

Chinese portals often declare GBK or GB2312; both labels are decoded with GB18030, its superset, as
browsers do (WHATWG), so user-defined-area bytes survive as private-use characters, not errors.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=GB2312">
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def _canonical(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def declared_charset(body: bytes, content_type: str | None) -> tuple[str | None, str]:
    """Return (codec, where) as declared by the header or else the meta tag."""
    if content_type and (m := HEADER_CHARSET.search(content_type)):
        codec = _canonical(m.group(1))
        if codec:
            return codec, "header"
    if m2 := META_CHARSET.search(body[:4096]):
        codec = _canonical(m2.group(1).decode("ascii", "ignore"))
        if codec:
            return codec, "meta"
    return None, "none"


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, codec used).

    A declared charset that fails strictly (a page that says UTF-8 but is GBK) falls through to
    detection rather than producing replacement characters.
    """
    codec, _ = declared_charset(body, content_type)
    if codec:
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            pass
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
    fallback = codec or "utf-8"
    return body.decode(fallback, errors="replace"), fallback
