"""The worklist: what the review flagged, grouped to work through in Meta's own UI (DESIGN.md section 8)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from . import escape
from .albums import album_role
from .review import Review, excerpt, export_folder_around, snapshot

COLUMNS = ("platform", "album", "year", "date", "action", "caption", "link", "where", "note", "in_export",
           "item_id")
PLATFORM_NAMES = {"facebook": "Facebook", "instagram": "Instagram"}

# Menu paths as of Meta's 2024-2025 UI; they move, so each names the feature too.
WHERE = {
    ("facebook", "delete", "profile"): "Open the photo (link) → ⋯ → Delete photo; replace a current "
                                       "profile picture or cover photo first",
    ("facebook", "delete", "item"): "Manage Activity (Activity log → Your posts → Manage posts): select it by "
                                    "date → Trash; or open the link → ⋯ → Move to trash",
    ("facebook", "make_private", "profile"): "Open the photo (link) → audience selector → Only me; the current "
                                             "profile picture and cover photo are always public: change them first",
    ("facebook", "make_private", "album"): "The album's audience selector: open the album → ⋯ → Edit album → "
                                           "audience (every photo in it at once)",
    ("facebook", "make_private", "item"): "The post's audience selector (icon beside its date) → Friends or "
                                          "Only me; for all past posts at once: Limit Past Posts",
    ("instagram", "delete", "profile"): "Edit profile → Change profile picture → Remove current picture",
    ("instagram", "delete", "story"): "Profile → ☰ → Archive → Stories archive: open the story → ⋯ → Delete",
    ("instagram", "delete", "item"): "Open the post → ⋯ → Delete (it stays 30 days in Recently deleted)",
    ("instagram", "make_private", "profile"): "Visible to everyone even on a private account: replace or "
                                              "remove it in Edit profile",
    ("instagram", "make_private", "story"): "Remove it from its highlight (older stories show only there), or "
                                            "make the account private",
    ("instagram", "make_private", "item"): "Open the post → ⋯ → Archive (only you see it); or make the whole "
                                           "account private: Settings and activity → Account privacy",
}
GUIDES = {
    "facebook": [
        "**Manage Activity**: Settings & privacy → Activity log → Your posts → Manage posts; select many "
        "posts by date, then Trash or Archive.",
        "**Limit Past Posts**: Settings & privacy → Settings → Privacy → Posts → Limit who can see past "
        "posts; turns *every* Public and Friends-of-friends post into Friends at once (all or nothing).",
        "**An album's audience selector**: open the album → ⋯ → Edit album → audience.",
        "**A post's audience selector**: the icon beside the post's date → Friends or Only me.",
    ],
    "instagram": [
        "**Delete or archive a post**: open it → ⋯ → Delete or Archive (archived posts only you see).",
        "**Make the whole account private**: Settings and activity → Account privacy → Private account.",
        "**Stories**: Profile → ☰ → Archive → Stories archive; highlights are edited from your profile.",
    ],
}


def _scope(platform: str, kind: str, album: str, whole_album: bool) -> str:
    if kind in ("profile_photo", "cover_photo"):
        return "profile"
    if platform == "instagram":
        return "story" if kind == "story" else "item"
    return "album" if whole_album and album_role(album) == "user" else "item"


def _facts(item_id: str, flag: dict[str, Any], items: pd.DataFrame | None) -> tuple[dict[str, str], str]:
    """The item as the export shows it now, else as its snapshot remembers it; and 'in export'."""
    if items is not None and item_id in items.index:
        return snapshot(items.loc[item_id].to_dict()), "yes"
    # The review file is text a person may have edited: a snapshot that is not an object, or whose values are not
    # text, gives what it can and never stops the worklist.
    raw = flag.get("snapshot")
    facts = {str(k): v if isinstance(v, str) else "" for k, v in raw.items()} if isinstance(raw, dict) else {}
    # item ids start with platform:kind, so even a flag without snapshot says where to look
    platform, _, rest = item_id.partition(":")
    facts.setdefault("platform", platform)
    facts.setdefault("kind", rest.partition(":")[0])
    return facts, "" if items is None else "no"


def _whole_albums(items: pd.DataFrame | None, flags: dict[str, dict]) -> set[tuple[str, str]]:
    """(platform, album) pairs whose every item is flagged make_private."""
    if items is None or items.empty:
        return set()
    private = items.index.isin([i for i, f in flags.items() if f.get("action") == "make_private"])
    table = pd.DataFrame({"platform": items["platform"].astype(object), "album": items["album"],
                          "private": private})
    whole = table.groupby(["platform", "album"])["private"].all()
    return {key for key, value in whole.items() if value}


def worklist_rows(ex: Any, review: Review) -> pd.DataFrame:
    """One row per item flagged delete or make_private, sorted by platform, album, year and date."""
    items = None if ex is None else ex.items.set_index("item_id", drop=False)
    flags = {k: v for k, v in review.flags.items() if v.get("action") != "keep"}
    whole = _whole_albums(items, flags)
    rows = []
    for item_id, flag in flags.items():
        facts, in_export = _facts(item_id, flag, items)
        platform, album, kind = facts.get("platform", ""), facts.get("album", ""), facts.get("kind", "")
        created = _when(facts.get("created"))
        scope = _scope(platform, kind, album, (platform, album) in whole)
        rows.append({"platform": platform, "album": album,
                     "year": "" if created is None else str(created.year),
                     "date": "" if created is None else created.strftime("%Y-%m-%d"),
                     "action": flag["action"], "caption": excerpt(facts.get("caption", "")),
                     "link": facts.get("link", ""), "where": WHERE.get((platform, flag["action"], scope), ""),
                     "note": flag.get("note") if isinstance(flag.get("note"), str) else "",
                     "in_export": in_export, "item_id": item_id})
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    order = frame["album"].str.casefold()
    return frame.assign(_album=order).sort_values(["platform", "_album", "year", "date", "item_id"]).drop(
        columns="_album").reset_index(drop=True)


def _when(value: Any) -> pd.Timestamp | None:
    """A snapshot's creation time, or None when it is absent or not a date (a hand-edited review file)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        created = pd.Timestamp(value)
    except (ValueError, OverflowError, TypeError):
        return None
    if pd.isna(created):
        return None
    return created.tz_localize("UTC") if created.tzinfo is None else created.tz_convert("UTC")


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _markdown(rows: pd.DataFrame, source: str, kept: int, plan_section: str = "") -> str:
    counts = rows["action"].value_counts()
    # The plan first (issue 18): a few switches and album changes usually cover more than the items below.
    opening = [plan_section, "## Item by item", ""] if plan_section else [
        "Written from the review store alone: load the export with it for the plan of switches and album "
        "changes (`metaexposure plan EXPORT… --review FILE`).", ""]
    lines = ["# Worklist", "", *opening,
             f"{_items(len(rows))} to act on ({counts.get('delete', 0)} to delete, {counts.get('make_private', 0)} "
             f"to make private), from {escape.markdown(source)}; {kept} marked keep are left out. Dates are UTC.",
             "Work through it in Meta's own apps or website, then download a new export and run `compare` "
             "to check what is still public.", ""]
    for platform, by_platform in rows.groupby("platform", sort=False):
        lines += [f"## {PLATFORM_NAMES.get(platform, platform)}", "", "Where things are:", ""]
        lines += [f"- {guide}" for guide in GUIDES.get(platform, [])] + [""]
        for album, by_album in by_platform.groupby("album", sort=False):
            lines += [f"### {escape.markdown(album) or '(no album)'} ({_items(len(by_album))})", ""]
            if (by_album["where"] == WHERE[("facebook", "make_private", "album")]).all():
                lines += ["Every item of this album is flagged *make private*: one change with the album's "
                          "audience selector does it.", ""]
            for year, by_year in by_album.groupby("year", sort=False):
                lines += [f"#### {year or 'undated'}", "", "| Date | Action | Caption | Link | Where |",
                          "|---|---|---|---|---|"]
                for row in by_year.itertuples():
                    action = row.action.replace("_", " ")
                    if row.in_export == "no":
                        action += " (not in this export: done already?)"
                    cells = (row.date, action, escape.markdown(row.caption), escape.markdown_link(row.link),
                             escape.markdown(row.where))
                    lines.append("| " + " | ".join(cells) + " |")
                lines.append("")
    return "\n".join(lines)


def worklist(ex: Any, review: Review, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write worklist.csv and worklist.md into out_dir; ``ex`` may be None (snapshots only)."""
    out = Path(out_dir)
    inside = export_folder_around(out / "worklist.md", getattr(ex, "paths", ()))
    if inside is not None:
        raise ValueError(f"{out} lies inside the export folder {inside}; the kit never writes into an export")
    rows = worklist_rows(ex, review)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = out / "worklist.csv", out / "worklist.md"
    # Captions and notes are text anyone could have written: no cell may run as a spreadsheet formula.
    escape.csv_frame(rows).to_csv(csv_path, index=False)
    kept = sum(f.get("action") == "keep" for f in review.flags.values())
    plan_section = ""
    if ex is not None:
        from .plan import plan
        from .plan_output import plan_markdown

        plan_section = plan_markdown(plan(ex, review))
    md_path.write_text(escape.markdown_document(_markdown(rows, review.path.name, kept, plan_section)),
                       encoding="utf-8")
    return [csv_path, md_path]
