"""Where things were shared: your own profile, groups, Pages, other people's profiles (``by_where`` output).

Comments and posts in groups and on Pages are training data as much as your own posts (issue 15); this chart
shows how much of what you wrote sits in each kind of place and how much of it is public. Given a
``where_name`` column (``by_where_name``), it draws one bar per group or Page instead; published charts get
those names redacted to "Group A", "Page A" by publish.redact_tidy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..records import WHERES
from .bars import _short, _stacked_bars, count_ends
from .style import EXPOSURES, exposure_handles, legend_below, quiet_axes, remember, target_axes

WHERE_LABELS = {"own": "your own profile and feed", "group": "groups", "page": "Pages",
                "person": "other people's profiles", "unknown": "place not said"}
TABLE_COLUMNS = ["where", "where_name", "label", *EXPOSURES, "total"]


def where_table(data: pd.DataFrame, top: int = 12) -> tuple[pd.DataFrame, int]:
    """One row per place kind (or per named group/Page, the ``top`` most public first, the rest as "other")."""
    named = "where_name" in data.columns
    keys = ["where", "where_name"] if named else ["where"]
    wide = data.pivot_table(index=keys, columns="exposure", values="n", aggfunc="sum", fill_value=0,
                            observed=True)
    wide = wide.reindex(columns=list(EXPOSURES), fill_value=0).astype(np.int64).reset_index()
    wide.columns = pd.Index([*keys, *EXPOSURES])
    wide["where"] = wide["where"].astype(object)
    if not named:
        wide["where_name"] = ""
    wide["total"] = wide[list(EXPOSURES)].sum(axis=1)
    wide = wide[wide["total"] > 0]
    if named:
        wide["label"] = [_short(str(name)) if name else f"({WHERE_LABELS.get(w, w)}, no name)"
                         for w, name in zip(wide["where"], wide["where_name"], strict=True)]
        wide = wide.sort_values(["public", "unknown", "total", "label"], ascending=[False, False, False, True],
                                kind="stable")
    else:
        wide["label"] = [WHERE_LABELS.get(w, w) for w in wide["where"]]
        wide = wide.assign(_rank=wide["where"].map({w: i for i, w in enumerate(WHERES)})).sort_values(
            "_rank", kind="stable").drop(columns="_rank")
    head, rest = wide.iloc[:top], wide.iloc[top:]
    if len(rest):
        other = {c: int(rest[c].sum()) for c in (*EXPOSURES, "total")}
        other.update({"where": "", "where_name": "", "label": f"other ({len(rest)})"})
        head = pd.concat([head, pd.DataFrame([other])], ignore_index=True)
    return head[TABLE_COLUMNS].reset_index(drop=True), len(rest)


def plot_by_where(data: pd.DataFrame, *, ax: Axes | None = None, top: int = 12, legend: bool = True) -> Axes:
    """Horizontal bars of items per place kind (or per group/Page), stacked public / unknown / not public."""
    ax = target_axes(ax)
    table, others = where_table(data, top) if data is not None and len(data) else (None, 0)
    if table is None or table.empty:
        remember(ax, "where", pd.DataFrame(columns=TABLE_COLUMNS))
        return ax
    classes = [c for c in EXPOSURES if table[c].sum() > 0]
    _stacked_bars(ax, list(table["label"]), table, classes)  # labels may be group names: drawn literally
    count_ends(ax, table)
    quiet_axes(ax, "x")
    if legend:
        legend_below(ax, exposure_handles(classes))
    remember(ax, "where", table, others=others)
    return ax


def describe_where(record: object) -> str:
    """Alt text for a ``plot_by_where`` chart, from the numbers it drew."""
    table: pd.DataFrame = record.data  # type: ignore[attr-defined]
    if table.empty:
        return "Empty chart: nothing to show by where it was shared."
    named = bool((table["where_name"] != "").any())
    rows = [f"{row.label} {row.total:,} ({row.public:,} public, {row.unknown:,} unknown)"
            for row in table.itertuples()]
    total = table[list(EXPOSURES)].sum()
    what = "group or Page" if named else "kind of place"
    return (f"Horizontal bar chart of items per {what} where they were shared, split into public, unknown and "
            f"not public: " + "; ".join(rows) + f". In all {int(total.sum()):,} items, {int(total['public']):,} "
            "public.")
