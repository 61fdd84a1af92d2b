"""Functions a test runs in a worker process: importable there without the test modules' imports."""

from __future__ import annotations

import socket
import sys


def connect(host: str, port: int) -> None:
    socket.create_connection((host, port), 1).close()


def loaded(module: str) -> bool:
    return module in sys.modules
