"""Who could see each item, on what basis, and since when (DESIGN.md section 6).

No export carries a per-item audience, so every audience set here names its basis and
whatever has none stays ``unknown`` / ``none``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import audience_rules as rules
from .audience_rules import GLOBAL_START, STORY_HIGHLIGHT, A, B, Labels, ai_training_start, codes
from .frame import AUDIENCES, BASES, TREE_OF

# The global AI-training start, kept for code written before the start depended on the jurisdiction:
# ai_training_start(account) gives the one that applies to a person.
POLICY_EFFECTIVE = GLOBAL_START
EXPOSURES = ("public", "unknown", "not_public")
UNKNOWN_MODES = ("separate", "public", "exclude")
HIDDEN_STATUSES = ("archived", "trash", "recently_deleted")
HIDDEN_BASIS = "status:archived-or-deleted"
WHATIF_BASIS = "whatif:default-audience"
ACCOUNT_BASES = ("ig:account-public", "ig:account-private")
# Facebook's trash and Instagram's Recently deleted are emptied after 30 days, so an item found
# there was still live (with its audience) 30 days before the export.
PURGE_AFTER = pd.Timedelta(days=30)
STORY_LIFETIME = pd.Timedelta(days=1)
LABEL_BASES = ("label:item", "label:album", "label:group")
# Stories someone keeps visible after their first day: the user (a label) or a highlight.
KEPT_BASES = (*LABEL_BASES, STORY_HIGHLIGHT)
PENDING_AUDIENCE, PENDING_BASIS = "custom", "status:pending"

NEVER = np.iinfo(np.int64).max  # "no such moment": later than every real time
NAT = np.iinfo(np.int64).min  # NaT as int64 nanoseconds; also "since the beginning"


def exposure_class(audience: str | Iterable[str]) -> str | pd.Series:
    """``public``, ``unknown`` or ``not_public`` for one audience or a column of them."""
    if isinstance(audience, str):
        return audience if audience in ("public", "unknown") else "not_public"
    values = np.asarray(audience, dtype=object)
    classes = np.where(values == "public", "public", np.where(values == "unknown", "unknown", "not_public"))
    index = audience.index if isinstance(audience, pd.Series) else None
    return pd.Series(pd.Categorical(classes, categories=list(EXPOSURES)), index=index, name="exposure")


def check_unknown(unknown: str) -> str:
    if unknown not in UNKNOWN_MODES:
        raise ValueError(f"unknown={unknown!r}: choose one of {', '.join(UNKNOWN_MODES)}")
    return unknown


def nanoseconds(values: Any) -> np.ndarray:
    """int64 nanoseconds since the epoch (NaT as NAT) of UTC datetimes."""
    index = pd.DatetimeIndex(values)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8.copy()


def to_utc(ns: np.ndarray) -> pd.Series:
    """UTC datetimes from int64 nanoseconds; NAT and NEVER become NaT."""
    ns = np.where(ns == NEVER, NAT, ns)
    return pd.Series(ns.view("datetime64[ns]")).dt.tz_localize("UTC")


@dataclass(frozen=True)
class Visibility:
    """An Instagram account's state over all time: segment k is [starts[k], starts[k+1])."""

    starts: np.ndarray  # int64 ns, starts[0] == NAT (the beginning of time)
    states: np.ndarray  # exposure class per segment; gaps between known intervals are unknown

    def segment(self, t: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, t, side="right") - 1

    def state_at(self, t: int) -> str:
        return str(self.states[self.segment(np.array([t]))[0]])

    def first_public(self, t: np.ndarray) -> np.ndarray:
        """The first public moment at or after each t (NEVER when none)."""
        public = self.states == "public"
        # next_start[k]: start of the first public segment with index >= k
        next_start = np.append(np.where(public, self.starts, NEVER), NEVER)
        next_start = np.minimum.accumulate(next_start[::-1])[::-1]
        k = self.segment(t)
        return np.where(public[k], t, next_start[k + 1])


def account_visibility(account: pd.DataFrame | None) -> Visibility | None:
    """The Instagram visibility intervals of the account frame as a Visibility, None if absent."""
    if account is None or account.empty:
        return None
    rows = account[(account["platform"] == "instagram") & (account["fact"] == "visibility")]
    if rows.empty:
        return None
    starts, ends = nanoseconds(rows["start"]), nanoseconds(rows["end"])
    ends = np.where(ends == NAT, NEVER, ends)
    states = np.where(rows["state"].to_numpy(object) == "public", "public", "not_public")
    cursor, seg_starts, seg_states = NAT, [], []
    for start, end, state in sorted(zip(starts.tolist(), ends.tolist(), states.tolist(), strict=True)):
        start = max(start, cursor)  # overlapping facts: the earlier one wins its span
        if start >= end:
            continue
        if start > cursor:
            seg_starts.append(cursor)
            seg_states.append("unknown")
        seg_starts.append(start)
        seg_states.append(state)
        cursor = end
    if cursor < NEVER:
        seg_starts.append(cursor)
        seg_states.append("unknown")
    return Visibility(np.array(seg_starts, dtype=np.int64), np.array(seg_states, dtype=object))


def export_times(items: pd.DataFrame, account: pd.DataFrame | None,
                 export_time: pd.Timestamp | str | None = None) -> dict[str, int]:
    """Per platform, when its export was made (int64 ns; NAT when nothing tells).

    ``export_time`` overrides; else the account's ``export`` fact (the wrapper folder's date, or
    the newest item as a lower bound); else the newest item in ``items``. A platform that comes
    inside another's export (Threads in Instagram's, frame.TREE_OF) has no fact of its own: it takes
    that export's, or its own newest item when that is later (the fact may be a lower bound).
    """
    platforms = [str(p) for p in pd.unique(items["platform"].astype(object))]
    if export_time is not None:
        forced = int(nanoseconds([pd.Timestamp(export_time)])[0])
        return dict.fromkeys(platforms, forced)
    times: dict[str, int] = {}
    if account is not None and not account.empty:
        rows = account[account["fact"] == "export"]
        for platform, start in zip(rows["platform"].astype(object), nanoseconds(rows["start"]), strict=True):
            if start != NAT:
                times[str(platform)] = max(times.get(str(platform), NAT), int(start))
    for platform in sorted(platforms, key=lambda p: TREE_OF.get(p, p) != p):  # holders before what they hold
        if platform not in times:
            created = nanoseconds(items.loc[items["platform"] == platform, "created"])
            newest = int(created.max()) if len(created) else NAT
            times[platform] = max(newest, times.get(TREE_OF.get(platform, platform), NAT))
    return times


def item_exports(items: pd.DataFrame, exports: Mapping[str, int]) -> np.ndarray:
    """Each item's export time (int64 ns, NAT when unknown)."""
    export = np.full(len(items), NAT, dtype=np.int64)
    for name, time in exports.items():
        export[(items["platform"] == name).to_numpy()] = time
    return export


def fleeting(items: pd.DataFrame, basis: np.ndarray | None = None) -> np.ndarray:
    """Live stories nobody keeps: shown for a day, then gone unless kept in a highlight.

    A story the user labelled, or one the export lists in a highlight (``rule:story-highlight``),
    is kept; any other is visible for its first day only, and after it unknown rather than gone:
    Instagram exports do not say which stories are in highlights (FORMATS.md section 4).
    ``basis``: codes over frame.BASES (as inference holds them), else the frame's column.
    """
    basis = codes(items["audience_basis"], BASES) if basis is None else basis
    return ((items["kind"] == "story").to_numpy() & (items["status"] == "live").to_numpy()
            & ~np.isin(basis, [B[b] for b in KEPT_BASES]))


def live_until(items: pd.DataFrame, exports: Mapping[str, int], basis: np.ndarray | None = None) -> np.ndarray:
    """The last moment each item is surely seen as posted: the export, or less when hidden.

    An archived item may have been archived the moment it was posted; one in the trash or
    Recently deleted was live until at least 30 days before the export; a story for one day.
    """
    export = item_exports(items, exports)
    created = nanoseconds(items["created"])
    purged = np.where(export == NAT, NAT, export - PURGE_AFTER.value)
    bound = np.where((items["status"] == "archived").to_numpy(), created, np.maximum(created, purged))
    until = np.where(items["status"].isin(HIDDEN_STATUSES).to_numpy(), bound, export)
    story = fleeting(items, basis) & (created != NAT) & (until != NAT)
    return np.where(story, np.minimum(until, created + STORY_LIFETIME.value), until)


def exposure_times(created: np.ndarray, public: np.ndarray, follows_account: np.ndarray,
                   visibility: Visibility | None, until: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
    """(public_since in ns, ai_exposed) from who could see each item while it was live.

    ``start``: the AI-training start that applies (ns, from ai_training_start).
    """
    since = np.where(public & (created != NAT), created, NEVER)
    exposed_from = np.where(public, np.maximum(created, start), NEVER)
    if visibility is not None and follows_account.any():
        rows = np.flatnonzero(follows_account)
        known = created[rows] != NAT
        since[rows] = np.where(known, visibility.first_public(created[rows]), NEVER)
        exposed_from[rows] = visibility.first_public(np.maximum(created[rows], start))
    since = np.where(since <= until, since, NEVER)
    return since, (exposed_from != NEVER) & (exposed_from <= until)


def account_state(visibility: Visibility | None, export: int) -> str | None:
    """The Instagram account's state at export: public, not_public or unknown (None without facts).

    The last interval runs to the export ("still so at export"); the export date itself may only
    be a lower bound, so it decides only when the history ends before the export.
    """
    if visibility is None:
        return None
    state = str(visibility.states[-1])
    if state == "unknown" and export != NAT:
        state = visibility.state_at(export)
    return state


def _finish(items: pd.DataFrame, audience: np.ndarray, basis: np.ndarray, since: np.ndarray,
            exposed: np.ndarray) -> pd.DataFrame:
    out = items.copy()
    out["audience"] = pd.Categorical.from_codes(audience, categories=list(AUDIENCES))
    out["audience_basis"] = pd.Categorical.from_codes(basis, categories=list(BASES))
    out["public_since"] = to_utc(since).set_axis(out.index)
    out["ai_exposed"] = exposed
    return out


def infer_audience(items: pd.DataFrame, account: pd.DataFrame | None, review: Labels | None = None, *,
                   export_time: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """A new items frame with audience, audience_basis, public_since and ai_exposed filled.

    Rules in the order of DESIGN.md section 6 (audience_rules): profile pictures, Instagram's account,
    public places (Pages, Threads, highlights), then the review's group, album and item labels. Then
    the status, which outranks a label because it is what the export says now: a pending group post
    is seen by you and the group's admins only (``custom`` / ``status:pending``, never public), and
    archived, trashed and recently deleted items are ``only_me`` as of the export (their history still
    shows in public_since). ai_exposed counts from the AI-training start of the person's privacy
    jurisdiction (ai_training_start). When the export date is unknown the newest item stands in for
    it, a lower bound.
    """
    n = len(items)
    audience = np.full(n, A["unknown"], dtype=np.int8)  # codes over AUDIENCES and BASES
    basis = np.full(n, B["none"], dtype=np.int8)
    visibility = account_visibility(account)
    exports = export_times(items, account, export_time)
    rules.profile_rules(items, audience, basis)
    state = account_state(visibility, exports.get("instagram", NAT))
    follows = rules.instagram_rules(items, state, audience, basis)
    rules.page_rules(items, account, audience, basis)
    rules.threads_rules(items, account, audience, basis)
    rules.highlight_rules(items, account, basis)
    rules.label_rules(items, review, audience, basis, follows)
    until = live_until(items, exports, basis)
    # A story on a public account was surely public for its first day; now it is public only
    # if it sits in a highlight, and the export did not list it in one.
    story = fleeting(items, basis) & (audience == A["public"]) & (basis == B["ig:account-public"])
    audience[story], basis[story] = A["unknown"], B["none"]
    start = ai_training_start(account)[0].value
    since, exposed = exposure_times(nanoseconds(items["created"]), audience == A["public"], follows,
                                    visibility, until, start)
    # custom, not only_me: the group's admins and moderators read a pending post before anyone else
    # may, so someone besides you sees it. It was never public, whatever the group or a label says.
    pending = (items["status"] == "pending").to_numpy()
    audience[pending], basis[pending] = A[PENDING_AUDIENCE], B[PENDING_BASIS]
    since[pending], exposed[pending] = NEVER, False
    hidden = items["status"].isin(HIDDEN_STATUSES).to_numpy()
    audience[hidden], basis[hidden] = A["only_me"], B[HIDDEN_BASIS]
    return _finish(items, audience, basis, since, exposed)


def default_audience(account: pd.DataFrame | None) -> str | None:
    """Facebook's export-time default audience for new posts, None when the export lacks it."""
    if account is None or account.empty:
        return None
    rows = account[(account["platform"] == "facebook") & (account["fact"] == "default_audience")]
    return str(rows["state"].iloc[-1]) if len(rows) else None


def default_audience_whatif(items: pd.DataFrame, account: pd.DataFrame | None, *,
                            export_time: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """What if every Facebook item of yours of unknown audience had today's default audience? (never applied
    by load)

    The default audience is for new posts on your own profile: comments take the audience of the post they
    are on, and posts in groups or on others' profiles the place's, so those rows are left as inferred.
    Rows changed get basis ``whatif:default-audience``; the rest are as inferred.
    """
    default = default_audience(account)
    rows = ((items["platform"] == "facebook") & (items["audience"] == "unknown") & (items["kind"] != "comment")
            ).to_numpy() & (rules.column(items, "where") == "own")
    if default is None or default not in AUDIENCES or not rows.any():
        return items.copy()
    audience, basis = codes(items["audience"], AUDIENCES), codes(items["audience_basis"], BASES)
    audience[rows], basis[rows] = A[default], B[WHATIF_BASIS]
    since, exposed = exposure_times(nanoseconds(items["created"]), rows & (default == "public"),
                                    np.zeros(len(items), dtype=bool), None,
                                    live_until(items, export_times(items, account, export_time)),
                                    ai_training_start(account)[0].value)
    since = np.where(rows, since, nanoseconds(items["public_since"]))
    exposed = np.where(rows, exposed, items["ai_exposed"].to_numpy(bool))
    return _finish(items, audience, basis, since, exposed)
