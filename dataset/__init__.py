"""The published contract: table schemas, ids, deduplication, the release writer and loader.

`from dataset import load, connect` reads a release (the functions, which shadow the module
name `dataset.load`; `from dataset.load import load` works too).
"""

from dataset.load import connect, load

__all__ = ["connect", "load"]
