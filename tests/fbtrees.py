"""Small Facebook export trees, one per layout era (FORMATS.md section 1), written at test time."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

T0 = 1_400_000_000  # 2014-05-13


def meta(value: str) -> str:
    """Meta's text encoding: every UTF-8 byte as its own U+00XX character."""
    return value.encode("utf-8").decode("latin-1")


def put(root: Path, rel: str, obj: Any) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(obj, (bytes, str)):
        path.write_bytes(obj if isinstance(obj, bytes) else obj.encode())
    else:
        path.write_text(json.dumps(obj, indent=1, ensure_ascii=True))


def photo(uri: str, ts: int, title: str = "", **extra: Any) -> dict:
    return {"uri": uri, "creation_timestamp": ts, "title": title, **extra}


def post(ts: int, text: str | None = None, media: list[dict] = (), place: dict | None = None,
         link: str | None = None, tags: list | None = None) -> dict:
    record: dict = {"timestamp": ts, "title": "Ava Synthetic updated her status."}
    if text is not None:
        record["data"] = [{"post": meta(text)}, {"update_timestamp": ts + 60}]
    attachments = [{"data": [{"media": m}]} for m in media]
    if place:
        attachments.append({"data": [{"place": place}]})
    if link:
        attachments.append({"data": [{"external_context": {"url": link}}]})
    if attachments:
        record["attachments"] = attachments
    if tags is not None:
        record["tags"] = tags
    return record


def era_2024(root: Path, prefix: str = "your_facebook_activity/") -> Path:
    """2024+: your_facebook_activity/, fbid file names, videos_v2, stories, reels."""
    media = f"{prefix}posts/media/"
    p1 = photo(f"{media}Lisbon2012_1001/5001.jpg", T0, "Lisbon 2012",
               media_metadata={"photo_metadata": {"exif_data": [{"taken_timestamp": T0 - 100,
                                                                 "latitude": 38.7, "longitude": -9.1}]}})
    p2 = photo(f"{media}Lisbon2012_1001/5002.jpg", T0 + 1, "Lisbon 2012")
    put(root, f"{prefix}posts/your_posts__check_ins__photos_and_videos_1.json", [
        post(T0 + 10, "Caf\u00e9 in Lisboa \U0001F600", media=[p1, p2], tags=[{"name": "Sam Example"}]),
        post(T0 + 20, "Just text, \u65e5\u672c"),
        post(T0 + 30, "Look at this", link="https://example.org/story"),
        post(T0 + 40, None, place={"name": "Tower", "coordinate": {"latitude": 38.69, "longitude": -9.21}}),
    ])
    put(root, f"{prefix}posts/album/0.json", {
        "name": "Lisbon 2012", "last_modified_timestamp": T0,
        "photos": [p1, p2, photo(f"{media}Lisbon2012_1001/5003.jpg", T0 + 2, "Lisbon 2012")]})
    put(root, f"{prefix}posts/album/1.json", {
        "name": "Profile pictures", "photos": [photo(f"{media}ProfilePictures_1002/6001.jpg", T0 + 5),
                                               photo(f"{media}ProfilePictures_1002/6002.jpg", T0 + 500)]})
    put(root, f"{prefix}posts/album/2.json", {
        "name": "Cover photos", "photos": [photo(f"{media}CoverPhotos_1003/7001.jpg", T0 + 6)]})
    put(root, f"{prefix}posts/your_videos.json", {"videos_v2": [
        {"uri": f"{media}videos/8001.mp4", "creation_timestamp": T0 + 50, "description": "Surfing"}]})
    put(root, f"{prefix}posts/your_uncategorized_photos.json", {"other_photos_v2": [
        photo(f"{media}Uncategorized_1004/9001.jpg", T0 + 60)]})
    put(root, f"{prefix}stories/archived_stories.json", {"archived_stories_v2": [
        post(T0 + 70, None, media=[photo(f"{media}stories/9101.jpg", T0 + 70)])]})
    put(root, f"{prefix}reels/your_reels.json", {"lasso_videos_v2": [
        post(T0 + 80, "my reel", media=[photo(f"{media}reels/9201.mp4", T0 + 80)])]})
    put(root, f"{prefix}posts/archive.json", [{
        "timestamp": T0 + 90, "fbid": "777", "media": [],
        "label_values": [{"label": "Message", "value": meta("Old news \u00fcber alles")},
                         {"label": "URL", "value": "https://www.facebook.com/ava/posts/777",
                          "href": "https://www.facebook.com/ava/posts/777"}]}])
    put(root, "preferences/preferences/privacy_settings.json", {"privacy_v2": [{"label_values": [
        {"title": "Your activity", "dict": [{"label": "Who can see your future posts?", "value": "Friends"}]}]}]})
    put(root, "connections/friends/your_friends.json", {"friends_v2": []})
    put(root, f"{prefix}some_new_feature/whatever.json", {"x": 1})
    for rel in ("Lisbon2012_1001/5001.jpg", "Lisbon2012_1001/5002.jpg", "ProfilePictures_1002/6001.jpg"):
        put(root, media + rel, b"\xff\xd8\xff\xd9")
    return root


def era_2019(root: Path, suffix: str = "aBcDeFgHiJ") -> Path:
    """2019-2021: posts/your_posts_1.json (bare list), photos_and_videos/album, flat EXIF, ['Name'] tags."""
    folder = f"photos_and_videos/Holidays_{suffix}/"
    p1 = photo(f"{folder}1234_5678_9012_n_3001.jpg", T0, "Holidays",
               media_metadata={"photo_metadata": {"taken_timestamp": T0 - 50, "latitude": 48.85,
                                                  "longitude": 2.35, "upload_ip": "192.0.2.1"}})
    put(root, "posts/your_posts_1.json", [
        post(T0 + 10, "Paris!", media=[p1], tags=["Sam Example", "Kim Placeholder"]),
        post(T0 + 20, "Status only")])
    put(root, "photos_and_videos/album/0.json", {"name": "Holidays", "photos": [p1]})
    put(root, "photos_and_videos/album/1.json", {"name": "Profile Pictures", "photos": [
        photo(f"photos_and_videos/ProfilePictures_{suffix}/1_2_3_n_3002.jpg", T0 + 5)]})
    put(root, "photos_and_videos/your_videos.json", {"videos": [
        {"uri": f"photos_and_videos/videos_{suffix}/1_2_3_n_3003.mp4", "creation_timestamp": T0 + 30}]})
    put(root, "stories/archived_stories.json", [post(T0 + 40, None, media=[photo("stories/1_2_3_n_3004.jpg",
                                                                                  T0 + 40)])])
    return root


def era_2018(root: Path) -> Path:
    put(root, "posts/your_posts.json", {"status_updates": [post(T0, "Hello 2018"), post(T0 + 5, "Second")]})
    put(root, "posts/other_people's_posts_to_your_timeline.json", {"wall_posts_sent_to_you": []})
    put(root, "photos/photos.json", {"albums": [{"name": "Timeline Photos", "photos": [
        photo("photos/TimelinePhotos_x/1_2_3_n_4001.jpg", T0 + 1)]}]})
    put(root, "videos/videos.json", {"videos": [{"uri": "videos/1_2_3_n_4002.mp4", "creation_timestamp": T0 + 2}]})
    return root


def era_late_2021(root: Path) -> Path:
    put(root, "posts/your_posts_1.json", [post(T0, "Late 2021")])
    put(root, "posts/album/0.json", {"name": "Mobile uploads", "photos": [
        photo("posts/media/Mobileuploads_abcdefghij/1_2_3_n_5001.jpg", T0 + 1)]})
    put(root, "posts/your_videos.json", {"videos_v2": [{"uri": "posts/media/videos/1_2_3_n_5002.mp4",
                                                        "creation_timestamp": T0 + 2}]})
    put(root, "stories/archived_stories.json", {"archived_stories_v2": []})
    return root


def era_2022(root: Path, posts_name: str = "your_posts__check_ins__photos_and_videos_1.json") -> Path:
    base = "your_activity_across_facebook/posts/"
    put(root, base + posts_name, [post(T0, "2022 post")])
    put(root, base + "album/0.json", {"name": "Mobile uploads", "photos": [
        photo(base + "media/Mobileuploads_1/6001.jpg", T0 + 1)]})
    put(root, base + "your_uncategorized_photos.json", {"other_photos_v2": [
        photo(base + "media/x_1/6002.jpg", T0 + 2)]})
    return root


def era_pages_2025(root: Path) -> Path:
    base = "this_profile's_activity_across_facebook/posts/"
    put(root, base + "profile_posts_1.json", [post(T0, "Pages-style profile post")])
    put(root, base + "album/0.json", {"name": "Profile pictures", "photos": [
        photo(base + "media/ProfilePictures_1/7001.jpg", T0 + 1)]})
    put(root, base + "videos.json", {"videos_v2": [{"uri": base + "media/videos/7002.mp4",
                                                     "creation_timestamp": T0 + 2}]})
    return root


def zip_folder(folder: Path, zip_path: Path, prefix: str = "") -> Path:
    """Zip a folder's files, each under prefix; deterministic order."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
    return zip_path
