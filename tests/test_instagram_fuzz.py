"""Whatever JSON sits in an Instagram file, parsing never crashes and every record is accounted for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metaexposure import instagram, instagram_public
from metaexposure.archive import Tree
from metaexposure.errors import Problems
from metaexposure.instagram_media import apply_reach
from metaexposure.instagram_visibility import VisibilitySources, visibility_facts
from metaexposure.records import F_WHERE, Parsed

KEYS = ["media", "uri", "creation_timestamp", "title", "ig_stories", "ig_reels_media", "profile_user",
        "string_map_data", "string_list_data", "Private Account", "Zeit", "timestamp", "value",
        "account_history_account_privacy_history", "photos", "stories", "path", "taken_at", "caption",
        "media_metadata", "photo_metadata", "exif_data", "latitude", "longitude", "date_time_original",
        "private_account", "comments_media_comments", "comments_reels_comments", "media_list_data", "Comment",
        "Media Owner", "Time", "Opmerking", "media_comments", "ig_other_media", "text_post_app_text_posts",
        "text_app_post", "is_reply", "text_post_app_text_post_app_profile", "media_map_data", "Profile Photo",
        "Username", "Bio", "messages", "sender_name", "timestamp_ms", "content", "photos", "label_values", "label",
        "timestamp_value", "organic_insights_posts", "Accounts reached", "Creation Timestamp", "Media Thumbnail"]
LEAVES = (st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
          | st.floats(allow_nan=True, allow_infinity=True)
          | st.sampled_from(["", "True", "false", "media/posts/x_1234567.jpg", "BSC", "2017-07-14T02:40:00",
                             "2019:08:10 14:20:35", "0000:00:00 00:00:00", "000", "public", "privat",
                             "1,234", "ava.s", "1700000000000"])
          | st.text(max_size=8))
JSON = st.recursive(LEAVES, lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), children, max_size=5),
                    max_leaves=30)
FILES = ["media.json", "content/posts_1.json", "content/stories.json", "content/reels.json",
         "content/profile_photos.json", "content/archived_posts.json", "content/recently_deleted_content.json",
         "content/igtv_videos.json", "your_instagram_activity/media/other_content.json",
         "your_instagram_activity/comments/post_comments_1.json", "comments/post_comments.json",
         "your_instagram_activity/comments/reels_comments.json", "comments.json",
         "your_instagram_activity/threads/threads_and_replies.json",
         "your_instagram_activity/threads/personal_information.json",
         "your_instagram_activity/messages/ai_conversations/metaai_1/message_1.json",
         "your_instagram_activity/ai/interest_categories.json", "logged_information/past_instagram_insights/posts.json"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rel=st.sampled_from(FILES), data=JSON)
def test_content_files_never_crash_and_balance(rel, data):
    parsed, problems, tree = Parsed(), Problems(), Tree("instagram")
    ctx = instagram._Context(tree, rel, parsed, problems, VisibilitySources())
    instagram.route(rel)[1](ctx, data)
    # What runs after the last file: comment photos, where comments were written, insights on posts.
    instagram_public.finish(ctx.public, tree, parsed, problems, [("profile.json", "p", data)])
    apply_reach(ctx.public.insights, parsed, problems)
    assert parsed.seen == len(parsed.items) + problems.skipped
    assert all(row[F_WHERE] in ("own", "person", "unknown") for row in parsed.items)


@settings(max_examples=300, deadline=None)
@given(current=JSON, history=JSON)
def test_visibility_never_crashes(current, history):
    sources = VisibilitySources()
    sources.add("current", "personal_information/personal_information/personal_information.json", "c", current)
    sources.add("history", "login_and_account_creation/account_privacy_changes.json", "h", history)
    for fact in visibility_facts(sources, Problems()):
        assert fact.state in ("public", "private")
        assert fact.start is None or fact.end is None or fact.start < fact.end
