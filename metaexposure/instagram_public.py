"""What Meta can train on in an Instagram export beyond the account's own posts (FORMATS.md section 8).

Comments you wrote, Threads posts and the Threads profile, chats with Meta AI and what its AI wrote
about you, and post insights ("Accounts reached", measured exposure). Parsers take the context
instagram.py gives every file (``Ctx``); what needs the whole export (your own username, the posts an
insight belongs to) waits in ``PublicState`` until ``finish`` runs after the last file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .archive import Tree, normalize
from .errors import Problems
from .instagram_visibility import CURRENT_PATHS, TIME_LABELS, read_current_state
from .records import (
    F_ALBUM,
    F_CAPTION,
    F_CREATED,
    F_SOURCE_FILE,
    F_URI,
    F_WHERE,
    F_WHERE_NAME,
    AiRow,
    Fact,
    Item,
    Parsed,
    item,
    media_item,
)
from .text import iso_timestamp, repair, text, timestamp

PLATFORM, THREADS = "instagram", "threads"

# Labels inside these files follow the UI language (FORMATS.md section 6). English: every public sample;
# Dutch "Opmerking", "Media-eigenaar": a public data-donation parser (2024); the others are unverified.
# An unknown label is read by shape instead (_comment_fields) and said once per file.
COMMENT_LABELS = frozenset({"comment", "opmerking", "kommentar", "commentaire", "comentario", "commento",
                            "comentário", "komentarz"})
OWNER_LABELS = frozenset({"media owner", "media-eigenaar", "medieninhaber", "propriétaire du média",
                          "propietario del contenido", "proprietario del contenuto"})
USERNAME_LABELS = frozenset({"username", "gebruikersnaam", "benutzername", "nom d'utilisateur",
                             "nombre de usuario", "nome utente", "nome de usuário", "nazwa użytkownika"})
# Public profile fields, canonical name by label (private ones, e-mail, phone, birthday, are never read).
PROFILE_LABELS = {
    **dict.fromkeys(("name", "naam", "nom", "nombre", "nome"), "name"),
    **dict.fromkeys(USERNAME_LABELS, "username"),
    **dict.fromkeys(("bio", "biography", "biografie", "biographie", "biografía", "biografia"), "bio"),
    **dict.fromkeys(("website", "webseite", "site web", "sitio web", "sito web", "link", "links"), "website"),
}
_USERNAME = re.compile(r"@?[a-z0-9._]{1,30}")  # Instagram's username alphabet


class Ctx(Protocol):
    """What instagram._Context offers a parser."""

    rel: str
    source: str
    tree: Tree
    parsed: Parsed
    public: PublicState
    count: int

    def add(self, row: Item) -> None: ...
    def problem(self, where: str, reason: str, skipped: bool = False) -> None: ...
    def records(self, data: Any, *keys: str) -> list: ...
    def media(self, media: Any, where: str, **fields: Any) -> Item | None: ...


@dataclass
class PublicState:
    """What waits for the whole export: comments to place, comment photos, insights, your usernames."""

    comments: list[Item] = field(default_factory=list)  # where_name holds the media owner until finish
    comment_media: list[tuple[dict, str, Item]] = field(default_factory=list)  # (entry, label, its comment)
    insights: list[tuple[str, str, str, int | None, int]] = field(default_factory=list)  # label, where, uri, t, n
    own_names: set[str] = field(default_factory=set)


def fields_of(record: Any, key: str = "string_map_data") -> list[tuple[str, Any, dict]]:
    """(label casefolded, shown label, field) of a ``string_map_data``-style block."""
    block = record.get(key) if isinstance(record, dict) else None
    if not isinstance(block, dict):
        return []
    return [(repair(label).strip().casefold(), repair(label), value) for label, value in block.items()
            if isinstance(value, dict)]


def time_of(fields: list[tuple[str, Any, dict]]) -> Any:
    """The one timestamp among the fields, whatever its label; by a time label when there are several."""
    stamped = [(key, value["timestamp"]) for key, _, value in fields if value.get("timestamp") not in (None, 0, "")]
    if len(stamped) > 1:
        stamped = [s for s in stamped if s[0] in TIME_LABELS] or stamped[:1]
    return stamped[0][1] if stamped else None


# --- comments ---------------------------------------------------------------------------------------

def _comment_fields(record: dict, unknown: set[str]) -> tuple[str, str, Any]:
    """(text, media owner, raw time) of one comment, by label, else by shape (unknown labels noted)."""
    if "string_map_data" not in record and isinstance(record.get("string_list_data"), list):
        # An older shape two public parsers read (2021-22, unverified): the owner is the title.
        first = next((v for v in record["string_list_data"] if isinstance(v, dict)), {})
        return text(first.get("value")), text(record.get("title")).strip(), first.get("timestamp")
    fields = fields_of(record)
    values = [(key, shown, text(value.get("value"))) for key, shown, value in fields
              if isinstance(value.get("value"), str) and value.get("timestamp") in (None, 0, "")
              and key not in TIME_LABELS]
    comment = next((v for k, _, v in values if k in COMMENT_LABELS), None)
    owner = next((v for k, _, v in values if k in OWNER_LABELS), None)
    rest = [(shown, v) for k, shown, v in values if k not in COMMENT_LABELS and k not in OWNER_LABELS]
    unknown.update(shown for shown, _ in rest)
    free = [v for _, v in rest]
    if comment is None and owner is None and len(free) == 2:
        # Meta writes the text before the owner; a username-shaped value is the owner when only one is.
        a, b = free
        swap = bool(_USERNAME.fullmatch(a.casefold())) and not _USERNAME.fullmatch(b.casefold())
        comment, owner = (b, a) if swap else (a, b)
    elif comment is None and free:
        comment = free[0]
    elif owner is None and free and _USERNAME.fullmatch(free[0].strip().casefold()):
        owner = free[0]
    return comment or "", (owner or "").strip(), time_of(fields)


def comments(album: str) -> Callable[[Ctx, Any], None]:
    """Comments you wrote: one ``comment`` item each; where (your media or someone's) is set by ``finish``."""
    def parse(ctx: Ctx, data: Any) -> None:
        unknown: set[str] = set()
        for index, record in enumerate(ctx.records(data, "comments_media_comments", "comments_reels_comments")):
            if not isinstance(record, dict):
                ctx.parsed.seen += 1
                ctx.problem(f"[{index}]", f"comment is a {type(record).__name__}, not an object; skipped",
                            skipped=True)
                continue
            text_, owner, raw = _comment_fields(record, unknown)
            created, reason = timestamp(raw)
            _comment(ctx, record, f"[{index}]", album, text_, owner, created, reason)
        if unknown:
            names = ", ".join(f"'{n}'" for n in sorted(unknown))
            ctx.problem("", f"comment labels {names} are not known; read by their shape (the time is the "
                        "one timestamp, the owner a username, the text the other value)")
    return parse


def _comment(ctx: Ctx, record: dict, where: str, album: str, text_: str, owner: str, created: int | None,
             reason: str | None) -> None:
    ctx.parsed.seen += 1
    if reason:
        ctx.problem(where, f"time: {reason}")
    media = record.get("media_list_data")
    media = [m for m in media if isinstance(m, dict)] if isinstance(media, list) else []
    if not text_ and created is None and not media:
        ctx.problem(where, "comment has neither text nor time; skipped", skipped=True)
        return
    row = item(PLATFORM, "comment", created, album=album, caption=text_, where="unknown", where_name=owner,
               source_file=ctx.source)
    ctx.add(row)
    ctx.public.comments.append(row)
    ctx.public.comment_media.extend((m, f"{where}.media_list_data", row) for m in media)


def comments_2020(ctx: Ctx, data: Any) -> None:
    """<=2020 ``comments.json``: ``{"media_comments": [[ISO time, text, owner], ...]}`` (one public parser
    reads it so; unverified). Other sections are reported, not read."""
    if not isinstance(data, dict):
        ctx.problem("", f"comments.json holds a {type(data).__name__}, not an object; file skipped")
        return
    for section, entries in data.items():
        if section != "media_comments" or not isinstance(entries, list):
            ctx.problem(section, f"section '{section}' of comments.json is not read")
            continue
        for index, entry in enumerate(entries):
            where = f"{section}[{index}]"
            if not isinstance(entry, list) or len(entry) < 2:
                ctx.parsed.seen += 1
                ctx.problem(where, "comment is not a [time, text, owner] list; skipped", skipped=True)
                continue
            created, reason = iso_timestamp(entry[0]) if entry[0] is not None else (None, None)
            owner = text(entry[2]).strip() if len(entry) > 2 else ""
            _comment(ctx, {}, where, "Comments", text(entry[1]), owner, created, reason)


# --- Threads ----------------------------------------------------------------------------------------

def threads_posts(ctx: Ctx, data: Any) -> None:
    """Threads posts and replies: a media entry with a uri is a photo/video, one without is a text post.

    Replies: the sample writer and one public fixture (2025) put ``text_app_post.is_reply``; FORMATS
    does not list it. A reply goes to album "Threads replies" with where "unknown" (it may answer your
    own thread or someone's, and the export does not say whose); everything else is where "own".
    """
    for index, record in enumerate(ctx.records(data, "text_post_app_text_posts")):
        where = f"[{index}]"
        if not isinstance(record, dict) or "media" not in record:
            _thread_entry(ctx, record, where, None, "")
            continue
        created, reason = timestamp(record.get("creation_timestamp"))
        if reason:
            ctx.problem(where, f"creation_timestamp: {reason}")
        media = record["media"]
        if not isinstance(media, list) or not media:
            ctx.parsed.seen += 1
            caption = text(record.get("title"))
            if created is None and not caption:
                ctx.problem(where, "Threads post has no media, time or text; skipped", skipped=True)
            else:
                ctx.add(item(THREADS, "post", created, album="Threads", caption=caption, source_file=ctx.source))
            continue
        for at, entry in enumerate(media):
            _thread_entry(ctx, entry, f"{where}.media[{at}]", created, text(record.get("title")))


def _thread_entry(ctx: Ctx, entry: Any, where: str, created: int | None, caption: str) -> None:
    app = entry.get("text_app_post") if isinstance(entry, dict) else None
    reply = isinstance(app, dict) and app.get("is_reply") is True
    album, place = ("Threads replies", "unknown") if reply else ("Threads", "own")
    if isinstance(entry, dict) and text(entry.get("uri")).strip():
        row = ctx.media(entry, where, platform=THREADS, kind=None, album=album, status="live", created=created,
                        caption=caption)
        if row is not None:
            row[F_WHERE] = place
        return
    ctx.parsed.seen += 1
    if not isinstance(entry, dict):
        ctx.problem(where, f"Threads entry is a {type(entry).__name__}, not an object; skipped", skipped=True)
        return
    own, reason = timestamp(entry.get("creation_timestamp"))
    if reason:
        ctx.problem(where, f"creation_timestamp: {reason}")
    body = text(entry.get("title")) or caption
    if own is None and created is None and not body:
        ctx.problem(where, "Threads entry has no uri, time or text; skipped", skipped=True)
        return
    ctx.add(item(THREADS, "post", own if own is not None else created, album=album, caption=body, where=place,
                 source_file=ctx.source))


def profile_facts(platform: str, fields: list[tuple[str, Any, dict]], source: str) -> list[Fact]:
    """``profile`` facts (state = name/username/bio/website, basis = the value) of the public fields."""
    found = ((PROFILE_LABELS.get(key), text(value.get("value")).strip()) for key, _, value in fields)
    return [Fact(platform, "profile", name, basis=value, source_file=source) for name, value in found
            if name and value]


def threads_profile(ctx: Ctx, data: Any) -> None:
    """The Threads profile: whether it is private (current state only) and its public fields."""
    for index, record in enumerate(ctx.records(data, "text_post_app_text_post_app_profile")):
        where = f"[{index}]"
        if not isinstance(record, dict):
            ctx.problem(where, f"profile is a {type(record).__name__}, not an object; not read")
            continue
        state, reason = read_current_state({"profile_user": [record]})
        if reason:
            ctx.problem(where, f"{reason} (Threads)")
        if state is not None:
            ctx.parsed.facts.append(Fact(THREADS, "visibility", state, basis="threads: current state (no switch "
                                         "history is exported)", source_file=ctx.rel))
        fields = fields_of(record)
        ctx.parsed.facts.extend(profile_facts(THREADS, fields, ctx.rel))
        ctx.public.own_names.update(text(v.get("value")).strip().casefold() for k, _, v in fields
                                    if k in USERNAME_LABELS)
        photos = record.get("media_map_data")
        for label, photo in photos.items() if isinstance(photos, dict) else ():
            if isinstance(photo, dict) and "uri" in photo:
                ctx.media(photo, f"{where}.{repair(label)}", platform=THREADS, kind="profile_photo",
                          album="Profile photos", status="live")


# --- Meta AI ----------------------------------------------------------------------------------------

_ATTACHMENTS = ("photos", "videos", "audio_files", "gifs", "files", "share", "sticker")


def _when(row: AiRow) -> tuple[bool, int]:
    return row.created is None, row.created or 0


def _milliseconds(raw: Any) -> tuple[int | None, str | None]:
    """Unix seconds from a message's ``timestamp_ms`` (a number, or a number in a string)."""
    try:
        seconds = None if raw is None or isinstance(raw, bool) else int(float(raw) // 1000)
    except (TypeError, ValueError, OverflowError):
        return None, f"not a number: {raw!r:.40}"
    return timestamp(seconds if seconds is not None else raw)


def ai_conversation(ctx: Ctx, data: Any) -> None:
    """A chat with Meta AI in the message-folder shape: one AiRow per message, oldest first."""
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        ctx.problem("", "has no 'messages' list; not read as a Meta AI chat")
        return
    folder = ctx.rel.rsplit("/", 2)[-2]
    title = text(data.get("title")).strip() or folder
    rows = []
    for index, message in enumerate(data["messages"]):
        if not isinstance(message, dict):
            ctx.problem(f"messages[{index}]", f"message is a {type(message).__name__}, not an object; left out")
            continue
        created, reason = _milliseconds(message.get("timestamp_ms"))
        if reason:
            ctx.problem(f"messages[{index}]", f"timestamp_ms: {reason}")
        body = text(message.get("content"))
        if not body:
            kinds = [k.replace("_", " ") for k in _ATTACHMENTS if message.get(k)]
            if not kinds:
                ctx.problem(f"messages[{index}]", "message has no text; left out")
                continue
            body = f"[{', '.join(kinds)}]"
        rows.append(AiRow(PLATFORM, title, created, text(message.get("sender_name")).strip(), body, "message",
                          ctx.rel))
    ctx.parsed.ai.extend(sorted(rows, key=_when))  # message files are newest first


def ai_interests(ctx: Ctx, data: Any) -> None:
    """What Meta's AI wrote about you (2026): ``label_values`` records, the text and when it was updated."""
    rows = []
    records = [data] if isinstance(data, dict) and "label_values" in data else ctx.records(data)
    for index, record in enumerate(records):
        values = record.get("label_values") if isinstance(record, dict) else None
        values = [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []
        interest = next((text(v["value"]) for v in values if isinstance(v.get("value"), str)), "")
        if not interest:
            ctx.problem(f"[{index}]", "interest record has no text; left out")
            continue
        raw = next((v["timestamp_value"] for v in values if v.get("timestamp_value")), record.get("timestamp"))
        created, reason = timestamp(raw)
        if reason:
            ctx.problem(f"[{index}]", f"time: {reason}")
        rows.append(AiRow(PLATFORM, "Interest categories", created, "Meta AI", interest, "interest", ctx.rel))
    ctx.parsed.ai.extend(sorted(rows, key=_when))


# --- after the last file ----------------------------------------------------------------------------

def own_usernames(state: PublicState, tree: Tree, current: list[tuple[str, str, Any]]) -> set[str]:
    """Your usernames: personal_information.json (or <=2020 profile.json), Threads, the export's name."""
    names = set(state.own_names)
    for _, _, data in current:
        if isinstance(data, dict):
            if isinstance(data.get("username"), str):
                names.add(repair(data["username"]).strip().casefold())
            users = data.get("profile_user")
            for user in users if isinstance(users, list) else ():
                names.update(text(v.get("value")).strip().casefold() for k, _, v in fields_of(user)
                             if k in USERNAME_LABELS)
    names.add(tree.account.casefold())
    return {n.lstrip("@") for n in names if n.lstrip("@")}


def finish(state: PublicState, tree: Tree, parsed: Parsed, problems: Problems,
           current: list[tuple[str, str, Any]]) -> None:
    """Comment photos, where each comment was written, your profile's public fields."""
    listed = {normalize(row[F_URI]) for row in parsed.items if row[F_URI]} if state.comment_media else set()
    for entry, label, comment in state.comment_media:
        uri = text(entry.get("uri")).strip()
        rel = tree.resolve(uri)
        # Only a file in the export that no other record lists is the comment's own photo; any other uri
        # names the commented media (a post of yours is listed already; someone else's is not exported).
        if rel is None or normalize(rel) in listed or normalize(uri) in listed:
            continue
        parsed.seen += 1
        row = media_item(entry, platform=PLATFORM, source=comment[F_SOURCE_FILE], problems=problems, where=label,
                         created=comment[F_CREATED], caption=comment[F_CAPTION], album=comment[F_ALBUM])
        if row is not None:
            parsed.items.append(row)
            state.comments.append(row)
            row[F_WHERE_NAME] = comment[F_WHERE_NAME]
            listed.update((normalize(uri), normalize(rel)))
    _place_comments(state, tree, problems, own_usernames(state, tree, current))
    # The newest layout's file when an export holds several (as instagram_visibility picks the state).
    ranked = sorted(current, key=lambda c: CURRENT_PATHS.index(c[0]) if c[0] in CURRENT_PATHS else len(CURRENT_PATHS))
    for rel, _, data in ranked[:1]:
        users = data.get("profile_user") if isinstance(data, dict) else None
        for user in users if isinstance(users, list) else ():
            parsed.facts.extend(profile_facts(PLATFORM, fields_of(user), rel))
        if isinstance(data, dict) and "profile_user" not in data:  # <=2020 profile.json, flat
            flat = [(k.casefold(), k, {"value": v}) for k, v in data.items() if isinstance(v, str)]
            parsed.facts.extend(profile_facts(PLATFORM, flat, rel))


def _place_comments(state: PublicState, tree: Tree, problems: Problems, own: set[str]) -> None:
    """Media Owner is you: ``own``; another username: ``person`` named; none given: ``unknown``."""
    if state.comments and not own:
        problems.add(tree.label(state.comments[0][F_SOURCE_FILE]), "", "your username was not found "
                     "(personal_information.json): comments stay where 'unknown', yours and others' alike")
    for row in state.comments:
        owner = row[F_WHERE_NAME].lstrip("@")
        if not owner or not own:
            row[F_WHERE] = "unknown"
        elif owner.casefold() in own:
            row[F_WHERE], row[F_WHERE_NAME] = "own", ""
        else:
            row[F_WHERE], row[F_WHERE_NAME] = "person", owner


__all__ = ["PublicState", "comments", "comments_2020", "threads_posts", "threads_profile", "ai_conversation",
           "ai_interests", "finish", "profile_facts", "own_usernames",
           "fields_of", "time_of", "Ctx"]
