"""Zip bombs: a member beyond a sane size or compression ratio is refused, and memory stays bounded.

A refused member is a problem row naming it (a bad file inside a usable export, DESIGN.md
section 4): the rest of the export still loads. Peak memory is measured in a child process with
``resource.getrusage``: loading a zip holding a 600 MB member must not inflate it.
"""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

import metaexposure as me
from metaexposure import archive
from tests import badzips, fbtrees

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"
MiB = 1024**2
# A routed path: the Facebook parser reads every album file, so a bomb here would be inflated.
BOMB = f"{WRAPPER}/your_facebook_activity/posts/album/9.json"
ZEROS = bytes(MiB)


def export_with(tmp_path: Path, name: str, *extra: badzips.Raw) -> Path:
    """The 2024 fixture export (14 items) zipped together with ``extra`` members."""
    folder = tmp_path / "src" / WRAPPER
    if not folder.exists():
        fbtrees.era_2024(folder)
    return badzips.write_zip(tmp_path / name, [*badzips.folder_members(folder, f"{WRAPPER}/"), *extra])


def rows(ex: me.Export) -> str:
    return " | ".join(ex.problems.file + ": " + ex.problems.reason)


def test_a_member_declaring_600_mb_is_refused_and_the_rest_loads(tmp_path):
    ex = me.load(export_with(tmp_path, "big.zip", badzips.repeated(BOMB, ZEROS, 600)))
    assert len(ex.items) == 14
    assert f"album/9.json: is {600 * MiB:,} bytes, more than this kit reads" in rows(ex)


def test_a_member_with_a_bomb_compression_ratio_is_refused(tmp_path):
    bomb = badzips.repeated(BOMB, ZEROS, 200)  # 200 MiB from ~200 KB: under the size cap, ratio ~1000
    assert bomb.size < archive.MAX_JSON_BYTES and bomb.size > 500 * len(bomb.data)
    ex = me.load(export_with(tmp_path, "ratio.zip", bomb))
    assert len(ex.items) == 14
    assert "album/9.json: would inflate from" in rows(ex) and "(a zip bomb?); it was not read" in rows(ex)


def test_a_member_declaring_no_compressed_bytes_is_refused(tmp_path):
    bomb = badzips.repeated(BOMB, ZEROS, 32)
    bomb.compressed = 0  # a division by zero waiting to happen, or an infinite ratio
    ex = me.load(export_with(tmp_path, "zero.zip", bomb))
    assert "(a zip bomb?)" in rows(ex) and len(ex.items) == 14


def test_a_member_lying_about_its_size_is_cut_at_the_declared_size(tmp_path):
    # Declares 64 KiB, inflates to 600 MiB: reading stops at 64 KiB and the CRC check fails.
    ex = me.load(export_with(tmp_path, "liar.zip", badzips.repeated(BOMB, ZEROS, 600, declared=64 * 1024)))
    assert "album/9.json: cannot be read from the zip (Bad CRC-32" in rows(ex)
    assert len(ex.items) == 14


def test_a_big_member_with_an_ordinary_ratio_is_read(tmp_path):
    # 17 MiB of JSON that deflates like real JSON or less (~1.3x here): above the ratio check, under the caps.
    rng = random.Random(9)
    photos = [fbtrees.photo(f"your_facebook_activity/posts/media/Big_1/{9100 + i}.jpg", fbtrees.T0 + i,
                            description=base64.b64encode(rng.randbytes(1_350_000)).decode()) for i in range(10)]
    body = json.dumps({"name": "Big", "photos": photos})
    assert len(body) > 17 * MiB and len(body) / len(zlib.compress(body.encode())) < archive.MAX_COMPRESSION_RATIO
    ex = me.load(export_with(tmp_path, "bigok.zip", badzips.member(BOMB, body)))
    assert len(ex.items) == 24 and not ex.problems.file.str.contains("album/9").any()


def test_the_ratio_cap_leaves_real_json_a_wide_margin():
    # Every JSON file of the bundled samples deflates far below the cap (real exports: 6-19x).
    for path in (p for root in me.sample_paths() for p in Path(root).rglob("*.json")):
        data = path.read_bytes()
        if len(data) > 4096:
            assert len(data) / len(zlib.compress(data)) < archive.MAX_COMPRESSION_RATIO / 3, path


def test_a_folder_file_beyond_the_size_cap_is_not_read(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    huge = folder / "your_facebook_activity/posts/album/9.json"
    with huge.open("wb") as handle:
        handle.truncate(600 * MiB)  # sparse: 600 MB declared, nothing written
    ex = me.load(folder)
    assert "album/9.json: is 629,145,600 bytes, more than this kit reads" in rows(ex) and len(ex.items) == 14


PEAK_PROBE = r"""
import json, resource, sys
import metaexposure as me

def peak() -> int:
    value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return value if sys.platform == "darwin" else value * 1024  # Linux reports KiB

me.load(sys.argv[1])  # warm up: imports, first allocations
base = peak()
out = {}
for path in sys.argv[2:]:
    ex = me.load(path)
    out[path] = {"growth": peak() - base, "items": len(ex.items), "problems": list(ex.problems.reason)}
print(json.dumps(out))
"""


def test_peak_memory_stays_bounded_whatever_the_zip_claims(tmp_path):
    """In a fresh process: 600 MB and 200 MB bombs, a liar, eight 15 MiB fillers read one at a time."""
    good = export_with(tmp_path, "good.zip")
    fillers = [badzips.repeated(f"{WRAPPER}/your_facebook_activity/posts/album/{20 + i}.json", b" " * MiB, 15)
               for i in range(8)]
    bombs = {
        "big": export_with(tmp_path, "big.zip", badzips.repeated(BOMB, ZEROS, 600)),
        "ratio": export_with(tmp_path, "ratio.zip", badzips.repeated(BOMB, ZEROS, 200)),
        "liar": export_with(tmp_path, "liar.zip", badzips.repeated(BOMB, ZEROS, 600, declared=64 * 1024)),
        "fillers": export_with(tmp_path, "fillers.zip", *fillers),
    }
    assert all(path.stat().st_size < 2 * MiB for path in bombs.values())  # ~1.2 GB inflated in all
    result = subprocess.run([sys.executable, "-c", PEAK_PROBE, str(good), *map(str, bombs.values())],
                            capture_output=True, text=True, timeout=120, env={**os.environ})
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    for name, path in bombs.items():
        row = measured[str(path)]
        assert row["items"] == 14, (name, row)
        # Refused members cost nothing; a 15 MiB filler costs its bytes and one decoded copy.
        limit = 80 * MiB if name == "fillers" else 32 * MiB
        assert row["growth"] < limit, f"{name}: peak memory grew {row['growth'] / MiB:.0f} MiB"
    assert sum("not valid JSON" in p for p in measured[str(bombs["fillers"])]["problems"]) == 8
