"""Audience inference (DESIGN.md section 6) with hand-computed expectations."""

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import frame
from metaexposure.audience import default_audience_whatif, exposure_class, infer_audience
from metaexposure.errors import ReviewFileError
from metaexposure.records import Fact, Item, item
from tests import fbtrees

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"


def ts(when: str) -> int:
    return int(pd.Timestamp(when, tz="UTC").timestamp())


def utc(when: str) -> pd.Timestamp:
    return pd.Timestamp(when, tz="UTC")


def ig(meta_id: str, created: str, kind: str = "photo", status: str = "live", album: str = "Posts") -> Item:
    return item("instagram", kind, ts(created), album=album, status=status, meta_id=meta_id)


def fb(meta_id: str, created: str, kind: str = "photo", album: str = "Holidays", status: str = "live") -> Item:
    return item("facebook", kind, ts(created), album=album, status=status, meta_id=meta_id)


def visibility(*spans: tuple[str, str | None, str | None]) -> list[Fact]:
    return [Fact("instagram", "visibility", state, start and ts(start), end and ts(end)) for state, start, end in spans]


# public until 2016-03-01, private until 2021-09-15, public since (the sample's history)
PUBLIC_AGAIN = visibility(("public", None, "2016-03-01"), ("private", "2016-03-01", "2021-09-15"),
                          ("public", "2021-09-15", None))


def infer(items: list[Item], facts: list[Fact], review=None, **kw) -> pd.DataFrame:
    out = infer_audience(frame.items_frame(items), frame.account_frame(facts), review, **kw)
    return out.set_index("item_id")


class Labels:
    def __init__(self, items=None, albums=None):
        self.item_labels, self.album_labels = items or {}, albums or {}


def test_post_made_while_private_is_public_since_the_account_turned_public_again():
    out = infer([ig("1", "2018-05-01"), ig("2", "2015-07-01"), ig("3", "2024-08-01")],
                PUBLIC_AGAIN + [Fact("instagram", "export", "", ts("2025-11-02"))])
    row = out.loc["instagram:photo:1"]
    assert (row["audience"], row["audience_basis"]) == ("public", "ig:account-public")
    assert row["public_since"] == utc("2021-09-15")
    assert row["ai_exposed"]
    # posted while public: public from the first moment
    assert out.loc["instagram:photo:2", "public_since"] == utc("2015-07-01")
    assert out.loc["instagram:photo:3", "public_since"] == utc("2024-08-01")


def test_private_account_at_export():
    facts = visibility(("public", None, "2019-01-01"), ("private", "2019-01-01", None))
    facts.append(Fact("instagram", "export", "", ts("2025-01-01")))
    out = infer([ig("1", "2018-05-01"), ig("2", "2020-01-01"), ig("3", "2020-02-01", kind="profile_photo",
                                                                   album="Profile photos")], facts)
    first, second, profile = (out.loc[i] for i in ("instagram:photo:1", "instagram:photo:2",
                                                    "instagram:profile_photo:3"))
    assert (first["audience"], first["audience_basis"]) == ("followers", "ig:account-private")
    assert first["public_since"] == utc("2018-05-01") and not first["ai_exposed"]  # private before 2024
    assert pd.isna(second["public_since"]) and not second["ai_exposed"]
    # profile pictures are public even on a private account
    assert (profile["audience"], profile["audience_basis"]) == ("public", "ig:profile-photo")
    assert profile["public_since"] == utc("2020-02-01") and profile["ai_exposed"]


def test_instagram_without_visibility_facts_stays_unknown():
    out = infer([ig("1", "2020-01-01")], [])
    assert (out.loc["instagram:photo:1", "audience"], out.loc["instagram:photo:1", "audience_basis"]) == (
        "unknown", "none")


def test_facebook_profile_and_cover_rules_and_unknown_stays_unknown():
    items = [fb("1", "2012-01-01", "profile_photo", "Profile pictures"),
             fb("2", "2016-01-01", "profile_photo", "Profile pictures"),
             fb("3", "2013-01-01", "cover_photo", "Cover photos"),
             fb("4", "2014-01-01")]
    out = infer(items, [Fact("facebook", "export", "", ts("2024-11-18"))])
    assert out.loc["facebook:profile_photo:2", "audience_basis"] == "rule:current-profile-photo"
    assert out.loc["facebook:profile_photo:1", "audience_basis"] == "rule:past-profile-photo"
    assert out.loc["facebook:cover_photo:3", "audience_basis"] == "rule:current-profile-photo"
    assert (out.loc[["facebook:profile_photo:1", "facebook:profile_photo:2"], "audience"] == "public").all()
    assert out.loc["facebook:profile_photo:1", "public_since"] == utc("2012-01-01")
    assert out.loc["facebook:profile_photo:1", "ai_exposed"]
    plain = out.loc["facebook:photo:4"]
    assert (plain["audience"], plain["audience_basis"]) == ("unknown", "none")
    assert pd.isna(plain["public_since"]) and not plain["ai_exposed"]


def test_export_date_decides_ai_exposed_of_rule_based_items():
    items = [fb("1", "2016-01-01", "profile_photo", "Profile pictures")]
    before = infer(items, [Fact("facebook", "export", "", ts("2023-05-01"))])
    assert not before.loc["facebook:profile_photo:1", "ai_exposed"]
    # no export fact: the newest item (2016) is the lower bound, not enough to say
    assert not infer(items, []).loc["facebook:profile_photo:1", "ai_exposed"]
    forced = infer(items, [], export_time="2024-07-01")
    assert forced.loc["facebook:profile_photo:1", "ai_exposed"]


def test_album_label_is_overridden_by_item_label():
    items = [fb("1", "2012-07-01"), fb("2", "2012-07-02"), fb("3", "2012-07-03", album="Other")]
    labels = Labels(items={"facebook:photo:2": "public"}, albums={"facebook/Holidays": "friends"})
    out = infer(items, [Fact("facebook", "export", "", ts("2024-11-18"))], labels)
    assert (out.loc["facebook:photo:1", "audience"], out.loc["facebook:photo:1", "audience_basis"]) == (
        "friends", "label:album")
    assert (out.loc["facebook:photo:2", "audience"], out.loc["facebook:photo:2", "audience_basis"]) == (
        "public", "label:item")
    assert out.loc["facebook:photo:2", "public_since"] == utc("2012-07-02")
    assert out.loc["facebook:photo:2", "ai_exposed"] and not out.loc["facebook:photo:1", "ai_exposed"]
    assert out.loc["facebook:photo:3", "audience"] == "unknown"


def test_label_overrides_instagram_account_rule():
    labels = Labels(items={"instagram:photo:1": "only_me"})
    out = infer([ig("1", "2022-01-01")], PUBLIC_AGAIN, labels)
    assert (out.loc["instagram:photo:1", "audience"], out.loc["instagram:photo:1", "audience_basis"]) == (
        "only_me", "label:item")
    assert pd.isna(out.loc["instagram:photo:1", "public_since"])


def test_hidden_items_are_only_me_at_export_with_their_history():
    facts = PUBLIC_AGAIN + [Fact("instagram", "export", "", ts("2025-11-02")),
                            Fact("facebook", "export", "", ts("2025-11-02"))]
    items = [ig("1", "2023-01-01", status="archived"), ig("2", "2023-01-01", status="recently_deleted"),
             ig("3", "2018-01-01", status="archived"), fb("4", "2023-01-01", "post", "", status="trash")]
    out = infer(items, facts)
    assert set(out["audience"]) == {"only_me"}
    assert set(out["audience_basis"]) == {"status:archived-or-deleted"}
    # archived: perhaps the moment it was posted, so no exposure after 2024-06-26 is certain
    assert out.loc["instagram:photo:1", "public_since"] == utc("2023-01-01")
    assert not out.loc["instagram:photo:1", "ai_exposed"]
    # Recently deleted keeps 30 days: live until at least 2025-10-03, on a public account
    assert out.loc["instagram:photo:2", "ai_exposed"]
    # archived, posted while private: never known to be public
    assert pd.isna(out.loc["instagram:photo:3", "public_since"])
    assert pd.isna(out.loc["facebook:post:4", "public_since"]) and not out.loc["facebook:post:4", "ai_exposed"]


def test_inference_returns_a_new_frame_and_is_repeatable():
    items = frame.items_frame([ig("1", "2018-05-01")])
    account = frame.account_frame(PUBLIC_AGAIN)
    once = infer_audience(items, account)
    assert items.loc[0, "audience"] == "unknown"
    pd.testing.assert_frame_equal(infer_audience(once, account), once)
    assert list(once.columns) == list(frame.ITEM_COLUMNS)
    assert list(once["audience_basis"].cat.categories) == list(frame.BASES)


def test_default_audience_is_only_a_whatif():
    facts = [Fact("facebook", "default_audience", "public"), Fact("facebook", "export", "", ts("2024-11-18"))]
    items = [fb("1", "2012-01-01"), fb("2", "2012-01-01", "profile_photo", "Profile pictures")]
    inferred = infer_audience(frame.items_frame(items), frame.account_frame(facts))
    assert inferred.loc[0, "audience"] == "unknown"  # never applied by inference
    whatif = default_audience_whatif(inferred, frame.account_frame(facts)).set_index("item_id")
    row = whatif.loc["facebook:photo:1"]
    assert (row["audience"], row["audience_basis"]) == ("public", "whatif:default-audience")
    assert row["public_since"] == utc("2012-01-01") and row["ai_exposed"]
    assert whatif.loc["facebook:profile_photo:2", "audience_basis"] == "rule:current-profile-photo"
    unchanged = default_audience_whatif(inferred, frame.account_frame([]))
    pd.testing.assert_frame_equal(unchanged, inferred)


def test_exposure_class():
    assert [exposure_class(a) for a in ("public", "unknown", "friends", "only_me")] == [
        "public", "unknown", "not_public", "not_public"]
    classes = exposure_class(pd.Series(["friends", "public"], index=[5, 7]))
    assert list(classes) == ["not_public", "public"] and list(classes.index) == [5, 7]


def test_load_applies_review_labels_and_reapplies_without_reload(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    review_path = tmp_path / "review.json"
    review = me.Review.open(review_path)
    review.label_album("facebook", "Lisbon 2012", "public")
    ex = me.load(root, review=review_path)
    items = ex.items.set_index("item_id")
    assert items.loc["facebook:photo:5001", "audience_basis"] == "label:album"
    assert ex.albums.set_index("album").loc["Lisbon 2012", "n_public"] == 3
    assert items.loc["facebook:profile_photo:6002", "audience_basis"] == "rule:current-profile-photo"
    assert items.loc["facebook:post:777", "audience"] == "only_me"  # archived
    # a label saved by another window: re-applied without reloading
    me.Review.open(review_path).label_item("facebook:photo:5002", "only_me")
    ex.apply_review()
    items = ex.items.set_index("item_id")
    assert (items.loc["facebook:photo:5002", "audience"], items.loc["facebook:photo:5002", "audience_basis"]) == (
        "only_me", "label:item")
    assert ex.albums.set_index("album").loc["Lisbon 2012", "n_public"] == 2
    ex.apply_review(me.Review.open(tmp_path / "other.json"))
    assert ex.items.set_index("item_id").loc["facebook:photo:5001", "audience"] == "unknown"


def test_load_refuses_a_review_file_inside_the_export(tmp_path):
    root = fbtrees.era_2024(tmp_path / "export")
    with pytest.raises(ReviewFileError, match="inside the export"):
        me.load(root, review=root / "review.json")
    assert not (root / "review.json").exists()
