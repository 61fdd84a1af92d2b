"""Exposure analytics: pure functions, items frame in, tidy (long) frame out (DESIGN.md section 7).

Every function takes ``unknown=``: "separate" (its own class), "public" (worst case) or
"exclude" (left out). Columns are fixed in docs/INTERNALS.md.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .audience import (
    ACCOUNT_BASES,
    EXPOSURES,
    HIDDEN_STATUSES,
    NAT,
    NEVER,
    Visibility,
    account_visibility,
    check_unknown,
    export_times,
    exposure_class,
    fleeting,
    item_exports,
    live_until,
    nanoseconds,
)
from .audience_rules import STORY_HIGHLIGHT, TRAINING_STARTS, on_account

CHANGES = ("no_longer_public", "still_public", "newly_public", "removed", "new", "unchanged")
ABSENT = "absent"

MILESTONES = (
    ("2007-01-01", "Content from 2007 on in scope",
     "Meta told an Australian Senate inquiry (Sept 2024) it trains on adults' public posts back to 2007."),
    ("2024-06-14", "EU pause of AI training",
     "Meta paused its plan to train on EU/EEA users' content after the Irish DPC's request."),
    # The three training starts are the ones ai_exposed uses (audience_rules.TRAINING_STARTS).
    (TRAINING_STARTS[""], "Meta AI policy in effect",
     "Meta's updated privacy policy lets it use public posts to train generative AI."),
    (TRAINING_STARTS["UK"], "UK training resumes",
     "Meta announced it would train on UK adults' public content, after talks with the ICO."),
    (TRAINING_STARTS["EU"], "EU training starts",
     "Meta began training on EU adults' public content (announced 14 April 2025)."),
)


PUBLIC, UNKNOWN, NOT_PUBLIC = 0, 1, 2  # codes of EXPOSURES
TIMELINE_COLUMNS = ("period", "group", "exposure", "created", "visible")


def _kept(unknown: str) -> list[str]:
    return list(EXPOSURES) if check_unknown(unknown) == "separate" else ["public", "not_public"]


def _classified(items: pd.DataFrame, unknown: str) -> pd.DataFrame:
    """Items with an ``exposure`` column under the unknown= choice (unknown rows gone on exclude)."""
    kept = _kept(unknown)
    exposure = exposure_class(items["audience"]).astype(object)
    if unknown == "public":
        exposure = exposure.where(exposure != "unknown", "public")
    keep = exposure.isin(kept).to_numpy()
    return items[keep].assign(exposure=pd.Categorical(exposure[keep], categories=kept))


def _counts(items: pd.DataFrame, keys: list[str], unknown: str, share: bool = True) -> pd.DataFrame:
    """n (and share within each key group) for every observed key group and every exposure class."""
    kept = _kept(unknown)
    rows = _classified(items, unknown)
    table = rows.groupby(keys + ["exposure"], observed=True).size().unstack("exposure", fill_value=0)
    table = table.reindex(columns=kept, fill_value=0)
    table.columns = pd.CategoricalIndex(kept, categories=kept, name="exposure")
    long = table.stack().rename("n").reset_index()
    long["exposure"] = pd.Categorical(long["exposure"].astype(object), categories=kept)
    long["n"] = long["n"].astype(np.int64)
    if share:
        totals = long.groupby(keys, observed=True, sort=False)["n"].transform("sum")
        long["share"] = (long["n"] / totals.where(totals > 0)).fillna(0.0)
    return long.reset_index(drop=True)


def by_album(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Per album and exposure class: n and the share within the album."""
    out = _counts(items, ["platform", "album"], unknown)
    out["album"] = out["album"].astype(object)
    return out[["platform", "album", "exposure", "n", "share"]]


def by_kind(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Per kind and exposure class: n and the share within the kind."""
    return _counts(items, ["kind"], unknown)[["kind", "exposure", "n", "share"]]


def by_where(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Per place shared (own, group, page, person, unknown) and exposure class: n and the share within the place."""
    return _counts(items, ["where"], unknown)[["where", "exposure", "n", "share"]]


def by_audience(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Per audience and basis: its exposure class, n and the share of all items counted."""
    rows = _classified(items, unknown)
    out = (rows.groupby(["audience", "audience_basis", "exposure"], observed=True).size()
           .rename("n").reset_index())
    out["n"] = out["n"].astype(np.int64)
    out["share"] = out["n"] / out["n"].sum() if len(out) else pd.Series(dtype=float)
    return out[["audience", "audience_basis", "exposure", "n", "share"]].reset_index(drop=True)


def by_year(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Per year of creation (UTC), kind and exposure class: n. Undated items are left out."""
    dated = items[items["created"].notna()]
    dated = dated.assign(year=dated["created"].dt.year.astype(np.int64))
    return _counts(dated, ["year", "kind"], unknown, share=False)[["year", "kind", "exposure", "n"]]


def location_exposure(items: pd.DataFrame, *, unknown: str = "separate") -> pd.DataFrame:
    """Public items (and unknown ones when unknown="public") that carry coordinates or a place."""
    check_unknown(unknown)
    shown = ("public", "unknown") if unknown == "public" else ("public",)
    located = items["latitude"].notna() | items["longitude"].notna() | (items["place"].astype(str) != "")
    return items[items["audience"].isin(shown) & located]


def policy_milestones() -> pd.DataFrame:
    """Dated AI-training milestones, each with a one-line source note."""
    return pd.DataFrame({
        "date": pd.to_datetime([m[0] for m in MILESTONES], utc=True).as_unit("ns"),
        "label": pd.Series([m[1] for m in MILESTONES], dtype=object),
        "note": pd.Series([m[2] for m in MILESTONES], dtype=object)})


def _frame_of(data: Any) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else data.items


def compare(before: Any, after: Any, *, by: str = "item", review: Any = None) -> pd.DataFrame:
    """Two loads of one account (items frames or Exports): what stopped being public, stayed, is new.

    ``by="step"``: per step of the plan made from ``before`` (with ``review``'s flags), whether ``after`` shows
    it took effect, or "not verifiable from an export" (Limit Past Posts, album audiences, the objection).
    """
    if by == "step":
        from .plan_verify import compare_steps  # the plan builds on this module: imported when asked

        return compare_steps(before, after, review)
    if by != "item":
        raise ValueError(f"by={by!r}: choose 'item' or 'step'")
    old, new = _frame_of(before), _frame_of(after)
    columns = ["item_id", "platform", "kind", "album", "created"]
    old_class = pd.Series(exposure_class(old["audience"]).astype(object).to_numpy(), index=old["item_id"])
    new_class = pd.Series(exposure_class(new["audience"]).astype(object).to_numpy(), index=new["item_id"])
    rows = pd.concat([new[columns], old.loc[~old["item_id"].isin(new["item_id"]), columns]],
                     ignore_index=True)
    was = rows["item_id"].map(old_class).fillna(ABSENT).astype(object)
    now = rows["item_id"].map(new_class).fillna(ABSENT).astype(object)
    change = np.select(
        [was == ABSENT, now == ABSENT, (was == "public") & (now == "public"), was == "public",
         now == "public"],
        ["new", "removed", "still_public", "no_longer_public", "newly_public"], default="unchanged")
    out = rows.assign(before=was, after=now, change=pd.Categorical(change, categories=list(CHANGES)))
    return out.sort_values(["change", "created", "item_id"]).reset_index(drop=True)


def _base_classes(items: pd.DataFrame, visibility: Visibility | None) -> tuple[np.ndarray, np.ndarray]:
    """(class code from creation on, follows the account's intervals) before any hiding."""
    codes = exposure_class(items["audience"]).cat.codes.to_numpy().astype(np.int64)
    hidden = np.isin(items["status"].to_numpy(object), HIDDEN_STATUSES)
    instagram = (items["platform"] == "instagram").to_numpy()
    profile = (items["kind"] == "profile_photo").to_numpy()
    basis = items["audience_basis"].to_numpy(object)
    # A hidden item's audience is only_me as of the export; before that only Instagram's
    # account history, the always-public profile picture rule, or a public_since that inference
    # found (a Page comment, a Facebook profile picture, a public Threads post) says who saw it.
    codes[hidden] = UNKNOWN
    codes[hidden & ((instagram & profile) | items["public_since"].notna().to_numpy())] = PUBLIC
    account = on_account(items)
    # Stories on the account that it may still show (a highlight keeps them) follow it too.
    story = (fleeting(items) | (basis == STORY_HIGHLIGHT)) & account
    follows = np.isin(basis, ACCOUNT_BASES) | ((hidden | story) & account)
    if visibility is None:
        follows[:] = False
    return codes, follows


def _segments(items: pd.DataFrame, account: pd.DataFrame | None) -> tuple[np.ndarray, ...]:
    """(item row, start, end, class code): each item's classes over [created, forever)."""
    visibility = account_visibility(account)
    created = nanoseconds(items["created"])
    codes, follows = _base_classes(items, visibility)
    rows = np.flatnonzero(~follows)
    parts = [(rows, created[rows], np.full(len(rows), NEVER), codes[rows])]
    if visibility is not None and follows.any():
        rows = np.flatnonzero(follows)
        v_start, v_end = visibility.starts, np.append(visibility.starts[1:], NEVER)
        v_code = np.array([EXPOSURES.index(s) for s in visibility.states], dtype=np.int64)
        row, k = np.repeat(rows, len(v_start)), np.tile(np.arange(len(v_start)), len(rows))
        parts.append((row, np.maximum(created[row], v_start[k]), v_end[k], v_code[k]))
    row, start, end, code = (np.concatenate(p) for p in zip(*parts, strict=True))
    exports = export_times(items, account)
    hidden = np.isin(items["status"].to_numpy(object), HIDDEN_STATUSES)
    export = item_exports(items, exports)
    # Stories leave the public eye after a day (then unknown: a highlight may keep them).
    leave = np.where(hidden | fleeting(items), live_until(items, exports), NEVER)[row]
    gone = np.where(hidden & (export != NAT), export, NEVER)[row]
    # Hidden items: their class while surely live, unknown (if maybe public) until the export,
    # not public after it. Live items have leave = gone = NEVER and keep one piece.
    pieces = [(start, np.minimum(end, leave), code),
              (np.maximum(start, leave), np.minimum(end, gone), np.where(code == NOT_PUBLIC, code, UNKNOWN)),
              (np.maximum(start, gone), end, np.full(len(code), NOT_PUBLIC))]
    row = np.tile(row, 3)
    start, end, code = (np.concatenate(p) for p in zip(*pieces, strict=True))
    keep = start < end
    return row[keep], start[keep], end[keep], code[keep]


def _periods(first: int, last: int, freq: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Period starts covering [first, last], and each period's last nanosecond."""
    offset = pd.tseries.frequencies.to_offset(freq)
    start = offset.rollback(pd.Timestamp(first, tz="UTC").normalize())
    starts = pd.date_range(start, pd.Timestamp(last, tz="UTC"), freq=offset).as_unit("ns")
    return starts, np.append(nanoseconds(starts)[1:], nanoseconds([starts[-1] + offset])) - 1


def _empty_timeline(kept: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns, UTC]"),
                         "group": pd.Series([], dtype=object),
                         "exposure": pd.Categorical([], categories=kept),
                         "created": pd.Series([], dtype=np.int64), "visible": pd.Series([], dtype=np.int64)})


def exposure_timeline(items: pd.DataFrame, freq: str = "MS", by: str | None = None, *,
                      account: pd.DataFrame | None = None, unknown: str = "separate") -> pd.DataFrame:
    """Per period and group: items created, and items existing at the period's end, by exposure class.

    With ``account`` an Instagram item counts as public only while the account was public.
    Archived, trashed and recently deleted items carry no date of leaving: they keep their class
    while surely live, count as unknown (when they may have been public) until the export, and
    as not public from the export on. Undated items are left out.
    """
    kept = _kept(unknown)
    items = items[items["created"].notna()]
    if items.empty:
        return _empty_timeline(kept)
    group_values = items[by].astype(object).fillna("") if by else pd.Series("all", index=items.index)
    group_codes, groups = pd.factorize(group_values, sort=True)
    row, start, end, code = _segments(items, account)
    created = nanoseconds(items["created"])
    last = max(int(created.max()), *(t for t in export_times(items, account).values() if t != NAT))
    starts, ends = _periods(int(created.min()), last, freq)
    n_periods, n_cells = len(starts), len(groups) * len(EXPOSURES)
    cell = group_codes[row] * len(EXPOSURES) + code
    first, stop = np.searchsorted(ends, start), np.searchsorted(ends, end)
    size = n_cells * (n_periods + 1)
    steps = (np.bincount(cell * (n_periods + 1) + first, minlength=size)
             - np.bincount(cell * (n_periods + 1) + stop, minlength=size))
    visible = steps.reshape(n_cells, n_periods + 1).cumsum(axis=1)[:, :n_periods]
    born = np.searchsorted(ends, created[row])
    at_birth = (first <= born) & (born < stop)
    new = np.bincount(cell[at_birth] * n_periods + born[at_birth], minlength=n_cells * n_periods)
    return _timeline_frame(starts, groups, visible, new.reshape(n_cells, n_periods), unknown, kept)


def _timeline_frame(starts: pd.DatetimeIndex, groups: Any, visible: np.ndarray, created: np.ndarray,
                    unknown: str, kept: list[str]) -> pd.DataFrame:
    """The long frame (period, group, class) from (group * class, period) count arrays."""
    shape = (len(groups), len(EXPOSURES), len(starts))
    visible, created = visible.reshape(shape), created.reshape(shape)
    if unknown == "public":
        visible[:, PUBLIC] += visible[:, UNKNOWN]
        created[:, PUBLIC] += created[:, UNKNOWN]
    columns = [EXPOSURES.index(c) for c in kept]
    # (period, group, class) order: one block per period
    visible, created = (a[:, columns].transpose(2, 0, 1).ravel() for a in (visible, created))
    n_groups, n_kept = len(groups), len(kept)
    return pd.DataFrame({
        "period": starts.repeat(n_groups * n_kept),
        "group": np.tile(np.repeat(np.asarray(groups, dtype=object), n_kept), len(starts)),
        "exposure": pd.Categorical(np.tile(kept, n_groups * len(starts)), categories=kept),
        "created": created.astype(np.int64), "visible": visible.astype(np.int64)})
