"""Run a notebook in a real JupyterLab in headless Chromium and report what a person would see.

``run_notebook_in_lab(path)`` starts JupyterLab on a free 127.0.0.1 port with a random token
(root: the notebook's folder), opens the notebook through Playwright driving Debian's
``/usr/bin/chromium`` (never a downloaded browser), clears saved outputs, runs all cells, waits
for the kernel and the widgets, counts error outputs and "Error displaying widget", optionally
clicks buttons, and screenshots every viewport page. The server and its kernels are stopped by
pid. Reusable for any notebook; ``browser_missing()`` says why a run is impossible here.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .labjs import JS_COLLECT, JS_SCROLL_NEXT, JS_STATE

CHROMIUM = os.environ.get("METAEXPOSURE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
# Throw-away Lab settings: the user's own ~/.jupyter/lab settings stay out, no news or update
# toasts cover the notebook, and every cell stays in the DOM (windowing off) so counts are complete.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
# ``run_notebook_in_lab(..., settings=DARK)``: the same notebook in JupyterLab Dark
DARK = {"@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": "JupyterLab Dark"}}


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (no Chromium, no playwright), or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright; no `playwright install`)"
    return None


def write_notebook(path: Path, cells: Sequence[str]) -> Path:
    """Write a notebook of code cells (a cell starting with '#md ' becomes markdown)."""
    nb_cells = [{"cell_type": "markdown", "metadata": {}, "source": c[4:]} if c.startswith("#md ") else
                {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                for c in cells]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": nb_cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    path.write_text(json.dumps(notebook, indent=1))
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat(pid: int | str) -> list[str]:
    # fields after the command name: [0] state, [1] ppid, ..., [19] start time
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _descendants(pid: int) -> set[tuple[int, str]]:
    """(pid, start time) of every process below ``pid``; the start time guards against pid reuse."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = _stat(entry)
                children.setdefault(int(fields[1]), []).append((int(entry), fields[19]))
            except (OSError, ValueError, IndexError):
                continue
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child[0])
    return found


def _kill_if_same(pid: int, started: str) -> None:
    try:
        if _stat(pid)[19] == started:
            os.kill(pid, signal.SIGKILL)
    except (OSError, IndexError):
        pass  # already gone


class LabServer:
    """A JupyterLab server on a free loopback port with a random token, stopped by pid."""

    def __init__(self, root: Path, tmp: Path, python: str = sys.executable,
                 env: Mapping[str, str] | None = None, settings: Mapping[str, Any] | None = None) -> None:
        self.root, self.tmp, self.python, self.env = root, tmp, python, dict(env or {})
        self.settings = {**LAB_SETTINGS, **(settings or {})}
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.children: set[tuple[int, str]] = set()
        self.log = tmp / "jupyter_server.log"

    def _get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.base}{path}?token={self.token}", timeout=3) as response:
                return response.status
        except OSError:
            return 0

    def start(self, timeout: float = 90) -> None:
        settings = self.tmp / "settings"
        for name, content in self.settings.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(content))
        cmd = [self.python, "-m", "jupyterlab", "--no-browser", f"--port={self.port}", "--port-retries=0",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
               f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
               "--ServerApp.terminals_enabled=False", "--LabApp.extension_manager=readonly"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")  # Lab refuses root otherwise; CI containers run as root
        env = {**os.environ, **self.env, "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"), "PYTHONUNBUFFERED": "1"}
        env.pop("MPLBACKEND", None)  # Agg would turn inline figures into "<Figure ...>" text
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}: {self.log_tail()}")
            if self._get("/api/status") == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer within {timeout:.0f}s: {self.log_tail()}")

    def log_tail(self, lines: int = 5) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return " | ".join([line for line in text.splitlines() if line.strip()][-lines:])

    def remember_children(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.children |= _descendants(self.proc.pid)

    def stop(self) -> None:
        if not self.proc:
            return
        self.remember_children()
        if self.proc.poll() is None:
            try:  # the graceful way also shuts the kernels down
                request = urllib.request.Request(f"{self.base}/api/shutdown?token={self.token}", data=b"",
                                                 method="POST")
                urllib.request.urlopen(request, timeout=5).read()
                self.proc.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    if self.proc.poll() is None:
                        os.kill(self.proc.pid, sig)
                        try:
                            self.proc.wait(timeout=8)
                        except subprocess.TimeoutExpired:
                            continue
        for pid, started in sorted(self.children):  # kernels that outlived the server, by pid only
            _kill_if_same(pid, started)


class _Session:
    """One browser page on one notebook."""

    def __init__(self, page: Any, notebook: str, shots: Path | None, prefix: str) -> None:
        self.page, self.notebook, self.shots, self.prefix = page, notebook, shots, prefix
        self.dialogs: list[str] = []
        self.files: list[str] = []

    def state(self) -> dict[str, Any]:
        return self.page.evaluate(JS_STATE, self.notebook) or {}

    def collect(self) -> dict[str, Any]:
        return self.page.evaluate(JS_COLLECT, self.notebook)

    def wait(self, done: Callable[[dict[str, Any]], bool], timeout: float, stable: int = 3) -> tuple[bool, dict]:
        deadline, in_row, state = time.time() + timeout, 0, {}
        while time.time() < deadline:
            self.accept_dialogs()
            state = self.state()
            if set(state.get("statuses_seen") or ()) & {"dead", "autorestarting", "restarting"}:
                return False, state
            in_row = in_row + 1 if done(state) else 0
            if in_row >= stable:
                return True, state
            time.sleep(0.3)
        return False, state

    def accept_dialogs(self) -> None:
        dialog = self.page.locator(".jp-Dialog")
        if dialog.count():  # "Select Kernel" and the like: take the default
            self.dialogs.append(dialog.first.inner_text()[:200].replace("\n", " "))
            button = self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
            if button.count():
                button.first.click()
            else:
                self.page.keyboard.press("Enter")

    def settle(self, timeout: float) -> dict[str, Any]:
        deadline = time.time() + timeout
        counts = self.collect()
        while time.time() < deadline and (counts["widgets_loading"] or counts["images_pending"]):
            time.sleep(0.3)
            counts = self.collect()
        time.sleep(0.8)
        return self.collect()

    def screenshots(self, name: str) -> list[str]:
        if self.shots is None:
            return []
        files = []
        self.page.evaluate(JS_SCROLL_NEXT, [self.notebook, True])
        for i in range(1, 31):
            time.sleep(0.4)
            path = self.shots / f"{self.prefix}{name}_{i:02d}.png"
            self.page.screenshot(path=str(path))
            files.append(str(path))
            if self.page.evaluate(JS_SCROLL_NEXT, [self.notebook, False]):
                break
        self.page.evaluate(JS_SCROLL_NEXT, [self.notebook, True])
        self.files += files
        return files

    def click(self, target: str, timeout: float) -> dict[str, Any]:
        """One step: a button's text or a ``css=`` selector to click (``shift+`` first: with Shift held),
        ``key=ArrowRight`` to press a key where the focus is, ``choose=<css of a select>|<option label>``
        to pick an option, or ``wait=3`` to let seconds pass untouched (a timer's work)."""
        panel = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        result: dict[str, Any] = {"target": target, "found": True}
        if target.startswith(("key=", "wait=", "choose=")):
            kind, _, what = target.partition("=")
            if kind == "key":
                self.page.keyboard.press(what)
            elif kind == "wait":
                time.sleep(float(what))
            else:
                css, _, label = what.rpartition("|")
                select = panel.locator(css)
                result["found"] = select.count() > 0
                if not result["found"]:
                    return result
                select.first.select_option(label=label)
            return self._after(result, timeout)
        modifiers = ["Shift"] if target.startswith("shift+") else []
        target = target.removeprefix("shift+")
        if target.startswith("css="):
            found = panel.locator(target[4:])
        else:
            found = panel.get_by_role("button", name=target, exact=True)
            if found.count() == 0:
                # an icon's CSS ::before glyph joins the accessible name ("\uf00c Select"); match the text
                exact = re.compile(rf"^\s*{re.escape(target)}\s*$")
                found = panel.locator("button").filter(has_text=exact)
        result["found"] = found.count() > 0
        if not result["found"]:
            return result
        found.first.scroll_into_view_if_needed()
        if found.first.is_disabled():  # Playwright would wait 30 s for it to be enabled, then fail the run
            result["disabled"] = True
            return self._after(result, timeout)
        found.first.click(modifiers=modifiers)
        return self._after(result, timeout)

    def _after(self, result: dict[str, Any], timeout: float) -> dict[str, Any]:
        time.sleep(0.5)  # the comm message makes the kernel busy shortly after the click
        result["kernel_idle"], _ = self.wait(lambda s: s.get("kernel_status") == "idle", timeout)
        result["counts"] = self.settle(15)
        return result


def problems_of(result: dict[str, Any]) -> list[str]:
    """What a person would call broken, from a run's result."""
    problems = [result["harness_error"]] if result.get("harness_error") else []
    if result.get("kernel_died"):
        problems.append("the kernel died during Run All")
    elif result.get("run_finished") is False:
        problems.append("Run All did not finish")
    if result.get("executed", 0) < result.get("nonempty_code_cells", 0):
        problems.append(f"{result['nonempty_code_cells'] - result['executed']} code cell(s) not executed")
    steps = [("run all", result.get("counts"))] + [(f"after clicking {c['target']!r}", c.get("counts"))
                                                   for c in result.get("clicks", [])]
    for label, counts in steps:
        if not counts:
            continue
        errors = max(counts["error_outputs"], result.get("model_errors", 0) if label == "run all" else 0)
        if errors:
            problems.append(f"{label}: {errors} error output(s): {counts['error_texts']}")
        for key, what in (("widgets_error", "'Error displaying widget'"),
                          ("widgets_loading", "widget(s) stuck at 'Loading widget...'"),
                          ("widgets_as_text", "widget(s) shown as text (widget manager missing?)"),
                          ("images_broken", "broken image(s)")):
            if counts.get(key):
                problems.append(f"{label}: {counts[key]} {what}")
    problems += [f"{c['target']!r} not found" for c in result.get("clicks", []) if not c["found"]]
    problems += [f"{c['target']!r} is disabled: not clicked" for c in result.get("clicks", []) if c.get("disabled")]
    problems += [f"page error: {e}" for e in result.get("page_errors", [])]
    problems += [f"JavaScript dialog opened: {d}" for d in result.get("js_dialogs", [])]
    return problems


def run_notebook_in_lab(notebook_path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None,
                        click: Sequence[str] | None = None, screenshots_dir: str | os.PathLike[str] | None = None,
                        prefix: str = "", python: str = sys.executable, timeout: float = 240,
                        viewport: tuple[int, int] = (1400, 1000),
                        env: Mapping[str, str] | None = None, click_screenshots: bool = True,
                        probe: str | None = None, probe_arg: Any = None,
                        settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Open a notebook in JupyterLab, Run All, click ``click`` (button texts or ``css=`` selectors).

    ``env`` adds environment variables for the server and its kernels (e.g. XDG_CACHE_HOME); ``settings``
    adds Lab settings files (``DARK``: the JupyterLab Dark theme). ``click`` steps: see ``_Session.click``.
    Returns counts of cells, error outputs and widget states after the run and after each click,
    ``problems`` (empty when a person would see nothing wrong), ``ok`` and the screenshot files.
    ``click_screenshots=False`` screenshots only after the last click (a long click list stays fast).
    ``probe`` is JavaScript (a function of ``probe_arg``) evaluated in the page after Run All
    (``result["probe_run_all"]``), after each click (``clicks[i]["probe"]``) and at the very end
    (``result["probe"]``). Every JavaScript dialog (alert, confirm, prompt) is dismissed and listed in
    ``js_dialogs``; every request the page made beyond the Lab server is listed in ``external_requests``.
    """
    notebook = Path(notebook_path).resolve()
    root_dir = Path(root).resolve() if root else notebook.parent
    rel = notebook.relative_to(root_dir).as_posix()
    shots = Path(screenshots_dir) if screenshots_dir else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        for pattern in ("run_all_*.png", "after_click*_*.png"):  # only the names this harness writes
            for old in shots.glob(f"{prefix}{pattern}"):
                old.unlink()
    tmp = Path(tempfile.mkdtemp(prefix="metaexposure-lab-"))
    server = LabServer(root_dir, tmp, python, env, settings)
    result: dict[str, Any] = {"notebook": rel, "root": str(root_dir)}
    try:
        server.start()
        result.update(_drive(server, rel, click or (), shots, prefix, timeout, viewport, click_screenshots,
                             probe, probe_arg))
    except Exception as exc:  # noqa: BLE001 - reported as a problem, with the server log
        result["harness_error"] = f"{type(exc).__name__}: {exc} (server log: {server.log_tail()})"
    finally:
        server.stop()
        if shots and server.log.exists():
            shutil.copy(server.log, shots / f"{prefix}jupyter_server.log")
        shutil.rmtree(tmp, ignore_errors=True)
    result["problems"] = problems_of(result)
    result["ok"] = not result["problems"]
    return result


def _drive(server: LabServer, rel: str, click: Sequence[str], shots: Path | None, prefix: str,
           timeout: float, viewport: tuple[int, int], click_screenshots: bool = True,
           probe: str | None = None, probe_arg: Any = None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"console_errors": [], "page_errors": [], "js_dialogs": [], "external_requests": []}

    def on_dialog(dialog: Any) -> None:
        # a page that opens alert() ran code nobody wrote into it; dismissing keeps the page going
        out["js_dialogs"].append(f"{dialog.type}: {dialog.message[:200]}")
        dialog.dismiss()

    def on_request(request: Any) -> None:
        # everything the page asks of anyone but the Lab server (data: and blob: URLs never leave the page)
        if not request.url.startswith((server.base + "/", "data:", "blob:")):
            out["external_requests"].append(request.url[:300])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.set_default_timeout(30000)
            page.on("console", lambda m: out["console_errors"].append(m.text[:300]) if m.type == "error" else None)
            page.on("pageerror", lambda e: out["page_errors"].append(str(e)[:300]))
            page.on("dialog", on_dialog)
            page.on("request", on_request)
            session = _Session(page, rel, shots, prefix)
            page.goto(f"{server.base}/lab/tree/{urllib.parse.quote(rel)}?token={server.token}&reset",
                      wait_until="domcontentloaded", timeout=60000)
            ready, state = session.wait(lambda s: bool(s.get("ready") and s.get("kernel_status") == "idle"),
                                        timeout, stable=2)
            if not ready:
                raise RuntimeError(f"notebook or kernel never became ready: {state}")
            page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
            # saved outputs would look like fresh results: clear them (the file is never saved)
            page.evaluate("async () => { await window.jupyterapp.commands.execute("
                          "'notebook:clear-all-cell-outputs'); "
                          "await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            finished, state = session.wait(
                lambda s: s.get("kernel_status") == "idle" and s.get("pending") == 0
                and (s.get("executed", 0) >= s.get("nonempty_code_cells", 0) or s.get("model_errors", 0) > 0),
                timeout)
            server.remember_children()
            out["run_finished"] = finished
            out["kernel_died"] = bool(set(state.get("statuses_seen") or ()) & {"dead", "autorestarting"})
            for key in ("executed", "nonempty_code_cells", "model_errors"):
                out[key] = state.get(key, 0)
            out["counts"] = session.settle(30)
            if probe is not None:
                out["probe_run_all"] = page.evaluate(probe, probe_arg)
            out["screenshots"] = session.screenshots("run_all")
            out["clicks"] = []
            for i, target in enumerate(click, 1):
                step = session.click(target, timeout)
                if probe is not None:  # what a click shows may be gone after the next one
                    step["probe"] = page.evaluate(probe, probe_arg)
                last = i == len(click)
                step["screenshots"] = session.screenshots(f"after_click{i}") if click_screenshots or last else []
                out["clicks"].append(step)
            out["dialogs"] = session.dialogs
            if probe is not None:
                time.sleep(0.5)  # a fetch started by the last render is in flight; let it be seen
                out["probe"] = page.evaluate(probe, probe_arg)
        finally:
            browser.close()
    return out
