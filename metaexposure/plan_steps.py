"""The steps of the plan (issue 18, DESIGN.md section 8): each one built from what the export shows, or none.

Pure functions: the export's frames (and the review's flags) in, ``Step`` records out. A step lists the item
ids it would make non-public (``covers``: public now) and those it may cover (``unknown``: audience unknown),
so ``plan`` can count them, the Explorer can show what no bulk step covers, and a re-export can check them.
Steps over things that are not items (apps, businesses, chats, photos others posted) carry a ``count`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .albums import album_role
from .audience_rules import on_account, region
from .words import KIND_WORDS, plural, word

SWITCH, PER_PLACE, PER_ITEM = "switch", "per album/group", "per item"
EFFORTS = (SWITCH, PER_PLACE, PER_ITEM)
PAST = "It stops use from now on; it does not undo training already done on what was public before."
PLATFORM_NAMES = {"facebook": "Facebook", "instagram": "Instagram", "threads": "Threads"}
# Limit Past Posts changes posts (and the photos and videos they shared) on your own timeline; albums keep
# their own audience, and Meta's help does not say it touches stories or reels, so they are not counted.
_POST_KINDS = ("post", "photo", "video")


@dataclass
class Step:
    """One thing to do in Meta's screens, with what it covers."""

    kind: str  # the step's type: a key of plan_where.WHERE
    key: str  # stable across re-exports: how the review store remembers it done
    platform: str
    action: str
    effort: str
    covers: tuple[str, ...] = ()  # item ids it makes non-public (public now)
    unknown: tuple[str, ...] = ()  # item ids it may cover (audience unknown)
    ai_exposed: int = 0  # of ``covers``: public on or after the AI-training start
    count: int | None = None  # for a step over things that are not items
    unit: str = "items"
    note: str = ""
    done_how: str = ""  # what the export itself shows done, '' when it shows nothing


class Frames:
    """The columns the builders read, computed once."""

    def __init__(self, items: pd.DataFrame) -> None:
        self.items = items
        self.ids = items["item_id"].to_numpy(object)
        self.platform = items["platform"].astype(object).to_numpy()
        self.kind = items["kind"].astype(object).to_numpy()
        self.where = items["where"].astype(object).to_numpy() if "where" in items else np.full(len(items), "own")
        self.where_name = (items["where_name"].astype(object).to_numpy() if "where_name" in items
                           else np.full(len(items), ""))
        self.album = items["album"].astype(object).to_numpy()
        self.live = (items["status"].astype(object) == "live").to_numpy()
        audience = items["audience"].astype(object).to_numpy()
        self.public = self.live & (audience == "public")
        self.unknown = self.live & (audience == "unknown")
        self.wider = self.live & (audience == "friends_of_friends")
        self.exposed = items["ai_exposed"].to_numpy(bool)


def _item_step(f: Frames, rows: np.ndarray, kind: str, key: str, platform: str, action: str, effort: str,
               note: str) -> Step:
    covered = rows & f.public
    return Step(kind, key, platform, action, effort, covers=tuple(f.ids[covered]),
                unknown=tuple(f.ids[rows & f.unknown]), ai_exposed=int((covered & f.exposed).sum()), note=note)


def _applies(step: Step) -> bool:
    return bool(step.covers or step.unknown or step.done_how)


def _facts(account: pd.DataFrame | None, fact: str, platform: str | None = None) -> pd.DataFrame:
    if account is None or account.empty:
        return pd.DataFrame(columns=["platform", "fact", "state", "start", "end", "basis"])
    keep = account["fact"] == fact
    if platform is not None:
        keep &= account["platform"] == platform
    return account[keep]


def _day(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def instagram_private(f: Frames, account: pd.DataFrame | None) -> list[Step]:
    """Switch Instagram to private: every post, reel and story on the account at once (not its profile picture)."""
    rows = on_account(f.items) & f.live
    if not rows.any():
        return []
    note = ("Covers your posts, reels, stories and comments on your own posts; your profile picture stays public "
            f"and comments on other accounts follow theirs. {PAST}")
    step = _item_step(f, rows, "instagram-private", "instagram-private", "instagram",
                      "Switch your Instagram account to private", SWITCH, note)
    visibility = _facts(account, "visibility", "instagram")
    current = visibility[visibility["end"].isna()]
    if len(current) and str(current["state"].iloc[-1]) == "private":
        # Private now: the step is done, and what it made non-public is what was public before the switch.
        was_public = rows & f.items["public_since"].notna().to_numpy()
        since = _day(current["start"].iloc[-1])
        if was_public.any() and since:
            step.covers = tuple(f.ids[was_public])
            step.ai_exposed = int((was_public & f.exposed).sum())
            step.done_how = f"the export shows Instagram private since {since}"
    return [step] if _applies(step) else []


def threads_private(f: Frames) -> list[Step]:
    """Switch the Threads profile to private (the export has its current state only)."""
    rows = (f.platform == "threads") & f.live
    step = _item_step(f, rows, "threads-private", "threads-private", "threads",
                      "Switch your Threads profile to private", SWITCH, PAST)
    return [step] if _applies(step) else []


def limit_past_posts(f: Frames, tagged: int) -> list[Step]:
    """Limit Past Posts: Facebook posts on your own timeline shared Public or Friends of friends become Friends."""
    loose = np.array([a == "" or album_role(str(a)) == "system" for a in f.album], dtype=bool)
    rows = (f.platform == "facebook") & (f.where == "own") & np.isin(f.kind, _POST_KINDS) & loose
    wider = int((rows & f.wider).sum())
    also = f" It also turns {plural(wider, 'item')} shared with friends of friends into Friends." if wider else ""
    others = f" ({plural(tagged, 'photo')} others posted with you tagged, in this export)" if tagged else ""
    note = (f"Changes every past post on your timeline shared Public or Friends of friends to Friends, all at "
            f"once, and cannot be undone in one go.{also} It leaves albums' own audiences (their steps below), "
            f"custom audiences, and content others tagged you in{others}. {PAST}")
    step = _item_step(f, rows, "limit-past-posts", "limit-past-posts", "facebook",
                      "Run Limit Past Posts (past Public posts become Friends)", SWITCH, note)
    return [step] if _applies(step) else []


def future_posts(account: pd.DataFrame | None) -> list[Step]:
    """Who can see your future posts, when the export shows it Public or Friends of friends."""
    rows = _facts(account, "default_audience", "facebook")
    if rows.empty or str(rows["state"].iloc[-1]) not in ("public", "friends_of_friends"):
        return []
    state = word({"public": "Public", "friends_of_friends": "Friends of friends"}, rows["state"].iloc[-1])
    return [Step("future-posts", "future-posts", "facebook", f"Set who can see your future posts to Friends "
                 f"(now {state})", SWITCH, count=0, unit="future posts",
                 note=f"Covers nothing you posted already: what you post from now on. {PAST}")]


def off_meta(apps: pd.DataFrame | None) -> list[Step]:
    """Clear the activity businesses send Meta about you, and disconnect it from now on."""
    if apps is None or apps.empty:
        return []
    rows = apps[apps["kind"].astype(object) == "off_meta_activity"]
    if rows.empty:
        return []
    last = _day(rows["last_event"].max())
    return [Step("off-meta", "off-meta", "facebook", f"Clear your activity off Meta technologies "
                 f"({plural(len(rows), 'business', 'businesses')}, latest {last or 'undated'})", SWITCH,
                 count=len(rows), unit="businesses",
                 note="Disconnects what these businesses sent Meta about you, and with 'Disconnect future "
                      "activity' what they send from now on; it does not undo what Meta already used.")]


def ai_objection(f: Frames, account: pd.DataFrame | None) -> list[Step]:
    """The objection to AI training, where the privacy jurisdiction is EU or UK law (one form per app)."""
    states = _facts(account, "privacy_jurisdiction")["state"].astype(str)
    regions = sorted({region(s) for s in states} - {""})
    if not regions:
        return []
    steps = []
    for platform in ("facebook", "instagram"):
        if not (f.platform == platform).any():
            continue
        public = int((f.public & np.isin(f.platform, [platform, "threads"] if platform == "instagram"
                                         else [platform])).sum())
        steps.append(Step("ai-objection", f"ai-objection:{platform}", platform,
                          f"Object to Meta using your {PLATFORM_NAMES[platform]} data for AI "
                          f"({'/'.join(regions)} privacy law)", SWITCH, count=0, unit="forms",
                          note=f"Makes nothing private; if Meta approves it (approval is not guaranteed), your "
                               f"{plural(public, 'public item')} here should not be used for AI training from "
                               f"then on. It does not undo training already done."))
    return steps


def albums(f: Frames) -> list[Step]:
    """One audience change per Facebook album of yours that holds public or unknown items."""
    rows = (f.platform == "facebook") & (f.where == "own")
    names = pd.unique(f.album[rows & (f.public | f.unknown)])
    steps = []
    for name in names:
        if not name or album_role(str(name)) != "user":  # no album: a post, whose audience is its own
            continue
        step = _item_step(f, rows & (f.album == name), "album", f"album:facebook/{name}", "facebook",
                          f"Change the audience of the album “{name}” to Friends or Only me", PER_PLACE,
                          f"One change covers every photo in the album; Limit Past Posts does not. {PAST}")
        steps.append(step)
    return [s for s in steps if _applies(s)]


def groups(f: Frames) -> list[Step]:
    """One step per group you posted or commented in whose audience is public (your label) or unknown."""
    rows = (f.where == "group") & (f.public | f.unknown)
    steps = []
    for platform, name in dict.fromkeys(zip(f.platform[rows], f.where_name[rows], strict=True)):
        members = (f.where == "group") & (f.platform == platform) & (f.where_name == name)
        shown = name or "(a group the export does not name)"
        step = _item_step(f, members, "group", f"group:{platform}/{name}", platform,
                          f"Delete what you wrote in the group “{shown}” (or ask its admins to make it private)",
                          PER_PLACE, "A group's privacy is its admins' to change; you can delete your posts and "
                                     f"comments there. {PAST}")
        steps.append(step)
    return [s for s in steps if _applies(s)]


_VERBS = {("delete", "instagram"): "Delete", ("make_private", "instagram"): "Archive",
          ("make_private", "facebook"): "Make private (Only me or Friends)"}


def flagged(f: Frames, flags: Mapping[str, Mapping[str, Any]]) -> list[Step]:
    """Per platform, the items you flagged delete or make private in the review store."""
    by: dict[tuple[str, str], list[str]] = {}
    for item_id, flag in flags.items():
        action = flag.get("action")
        if action in ("delete", "make_private"):
            by.setdefault((str(item_id).partition(":")[0], action), []).append(str(item_id))
    steps = []
    for (platform, action), ids in sorted(by.items()):
        rows = _among(f.ids, ids)
        verb = _VERBS.get((action, platform), "Delete")
        step = _item_step(f, rows, f"flagged-{action}", f"flagged-{action}:{platform}", platform,
                          f"{verb}: {plural(len(ids), 'item')} you flagged {action.replace('_', ' ')} "
                          f"({PLATFORM_NAMES.get(platform, platform)})", PER_ITEM,
                          f"Your own decisions from the review store, one by one (the worklist lists each). {PAST}")
        left = int((rows & f.live).sum())
        if left == 0:
            step.done_how = f"none of the {len(ids)} is live in this export any more"
        steps.append(step)
    return steps


def _among(ids: np.ndarray, values: Iterable[str]) -> np.ndarray:
    """Which ids are in ``values``, by hashing: np.isin on object arrays of strings compares every pair (26 s
    for 60k items against 60k covered ids; a 1M-item export never finished notebook 08)."""
    return pd.Index(ids).isin(list(values))


def the_rest(f: Frames, covered: Iterable[str], decided: Iterable[str]) -> list[Step]:
    """Per platform, public or unknown items no step above covers and you have not decided on: the Explorer's."""
    rows = (f.public | f.unknown) & ~_among(f.ids, set(covered) | set(decided))
    steps = []
    for platform in pd.unique(f.platform[rows]):
        mine = rows & (f.platform == platform)
        kinds = pd.Series(f.kind[mine & f.public]).value_counts()
        what = ", ".join(plural(int(n), KIND_WORDS.get(k, k)) for k, n in kinds.head(3).items())
        step = _item_step(f, mine, "items", f"items:{platform}", str(platform),
                          f"Decide item by item: {PLATFORM_NAMES.get(platform, platform)} items no step above covers"
                          + (f" ({what}{', …' if len(kinds) > 3 else ''} public)" if what else ""),
                          PER_ITEM, f"A current profile picture or cover photo can only be replaced. {PAST}")
        steps.append(step)
    return steps


def linked_apps(apps: pd.DataFrame | None) -> list[Step]:
    """Apps still linked to the account."""
    if apps is None or apps.empty:
        return []
    rows = apps[(apps["kind"].astype(object) == "linked_app") & apps["removed"].isna()]
    if rows.empty:
        return []
    return [Step("linked-apps", "linked-apps", "facebook", f"Remove {plural(len(rows), 'linked app')} you no "
                 "longer use", PER_ITEM, count=len(rows), unit="apps",
                 note="A removed app gets nothing more from your account from now on; it does not undo what it "
                      "and Meta already received or trained on.")]


def ai_chats(ai: pd.DataFrame | None) -> list[Step]:
    """Your conversations with Meta AI, per platform."""
    if ai is None or ai.empty:
        return []
    messages = ai[ai["kind"].astype(object) == "message"]
    steps = []
    for platform, rows in messages.groupby(messages["platform"].astype(object), sort=True):
        n = int(rows["conversation"].nunique())
        first, last = _day(rows["created"].min()), _day(rows["created"].max())
        span = first if first == last else f"{first} to {last}"
        steps.append(Step("ai-chats", f"ai-chats:{platform}", str(platform),
                          f"Delete your {plural(n, 'conversation')} with Meta AI ({span})", PER_ITEM, count=n,
                          unit="conversations", note=f"Meta may use chats with its AI for training. {PAST}"))
    return steps


def tagged_photos(account: pd.DataFrame | None) -> tuple[list[Step], int]:
    """Photos and videos others posted with you tagged: the export lists links only, no media."""
    rows = _facts(account, "tagged_by_others", "facebook")
    count = int(pd.to_numeric(rows["state"], errors="coerce").fillna(0).sum()) if len(rows) else 0
    if not count:
        return [], 0
    span = f"{_day(rows['start'].min())} to {_day(rows['end'].max())}"
    return [Step("tagged-photos", "tagged-photos", "facebook",
                 f"Ask friends to remove {plural(count, 'photo or video', 'photos and videos')} of you they "
                 f"posted ({span}), or remove your tag", PER_ITEM, count=count, unit="photos",
                 note="The export lists only links to what others posted with you tagged, no media; photos of you "
                      "nobody tagged cannot be known from an export. Their audience is the poster's, so Limit "
                      f"Past Posts leaves them. {PAST}")], count
