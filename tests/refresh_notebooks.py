"""Re-run the curated notebooks on the bundled sample and save their outputs (notebooks/README.md).

    .venv/bin/python -m tests.refresh_notebooks [01-load-your-export.ipynb ...]

Each notebook runs in a fresh temporary folder (so ``work/`` starts empty, as in a fresh clone),
in order, sharing that folder like a person running them one after the other. METAEXPOSURE_EXPORT
and METAEXPOSURE_WORK are removed from the environment: the outputs come from the sample only.
Widget outputs (their state is not saved, so they would show "Error displaying widget") and run
metadata are dropped.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@contextmanager
def environment(**changes: str | None) -> Iterator[None]:
    """Set (or with None remove) environment variables for the kernels started inside."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def execute(path: Path, cwd: Path, *, parameters: Mapping[str, object] | None = None,
            timeout: int = 300) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook in ``cwd`` with the sample environment; returns it and the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with environment(METAEXPOSURE_EXPORT=None, METAEXPOSURE_WORK=None, MPLBACKEND=None):
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(cwd)}}).execute()
        return nb, time.perf_counter() - start


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop widget outputs, run metadata and machine details before the notebook is committed."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def refresh(names: Sequence[str] = ()) -> dict[str, float]:
    """Re-run the named notebooks (default: all, in order) and save them; returns seconds per notebook."""
    paths = [NOTEBOOKS / n for n in names] if names else sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    took = {}
    cwd = Path(tempfile.mkdtemp(prefix="metaexposure-refresh-"))
    try:
        for path in paths:
            nb, seconds = execute(path, cwd)
            nbformat.write(clean(nb), path)
            took[path.name] = seconds
            print(f"{path.name}: {seconds:.1f} s")
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
    return took


if __name__ == "__main__":
    refresh(sys.argv[1:])
