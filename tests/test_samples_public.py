"""The sample files of everything Meta can train on beyond Ava's own posts (issue 15), as written.

Counts come from the plans in metaexposure/samples/_public.py and _public_instagram.py (their
docstrings). These tests look at the files, not at what the loader makes of them: the parsers for
them are written separately, and test_samples_facebook.py and test_instagram.py hold the load counts.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import metaexposure as me
from metaexposure.samples import SAMPLES_DIR, SETS, write_samples
from metaexposure.samples._public_instagram import AI_THREAD
from metaexposure.samples._public_text import PAGES
from metaexposure.samples._write import _meta_encode
from metaexposure.samples.facebook import WRAPPER_2021, WRAPPER_2024
from metaexposure.samples.variants import JURISDICTION_FILE, write_jurisdiction_variant
from metaexposure.text import repair_tree

FB24 = SAMPLES_DIR / "facebook-2024" / WRAPPER_2024
FB21 = SAMPLES_DIR / "facebook-2021" / WRAPPER_2021
IG25 = SAMPLES_DIR / "instagram-2025" / "instagram-avasynthetic-2025-11-02-SyNtH25i"
IG21 = SAMPLES_DIR / "instagram-2021" / "instagram-avasynthetic-2021-06-30-SyNtH21i"
FA, IA = "your_facebook_activity/", "your_instagram_activity/"  # the era folders
NAME = "Ava Synthetic"

# (export root, path, key holding the records or None for a bare list, records): the plans' numbers.
FILES = [
    (FB24, FA + "comments_and_reactions/comments.json", "comments_v2", 12),
    (FB24, FA + "groups/group_posts_and_comments.json", "group_posts_v2", 5),
    (FB24, FA + "groups/your_comments_in_groups.json", "group_comments_v2", 4),
    (FB24, FA + "groups/your_pending_posts_in_groups.json", "pending_posts_v2", 1),
    (FB24, FA + "groups/your_group_membership_activity.json", "groups_joined_v2", 3),
    (FB24, FA + "pages/pages_you've_liked.json", "page_likes_v2", 4),
    (FB24, FA + "pages/pages_and_profiles_you_follow.json", "pages_followed_v2", 6),
    (FB24, FA + "posts/posts_on_other_pages_and_profiles.json", None, 3),
    (FB24, FA + "messages/ai_conversations.json", None, 2),
    (FB24, FA + "activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json", None, 3),
    (FB24, "apps_and_websites_off_of_facebook/connected_apps_and_websites.json", "installed_apps_v2", 3),
    (FB24, "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json", "off_facebook_activity_v2", 3),
    (FB24, JURISDICTION_FILE, None, 1),
    (FB24, "preferences/preferences/your_story_highlights.json", None, 2),
    (FB21, "comments/comments.json", "comments", 4),
    (FB21, "posts/your_posts_in_groups.json", None, 2),
    (IG25, IA + "comments/post_comments_1.json", None, 6),
    (IG25, IA + "comments/reels_comments.json", "comments_reels_comments", 2),
    (IG25, IA + "media/other_content.json", "ig_other_media", 2),
    (IG25, IA + "threads/threads_and_replies.json", "text_post_app_text_posts", 6),
    (IG25, IA + "threads/personal_information.json", "text_post_app_text_post_app_profile", 1),
    (IG25, IA + f"messages/ai_conversations/{AI_THREAD}/message_1.json", "messages", 4),
    (IG25, IA + "ai/interest_categories.json", None, 3),
    (IG25, "logged_information/past_instagram_insights/posts.json", "organic_insights_posts", 3),
    (IG21, "comments/post_comments.json", "comments_media_comments", 2),
]
# Photo files that only the new files point at: FB 2024 comment 1 + group 3 + wall post 1 + note 1.
NEW_PHOTOS = {FB24: 6, FB21: 1, IG25: 3, IG21: 0}


def read(root: Path, rel: str) -> Any:
    return repair_tree(json.loads((root / rel).read_bytes()))


def records(root: Path, rel: str, key: str | None) -> list:
    data = read(root, rel)
    return data if key is None else data[key]


def uris(node: Any) -> list[str]:
    """Every 'uri' value in a JSON tree, in order."""
    if isinstance(node, dict):
        found = [node["uri"]] if isinstance(node.get("uri"), str) else []
        return found + [u for value in node.values() for u in uris(value)]
    if isinstance(node, list):
        return [u for value in node for u in uris(value)]
    return []


def strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [k, *strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return [node] if isinstance(node, str) else []


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp())


# --- written as Meta writes, byte for byte again ---------------------------------------------

def test_all_samples_regenerate_byte_for_byte(tmp_path):
    write_samples(tmp_path)
    for folder in sorted({f for folders in SETS.values() for f in folders}):
        fresh, committed = ({p.relative_to(base / folder): p.read_bytes() for p in (base / folder).rglob("*")
                             if p.is_file()} for base in (tmp_path, SAMPLES_DIR))
        assert fresh.keys() == committed.keys(), f"{folder}: run `make samples`"
        assert [rel for rel in fresh if fresh[rel] != committed[rel]] == [], f"{folder}: run `make samples`"


@pytest.mark.parametrize(("root", "rel", "key", "count"), FILES, ids=[f"{r.parent.name}:{p}" for r, p, _, _ in FILES])
def test_file_holds_the_planned_records(root, rel, key, count):
    data = read(root, rel)
    assert isinstance(data, list if key is None else dict)
    found = records(root, rel, key)
    assert isinstance(found, list) and len(found) == count
    assert all(isinstance(record, dict) for record in found)


@pytest.mark.parametrize(("root", "rel"), [(r, p) for r, p, _, _ in FILES], ids=[p for _, p, _, _ in FILES])
def test_written_in_metas_encoding(root, rel):
    """ASCII only, each UTF-8 byte a \\u00XX escape: re-encoding the repaired text gives the file back."""
    raw = (root / rel).read_bytes()
    assert raw.isascii() and raw.endswith((b"}\n", b"]\n"))
    assert json.loads(raw) == _meta_encode(read(root, rel))


def test_texts_need_repair_and_come_back_whole():
    texts = {s for root, rel, _, _ in FILES for s in strings(read(root, rel))}
    raw = b"".join((root / rel).read_bytes() for root, rel, _, _ in FILES)
    assert b"\\u00c3\\u00a9" in raw and b"\\u00e4\\u00ba\\u00ac" in raw and b"\\u00f0\\u009f" in raw  # é, 京, emoji
    for expected in ("Zoë Fictícia", "Kyoto Travel Notes 京都", "Sourdough Bakers 🍞", "Parabéns, Zoë! 🎉",
                     "京都の紅葉を思い出す。Kyoto four years ago today 🍁"):
        assert expected in texts
    assert not any("Ã" in t or "ð\x9f" in t for t in texts)


def test_new_photos_are_small_jpegs_with_their_exif_time():
    for root, count in NEW_PHOTOS.items():
        listed = {u for r, rel, _, _ in FILES if r == root for u in uris(read(r, rel))}
        if root == FB24:  # the note's photo is in the posts file
            posts = read(FB24, FA + "posts/your_posts__check_ins__photos_and_videos_1.json")
            listed |= {u for p in posts for a in p.get("attachments", []) for d in a["data"] if "note" in d
                       for u in uris(d)}
        new = {u for u in listed if "/stories/" not in u and "/profile/" not in u and "/posts/20" not in u}
        assert len(new) == count, root
        for uri in sorted(new):
            data = (root / uri).read_bytes()
            assert len(data) < 4096, uri
            image = Image.open(io.BytesIO(data))
            image.load()
            assert image.format == "JPEG" and max(image.size) <= 64
            assert not image.getexif().get_ifd(0x8825), uri  # no GPS: nothing new on the map
            assert image.getexif().get_ifd(0x8769).get(0x9003), uri


# --- Facebook 2024 ----------------------------------------------------------------------------

def test_comments_reach_pages_friends_replies_own_photos_and_a_group():
    comments = records(FB24, FA + "comments_and_reactions/comments.json", "comments_v2")
    titles = [c["title"] for c in comments]
    liked = {p["name"] for p in records(FB24, FA + "pages/pages_you've_liked.json", "page_likes_v2")}
    on_pages = [t for t in titles if any(t == f"{NAME} commented on {page}'s post." for page in liked)]
    assert len(on_pages) == 3 and {p for p, _ in PAGES[:2]} <= liked
    assert sum(t.startswith(f"{NAME} replied to ") and t.endswith("'s comment.") for t in titles) == 2
    assert titles.count(f"{NAME} commented on her own photo.") == 2
    groups = [c["data"][0]["comment"]["group"] for c in comments if "group" in c["data"][0]["comment"]]
    assert groups == ["Hiking Club"]
    assert len([t for t in titles if "commented on" in t and "her own" not in t]) == 3 + 4 + 1
    attached = [d for c in comments for a in c.get("attachments", []) for d in a["data"]]
    assert sorted(key for entry in attached for key in entry) == ["external_context", "media"]
    assert all(c["data"][0]["comment"]["author"] == NAME and c["timestamp"] == c["data"][0]["comment"]["timestamp"]
               for c in comments)
    assert [c["timestamp"] for c in comments] == sorted((c["timestamp"] for c in comments), reverse=True)


def test_groups_posts_comments_pending_and_membership():
    joined = records(FB24, FA + "groups/your_group_membership_activity.json", "groups_joined_v2")
    groups = {g["data"][0]["name"] for g in joined}
    assert groups == {"Hiking Club", "Sourdough Bakers 🍞", "Placeholder Street Neighbours"}
    assert all(g["title"] == f"{NAME} joined {g['data'][0]['name']}." for g in joined)
    posts = records(FB24, FA + "groups/group_posts_and_comments.json", "group_posts_v2")
    assert {p["title"].removeprefix(f"{NAME} posted in ").removesuffix(".") for p in posts} == groups
    photos = [uris(p) for p in posts if uris(p)]
    assert sorted(map(len, photos)) == [1, 2]
    assert all(m["title"] == "" for p in posts for a in p.get("attachments", []) for d in a["data"]
               for m in [d["media"]])
    comments = records(FB24, FA + "groups/your_comments_in_groups.json", "group_comments_v2")
    assert {c["data"][0]["comment"]["group"] for c in comments} == groups
    pending = records(FB24, FA + "groups/your_pending_posts_in_groups.json", "pending_posts_v2")
    assert pending[0]["data"][0]["post"].endswith("🪜")


def test_pages_and_posts_on_other_profiles():
    liked = records(FB24, FA + "pages/pages_you've_liked.json", "page_likes_v2")
    followed = records(FB24, FA + "pages/pages_and_profiles_you_follow.json", "pages_followed_v2")
    assert {p["name"] for p in liked} < {p["name"] for p in followed}
    wall = records(FB24, FA + "posts/posts_on_other_pages_and_profiles.json", None)
    targets = [next(v["value"] for v in r["label_values"] if v.get("label") == "Target") for r in wall]
    assert sorted(targets) == ["Placeholder City Library", "Sam Example", "Zoë Fictícia"]
    assert "Placeholder City Library" in {p["name"] for p in liked}
    with_media = [r for r in wall if any("media" in v for v in r["label_values"])]
    assert len(with_media) == 1 and (FB24 / uris(with_media[0])[0]).is_file()
    assert all(r["fbid"] in next(v["value"] for v in r["label_values"] if v.get("label") == "URL") for r in wall)


def test_note_post_shares_one_photo():
    posts = read(FB24, FA + "posts/your_posts__check_ins__photos_and_videos_1.json")
    notes = [d["note"] for p in posts for a in p.get("attachments", []) for d in a["data"] if "note" in d]
    assert len(notes) == 1 and len(notes[0]["media"]) == 1 and notes[0]["title"] and notes[0]["text"]


def test_meta_ai_conversations_facebook():
    conversations = records(FB24, FA + "messages/ai_conversations.json", None)
    messages = [m["dict"] for c in conversations for v in c["label_values"] if "dict" in v for m in v["dict"]]
    assert len(messages) == 6 and all(c["title"] and c["timestamp"] for c in conversations)
    senders = [next(f["value"] for f in m if f["label"] == "Sender") for m in messages]
    assert senders.count(NAME) == 3 and senders.count("Meta AI") == 3
    assert all(any("timestamp_value" in f for f in m) for m in messages)


def test_apps_off_meta_activity_jurisdiction_highlights_and_tags():
    apps = records(FB24, "apps_and_websites_off_of_facebook/connected_apps_and_websites.json", "installed_apps_v2")
    removed = [a for a in apps if "removed_timestamp" in a]
    assert len(removed) == 1 and removed[0]["removed_timestamp"] > removed[0]["added_timestamp"]
    businesses = records(FB24, "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json",
                         "off_facebook_activity_v2")
    assert sum(len(b["events"]) for b in businesses) == 9
    assert all({"id", "type", "timestamp"} == set(e) for b in businesses for e in b["events"])
    jurisdiction = read(FB24, JURISDICTION_FILE)[0]["label_values"]
    assert jurisdiction == [{"label": "Privacy jurisdiction", "value": "United States"}]
    stories = set(uris(read(FB24, FA + "stories/archived_stories.json")))
    highlighted = uris(read(FB24, "preferences/preferences/your_story_highlights.json"))
    assert len(highlighted) == 2 and set(highlighted) <= stories and all((FB24 / u).is_file() for u in highlighted)
    tagged = read(FB24, FA + "activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json")
    assert uris(tagged) == [] and all(v["value"].startswith("https://www.facebook.com/")
                                      for r in tagged for v in r["label_values"] if v["label"] == "URL")


def test_profile_has_name_and_bio():
    profile = read(FB24, "personal_information/profile_information/profile_information.json")["profile_v2"]
    assert profile["name"]["full_name"] == NAME and profile["intro_bio"]


def test_jurisdiction_variant(tmp_path):
    src = SAMPLES_DIR / "facebook-2024"
    written = write_jurisdiction_variant(src, tmp_path / "uk")
    assert written == tmp_path / "uk" / WRAPPER_2024 / JURISDICTION_FILE
    assert repair_tree(json.loads(written.read_bytes()))[0]["label_values"][0]["value"] == "United Kingdom"
    changed = [p for p in src.rglob("*") if p.is_file()
               and p.read_bytes() != (tmp_path / "uk" / p.relative_to(src)).read_bytes()]
    assert changed == [FB24 / JURISDICTION_FILE]
    write_jurisdiction_variant(src, tmp_path / "uk", "Deutschland 🇩🇪", overwrite=True)
    assert b"\\u00f0\\u009f\\u0087\\u00a9" in written.read_bytes()
    with pytest.raises(FileExistsError):
        write_jurisdiction_variant(src, tmp_path / "uk")
    with pytest.raises(FileNotFoundError):
        write_jurisdiction_variant(SAMPLES_DIR / "facebook-2021", tmp_path / "old")


# --- Facebook 2019-2021 -----------------------------------------------------------------------

def test_2021_comments_and_posts_in_groups():
    comments = records(FB21, "comments/comments.json", "comments")
    assert all(c["timestamp"] < utc("2021-06-30") for c in comments)
    posts = read(FB21, "posts/your_posts_in_groups.json")
    assert {p["title"] for p in posts} == {f"{NAME} posted in Hiking Club."}
    photo = uris(posts)
    assert len(photo) == 1 and photo[0].startswith("photos_and_videos/HikingClub_") and "_n_" in photo[0]
    exif = posts[[bool(uris(p)) for p in posts].index(True)]["attachments"][0]["data"][0]["media"]["media_metadata"]
    assert "exif_data" not in exif["photo_metadata"]  # flat EXIF, as this era writes it


# --- Instagram --------------------------------------------------------------------------------

def test_instagram_comments():
    comments = records(IG25, IA + "comments/post_comments_1.json", None)
    reels = records(IG25, IA + "comments/reels_comments.json", "comments_reels_comments")
    owners = [c["string_map_data"]["Media Owner"]["value"] for c in comments + reels]
    assert owners.count("avasynthetic") == 4 and len(set(owners)) == 5
    assert all(set(c["string_map_data"]) == {"Comment", "Media Owner", "Time"} for c in comments + reels)
    times = [c["string_map_data"]["Time"]["timestamp"] for c in comments]
    assert times == sorted(times, reverse=True)
    older = records(IG21, "comments/post_comments.json", "comments_media_comments")
    assert all(c["string_map_data"]["Time"]["timestamp"] < utc("2021-06-30") for c in older)


def test_threads_posts_and_public_profile():
    posts = records(IG25, IA + "threads/threads_and_replies.json", "text_post_app_text_posts")
    media = [m for p in posts for m in p["media"]]
    text_only = [m for m in media if "uri" not in m]
    assert len(text_only) == 5 and all(m["title"] and m["creation_timestamp"] for m in text_only)
    with_photo = [p for p in posts if uris(p)]
    assert len(with_photo) == 1 and with_photo[0]["title"] and (IG25 / uris(with_photo)[0]).is_file()
    assert uris(with_photo)[0].startswith("media/threads/")
    assert sum(m["text_app_post"]["is_reply"] for m in media) == 1
    assert min(m["creation_timestamp"] for m in media) >= utc("2023-07-05")  # Threads opened that day
    profile = records(IG25, IA + "threads/personal_information.json", "text_post_app_text_post_app_profile")[0]
    assert profile["string_map_data"]["Private Account"]["value"] == "False"
    assert profile["string_map_data"]["Bio"]["value"] and (IG25 / uris(profile)[0]).is_file()


def test_instagram_other_media_ai_and_insights():
    other = uris(read(IG25, IA + "media/other_content.json"))
    assert len(other) == 2 and all(u.startswith("media/other/") and (IG25 / u).is_file() for u in other)
    chat = read(IG25, IA + f"messages/ai_conversations/{AI_THREAD}/message_1.json")
    assert [p["name"] for p in chat["participants"]] == [NAME, "Meta AI"]
    stamps = [m["timestamp_ms"] for m in chat["messages"]]
    assert stamps == sorted(stamps, reverse=True) and {m["sender_name"] for m in chat["messages"]} == {NAME, "Meta AI"}
    interests = read(IG25, IA + "ai/interest_categories.json")
    assert all([v["label"] for v in r["label_values"]] == ["Interest", "Last updated time"] for r in interests)
    insights = records(IG25, "logged_information/past_instagram_insights/posts.json", "organic_insights_posts")
    post_media = set(uris(read(IG25, IA + "media/posts_1.json")))
    assert {r["media_map_data"]["Media Thumbnail"]["uri"] for r in insights} <= post_media
    assert all(r["string_map_data"]["Accounts reached"]["value"] for r in insights)


# --- what the loader makes of them -------------------------------------------------------------

@pytest.mark.parametrize("folder", ["instagram-2021", "instagram-2025"])
def test_no_instagram_sample_file_is_unknown(folder):
    sources = me.load(SAMPLES_DIR / folder).sources
    assert sources.loc[sources["status"] == "unknown", "path"].tolist() == []
