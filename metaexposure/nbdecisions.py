"""What the curated notebooks decide for you, and only when asked: labels, flags by rule, the worklist (issue 16).

Run All must not decide for the person. A cell that would write a decision (an album or group label, a flag, the
worklist) first shows what it would do, as a DataFrame, and does it only when the parameters cell says so
(``apply_labels``, ``apply_rule``, ``write_worklist``: False by default). One exception: on the bundled sample
Ava's example labels are saved, because watching them move the numbers is what notebook 03 is for; they go
into the sample's own review store (``nbhelpers.review_store``), so they never apply to an album of yours that
has the same name ("Mobile uploads", "Timeline Photos").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .audience import EXPOSURES, exposure_class
from .frame import AUDIENCES
from .nbhelpers import head_lines, is_sample, relative_label
from .review import Review, excerpt
from .summary import plural, shown_path

PathLike = str | os.PathLike[str]

# The sample's story for notebook 03: what Ava knows about her albums and groups and the export does not say.
SAMPLE_ALBUM_LABELS = {
    "facebook/Timeline Photos": "public",
    "facebook/Lisbon 2012": "public",
    "facebook/Hiking club": "public",
    "facebook/Kyoto 京都 2019": "friends_of_friends",
    "facebook/Grandma's 90th": "friends",
    "facebook/Mobile uploads": "friends",
}
# Hiking Club is a public group; Sourdough Bakers a private one (its members: "custom"). The street group stays
# unlabelled, to show that what nobody labels stays unknown.
SAMPLE_GROUP_LABELS = {"facebook/Hiking Club": "public", "facebook/Sourdough Bakers 🍞": "custom"}


def only_sample(paths: Sequence[PathLike]) -> bool:
    """True when every path is inside the bundled sample (a fictional person's export)."""
    return bool(paths) and all(is_sample(p) for p in paths)


def demo_album_labels(paths: Sequence[PathLike]) -> dict[str, str]:
    """The sample's example album labels ("platform/album" -> audience) when ``paths`` are the sample, else {}."""
    return dict(SAMPLE_ALBUM_LABELS) if only_sample(paths) else {}


def demo_group_labels(paths: Sequence[PathLike]) -> dict[str, str]:
    """The sample's example group labels ("platform/group" -> audience) when ``paths`` are the sample, else {}."""
    return dict(SAMPLE_GROUP_LABELS) if only_sample(paths) else {}


def groups_of(ex: Any) -> pd.DataFrame:
    """The groups in an export: ``platform, group, items, first, last`` (items you posted there and when).

    From the items shared in a group (``where == "group"``, named by ``where_name``) and from the account's
    ``group`` facts (the groups you joined, named in ``state``), so a group you joined and never posted in is
    listed too, with 0 items. An export without either gives an empty frame.
    """
    columns = ["platform", "group", "items", "first", "last"]
    items = ex.items
    rows = []
    if {"where", "where_name"} <= set(items.columns):
        shared = items[(items["where"] == "group") & (items["where_name"] != "")]
        by = shared.groupby([shared["platform"].astype(str), shared["where_name"]])["created"]
        rows += [{"platform": p, "group": g, "items": int(n), "first": first, "last": last}
                 for (p, g), n, first, last in zip(by.size().index, by.size(), by.min(), by.max(), strict=True)]
    account = ex.account
    if "fact" in account:
        seen = {(r["platform"], r["group"]) for r in rows}
        for fact in account[account["fact"] == "group"].itertuples():
            key = (str(fact.platform), str(fact.state))
            if fact.state and key not in seen:
                seen.add(key)
                rows.append({"platform": key[0], "group": key[1], "items": 0, "first": pd.NaT, "last": pd.NaT})
    frame = pd.DataFrame(rows, columns=columns)
    frame["items"] = frame["items"].astype(int)
    for column in ("first", "last"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.sort_values(["items", "platform", "group"], ascending=[False, True, True]).reset_index(drop=True)


def _members(items: pd.DataFrame, kind: str) -> tuple[pd.Series, pd.Series]:
    """Per item, the (platform, album) or (platform, group) a label of ``kind`` would cover; '' where none."""
    platform = items["platform"].astype(str)
    if kind == "album":
        return platform, items["album"]
    if {"where", "where_name"} <= set(items.columns):
        return platform, items["where_name"].where(items["where"] == "group", "")
    return platform, pd.Series("", index=items.index)


def _checked(labels: Mapping[str, str], kind: str) -> list[tuple[str, str, str]]:
    """``labels`` as (platform, name, audience); a key without "platform/" or an unknown audience is refused."""
    out, bad = [], []
    for key, audience in labels.items():
        platform, _, name = str(key).partition("/")
        if not platform or not name or audience not in AUDIENCES:
            bad.append(f"{key!r}: {audience!r}")
        out.append((platform, name, audience))
    if bad:
        raise ValueError(f"{kind} labels must look like {{\"facebook/<{kind} name>\": \"public\"}} with an audience "
                         f"among {', '.join(a for a in AUDIENCES if a != 'unknown')}; not {'; '.join(bad)}")
    return out


def preview_labels(items: pd.DataFrame, labels: Mapping[str, str], review: Review | None = None, *,
                   kind: str = "album") -> pd.DataFrame:
    """What ``labels`` would cover, saving nothing: per label the items it covers, their exposure now, and the
    label the review store holds already. With no labels: every album (or group) with items of unknown audience,
    largest first, to choose from."""
    platform, name = _members(items, kind)
    exposure = exposure_class(items["audience"]).astype(str)
    table = pd.crosstab([platform, name], exposure).reindex(columns=list(EXPOSURES), fill_value=0)
    table.index = table.index.set_names(["platform", kind])
    saved = {} if review is None else (review.album_labels if kind == "album" else review.group_labels)
    if labels:
        keys = [(p, n) for p, n, _ in _checked(labels, kind)]
        table = table.reindex(keys, fill_value=0)
        table.insert(0, "label", [a for _, _, a in _checked(labels, kind)])
    else:
        table = table[(table["unknown"] > 0) & (table.index.get_level_values(kind) != "")]
        table = table.sort_values("unknown", ascending=False, kind="stable")
        table.insert(0, "label", "")
    table.insert(1, "items", table[list(EXPOSURES)].sum(axis=1).astype(int))
    table["saved label"] = [saved.get(f"{p}/{n}", "") for p, n in table.index]
    return table.reset_index().rename_axis(columns=None)


def save_labels(review: Review, labels: Mapping[str, str], *, kind: str = "album", apply: bool,
                paths: Sequence[PathLike] = ()) -> str:
    """Save album (or group) labels in ``review`` when ``apply`` is True or ``paths`` are the bundled sample.

    Returns what was done, or what to do: a label changes what every later notebook counts as public, so on your
    own export it is saved only when you asked for it with ``apply_labels = True``.
    """
    checked = _checked(labels, kind)
    if not checked:
        return (f"No {kind} labels given: add yours to `{kind}_labels` in the parameters cell, e.g. "
                f"{{\"facebook/<{kind} name>\": \"public\"}} (the table above lists what you can label).")
    if not (apply or only_sample(paths)):
        return (f"Not saved: {plural(len(checked), kind + ' label')} previewed above. If they are right, set "
                "`apply_labels = True` in the parameters cell and run the notebook again.")
    for platform, name, audience in checked:
        (review.label_album if kind == "album" else review.label_group)(platform, name, audience)
    return f"Saved {plural(len(checked), kind + ' label')} in {shown_path(review.path)}."


def label_albums(review: Review, labels: Mapping[str, str], items: pd.DataFrame) -> pd.DataFrame:
    """Save each "platform/album" -> audience label in the review; one row per label with its item count."""
    counts = items.groupby([items["platform"].astype(str), items["album"]]).size()
    rows = []
    for platform, album, audience in _checked(labels, "album"):
        review.label_album(platform, album, audience)
        rows.append({"platform": platform, "album": album, "label": audience,
                     "items": int(counts.get((platform, album), 0))})
    return pd.DataFrame(rows, columns=["platform", "album", "label", "items"])


def exposure_moves(before: pd.DataFrame, after: pd.DataFrame, *, where: str | None = None) -> pd.DataFrame:
    """Items by exposure class before (rows) and after (columns), matched by item_id: where labels moved them.

    ``where="group"``: only the items shared in a group (what group labels move).
    """
    if where is not None:
        after = after[after["where"] == where] if "where" in after else after.iloc[:0]

    def classes(items: pd.DataFrame) -> pd.Series:
        return pd.Series(exposure_class(items["audience"]).astype(str).to_numpy(), index=items["item_id"].to_numpy())

    old, new = classes(before), classes(after)
    both = pd.DataFrame({"before": old, "after": new.reindex(old.index)}).dropna()
    table = pd.crosstab(both["before"], both["after"]).rename_axis(index="before", columns="after")
    return table.reindex(index=list(EXPOSURES), columns=list(EXPOSURES), fill_value=0)


def flag_unflagged(review: Review, item_ids: Iterable[str], action: str, *, note: str = "",
                   items: pd.DataFrame | None = None) -> int:
    """Flag the items that carry no flag yet; a decision you already made (e.g. keep) is never overwritten."""
    new = [i for i in dict.fromkeys(item_ids) if i not in review.flags]
    return review.flag(new, action, note=note, items=items) if new else 0


def preview_rule(items: pd.DataFrame, item_ids: Iterable[str], review: Review | None = None, *,
                 examples: int = 3) -> pd.DataFrame:
    """What a rule would flag, flagging nothing: per platform and album the items it finds, how many already
    carry a decision (which it leaves alone), how many it would flag, and a few of those (date, kind, caption)."""
    columns = ["platform", "album", "found", "decided already", "would flag", "examples"]
    found = items[items["item_id"].isin(set(item_ids))]
    if found.empty:
        return pd.DataFrame(columns=columns)
    decided = found["item_id"].isin(set(review.flags) if review is not None else set())
    rows = []
    for (platform, album), group in found.groupby([found["platform"].astype(str), found["album"]], sort=False):
        new = group[~decided.loc[group.index]].sort_values("created", na_position="last")
        shown = [f"{'undated' if pd.isna(r.created) else r.created.strftime('%Y-%m-%d')} {r.kind}"
                 + (f" “{excerpt(r.caption, 30)}”" if r.caption else "") for r in new.head(examples).itertuples()]
        rows.append({"platform": platform, "album": album, "found": len(group),
                     "decided already": len(group) - len(new), "would flag": len(new),
                     "examples": "; ".join(shown) + ("; …" if len(new) > examples else "")})
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["would flag", "platform", "album"], ascending=[False, True, True]).reset_index(
        drop=True)


def flag_by_rule(review: Review, item_ids: Iterable[str], action: str, *, apply: bool, note: str = "",
                 items: pd.DataFrame | None = None) -> str:
    """Flag what a rule found, only when ``apply`` is True (``apply_rule`` in the parameters cell), never over a
    decision already made; returns what was done or what it would do."""
    ids = list(dict.fromkeys(item_ids))
    new = [i for i in ids if i not in review.flags]
    doing = action.replace("_", " ")
    if not apply:
        return (f"Nothing flagged: the rule would flag {plural(len(new), 'item')} \"{doing}\" "
                f"({len(ids) - len(new)} already decided, left alone). If the preview is right, set "
                "`apply_rule = True` in the parameters cell and run the notebook again; or flag them one by one "
                "in the Explorer.")
    flagged = flag_unflagged(review, new, action, note=note, items=items)
    return f"Flagged {plural(flagged, 'item')} \"{doing}\"; {len(ids) - len(new)} already decided, left alone."


def worklist_preview(ex: Any, review: Review) -> pd.DataFrame:
    """What the worklist would hold, writing nothing: flagged items by platform, album and action."""
    from .worklist import worklist_rows

    rows = worklist_rows(ex, review)
    if rows.empty:
        return pd.DataFrame(columns=["platform", "album", "action", "items"])
    return rows.groupby(["platform", "album", "action"], sort=False).size().rename("items").reset_index()


def worklist_if_asked(ex: Any, out_dir: PathLike, work: PathLike, *, write: bool) -> tuple[list[Path], str]:
    """Write worklist.csv and worklist.md into ``out_dir`` only when ``write`` is True (``write_worklist``).

    Returns the files written ([] when not asked) and one line saying what happened.
    """
    from .worklist import worklist, worklist_rows

    count = len(worklist_rows(ex, ex.review))
    if not write:
        return [], (f"Not written: the worklist would list {plural(count, 'flagged item')}. To write it, set "
                    "`write_worklist = True` in the parameters cell and run again, or press \"Write worklist\" in "
                    "the Explorer.")
    written = worklist(ex, ex.review, out_dir)
    files = ", ".join(f"{relative_label(p, work)} ({p.stat().st_size / 1024:.1f} KB)" for p in written)
    return written, f"Wrote {files}: {plural(count, 'flagged item')}."


def worklist_head(written: Sequence[PathLike], lines: int = 24) -> str:
    """The first lines of the Markdown worklist just written, or a note that none was written."""
    markdown = [Path(p) for p in written if str(p).endswith(".md")]
    if not markdown:
        return "*No worklist written in this run (`write_worklist = False`).*"
    return head_lines(markdown[0], lines)
