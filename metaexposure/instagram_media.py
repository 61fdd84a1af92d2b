"""Instagram media rows: the EXIF capture time, the typed fast path for the big live collections
(posts, stories, reels, profile photos; typed.py says how the fast path and the tolerant parser share work),
every media file of the export accounted for, and post insights ("Accounts reached") on their posts.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from . import typed
from .archive import Tree, normalize
from .errors import Problems
from .instagram_public import Ctx, fields_of, time_of
from .records import (
    F_CAPTION,
    F_CREATED,
    F_KIND,
    F_PLATFORM,
    F_POSTED,
    F_REACHED,
    F_SOURCE_FILE,
    F_TAKEN,
    F_URI,
    Item,
    Parsed,
    extension,
)
from .text import repair, text, timestamp

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


# --- every media file accounted for ------------------------------------------------------------------

_ERA = re.compile(r"^your_instagram_activity/")
# The class of each media file (instagram.py adds a "(media files: <class>)" source row per class, as
# facebook.py does): an item's file, or what a file no record lists is, never content of yours in public.
UNLISTED = "content listed in no file read"
# The uris Tree.resolve finds beyond a plain member name: a wrapper folder, odd steps, backslashes.
_ODD, _ODD_MARKS = ("/", "./", "instagram-"), ("\\", "/.", "//")


def _media_class(rel: str) -> str:
    key = _ERA.sub("", rel, count=1)
    if key.lower().endswith((".srt", ".vtt")):
        return "subtitles"  # video_metadata.subtitles.uri (2026): the text of a video that is an item itself
    if key.startswith(("messages/", "direct/")):
        return "messages"  # sent and received in chats, Meta AI's included: private by nature
    if key.startswith(("media/", "photos/", "videos/", "stories/", "profile/")):
        return UNLISTED
    return "other files"


def media_classes(tree: Tree, media: list[str], items: list[Item]) -> dict[str, int]:
    """How many of ``media`` are items' files, and how many of each class of file no item lists."""
    members = tree.members
    listed = {uri for row in items if (uri := row[F_URI]) in members}
    if any(rel not in listed for rel in media):  # a uri with a wrapper folder, "./" or backslashes names a file too
        odd = {uri for row in items if (uri := row[F_URI]) not in members
               and (uri.startswith(_ODD) or any(mark in uri for mark in _ODD_MARKS))}
        listed.update(tree.resolve(uri) for uri in odd)
    counts: dict[str, int] = {}
    for rel in media:
        name = "items" if rel in listed else _media_class(rel)
        counts[name] = counts.get(name, 0) + 1
    return counts


# --- insights (2021+, professional accounts only) -----------------------------------------------------

# "Accounts reached" is translated like every label; English is in every public sample, the rest unverified.
REACHED_LABELS = frozenset({"accounts reached", "bereikte accounts", "erreichte konten", "comptes touchés",
                            "cuentas alcanzadas", "account raggiunti", "contas alcançadas"})
# "1234", or in groups of three with one separator ("1,234", "1.234", "1 234" as locales write them).
_COUNT = re.compile(r"\d{1,3}(?:([,.'\s\u00a0\u202f])\d{3})(?:\1\d{3})*|\d+")
Insight = tuple[str, str, str, "int | None", int]  # (file label, where, thumbnail uri, post time, accounts reached)


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    raw = value.strip() if isinstance(value, str) else ""
    return int(re.sub(r"\D", "", raw)) if _COUNT.fullmatch(raw) else None


def insights(ctx: Ctx, data: Any) -> None:
    """Past post insights: "Accounts reached" per post, kept until every posts file is read (apply_reach)."""
    for index, record in enumerate(ctx.records(data, "organic_insights_posts")):
        where = f"[{index}]"
        thumbs = record.get("media_map_data") if isinstance(record, dict) else None
        # The thumbnail's label is translated too: take the one media entry with a uri.
        uri = next((text(m.get("uri")).strip() for m in thumbs.values() if isinstance(m, dict) and m.get("uri")),
                   "") if isinstance(thumbs, dict) else ""
        fields = fields_of(record)
        reached = next((value for key, _, value in fields if key in REACHED_LABELS), None)
        if reached is None:
            ctx.problem(where, "insight has no 'Accounts reached'; not used")
            continue
        count = _count(reached.get("value"))
        if count is None:
            ctx.problem(where, f"'Accounts reached' is {reached.get('value')!r:.30}, not a count; not used")
            continue
        created, reason = timestamp(time_of(fields))
        if reason:
            ctx.problem(where, f"Creation Timestamp: {reason}")
        ctx.public.insights.append((ctx.tree.label(ctx.rel), where, uri, created, count))


def apply_reach(insights: list[Insight], parsed: Parsed, problems: Problems) -> None:
    """Each insight's count on its post's rows: found by the thumbnail's file, else by the post's time."""
    if not insights:
        return
    posts = [row for row in parsed.items if row[F_PLATFORM] == PLATFORM and row[F_KIND] in ("photo", "video", "reel")]
    by_uri = {normalize(row[F_URI]): row for row in posts if row[F_URI]}
    by_time: dict[int, list[Item]] = {}
    for row in posts:
        if row[F_CREATED] is not None:
            by_time.setdefault(row[F_CREATED], []).append(row)
    for label, where, uri, created, count in insights:
        first = by_uri.get(normalize(uri)) if uri else None
        if first is not None:  # the thumbnail is the post's first media; the others share its time and file
            rows = [first] + [row for row in by_time.get(first[F_CREATED], []) if first[F_POSTED] and row[F_POSTED]
                              and row is not first and row[F_SOURCE_FILE] == first[F_SOURCE_FILE]]
        else:
            rows = by_time.get(created, []) if created is not None else []
        if not rows:
            problems.add(label, where, f"insight of a post not found in the export ({uri or 'no uri'}): "
                         f"{count} accounts reached, not attached to an item")
        for row in rows:
            row[F_REACHED] = count
