"""Instagram content of every layout era (FORMATS.md section 5) loads into the shared items frame."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import instagram
from metaexposure.samples import SAMPLES_DIR
from metaexposure.samples._write import write_json
from metaexposure.samples.instagram import write_instagram_samples

T0 = 1_500_000_000  # 2017-07-14


def at(seconds: int) -> pd.Timestamp:
    return pd.Timestamp(seconds, unit="s", tz="UTC")


def media(uri: str, ts: int | None, title: str = "", **extra: Any) -> dict:
    return {"uri": uri, "creation_timestamp": ts, "title": title, **extra}


def name(folder: str, media_id: int, ext: str = "jpg") -> str:
    """A 2021+ media path: media/<folder>/YYYYMM/<a>_<b>_<c>_n_<media id>.<ext>."""
    return f"media/{folder}/201707/111_222_333_n_{media_id}.{ext}"


GEO = {"photo_metadata": {"exif_data": [{"latitude": 38.7, "longitude": -9.1,
                                         "date_time_original": "2017:07:14 01:00:00"}]}}


def content(root: Path, folder: str) -> Path:
    """The same content in every 2021+ era: 11 items, one file of each kind."""
    files = {
        "posts_1.json": [
            {"media": [media(name("posts", 1001), T0, media_metadata=GEO), media(name("posts", 1002, "mp4"), T0)],
             "title": "Caf\u00e9 with friends \U0001F600", "creation_timestamp": T0 + 10},
            {"media": [media(name("posts", 1003), T0 + 20, "Single caption \u65e5\u672c")]},
        ],
        "posts_2.json": [{"media": [media(name("posts", 1004, "webp"), T0 + 30, "From the second file")]}],
        "stories.json": {"ig_stories": [media(name("stories", 2001, "mp4"), T0 + 40),
                                        media(name("stories", 2002), T0 + 41)]},
        "reels.json": {"ig_reels_media": [{"media": [media(name("reels", 3001, "mp4"), T0 + 50, "My reel")]}]},
        "profile_photos.json": {"ig_profile_picture": [
            {"uri": name("profile", 4001), "creation_timestamp": T0 + 5, "title": "", "is_profile_picture": True}]},
        "archived_posts.json": {"ig_archived_post_media": [{"media": [media(name("posts", 5001), T0 + 60,
                                                                            "Hidden away")]}]},
        "recently_deleted_content.json": {"ig_recently_deleted_media": [
            {"media": [media(name("posts", 6001), T0 + 70, "Oops")]},
            {"media": [media(name("stories", 6002), T0 + 71)]}]},
        "igtv_videos.json": {"ig_igtv_media": [{"media": [media(name("igtv", 7001, "mp4"), T0 + 80, "Long video")]}]},
    }
    for file, obj in files.items():
        write_json(root / folder / file, obj)
    (root / name("posts", 1001)).parent.mkdir(parents=True)
    (root / name("posts", 1001)).write_bytes(b"\xff\xd8\xff\xd9")
    return root


EXPECTED = {  # media id -> (kind, album, status, caption)
    "1001": ("photo", "Posts", "live", "Café with friends \U0001F600"),
    "1002": ("video", "Posts", "live", "Café with friends \U0001F600"),
    "1003": ("photo", "Posts", "live", "Single caption 日本"),
    "1004": ("photo", "Posts", "live", "From the second file"),
    "2001": ("story", "Stories", "live", ""),
    "2002": ("story", "Stories", "live", ""),
    "3001": ("reel", "Reels", "live", "My reel"),
    "4001": ("profile_photo", "Profile photos", "live", ""),
    "5001": ("photo", "Archived", "archived", "Hidden away"),
    "6001": ("photo", "Recently deleted", "recently_deleted", "Oops"),
    "6002": ("story", "Recently deleted", "recently_deleted", ""),
    "7001": ("video", "IGTV", "live", "Long video"),
}


def by_media_id(ex: me.Export) -> dict[str, tuple]:
    rows = ex.items.assign(media_id=ex.items.item_id.str.rsplit(":", n=1).str[-1])
    return {r.media_id: (r.kind, r.album, r.status, r.caption) for r in rows.itertuples()}


def balanced(ex: me.Export) -> bool:
    s = ex.stats
    return s["seen"] == s["loaded"] + s["merged"] + s["skipped"]


def every_category(root: Path, activity: str = "your_instagram_activity/") -> Path:
    """The categories beside the content that an export with "All available information" holds (empty here),
    so that a fixture is not told it lacks them (instagram.missing_categories)."""
    write_json(root / f"{activity}comments/post_comments_1.json", [])
    write_json(root / f"{activity}threads/threads_and_replies.json", {"text_post_app_text_posts": []})
    write_json(root / f"{activity}messages/inbox/sam_1/message_1.json", {"participants": [], "messages": []})
    return root


def missing(ex: me.Export) -> list[str]:
    """The folders the load said the export lacks (instagram.missing_categories), in order."""
    said = ex.problems["reason"].str.extract(r"^holds no .*? \(([^;]*);", expand=False).dropna()
    return said.tolist()


@pytest.mark.parametrize("folder", ["content", "your_instagram_activity/content", "your_instagram_activity/media"],
                         ids=["2021-22", "2023-24", "2025"])
def test_every_2021_plus_era(tmp_path, folder):
    ex = me.load(content(tmp_path / "instagram-ava-2025-01-01-AbCdEfGh", folder))
    assert by_media_id(ex) == EXPECTED
    # No privacy files in this fixture: said once, and nothing else is odd (without personal_information.json
    # the export may be one part of a download, so what it lacks is not judged).
    assert ex.problems["reason"].str.startswith("neither the account's current").tolist() == [True]
def test_2020_media_json(tmp_path):
    root = tmp_path / "export"
    write_json(root / "media.json", {
        "photos": [{"caption": "Caf\u00e9 \u2615", "taken_at": "2017-07-14T02:40:00", "path": "photos/201707/ab12.jpg",
                    "location": "Lisboa"}],
        "videos": [{"caption": "", "taken_at": "2017-07-15T10:00:00+00:00", "path": "videos/201707/cd34.mp4"}],
        "stories": [{"caption": "", "taken_at": "2018-01-01T00:00:00", "path": "stories/201801/ef56.jpg"}],
        "profile": [{"caption": "", "taken_at": "2016-05-05T05:05:05", "path": "profile/201605/gh78.jpg"}],
        "direct": [{"taken_at": "2018-02-02T00:00:00", "path": "direct/201802/ij90.jpg"}],
    })
    write_json(root / "profile.json", {"username": "ava", "private_account": True})
    (root / "photos/201707").mkdir(parents=True)
    (root / "photos/201707/ab12.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    ex = me.load(root)
    items = ex.items.set_index("uri")
    assert items["kind"].to_dict() == {"photos/201707/ab12.jpg": "photo", "videos/201707/cd34.mp4": "video",
                                       "stories/201801/ef56.jpg": "story", "profile/201605/gh78.jpg": "profile_photo"}
    photo = items.loc["photos/201707/ab12.jpg"]
    assert photo["caption"] == "Café ☕" and photo["place"] == "Lisboa" and photo["album"] == "Posts"
    assert photo["created"] == pd.Timestamp("2017-07-14 02:40:00", tz="UTC") and photo["has_file"]
    assert items.loc["profile/201605/gh78.jpg", "album"] == "Profile photos"
    visibility = ex.account[ex.account.fact == "visibility"]
    assert visibility["state"].tolist() == ["private"] and visibility["source_file"].tolist() == ["profile.json"]
    assert missing(ex) == ["comments.json"] and len(ex.problems) == 1 and balanced(ex)


def test_posts_file_holding_one_object_is_read_and_reported(tmp_path):
    root = tmp_path / "export"
    write_json(root / "your_instagram_activity/media/posts_1.json",
               {"media": [media(name("posts", 1), T0, "Alone")]})
    ex = me.load(root)
    assert ex.items["caption"].tolist() == ["Alone"]
    assert "instead of a list" in ex.problems["reason"].iloc[0]
    assert not ex.problems["skipped"].any()


def test_scrubbed_values_become_problems_not_crashes(tmp_path):
    """Truncated timestamps and extensionless uris, as in a scrubbed 2025 export."""
    root = tmp_path / "export"
    write_json(root / "your_instagram_activity/content/posts_1.json", [
        {"media": [media("media/posts/BSC", 1708072)]},
        {"media": [media("media/posts/202407/x_17926160567808540.jpg", 1708072), media("BSC2", T0)],
         "title": "bla", "creation_timestamp": T0 + 2},
        {"media": []},
        {"media": [None, "text"]},
        "not a post",
    ])
    write_json(root / "your_instagram_activity/content/stories.json", {"ig_stories": [
        media("media/storie", T0, media_metadata={"photo_metadata": {"exif_data": [{"date_time_original": "000"}]}})]})
    ex = me.load(root)
    reasons = ex.problems["reason"].tolist()
    assert sum("1708072 is before 2004" in r for r in reasons) == 2
    assert sum("has no file extension" in r for r in reasons) == 3
    assert any("date_time_original is not an EXIF time: '000'" in r for r in reasons)
    assert ex.problems["skipped"].sum() == 4  # empty post, two non-object media, a string as a post
    assert len(ex.items) == 4 and balanced(ex)
    items = ex.items.set_index("uri")
    assert pd.isna(items.loc["media/posts/BSC", "created"])  # no other time to fall back on
    assert items.loc["media/posts/202407/x_17926160567808540.jpg", "created"] == at(T0 + 2)
    assert items.loc["media/posts/202407/x_17926160567808540.jpg", "item_id"] == "instagram:photo:17926160567808540"
    assert items.loc["media/storie", "kind"] == "story"


def test_odd_files(tmp_path):
    root = tmp_path / "export"
    write_json(root / "content/posts_1.json", [{"media": [media(name("posts", 1), T0)]}])
    (root / "content/stories.json").write_text("[object Object]")
    write_json(root / "content/reels.json", {"ig_reels_media": "nope"})
    write_json(root / "content/profile_photos.json", {"something_new": [media(name("profile", 2), T0)]})
    write_json(root / "content/brand_new_feature.json", {"x": []})
    ex = me.load(root)
    sources = ex.sources.set_index("path")["status"]
    assert sources["content/stories.json"] == "unreadable"
    assert sources["content/brand_new_feature.json"] == "unknown"
    assert set(ex.items["kind"]) == {"photo", "profile_photo"}
    reasons = " | ".join(ex.problems["reason"])
    assert "not valid JSON" in reasons and "not a list" in reasons and "unexpected key 'something_new'" in reasons
    assert balanced(ex)


def test_routes():
    for rel in ("content/posts_1.json", "your_instagram_activity/media/posts_12.json", "media.json",
                "your_instagram_activity/content/igtv_videos.json", "account_information/personal_information.json",
                "login_and_account_creation/account_privacy_changes.json"):
        assert instagram.route(rel)[1] is not None, rel
    for rel in ("your_instagram_activity/likes/liked_posts.json", "connections/followers_and_following/x.json",
                "messages.json"):
        assert instagram.route(rel) == (True, None), rel
    assert instagram.route("your_instagram_activity/media/posts.json") == (False, None)


def test_zip_loads_like_the_folder(tmp_path):
    folder = content(tmp_path / "instagram-ava-2025-01-01-AbCdEfGh", "your_instagram_activity/media")
    zip_path = tmp_path / "instagram-ava-2025-01-01-AbCdEfGh.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    pd.testing.assert_frame_equal(me.load(zip_path).items, me.load(folder).items)


# The committed samples: exact counts, and regenerating them gives the same bytes.

def sample(name: str) -> Path:
    return SAMPLES_DIR / name


def counts(ex: me.Export) -> dict[tuple[str, str], int]:
    return {k: v for k, v in ex.items.groupby(["kind", "status"], observed=True).size().items()}


def test_2025_sample_counts():
    ex = me.load(sample("instagram-2025"))
    # 29 post photos + 2 other-content photos + 1 Threads photo; 5 Threads text posts; 8 comments.
    assert counts(ex) == {("photo", "live"): 32, ("photo", "archived"): 3, ("photo", "recently_deleted"): 1,
                          ("video", "live"): 3, ("post", "live"): 5, ("story", "live"): 8,
                          ("story", "recently_deleted"): 1, ("reel", "live"): 3, ("profile_photo", "live"): 3,
                          ("comment", "live"): 8}
    assert ex.items.groupby("platform", observed=True).size().to_dict() == {"instagram": 61, "threads": 6}
    # The Threads profile photo is the newest Instagram one: one file, one item.
    assert ex.problems.empty and balanced(ex) and ex.stats["seen"] == 68 and ex.stats["merged"] == 1
    assert ex.items["has_file"].sum() == 47  # every picture; the videos were left out
    assert ex.items["latitude"].notna().sum() == 14
    assert ex.items["created"].min().year == 2013 and ex.items["created"].max().year == 2025
    assert "東京の夜 🌃 Tokyo at night" in set(ex.items["caption"])
    assert "Zürich: Grüße vom See 🇨🇭" in set(ex.items["caption"])
    visibility = ex.account[(ex.account.fact == "visibility") & (ex.account.platform == "instagram")]
    assert visibility[["state", "start", "end"]].values.tolist() == [
        ["public", pd.NaT, pd.Timestamp("2016-03-01 10:00", tz="UTC")],
        ["private", pd.Timestamp("2016-03-01 10:00", tz="UTC"), pd.Timestamp("2021-09-15 18:30", tz="UTC")],
        ["public", pd.Timestamp("2021-09-15 18:30", tz="UTC"), pd.NaT]]
    assert (visibility["basis"] == "current state (personal_information.json) + 2 switches "
                                   "(profile_privacy_changes.json)").all()


def test_2021_sample_counts_and_shared_ids():
    ex = me.load(sample("instagram-2021"))
    assert counts(ex) == {("photo", "live"): 8, ("photo", "archived"): 1, ("video", "live"): 1,
                          ("story", "live"): 3, ("profile_photo", "live"): 2, ("comment", "live"): 2}
    assert ex.problems.empty and balanced(ex)
    visibility = ex.account[ex.account.fact == "visibility"]
    assert visibility["state"].tolist() == ["public", "private"]
    assert visibility["end"].iloc[0] == pd.Timestamp("2016-03-01 10:00", tz="UTC")
    # The same account exported twice: every 2021 item is in the 2025 export under the same id.
    assert set(ex.items["item_id"]) <= set(me.load(sample("instagram-2025")).items["item_id"])


def test_albums_include_instagram_pseudo_albums():
    albums = me.load(sample("instagram-2025")).albums
    assert set(albums.loc[albums.platform == "instagram", "album"]) == {
        "Posts", "Stories", "Reels", "Profile photos", "Archived", "Recently deleted", "Other content", "Comments",
        "Reel comments"}
    assert set(albums.loc[albums.platform == "threads", "album"]) == {"Threads", "Threads replies"}


def test_samples_regenerate_byte_for_byte(tmp_path):
    write_instagram_samples(tmp_path)
    for folder in ("instagram-2025", "instagram-2021"):
        fresh = {p.relative_to(tmp_path / folder): p.read_bytes() for p in (tmp_path / folder).rglob("*")
                 if p.is_file()}
        committed = {p.relative_to(sample(folder)): p.read_bytes() for p in sample(folder).rglob("*")
                     if p.is_file() and p.name != "README.md"}
        assert fresh.keys() == committed.keys()
        assert [k for k in fresh if fresh[k] != committed[k]] == []


def test_samples_stay_small():
    size = sum(p.stat().st_size for folder in ("instagram-2025", "instagram-2021")
               for p in sample(folder).rglob("*") if p.is_file())
    assert size < 1.4 * 1024**2


def test_facebook_and_instagram_samples_load_into_one_frame():
    facebook, ig = me.sample_paths("default")
    assert ig == sample("instagram-2025")
    ex = me.load(facebook, ig)
    both = me.load(facebook)
    assert set(ex.items["platform"]) == {"facebook", "instagram", "threads"}
    assert (ex.items["platform"] == "instagram").sum() == 61 and (ex.items["platform"] == "threads").sum() == 6
    assert (ex.items["platform"] == "facebook").sum() == len(both.items)
    assert ex.items["item_id"].is_unique and balanced(ex)
    albums = set(zip(ex.albums["platform"], ex.albums["album"], strict=True))
    assert {("instagram", "Posts"), ("instagram", "Stories"), ("instagram", "Reels"), ("instagram", "Profile photos"),
            ("instagram", "Archived"), ("facebook", "Profile pictures")} <= albums
    assert set(ex.account.loc[ex.account.fact == "visibility", "platform"]) == {"instagram", "threads"}
