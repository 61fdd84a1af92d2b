"""What Ava wrote or shared in other people's places on Facebook, her Meta AI chats and account links.

These are the files Meta's AI-training notice is about beyond her own posts (FORMATS.md section 8):
comments, group posts, posts on friends' profiles and Pages, Meta AI conversations, linked apps and
off-Meta activity, the privacy jurisdiction. They are written by a second ExportWriter with its own
seed and the export's id set, so adding them leaves every older file of the sample byte for byte as
it was. The plan (tests/test_samples_public.py reads its numbers from here):

2024+ (facebook-2024), under your_facebook_activity/ unless said otherwise:
- comments_and_reactions/comments.json (comments_v2): 12 comments: 3 on Pages she likes (2 on Daily
  Planet News, 1 on The Example Bakery), 4 on friends' posts (one with a photo attachment, one with
  an external link), 2 replies to friends' comments, 2 on her own photos, 1 in the group Hiking Club.
- groups/group_posts_and_comments.json (group_posts_v2): 5 posts in 3 groups, 2 of them with photos
  (3 photos); groups/your_comments_in_groups.json (group_comments_v2): 4; groups/
  your_pending_posts_in_groups.json (pending_posts_v2): 1; groups/your_group_membership_activity.json
  (groups_joined_v2): 3 groups.
- pages/pages_you've_liked.json (page_likes_v2): 4 Pages; pages/pages_and_profiles_you_follow.json
  (pages_followed_v2): those 4 and 2 more (6).
- posts/posts_on_other_pages_and_profiles.json: 3 label_values records, 2 on friends' profiles (one
  with a photo) and 1 on a Page.
- posts/your_posts__check_ins__photos_and_videos_1.json gains 1 post with a Note attachment holding
  1 photo (a 2012 note, as older accounts have).
- messages/ai_conversations.json: 2 conversations with Meta AI, 6 messages (4 and 2).
- activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json: 3 links to photos friends posted.
- At the export root: apps_and_websites_off_of_facebook/connected_apps_and_websites.json
  (installed_apps_v2: 3 apps, 1 removed), apps_and_websites_off_of_facebook/
  your_activity_off_meta_technologies.json (off_facebook_activity_v2: 3 businesses, 9 events),
  logged_information/location/your_privacy_jurisdiction.json (United States: the default
  AI-training start applies; variants.write_jurisdiction_variant makes a UK or EU copy),
  preferences/preferences/your_story_highlights.json (2 highlights, each 1 of the archived photo
  stories).
New photo files: 1 comment + 3 group + 1 wall post + 1 note = 6 JPEGs, no GPS.

2019-2021 (facebook-2021): comments/comments.json (comments: 4) and posts/your_posts_in_groups.json
(a bare list of 2 posts in Hiking Club, 1 with a photo): 1 new JPEG.

Media folders for comment, group, wall-post and note photos are not documented anywhere public: they
are named like album folders (posts/media/<Name>_<fbid>/ and photos_and_videos/<Name>_<random>/).
"""

from __future__ import annotations

from typing import Any

from . import _public_text as words
from ._fbexport import ACTIVITY, NAME, ExportWriter, Photo, newest_first, utc

JURISDICTION = "United States"


def public_writer(export: ExportWriter, seed: str) -> ExportWriter:
    """A second writer on the same export: its own random source, the same id space (no fbid twice)."""
    public = ExportWriter(export.root, seed, old_layout=export.old)
    public.ids = export.ids
    return public


def profile_url(name: str) -> str:
    """An invented Facebook address: the '.synthetic.example' ending marks it as made up."""
    slug = dict(words.PAGES + words.FOLLOWED).get(name) or words.SLUGS[name]
    return f"https://www.facebook.com/{slug}.synthetic.example"


def _untitled(export: ExportWriter, photo: Photo) -> dict[str, Any]:
    # Photos outside albums carry no album title; the export's own 'title' is the user's, empty here.
    return {**export.media(photo), "title": ""}


def _photos(export: ExportWriter, folder: str, moment: int, count: int) -> list[Photo]:
    """``count`` photos in ``folder`` uploaded just before ``moment``, with an EXIF time and no GPS."""
    return [export.photo(folder.rsplit("/", 1)[1], folder, moment - 20 * (count - i), taken=moment - 3600 * (i + 2))
            for i in range(count)]


def _post(export: ExportWriter, moment: int, title: str, text: str, photos: list[Photo]) -> dict[str, Any]:
    record = export.post(moment, title, text=text, media=photos)
    for attachment in record.get("attachments", []):
        for entry in attachment["data"]:
            entry["media"]["title"] = ""  # not an album of hers: no album title
    return record


def _comment(moment: int, title: str, text: str, *, group: str = "",
             attachments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    comment: dict[str, Any] = {"timestamp": moment, "comment": text, "author": NAME}
    if group:
        comment["group"] = group
    record: dict[str, Any] = {"timestamp": moment, "data": [{"comment": comment}]}
    if attachments:
        record["attachments"] = attachments
    record["title"] = title
    return record


def _comment_title(whose: str) -> str:
    if whose == "own":
        return f"{NAME} commented on her own photo."
    if whose.startswith("reply:"):
        return f"{NAME} replied to {whose[6:]}'s comment."
    return f"{NAME} commented on {whose}'s post."


def comments(export: ExportWriter, start: int, end: int, picks: tuple[int, ...]) -> tuple[list[dict], list[Photo]]:
    """The comments of words.COMMENTS at ``picks``, oldest first; and the photos they attach."""
    records, photos = [], []
    for moment, index in zip(export.spread(start, end, len(picks)), picks, strict=True):
        whose, text, extra = words.COMMENTS[index]
        attachments, group = None, ""
        if extra == "photo":
            photos += _photos(export, export.folder("Comment photos"), moment, 1)
            attachments = [{"data": [{"media": _untitled(export, photos[-1])}]}]
        elif extra == "link":
            url, name = words.COMMENT_LINK
            attachments = [{"data": [{"external_context": {"url": url, "name": name}}]}]
        elif extra:
            group = extra
        records.append(_comment(moment, _comment_title(whose), text, group=group, attachments=attachments))
    return records, photos


def note_post(export: ExportWriter) -> dict[str, Any]:
    """A 2012 post sharing a Facebook Note whose one photo is found nowhere else (its file is written)."""
    moment = utc(2012, 7, 14, 20, 15)
    photos = _photos(export, export.folder("Notes"), moment, 1)
    export.files(photos)
    title, body = words.NOTE
    note = {"title": title, "text": body, "media": [_untitled(export, p) for p in photos],
            "created_timestamp": moment, "updated_timestamp": moment + 5400, "tags": [{"name": "Alex Sample"}]}
    return {"timestamp": moment, "attachments": [{"data": [{"note": note}]}], "title": f"{NAME} published a note."}


def _label_values(moment: int, values: list[dict[str, Any]], fbid: str = "") -> dict[str, Any]:
    record: dict[str, Any] = {"timestamp": moment}
    if fbid:
        record["fbid"] = fbid
    record["label_values"] = values
    return record


def _link(url: str) -> dict[str, str]:
    return {"label": "URL", "value": url, "href": url}


def _groups(export: ExportWriter) -> list[Photo]:
    """The group files; returns the photos posted in groups."""
    joined = [(utc(year, 3 + 2 * i, 10), name) for i, (name, year) in enumerate(words.GROUPS)]
    export.json(f"{ACTIVITY}/groups/your_group_membership_activity.json", {"groups_joined_v2": [
        {"timestamp": t, "data": [{"name": name}], "title": f"{NAME} joined {name}."} for t, name in joined[::-1]]})
    posts, photos, folders = [], [], {}
    for moment, (group, text, count) in zip(export.spread(utc(2022, 6, 1), utc(2025, 10, 1), len(words.GROUP_POSTS)),
                                            words.GROUP_POSTS, strict=True):
        if count and group not in folders:  # one media folder per group, like an album's
            folders[group] = export.folder(group)
        shared = _photos(export, folders.get(group, ""), moment, count)
        photos += shared
        posts.append(_post(export, moment, f"{NAME} posted in {group}.", text, shared))
    export.json(f"{ACTIVITY}/groups/group_posts_and_comments.json", {"group_posts_v2": newest_first(posts)})
    group_comments = [_comment(t, f"{NAME} commented on {author}'s post.", text, group=group)
                      for t, (group, author, text) in zip(export.spread(utc(2022, 7, 1), utc(2025, 9, 1), 4),
                                                          words.GROUP_COMMENTS, strict=True)]
    export.json(f"{ACTIVITY}/groups/your_comments_in_groups.json", {"group_comments_v2": newest_first(group_comments)})
    export.json(f"{ACTIVITY}/groups/your_pending_posts_in_groups.json", {"pending_posts_v2": [
        {"timestamp": utc(2025, 10, 30, 18), "data": [{"post": text}]} for _, text in words.PENDING_POSTS]})
    return photos


def _pages(export: ExportWriter) -> None:
    liked = [{"name": name, "timestamp": utc(2012 + 3 * i, 4, 1 + i), "url": profile_url(name)}
             for i, (name, _) in enumerate(words.PAGES)]
    export.json(f"{ACTIVITY}/pages/pages_you've_liked.json", {"page_likes_v2": liked[::-1]})
    followed = liked + [{"name": name, "timestamp": utc(2023, 2 + 5 * i, 20), "url": profile_url(name)}
                        for i, (name, _) in enumerate(words.FOLLOWED)]
    export.json(f"{ACTIVITY}/pages/pages_and_profiles_you_follow.json",
                {"pages_followed_v2": sorted(followed, key=lambda p: -p["timestamp"])})


def _wall_posts(export: ExportWriter) -> list[Photo]:
    records, photos = [], []
    for moment, (where, text, with_photo) in zip(export.spread(utc(2016, 1, 1), utc(2025, 6, 1), 3),
                                                 words.WALL_POSTS, strict=True):
        fbid = export.fbid()
        values: list[dict[str, Any]] = [{"label": "Message", "value": text}, {"label": "Target", "value": where}]
        if with_photo:
            photos += _photos(export, export.folder("Posts on other profiles"), moment, 1)
            photo = photos[-1]
            values.append({"label": "Media", "media": [
                {"uri": photo.uri, "creation_timestamp": photo.created, "description": text}]})
        values.append(_link(f"{profile_url(where)}/posts/{fbid}"))
        records.append(_label_values(moment, values, fbid))
    export.json(f"{ACTIVITY}/posts/posts_on_other_pages_and_profiles.json", records[::-1])
    return photos


def _ai_conversations(export: ExportWriter) -> None:
    conversations = []
    for start, (title, messages) in zip((utc(2024, 5, 18, 9), utc(2025, 8, 2, 21)), words.AI_CONVERSATIONS_FACEBOOK,
                                        strict=True):
        said = [{"dict": [{"label": "Sender", "value": NAME if mine else "Meta AI"},
                          {"label": "Message", "value": text},
                          {"label": "Sent", "timestamp_value": start + 40 * i}]}
                for i, (mine, text) in enumerate(messages)]
        conversations.append({"timestamp": start, "title": title, "fbid": export.fbid(), "label_values": [
            {"label": "Conversation", "value": title}, {"title": "Messages", "dict": said}]})
    export.json(f"{ACTIVITY}/messages/ai_conversations.json", conversations[::-1])


def _apps(export: ExportWriter) -> None:
    apps = []
    for name, category, added, removed in words.APPS:
        app: dict[str, Any] = {"name": name, "added_timestamp": utc(added, 2, 11),
                               "user_app_scoped_id": export.rng.randrange(10**15, 10**16), "category": category}
        if removed:
            app["removed_timestamp"] = utc(removed, 9, 30)
        apps.append(app)
    export.json("apps_and_websites_off_of_facebook/connected_apps_and_websites.json",
                {"installed_apps_v2": sorted(apps, key=lambda a: -a["added_timestamp"])})
    businesses = []
    for name, kinds in words.OFF_META:
        business_id = export.rng.randrange(10**14, 10**15)
        times = export.spread(utc(2024, 11, 1), utc(2025, 10, 31), len(kinds))
        businesses.append({"name": name, "events": [{"id": business_id, "type": kind, "timestamp": t}
                                                    for t, kind in zip(times, kinds, strict=True)][::-1]})
    export.json("apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json",
                {"off_facebook_activity_v2": businesses})


def jurisdiction_record(value: str, exported: int) -> list[dict[str, Any]]:
    """your_privacy_jurisdiction.json: the privacy-law region Meta applies, as one label_values record."""
    return [{"timestamp": exported, "media": [], "label_values": [{"label": "Privacy jurisdiction", "value": value}]}]


def write_public_2024(export: ExportWriter, stories: list[Photo], exported: int) -> None:
    """Every 2024+ file of the plan but the note post (note_post, which goes into the posts file)."""
    records, photos = comments(export, utc(2014, 3, 1), utc(2025, 10, 1), tuple(range(len(words.COMMENTS))))
    export.json(f"{ACTIVITY}/comments_and_reactions/comments.json", {"comments_v2": newest_first(records)})
    photos += _groups(export)
    _pages(export)
    photos += _wall_posts(export)
    export.files(photos)
    _ai_conversations(export)
    tagged = [_label_values(t, [{"label": "Posted by", "value": friend},
                                _link(f"{profile_url(friend)}/photos/{export.fbid()}")])
              for t, friend in zip(export.spread(utc(2015, 1, 1), utc(2025, 7, 1), 3), words.TAGGED_BY, strict=True)]
    export.json(f"{ACTIVITY}/activity_you're_tagged_in/photos_and_videos_you're_tagged_in.json", tagged[::-1])
    _apps(export)
    export.json("logged_information/location/your_privacy_jurisdiction.json",
                jurisdiction_record(JURISDICTION, exported))
    highlights = [_label_values(story.created + 86400, [
        {"label": "Title", "value": title}, {"label": "Creation time", "timestamp_value": story.created + 86400},
        {"label": "Media", "media": [export.media(story)]}]) for story, title in zip(stories, words.HIGHLIGHTS,
                                                                                  strict=True)]
    export.json("preferences/preferences/your_story_highlights.json", highlights[::-1])


def write_public_2021(export: ExportWriter) -> None:
    """The 2019-2021 layout's comments (older key 'comments') and posts in groups (a bare list)."""
    records, _ = comments(export, utc(2014, 3, 1), utc(2021, 5, 1), (0, 3, 6, 8))
    export.json("comments/comments.json", {"comments": newest_first(records)})
    posts, photos = [], []
    folder = export.folder("Hiking Club")
    for moment, (_, text, count) in zip((utc(2019, 5, 12, 17), utc(2020, 9, 6, 16)),
                                        (words.GROUP_POSTS[0], words.GROUP_POSTS[3]), strict=True):
        shared = _photos(export, folder, moment, count)
        photos += shared
        posts.append(_post(export, moment, f"{NAME} posted in Hiking Club.", text, shared))
    export.json("posts/your_posts_in_groups.json", newest_first(posts))
    export.files(photos)
