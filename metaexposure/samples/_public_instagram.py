"""What Ava wrote on Instagram outside her own posts, on Threads and to Meta AI (FORMATS.md section 8).

The plan (tests/test_samples_public.py reads its numbers from here):

2025 (instagram-2025):
- your_instagram_activity/comments/post_comments_1.json: a bare list of 6 comments, 3 on her own posts
  (Media Owner "avasynthetic") and 3 on other accounts' posts; comments/reels_comments.json
  (comments_reels_comments): 2, 1 on her own reel.
- your_instagram_activity/media/other_content.json (ig_other_media): 2 records of 1 photo each, under
  media/other/YYYYMM/ (2 JPEGs).
- your_instagram_activity/threads/threads_and_replies.json (text_post_app_text_posts): 6 Threads posts,
  5 text-only (no uri) of which 1 a reply, and 1 with a photo under media/threads/YYYYMM/ (1 JPEG);
  threads/personal_information.json (text_post_app_text_post_app_profile): a public profile
  ("Private Account" False) whose photo is her latest Instagram profile photo.
- your_instagram_activity/messages/ai_conversations/metaai_<id>/message_1.json: 1 conversation with
  Meta AI, 4 messages, newest first as in any message folder.
- your_instagram_activity/ai/interest_categories.json: a bare list of 3 label_values records.
- logged_information/past_instagram_insights/posts.json (organic_insights_posts): 3 posts with
  "Accounts reached"; their Media Thumbnail uri is the post's first media, so insights join to posts.

2021 (instagram-2021): comments/post_comments.json in the older shape (comments_media_comments): 2.

The Threads and other-content media folders are not documented publicly: named like the others.
"""

from __future__ import annotations

from typing import Any

from . import _public_text as words
from .instagram import POSTS, PROFILE_PHOTOS, P, _exif, _Media, _media, _string_map, _ts

NAME, USERNAME = "Ava Synthetic", "avasynthetic"
AI_THREAD = "metaai_17851093726408315"


def _comment(when: str, owner: str, text: str) -> dict[str, Any]:
    return {"string_map_data": {"Comment": {"value": text}, "Media Owner": {"value": owner},
                                "Time": {"timestamp": _ts(when)}}}


def _threads_post(media: _Media, when: str, text: str, photos: int, reply: bool) -> dict[str, Any]:
    """Text posts: the text is the media entry's title and there is no uri; a photo post: caption at top."""
    seconds = _ts(when)
    app = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": reply}
    if not photos:
        return {"media": [{"creation_timestamp": seconds, "title": text,
                           "media_metadata": {"camera_metadata": {"has_camera_metadata": False}},
                           "text_app_post": app}]}
    return {"title": text, "creation_timestamp": seconds, "media": [
        {"uri": media.uri("threads", seconds, i, P), "creation_timestamp": seconds, "title": "",
         "media_metadata": _exif(seconds, P), "text_app_post": app} for i in range(photos)]}


def _ai_conversation() -> dict[str, Any]:
    start = _ts("2025-06-14 20:30") * 1000
    messages = [{"sender_name": NAME if mine else "Meta AI", "timestamp_ms": start + 45_000 * i, "content": text,
                 "is_geoblocked_for_viewer": False}
                for i, (mine, text) in enumerate(words.AI_CONVERSATION_INSTAGRAM)]
    return {"participants": [{"name": NAME}, {"name": "Meta AI"}], "messages": messages[::-1],
            "title": "Meta AI", "is_still_participant": True, "thread_path": f"ai_conversations/{AI_THREAD}"}


def _insights(media: _Media) -> dict[str, Any]:
    records = []
    for index, reached, impressions in words.IG_INSIGHTS:
        when, caption, shots = POSTS[index]
        seconds = _ts(when)
        records.append({"media_map_data": {"Media Thumbnail": {
            "uri": media.uri("posts", seconds, 0, shots[0]), "creation_timestamp": seconds, "title": caption}},
            "string_map_data": {"Creation Timestamp": {"timestamp": seconds}, "Accounts reached": {"value": reached},
                                "Impressions": {"value": impressions}}})
    return {"organic_insights_posts": records[::-1]}


def public_files_2025(media: _Media) -> dict[str, object]:
    """Export-relative path -> content of every 2025 file of the plan; their pictures go through ``media``."""
    activity = "your_instagram_activity"
    other = [{"media": [_media(media, "other", _ts(when), 0, P, title)]} for when, title in words.IG_OTHER_MEDIA]
    threads = [_threads_post(media, *post) for post in words.THREADS]
    profile = {"media_map_data": {"Profile Photo": _media(media, "profile", _ts(PROFILE_PHOTOS[-1]), 0, P)},
               "string_map_data": _string_map(Username=USERNAME, Name=NAME, Bio=words.THREADS_BIO,
                                              Private_Account="False")}
    updated = (_ts("2025-03-01 04:00"), _ts("2025-06-11 04:00"), _ts("2025-10-05 04:00"))
    interests = [{"timestamp": t, "label_values": [{"label": "Interest", "value": text},
                                                   {"label": "Last updated time", "timestamp_value": t}]}
                 for t, text in zip(updated, words.INTERESTS, strict=True)]
    return {
        f"{activity}/comments/post_comments_1.json": [_comment(*c) for c in reversed(words.IG_COMMENTS)],
        f"{activity}/comments/reels_comments.json": {
            "comments_reels_comments": [_comment(*c) for c in reversed(words.IG_REEL_COMMENTS)]},
        f"{activity}/media/other_content.json": {"ig_other_media": other[::-1]},
        f"{activity}/threads/threads_and_replies.json": {"text_post_app_text_posts": threads[::-1]},
        f"{activity}/threads/personal_information.json": {"text_post_app_text_post_app_profile": [profile]},
        f"{activity}/messages/ai_conversations/{AI_THREAD}/message_1.json": _ai_conversation(),
        f"{activity}/ai/interest_categories.json": interests[::-1],
        "logged_information/past_instagram_insights/posts.json": _insights(media),
    }


def public_files_2021() -> dict[str, object]:
    """The 2021 export's comments, in the older shape: an object with comments_media_comments."""
    return {"comments/post_comments.json": {
        "comments_media_comments": [_comment(*c) for c in reversed(words.IG_COMMENTS_2021)]}}
