"""Where steps hand their outputs to the next step: pickles under the instance's storage folder.

Dagster's filesystem IO manager writes each asset's pickle in place, at a path named by the asset
alone. Runs that overlap (a sensor's release run beside a scheduled one, or two first runs on a
fresh home) then read a pickle another run is halfway through writing. Each output is written
to a temporary file beside it and renamed over it, so a reader sees the old output or the new
one, never a part of either.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Any

import dagster as dg
from dagster._core.storage.fs_io_manager import PickledObjectFilesystemIOManager
from upath import UPath


class AtomicFilesystemIOManager(PickledObjectFilesystemIOManager):
    """The filesystem IO manager, with each pickle replaced in one rename."""

    def dump_to_path(self, context: dg.OutputContext, obj: Any, path: UPath) -> None:
        folder = str(path.parent)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(obj, file, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, str(path))
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


@dg.io_manager
def step_output_io_manager(init_context: dg.InitResourceContext) -> AtomicFilesystemIOManager:
    """Step outputs under the instance's storage folder, as Dagster's default keeps them."""
    instance = init_context.instance
    assert instance is not None
    return AtomicFilesystemIOManager(base_dir=instance.storage_directory())
