"""Building blocks of the synthetic Facebook exports: photos, record shapes, albums, posts.

Everything is invented: friends are placeholders (Sam Example, ...), links point at example.com,
upload IPs come from the documentation ranges (RFC 5737), venues are made up and sit at the
coordinates of public landmarks. Fixed seeds and fixed dates (never the clock) make every run
write the same bytes; tests compare a fresh run with the committed copy in data/samples.
"""

from __future__ import annotations

import calendar
import random
import re
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _facebook_text as words
from ._write import write_bytes, write_json
from .jpeg import make_jpeg

NAME = "Ava Synthetic"
WRAPPER_2024 = "facebook-avasynthetic-2025-11-02-SyNtH24a"
WRAPPER_2021 = "facebook-avasynthetic-2021-06-30-SyNtH21a"
ACTIVITY = "your_facebook_activity"
PROFILE_URL = "https://www.facebook.com/ava.synthetic.example"

Coordinates = tuple[float, float]
# Collections whose media carry no album title (their 'title' is the user's own, usually empty).
UNTITLED = frozenset({"Videos", "Stories", "Reels", "Uncategorized photos"})


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> int:
    return calendar.timegm((year, month, day, hour, minute, 0))


@dataclass
class Photo:
    """One media file as every listing of it (album, post, history) describes it."""

    fbid: str
    uri: str
    album: str
    created: int
    taken: int = 0  # 0 is what real exports write for "unknown"
    gps: Coordinates | None = None
    description: str = ""
    size: tuple[int, int] = (64, 48)
    upload_ip: str = ""
    present: bool = True  # False: listed in the JSON, file left out (as with a partial download)

    @property
    def is_video(self) -> bool:
        return self.uri.endswith(".mp4")


class ExportWriter:
    """One export being written: random source, id allocation, file writers, record shapes."""

    def __init__(self, root: Path, seed: str, *, old_layout: bool) -> None:
        self.root, self.old = root, old_layout
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.written: list[Path] = []

    # --- ids and names ------------------------------------------------------------------
    def fbid(self) -> str:
        """A new unique id: 17 digits starting 10.. in older exports, 15-16 digits in newer ones."""
        low, high = (10**16 + 10**14, 2 * 10**16) if self.old else (10**14, 9 * 10**15)
        while True:
            value = str(self.rng.randrange(low, high))
            if value not in self.ids:
                self.ids.add(value)
                return value

    def folder(self, album: str) -> str:
        """Media folder of an album: 2024+ '<Name>_<albumFbid>', older '<Name>_<10 random chars>'."""
        if self.old:
            stem = "".join(w[:1].upper() + w[1:] for w in re.sub(r"[^A-Za-z0-9 ]", "", album).split())
            rand = "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(10))
            return f"photos_and_videos/{stem}_{rand}"
        return f"{ACTIVITY}/posts/media/{re.sub(r'[^A-Za-z0-9]', '', album)}_{self.fbid()}"

    def file_name(self, fbid: str, created: int, suffix: str) -> str:
        if not self.old:
            return f"{fbid}{suffix}"
        # <a>_<b>_<c>_n_<id>: the middle number is the fbid only for uploads before 2015.
        middle = fbid if created < utc(2015, 1, 1) else str(self.rng.randrange(10**15, 10**17))
        return f"{self.rng.randrange(10**7, 10**9)}_{middle}_{self.rng.randrange(10**9, 10**19)}_n_{fbid}{suffix}"

    def photo(self, album: str, folder: str, created: int, *, taken: int = 0, gps: Coordinates | None = None,
              size: tuple[int, int] = (64, 48), description: str = "", suffix: str = ".jpg") -> Photo:
        fbid = self.fbid()
        ip = f"{self.rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{self.rng.randrange(1, 255)}"
        return Photo(fbid, f"{folder}/{self.file_name(fbid, created, suffix)}", album, created, taken, gps,
                     description, size, ip)

    def taken(self, created: int, unknown_share: float) -> int:
        return 0 if self.rng.random() < unknown_share else created - self.rng.randrange(60, 3 * 86400)

    def near(self, spot: Coordinates, spread: float = 0.004) -> Coordinates:
        lat, lon = spot
        return (round(lat + self.rng.uniform(-spread, spread), 5), round(lon + self.rng.uniform(-spread, spread), 5))

    def spread(self, start: int, end: int, count: int) -> list[int]:
        """``count`` sorted times between start and end, evenly spaced with jitter."""
        step = (end - start) / max(count, 1)
        return [int(start + step * (i + self.rng.uniform(0.1, 0.9))) for i in range(count)]

    # --- record shapes ------------------------------------------------------------------
    def media(self, photo: Photo) -> dict[str, Any]:
        exif: dict[str, Any] = {"upload_ip": photo.upload_ip}
        if photo.is_video:
            exif["upload_timestamp"] = photo.created
            metadata = {"video_metadata": exif if self.old else {"exif_data": [exif]}}
        else:
            exif["taken_timestamp"] = photo.taken
            if photo.gps:
                exif["latitude"], exif["longitude"] = photo.gps
            if photo.taken:
                wide = photo.size[0] >= photo.size[1]
                exif["original_width"], exif["original_height"] = (4032, 3024) if wide else (3024, 4032)
            # <=2020 exports put EXIF straight under photo_metadata (FORMATS.md section 2).
            metadata = {"photo_metadata": exif if self.old else {"exif_data": [exif]}}
        entry = {"uri": photo.uri, "creation_timestamp": photo.created, "media_metadata": metadata,
                 "title": "" if photo.album in UNTITLED else photo.album}
        if photo.description:
            entry["description"] = photo.description
        return entry

    def tags(self, count: int) -> list[Any]:
        names = self.rng.sample(words.FRIENDS, count)
        # Tags were plain names up to 2020, {"name": ...} objects since (FORMATS.md section 2).
        return names if self.old else [{"name": n} for n in names]

    def post(self, timestamp: int, title: str, *, text: str = "", media: Sequence[Photo] = (),
             place: tuple[str, Coordinates, str] | None = None, link: tuple[str, str] | None = None,
             tags: int = 0, edited: bool = False) -> dict[str, Any]:
        attachments: list[dict[str, Any]] = []
        if media:
            attachments.append({"data": [{"media": self.media(m)} for m in media]})
        if place:
            name, (lat, lon), address = place
            attachments.append({"data": [{"place": {"name": name, "coordinate": {"latitude": lat, "longitude": lon},
                                                    "address": address}}]})
        if link:
            url, name = link
            attachments.append({"data": [{"external_context": {"url": url, "name": name,
                                                               "source": url.split("/")[2]}}]})
        record: dict[str, Any] = {"timestamp": timestamp}
        if attachments:
            record["attachments"] = attachments
        data: list[dict[str, Any]] = [{"post": text}] if text else []
        if edited:
            data.append({"update_timestamp": timestamp + self.rng.randrange(300, 86400)})
        if data:
            record["data"] = data
        record["title"] = title
        if tags:
            record["tags"] = self.tags(tags)
        return record

    # --- writing ------------------------------------------------------------------------
    def json(self, rel: str, obj: Any) -> None:
        self.written.append(write_json(self.root / rel, obj))

    def files(self, photos: list[Photo]) -> None:
        for photo in photos:
            if photo.present and not photo.is_video:
                data = make_jpeg(int(photo.fbid), size=photo.size, taken=photo.taken or None, gps=photo.gps)
                self.written.append(write_bytes(self.root / photo.uri, data))

    def album_file(self, rel: str, name: str, photos: list[Photo], description: str = "") -> None:
        self.json(rel, {
            "name": name,
            "photos": [self.media(p) for p in photos],
            "cover_photo": {"uri": photos[0].uri, "creation_timestamp": photos[0].created, "title": name},
            "last_modified_timestamp": max(p.created for p in photos),
            "description": description,
        })
        self.files(photos)


def chunks(total: int, sizes: tuple[int, ...]) -> list[int]:
    """Split ``total`` photos into posts of the cycling ``sizes``; the last takes what is left."""
    out: list[int] = []
    while sum(out) < total:
        out.append(min(sizes[len(out) % len(sizes)], total - sum(out)))
    return out


@dataclass
class AlbumPlan:
    """How one album is made: when, how many photos, which of them were also shared in posts."""

    name: str
    start: int
    end: int
    shared: int  # photos that also appear in posts
    sizes: tuple[int, ...]  # photos per post, cycling
    album_only: int = 0  # photos only in the album
    unknown_taken: float = 0.2  # share of photos whose EXIF time is 0
    spots: tuple[Coordinates, ...] = ()  # EXIF GPS near these, for every ``gps_every``-th photo
    gps_every: int = 1
    size: tuple[int, int] = (64, 48)

    @property
    def texts(self) -> tuple[str, ...]:
        return words.ALBUM_TEXTS.get(self.name, ("",))


Shared = tuple[int, list[Photo], str]  # a post of album photos: (time, photos, text)


def build_album(export: ExportWriter, plan: AlbumPlan) -> tuple[list[Photo], list[Shared]]:
    """The album's photos (oldest first) and the posts that shared some of them."""
    events = [(n, True) for n in chunks(plan.shared, plan.sizes)] + [(1, False)] * plan.album_only
    export.rng.shuffle(events)
    folder = export.folder(plan.name)
    photos: list[Photo] = []
    posts: list[Shared] = []
    for moment, (count, shared) in zip(export.spread(plan.start, plan.end, len(events)), events, strict=True):
        text = plan.texts[len(posts) % len(plan.texts)] if shared else ""
        group = []
        for j in range(count):
            index = len(photos)
            created = moment - 15 * (count - j) - export.rng.randrange(10)  # uploaded just before the post
            gps = (export.near(plan.spots[index % len(plan.spots)])
                   if plan.spots and index % plan.gps_every == 0 else None)
            portrait = index % 4 == 3 and plan.size == (64, 48)
            # Single-photo posts repeat their text as the photo's description, as real exports do.
            group.append(export.photo(plan.name, folder, created, taken=export.taken(created, plan.unknown_taken),
                                      gps=gps, size=(48, 64) if portrait else plan.size,
                                      description=text if count == 1 else ""))
            photos.append(group[-1])
        if shared:
            posts.append((moment, group, text))
    return photos, posts


def _tagged(export: ExportWriter, share: float) -> int:
    return export.rng.randint(1, 3) if export.rng.random() < share else 0


def photo_posts(export: ExportWriter, plan: AlbumPlan, posts: list[Shared]) -> Iterator[dict]:
    for moment, group, text in posts:
        if plan.name in ("Profile pictures", "Cover photos"):
            what = "profile picture" if plan.name == "Profile pictures" else "cover photo"
            title = f"{NAME} updated her {what}."
        elif plan.name in ("Mobile uploads", "Timeline Photos"):
            title = f"{NAME} added {len(group)} new photos." if len(group) > 1 else f"{NAME} added a new photo."
        else:
            title = f"{NAME} added {len(group)} new photo{'s' * (len(group) > 1)} to the album {plan.name}."
        yield export.post(moment, title, text=text, media=group, place=words.PLACES.get(plan.name),
                          tags=_tagged(export, 0.3), edited=export.rng.random() < 0.1)


def text_posts(export: ExportWriter, start: int, end: int, count: int) -> Iterator[dict]:
    texts = export.rng.sample(words.STATUSES, count)
    for moment, text in zip(export.spread(start, end, count), texts, strict=True):
        yield export.post(moment, f"{NAME} updated her status.", text=text, tags=_tagged(export, 0.25),
                          edited=export.rng.random() < 0.15)


def link_posts(export: ExportWriter, start: int, end: int, count: int, with_text: int) -> Iterator[dict]:
    links = export.rng.sample(words.LINKS, count)
    for index, (moment, (url, name, text)) in enumerate(zip(export.spread(start, end, count), links, strict=True)):
        yield export.post(moment, f"{NAME} shared a link.", text=text if index < with_text else "", link=(url, name))


def check_ins(export: ExportWriter, start: int, end: int, count: int) -> Iterator[dict]:
    for moment, (venue, spot, address, text) in zip(export.spread(start, end, count),
                                                    export.rng.sample(words.VENUES, count), strict=True):
        yield export.post(moment, f"{NAME} was at {venue}.", text=text, place=(venue, spot, address),
                          tags=_tagged(export, 0.4))


def newest_first(posts: list[dict]) -> list[dict]:
    """Newest first, as Meta writes them; ties keep their order."""
    return sorted(posts, key=lambda p: -p["timestamp"])
