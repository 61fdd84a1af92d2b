"""The Explorer in a real JupyterLab in headless Chromium: it renders, and its buttons write the review file.

Skips where no browser exists; under CI=true a missing browser fails instead, so CI cannot pass
without having looked. Screenshots go to artifacts/browser/ (gitignored): look at them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import metaexposure as me
from metaexposure.widgets import Filters, apply_filters

from .lab import browser_missing, run_notebook_in_lab, write_notebook

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"


@pytest.fixture(scope="module", autouse=True)
def browser_available() -> None:
    reason = browser_missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the browser test cannot run: {reason}")
    if reason:
        pytest.skip(reason)


def explain(result: dict) -> str:
    return json.dumps({k: result.get(k) for k in ("problems", "counts", "clicks", "console_errors")}, indent=1)


def test_explorer_renders_and_flags_in_jupyterlab(tmp_path):
    notebook = write_notebook(tmp_path / "explorer.ipynb", [
        "#md # Explorer on the sample",
        "import metaexposure as me\nfrom metaexposure.widgets import Explorer\n\nex = me.load(*me.sample_paths())",
        "explorer = Explorer(ex, review='review.json')\nexplorer",
    ])
    first_box = "css=.mx-tile input[type=checkbox]"
    result = run_notebook_in_lab(notebook, click=[first_box, "Delete", "Keep…", "Confirm"],
                                 screenshots_dir=ARTIFACTS, prefix="explorer_",
                                 env={"XDG_CACHE_HOME": str(tmp_path / "cache")}, viewport=(1400, 1100))
    assert result["ok"], explain(result)
    counts = result["counts"]
    assert counts["widgets_error"] == 0 and counts["error_outputs"] == 0, explain(result)
    assert counts["widget_views"] > 100 and counts["images"] >= 24, explain(result)  # the grid is there
    assert {"Delete", "Make private", "Keep", "Write worklist"} <= set(counts["buttons"])

    ex = me.load(*me.sample_paths())
    newest = apply_filters(ex.items, Filters())["item_id"].iloc[0]
    # the first select box ticked the first tile (the newest item), "Delete" flagged it: the .bak keeps that version,
    # then "Keep…" + "Confirm" flagged everything shown as keep
    after_delete = json.loads((tmp_path / "review.json.bak").read_text())
    assert {k: v["action"] for k, v in after_delete["flags"].items()} == {newest: "delete"}
    final = json.loads((tmp_path / "review.json").read_text())
    assert len(final["flags"]) == len(ex.items) and {f["action"] for f in final["flags"].values()} == {"keep"}
    assert result["screenshots"] and all(Path(p).is_file() for p in result["screenshots"])


def test_harness_sees_broken_widgets_and_errors(tmp_path):
    # the check must be able to fail: a widget whose model does not exist, and a traceback
    notebook = write_notebook(tmp_path / "broken.ipynb", [
        "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'deadbeef', 'version_major': 2, "
        "'version_minor': 0}, 'text/plain': 'fake widget'}, raw=True)",
        "1 / 0",
    ])
    result = run_notebook_in_lab(notebook, click=["No such button"])
    problems = " | ".join(result["problems"])
    assert "Error displaying widget" in problems and "ZeroDivisionError" in problems, problems
    assert "'No such button' not found" in problems
