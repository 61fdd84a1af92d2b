"""The timeline and the year-kind heatmap read right at every size and theme (issue 17).

A blog author found the private hatch read as if all of Facebook was private, the 2024 milestones merged
into one thick line, empty heatmap cells hid items of unknown audience, and the heatmap had no scale.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import metaexposure as me  # noqa: E402
from metaexposure import plots  # noqa: E402
from metaexposure.palette import contrast, luminance  # noqa: E402
from metaexposure.plots import heatmap  # noqa: E402
from metaexposure.plots.describe import record_for  # noqa: E402
from metaexposure.plots.style import SIZES, scheme  # noqa: E402

from .chart_numbers import unexplained_numbers  # noqa: E402
from .test_plots import account, by_year, sample_items, timeline  # noqa: E402

HEIGHTS = {"article": 4.8, "card": 6.3, "narrow": 3.6}
THEMES = [(dark, name) for dark in (False, True) for name in SIZES]
THEME_IDS = [f"{'dark' if dark else 'light'}-{name}" for dark, name in THEMES]


def draw(plot, data, *, dark: bool = False, size: str = "article", height: float | None = None, **kwargs):
    """Plot into a bare Figure of the size's width, laid out and drawn on an Agg canvas."""
    with plots.theme(dark=dark, size=size):
        fig = Figure(figsize=(SIZES[size].width, height or HEIGHTS[size]))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        plot(data, ax=ax, **kwargs)
        fig.canvas.draw()
        colours = scheme()
    return fig, ax, colours


def milestone_labels(ax):
    return [t for t in ax.texts if "(" in t.get_text()]


def boxes_apart(boxes) -> bool:
    return all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


# ----------------------------------------------------------------------------------------------- timeline


@pytest.mark.parametrize(("dark", "size"), THEMES, ids=THEME_IDS)
def test_private_periods_sit_in_a_lane_not_over_the_areas(dark, size):
    fig, ax, _ = draw(plots.plot_exposure_timeline, timeline(), dark=dark, size=size, account=account(),
                      milestones=False)
    renderer = fig.canvas.get_renderer()
    (lane,) = [p for p in ax.patches if p.get_hatch()]
    box, axes_box = lane.get_window_extent(renderer), ax.get_window_extent(renderer)
    baseline = ax.transData.transform((0, 0))[1]
    assert box.y1 <= baseline + 0.5 and box.y0 >= axes_box.y0 - 0.5
    assert box.height < 0.15 * axes_box.height
    # The bar starts and ends with the private interval, Mar 2016 to Sep 2019.
    x0, x1 = (ax.transData.inverted().transform((x, 0))[0] for x in (box.x0, box.x1))
    assert matplotlib.dates.num2date(x0).strftime("%Y-%m") == "2016-03"
    assert matplotlib.dates.num2date(x1).strftime("%Y-%m") == "2019-09"
    assert "Instagram account private" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(plots.plotted(ax).info["private"]) == 1


@pytest.mark.parametrize("size", ["article", "narrow", "card"])
def test_close_milestones_share_one_mark_and_label_and_far_ones_stay_apart(size):
    fig, ax, _ = draw(plots.plot_exposure_timeline, timeline(), size=size)
    marks = plots.plotted(ax).info["marks"]
    # 14 Jun, 26 Jun and 13 Sep 2024 are a few pixels apart on a 2012-2026 axis; 27 May 2025 is not.
    assert [(first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d"), n) for first, last, n in marks] == [
        ("2024-06-14", "2024-09-13", 3), ("2025-05-27", "2025-05-27", 1)]
    texts = sorted(t.get_text().replace("\n", " ") for t in milestone_labels(ax))
    assert texts == ["3 Meta AI milestones (14 Jun–13 Sep 2024)", "EU training starts (27 May 2025)"]
    # Every milestone is still in the record, one by one, for the description.
    assert len(plots.plotted(ax).info["milestones"]) == 4
    milestones = pd.DataFrame({"date": pd.to_datetime(["2014-01-01", "2019-06-01"], utc=True),
                               "label": ["First", "Second"]})
    fig, ax, _ = draw(plots.plot_exposure_timeline, timeline(), size=size, milestones=milestones)
    assert [n for *_, n in plots.plotted(ax).info["marks"]] == [1, 1]


def crowded_milestones() -> pd.DataFrame:
    days = ["2012-06-01", "2014-01-01", "2016-06-01", "2019-01-01", "2021-03-01", "2023-01-01", "2024-06-14",
            "2024-06-26", "2025-05-27", "2025-12-01"]
    return pd.DataFrame({"date": pd.to_datetime(days, utc=True),
                         "label": [f"A milestone with a longish name {i}" for i in range(len(days))]})


@pytest.mark.parametrize(("dark", "size"), THEMES, ids=THEME_IDS)
@pytest.mark.parametrize("which", ["policy", "crowded"])
def test_milestone_labels_never_overlap_nor_leave_the_plot(dark, size, which):
    milestones = me.policy_milestones() if which == "policy" else crowded_milestones()
    fig, ax, _ = draw(plots.plot_exposure_timeline, timeline(), dark=dark, size=size, account=account(),
                      milestones=milestones)
    renderer = fig.canvas.get_renderer()
    labels = milestone_labels(ax)
    assert labels
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in labels]
    assert boxes_apart(boxes)
    plot_box = ax.get_window_extent(renderer)
    for box in boxes:
        assert plot_box.x0 - 0.5 <= box.x0 and box.x1 <= plot_box.x1 + 0.5
        assert plot_box.y0 <= box.y0 and box.y1 <= plot_box.y1 + 0.5
    assert all(t.get_fontsize() >= SIZES[size].small for t in labels)
    if which == "policy":
        # Ten long labels may need more rows than a phone column has above the data: the areas keep at
        # least 40% of the height, and the labels' opaque boxes then cover part of them.
        stack_top = plots.plotted(ax).data[["public", "unknown", "not_public"]].sum(axis=1).max()
        assert ax.transData.transform((0, stack_top))[1] < min(b.y0 for b in boxes)


def test_the_bundled_sample_timeline_reads_at_every_size():
    items = sample_items()
    if items is None:
        pytest.skip("the bundled sample export is not written yet")
    ex = me.load(*me.sample_paths())
    data = me.exposure_timeline(ex.items, account=ex.account)
    for dark, size in THEMES:
        fig, ax, _ = draw(plots.plot_exposure_timeline, data, dark=dark, size=size, account=ex.account)
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in milestone_labels(ax)]
        assert boxes and boxes_apart(boxes), (dark, size)
        assert all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 for b in boxes), (dark, size)


def test_timeline_colours_come_from_the_theme():
    fig, ax, colours = draw(plots.plot_exposure_timeline, timeline(), dark=True, account=account())
    fills = [to_hex(c.get_facecolor()[0]) for c in ax.collections]
    assert fills == [colours.exposure[c].lower() for c in ("public", "unknown", "not_public")]
    for text in ax.texts:
        assert to_hex(text.get_color()) == colours.ink
        assert to_hex(text.get_bbox_patch().get_facecolor()) == colours.background


# ----------------------------------------------------------------------------------------------- heatmap


def years_with_gaps() -> pd.DataFrame:
    """by_year shape: 2015 photo public; 2016 photo only unknown; 2017 photo nothing; 2018 video not public."""
    rows = [(2015, "photo", "public", 5), (2015, "photo", "unknown", 2), (2016, "photo", "unknown", 3),
            (2018, "video", "not_public", 4), (2018, "photo", "public", 1)]
    frame = pd.DataFrame(rows, columns=["year", "kind", "exposure", "n"])
    frame["kind"] = pd.Categorical(frame["kind"], categories=["photo", "video", "post"])
    frame["exposure"] = pd.Categorical(frame["exposure"], categories=["public", "unknown", "not_public"])
    return frame


def cell_texts(ax) -> dict[tuple[int, int], str]:
    return {(int(t.get_position()[1] - 0.5), int(t.get_position()[0] - 0.5)): t.get_text() for t in ax.texts}


def test_cells_with_only_unknown_items_differ_from_empty_ones():
    fig, ax, colours = draw(plots.plot_by_year_kind, years_with_gaps(), height=2.6)
    table = plots.plotted(ax).data
    assert list(table.columns) == ["year", "kind", "public", "unknown"]
    cell = table.set_index(["year", "kind"])
    assert tuple(cell.loc[(2016, "photo")]) == (0, 3) and tuple(cell.loc[(2017, "photo")]) == (0, 0)
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert [(round(p.get_x()), round(p.get_y())) for p in hatched] == [(1, 0)]  # 2016 (column 1), photo (row 0)
    texts = cell_texts(ax)
    assert texts[(0, 1)] == "?" and texts[(0, 0)] == "5" and texts[(0, 3)] == "1"
    assert (0, 2) not in texts and (1, 3) not in texts  # 2017 photo and 2018 video (not public only): blank
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "? no public items, some of unknown audience" in legend
    assert "blank: no public items or unknown" in legend


def test_the_heatmap_has_a_scale_for_its_square_root_ramp():
    fig, ax, colours = draw(plots.plot_by_year_kind, by_year(), height=4)
    legends = [a for a in ax.get_children() if isinstance(a, matplotlib.legend.Legend)]
    scale = legends[0]
    labels = [t.get_text() for t in scale.get_texts()]
    peak = int(plots.plotted(ax).data["public"].max())
    assert labels[0] == "1" and labels[-1] == f"{peak} public items" and len(labels) >= 3
    faces = [to_rgba(h.get_facecolor()) for h in scale.legend_handles]
    # Darker (further from the background) for more.
    distances = [np.abs(np.array(f[:3]) - np.array(to_rgba(colours.background)[:3])).sum() for f in faces]
    assert distances == sorted(distances) and len(set(distances)) == len(distances)
    legend_boxes = [leg.get_window_extent(fig.canvas.get_renderer()) for leg in legends]
    assert boxes_apart(legend_boxes)


@pytest.mark.parametrize(("peak", "expected"), [(1, [1]), (4, [1, 2, 3, 4]), (61, [1, 5, 20, 61]),
                                                (1000, [1, 100, 500, 1000]), (6, [1, 2, 6])])
def test_scale_values_run_from_one_to_the_peak(peak, expected):
    assert heatmap.scale_values(peak) == expected


@pytest.mark.parametrize("dark", [False, True])
def test_cell_numbers_read_on_their_cells(dark):
    data = by_year().assign(n=lambda f: f["n"] * 40)  # counts up to hundreds: dark cells need light ink
    fig, ax, colours = draw(plots.plot_by_year_kind, data, dark=dark, height=4)
    mesh = ax.collections[0]
    faces = mesh.get_facecolors()
    cols = len(set(plots.plotted(ax).data["year"]))
    for text in ax.texts:
        x, y = text.get_position()
        if text.get_text() == "?":
            continue
        face = to_hex(faces[int(y - 0.5) * cols + int(x - 0.5)])
        assert contrast(to_hex(text.get_color()), face) >= 4.5, (text.get_text(), face)
        assert to_hex(text.get_color()) in (colours.ink, colours.background, "#000000", "#ffffff")


@pytest.mark.parametrize("chart", ["timeline", "heatmap"])
def test_dark_theme_uses_no_light_fills(chart):
    if chart == "timeline":
        fig, ax, colours = draw(plots.plot_exposure_timeline, timeline(), dark=True, account=account())
    else:
        fig, ax, colours = draw(plots.plot_by_year_kind, years_with_gaps(), dark=True, height=2.6)
    exposure = {c.lower() for c in colours.exposure.values()}
    fills = []
    for artist in ax.patches + ax.collections:
        fills += [f for f in np.atleast_2d(artist.get_facecolor()) if f[3] > 0]
    for legend in [a for a in ax.get_children() if isinstance(a, matplotlib.legend.Legend)]:
        fills += [to_rgba(h.get_facecolor()) for h in legend.legend_handles if hasattr(h, "get_facecolor")]
    fills += [to_rgba(t.get_bbox_patch().get_facecolor()) for t in ax.texts if t.get_bbox_patch()]
    for fill in fills:
        colour = to_hex(fill)
        # Only the exposure colours (and the grey of "unknown") may be light; nothing white-ish glows.
        assert colour in exposure or luminance(colour) < 0.35 or fill[3] == 0, colour


@pytest.mark.parametrize("size", ["narrow", "article"])
def test_year_labels_stay_readable_and_apart(size):
    years = range(2004, 2026)
    rows = [(y, "photo", "public", (y * 3) % 7) for y in years] + [(y, "post", "unknown", 1) for y in years]
    data = pd.DataFrame(rows, columns=["year", "kind", "exposure", "n"])
    fig, ax, _ = draw(plots.plot_by_year_kind, data, size=size, height=2.4)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert len(labels) >= 3
    assert all(t.get_fontsize() >= SIZES[size].small for t in labels)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert all(a.x1 + 2 < b.x0 for a, b in zip(boxes, boxes[1:], strict=False))


# ------------------------------------------------------------------------------------------- descriptions


def numbers_check(ax) -> tuple[str, list[str]]:
    record = plots.plotted(ax)
    text = plots.describe(record)
    return text, unexplained_numbers(text, record.data.to_csv(index=False))


@pytest.mark.parametrize("value", ["visible", "created"])
def test_timeline_description_holds_only_numbers_from_its_table(value):
    fig, ax, _ = draw(plots.plot_exposure_timeline, timeline(), account=account(), value=value)
    text, unexplained = numbers_check(ax)
    assert unexplained == [], (unexplained, text)
    assert "…" not in text
    for day in ("14 Jun 2024", "26 Jun 2024", "13 Sep 2024", "27 May 2025"):
        assert day in text
    if value == "visible":
        last = plots.plotted(ax).data.iloc[-1]
        assert f"In the last month shown (Feb 2026): {last['public']:,} public" in text
        assert "items without a date are left out" in text
        assert "Mar 2016 to Sep 2019" in text


def test_year_kind_description_holds_only_numbers_from_its_table():
    for data in (by_year(), years_with_gaps()):
        fig, ax, _ = draw(plots.plot_by_year_kind, data, height=3)
        text, unexplained = numbers_check(ax)
        assert unexplained == [], (unexplained, text)
        assert "…" not in text
    assert "Photo: public items in 2015 (5), 2018 (1); some" not in text
    assert "no public items but some of unknown audience (marked ?) in 2016 (3 unknown)" in text
    fig, ax, _ = draw(plots.plot_by_year_kind, by_year(), exposure=None, height=3)
    assert numbers_check(ax)[1] == []


def test_descriptions_of_the_bundled_sample_hold_only_its_numbers():
    items = sample_items()
    if items is None:
        pytest.skip("the bundled sample export is not written yet")
    ex = me.load(*me.sample_paths())
    for plot, data, kwargs in ((plots.plot_exposure_timeline, me.exposure_timeline(ex.items, account=ex.account),
                                {"account": ex.account}), (plots.plot_by_year_kind, me.by_year(ex.items), {})):
        fig, ax, _ = draw(plot, data, **kwargs)
        text, unexplained = numbers_check(ax)
        assert unexplained == [], (unexplained, text)


def test_the_record_for_data_alone_matches_the_drawn_heatmap():
    fig, ax, _ = draw(plots.plot_by_year_kind, by_year(), height=4)
    pd.testing.assert_frame_equal(record_for(by_year()).data, plots.plotted(ax).data)
    assert plots.describe(record_for(by_year())) == plots.describe(plots.plotted(ax))
