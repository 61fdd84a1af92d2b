"""Did each plan step take effect? The plan made from the export before a clean-up, checked against the export
after it (issue 18; ``compare(before, after, by="step")``).

A re-export shows deletions and archiving (the item is gone, archived or in the trash), Instagram and Threads
switched private (their state is in the export), apps removed, off-Meta activity cleared, Meta AI chats
deleted, a default audience changed, and fewer photos others tagged you in. It cannot show Limit Past Posts,
an album's audience or the objection: no export carries an item's audience or the form; those say so, and the
person marks them done in the review store.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from . import frame
from .plan import _order, build_steps
from .plan_steps import Step, _day, _facts
from .words import plural

COLUMNS = ("step", "key", "platform", "action", "verifiable", "took_effect", "result")
NOT_VERIFIABLE = "not verifiable from an export"


def _gone(before: Step, after: Any) -> tuple[int, int]:
    """(how many of the step's items are no longer live-and-public-or-unknown in ``after``, how many it had)."""
    ids = set(before.covers) | set(before.unknown)
    items = after.items
    still = items["item_id"].isin(ids) & (items["status"].astype(object) == "live") & items["audience"].isin(
        ["public", "unknown"])
    return len(ids) - int(still.sum()), len(ids)


def _state(account: pd.DataFrame | None, platform: str) -> tuple[str, str]:
    """(current state, since when) of an account's visibility in an export."""
    rows = _facts(account, "visibility", platform)
    if rows.empty:
        return "", ""
    current = rows[rows["end"].isna()] if platform == "instagram" else rows
    row = (current if len(current) else rows).iloc[-1]
    return str(row["state"]), _day(row["start"])


def _switch(platform: str, name: str) -> Callable[[Step, Any, Any], tuple[bool | None, str]]:
    def check(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
        state, since = _state(new.account, platform)
        gone, total = _gone(step, new)
        if state == "private":
            when = f" since {since}" if since else " now"
            return True, f"{name} private{when}: {gone} of {plural(total, 'item')} no longer public"
        if state == "public":
            return False, f"{name} is still public: {total - gone} of {plural(total, 'item')} still public"
        return None, f"the new export does not say whether {name} is private"
    return check


def _items(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    gone, total = _gone(step, new)
    if step.kind == "flagged-make_private" and step.platform == "facebook":
        # An item made Only me stays in the export, live, with no audience: only archiving or deleting shows.
        return None, f"{NOT_VERIFIABLE} (an item's audience is not in it); {gone} of {total} deleted or archived"
    return gone == total, f"{gone} of {plural(total, 'item')} deleted, archived or no longer public"


def _group(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    gone, total = _gone(step, new)
    if gone:
        return gone == total, f"{gone} of {plural(total, 'item')} no longer in the new export (deleted)"
    return None, f"{NOT_VERIFIABLE} unless you delete: a group's privacy is not in it; {total} still there"


def _apps(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    linked = set(old.apps.loc[(old.apps["kind"] == "linked_app") & old.apps["removed"].isna(), "name"])
    still = set(new.apps.loc[(new.apps["kind"] == "linked_app") & new.apps["removed"].isna(), "name"]) & linked
    return not still, f"{len(linked) - len(still)} of {plural(len(linked), 'linked app')} removed"


def _off_meta(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    exported = _facts(old.account, "export")["start"].max()
    rows = new.apps[new.apps["kind"] == "off_meta_activity"]
    # Cleared history is gone; what businesses sent after the first export may be new activity.
    kept = rows if pd.isna(exported) else rows[~(rows["last_event"] > exported)]
    before = int((old.apps["kind"] == "off_meta_activity").sum())
    return kept.empty, (f"past activity cleared: {len(kept)} of {plural(before, 'business', 'businesses')} "
                        "still listed from before")


def _chats(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    def conversations(ai: pd.DataFrame) -> set[tuple[str, str]]:
        rows = ai[(ai["kind"] == "message") & (ai["platform"].astype(object) == step.platform)]
        first = rows.groupby("conversation")["created"].min()
        return {(str(name), _day(when)) for name, when in first.items()}

    was, now = conversations(old.ai), conversations(new.ai)
    return not (was & now), f"{len(was - now)} of {plural(len(was), 'conversation')} deleted"


def _tagged(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    rows = _facts(new.account, "tagged_by_others", "facebook")
    now = int(pd.to_numeric(rows["state"], errors="coerce").fillna(0).sum()) if len(rows) else 0
    return now < (step.count or 0), (f"photos and videos of you others posted, listed: {step.count} → "
                                               f"{now} (an untagged photo of you is not listed either way)")


def _future(step: Step, old: Any, new: Any) -> tuple[bool | None, str]:
    rows = _facts(new.account, "default_audience", "facebook")
    state = str(rows["state"].iloc[-1]) if len(rows) else ""
    if not state:
        return None, "the new export does not say who can see your future posts"
    return state not in ("public", "friends_of_friends"), f"future posts: {state.replace('_', ' ')}"


CHECKS: dict[str, Callable[[Step, Any, Any], tuple[bool | None, str]]] = {
    "instagram-private": _switch("instagram", "Instagram"), "threads-private": _switch("threads", "Threads"),
    "flagged-delete": _items, "flagged-make_private": _items, "items": _items, "group": _group,
    "linked-apps": _apps, "off-meta": _off_meta, "ai-chats": _chats, "tagged-photos": _tagged,
    "future-posts": _future,
}


def _as_export(data: Any) -> Any:
    """An Export as it is; an items frame alone as an export with no account facts, apps or AI chats."""
    if not isinstance(data, pd.DataFrame):
        return data
    return SimpleNamespace(items=data, account=frame.account_frame([]), apps=frame.apps_frame([]),
                           ai=frame.ai_frame([]), review=None)


def compare_steps(before: Any, after: Any, review: Any = None) -> pd.DataFrame:
    """Per step of the plan made from ``before``: whether ``after`` shows it took effect, in words.

    ``took_effect`` is True or False where the new export shows it, and missing (NA) where it cannot.
    """
    before, after = _as_export(before), _as_export(after)
    rows = []
    for number, step in enumerate(_order(build_steps(before, review)), start=1):
        check = CHECKS.get(step.kind)
        took, result = check(step, before, after) if check else (None, NOT_VERIFIABLE)
        rows.append({"step": number, "key": step.key, "platform": step.platform, "action": step.action,
                     "verifiable": check is not None and took is not None, "took_effect": took, "result": result})
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out["took_effect"] = out["took_effect"].astype("boolean")
    out["verifiable"] = out["verifiable"].astype(bool)
    out["step"] = out["step"].astype(np.int64)
    return out
