"""Run a socketserver on 127.0.0.1 in a background thread for as long as a block needs it."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

S = TypeVar("S", bound=socketserver.BaseServer)


@contextmanager
def running(server: S) -> Iterator[S]:
    """Serve in a daemon thread; shut down and close the socket when the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def port_of(server: socketserver.BaseServer) -> int:
    return int(server.server_address[1])  # type: ignore[index]
