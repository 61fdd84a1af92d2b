"""Facebook media rows: album role, kind and permalink (``classify``), where a post was shared by its English
title (``where_of_title``), the typed fast path for the big files (album and posts files; typed.py says how
the fast path and the tolerant parser share work), and which class each media file of an export is in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import msgspec

from . import typed
from .albums import album_role
from .archive import Tree
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
    F_WHERE,
    F_WHERE_NAME,
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


def classify_elsewhere(row: Item) -> None:
    """A photo or video shared in someone else's place (a comment, a group, another profile): no album of
    yours, so no album name from its folder; the permalink where the file name is an fbid."""
    classify(row, "", None)
    row[F_ALBUM] = ""


# --- where a record was shared, from the English prose of its title ---------------------------------
# The title is UI text ("Ava commented on Sam's post.", 2019-2026 exports): only English is read. Any
# other language gives None, and callers fall back to what the file itself says (a group file: a group),
# never to a guess. ``who`` is the name the title starts with: the person's own, most of the time.
_NOUNS = (r"(?:post|photo|video|comment|reply|status|link|album|reel|story|note|event|life event|live video|"
          r"cover photo|profile picture|memory|check-in)s?")
_POSSESSIVE = r"(?:'s|'|\u2019s|\u2019)"  # Sam's, James', and both with a typographic apostrophe
_IN_GROUP = r"(?: in (?P<group>.+?))?\.?$"
_OWN = re.compile(rf"^(?P<who>.+?) (?:commented on|replied to) (?:her|his|their|your) own {_NOUNS}{_IN_GROUP}")
_SOMEONES = re.compile(rf"^(?P<who>.+?) (?:commented on|replied to) (?P<whom>.+?){_POSSESSIVE} {_NOUNS}{_IN_GROUP}")
_A_POST_IN = re.compile(rf"^(?P<who>.+?) (?:commented on|replied to) an? {_NOUNS} in (?P<group>.+?)\.?$")
_TIMELINE = re.compile(rf"^(?P<who>.+?) (?:wrote|posted) (?:on|to) (?P<whom>.+?){_POSSESSIVE} "
                       r"(?:timeline|profile|wall)\.?$")
_POSTED_IN = re.compile(r"^(?P<who>.+?) posted in (?P<group>.+?)\.?$")
# Only in group files: in a posts file "shared a photo in <a place>" could be a check-in.
_SHARED_IN = re.compile(r"^(?P<who>.+?) shared (?:a|an) (?:post|link|photo|video|album|poll|file) in "
                        r"(?P<group>.+?)\.?$")


def where_of_title(title: str) -> tuple[str, str, str] | None:
    """(where, name, who) from an English title of a comment or post; None when it says nothing we read."""
    title = title.strip()
    for pattern in (_OWN, _SOMEONES, _A_POST_IN, _TIMELINE, _POSTED_IN, _SHARED_IN):
        match = pattern.match(title)
        if match:
            found = match.groupdict()
            if found.get("group"):
                return "group", found["group"], found["who"]
            return ("person", found["whom"], found["who"]) if found.get("whom") else ("own", "", found["who"])
    return None


def where_of_post_title(title: str) -> tuple[str, str] | None:
    """A post of yours shared elsewhere ("Ava wrote on Sam's timeline.", "... posted in Hiking Club."):
    (where, name), else None (the post stays ``own``). Runs for every post: most titles fail the first test."""
    if " wrote " not in title and " posted " not in title:
        return None
    for pattern in (_TIMELINE, _POSTED_IN):
        match = pattern.match(title.strip())
        if match:
            found = match.groupdict()
            return ("group", found["group"]) if found.get("group") else ("person", found["whom"])
    return None


def note_caption(title: str, body: str) -> str:
    """A Facebook Note's title and text, the caption of its photos when the post says nothing itself."""
    return "\n".join(part for part in (title, body) if part)


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


# Posts files also carry a title (where a post was shared) and, in 2012-2020 posts, Facebook Notes whose
# photos are found nowhere else: typed.Post extended with both, for this file kind only.
class _Note(msgspec.Struct):
    title: str = ""
    text: str = ""
    media: list[typed.Media] = []


class _Entry(typed.AttachmentEntry):
    note: _Note | None = None


class _Attachment(typed.Attachment):
    data: list[_Entry] = []


class _Post(typed.Post):
    title: str = ""
    attachments: list[_Attachment] | None = None


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
    decode = typed.wrapped(keys, list[_Post]) if keys else typed.decoder(list[_Post])
    return typed.Fast(decode, rows)


def _post_rows(post: _Post, source: str, newest: float, kind: str | None, album: str, status: str,
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
            elif entry.note is not None:
                media.extend(entry.note.media)
                caption = caption or note_caption(repair(entry.note.title), repair(entry.note.text))
    tagged = len(post.tags)
    shared = where_of_post_title(repair(post.title)) if post.title else None
    if not media:
        if created is None and not caption:
            raise typed.Unclean  # "post has no time, text or media; skipped"
        where, name = shared or ("own", "")
        out.append(item(PLATFORM, kind or "post", created, album=album, caption=caption, place=place,
                        latitude=lat, longitude=lon, tagged=tagged, status=status, source_file=source,
                        where=where, where_name=name))
        return 1
    for entry in media:
        row = typed.media_row(entry, PLATFORM, source, newest, created=created, caption=caption, status=status)
        classify(row, repair(entry.title) or album, kind)
        if row[F_LATITUDE] is None and lat is not None:
            row[F_LATITUDE:F_LONGITUDE + 1] = lat, lon
        row[F_PLACE], row[F_TAGGED] = place, tagged
        if shared:
            row[F_WHERE], row[F_WHERE_NAME] = shared
        out.append(row)
    return len(media)


# --- every media file of an export: an item, or a named class of files that are not content ------------
# Messages (chat photos, voice notes, files), stickers and avatars are not what Meta's AI policy is about;
# a photo or video in a content folder that no file lists is neither, and is counted apart (issue 15).
_CLASSES = [(re.compile(pattern), name) for pattern, name in [
    (r"messages/stickers_used/", "stickers"),
    (r"(messages|activity_messages)/", "messages"),
    (r".*avatar", "avatars"),
    (r"marketplace/", "marketplace"),
    (r"events/", "events"),
    (r"(facebook_)?gaming/", "gaming"),
    (r"(ads_information|ads_and_businesses)/", "ads"),
    (r"(personal_information|profile_information|preferences|connections|logged_information|"
     r"security_and_login_information|apps_and_websites_off_of_facebook)/", "account files"),
    (r"(posts|photos_and_videos|photos|videos|stories|reels|groups|comments|comments_and_reactions|"
     r"activity_you're_tagged_in)/", "content listed in no file read"),
]]
UNLISTED = "content listed in no file read"


def media_classes(tree: Tree, media: list[str], canonical: Callable[[str], str], items: Iterable[Item],
                  highlights: Iterable[str]) -> dict[str, int]:
    """How many of the export's media files are items, story highlights (stories the export lists only
    there), or which class of file that is not content they are, by their path after the era folder
    (``canonical``). Runs only when an export holds media files; set operations, so 100k files cost ~20 ms."""
    files = set(media)
    uris = {row[F_URI] for row in items}
    listed = files & uris  # nearly every item's uri is its member name
    rest = files - listed
    if rest:  # uris with a wrapper or nested prefix, backslashes, ./ name their file only once resolved
        unusual = ("/", "./", "personal_information/", "facebook-")
        listed |= rest & {tree.resolve(uri) for uri in uris - listed if uri.startswith(unusual) or "\\" in uri}
        rest -= listed
    counts = {"items": len(listed)} if listed else {}
    kept = {rel for uri in highlights if (rel := tree.resolve(uri)) is not None}
    for rel in rest:
        if rel in kept:
            name = "story highlights"
        else:
            key = canonical(rel)
            name = next((label for pattern, label in _CLASSES if pattern.match(key)), "other files")
        counts[name] = counts.get(name, 0) + 1
    return counts
