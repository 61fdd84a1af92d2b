"""``make lab`` runs JupyterLab and its notebook kernels under the no-network guard (issue 14).

The test takes the exact command ``make lab`` would run (``make -n``), strips the guard this test suite hands
to every child process, starts JupyterLab with only what the Makefile sets, opens a kernel through the
server's REST API and runs code in it: a connection beyond this machine must be refused by the guard while
the kernel works, and the notebook ``make lab`` opens must be served. If the Makefile's lab recipe ever loses
the guard, the kernel's connection attempt fails some other way (or succeeds) and this test fails.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from metaexposure import _netguard

ROOT = Path(__file__).resolve().parents[1]
# TEST-NET-1 (RFC 5737): never routed, so even a kernel without the guard reaches no one.
PROBE = """
import socket
try:
    socket.create_connection(("192.0.2.1", 80), timeout=3)
    print("CONNECTED")
except OSError as exc:
    print(type(exc).__name__)
print("works", 6 * 7)
"""
START_TIMEOUT = 120.0


def lab_recipe() -> tuple[dict[str, str], list[str]]:
    """The environment assignments and the command of ``make lab``, as make would run them."""
    # -n: print, run nothing; -o: whether or not the venv is up to date, print only the lab recipe. Without
    # the flags of a `make test` this runs in, so its -n, -k or jobserver do not leak into this make.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    shown = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed-stamp", "lab"],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60).stdout
    commands = [c for c in shown.replace("\\\n", " ").splitlines() if "jupyter" in c]
    assert len(commands) == 1, shown
    words = shlex.split(commands[0])
    env = {}
    while words and "=" in words[0] and not words[0].startswith("-"):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def unguarded_environment() -> dict[str, str]:
    """This process's environment without the guard conftest.py hands to children."""
    env = dict(os.environ)
    env.pop(_netguard.ENV_VAR, None)
    paths = [p for p in env.pop("PYTHONPATH", "").split(os.pathsep) if p and Path(p) != _netguard.SITE_DIR]
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base: str, token: str, path: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return response.status, json.loads(raw) if raw else {}


@contextmanager
def make_lab(tmp: Path) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab started exactly as ``make lab`` starts it, plus headless flags; yields (base, token, runtime)."""
    recipe_env, command = lab_recipe()
    port, token, runtime = free_port(), os.urandom(16).hex(), tmp / "runtime"
    env = {**unguarded_environment(), **recipe_env, "JUPYTER_RUNTIME_DIR": str(runtime),
           # The user's own Jupyter settings stay out of it, and Lab writes no workspace into their home.
           "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    log = (tmp / "lab.log").open("wb")
    server = subprocess.Popen([*command, "--no-browser", f"--port={port}", "--port-retries=0",
                               f"--IdentityProvider.token={token}"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, (tmp / "lab.log").read_text(errors="replace")[-3000:]
            try:
                api(base, token, "/api/status")
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not answer"
                time.sleep(0.5)
        yield base, token, runtime
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the server's own group: it and the kernels it started
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(30)
        log.close()


def run_in_kernel(runtime: Path, kernel_id: str, code: str) -> str:
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient(connection_file=str(runtime / f"kernel-{kernel_id}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=START_TIMEOUT)
        out: list[str] = []
        reply = client.execute_interactive(code, timeout=60, output_hook=lambda msg: out.append(
            msg["content"].get("text", "") if msg["msg_type"] == "stream" else ""))
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(out)
    finally:
        client.stop_channels()


def test_the_lab_recipe_sets_the_guard_for_jupyterlab_and_its_kernels():
    env, command = lab_recipe()
    assert env.get(_netguard.ENV_VAR) == "1"
    assert str(_netguard.SITE_DIR) in env.get("PYTHONPATH", "").split(os.pathsep)
    assert Path(command[0]).name == "jupyter" and command[1] == "lab"
    # What the README's first screen promises: Lab on loopback, opening notebook 01.
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--LabApp.default_url=/lab/tree/01-load-your-export.ipynb" in command


@pytest.mark.loopback
def test_a_kernel_of_make_lab_cannot_reach_the_network_and_still_works(tmp_path):
    with make_lab(tmp_path) as (base, token, runtime):
        assert api(base, token, "/api/contents/01-load-your-export.ipynb?content=0")[0] == 200
        status, kernel = api(base, token, "/api/kernels", "POST", {"name": "python3"})
        assert status == 201
        output = run_in_kernel(runtime, kernel["id"], PROBE)
        api(base, token, f"/api/kernels/{kernel['id']}", "DELETE")
    assert output.split() == ["NetworkBlockedError", "works", "42"], output
