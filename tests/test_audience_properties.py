"""Property checks of audience inference on random frames: a plain per-row reference of DESIGN.md section 6
decides every audience and basis, so no vectorised shortcut can turn an unknown into a public."""

import random

import numpy as np
import pandas as pd
import pytest

import metaexposure as me
from metaexposure import frame
from metaexposure.audience import infer_audience
from metaexposure.records import KINDS, STATUSES, WHERES, Fact, item

PAGES = ("Daily Planet News", "The Example Bakery")
NAMES = (*PAGES, "daily planet  news", "Hiking Club", "Chess Club", "Sam Doe", "")
ALBUMS = ("Holidays", "Stories", "Posts", "Hiking Club", "")
AUDIENCE_LABELS = ("public", "friends", "only_me", "custom", "not-an-audience")
HIDDEN = ("archived", "trash", "recently_deleted")
EXPORT = int(pd.Timestamp("2025-11-01", tz="UTC").timestamp())
T = int(pd.Timestamp("2019-06-01", tz="UTC").timestamp())


class Labels:
    def __init__(self, items, albums, groups):
        self.item_labels, self.album_labels, self.group_labels = items, albums, groups


def scenario(seed: int, n: int = 400, export: int = EXPORT):
    """Random items, account facts and labels, with distinct creation times before the export."""
    rnd = random.Random(seed)
    created = rnd.sample(range(1_200_000_000, export), n)
    rows = []
    for i, when in enumerate(created):
        platform = rnd.choice(("facebook", "facebook", "instagram", "threads"))
        rows.append(item(platform, rnd.choice(KINDS), when, album=rnd.choice(ALBUMS), uri=f"media/{i % 50}.jpg",
                         status=rnd.choice(STATUSES), meta_id=str(i), where=rnd.choice(WHERES),
                         where_name=rnd.choice(NAMES)))
    history = rnd.choice(((), (("public", None, None),), (("private", None, None),),
                          (("public", None, T), ("private", T, None)), (("private", None, T), ("public", T, None))))
    facts = [Fact("instagram", "visibility", state, start, end) for state, start, end in history]
    facts += [Fact(p, "export", "", export) for p in ("facebook", "instagram")]
    if rnd.random() < 0.7:
        facts.append(Fact("threads", "visibility", rnd.choice(("public", "private", "odd"))))
    facts += [Fact("facebook", "page", name) for name in PAGES if rnd.random() < 0.7]
    facts += [Fact(rnd.choice(("facebook", "instagram")), "story_highlight", f"./media/{k}.jpg")
              for k in rnd.sample(range(50), 10)]
    labels = Labels({f"{p}:{k}:{i}": rnd.choice(AUDIENCE_LABELS) for i in rnd.sample(range(n), 30)
                     for p in ("facebook", "instagram", "threads") for k in KINDS},
                    {f"{p}/{a}": rnd.choice(AUDIENCE_LABELS) for p in ("facebook", "instagram") for a in ALBUMS[:2]},
                    {f"facebook/{g}": rnd.choice(AUDIENCE_LABELS) for g in ("Hiking Club", "Chess Club")})
    return rows, facts, labels, (history[-1][0] if history else None)


def reference(items: pd.DataFrame, facts: list[Fact], labels: Labels, ig_state: str | None) -> list[tuple[str, str]]:
    """Audience and basis of each row, one row at a time, in the order of DESIGN.md section 6."""
    pages = {" ".join(f.state.casefold().split()) for f in facts if f.fact == "page"}
    highlights = {(f.platform, f.state.removeprefix("./")) for f in facts if f.fact == "story_highlight"}
    threads_state = next((f.state for f in reversed(facts) if f.platform == "threads"), None)
    newest = {}
    for row in items.itertuples():
        if row.platform == "facebook" and row.status == "live" and row.kind in ("profile_photo", "cover_photo"):
            newest[row.kind] = max(newest.get(row.kind, row.created), row.created)
    out = []
    for row in items.itertuples():
        audience, basis = "unknown", "none"
        if row.platform == "facebook" and row.status == "live" and row.kind in ("profile_photo", "cover_photo"):
            current = row.created == newest[row.kind]
            audience, basis = "public", "rule:current-profile-photo" if current else "rule:past-profile-photo"
        on_account = row.where == "own"  # a comment or its photo on another account: that account decides
        if row.platform == "instagram" and row.kind == "profile_photo":
            audience, basis = "public", "ig:profile-photo"
        elif row.platform == "instagram" and on_account and ig_state is not None:
            audience, basis = ("public", "ig:account-public") if ig_state == "public" else (
                "followers", "ig:account-private")
        named_page = row.where in ("person", "unknown") and " ".join(row.where_name.casefold().split()) in pages
        if row.platform == "facebook" and (row.where == "page" or named_page):
            audience, basis = "public", "rule:page-is-public"
        if row.platform == "threads" and threads_state in ("public", "private"):
            audience, basis = ("public", "threads:profile-public") if threads_state == "public" else (
                "followers", "threads:profile-private")
        if row.kind == "story" and (row.platform, row.uri) in highlights:
            basis = "rule:story-highlight"
        for key, found, name in ((f"{row.platform}/{row.where_name}", labels.group_labels, "label:group"),
                                 (f"{row.platform}/{row.album}", labels.album_labels, "label:album"),
                                 (row.item_id, labels.item_labels, "label:item")):
            if (name != "label:group" or row.where == "group") and found.get(key) in frame.AUDIENCES:
                audience, basis = found[key], name
        if row.kind == "story" and row.status == "live" and basis == "ig:account-public":
            audience, basis = "unknown", "none"  # public for its first day only
        if row.status == "pending":
            audience, basis = "custom", "status:pending"
        if row.status in HIDDEN:
            audience, basis = "only_me", "status:archived-or-deleted"
        out.append((audience, basis))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_inference_matches_the_per_row_reference(seed):
    rows, facts, labels, ig_state = scenario(seed)
    items = frame.items_frame(rows)
    out = infer_audience(items, frame.account_frame(facts), labels)
    expected = reference(items, facts, labels, ig_state)
    got = list(zip(out["audience"].astype(str), out["audience_basis"].astype(str), strict=True))
    wrong = [(i, e, g) for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
    assert not wrong, wrong[:5]
    # no rule, no audience: basis none is always unknown, and unknown never counts as public
    assert set(out.loc[out["audience_basis"] == "none", "audience"].astype(str)) <= {"unknown"}
    pending = (out["status"] == "pending").to_numpy()
    assert not out["ai_exposed"][pending].any() and out["public_since"][pending].isna().all()
    assert out["public_since"][out["ai_exposed"]].notna().all()
    assert (out["public_since"].dropna() >= out["created"][out["public_since"].notna()]).all()


@pytest.mark.parametrize(("seed", "export"), [(0, "2025-11-01"), (1, "2025-03-01"), (2, "2024-12-01")])
def test_a_later_training_start_never_exposes_more(seed, export):
    rows, facts, labels, _ = scenario(seed, export=int(pd.Timestamp(export, tz="UTC").timestamp()))
    items = frame.items_frame(rows)
    runs = {place: infer_audience(items, frame.account_frame(facts + extra), labels)
            for place, extra in (("none", []), ("other", [Fact("facebook", "privacy_jurisdiction", "Canada")]),
                                 ("UK", [Fact("facebook", "privacy_jurisdiction", "UK")]),
                                 ("EU", [Fact("instagram", "privacy_jurisdiction", "EU")]))}
    exposed = {place: run["ai_exposed"].to_numpy() for place, run in runs.items()}
    assert (exposed["none"] == exposed["other"]).all()
    assert not (exposed["EU"] & ~exposed["UK"]).any() and not (exposed["UK"] & ~exposed["other"]).any()
    if export < "2025-05-27":  # exported before the EU start: nothing is exposed there, plenty elsewhere
        assert not exposed["EU"].any() and exposed["other"].sum() > 10
    for run in runs.values():  # the jurisdiction moves ai_exposed only
        pd.testing.assert_frame_equal(run.drop(columns="ai_exposed"), runs["none"].drop(columns="ai_exposed"))


@pytest.mark.parametrize("seed", range(3))
def test_counts_keep_unknown_apart_in_every_breakdown(seed):
    rows, facts, labels, _ = scenario(seed)
    out = infer_audience(frame.items_frame(rows), frame.account_frame(facts), labels)
    public, unknown = int((out["audience"] == "public").sum()), int((out["audience"] == "unknown").sum())
    for breakdown in (me.by_where, me.by_kind, me.by_album):
        separate = breakdown(out).groupby("exposure", observed=True)["n"].sum()
        assert (separate["public"], separate["unknown"]) == (public, unknown), breakdown.__name__
        assert breakdown(out, unknown="public").groupby("exposure", observed=True)["n"].sum()["public"] == (
            public + unknown)
        excluded = breakdown(out, unknown="exclude")
        assert excluded["n"].sum() == len(out) - unknown and "unknown" not in set(excluded["exposure"].astype(str))
    audience = me.by_audience(out)
    assert audience.loc[audience["exposure"] == "public", "n"].sum() == public
    where = me.by_where(out)
    shares = where.groupby("where", observed=True)["share"].sum()
    assert np.allclose(shares, 1.0)
