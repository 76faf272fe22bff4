"""Child process for the crash tests: publish a large release, dying at a named checkpoint.

Usage: python crash_writer.py ROOT N_DOCS [CHECKPOINT]
With CHECKPOINT, the process SIGKILLs itself when publish() reaches it; without, the parent
kills it after a delay. Prints "ready" once the tables are built, so delays count from there.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from factory import release_tables

import healthplans.dataset.release


def main() -> None:
    root, n_docs = sys.argv[1], int(sys.argv[2])
    stop_at = sys.argv[3] if len(sys.argv) > 3 else None

    def checkpoint(name: str) -> None:
        if name == stop_at:
            os.kill(os.getpid(), signal.SIGKILL)

    healthplans.dataset.release._checkpoint = checkpoint
    tables = release_tables(n_docs, text_chars=1000, revised=frozenset(range(0, n_docs, 3)))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    healthplans.dataset.release.publish(tables, root)


if __name__ == "__main__":
    main()
