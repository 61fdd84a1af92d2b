"""Suite-wide fixtures. The no-network guard is on for every test and every process the tests start.

In this process every socket connection, UDP send and DNS lookup raises
``NetworkBlockedError`` (Unix sockets excepted); a test that drives a local server marks itself
``@pytest.mark.browser`` or ``@pytest.mark.loopback`` and may then reach 127.0.0.1 / ::1 only.
Child processes (notebook kernels run by nbval, papermill or nbclient, JupyterLab for the browser
tests, ``python -c`` helpers) inherit ``METAEXPOSURE_NO_NETWORK=1`` and a PYTHONPATH whose
sitecustomize installs the same guard with loopback allowed: Jupyter needs loopback, nothing needs
more.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from metaexposure import _netguard

# Set at import, before any test or notebook starts a child process, so every child inherits it.
os.environ.update(_netguard.child_environment())
_netguard.install(allow_loopback=False)

LOOPBACK_MARKERS = ("browser", "loopback")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "loopback: may connect to 127.0.0.1 / ::1 (never beyond this machine)")


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest) -> Iterator[None]:
    """Refuse every connection; loopback too unless the test is marked as needing it."""
    needs_loopback = any(request.node.get_closest_marker(name) for name in LOOPBACK_MARKERS)
    _netguard.install(allow_loopback=needs_loopback)
    try:
        yield
    finally:
        _netguard.install(allow_loopback=False)
