"""The published contract: table schemas, ids, deduplication, the release writer and loader.

`from dataset import load, connect` reads a release (the functions, which shadow the module
name `healthplans.dataset.load`; `from healthplans.dataset.load import load` works too).
"""

from healthplans.dataset.load import connect, load

__all__ = ["connect", "load"]
