"""No network, ever; nothing written into an export. These tests prove the guards themselves work."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import metaexposure as me
from metaexposure import _netguard
from metaexposure.review import Review
from tests import fbtrees

# TEST-NET-1 (RFC 5737): never routed, so even a guard that failed could not reach anyone.
UNROUTED = ("192.0.2.1", 80)
WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"


def test_a_connection_is_refused_at_once_before_anything_is_sent():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)  # a real connect would return EINPROGRESS with its SYN already sent
    start = time.monotonic()
    with sock:
        with pytest.raises(_netguard.NetworkBlockedError, match=r"no-network guard.*192\.0\.2\.1"):
            sock.connect(UNROUTED)
        assert time.monotonic() - start < 0.05
        with pytest.raises(OSError) as info:
            sock.getpeername()  # never connected, not even half-way
        assert info.value.errno == errno.ENOTCONN


@pytest.mark.parametrize("attempt", [
    lambda: socket.socket().connect_ex(UNROUTED),
    lambda: socket.create_connection(UNROUTED, timeout=5),
    lambda: socket.create_connection(("2001:db8::1", 80)),  # IPv6 documentation range; no IPv6 socket needed
    lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
    lambda: socket.getaddrinfo("example.com", 443),  # a DNS query would leak the name
    lambda: socket.gethostbyname("example.com"),
], ids=["connect_ex", "create_connection", "ipv6", "udp_sendto", "getaddrinfo", "gethostbyname"])
def test_every_way_out_is_blocked(attempt):
    with pytest.raises(_netguard.NetworkBlockedError):
        attempt()


def test_libraries_see_an_ordinary_os_error():
    # urllib (and requests, tornado, ...) turn an OSError into their own error: no crash, no traffic.
    with pytest.raises(urllib.error.URLError, match="no-network guard"):
        urllib.request.urlopen("http://example.com/", timeout=5)


def _listener() -> socket.socket:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    return server


def test_loopback_is_refused_unless_the_test_is_marked():
    with _listener() as server, pytest.raises(_netguard.NetworkBlockedError):
        socket.create_connection(server.getsockname(), timeout=5)


@pytest.mark.loopback
def test_loopback_is_allowed_when_the_test_is_marked():
    with _listener() as server, socket.create_connection(server.getsockname(), timeout=5):
        pass
    with pytest.raises(_netguard.NetworkBlockedError):
        socket.create_connection(UNROUTED, timeout=5)


def test_unix_sockets_stay_usable(tmp_path):
    # asyncio's self-pipe and local IPC use these: they never leave the machine.
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen(1)
        client.connect(path)


PROBE = """
import socket
try:
    socket.create_connection(("192.0.2.1", 80), timeout=5)
    print("CONNECTED")
except OSError as exc:
    print(type(exc).__name__)
"""


def test_child_python_processes_inherit_the_guard():
    assert os.environ[_netguard.ENV_VAR] == "1"
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60,
                            cwd="/")  # another folder: the guard must not depend on the working directory
    assert result.stdout.strip() == "NetworkBlockedError", result.stderr


def test_notebook_kernels_inherit_the_guard(tmp_path):
    """A kernel started the way nbval and papermill start one cannot connect beyond loopback."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=60,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    output = "".join(o.get("text", "") for o in notebook.cells[0].outputs)
    assert output.strip() == "NetworkBlockedError"


def _snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    return {str(p.relative_to(root)): (p.lstat().st_mtime_ns, p.lstat().st_mode, p.read_bytes() if p.is_file()
                                       else b"") for p in sorted(root.rglob("*"))}


def _read_only(root: Path) -> None:
    for path in [*root.rglob("*"), root]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _writable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_read_only_export_loads_and_is_left_byte_and_mtime_identical(tmp_path):
    folder = fbtrees.era_2024(tmp_path / "export" / WRAPPER)
    archive = fbtrees.zip_folder(folder, tmp_path / "export" / f"{WRAPPER}.zip", prefix=f"{WRAPPER}/")
    expected = me.load(folder)
    root = tmp_path / "export"
    _read_only(root)  # chmod -R a-w: any attempt to write (a cache, an index, a .bak) would fail
    try:
        before = _snapshot(root)
        from_folder, from_zip = me.load(folder), me.load(archive)
        assert from_folder.media_bytes(from_folder.items.uri[from_folder.items.has_file].iloc[0])
        assert _snapshot(root) == before
    finally:
        _writable(root)
    assert len(from_folder.items) == len(from_zip.items) == len(expected.items) == 14


def test_the_guard_is_on_for_this_whole_suite():
    assert _netguard.is_active()
    assert str(_netguard.SITE_DIR) in os.environ["PYTHONPATH"].split(os.pathsep)


@pytest.mark.parametrize("where", ["export root", "deep inside"])
def test_the_review_file_is_refused_inside_an_export(tmp_path, where):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    before = _snapshot(folder)
    review = {"export root": folder / "metaexposure-review.json",
              "deep inside": folder / "your_facebook_activity" / "posts" / "my-review.json"}[where]
    with pytest.raises(me.ReviewFileError, match="inside the export folder.*never writes into an export"):
        me.load(folder, review=review)
    with pytest.raises(me.ReviewFileError, match="inside the export folder"):
        Review.open(review)  # even without the export's path, its layout gives it away
    assert _snapshot(folder) == before


def test_a_review_beside_a_read_only_export_works(tmp_path):
    folder = fbtrees.era_2024(tmp_path / "export" / WRAPPER)
    _read_only(tmp_path / "export")
    try:
        before = _snapshot(tmp_path / "export")
        # Beside the export, not in it: the folder that holds the export is fine.
        ex = me.load(folder, review=tmp_path / "export" / ".." / "work" / "metaexposure-review.sqlite")
        ex.review.flag(ex.items.item_id.iloc[0], "delete", items=ex)
        assert _snapshot(tmp_path / "export") == before
    finally:
        _writable(tmp_path / "export")
    assert (tmp_path / "work" / "metaexposure-review.sqlite").exists()
