"""Beyond your posts (notebook 07): comments, groups, Pages, Threads, Meta AI and apps, counted by hand."""

from __future__ import annotations

from metaexposure import frame
from metaexposure.audience import infer_audience
from metaexposure.beyond import ai_summary, apps_summary, beyond_your_posts, places
from metaexposure.records import AiRow, AppRow, Fact, item

T = 1_700_000_000  # 2023-11-14


def items():
    rows = [
        item("facebook", "photo", T, album="Mobile uploads", uri="a/1.jpg"),  # your own: not counted
        item("facebook", "comment", T + 1, caption="Great", where="page", where_name="Daily Planet News"),
        item("facebook", "comment", T + 2, caption="Agreed", where="page", where_name="Daily Planet News"),
        item("facebook", "comment", T + 3, caption="Hi", where="person", where_name="Sam Example"),
        item("facebook", "post", T + 4, caption="Hike", where="group", where_name="Hiking Club"),
        item("facebook", "photo", T + 4, uri="g/2.jpg", where="group", where_name="Hiking Club"),
        item("threads", "post", T + 5, caption="hello threads"),
    ]
    account = frame.account_frame([Fact("threads", "visibility", "public", basis="threads: current state")])
    return infer_audience(frame.items_frame(rows), account)


def test_everything_but_your_own_posts_by_platform_and_place():
    table = beyond_your_posts(items()).set_index(["platform", "what"])
    assert table.loc[("facebook", "comments on Pages"), ["items", "public", "unknown"]].tolist() == [2, 2, 0]
    assert table.loc[("facebook", "comments on other people's profiles"), ["items", "unknown"]].tolist() == [1, 1]
    assert table.loc[("facebook", "photos in groups"), "unknown"] == 1
    assert table.loc[("threads", "posts on your own posts and profile"), "public"] == 1
    assert table["items"].sum() == 6  # the Mobile uploads photo is your own post
    assert table.iloc[0]["public"] == 2  # most public first


def test_places_name_the_pages_and_groups():
    pages = places(items(), "page")
    assert pages[["name", "items", "public"]].values.tolist() == [["Daily Planet News", 2, 2]]
    assert places(items(), "group")[["name", "items", "public"]].values.tolist() == [["Hiking Club", 2, 0]]


def test_ai_and_apps_summaries():
    ai = frame.ai_frame([AiRow("facebook", "Sourdough", T, "Ava", "why dense?", "message", "m.json"),
                         AiRow("facebook", "Sourdough", T + 60, "Meta AI", "more water", "message", "m.json"),
                         AiRow("instagram", "Interests", T, "Meta AI", "Baking", "interest", "i.json")])
    summary = ai_summary(ai).set_index(["platform", "kind"])
    assert summary.loc[("facebook", "message"), ["conversations", "entries"]].tolist() == [1, 2]
    apps = frame.apps_frame([AppRow("facebook", "Quiz", "linked_app", added=T, removed=T + 9),
                             AppRow("facebook", "Recipes", "linked_app", added=T),
                             AppRow("facebook", "Shop", "off_meta_activity", events=3, last_event=T)])
    table = apps_summary(apps).set_index("name")
    assert table["still_linked"].to_dict() == {"Quiz": False, "Recipes": True, "Shop": False}
    assert ai_summary(frame.ai_frame([])).empty and apps_summary(frame.apps_frame([])).empty
