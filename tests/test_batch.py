"""Batch on Dask (issue 19): one Parquet summary per export, no export text in it, exports known by a salted
hash, a bad export a row that says why; no socket on this machine's scheduler; a clear error without the extra."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import batches, cli
from metaexposure.samples.large import write_large_export

pytest.importorskip("dask")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("donations")
    paths = []
    for seed in range(3):
        paths += write_large_export(root / f"d{seed}", media=600, posts=100, zipped=True, seed=seed,
                                    platforms=("facebook", "instagram") if seed else ("facebook",))
    bad = root / "facebook-jane.doe.1987-2025-11-02-Ab12Cd34.zip"
    bad.write_bytes(b"this is no zip")
    return [*paths, bad]


def _parquet_bytes(out: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(out.glob("*.parquet")))


def test_a_summary_per_export_counts_and_nothing_else(exports, tmp_path):
    table = me.batch([str(p) for p in exports], out=tmp_path, workers=1)
    assert list(table.columns) == list(batches.EXPORT_COLUMNS)
    assert list(table["status"]) == ["ok"] * (len(exports) - 1) + ["unusable"]
    summary = pd.read_parquet(tmp_path / batches.COMBINED_FILE)
    assert list(summary.columns) == list(batches.SUMMARY_COLUMNS)
    for export, items in zip(table["export"], table["items"], strict=True):
        mine = summary[summary["export"] == export]
        assert mine["items"].sum() == items
        if items:
            pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{export}.parquet"), mine.reset_index(drop=True))
    first = me.load(exports[0])
    assert table["items"].iloc[0] == len(first.items)
    assert set(summary["kind"]) <= set(first.items["kind"].cat.categories)
    # No caption, album name, place, uri or wrapper name in any file written.
    written = _parquet_bytes(tmp_path)
    captions = first.items["caption"][first.items["caption"].str.len() > 12].head(20)
    for text in [*captions, *first.items["album"].unique()[:10], "avasynthetic", "jane.doe", "Café Louvre", ".jpg"]:
        if text:
            assert text.encode() not in written, text


def test_exports_are_known_by_a_salted_hash_with_the_salt_made_once(exports, tmp_path):
    first = me.batch([str(p) for p in exports[:2]], out=tmp_path, workers=1)
    salt = (tmp_path / batches.SALT_FILE).read_text()
    assert oct((tmp_path / batches.SALT_FILE).stat().st_mode & 0o777) == "0o600"
    again = me.batch([str(p) for p in exports[:2]], out=tmp_path, workers=1)
    assert (tmp_path / batches.SALT_FILE).read_text() == salt
    assert list(first["export"]) == list(again["export"])
    expected = hmac.new(bytes.fromhex(salt.strip()), exports[0].name[:-4].encode(), hashlib.sha256).hexdigest()[:20]
    assert first["export"].iloc[0] == expected
    elsewhere = me.batch([str(exports[0])], out=tmp_path / "other", workers=1)
    assert elsewhere["export"].iloc[0] != expected, "another output folder has another salt"


def test_a_bad_export_says_why_without_naming_anyone(exports, tmp_path):
    table = me.batch([str(exports[-1]), str(exports[0])], out=tmp_path, workers=1)
    bad = table.iloc[0]
    assert bad["status"] == "unusable" and "not a zip file" in bad["reason"]
    assert "jane" not in bad["reason"] and str(tmp_path) not in bad["reason"]
    assert table["status"].iloc[1] == "ok"
    assert "facebook-x" not in batches.redacted("holds the facebook export of 'x', but facebook-x-2025-01-01-Ab12Cd34 "
                                                "...", ("facebook-x-2025-01-01-Ab12Cd34.zip",))


def test_a_glob_and_the_command_line(exports, tmp_path, capsys):
    pattern = str(exports[0].parent.parent / "d*" / "*.zip")
    assert cli.main(["batch", pattern, "--out", str(tmp_path), "--workers", "1"]) == 0
    good = len(exports) - 1  # each zip is one export (a person's Facebook and Instagram zips are two)
    assert f"Summarised {good} of {good} exports" in capsys.readouterr().out
    with pytest.raises(me.ExportError, match="matches no file"):
        me.batch(str(tmp_path / "nothing-*.zip"), out=tmp_path)


def test_help_says_an_address_sends_work_off_the_machine(capsys):
    with pytest.raises(SystemExit):
        cli.main(["batch", "--help"])
    assert "SENDS THE WORK OFF THIS MACHINE" in " ".join(capsys.readouterr().out.split())


def test_local_processes_open_no_socket(exports, tmp_path):
    """Dask's process scheduler on 2 spawned workers, in a fresh process that records every socket made."""
    script = textwrap.dedent(f"""
        import socket, sys
        made = []
        sys.addaudithook(lambda event, args: made.append(args[1]) if event == "socket.__new__" else None)
        import metaexposure as me
        from metaexposure import _netguard
        table = me.batch({[str(p) for p in exports]!r}, out={str(tmp_path)!r}, workers=2)
        inet = [family for family in made if family in (socket.AF_INET, socket.AF_INET6)]
        print(list(table["status"]).count("ok"), len(inet), _netguard.is_active())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(exports) - 1), "0", "True"], done.stdout + done.stderr
    assert "Summarising exports" in done.stderr  # the progress bar


def test_without_the_extra_load_works_and_batch_says_what_to_install(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("dask", "distributed", "pyarrow"):
                    raise ModuleNotFoundError(name)
        sys.meta_path.insert(0, Refuse())
        import importlib.util
        importlib.util.find_spec = lambda name, *a: None if name in ("dask", "distributed", "pyarrow") else 1
        import metaexposure as me
        print(len(me.load(*me.sample_paths()).items) > 0)
        try:
            me.batch([], out={str(tmp_path)!r})
        except ImportError as error:
            print(error)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "True"
    assert "pip install 'metaexposure[batch]'" in done.stdout


@pytest.mark.loopback
def test_on_a_distributed_cluster_bound_to_loopback(exports, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        table = me.batch([str(p) for p in exports], out=tmp_path, address=cluster.scheduler_address)
    local = me.batch([str(p) for p in exports], out=tmp_path / "local", workers=1)
    assert list(table["status"]) == list(local["status"])
    assert list(table["items"]) == list(local["items"])
