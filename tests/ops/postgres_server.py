"""A throwaway PostgreSQL server on 127.0.0.1 for tests: initdb into a temp dir, start, stop.

PostgreSQL refuses to run as root; as root (CI containers), the server runs as the `postgres`
system user that Debian's package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def pg_bin(tool: str) -> str | None:
    """Path of a PostgreSQL server tool: on PATH, or in Debian's versioned directory."""
    found = shutil.which(tool)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[dict[str, str | int]]:
    """Connection settings of a fresh server with trust auth; stopped and deleted on exit."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    assert initdb and pg_ctl, "no PostgreSQL server binaries"
    base = Path(tempfile.mkdtemp(prefix="hp-pg-"))
    data, port = base / "data", _free_port()
    as_user: dict[str, Any] = {}
    if os.geteuid() == 0:
        # subprocess drops to the user itself: no runuser/su, which a minimal PATH may not find.
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        base.chmod(0o755)
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": [], "cwd": base}

    def run(*cmd: str) -> None:
        subprocess.run(cmd, check=True, capture_output=True, timeout=120, **as_user)

    try:
        run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start")
        try:
            yield {"host": "127.0.0.1", "port": port, "user": "postgres", "db": "postgres"}
        finally:
            run(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)
