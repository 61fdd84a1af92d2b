"""Zip bombs: a member beyond a sane size or compression ratio is refused, and memory stays bounded.

A refused member is a problem row naming it (a bad file inside a usable export, DESIGN.md
section 4): the rest of the export still loads. Peak memory is measured in a child process with
its own high-water mark (VmHWM): loading a zip holding a 600 MB member must not inflate it.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import subprocess
import sys
import zlib
from pathlib import Path

import metaexposure as me
from metaexposure import archive, errors, jsonfile
from tests import badzips, fbtrees
from tests.test_bad_input import ig_2025

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
    # VmHWM, this process's own high-water mark. Not ru_maxrss: Linux carries it across exec from the
    # process that started us, so under a big pytest process (500 MB after the browser tests) it reported
    # the parent's size, not the load's, and hid the growth below behind it.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))

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


# --- record bombs (issue 14): JSON of millions of tiny records, each member just under the ratio check ------

POSTS = f"{WRAPPER}/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json"
IG_WRAPPER = "instagram-ava.s-2024-11-18-AbCdEfGh"
SIXTEEN = 16 * MiB  # the largest member read whatever its compression ratio (archive._RATIO_CHECKED_ABOVE)


def records(name: str, record: bytes, head: bytes = b"[", tail: bytes = b"]") -> badzips.Raw:
    """A member of ``head`` + ``record,`` repeated + ``record`` + ``tail``, 16 MiB or just under."""
    chunk = (record + b",") * 4096
    times = (SIXTEEN - len(head) - len(record) - len(tail)) // len(chunk)
    return badzips.framed(name, head, chunk, times, record + tail)


def test_a_file_of_empty_records_is_refused_before_it_is_parsed(tmp_path):
    ex = me.load(export_with(tmp_path, "empty.zip", records(POSTS, b"{}"), records(BOMB, b"[]")))
    found = rows(ex)
    assert re.search(r"_2\.json: holds 5,59\d,\d{3} JSON objects or lists in 16,77\d,\d{3} bytes, one per 3\.0 "
                     r"bytes; Meta's files hold one per 24 bytes or more, so it is damaged or not from Meta \(a "
                     r"record bomb\?\); it was not read", found)
    assert re.search(r"album/9\.json: holds 5,59\d,\d{3} JSON objects or lists", found)
    assert len(ex.items) == 14 and ex.stats["seen"] == ex.stats["loaded"] + ex.stats["merged"] + ex.stats["skipped"]


def test_the_density_check_leaves_real_json_a_wide_margin():
    # Every JSON file of the bundled samples over 4 KiB, and the same with every space removed.
    for path in (p for root in me.sample_paths() for p in Path(root).rglob("*.json")):
        data = path.read_bytes()
        for text in (data, json.dumps(json.loads(data), separators=(",", ":")).encode()):
            if len(text) > 4096:
                assert len(text) / jsonfile.containers(text) > 1.4 * jsonfile.MIN_BYTES_PER_CONTAINER, path


RECORD_BOMB_PROBE = r"""
import json, resource, sys
# Before the fix this load took 3.6 GB: a MemoryError here is a failed test, not a machine in swap.
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, resource.RLIM_INFINITY))
import metaexposure as me

def peak() -> int:
    # VmHWM, this process's own high-water mark. Not ru_maxrss: Linux carries it across exec from the
    # process that started us, so under a big pytest process (500 MB after the browser tests) it reported
    # the parent's size, not the load's, and hid the growth below behind it.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))

me.load(sys.argv[1])  # warm up: imports, first allocations
base = peak()
ex = me.load(*sys.argv[2:])
parsed = ex.sources[ex.sources.status == "parsed"]
admitted = sum(ex.trees[p].members[rel].size for p, rel in zip(parsed.platform, parsed.path, strict=True))
print(json.dumps({"peak": peak(), "growth": peak() - base, "admitted": admitted, "items": len(ex.items),
                  "stats": ex.stats, "rows": int(ex.problems.file.value_counts().max()),
                  "skipped_count": int(ex.problems.skipped_count.sum()), "problems": list(ex.problems.reason)}))
"""


def test_a_record_bomb_under_1_mb_stays_under_500_mb(tmp_path):
    """Facebook and Instagram zips of 16 MiB members: empty records, empty lists, records with bad times.

    Before issue 14 each record made a problem row kept to the end: 3.6 GB from a 52 KB zip, then a
    MemoryError. Now the densest files are refused unread and the rest keep 100 rows per file.
    """
    good = export_with(tmp_path, "good.zip")
    facebook = export_with(
        tmp_path, "facebook.zip", records(POSTS, b"{}"),
        records(BOMB, b"{}", b'{"name": "Bomb", "photos": [', b"]}"),
        records(BOMB.replace("9.json", "10.json"), b'{"uri":"","creation_timestamp":0}', b'{"photos": [', b"]}"),
        records(BOMB.replace("9.json", "11.json"), b"[]", b'{"photos": [', b"]}"),
        records(f"{WRAPPER}/your_facebook_activity/posts/trash.json", b'{"timestamp":-5}', b'{"trash_v2": [',
                b"]}"))
    ig_root = ig_2025(tmp_path / "ig" / IG_WRAPPER)
    instagram = badzips.write_zip(tmp_path / "instagram.zip", [
        *badzips.folder_members(ig_root, f"{IG_WRAPPER}/"),
        records(f"{IG_WRAPPER}/your_instagram_activity/media/posts_2.json", b"{}"),
        records(f"{IG_WRAPPER}/your_instagram_activity/media/reels.json", b'{"creation_timestamp":"soon!"}',
                b'{"ig_reels_media": [', b"]}")])
    assert facebook.stat().st_size + instagram.stat().st_size < 1_000_000
    result = subprocess.run([sys.executable, "-c", RECORD_BOMB_PROBE, str(good), str(facebook), str(instagram)],
                            capture_output=True, text=True, timeout=300, env={**os.environ})
    assert result.returncode == 0, result.stderr[-2000:]
    row = json.loads(result.stdout)
    stats = row["stats"]
    assert row["items"] == 14 + 4 and stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"]
    assert stats["skipped"] == row["skipped_count"] > 900_000  # the records of album 10 and of the reels file
    assert row["rows"] <= errors.MAX_ROWS_PER_FILE + 1
    assert sum("(a record bomb?)" in p for p in row["problems"]) == 5
    assert row["peak"] < 500 * MiB, f"peak memory {row['peak'] / MiB:.0f} MiB"
    # The 32 MiB of JSON admitted (album 10, the reels) are the densest shape the record-bomb check lets
    # through (two-key records of 35 bytes): parsed, they cost about 5x their bytes (165 MiB measured with
    # VmHWM, 2026-12-04); Meta-shaped files cost 2.6x (benchmarks/RESULTS.md). Bound at 6x.
    assert row["growth"] < 6 * row["admitted"] + 16 * MiB, (row["growth"] / MiB, row["admitted"] / MiB)
