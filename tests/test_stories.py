"""Stories are public for a day; after that only a highlight, which the export does not show, keeps them."""

import pandas as pd

from metaexposure import frame
from metaexposure.audience import infer_audience
from metaexposure.exposure import exposure_timeline
from metaexposure.records import Fact, Item, item


def ts(day: str) -> int:
    return int(pd.Timestamp(day, tz="UTC").timestamp())


def load(items: list[Item]):
    account = frame.account_frame([
        Fact("instagram", "visibility", "public", None, None, "test"),
        Fact("instagram", "export", "", ts("2025-11-01")),
    ])
    return infer_audience(frame.items_frame(items), account), account


def story(day: str, n: int) -> Item:
    return item("instagram", "story", ts(day), album="Stories", meta_id=str(n))


def test_an_old_story_was_public_for_a_day_and_is_unknown_now():
    items, _ = load([story("2023-03-01", 1), story("2025-01-10", 2),
                     item("instagram", "photo", ts("2023-03-01"), album="Posts", meta_id="3")])
    old, new, post = items.itertuples(index=False)
    assert (old.audience, old.audience_basis) == ("unknown", "none")
    assert old.public_since == pd.Timestamp("2023-03-01", tz="UTC")
    assert not old.ai_exposed  # its public day was long before 2024-06-26
    assert new.ai_exposed  # public on 2025-01-10, after the policy took effect
    assert (post.audience, post.audience_basis) == ("public", "ig:account-public")


def test_a_labelled_story_is_a_highlight_and_stays_public():
    class Review:  # what infer_audience reads of a review: its labels
        album_labels: dict = {}
        item_labels = {"instagram:story:1": "public"}

    items = infer_audience(frame.items_frame([story("2023-03-01", 1)]), load([])[1], Review())
    assert (items.audience.item(), items.audience_basis.item()) == ("public", "label:item")
    assert items.ai_exposed.item()


def test_the_timeline_shows_a_story_public_in_its_month_only():
    items, account = load([story("2023-03-10", 1)])
    timeline = exposure_timeline(items, account=account).set_index(["period", "exposure"])["visible"]
    assert timeline[(pd.Timestamp("2023-03-01", tz="UTC"), "public")] == 0  # gone by the month's end
    assert timeline[(pd.Timestamp("2023-03-01", tz="UTC"), "unknown")] == 1
