"""Fixtures of the dataset tests: synthetic release tables (see factory.py)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

# factory.py is also run by the crash-test child process, so it is a plain file loaded by path
# rather than a package module.
_spec = importlib.util.spec_from_file_location(
    "dataset_factory", Path(__file__).with_name("factory.py")
)
assert _spec is not None and _spec.loader is not None
factory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(factory)


@pytest.fixture
def release_tables() -> Callable[..., dict]:
    """factory.release_tables(n_docs, text_chars=40, revised=frozenset(), start=0)."""
    return factory.release_tables
