"""Small Facebook export trees, one per layout era (FORMATS.md section 1), written at test time."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

T0 = 1_400_000_000  # 2014-05-13


def meta(value: str) -> str:
    """Meta's text encoding: every UTF-8 byte as its own U+00XX character."""
    return value.encode("utf-8").decode("latin-1")


def put(root: Path, rel: str, obj: Any) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(obj, (bytes, str)):
        path.write_bytes(obj if isinstance(obj, bytes) else obj.encode())
    else:
        path.write_text(json.dumps(obj, indent=1, ensure_ascii=True))


def photo(uri: str, ts: int, title: str = "", **extra: Any) -> dict:
    return {"uri": uri, "creation_timestamp": ts, "title": title, **extra}


def post(ts: int, text: str | None = None, media: list[dict] = (), place: dict | None = None,
         link: str | None = None, tags: list | None = None) -> dict:
    record: dict = {"timestamp": ts, "title": "Ava Synthetic updated her status."}
    if text is not None:
        record["data"] = [{"post": meta(text)}, {"update_timestamp": ts + 60}]
    attachments = [{"data": [{"media": m}]} for m in media]
    if place:
        attachments.append({"data": [{"place": place}]})
    if link:
        attachments.append({"data": [{"external_context": {"url": link}}]})
    if attachments:
        record["attachments"] = attachments
    if tags is not None:
        record["tags"] = tags
    return record


def era_2024(root: Path, prefix: str = "your_facebook_activity/", account: str = "") -> Path:
    """2024+: your_facebook_activity/, fbid file names, videos_v2, stories, reels. ``account`` is put before
    preferences/ and connections/ (the 2024 variant nests them under personal_information/profile_information/)."""
    media = f"{prefix}posts/media/"
    p1 = photo(f"{media}Lisbon2012_1001/5001.jpg", T0, "Lisbon 2012",
               media_metadata={"photo_metadata": {"exif_data": [{"taken_timestamp": T0 - 100,
                                                                 "latitude": 38.7, "longitude": -9.1}]}})
    p2 = photo(f"{media}Lisbon2012_1001/5002.jpg", T0 + 1, "Lisbon 2012")
    put(root, f"{prefix}posts/your_posts__check_ins__photos_and_videos_1.json", [
        post(T0 + 10, "Caf\u00e9 in Lisboa \U0001F600", media=[p1, p2], tags=[{"name": "Sam Example"}]),
        post(T0 + 20, "Just text, \u65e5\u672c"),
        post(T0 + 30, "Look at this", link="https://example.org/story"),
        post(T0 + 40, None, place={"name": "Tower", "coordinate": {"latitude": 38.69, "longitude": -9.21}}),
    ])
    put(root, f"{prefix}posts/album/0.json", {
        "name": "Lisbon 2012", "last_modified_timestamp": T0,
        "photos": [p1, p2, photo(f"{media}Lisbon2012_1001/5003.jpg", T0 + 2, "Lisbon 2012")]})
    put(root, f"{prefix}posts/album/1.json", {
        "name": "Profile pictures", "photos": [photo(f"{media}ProfilePictures_1002/6001.jpg", T0 + 5),
                                               photo(f"{media}ProfilePictures_1002/6002.jpg", T0 + 500)]})
    put(root, f"{prefix}posts/album/2.json", {
        "name": "Cover photos", "photos": [photo(f"{media}CoverPhotos_1003/7001.jpg", T0 + 6)]})
    put(root, f"{prefix}posts/your_videos.json", {"videos_v2": [
        {"uri": f"{media}videos/8001.mp4", "creation_timestamp": T0 + 50, "description": "Surfing"}]})
    put(root, f"{prefix}posts/your_uncategorized_photos.json", {"other_photos_v2": [
        photo(f"{media}Uncategorized_1004/9001.jpg", T0 + 60)]})
    put(root, f"{prefix}stories/archived_stories.json", {"archived_stories_v2": [
        post(T0 + 70, None, media=[photo(f"{media}stories/9101.jpg", T0 + 70)])]})
    put(root, f"{prefix}reels/your_reels.json", {"lasso_videos_v2": [
        post(T0 + 80, "my reel", media=[photo(f"{media}reels/9201.mp4", T0 + 80)])]})
    put(root, f"{prefix}posts/archive.json", [{
        "timestamp": T0 + 90, "fbid": "777", "media": [],
        "label_values": [{"label": "Message", "value": meta("Old news \u00fcber alles")},
                         {"label": "URL", "value": "https://www.facebook.com/ava/posts/777",
                          "href": "https://www.facebook.com/ava/posts/777"}]}])
    put(root, f"{account}preferences/preferences/privacy_settings.json", {"privacy_v2": [{"label_values": [
        {"title": "Your activity", "dict": [{"label": "Who can see your future posts?", "value": "Friends"}]}]}]})
    put(root, f"{account}connections/friends/your_friends.json", {"friends_v2": []})
    put(root, f"{prefix}some_new_feature/whatever.json", {"x": 1})
    for rel in ("Lisbon2012_1001/5001.jpg", "Lisbon2012_1001/5002.jpg", "ProfilePictures_1002/6001.jpg"):
        put(root, media + rel, b"\xff\xd8\xff\xd9")
    return root


def era_2019(root: Path, suffix: str = "aBcDeFgHiJ") -> Path:
    """2019-2021: posts/your_posts_1.json (bare list), photos_and_videos/album, flat EXIF, ['Name'] tags."""
    folder = f"photos_and_videos/Holidays_{suffix}/"
    p1 = photo(f"{folder}1234_5678_9012_n_3001.jpg", T0, "Holidays",
               media_metadata={"photo_metadata": {"taken_timestamp": T0 - 50, "latitude": 48.85,
                                                  "longitude": 2.35, "upload_ip": "192.0.2.1"}})
    put(root, "posts/your_posts_1.json", [
        post(T0 + 10, "Paris!", media=[p1], tags=["Sam Example", "Kim Placeholder"]),
        post(T0 + 20, "Status only")])
    put(root, "photos_and_videos/album/0.json", {"name": "Holidays", "photos": [p1]})
    put(root, "photos_and_videos/album/1.json", {"name": "Profile Pictures", "photos": [
        photo(f"photos_and_videos/ProfilePictures_{suffix}/1_2_3_n_3002.jpg", T0 + 5)]})
    put(root, "photos_and_videos/your_videos.json", {"videos": [
        {"uri": f"photos_and_videos/videos_{suffix}/1_2_3_n_3003.mp4", "creation_timestamp": T0 + 30}]})
    put(root, "stories/archived_stories.json", [post(T0 + 40, None, media=[photo("stories/1_2_3_n_3004.jpg",
                                                                                  T0 + 40)])])
    return root


def era_2018(root: Path) -> Path:
    put(root, "posts/your_posts.json", {"status_updates": [post(T0, "Hello 2018"), post(T0 + 5, "Second")]})
    put(root, "posts/other_people's_posts_to_your_timeline.json", {"wall_posts_sent_to_you": []})
    put(root, "photos/photos.json", {"albums": [{"name": "Timeline Photos", "photos": [
        photo("photos/TimelinePhotos_x/1_2_3_n_4001.jpg", T0 + 1)]}]})
    put(root, "videos/videos.json", {"videos": [{"uri": "videos/1_2_3_n_4002.mp4", "creation_timestamp": T0 + 2}]})
    return root


def era_late_2021(root: Path) -> Path:
    put(root, "posts/your_posts_1.json", [post(T0, "Late 2021")])
    put(root, "posts/album/0.json", {"name": "Mobile uploads", "photos": [
        photo("posts/media/Mobileuploads_abcdefghij/1_2_3_n_5001.jpg", T0 + 1)]})
    put(root, "posts/your_videos.json", {"videos_v2": [{"uri": "posts/media/videos/1_2_3_n_5002.mp4",
                                                        "creation_timestamp": T0 + 2}]})
    put(root, "stories/archived_stories.json", {"archived_stories_v2": []})
    return root


def era_2022(root: Path, posts_name: str = "your_posts__check_ins__photos_and_videos_1.json") -> Path:
    base = "your_activity_across_facebook/posts/"
    put(root, base + posts_name, [post(T0, "2022 post")])
    put(root, base + "album/0.json", {"name": "Mobile uploads", "photos": [
        photo(base + "media/Mobileuploads_1/6001.jpg", T0 + 1)]})
    put(root, base + "your_uncategorized_photos.json", {"other_photos_v2": [
        photo(base + "media/x_1/6002.jpg", T0 + 2)]})
    return root


def era_pages_2025(root: Path) -> Path:
    base = "this_profile's_activity_across_facebook/posts/"
    put(root, base + "profile_posts_1.json", [post(T0, "Pages-style profile post")])
    put(root, base + "album/0.json", {"name": "Profile pictures", "photos": [
        photo(base + "media/ProfilePictures_1/7001.jpg", T0 + 1)]})
    put(root, base + "videos.json", {"videos_v2": [{"uri": base + "media/videos/7002.mp4",
                                                     "creation_timestamp": T0 + 2}]})
    return root


def zip_folder(folder: Path, zip_path: Path, prefix: str = "") -> Path:
    """Zip a folder's files, each under prefix; deterministic order."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
    return zip_path


# --- what you wrote in other people's places, and the account files (issue 15; FORMATS.md section 8) -------

NAME = "Ava Synthetic"
JPEG = b"\xff\xd8\xff\xd9"


def comment(ts: int, title: str, text: str, *, group: str = "", attachments: list | None = None) -> dict:
    said: dict = {"timestamp": ts, "comment": meta(text), "author": NAME}
    if group:
        said["group"] = meta(group)
    record: dict = {"timestamp": ts, "data": [{"comment": said}], "title": meta(title)}
    if attachments:
        record["attachments"] = attachments
    return record


def group_post(ts: int, title: str, text: str, media: list[dict] = ()) -> dict:
    record = post(ts, text, media=list(media))
    record["title"] = meta(title)
    return record


def label_record(ts: int, *values: dict, fbid: str = "") -> dict:
    record: dict = {"timestamp": ts, "label_values": list(values)}
    if fbid:
        record["fbid"] = fbid
    return record


def message(sender: str, said: str, ts: int, labels: tuple[str, str, str] = ("Sender", "Message", "Sent")) -> dict:
    return {"dict": [{"label": labels[0], "value": meta(sender)}, {"label": labels[1], "value": meta(said)},
                     {"label": labels[2], "timestamp_value": ts}]}


# Items public_files adds: comments 8 + 1 comment photo, group posts 3 (1 a photo), group comments 2,
# pending 1, posts on other profiles and Pages 4 (1 a photo), the note's photo 1.
PUBLIC_ITEMS = 20


def public_files(root: Path, activity: str = "your_facebook_activity/", account: str = "", *,
                 stories: str = "your_facebook_activity/posts/media/stories/9101.jpg") -> Path:
    """The files of FORMATS.md section 8 in 2022+ shapes: ``activity`` is the era folder (with its nesting),
    ``account`` what comes before the account folders (personal_information/, preferences/, ...)."""
    media = f"{activity}posts/media/"
    comment_photo = photo(f"{media}Commentphotos_2001/3001.jpg", T0 + 100)
    put(root, f"{activity}comments_and_reactions/comments.json", {"comments_v2": [
        comment(T0 + 101, f"{NAME} commented on Daily Planet's post.", "Great reporting"),
        comment(T0 + 102, f"{NAME} commented on Sam Example's photo.", "Lovely \U0001F60D",
                attachments=[{"data": [{"media": comment_photo}]}]),
        comment(T0 + 103, f"{NAME} replied to Zo\u00eb Fict\u00edcia's comment.", "Haha, cr\u00e8me br\u00fbl\u00e9e"),
        comment(T0 + 104, f"{NAME} commented on her own post.", "Thanks all"),
        comment(T0 + 105, f"{NAME} commented on {NAME}'s photo.", "Still the best view"),
        comment(T0 + 106, f"{NAME} commented on Kim Fictional's post.", "Count me in", group="Hiking Club"),
        comment(T0 + 107, f"{NAME} commented on Sam Example's post.", "",
                attachments=[{"data": [{"external_context": {"url": "https://example.com/cats"}}]}]),
        # German UI (unverified wording): the title is not read, the comment still loads, where unknown.
        comment(T0 + 108, f"{NAME} hat den Beitrag von Sam Example kommentiert.", "Sch\u00f6n!"),
    ]})
    group_photo = photo(f"{media}HikingClub_2002/3002.jpg", T0 + 110)
    put(root, f"{activity}groups/group_posts_and_comments.json", {"group_posts_v2": [
        group_post(T0 + 111, f"{NAME} posted in Hiking Club.", "Summit!", [{**group_photo, "title": ""}]),
        group_post(T0 + 112, f"{NAME} posted in Sourdough Bakers \U0001F35E.", "Day 5 of my starter"),
        group_post(T0 + 113, f"{NAME} hat in Wanderfreunde gepostet.", "Wer kommt mit?"),  # German: group unnamed
    ]})
    put(root, f"{activity}groups/your_comments_in_groups.json", {"group_comments_v2": [
        comment(T0 + 114, f"{NAME} commented on Kim Fictional's post.", "I can bring the map", group="Hiking Club"),
        {"timestamp": T0 + 115, "data": [{"comment": {"timestamp": T0 + 115, "comment": "No group named"}}]},
    ]})
    put(root, f"{activity}groups/your_pending_posts_in_groups.json", {"pending_posts_v2": [
        {"timestamp": T0 + 116, "data": [{"post": meta("Anyone have a ladder? \U0001FA9C")}]}]})
    put(root, f"{activity}groups/your_group_membership_activity.json", {"groups_joined_v2": [
        {"timestamp": T0 - 300, "data": [{"name": "Hiking Club"}], "title": f"{NAME} joined Hiking Club."},
        {"timestamp": T0 - 200, "title": meta(f"{NAME} joined Sourdough Bakers \U0001F35E.")},
        {"timestamp": T0 - 100, "data": [{"name": "Old Street"}], "title": f"{NAME} left Old Street."}]})
    wall_photo = {"uri": f"{media}Postsonotherprofiles_2003/3003.jpg", "creation_timestamp": T0 + 120,
                  "description": "Happy birthday!"}
    put(root, f"{activity}posts/posts_on_other_pages_and_profiles.json", [
        label_record(T0 + 121, {"label": "Message", "value": "Happy birthday!"},
                     {"label": "Target", "value": "Sam Example"}, {"label": "Media", "media": [wall_photo]},
                     {"label": "URL", "value": "https://www.facebook.com/sam/posts/41",
                      "href": "https://www.facebook.com/sam/posts/41"}, fbid="41"),
        label_record(T0 + 122, {"label": "Message", "value": "Thanks for the late hours"},
                     {"label": "Posted to", "value": "Daily Planet"}, fbid="42"),
        # German labels (unverified): kept, the target unknown; the caption holds both values.
        label_record(T0 + 123, {"label": "Nachricht", "value": meta("Gr\u00fc\u00dfe")},
                     {"label": "Ziel", "value": "Kim"}),
        label_record(T0 + 124, {"label": "Message", "value": "See you all"}, {"label": "Target", "value": "Walkers"},
                     {"label": "URL", "value": "https://www.facebook.com/groups/walkers/posts/44"}, fbid="44"),
    ])
    put(root, f"{activity}posts/your_posts__check_ins__photos_and_videos_2.json", [{
        "timestamp": T0 + 130, "title": f"{NAME} published a note.", "attachments": [{"data": [{"note": {
            "title": "Lisbon notes", "text": meta("Trams and past\u00e9is"), "created_timestamp": T0 + 129,
            "media": [{**photo(f"{media}Notes_2004/3004.jpg", T0 + 129), "title": ""}]}}]}]}])
    put(root, f"{activity}pages/pages_you've_liked.json", {"page_likes_v2": [
        {"name": "Daily Planet", "timestamp": T0 - 50, "url": "https://www.facebook.com/dailyplanet"}]})
    put(root, f"{activity}pages/pages_and_profiles_you_follow.json", {"pages_followed_v2": [
        {"timestamp": T0 - 40, "title": "Example Magazine", "data": [{"name": "Example Magazine"}]}]})
    put(root, f"{activity}messages/ai_conversations.json", [
        {"timestamp": T0 + 140, "title": "Sourdough", "fbid": "51", "label_values": [
            {"label": "Conversation", "value": "Sourdough"},
            {"title": "Messages", "dict": [message(NAME, "Why is my bread dense?", T0 + 140),
                                           message("Meta AI", "Proof it longer \u2013 4\u20138 hours.", T0 + 141)]}]},
        # Labels in German (unverified): the author is found by shape (the one value that is 'Meta AI').
        {"timestamp": T0 + 150, "title": "Kyoto", "label_values": [{"title": "Nachrichten", "dict": [
            message("Meta AI", "Day 1: Fushimi Inari", T0 + 151, ("Absender", "Nachricht", "Gesendet"))]}]}])
    put(root, f"{activity}activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json", [
        label_record(T0 + 160, {"label": "Posted by", "value": "Sam Example"},
                     {"label": "URL", "value": "https://www.facebook.com/sam/photos/61"}),
        label_record(T0 + 170, {"label": "Posted by", "value": "Kim Fictional"})])
    put(root, f"{account}personal_information/profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": NAME}, "username": "ava.synthetic", "intro_bio": meta("Bread & hills \U0001F35E"),
        "websites": [{"address": "https://example.org/ava"}], "profile_uri": "https://www.facebook.com/ava"}})
    put(root, f"{account}apps_and_websites_off_of_facebook/connected_apps_and_websites.json", {"installed_apps_v2": [
        {"name": "Fitness Tracker", "added_timestamp": T0 - 500, "category": "active"},
        {"name": "Puzzles", "added_timestamp": T0 - 400, "removed_timestamp": T0 - 10, "category": "removed"}]})
    put(root, f"{account}apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json",
        {"off_facebook_activity_v2": [{"name": "Bookshop", "events": [
            {"id": 1, "type": "PAGE_VIEW", "timestamp": T0 + 1}, {"id": 1, "type": "PURCHASE", "timestamp": T0 + 9}]}]})
    put(root, f"{account}logged_information/location/your_privacy_jurisdiction.json", [
        label_record(T0 + 200, {"label": "Privacy jurisdiction", "value": meta("Deutschland \U0001F1E9\U0001F1EA")})])
    put(root, f"{account}preferences/preferences/your_story_highlights.json", [label_record(
        T0 + 90, {"label": "Title", "value": "Summer"}, {"label": "Creation time", "timestamp_value": T0 + 90},
        {"label": "Media", "media": [photo(stories, T0 + 70)]})])
    for rel in ("Commentphotos_2001/3001.jpg", "HikingClub_2002/3002.jpg", "Postsonotherprofiles_2003/3003.jpg",
                "Notes_2004/3004.jpg"):
        put(root, media + rel, JPEG)
    return root


def public_2021(root: Path, suffix: str = "aBcDeFgHiJ") -> Path:
    """2019-2021: comments/comments.json ('comments'), posts/your_posts_in_groups.json (a bare list), the
    profile ('profile'). Adds 2 comments and 2 group posts (1 a photo with flat EXIF) to era_2019."""
    put(root, "comments/comments.json", {"comments": [
        comment(T0 + 201, f"{NAME} commented on her own photo.", "Still the best view"),
        comment(T0 + 202, f"{NAME} commented on Sam Example's post.", "Lovely")]})
    hiking = photo(f"photos_and_videos/HikingClub_{suffix}/1_2_3_n_3101.jpg", T0 + 210, "",
                   media_metadata={"photo_metadata": {"taken_timestamp": T0 + 200}})
    put(root, "posts/your_posts_in_groups.json", [
        group_post(T0 + 211, f"{NAME} posted in Hiking Club.", "Glove found", [hiking]),
        group_post(T0 + 212, f"{NAME} posted in Hiking Club.", "Route for Sunday")])
    put(root, "profile_information/profile_information.json", {"profile": {"name": NAME}})
    put(root, hiking["uri"], JPEG)
    return root
