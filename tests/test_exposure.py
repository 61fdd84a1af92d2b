"""Exposure analytics (DESIGN.md section 7): pure functions with hand-computed expectations."""

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import exposure, frame
from metaexposure.audience import infer_audience
from metaexposure.audience_rules import TRAINING_STARTS
from metaexposure.records import Fact, item
from metaexposure.samples.variants import write_cleanup_variant
from tests import fbtrees


def ts(when: str) -> int:
    return int(pd.Timestamp(when, tz="UTC").timestamp())


ITEMS = [
    item("instagram", "photo", ts("2020-03-10"), album="Posts", meta_id="1"),  # posted while private
    item("instagram", "photo", ts("2020-01-10"), album="Posts", meta_id="2"),  # posted while public
    item("instagram", "profile_photo", ts("2020-02-10"), album="Profile photos", meta_id="3"),
    item("instagram", "photo", ts("2020-01-20"), album="Archived", status="archived", meta_id="4"),
    item("facebook", "profile_photo", ts("2015-01-01"), album="Profile pictures", meta_id="10"),
    item("facebook", "profile_photo", ts("2016-01-01"), album="Profile pictures", meta_id="11"),
    item("facebook", "photo", ts("2016-01-01"), album="Holidays", meta_id="12", latitude=1.0, longitude=2.0),
    item("facebook", "post", ts("2024-08-01"), status="trash", meta_id="13", place="Lisbon"),
    item("facebook", "photo", None, album="Holidays", meta_id="14"),  # undated
]
FACTS = [Fact("instagram", "visibility", "public", None, ts("2020-02-01")),
         Fact("instagram", "visibility", "private", ts("2020-02-01"), ts("2024-05-01")),
         Fact("instagram", "visibility", "public", ts("2024-05-01"), None),
         Fact("instagram", "export", "", ts("2025-01-15")),
         Fact("facebook", "export", "", ts("2024-10-01"))]


@pytest.fixture(scope="module")
def account():
    return frame.account_frame(FACTS)


@pytest.fixture(scope="module")
def items(account):
    return infer_audience(frame.items_frame(ITEMS), account)


def at(timeline, period, group="all"):
    rows = timeline[(timeline["period"] == pd.Timestamp(period, tz="UTC")) & (timeline["group"] == group)]
    return dict(zip(rows["exposure"].astype(str), zip(rows["created"], rows["visible"], strict=True), strict=True))


def test_timeline_by_year_hand_computed(items, account):
    timeline = me.exposure_timeline(items, "YS", account=account)
    assert list(timeline.columns) == list(exposure.TIMELINE_COLUMNS)
    assert timeline["period"].min() == pd.Timestamp("2015-01-01", tz="UTC")
    assert timeline["period"].max() == pd.Timestamp("2025-01-01", tz="UTC")  # the Instagram export's year
    # (created, visible) per class at the end of each year
    assert at(timeline, "2016-01-01") == {"public": (1, 2), "unknown": (1, 1), "not_public": (0, 0)}
    # end of 2020: the account is private, so both posts count not public; the archived one too
    assert at(timeline, "2020-01-01") == {"public": (1, 3), "unknown": (0, 1), "not_public": (3, 3)}
    # end of 2024: public again; the archived post may have been public until the export: unknown;
    # the trashed post was gone by the Facebook export (2024-10-01)
    assert at(timeline, "2024-01-01") == {"public": (0, 5), "unknown": (0, 2), "not_public": (1, 1)}
    assert at(timeline, "2025-01-01") == {"public": (0, 5), "unknown": (0, 1), "not_public": (0, 2)}


def test_timeline_sums_equal_item_counts(items, account):
    dated = int(items["created"].notna().sum())
    for unknown in ("separate", "public"):
        for by in (None, "platform", "album"):
            timeline = me.exposure_timeline(items, "MS", by, account=account, unknown=unknown)
            assert timeline["created"].sum() == dated
            last = timeline[timeline["period"] == timeline["period"].max()]
            assert last["visible"].sum() == dated
            assert (timeline.groupby("period")["visible"].sum() ==
                    timeline.groupby("period")["created"].sum().cumsum()).all()


def test_timeline_unknown_modes(items, account):
    separate = me.exposure_timeline(items, "YS", account=account)
    worst = me.exposure_timeline(items, "YS", account=account, unknown="public")
    excluded = me.exposure_timeline(items, "YS", account=account, unknown="exclude")
    assert at(worst, "2024-01-01") == {"public": (0, 7), "not_public": (1, 1)}
    assert at(excluded, "2024-01-01") == {"public": (0, 5), "not_public": (1, 1)}
    assert set(separate["exposure"].astype(str)) == {"public", "unknown", "not_public"}
    assert set(excluded["exposure"].astype(str)) == {"public", "not_public"}
    with pytest.raises(ValueError, match="unknown="):
        me.exposure_timeline(items, unknown="maybe")


def test_timeline_monthly_follows_the_account(items, account):
    timeline = me.exposure_timeline(items, "MS", "platform", account=account)
    # photo 2 posted public in January 2020, private from February until May 2024
    assert at(timeline, "2020-01-01", "instagram")["public"] == (1, 1)
    assert at(timeline, "2020-02-01", "instagram")["public"] == (1, 1)  # only the profile picture
    assert at(timeline, "2024-04-01", "instagram") == {"public": (0, 1), "unknown": (0, 0), "not_public": (0, 3)}
    assert at(timeline, "2024-05-01", "instagram") == {"public": (0, 3), "unknown": (0, 1), "not_public": (0, 0)}


def test_timeline_without_account_keeps_export_classes(items):
    timeline = me.exposure_timeline(items, "YS", "platform")
    # every Instagram post counts public from creation (its class at export)
    assert at(timeline, "2020-01-01", "instagram")["public"] == (3, 3)


def test_timeline_of_nothing():
    empty = me.exposure_timeline(frame.items_frame([]))
    assert empty.empty and list(empty.columns) == list(exposure.TIMELINE_COLUMNS)


def test_by_album_kind_audience_year(items):
    albums = me.by_album(items).set_index(["album", "exposure"])
    assert albums.loc[("Holidays", "unknown"), "n"] == 2
    assert albums.loc[("Profile pictures", "public"), "share"] == 1.0
    assert albums.loc[("Posts", "not_public"), "n"] == 0
    assert list(me.by_album(items).columns) == ["platform", "album", "exposure", "n", "share"]
    kinds = me.by_kind(items, unknown="public").set_index(["kind", "exposure"])
    assert kinds.loc[("photo", "public"), "n"] == 4 and kinds.loc[("photo", "public"), "share"] == 0.8
    audience = me.by_audience(items)
    assert list(audience.columns) == ["audience", "audience_basis", "exposure", "n", "share"]
    assert audience["n"].sum() == len(items) and audience["share"].sum() == pytest.approx(1)
    assert "unknown" not in set(me.by_audience(items, unknown="exclude")["audience"])
    years = me.by_year(items).set_index(["year", "kind", "exposure"])
    assert years.loc[(2020, "photo", "not_public"), "n"] == 1 and years["n"].sum() == len(items) - 1


def test_location_exposure(items):
    assert me.location_exposure(items).empty  # the located items are unknown and trashed
    worst = me.location_exposure(items, unknown="public")
    assert list(worst["item_id"]) == ["facebook:photo:12"]
    assert list(worst.columns) == list(items.columns)


def test_policy_milestones():
    milestones = me.policy_milestones()
    assert list(milestones["date"].dt.strftime("%Y-%m-%d")) == [
        "2007-01-01", "2024-06-14", "2024-06-26", "2024-09-13", "2025-05-27"]
    assert str(milestones["date"].dt.tz) == "UTC" and milestones["note"].str.len().gt(20).all()


def test_compare_hand_built(items):
    after = items.set_index("item_id")
    after = after.drop(["instagram:photo:2"])
    after.loc["instagram:photo:1", "audience"] = "followers"
    after.loc["facebook:photo:12", "audience"] = "public"
    after = after.reset_index()
    extra = infer_audience(frame.items_frame([item("facebook", "photo", ts("2025-01-01"), meta_id="99")]), None)
    after = pd.concat([after, extra], ignore_index=True)
    changes = me.compare(items, after).set_index("item_id")["change"].astype(str).to_dict()
    assert changes["instagram:photo:2"] == "removed"
    assert changes["instagram:photo:1"] == "no_longer_public"
    assert changes["facebook:photo:12"] == "newly_public"
    assert changes["facebook:photo:99"] == "new"
    assert changes["instagram:profile_photo:3"] == "still_public"
    assert changes["facebook:post:13"] == "unchanged"
    assert list(me.compare(items, after).columns) == [
        "item_id", "platform", "kind", "album", "created", "before", "after", "change"]


def test_compare_on_a_cleanup_variant_from_the_generator(tmp_path):
    before_dir = fbtrees.era_2024(tmp_path / "before" / "facebook-ava-2024-11-18-AbCdEfGh")
    gone = write_cleanup_variant(before_dir.parent, tmp_path / "after", delete=1, seed=3)
    assert gone and write_cleanup_variant(before_dir.parent, tmp_path / "again", delete=1, seed=3) == gone
    review = me.Review.open(tmp_path / "review.json")
    review.label_album("facebook", "Lisbon 2012", "public")
    before = me.load(before_dir, review=review)
    review.label_album("facebook", "Lisbon 2012", "friends")  # made private in the clean-up
    after = me.load(tmp_path / "after", review=review)
    result = me.compare(before, after).set_index("item_id")
    removed = set(result.index[result["change"] == "removed"])
    assert len(removed) == len(before.items) - len(after.items) > 0
    assert set(before.items.loc[before.items["uri"].isin(gone), "item_id"]) <= removed
    left = set(after.items.loc[after.items["album"] == "Lisbon 2012", "item_id"])
    assert all(result.loc[i, "change"] == "no_longer_public" for i in left)
    assert (result.loc[result["change"] == "new"].empty)
    with pytest.raises(FileExistsError):
        write_cleanup_variant(before_dir.parent, tmp_path / "after", delete=1, seed=3)


def test_compare_on_the_bundled_sample_and_its_cleanup_variant(tmp_path):
    try:
        source = me.sample_paths("facebook")[0]
    except FileNotFoundError:
        pytest.skip("the Facebook sample is not written in this checkout")
    gone = write_cleanup_variant(source, tmp_path / "after", delete=10, seed=7)
    before = me.load(source)
    album = before.items.loc[before.items["audience"] == "unknown", "album"].mode()[0]
    review = me.Review.open(tmp_path / "review.json")
    review.label_album("facebook", album, "public")  # the user says: this album is public ...
    before.apply_review(review)
    review.label_album("facebook", album, "only_me")  # ... and made it private in the clean-up
    after = me.load(tmp_path / "after", review=review)
    result = me.compare(before, after)
    counts = result["change"].value_counts()
    assert counts["removed"] == len(before.items) - len(after.items)
    assert set(before.items.loc[before.items["uri"].isin(gone), "item_id"]) <= set(
        result.loc[result["change"] == "removed", "item_id"])
    relabelled = set(after.items.loc[after.items["album"] == album, "item_id"])
    assert relabelled and set(result.loc[result["change"] == "no_longer_public", "item_id"]) == relabelled
    assert counts["new"] == 0 and counts["newly_public"] == 0
    assert counts.sum() == len(before.items)


# Issue 15: comments, places shared, Threads (hand-computed; exported 2025-07-01, Pages listed).
PLACES = [
    item("facebook", "comment", ts("2023-03-01"), meta_id="1", where="page", where_name="Daily Planet News"),
    item("facebook", "comment", ts("2023-04-01"), meta_id="2", where="person", where_name="Sam Doe"),
    item("facebook", "post", ts("2023-05-01"), meta_id="3", where="group", where_name="Hiking Club"),
    item("facebook", "post", ts("2025-06-01"), meta_id="4", where="group", where_name="Hiking Club",
         status="pending"),
    item("facebook", "photo", ts("2023-06-01"), meta_id="5", album="Holidays"),
    item("threads", "post", ts("2024-01-01"), meta_id="6"),
    item("threads", "photo", ts("2024-02-01"), meta_id="7"),
]
PLACE_FACTS = [Fact("facebook", "export", "", ts("2025-07-01")), Fact("instagram", "export", "", ts("2025-07-01")),
               Fact("threads", "visibility", "public")]


@pytest.fixture(scope="module")
def places():
    return infer_audience(frame.items_frame(PLACES), frame.account_frame(PLACE_FACTS))


def test_by_where_hand_computed(places):
    out = me.by_where(places)
    assert list(out.columns) == ["where", "exposure", "n", "share"]
    assert list(out["exposure"].cat.categories) == ["public", "unknown", "not_public"]
    cells = out.set_index(["where", "exposure"])
    # own: the holiday photo (unknown) and two public Threads rows
    assert list(cells.loc["own", "n"]) == [2, 1, 0] and cells.loc[("own", "public"), "share"] == pytest.approx(2 / 3)
    assert list(cells.loc["page", "n"]) == [1, 0, 0]
    assert list(cells.loc["person", "n"]) == [0, 1, 0]
    assert list(cells.loc["group", "n"]) == [0, 1, 1]  # the pending post: seen by the admins only
    assert set(out["where"].astype(str)) == {"own", "page", "person", "group"}  # observed places only
    worst = me.by_where(places, unknown="public").set_index(["where", "exposure"])["n"]
    assert worst[("group", "public")] == 1 and worst[("group", "not_public")] == 1
    excluded = me.by_where(places, unknown="exclude")
    assert excluded["n"].sum() == 4 and list(excluded["exposure"].cat.categories) == ["public", "not_public"]


def test_new_kinds_and_platforms_in_every_breakdown(places):
    kinds = me.by_kind(places).set_index(["kind", "exposure"])["n"]
    assert (kinds[("comment", "public")], kinds[("comment", "unknown")]) == (1, 1)
    assert kinds[("post", "public")] == 1 and kinds[("post", "not_public")] == 1
    audience = me.by_audience(places).set_index(["audience", "audience_basis"])["n"]
    assert audience[("public", "threads:profile-public")] == 2
    assert audience[("public", "rule:page-is-public")] == 1 and audience[("custom", "status:pending")] == 1
    timeline = me.exposure_timeline(places, "YS", "platform", account=frame.account_frame(PLACE_FACTS))
    assert set(timeline["group"]) == {"facebook", "threads"}
    assert at(timeline, "2024-01-01", "threads") == {"public": (2, 2), "unknown": (0, 0), "not_public": (0, 0)}
    assert at(timeline, "2025-01-01", "facebook") == {"public": (0, 1), "unknown": (0, 3), "not_public": (1, 1)}
    by_where = me.exposure_timeline(places, "YS", "where")
    assert set(by_where["group"]) == {"own", "page", "person", "group"}
    years = me.by_year(places).set_index(["year", "kind", "exposure"])["n"]
    assert years[(2023, "comment", "public")] == 1


def test_policy_milestones_mark_each_training_start():
    dates = set(me.policy_milestones()["date"].dt.strftime("%Y-%m-%d"))
    assert set(TRAINING_STARTS.values()) <= dates
