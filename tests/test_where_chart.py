"""The where chart (issue 15): items by the kind of place they were shared, or by group and Page, redacted."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from metaexposure.plots import describe, plot_by_where, plotted
from metaexposure.publish import export_chart, redact_tidy

TIDY = pd.DataFrame({
    "where": ["own", "own", "group", "group", "group", "page", "person"],
    "where_name": ["", "", "Hiking Club", "Hiking Club", "Bakers $$ <b>", "Daily Planet News", "Sam Example"],
    "exposure": ["public", "unknown", "public", "unknown", "unknown", "public", "unknown"],
    "n": [10, 5, 3, 1, 2, 4, 6],
})


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_by_kind_of_place_in_a_fixed_order_with_the_numbers_drawn(ax):
    kinds = TIDY.drop(columns="where_name")
    plot_by_where(kinds, ax=ax)
    table = plotted(ax).data
    assert list(table["label"]) == ["your own profile and feed", "groups", "Pages", "other people's profiles"]
    assert list(table["total"]) == [15, 6, 4, 6] and list(table["public"]) == [10, 3, 4, 0]
    alt = describe(plotted(ax))
    assert "groups 6 (3 public, 3 unknown)" in alt and "In all 31 items, 17 public." in alt


def test_by_name_most_public_first_and_names_drawn_literally(ax):
    plot_by_where(TIDY[TIDY["where"] != "own"], ax=ax)
    table = plotted(ax).data
    assert list(table["where_name"]) == ["Daily Planet News", "Hiking Club", "Sam Example", "Bakers $$ <b>"]
    ax.figure.canvas.draw()  # "$$" in a group name would be mathtext without escape.mpl
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Bakers \\$\\$ <b>"


def test_published_names_become_group_page_person_letters(tmp_path, ax):
    redacted = redact_tidy(TIDY)
    assert set(redacted["where_name"]) == {"", "Group A", "Group B", "Page A", "Person A"}
    assert redacted.loc[redacted["where_name"] == "Group A", "n"].sum() == 4  # the bigger group gets A
    plot_by_where(redacted[redacted["where"] != "own"], ax=ax)
    files = export_chart(ax.figure, "where", tmp_path)
    text = files["csv"].read_text() + files["alt"].read_text()
    assert "Hiking" not in text and "Planet" not in text and "Sam" not in text and "Group A" in text


def test_an_unredacted_name_is_refused_by_a_redacted_export(tmp_path, ax):
    plot_by_where(TIDY, ax=ax)
    with pytest.raises(ValueError, match="names"):
        export_chart(ax.figure, "where", tmp_path)  # redact=True is the default


def test_empty_data_gives_an_empty_axes(ax):
    assert plot_by_where(TIDY.iloc[:0], ax=ax) is ax and plotted(ax).data.empty


def test_the_chart_set_adds_the_where_chart_only_when_something_was_shared_elsewhere(tmp_path):
    from types import SimpleNamespace

    from metaexposure import frame, publish
    from metaexposure.audience import infer_audience
    from metaexposure.records import Fact, item

    t = 1_600_000_000
    own = [item("facebook", "photo", t + i, album="Mobile uploads", uri=f"m/{i}.jpg") for i in range(3)]
    account = frame.account_frame([Fact("facebook", "page", "Daily Planet News")])
    plain = SimpleNamespace(items=infer_audience(frame.items_frame(own), account), account=account)
    assert "where" not in {c["name"] for c in publish.chart_set(plain, tmp_path / "own", sizes=("narrow",))}

    elsewhere = own + [item("facebook", "comment", t + 9, caption="Nice", where="page",
                            where_name="Daily Planet News"),
                       item("facebook", "post", t + 10, caption="Hike!", where="group", where_name="Hiking Club")]
    ex = SimpleNamespace(items=infer_audience(frame.items_frame(elsewhere), account), account=account)
    charts = {c["name"]: c for c in publish.chart_set(ex, tmp_path / "all", themes=("dark",))}
    files = charts["where"]["files"]
    written = (files["csv"].read_text() + files["alt"].read_text() + files["desc"].read_text()
               + (tmp_path / "all" / "index.md").read_text() + (tmp_path / "all" / "index.html").read_text())
    assert "Daily Planet" not in written and "Hiking" not in written
    assert "Pages 1 (1 public" in files["desc"].read_text()  # a comment on a Page is public


def test_every_audience_basis_has_a_chart_label():
    from metaexposure.frame import BASES
    from metaexposure.plots.style import BASIS_LABELS

    assert set(BASES) <= set(BASIS_LABELS)  # a chart never shows a raw code like "rule:page-is-public"
