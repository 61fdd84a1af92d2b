"""Synthetic Facebook exports of Ava Synthetic, a fictional person, in the 2024+ and 2019-2021 layouts.

The plan (how many items of each kind, which photos are shared in posts, which files are left
out) is fixed here; randomness, from fixed seeds, only picks times, texts and colours. So the
expected counts in tests/test_samples_facebook.py follow from reading this file:

2024+ (facebook-2024): 9 albums with 213 photos (Profile pictures 9, Cover photos 6, Timeline
Photos 30, Mobile uploads 110, Lisbon 2012 12, Grandma's 90th 10, Hiking club 16, Kyoto 京都 2019
12, Sourdough 🍞 diary 8), 161 of them also in posts (every profile and cover photo also in the
profile update history); 12 videos (4 also in posts), 10 uncategorized photos, 24 stories
(6 videos), 8 reels; 40 status updates, 15 link posts, 8 check-ins, 1 post sharing a Note (with
1 photo found only in the note); 6 archived and 4 trashed posts. Video files are left out on
purpose, as when a user skips them; two photos are listed without their file.

2019-2021 (facebook-2021): 4 albums with 32 photos (Profile pictures 4, Timeline Photos 8,
Mobile uploads 14, Porto 2018 6), 22 of them in posts; 3 videos (1 in a post, 1 with a remote
URL); 8 status updates, 3 link posts, 1 check-in.

Both also hold what Ava wrote in other people's places (comments, group posts, posts on friends'
profiles and Pages), Meta AI chats, linked apps and more: their plan is in _public.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from . import _facebook_text as words
from ._fbexport import (
    ACTIVITY,
    NAME,
    PROFILE_URL,
    WRAPPER_2021,
    WRAPPER_2024,
    AlbumPlan,
    ExportWriter,
    Photo,
    build_album,
    check_ins,
    link_posts,
    newest_first,
    photo_posts,
    text_posts,
    utc,
)
from ._public import note_post, public_writer, write_public_2021, write_public_2024
from ._public_text import BIO

EXPORTED_2024 = utc(2025, 11, 2, 9, 30)


def albums_2024() -> list[AlbumPlan]:
    return [
        AlbumPlan("Profile pictures", utc(2009, 5, 1), utc(2025, 9, 1), 9, (1,), unknown_taken=1.0, size=(48, 48)),
        AlbumPlan("Cover photos", utc(2011, 1, 1), utc(2024, 12, 1), 6, (1,), unknown_taken=1.0, size=(64, 24)),
        AlbumPlan("Timeline Photos", utc(2009, 4, 1), utc(2013, 6, 30), 30, (1, 2, 1, 3, 1, 4), unknown_taken=0.5),
        AlbumPlan("Mobile uploads", utc(2012, 3, 1), utc(2025, 10, 20), 90, (1, 1, 2, 1, 3, 1, 4, 2), album_only=20,
                  unknown_taken=0.15, spots=(words.HOME,), gps_every=3),
        AlbumPlan("Lisbon 2012", utc(2012, 7, 2), utc(2012, 7, 9), 4, (4,), album_only=8, unknown_taken=0.0,
                  spots=words.LISBON),
        AlbumPlan("Grandma's 90th", utc(2016, 5, 14, 14), utc(2016, 5, 14, 20), 3, (3,), album_only=7,
                  unknown_taken=0.0),
        AlbumPlan("Hiking club", utc(2018, 4, 1), utc(2023, 9, 30), 6, (2,), album_only=10, unknown_taken=0.0,
                  spots=words.HILLS),
        AlbumPlan("Kyoto 京都 2019", utc(2019, 11, 15), utc(2019, 11, 22), 5, (4, 1), album_only=7,
                  unknown_taken=0.0, spots=words.KYOTO),
        AlbumPlan("Sourdough 🍞 diary", utc(2020, 4, 1), utc(2021, 2, 28), 4, (1,), album_only=4),
    ]


def label_record(export: ExportWriter, timestamp: int, message: str) -> dict[str, Any]:
    """A 2022+ ``label_values`` record: the only post shape that carries an fbid and a URL."""
    fbid = export.fbid()
    url = f"{PROFILE_URL}/posts/{fbid}"
    return {"timestamp": timestamp, "fbid": fbid, "media": [],
            "label_values": [{"label": "Message", "value": message}, {"label": "URL", "value": url, "href": url}]}


def media_collection(export: ExportWriter, album: str, folder: str, times: list[int], texts: tuple[str, ...],
                     suffix: str = ".jpg", size: tuple[int, int] = (64, 48)) -> list[Photo]:
    return [export.photo(album, folder, moment, taken=0 if suffix == ".mp4" else export.taken(moment, 0.3),
                         size=size, description=texts[index % len(texts)], suffix=suffix)
            for index, moment in enumerate(times)]


def write_2024(export: ExportWriter) -> None:
    """The 2024+ layout: everything under your_facebook_activity/, media named <fbid>.jpg."""
    posts: list[dict] = []
    history: list[dict] = []
    for number, plan in enumerate(albums_2024()):
        photos, shared = build_album(export, plan)
        if plan.name in ("Timeline Photos", "Mobile uploads"):
            photos[3 if plan.name == "Timeline Photos" else 7].present = False  # listed, file missing
        album_posts = list(photo_posts(export, plan, shared))
        posts += album_posts
        if plan.name in ("Profile pictures", "Cover photos"):
            history += album_posts
        description = words.ALBUM_DESCRIPTIONS.get(plan.name, "")
        export.album_file(f"{ACTIVITY}/posts/album/{number}.json", plan.name, photos, description)
    shared, stories = write_media_2024(export)
    posts += shared
    # Files beyond her own posts come from a writer of their own, so the older files keep their bytes.
    public = public_writer(export, "metaexposure-facebook-2024-public")
    posts.append(note_post(public))
    posts += text_posts(export, utc(2009, 3, 20), utc(2025, 10, 28), len(words.STATUSES))
    posts += link_posts(export, utc(2010, 2, 1), utc(2025, 9, 30), 15, with_text=10)
    visits = list(check_ins(export, utc(2011, 5, 1), utc(2025, 8, 31), 8))
    posts += visits
    export.json(f"{ACTIVITY}/posts/your_posts__check_ins__photos_and_videos_1.json", newest_first(posts))
    export.json("personal_information/profile_information/profile_update_history.json",
                {"profile_updates_v2": newest_first(history)})
    archived = export.spread(utc(2010, 6, 1), utc(2021, 6, 1), len(words.ARCHIVED))
    export.json(f"{ACTIVITY}/posts/archive.json",
                [label_record(export, t, m) for t, m in zip(archived, words.ARCHIVED, strict=True)][::-1])
    trashed = export.spread(utc(2014, 1, 1), utc(2025, 10, 1), len(words.TRASHED))
    export.json(f"{ACTIVITY}/posts/trash.json",
                [label_record(export, t, m) for t, m in zip(trashed, words.TRASHED, strict=True)][::-1])
    write_settings_2024(export, visits)
    write_public_2024(public, [stories[1], stories[-3]], EXPORTED_2024)


def write_media_2024(export: ExportWriter) -> tuple[list[dict], list[Photo]]:
    """Videos, uncategorized photos, stories and reels; returns the posts that shared videos, and the stories."""
    media = f"{ACTIVITY}/posts/media"
    videos = media_collection(export, "Videos", f"{media}/videos", export.spread(utc(2014, 1, 1), utc(2025, 9, 1), 12),
                              words.VIDEO_TEXTS, suffix=".mp4")
    export.json(f"{ACTIVITY}/posts/your_videos.json", {"videos_v2": [export.media(v) for v in videos]})
    shared = [export.post(v.created + 20, f"{NAME} added a new video.", text=v.description or "Watch this!",
                          media=[v]) for v in videos[2::3]]

    other = media_collection(export, "Uncategorized photos", f"{media}/your_posts",
                             export.spread(utc(2015, 1, 1), utc(2024, 12, 1), 10), words.UNCATEGORIZED)
    other[4].created = other[4].taken = 0  # a 0 timestamp, as real exports have: reported, kept
    export.json(f"{ACTIVITY}/posts/your_uncategorized_photos.json",
                {"other_photos_v2": [export.media(p) for p in other]})
    export.files(other)

    story_times = export.spread(utc(2017, 3, 1), utc(2025, 10, 25), 24)
    stories = [export.photo("Stories", f"{media}/stories", t, taken=0 if i % 4 == 3 else export.taken(t, 0.3),
                            size=(36, 64), suffix=".mp4" if i % 4 == 3 else ".jpg")
               for i, t in enumerate(story_times)]
    export.json(f"{ACTIVITY}/stories/archived_stories.json", {"archived_stories_v2": newest_first([
        export.post(s.created + 2, f"{NAME} added to her story.", text=words.STORY_TEXTS[i % 8], media=[s])
        for i, s in enumerate(stories)])})
    export.files(stories)

    reels = [export.photo("Reels", f"{media}/videos", t, suffix=".mp4")
             for t in export.spread(utc(2021, 6, 1), utc(2025, 10, 15), len(words.REEL_TEXTS))]
    export.json(f"{ACTIVITY}/reels/your_reels.json", {"lasso_videos_v2": newest_first([
        export.post(r.created + 30, f"{NAME} shared a reel.", text=text, media=[r])
        for r, text in zip(reels, words.REEL_TEXTS, strict=True)])})
    return shared, stories


def write_settings_2024(export: ExportWriter, visits: list[dict]) -> None:
    """Privacy settings, plus files the loader knows and ignores on purpose."""
    export.json("preferences/preferences/privacy_settings.json", [{
        "timestamp": EXPORTED_2024, "media": [],
        "label_values": [
            {"title": "Your activity", "dict": [
                {"label": "Who can see your future posts?", "value": "Friends"},
                {"label": "Who can see the people, Pages and lists you follow?", "value": "Only me"}]},
            {"title": "How people find and contact you", "dict": [
                {"label": "Who can send you friend requests?", "value": "Everyone"},
                {"label": "Who can look you up using the email address you provided?", "value": "Friends"}]},
        ]}])
    friends = export.spread(utc(2009, 3, 20), utc(2024, 6, 1), len(words.FRIENDS))
    export.json("connections/friends/your_friends.json",
                {"friends_v2": [{"name": n, "timestamp": t} for n, t in zip(words.FRIENDS, friends, strict=True)]})
    export.json("personal_information/profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": NAME, "first_name": "Ava", "last_name": "Synthetic"},
        "emails": {"emails": ["ava.synthetic@example.com"]}, "registration_timestamp": utc(2009, 3, 14),
        "intro_bio": BIO, "profile_uri": PROFILE_URL}})
    export.json(f"{ACTIVITY}/posts/check-ins.json", [
        {"timestamp": p["timestamp"], "fbid": export.fbid(), "label_values": [
            {"label": "Place", "value": p["attachments"][0]["data"][0]["place"]["name"]},
            {"label": "URL", "value": f"{PROFILE_URL}/posts/{export.fbid()}"}]} for p in visits][::-1])


def albums_2021() -> list[AlbumPlan]:
    return [
        AlbumPlan("Profile pictures", utc(2010, 8, 1), utc(2020, 4, 30), 4, (1,), unknown_taken=1.0, size=(48, 48)),
        AlbumPlan("Timeline Photos", utc(2010, 2, 1), utc(2013, 10, 31), 8, (1, 2, 1, 3, 1), unknown_taken=0.5),
        AlbumPlan("Mobile uploads", utc(2013, 3, 1), utc(2021, 5, 31), 8, (1, 2, 1, 1, 3), album_only=6,
                  spots=(words.HOME,), gps_every=3),
        AlbumPlan("Porto 2018", utc(2018, 9, 1), utc(2018, 9, 6), 2, (2,), album_only=4, unknown_taken=0.0,
                  spots=words.PORTO),
    ]


def write_2021(export: ExportWriter) -> None:
    """The 2019-2021 layout: posts/your_posts_1.json, photos_and_videos/, flat EXIF, tags as names."""
    posts: list[dict] = []
    for number, plan in enumerate(albums_2021()):
        photos, shared = build_album(export, plan)
        posts += photo_posts(export, plan, shared)
        export.album_file(f"photos_and_videos/album/{number}.json", plan.name, photos,
                          words.ALBUM_DESCRIPTIONS.get(plan.name, ""))
    videos = media_collection(export, "Videos", "photos_and_videos/videos",
                              export.spread(utc(2015, 6, 1), utc(2020, 12, 1), 3), ("", "Beach day 🌊", ""),
                              suffix=".mp4")
    # Some 2020 exports point at a remote copy instead of a local file: never fetched.
    videos[2].uri = "https://video.example.net/v/" + videos[2].uri.rsplit("/", 1)[1]
    export.json("photos_and_videos/your_videos.json", {"videos": [export.media(v) for v in videos]})
    posts.append(export.post(videos[1].created + 15, f"{NAME} added a new video.", text="Beach day 🌊",
                             media=[videos[1]]))
    posts += text_posts(export, utc(2010, 1, 10), utc(2021, 6, 1), 8)
    posts += link_posts(export, utc(2012, 1, 1), utc(2020, 12, 31), 3, with_text=2)
    posts += check_ins(export, utc(2016, 1, 1), utc(2019, 12, 31), 1)
    export.json("posts/your_posts_1.json", newest_first(posts))
    friends = export.spread(utc(2010, 1, 5), utc(2020, 1, 1), len(words.FRIENDS))
    export.json("friends/friends.json",
                {"friends": [{"name": n, "timestamp": t} for n, t in zip(words.FRIENDS, friends, strict=True)]})
    export.json("profile_information/profile_information.json",
                {"profile": {"name": NAME, "registration_timestamp": utc(2009, 3, 14)}})
    write_public_2021(public_writer(export, "metaexposure-facebook-2021-public"))


def write_facebook_samples(out_dir: Path) -> list[Path]:
    """Write both Facebook sample exports under out_dir (replacing them); returns their folders."""
    out_dir = Path(out_dir)
    folders = [out_dir / "facebook-2024", out_dir / "facebook-2021"]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    write_2024(ExportWriter(folders[0] / WRAPPER_2024, "metaexposure-facebook-2024", old_layout=False))
    write_2021(ExportWriter(folders[1] / WRAPPER_2021, "metaexposure-facebook-2021", old_layout=True))
    return folders
