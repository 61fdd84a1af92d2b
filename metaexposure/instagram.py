"""Instagram export parser: path in, records and problems out.

ROUTES maps every export path we know (FORMATS.md section 5, 2018 to 2026) to its parser;
``None`` means known and ignored on purpose. Paths are matched after the
``your_instagram_activity/`` folder (2023+) is taken off, so ``content/posts_1.json`` (2021-22),
``your_instagram_activity/content/posts_1.json`` (2023-24) and
``your_instagram_activity/media/posts_1.json`` (2025+) meet the same route.

The account's public/private history is read by ``instagram_visibility``; this module routes its
files there and turns what it finds into ``visibility`` facts. Comments, Threads and Meta AI are parsed
by ``instagram_public``, insights and the accounting of media files by ``instagram_media``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import instagram_media, instagram_public, typed
from .archive import Tree
from .errors import Problems
from .facebook import MEDIA_SUFFIXES
from .instagram_media import apply_reach, exif_seconds, media_classes
from .instagram_public import PublicState
from .instagram_visibility import VisibilitySources, visibility_facts
from .records import (
    F_CAPTION,
    F_KIND,
    F_TAKEN,
    F_URI,
    Item,
    Parsed,
    extension,
    item,
    media_id,
    media_item,
    media_kind,
    parse_file,
)
from .text import iso_timestamp, text, timestamp

PLATFORM = "instagram"
_ERA = re.compile(r"^your_instagram_activity/")


def canonical(rel: str) -> str:
    return _ERA.sub("", rel, count=1)


class _Context:
    """What one file's parse needs: where it is, where results, problems and privacy files go."""

    def __init__(self, tree: Tree, rel: str, parsed: Parsed, problems: Problems,
                 visibility: VisibilitySources, public: PublicState | None = None) -> None:
        self.tree, self.rel, self.parsed, self.problems = tree, rel, parsed, problems
        self.visibility = visibility
        self.public = public if public is not None else PublicState()
        self.source = rel
        self.count = 0

    def add(self, item: Item) -> None:
        self.parsed.items.append(item)
        self.count += 1

    def media(self, media: Any, where: str, **fields: Any) -> Item | None:
        """parse_media for instagram_public's parsers (which cannot import this module)."""
        return parse_media(self, media, where, **fields)

    def problem(self, where: str, reason: str, skipped: bool = False) -> None:
        self.problems.add(self.tree.label(self.rel), where, reason, skipped=skipped)

    def records(self, data: Any, *keys: str) -> list:
        """The record list of a file: a bare list, the list under one of ``keys``, or one record.

        A lone record object where a list belongs was seen in a 2025 export's ``posts_1.json``:
        it is read as a list of one and reported.
        """
        if isinstance(data, list):
            return data
        if isinstance(data, dict):
            for key in keys:
                if key in data:
                    value = data[key]
                    if isinstance(value, list):
                        return value
                    if isinstance(value, dict):
                        self.problem(key, f"'{key}' is one object, not a list; read as a list of one")
                        return [value]
                    self.problem(key, f"'{key}' is a {type(value).__name__}, not a list; file skipped")
                    return []
            if "media" in data or "uri" in data:
                self.problem("", "holds one record object instead of a list; read as a list of one")
                return [data]
            lists = [k for k, v in data.items() if isinstance(v, list)]
            if len(lists) == 1:
                self.problem(lists[0], f"records under an unexpected key '{lists[0]}'; read anyway")
                return data[lists[0]]
        expected = " or ".join(f"'{k}'" for k in keys) or "a list"
        self.problem("", f"has none of the expected records ({expected}); file skipped")
        return []


def _exif_time(media: dict) -> Any:
    metadata = media.get("media_metadata")
    if not isinstance(metadata, dict):
        return None
    for key in ("photo_metadata", "video_metadata"):
        block = metadata.get(key)
        entries = block.get("exif_data") if isinstance(block, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and entry.get("date_time_original") not in (None, ""):
                return entry["date_time_original"]
    return None


def _taken(ctx: _Context, row: Item, media: dict, where: str) -> None:
    raw = _exif_time(media)
    if raw is None or row[F_TAKEN] is not None:
        return
    row[F_TAKEN], reason = exif_seconds(raw)
    if reason:
        ctx.problem(where, reason)


# Recently deleted content mixes posts, stories and reels; only the media folder tells them
# apart (2021+ uris: media/stories/YYYYMM/..., media/reels/YYYYMM/...).
_KIND_BY_FOLDER = {"stories": "story", "reels": "reel", "profile": "profile_photo"}


def _kind_from_folder(uri: str) -> str | None:
    parts = uri.split("/")
    return _KIND_BY_FOLDER.get(parts[1]) if len(parts) > 2 and parts[0] == "media" else None


def _check_uri(ctx: _Context, uri: str, where: str, kind: str | None) -> None:
    if not uri:
        ctx.problem(where, "media entry has no uri; kept without a file")
    elif not extension(uri):
        guess = "" if kind else f"; kind guessed as {media_kind(uri)}"
        ctx.problem(where, f"uri {uri!r:.60} has no file extension{guess}")


def parse_media(ctx: _Context, media: Any, where: str, *, kind: str | None, album: str, status: str,
                created: int | None = None, caption: str = "", platform: str = PLATFORM) -> Item | None:
    """One media entry (counted as seen) becomes one Item, or a skipped-problem row."""
    ctx.parsed.seen += 1
    row = media_item(media, platform=platform, source=ctx.source, problems=ctx.problems,
                     where=where, kind=kind, created=created, album=album, status=status)
    if row is None:
        return None
    if kind is None and status == "recently_deleted":
        row[F_KIND] = _kind_from_folder(row[F_URI]) or row[F_KIND]
    # Single-media posts keep their caption in media[0].title; multi-media posts at top level.
    row[F_CAPTION] = caption or text(media.get("title")) or row[F_CAPTION]
    _check_uri(ctx, row[F_URI], where, kind)
    _taken(ctx, row, media, where)
    ctx.add(row)
    return row


def parse_record(ctx: _Context, record: Any, where: str, *, kind: str | None, album: str,
                 status: str = "live") -> None:
    """A post-like record (``media`` list, top-level ``title``) or a bare media entry."""
    if not isinstance(record, dict) or "media" not in record:
        parse_media(ctx, record, where, kind=kind, album=album, status=status)
        return
    created, reason = timestamp(record.get("creation_timestamp"))
    if reason:
        ctx.problem(where, f"creation_timestamp: {reason}")
    caption = text(record.get("title"))
    media = record["media"]
    if not isinstance(media, list):
        ctx.problem(where, f"'media' is a {type(media).__name__}, not a list")
        media = []
    if media:
        for index, entry in enumerate(media):
            parse_media(ctx, entry, f"{where}.media[{index}]", kind=kind, album=album, status=status,
                        created=created, caption=caption)
        return
    ctx.parsed.seen += 1
    if created is None and not caption:
        ctx.problem(where, "post lists no media and has no time or caption; skipped", skipped=True)
        return
    ctx.problem(where, "post lists no media; kept as a post without a file")
    ctx.add(item(PLATFORM, "post", created, album=album, caption=caption, status=status,
                 source_file=ctx.source))


def _collection(kind: str | None, album: str, status: str, *keys: str,
                fast: str = "") -> Callable[[_Context, Any], None]:
    """A file of records under one of ``keys`` (or a bare list). ``fast``: what its records are in
    today's exports ("posts" or "media"), for the typed fast path (instagram_media.py)."""
    def parse(ctx: _Context, data: Any) -> None:
        for index, record in enumerate(ctx.records(data, *keys)):
            parse_record(ctx, record, f"[{index}]", kind=kind, album=album, status=status)
    if fast:
        parse.fast = instagram_media.collection_fast(  # type: ignore[attr-defined]
            fast, keys, kind, album, status)
    return parse


# <=2020 media.json: {"photos": [...], "videos": [...], "stories": [...], "profile": [...],
# "direct": [...]}, each entry {"path", "caption", "taken_at" (ISO string), "location"}.
_MEDIA_JSON_SECTIONS = {"photos": (None, "Posts"), "videos": (None, "Posts"),
                        "stories": ("story", "Stories"), "profile": ("profile_photo", "Profile photos")}
_MEDIA_JSON_IGNORED = ("direct",)  # media sent in direct messages: private by nature


def parse_media_json(ctx: _Context, data: Any) -> None:
    if not isinstance(data, dict):
        ctx.problem("", f"media.json holds a {type(data).__name__}, not an object; file skipped")
        return
    for section, entries in data.items():
        if section in _MEDIA_JSON_IGNORED:
            continue
        if section not in _MEDIA_JSON_SECTIONS:
            ctx.problem(section, f"unknown section '{section}' in media.json; not read")
            continue
        kind, album = _MEDIA_JSON_SECTIONS[section]
        if not isinstance(entries, list):
            ctx.problem(section, f"'{section}' is a {type(entries).__name__}, not a list; skipped")
            continue
        for index, entry in enumerate(entries):
            _parse_2020_entry(ctx, entry, f"{section}[{index}]", kind, album)


def _parse_2020_entry(ctx: _Context, entry: Any, where: str, kind: str | None, album: str) -> None:
    ctx.parsed.seen += 1
    if not isinstance(entry, dict):
        ctx.problem(where, f"entry is a {type(entry).__name__}, not an object; skipped", skipped=True)
        return
    uri = text(entry.get("path")).strip()
    created, reason = (None, None) if entry.get("taken_at") is None else iso_timestamp(entry.get("taken_at"))
    if reason:
        ctx.problem(where, f"taken_at: {reason}")
    if not uri and created is None:
        ctx.problem(where, "entry has neither path nor time; skipped", skipped=True)
        return
    _check_uri(ctx, uri, where, kind)
    ctx.add(item(PLATFORM, kind or media_kind(uri), created, album=album, caption=text(entry.get("caption")),
                 uri=uri, place=text(entry.get("location")), meta_id=media_id(uri), source_file=ctx.source))


def _keep(slot: str) -> Callable[[_Context, Any], None]:
    """Privacy files are interpreted after every file is read: the toggles need the current state."""
    def keep(ctx: _Context, data: Any) -> None:
        ctx.visibility.add(slot, ctx.rel, ctx.tree.label(ctx.rel), data)
    keep.slot = slot  # type: ignore[attr-defined]
    return keep


_CONTENT = r"(content|media)/"
ROUTES: list[tuple[re.Pattern[str], Callable[[_Context, Any], None] | None]] = [
    (re.compile(p), parser) for p, parser in [
        (r"media\.json", parse_media_json),  # <=2020
        (_CONTENT + r"posts_\d+\.json", _collection(None, "Posts", "live", fast="posts")),  # a bare list
        (_CONTENT + r"stories\.json", _collection("story", "Stories", "live", "ig_stories", fast="media")),
        (_CONTENT + r"reels\.json", _collection("reel", "Reels", "live", "ig_reels_media", fast="posts")),
        (_CONTENT + r"profile_photos\.json",
         _collection("profile_photo", "Profile photos", "live", "ig_profile_picture", fast="media")),
        (_CONTENT + r"archived_posts\.json",
         _collection(None, "Archived", "archived", "ig_archived_post_media", fast="posts")),
        (_CONTENT + r"recently_deleted_content\.json",
         _collection(None, "Recently deleted", "recently_deleted", "ig_recently_deleted_media")),
        (_CONTENT + r"igtv_videos\.json", _collection(None, "IGTV", "live", "ig_igtv_media")),
        # 2025+: media of yours outside posts, stories and reels.
        (_CONTENT + r"other_content\.json", _collection(None, "Other content", "live", "ig_other_media")),
        # Text you wrote and what Meta AI holds (instagram_public.py): 2021+ (2023+ under
        # your_instagram_activity/), <=2020 comments.json.
        (r"comments/post_comments(_\d+)?\.json", instagram_public.comments("Comments")),
        (r"comments/reels_comments\.json", instagram_public.comments("Reel comments")),
        (r"comments\.json", instagram_public.comments_2020),
        (r"threads/threads_and_replies\.json", instagram_public.threads_posts),
        (r"threads/personal_information\.json", instagram_public.threads_profile),
        (r"messages/ai_conversations/[^/]+/message_\d+\.json", instagram_public.ai_conversation),
        (r"ai/interest_categories\.json", instagram_public.ai_interests),
        (r"(logged_information/)?past_instagram_insights/posts\.json", instagram_media.insights),
        # Current public/private state: 2025+, 2022-2024, <=2021; <=2020 profile.json.
        (r"(personal_information/)?personal_information/personal_information\.json|"
         r"account_information/personal_information\.json|profile\.json", _keep("current")),
        # Switch history: 2024+, 2022-2024, <=2022.
        (r"security_and_login_information/login_and_profile_creation/profile_privacy_changes\.json|"
         r"(security_and_login_information/)?login_and_account_creation/account_privacy_changes\.json",
         _keep("history")),
        # Known, not this person's own content or not about exposure, ignored on purpose:
        (r"(comments|likes|messages|saved|story_sticker_interactions|story_interactions|shopping|"
         r"monetization|threads|subscriptions|events|fundraisers|avatars_store|gifts|other_activity|"
         r"meta_spark|reports|ai|meta_ai|guides|live|moments|digital_collectibles|your_reels_sentiments|"
         r"ads_information|ads_and_topics|apps_and_websites_off_of_instagram|connections|"
         r"followers_and_following|logged_information|preferences|security_and_login_information|"
         r"login_and_account_creation|account_information|personal_information|information_about_you|"
         r"recent_searches|past_instagram_insights|your_topics|device_information|autofill_information|"
         r"media_settings|notifications|instagram_ads_and_businesses|short_videos)/.*", None),
        # <=2020 single files beside media.json:
        (r"(likes|messages|connections|searches|seen_content|settings|account_history|devices|"
         r"information_about_you|saved|stories_activities|uploaded_contacts|contacts|checkout|autofill|"
         r"guides|shopping|fundraisers|support_requests|media_settings)\.json", None),
    ]
]


def route(rel: str) -> tuple[bool, Callable[[_Context, Any], None] | None]:
    """(known, parser) for an export-relative path."""
    key = canonical(rel)
    for pattern, parser in ROUTES:
        if pattern.fullmatch(key):
            return True, parser
    return False, None


def _is_media_file(rel: str) -> bool:
    # Media live under media/ (2021+) or photos/, videos/, stories/, profile/ (<=2020); scrubbed
    # exports have names there without an extension. 2026 videos come with .srt subtitles.
    return rel.lower().endswith((*MEDIA_SUFFIXES, ".srt", ".vtt")) or (
        rel.startswith(("media/", "photos/", "videos/", "stories/", "profile/")) and not rel.endswith(".json"))


# Whole categories a partial export leaves out, as facebook_public.report_missing says them: (what, the
# first layout era that has it (2020: every era; 2023: your_instagram_activity/; 2025: its media/ folder),
# its folder, why it matters). Only an export holding personal_information.json (profile.json <=2020) is
# judged: every request of "All available information" has it, one part of a split download may lack anything.
CATEGORIES = (
    ("comments", 2020, "comments", "Meta's AI policy covers public comments"),
    ("Threads posts", 2023, "threads", "Meta's AI policy covers public Threads posts"),
    ("messages", 2025, "messages", "your chats with Meta AI are there, and Meta's AI policy covers them"),
)
_PERSONAL = re.compile(r"(personal_information/)?personal_information/personal_information\.json|"
                       r"account_information/personal_information\.json|profile\.json")


def _era(rels: list[str]) -> int:
    if any(rel.startswith("your_instagram_activity/media/") for rel in rels):
        return 2025
    if any(rel.startswith("your_instagram_activity/") for rel in rels):
        return 2023
    return 2020 if "media.json" in rels else 2021


def missing_categories(tree: Tree, problems: Problems, rels: list[str] | None = None) -> list[str]:
    """One problem row per category an export of its era holds and this one does not; returns their names.
    ``rels``: the export's files (its non-media files are enough: the JSON files say every category)."""
    rels = tree.paths() if rels is None else rels
    if not any(_PERSONAL.fullmatch(rel) for rel in rels):
        return []
    era = _era(rels)
    export = tree.sources[0].path.name if tree.sources else ""
    missing = []
    for what, since, folder, why in CATEGORIES:
        where = ("your_instagram_activity/" if era >= 2023 else "") + f"{folder}/"
        if era < since or any(rel.startswith((folder + "/", where)) or rel == f"{folder}.json" for rel in rels):
            continue
        missing.append(what)
        shown = "comments.json" if era == 2020 else where
        problems.add(export, what, f"holds no {what} ({shown}; {why}): you may have none, or they were left out "
                     "when the export was requested. To be sure, request it again with 'All available "
                     "information' (Date range: All time, Format: JSON) and pass every part of the download")
    return missing


def parse_instagram(tree: Tree, problems: Problems) -> Parsed:
    """Every item and account fact in an Instagram export tree."""
    parsed = Parsed()
    visibility = VisibilitySources()
    public = PublicState()
    media: list[str] = []
    files: list[str] = []
    for rel in tree.paths():
        if _is_media_file(rel):
            media.append(rel)
            continue
        files.append(rel)
        known, parser = route(rel)
        if parser is None:
            parsed.sources.append((PLATFORM, rel, "ignored" if known else "unknown", 0))
            continue
        fast, data = typed.read(tree, rel, problems, getattr(parser, "fast", None))
        if fast is not None:
            typed.add(parsed, PLATFORM, rel, fast)
            continue
        if data is None:
            parsed.sources.append((PLATFORM, rel, "unreadable", 0))
            if getattr(parser, "slot", None):
                visibility.add(parser.slot, rel, tree.label(rel), None)  # type: ignore[attr-defined]
            continue
        ctx = _Context(tree, rel, parsed, problems, visibility, public)
        done = parse_file(parser, ctx, data)
        parsed.sources.append((PLATFORM, rel, "parsed" if done else "unreadable", ctx.count))
    parsed.facts.extend(visibility_facts(visibility, problems))
    # Your username, insights and comment photos need every file read (comments sort before personal_information/).
    instagram_public.finish(public, tree, parsed, problems, visibility.current)
    apply_reach(public.insights, parsed, problems)  # after every posts file: insights sort before them in 2023+
    missing_categories(tree, problems, files)
    known = any(status != "unknown" for _, _, status, _ in parsed.sources)
    parsed.sources.append((PLATFORM, "(media files)", "media", len(media)))
    if media and known:  # each media file an item's or in a named class (nothing read: a part of media only)
        for name, count in sorted(media_classes(tree, media, parsed.items).items()):
            parsed.sources.append((PLATFORM, f"(media files: {name})", "media class", count))
    return parsed


__all__ = ["parse_instagram", "route", "ROUTES", "canonical", "missing_categories"]
