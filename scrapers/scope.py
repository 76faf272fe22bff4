"""Which URLs a source may fetch: its own domains (and their subdomains) over its schemes.

Links come from pages the crawler does not control; a list page may point anywhere (another host,
`file:`, `data:`, `javascript:`, a malformed IPv6 literal). Every URL from a listing, an
attachment or a redirect passes this check before it is fetched; the rest are recorded and skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def scope_problem(url: str, domains: Iterable[str], schemes: Iterable[str]) -> str | None:
    """A short reason `url` is outside the scope, or None when it is inside."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme.lower() not in {s.lower() for s in schemes}:
        return f"scheme {parts.scheme or '(none)'!r} not allowed"
    if not host:
        return "no host"
    if not in_domains(host, domains):
        return f"host {host!r} outside the allowed domains"
    return None


def in_domains(host: str, domains: Iterable[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in domains if d)
