"""The Explorer without a browser: set widget values and click buttons, check model, frame and review file."""

from __future__ import annotations

import json
from datetime import date

import ipywidgets as W
import pytest

import metaexposure as me
from metaexposure import escape, frame
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
    assert explorer._undo_button.disabled and "nothing to undo" in explorer._undo_label.value
    assert explorer.model.focus == shown_ids(explorer)[0]
    row = ex.items.set_index("item_id").loc[explorer.model.focus]
    assert row["kind"] in explorer._pane.html.value
    for tile in explorer._tiles:  # a picture (a JPEG) or, for a text post or a comment, its words
        assert tile.image.value[:2] == b"\xff\xd8" if tile.image.layout.display != "none" else \
            "mx-text-face" in tile.face.value and tile.face.layout.display != "none"


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
    assert explorer._page_box.value == 2 and explorer._page_label.value.startswith(f"of {-(-total // 24)}")
    assert explorer.model.focus == shown_ids(explorer)[0]
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
    assert explorer.model.selection == () and "Flagged 2 items as delete." in explorer._status.value
    assert "✕ delete" in tiles[0].info.value and "2</b> flagged" in explorer._headline.value

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
    assert f"Really flag all {len(videos):,} shown items as make private?" in explorer._confirm_text.value
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


# ---------------------------------------------------------------- issue 16: one source of truth, undo, keys, words
def tick(explorer):
    """What the front end's timer sends about every 2 s while the Explorer is shown."""
    explorer._front._handle_custom_msg({"event": "tick"}, [])


def front(explorer, event, **message):
    explorer._front._handle_custom_msg({"event": event, **message}, [])


def flag_counts(explorer) -> dict[str, str]:
    return {value: label for label, value in explorer._choices["flags"].options}


def test_a_decision_made_in_a_cell_or_another_window_shows_without_a_click(explorer, ex):
    ids = list(ex.items["item_id"][:5])
    explorer.review.flag(ids, "make_private", items=ex.items)  # a notebook cell, through the same Review (ex.review)
    assert flag_counts(explorer)["make_private"] == "make private (0)"  # not yet heard of
    tick(explorer)
    assert flag_counts(explorer)["make_private"] == "make private (5)" and "5</b> flagged" in explorer._headline.value
    assert "5 decisions changed elsewhere" in explorer._status.value
    other = Review.open(explorer.review.path)  # another window: its own connection
    other.flag(ids[:2], "delete")
    other.label_item(ids[4], "friends")
    tick(explorer)
    counts = flag_counts(explorer)
    assert counts["delete"] == "delete (2)" and counts["make_private"] == "make private (3)"
    row = explorer.ex.items.set_index("item_id").loc[ids[4]]
    assert (row["audience"], row["audience_basis"]) == ("friends", "label:item")  # the label re-inferred here
    before = explorer._status.value
    tick(explorer)  # nothing new: nothing said, nothing redrawn
    assert explorer._status.value == before


def test_a_click_says_which_decision_it_replaced(explorer, ex):
    first = explorer._tiles[0].item_id
    explorer.review.flag([first], "make_private", note="rule: public with a place")
    explorer._tiles[0].select.value = True
    explorer._tiles[1].select.value = True
    button(explorer, "Delete").click()
    assert "Flagged 2 items as delete; this replaced 1 earlier decision (1 make private)." in explorer._status.value
    assert "✕ delete" in explorer._tiles[0].info.value
    said = explorer._status.value
    tick(explorer)  # its own decision is no news from elsewhere
    assert explorer._status.value == said


def test_bulk_confirmation_says_how_many_decisions_it_replaces(explorer):
    explorer._choices["kinds"].value = ("photo",)
    photos = expected(explorer)
    explorer.review.flag(photos[:3], "delete")
    explorer.review.flag(photos[3:5], "keep")
    button(explorer, "Keep…").click()
    text = explorer._confirm_text.value
    assert f"Really flag all {len(photos):,} shown items as keep?" in text
    assert "3 of them already have a decision (3 delete), which this replaces. 2 are keep already." in text
    button(explorer, "Confirm").click()
    assert {f["action"] for f in saved(explorer)["flags"].values()} == {"keep"}
    assert "this replaced 3 earlier decisions (3 delete)" in explorer._status.value


def test_bulk_action_is_busy_while_it_runs(explorer, monkeypatch):
    seen = []
    flag = explorer.review.flag

    def watching(*args, **kwargs):
        seen.append((all(b.disabled for b in explorer._action_buttons), explorer._status.value))
        return flag(*args, **kwargs)

    monkeypatch.setattr(explorer.review, "flag", watching)
    button(explorer, "Delete…").click()
    button(explorer, "Confirm").click()
    assert seen and seen[0][0] and "working…" in seen[0][1]
    assert not any(b.disabled for b in explorer._action_buttons)  # all back after it


def test_undo_button_takes_back_the_last_action_also_after_a_restart(explorer, ex, tmp_path):
    explorer._tiles[0].select.value = True
    explorer._tiles[1].select.value = True
    button(explorer, "Delete").click()
    assert "Flag 2 item(s): delete" in explorer._undo_label.value and not explorer._undo_button.disabled
    button(explorer, "↶ Undo").click()
    assert saved(explorer)["flags"] == {} and "↶ Undone: Flag 2 item(s): delete." in explorer._status.value
    said = explorer._status.value
    tick(explorer)
    assert explorer._status.value == said
    assert "0</b> flagged" in explorer._headline.value and "✕ delete" not in explorer._tiles[0].info.value

    # a label of an album with markup in its name, undone in a new session: the log is in the store
    album = '<b>Holidays</b> & "friends"'
    explorer.review.label_album("facebook", album, "public")
    explorer.review.close()
    again = Explorer(ex, review=tmp_path / "review.sqlite", thumbnails=explorer.thumbnails)
    assert "&lt;b&gt;Holidays&lt;/b&gt; &amp; &quot;friends&quot;" in again._undo_label.value
    button(again, "↶ Undo").click()
    assert saved(again)["album_labels"] == {} and "<b>Holidays" not in again._status.value
    assert "Undone: Label album facebook/&lt;b&gt;Holidays" in again._status.value
    button(again, "↶ Undo").click()  # the earlier delete was undone already: nothing left
    assert again._undo_button.disabled and "nothing to undo" in again._undo_label.value


def test_an_imported_json_review_is_said_once(ex, tmp_path):
    (tmp_path / "metaexposure-review.json").write_text(json.dumps({
        "schema": "metaexposure-review", "version": 2, "album_labels": {"facebook/<i>x</i>": "friends"}}))
    with pytest.warns(UserWarning, match="imported"):
        explorer = Explorer(ex, review=tmp_path / "metaexposure-review.json",
                            thumbnails=ThumbnailCache(ex, root=tmp_path / "t"))
    assert "mx-notice" in explorer._status.value and "imported" in explorer._status.value
    explorer._tiles[0].select.value = True
    button(explorer, "Keep").click()
    assert "mx-notice" not in explorer._status.value  # said once, then the status line moves on


def test_label_needs_a_choice_first(explorer):
    choice = explorer._pane.label_choice
    label_item, label_album = button(explorer, "Label item"), button(explorer, "Label album")
    assert choice.value is None and label_item.disabled and label_album.disabled  # never "public" by default
    choice.value = "friends"
    assert not label_item.disabled and not label_album.disabled
    label_item.click()
    assert saved(explorer)["item_labels"] == {explorer.model.focus: "friends"}
    assert "Item labelled friends." in explorer._status.value


def test_thumbnail_click_shift_click_and_keys(explorer, ex):
    tiles = explorer._tiles
    front(explorer, "open", slot=5)  # a click on the thumbnail
    assert explorer.model.focus == tiles[5].item_id and "mx-focus" in tiles[5].box._dom_classes
    tiles[1].select.value = True
    front(explorer, "range", slot=4)  # shift-click on the 5th select box: 2nd to 5th
    assert explorer.model.selection == tuple(t.item_id for t in tiles[1:5])
    assert [t.select.value for t in tiles[:6]] == [False, True, True, True, True, False]
    front(explorer, "range", slot=2)  # shift-click on a ticked one: the range from the anchor leaves
    assert explorer.model.selection == (tiles[1].item_id,)

    front(explorer, "open", slot=0)
    front(explorer, "key", key="ArrowRight", shift=False, columns=4)
    assert explorer.model.focus == tiles[1].item_id
    front(explorer, "key", key="ArrowDown", shift=False, columns=4)
    assert explorer.model.focus == tiles[5].item_id
    front(explorer, "key", key=" ", shift=False, columns=4)
    assert explorer.model.selection == (tiles[1].item_id, tiles[5].item_id)
    front(explorer, "key", key="k", shift=False, columns=4)  # the selection: both flagged keep
    assert set(saved(explorer)["flags"]) == {tiles[1].item_id, tiles[5].item_id} and explorer.model.selection == ()
    front(explorer, "key", key="d", shift=False, columns=4)  # no selection: the item the keyboard is on
    assert saved(explorer)["flags"][tiles[5].item_id]["action"] == "delete"
    front(explorer, "key", key="End", shift=False, columns=4)
    assert explorer.model.focus == expected(explorer)[-1] and explorer.model.page == (len(ex.items) - 1) // 24
    front(explorer, "key", key="PageUp", shift=False, columns=4)
    assert explorer.model.page == (len(ex.items) - 1) // 24 - 1
    front(explorer, "key", key="Home", shift=False, columns=4)
    assert explorer.model.page == 0 and explorer.model.focus == tiles[0].item_id
    front(explorer, "key", key="ArrowLeft", shift=False, columns=4)  # at the start: stays
    assert explorer.model.focus == tiles[0].item_id
    front(explorer, "range", slot=999)  # a stale slot from the page: ignored, no error
    assert not explorer._errors.outputs


def test_page_number_box_and_page_size(explorer, ex):
    total = len(ex.items)
    explorer._page_box.value = 3
    assert explorer.model.page == 2 and shown_ids(explorer) == expected(explorer)[48:72]
    explorer._page_box.value = 10_000  # past the end: the last page, and the box says which
    assert explorer.model.page == (total - 1) // 24 and explorer._page_box.value == (total - 1) // 24 + 1
    explorer.model.page = 1
    explorer.model.focus = explorer._tiles[20].item_id  # item 45 of everything shown
    explorer._page_size.value = 12
    assert explorer.model.page == 44 // 12 and explorer.model.focus in shown_ids(explorer)
    explorer._page_size.value = 96
    assert len(shown_ids(explorer)) == 96 and shown_ids(explorer) == expected(explorer)[:96]
    assert len(explorer._grid.children) == 96


def test_where_filter_and_comments_as_text_tiles(explorer):
    wheres = dict((v, label) for label, v in explorer._choices["wheres"].options)
    assert wheres["own"].startswith("your profile or feed (") and wheres["person"].startswith("another person's")
    explorer._choices["wheres"].value = ("person",)
    assert set(apply_filters(explorer.ex.items, explorer.model.filters())["where"]) == {"person"}
    explorer.model.reset_filters()
    explorer._choices["kinds"].value = ("comment",)
    tile = explorer._tiles[0]
    caption = explorer.ex.items.set_index("item_id").loc[tile.item_id, "caption"]
    assert tile.image.layout.display == "none" and tile.face.layout.display != "none"
    assert escape.html(caption[:40]) in tile.face.value and "comment" in tile.info.value


def test_friendly_words_in_lists_and_details(explorer):
    bases = [label for label, _ in explorer._choices["bases"].options]
    assert any(label.startswith("your Instagram account is public (") for label in bases)
    assert not any(":" in label.split(" (")[0] for label in bases)  # no raw rule:... codes
    explorer._choices["bases"].value = ("ig:account-public",)
    assert "because: your Instagram account is public" in explorer._pane.html.value
    flags = [label for label, _ in explorer._choices["flags"].options]
    assert flags[-1].startswith("no decision yet (")


def test_headline_explains_ai_exposed_beside_public_now(explorer, ex):
    public = int((ex.items["audience"] == "public").sum())
    exposed = int(ex.items["ai_exposed"].sum())
    gone = int((ex.items["ai_exposed"] & (ex.items["audience"] != "public")).sum())
    assert exposed != public  # the sample has items public then and not now
    head = explorer._headline.value
    assert f"<b>{exposed}</b> public on or after {explorer.ai_start}" in head
    assert f"(not the {public} public now: {gone} items public then are not public or unknown now" in head
