"""Facebook media rows: album role, kind and permalink (``classify``), and the typed fast path for the
big files (album and posts files; typed.py says how the fast path and the tolerant parser share work).
"""

from __future__ import annotations

import functools
from typing import Any

from . import typed
from .albums import album_role
from .records import (
    F_ALBUM,
    F_CAPTION,
    F_KIND,
    F_LATITUDE,
    F_LINK,
    F_LONGITUDE,
    F_PLACE,
    F_TAGGED,
    F_URI,
    Item,
    coordinates,
    item,
)
from .text import repair

PLATFORM = "facebook"


def _album_from_uri(uri: str) -> str:
    """'posts/media/Mobileuploads_117012181777701/x.jpg' -> 'Mobileuploads' (a fallback only)."""
    parts = uri.split("/")
    if len(parts) < 2:
        return ""
    folder = parts[-2]
    if folder in ("media", "photos", "videos", "your_posts", "stories"):
        return ""
    name, sep, _ = folder.rpartition("_")
    return name if sep else folder


# Thousands of photos share each album name: look each name up once (casefold and table lookups).
_album_role = functools.lru_cache(maxsize=4096)(album_role)


def classify(row: Item, album: str, kind: str | None) -> None:
    """Album name, profile/cover kinds, and the photo permalink where the name is an fbid."""
    uri = row[F_URI]
    row[F_ALBUM] = album = album or _album_from_uri(uri)
    if kind:
        row[F_KIND] = kind
    elif row[F_KIND] == "photo":
        role = _album_role(album)
        if role == "profile":
            row[F_KIND] = "profile_photo"
        elif role == "cover":
            row[F_KIND] = "cover_photo"
    # 2024+ names are the fbid itself; older names' ids are not fbids (FORMATS.md section 3).
    stem = uri[uri.rfind("/") + 1:].partition(".")[0]
    if stem.isdigit() and not row[F_LINK]:
        row[F_LINK] = _PERMALINKS.get(row[F_KIND], _PHOTO_LINK).format(stem)


# Best-effort permalinks from an fbid (FORMATS.md section 3; Facebook may redirect): a video's
# or reel's own page rather than the photo viewer, which does not play them.
_PHOTO_LINK = "https://www.facebook.com/photo/?fbid={}"
_PERMALINKS = {"video": "https://www.facebook.com/watch/?v={}", "reel": "https://www.facebook.com/reel/{}"}


# --- typed fast path (typed.py) ---------------------------------------------------------------------

def album_rows(album: typed.Album, source: str) -> tuple[list[Item], int]:
    """facebook.parse_album for a typed album file: (rows, records seen), or Unclean."""
    name = repair(album.name) or "Untitled album"
    newest = typed.latest()
    rows = []
    for photo in album.photos:
        row = typed.media_row(photo, PLATFORM, source, newest)
        classify(row, name, None)
        rows.append(row)
    return rows, len(album.photos)


ALBUM = typed.Fast(typed.decoder(typed.Album), album_rows)


def media_collection(keys: tuple[str, ...], kind: str | None, album: str) -> typed.Fast:
    """facebook._media_collection's fast path: ``{"<key>": [media entry, ...]}`` (videos, uncategorized)."""
    def rows(data: Any, source: str) -> tuple[list[Item], int]:
        newest = typed.latest()
        out = []
        for media in typed.records(data, keys):
            row = typed.media_row(media, PLATFORM, source, newest, kind=kind)
            # In these collections 'title' is the user's own title, not an album name.
            if not row[F_CAPTION]:
                row[F_CAPTION] = repair(media.title)
            classify(row, album, kind)
            out.append(row)
        return out, len(out)
    return typed.Fast(typed.wrapped(keys, list[typed.Media]), rows)


def post_collection(keys: tuple[str, ...], kind: str | None, album: str, status: str) -> typed.Fast:
    """facebook.parse_post over a typed list of posts, bare (``keys`` empty: posts files, 2019+) or under
    one of ``keys`` (stories, reels, profile updates): (rows, records seen), or Unclean."""
    def rows(data: Any, source: str) -> tuple[list[Item], int]:
        newest = typed.latest()
        out: list[Item] = []
        seen = 0
        for post in typed.records(data, keys) if keys else data:
            if post.label_values is not typed.ABSENT:
                raise typed.Unclean  # a 2022+ label record: facebook.parse_label_record reads it
            seen += _post_rows(post, source, newest, kind, album, status, out)
        return out, seen
    decode = typed.wrapped(keys, list[typed.Post]) if keys else typed.decoder(list[typed.Post])
    return typed.Fast(decode, rows)


def _post_rows(post: typed.Post, source: str, newest: float, kind: str | None, album: str, status: str,
               out: list[Item]) -> int:
    """One post's rows into ``out``; returns the records it counts as seen."""
    created = typed.plausible(post.timestamp, newest)
    caption = "\n".join(map(repair, [entry.post for entry in post.data if entry.post]))  # repair keeps "" and non-""
    media, place, lat, lon = [], "", None, None
    for attachment in post.attachments or ():
        for entry in attachment.data:
            if entry.media is not None:
                media.append(entry.media)
            elif entry.place is not None:
                place = repair(entry.place.name)
                coordinate = entry.place.coordinate
                lat, lon = (None, None) if coordinate is None else coordinates(coordinate.latitude,
                                                                               coordinate.longitude)
            elif entry.external_context is not None and not caption:
                caption = repair(entry.external_context.url)
            elif entry.text is not None and not caption:
                caption = repair(entry.text)
    tagged = len(post.tags)
    if not media:
        if created is None and not caption:
            raise typed.Unclean  # "post has no time, text or media; skipped"
        out.append(item(PLATFORM, kind or "post", created, album=album, caption=caption, place=place,
                        latitude=lat, longitude=lon, tagged=tagged, status=status, source_file=source))
        return 1
    for entry in media:
        row = typed.media_row(entry, PLATFORM, source, newest, created=created, caption=caption, status=status)
        classify(row, repair(entry.title) or album, kind)
        if row[F_LATITUDE] is None and lat is not None:
            row[F_LATITUDE:F_LONGITUDE + 1] = lat, lon
        row[F_PLACE], row[F_TAGGED] = place, tagged
        out.append(row)
    return len(media)
