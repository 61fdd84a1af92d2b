"""The plan (issue 18): hand-computed plans on small accounts, steps only when the export shows they apply, the
order of DESIGN.md section 8, steps marked done, the terminal table, Markdown and CSV, and compare by step."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import escape, frame
from metaexposure.audience import infer_audience
from metaexposure.plan import COLUMNS, PAST_TRAINING, uncovered
from metaexposure.plan_output import display_width, plan_markdown, plan_text, write_plan
from metaexposure.records import AiRow, AppRow, Fact, item


def ts(when: str) -> int:
    return int(pd.Timestamp(when, tz="UTC").timestamp())


def export(items: list, facts: list[Fact] = (), review: me.Review | None = None, apps: list[AppRow] = (),
           ai: list[AiRow] = ()) -> me.Export:
    account = frame.account_frame([*facts, Fact("facebook", "export", "", ts("2025-11-01")),
                                   Fact("instagram", "export", "", ts("2025-11-01"))])
    rows = infer_audience(frame.items_frame(items), account, review)
    return me.Export(items=rows, albums=frame.albums_frame(rows), account=account, problems=frame.problems_frame([]),
                     sources=frame.sources_frame([]), review=review, ai=frame.ai_frame(list(ai)),
                     apps=frame.apps_frame(list(apps)))


def summary(plan: pd.DataFrame) -> list[tuple]:
    return list(plan[["key", "covers", "ai_exposed", "covers_unknown", "effort"]].itertuples(index=False, name=None))


INSTAGRAM_PUBLIC = [Fact("instagram", "visibility", "public", None, None)]


def instagram_account() -> list:
    """Six posts and a reel on a public Instagram account, its profile picture, and one Facebook text post."""
    rows = [item("instagram", "photo", ts(f"202{i}-03-01"), album="Posts", meta_id=str(i)) for i in range(6)]
    rows += [item("instagram", "reel", ts("2023-05-01"), album="Reels", meta_id="20"),
             item("instagram", "profile_photo", ts("2019-01-01"), album="Profile photos", meta_id="30"),
             item("instagram", "photo", ts("2022-01-01"), album="Archived", status="archived", meta_id="40"),
             item("facebook", "post", ts("2021-06-01"), caption="hello", meta_id="50")]
    return rows


def test_switching_instagram_private_covers_most():
    plan = me.plan(export(instagram_account(), INSTAGRAM_PUBLIC))
    assert list(plan.columns) == list(COLUMNS)
    # Switches first (Instagram's 7 public items before Limit Past Posts' 1 unknown), then items one by one: the
    # profile picture (public whatever the account's state); the archived photo is not public and counts nowhere.
    assert summary(plan) == [("instagram-private", 7, 7, 0, "switch"), ("limit-past-posts", 0, 0, 1, "switch"),
                             ("items:instagram", 1, 1, 0, "per item")]
    assert list(plan["step"]) == [1, 2, 3] and not plan["done"].any()
    assert plan.loc[0, "action"] == "Switch your Instagram account to private"
    assert "Private account" in plan.loc[0, "where_in_meta"] and "last checked 20" in plan.loc[0, "where_in_meta"]


def test_one_album_dominates(tmp_path):
    review = me.Review.open(tmp_path / "review.sqlite")
    review.label_album("facebook", "Holidays 2012", "public")
    rows = [item("facebook", "photo", ts("2012-07-01") + i, album="Holidays 2012", meta_id=str(i)) for i in range(8)]
    rows += [item("facebook", "photo", ts("2013-01-01"), album="Small trip", meta_id="10"),
             item("facebook", "post", ts("2024-08-01"), caption="one", meta_id="20"),
             item("facebook", "post", ts("2024-09-01"), caption="two", meta_id="21")]
    plan = me.plan(export(rows, review=review))
    # Limit Past Posts is a switch, so it comes first although the album covers far more: effort class first. The
    # album's 8 photos were public through the AI-training start; the small album's one photo is unknown.
    assert summary(plan) == [("limit-past-posts", 0, 0, 2, "switch"),
                             ("album:facebook/Holidays 2012", 8, 8, 0, "per album/group"),
                             ("album:facebook/Small trip", 0, 0, 1, "per album/group")]
    assert "Holidays 2012" in plan.loc[1, "action"]


def test_nothing_public_gives_an_empty_plan_with_every_column(tmp_path):
    review = me.Review.open(tmp_path / "review.sqlite")
    review.label_album("facebook", "Family", "friends")
    rows = [item("facebook", "photo", ts("2016-01-01"), album="Family", meta_id="1"),
            item("facebook", "post", ts("2017-01-01"), caption="gone", status="trash", meta_id="2"),
            item("instagram", "photo", ts("2018-01-01"), album="Posts", meta_id="3")]
    plan = me.plan(export(rows, [Fact("instagram", "visibility", "private", None, None)], review=review))
    assert plan.empty and list(plan.columns) == list(COLUMNS)
    assert "Nothing to do" in plan_text(plan) and "Nothing to do" in plan_markdown(plan)


def test_every_step_says_it_does_not_undo_past_training(tmp_path):
    ex = me.load(*me.sample_paths())
    plan = me.plan(ex)
    assert plan["note"].str.contains("does not undo").all()
    assert PAST_TRAINING in plan_text(plan).replace("\n", " ")


def test_steps_only_when_the_export_shows_them():
    facts = [*INSTAGRAM_PUBLIC, Fact("facebook", "privacy_jurisdiction", "EU"),
             Fact("facebook", "default_audience", "public"),
             Fact("facebook", "tagged_by_others", "4", ts("2015-01-01"), ts("2020-01-01"))]
    apps = [AppRow("facebook", "Quiz", "linked_app", ts("2014-01-01")),
            AppRow("facebook", "Gone", "linked_app", ts("2014-01-01"), ts("2016-01-01")),
            AppRow("facebook", "Shop", "off_meta_activity", events=3, last_event=ts("2025-01-01"))]
    ai = [AiRow("facebook", "Bread", ts("2025-01-01"), "Ava", "hi", "message", ""),
          AiRow("facebook", "Bread", ts("2025-01-01") + 5, "Meta AI", "hello", "message", "")]
    plan = me.plan(export(instagram_account(), facts, apps=apps, ai=ai)).set_index("key")
    assert {"future-posts", "off-meta", "ai-objection:facebook", "ai-objection:instagram", "linked-apps",
            "ai-chats:facebook", "tagged-photos"} <= set(plan.index)
    assert plan.loc["linked-apps", "covers"] == 1  # the removed one is done already
    assert plan.loc["tagged-photos", "covers"] == 4 and "cannot be known" in plan.loc["tagged-photos", "note"]
    assert "approval is not guaranteed" in plan.loc["ai-objection:facebook", "note"]
    # elsewhere than the EU and UK there is no objection form to point to, and without apps no app steps
    bare = me.plan(export(instagram_account(), [*INSTAGRAM_PUBLIC, Fact("facebook", "privacy_jurisdiction", "US")]))
    assert not bare["key"].str.startswith(("ai-objection", "linked-apps", "off-meta", "ai-chats")).any()


def test_flags_steps_marks_and_a_reexport_show_done(tmp_path):
    review = me.Review.open(tmp_path / "review.sqlite")
    before = export(instagram_account(), INSTAGRAM_PUBLIC, review=review)
    review.flag(["facebook:post:50"] if "facebook:post:50" in set(before.items["item_id"]) else
                list(before.items.loc[before.items["platform"] == "facebook", "item_id"]), "delete",
                items=before.items)
    plan = me.plan(before).set_index("key")
    assert plan.loc["flagged-delete:facebook", "covers_unknown"] == 1 and not plan.loc["flagged-delete:facebook",
                                                                                         "done"]
    review.mark_step("limit-past-posts")
    assert me.plan(before).set_index("key").loc["limit-past-posts", "done_how"].startswith("marked done 20")
    review.mark_step("limit-past-posts", False)
    assert not me.plan(before).set_index("key").loc["limit-past-posts", "done"]
    # After: the flagged post deleted, Instagram switched private on 2025-10-01 (the export's history says so).
    rows = [r for r in instagram_account() if r[0] != "facebook"]
    after = export(rows, [Fact("instagram", "visibility", "public", None, ts("2025-10-01")),
                          Fact("instagram", "visibility", "private", ts("2025-10-01"), None)], review=review)
    done = me.plan(after).set_index("key")
    assert done.loc["instagram-private", "done_how"] == "the export shows Instagram private since 2025-10-01"
    assert done.loc["instagram-private", "covers"] == 7 and done.loc["flagged-delete:facebook", "done"]
    steps = me.compare(before, after, by="step", review=review).set_index("key")
    assert steps.loc["instagram-private", "result"] == ("Instagram private since 2025-10-01: 7 of 7 items no longer "
                                                        "public")
    assert steps.loc["flagged-delete:facebook", "took_effect"]
    assert steps.loc["limit-past-posts", "result"] == "not verifiable from an export"
    assert not steps.loc["limit-past-posts", "verifiable"] and pd.isna(steps.loc["limit-past-posts", "took_effect"])


def test_mark_step_in_a_read_only_store_is_refused(tmp_path):
    me.Review.open(tmp_path / "review.sqlite").close()
    with pytest.raises(me.ReviewFileError):
        me.Review.open(tmp_path / "review.sqlite", read_only=True).mark_step("off-meta")


def test_uncovered_items_are_what_no_bulk_step_covers():
    ex = export(instagram_account(), INSTAGRAM_PUBLIC)
    assert list(uncovered(ex)["kind"]) == ["profile_photo"]


HOSTILE = "=HYPERLINK(\"x\")<img src=x onerror=alert(1)>[a](javascript:b)|$\\href{x}{y}$\u202e"


def test_hostile_names_stay_text_in_every_output(tmp_path):
    review = me.Review.open(tmp_path / "review.sqlite")
    review.label_album("facebook", HOSTILE, "public")
    ex = export([item("facebook", "photo", ts("2014-01-01"), album=HOSTILE, meta_id="1"),
                 item("facebook", "comment", ts("2014-01-02"), where="group", where_name=HOSTILE, meta_id="2")],
                review=review)
    plan = me.plan(ex)
    assert plan["action"].str.contains("<img", regex=False).any()  # the frame keeps the name as it is
    csv_path, md_path = write_plan(ex, review, tmp_path / "out")
    markdown, csv = md_path.read_text(encoding="utf-8"), csv_path.read_text(encoding="utf-8")
    assert "<img" not in markdown and "[a](javascript" not in markdown and "$\\href" not in markdown
    assert '"=HYPERLINK' not in csv and ",=HYPERLINK" not in csv
    assert escape.markdown(HOSTILE).lstrip("\\") in markdown  # mid-line: no list-marker escape needed
    text = plan_text(plan)
    assert "\u202e" not in text and "<img" in text  # a terminal shows tags as text; control characters go


def test_the_terminal_table_fits_100_columns():
    text = plan_text(me.plan(me.load(*me.sample_paths())))
    assert max(display_width(line) for line in text.splitlines()) <= 100
    assert "京都" in text  # wide characters counted as two columns, not cut


def test_worklist_opens_with_the_plan(tmp_path):
    review = me.Review.open(tmp_path / "review.sqlite")
    ex = me.load(*me.sample_paths(), review=review)
    review.flag(ex.items["item_id"].iloc[:2], "delete", items=ex.items)
    markdown = me.worklist(ex, review, tmp_path / "out")[1].read_text(encoding="utf-8")
    assert markdown.index("## Your plan") < markdown.index("## Item by item") < markdown.index("## Facebook")


def test_plan_command_prints_and_writes(tmp_path):
    result = subprocess.run([sys.executable, "-m", "metaexposure", "plan", *map(str, me.sample_paths()), "--out",
                             str(tmp_path / "plan")], capture_output=True, text=True, check=True, timeout=120)
    assert "Switch your Instagram account to private" in result.stdout
    table = [line for line in result.stdout.splitlines() if not line.startswith("Wrote ")]  # a path is a path
    assert max(display_width(line) for line in table) <= 100
    assert (tmp_path / "plan" / "plan.md").exists() and (tmp_path / "plan" / "plan.csv").exists()
    refused = subprocess.run([sys.executable, "-m", "metaexposure", "plan", str(me.sample_paths()[0]), "--out",
                              str(me.sample_paths()[0] / "x")], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "inside the export" in refused.stderr
