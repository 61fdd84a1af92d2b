"""What Meta can train on in an Instagram export beyond the own posts (FORMATS.md section 8, issue 15):
comments, other content, Threads, Meta AI, insights; what a partial export lacks; every media file accounted for.

Fixtures are written at test time in Meta's encoding (every non-ASCII byte a \\u00XX escape). Labels a
public sample or parser shows are tested as such; labels no public sample shows are marked *unverified*.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import instagram
from metaexposure.samples._write import write_bytes, write_json
from tests.test_instagram import every_category, missing

T0 = 1_700_000_000  # 2023-11-14
WRAPPER = "instagram-ava.s-2025-11-02-AbCdEfGh"
JPEG = b"\xff\xd8\xff\xd9"
IA = "your_instagram_activity/"
# era -> (folder of comments, threads, messages; content folder; personal information file)
ERAS = {
    "2021-22": ("", "content/", "account_information/personal_information.json"),
    "2023-24": (IA, IA + "content/", "personal_information/personal_information.json"),
    "2025": (IA, IA + "media/", "personal_information/personal_information/personal_information.json"),
}
PERSONAL_2025 = ERAS["2025"][2]


def at(seconds: int) -> pd.Timestamp:
    return pd.Timestamp(seconds, unit="s", tz="UTC")


def string_map(**fields: str | int) -> dict:
    """string_map_data as Meta writes it: a str is a value, an int a timestamp; "_" in a name is a space."""
    return {k.replace("_", " "): {"href": "", "value": v if isinstance(v, str) else "",
                                  "timestamp": v if isinstance(v, int) else 0} for k, v in fields.items()}


def personal(username: str = "ava.s", **fields: str) -> dict:
    return {"profile_user": [{"title": "User Information", "media_map_data": {},
                              "string_map_data": string_map(Username=username, Private_Account="False", **fields)}]}


def comment(text: str, owner: str | None, when: int, labels: tuple[str, str, str] = ("Comment", "Media Owner", "Time"),
            **extra: Any) -> dict:
    fields = {labels[0]: {"value": text}, labels[2]: {"timestamp": when}}
    if owner is not None:
        fields[labels[1]] = {"value": owner}
    return {"string_map_data": fields, **extra}


def media(uri: str, ts: int, title: str = "", **extra: Any) -> dict:
    return {"uri": uri, "creation_timestamp": ts, "title": title, **extra}


def post_uri(media_id: int, folder: str = "posts", ext: str = "jpg") -> str:
    return f"media/{folder}/202311/111_222_333_n_{media_id}.{ext}"


def export(tmp_path: Path, files: dict[str, Any], media_files: tuple[str, ...] = (), era: str = "2025",
           name: str = WRAPPER) -> Path:
    """An export of ``era`` with one post, the personal information and ``files``; ``media_files`` are written."""
    root = tmp_path / name
    write_json(root / ERAS[era][1] / "posts_1.json", [{"media": [media(post_uri(1001), T0, "My post")]}])
    write_json(root / ERAS[era][2], personal())
    for rel, content in files.items():
        write_json(root / rel, content)
    for rel in media_files:
        write_bytes(root / rel, JPEG)
    return root


def comments_of(ex: me.Export) -> list[tuple]:
    rows = ex.items[ex.items.kind == "comment"].sort_values("created")
    return list(zip(rows.caption, rows["where"].astype(str), rows.where_name, rows.album, rows.created, strict=True))


def balanced(ex: me.Export) -> bool:
    s = ex.stats
    return s["seen"] == s["loaded"] + s["merged"] + s["skipped"]


def reasons(ex: me.Export) -> list[str]:
    """Problem reasons other than the categories an export lacks (instagram.missing_categories)."""
    return [r for r in ex.problems.reason if not r.startswith("holds no ")]


# --- comments ------------------------------------------------------------------------------------

COMMENTS = [comment("Lovely light \u2600\ufe0f", "ava.s", T0 + 10),
            comment("Gorgeous! \U0001F60D", "sam.example", T0 + 20), comment("Who took this?", None, T0 + 30)]
EXPECTED = [("Lovely light \u2600\ufe0f", "own", "", "Comments", at(T0 + 10)),
            ("Gorgeous! \U0001F60D", "person", "sam.example", "Comments", at(T0 + 20)),
            ("Who took this?", "unknown", "", "Comments", at(T0 + 30))]


@pytest.mark.parametrize("era", list(ERAS))
def test_comments_in_every_era(tmp_path, era):
    activity = ERAS[era][0]
    if era == "2021-22":  # the older wrapped shape
        files = {"comments/post_comments.json": {"comments_media_comments": COMMENTS}}
    else:  # a bare list, split over numbered files
        files = {f"{activity}comments/post_comments_1.json": COMMENTS[:2],
                 f"{activity}comments/post_comments_2.json": COMMENTS[2:]}
    files[f"{activity}comments/reels_comments.json"] = {"comments_reels_comments": [
        comment("My reel, my rules", "AVA.S", T0 + 40), comment("Nice cut", "@kim_f", T0 + 50)]}
    ex = me.load(export(tmp_path, files, era=era))
    assert comments_of(ex) == [*EXPECTED, ("My reel, my rules", "own", "", "Reel comments", at(T0 + 40)),
                               ("Nice cut", "person", "kim_f", "Reel comments", at(T0 + 50))]
    rows = ex.items[ex.items.kind == "comment"]
    assert (rows.platform == "instagram").all() and (rows.uri == "").all() and rows.source_file.str.contains(
        "comments/").all()
    assert "comments" not in " ".join(missing(ex)) and reasons(ex) == [] and balanced(ex)


def test_comments_2020_from_comments_json(tmp_path):
    """<=2020 comments.json as one public parser reads it (unverified): [ISO time, text, owner] lists."""
    root = tmp_path / "export"
    write_json(root / "media.json", {"photos": [{"path": "photos/201901/a.jpg", "taken_at": "2019-01-05T10:00:00",
                                                 "caption": "x"}]})
    write_json(root / "profile.json", {"username": "ava.s", "private_account": False, "biography": "Bread",
                                       "email": "ava@example.com"})
    write_json(root / "comments.json", {"media_comments": [["2019-01-06T10:00:00+00:00", "Caf\u00e9?", "sam.example"],
                                                           ["2019-01-07T10:00:00", "Thanks!", "ava.s"], "junk"],
                                        "live_comments": []})
    ex = me.load(root)
    assert [(c[0], c[1], c[2]) for c in comments_of(ex)] == [("Café?", "person", "sam.example"),
                                                             ("Thanks!", "own", "")]
    assert reasons(ex) == ["comment is not a [time, text, owner] list; skipped",
                           "section 'live_comments' of comments.json is not read"]
    facts = ex.account[ex.account.fact == "profile"]
    assert facts[["state", "basis"]].values.tolist() == [["username", "ava.s"], ["bio", "Bread"]]  # no e-mail
    assert missing(ex) == [] and balanced(ex)


@pytest.mark.parametrize("labels, said", [
    (("Opmerking", "Media-eigenaar", "Tijd"), None),  # Dutch: a public data-donation parser (2024)
    (("Kommentar", "Medieninhaber", "Zeit"), None),  # German: unverified ("Zeit" is seen in privacy files)
    (("Commentaire", "Propriétaire du média", "Heure"), None),  # French, owner first: unverified
    (("コメント", "メディアの所有者", "時間"), "'コメント', 'メディアの所有者'"),  # Japanese: unverified, read by shape
])
def test_translated_comment_labels(tmp_path, labels, said):
    records = [comment("So schön \U0001F338", "sam.example", T0 + 1, labels),
               comment("Danke", "ava.s", T0 + 2, labels)]
    if labels[0] == "Commentaire":  # the owner's label first: each label says which is which
        records = [{"string_map_data": {labels[1]: {"value": owner}, labels[0]: {"value": text},
                                        labels[2]: {"timestamp": when}}}
                   for text, owner, when in (("So schön \U0001F338", "sam.example", T0 + 1),
                                             ("Danke", "ava.s", T0 + 2))]
    ex = me.load(export(tmp_path, {IA + "comments/post_comments_1.json": records}))
    assert [c[:3] for c in comments_of(ex)] == [("So schön \U0001F338", "person", "sam.example"),
                                                ("Danke", "own", "")]
    if said is None:
        assert reasons(ex) == []
    else:  # said once for the file, not once per comment
        assert reasons(ex) == [f"comment labels {said} are not known; read by their shape (the time is the one "
                               "timestamp, the owner a username, the text the other value)"]
    assert balanced(ex)


def test_unknown_labels_tell_owner_from_text_by_shape(tmp_path):
    """Unverified labels in an unknown order: the username-shaped value is the owner, the other the text."""
    owner_first = {"string_map_data": {"Omistaja": {"value": "sam.example"}, "Kommentti": {"value": "Hieno kuva!"},
                                       "Aika": {"timestamp": T0}}}
    both_words = {"string_map_data": {"A": {"value": "wow"}, "B": {"value": "sam.example"}, "C": {"timestamp": T0 + 1}}}
    ex = me.load(export(tmp_path, {IA + "comments/post_comments_1.json": [owner_first, both_words]}))
    # Two username-shaped values: Meta's order (text, then owner) decides.
    assert [c[:3] for c in comments_of(ex)] == [("Hieno kuva!", "person", "sam.example"),
                                                ("wow", "person", "sam.example")]
    assert len(reasons(ex)) == 1 and balanced(ex)


def test_older_string_list_shape(tmp_path):
    """title = the media owner, string_list_data[0] = text and time: two public parsers read it (unverified)."""
    record = {"title": "sam.example", "string_list_data": [{"href": "", "value": "Ol\u00e1!", "timestamp": T0}]}
    ex = me.load(export(tmp_path, {"comments/post_comments.json": {"comments_media_comments": [record]}},
                        era="2021-22"))
    assert comments_of(ex) == [("Olá!", "person", "sam.example", "Comments", at(T0))]


def test_own_username_from_the_export_name_or_not_at_all(tmp_path):
    files = {IA + "comments/post_comments_1.json": COMMENTS[:2]}
    root = export(tmp_path, files, name="instagram-ava.s-2025-11-02-AbCdEfGh")
    (root / PERSONAL_2025).unlink()
    assert [c[1] for c in comments_of(me.load(root))] == ["own", "person"]  # the wrapper names the account
    bare = export(tmp_path, files, name="export")
    (bare / PERSONAL_2025).unlink()
    ex = me.load(bare)
    assert [c[1:3] for c in comments_of(ex)] == [("unknown", "ava.s"), ("unknown", "sam.example")]
    assert any(r.startswith("your username was not found") for r in reasons(ex)) and balanced(ex)


def test_a_comments_photo_is_an_item_only_when_it_is_a_file_of_its_own(tmp_path):
    photo, elsewhere = "media/comments/202311/5_n_17900000000000077.jpg", "media/comments/202311/6.jpg"
    record = comment("Look at mine", "sam.example", T0 + 5, media_list_data=[
        media(photo, T0 + 5), {"uri": post_uri(1001)}, {"uri": elsewhere}, {"uri": "https://example.com/x.jpg"}, 7])
    ex = me.load(export(tmp_path, {IA + "comments/post_comments_1.json": [record]}, media_files=(photo,)))
    rows = ex.items.set_index("uri")
    assert rows.loc[photo, ["kind", "where", "where_name", "caption", "album"]].tolist() == [
        "photo", "person", "sam.example", "Look at mine", "Comments"]
    assert rows.loc[photo, "item_id"] == "instagram:photo:17900000000000077" and rows.loc[photo, "has_file"]
    # The own post it names stays one post item; a file not in the export and a web address are no items.
    assert rows.loc[post_uri(1001), "album"] == "Posts" and len(ex.items) == 3 and elsewhere not in rows.index
    assert balanced(ex) and reasons(ex) == []


def test_bad_comment_records_are_skipped_and_counted(tmp_path):
    records = ["text", {}, {"string_map_data": "x"}, comment("", "sam.example", T0),
               comment("ok", "sam.example", 123)]
    ex = me.load(export(tmp_path, {IA + "comments/post_comments_1.json": records}))
    assert [c[:2] for c in comments_of(ex)] == [("", "person"), ("ok", "person")]  # a time alone is a comment
    assert ex.problems.skipped.sum() == 3 and balanced(ex)
    assert "time: timestamp 123 is before 2004 (not plausible)" in reasons(ex)


# --- other content, 2026 media names ---------------------------------------------------------------

def test_other_content_and_2026_media_names(tmp_path):
    video = "media/other/202510/17900000000000051.mp4"
    subtitles = "media/other/202510/17900000000000051.srt"
    files = {
        IA + "media/other_content.json": {"ig_other_media": [
            {"media": [media("media/other/202509/1_n_17900000000000050.jpg", T0 + 1, "Bread timetable")]},
            {"media": [media(video, T0 + 2, media_metadata={"video_metadata": {"subtitles": {"uri": subtitles}}})]}]},
        # 2026: a post's media without a month folder, a single-image post under media/other/
        IA + "media/posts_2.json": [{"media": [media("media/posts/17900000000000052.heic", T0 + 3, "No month")]},
                                    {"media": [media("media/other/17900000000000053.webp", T0 + 4, "Single")]}],
    }
    ex = me.load(export(tmp_path, files, media_files=(video, subtitles, "media/posts/17900000000000052.heic")))
    rows = ex.items.set_index("uri")
    assert rows.loc["media/other/202509/1_n_17900000000000050.jpg", ["kind", "album", "caption"]].tolist() == [
        "photo", "Other content", "Bread timetable"]
    assert rows.loc[video, ["kind", "album", "has_file"]].tolist() == ["video", "Other content", True]
    assert rows.loc["media/posts/17900000000000052.heic", ["kind", "album", "item_id", "has_file"]].tolist() == [
        "photo", "Posts", "instagram:photo:17900000000000052", True]
    assert rows.loc["media/other/17900000000000053.webp", ["kind", "album"]].tolist() == ["photo", "Posts"]
    assert subtitles not in rows.index and len(ex.items) == 5
    sources = ex.sources.set_index("path")
    assert sources.loc["(media files: subtitles)", ["status", "items"]].tolist() == ["media class", 1]
    assert sources.loc["(media files: items)", "items"] == 2 and sources.loc["(media files)", "items"] == 3
    assert reasons(ex) == [] and balanced(ex)


# --- Threads --------------------------------------------------------------------------------------

def threads_post(text: str, when: int, reply: bool | None = None, uri: str | None = None) -> dict:
    entry: dict[str, Any] = {"creation_timestamp": when, "title": "" if uri else text}
    if reply is not None:
        entry["text_app_post"] = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": reply}
    if uri is not None:
        return {"title": text, "creation_timestamp": when, "media": [{**entry, "uri": uri}]}
    return {"media": [entry]}


def threads_profile(private: str, photo: str = "") -> dict:
    record: dict[str, Any] = {"string_map_data": string_map(Username="ava.s", Name="Ava S", Bio="Brot \U0001F35E",
                                                             Private_Account=private)}
    if photo:
        record["media_map_data"] = {"Profile Photo": media(photo, T0 - 100)}
    return {"text_post_app_text_post_app_profile": [record]}


def test_threads_posts_replies_and_profile(tmp_path):
    photo, avatar = "media/threads/202311/1_n_17900000000000061.jpg", "media/profile/202311/1_n_17900000000000062.jpg"
    posts = [threads_post("First thread! \U0001F9F5", T0 + 1, False), threads_post("@sam.example agreed", T0 + 2, True),
             threads_post("Loaf #112", T0 + 3, False, uri=photo), {"media": [{"uri": "", "title": "Empty uri",
                                                                                 "creation_timestamp": T0 + 4}]},
             {"media": []}, {"media": ["x"]}]
    files = {IA + "threads/threads_and_replies.json": {"text_post_app_text_posts": posts},
             IA + "threads/personal_information.json": threads_profile("True", avatar)}
    ex = me.load(export(tmp_path, files, media_files=(photo, avatar)))
    threads = ex.items[ex.items.platform == "threads"].sort_values("created")
    assert list(zip(threads.kind, threads["where"].astype(str), threads.album, threads.caption, strict=True)) == [
        ("profile_photo", "own", "Profile photos", ""),
        ("post", "own", "Threads", "First thread! \U0001F9F5"),
        ("post", "unknown", "Threads replies", "@sam.example agreed"),
        ("photo", "own", "Threads", "Loaf #112"),
        ("post", "own", "Threads", "Empty uri")]
    assert threads.has_file.tolist() == [True, False, False, True, False] and threads.uri.iloc[3] == photo
    account = ex.account[ex.account.platform == "threads"]
    assert account[["fact", "state", "basis"]].values.tolist() == [
        ["visibility", "private", "threads: current state (no switch history is exported)"],
        ["profile", "username", "ava.s"], ["profile", "name", "Ava S"], ["profile", "bio", "Brot \U0001F35E"]]
    assert (account.source_file == IA + "threads/personal_information.json").all()
    assert ex.problems.skipped.sum() == 2 and reasons(ex) == [
        "Threads post has no media, time or text; skipped", "Threads entry is a str, not an object; skipped"]
    assert balanced(ex)


def test_threads_without_reply_flags_are_all_own_and_a_public_profile(tmp_path):
    posts = [threads_post("one", T0 + 1), threads_post("two", T0 + 2)]
    files = {IA + "threads/threads_and_replies.json": {"text_post_app_text_posts": posts},
             IA + "threads/personal_information.json": threads_profile("False")}
    ex = me.load(export(tmp_path, files))
    threads = ex.items[ex.items.platform == "threads"]
    assert set(threads["where"]) == {"own"} and set(threads.album) == {"Threads"} and len(threads) == 2
    assert ex.account.loc[ex.account.platform == "threads", "state"].iloc[0] == "public"


def test_threads_profile_without_a_private_flag_is_said(tmp_path):
    profile = {"text_post_app_text_post_app_profile": [{"string_map_data": string_map(Name="Ava")}]}
    ex = me.load(export(tmp_path, {IA + "threads/personal_information.json": profile}))
    assert ex.account[(ex.account.platform == "threads") & (ex.account.fact == "visibility")].empty
    assert reasons(ex) == ["no 'Private Account' field found; the current state is unknown (Threads)"]


# --- the Instagram profile ------------------------------------------------------------------------

def test_public_profile_fields_become_facts(tmp_path):
    root = export(tmp_path, {})
    write_json(root / PERSONAL_2025, personal(Name="Ava Sýnthetic", Bio="Hills \u26f0\ufe0f", Website="https://ava.example",
                                              Email="ava@example.com", Phone_Number="+351", Gender="female"))
    facts = me.load(root).account
    facts = facts[facts.fact == "profile"]
    assert facts[["platform", "state", "basis"]].values.tolist() == [
        ["instagram", "username", "ava.s"], ["instagram", "name", "Ava Sýnthetic"],
        ["instagram", "bio", "Hills \u26f0\ufe0f"], ["instagram", "website", "https://ava.example"]]
    assert (facts.source_file == PERSONAL_2025).all()


# --- Meta AI -------------------------------------------------------------------------------------

def chat(title: str | None, *messages: tuple[str, int, Any]) -> dict:
    out: dict[str, Any] = {"participants": [{"name": "Ava S"}, {"name": "Meta AI"}], "messages": [
        {"sender_name": who, "timestamp_ms": ms, **(body if isinstance(body, dict) else {"content": body})}
        for who, ms, body in messages]}
    if title is not None:
        out["title"] = title
    return out


def test_meta_ai_chats_and_interests(tmp_path):
    ms = T0 * 1000
    files = {
        IA + "messages/ai_conversations/metaai_1/message_1.json": chat(  # newest first, as Meta writes
            "Meta AI", ("Meta AI", ms + 2000, "Crumb: open \U0001F35E"), ("Ava S", ms + 1000, "A caption, please"),
            ("Ava S", str(ms), {"photos": [{"uri": "x/photos/1.jpg"}]}), ("Ava S", ms + 3000, {})),
        IA + "messages/ai_conversations/metaai_2/message_1.json": chat(None, ("Ava S", ms + 9000, "Hallo")),
        IA + "messages/inbox/sam_1/message_1.json": chat("Sam", ("Sam", ms, "hi")),
        IA + "ai/interest_categories.json": [
            {"timestamp": T0 + 5, "label_values": [{"label": "Interest", "value": "You like bread."},
                                                   {"label": "Last updated time", "timestamp_value": T0 + 6}]},
            {"timestamp": T0 + 1, "label_values": [{"label": "Interesse", "value": "Du wanderst gern."}]},
            {"timestamp": T0, "label_values": [{"label": "Last updated time", "timestamp_value": T0}]}],
    }
    files[IA + "messages/ai_conversations/metaai_1/message_1.json"]["messages"].append("junk")
    ex = me.load(export(tmp_path, files))
    ai = ex.ai
    assert list(zip(ai.conversation, ai.author, ai.text, ai.kind.astype(str), ai.created, strict=True)) == [
        ("Interest categories", "Meta AI", "Du wanderst gern.", "interest", at(T0 + 1)),  # ai/ sorts first
        ("Interest categories", "Meta AI", "You like bread.", "interest", at(T0 + 6)),
        ("Meta AI", "Ava S", "[photos]", "message", at(T0)),  # each file oldest first
        ("Meta AI", "Ava S", "A caption, please", "message", at(T0 + 1)),
        ("Meta AI", "Meta AI", "Crumb: open \U0001F35E", "message", at(T0 + 2)),
        ("metaai_2", "Ava S", "Hallo", "message", at(T0 + 9))]  # no title: the folder names it
    assert (ai.platform == "instagram").all() and "inbox" not in " ".join(ai.source_file)
    assert ex.sources.set_index("path").loc[IA + "messages/inbox/sam_1/message_1.json", "status"] == "ignored"
    assert reasons(ex) == ["interest record has no text; left out", "message has no text; left out",
                           "message is a str, not an object; left out"]
    assert not ex.problems.skipped.any() and len(ex.items) == 1 and balanced(ex)  # AI rows are not items


# --- insights -------------------------------------------------------------------------------------

def insight(uri: str, created: int, reached: Any, label: str = "Accounts reached") -> dict:
    return {"media_map_data": {"Media Thumbnail": {"uri": uri, "creation_timestamp": created, "title": ""}},
            "string_map_data": {"Creation Timestamp": {"timestamp": created}, label: {"value": reached},
                                "Impressions": {"value": "9999"}}}


def test_insights_set_accounts_reached_on_their_posts(tmp_path):
    carousel = [media(post_uri(2001), T0), media(post_uri(2002, ext="mp4"), T0)]
    files = {
        IA + "media/posts_2.json": [{"media": carousel, "title": "Two", "creation_timestamp": T0 + 100},
                                    {"media": [media(post_uri(2003), T0 + 200, "Single")]},
                                    {"media": [media(post_uri(2004), T0 + 300, "Unreached")]}],
        "logged_information/past_instagram_insights/posts.json": {"organic_insights_posts": [
            insight(post_uri(2001), T0 + 100, "1,234"),
            insight("media/posts/gone.jpg", T0 + 200, 56),  # not the file: found by the post's time
            insight("media/posts/other.jpg", T0 + 999, "7"),
            insight(post_uri(2004), T0 + 300, "lots"),
            insight(post_uri(2004), T0 + 300, "8", label="Bereik")]},
    }
    ex = me.load(export(tmp_path, files))
    reached = ex.items.set_index("uri")["reached"]
    assert reached[post_uri(2001)] == 1234 and reached[post_uri(2002, ext="mp4")] == 1234
    assert reached[post_uri(2003)] == 56 and pd.isna(reached[post_uri(2004)]) and pd.isna(reached[post_uri(1001)])
    assert str(ex.items.reached.dtype) == "Int64"
    assert reasons(ex) == [
        "'Accounts reached' is 'lots', not a count; not used", "insight has no 'Accounts reached'; not used",
        "insight of a post not found in the export (media/posts/other.jpg): 7 accounts reached, not attached to "
        "an item"]
    assert balanced(ex)


# --- what a partial export lacks --------------------------------------------------------------------

@pytest.mark.parametrize("era, lacks", [
    ("2021-22", ["comments/"]),
    ("2023-24", [IA + "comments/", IA + "threads/"]),
    ("2025", [IA + "comments/", IA + "threads/", IA + "messages/"])])
def test_missing_categories_by_era(tmp_path, era, lacks):
    ex = me.load(export(tmp_path, {}, era=era))
    assert missing(ex) == lacks and ex.problems.item.tolist() == ["comments", "Threads posts", "messages"][:len(lacks)]
    assert set(ex.problems.file) == {WRAPPER} and not ex.problems.skipped.any()
    assert ex.problems.reason.str.contains("you may have none, or they were left out when the export was requested. "
                                           "To be sure, request it again with 'All available information'").all()


def test_missing_categories_are_said_once_for_a_multipart_export(tmp_path):
    part1 = export(tmp_path, {})
    part2 = tmp_path / "instagram-ava.s-2025-11-02-ZyXwVuTs"
    write_bytes(part2 / post_uri(1001), JPEG)  # part 2: media only
    ex = me.load(part1, part2)
    assert missing(ex) == [IA + "comments/", IA + "threads/", IA + "messages/"]
    assert ex.problems.reason.iloc[1].startswith("holds no Threads posts (your_instagram_activity/threads/; Meta's AI "
                                                 "policy covers public Threads posts)")
    # Part 2 alone may be any part of a split download: what it lacks is not judged.
    assert missing(me.load(part2)) == []


def test_a_whole_export_lacks_nothing(tmp_path):
    ex = me.load(every_category(export(tmp_path, {})))
    assert ex.problems.empty


# --- every media file accounted for -----------------------------------------------------------------

def test_every_media_file_is_an_item_or_counted_in_a_named_class(tmp_path):
    """A fixture holding media of every kind: each file is an item's, or counted as messages or subtitles."""
    ai_photo = IA + "messages/ai_conversations/metaai_1/photos/1.jpg"
    dm_photo = IA + "messages/inbox/sam_1/photos/2.jpg"
    content = {
        IA + "media/stories.json": {"ig_stories": [media(post_uri(3001, "stories"), T0)]},
        IA + "media/reels.json": {"ig_reels_media": [{"media": [media(post_uri(3002, "reels", "mp4"), T0)]}]},
        IA + "media/profile_photos.json": {"ig_profile_picture": [media(post_uri(3003, "profile"), T0)]},
        IA + "media/other_content.json": {"ig_other_media": [{"media": [media(post_uri(3004, "other"), T0)]}]},
        IA + "threads/threads_and_replies.json": {"text_post_app_text_posts": [
            threads_post("t", T0, uri=post_uri(3005, "threads"))]},
        IA + "threads/personal_information.json": threads_profile("False", post_uri(3006, "profile")),
        IA + "comments/post_comments_1.json": [comment("c", "sam", T0, media_list_data=[
            {"uri": post_uri(3007, "comments")}])],
        IA + "messages/ai_conversations/metaai_1/message_1.json": chat("Meta AI", (
            "Ava S", T0 * 1000, {"photos": [{"uri": ai_photo}]})),
    }
    files = [post_uri(n, f) for n, f in ((1001, "posts"), (3001, "stories"), (3003, "profile"), (3004, "other"),
                                         (3005, "threads"), (3006, "profile"), (3007, "comments"))]
    files += [post_uri(3002, "reels", "mp4"), post_uri(3002, "reels", "srt"), ai_photo, dm_photo]
    root = export(tmp_path, content, media_files=tuple(files))
    on_disk = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.suffix != ".json")
    ex = me.load(root)
    counted = ex.sources[ex.sources.path.str.startswith("(media files:")].set_index("path")
    assert counted["items"].to_dict() == {"(media files: items)": 8, "(media files: messages)": 2,
                                          "(media files: subtitles)": 1}
    assert counted["items"].sum() == len(on_disk) == 11 == ex.sources.set_index("path").loc["(media files)", "items"]
    assert set(ex.items.loc[ex.items.has_file, "uri"]) == set(on_disk) - {ai_photo, dm_photo,
                                                                         post_uri(3002, "reels", "srt")}
    write_bytes(root / "media/posts/202311/stray.jpg", JPEG)  # a file no record lists is counted as such
    write_bytes(root / "notes/scan.pdf", JPEG)
    sources = me.load(root).sources.set_index("path")
    assert sources.loc["(media files: content listed in no file read)", "items"] == 1
    assert sources.loc["(media files: other files)", "items"] == 1


# --- routes ---------------------------------------------------------------------------------------

def test_routes_of_the_new_files():
    for rel in (IA + "comments/post_comments_1.json", "comments/post_comments.json", "comments.json",
                IA + "comments/reels_comments.json", IA + "media/other_content.json",
                IA + "threads/threads_and_replies.json", IA + "threads/personal_information.json",
                IA + "messages/ai_conversations/metaai_1/message_1.json",
                IA + "ai/interest_categories.json", "logged_information/past_instagram_insights/posts.json"):
        assert instagram.route(rel)[1] is not None, rel
    for rel in (IA + "messages/inbox/sam_1/message_1.json", IA + "comments/comments_on_ads.json",
                IA + "threads/liked_threads.json", "logged_information/past_instagram_insights/reels.json"):
        assert instagram.route(rel) == (True, None), rel


def test_a_uri_naming_the_wrapper_folder_still_counts_its_file_as_an_items(tmp_path):
    root = export(tmp_path, {IA + "media/stories.json": {"ig_stories": [
        media(f"{WRAPPER}/{post_uri(3001, 'stories')}", T0), media("media\\stories\\202311\\2.jpg", T0)]}},
        media_files=(post_uri(1001), post_uri(3001, "stories"), "media/stories/202311/2.jpg"))
    sources = me.load(root).sources.set_index("path")["items"]
    assert sources["(media files: items)"] == sources["(media files)"] == 3
