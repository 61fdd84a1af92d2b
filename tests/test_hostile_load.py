"""Hostile exports, the load side of issue 14 ("export text is untrusted").

Every input here is built at test time from the small fixtures (tests/fbtrees.py, the Instagram tree of
tests/test_bad_input.py, hand-made zips from tests/badzips.py). Each must end in problem rows or an
``ExportError``, never another exception and never a silent loss, with ``seen == loaded + merged + skipped``.
The memory bound of a record bomb is in tests/test_zip_bomb.py, beside the other bombs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import metaexposure as me
from metaexposure import errors, records
from metaexposure.errors import Problems
from metaexposure.records import Parsed
from tests import badzips, fbtrees
from tests.fbtrees import T0, photo, put
from tests.test_bad_input import BASE, FB, IG_BASE, IG_WRAPPER, WRAPPER, ig_2025
from tests.test_fuzz import EXPORTS, _draw_path, _get, _json_files, _write, fuzz_settings, load_checked

ALBUM = FB + "posts/album/9.json"
IG_STORIES = "your_instagram_activity/media/stories.json"


def balanced(ex: me.Export) -> bool:
    stats = ex.stats
    return stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"]


def rows(ex: me.Export, file: str) -> Any:
    return ex.problems[ex.problems.file == file]


# --- item 3: a file's problem rows are capped; one summary row counts the rest --------------------------------


def test_a_file_of_1300_bad_records_keeps_100_rows_and_one_summary_that_counts_the_rest(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    bad_times = [photo(f"{FB}posts/media/Extra_9/{10_000 + i}.jpg", 0) for i in range(300)]
    put(root, ALBUM, {"name": "Extra", "photos": [{}] * 1000 + bad_times})
    ex = me.load(root)
    album = rows(ex, ALBUM)
    assert len(album) == errors.MAX_ROWS_PER_FILE + 1
    summary = album.iloc[-1]
    assert (summary["count"], summary["skipped_count"], bool(summary["skipped"])) == (1200, 900, True)
    assert "1,200 more problem(s) in this file, 900 of them records skipped" in summary["reason"]
    assert (album["count"].iloc[:-1] == 1).all() and album["skipped_count"].iloc[:-1].eq(1).all()
    assert ex.stats["skipped"] == 1000 == ex.problems["skipped_count"].sum()
    assert len(ex.items) == BASE + 300 and balanced(ex)
    assert ex.problems["count"].sum() == 1300 + len(ex.problems) - len(album)


def test_instagram_files_are_capped_too(tmp_path):
    root = ig_2025(tmp_path / IG_WRAPPER)
    put(root, IG_STORIES, {"ig_stories": [{"creation_timestamp": "soon"}] * 400})
    ex = me.load(root)
    stories = rows(ex, IG_STORIES)
    assert len(stories) == errors.MAX_ROWS_PER_FILE + 1
    # Two rows per record (the time, then the skip): 800 problems, 400 records skipped.
    assert (stories["count"].sum(), stories["skipped_count"].sum()) == (800, 400)
    assert ex.stats["skipped"] == 400 and len(ex.items) == IG_BASE - 1 and balanced(ex)


def test_a_rolled_back_file_takes_back_its_rows_and_its_summary():
    """records.parse_file undoes a file its parser cannot get through: the cap's counts go back too."""
    problems, parsed = Problems(), Parsed()

    class Context:
        rel = source = "a.json"
        count = 0

        def __init__(self) -> None:
            self.parsed, self.problems = parsed, problems

        def problem(self, where: str, reason: str, skipped: bool = False) -> None:
            problems.add(self.rel, where, reason, skipped=skipped)

    def failing(ctx: Context, data: Any) -> None:
        for index in range(250):
            parsed.seen += 1
            ctx.problem(f"[{index}]", "bad", skipped=True)
        raise KeyError("a parser bug")

    problems.add("a.json", "", "read before the parse")
    assert records.parse_file(failing, Context(), None) is False
    assert [p.reason for p in problems][0] == "read before the parse"
    assert len(problems) == 2 and "please report this bug" in problems[1].reason
    assert problems.skipped == 0 == parsed.seen
    for index in range(200):  # the rows given back count again toward the cap
        problems.add("a.json", f"[{index}]", "later", skipped=True)
    assert len(problems) == errors.MAX_ROWS_PER_FILE + 1 and problems[-1].count == 102
    assert problems.skipped == 200


# --- item 4: integers of any length, and numbers beyond float range ------------------------------------------

HUGE = "7" * 5000  # over Python's 4,300-digit limit of int <-> str


def huge_album(field: str, literal: str) -> str:
    """An album of two photos whose first has ``field`` set to a raw JSON number ``literal``."""
    entry = {"uri": f"{FB}posts/media/Extra_9/9901.jpg", "creation_timestamp": T0,
             "media_metadata": {"photo_metadata": {"exif_data": [{"taken_timestamp": T0, "latitude": 1.5,
                                                                  "longitude": 2.5}]}}}
    text = json.dumps({"name": "Extra", "photos": [entry, photo(f"{FB}posts/media/Extra_9/9902.jpg", T0)]})
    old = {"creation_timestamp": f'"creation_timestamp": {T0}', "taken_timestamp": f'"taken_timestamp": {T0}',
           "latitude": '"latitude": 1.5'}[field]
    return text.replace(old, old.split(": ")[0] + ": " + literal, 1)


@pytest.mark.parametrize(("field", "literal", "reason"), [
    ("creation_timestamp", HUGE, "creation_timestamp: timestamp is not plausible"),
    ("creation_timestamp", "-" + HUGE, "creation_timestamp: timestamp is not plausible"),
    ("creation_timestamp", "1e400", "creation_timestamp: timestamp is not plausible"),
    ("creation_timestamp", "9" * 4000, "creation_timestamp: timestamp of more than 40 digits is in the future"),
    ("taken_timestamp", HUGE, "taken_timestamp: timestamp is not plausible"),
    ("latitude", HUGE, None),
    ("latitude", "-1e400", None),
])
def test_a_number_of_any_size_is_a_problem_row_not_a_crash(tmp_path, field, literal, reason):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(root, ALBUM, huge_album(field, literal))
    ex = me.load(root)
    extra = ex.items[ex.items.album == "Extra"]
    assert len(extra) == 2 and balanced(ex)
    found = list(ex.problems.item + " | " + ex.problems.reason)
    if reason:
        assert f"photos[0] | {reason}" in " ".join(found), found
    else:  # a latitude beyond range is no location, as 0,0 is
        assert extra.latitude.isna().all() and not found
    assert all(len(r) < 300 for r in found)


def test_huge_numbers_in_label_records_and_instagram_files(tmp_path):
    fb_root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(fb_root, FB + "posts/trash.json", '[{"timestamp": ' + HUGE + ', "fbid": ' + HUGE + ', "media": [], '
        '"label_values": [{"label": "Message", "value": ' + HUGE + '}, {"label": "t", "value": "kept"}]}]')
    ig_root = ig_2025(tmp_path / IG_WRAPPER)
    put(ig_root, "your_instagram_activity/media/posts_2.json",
        '[{"media": [{"uri": "media/posts/1_n_17926160567808549.jpg", "creation_timestamp": ' + HUGE + ', '
        '"title": "x"}], "creation_timestamp": -' + HUGE + '}]')
    put(ig_root, "security_and_login_information/login_and_profile_creation/profile_privacy_changes.json",
        '{"account_history_account_privacy_history": [{"title": "Account switched to public", '
        '"string_map_data": {"Time": {"timestamp": ' + HUGE + '}}}]}')
    ex = me.load(fb_root, ig_root)
    assert balanced(ex)
    assert len(ex.items) == BASE + 1 + IG_BASE + 1
    reasons = " | ".join(ex.problems.reason)
    assert reasons.count("timestamp is not plausible") >= 3, reasons
    assert not ex.problems.reason.str.contains("please report this bug").any()


BIG_LITERALS = st.sampled_from([HUGE, "-" + HUGE, "1" * 4301, "9" * 4300, "1e400", "-1e400", "1" * 400,
                                "12345678901234567890123456789", "1.5e308", "-0.0", f'"{HUGE}"', '"1e400"'])
PLACEHOLDER = "\u0001big\u0001"


def huge_mutations(platform: str):
    """Hypothesis: 1-3 values anywhere in a parsed file become huge numbers, written as raw JSON text."""
    @fuzz_settings(60)
    @given(data=st.data())
    def test(data: st.DataObject) -> None:
        rel = data.draw(st.sampled_from(_json_files(platform)), label="file")
        document = json.loads(EXPORTS[platform][1][rel])
        for _ in range(data.draw(st.integers(1, 3), label="values")):
            path = _draw_path(data, document)
            if path:
                _get(document, path[:-1])[path[-1]] = PLACEHOLDER
            else:
                document = PLACEHOLDER
        text = json.dumps(document).replace(json.dumps(PLACEHOLDER), data.draw(BIG_LITERALS, label="literal"))
        with tempfile.TemporaryDirectory() as tmp:
            load_checked([_write(Path(tmp), platform, {rel: text.encode()})], platform, rel)
    return test


test_huge_numbers_anywhere_in_facebook_files = huge_mutations("facebook")
test_huge_numbers_anywhere_in_instagram_files = huge_mutations("instagram")


# --- item 9: a doubled wrapper folder; an input where nothing is recognised ---------------------------------


def doubled(tmp: Path, platform: str, *, as_zip: bool, times: int = 2) -> Path:
    wrapper = WRAPPER if platform == "facebook" else IG_WRAPPER
    src = tmp / "src" / wrapper
    fbtrees.era_2024(src) if platform == "facebook" else ig_2025(src)
    prefix = f"{wrapper}/" * times
    if as_zip:  # re-zipping the folder Windows' "Extract All" made of the export
        return badzips.write_zip(tmp / "export.zip", badzips.folder_members(src, prefix))
    outer = tmp / "Downloads"
    shutil.copytree(src, outer / prefix)
    return outer


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "folder"])
@pytest.mark.parametrize("times", [2, 3])
def test_an_export_whose_wrapper_folder_is_doubled_loads_normally(tmp_path, platform, as_zip, times):
    ex = me.load(doubled(tmp_path, platform, as_zip=as_zip, times=times))
    assert len(ex.items) == (BASE if platform == "facebook" else IG_BASE) and balanced(ex)
    assert ex.trees[platform].account == ("ava" if platform == "facebook" else "ava.s")
    export = ex.account[ex.account.fact == "export"]
    assert export.basis.str.startswith("date in the export's folder name").all()
    assert not ex.problems.reason.str.contains("neither the account's current").any()


def test_a_wrapper_of_another_account_inside_is_not_stripped_and_says_what_it_found(tmp_path):
    src = fbtrees.era_2024(tmp_path / "src" / "facebook-bob-2024-11-18-ZyXwVuTs")
    path = badzips.write_zip(tmp_path / f"{WRAPPER}.zip", badzips.folder_members(src, f"{WRAPPER}/{src.name}/"))
    with pytest.raises(me.ExportError, match=r"named like a Facebook export, but none of its 15 files is where an "
                       r"export keeps them \(found: facebook-bob-2024-11-18-ZyXwVuTs/\).*your_facebook_activity/"):
        me.load(path)


def test_an_input_named_like_an_export_holding_nothing_an_export_has_is_an_error_not_an_empty_load(tmp_path):
    path = badzips.write_zip(tmp_path / f"{IG_WRAPPER}.zip", [badzips.member("notes/todo.txt", "buy milk"),
                                                               badzips.member("photos.json", "[]")])
    with pytest.raises(me.ExportError, match=r"ava\.s.*named like a Instagram export.*\(found: notes/, "
                       r"photos\.json\).*your_instagram_activity/"):
        me.load(path)


def test_a_part_holding_only_media_files_still_loads(tmp_path):
    # Part 2 of a big download: media only, under folders an export has. Nothing to parse, nothing wrong.
    part = tmp_path / "facebook-ava-2024-11-18-Cc33Dd44"
    put(part, FB + "posts/media/Lisbon2012_1001/5001.jpg", b"\xff\xd8\xff\xd9")
    ex = me.load(part)
    assert len(ex.items) == 0 and ex.problems.empty


# --- item 10: links to folders inside a folder export; two zip entries naming one file ---------------------


def test_a_link_to_a_folder_inside_the_export_is_a_problem_row_naming_it(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    (root / FB / "posts/album").rename(root / "albums_moved")
    os.symlink(root / "albums_moved", root / FB / "posts/album")
    ex = me.load(root)
    found = rows(ex, FB + "posts/album")
    assert list(found.reason) == ["is a link to the folder albums_moved/ of this export; links to folders are not "
                                  "followed, so files under this name were not read (pass a copy without links "
                                  "to read them)"]
    assert balanced(ex)


def test_a_link_to_a_pipe_inside_the_export_is_a_problem_row(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    os.mkfifo(root / "pipe")
    os.symlink(root / "pipe", root / ALBUM)
    ex = me.load(root)
    assert list(rows(ex, ALBUM).reason) == ["is a link to pipe, which is not a regular file (a pipe, socket or "
                                            "device); skipped"]
    assert len(ex.items) == BASE


@pytest.mark.parametrize("spelling", [
    f"{WRAPPER}/{FB}./posts/album/0.json", f"{WRAPPER}/{FB}posts//album/0.json",
    f"{WRAPPER}\\{FB[:-1]}\\posts\\album\\0.json", f"{WRAPPER}/{FB}posts/album/0.json",
], ids=["dot step", "double slash", "backslashes", "same name"])
def test_two_entries_naming_one_file_give_a_row_naming_both(tmp_path, spelling):
    src = fbtrees.era_2024(tmp_path / "src" / WRAPPER)
    other = badzips.member(spelling, json.dumps({"name": "Other", "photos": [photo(f"{FB}x/1.jpg", T0)]}))
    ex = me.load(badzips.write_zip(tmp_path / "export.zip", [*badzips.folder_members(src, f"{WRAPPER}/"), other]))
    found = rows(ex, f"export.zip:{FB}posts/album/0.json")
    assert len(found) == 1, list(ex.problems.reason)
    reason = found.reason.iloc[0]
    assert reason.startswith(f"is in this input twice, as '{WRAPPER}/{FB}posts/album/0.json' and ")
    assert repr(spelling) in reason and reason.endswith("; the second was used")
    assert (ex.items.album == "Other").sum() == 1 and balanced(ex)


# --- item 12: the fast path leaves a file to the tolerant parser without a word -----------------------------

SILENT_PROBE = r"""
import sys
import metaexposure as me
ex = me.load(sys.argv[1])
print(len(ex.items), "|".join(ex.problems.reason))
"""


def test_a_file_the_fast_path_declines_prints_nothing(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    # Tags nested 5,000 deep: msgspec raises RecursionError, which printed a traceback to stderr.
    posts = FB + "posts/your_posts__check_ins__photos_and_videos_2.json"
    put(root, posts, '[{"timestamp": 1400000500, "data": [{"post": "deep"}], "tags": ' + "[" * 5000 + "]" * 5000
        + "}]")
    result = subprocess.run([sys.executable, "-c", SILENT_PROBE, str(root)], capture_output=True, text=True,
                            timeout=120, env={**os.environ})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    count, reasons = result.stdout.strip().split(" ", 1)
    assert int(count) == BASE and "is nested too deeply to read" in reasons
