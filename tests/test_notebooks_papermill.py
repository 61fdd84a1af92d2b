"""Every curated notebook runs with papermill on another export than the bundled sample.

The other export is made in tmp_path from the 2021 samples: the Facebook one as a zip (as Meta
delivers it), the Instagram one as a folder, both under names that are not the sample's, so the
notebooks treat them as somebody's own export. Notebook 06 gets a before/after pair: a copy of the
2021 Facebook export and a cleaned-up variant of it.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

import metaexposure as me
from metaexposure.samples.variants import write_cleanup_variant

papermill = pytest.importorskip("papermill")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FACEBOOK, INSTAGRAM = me.sample_paths("facebook-2021")[0], me.sample_paths("instagram-2021")[0]


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.fixture(scope="module")
def other_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Paths of an export that is not the sample, and a before/after pair for notebook 06."""
    base = tmp_path_factory.mktemp("other-export")
    facebook = zip_folder(FACEBOOK, base / "facebook-export-part1.zip")
    instagram = shutil.copytree(INSTAGRAM, base / "instagram-export")
    before = shutil.copytree(FACEBOOK, base / "before-cleanup")
    after = base / "after-cleanup"
    write_cleanup_variant(before, after, delete=6, seed=1)
    return {"export": [str(facebook), str(instagram)], "before": [str(before)], "after": [str(after)]}


def snapshot(exports: dict[str, list[str]]) -> list[tuple[str, int, int]]:
    """Every file of every export with its size and modification time."""
    files = [f for paths in exports.values() for p in map(Path, paths) for f in [p, *p.rglob("*")]]
    return sorted((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


def outputs_text(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts += ["".join(v) if isinstance(v, list) else str(v) for k, v in out.get("data", {}).items()
                      if k.startswith("text/")]
    return "\n".join(parts)


def run(notebook: Path, tmp_path: Path, parameters: dict) -> dict:
    output = tmp_path / notebook.name
    papermill.execute_notebook(str(notebook), str(output), parameters=parameters, cwd=str(tmp_path),
                               kernel_name="python3", progress_bar=False, log_output=False)
    return json.loads(output.read_text(encoding="utf-8"))


def decisions(work: Path) -> tuple[int, int, int]:
    """Flags, album labels and group labels in the review store of the work folder (0s when there is none)."""
    store = work / "metaexposure-review.sqlite"
    if not store.exists():
        return 0, 0, 0
    review = me.Review.open(store, read_only=True)
    try:
        return len(review.flags), len(review.album_labels), len(review.group_labels)
    finally:
        review.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_another_export(notebook: Path, tmp_path: Path, other_export: dict,
                                         monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("METAEXPOSURE_EXPORT", raising=False)
    work = tmp_path / "work"
    if notebook.name.startswith("06"):
        parameters = {"before": other_export["before"], "export": other_export["after"], "work": str(work)}
    else:
        parameters = {"export": other_export["export"], "work": str(work)}
    untouched = snapshot(other_export)
    with caplog.at_level("WARNING", logger="papermill"):
        nb = run(notebook, tmp_path, parameters)
    unknown = [r.getMessage() for r in caplog.records if "unknown parameter" in r.getMessage()]
    assert not unknown, f"a batch run's parameters do not fit this notebook: {unknown}"
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1, "papermill found no parameters cell"
    text = outputs_text(nb)
    assert "data/samples/" not in text, "the notebook opened the bundled sample instead of the given export"
    assert not list(tmp_path.glob("metaexposure-review.*")), "wrote beside the notebook, not into work/"
    if notebook.name.startswith(("04", "05")):
        assert any(work.rglob("*")), "nothing was written into the work folder"
    # Run All on somebody's own export decides nothing: no label, no flag, no worklist unless asked (issue 16)
    assert decisions(work) == (0, 0, 0), "a notebook saved decisions nobody asked for"
    assert not (work / "worklist").exists(), "a worklist was written without write_worklist = True"
    assert not (work / "sample").exists(), "the sample's review store was opened for another export"
    assert snapshot(other_export) == untouched, "a file inside an export changed"


def test_decisions_are_made_when_asked(tmp_path: Path, other_export: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """apply_labels, apply_rule and write_worklist do what they say on somebody's own export."""
    monkeypatch.delenv("METAEXPOSURE_EXPORT", raising=False)
    work = tmp_path / "work"
    album = me.load(*other_export["export"]).albums.query("platform == 'facebook' and album != ''")["album"].iloc[0]
    nb = run(NOTEBOOKS[2], tmp_path, {"export": other_export["export"], "work": str(work),
                                      "album_labels": {f"facebook/{album}": "public"}, "apply_labels": True})
    assert "Saved 1 album label in " in outputs_text(nb)
    assert decisions(work) == (0, 1, 0)
    nb = run(NOTEBOOKS[3], tmp_path, {"export": other_export["export"], "work": str(work),
                                      "apply_rule": True, "write_worklist": True})
    flags = decisions(work)[0]
    assert flags > 0 and f"Flagged {flags} item" in outputs_text(nb)
    assert sorted(p.name for p in (work / "worklist").iterdir()) == ["worklist.csv", "worklist.md"]


def test_a_bad_export_path_is_a_short_message_naming_the_parameters_cell(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METAEXPOSURE_EXPORT", raising=False)
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        run(NOTEBOOKS[0], tmp_path, {"export": [str(tmp_path / "facebook-you.zip")]})
    shown = "\n".join(raised.value.traceback)
    assert raised.value.ename == "ExportError" and "facebook-you.zip: does not exist" in shown
    assert "`export = ...` in this notebook's parameters cell" in shown
    assert "contextlib" not in shown and "archive.py" not in shown and len(raised.value.traceback) <= 4


def test_environment_variable_picks_the_export(tmp_path: Path, other_export: dict,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """METAEXPOSURE_EXPORT (os.pathsep-separated) replaces the sample when no parameter is given."""
    monkeypatch.setenv("METAEXPOSURE_EXPORT", os.pathsep.join(other_export["export"]))
    nb = run(NOTEBOOKS[0], tmp_path, {})
    text = outputs_text(nb)
    assert "facebook-export-part1.zip" in text and "instagram-export" in text
    assert "data/samples/" not in text
