"""Facebook: what you wrote in other people's places, and where (issue 15).

Items: comments (2019-2021 ``comments/comments.json``, 2022+ ``comments_and_reactions/comments.json``), posts and
comments in groups, pending group posts, posts on other Pages and profiles, each with where it was shared (the
group field, a Target label, the English title). ``finish`` runs after every file: your own name, the Pages the
export lists, the group list. ``report_missing`` says which categories an export of its era should hold and does
not. None of these files has a typed fast path. Parsers take facebook._Context (``ctx``): this module does not
import facebook.py, which imports it. facebook_account.py reads the account facts, Meta AI chats and apps.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .archive import Tree
from .errors import Problems
from .facebook_media import classify_elsewhere, where_of_title
from .records import F_ALBUM, F_LINK, F_SOURCE_FILE, F_WHERE, F_WHERE_NAME, Fact, Item, Parsed, item, media_item
from .text import repair_tree, text, timestamp

PLATFORM = "facebook"
Parser = Callable[[Any, Any], None]


@dataclass
class Found:
    """What one export's files say about people, Pages and groups; ``finish`` applies it to the rows."""

    profile_name: str = ""
    owners: Counter = field(default_factory=Counter)  # the names English titles start with
    pages: dict[str, str] = field(default_factory=dict)  # casefolded name -> name
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # groups seen in records: (name, file)
    listed_groups: set[str] = field(default_factory=set)  # casefolded names of the membership files
    highlights: list[str] = field(default_factory=list)  # media uris of stories kept in highlights
    tagged: list[int | None] = field(default_factory=list)  # times of photos others tagged you in
    tagged_files: list[str] = field(default_factory=list)


def as_list(value: Any) -> list:
    """``value`` when it is a list, else [] (a damaged file puts anything anywhere)."""
    return value if isinstance(value, list) else []


def time_of(ctx: Any, value: Any, where: str, what: str = "timestamp") -> int | None:
    """text.timestamp of ``value``; an odd one is reported at ``where``."""
    seconds, reason = timestamp(value)
    if reason:
        ctx.problem(where, f"{what}: {reason}")
    return seconds


def entries(values: Any) -> Iterator[dict]:
    """Every entry of a ``label_values`` list, those nested in ``dict`` and ``vec`` lists too."""
    for entry in as_list(values):
        if isinstance(entry, dict):
            yield entry
            yield from entries(entry.get("dict"))
            yield from entries(entry.get("vec"))


def label_of(entry: dict) -> str:
    """An entry's label, casefolded ('' when it has none)."""
    label = entry.get("label")
    return label.strip().casefold() if isinstance(label, str) else ""


def _place(ctx: Any, rows: list[Item], where: str, name: str) -> None:
    """Rows shared in someone else's place: where, whose, and no album of yours."""
    for row in rows:
        row[F_WHERE], row[F_WHERE_NAME], row[F_ALBUM] = where, name, ""
    if where == "group" and name:
        ctx.found.groups.setdefault(name.casefold(), (name, ctx.source))


def _said(ctx: Any, title: str) -> tuple[str, str] | None:
    """(where, name) from an English title, counting whose name it starts with."""
    said = where_of_title(title) if title else None
    if said is None:
        return None
    ctx.found.owners[said[2]] += 1
    return said[0], said[1]


# --- comments (2019-2021 comments/comments.json: 'comments'; 2022+: 'comments_v2'; groups: 'group_comments_v2')

def comments(in_group: bool) -> Parser:
    """Comments you wrote: one ``comment`` row each (its text, its time), a ``photo``/``video`` row per media
    attached; ``in_group``: the group-comments file, where every comment is in a group named or not."""
    def parse(ctx: Any, data: Any) -> None:
        keys = ("group_comments_v2", "group_comments", "comments_v2", "comments")
        for index, record in enumerate(ctx.records(data, *keys)):
            _comment(ctx, record, f"[{index}]", in_group)
    return parse


def _comment(ctx: Any, record: Any, where: str, in_group: bool) -> None:
    if not isinstance(record, dict):
        ctx.parsed.seen += 1
        ctx.problem(where, f"comment is a {type(record).__name__}, not an object; skipped", skipped=True)
        return
    said: dict = next((e["comment"] for e in as_list(record.get("data"))
                       if isinstance(e, dict) and isinstance(e.get("comment"), dict)), {})
    body = text(said.get("comment"))
    created = time_of(ctx, said.get("timestamp"), where, "comment timestamp")
    created = created if created is not None else time_of(ctx, record.get("timestamp"), where)
    # The group field names the group (2019-2026); else the English title says where it was.
    group = text(said.get("group")).strip() or text(record.get("group")).strip()
    title = _said(ctx, text(record.get("title")))
    if group:
        place = ("group", group)
    elif in_group:
        place = ("group", title[1] if title and title[0] == "group" else "")
    else:
        place = title or ("unknown", "")
    media, link = _attached(ctx, record, where)
    ctx.parsed.seen += 1 + len(media)
    caption = body or link
    rows = []
    if created is None and not caption:
        ctx.problem(where, "comment has no time or text; skipped", skipped=True)
    else:
        rows.append(item(PLATFORM, "comment", created, caption=caption, source_file=ctx.source))
    for index, entry in enumerate(media):
        row = media_item(entry, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                         where=f"{where}.media[{index}]", created=created, caption=caption)
        if row is not None:
            classify_elsewhere(row)
            rows.append(row)
    _place(ctx, rows, *place)
    for row in rows:
        ctx.add(row)


def _attached(ctx: Any, record: dict, where: str) -> tuple[list, str]:
    """The media entries and the first link of a record's attachments."""
    media, link = [], ""
    attachments = record.get("attachments")
    if attachments is not None and not isinstance(attachments, list):
        ctx.problem(where, f"'attachments' is a {type(attachments).__name__}, not a list; not read")
    for attachment in as_list(attachments):
        for entry in as_list(attachment.get("data") if isinstance(attachment, dict) else None):
            if not isinstance(entry, dict):
                continue
            if entry.get("media") is not None:  # not an object: counted, then reported by media_item
                media.append(entry["media"])
            elif isinstance(entry.get("external_context"), dict):
                link = link or text(entry["external_context"].get("url"))
    return media, link


# --- posts in groups (group_posts_v2, pending_posts_v2; 2019-2021 posts/your_posts_in_groups.json) -----

def group_posts(status: str, *keys: str) -> Parser:
    """Post-like records in groups: the post parser's rows, placed in the group the English title names
    ("Ava posted in Hiking Club."), else in an unnamed group (the file says it is one)."""
    def parse(ctx: Any, data: Any) -> None:
        for index, post in enumerate(ctx.records(data, *keys)):
            before = len(ctx.parsed.items)
            ctx.post(post, f"[{index}]", status=status)
            said = _said(ctx, text(post.get("title"))) if isinstance(post, dict) else None
            _place(ctx, ctx.parsed.items[before:], "group", said[1] if said and said[0] == "group" else "")
    return parse


# --- posts on other Pages and profiles (2022+: label_values records) --------------------------------------
# Labels are UI text. English ones are read by name; a value holding a Facebook URL is the link and an
# entry holding 'media' is media whatever its label. An unknown label's text is kept in the caption.
_MESSAGE = frozenset({"message", "text", "post", "status", "caption"})
_TARGET = frozenset({"target", "posted to", "posted on", "timeline", "profile", "wall", "to", "recipient"})
_TARGET_KIND = {"page": "page", "group": "group"}


def parse_other_places(ctx: Any, data: Any) -> None:
    """posts_on_other_pages_and_profiles.json: a bare list of label_values records, one post each."""
    for index, record in enumerate(ctx.records(data, "posts_on_other_pages_and_profiles_v2")):
        where = f"[{index}]"
        if not isinstance(record, dict):
            ctx.parsed.seen += 1
            ctx.problem(where, f"post is a {type(record).__name__}, not an object; skipped", skipped=True)
            continue
        _other_place(ctx, repair_tree(record), where)


def _other_place(ctx: Any, record: dict, where: str) -> None:
    created = time_of(ctx, record.get("timestamp"), where)
    message, target, kind, link, media, others = "", "", "person", "", list(as_list(record.get("media"))), []
    for entry in entries(record.get("label_values")):
        label, value = label_of(entry), entry.get("value")
        if isinstance(entry.get("media"), (list, dict)):  # media whatever the label says (one entry or a list)
            media.extend(entry["media"] if isinstance(entry["media"], list) else [entry["media"]])
        elif not isinstance(value, str) or not value.strip():
            continue
        elif entry.get("href") or value.startswith("https://www.facebook.com/"):
            link = link or str(entry.get("href") or value)
        elif label in _MESSAGE:
            message = message or value
        elif label in _TARGET or label in _TARGET_KIND:
            target, kind = target or value.strip(), _TARGET_KIND.get(label, kind)
        else:
            others.append(value)
    kind = "group" if "/groups/" in link else kind  # a group's address says so in any language
    place = (kind, target) if target else ("unknown", "")
    caption = message or "\n".join(others)
    fbid = record.get("fbid")
    fbid = str(fbid) if isinstance(fbid, (str, int)) and not isinstance(fbid, bool) and fbid else ""
    ctx.parsed.seen += max(1, len(media))
    rows = []
    for index, entry in enumerate(media):
        row = media_item(entry, platform=PLATFORM, source=ctx.source, problems=ctx.problems,
                         where=f"{where}.media[{index}]", created=created, caption=caption)
        if row is not None:
            classify_elsewhere(row)
            row[F_LINK] = link or row[F_LINK]
            rows.append(row)
    if not media:
        if created is None and not caption:
            ctx.problem(where, "record has no time, text or media; skipped", skipped=True)
            return
        rows.append(item(PLATFORM, "post", created, caption=caption, link=link, meta_id=fbid, source_file=ctx.source))
    _place(ctx, rows, *place)
    for row in rows:
        ctx.add(row)


# --- after every file ---------------------------------------------------------------------------------

def finish(parsed: Parsed, found: Found) -> None:
    """Your own name turns a row 'on Ava's post' into your own; a name the export lists as a Page makes the
    row ``page``; every group seen in a record joins the group list; photos others tagged you in, counted."""
    owner, mentions = (found.owners.most_common(1) or [("", 0)])[0]
    own = (found.profile_name or (owner if mentions * 2 > sum(found.owners.values()) else "")).casefold()
    for row in parsed.items:
        if row[F_WHERE] == "person":
            key = row[F_WHERE_NAME].casefold()
            if own and key == own:
                row[F_WHERE], row[F_WHERE_NAME] = "own", ""
            elif key in found.pages:
                row[F_WHERE] = "page"
        elif row[F_WHERE] == "group" and row[F_WHERE_NAME]:
            found.groups.setdefault(row[F_WHERE_NAME].casefold(), (row[F_WHERE_NAME], row[F_SOURCE_FILE]))
    for key, (name, source) in found.groups.items():
        if key not in found.listed_groups:
            parsed.facts.append(Fact(PLATFORM, "group", name, basis="you posted or commented in it (no date joined)",
                                     source_file=source))
    if found.tagged_files:
        known = [t for t in found.tagged if t is not None]
        parsed.facts.append(Fact(PLATFORM, "tagged_by_others", str(len(found.tagged)), start=min(known, default=None),
                                 end=max(known, default=None), basis="photos and videos others posted with you "
                                 "tagged: links only, not in the export", source_file=", ".join(found.tagged_files)))


# --- what an export of its era should hold and does not (issue 15) ----------------------------------
# (what, era from which exports hold it, its files, why it matters). Eras: 1 = 2019-2021, 3 = 2022-2023,
# 4 = 2024+ (and the 2025 Pages-style profiles), 5 = those made after 2025-09-01. Only an export holding
# profile_information.json is judged: every request of "All available information" has it, while one part
# of a split download or a hand-picked set of categories may lack anything. Meta AI chats are in exports from
# late 2025 on (FORMATS.md section 8).
_CATEGORIES = [(what, era, re.compile(files), why) for what, era, files, why in [
    ("comments", 1, r"(comments_and_reactions|comments)/.+\.json", "Meta's AI policy covers public comments"),
    ("groups", 1, r"groups/.+\.json|posts/your_posts_in_groups\.json", "posts and comments in groups are yours too"),
    ("Pages", 3, r"(pages|likes_and_reactions)/.+\.json", "they tell which places you wrote in are public"),
    ("apps and websites", 3, r"apps_and_websites_off_of_facebook/.+\.json", "apps linked to your account"),
    ("privacy settings", 3, r"(preferences/)?preferences/privacy_settings\.json|privacy_settings\.json",
     "they hold your default audience for new posts"),
    ("privacy jurisdiction", 4, r"logged_information/location/your_privacy_jurisdiction\.json",
     "it sets when Meta's AI training began for you"),
    ("Meta AI conversations", 5, r"messages/ai_conversations\.json", "Meta's AI policy covers them"),
]]
_PROFILE = re.compile(r"(personal_information/)?profile_information/profile_information\.json")
LATE_2025 = 1756684800  # 2025-09-01


def _era(rels: list[str], exported: int | None) -> int:
    tops = {rel.partition("/")[0] for rel in rels}
    if tops & {"your_facebook_activity", "this_profile's_activity_across_facebook"}:
        return 5 if exported is not None and exported >= LATE_2025 else 4
    if "your_activity_across_facebook" in tops:
        return 3
    if "photos/photos.json" in rels or "posts/your_posts.json" in rels:
        return 0  # 2018: not judged
    return 1 if tops & {"photos_and_videos", "posts", "comments", "profile_information"} else 0


def report_missing(tree: Tree, files: list[tuple[str, str]], problems: Problems) -> None:
    """One problem row per category an export of this era holds and this one does not (``files``: its
    non-media files as (path, path after the era folder))."""
    keys = [key for _, key in files]
    if not any(_PROFILE.fullmatch(key) for key in keys):
        return
    era = _era([rel for rel, _ in files], tree.exported)
    export = tree.sources[0].path.name if tree.sources else ""
    for what, since, pattern, why in _CATEGORIES:
        if era >= since and not any(pattern.fullmatch(key) for key in keys):
            problems.add(export, what, f"holds no {what} ({why}): you may have none, or they were left "
                         "out when the export was requested. To be sure, request it again with 'All available "
                         "information' (Date range: All time, Format: JSON) and pass every part of the download")
