"""Who could see each item, on what basis, and since when (DESIGN.md section 6).

No export carries a per-item audience, so every audience set here names its basis and
whatever has none stays ``unknown`` / ``none``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .frame import AUDIENCES, BASES, category

POLICY_EFFECTIVE = pd.Timestamp("2024-06-26", tz="UTC")
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
LABEL_BASES = ("label:item", "label:album")

NEVER = np.iinfo(np.int64).max  # "no such moment": later than every real time
NAT = np.iinfo(np.int64).min  # NaT as int64 nanoseconds; also "since the beginning"


class Labels(Protocol):
    """What inference reads from a review: review.Review has these."""

    item_labels: Mapping[str, str]
    album_labels: Mapping[str, str]


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
    the newest item as a lower bound); else the newest item in ``items``.
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
    for platform in platforms:
        if platform not in times:
            created = nanoseconds(items.loc[items["platform"] == platform, "created"])
            times[platform] = int(created.max()) if len(created) else NAT
    return times


def item_exports(items: pd.DataFrame, exports: Mapping[str, int]) -> np.ndarray:
    """Each item's export time (int64 ns, NAT when unknown)."""
    platform = items["platform"].to_numpy(object)
    export = np.full(len(items), NAT, dtype=np.int64)
    for name, time in exports.items():
        export[platform == name] = time
    return export


def fleeting(items: pd.DataFrame, basis: np.ndarray | None = None) -> np.ndarray:
    """Live stories the user has not labelled: shown for a day, then only in a highlight if kept there.

    The export does not say which stories are in highlights (FORMATS.md section 4), so after
    their first day they are unknown rather than public.
    """
    basis = items["audience_basis"].to_numpy(object) if basis is None else basis
    return ((items["kind"] == "story").to_numpy() & (items["status"] == "live").to_numpy()
            & ~np.isin(basis, LABEL_BASES))


def live_until(items: pd.DataFrame, exports: Mapping[str, int], basis: np.ndarray | None = None) -> np.ndarray:
    """The last moment each item is surely seen as posted: the export, or less when hidden.

    An archived item may have been archived the moment it was posted; one in the trash or
    Recently deleted was live until at least 30 days before the export; a story for one day.
    """
    export = item_exports(items, exports)
    created = nanoseconds(items["created"])
    status = items["status"].to_numpy(object)
    purged = np.where(export == NAT, NAT, export - PURGE_AFTER.value)
    bound = np.where(status == "archived", created, np.maximum(created, purged))
    until = np.where(np.isin(status, HIDDEN_STATUSES), bound, export)
    story = fleeting(items, basis) & (created != NAT) & (until != NAT)
    return np.where(story, np.minimum(until, created + STORY_LIFETIME.value), until)


def exposure_times(created: np.ndarray, public: np.ndarray, follows_account: np.ndarray,
                   visibility: Visibility | None, until: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(public_since in ns, ai_exposed) from who could see each item while it was live."""
    policy = POLICY_EFFECTIVE.value
    since = np.where(public & (created != NAT), created, NEVER)
    exposed_from = np.where(public, np.maximum(created, policy), NEVER)
    if visibility is not None and follows_account.any():
        rows = np.flatnonzero(follows_account)
        known = created[rows] != NAT
        since[rows] = np.where(known, visibility.first_public(created[rows]), NEVER)
        exposed_from[rows] = visibility.first_public(np.maximum(created[rows], policy))
    since = np.where(since <= until, since, NEVER)
    return since, (exposed_from != NEVER) & (exposed_from <= until)


def _profile_rules(items: pd.DataFrame, audience: np.ndarray, basis: np.ndarray) -> None:
    """Facebook: the newest live profile picture and cover photo are public, older ones too."""
    live_fb = (items["platform"] == "facebook").to_numpy() & (items["status"] == "live").to_numpy()
    for kind in ("profile_photo", "cover_photo"):
        rows = np.flatnonzero(live_fb & (items["kind"] == kind).to_numpy())
        if not len(rows):
            continue
        audience[rows] = "public"
        basis[rows] = "rule:past-profile-photo"
        created = nanoseconds(items["created"].iloc[rows])
        if (created != NAT).any():  # undated pictures: no telling which one is current
            basis[rows[np.argmax(created)]] = "rule:current-profile-photo"


def _instagram_rules(items: pd.DataFrame, visibility: Visibility | None, export: int,
                     audience: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Instagram items take the account's state at export; returns the rows that follow it."""
    instagram = (items["platform"] == "instagram").to_numpy()
    profile = instagram & (items["kind"] == "profile_photo").to_numpy()
    # Profile pictures are visible to everyone even on a private account (FORMATS.md section 5).
    audience[profile], basis[profile] = "public", "ig:profile-photo"
    follows = instagram & ~profile
    if visibility is None or not follows.any():
        return np.zeros(len(items), dtype=bool)
    # The last interval runs to the export ("still so at export"); the export date itself may
    # only be a lower bound, so it decides only when the history ends before the export.
    state = str(visibility.states[-1])
    if state == "unknown" and export != NAT:
        state = visibility.state_at(export)
    if state == "public":
        audience[follows], basis[follows] = "public", "ig:account-public"
    elif state == "not_public":
        audience[follows], basis[follows] = "followers", "ig:account-private"
    return follows


def _label_rules(items: pd.DataFrame, review: Labels | None, audience: np.ndarray, basis: np.ndarray,
                 follows: np.ndarray) -> None:
    """Album labels, then item labels, from the review file: the user's word wins."""
    if review is None:
        return
    keys = items["platform"].astype(object) + "/" + items["album"].astype(object)
    for labels, key, name in ((review.album_labels, keys, "label:album"),
                              (review.item_labels, items["item_id"], "label:item")):
        if not labels:
            continue
        found = key.map(dict(labels))
        rows = np.flatnonzero(found.notna().to_numpy() & found.isin(AUDIENCES).to_numpy())
        audience[rows] = found.to_numpy(object)[rows]
        basis[rows] = name
        follows[rows] = False


def _finish(items: pd.DataFrame, audience: np.ndarray, basis: np.ndarray, since: np.ndarray,
            exposed: np.ndarray) -> pd.DataFrame:
    out = items.copy()
    out["audience"] = category(audience, AUDIENCES)
    out["audience_basis"] = category(basis, BASES)
    out["public_since"] = to_utc(since).set_axis(out.index)
    out["ai_exposed"] = exposed
    return out


def infer_audience(items: pd.DataFrame, account: pd.DataFrame | None, review: Labels | None = None, *,
                   export_time: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """A new items frame with audience, audience_basis, public_since and ai_exposed filled.

    Rules in the order of DESIGN.md section 6; then archived, trashed and recently deleted
    items become ``only_me`` as of the export (their history still shows in public_since).
    When the export date is unknown the newest item stands in for it, a lower bound.
    """
    n = len(items)
    audience = np.full(n, "unknown", dtype=object)
    basis = np.full(n, "none", dtype=object)
    visibility = account_visibility(account)
    exports = export_times(items, account, export_time)
    _profile_rules(items, audience, basis)
    follows = _instagram_rules(items, visibility, exports.get("instagram", NAT), audience, basis)
    _label_rules(items, review, audience, basis, follows)
    until = live_until(items, exports, basis)
    # A story on a public account was surely public for its first day; now it is public only
    # if it sits in a highlight, which the export does not say.
    story = fleeting(items, basis) & (audience == "public") & (basis == "ig:account-public")
    audience[story], basis[story] = "unknown", "none"
    since, exposed = exposure_times(nanoseconds(items["created"]), audience == "public", follows,
                                    visibility, until)
    hidden = np.isin(items["status"].to_numpy(object), HIDDEN_STATUSES)
    audience[hidden], basis[hidden] = "only_me", HIDDEN_BASIS
    return _finish(items, audience, basis, since, exposed)


def default_audience(account: pd.DataFrame | None) -> str | None:
    """Facebook's export-time default audience for new posts, None when the export lacks it."""
    if account is None or account.empty:
        return None
    rows = account[(account["platform"] == "facebook") & (account["fact"] == "default_audience")]
    return str(rows["state"].iloc[-1]) if len(rows) else None


def default_audience_whatif(items: pd.DataFrame, account: pd.DataFrame | None, *,
                            export_time: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """What if every Facebook item of unknown audience had today's default audience? (never applied by load)

    Rows changed get basis ``whatif:default-audience``; the rest are as inferred.
    """
    default = default_audience(account)
    rows = ((items["platform"] == "facebook") & (items["audience"] == "unknown")).to_numpy()
    if default is None or default not in AUDIENCES or not rows.any():
        return items.copy()
    audience = items["audience"].to_numpy(object).copy()
    basis = items["audience_basis"].to_numpy(object).copy()
    audience[rows], basis[rows] = default, WHATIF_BASIS
    since, exposed = exposure_times(nanoseconds(items["created"]), rows & (default == "public"),
                                    np.zeros(len(items), dtype=bool), None,
                                    live_until(items, export_times(items, account, export_time)))
    since = np.where(rows, since, nanoseconds(items["public_since"]))
    exposed = np.where(rows, exposed, items["ai_exposed"].to_numpy(bool))
    return _finish(items, audience, basis, since, exposed)
