"""Flat records the parsers produce, and media helpers both platforms share. No pandas here."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Problems
from .text import text, timestamp

VIDEO_EXTENSIONS = frozenset({".mp4", ".mov", ".m4v", ".avi", ".webm", ".3gp", ".mkv", ".wmv"})
log = logging.getLogger(__name__)

KINDS = ("photo", "video", "post", "story", "reel", "profile_photo", "cover_photo", "comment")
# pending: a post in a group that awaits an admin's approval, not visible to anyone yet (DESIGN section 5)
STATUSES = ("live", "archived", "trash", "recently_deleted", "pending")
# Where an item was shared (DESIGN section 5): your own profile/feed, a group, someone's Page, another
# person's profile or post, or a place the export names only in words it does not understand.
WHERES = ("own", "group", "page", "person", "unknown")


# One content item as read from one file, before frame.py merges and types them: a list in
# FIELDS order, not an object. A 100k-item load builds 130k of them and then reads each field
# once per column; a list costs a third of a slots dataclass to build and its columns come out
# in one zip(*rows) (benchmarks/README.md). F_* name the positions.
# ``where``/``where_name``: where it was shared and the group, Page or person's name; ``reached``: Instagram
# "Accounts reached" from past insights (measured exposure), None where the export has none.
FIELDS = ("platform", "kind", "created", "album", "caption", "uri", "taken", "latitude", "longitude",
          "place", "tagged", "status", "link", "meta_id", "source_file", "posted", "where", "where_name", "reached")
(F_PLATFORM, F_KIND, F_CREATED, F_ALBUM, F_CAPTION, F_URI, F_TAKEN, F_LATITUDE, F_LONGITUDE, F_PLACE,
 F_TAGGED, F_STATUS, F_LINK, F_META_ID, F_SOURCE_FILE, F_POSTED, F_WHERE, F_WHERE_NAME, F_REACHED) = range(len(FIELDS))
Item = list  # the type of an item row, for annotations


def item(platform: str, kind: str, created: int | None, album: str = "", caption: str = "", uri: str = "",
         taken: int | None = None, latitude: float | None = None, longitude: float | None = None,
         place: str = "", tagged: int = 0, status: str = "live", link: str = "", meta_id: str = "",
         source_file: str = "", posted: bool = False, where: str = "own", where_name: str = "",
         reached: int | None = None) -> Item:
    """An item row. ``posted``: ``created`` is the time of the post that shared the media
    (DESIGN section 5 prefers it over the media's own upload time when one file is listed in
    several places)."""
    return [platform, kind, created, album, caption, uri, taken, latitude, longitude, place, tagged, status,
            link, meta_id, source_file, posted, where, where_name, reached]


@dataclass(slots=True)
class Fact:
    """An account-level fact: an Instagram visibility interval, Facebook's default audience, ..."""

    platform: str
    fact: str
    state: str
    start: int | None = None
    end: int | None = None
    basis: str = ""
    source_file: str = ""


@dataclass(slots=True)
class AiRow:
    """One message in a conversation with Meta AI (``kind="message"``, author "you" or "Meta AI" or as the
    export names it), or one thing Meta's AI wrote about you (``kind="interest"``)."""

    platform: str
    conversation: str
    created: int | None
    author: str
    text: str
    kind: str
    source_file: str


@dataclass(slots=True)
class AppRow:
    """An app or website linked to the account (``kind="linked_app"``), or a business that sent Meta your
    activity elsewhere (``kind="off_meta_activity"``, with its number of events and the latest)."""

    platform: str
    name: str
    kind: str
    added: int | None = None
    removed: int | None = None
    events: int = 0
    last_event: int | None = None
    source_file: str = ""


@dataclass
class Parsed:
    """What a platform parser returns: items, account facts, and what each file gave."""

    items: list[Item] = field(default_factory=list)  # rows, see FIELDS
    facts: list[Fact] = field(default_factory=list)
    ai: list[AiRow] = field(default_factory=list)  # messages with Meta AI and what it wrote about you
    apps: list[AppRow] = field(default_factory=list)  # linked apps and businesses sending Meta your activity
    # (platform, path, status, items): status is parsed | ignored | unknown | unreadable | media
    sources: list[tuple[str, str, str, int]] = field(default_factory=list)
    seen: int = 0  # item records met in the files, skipped ones included


def extension(uri: str) -> str:
    dot = uri.rfind(".")
    return uri[dot:].lower() if dot > uri.rfind("/") else ""


def media_kind(uri: str) -> str:
    return "video" if extension(uri) in VIDEO_EXTENSIONS else "photo"


_OLD_FB_ID = re.compile(r"_[no]_(\d+)$")
_TRAILING_ID = re.compile(r"_(\d{6,})$")


def media_id(uri: str) -> str:
    """The Meta id a media file name carries, or ''.

    2024+ Facebook names are the fbid itself (``4298924056919805.jpg``); 2010s-2023 names end
    in ``_n_<id>``; Instagram names end in ``_<media id>``.
    """
    return kind_and_id(uri, "")[1]


_EMPTY = (None, "", 0)


def _exif_fields(metadata: Any) -> tuple[Any, Any, Any]:
    """(taken_timestamp, latitude, longitude) of a media entry's EXIF.

    2021+ nests EXIF in an ``exif_data`` list (later entries win; None, "" and 0 mean unknown),
    <=2020 album files put it straight in the block; the first block present is read.
    """
    if not isinstance(metadata, dict):
        return None, None, None
    for key in ("photo_metadata", "video_metadata"):
        block = metadata.get(key)
        if isinstance(block, dict):
            exif = block.get("exif_data")
            if not isinstance(exif, list):
                return block.get("taken_timestamp"), block.get("latitude"), block.get("longitude")
            taken = latitude = longitude = None
            for entry in exif:  # later entries win
                if isinstance(entry, dict):
                    value = entry.get("taken_timestamp")
                    taken = taken if value in _EMPTY else value
                    value = entry.get("latitude")
                    latitude = latitude if value in _EMPTY else value
                    value = entry.get("longitude")
                    longitude = longitude if value in _EMPTY else value
            return taken, latitude, longitude
    return None, None, None


def coordinate(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):  # OverflowError: an int beyond float range, e.g. 10**400
        return None
    return number if number == number and abs(number) <= 180 else None


def coordinates(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    """(lat, lon), or (None, None) when absent, out of range, or 0,0 (Meta's 'no location')."""
    la, lo = coordinate(lat), coordinate(lon)
    if la is None or lo is None or abs(la) > 90 or (la == 0 and lo == 0):
        return None, None
    return la, lo


def media_item(media: Any, *, platform: str, source: str, problems: Problems, where: str,
               kind: str | None = None, created: int | None = None, caption: str = "",
               album: str = "", status: str = "live") -> Item | None:
    """An item row from a media dict (``uri``, ``creation_timestamp``, ``title``, metadata).

    The big files of an export take typed.media_row instead (the same row from typed structs).
    """
    if not isinstance(media, dict):
        problems.add(source, where, f"media entry is a {type(media).__name__}, not an object; skipped",
                     skipped=True)
        return None
    uri = text(media.get("uri")).strip()
    own_created, reason = timestamp(media.get("creation_timestamp"))
    if reason:
        problems.add(source, where, f"creation_timestamp: {reason}")
    if not uri and own_created is None and created is None:
        problems.add(source, where, "media entry has neither uri nor time; skipped", skipped=True)
        return None
    metadata = media.get("media_metadata")
    taken = lat = lon = None
    if metadata is not None:
        taken, lat, lon = _exif_fields(metadata)
        taken, reason = timestamp(taken or None)
        if reason:
            problems.add(source, where, f"taken_timestamp: {reason}")
        if lat is not None or lon is not None:
            lat, lon = coordinates(lat, lon)
    caption = caption or text(media.get("description"))
    kind, meta_id = kind_and_id(uri, kind)
    posted = created is not None
    return [platform, kind, created if posted else own_created, album, caption, uri, taken, lat, lon, "", 0,
            status, "", meta_id, source, posted, "own", "", None]


def kind_and_id(uri: str, kind: str | None) -> tuple[str, str]:
    """(``kind`` or media_kind(uri), media_id(uri)) in one pass over the name: runs for every media entry."""
    slash, dot = uri.rfind("/"), uri.rfind(".")
    if kind is None:
        kind = "video" if dot > slash and uri[dot:].lower() in VIDEO_EXTENSIONS else "photo"
    stem = uri[slash + 1:dot] if dot > slash + 1 else uri[slash + 1:]
    if not stem.isdigit():
        match = _OLD_FB_ID.search(stem) or _TRAILING_ID.search(stem)
        stem = match.group(1) if match else ""
    return kind, stem


def parse_file(parser: Callable[[Any, Any], None], ctx: Any, data: Any) -> bool:
    """Run one file's parser; a file it cannot get through is rolled back and becomes one problem.

    ``ctx`` is a platform parser's context (``parsed``, ``problems``, ``count``, ``problem()``).
    JSON nested hundreds of levels deep (Meta never writes it) exhausts the recursion of string
    repair; anything else is a parser bug. Either way the rest of the export still loads, and the
    rollback keeps seen = loaded + merged + skipped: the file counts like one that is not JSON.
    """
    parsed, problems = ctx.parsed, ctx.problems
    marks = len(parsed.items), len(parsed.facts), parsed.seen, problems.mark(), len(parsed.ai), len(parsed.apps)
    try:
        parser(ctx, data)
        return True
    except RecursionError:
        reason = "is nested too deeply to read (Meta's files never are); file skipped"
    except Exception as exc:  # one file must never cost the whole export
        log.warning("parsing %s failed", getattr(ctx, "rel", "?"), exc_info=True)
        reason = f"could not be read ({type(exc).__name__}: {exc}); file skipped - please report this bug"
    del parsed.items[marks[0]:], parsed.facts[marks[1]:], parsed.ai[marks[4]:], parsed.apps[marks[5]:]
    problems.rollback(marks[3])
    parsed.seen, ctx.count = marks[2], 0
    ctx.problem("", reason)
    return False
