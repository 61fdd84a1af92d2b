"""Instagram media rows: the EXIF capture time, and the typed fast path for the big live collections
(posts, stories, reels, profile photos; typed.py says how the fast path and the tolerant parser share work).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from . import typed
from .records import F_CAPTION, F_TAKEN, F_URI, Item, extension
from .text import repair, timestamp

PLATFORM = "instagram"

# EXIF date_time_original ("2019:08:10 14:20:35") carries no zone; like a naive ISO time it is
# read as UTC. The 2025 scrubbed reference export has "000" there: reported, not guessed.
_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$")


def exif_seconds(raw: Any) -> tuple[int | None, str | None]:
    """Unix seconds from an EXIF ``date_time_original``, or (None, the problem to report)."""
    match = _EXIF_TIME.match(raw) if isinstance(raw, str) else None
    if match is None:
        return None, f"date_time_original is not an EXIF time: {raw!r:.40}"
    try:
        moment = datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None, f"date_time_original is not a real date: {raw!r:.40}"
    seconds, reason = timestamp(int(moment.timestamp()))
    return seconds, reason and f"date_time_original: {reason}"


# --- typed fast path (typed.py) ---------------------------------------------------------------------

def _exif_time(media: typed.Media) -> str | None:
    """instagram._exif_time for a typed entry: the first non-empty date_time_original of either block."""
    metadata = media.media_metadata
    if metadata is None:
        return None
    for block in (metadata.photo_metadata, metadata.video_metadata):
        if block is not None and block.exif_data is not None:
            for entry in block.exif_data:
                if entry.date_time_original:
                    return entry.date_time_original
    return None


def _media(media: typed.Media, source: str, newest: float, kind: str | None, album: str, status: str,
           created: int | None = None, caption: str = "") -> Item:
    """instagram.parse_media for a typed entry, or Unclean where it would add a problem."""
    if media.media is not typed.ABSENT:
        raise typed.Unclean  # a media entry that is a post-like record: the tolerant parser decides
    row = typed.media_row(media, PLATFORM, source, newest, kind=kind, created=created, album=album, status=status)
    row[F_CAPTION] = caption or repair(media.title) or row[F_CAPTION]
    uri = row[F_URI]
    if not uri or not extension(uri):
        raise typed.Unclean  # "no uri" / "no file extension" problems
    raw = _exif_time(media)
    if raw is not None and row[F_TAKEN] is None:
        row[F_TAKEN], reason = exif_seconds(raw)
        if reason:
            raise typed.Unclean
    return row


def collection_fast(records: str, keys: tuple[str, ...], kind: str | None, album: str, status: str) -> typed.Fast:
    """The fast path of a collection file: a list of ``records`` ("posts": post-like records with a media
    list; "media": bare media entries), bare (``keys`` empty) or under one of ``keys``."""
    entry = typed.IgPost if records == "posts" else typed.Media
    decode = typed.wrapped(keys, list[entry]) if keys else typed.decoder(list[entry])

    def rows(data: Any, source: str) -> tuple[list[Item], int]:
        newest = typed.latest()
        out: list[Item] = []
        for record in typed.records(data, keys) if keys else data:
            if records == "media":
                out.append(_media(record, source, newest, kind, album, status))
                continue
            if not record.media:
                raise typed.Unclean  # "post lists no media"
            created = typed.plausible(record.creation_timestamp, newest)
            caption = repair(record.title)
            out.extend(_media(media, source, newest, kind, album, status, created, caption) for media in record.media)
        return out, len(out)
    return typed.Fast(decode, rows)
