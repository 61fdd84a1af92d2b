"""Chart files: all four written, byte-identical across runs, and nothing personal in a redacted one."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import metaexposure as me  # noqa: E402
from metaexposure import escape, plots, publish  # noqa: E402
from metaexposure.albums import is_system_album  # noqa: E402
from tests import test_plots as data  # noqa: E402
from tests.test_plots import CANARY_ALBUM, CANARY_STRINGS  # noqa: E402

FILES = ("svg", "png", "alt", "desc", "csv")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def draw(kind: str = "album", redact: bool = True):
    """A figure with one chart drawn from the canary items, redacted first unless told otherwise."""
    items = data.items()
    if redact:
        items = publish.redact_items(items)
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    if kind == "album":
        plots.plot_by_album(me.by_album(items), ax=ax)
    elif kind == "location":
        plots.plot_location_exposure(me.location_exposure(items), ax=ax)
    else:
        plots.plot_exposure_timeline(me.exposure_timeline(items), ax=ax)
    return fig


def texts_in(path: Path) -> str:
    """Everything a reader or a program could pull out of a file as text."""
    if path.suffix == ".png":
        image = Image.open(path)
        chunks = " ".join(f"{k} {v}" for k, v in {**image.info, **getattr(image, "text", {})}.items()
                          if isinstance(v, str))
        # Every chunk's bytes but the compressed pixels: deflated IDAT data holds any four letters by
        # chance ("quux" turned up once six PNGs per chart were written), and no text can hide there.
        raw, at, kept = path.read_bytes(), 8, []
        while at + 8 <= len(raw):
            length, kind = int.from_bytes(raw[at:at + 4], "big"), raw[at + 4:at + 8]
            if kind != b"IDAT":
                kept.append(kind + raw[at + 8:at + 8 + length])
            at += 12 + length
        return chunks + b" ".join(kept).decode("latin-1")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".svg":
        # Drawing coordinates are screen points, not places: the world map's outline holds thousands of them,
        # and one ran "398.541223", which the canary "8.541" (a latitude's digits) matched by chance.
        text = re.sub(r'\s(?:d|points|transform)="[^"]*"', " ", text)
    return text


def assert_no_canary(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert files
    for path in files:
        content = texts_in(path)
        for canary in CANARY_STRINGS:
            assert canary.lower() not in content.lower(), f"{canary!r} in {path.name}"


@pytest.mark.parametrize("kind", ["album", "location", "timeline"])
def test_export_writes_svg_png_alt_and_csv(tmp_path, kind):
    paths = publish.export_chart(draw(kind), "chart", tmp_path)
    assert set(paths) == set(FILES)
    assert [p.name for p in paths.values()] == ["chart.svg", "chart@2x.png", "chart.alt.txt", "chart.desc.txt",
                                                "chart.csv"]
    assert all(p.stat().st_size > 0 for p in paths.values())
    assert paths["svg"].read_text().startswith("<?xml")
    assert Image.open(paths["png"]).size == (1600, 900)  # 800 px wide at 1x
    assert len(pd.read_csv(paths["csv"])) > 0
    assert len(paths["alt"].read_text()) > 40


def test_two_runs_give_identical_bytes(tmp_path):
    first = publish.export_chart(draw("timeline"), "timeline", tmp_path / "one")
    second = publish.export_chart(draw("timeline"), "timeline", tmp_path / "two")
    for key in FILES:
        assert first[key].read_bytes() == second[key].read_bytes(), key


def test_no_dates_or_versions_in_the_files(tmp_path):
    paths = publish.export_chart(draw(), "albums", tmp_path)
    svg = paths["svg"].read_text()
    assert "dc:date" not in svg and mpl.__version__ not in svg and "Matplotlib v" not in svg
    assert not re.search(r"20\d\d-\d\d-\d\dT", svg)
    image = Image.open(paths["png"])
    assert "Software" not in image.info and "Creation Time" not in image.info
    assert mpl.__version__.encode() not in paths["png"].read_bytes()


def test_export_leaves_rcparams_alone(tmp_path):
    params = dict(mpl.rcParams)
    publish.export_chart(draw(), "albums", tmp_path)
    assert dict(mpl.rcParams) == params


def test_csv_holds_the_plotted_numbers(tmp_path):
    fig = draw()
    paths = publish.export_chart(fig, "albums", tmp_path)
    table = pd.read_csv(paths["csv"], keep_default_na=False)
    drawn = plots.plotted(fig.axes[0]).data
    assert table["total"].tolist() == drawn["total"].tolist()
    assert table["public"].sum() == int((data.items()["audience"] == "public").sum())


def test_given_alt_text_and_data_are_used(tmp_path):
    frame = data.by_audience()
    paths = publish.export_chart(draw(), "audience", tmp_path, alt="My own words.", data=frame)
    assert paths["alt"].read_text() == "My own words.\n"
    assert pd.read_csv(paths["csv"])["n"].tolist() == frame["n"].tolist()


def test_alt_text_from_data_alone(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])  # the caller's own drawing
    paths = publish.export_chart(fig, "years", tmp_path, data=data.by_year())
    alt = paths["alt"].read_text().strip()
    assert alt.startswith("Heatmap") and "2010" in alt and len(alt) <= 150
    assert "2010–2025" in paths["desc"].read_text()
    with pytest.raises(ValueError, match="pass data="):
        publish.export_chart(fig, "nothing", tmp_path)


@pytest.mark.parametrize("name", ["", "../up", "a/b", ".hidden"])
def test_chart_names_are_plain_file_names(tmp_path, name):
    with pytest.raises(ValueError, match="plain file name"):
        publish.export_chart(draw(), name, tmp_path)


@pytest.mark.parametrize(("kind", "shown"), [("album", "album names"), ("location", "exact coordinates")])
def test_a_figure_drawn_from_secrets_is_refused_unless_redact_false(tmp_path, kind, shown):
    fig = draw(kind, redact=False)
    with pytest.raises(ValueError, match=shown):
        publish.export_chart(fig, "chart", tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    paths = publish.export_chart(fig, "chart", tmp_path / "open", redact=False)
    if kind == "album":
        assert CANARY_ALBUM in paths["csv"].read_text()
        assert CANARY_ALBUM[:29] in paths["svg"].read_text()  # drawn as text (svg.fonttype none)


def test_redacted_files_never_hold_a_canary(tmp_path):
    for kind in ("album", "location", "timeline"):
        publish.export_chart(draw(kind), kind, tmp_path)
    publish.export_chart(draw(), "tidy", tmp_path, data=me.location_exposure(data.items()))
    assert_no_canary(tmp_path)


def test_redact_items_keeps_the_story_and_drops_the_secrets():
    items = data.items()
    before = items.copy()
    items["people"] = data.CANARY_PERSON  # a column a later version might add
    red = publish.redact_items(items)
    pd.testing.assert_frame_equal(items.drop(columns="people"), before)  # the caller's frame is untouched
    assert set(red["album"]) == {"Mobile uploads", "Profile pictures", "Album A", "Album B", ""}
    assert set(red["caption"]) == {""} and set(red["link"]) == {""} and set(red["uri"]) == {""}
    assert set(red["people"]) == {""} and set(red["source_file"]) == {""}
    assert set(red["place"]) == {"", publish.PLACE_MARK}
    assert red["item_id"].str.fullmatch(r"item-\d+").all() and red["item_id"].is_unique
    located = red["latitude"].dropna()
    assert set(located) == {47.5} and set(red["longitude"].dropna()) == {8.5}
    for column in ("platform", "kind", "created", "audience", "audience_basis", "public_since", "ai_exposed"):
        pd.testing.assert_series_equal(red[column], items[column])
    # Same story: the analytics give the same counts on the redacted frame.
    assert me.by_year(red)["n"].tolist() == me.by_year(items)["n"].tolist()
    assert len(me.location_exposure(red)) == len(me.location_exposure(items))


def test_album_aliases_go_by_size_and_system_albums_keep_their_names():
    frame = pd.DataFrame({"album": ["Small", "Big", "Big", "Mobile uploads", "Profilbilder", "Big", "Small", "X"]})
    assert publish.album_aliases(frame) == {"Big": "Album A", "Small": "Album B", "X": "Album C"}
    tidy = data.by_album(30)
    red = publish.redact_tidy(tidy)
    assert set(red["album"]) - {"Mobile uploads", "Profile pictures", "Posts"} == {
        f"Album {publish.letters(i)}" for i in range(28)}
    assert red["n"].tolist() == tidy["n"].tolist()


def test_letters_never_run_out():
    assert [publish.letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_redact_tidy_on_groups_and_the_account_frame():
    frame = data.timeline().assign(group=CANARY_ALBUM)
    assert set(publish.redact_tidy(frame)["group"]) == {"Album A"}
    assert set(publish.redact_tidy(data.timeline())["group"]) == {"all"}
    account = publish.redact_tidy(data.account())
    assert account["state"].tolist() == ["public", "private", "public", "friends", ""]
    assert set(account["basis"]) == {""}


def test_coordinates_snap_to_cell_centres_even_at_the_edges():
    frame = pd.DataFrame({"latitude": [90.0, -90.0, 0.2, np.nan], "longitude": [180.0, -180.0, -0.2, np.nan]})
    red = publish.redact_tidy(frame)
    assert red["latitude"].tolist()[:3] == [89.5, -89.5, 0.5]
    assert red["longitude"].tolist()[:3] == [179.5, -179.5, -0.5]
    assert np.isnan(red["latitude"].iloc[3])


def fake_export(items: pd.DataFrame) -> SimpleNamespace:
    return SimpleNamespace(items=items, account=data.account())


ONE = {"sizes": ("article",), "themes": ("light",)}  # one variant: test_chartset.py checks every size and theme


def test_chart_set_writes_every_chart_and_an_index(tmp_path):
    written = publish.chart_set(fake_export(data.items()), tmp_path, sizes=("article", "narrow"))
    names = [chart["name"] for chart in written]
    assert names == ["exposure-timeline", "albums", "audience", "year-kind", "locations"]
    index = (tmp_path / "index.md").read_text()
    for chart in written:
        assert set(chart["files"]) == set(FILES) and all(p.exists() for p in chart["files"].values())
        assert f"## {chart['title']}" in index and escape.markdown(chart["alt"]) in index
        assert f"]({chart['name']}.svg)" in index
    assert "Redacted" in index
    assert_no_canary(tmp_path)
    assert plt.get_fignums() == []  # nothing left open in pyplot


def test_chart_set_is_deterministic_and_no_redact_shows_names(tmp_path):
    publish.chart_set(fake_export(data.items()), tmp_path / "one", sizes=("article", "card"))
    publish.chart_set(fake_export(data.items()), tmp_path / "two", sizes=("article", "card"))
    for path in sorted((tmp_path / "one").iterdir()):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes(), path.name
    publish.chart_set(fake_export(data.items()), tmp_path / "open", redact=False, **ONE)
    assert CANARY_ALBUM in (tmp_path / "open" / "albums.csv").read_text()
    assert "Redacted" not in (tmp_path / "open" / "index.md").read_text()


def test_chart_set_on_an_empty_export(tmp_path):
    written = publish.chart_set(fake_export(data.items().iloc[0:0]), tmp_path, **ONE)
    assert len(written) == 5
    assert all(chart["alt"] for chart in written)


def test_chart_set_on_the_bundled_sample(tmp_path):
    try:
        paths = me.sample_paths()
    except FileNotFoundError:
        pytest.skip("the bundled sample export is not written yet")
    ex = me.load(*paths)
    written = publish.chart_set(ex, tmp_path, **ONE)
    # the sample's comments, group posts and Threads (issue 15) bring the where chart
    assert [c["name"] for c in written] == ["exposure-timeline", "albums", "audience", "year-kind", "locations",
                                            "where"]
    exposed, total = int(ex.items["ai_exposed"].sum()), len(ex.items)
    assert written[0]["title"].startswith(f"{exposed:,} of my {total:,} items were public after Meta's AI")
    assert "Facebook, Instagram and Threads" in (tmp_path / "index.md").read_text()
    albums = pd.read_csv(tmp_path / "albums.csv", keep_default_na=False)
    assert all(a == "" or is_system_album(a) or re.fullmatch(r"Album [A-Z]+", a) for a in albums["album"])


def test_a_user_album_named_like_an_audience_is_still_aliased():
    frame = pd.DataFrame({"album": ["friends", "Mobile uploads"], "group": ["friends", "all"]})
    red = publish.redact_tidy(frame)
    assert red["album"].tolist() == ["Album A", "Mobile uploads"]
    assert red["group"].tolist() == ["friends", "all"]


@pytest.mark.parametrize(("grid", "accepted"), [(1.0, True), (2.0, True), (0.5, False), (0.1, False)])
def test_coarser_grids_pass_the_check_finer_ones_do_not(tmp_path, grid, accepted):
    items = publish.redact_items(data.items(), grid=grid)
    fig, ax = plt.subplots()
    plots.plot_location_exposure(me.location_exposure(items), ax=ax)
    if accepted:
        publish.export_chart(fig, "spots", tmp_path)
    else:
        with pytest.raises(ValueError, match="exact coordinates"):
            publish.export_chart(fig, "spots", tmp_path)
