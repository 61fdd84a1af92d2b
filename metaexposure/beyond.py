"""Beyond your own posts: comments, groups, Pages, other people's profiles, Threads, Meta AI and linked apps.

Meta's AI policy covers public posts *and comments*, and chats with Meta AI (DESIGN.md section 1): these pure
functions summarise what of that an export holds, for notebook 07. DataFrame in, tidy DataFrame out; names of
groups, Pages and people stay in the person's own notebook and are never published (publish.redact_tidy).
"""

from __future__ import annotations

import pandas as pd

from .audience import exposure_class

_PLACES = {"own": "on your own posts and profile", "group": "in groups", "page": "on Pages",
           "person": "on other people's profiles", "unknown": "where the export does not say"}
_KINDS = {"comment": "comments", "post": "posts", "photo": "photos", "video": "videos", "story": "stories",
          "reel": "reels", "profile_photo": "profile pictures", "cover_photo": "cover photos"}
SUMMARY_COLUMNS = ["platform", "what", "items", "public", "unknown", "not_public", "ai_exposed", "first", "last"]


def beyond_mask(items: pd.DataFrame) -> pd.Series:
    """Rows that are not your own posts and media: comments, anything shared elsewhere, and Threads."""
    where = items["where"].astype(object) if "where" in items else pd.Series("own", index=items.index)
    return (items["kind"].astype(object) == "comment") | (where != "own") | (
        items["platform"].astype(object) == "threads")


def beyond_your_posts(items: pd.DataFrame) -> pd.DataFrame:
    """One row per platform, kind and place beyond your own posts: how many, how many public, since when."""
    rows = items[beyond_mask(items)]
    if rows.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    table = pd.DataFrame({
        "platform": rows["platform"].astype(object),
        "what": [f"{_KINDS.get(k, k)} {_PLACES.get(w, w)}"
                 for k, w in zip(rows["kind"].astype(object), rows["where"].astype(object), strict=True)],
        "exposure": exposure_class(rows["audience"]).astype(object),
        "ai_exposed": rows["ai_exposed"].to_numpy(),
        "created": rows["created"],
    })
    grouped = table.groupby(["platform", "what"], sort=True)
    out = grouped.agg(items=("exposure", "size"), ai_exposed=("ai_exposed", "sum"), first=("created", "min"),
                      last=("created", "max"))
    counts = table.groupby(["platform", "what", "exposure"]).size().unstack(fill_value=0)
    out = out.join(counts.reindex(columns=["public", "unknown", "not_public"], fill_value=0)).reset_index()
    out = out.sort_values(["public", "items", "platform", "what"], ascending=[False, False, True, True])
    for column in ("items", "public", "unknown", "not_public", "ai_exposed"):
        out[column] = out[column].astype("int64")
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def places(items: pd.DataFrame, where: str) -> pd.DataFrame:
    """The groups (``where="group"``), Pages or people you wrote for, most items first: name, items, public."""
    if "where" not in items:
        return pd.DataFrame(columns=["name", "items", "public", "first", "last"])
    rows = items[items["where"].astype(object) == where]
    table = pd.DataFrame({"name": rows["where_name"].astype(object).replace("", "(no name in the export)"),
                          "public": (rows["audience"].astype(object) == "public").to_numpy(),
                          "created": rows["created"]})
    out = table.groupby("name").agg(items=("public", "size"), public=("public", "sum"), first=("created", "min"),
                                    last=("created", "max")).reset_index()
    out["public"] = out["public"].astype("int64")
    return out.sort_values(["items", "name"], ascending=[False, True]).reset_index(drop=True)


def ai_summary(ai: pd.DataFrame) -> pd.DataFrame:
    """Your conversations with Meta AI and what it wrote about you, per platform: counts and dates."""
    columns = ["platform", "kind", "conversations", "entries", "first", "last"]
    if ai is None or ai.empty:
        return pd.DataFrame(columns=columns)
    grouped = ai.assign(platform=ai["platform"].astype(object), kind=ai["kind"].astype(object)).groupby(
        ["platform", "kind"])
    out = grouped.agg(conversations=("conversation", "nunique"), entries=("text", "size"),
                      first=("created", "min"), last=("created", "max")).reset_index()
    return out[columns]


def apps_summary(apps: pd.DataFrame) -> pd.DataFrame:
    """Linked apps (still linked or removed) and businesses sending Meta your activity, newest first."""
    columns = ["platform", "kind", "name", "still_linked", "events", "last"]
    if apps is None or apps.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({
        "platform": apps["platform"].astype(object), "kind": apps["kind"].astype(object),
        "name": apps["name"].astype(object),
        "still_linked": (apps["kind"].astype(object) == "linked_app") & apps["removed"].isna(),
        "events": apps["events"], "last": apps["last_event"].fillna(apps["added"]),
    })
    return out.sort_values(["kind", "last"], ascending=[True, False], na_position="last").reset_index(drop=True)
