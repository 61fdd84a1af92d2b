"""The Explorer without a browser: set widget values and click buttons, check model, frame and review file."""

from __future__ import annotations

from datetime import date

import ipywidgets as W
import pytest

import metaexposure as me
from metaexposure import frame
from metaexposure.api import Export
from metaexposure.errors import ReviewFileError
from metaexposure.review import Review
from metaexposure.widgets import Explorer
from metaexposure.widgets.filters import apply_filters
from metaexposure.widgets.thumbnails import ThumbnailCache


@pytest.fixture(scope="module")
def sample_paths():
    return me.sample_paths()


@pytest.fixture
def ex(sample_paths):
    return me.load(*sample_paths)


@pytest.fixture
def explorer(ex, tmp_path):
    return Explorer(ex, review=tmp_path / "review.sqlite", thumbnails=ThumbnailCache(ex, root=tmp_path / "thumbs"),
                    worklist_dir=tmp_path / "worklist")


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def button(explorer, text):
    found = [w for w in walk(explorer) if isinstance(w, W.Button) and w.description == text]
    assert found, f"no button {text!r}"
    return found[0]


def saved(explorer) -> dict:
    """What the review store holds on disk (a fresh connection, not the Explorer's cache)."""
    return Review.open(explorer.review.path).document()


def shown_ids(explorer) -> list[str]:
    return [t.item_id for t in explorer._tiles if t.item_id]


def expected(explorer) -> list[str]:
    return list(apply_filters(explorer.ex.items, explorer.model.filters())["item_id"])


def test_opens_on_everything_newest_first(explorer, ex):
    assert explorer.model.filters() == me.widgets.Filters()
    assert shown_ids(explorer) == expected(explorer)[:24]
    assert f"{len(ex.items):,}</b> items shown" in explorer._summary.value
    assert explorer.model.focus == shown_ids(explorer)[0]
    row = ex.items.set_index("item_id").loc[explorer.model.focus]
    assert row["kind"] in explorer._pane.html.value
    assert all(t.image.value[:2] == b"\xff\xd8" for t in explorer._tiles)  # every tile got a JPEG


def test_widget_values_drive_model_and_frame(explorer):
    explorer.model.page = 2
    explorer._choices["kinds"].value = ("photo", "video")
    assert explorer.model.kinds == ("photo", "video") and explorer.model.page == 0
    explorer._choices["platforms"].value = ("facebook",)
    [text] = [w for w in walk(explorer) if isinstance(w, W.Text) and w.placeholder == "words in the caption"]
    [start, end] = [w for w in walk(explorer) if isinstance(w, W.DatePicker)]
    start.value, end.value = date(2012, 1, 1), date(2019, 12, 31)
    assert (explorer.model.start, explorer.model.end) == (date(2012, 1, 1), date(2019, 12, 31))
    frame = apply_filters(explorer.ex.items, explorer.model.filters())
    assert set(frame["kind"]) <= {"photo", "video"} and set(frame["platform"]) == {"facebook"}
    assert frame["created"].dt.year.between(2012, 2019).all()
    assert shown_ids(explorer) == list(frame["item_id"])[:24]
    assert f"<b style=\"font-size:15px\">{len(frame):,}</b>" in explorer._summary.value
    text.value = "zzz-nothing-has-this"
    assert shown_ids(explorer) == [] and explorer.model.focus == ""
    assert "match nothing" in explorer._pane.html.value
    button(explorer, "Reset filters").click()
    assert explorer.model.filters() == me.widgets.Filters() and start.value is None and text.value == ""
    assert len(shown_ids(explorer)) == 24


def test_album_search_keeps_selected_albums(explorer):
    explorer._album_search.value = "lisbon"
    options = [value for _, value in explorer._albums.options]
    assert options == ["facebook/Lisbon 2012"]
    explorer._albums.value = ("facebook/Lisbon 2012",)
    explorer._album_search.value = "kyoto"
    assert explorer.model.albums == ("facebook/Lisbon 2012",)  # not lost when the list changes
    assert [v for _, v in explorer._albums.options][0] == "facebook/Lisbon 2012"
    assert set(apply_filters(explorer.ex.items, explorer.model.filters())["album"]) == {"Lisbon 2012"}


def test_paging(explorer):
    total = len(explorer.ex.items)
    first = shown_ids(explorer)
    button(explorer, "Next ▶").click()
    assert explorer.model.page == 1 and shown_ids(explorer) == expected(explorer)[24:48]
    assert "Page 2 of" in explorer._page_label.value and explorer.model.focus == shown_ids(explorer)[0]
    for _ in range(total // 24 + 3):
        button(explorer, "Next ▶").click()
    assert explorer.model.page == (total - 1) // 24
    explorer.model.page = 0
    assert shown_ids(explorer) == first
    button(explorer, "◀ Previous").click()
    assert explorer.model.page == 0


def test_flag_selected_is_saved_at_once_and_shown_on_reopen(explorer, ex, tmp_path):
    tiles = explorer._tiles
    tiles[0].select.value = True
    tiles[2].select.value = True
    assert explorer.model.selection == (tiles[0].item_id, tiles[2].item_id)
    assert "mx-selected" in tiles[0].box._dom_classes
    picked = explorer.model.selection
    button(explorer, "Delete").click()
    flags = saved(explorer)["flags"]
    assert set(flags) == set(picked) and {f["action"] for f in flags.values()} == {"delete"}
    assert all(f["snapshot"]["platform"] for f in flags.values())
    assert explorer.model.selection == () and "Flagged 2 item(s) as delete" in explorer._status.value
    assert "delete" in tiles[0].info.value and "2</b> flagged" in explorer._headline.value

    again = Explorer(ex, review=tmp_path / "review.sqlite", thumbnails=explorer.thumbnails)
    again._choices["flags"].value = ("delete",)
    assert sorted(shown_ids(again)) == sorted(picked)
    cleared = again._tiles[0].item_id
    again._tiles[0].select.value = True
    button(again, "Clear flag").click()
    assert set(saved(again)["flags"]) == set(picked) - {cleared}
    assert shown_ids(again) == [i for i in picked if i != cleared]


def test_flag_selected_without_selection_says_what_to_do(explorer):
    button(explorer, "Keep").click()
    assert saved(explorer)["flags"] == {} and "Tick" in explorer._status.value


def test_worklist_problem_is_a_message_not_a_traceback(explorer, tmp_path):
    (tmp_path / "a-file").write_text("x")
    explorer._worklist_dir.value = str(tmp_path / "a-file" / "worklist")
    button(explorer, "Write worklist").click()
    assert "Worklist not written" in explorer._status.value


def test_bulk_flag_asks_first_and_says_how_many(explorer):
    explorer._choices["kinds"].value = ("video",)
    videos = expected(explorer)
    button(explorer, "Make private…").click()
    assert explorer._confirm.layout.display == "flex"
    assert f"<b>{len(videos):,}</b> shown items as <b>make private</b>" in explorer._confirm_text.value
    assert saved(explorer)["flags"] == {}  # nothing written before the confirmation
    button(explorer, "Cancel").click()
    assert explorer._confirm.layout.display == "none" and saved(explorer)["flags"] == {}
    button(explorer, "Make private…").click()
    explorer._choices["kinds"].value = ("photo",)  # a filter change withdraws the question
    assert explorer._confirm.layout.display == "none"
    explorer._choices["kinds"].value = ("video",)
    button(explorer, "Make private…").click()
    button(explorer, "Confirm").click()
    flags = saved(explorer)["flags"]
    assert sorted(flags) == sorted(videos) and {f["action"] for f in flags.values()} == {"make_private"}
    button(explorer, "Clear flags…").click()
    button(explorer, "Confirm").click()
    assert saved(explorer)["flags"] == {}


def test_labels_change_the_numbers_at_once(explorer, ex):
    items = explorer.ex.items
    unknown = items[(items["audience"] == "unknown") & (items["album"] != "")].iloc[0]
    explorer.model.focus = unknown["item_id"]
    public_before = int((explorer.ex.items["audience"] == "public").sum())
    explorer._pane.label_choice.value = "public"
    button(explorer, "Label item").click()
    assert saved(explorer)["item_labels"] == {unknown["item_id"]: "public"}
    row = explorer.ex.items.set_index("item_id").loc[unknown["item_id"]]
    assert (row["audience"], row["audience_basis"]) == ("public", "label:item")
    assert f"{public_before + 1}" in explorer._headline.value.split("public</span>")[1][:12]

    album = unknown["album"]
    explorer._pane.label_choice.value = "friends"
    button(explorer, "Label album").click()
    key = f"{unknown['platform']}/{album}"
    assert saved(explorer)["album_labels"] == {key: "friends"}
    in_album = explorer.ex.items[explorer.ex.items["album"] == album]
    others = in_album[in_album["item_id"] != unknown["item_id"]]
    assert (others["audience"] == "friends").all()  # the item's own label still wins for it
    explorer._choices["audiences"].value = ("friends",)
    assert len(expected(explorer)) == len(others)
    reopened = Explorer(me.load(*me.sample_paths()), review=explorer.review.path, thumbnails=explorer.thumbnails)
    row = reopened.ex.items.set_index("item_id").loc[unknown["item_id"]]
    assert (row["audience"], row["audience_basis"]) == ("public", "label:item")  # labels count on reopening
    explorer._pane.label_choice.value = ""
    button(explorer, "Label album").click()
    assert saved(explorer)["album_labels"] == {}


def test_write_worklist(explorer, tmp_path):
    explorer._tiles[0].select.value = True
    button(explorer, "Delete").click()
    button(explorer, "Write worklist").click()
    written = sorted(p.name for p in (tmp_path / "worklist").iterdir())
    assert written == ["worklist.csv", "worklist.md"] and "Worklist written" in explorer._status.value


def test_details_button_moves_the_detail_pane(explorer, ex):
    tile = explorer._tiles[3]
    tile.details.click()
    assert explorer.model.focus == tile.item_id and "mx-focus" in tile.box._dom_classes
    assert "mx-focus" not in explorer._tiles[0].box._dom_classes


def test_review_file_inside_the_export_is_refused(ex, sample_paths):
    with pytest.raises(ReviewFileError, match="inside the export"):
        Explorer(ex, review=sample_paths[0] / "review.sqlite")


def test_an_open_review_object_is_used_as_is(ex, tmp_path):
    review = Review.open(tmp_path / "r.sqlite")
    explorer = Explorer(ex, review=review, thumbnails=ThumbnailCache(ex, root=tmp_path / "t"))
    assert explorer.review is review


def test_an_empty_export_and_values_no_item_has(tmp_path):
    items = frame.items_frame([])
    ex = Export(items=items, albums=frame.albums_frame(items), account=frame.account_frame([]),
                problems=frame.problems_frame([]), sources=frame.sources_frame([]))
    explorer = Explorer(ex, review=tmp_path / "r.sqlite", thumbnails=ThumbnailCache(ex, root=tmp_path / "t"))
    explorer.model.kinds = ("photo",)
    explorer.model.albums = ("facebook/Nowhere",)
    assert explorer._choices["kinds"].value == ("photo",) and explorer._albums.value == ("facebook/Nowhere",)
    explorer._album_search.value = "x"
    assert explorer._albums.value == ("facebook/Nowhere",)
    assert "no items" in explorer._page_label.value and "match nothing" in explorer._pane.html.value
    button(explorer, "Delete…").click()
    assert "no items" in explorer._status.value and saved(explorer)["flags"] == {}
