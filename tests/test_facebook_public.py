"""Issue 15, Facebook: what you wrote in other people's places (comments, groups, other profiles and Pages,
Notes), where it was shared, the account facts, Meta AI chats and apps, the categories an export lacks, and
every media file accounted for. Trees are built at test time (tests/fbtrees.py), in every era that has the files.

Labels and titles in other languages: FORMATS.md gives translations only for the privacy settings' "future
posts" label; every other non-English wording below is *unverified* (made up to show the parsers do not
depend on it) and says so in the test's name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import facebook, facebook_account, facebook_media, typed
from metaexposure.errors import Problems
from metaexposure.records import Parsed, parse_file
from tests import fbtrees
from tests.fbtrees import NAME, T0, comment, label_record, message, photo, post, put

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"
LATE_WRAPPER = "facebook-ava-2025-11-02-AbCdEfGh"  # made after Meta AI chats were exported
FA = "your_facebook_activity/"


def balanced(ex: me.Export) -> bool:
    stats = ex.stats
    return stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"] == (
        len(ex.items) + stats["merged"] + ex.problems.skipped_count.sum())


def full_2024(tmp: Path, wrapper: str = WRAPPER) -> Path:
    return fbtrees.public_files(fbtrees.era_2024(tmp / wrapper))


def by_caption(ex: me.Export) -> pd.DataFrame:
    return ex.items.set_index("caption")


@pytest.fixture(scope="module")
def ex2024(tmp_path_factory) -> me.Export:
    return me.load(full_2024(tmp_path_factory.mktemp("fb")))


# --- content: every record an item, with where it was shared ---------------------------------------------

def test_the_2024_files_add_their_items_and_balance(ex2024):
    assert len(ex2024.items) == 14 + fbtrees.PUBLIC_ITEMS
    assert balanced(ex2024) and ex2024.problems.empty
    assert ex2024.items.query("kind == 'comment'").shape[0] == 8 + 2
    sources = ex2024.sources.set_index("path")
    assert sources.loc[FA + "comments_and_reactions/comments.json", ["status", "items"]].tolist() == ["parsed", 9]
    assert sources.loc[FA + "posts/posts_on_other_pages_and_profiles.json", "items"] == 4


@pytest.mark.parametrize(("caption", "where", "name"), [
    ("Great reporting", "page", "Daily Planet"),  # "... commented on Daily Planet's post.": a Page she likes
    ("Lovely 😍", "person", "Sam Example"),  # "... commented on Sam Example's photo."
    ("Haha, crème brûlée", "person", "Zoë Fictícia"),  # "... replied to Zoë Fictícia's comment." (repaired)
    ("Thanks all", "own", ""),  # "... commented on her own post."
    ("Still the best view", "own", ""),  # "... commented on Ava Synthetic's photo.": her own name
    ("Count me in", "group", "Hiking Club"),  # the comment's group field wins over the title
    ("https://example.com/cats", "person", "Sam Example"),  # no text: the link is the caption
    ("Schön!", "unknown", ""),  # German title (unverified wording): not read, never guessed
])
def test_a_comment_is_one_row_placed_by_its_group_or_english_title(ex2024, caption, where, name):
    row = ex2024.items[(ex2024.items.kind == "comment") & (ex2024.items.caption == caption)]
    assert len(row) == 1, caption
    assert (row["where"].item(), row["where_name"].item(), row["album"].item()) == (where, name, "")
    assert row["source_file"].item() == FA + "comments_and_reactions/comments.json"


def test_a_comment_photo_is_a_photo_row_of_its_own(ex2024):
    photos = ex2024.items[ex2024.items.uri.str.contains("Commentphotos")]
    row = photos.iloc[0]
    assert len(photos) == 1 and row["kind"] == "photo" and row["has_file"]
    assert (row["caption"], row["where"], row["where_name"], row["album"]) == ("Lovely 😍", "person", "Sam Example", "")
    assert row["created"] == pd.Timestamp(T0 + 102, unit="s", tz="UTC")  # the comment's time, not the upload's
    assert row["link"] == "https://www.facebook.com/photo/?fbid=3001"


def test_group_posts_comments_and_pending_posts(ex2024):
    items = by_caption(ex2024)
    summit = items.loc["Summit!"]
    assert (summit["kind"], summit["where"], summit["where_name"], summit["album"]) == ("photo", "group",
                                                                                       "Hiking Club", "")
    assert summit["has_file"]
    assert items.loc["Day 5 of my starter", "where_name"] == "Sourdough Bakers 🍞"
    # German title (unverified): the file says it is a group; its name is not guessed.
    assert items.loc["Wer kommt mit?", ["where", "where_name"]].tolist() == ["group", ""]
    assert items.loc["I can bring the map", ["kind", "where_name"]].tolist() == ["comment", "Hiking Club"]
    assert items.loc["No group named", ["where", "where_name"]].tolist() == ["group", ""]
    pending = items.loc["Anyone have a ladder? 🪜"]
    assert (pending["status"], pending["where"], pending["kind"]) == ("pending", "group", "post")


def test_posts_on_other_profiles_and_pages(ex2024):
    items = by_caption(ex2024)
    wall = items.loc["Happy birthday!"]
    assert (wall["kind"], wall["where"], wall["where_name"], wall["has_file"]) == ("photo", "person", "Sam Example",
                                                                                  True)
    assert wall["link"] == "https://www.facebook.com/sam/posts/41"
    page = items.loc["Thanks for the late hours"]  # "Posted to" a Page she likes
    assert (page["where"], page["where_name"], page["item_id"]) == ("page", "Daily Planet", "facebook:post:42")
    assert items.loc["See you all", ["where", "where_name"]].tolist() == ["group", "Walkers"]  # a /groups/ URL
    # German labels (unverified): the record loads, its text kept, where unknown.
    assert items.loc["Grüße\nKim", ["where", "where_name"]].tolist() == ["unknown", ""]


def test_a_note_photo_is_an_item_with_the_note_as_caption(ex2024):
    note = ex2024.items[ex2024.items.uri.str.endswith("Notes_2004/3004.jpg")].iloc[0]
    assert (note["kind"], note["where"], note["album"]) == ("photo", "own", "Notes")
    assert note["caption"] == "Lisbon notes\nTrams and pastéis"
    assert note["created"] == pd.Timestamp(T0 + 130, unit="s", tz="UTC")


def test_a_note_without_photos_is_a_post_and_post_text_wins(tmp_path):
    root = fbtrees.era_2022(tmp_path / "export")
    put(root, "your_activity_across_facebook/posts/your_posts_2.json", [
        {"timestamp": T0 + 5, "attachments": [{"data": [{"note": {"title": "Only words", "text": "No photos"}}]}]},
        {**post(T0 + 6, "My own words"), "attachments": [{"data": [{"note": {
            "title": "T", "media": [photo("your_activity_across_facebook/posts/media/Notes_1/9.jpg", T0)]}}]}]}])
    items = by_caption(me.load(root))
    assert items.loc["Only words\nNo photos", "kind"] == "post"
    assert items.loc["My own words", "kind"] == "photo"


def test_posts_files_with_notes_and_titles_take_the_fast_path_and_match_the_tolerant_parser(tmp_path):
    root = tmp_path / WRAPPER
    rel = FA + "posts/your_posts__check_ins__photos_and_videos_1.json"
    wrote = {**post(T0 + 1, "Happy birthday"), "title": f"{NAME} wrote on Sam Example's timeline."}
    group = {**post(T0 + 2, "Summit", media=[photo(FA + "posts/media/G_1/11.jpg", T0)]),
             "title": f"{NAME} posted in Hiking Club."}
    note = {"timestamp": T0 + 3, "title": f"{NAME} published a note.", "attachments": [{"data": [{"note": {
        "title": "Lisbon", "text": "Tiles", "media": [photo(FA + "posts/media/Notes_1/12.jpg", T0)]}}]}]}
    put(root, rel, [wrote, group, note, post(T0 + 4, "Plain")])
    (tree,) = me.archive.open_trees([root], Problems())
    raw = tree.read_bytes(rel)
    quick = facebook.parse_posts.fast.rows(facebook.parse_posts.fast.decoder.decode(raw), rel)
    parsed, problems = Parsed(), Problems()
    facebook.parse_posts(facebook._Context(tree, rel, parsed, problems), json.loads(raw))
    assert quick == (parsed.items, parsed.seen) and not problems
    places = [(row[16], row[17], row[4]) for row in parsed.items]
    assert places == [("person", "Sam Example", "Happy birthday"), ("group", "Hiking Club", "Summit"),
                      ("own", "", "Lisbon\nTiles"), ("own", "", "Plain")]


def test_own_name_from_the_titles_when_the_profile_is_missing(tmp_path):
    root = full_2024(tmp_path)
    (root / "personal_information/profile_information/profile_information.json").unlink()
    items = by_caption(me.load(root))
    # Every English title starts with "Ava Synthetic": commenting on Ava Synthetic's photo is her own.
    assert items.loc["Still the best view", "where"] == "own"


def test_a_followed_or_liked_page_and_a_record_naming_a_page(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(root, FA + "comments_and_reactions/comments.json", {"comments_v2": [
        comment(T0, f"{NAME} commented on Example Magazine's video.", "Nice one"),
        comment(T0 + 1, f"{NAME} commented on Noa's post.", "Hi Noa")]})
    put(root, FA + "pages/pages_and_profiles_you_follow.json", {"pages_followed_v2": [
        {"timestamp": T0 - 9, "title": "Example Magazine", "data": [{"name": "Example Magazine"}]}]})
    put(root, FA + "posts/posts_on_other_pages_and_profiles.json", [
        label_record(T0 + 2, {"label": "Message", "value": "Ordered twice"}, {"label": "Page", "value": "A Bakery"})])
    items = by_caption(me.load(root))
    assert items.loc["Nice one", ["where", "where_name"]].tolist() == ["page", "Example Magazine"]
    assert items.loc["Hi Noa", ["where", "where_name"]].tolist() == ["person", "Noa"]
    assert items.loc["Ordered twice", ["where", "where_name"]].tolist() == ["page", "A Bakery"]


# --- every era that has these files ------------------------------------------------------------------------

def _places(ex: me.Export) -> list[tuple]:
    rows = ex.items[ex.items["where"] != "own"]
    return sorted(zip(rows.kind.astype(str), rows["where"].astype(str), rows.where_name, rows.caption, strict=True))


@pytest.mark.parametrize("era", ["2022-2023", "2025 Pages-style", "2024 nested"])
def test_the_files_read_the_same_in_every_2022_plus_layout(tmp_path, ex2024, era):
    activity = {"2022-2023": "your_activity_across_facebook/",
                "2025 Pages-style": "this_profile's_activity_across_facebook/",
                "2024 nested": "personal_information/profile_information/your_facebook_activity/"}[era]
    account = "personal_information/profile_information/" if era == "2024 nested" else ""
    root = tmp_path / WRAPPER
    fbtrees.era_2024(root, prefix=activity, account=account)
    fbtrees.public_files(root, activity, account, stories=f"{activity}posts/media/stories/9101.jpg")
    ex = me.load(root)
    assert _places(ex) == _places(ex2024)
    assert len(ex.items) == len(ex2024.items) and balanced(ex) and ex.problems.empty
    assert ex.items.has_file.sum() == ex2024.items.has_file.sum()
    facts = ex.account.groupby("fact").size().to_dict()
    assert facts == ex2024.account.groupby("fact").size().to_dict()
    assert len(ex.ai) == 3 and len(ex.apps) == 3


def test_the_nested_2024_variant_keeps_its_default_audience_and_settings(tmp_path):
    """Item 6: preferences/ and connections/ nested under personal_information/profile_information/ are read."""
    nested = "personal_information/profile_information/"
    root = fbtrees.era_2024(tmp_path / WRAPPER, prefix=nested + FA, account=nested)
    ex = me.load(root)
    default = ex.account[ex.account.fact == "default_audience"]
    assert default["state"].tolist() == ["friends"]
    sources = ex.sources.set_index("path")["status"]
    assert sources[nested + "preferences/preferences/privacy_settings.json"] == "parsed"
    assert sources[nested + "connections/friends/your_friends.json"] == "ignored"
    # The files that belong right in that folder are still read there.
    assert facebook.route(nested + "profile_update_history.json")[1] is not None
    assert facebook.route(nested + "profile_information.json")[1] is facebook.account.parse_profile


def test_2019_2021_comments_and_posts_in_groups(tmp_path):
    root = fbtrees.public_2021(fbtrees.era_2019(tmp_path / "facebook-ava-2020-01-02-ZyXwVuTs"))
    ex = me.load(root)
    assert balanced(ex) and ex.problems.empty
    sources = ex.sources.set_index("path")
    assert sources.loc["comments/comments.json", ["status", "items"]].tolist() == ["parsed", 2]
    assert sources.loc["posts/your_posts_in_groups.json", ["status", "items"]].tolist() == ["parsed", 2]
    items = by_caption(ex)
    assert items.loc["Still the best view", ["kind", "where"]].tolist() == ["comment", "own"]
    assert items.loc["Lovely", ["where", "where_name"]].tolist() == ["person", "Sam Example"]
    glove = items.loc["Glove found"]
    assert (glove["kind"], glove["where_name"], glove["album"], glove["has_file"]) == ("photo", "Hiking Club", "",
                                                                                      True)
    assert glove["taken"] == pd.Timestamp(T0 + 200, unit="s", tz="UTC")  # flat EXIF, as this era writes it
    assert glove["item_id"] == "facebook:photo:3101"
    assert ex.account.query("fact == 'group'")["state"].tolist() == ["Hiking Club"]


# --- account facts ------------------------------------------------------------------------------------------

def test_pages_groups_profile_highlights_and_tags(ex2024):
    facts = ex2024.account
    pages = facts[facts.fact == "page"]
    assert sorted(zip(pages.state, pages.basis, strict=True)) == [("Daily Planet", "liked"),
                                                                  ("Example Magazine", "followed")]
    groups = facts[facts.fact == "group"].set_index("state")
    assert groups.loc["Hiking Club", "start"] == pd.Timestamp(T0 - 300, unit="s", tz="UTC")
    assert groups.loc["Sourdough Bakers 🍞", "basis"] == "joined"  # name from the English title
    assert groups.loc["Old Street", "basis"] == "left" and pd.isna(groups.loc["Old Street", "start"])
    assert groups.loc["Walkers", "basis"].startswith("you posted or commented in it")  # seen only in a record
    profile = facts[facts.fact == "profile"]
    assert dict(zip(profile.state, profile.basis, strict=True)) == {
        "name": NAME, "username": "ava.synthetic", "bio": "Bread & hills 🍞", "website": "https://example.org/ava",
        "profile_url": "https://www.facebook.com/ava"}
    highlight = facts[facts.fact == "story_highlight"].iloc[0]
    assert highlight["state"] == FA + "posts/media/stories/9101.jpg" and highlight["basis"] == "highlight: Summer"
    assert highlight["start"] == pd.Timestamp(T0 + 90, unit="s", tz="UTC")
    tagged = facts[facts.fact == "tagged_by_others"].iloc[0]
    assert (tagged["state"], tagged["start"], tagged["end"]) == ("2", pd.Timestamp(T0 + 160, unit="s", tz="UTC"),
                                                               pd.Timestamp(T0 + 170, unit="s", tz="UTC"))


@pytest.mark.parametrize(("value", "state"), [
    ("United Kingdom", "UK"), ("UK", "UK"), ("Deutschland 🇩🇪", "EU"), ("France", "EU"), ("European Union", "EU"),
    ("Norway", "EU"), ("United States", "other"), ("Atlantis Region", "Atlantis Region")])
def test_privacy_jurisdiction(tmp_path, value, state):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(root, "logged_information/location/your_privacy_jurisdiction.json",
        [label_record(T0, {"label": "Privacy jurisdiction", "value": fbtrees.meta(value)})])
    fact = me.load(root).account.query("fact == 'privacy_jurisdiction'").iloc[0]
    assert fact["state"] == state and fact["basis"] == f"Privacy jurisdiction: {value}"


# --- Meta AI and apps ---------------------------------------------------------------------------------------

def test_meta_ai_messages_english_labels_and_by_shape(ex2024):
    ai = ex2024.ai
    assert ai[["conversation", "author", "text"]].values.tolist() == [
        ["Sourdough", NAME, "Why is my bread dense?"], ["Sourdough", "Meta AI", "Proof it longer – 4–8 hours."],
        ["Kyoto", "Meta AI", "Day 1: Fushimi Inari"]]  # Kyoto: German labels (unverified), read by shape
    assert set(ai.kind) == {"message"} and ai.created.notna().all()
    assert set(ai.source_file) == {FA + "messages/ai_conversations.json"}


def test_meta_ai_records_that_do_not_fit_are_problem_rows_not_skipped_items(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(root, FA + "messages/ai_conversations.json", [
        "not a conversation",
        {"timestamp": T0, "label_values": [{"label": "Sender", "value": NAME}, {"label": "Message", "value": "Flat"},
                                           {"label": "Sent", "timestamp_value": T0}]},
        {"timestamp": T0, "title": "Odd", "label_values": [{"title": "x", "dict": [
            message("Someone", "Two unknown values", T0, ("Wer", "Was", "Wann"))]}]},
        {"timestamp": T0, "title": "Empty", "label_values": []},
        {"title": "Two in one", "label_values": [{"dict": [
            {"label": "Sender", "value": NAME}, {"label": "Message", "value": "First"},
            {"label": "Sender", "value": "Meta AI"}, {"label": "Message", "value": "Second"}]}]}])
    ex = me.load(root)
    assert ex.ai[["conversation", "author", "text"]].values.tolist() == [
        ["conversation 2", NAME, "Flat"], ["Odd", "", "Someone\nTwo unknown values"],
        ["Two in one", NAME, "First"], ["Two in one", "Meta AI", "Second"]]
    reasons = ex.problems.set_index("item")["reason"]
    assert "not an object" in reasons["[0]"] and "no message found" in reasons["[3]"]
    assert "not recognised" in reasons["[2].message[0]"]
    assert not ex.problems.skipped.any() and len(ex.items) == 14 and balanced(ex)


def test_a_failed_ai_file_takes_back_its_rows(tmp_path, monkeypatch):
    root = fbtrees.public_files(fbtrees.era_2024(tmp_path / WRAPPER))
    (tree,) = me.archive.open_trees([root], Problems())
    rel = FA + "messages/ai_conversations.json"
    calls = []

    def second_fails(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyError("a bug")
        return original(*args)
    original = facebook_account._message
    monkeypatch.setattr(facebook_account, "_message", second_fails)
    parsed, problems = Parsed(), Problems()
    ctx = facebook._Context(tree, rel, parsed, problems)
    assert not parse_file(facebook.route(rel)[1], ctx, tree.read_json(rel, problems))
    assert parsed.ai == [] and "please report this bug" in problems[-1].reason


def test_linked_apps_and_off_meta_activity(ex2024, tmp_path):
    apps = ex2024.apps.set_index("name")
    assert apps.loc["Puzzles", "removed"] == pd.Timestamp(T0 - 10, unit="s", tz="UTC")
    assert pd.isna(apps.loc["Fitness Tracker", "removed"]) and apps.loc["Fitness Tracker", "kind"] == "linked_app"
    shop = apps.loc["Bookshop"]
    assert (shop["kind"], shop["events"], shop["last_event"]) == ("off_meta_activity", 2,
                                                                  pd.Timestamp(T0 + 9, unit="s", tz="UTC"))
    # 2019-2021 names: apps_and_websites/apps_and_websites.json and ads_and_businesses/your_off-facebook_activity.json
    root = fbtrees.era_2019(tmp_path / "old")
    put(root, "apps_and_websites/apps_and_websites.json", {"installed_apps": [
        {"name": "Old App", "added_timestamp": T0}]})
    put(root, "ads_and_businesses/your_off-facebook_activity.json", {"off_facebook_activity": [
        {"name": "Shop", "events": [{"timestamp": 0}, "x"]}]})
    ex = me.load(root)
    assert sorted(ex.apps[["name", "kind", "events"]].values.tolist()) == [["Old App", "linked_app", 0],
                                                                           ["Shop", "off_meta_activity", 2]]
    assert "2 of its 2 events have no usable time" in " ".join(ex.problems.reason)


# --- what an export lacks, said once -------------------------------------------------------------------------

def _missing(ex: me.Export) -> list[str]:
    rows = ex.problems[ex.problems.reason.str.contains("All available information")]
    assert (rows.file == rows.file.iloc[0]).all() if len(rows) else True
    return sorted(rows["item"])


def test_a_whole_2024_export_without_comments_and_ai_says_so_once_each(tmp_path):
    root = full_2024(tmp_path, LATE_WRAPPER)
    (root / FA / "comments_and_reactions/comments.json").unlink()
    (root / FA / "messages/ai_conversations.json").unlink()
    ex = me.load(root)
    assert _missing(ex) == ["Meta AI conversations", "comments"]
    row = ex.problems[ex.problems["item"] == "comments"].iloc[0]
    assert row["file"] == LATE_WRAPPER and not row["skipped"] and "'All available information'" in row["reason"]


def test_an_export_from_before_late_2025_is_not_asked_for_ai_chats(tmp_path):
    root = full_2024(tmp_path)
    (root / FA / "messages/ai_conversations.json").unlink()
    assert _missing(me.load(root)) == []


def test_a_2019_export_is_asked_only_for_what_its_era_had(tmp_path):
    root = fbtrees.era_2019(tmp_path / "facebook-ava-2020-01-02-ZyXwVuTs")
    put(root, "profile_information/profile_information.json", {"profile": {"name": NAME}})
    assert _missing(me.load(root)) == ["comments", "groups"]


def test_a_part_or_a_hand_picked_export_is_not_judged(tmp_path):
    # No profile_information.json: one part of a split download, or a few categories picked.
    assert _missing(me.load(fbtrees.era_2024(tmp_path / WRAPPER))) == []
    assert _missing(me.load(fbtrees.era_2018(tmp_path / "old"))) == []


# --- every media file: an item, or counted in a named class ----------------------------------------------

def test_every_media_file_is_an_item_or_in_a_named_class(tmp_path):
    root = full_2024(tmp_path)
    put(root, FA + "messages/inbox/sam_1/photos/55.jpg", fbtrees.JPEG)
    put(root, FA + "messages/stickers_used/56.png", fbtrees.JPEG)
    put(root, FA + "avatars_store/57.png", fbtrees.JPEG)
    ex = me.load(root)
    media = ex.sources[ex.sources.status.isin(["media", "media class"])].set_index("path")["items"]
    assert media.drop("(media files)").sum() == media["(media files)"] == 10
    assert media.to_dict() == {"(media files)": 10, "(media files: items)": 7, "(media files: messages)": 1,
                               "(media files: stickers)": 1, "(media files: avatars)": 1}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in (".jpg", ".png", ".mp4")}
    items = {uri for uri in ex.items.uri if uri in on_disk}
    assert len(items) == media["(media files: items)"]


def test_a_content_photo_no_file_lists_is_counted_apart(tmp_path):
    root = full_2024(tmp_path)
    put(root, FA + "posts/media/Lost_1/99.jpg", fbtrees.JPEG)
    media = me.load(root).sources.set_index("path")["items"]
    assert media["(media files: content listed in no file read)"] == 1


def test_a_comment_media_reference_that_is_not_an_item_is_a_problem_row(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    put(root, FA + "comments_and_reactions/comments.json", {"comments_v2": [
        comment(T0, f"{NAME} commented on Sam's post.", "With a broken photo",
                attachments=[{"data": [{"media": "photo.jpg"}, {"media": ["not", "an object"]}]}])]})
    ex = me.load(root)
    rows = ex.problems[ex.problems.file.str.endswith("comments.json")]
    assert rows.skipped.tolist() == [True, True] and balanced(ex)
    assert ex.items.caption.eq("With a broken photo").sum() == 1  # the comment itself still loads


# --- hostile and malformed records -------------------------------------------------------------------------

MALFORMED = {
    FA + "comments_and_reactions/comments.json": {"comments_v2": [
        None, 7, {}, {"data": "x", "attachments": {"x": 1}, "title": 5},
        {"timestamp": "soon", "data": [{"comment": {"comment": ["x"], "timestamp": 1e400, "group": {}}}]},
        {"timestamp": T0, "data": [{"comment": {"comment": "ok"}}],
         "attachments": [None, {"data": [None, {"media": 3}]}]}]},
    FA + "groups/group_posts_and_comments.json": {"group_posts_v2": [
        None, {"title": ["x"]}, {"timestamp": T0, "title": 3}]},
    FA + "groups/your_pending_posts_in_groups.json": {"pending_posts_v2": "none"},
    FA + "posts/posts_on_other_pages_and_profiles.json": [
        3, {}, {"timestamp": T0, "label_values": "x", "media": [None]}, {"fbid": True, "label_values": [
            {"label": 5, "value": 6}, {"label": "Target", "value": ""}, {"media": {"uri": "x"}}, None]}],
    FA + "groups/your_group_membership_activity.json": {"groups_joined_v2": [None, {"data": [None]}, {"title": 5}]},
    FA + "pages/pages_you've_liked.json": {"page_likes_v2": [{"name": ["x"]}, {"name": "  "}, "x"]},
    FA + "messages/ai_conversations.json": {"x": [1]},
    "apps_and_websites_off_of_facebook/connected_apps_and_websites.json": {"installed_apps_v2": [None, {"name": 3}]},
    "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json": {
        "off_facebook_activity_v2": [{"name": "Shop", "events": "many"}]},
    "logged_information/location/your_privacy_jurisdiction.json": [{"label_values": [{"label": "x"}]}],
    "preferences/preferences/your_story_highlights.json": [None, {"label_values": [{"media": [None, {"uri": 5}]}]}],
    FA + "activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json": {"x": "y"},
    "personal_information/profile_information/profile_information.json": {"profile_v2": ["x"]},
}


def test_malformed_records_are_problem_rows_and_the_books_balance(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    for rel, document in MALFORMED.items():
        put(root, rel, document)
    ex = me.load(root)
    assert balanced(ex)
    assert not ex.problems.reason.str.contains("please report this bug").any()
    files = set(ex.problems.file)
    assert {rel for rel in MALFORMED if "your_group_membership" not in rel} <= files | {WRAPPER}
    comments = ex.problems[ex.problems.file == FA + "comments_and_reactions/comments.json"]
    # None, 7, {} and two records of oddities (no usable time or text), the media entry 3
    assert comments.skipped.sum() == 6
    assert len(ex.items) == 14 + 3  # the good comment, the group post with a time, the media dict with a uri
    assert set(ex.items.loc[ex.items.source_file.str.contains("groups/"), "where"]) == {"group"}
    assert ex.ai.empty and ex.apps.name.tolist() == ["Shop"]


# --- routing: new files read, the rest ignored on purpose ---------------------------------------------------

@pytest.mark.parametrize("path", [
    "comments_and_reactions/likes_and_reactions.json", "comments_and_reactions/your_comment_edits.json",
    "groups/your_group_messages/6179754102079646.json", "groups/group_invites_you've_received.json",
    "pages/your_pages.json", "pages/pages_and_profiles_you've_unfollowed.json", "posts/check-ins.json",
    "activity_you're_tagged_in/places_you've_been_tagged_in.json", "messages/inbox/sam_1/message_1.json",
    "apps_and_websites_off_of_facebook/posts_from_apps_and_websites.json", "logged_information/location/timezone.json",
    "comments/other.json"])
def test_files_left_unread_are_routed_none_on_purpose(path):
    assert facebook.route(f"{FA}{path}") == (True, None)


def test_no_new_route_has_a_fast_path():
    assert all(not hasattr(parser, "fast") for _, parser in facebook.ROUTES
               if parser is not None and parser.__module__ != "metaexposure.facebook")
    assert isinstance(facebook.parse_posts.fast, typed.Fast)


@pytest.mark.parametrize(("title", "place"), [
    ("Ava commented on a post.", None),  # says nothing of whose: unknown, never guessed
    ("Ava commented on a post in Hiking Club.", ("group", "Hiking Club", "Ava")),
    ("Ava replied to James' comment.", ("person", "James", "Ava")),
    ("Ava commented on Sam\u2019s video.", ("person", "Sam", "Ava")),
    ("Ava commented on their own reel.", ("own", "", "Ava")),
    ("Ava commented on Sam's Bakery's post.", ("person", "Sam's Bakery", "Ava")),
    ("Ava commented on Sam's post in Ann's Club.", ("group", "Ann's Club", "Ava")),
    ("Ava wrote on Sam Example's timeline.", ("person", "Sam Example", "Ava")),
    ("Ava posted in Walks in Kent.", ("group", "Walks in Kent", "Ava")),
    ("Ava a commenté la publication de Sam.", None),  # French (unverified wording): not read
])
def test_where_by_the_english_title(title, place):
    assert facebook_media.where_of_title(title) == place


def test_a_posts_file_title_moves_a_post_only_when_it_says_so():
    assert facebook_media.where_of_post_title("Ava wrote on Sam's timeline.") == ("person", "Sam")
    assert facebook_media.where_of_post_title("Ava shared a photo in Lisbon.") is None  # a check-in, maybe
    assert facebook_media.where_of_post_title("Ava updated her status.") is None
