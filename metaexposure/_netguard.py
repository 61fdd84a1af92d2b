"""Make outbound network connections impossible in this Python process.

metaexposure reads someone's private life and promises never to open a network connection.
The test suite proves it by running with this guard on: every socket ``connect`` (and
``sendto``, and every name lookup that would send a DNS query) to anything but a Unix socket
or, when allowed, the loopback interface raises :class:`NetworkBlockedError` before a packet
leaves. Child processes get it too: ``METAEXPOSURE_NO_NETWORK=1`` plus the ``_site`` folder
on ``PYTHONPATH`` makes every Python started from there (notebook kernels, JupyterLab,
``python -c``) install the guard at startup through ``sitecustomize``. ``make test`` and ``make lab`` both
start their processes this way (the Makefile's ``NO_NETWORK``), so a kernel of your own JupyterLab is guarded.

Only Python-level sockets are guarded: C libraries with their own sockets (libzmq between
Jupyter and its kernels, a browser) are not; run CI without a network route for those.

This module imports nothing from metaexposure, so that ``sitecustomize`` can load it in every
Python process without importing pandas.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENV_VAR = "METAEXPOSURE_NO_NETWORK"
# The folder whose sitecustomize.py installs the guard in every Python child process.
SITE_DIR = Path(__file__).resolve().parent / "_site"

# Kept on the socket module, not here, so that a second copy of this module (loaded by path in
# sitecustomize, then imported normally) shares one patch and one policy per process.
_STATE_ATTR = "_metaexposure_netguard"
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class NetworkBlockedError(PermissionError):
    """A network connection was attempted while metaexposure's no-network guard is on.

    A PermissionError (so an OSError), so that code which handles a failed connection
    handles this one the same way.
    """


class _State:
    def __init__(self, error: type[OSError]) -> None:
        self.active = False
        self.allow_loopback = True
        self.error = error
        self.originals: dict[str, Any] = {}


_existing = getattr(socket, _STATE_ATTR, None)
if _existing is not None:
    NetworkBlockedError = _existing.error  # noqa: F811 - one class per process, whichever copy came first


def _state() -> _State:
    state = getattr(socket, _STATE_ATTR, None)
    if state is None:
        state = _State(NetworkBlockedError)
        setattr(socket, _STATE_ATTR, state)
    return state


def _is_loopback_host(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].rstrip(".").lower()
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _is_numeric_host(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _allowed(family: int, address: Any) -> bool:
    state = _state()
    if not state.active:
        return True
    if family == getattr(socket, "AF_UNIX", object()):
        return True
    if state.allow_loopback and family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        return _is_loopback_host(address[0])
    return False


def _refuse(what: str, address: Any) -> NetworkBlockedError:
    return _state().error(f"metaexposure's no-network guard ({ENV_VAR}) blocked {what} to {address!r}: "
                          "this kit never uses the network")


def _guard_connect(original: Callable[..., Any], name: str) -> Callable[..., Any]:
    def guarded(self: socket.socket, address: Any, *args: Any) -> Any:
        if not _allowed(self.family, address):
            raise _refuse(f"socket.{name}", address)
        return original(self, address, *args)
    guarded.__wrapped__ = original  # type: ignore[attr-defined]
    return guarded


def _guard_sendto(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: socket.socket, data: Any, *args: Any) -> Any:
        address = args[-1] if args else None  # sendto(data, address) or sendto(data, flags, address)
        if not _allowed(self.family, address):
            raise _refuse("socket.sendto", address)
        return original(self, data, *args)
    guarded.__wrapped__ = original  # type: ignore[attr-defined]
    return guarded


def _guard_sendmsg(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: socket.socket, buffers: Any, ancdata: Any = (), flags: int = 0, address: Any = None) -> Any:
        if address is not None and not _allowed(self.family, address):
            raise _refuse("socket.sendmsg", address)
        return original(self, buffers, ancdata, flags, *(() if address is None else (address,)))
    guarded.__wrapped__ = original  # type: ignore[attr-defined]
    return guarded


def _lookup_allowed(host: Any) -> bool:
    # A name lookup of anything but this machine sends a DNS query: a packet that names who
    # the code wanted to talk to. Numeric addresses resolve without one.
    if not _state().active or host is None or host in ("", b""):
        return True
    return _is_numeric_host(host) or _is_loopback_host(host) or host == socket.gethostname()


def _guard_lookup(original: Callable[..., Any], name: str) -> Callable[..., Any]:
    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _lookup_allowed(host):
            raise _refuse(f"socket.{name} (a DNS lookup)", host)
        return original(host, *args, **kwargs)
    guarded.__wrapped__ = original  # type: ignore[attr-defined]
    return guarded


def _guard_create_connection(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(address: Any, *args: Any, **kwargs: Any) -> Any:
        state = _state()
        host = address[0] if isinstance(address, tuple) and address else address
        if state.active and not (state.allow_loopback and _is_loopback_host(host)):
            raise _refuse("socket.create_connection", address)
        return original(address, *args, **kwargs)
    guarded.__wrapped__ = original  # type: ignore[attr-defined]
    return guarded


def install(*, allow_loopback: bool = True) -> None:
    """Turn the guard on in this process (idempotent; a later call only changes the policy)."""
    state = _state()
    if not state.originals:
        cls = socket.socket
        state.originals = {
            "connect": cls.connect, "connect_ex": cls.connect_ex, "sendto": cls.sendto, "sendmsg": cls.sendmsg,
            "getaddrinfo": socket.getaddrinfo, "gethostbyname": socket.gethostbyname,
            "gethostbyname_ex": socket.gethostbyname_ex, "create_connection": socket.create_connection,
        }
        cls.connect = _guard_connect(state.originals["connect"], "connect")  # type: ignore[method-assign]
        cls.connect_ex = _guard_connect(state.originals["connect_ex"], "connect_ex")  # type: ignore[method-assign]
        cls.sendto = _guard_sendto(state.originals["sendto"])  # type: ignore[method-assign]
        cls.sendmsg = _guard_sendmsg(state.originals["sendmsg"])  # type: ignore[method-assign]
        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
            setattr(socket, name, _guard_lookup(state.originals[name], name))
        socket.create_connection = _guard_create_connection(state.originals["create_connection"])
    state.active = True
    state.allow_loopback = allow_loopback


def set_loopback(allowed: bool) -> bool:
    """Allow or refuse loopback connections; returns the previous setting."""
    state = _state()
    previous, state.allow_loopback = state.allow_loopback, allowed
    return previous


def is_active() -> bool:
    return _state().active


def child_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment whose Python processes start with the guard on (loopback allowed)."""
    env = dict(os.environ if env is None else env)
    env[ENV_VAR] = "1"
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(SITE_DIR) not in paths:
        env["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR), *paths])
    return env


def activate_from_environment() -> bool:
    """Install the guard when ``METAEXPOSURE_NO_NETWORK`` is set to 1/true/yes; used by sitecustomize."""
    if os.environ.get(ENV_VAR, "").strip().lower() in ("1", "true", "yes", "on"):
        # Children keep loopback: Jupyter servers and kernels talk to each other over it.
        install(allow_loopback=True)
        return True
    return False
