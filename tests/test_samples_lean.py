"""The lean-record generator (issue 19): exact counts, no problems, fewer bytes per item, the same bytes each run."""

from __future__ import annotations

from pathlib import Path

import metaexposure as me
from metaexposure.samples.large import write_large_export
from metaexposure.samples.lean import write_lean_export


def _json_bytes(paths: list[Path]) -> int:
    return sum(file.stat().st_size for path in paths for file in path.rglob("*.json"))


def test_counts_are_exact_and_the_load_is_clean(tmp_path):
    paths = write_lean_export(tmp_path / "lean", media=3_000, posts=500)
    ex = me.load(*paths)
    assert ex.problems.empty, ex.problems.to_dict("records")
    assert len(ex.items) == 3_500 and (ex.items["kind"] == "post").sum() == 500
    assert ex.stats["seen"] == ex.stats["loaded"]


def test_records_are_lean_and_the_bytes_repeat(tmp_path):
    lean = write_lean_export(tmp_path / "a", media=3_000, posts=500)
    again = write_lean_export(tmp_path / "b", media=3_000, posts=500)
    large = write_large_export(tmp_path / "large", media=3_000, posts=500)
    assert _json_bytes(lean) * 2 < _json_bytes(large)
    for one, two in zip(lean, again, strict=True):
        files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
        assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
