"""Lean synthetic exports: the same layouts as ``samples.large`` with far fewer bytes per record (issue 19).

``samples.large`` writes every field Meta writes (EXIF blocks, backup URIs, cross-post sources): about 720
bytes of JSON per item. Many real records are leaner (a photo with a uri, a time and an album title; a status
update of a few words), and there the loader's per-row Python work, not the parse, is most of a load, so
DESIGN.md section 11's ratios are measured on both. Here a record carries only the fields the loader reads
and Meta always writes: about 180 bytes per item. Deterministic: the same arguments give the same bytes.

    python -m metaexposure.samples.lean benchmarks/data/lean-100k --media 100000 --posts 20000
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

from ._large_write import Part, Writer
from .large import EXPORT_DATE, _allocate, _caption, _suffix

USER = "leansynthetic"
_START, _END = 1230768000, 1775001600  # 2009-01-01 .. 2026-04-01
FB, IG = "your_facebook_activity", "your_instagram_activity/media"


def _facebook(rng: random.Random, writer: Writer, media: int, posts: int) -> None:
    n = _allocate(media, {"stories": 0.10, "videos": 0.07}, "albums")
    ids = iter(range(4_000_000_000_000_000, 5_000_000_000_000_000, 7919))
    number, left = 0, n["albums"]
    while left:
        size = min(left, rng.randint(20, 400))
        album = f"Album {number}"
        photos = [{"uri": f"{FB}/posts/media/Album{number}/{next(ids)}.jpg",
                   "creation_timestamp": rng.randint(_START, _END), "title": album} for _ in range(size)]
        writer.document("facebook", f"{FB}/posts/album/{number}.json", {"name": album, "photos": photos})
        number, left = number + 1, left - size
    writer.records("facebook", f"{FB}/posts/your_videos.json", (
        {"uri": f"{FB}/posts/media/videos/{next(ids)}.mp4", "creation_timestamp": rng.randint(_START, _END)}
        for _ in range(n["videos"])), "videos_v2")
    writer.records("facebook", f"{FB}/stories/archived_stories.json", (
        {"timestamp": (created := rng.randint(_START, _END)), "attachments": [{"data": [{"media": {
            "uri": f"{FB}/stories/media/{next(ids)}.jpg", "creation_timestamp": created}}]}]}
        for _ in range(n["stories"])), "archived_stories_v2")
    for start in range(0, posts, 10_000):  # Facebook 2024+ splits the posts file at 10,000 records
        writer.records("facebook", f"{FB}/posts/your_posts__check_ins__photos_and_videos_{start // 10_000 + 1}.json",
                       ({"timestamp": rng.randint(_START, _END), "data": [{"post": _caption(rng)}]}
                        for _ in range(min(10_000, posts - start))))


def _instagram_posts(rng: random.Random, count: int, ids: Iterator[int]) -> Iterator[dict]:
    for _ in range(count):
        created = rng.randint(_START, _END)
        yield {"media": [{"uri": f"media/posts/{created // 2_600_000}/{next(ids)}_n_{next(ids)}.jpg",
                          "creation_timestamp": created, "title": _caption(rng) if rng.random() < 0.5 else ""}]}


def _instagram(rng: random.Random, writer: Writer, media: int) -> None:
    n = _allocate(media, {"stories": 0.25}, "posts")
    ids = iter(range(17_840_000_000_000_000, 18_000_000_000_000_000, 104_729))
    writer.records("instagram", f"{IG}/posts_1.json", _instagram_posts(rng, n["posts"], ids))
    writer.records("instagram", f"{IG}/stories.json", (
        {"uri": f"media/stories/{next(ids)}_n_{next(ids)}.jpg", "creation_timestamp": rng.randint(_START, _END)}
        for _ in range(n["stories"])), "ig_stories")
    writer.document("instagram", "personal_information/personal_information/personal_information.json", {
        "profile_user": [{"string_map_data": {"Private Account": {"href": "", "value": "False", "timestamp": 0}}}]})
    # The categories "All available information" brings, empty, so that a load reports none missing.
    writer.document("instagram", "your_instagram_activity/comments/post_comments_1.json", [])
    writer.document("instagram", "your_instagram_activity/threads/threads_and_replies.json",
                    {"text_post_app_text_posts": []})
    writer.document("instagram", "your_instagram_activity/messages/inbox/sam_1/message_1.json",
                    {"participants": [], "messages": []})


def write_lean_export(out_dir: str | Path, *, media: int, posts: int, seed: int = 0) -> list[Path]:
    """A Facebook and an Instagram folder with ``media`` media items (60/40) and ``posts`` text posts."""
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    paths = []
    for platform in ("facebook", "instagram"):
        path = out_dir / f"{platform}-{USER}-{EXPORT_DATE}-{_suffix(rng)}"
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        writer = Writer([Part(path, False, {platform: ""})], with_media_files=False)
        stream = random.Random(f"{seed}-{platform}")
        if platform == "facebook":
            _facebook(stream, writer, media * 3 // 5, posts)
        else:
            _instagram(stream, writer, media - media * 3 // 5)
        writer.close()
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m metaexposure.samples.lean",
                                     description="Write a lean synthetic Meta export (no real data).")
    parser.add_argument("out", type=Path)
    parser.add_argument("--media", type=int, required=True)
    parser.add_argument("--posts", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for path in write_lean_export(args.out, media=args.media, posts=args.posts, seed=args.seed):
        print(path)


if __name__ == "__main__":
    main()
