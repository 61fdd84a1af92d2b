"""Issue 15's audience rules (DESIGN.md section 6, steps 4-5) and the AI-training start by jurisdiction,
with hand-computed expectations."""

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import frame
from metaexposure.audience import ai_training_start, default_audience_whatif, infer_audience
from metaexposure.audience_rules import region
from metaexposure.records import F_STATUS, Fact, Item, item


def ts(when: str) -> int:
    return int(pd.Timestamp(when, tz="UTC").timestamp())


def utc(when: str) -> pd.Timestamp:
    return pd.Timestamp(when, tz="UTC")


def fb(meta_id: str, created: str, kind: str = "comment", where: str = "own", where_name: str = "",
       status: str = "live", album: str = "", uri: str = "") -> Item:
    return item("facebook", kind, ts(created), album=album, uri=uri, status=status, meta_id=meta_id, where=where,
                where_name=where_name)


def exported(when: str, *platforms: str) -> list[Fact]:
    return [Fact(p, "export", "", ts(when)) for p in platforms or ("facebook", "instagram")]


def jurisdiction(value: str, platform: str = "facebook") -> Fact:
    return Fact(platform, "privacy_jurisdiction", value)


def infer(items: list[Item], facts: list[Fact], review=None) -> pd.DataFrame:
    return infer_audience(frame.items_frame(items), frame.account_frame(facts), review).set_index("item_id")


def who(out: pd.DataFrame, item_id: str) -> tuple[str, str]:
    return str(out.loc[item_id, "audience"]), str(out.loc[item_id, "audience_basis"])


class Labels:
    """What infer_audience reads of a review."""

    def __init__(self, items=None, albums=None, groups=None):
        self.item_labels, self.album_labels, self.group_labels = items or {}, albums or {}, groups or {}


PAGES = [Fact("facebook", "page", "Daily Planet News"), Fact("facebook", "page", "The Example Bakery")]


# ---------------------------------------------------------------- public places: Pages
def test_what_you_wrote_on_a_page_is_public_from_its_creation():
    items = [fb("1", "2023-03-01", where="page", where_name="Someone's Page"),  # the record says Page
             fb("2", "2019-05-01", where="person", where_name="the example  BAKERY"),  # a listed Page's name
             fb("3", "2019-05-01", where="unknown", where_name="Daily Planet News"),
             fb("4", "2019-05-01", where="person", where_name="Sam Doe"),  # a friend: their audience, unknown
             fb("5", "2019-05-01", "post", where="group", where_name="Daily Planet News"),  # a group so named
             fb("6", "2019-05-01", where="own"),
             fb("7", "2019-05-01", "photo", where="page", where_name="Daily Planet News", uri="p/7.jpg")]
    out = infer(items, PAGES + exported("2025-07-01"))
    for public in ("facebook:comment:1", "facebook:comment:2", "facebook:comment:3", "facebook:photo:7"):
        assert who(out, public) == ("public", "rule:page-is-public"), public
    assert out.loc["facebook:comment:1", "public_since"] == utc("2023-03-01")
    assert out.loc["facebook:comment:2", "public_since"] == utc("2019-05-01")
    assert out.loc["facebook:comment:1", "ai_exposed"] and out.loc["facebook:comment:2", "ai_exposed"]
    for unknown in ("facebook:comment:4", "facebook:post:5", "facebook:comment:6"):
        assert who(out, unknown) == ("unknown", "none"), unknown
        assert pd.isna(out.loc[unknown, "public_since"]) and not out.loc[unknown, "ai_exposed"]
    # without the Pages list only the row that says Page is public
    bare = infer(items, exported("2025-07-01"))
    assert list(bare.index[bare["audience"] == "public"]) == ["facebook:comment:1", "facebook:photo:7"]


def test_a_page_comment_deleted_keeps_its_public_history():
    out = infer([fb("1", "2023-03-01", where="page", status="trash")], exported("2025-07-01"))
    assert who(out, "facebook:comment:1") == ("only_me", "status:archived-or-deleted")
    assert out.loc["facebook:comment:1", "public_since"] == utc("2023-03-01")
    assert out.loc["facebook:comment:1", "ai_exposed"]  # in the trash: live until 2025-06-01 at least
    account = frame.account_frame(exported("2025-07-01"))
    timeline = me.exposure_timeline(out.reset_index(), "MS", account=account).set_index(["period", "exposure"])
    # public while surely live, unknown while it may have been, gone at the export
    assert timeline.loc[(utc("2023-03-01"), "public"), "visible"] == 1
    assert timeline.loc[(utc("2025-05-01"), "public"), "visible"] == 1
    assert timeline.loc[(utc("2025-06-01"), "unknown"), "visible"] == 1
    assert timeline.loc[(utc("2025-07-01"), "not_public"), "visible"] == 1


# ---------------------------------------------------------------- the AI-training start by jurisdiction
@pytest.mark.parametrize(("facts", "start", "basis"), [
    ([], "2024-06-26", "2024-06-26: no privacy jurisdiction in the export, the global start assumed"),
    ([jurisdiction("EU")], "2025-05-27", "EU: 2025-05-27 (privacy jurisdiction in the export)"),
    ([jurisdiction("UK", "instagram")], "2024-09-13", "UK: 2024-09-13 (privacy jurisdiction in the export)"),
    ([jurisdiction("United States")], "2024-06-26",
     "2024-06-26: privacy jurisdiction United States, outside the EU and UK (the global start)"),
    ([jurisdiction("EU"), jurisdiction("EU", "instagram")], "2025-05-27",
     "EU: 2025-05-27 (privacy jurisdiction in the export)"),
    ([jurisdiction("EU"), jurisdiction("United States", "instagram")], "2024-06-26",
     "2024-06-26: the export's privacy jurisdictions disagree (EU (2025-05-27), United States (2024-06-26)), "
     "the earliest start assumed"),
    ([jurisdiction("")], "2024-06-26", "2024-06-26: no privacy jurisdiction in the export, the global start assumed"),
])
def test_ai_training_start_and_its_basis(facts, start, basis):
    assert ai_training_start(frame.account_frame(facts)) == (utc(start), basis)


def test_ai_training_start_without_an_account_frame_is_the_stated_default():
    assert ai_training_start(None) == (
        utc("2024-06-26"), "2024-06-26: no privacy jurisdiction in the export, the global start assumed")


def test_region_names():
    assert [region(v) for v in ("EU", "eu", " European  Union ", "UK", "United Kingdom", "United States",
                                "Ireland", "")] == ["EU", "EU", "EU", "UK", "UK", "", "", ""]


def exposed_under(facts: list[Fact], *items: Item) -> dict[str, list[str]]:
    """ai_exposed item ids under each jurisdiction (none given, elsewhere, UK, EU)."""
    out = {}
    for name, extra in (("none", []), ("other", [jurisdiction("Canada")]), ("UK", [jurisdiction("UK")]),
                        ("EU", [jurisdiction("EU")])):
        rows = infer(list(items), facts + extra)
        out[name] = sorted(rows.index[rows["ai_exposed"]])
    return out


def test_ai_exposed_uses_the_start_of_the_persons_jurisdiction():
    # A Page comment from 2023, live at a 2025-07-01 export: public after every start.
    live = fb("1", "2023-03-01", where="page")
    # In the trash at a 2025-06-20 export: surely live until 2025-05-21 only, before the EU start.
    trashed = fb("2", "2023-03-01", where="page", status="trash")
    assert exposed_under(exported("2025-06-20"), trashed) == {
        "none": ["facebook:comment:2"], "other": ["facebook:comment:2"], "UK": ["facebook:comment:2"], "EU": []}
    assert exposed_under(exported("2025-07-01"), live) == dict.fromkeys(
        ("none", "other", "UK", "EU"), ["facebook:comment:1"])
    # Posted 2024-07-01, in the trash at a 2024-09-20 export: live until 2024-08-21, before the UK start.
    summer = fb("3", "2024-07-01", where="page", status="trash")
    assert exposed_under(exported("2024-09-20"), summer) == {
        "none": ["facebook:comment:3"], "other": ["facebook:comment:3"], "UK": [], "EU": []}
    # Posted 2024-08-01, in the trash at 2024-10-15: live until 2024-09-15, after the UK start.
    autumn = fb("4", "2024-08-01", where="page", status="trash")
    assert exposed_under(exported("2024-10-15"), autumn)["UK"] == ["facebook:comment:4"]


def test_ai_exposed_of_an_instagram_post_under_the_eu_start_follows_the_account():
    # public until 2025-01-01, private since; exported 2025-11-01
    facts = [Fact("instagram", "visibility", "public", None, ts("2025-01-01")),
             Fact("instagram", "visibility", "private", ts("2025-01-01"), None)] + exported("2025-11-01", "instagram")
    post = item("instagram", "photo", ts("2023-01-01"), album="Posts", meta_id="1")
    assert exposed_under(facts, post) == {"none": ["instagram:photo:1"], "other": ["instagram:photo:1"],
                                          "UK": ["instagram:photo:1"], "EU": []}


def test_the_default_audience_whatif_uses_the_jurisdiction_and_only_your_own_posts():
    items = [fb("1", "2012-01-01", "photo", album="Holidays"), fb("2", "2012-01-01", where="person",
                                                                  where_name="Sam Doe"),
             fb("3", "2012-01-01", "comment"), fb("4", "2012-01-01", "post", where="group", where_name="Hikers")]
    for extra, exposed in (([], True), ([jurisdiction("EU")], False)):
        facts = frame.account_frame([Fact("facebook", "default_audience", "public"), *exported("2025-03-01"), *extra])
        whatif = default_audience_whatif(infer_audience(frame.items_frame(items), facts), facts).set_index("item_id")
        assert who(whatif, "facebook:photo:1") == ("public", "whatif:default-audience")
        assert whatif.loc["facebook:photo:1", "ai_exposed"] == exposed  # exported before the EU start
        # comments take the audience of the post they are on, group posts the group's
        for other in ("facebook:comment:2", "facebook:comment:3", "facebook:post:4"):
            assert who(whatif, other) == ("unknown", "none")


# ---------------------------------------------------------------- Threads
def threads(meta_id: str, created: str, kind: str = "post") -> Item:
    return item("threads", kind, ts(created), meta_id=meta_id)


def threads_profile(state: str) -> Fact:
    return Fact("threads", "visibility", state, basis="threads: current state (no switch history is exported)")


def test_threads_follow_the_profiles_current_state():
    items = [threads("1", "2023-05-01"), threads("2", "2024-03-01", "photo"),
             item("instagram", "photo", ts("2023-05-01"), album="Posts", meta_id="3")]
    # The Threads rows come in the Instagram export: its date (2025-10-01) is theirs, not their newest item's
    # (2024-03-01, before the training start).
    public = infer(items, [threads_profile("public")] + exported("2025-10-01", "instagram"))
    assert who(public, "threads:post:1") == ("public", "threads:profile-public")
    assert public.loc["threads:post:1", "public_since"] == utc("2023-05-01")
    assert public.loc["threads:post:1", "ai_exposed"] and public.loc["threads:photo:2", "ai_exposed"]
    assert who(public, "instagram:photo:3") == ("unknown", "none")  # the Threads profile is not the IG account
    private = infer(items, [threads_profile("private")] + exported("2025-10-01", "instagram"))
    assert who(private, "threads:photo:2") == ("followers", "threads:profile-private")
    assert pd.isna(private.loc["threads:photo:2", "public_since"]) and not private["ai_exposed"].any()
    nothing = infer(items, exported("2025-10-01", "instagram"))
    assert set(nothing["audience_basis"]) == {"none"} and not nothing["ai_exposed"].any()
    # an Instagram account's state does not reach Threads
    account = infer(items, [Fact("instagram", "visibility", "public")] + exported("2025-10-01", "instagram"))
    assert who(account, "threads:post:1") == ("unknown", "none")
    assert who(account, "instagram:photo:3") == ("public", "ig:account-public")


def test_a_threads_post_public_only_before_the_training_start_is_not_exposed():
    # no Instagram export date: the newest Threads item (2024-05-01) bounds how long they were surely live
    out = infer([threads("1", "2024-01-01"), threads("2", "2024-05-01")], [threads_profile("public")])
    assert out["public_since"].notna().all() and not out["ai_exposed"].any()


# ---------------------------------------------------------------- Instagram comments
PUBLIC_AGAIN = [Fact("instagram", "visibility", "public", None, ts("2016-03-01")),
                Fact("instagram", "visibility", "private", ts("2016-03-01"), ts("2021-09-15")),
                Fact("instagram", "visibility", "public", ts("2021-09-15"), None)] + exported("2025-11-02", "instagram")


def ig_comment(meta_id: str, created: str, where: str) -> Item:
    return item("instagram", "comment", ts(created), meta_id=meta_id, where=where)


def test_instagram_comments_on_your_own_posts_follow_the_account_and_others_stay_unknown():
    out = infer([ig_comment("1", "2018-05-01", "own"), ig_comment("2", "2018-05-01", "person"),
                 ig_comment("3", "2015-01-01", "own"), ig_comment("4", "2022-01-01", "unknown")], PUBLIC_AGAIN)
    assert who(out, "instagram:comment:1") == ("public", "ig:account-public")
    assert out.loc["instagram:comment:1", "public_since"] == utc("2021-09-15")  # written while private
    assert out.loc["instagram:comment:3", "public_since"] == utc("2015-01-01")
    for elsewhere in ("instagram:comment:2", "instagram:comment:4"):  # the other account's privacy: not exported
        assert who(out, elsewhere) == ("unknown", "none")
        assert pd.isna(out.loc[elsewhere, "public_since"]) and not out.loc[elsewhere, "ai_exposed"]


def test_a_photo_attached_to_a_comment_on_someone_elses_post_does_not_follow_your_account():
    photo = item("instagram", "photo", ts("2022-01-01"), uri="media/comments/9.jpg", meta_id="9", where="person",
                 where_name="sam.example")
    out = infer([photo, item("instagram", "photo", ts("2022-01-01"), uri="media/posts/8.jpg", meta_id="8")],
                PUBLIC_AGAIN)
    assert who(out, "instagram:photo:9") == ("unknown", "none")  # their account decides, not yours
    assert who(out, "instagram:photo:8") == ("public", "ig:account-public")


def test_the_timeline_follows_the_account_for_own_comments_only():
    deleted = ig_comment("3", "2018-05-01", "person")
    deleted[F_STATUS] = "recently_deleted"
    items = infer_audience(frame.items_frame([ig_comment("1", "2018-05-01", "own"),
                                              ig_comment("2", "2018-05-01", "person"), deleted]),
                           frame.account_frame(PUBLIC_AGAIN))
    timeline = me.exposure_timeline(items, "YS", "item_id", account=frame.account_frame(PUBLIC_AGAIN))
    cells = timeline.set_index(["period", "group", "exposure"])["visible"]
    assert cells[(utc("2018-01-01"), "instagram:comment:1", "not_public")] == 1  # private in 2018
    assert cells[(utc("2022-01-01"), "instagram:comment:1", "public")] == 1
    assert cells[(utc("2018-01-01"), "instagram:comment:2", "unknown")] == 1
    assert cells[(utc("2022-01-01"), "instagram:comment:2", "unknown")] == 1
    # deleted: unknown (not the account's private state) while it may have been seen, gone at the export
    assert cells[(utc("2018-01-01"), "instagram:comment:3", "unknown")] == 1
    assert cells[(utc("2025-01-01"), "instagram:comment:3", "not_public")] == 1
    assert set(me.by_where(items)["where"].astype(str)) == {"own", "person"}


# ---------------------------------------------------------------- story highlights
def test_a_facebook_story_in_a_highlight_keeps_its_unknown_first_day_audience_for_good():
    items = [fb("1", "2023-03-01", "story", album="Stories", uri="stories/1.jpg"),
             fb("2", "2023-03-02", "story", album="Stories", uri="stories/2.jpg")]
    facts = [Fact("facebook", "story_highlight", "./stories/1.jpg")] + exported("2025-07-01")
    out = infer(items, facts)
    # A Facebook story's audience was chosen per story and is not exported: a highlight does not make it public.
    assert who(out, "facebook:story:1") == ("unknown", "rule:story-highlight")
    assert who(out, "facebook:story:2") == ("unknown", "none")
    assert out["public_since"].isna().all() and not out["ai_exposed"].any()
    # the user's word still wins, and a labelled highlight is public to the export
    labelled = infer(items, facts, Labels(items={"facebook:story:1": "public"}))
    assert who(labelled, "facebook:story:1") == ("public", "label:item")
    assert labelled.loc["facebook:story:1", "ai_exposed"]


def test_an_instagram_story_in_a_highlight_stays_with_the_account_after_its_first_day():
    items = [item("instagram", "story", ts("2023-03-01"), album="Stories", uri="media/stories/1.jpg", meta_id="1"),
             item("instagram", "story", ts("2023-03-01"), album="Stories", uri="media/stories/2.jpg", meta_id="2"),
             item("instagram", "story", ts("2018-03-01"), album="Stories", uri="media/stories/3.jpg", meta_id="3")]
    facts = PUBLIC_AGAIN + [Fact("instagram", "story_highlight", "media/stories/1.jpg"),
                            Fact("instagram", "story_highlight", "media/stories/3.jpg"),
                            Fact("facebook", "story_highlight", "media/stories/2.jpg")]  # another platform's
    out = infer(items, facts)
    assert who(out, "instagram:story:1") == ("public", "rule:story-highlight")
    assert out.loc["instagram:story:1", "ai_exposed"]  # still shown after 2024-06-26
    assert who(out, "instagram:story:2") == ("unknown", "none")  # public on its first day only, in 2023
    assert out.loc["instagram:story:2", "public_since"] == utc("2023-03-01")
    assert not out.loc["instagram:story:2", "ai_exposed"]
    # posted while private and kept: public when the account turned public again
    assert out.loc["instagram:story:3", "public_since"] == utc("2021-09-15")
    timeline = me.exposure_timeline(infer_audience(frame.items_frame(items), frame.account_frame(facts)), "YS",
                                    "item_id", account=frame.account_frame(facts))
    cells = timeline.set_index(["period", "group", "exposure"])["visible"]
    assert cells[(utc("2024-01-01"), "instagram:story:1", "public")] == 1
    assert cells[(utc("2024-01-01"), "instagram:story:2", "unknown")] == 1
    assert cells[(utc("2019-01-01"), "instagram:story:3", "not_public")] == 1


# ---------------------------------------------------------------- pending group posts
def test_a_pending_group_post_is_seen_by_the_admins_only_whatever_a_label_says():
    items = [fb("1", "2025-01-01", "post", where="group", where_name="Hiking Club", status="pending"),
             fb("2", "2025-01-01", "photo", where="group", where_name="Hiking Club", status="pending",
                album="Hiking Club", uri="g/2.jpg"),
             fb("3", "2025-01-01", "post", where="page", where_name="Daily Planet News", status="pending"),
             fb("4", "2025-01-01", "post", where="group", where_name="Hiking Club")]
    labels = Labels(items={"facebook:photo:2": "public"}, groups={"facebook/Hiking Club": "public"})
    out = infer(items, exported("2025-07-01"), labels)
    for pending in ("facebook:post:1", "facebook:photo:2", "facebook:post:3"):
        assert who(out, pending) == ("custom", "status:pending"), pending
        assert pd.isna(out.loc[pending, "public_since"]) and not out.loc[pending, "ai_exposed"]
    assert who(out, "facebook:post:4") == ("public", "label:group")  # approved: the group's label applies
    kinds = me.by_kind(out.reset_index()).set_index(["kind", "exposure"])["n"]
    assert kinds[("post", "not_public")] == 2 and kinds[("post", "public")] == 1


# ---------------------------------------------------------------- labels: group, album, item
def test_group_labels_then_album_labels_then_item_labels():
    items = [fb("1", "2020-01-01", "post", where="group", where_name="Hiking Club"),
             fb("2", "2020-01-01", "photo", where="group", where_name="Hiking Club", album="Hike 2020", uri="a.jpg"),
             fb("3", "2020-01-01", "photo", where="group", where_name="Hiking Club", album="Hike 2020", uri="b.jpg"),
             fb("4", "2020-01-01", "post", where="group", where_name="Chess Club"),
             fb("5", "2020-01-01", "comment", where="person", where_name="Hiking Club"),  # not the group
             fb("6", "2020-01-01", "post", where="group", where_name="Hiking Club", status="archived"),
             item("instagram", "post", ts("2020-01-01"), meta_id="7", where="group", where_name="Hiking Club")]
    labels = Labels(groups={"facebook/Hiking Club": "public", "facebook/Chess Club": "not-an-audience"},
                    albums={"facebook/Hike 2020": "friends"}, items={"facebook:photo:3": "only_me"})
    out = infer(items, exported("2025-07-01"), labels)
    assert who(out, "facebook:post:1") == ("public", "label:group")
    assert out.loc["facebook:post:1", "public_since"] == utc("2020-01-01") and out.loc["facebook:post:1",
                                                                                        "ai_exposed"]
    assert who(out, "facebook:photo:2") == ("friends", "label:album")
    assert who(out, "facebook:photo:3") == ("only_me", "label:item")
    assert who(out, "facebook:post:4") == ("unknown", "none")  # a label value that is no audience is ignored
    assert who(out, "facebook:comment:5") == ("unknown", "none")
    assert who(out, "instagram:post:7") == ("unknown", "none")  # the key names the platform
    # archived outranks the label as of the export; it was public (the label says) until archived
    assert who(out, "facebook:post:6") == ("only_me", "status:archived-or-deleted")
    assert out.loc["facebook:post:6", "public_since"] == utc("2020-01-01")


def test_group_labels_from_a_real_review_store(tmp_path):
    review = me.Review.open(tmp_path / "metaexposure-review.sqlite")
    review.label_group("facebook", "Hiking Club", "friends_of_friends")
    items = [fb("1", "2020-01-01", "post", where="group", where_name="Hiking Club")]
    out = infer(items, exported("2025-07-01"), review)
    assert who(out, "facebook:post:1") == ("friends_of_friends", "label:group")
    review.label_group("facebook", "Hiking Club", None)
    assert who(infer(items, exported("2025-07-01"), review), "facebook:post:1") == ("unknown", "none")
    review.close()


def test_a_review_without_group_labels_still_works():
    class Old:  # an object made before groups could be labelled
        item_labels: dict = {}
        album_labels = {"facebook/Hike": "public"}

    out = infer([fb("1", "2020-01-01", "photo", where="group", where_name="Hiking Club", album="Hike")],
                exported("2025-07-01"), Old())
    assert who(out, "facebook:photo:1") == ("public", "label:album")
