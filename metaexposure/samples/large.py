"""Large synthetic exports for benchmarks and scale tests: N media items and M text posts.

Shapes follow FORMATS.md: Facebook's 2024+ layout (album files, posts files of 10,000 records,
videos, uncategorized photos, stories, reels) and Instagram's 2025 layout
(``your_instagram_activity/media/``). Text is written as Meta writes it: every UTF-8 byte of
non-ASCII text as its own ``\\u00XX`` escape. Nothing is random between runs: the same
arguments and seed give byte-identical files (and zips).

Counts are exact: a load gives ``media`` rows of media kinds plus ``posts`` rows of kind
``post``. As in real exports, about a quarter of the Facebook album photos are shared again in
a posts-file record; those records merge into the album's row and add no items.

    python -m metaexposure.samples.large benchmarks/data/100k --media 100000 --posts 20000 --zip
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ._large_write import Part, Writer

USER = "avasynthetic"
EXPORT_DATE = "2026-04-06"
MULTIPART_NAME = "meta-2026-Apr-06-00-26-54"
_START, _END = 1230768000, 1775001600  # 2009-01-01 .. 2026-04-01
POSTS_PER_FILE = 10_000  # Facebook 2024+ splits the posts file at 10,000 records
FB = "your_facebook_activity"
IG = "your_instagram_activity/media"

_WORDS = ("summer", "lake", "friends", "dinner", "hike", "birthday", "city", "rain", "concert", "beach",
          "morning", "garden", "train", "snow", "market", "coffee", "sunset", "museum", "bike", "family")
# Non-ASCII in several scripts, so mojibake repair has real work (and emoji need 4 bytes).
_ACCENTED = ("café", "Zürich", "řeka", "São Paulo", "Kraków", "naïve", "fjörður", "Ελλάδα", "東京",
             "🎉", "🌊🏔️", "Ærø", "Şişli", "crème brûlée")
# Text that trips byte-level repair done wrong: escaped backslashes before "u00", quotes.
_TRICKY = ('path C:\\u00c3\\new "quoted" \\\\ done', 'a \\ backslash and \\"escape\\"')
_PLACES = ("Café Louvre", "Náměstí Míru", "Old Harbour", "Lakeside Park", "Zürich HB", "Main Square")
_USER_ALBUMS = ("Holidays", "Léto na chalupě", "Wedding", "Road trip", "Garden", "Bergtour", "Kids",
                "Concerts", "Ski week", "Best of")


def _caption(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(3, 14))]
    if rng.random() < 0.45:
        words.insert(rng.randrange(len(words)), rng.choice(_ACCENTED))
    if rng.random() < 0.01:
        words.append(rng.choice(_TRICKY))
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:]


def _allocate(total: int, weights: dict[str, float], rest: str) -> dict[str, int]:
    """Split total exactly: floor of each weight's share, the remainder to ``rest``."""
    counts = {name: int(total * weight) for name, weight in weights.items()}
    counts[rest] = total - sum(v for k, v in counts.items() if k != rest)
    return counts


# ----------------------------------------------------------------------------------------- Facebook

class _Facebook:
    def __init__(self, rng: random.Random, writer: Writer) -> None:
        self.rng, self.writer = rng, writer
        self.next_id = 4_000_000_000_000_000
        self.shared: list[dict] = []  # album photos that a posts-file record shares again

    def _fbid(self) -> str:
        self.next_id += self.rng.randint(1, 9_999)
        return str(self.next_id)

    def _time(self) -> int:
        return self.rng.randint(_START, _END)

    def media(self, folder: str, album: str, *, video: bool = False) -> dict:
        rng, fbid = self.rng, self._fbid()
        uri = f"{FB}/{folder}/{fbid}{'.mp4' if video else '.jpg'}"
        created = self._time()
        if video:
            exif = {"upload_ip": f"192.0.2.{rng.randint(1, 254)}", "upload_timestamp": created}
            metadata = {"video_metadata": {"exif_data": [exif]}}
        else:
            exif = {"upload_ip": f"192.0.2.{rng.randint(1, 254)}",
                    "taken_timestamp": created - rng.randint(0, 40 * 86400) if rng.random() < 0.6 else 0}
            if rng.random() < 0.15:
                exif["latitude"] = round(rng.uniform(35, 60), 6)
                exif["longitude"] = round(rng.uniform(-10, 30), 6)
            if rng.random() < 0.5:
                exif.update(camera_make="Synthcam", camera_model=f"S{rng.randint(1, 9)}", iso=100,
                            focal_length="4.2", exposure="1/120", f_stop="1.8", orientation=1,
                            original_width=4032, original_height=3024)
            metadata = {"photo_metadata": {"exif_data": [exif]}}
        entry = {"uri": uri, "creation_timestamp": created, "media_metadata": metadata, "title": album}
        if rng.random() < 0.3:
            entry["description"] = _caption(rng)
        entry["backup_uri"] = f"https://scontent.example.invalid/v/t39.30808-6/{fbid}_n.jpg?oh=00_{fbid[-8:]}"
        self.writer.media("facebook", uri)
        return entry

    def write(self, count: int, posts: int) -> None:
        n = _allocate(count, {"profile": 0.004, "cover": 0.002, "videos": 0.07, "uncategorized": 0.02,
                              "stories": 0.10, "reels": 0.03, "timeline": 0.12, "user": 0.35}, "mobile")
        albums: list[tuple[str, int]] = [("Profile pictures", n["profile"]), ("Cover photos", n["cover"]),
                                         ("Mobile uploads", n["mobile"]), ("Timeline Photos", n["timeline"])]
        remaining, index = n["user"], 0
        while remaining:
            size = min(remaining, self.rng.randint(20, 400))
            albums.append((f"{_USER_ALBUMS[index % len(_USER_ALBUMS)]} {2009 + index % 17}", size))
            remaining -= size
            index += 1
        for number, (name, size) in enumerate(a for a in albums if a[1]):
            self._album(number, name, size)
        self.writer.records("facebook", f"{FB}/posts/your_videos.json", (
            self.media("posts/media/videos", _caption(self.rng), video=True)
            for _ in range(n["videos"])), "videos_v2")
        self.writer.records("facebook", f"{FB}/posts/your_uncategorized_photos.json", (
            self.media("posts/media/uncategorized", "") for _ in range(n["uncategorized"])), "other_photos_v2")
        self.writer.records("facebook", f"{FB}/stories/archived_stories.json", (
            self._post([self.media("stories/media", "", video=self.rng.random() < 0.3)], text=False)
            for _ in range(n["stories"])), "archived_stories_v2")
        self.writer.records("facebook", f"{FB}/reels/your_reels.json", (
            self._post([self.media("reels/media", "", video=True)]) for _ in range(n["reels"])),
            "lasso_videos_v2")
        self._posts_files(posts)
        self.writer.document("facebook", "preferences/preferences/privacy_settings.json", {
            "privacy_v2": [{"name": "Your activity", "entries": [{"timestamp": _END, "data": {
                "name": "Who can see your future posts?", "value": "Friends"}}]}]})

    def _album(self, number: int, name: str, size: int) -> None:
        folder = f"posts/media/{re.sub(r'[^A-Za-z0-9]', '', name) or 'Album'}_{self._fbid()}"
        photos = [self.media(folder, name) for _ in range(size)]
        photos.sort(key=lambda p: -p["creation_timestamp"])
        if name not in ("Profile pictures", "Cover photos"):
            self.shared.extend(p for p in photos if self.rng.random() < 0.25)
        cover = photos[0] if photos else {}
        self.writer.document("facebook", f"{FB}/posts/album/{number}.json", {
            "name": name, "photos": photos, "cover_photo": cover,
            "last_modified_timestamp": max((p["creation_timestamp"] for p in photos), default=_END),
            "description": _caption(self.rng) if self.rng.random() < 0.3 else ""})

    def _post(self, media: list[dict], *, text: bool = True, created: int | None = None) -> dict:
        rng = self.rng
        post: dict[str, Any] = {"timestamp": created or (media[0]["creation_timestamp"] if media else self._time())}
        attachments = [{"data": [{"media": m} for m in media]}] if media else []
        if rng.random() < 0.08:
            attachments.append({"data": [{"place": {
                "name": rng.choice(_PLACES), "coordinate": {"latitude": round(rng.uniform(35, 60), 6),
                                                             "longitude": round(rng.uniform(-10, 30), 6)},
                "address": "", "url": ""}}]})
        if not media and rng.random() < 0.3:
            attachments.append({"data": [{"external_context": {
                "url": f"https://example.org/{rng.choice(_WORDS)}/{rng.randint(1, 10**6)}",
                "name": _caption(rng), "source": "example.org"}}]})
        if attachments:
            post["attachments"] = attachments
        data: list[dict] = [{"post": _caption(rng)}] if text and (not media or rng.random() < 0.7) else []
        if rng.random() < 0.1:
            data.append({"update_timestamp": post["timestamp"] + rng.randint(60, 86400)})
        post["data"] = data
        post["title"] = "Ava Synthetic " + ("added a new photo." if media else "updated her status.")
        if rng.random() < 0.15:
            post["tags"] = [{"name": f"Friend {rng.randint(1, 300)}"} for _ in range(rng.randint(1, 4))]
        return post

    def _posts_files(self, posts: int) -> None:
        records = [self._post([], created=self._time()) for _ in range(posts)]
        shared, i = self.shared, 0
        while i < len(shared):
            size = min(len(shared) - i, self.rng.choice((1, 1, 1, 2, 3, 4)))
            records.append(self._post(shared[i:i + size]))
            i += size
        records.sort(key=lambda p: -p["timestamp"])  # newest first, as Meta writes them
        for start in range(0, max(len(records), 1), POSTS_PER_FILE):
            number = start // POSTS_PER_FILE + 1
            self.writer.records("facebook", f"{FB}/posts/your_posts__check_ins__photos_and_videos_{number}.json",
                                records[start:start + POSTS_PER_FILE])


# ---------------------------------------------------------------------------------------- Instagram

class _Instagram:
    def __init__(self, rng: random.Random, writer: Writer) -> None:
        self.rng, self.writer = rng, writer
        self.next_id = 17_840_000_000_000_000

    def media(self, folder: str, *, video: bool, caption: str = "") -> dict:
        rng = self.rng
        self.next_id += rng.randint(1, 99_999)
        created = rng.randint(_START, _END)
        month = time.strftime("%Y%m", time.gmtime(created))
        uri = (f"media/{folder}/{month}/{rng.randint(10**8, 10**9)}_{rng.randint(10**14, 10**15)}_"
               f"{rng.randint(10**18, 10**19)}_n_{self.next_id}.{'mp4' if video else 'jpg'}")
        entry: dict[str, Any] = {"uri": uri, "creation_timestamp": created}
        if video:
            entry["media_metadata"] = {"video_metadata": {"exif_data": [{"device_id": "android"}]}}
        elif rng.random() < 0.2:
            entry["media_metadata"] = {"photo_metadata": {"exif_data": [
                {"latitude": round(rng.uniform(35, 60), 6), "longitude": round(rng.uniform(-10, 30), 6)}]}}
        else:
            entry["media_metadata"] = {"camera_metadata": {"has_camera_metadata": False}}
        entry["title"] = caption
        entry["cross_post_source"] = {"source_app": "FB"}
        entry["backup_uri"] = f"https://scontent.example.invalid/o1/{self.next_id}.jpg"
        self.writer.media("instagram", uri)
        return entry

    def _groups(self, count: int, folder: str) -> Iterator[dict]:
        """Posts of 1 to 5 media; single-media posts carry their caption on the media (FORMATS §5)."""
        made = 0
        while made < count:
            size = min(count - made, 1 if self.rng.random() < 0.7 else self.rng.randint(2, 5))
            made += size
            caption = _caption(self.rng) if self.rng.random() < 0.8 else ""
            if size == 1:
                yield {"media": [self.media(folder, video=self.rng.random() < 0.15, caption=caption)]}
                continue
            media = [self.media(folder, video=self.rng.random() < 0.15) for _ in range(size)]
            yield {"media": media, "title": caption,
                   "creation_timestamp": max(m["creation_timestamp"] for m in media) + 1}

    def write(self, count: int) -> None:
        n = _allocate(count, {"stories": 0.22, "reels": 0.08, "archived": 0.04, "deleted": 0.02,
                              "profile": max(0.001, 1 / max(count, 1))}, "posts")
        write = self.writer.records
        write("instagram", f"{IG}/posts_1.json", self._groups(n["posts"], "posts"))
        write("instagram", f"{IG}/stories.json", (
            self.media("stories", video=self.rng.random() < 0.4) for _ in range(n["stories"])), "ig_stories")
        write("instagram", f"{IG}/reels.json", (
            {"media": [self.media("reels", video=True, caption=_caption(self.rng))]}
            for _ in range(n["reels"])), "ig_reels_media")
        write("instagram", f"{IG}/archived_posts.json", self._groups(n["archived"], "posts"),
              "ig_archived_post_media")
        write("instagram", f"{IG}/recently_deleted_content.json", self._groups(n["deleted"], "posts"),
              "ig_recently_deleted_media")
        write("instagram", f"{IG}/profile_photos.json", (
            dict(self.media("profile", video=False), is_profile_picture=True) for _ in range(n["profile"])),
            "ig_profile_picture")
        self.writer.document("instagram", "personal_information/personal_information/personal_information.json", {
            "profile_user": [{"string_map_data": {
                "Private Account": {"href": "", "value": "False", "timestamp": 0},
                "Username": {"href": "", "value": USER, "timestamp": 0}}}]})
        self.writer.document(
            "instagram", "security_and_login_information/login_and_profile_creation/profile_privacy_changes.json",
            {"account_history_account_privacy_history": [
                {"title": "Account switched to private", "media_map_data": {},
                 "string_map_data": {"Time": {"href": "", "value": "", "timestamp": 1400000000}}},
                {"title": "Account switched to public", "media_map_data": {},
                 "string_map_data": {"Time": {"href": "", "value": "", "timestamp": 1500000000}}}]})
        # The other categories "All available information" brings, empty: the benchmark measures media and
        # posts, and a load must not report them missing (instagram.missing_categories).
        self.writer.document("instagram", "your_instagram_activity/comments/post_comments_1.json", [])
        self.writer.document("instagram", "your_instagram_activity/threads/threads_and_replies.json",
                             {"text_post_app_text_posts": []})
        self.writer.document("instagram", "your_instagram_activity/messages/inbox/sam_1/message_1.json",
                             {"participants": [], "messages": []})


# ------------------------------------------------------------------------------------------- entry

def _suffix(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(8))


def write_large_export(out_dir: str | Path, *, media: int, posts: int,
                       platforms: Iterable[str] = ("facebook", "instagram"), zipped: bool = False,
                       parts: int = 1, seed: int = 0, with_media_files: bool = False) -> list[Path]:
    """Write a synthetic export with ``media`` media items and ``posts`` text posts; returns the paths to load.

    Media are split about 60/40 between Facebook and Instagram when both are asked for; text
    posts are Facebook's (Instagram has none). ``parts`` > 1 writes a multi-part download
    (``meta-<date>``, ``meta-<date> 2``, ...) whose parts each hold every platform's wrapper
    folder with its own suffix; media files, when written, mostly sit in another part than the
    JSON naming them.
    """
    platforms = tuple(platforms)
    unknown = set(platforms) - {"facebook", "instagram"}
    if unknown or not platforms:
        raise ValueError(f"platforms must be facebook and/or instagram, not {platforms!r}")
    if media < 0 or posts < 0 or parts < 1:
        raise ValueError("media and posts must be >= 0 and parts >= 1")
    if posts and "facebook" not in platforms:
        raise ValueError("text posts are Facebook's: include 'facebook' or ask for posts=0")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    suffixes = [{p: _suffix(rng) for p in platforms} for _ in range(parts)]
    roots = [{p: f"{p}-{USER}-{EXPORT_DATE}-{s[p]}" for p in platforms} for s in suffixes]
    ext = ".zip" if zipped else ""
    if parts == 1:
        # A single download: one zip (members at its top) or one unzipped folder per platform.
        targets = [[(out_dir / (roots[0][p] + ext), {p: ""})] for p in platforms]
    else:
        names = [MULTIPART_NAME] + [f"{MULTIPART_NAME} {i}" for i in range(2, parts + 1)]
        targets = [[(out_dir / (name + ext), {p: root[p] + "/" for p in platforms})
                    for name, root in zip(names, roots, strict=True)]]
    paths = [path for group in targets for path, _ in group]
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    both = "facebook" in platforms and "instagram" in platforms
    share = {"facebook": media * 3 // 5 if both else media if "facebook" in platforms else 0}
    share["instagram"] = media - share["facebook"]
    for group in targets:
        writer = Writer([Part(path, zipped, part_roots) for path, part_roots in group], with_media_files)
        try:
            # Each platform has its own random stream: the same content whichever parts hold it.
            if "facebook" in group[0][1]:
                _Facebook(random.Random(f"{seed}-facebook"), writer).write(share["facebook"], posts)
            if "instagram" in group[0][1]:
                _Instagram(random.Random(f"{seed}-instagram"), writer).write(share["instagram"])
        finally:
            writer.close()
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m metaexposure.samples.large",
                                     description="Write a large synthetic Meta export (no real data).")
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--media", type=int, required=True, help="media items (photos, videos, stories, ...)")
    parser.add_argument("--posts", type=int, default=0, help="Facebook text and link posts")
    parser.add_argument("--zip", action="store_true", help="write zips instead of folders")
    parser.add_argument("--parts", type=int, default=1, help="split into a multi-part download")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--platforms", default="facebook,instagram")
    parser.add_argument("--with-media-files", action="store_true", help="write tiny placeholder media files")
    args = parser.parse_args(argv)
    paths = write_large_export(args.out, media=args.media, posts=args.posts, zipped=args.zip, parts=args.parts,
                               seed=args.seed, platforms=args.platforms.split(","),
                               with_media_files=args.with_media_files)
    for path in paths:
        print(path)


if __name__ == "__main__":
    main()
