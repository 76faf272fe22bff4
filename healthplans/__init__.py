"""healthplans: an open dataset of Chinese government health-system plans, and its pipeline.

`from healthplans import load, connect` reads a published release (pandas or DuckDB). The names
are resolved on first use, so importing the package loads nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from healthplans.dataset.load import connect, load

__all__ = ["connect", "load"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from healthplans.dataset import load as loader

        return getattr(loader, name)
    raise AttributeError(f"module 'healthplans' has no attribute {name!r}")
