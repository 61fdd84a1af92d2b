"""The worklist: flagged items grouped by platform, album and year, with where to act in Meta's UI."""

import json

import pandas as pd
import pytest

import metaexposure as me
from metaexposure.worklist import COLUMNS, worklist_rows
from tests import fbtrees

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"


@pytest.fixture()
def flagged(tmp_path):
    ex = me.load(fbtrees.era_2024(tmp_path / WRAPPER))
    review = me.Review.open(tmp_path / "review.sqlite")
    review.flag(["facebook:photo:5001", "facebook:photo:5002", "facebook:photo:5003"], "make_private",
                items=ex.items)  # the whole Lisbon 2012 album
    review.flag("facebook:profile_photo:6001", "delete", items=ex.items)
    review.flag("facebook:photo:9001", "keep", items=ex.items)
    review.flag("facebook:video:8001", "delete", note="embarrassing", items=ex.items)
    # flagged on an earlier export (on another machine, shared as JSON); gone from this one
    (tmp_path / "laptop.json").write_text(json.dumps({"schema": "metaexposure-review", "version": 2, "flags": {
        "instagram:photo:17900000000000001": {
            "action": "delete", "note": "", "when": "2025-01-01T00:00:00Z",
            "snapshot": {"created": "2016-09-10T22:00:00+00:00", "album": "Posts", "caption": "Beach | sunset",
                         "link": "", "platform": "instagram", "kind": "photo"}}}}), encoding="utf-8")
    review.import_json(tmp_path / "laptop.json")
    return ex, review


def test_rows_are_grouped_and_say_where_to_act(flagged):
    ex, review = flagged
    rows = worklist_rows(ex, review)
    assert list(rows.columns) == list(COLUMNS)
    assert list(zip(rows["platform"], rows["album"], rows["item_id"], strict=True)) == [
        ("facebook", "Lisbon 2012", "facebook:photo:5001"), ("facebook", "Lisbon 2012", "facebook:photo:5002"),
        ("facebook", "Lisbon 2012", "facebook:photo:5003"),
        ("facebook", "Profile pictures", "facebook:profile_photo:6001"),
        ("facebook", "Videos", "facebook:video:8001"), ("instagram", "Posts", "instagram:photo:17900000000000001")]
    by_id = rows.set_index("item_id")
    lisbon = by_id.loc["facebook:photo:5001"]
    assert (lisbon["date"], lisbon["year"], lisbon["action"]) == ("2014-05-13", "2014", "make_private")
    assert lisbon["caption"] == "Café in Lisboa \U0001F600"
    assert lisbon["link"] == "https://www.facebook.com/photo/?fbid=5001"
    assert lisbon["where"].startswith("The album's audience selector")  # every photo of it is flagged
    assert "profile picture" in by_id.loc["facebook:profile_photo:6001", "where"]
    assert by_id.loc["facebook:video:8001", "where"].startswith("Manage Activity")
    assert by_id.loc["facebook:video:8001", "note"] == "embarrassing"
    gone = by_id.loc["instagram:photo:17900000000000001"]
    assert (gone["in_export"], gone["date"], gone["caption"]) == ("no", "2016-09-10", "Beach | sunset")
    assert gone["where"].startswith("Open the post → ⋯ → Delete")
    assert "facebook:photo:9001" not in by_id.index  # keep: nothing to do


def test_part_of_an_album_uses_the_posts_own_selector(flagged):
    ex, review = flagged
    review.unflag("facebook:photo:5003")
    rows = worklist_rows(ex, review).set_index("item_id")
    assert rows.loc["facebook:photo:5001", "where"].startswith("The post's audience selector")
    assert "Limit Past Posts" in rows.loc["facebook:photo:5001", "where"]


def test_worklist_files(flagged, tmp_path):
    ex, review = flagged
    paths = me.worklist(ex, review, tmp_path / "out")
    assert [p.name for p in paths] == ["worklist.csv", "worklist.md"]
    csv = pd.read_csv(paths[0], dtype=str, keep_default_na=False)
    assert len(csv) == 6 and csv.loc[0, "link"] == "https://www.facebook.com/photo/?fbid=5001"
    md = paths[1].read_text(encoding="utf-8")
    assert md.index("## Facebook") < md.index("### Lisbon 2012 (3 items)") < md.index("#### 2014") < md.index(
        "### Profile pictures") < md.index("## Instagram") < md.index("### Posts (1 item)") < md.index("#### 2016")
    assert "6 items to act on (3 to delete, 3 to make private), from review.sqlite" in md and "1 marked keep" in md
    assert "Limit Past Posts" in md and "Manage Activity" in md and "Account privacy" in md
    assert "[open](https://www.facebook.com/photo/?fbid=5001)" in md
    assert "Beach &#124; sunset" in md and "not in this export" in md


def test_worklist_from_snapshots_alone(flagged, tmp_path):
    _, review = flagged
    rows = worklist_rows(None, review).set_index("item_id")
    assert rows.loc["facebook:photo:5002", "caption"] == "Café in Lisboa \U0001F600"
    assert rows.loc["facebook:photo:5002", "in_export"] == ""
    # without the export no album is known to be flagged whole
    assert rows.loc["facebook:photo:5002", "where"].startswith("The post's audience selector")
    paths = me.worklist(None, review, tmp_path / "snap")
    assert all(p.exists() for p in paths)


def test_empty_review_gives_empty_files(tmp_path):
    paths = me.worklist(None, me.Review.open(tmp_path / "none.sqlite"), tmp_path / "out")
    assert pd.read_csv(paths[0]).empty and "0 items to act on" in paths[1].read_text(encoding="utf-8")


def test_worklist_is_never_written_into_the_export(flagged):
    ex, review = flagged
    with pytest.raises(ValueError, match="inside the export"):
        me.worklist(ex, review, ex.paths[0])
