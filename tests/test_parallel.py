"""Parallel load (issue 19): big files parsed in spawned worker processes give exactly the frames of a load
in one process, bad files included; below the threshold no worker starts; workers are under the guard.

The parallel path is forced with a threshold of 0 bytes on small exports: the 1M-item figures are in
benchmarks/, never in timed tests.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import _netguard, parallel
from metaexposure.samples.large import write_large_export

from ._worker_probe import connect, loaded
from .fbtrees import era_2019, era_2024, era_pages_2025, zip_folder
from .hostile import write_hostile_export

FRAMES = ("items", "albums", "account", "problems", "sources", "ai", "apps")


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file a fast path reads goes to a worker, however small the export."""
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "FILE_BYTES", 0)


def _same_load(paths: list[Path], *, from_workers: bool = False) -> me.Export:
    """Load in one process and in parallel; every frame is the same. ``from_workers``: some files must have
    come back from a worker (on a small export the parent may parse them all while the workers start)."""
    single = me.load(*paths, workers=1)
    farms = []
    original = parallel.Farm.close

    def closing(self: parallel.Farm) -> None:
        farms.append(self)
        original(self)

    parallel.Farm.close = closing  # type: ignore[method-assign]
    try:
        twin = me.load(*paths, workers=2)
    finally:
        parallel.Farm.close = original  # type: ignore[method-assign]
    assert farms and farms[0].jobs, "the parallel path was not taken"
    assert not from_workers or farms[0].counts["worker"] > 0, farms[0].counts
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(single, name), getattr(twin, name), obj=name)
    assert single.stats == twin.stats
    assert all(tree.parsed_elsewhere is None for tree in twin.trees.values()), "the hook stays behind"
    return twin


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("large")


def test_the_sample_loads_alike(forced):
    _same_load(me.sample_paths())


def test_fixture_eras_load_alike(forced, tmp_path):
    trees = [era_2024(tmp_path / "a"), era_2019(tmp_path / "b"), era_pages_2025(tmp_path / "c")]
    for tree in trees:
        _same_load([tree])
    _same_load([zip_folder(trees[0], tmp_path / "a.zip")])


def test_a_hostile_export_loads_alike(forced, tmp_path):
    export = write_hostile_export(tmp_path / "hostile", "http://127.0.0.1:9")
    _same_load(list(export.paths))


def test_a_large_export_loads_alike_from_folders_and_a_three_part_download(forced, large):
    folders = write_large_export(large / "folders", media=6_000, posts=1_200)
    ex = _same_load(folders, from_workers=True)
    assert len(ex.items) == 7_200 and ex.problems.empty
    _same_load(write_large_export(large / "parts", media=3_000, posts=600, zipped=True, parts=3))


def test_bad_big_files_become_the_same_problem_rows(forced, tmp_path):
    [facebook] = write_large_export(tmp_path, media=3_000, posts=200, platforms=("facebook",))
    albums = sorted((facebook / "your_facebook_activity/posts/album").glob("*.json"), key=lambda p: p.stat().st_size)
    albums[-1].write_bytes(albums[-1].read_bytes()[:5000])  # cut short: not JSON
    albums[-2].write_bytes(b"[" + b"[]," * 40_000 + b"[]]")  # a record bomb
    # A time in the year 33658: the fast path leaves the file to the tolerant parser, which reports it.
    albums[-3].write_text(albums[-3].read_text().replace('"creation_timestamp": ', '"creation_timestamp": 99', 1))
    ex = _same_load([facebook])
    files = set(ex.problems["file"])
    assert {p.relative_to(facebook).as_posix() for p in albums[-3:]} <= files, ex.problems.to_dict("records")


def test_below_the_threshold_no_worker_starts(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a worker pool was started for a small export")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    ex = me.load(*me.sample_paths())  # workers=None: one per core, above PARALLEL_BYTES only
    assert len(ex.items) > 0


def test_a_pool_that_cannot_start_leaves_the_load_to_this_process(forced, monkeypatch, caplog):
    def refuse(workers: int) -> None:
        raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr(parallel, "spawn_pool", refuse)
    ex = me.load(*me.sample_paths(), workers=2)
    assert len(ex.items) == len(me.load(*me.sample_paths(), workers=1).items)
    assert "could not start worker processes" in caplog.text


def test_the_progress_bar_counts_files_parsed_by_workers(forced, capsys):
    me.load(*me.sample_paths(), progress=True, workers=2)
    err = capsys.readouterr().err
    assert "Reading the export" in err and "100%" in err


def test_workers_are_spawned_and_run_under_the_no_network_guard():
    farm = parallel.Farm([], 1)
    try:
        assert farm.pool._mp_context.get_start_method() == "spawn"
        assert farm.pool.submit(_netguard.is_active).result(timeout=60) is True
        with pytest.raises(PermissionError, match="no-network guard"):
            farm.pool.submit(connect, "192.0.2.1", 80).result(timeout=60)
        # The worker imported the parsers, not the package's __init__ (pandas).
        assert farm.pool.submit(loaded, "pandas").result(timeout=60) is False
    finally:
        farm.close()


def test_a_script_that_loads_at_its_top_level_is_not_run_again_in_the_workers(tmp_path):
    """spawn runs a script again in each worker unless told not to; ours would then load again there."""
    script = tmp_path / "plain_script.py"
    marker = tmp_path / "runs.txt"
    script.write_text(textwrap.dedent(f"""
        import metaexposure as me
        from metaexposure import parallel
        parallel.PARALLEL_BYTES = parallel.FILE_BYTES = 0
        with open({str(marker)!r}, "a") as runs:
            runs.write("run\\n")
        ex = me.load(*me.sample_paths(), workers=2)
        print(len(ex.items))
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "run\n", "the script ran again in a worker"
    assert "worker processes failed" not in done.stderr and "bootstrapping" not in done.stderr, done.stderr
    assert int(done.stdout.strip()) == len(me.load(*me.sample_paths()).items)
