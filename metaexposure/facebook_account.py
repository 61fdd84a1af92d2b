"""Facebook account facts, Meta AI chats and linked apps (issue 15): what the export says about the account.

Facts (``parsed.facts``): Pages you like or follow, groups, the privacy jurisdiction, stories kept in highlights,
public profile fields, the default audience for future posts. Rows of ``ex.ai`` from Meta AI conversations and
of ``ex.apps`` from linked apps and off-Meta activity. None of these is an item; what does not fit is a problem
row that skips nothing. No file here has a typed fast path. Parsers take facebook._Context (``ctx``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .archive import normalize
from .facebook_public import Parser, as_list, entries, label_of, time_of
from .records import AiRow, AppRow, Fact
from .text import repair_tree, text, timestamp

PLATFORM = "facebook"


# --- account facts: Pages, groups, jurisdiction, highlights, tags by others, profile, default audience --
_LEFT = re.compile(r"^.+? left (?P<group>.+?)\.?$")  # English titles of the membership file (2022+)
_JOINED = re.compile(r"^.+? joined (?P<group>.+?)\.?$")


def _named(ctx: Any, record: Any, where: str) -> tuple[str, int | None, str]:
    """(name, time, title) of a Page or group record: its 'name', else data[].name, else the English title
    ("Ava joined Hiking Club."); a record naming none is reported."""
    if not isinstance(record, dict):
        ctx.problem(where, f"record is a {type(record).__name__}, not an object; not read")
        return "", None, ""
    title = text(record.get("title"))
    match = _JOINED.match(title) or _LEFT.match(title)
    name = text(record.get("name")) or next(
        (text(e.get("name")) for e in as_list(record.get("data")) if isinstance(e, dict) and text(e.get("name"))),
        match["group"] if match else "")
    if not name.strip():
        ctx.problem(where, "record has no name; not read")
    return name.strip(), time_of(ctx, record.get("timestamp"), where), title


def pages(basis: str, *keys: str) -> Parser:
    """Pages you like or follow (page_likes_v2, pages_followed_v2; 2019-2020 likes_and_reactions/pages.json
    'page_likes'): Pages are public by nature. The follow list also holds people's profiles (unverified
    which): every name in it is taken for a Page, the worst case for what is public."""
    def parse(ctx: Any, data: Any) -> None:
        for index, record in enumerate(ctx.records(data, *keys)):
            name, when, _ = _named(ctx, record, f"[{index}]")
            if name:
                ctx.found.pages.setdefault(name.casefold(), name)
                ctx.parsed.facts.append(Fact(PLATFORM, "page", name, start=when, basis=basis, source_file=ctx.source))
    return parse


def groups(basis: str, *keys: str) -> Parser:
    """Groups you joined (groups_joined_v2: "Ava joined G.", "... left G." in English titles) or admin."""
    def parse(ctx: Any, data: Any) -> None:
        for index, record in enumerate(ctx.records(data, *keys)):
            name, when, title = _named(ctx, record, f"[{index}]")
            left = basis == "joined" and not _JOINED.match(title) and _LEFT.match(title)
            if not name:
                continue
            ctx.found.listed_groups.add(name.casefold())
            start, end = (None, when) if left else (when, None)
            ctx.parsed.facts.append(Fact(PLATFORM, "group", name, start=start, end=end,
                                         basis="left" if left else basis, source_file=ctx.source))
    return parse


def _label_pairs(obj: Any) -> Iterator[tuple[str, str]]:
    """(label, value) of every labelled string in a label_values tree, however nested."""
    if isinstance(obj, dict):
        label = obj.get("label") or obj.get("name")
        if isinstance(label, str) and isinstance(obj.get("value"), str):
            yield label, obj["value"]
        for value in obj.values():
            yield from _label_pairs(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _label_pairs(value)


# The privacy-law region Meta applies decides the AI-training start (EU 2025-05-27, UK 2024-09-13, elsewhere
# 2024-06-26). How Meta words it is not public (2025 exports): a country or region name is assumed, matched
# in English and in the country's own language; the EEA follows the EU; anything else is kept as found.
_EU = frozenset({
    "eu", "european union", "european region", "eea", "european economic area", "austria", "österreich", "belgium",
    "belgique", "belgië", "bulgaria", "българия", "croatia", "hrvatska", "cyprus", "κύπρος", "czechia",
    "czech republic", "česko", "denmark", "danmark", "estonia", "eesti", "finland", "suomi", "france", "germany",
    "deutschland", "greece", "ελλάδα", "hungary", "magyarország", "ireland", "éire", "italy", "italia", "latvia",
    "latvija", "lithuania", "lietuva", "luxembourg", "malta", "netherlands", "the netherlands", "nederland",
    "poland", "polska", "portugal", "romania", "românia", "slovakia", "slovensko", "slovenia", "slovenija", "spain",
    "españa", "sweden", "sverige", "iceland", "ísland", "liechtenstein", "norway", "norge"})
_UK = frozenset({"uk", "united kingdom", "great britain", "gb", "england", "scotland", "wales", "northern ireland"})
_OTHER = frozenset({"united states", "united states of america", "us", "usa", "canada", "australia", "brazil",
                    "india", "japan", "mexico", "new zealand", "rest of world", "other", "worldwide"})


def jurisdiction(value: str) -> str:
    """'EU', 'UK', 'other', or the value as found when it is none we know ("Deutschland 🇩🇪" -> 'EU')."""
    key = " ".join(re.sub(r"[^\w\s]", " ", value).casefold().split())
    if key in _EU:
        return "EU"
    return "UK" if key in _UK else "other" if key in _OTHER else value.strip()


def parse_jurisdiction(ctx: Any, data: Any) -> None:
    """your_privacy_jurisdiction.json (2024+): one label_values record; the labelled value is read."""
    pairs = list(_label_pairs(repair_tree(data)))
    if not pairs:
        ctx.problem("", "no privacy jurisdiction found in it")
        return
    label, value = next((p for p in pairs if "jurisdiction" in p[0].casefold()), pairs[0])
    ctx.parsed.facts.append(Fact(PLATFORM, "privacy_jurisdiction", jurisdiction(value), basis=f"{label}: {value}",
                                 source_file=ctx.source))


def parse_highlights(ctx: Any, data: Any) -> None:
    """Stories kept in highlights stay visible after their first day (2024+: label_values with media)."""
    for index, record in enumerate(ctx.records(data, "highlights_v2")):
        where = f"[{index}]"
        record = repair_tree(record) if isinstance(record, dict) else {}
        fields = list(entries(record.get("label_values")))
        moment = next((e["timestamp_value"] for e in fields if "timestamp_value" in e), record.get("timestamp"))
        when = time_of(ctx, moment, where)
        title = next((e["value"] for e in fields if isinstance(e.get("value"), str)), "")
        media = as_list(record.get("media")) + [m for e in fields for m in as_list(e.get("media"))]
        uris = [m["uri"].strip() for m in media if isinstance(m, dict) and isinstance(m.get("uri"), str)]
        for uri in filter(None, uris):
            ctx.found.highlights.append(uri)
            ctx.parsed.facts.append(Fact(PLATFORM, "story_highlight", normalize(uri), start=when,
                                         basis=f"highlight: {title}" if title else "", source_file=ctx.source))
        if not any(uris):
            ctx.problem(where, "highlight lists no story we can read")


def parse_tagged(ctx: Any, data: Any) -> None:
    """Photos and videos others posted with you tagged: links only (never fetched), counted by ``finish``."""
    records = ctx.records(data, "tagged_photos_v2", "photos_and_videos_you_are_tagged_in_v2")
    ctx.found.tagged += [time_of(ctx, r.get("timestamp"), f"[{i}]") if isinstance(r, dict) else None
                         for i, r in enumerate(records)]
    if records:
        ctx.found.tagged_files.append(ctx.source)


def parse_profile(ctx: Any, data: Any) -> None:
    """Public profile fields (2019: 'profile'; 2022+: 'profile_v2'); the name is also your own name in titles."""
    profile = data.get("profile_v2", data.get("profile")) if isinstance(data, dict) else None
    if not isinstance(profile, dict):
        ctx.problem("", "has no 'profile_v2' or 'profile' object; not read")
        return
    profile = repair_tree(profile)
    name = profile.get("name")
    name = name.get("full_name") if isinstance(name, dict) else name
    websites = [w.get("address") if isinstance(w, dict) else w for w in as_list(profile.get("websites"))]
    fields = [("name", name), ("username", profile.get("username")), ("bio", profile.get("intro_bio")),
              *(("website", w) for w in websites), ("profile_url", profile.get("profile_uri"))]
    for state, value in fields:
        if isinstance(value, str) and value.strip():
            ctx.parsed.facts.append(Fact(PLATFORM, "profile", state, basis=value.strip(), source_file=ctx.source))
    ctx.found.profile_name = name.strip() if isinstance(name, str) else ""


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


def parse_privacy_settings(ctx: Any, data: Any) -> None:
    """The export-time default audience for future posts (FORMATS.md section 4)."""
    for label, value in _label_pairs(repair_tree(data)):
        if any(word in label.casefold() for word in _FUTURE_POSTS):
            ctx.parsed.facts.append(Fact(PLATFORM, "default_audience", audience_word(value),
                                         basis=f"{label}: {value}", source_file=ctx.source))
            return
    ctx.problem("", "no 'who can see your future posts' setting found")


# --- Meta AI (messages/ai_conversations.json, seen from late 2025; shape only partly known) -------------
# A conversation is a label_values record; its messages are nested 'dict' groups of label/value entries,
# labels in the UI language. English labels are read; otherwise a group whose one value is 'Meta AI' or
# your own name reads by shape, and anything else is kept as text with a problem row saying so.
_AUTHOR = frozenset({"sender", "author", "from", "sent by", "name", "speaker", "role"})
_TEXT = frozenset({"message", "text", "content", "prompt", "response", "body"})
_CONVERSATION = frozenset({"conversation", "title", "conversation title", "thread"})


def _rolls_back(parse: Parser) -> Parser:
    """records.parse_file undoes a failed file's items and facts; this undoes its AI and app rows too."""
    def run(ctx: Any, data: Any) -> None:
        marks = len(ctx.parsed.ai), len(ctx.parsed.apps)
        try:
            parse(ctx, data)
        except Exception:
            del ctx.parsed.ai[marks[0]:], ctx.parsed.apps[marks[1]:]
            raise
    return run


def _groups(values: Any, depth: int = 0) -> Iterator[list[dict]]:
    """The innermost lists of label entries below the top level: one message each (or several, split later)."""
    leaves = []
    for entry in as_list(values):
        if not isinstance(entry, dict):
            continue
        inner = next((entry[k] for k in ("dict", "vec") if isinstance(entry.get(k), list)), None)
        if inner is not None:
            yield from _groups(inner, depth + 1)
        else:
            leaves.append(entry)
    if depth and leaves:
        yield leaves


def _split(group: list[dict]) -> Iterator[list[dict]]:
    """A flat list of several messages: a label seen again starts the next one."""
    current: list[dict] = []
    labels: set[str] = set()
    for entry in group:
        label = label_of(entry)
        if label and label in labels:
            yield current
            current, labels = [], set()
        current.append(entry)
        labels.add(label)
    if current:
        yield current


@_rolls_back
def parse_ai(ctx: Any, data: Any) -> None:
    """One AiRow per message of each conversation; what does not fit is a problem row (no item is skipped)."""
    for index, record in enumerate(ctx.records(data, "ai_conversations_v2", "conversations_v2")):
        where = f"[{index}]"
        if not isinstance(record, dict):
            ctx.problem(where, f"conversation is a {type(record).__name__}, not an object; not read")
            continue
        record = repair_tree(record)
        values = record.get("label_values")
        top = [e for e in as_list(values) if isinstance(e, dict) and not isinstance(e.get("dict"), list)]
        title = text(record.get("title")).strip() or next(
            (e["value"] for e in top if label_of(e) in _CONVERSATION and isinstance(e.get("value"), str)), "")
        fbid = record.get("fbid")
        title = title or (str(fbid) if isinstance(fbid, (str, int)) and fbid else f"conversation {index + 1}")
        groups = list(_groups(values)) or [[e for e in top if label_of(e) not in _CONVERSATION]]
        messages = [m for group in groups for m in _split(group)]
        found = sum(_message(ctx, m, title, f"{where}.message[{n}]") for n, m in enumerate(messages))
        if not found:
            ctx.problem(where, "no message found in this conversation (the file's shape may have changed); not read")


def _message(ctx: Any, fields: list[dict], conversation: str, where: str) -> bool:
    """One AiRow from a message's label entries; False (with a problem row) when it holds no text."""
    author, said, when, others = "", "", None, []
    for entry in fields:
        label, value = label_of(entry), entry.get("value")
        if "timestamp_value" in entry:
            when = time_of(ctx, entry["timestamp_value"], where) if when is None else when
        elif not isinstance(value, str):
            continue
        elif label in _AUTHOR:
            author = author or value
        elif label in _TEXT:
            said = said or value
        else:
            others.append(value)
    if not said and others:
        known = {"meta ai", ctx.found.profile_name.casefold()} - {""}
        named = [v for v in others if v.strip().casefold() in known]
        if not author and len(others) == 2 and len(named) == 1:
            author, said = named[0], next(v for v in others if v is not named[0])
        else:
            said = "\n".join(others)
            if len(others) > 1:
                ctx.problem(where, "message fields not recognised (labels in another language?): its values are "
                                   "kept together as its text, with no author")
    if not said and not author:
        ctx.problem(where, "message has no text; not read")
        return False
    ctx.parsed.ai.append(AiRow(PLATFORM, conversation, when, author, said, "message", ctx.source))
    return True


# --- apps you log into with Facebook, and businesses that send Meta your activity elsewhere ------------

def _app_name(ctx: Any, record: Any, where: str) -> str:
    """An app or business record's name; '' (reported) when it has none."""
    if not isinstance(record, dict):
        ctx.problem(where, f"record is a {type(record).__name__}, not an object; not read")
        return ""
    name = text(record.get("name")).strip()
    if not name:
        ctx.problem(where, "record has no name; not read")
    return name


@_rolls_back
def parse_apps(ctx: Any, data: Any) -> None:
    """Apps you log into with Facebook: connected_apps_and_websites.json (2022+, 'installed_apps_v2'),
    2019-2021 apps_and_websites.json ('installed_apps')."""
    for index, record in enumerate(ctx.records(data, "installed_apps_v2", "installed_apps", "apps_and_websites_v2")):
        where = f"[{index}]"
        if name := _app_name(ctx, record, where):
            added = time_of(ctx, record.get("added_timestamp"), where)
            removed = time_of(ctx, record.get("removed_timestamp"), where)
            ctx.parsed.apps.append(AppRow(PLATFORM, name, "linked_app", added, removed, source_file=ctx.source))


@_rolls_back
def parse_off_meta(ctx: Any, data: Any) -> None:
    """Businesses that sent Meta your activity elsewhere, with their events: your_activity_off_meta_technologies.json
    (2020-2021: your_off-facebook_activity.json)."""
    for index, record in enumerate(ctx.records(data, "off_facebook_activity_v2", "off_facebook_activity")):
        where = f"[{index}]"
        if not (name := _app_name(ctx, record, where)):
            continue
        events = as_list(record.get("events"))
        if record.get("events") is not None and not isinstance(record["events"], list):
            ctx.problem(where, f"'events' is a {type(record['events']).__name__}, not a list; not counted")
        times = [timestamp(e.get("timestamp"))[0] if isinstance(e, dict) else None for e in events]
        if None in times:
            ctx.problem(where, f"{times.count(None)} of its {len(times)} events have no usable time")
        known = [t for t in times if t is not None]
        ctx.parsed.apps.append(AppRow(PLATFORM, name, "off_meta_activity", events=len(events),
                                      last_event=max(known) if known else None, source_file=ctx.source))
