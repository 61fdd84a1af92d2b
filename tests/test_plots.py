"""Plot functions: seaborn-style contract, contract-shaped data, readable layout.

The frame builders here make small tidy frames in the exact shape of the exposure.py outputs
(docs/INTERNALS.md); test_publish and test_cli use them too.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import metaexposure as me  # noqa: E402
from metaexposure import plots  # noqa: E402
from metaexposure.plots import style  # noqa: E402
from metaexposure.plots import timeline as timeline_module  # noqa: E402

EXPOSURES = ("public", "unknown", "not_public")

# Planted in items so tests can prove they never reach a redacted chart.
CANARY_ALBUM = "Canary Album Zebrafish"
CANARY_CAPTION = "canary caption xyzzy plugh"
CANARY_PERSON = "Bob Canarysson"
CANARY_PLACE = "Canary Cafe Quux"
CANARY_FBID = "987654321987"
CANARY_LAT, CANARY_LON = 47.376887, 8.541694
CANARY_STRINGS = (CANARY_ALBUM, "Zebrafish", CANARY_CAPTION, "xyzzy", CANARY_PERSON, "Canarysson",
                  CANARY_PLACE, "Quux", CANARY_FBID, "47.37", "8.541")


def timeline(start: str = "2012-01-01", months: int = 170) -> pd.DataFrame:
    """exposure_timeline shape: period, group, exposure, created, visible."""
    periods = pd.date_range(start, periods=months, freq="MS", tz="UTC")
    rng = np.random.default_rng(5)
    rows = []
    totals = dict.fromkeys(EXPOSURES, 0)
    for i, period in enumerate(periods):
        for exposure in EXPOSURES:
            created = int(rng.integers(0, 8)) if exposure != "public" or i > 30 else 0
            totals[exposure] += created
            rows.append((period, "all", exposure, created, totals[exposure]))
    frame = pd.DataFrame(rows, columns=["period", "group", "exposure", "created", "visible"])
    frame["exposure"] = pd.Categorical(frame["exposure"], categories=list(EXPOSURES))
    return frame


def account() -> pd.DataFrame:
    """ex.account shape with one private Instagram interval (2016-03 to 2019-09)."""
    stamps = pd.to_datetime([None, "2016-03-01", "2019-09-01", None, None], utc=True)
    ends = pd.to_datetime(["2016-03-01", "2019-09-01", None, None, None], utc=True)
    return pd.DataFrame({
        "platform": pd.Categorical(["instagram"] * 3 + ["facebook", "facebook"],
                                   categories=["facebook", "instagram"]),
        "fact": ["visibility"] * 3 + ["default_audience", "export"],
        "state": ["public", "private", "public", "friends", ""],
        "start": stamps, "end": ends,
        "basis": ["", "", "", "Who can see your future posts?: Friends", ""],
        "source_file": [""] * 5})


def by_album(n_albums: int = 20) -> pd.DataFrame:
    """by_album shape: platform, album, exposure, n, share."""
    names = ["Mobile uploads", "Profile pictures", CANARY_ALBUM] + [f"Trip {i}" for i in range(n_albums - 3)]
    rows = []
    for index, name in enumerate(names):
        counts = {"public": (index * 7) % 23, "unknown": 40 - index, "not_public": index % 5}
        total = sum(counts.values())
        rows += [("facebook", name, e, n, n / total) for e, n in counts.items()]
    rows += [("instagram", "Posts", "public", 30, 1.0), ("instagram", "Posts", "unknown", 0, 0.0),
             ("instagram", "Posts", "not_public", 0, 0.0)]
    frame = pd.DataFrame(rows, columns=["platform", "album", "exposure", "n", "share"])
    frame["exposure"] = pd.Categorical(frame["exposure"], categories=list(EXPOSURES))
    return frame


def by_audience() -> pd.DataFrame:
    """by_audience shape: audience, audience_basis, exposure, n, share."""
    rows = [("public", "rule:current-profile-photo", "public", 1), ("public", "rule:past-profile-photo", "public", 9),
            ("public", "ig:account-public", "public", 120), ("public", "label:item", "public", 4),
            ("public", "label:album", "public", 60), ("followers", "ig:account-private", "not_public", 35),
            ("friends", "label:album", "not_public", 20), ("unknown", "none", "unknown", 400)]
    frame = pd.DataFrame(rows, columns=["audience", "audience_basis", "exposure", "n"])
    frame["share"] = frame["n"] / frame["n"].sum()
    return frame


def by_year() -> pd.DataFrame:
    """by_year shape: year, kind, exposure, n."""
    rows = []
    for year in range(2010, 2026):
        for kind in ("photo", "video", "post", "story", "profile_photo"):
            for exposure in EXPOSURES:
                n = 0 if kind == "story" and year < 2017 else (year * 7 + len(kind) * 3 + len(exposure)) % 17
                rows.append((year, kind, exposure, n))
    frame = pd.DataFrame(rows, columns=["year", "kind", "exposure", "n"])
    frame["kind"] = pd.Categorical(frame["kind"], categories=["photo", "video", "post", "story", "reel",
                                                              "profile_photo", "cover_photo"])
    return frame


def items(n: int = 60) -> pd.DataFrame:
    """An items frame (DESIGN.md section 5) after audience inference, with the canaries planted."""
    rng = np.random.default_rng(11)
    created = (pd.Timestamp("2013-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 12 * 365, n), unit="D")
               ).astype("datetime64[ns, UTC]")
    albums = np.array(["Mobile uploads", CANARY_ALBUM, "Profile pictures", "Weekend away", ""])[np.arange(n) % 5]
    audience = np.array(["public", "unknown", "public", "friends", "unknown", "public"])[np.arange(n) % 6]
    lat = np.where(np.arange(n) % 3 == 0, CANARY_LAT + rng.normal(0, 0.01, n), np.nan)
    lon = np.where(np.arange(n) % 3 == 0, CANARY_LON + rng.normal(0, 0.01, n), np.nan)
    frame = pd.DataFrame({
        "item_id": pd.Series([f"facebook:photo:{CANARY_FBID}{i}" for i in range(n)], dtype=object),
        "platform": pd.Categorical(["facebook"] * n, categories=["facebook", "instagram"]),
        "kind": pd.Categorical(np.array(["photo", "video", "post", "photo"])[np.arange(n) % 4],
                               categories=["photo", "video", "post", "story", "reel", "profile_photo",
                                           "cover_photo"]),
        "created": created, "taken": created,
        "album": pd.Series(albums, dtype=object),
        "caption": pd.Series([f"{CANARY_CAPTION} with {CANARY_PERSON}"] * n, dtype=object),
        "uri": pd.Series([f"posts/media/CanaryAlbumZebrafish_1/{CANARY_FBID}{i}.jpg" for i in range(n)], dtype=object),
        "has_file": np.ones(n, dtype=bool),
        "latitude": lat, "longitude": lon,
        "place": pd.Series(np.where(np.arange(n) % 4 == 1, CANARY_PLACE, ""), dtype=object),
        "tagged": np.ones(n, dtype=np.int64),
        "status": pd.Categorical(["live"] * n, categories=["live", "archived", "trash", "recently_deleted"]),
        "audience": pd.Categorical(audience, categories=["public", "friends_of_friends", "friends", "followers",
                                                         "custom", "only_me", "unknown"]),
        "audience_basis": pd.Series(np.where(audience == "unknown", "none", "label:album"), dtype="category"),
        "public_since": pd.Series(np.where(audience == "public", created, pd.NaT), dtype="datetime64[ns, UTC]"),
        "ai_exposed": audience == "public",
        "link": pd.Series([f"https://www.facebook.com/photo/?fbid={CANARY_FBID}{i}" for i in range(n)], dtype=object),
        "source_file": pd.Series([f"posts/album/{CANARY_ALBUM}.json"] * n, dtype=object),
    })
    return frame


def location(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """location_exposure shape: public item rows with coordinates or a place."""
    frame = items() if frame is None else frame
    located = frame["latitude"].notna() | (frame["place"] != "")
    return frame[(frame["audience"] == "public") & located]


def sample_items() -> pd.DataFrame | None:
    """The bundled sample's items with audiences inferred, or None while the sample is not written."""
    try:
        paths = me.sample_paths()
    except FileNotFoundError:
        return None
    return me.load(*paths).items


# ---------------------------------------------------------------------------------------------- tests


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _no_show(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("plot functions must never call plt.show()")

    monkeypatch.setattr(plt, "show", refuse)


def cases() -> list[tuple[str, object, object, dict]]:
    """(name, plot function, contract-shaped data, keyword arguments)."""
    return [
        ("timeline", plots.plot_exposure_timeline, timeline(), {"account": account()}),
        ("album", plots.plot_by_album, by_album(), {}),
        ("audience", plots.plot_by_audience, by_audience(), {}),
        ("year_kind", plots.plot_by_year_kind, by_year(), {}),
        ("location", plots.plot_location_exposure, location(), {}),
    ]


CASES = cases()
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("name", "plot", "data", "kwargs"), CASES, ids=IDS)
def test_draws_on_the_given_axes_and_returns_it(name, plot, data, kwargs):
    fig, ax = plt.subplots()
    plt.subplots()  # another current Axes: the given one must still be used
    assert plot(data, ax=ax, **kwargs) is ax
    assert ax.has_data()
    assert plots.plotted(ax).kind == name
    assert len(plots.plotted(ax).data) > 0


@pytest.mark.parametrize(("name", "plot", "data", "kwargs"), CASES, ids=IDS)
def test_without_ax_draws_on_the_current_axes(name, plot, data, kwargs):
    fig, ax = plt.subplots()
    assert plot(data, **kwargs) is ax


@pytest.mark.parametrize(("name", "plot", "data", "kwargs"), CASES, ids=IDS)
def test_empty_data_returns_the_axes_untouched(name, plot, data, kwargs):
    fig, ax = plt.subplots()
    before = (ax.get_xlim(), ax.get_ylim(), len(ax.get_children()), ax.get_legend())
    assert plot(data.iloc[0:0], ax=ax, **kwargs) is ax
    assert (ax.get_xlim(), ax.get_ylim(), len(ax.get_children()), ax.get_legend()) == before
    assert not ax.has_data()
    assert plots.describe(plots.plotted(ax)).startswith("Empty chart")


@pytest.mark.parametrize(("name", "plot", "data", "kwargs"), CASES, ids=IDS)
def test_plots_leave_rcparams_and_the_callers_data_alone(name, plot, data, kwargs):
    params = dict(mpl.rcParams)
    copy = data.copy()
    fig, ax = plt.subplots()
    plot(data, ax=ax, **kwargs)
    fig.canvas.draw()
    assert dict(mpl.rcParams) == params
    pd.testing.assert_frame_equal(data, copy)


def test_theme_is_opt_in_and_restores_rcparams():
    params = dict(mpl.rcParams)
    with plots.theme(**{"font.size": 13}):
        assert mpl.rcParams["font.size"] == 13
        assert mpl.rcParams["axes.spines.top"] is False
    assert dict(mpl.rcParams) == params


def face_colors(ax) -> set[str]:
    colors = set()
    for artist in ax.patches + ax.collections:
        faces = np.atleast_2d(artist.get_facecolor())
        colors |= {mpl.colors.to_hex(face) for face in faces if face[3] > 0}
    return colors


def test_one_colour_per_exposure_class_in_every_chart():
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000",
                 "#999999"}
    palette = {c: v.lower() for c, v in plots.EXPOSURE_COLORS.items()}
    assert set(palette.values()) <= okabe_ito and len(set(palette.values())) == 3
    for name, plot, data, kwargs in cases():
        if name == "year_kind":
            continue  # a sequential tint of the public colour, checked below
        fig, ax = plt.subplots()
        plot(data, ax=ax, **kwargs)
        # The theme's chrome (white, the grid colour the map's land is filled with) is not data.
        used = face_colors(ax) - {"#ffffff", style.LIGHT.grid}
        assert used <= set(palette.values()), (name, used)
        legend = {t.get_text() for t in ax.get_legend().get_texts()}
        assert legend & {"public", "unknown", "not public"}, name


def test_timeline_stacks_public_unknown_not_public_in_that_order():
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline(), ax=ax, milestones=False)
    fills = [c for c in ax.collections if not c.get_hatch()]
    assert [mpl.colors.to_hex(f.get_facecolor()[0]) for f in fills] == [
        plots.EXPOSURE_COLORS[c].lower() for c in EXPOSURES]
    table = plots.plotted(ax).data
    assert list(table.columns) == ["period", *EXPOSURES]
    last = timeline().query("period == period.max()").set_index("exposure")["visible"]
    assert table.iloc[-1][list(EXPOSURES)].tolist() == [last[c] for c in EXPOSURES]


def test_timeline_sums_groups():
    data = timeline()
    doubled = pd.concat([data, data.assign(group="instagram")], ignore_index=True)
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(doubled, ax=ax, milestones=False)
    table = plots.plotted(ax).data
    assert table["public"].iloc[-1] == 2 * data[data["exposure"] == "public"]["visible"].iloc[-1]


def bbox(artist, renderer):
    return artist.get_window_extent(renderer)


def test_milestone_labels_are_readable_apart_and_above_the_data():
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    plots.plot_exposure_timeline(timeline(), ax=ax, account=account(), milestones=me.policy_milestones())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if "(" in t.get_text()]
    # Four of the five milestones fall in 2024-2025: the three of Jun-Sep 2024, a few pixels apart, share
    # one band and label; May 2025 keeps its own (tests/test_timeline_heatmap.py checks every size).
    assert sorted(t.get_text() for t in labels) == ["3 Meta AI milestones (14 Jun–13 Sep 2024)",
                                                    "EU training starts (27 May 2025)"]
    boxes = [bbox(t, renderer) for t in labels]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            assert not first.overlaps(second)
    figure_box = fig.bbox
    assert all(figure_box.x0 <= b.x0 and b.x1 <= figure_box.x1 for b in boxes)
    stack_top = plots.plotted(ax).data[list(EXPOSURES)].sum(axis=1).max()
    data_top = ax.transData.transform((0, stack_top))[1]
    assert data_top < min(b.y0 for b in boxes)


def test_milestones_default_to_policy_milestones_and_only_those_in_range_are_drawn():
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline("2005-01-01", 60), ax=ax)
    shown = plots.plotted(ax).info["milestones"]
    assert [day.year for day, _ in shown] == [2007]


def test_layout_rows_separate_close_labels_and_keep_far_ones_on_one_row():
    rows, aligns = timeline_module._layout_rows([0.05, 0.95, 0.96, 0.97], [0.3, 0.3, 0.3, 0.3])
    assert aligns == ["left", "right", "right", "right"]
    assert rows[0] == 0 and len({rows[1], rows[2], rows[3]}) == 3
    # Right-aligned: the newest sits on top, so older lines never run up through it.
    assert rows[3] < rows[2] < rows[1]


def test_timeline_marks_instagram_private_periods_in_a_lane_under_the_areas():
    # Hatched over the full height, the private years read as if Facebook's items were private too.
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline(), ax=ax, account=account(), milestones=False)
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    assert hatched[0].get_bbox().y1 <= 0 < ax.get_ylim()[1]  # below the areas' baseline
    assert "Instagram account private" in [t.get_text() for t in ax.get_legend().get_texts()]
    (begin, end), = plots.plotted(ax).info["private"]
    assert (begin.year, begin.month, end.year, end.month) == (2016, 3, 2019, 9)
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline(), ax=ax, milestones=False)
    assert not [p for p in ax.patches if p.get_hatch()]
    assert ax.get_ylim()[0] == 0


def test_album_chart_shows_top_n_and_other():
    fig, ax = plt.subplots()
    plots.plot_by_album(by_album(20), ax=ax, top=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 6
    assert labels[-1] == "other (16 albums)"
    table = plots.plotted(ax).data
    assert table["total"].sum() == by_album(20)["n"].sum()
    # Ranked by size (issue 17): labelling the largest album private must not drop it from the chart.
    assert table["total"].iloc[:5].is_monotonic_decreasing


def test_album_chart_names_the_platform_when_both_are_there_and_shortens_long_names():
    data = by_album(4)
    data = pd.concat([data, data[data["platform"] == "instagram"].assign(platform="facebook")])
    data.loc[data["album"] == "Trip 0", "album"] = "A very long album name that goes on and on and on"
    fig, ax = plt.subplots()
    plots.plot_by_album(data, ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Posts (Instagram)" in labels and "Posts (Facebook)" in labels
    assert "Mobile uploads (Facebook)" in labels
    assert any("…" in label and len(label) <= 34 for label in labels)
    fig, ax = plt.subplots()
    plots.plot_by_album(data[data["platform"] == "facebook"], ax=ax)
    assert "Mobile uploads" in [t.get_text() for t in ax.get_yticklabels()]


def test_album_chart_as_shares():
    fig, ax = plt.subplots()
    plots.plot_by_album(by_album(), ax=ax, stat="share")
    assert ax.get_xlim() == (0, 1)


def test_audience_chart_shows_the_basis():
    fig, ax = plt.subplots()
    plots.plot_by_audience(by_audience(), ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "public — your label" in labels
    assert "public — current profile/cover photo" in labels
    assert "unknown — no information" in labels
    assert labels[0].startswith("public")  # public first: the story
    assert any("(<1%)" in t.get_text() for t in ax.texts)


def test_year_kind_heatmap_counts_the_chosen_exposure():
    # The table keeps the items of unknown audience beside the public ones: they tell "none public"
    # apart from "the export does not say" (tests/test_timeline_heatmap.py).
    data = by_year()
    fig, ax = plt.subplots()
    plots.plot_by_year_kind(data, ax=ax)
    table = plots.plotted(ax).data
    assert list(table.columns) == ["year", "kind", "public", "unknown"]
    assert table["public"].sum() == data[data["exposure"] == "public"]["n"].sum()
    assert table["unknown"].sum() == data[data["exposure"] == "unknown"]["n"].sum()
    assert set(table["year"]) == set(range(2010, 2026))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["photo", "video", "post", "story", "profile photo"]
    fig, ax = plt.subplots()
    plots.plot_by_year_kind(data, ax=ax, exposure=None)
    assert list(plots.plotted(ax).data.columns) == ["year", "kind", "n"]
    assert plots.plotted(ax).data["n"].sum() == data["n"].sum()


def test_location_scatter_groups_spots_and_counts_place_only_items():
    data = location()
    fig, ax = plt.subplots()
    plots.plot_location_exposure(data, ax=ax)
    table = plots.plotted(ax).data
    located = data["latitude"].notna()
    assert table["n"].sum() == located.sum()
    assert plots.plotted(ax).info["place_only"] == int((~located & (data["place"] != "")).sum())
    place_only = plots.plotted(ax).info["place_only"]
    assert f"+{place_only:,} name a place without coordinates" in ax.get_legend().get_title().get_text()
    offsets = ax.collections[0].get_offsets()
    assert np.allclose(sorted(offsets[:, 0]), sorted(table["longitude"]))
    same_spot = pd.concat([data[located].head(1)] * 5)
    fig, ax = plt.subplots()
    plots.plot_location_exposure(same_spot, ax=ax)
    assert plots.plotted(ax).data["n"].tolist() == [5]


def test_location_without_coordinates_says_so():
    data = location()
    fig, ax = plt.subplots()
    plots.plot_location_exposure(data[data["latitude"].isna()], ax=ax)
    assert "name a place" in ax.texts[0].get_text()


def test_alt_text_is_written_from_the_numbers():
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline(), ax=ax, account=account(), milestones=me.policy_milestones())
    alt = plots.describe(plots.plotted(ax))
    end = timeline().query("period == period.max()").set_index("exposure")["visible"]
    assert alt.startswith("Stacked area chart of items visible per month")
    assert "Jan 2012 to Feb 2026" in alt and f"{end['public']:,} public" in alt
    assert "26 Jun 2024" in alt and "Instagram account was private" in alt


def test_every_plot_draws_the_bundled_sample():
    items = sample_items()
    if items is None:
        pytest.skip("the bundled sample export is not written yet")
    data = {"timeline": me.exposure_timeline(items), "album": me.by_album(items),
            "audience": me.by_audience(items), "year_kind": me.by_year(items),
            "location": me.location_exposure(items)}
    for name, plot, _, _ in cases():
        fig, ax = plt.subplots()
        assert plot(data[name], ax=ax) is ax
        assert plots.describe(plots.plotted(ax))


@pytest.mark.parametrize("unknown", ["separate", "public", "exclude"])
def test_every_plot_draws_real_exposure_outputs(unknown):
    frame = items()
    data = {"timeline": me.exposure_timeline(frame, unknown=unknown), "album": me.by_album(frame, unknown=unknown),
            "audience": me.by_audience(frame, unknown=unknown), "year_kind": me.by_year(frame, unknown=unknown),
            "location": me.location_exposure(frame, unknown=unknown)}
    for name, plot, _, _ in cases():
        fig, ax = plt.subplots()
        assert plot(data[name], ax=ax) is ax
        assert ax.has_data(), name


@pytest.mark.parametrize(("name", "plot", "data", "kwargs"), CASES, ids=IDS)
def test_legend_sits_below_the_axis_clear_of_data_ticks_and_a_later_title(name, plot, data, kwargs):
    with plots.theme():
        fig, ax = plt.subplots(figsize=(8, 4.5))
        plot(data, ax=ax, **kwargs)
        ax.set_title("A title the caller sets afterwards")
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert legend.y1 < ax.get_window_extent(renderer).y0
    assert legend.y1 < min(t.y0 for t in ticks)
    if ax.get_xlabel():
        assert legend.y1 < ax.xaxis.label.get_window_extent(renderer).y0
    assert not legend.overlaps(ax.title.get_window_extent(renderer))
    assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1 and legend.y0 >= fig.bbox.y0


@pytest.mark.parametrize("plot", [plots.plot_by_album, plots.plot_by_audience])
def test_data_with_only_zero_counts_is_treated_as_empty(plot):
    data = by_album() if plot is plots.plot_by_album else by_audience()
    fig, ax = plt.subplots()
    assert plot(data.assign(n=0), ax=ax) is ax
    assert not ax.has_data()


def test_percent_never_rounds_to_none_or_all():
    from metaexposure.plots.style import percent

    assert [percent(s) for s in (0, 0.001, 0.2, 0.996, 1)] == ["0%", "<1%", "20%", ">99%", "100%"]


def test_timeline_of_items_created_per_period():
    fig, ax = plt.subplots()
    plots.plot_exposure_timeline(timeline(), ax=ax, value="created", milestones=False)
    assert ax.get_ylabel() == "items created"
    assert plots.plotted(ax).data["public"].sum() == timeline().query("exposure == 'public'")["created"].sum()
    assert "items created per month" in plots.describe(plots.plotted(ax))
