"""In a notebook, ExportError and ReviewFileError show their message and where the path came from, not a traceback.

Each test runs cells in IPython's own InteractiveShell (what a Jupyter kernel runs, less the messaging): the error
must be a few lines naming the file, the reason and the origin (the parameters cell, METAEXPOSURE_EXPORT, ...),
with no frame of contextlib or archive.py above it; ``%tb`` must still give the full traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import metaexposure as me
from metaexposure import errors, nbhelpers

InteractiveShell = pytest.importorskip("IPython.core.interactiveshell").InteractiveShell
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> Iterator[InteractiveShell]:
    monkeypatch.setattr(errors, "_ORIGINS", {})
    monkeypatch.delenv("METAEXPOSURE_EXPORT", raising=False)
    monkeypatch.delenv("METAEXPOSURE_WORK", raising=False)
    ip = InteractiveShell.instance(colors="nocolor")
    assert errors.install_notebook_errors(ip)
    try:
        yield ip
    finally:
        ip.set_custom_exc((), None)
        InteractiveShell.clear_instance()


def run(ip: InteractiveShell, capsys: pytest.CaptureFixture[str], code: str) -> tuple[object, str]:
    """Run one cell; its result and everything it printed (colours removed)."""
    result = ip.run_cell(code)
    out = capsys.readouterr()
    return result, ANSI.sub("", out.out + out.err)


def test_a_bad_path_from_the_environment_is_a_short_message_naming_the_variable(shell, capsys, tmp_path,
                                                                                 monkeypatch):
    missing = tmp_path / "facebook-you.zip"
    monkeypatch.setenv("METAEXPOSURE_EXPORT", str(missing))
    result, shown = run(shell, capsys, "import metaexposure as me\n"
                                       "from metaexposure.nbhelpers import notebook_paths\n"
                                       "me.load(*notebook_paths(None))")
    assert isinstance(result.error_in_exec, me.ExportError) and not result.success
    assert f"ExportError: {missing}: does not exist" in shown
    assert "METAEXPOSURE_EXPORT environment variable" in shown
    assert "%tb" in shown
    for noise in ("Traceback", "contextlib", "archive.py", "File \""):
        assert noise not in shown, f"{noise!r} shown:\n{shown}"
    assert len(shown.strip().splitlines()) <= 4, shown


def test_tb_still_shows_the_full_traceback(shell, capsys, tmp_path):
    run(shell, capsys, f"import metaexposure as me\nme.load({str(tmp_path / 'gone.zip')!r})")
    _, full = run(shell, capsys, "%tb")
    assert "Traceback" in full and "archive.py" in full and "does not exist" in full


def test_a_path_from_the_parameters_cell_says_so(shell, capsys, tmp_path):
    (tmp_path / "notes.zip").write_text("not a zip")
    shell.user_ns["export"] = [str(tmp_path / "notes.zip")]
    _, shown = run(shell, capsys, "from metaexposure.nbhelpers import notebook_paths\n"
                                  "import metaexposure as me\nme.load(*notebook_paths(export))")
    assert "is not a zip file or a folder" in shown
    assert "`export = ...` in this notebook's parameters cell" in shown
    assert "Traceback" not in shown


def test_a_review_store_that_cannot_be_opened_names_the_work_folder_setting(shell, capsys, tmp_path):
    folder = nbhelpers.work_dir(tmp_path / "work")
    (folder / "metaexposure-review.sqlite").write_bytes(b"this is not a database, " * 100)
    shell.user_ns["folder"] = folder
    result, shown = run(shell, capsys, "import metaexposure as me\n"
                                       "me.Review.open(folder / 'metaexposure-review.sqlite')")
    assert isinstance(result.error_in_exec, me.ReviewFileError)
    assert "ReviewFileError: " in shown and "metaexposure-review.sqlite" in shown
    assert "`work = ...` in this notebook's parameters cell" in shown
    assert "Traceback" not in shown


def test_other_errors_keep_their_traceback(shell, capsys):
    _, shown = run(shell, capsys, "def f():\n    raise ValueError('plain')\nf()")
    assert "Traceback" in shown and "ValueError: plain" in shown and "%tb" not in shown


def test_an_error_without_a_noted_origin_shows_no_origin_line(shell, capsys):
    _, shown = run(shell, capsys, "from metaexposure import ExportError\nraise ExportError('load()', 'no export')")
    assert shown.strip().splitlines()[0] == "ExportError: load(): no export"
    assert "came from" not in shown


def test_installing_is_idempotent_and_leaves_a_foreign_handler_alone():
    ip = InteractiveShell.instance()
    try:
        assert errors.install_notebook_errors(ip) and errors.install_notebook_errors(ip)
        ip.set_custom_exc((KeyError,), lambda *a, **k: None)
        assert not errors.install_notebook_errors(ip)
        assert ip.custom_exceptions == (KeyError,)
    finally:
        ip.set_custom_exc((), None)
        InteractiveShell.clear_instance()
    assert not errors.install_notebook_errors(object())  # not an IPython shell


def test_origins_are_found_for_paths_inside_a_noted_folder_and_the_latest_note_wins(tmp_path, monkeypatch):
    monkeypatch.setattr(errors, "_ORIGINS", {})
    errors.note_origin([tmp_path / "export"], "A")
    assert errors.origin_of(tmp_path / "export" / "part" / "x.json") == "A"
    assert errors.origin_of(tmp_path / "elsewhere") is None
    assert errors.origin_of("") is None
    errors.note_origin([tmp_path / "export"], "B")
    assert me.ExportError(tmp_path / "export", "bad").origin == "B"
    monkeypatch.setattr(errors, "MAX_ORIGINS", 3)
    errors.note_origin([tmp_path / str(i) for i in range(5)], "C")
    assert len(errors._ORIGINS) == 3 and errors.origin_of(tmp_path / "4") == "C"
    assert errors.origin_of(tmp_path / "export") is None  # the oldest notes went first


def test_the_sample_and_the_default_work_folder_are_named_too(tmp_path, monkeypatch):
    monkeypatch.setattr(errors, "_ORIGINS", {})
    monkeypatch.delenv("METAEXPOSURE_WORK", raising=False)
    monkeypatch.chdir(tmp_path)
    sample = nbhelpers.notebook_paths(environ={})
    assert "bundled sample" in me.ExportError(sample[0] / "x.json", "bad").origin
    folder = nbhelpers.work_dir()
    assert "default work folder" in me.ReviewFileError(folder / "r.sqlite", "bad").origin
    before, _ = nbhelpers.cleanup_pair([str(tmp_path / "old.zip")], [str(tmp_path / "new.zip")])
    assert "`before = ...`" in me.ExportError(before[0], "bad").origin
    assert "`export = ...`" in me.ExportError(tmp_path / "new.zip", "bad").origin
