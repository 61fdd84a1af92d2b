"""Facebook export parser: path in, records and problems out.

ROUTES maps every export path we know (FORMATS.md section 1, 2018 to 2026) to its parser;
``None`` means known and ignored on purpose. Paths are matched after the era folder
(``your_facebook_activity/`` 2024+, ``your_activity_across_facebook/`` 2022-23,
``this_profile's_activity_across_facebook/`` 2025 Pages-style) is taken off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import facebook_media, typed
from .archive import Tree
from .errors import Problems
from .facebook_media import classify
from .records import (
    F_CAPTION,
    F_LATITUDE,
    F_LINK,
    F_LONGITUDE,
    F_PLACE,
    F_TAGGED,
    Fact,
    Item,
    Parsed,
    coordinates,
    item,
    media_id,
    media_item,
    parse_file,
)
from .text import repair_tree, text, timestamp

PLATFORM = "facebook"
_ERA = re.compile(r"^(your_facebook_activity|your_activity_across_facebook|"
                  r"this_profile's_activity_across_facebook)/")
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp4", ".mov", ".m4v", ".avi",
                  ".webm", ".3gp", ".bmp", ".tif", ".tiff", ".mp3", ".m4a", ".aac", ".wav", ".pdf")


def canonical(rel: str) -> str:
    return _ERA.sub("", rel, count=1)


class _Context:
    """What one file's parse needs: where it is, where results and problems go."""

    def __init__(self, tree: Tree, rel: str, parsed: Parsed, problems: Problems) -> None:
        self.tree, self.rel, self.parsed, self.problems = tree, rel, parsed, problems
        self.source = rel
        self.count = 0

    def add(self, item: Item | None) -> None:
        if item is not None:
            self.parsed.items.append(item)
            self.count += 1

    def problem(self, where: str, reason: str, skipped: bool = False) -> None:
        self.problems.add(self.tree.label(self.rel), where, reason, skipped=skipped)

    def records(self, data: Any, *keys: str) -> list:
        """The record list of a file: a bare list, or the list under one of ``keys``.

        Reports (and returns []) when the shape is wrong, e.g. a dict where a list belongs.
        """
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            for key in keys:
                if key in data:
                    value = data[key]
                    if isinstance(value, list):
                        return value
                    self.problem(key, f"'{key}' is a {type(value).__name__}, not a list; file skipped")
                    return []
            if not keys and data:
                return [data]
        expected = " or ".join(f"'{k}'" for k in keys) or "a list"
        self.problem("", f"has none of the expected records ({expected}); file skipped")
        return []


def _post_text(post: dict) -> str:
    parts = []
    entries = post.get("data")
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("post"), str):
            parts.append(text(entry["post"]))
    return "\n".join(p for p in parts if p)


def _tag_count(tags: Any) -> int:
    # ["Name"] up to 2020, [{"name": "Name"}] since.
    return len(tags) if isinstance(tags, list) else 0


def parse_post(ctx: _Context, post: Any, where: str, *, kind: str | None = None, album: str = "",
               status: str = "live") -> None:
    """One post-like record: one row per media item, or one ``post`` row without media."""
    if not isinstance(post, dict):
        ctx.parsed.seen += 1
        ctx.problem(where, f"post is a {type(post).__name__}, not an object; skipped", skipped=True)
        return
    created, reason = timestamp(post.get("timestamp"))
    if reason:
        ctx.problem(where, f"timestamp: {reason}")
    caption = _post_text(post)
    media, place, lat, lon = [], "", None, None
    attachments = post.get("attachments")
    if attachments is not None and not isinstance(attachments, list):
        ctx.problem(where, f"'attachments' is a {type(attachments).__name__}, not a list; not read")
    for index, attachment in enumerate(attachments if isinstance(attachments, list) else ()):
        entries = attachment.get("data") if isinstance(attachment, dict) else None
        if not isinstance(entries, list) and not (isinstance(attachment, dict) and "data" not in attachment):
            ctx.problem(f"{where}.attachments[{index}]", "attachment is not an object with a 'data' list; not read")
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict):
                continue
            if entry.get("media") is not None:  # not an object: counted, then reported as skipped by media_item
                media.append(entry["media"])
            elif isinstance(entry.get("place"), dict):
                place = text(entry["place"].get("name"))
                coordinate = entry["place"].get("coordinate") or {}
                if isinstance(coordinate, dict):
                    lat, lon = coordinates(coordinate.get("latitude"), coordinate.get("longitude"))
            elif isinstance(entry.get("external_context"), dict) and not caption:
                caption = text(entry["external_context"].get("url"))
            elif isinstance(entry.get("text"), str) and not caption:
                caption = text(entry["text"])
    tagged = _tag_count(post.get("tags"))
    ctx.parsed.seen += max(1, len(media))
    if not media:
        if created is None and not caption:
            ctx.problem(where, "post has no time, text or media; skipped", skipped=True)
            return
        ctx.add(item(PLATFORM, kind or "post", created, album=album, caption=caption, place=place,
                     latitude=lat, longitude=lon, tagged=tagged, status=status, source_file=ctx.source))
        return
    for index, entry in enumerate(media):
        row = media_item(entry, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                         where=f"{where}.media[{index}]", created=created, caption=caption,
                         status=status)
        if row is None:
            continue
        classify(row, text(entry.get("title")) or album, kind)
        if row[F_LATITUDE] is None and lat is not None:
            row[F_LATITUDE:F_LONGITUDE + 1] = lat, lon
        row[F_PLACE], row[F_TAGGED] = place, tagged
        ctx.add(row)


def parse_posts(ctx: _Context, data: Any) -> None:
    # 2018: {"status_updates": [...]}; 2019+: a bare list.
    for index, post in enumerate(ctx.records(data, "status_updates", "profile_posts_v2")):
        parse_post(ctx, post, f"[{index}]")


def parse_album(ctx: _Context, data: Any) -> None:
    if not isinstance(data, dict):
        ctx.problem("", f"album file holds a {type(data).__name__}, not an album object; file skipped")
        return
    name = text(data.get("name")) or "Untitled album"
    photos = ctx.records(data, "photos")
    for index, photo in enumerate(photos):
        ctx.parsed.seen += 1
        row = media_item(photo, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                         where=f"photos[{index}]")
        if row is not None:
            classify(row, name, None)
            ctx.add(row)


parse_album.fast = facebook_media.ALBUM  # type: ignore[attr-defined]
# 2019+ posts files are a bare list (2018's {"status_updates": [...]} is left to the tolerant parser).
parse_posts.fast = facebook_media.post_collection((), None, "", "live")  # type: ignore[attr-defined]


def parse_photos_2018(ctx: _Context, data: Any) -> None:
    # 2018 photos/photos.json: seen as a list of albums or a single album (unverified): take both.
    albums = data.get("albums") if isinstance(data, dict) and "albums" in data else data
    for album in albums if isinstance(albums, list) else [albums]:
        parse_album(ctx, album)


def _media_collection(kind: str | None, album: str, *keys: str) -> Callable[[_Context, Any], None]:
    def parse(ctx: _Context, data: Any) -> None:
        for index, media in enumerate(ctx.records(data, *keys)):
            ctx.parsed.seen += 1
            row = media_item(media, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                             where=f"[{index}]", kind=kind)
            if row is not None:
                # In these collections 'title' is the user's own title, not an album name.
                if not row[F_CAPTION]:
                    row[F_CAPTION] = text(media.get("title"))
                classify(row, album, kind)
                ctx.add(row)
    parse.fast = facebook_media.media_collection(keys, kind, album)  # type: ignore[attr-defined]
    return parse


def _post_collection(kind: str | None, album: str, status: str, *keys: str) -> Callable[[_Context, Any], None]:
    def parse(ctx: _Context, data: Any) -> None:
        for index, post in enumerate(ctx.records(data, *keys)):
            if isinstance(post, dict) and "label_values" in post:
                parse_label_record(ctx, post, f"[{index}]", status)
            else:
                parse_post(ctx, post, f"[{index}]", kind=kind, album=album, status=status)
    if status == "live":  # archive and trash hold label records: the tolerant parser's, always
        parse.fast = facebook_media.post_collection(keys, kind, album, status)  # type: ignore[attr-defined]
    return parse


def parse_label_record(ctx: _Context, record: dict, where: str, status: str) -> None:
    """2022+ ``label_values`` record (archive, trash): a post with an fbid and a real URL."""
    record = repair_tree(record)
    created, reason = timestamp(record.get("timestamp"))
    if reason:
        ctx.problem(where, f"timestamp: {reason}")
    caption, link = "", ""
    labels = record.get("label_values")
    for label in labels if isinstance(labels, list) else ():
        if not isinstance(label, dict):
            continue
        if label.get("href") or str(label.get("value", "")).startswith("https://www.facebook.com/"):
            link = link or str(label.get("href") or label.get("value"))
        elif isinstance(label.get("value"), str) and not caption:
            caption = label["value"]
    fbid = record.get("fbid")
    fbid = str(fbid) if fbid and isinstance(fbid, (str, int)) and not isinstance(fbid, bool) else ""
    # Entries that are not objects are kept here so that media_item counts and reports them.
    media = record.get("media") if isinstance(record.get("media"), list) else []
    ctx.parsed.seen += max(1, len(media))
    before = ctx.count
    if media:
        for index, entry in enumerate(media):
            row = media_item(entry, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                             where=f"{where}.media[{index}]", created=created, caption=caption, status=status)
            if row is not None:
                classify(row, text(entry.get("title")), None)
                row[F_LINK] = link or row[F_LINK]
                ctx.add(row)
    elif created is not None or caption:
        ctx.add(item(PLATFORM, "post", created, caption=caption, status=status, link=link,
                     meta_id=fbid, source_file=ctx.source))
    if not media and ctx.count == before:
        ctx.problem(where, "record has no time, text or media; skipped", skipped=True)


# Labels are in the UI language; these are the ones we know for "who can see future posts".
_FUTURE_POSTS = ("future posts", "zukünftige beiträge", "publications futures", "publicaciones futuras",
                 "toekomstige berichten", "post futuri", "publicações futuras", "przyszłe posty")
_AUDIENCE_WORDS = {
    "public": ("public", "öffentlich", "público", "pubblico", "openbaar", "publiczne"),
    "friends_of_friends": ("friends of friends", "freunde von freunden", "amis de leurs amis",
                           "amigos de amigos", "vrienden van vrienden", "amici di amici"),
    "friends": ("friends", "freunde", "amis", "amigos", "vrienden", "amici", "znajomi"),
    "only_me": ("only me", "nur ich", "moi uniquement", "solo yo", "alleen ik", "solo io", "tylko ja"),
}


def audience_word(value: str) -> str:
    """Map a UI audience label ('Friends', 'Nur ich') to an audience category; else 'custom'."""
    key = value.strip().casefold()
    for category in ("friends_of_friends", "only_me", "public", "friends"):
        if key in _AUDIENCE_WORDS[category]:
            return category
    return "custom"


def _label_pairs(obj: Any):
    if isinstance(obj, dict):
        label = obj.get("label") or obj.get("name")
        if isinstance(label, str) and isinstance(obj.get("value"), str):
            yield label, obj["value"]
        for value in obj.values():
            yield from _label_pairs(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _label_pairs(value)


def parse_privacy_settings(ctx: _Context, data: Any) -> None:
    for label, value in _label_pairs(repair_tree(data)):
        if any(word in label.casefold() for word in _FUTURE_POSTS):
            ctx.parsed.facts.append(Fact(PLATFORM, "default_audience", audience_word(value),
                                         basis=f"{label}: {value}", source_file=ctx.source))
            return
    ctx.problem("", "no 'who can see your future posts' setting found")


ROUTES: list[tuple[re.Pattern[str], Callable[[_Context, Any], None] | None]] = [
    (re.compile(p), parser) for p, parser in [
        (r"posts/your_posts(_\d+)?\.json", parse_posts),  # 2018-2021
        (r"posts/your_posts__check_ins__photos_and_videos_\d+\.json", parse_posts),  # 2022+
        (r"posts/profile_posts_\d+\.json", parse_posts),  # 2025 Pages-style profiles
        (r"(posts|photos_and_videos)/album/\d+\.json", parse_album),
        (r"photos/photos\.json", parse_photos_2018),
        (r"(videos/videos|photos_and_videos/your_videos|posts/your_videos|posts/videos)\.json",
         _media_collection("video", "Videos", "videos_v2", "videos")),
        (r"posts/your_uncategorized_photos\.json",
         _media_collection(None, "Uncategorized photos", "other_photos_v2", "other_photos")),
        (r"stories/archived_stories\.json", _post_collection("story", "Stories", "live", "archived_stories_v2")),
        (r"reels/your_reels\.json", _post_collection("reel", "Reels", "live", "lasso_videos_v2")),
        (r"posts/archive\.json", _post_collection(None, "", "archived", "archive_v2", "archived_posts_v2")),
        (r"posts/trash\.json", _post_collection(None, "", "trash", "trash_v2")),
        (r"(personal_information/)?profile_information/profile_update_history\.json",
         _post_collection(None, "Profile updates", "live", "profile_updates_v2", "profile_updates")),
        (r"(preferences/)?preferences/privacy_settings\.json|privacy_settings\.json", parse_privacy_settings),
        # Known, not items of this person's exposure, ignored on purpose:
        (r"posts/other_people's_posts_to_your_timeline\.json", None),  # others' posts
        (r"posts/(check-ins|edits_you_made_to_posts|posts_on_other_pages_and_profiles)\.json", None),
        (r"activity_you're_tagged_in/.*", None),  # photos others posted: never in the export
        (r"(messages|comments_and_reactions|groups|events|pages|marketplace|ads_information|"
         r"apps_and_websites_off_of_facebook|logged_information|security_and_login_information|"
         r"connections|friends_and_followers|friends|search|saved_items_and_collections|"
         r"facebook_gaming|fundraisers|other_activity|other_logged_information|your_topics|"
         r"notifications|ads_and_businesses|activity_messages|location|about_you)/.*", None),
        (r"personal_information/.*|profile_information/.*|preferences/.*", None),
    ]
]


def route(rel: str) -> tuple[bool, Callable[[_Context, Any], None] | None]:
    """(known, parser) for an export-relative path."""
    key = canonical(rel)
    for pattern, parser in ROUTES:
        if pattern.fullmatch(key):
            return True, parser
    return False, None


def _html_in_place_of_json(tree: Tree, rel: str) -> bool:
    """An HTML file where a JSON file we parse belongs: a part of an HTML download mixed into a JSON one."""
    if not rel.endswith(".html"):
        return False
    json_rel = rel[:-5] + ".json"
    return json_rel not in tree.members and route(json_rel)[1] is not None


def parse_facebook(tree: Tree, problems: Problems) -> Parsed:
    """Every item and account fact in a Facebook export tree."""
    parsed = Parsed()
    media_files = 0
    for rel in tree.paths():
        if rel.lower().endswith(MEDIA_SUFFIXES):
            media_files += 1
            continue
        known, parser = route(rel)
        if parser is None:
            status = "ignored" if known else "unknown"
            parsed.sources.append((PLATFORM, rel, status, 0))
            if _html_in_place_of_json(tree, rel):
                problems.add(tree.label(rel), "", "is in HTML format, which this kit cannot read, so its items "
                             "are missing: download the export again with Format: JSON")
            continue
        fast, data = typed.read(tree, rel, problems, getattr(parser, "fast", None))
        if fast is not None:
            typed.add(parsed, PLATFORM, rel, fast)
            continue
        if data is None:
            parsed.sources.append((PLATFORM, rel, "unreadable", 0))
            continue
        ctx = _Context(tree, rel, parsed, problems)
        done = parse_file(parser, ctx, data)
        parsed.sources.append((PLATFORM, rel, "parsed" if done else "unreadable", ctx.count))
    parsed.sources.append((PLATFORM, "(media files)", "media", media_files))
    return parsed


__all__ = ["parse_facebook", "route", "ROUTES", "audience_word", "media_id"]
