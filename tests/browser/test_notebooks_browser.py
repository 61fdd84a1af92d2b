"""Every curated notebook in a real JupyterLab in headless Chromium, the way a newcomer runs it.

Opened, saved outputs cleared, Run All: no error output, no warning on stderr, no broken widget, and
at least as many images as the committed run on the sample shows (figures rendered as images, not as
"<Figure size ...>" text). Each notebook runs from its own copy in a temporary folder with an empty
work folder, as in a fresh clone, so the repository is never written. Screenshots go to artifacts/notebooks/
(gitignored): look at them. Skips where no browser exists; under CI=true that fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from metaexposure import _netguard

from .lab import browser_missing, run_notebook_in_lab

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ARTIFACTS = ROOT / "artifacts" / "notebooks"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
# Runs at once: each is a Lab server, a kernel and a Chromium; three keep two cores busy without timeouts.
PARALLEL = 3


@pytest.fixture(scope="module", autouse=True)
def browser_available() -> None:
    reason = browser_missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser test cannot run: {reason}")
    if reason:
        pytest.skip(reason)


def run_in_lab(path: Path, folder: Path) -> dict:
    """Run one notebook from its own copy in ``folder``, its work folder and thumbnail cache there too."""
    folder.mkdir(parents=True)
    shutil.copy(path, folder / path.name)
    prefix = f"{path.stem[:2]}_"
    for old in ARTIFACTS.glob(f"{prefix}*"):
        old.unlink()
    env = {"XDG_CACHE_HOME": str(folder / ".cache"), "METAEXPOSURE_WORK": str(folder / "work")}
    return run_notebook_in_lab(folder / path.name, screenshots_dir=ARTIFACTS, prefix=prefix, env=env, timeout=240)


@pytest.fixture(scope="module")
def lab_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every notebook run in JupyterLab; a few at a time, each with its own server, kernel and browser."""
    base = tmp_path_factory.mktemp("lab")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # this fixture outlives one test, so it opens loopback itself (the tests/conftest.py guard); never beyond
    was = _netguard.set_loopback(True)
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            futures = {p.name: pool.submit(run_in_lab, p, base / p.stem) for p in NOTEBOOKS}
            return {name: future.result() for name, future in futures.items()}
    finally:
        _netguard.set_loopback(was)


def committed_images(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(any(m in out.get("data", {}) for m in IMAGE_MIMES)
               for cell in nb["cells"] for out in cell.get("outputs", []))


def explain(result: dict) -> str:
    keys = ("problems", "counts", "console_errors", "page_errors", "dialogs")
    return json.dumps({k: result.get(k) for k in keys}, indent=1, default=str)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_clean_in_jupyterlab(path: Path, lab_runs: dict[str, dict]) -> None:
    result = lab_runs[path.name]
    assert result["ok"], explain(result)
    counts = result["counts"]
    assert counts["error_outputs"] == 0 and result["model_errors"] == 0, explain(result)
    assert counts["widgets_error"] == counts["widgets_loading"] == counts["widgets_as_text"] == 0, explain(result)
    assert not counts["stderr_texts"], f"warnings a person would stumble over: {counts['stderr_texts']}"
    expected = committed_images(path)
    assert counts["images"] >= expected, f"{counts['images']} images shown, the sample run has {expected}"
    assert result["screenshots"] and all(Path(p).is_file() for p in result["screenshots"])
