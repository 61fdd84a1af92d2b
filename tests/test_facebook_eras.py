"""Each Facebook layout era of FORMATS.md section 1 loads into the same items frame."""

import pandas as pd
import pytest

import metaexposure as me
from tests import fbtrees
from tests.fbtrees import T0


def kinds(ex):
    return ex.items.groupby("kind", observed=True).size().to_dict()


def test_2024_layout(tmp_path):
    ex = me.load(fbtrees.era_2024(tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"))
    assert kinds(ex) == {"photo": 4, "video": 1, "post": 4, "story": 1, "reel": 1,
                         "profile_photo": 2, "cover_photo": 1}
    items = ex.items.set_index("uri")
    lisbon = items.loc["your_facebook_activity/posts/media/Lisbon2012_1001/5001.jpg"]
    # Listed in its album and in the post: one row, with the post's text and the album's name.
    assert lisbon["caption"] == "Café in Lisboa \U0001F600"
    assert lisbon["album"] == "Lisbon 2012"
    assert lisbon["tagged"] == 1
    assert lisbon["has_file"]
    assert lisbon["taken"] == pd.Timestamp(T0 - 100, unit="s", tz="UTC")
    assert (lisbon["latitude"], lisbon["longitude"]) == (38.7, -9.1)
    assert lisbon["item_id"] == "facebook:photo:5001"
    assert lisbon["link"] == "https://www.facebook.com/photo/?fbid=5001"
    assert not items.loc["your_facebook_activity/posts/media/Lisbon2012_1001/5003.jpg", "has_file"]
    # Videos and reels link to their own pages: the photo viewer does not play them.
    assert items.loc["your_facebook_activity/posts/media/videos/8001.mp4", "link"] == \
        "https://www.facebook.com/watch/?v=8001"
    assert items.loc["your_facebook_activity/posts/media/reels/9201.mp4", "link"] == "https://www.facebook.com/reel/9201"


def test_2024_posts_stories_archive_and_settings(tmp_path):
    ex = me.load(fbtrees.era_2024(tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"))
    posts = ex.items[ex.items.kind == "post"].set_index("created")
    assert posts.loc[pd.Timestamp(T0 + 20, unit="s", tz="UTC"), "caption"] == "Just text, 日本"
    assert posts.loc[pd.Timestamp(T0 + 30, unit="s", tz="UTC"), "caption"] == "Look at this"
    check_in = posts.loc[pd.Timestamp(T0 + 40, unit="s", tz="UTC")]
    assert check_in["place"] == "Tower" and check_in["latitude"] == 38.69
    archived = ex.items[ex.items.status == "archived"].iloc[0]
    assert archived["caption"] == "Old news über alles"
    assert archived["link"] == "https://www.facebook.com/ava/posts/777"
    assert archived["item_id"] == "facebook:post:777"
    assert ex.items.loc[ex.items.kind == "story", "album"].tolist() == ["Stories"]
    default = ex.account[ex.account.fact == "default_audience"].iloc[0]
    assert default["state"] == "friends" and "future posts" in default["basis"]
    export = ex.account[ex.account.fact == "export"].iloc[0]
    assert export["start"] == pd.Timestamp("2024-11-18", tz="UTC")
    sources = ex.sources.set_index("path")["status"]
    assert sources["your_facebook_activity/some_new_feature/whatever.json"] == "unknown"
    assert sources["connections/friends/your_friends.json"] == "ignored"
    assert sources["your_facebook_activity/posts/album/0.json"] == "parsed"


def test_2019_2021_layout(tmp_path):
    ex = me.load(fbtrees.era_2019(tmp_path / "facebook-ava-2020-01-02-ZyXwVuTs"))
    assert kinds(ex) == {"photo": 1, "post": 1, "profile_photo": 1, "video": 1, "story": 1}
    paris = ex.items[ex.items.kind == "photo"].iloc[0]
    assert paris["caption"] == "Paris!" and paris["album"] == "Holidays"
    assert paris["tagged"] == 2  # ["Name", "Name"] form of tags, up to 2020
    assert paris["latitude"] == 48.85  # EXIF straight under photo_metadata
    assert paris["taken"] == pd.Timestamp(T0 - 50, unit="s", tz="UTC")
    assert paris["item_id"] == "facebook:photo:3001"  # the id after _n_
    assert paris["link"] == ""  # older names carry no fbid: no permalink guessed


def test_2018_layout(tmp_path):
    ex = me.load(fbtrees.era_2018(tmp_path / "export"))
    assert kinds(ex) == {"post": 2, "photo": 1, "video": 1}
    assert ex.items.loc[ex.items.kind == "photo", "album"].item() == "Timeline Photos"


def test_late_2021_layout(tmp_path):
    ex = me.load(fbtrees.era_late_2021(tmp_path / "export"))
    assert kinds(ex) == {"post": 1, "photo": 1, "video": 1}


def test_2019_2021_comments_and_posts_in_groups_are_routed(tmp_path):
    ex = me.load(fbtrees.public_2021(fbtrees.era_2019(tmp_path / "facebook-ava-2020-01-02-ZyXwVuTs")))
    assert kinds(ex) == {"photo": 2, "post": 2, "profile_photo": 1, "video": 1, "story": 1, "comment": 2}
    assert "unknown" not in set(ex.sources.status)


@pytest.mark.parametrize("posts_name", ["your_posts__check_ins__photos_and_videos_1.json", "your_posts_1.json"])
def test_2022_2023_layout(tmp_path, posts_name):
    ex = me.load(fbtrees.era_2022(tmp_path / "export", posts_name))
    assert kinds(ex) == {"post": 1, "photo": 2}
    assert set(ex.items.album) == {"", "Mobile uploads", "Uncategorized photos"}


def test_pages_style_profile_2025(tmp_path):
    ex = me.load(fbtrees.era_pages_2025(tmp_path / "export"))
    assert kinds(ex) == {"post": 1, "profile_photo": 1, "video": 1}


def test_nested_personal_information_prefix(tmp_path):
    # One 2024 variant nests the whole tree, preferences/ and connections/ too, under this folder.
    root = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    nested = "personal_information/profile_information/"
    ex = me.load(fbtrees.era_2024(root, prefix=nested + "your_facebook_activity/", account=nested))
    plain = me.load(fbtrees.era_2024(tmp_path / "plain" / "facebook-ava-2024-11-18-AbCdEfGh"))
    assert sorted(ex.items.item_id) == sorted(plain.items.item_id)
    assert ex.items.has_file.sum() == plain.items.has_file.sum() == 3
    assert ex.account.drop(columns="source_file").equals(plain.account.drop(columns="source_file"))
    assert ex.account.query("fact == 'default_audience'")["state"].tolist() == ["friends"]  # was lost (issue 15)
    statuses = ex.sources.set_index("path")["status"]
    assert statuses[nested + "connections/friends/your_friends.json"] == "ignored"


def test_ids_are_stable_across_reexports_with_new_folder_suffixes(tmp_path):
    first = me.load(fbtrees.era_2019(tmp_path / "a", suffix="aaaaaaaaaa"))
    second = me.load(fbtrees.era_2019(tmp_path / "b", suffix="bbbbbbbbbb"))
    assert sorted(first.items.item_id) == sorted(second.items.item_id)
    assert first.items.item_id.is_unique


def test_same_second_duplicate_posts_keep_distinct_ids(tmp_path):
    root = tmp_path / "export"
    fbtrees.put(root, "posts/your_posts_1.json", [fbtrees.post(T0, "same"), fbtrees.post(T0, "same")])
    ex = me.load(root)
    assert len(ex.items) == 2 and ex.items.item_id.is_unique
