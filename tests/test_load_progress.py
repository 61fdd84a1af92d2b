"""load(progress=...): a bar for long loads, in a terminal and in Jupyter; quiet by default on small exports."""

from __future__ import annotations

import metaexposure as me
from metaexposure import api


def test_small_loads_are_quiet_by_default(capsys):
    me.load(*me.sample_paths())
    assert capsys.readouterr().err == ""


def test_progress_bar_counts_the_json_read_and_ends_at_100(capsys):
    ex = me.load(*me.sample_paths(), progress=True)
    err = capsys.readouterr().err
    assert "Reading the export" in err and "100%" in err
    assert len(ex.items) == me.load(*me.sample_paths()).stats["loaded"]
    assert all("read_raw" not in vars(tree) for tree in ex.trees.values()), "the counting hook stays behind"


def test_large_exports_show_the_bar_unless_told_not_to(capsys, monkeypatch):
    monkeypatch.setattr(api, "PROGRESS_BYTES", 1)
    me.load(*me.sample_paths())
    assert "Reading the export" in capsys.readouterr().err
    me.load(*me.sample_paths(), progress=False)
    assert capsys.readouterr().err == ""
