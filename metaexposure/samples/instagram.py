"""The synthetic Instagram exports of Ava Synthetic: a 2025 layout and a small 2021 one.

Everything here is invented. Ava's account was public from 2013, private from 2016-03-01 and public
again from 2021-09-15, so the 2021 export sees one switch (to private) and the 2025 export two.
Both exports share media ids and pictures, as two real exports of one account would.
Video files (posts, reels, one story) are left out to keep the samples small: their rows have
``has_file`` False, as when a user downloads without media.
Her comments, Threads posts and profile, Meta AI chat and interests, and post insights are planned
in _public_instagram.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ._write import write_bytes, write_json
from .jpeg import make_jpeg

ROOT_2025 = "instagram-2025/instagram-avasynthetic-2025-11-02-SyNtH25i"
ROOT_2021 = "instagram-2021/instagram-avasynthetic-2021-06-30-SyNtH21i"
TO_PRIVATE = 1456826400  # 2016-03-01 10:00 UTC
TO_PUBLIC = 1631730600  # 2021-09-15 18:30 UTC

LISBON, ZURICH, TOKYO, ATHENS = (38.7139, -9.1394), (47.3769, 8.5417), (35.6895, 139.6917), (37.9715, 23.7257)
KRAKOW, SAO_PAULO, REYKJAVIK, KOLN = (50.0617, 19.9373), (-23.5505, -46.6333), (64.1466, -21.9426), (50.9413, 6.9583)
ALGARVE = (37.0194, -7.9304)


def _ts(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp())


@dataclass(frozen=True)
class Shot:
    """One media file: a picture (or a video when ``video``), maybe geotagged."""

    video: bool = False
    gps: tuple[float, float] | None = None


P, V = Shot(), Shot(video=True)


def G(place: tuple[float, float]) -> Shot:  # noqa: N802 - reads like the table it fills
    return Shot(gps=place)


# (time, caption, media): posts 2013-2025, newest last here and newest first in the file.
POSTS = [
    ("2013-07-14 09:12", "First post! Hello Instagram \U0001F44B", [P]),
    ("2013-12-24 19:40", "Cr\u00e8me br\u00fbl\u00e9e for Christmas \U0001F36E", [P]),
    ("2014-05-03 16:05", "Lisboa, finalmente \u2600\ufe0f", [G(LISBON), G(LISBON), P]),
    ("2014-09-20 11:30", "Rainy Sunday", [P]),
    ("2015-06-11 18:22", "Z\u00fcrich: Gr\u00fc\u00dfe vom See \U0001F1E8\U0001F1ED", [G(ZURICH), G(ZURICH)]),
    ("2015-11-02 08:00", "", [P]),
    ("2016-04-17 21:48", "\u6771\u4eac\u306e\u591c \U0001F303 Tokyo at night", [G(TOKYO), V]),
    ("2017-08-08 13:15", "Summer in \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \U0001F3DB\ufe0f", [G(ATHENS)]),
    ("2018-02-14 20:02", "Homemade ramen \U0001F35C", [V]),
    ("2019-07-01 10:45", "Krak\u00f3w, Rynek G\u0142\u00f3wny", [G(KRAKOW), G(KRAKOW)]),
    ("2020-04-04 15:30", "Day 21 inside. Sourdough #3 \U0001F35E", [P]),
    ("2020-12-31 23:10", "Goodbye 2020 \U0001F386", [P]),
    ("2021-05-22 12:00", "S\u00e3o Paulo \u2764\ufe0f", [G(SAO_PAULO)]),
    ("2021-10-09 17:20", "Back to public! Autumn colours \U0001F342", [P, P, P]),
    ("2022-03-19 14:14", "Se\u00f1ora Rosa's paella \U0001F958", [P]),
    ("2022-08-27 22:30", "Reykjav\u00edk \U0001F30B", [G(REYKJAVIK), P]),
    ("2023-06-06 09:00", "Ten years on Instagram \U0001F389", [P, P, P, P]),
    ("2024-06-30 16:40", "K\u00f6ln, Dom \U0001F1E9\U0001F1EA", [G(KOLN)]),
    ("2025-02-09 08:25", "Snow day \u2744\ufe0f \u96ea\u306e\u65e5", [V]),
    ("2025-09-21 19:55", "Last of the summer \U0001F305", [G(ALGARVE), P]),
]
STORIES = [("2017-03-01 18:00", P), ("2018-07-15 21:30", G(LISBON)), ("2019-10-31 20:00", P),
           ("2021-12-24 17:45", P), ("2023-01-01 00:20", P), ("2024-08-15 12:10", G(ALGARVE)),
           ("2025-05-05 09:05", V), ("2025-10-20 18:40", P)]
REELS = [("2022-07-07 19:00", "First reel: making pastel de nata \U0001F967"),
         ("2023-11-11 11:11", "11/11 \u2728"), ("2025-08-08 20:08", "Swimming in the Atlantic \U0001F30A")]
PROFILE_PHOTOS = ["2013-07-14 09:00", "2018-01-01 12:00", "2023-05-01 10:30"]
ARCHIVED = [("2016-09-10 22:00", "Old haircut, hiding this one \U0001F648", [P]),
            ("2019-03-03 01:15", "Party \U0001F389 caf\u00e9 Z\u00fcrich", [P, P])]
# Recently deleted: a post photo and a story, told apart only by their media folder.
DELETED = [("2025-10-01 07:30", "Blurry test shot", "posts"), ("2025-10-25 22:05", "", "stories")]

# Which posts, stories and profile photos the small 2021 export keeps (indexes into the lists above).
POSTS_2021 = (0, 2, 6, 9, 12)
STORIES_2021 = (0, 1, 2)


class _Media:
    """Media file names and pictures, the same in both exports of the account."""

    def __init__(self) -> None:
        self.rng = random.Random(20131714)
        self.names: dict[tuple[str, int], str] = {}
        self.pictures: dict[str, bytes] = {}
        self.used: set[str] = set()  # uris named by the export being written

    def uri(self, folder: str, seconds: int, index: int, shot: Shot) -> str:
        key = (folder, seconds * 10 + index)
        if key not in self.names:
            rng = self.rng
            stem = (f"{rng.randrange(10**8, 10**9)}_{rng.randrange(10**14, 10**15)}_"
                    f"{rng.randrange(10**18, 10**19)}_n_{rng.randrange(17 * 10**15, 18 * 10**15)}")
            month = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y%m")
            self.names[key] = f"media/{folder}/{month}/{stem}.{'mp4' if shot.video else 'jpg'}"
        uri = self.names[key]
        self.used.add(uri)
        if not shot.video and uri not in self.pictures:
            self.pictures[uri] = make_jpeg(len(self.names) * 7919 % 100003, taken=seconds - 600, gps=shot.gps)
        return uri


def _exif(seconds: int, shot: Shot) -> dict:
    entry: dict = {"device_id": "android-5a3f0c9e1b7d2e48", "camera_position": "back", "source_type": "library"}
    if not shot.video:
        entry["date_time_original"] = datetime.fromtimestamp(seconds - 600, tz=timezone.utc).strftime(
            "%Y:%m:%d %H:%M:%S")
    if shot.gps:
        entry["latitude"], entry["longitude"] = shot.gps
    return {"video_metadata" if shot.video else "photo_metadata": {"exif_data": [entry]}}


def _media(media: _Media, folder: str, seconds: int, index: int, shot: Shot, title: str = "") -> dict:
    return {"uri": media.uri(folder, seconds, index, shot), "creation_timestamp": seconds + index,
            "media_metadata": _exif(seconds, shot), "title": title,
            "cross_post_source": {"source_app": "FB"}}


def _post(media: _Media, when: str, caption: str, shots: list[Shot], folder: str = "posts") -> dict:
    """Single-media posts carry the caption in media[0].title; carousels at top level (FORMATS.md 5)."""
    seconds = _ts(when)
    if len(shots) == 1:
        return {"media": [_media(media, folder, seconds, 0, shots[0], caption)]}
    return {"media": [_media(media, folder, seconds, i, shot) for i, shot in enumerate(shots)],
            "title": caption, "creation_timestamp": seconds + len(shots)}


def _string_map(**fields: str | int) -> dict:
    return {label.replace("_", " "): {"href": "", "value": value if isinstance(value, str) else "",
                                      "timestamp": value if isinstance(value, int) else 0}
            for label, value in fields.items()}


def _personal_information(media: _Media, private: bool, photo: str) -> dict:
    return {"profile_user": [{
        "title": "User Information",
        "media_map_data": {"Profile Photo": _media(media, "profile", _ts(photo), 0, P)},
        "string_map_data": _string_map(Email="ava.synthetic@example.invalid", Username="avasynthetic",
                                       Name="Ava Synthetic", Gender="female",
                                       Private_Account="True" if private else "False")}]}


def _privacy_history(switches: list[tuple[int, str]]) -> dict:
    # Newest first, as Meta lists account history.
    return {"account_history_account_privacy_history": [
        {"title": title, "media_map_data": {}, "string_map_data": _string_map(Time=seconds)}
        for seconds, title in sorted(switches, reverse=True)]}


def _content(media: _Media, posts: list, stories: list, reels: list, profile: list, archived: list,
             deleted: list) -> dict[str, object]:
    files: dict[str, object] = {
        "posts_1.json": [_post(media, *post) for post in reversed(posts)],
        "stories.json": {"ig_stories": [_media(media, "stories", _ts(when), 0, shot)
                                         for when, shot in reversed(stories)]},
        "profile_photos.json": {"ig_profile_picture": [
            {**_media(media, "profile", _ts(when), 0, P), "is_profile_picture": True}
            for when in reversed(profile)]},
        "archived_posts.json": {"ig_archived_post_media": [_post(media, *post) for post in reversed(archived)]},
    }
    if reels:
        files["reels.json"] = {"ig_reels_media": [{"media": [_media(media, "reels", _ts(when), 0, V, caption)]}
                                                  for when, caption in reversed(reels)]}
    if deleted:
        files["recently_deleted_content.json"] = {"ig_recently_deleted_media": [
            _post(media, when, caption, [P], folder) for when, caption, folder in reversed(deleted)]}
    return files


def _write_export(root: Path, content_dir: str, files: dict[str, object], extra: dict[str, object],
                  media: _Media) -> None:
    for name, obj in files.items():
        write_json(root / content_dir / name, obj)
    for rel, obj in extra.items():
        write_json(root / rel, obj)
    for uri in sorted(media.used):
        if uri in media.pictures:
            write_bytes(root / uri, media.pictures[uri])
    media.used.clear()


def write_instagram_samples(out_dir: Path) -> list[Path]:
    """Write both Instagram sample exports under out_dir; returns the export folders."""
    out_dir = Path(out_dir)
    media = _Media()
    root = out_dir / ROOT_2025
    content = _content(media, POSTS, STORIES, REELS, PROFILE_PHOTOS, ARCHIVED, DELETED)
    history = _privacy_history([(TO_PRIVATE, "Account privacy changed to private"),
                                (TO_PUBLIC, "Account privacy changed to public")])
    # Imported here: the module builds on this one's helpers. Its new media names come after every older
    # one, so the older files and pictures keep their bytes.
    from ._public_instagram import public_files_2021, public_files_2025

    _write_export(root, "your_instagram_activity/media", content, {
        "personal_information/personal_information/personal_information.json":
            _personal_information(media, False, PROFILE_PHOTOS[-1]),
        "security_and_login_information/login_and_profile_creation/profile_privacy_changes.json": history,
        "your_instagram_activity/likes/liked_posts.json": {"likes_media_likes": []},
        **public_files_2025(media),
    }, media)
    old_root = out_dir / ROOT_2021
    content = _content(media, [POSTS[i] for i in POSTS_2021], [STORIES[i] for i in STORIES_2021], [],
                       PROFILE_PHOTOS[:2], ARCHIVED[:1], [])
    _write_export(old_root, "content", content, {
        "account_information/personal_information.json": _personal_information(media, True, PROFILE_PHOTOS[1]),
        "login_and_account_creation/account_privacy_changes.json":
            _privacy_history([(TO_PRIVATE, "Account privacy changed to private")]),
        **public_files_2021(),
    }, media)
    return [root.parent, old_root.parent]


__all__ = ["write_instagram_samples"]
