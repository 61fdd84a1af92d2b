"""The Explorer's rules without widgets: filters, summary, model, thumbnails."""

from __future__ import annotations

import io
import stat
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from metaexposure import frame
from metaexposure.records import item
from metaexposure.widgets.filters import (
    FilterIndex,
    Filters,
    album_options,
    apply_filters,
    category_options,
    refresh_view_data,
    search_albums,
)
from metaexposure.widgets.model import ExplorerModel
from metaexposure.widgets.rules import (
    bulk_question,
    clamp_page,
    earlier,
    flag_result,
    next_undo,
    page_count,
    select_range,
    step,
)
from metaexposure.widgets.thumbnails import ThumbnailCache, cache_root, make_thumbnail, placeholder
from metaexposure.words import WHERE_WORDS


def ts(day: str) -> int:
    return int(pd.Timestamp(day, tz="UTC").timestamp())


def make_items() -> pd.DataFrame:
    rows = [
        item("facebook", "photo", ts("2012-07-01"), album="Holidays 2012", caption="Beach with Mum",
             uri="a/1.jpg", latitude=48.1, longitude=11.5, meta_id="1"),
        item("facebook", "photo", ts("2012-07-02"), album="Holidays 2012", caption="STRASSE in Berlin",
             uri="a/2.jpg", meta_id="2"),
        item("facebook", "post", ts("2016-03-05"), caption="Hello world", meta_id="3"),
        item("facebook", "video", ts("2024-08-01"), album="Videos", uri="v/3.mp4", place="Lisbon", meta_id="4"),
        item("instagram", "photo", ts("2019-01-01"), album="Posts", caption="beach again #sea", uri="m/5.jpg"),
        item("instagram", "story", ts("2024-12-31"), album="Stories", caption="", uri="s/6.jpg",
             status="archived"),
        item("instagram", "photo", None, album="Posts", caption="no date", uri="m/7.jpg"),
    ]
    items = frame.items_frame(rows)
    items["audience"] = pd.Categorical(["public", "public", "friends", "unknown", "public", "followers", "unknown"],
                                       categories=frame.AUDIENCES)
    items["ai_exposed"] = np.array([True, False, False, False, True, False, False])
    return items


@pytest.fixture
def items() -> pd.DataFrame:
    return make_items()


def captions(df: pd.DataFrame) -> list[str]:
    return list(df["caption"])


def test_no_filter_keeps_everything_newest_first_undated_last(items):
    shown = apply_filters(items, Filters())
    assert list(shown["created"].dt.year.fillna(0).astype(int)) == [2024, 2024, 2019, 2016, 2012, 2012, 0]
    oldest = apply_filters(items, Filters(newest_first=False))
    assert list(oldest["created"].dt.year.fillna(0).astype(int)) == [2012, 2012, 2016, 2019, 2024, 2024, 0]


def test_category_filters_combine(items):
    assert len(apply_filters(items, Filters(platforms=("instagram",)))) == 3
    assert len(apply_filters(items, Filters(platforms=("instagram",), kinds=("photo",)))) == 2
    assert len(apply_filters(items, Filters(audiences=("public", "unknown")))) == 5
    assert len(apply_filters(items, Filters(statuses=("archived",)))) == 1
    assert len(apply_filters(items, Filters(bases=("label:item",)))) == 0
    assert len(apply_filters(items, Filters(kinds=("no-such-kind",)))) == 0


def test_albums_are_keyed_by_platform(items):
    shown = apply_filters(items, Filters(albums=("facebook/Holidays 2012", "instagram/Stories")))
    assert sorted(shown["album"]) == ["Holidays 2012", "Holidays 2012", "Stories"]
    assert apply_filters(items, Filters(albums=("instagram/Holidays 2012",))).empty


def test_date_range_is_inclusive_and_drops_undated(items):
    shown = apply_filters(items, Filters(start=date(2012, 7, 2), end=date(2019, 1, 1)))
    assert sorted(captions(shown)) == ["Hello world", "STRASSE in Berlin", "beach again #sea"]
    assert "no date" not in captions(apply_filters(items, Filters(end=date(2030, 1, 1))))


def test_location_means_coordinates_or_place(items):
    assert sorted(apply_filters(items, Filters(location="yes"))["item_id"].str[-1]) == ["1", "4"]
    assert len(apply_filters(items, Filters(location="no"))) == 5


def test_text_is_every_word_case_insensitive(items):
    assert sorted(captions(apply_filters(items, Filters(text="BEACH")))) == ["Beach with Mum", "beach again #sea"]
    assert captions(apply_filters(items, Filters(text="beach mum"))) == ["Beach with Mum"]
    assert captions(apply_filters(items, Filters(text="straße"))) == ["STRASSE in Berlin"]  # casefold
    assert apply_filters(items, Filters(text="  ")).shape[0] == len(items)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abeh #", min_size=1, max_size=4), min_size=1, max_size=6))
def test_text_search_cache_matches_a_plain_search(words):
    # a sequence of searches (like typing) through one index must equal a fresh naive search each time
    items = make_items()
    index = FilterIndex(items)
    for word in words:
        got = set(apply_filters(items, Filters(text=word), index=index)["item_id"])
        terms = word.casefold().split()
        want = {i for i, c in zip(items["item_id"], items["caption"], strict=True)
                if all(t in c.casefold() for t in terms)}
        assert got == want


def test_flags_filter_follows_review_flags(items):
    ids = list(items["item_id"])
    index = FilterIndex(items, flags={ids[0]: {"action": "delete"}, "elsewhere:1": {"action": "keep"}})
    assert list(apply_filters(items, Filters(flags=("delete",)), index=index)["item_id"]) == [ids[0]]
    assert len(apply_filters(items, Filters(flags=("unflagged",)), index=index)) == len(items) - 1
    index.update_flags([ids[0], ids[1]], {ids[1]: {"action": "make_private"}})
    assert apply_filters(items, Filters(flags=("delete",)), index=index).empty
    assert list(apply_filters(items, Filters(flags=("make_private",)), index=index)["item_id"]) == [ids[1]]


def test_summary_counts_exposure_years_and_flags(items):
    index = FilterIndex(items, flags={items["item_id"][0]: {"action": "keep"}})
    data = refresh_view_data(items, Filters(), index=index, page=0, page_size=4)
    assert data.count == 7 and len(data.page) == 4
    assert data.summary.by_exposure == {"public": 3, "not_public": 2, "unknown": 2}
    assert data.summary.ai_exposed == 2 and data.summary.flagged == 1
    years = {row[0]: row[1:] for row in data.summary.by_year}
    assert years[2012] == (2, 0, 0) and years[2024] == (0, 1, 1) and years[2013] == (0, 0, 0)
    assert sum(sum(r[1:]) for r in data.summary.by_year) == 6  # the undated item is not in a year
    last = refresh_view_data(items, Filters(), index=index, page=1, page_size=4)
    assert len(last.page) == 3


def test_update_audience_changes_summary(items):
    index = FilterIndex(items)
    relabelled = items.copy()
    relabelled["audience"] = pd.Categorical(["public"] * len(items), categories=frame.AUDIENCES)
    index.update_audience(relabelled)
    assert index.summarize(np.arange(len(items))).by_exposure["public"] == len(items)


def test_options_count_and_search(items):
    kinds = dict((v, label) for label, v in category_options(items, "kind"))
    assert kinds["photo"] == "photo (4)" and "reel" not in kinds
    assert "reel" in dict((v, v) for _, v in category_options(items, "kind", keep=["reel"]))
    albums = album_options(items)
    assert ("Holidays 2012 · facebook (2)", "facebook/Holidays 2012") in albums
    shown, matches = search_albums(albums, "holi", selected=["instagram/Stories"])
    assert matches == 1 and [key for _, key in shown] == ["instagram/Stories", "facebook/Holidays 2012"]
    shown, matches = search_albums(albums, "", limit=2)
    assert matches == len(albums) and len(shown) == 2


def test_model_filters_reset_page_and_selection_order():
    model = ExplorerModel()
    model.page = 3
    model.kinds = ("photo",)
    assert model.page == 0 and model.filters().kinds == ("photo",)
    model.page = -2
    assert model.page == 0
    model.toggle("a", True)
    model.toggle("b", True)
    model.toggle("a", False)
    assert model.selection == ("b",)
    model.text, model.location = "x", "yes"
    model.reset_filters()
    assert model.filters() == Filters() and model.selection == ("b",)


class FakeExport:
    def __init__(self, media: dict[str, bytes], paths: tuple[str, ...] = ()) -> None:
        self.media, self.paths, self.reads = media, paths, 0

    def media_bytes(self, uri: str) -> bytes | None:
        self.reads += 1
        return self.media.get(uri)


def jpeg(size=(640, 480), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_thumbnails_cached_private_and_outside_the_export(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cache_root() == tmp_path / "cache" / "metaexposure" / "thumbs"
    ex = FakeExport({"a/1.jpg": jpeg(), "a/bad.jpg": b"not an image"})
    cache = ThumbnailCache(ex)
    thumb = cache.get("a/1.jpg")
    assert Image.open(io.BytesIO(thumb)).size == (160, 160)
    assert cache.get("a/1.jpg") == thumb and ex.reads == 1  # the second time comes from disk
    files = list(cache.folder.iterdir())
    assert len(files) == 1 and "1.jpg" not in files[0].name  # the name is a hash, not the uri
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    for folder in (cache.folder, cache.root, cache.root.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert ThumbnailCache(ex).get("a/1.jpg") == thumb and ex.reads == 1  # a new session reuses it
    assert cache.get("a/missing.jpg") == placeholder("not in export")
    assert cache.get("a/bad.jpg") == placeholder("cannot show")
    assert cache.get("v/clip.mp4") == placeholder("video") and cache.get("") == placeholder("text post")
    assert len(list(cache.folder.iterdir())) == 1  # placeholders are not cached on disk
    cache.clear()
    assert not cache.folder.exists()


def test_thumbnail_keeps_aspect_for_detail_and_drops_exif():
    image = Image.new("RGB", (800, 400), (10, 120, 10))
    exif = Image.Exif()
    exif[0x0132] = "2012:07:01 10:00:00"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    detail = Image.open(io.BytesIO(make_thumbnail(buffer.getvalue(), 360, square=False)))
    assert detail.size == (360, 180)
    assert not detail.getexif()


def test_thumbnail_cache_works_when_the_folder_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    ex = FakeExport({"a.jpg": jpeg()})
    cache = ThumbnailCache(ex)
    assert cache.get("a.jpg") == cache.get("a.jpg") and ex.reads == 1


# ---------------------------------------------------------------- issue 16: where, flags from the store, rules
def test_where_filter(items):
    items["where"] = pd.Categorical(["own", "group", "page", "own", "person", "own", "unknown"],
                                    categories=frame.WHERES)
    assert len(apply_filters(items, Filters(wheres=("own",)))) == 3
    assert sorted(apply_filters(items, Filters(wheres=("group", "page")))["caption"]) == [
        "Hello world", "STRASSE in Berlin"]
    labels = dict((v, label) for label, v in category_options(items, "where", words=WHERE_WORDS))
    assert labels["page"] == "someone's Page (1)" and "own" in labels


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from([*make_items()["item_id"], "elsewhere:1", "elsewhere:2"]),
                       st.sampled_from(["delete", "make_private", "keep", "bogus"]), max_size=9),
       st.dictionaries(st.sampled_from(list(make_items()["item_id"])),
                       st.sampled_from(["delete", "make_private", "keep"]), max_size=7))
def test_set_flags_whole_columns_equals_item_by_item(first, second):
    items = make_items()
    index = FilterIndex(items, flags={k: {"action": v} for k, v in first.items()})
    slow = FilterIndex(items)
    slow.update_flags(first, {k: {"action": v} for k, v in first.items()})
    assert (index.flag_codes == slow.flag_codes).all()
    before = index.flag_codes.copy()
    changed = index.set_flags({k: {"action": v} for k, v in second.items()})
    assert set(changed) == set(np.flatnonzero(before != index.flag_codes))  # exactly the rows that changed


def test_summary_counts_flags_and_why_ai_exposed_differs_from_public(items):
    ids = list(items["item_id"])
    index = FilterIndex(items, flags={ids[0]: {"action": "delete"}, ids[1]: {"action": "keep"},
                                      ids[2]: {"action": "keep"}})
    items2 = items.copy()
    items2["ai_exposed"] = np.array([True, False, True, True, False, False, False])  # public, public, friends, unknown
    index.update_audience(items2)
    summary = index.summarize(np.arange(len(items)))
    assert summary.by_flag == {"delete": 1, "make_private": 0, "keep": 2} and summary.flagged == 3
    # AI-exposed 3 = public now 3 - public not exposed (rows 1 and 4) + exposed not public now (rows 2 and 3)
    assert (summary.ai_exposed, summary.by_exposure["public"]) == (3, 3)
    assert (summary.ai_not_public_now, summary.public_not_ai) == (2, 2)


def test_paging_rules():
    assert [page_count(n, 24) for n in (0, 1, 24, 25)] == [1, 1, 1, 2]
    assert clamp_page(-3, 100, 24) == 0 and clamp_page(99, 100, 24) == 4 and clamp_page(2, 0, 24) == 0


@pytest.mark.parametrize(("current", "key", "expected"), [
    (0, "ArrowRight", 1), (0, "ArrowLeft", 0), (5, "ArrowLeft", 4), (99, "ArrowRight", 99),
    (10, "ArrowDown", 14), (2, "ArrowUp", 0), (97, "ArrowDown", 99), (10, "PageDown", 34), (10, "PageUp", 0),
    (90, "PageDown", 99), (50, "Home", 0), (5, "End", 99), (23, "ArrowRight", 24), (7, "x", 7),
])
def test_keys_move_the_focus(current, key, expected):
    assert step(current, key, total=100, page_size=24, columns=4) == expected


def test_keys_with_nothing_shown():
    assert step(0, "ArrowRight", total=0, page_size=24) == -1


def test_shift_click_ranges():
    ids = ("a", "b", "c", "d", "e")
    assert select_range((), ids, "b", "d") == ("b", "c", "d")
    assert select_range(("z",), ids, "d", "b") == ("z", "b", "c", "d")  # upwards too, in the page's order
    assert select_range(("a", "b", "c", "d"), ids, "b", "d") == ("a",)  # a ticked target: the range leaves
    assert select_range(("a",), ids, "gone", "c") == ("a", "c")  # anchor on another page: the target alone
    assert select_range(("a",), ids, "b", "zz") == ("a",)  # a target not on the page: nothing


def test_model_ranges_from_the_last_tick():
    model = ExplorerModel()
    model.toggle("b", True)
    model.tick_range(("a", "b", "c", "d"), "d")
    assert model.selection == ("b", "c", "d") and model.anchor == "d"
    model.page_size = 0
    assert model.page_size == 1


def test_bulk_question_says_what_it_replaces():
    text = bulk_question("keep", 120_000, {"delete": 12, "make_private": 25, "keep": 3})
    assert text == ("Really flag all 120,000 shown items as keep? 37 of them already have a decision (12 delete, "
                    "25 make private), which this replaces. 3 are keep already. Undo takes it back.")
    assert bulk_question("delete", 1, {}) == ("Really flag all 1 shown item as delete? None of them has another "
                                              "decision. Undo takes it back.")
    assert "1 of them already has a decision (1 keep)" in bulk_question("delete", 5, {"keep": 1})
    assert bulk_question(None, 4, {"delete": 2}) == ("Really clear the decisions of all 4 shown items? 2 of them "
                                                     "have one (2 delete), which this removes. Undo takes it back.")


def test_flag_result_names_what_was_replaced():
    assert flag_result("delete", 1, {}) == "Flagged 1 item as delete."
    assert flag_result("delete", 3, {"delete": 1, "make_private": 2}) == (
        "Flagged 3 items as delete; this replaced 2 earlier decisions (2 make private).")
    assert flag_result(None, 2, {"keep": 2}) == "Cleared 2 decisions (2 keep)."
    assert earlier({"a": {"action": "keep"}, "b": {"action": "delete"}}, ["a", "b", "c"]) == {"keep": 1, "delete": 1}


def test_next_undo_skips_undos_and_undone_actions():
    history = [{"id": 4, "call": "undo", "undone": False}, {"id": 3, "call": "flag", "undone": True},
               {"id": 2, "call": "label_album", "undone": False}, {"id": 1, "call": "flag", "undone": False}]
    assert next_undo(history)["id"] == 2
    assert next_undo(history[:2]) is None and next_undo([]) is None
