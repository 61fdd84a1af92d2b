"""Zips, folders, multi-part downloads, and inputs that are unusable as a whole."""

import zipfile

import pandas as pd
import pytest

import metaexposure as me
from tests import fbtrees
from tests.fbtrees import T0

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"


def comparable(ex):
    return ex.items.drop(columns=["source_file"]).sort_values("item_id").reset_index(drop=True)


def test_zip_loads_like_the_folder(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    archive = fbtrees.zip_folder(folder, tmp_path / f"{WRAPPER}.zip", prefix=f"{WRAPPER}/")
    pd.testing.assert_frame_equal(comparable(me.load(folder)), comparable(me.load(archive)))
    (tmp_path / "bare").mkdir()
    # No wrapper folder inside: the zip's own name says whose export it is and when.
    bare = fbtrees.zip_folder(folder, tmp_path / "bare" / f"{WRAPPER}.zip")
    pd.testing.assert_frame_equal(comparable(me.load(folder)), comparable(me.load(bare)))


def test_a_wrapped_folder_inside_the_given_folder(tmp_path):
    fbtrees.era_2024(tmp_path / "downloads" / WRAPPER)
    assert len(me.load(tmp_path / "downloads").items) == 14


def test_multi_part_download_merges_and_resolves_media_across_parts(tmp_path):
    whole = fbtrees.era_2024(tmp_path / "whole")
    part1, part2 = tmp_path / "p1", tmp_path / "p2"
    for path in sorted(p for p in whole.rglob("*") if p.is_file()):
        rel = path.relative_to(whole)
        # JSON in part 1, media in part 2: every uri in part 1 points into part 2.
        target = part2 if path.suffix == ".jpg" else part1
        fbtrees.put(target, str(rel), path.read_bytes())
    zip1 = fbtrees.zip_folder(part1, tmp_path / "meta-2026-Apr-06-00-26-54.zip",
                              prefix="facebook-ava-2026-04-06-Aa11Bb22/")
    zip2 = fbtrees.zip_folder(part2, tmp_path / "meta-2026-Apr-06-00-26-54 2.zip",
                              prefix="facebook-ava-2026-04-06-Cc33Dd44/")
    ex = me.load(zip1, zip2)
    assert len(ex.items) == 14
    assert ex.items.has_file.sum() == 3
    assert len(ex.trees["facebook"].parts) == 2


def test_every_zip_is_closed_after_a_load_even_a_part_that_only_repeats_another(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    first = fbtrees.zip_folder(folder, tmp_path / f"{WRAPPER}.zip", prefix=f"{WRAPPER}/")
    (tmp_path / "again").mkdir()
    again = fbtrees.zip_folder(folder, tmp_path / "again" / f"{WRAPPER}.zip", prefix=f"{WRAPPER}/")
    ex = me.load(first, again)
    sources = ex.trees["facebook"].sources
    assert [s.path for s in sources] == [first, again]
    # Every member is the first part's, so closing through the members missed the second zip.
    assert {m.source.path for m in ex.trees["facebook"].members.values()} == {first}
    assert all(s._zip is None for s in sources)
    assert ex.media_bytes("your_facebook_activity/posts/media/Lisbon2012_1001/5001.jpg") == b"\xff\xd8\xff\xd9"


def test_a_part_given_twice_changes_nothing(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    assert len(me.load(folder, folder).items) == len(me.load(folder).items)


def test_two_different_accounts_are_refused(tmp_path):
    a = fbtrees.era_2019(tmp_path / "facebook-ava-2020-01-02-ZyXwVuTs")
    b = fbtrees.era_2019(tmp_path / "facebook-bob-2020-01-02-ZyXwVuTs")
    with pytest.raises(me.ExportError, match="load each account separately"):
        me.load(a, b)


def test_missing_path(tmp_path):
    with pytest.raises(me.ExportError, match="does not exist") as info:
        me.load(tmp_path / "nope.zip")
    assert "nope.zip" in str(info.value)


def test_no_path_at_all():
    with pytest.raises(me.ExportError, match="no export given"):
        me.load()


def test_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "your_posts_1.json"
    path.write_text("[]")
    with pytest.raises(me.ExportError, match="not a zip file or a folder.*not one file from it"):
        me.load(path)


def test_corrupt_zip(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    archive = fbtrees.zip_folder(folder, tmp_path / "export.zip")
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(me.ExportError, match="truncated.zip.*download"):
        me.load(truncated)


def test_html_export_is_refused_with_advice(tmp_path):
    root = tmp_path / WRAPPER
    fbtrees.put(root, "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html", "<html/>")
    fbtrees.put(root, "personal_information/profile_information/profile_information.html", "<html/>")
    with pytest.raises(me.ExportError, match="HTML format.*Format: JSON"):
        me.load(root)


def test_a_tree_that_is_no_export(tmp_path):
    fbtrees.put(tmp_path / "holiday", "notes/todo.txt", "buy milk")
    with pytest.raises(me.ExportError, match="not a Facebook or Instagram export"):
        me.load(tmp_path / "holiday")


def test_empty_folder_and_empty_zip(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(me.ExportError, match="is empty"):
        me.load(tmp_path / "empty")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w"):
        pass
    with pytest.raises(me.ExportError, match="is empty"):
        me.load(tmp_path / "empty.zip")


def test_bad_files_inside_a_good_export_become_problems(tmp_path):
    root = fbtrees.era_2019(tmp_path / "export")
    fbtrees.put(root, "stories/archived_stories.json", "[object Object]")  # seen in a real 2024 export
    fbtrees.put(root, "photos_and_videos/album/1.json", '{"name": "Broken", "photos": [')
    fbtrees.put(root, "photos_and_videos/album/2.json", {"name": "Odd", "photos": {"not": "a list"}})
    fbtrees.put(root, "photos_and_videos/album/3.json", {"name": "Mixed", "photos": [
        "a string", fbtrees.photo("photos_and_videos/Mixed_x/1_2_3_n_9.jpg", 0),
        fbtrees.photo("photos_and_videos/Mixed_x/1_2_3_n_10.jpg", 32503680000)]})
    ex = me.load(root)
    reasons = " | ".join(ex.problems.file + ": " + ex.problems.reason)
    assert "stories/archived_stories.json: is not valid JSON (Meta wrote '[object Object]'" in reasons
    assert "album/1.json: is not valid JSON" in reasons
    assert "album/2.json: 'photos' is a dict, not a list" in reasons
    assert "timestamp is 0" in reasons and "in the future" in reasons
    mixed = ex.items[ex.items.uri.str.contains("Mixed_x")]
    assert len(mixed) == 2 and mixed.created.isna().all()  # kept, with NaT, and a problem row each
    stats = ex.stats
    assert stats["skipped"] == 1  # the string entry
    assert stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"]


def test_empty_export_has_every_column_with_its_dtype(tmp_path):
    fbtrees.put(tmp_path / WRAPPER, "preferences/other/settings.json", {"x": 1})
    empty = me.load(tmp_path / WRAPPER).items
    full = me.load(fbtrees.era_2024(tmp_path / "full" / WRAPPER)).items
    assert empty.empty and list(empty.columns) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert str(full["created"].dtype) == "datetime64[ns, UTC]"
    assert list(full["audience"].cat.categories) == ["public", "friends_of_friends", "friends", "followers",
                                                     "custom", "only_me", "unknown"]


def test_loading_never_writes_into_the_export(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    me.load(folder)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    assert before == after


def test_remote_uris_are_never_resolved(tmp_path):
    root = tmp_path / "export"
    fbtrees.put(root, "posts/your_posts_1.json", [fbtrees.post(T0, "x", media=[fbtrees.photo(
        "https://scontent.example/1_2_3_n_42.jpg", T0)])])
    ex = me.load(root)
    assert ex.items.uri.item().startswith("https://") and not ex.items.has_file.item()
    assert ex.media_bytes(ex.items.uri.item()) is None


def test_a_loose_folder_beside_the_export_is_reported_not_lost(tmp_path):
    fbtrees.era_2019(tmp_path / "downloads" / "facebook-ava-2020-01-02-ZyXwVuTs")
    fbtrees.put(tmp_path / "downloads", "my notes/plan.json", {"x": 1})
    ex = me.load(tmp_path / "downloads")
    assert len(ex.items) == 5
    assert ex.problems.reason.str.contains("belong to no Facebook or Instagram export").any()


def test_one_plain_folder_around_the_whole_tree_is_stripped(tmp_path):
    folder = fbtrees.era_2019(tmp_path / "tree")
    archive = fbtrees.zip_folder(folder, tmp_path / "export.zip", prefix="My export/")
    assert len(me.load(archive).items) == 5
    assert me.load(archive).problems.empty


def test_has_many_answers_as_has_does_for_every_kind_of_uri():
    from metaexposure.archive import Member, Source, Tree

    source = Source(path=__import__("pathlib").Path("x"), is_zip=False)
    names = ["your_facebook_activity/posts/media/a/1.jpg", "posts/media/b/2.jpg", "media/posts/202001/3.jpg"]
    tree = Tree("facebook", members={n: Member(source, n, 1, 1) for n in names})
    uris = ["", "your_facebook_activity/posts/media/a/1.jpg", "./posts/media/b/2.jpg", "/posts/media/b/2.jpg",
            "posts\\media\\b\\2.jpg", "facebook-ava-2024-01-02-Ab12Cd34/posts/media/b/2.jpg",
            "facebook-ava-2024-01-02-Ab12Cd34/posts/media/b/9.jpg", "https://example.invalid/posts/media/b/2.jpg",
            "personal_information/profile_information/your_facebook_activity/posts/media/a/1.jpg",
            "media/posts/202001/3.jpg", "media/posts/202001/4.jpg", "instagram-x/media/posts/202001/3.jpg"]
    expected = [tree.has(uri) for uri in uris]
    assert tree.has_many(uris) == expected
    assert expected == [False, True, True, True, True, True, False, False, True, True, False, True]
