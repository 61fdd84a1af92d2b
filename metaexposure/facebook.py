"""Facebook export parser: path in, records and problems out.

ROUTES maps every export path we know (FORMATS.md sections 1 and 8, 2018 to 2026) to its parser;
``None`` means known and ignored on purpose. Paths are matched after the era folder
(``your_facebook_activity/`` 2024+, ``your_activity_across_facebook/`` 2022-23,
``this_profile's_activity_across_facebook/`` 2025 Pages-style) is taken off. Comments, groups and posts in other
people's places are read by facebook_public.py, account facts, Meta AI chats and apps by facebook_account.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import facebook_account as account
from . import facebook_media, typed
from . import facebook_public as public
from .archive import Tree
from .errors import Problems
from .facebook_account import audience_word
from .facebook_media import classify, note_caption, where_of_post_title
from .records import (
    F_CAPTION,
    F_LATITUDE,
    F_LINK,
    F_LONGITUDE,
    F_PLACE,
    F_TAGGED,
    F_WHERE,
    F_WHERE_NAME,
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


# One 2024 variant nests the whole tree again under this folder: the activity folder (archive.normalize takes
# that prefix off), but preferences/, connections/, logged_information/... too. A folder below it is that tree;
# files right in it (profile_information.json, profile_update_history.json) are where every export keeps them.
_NESTED = "personal_information/profile_information/"


def canonical(rel: str) -> str:
    """The path a route matches: without the nested 2024 prefix and the era folder."""
    if rel.startswith(_NESTED) and "/" in rel[len(_NESTED):]:
        rel = rel[len(_NESTED):]
    return _ERA.sub("", rel, count=1)


class _Context:
    """What one file's parse needs: where it is, where results and problems go."""

    def __init__(self, tree: Tree, rel: str, parsed: Parsed, problems: Problems,
                 found: public.Found | None = None) -> None:
        self.tree, self.rel, self.parsed, self.problems = tree, rel, parsed, problems
        self.source = rel
        self.count = 0
        self.found = found if found is not None else public.Found()  # shared by the export's files

    def post(self, post: Any, where: str, **options: Any) -> None:
        """parse_post, for the parsers of facebook_public.py (which cannot import this module)."""
        parse_post(self, post, where, **options)

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
    shared = where_of_post_title(text(post.get("title")))  # "Ava wrote on Sam's timeline." (English only)
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
            elif isinstance(entry.get("note"), dict):
                # A Facebook Note (2012-2020 posts): its photos are found nowhere else in the export.
                note = entry["note"]
                if isinstance(note.get("media"), list):
                    media.extend(note["media"])
                elif note.get("media") is not None:
                    ctx.problem(f"{where}.attachments[{index}]", "the note's 'media' is not a list; not read")
                caption = caption or note_caption(text(note.get("title")), text(note.get("text")))
    tagged = _tag_count(post.get("tags"))
    ctx.parsed.seen += max(1, len(media))
    if not media:
        if created is None and not caption:
            ctx.problem(where, "post has no time, text or media; skipped", skipped=True)
            return
        at, whose = shared or ("own", "")
        ctx.add(item(PLATFORM, kind or "post", created, album=album, caption=caption, place=place,
                     latitude=lat, longitude=lon, tagged=tagged, status=status, source_file=ctx.source,
                     where=at, where_name=whose))
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
        if shared:
            row[F_WHERE], row[F_WHERE_NAME] = shared
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
        # What you wrote in other people's places (issue 15; FORMATS.md section 8):
        (r"(comments_and_reactions|comments)/comments\.json", public.comments(in_group=False)),  # 2019-21 comments/
        (r"groups/your_comments_in_groups\.json", public.comments(in_group=True)),
        (r"groups/group_posts_and_comments\.json", public.group_posts("live", "group_posts_v2", "group_posts")),
        (r"posts/your_posts_in_groups\.json", public.group_posts("live", "group_posts")),  # 2019-2021, a list
        (r"groups/your_pending_posts_in_groups\.json",
         public.group_posts("pending", "pending_posts_v2", "group_pending_posts_v2", "pending_posts")),
        (r"posts/posts_on_other_pages_and_profiles\.json", public.parse_other_places),
        # About the account: facts, Meta AI chats, apps
        (r"(preferences/)?preferences/privacy_settings\.json|privacy_settings\.json", account.parse_privacy_settings),
        (r"(personal_information/)?profile_information/profile_information\.json", account.parse_profile),
        (r"pages/pages_you(['\u2019_]?)ve_liked\.json", account.pages("liked", "page_likes_v2", "page_likes")),
        (r"likes_and_reactions/pages\.json", account.pages("liked", "page_likes_v2", "page_likes")),  # 2019-20
        (r"pages/(pages_and_profiles_you_follow|pages_you_follow)\.json",
         account.pages("followed", "pages_followed_v2", "pages_followed")),
        (r"groups/your_group_membership_activity\.json", account.groups("joined", "groups_joined_v2", "groups_joined")),
        (r"groups/your_groups\.json", account.groups("admin", "groups_admined_v2", "groups_admined")),
        (r"logged_information/location/your_privacy_jurisdiction\.json", account.parse_jurisdiction),
        (r"(preferences/)?preferences/your_story_highlights\.json", account.parse_highlights),
        (r"activity_you're_tagged_in/photos_and_videos_you're_tagged_in\.json", account.parse_tagged),
        (r"messages/ai_conversations\.json", account.parse_ai),
        (r"(apps_and_websites_off_of_facebook|apps_and_websites)/(connected_apps_and_websites|apps_and_websites)"
         r"\.json", account.parse_apps),
        (r"(apps_and_websites_off_of_facebook|ads_and_businesses)/(your_activity_off_meta_technologies|"
         r"your_off-facebook_activity)\.json", account.parse_off_meta),
        # Known, not items of this person's exposure, ignored on purpose:
        (r"posts/other_people's_posts_to_your_timeline\.json", None),  # others' posts
        (r"posts/(check-ins|edits_you_made_to_posts)\.json", None),  # records of posts read elsewhere
        (r"activity_you're_tagged_in/.*", None),  # others' posts you are tagged in: links only
        (r"(messages|comments_and_reactions|comments|groups|events|pages|marketplace|ads_information|"
         r"apps_and_websites_off_of_facebook|apps_and_websites|logged_information|security_and_login_information|"
         r"connections|friends_and_followers|friends|search|saved_items_and_collections|likes_and_reactions|"
         r"facebook_gaming|fundraisers|other_activity|other_logged_information|your_topics|"
         r"notifications|ads_and_businesses|activity_messages|location|about_you)/.*", None),
        (r"personal_information/.*|profile_information/.*|preferences/.*", None),
    ]
]


def route(rel: str) -> tuple[bool, Callable[[_Context, Any], None] | None]:
    """(known, parser) for an export-relative path."""
    return _route(canonical(rel))


def _route(key: str) -> tuple[bool, Callable[[_Context, Any], None] | None]:
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
    parsed, found = Parsed(), public.Found()
    media: list[str] = []
    files: list[tuple[str, str]] = []
    for rel in tree.paths():
        if rel.lower().endswith(MEDIA_SUFFIXES):
            media.append(rel)
            continue
        files.append((rel, key := canonical(rel)))
        known, parser = _route(key)
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
        ctx = _Context(tree, rel, parsed, problems, found)
        done = parse_file(parser, ctx, data)
        parsed.sources.append((PLATFORM, rel, "parsed" if done else "unreadable", ctx.count))
    public.finish(parsed, found)
    public.report_missing(tree, files, problems)
    known = any(status != "unknown" for _, _, status, _ in parsed.sources)
    parsed.sources.append((PLATFORM, "(media files)", "media", len(media)))
    if media and known:  # each media file an item or in a named class (nothing else read: a part of media only)
        for name, count in sorted(facebook_media.media_classes(tree, media, canonical, parsed.items,
                                                               found.highlights).items()):
            parsed.sources.append((PLATFORM, f"(media files: {name})", "media class", count))
    return parsed


__all__ = ["parse_facebook", "route", "ROUTES", "audience_word", "media_id"]
