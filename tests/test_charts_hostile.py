"""Charts from export text nobody vetted (issue 14): drawn literally, CSV cells inert, never inside an export.

An album name is typed by the person (or by whoever edited the zip): "Vegas $$" must not crash matplotlib's
mathtext, "Paid $5 and $10" must not turn into maths, a name starting with "=" must not run as a
spreadsheet formula in the chart's CSV, and no chart may be written into an export folder.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import html as std_html  # noqa: E402
import re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import mistune  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import metaexposure as me  # noqa: E402
from metaexposure import cli, plots, publish  # noqa: E402
from tests import fbtrees  # noqa: E402
from tests import test_plots as data  # noqa: E402

# Each a valid album name; each breaks, or is silently changed by, mathtext when drawn as is.
DOLLAR_NAMES = ("Vegas $$", "Paid $5 and $10", "$x^2$ party", r"C:\$HOME $")
FORMULA = '=HYPERLINK("http://x")'
WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def albums(names: tuple[str, ...]) -> pd.DataFrame:
    """by_album shape, one Facebook album per name, each with public and unknown items."""
    rows = [("facebook", name, exposure, n, 0.5) for i, name in enumerate(names)
            for exposure, n in (("public", 3 + i), ("unknown", 2), ("not_public", 0))]
    frame = pd.DataFrame(rows, columns=["platform", "album", "exposure", "n", "share"])
    frame["exposure"] = pd.Categorical(frame["exposure"], categories=list(data.EXPOSURES))
    return frame


def svg_text(fig) -> str:
    """The figure as SVG with text kept as text: what a reader sees, character for character."""
    from io import StringIO

    out = StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(out, format="svg")
    return out.getvalue()


def drawn_strings(svg: str) -> list[str]:
    import html

    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_album_names_with_dollars_are_drawn_as_typed():
    fig, ax = plt.subplots(figsize=(8, 4))
    plots.plot_by_album(albums(DOLLAR_NAMES), ax=ax)
    fig.canvas.draw()  # "Vegas $$" made mathtext raise here
    drawn = drawn_strings(svg_text(fig))
    for name in DOLLAR_NAMES:
        assert name in drawn, (name, drawn)
    # The plotted numbers and the alt text keep the real names, unescaped.
    assert set(plots.plotted(ax).data["label"]) == set(DOLLAR_NAMES)
    alt = plots.describe(plots.plotted(ax))
    assert all(name in alt for name in DOLLAR_NAMES)


def test_milestone_labels_with_dollars_are_drawn_as_typed():
    fig, ax = plt.subplots(figsize=(8, 4))
    milestones = pd.DataFrame({"date": pd.to_datetime(["2015-06-01"], utc=True), "label": ["Costs $$"]})
    plots.plot_exposure_timeline(data.timeline(), ax=ax, milestones=milestones)
    assert any(text.startswith("Costs $$ (") for text in drawn_strings(svg_text(fig)))


def fake_export(items: pd.DataFrame, paths: tuple = ()) -> SimpleNamespace:
    return SimpleNamespace(items=items, account=data.account(), paths=list(paths))


def test_chart_set_unredacted_draws_dollar_names_and_neutralises_formulas(tmp_path):
    items = data.items()
    names = iter([*DOLLAR_NAMES, FORMULA] * len(items))
    items["album"] = [a if a in ("", "Mobile uploads", "Profile pictures") else next(names) for a in items["album"]]
    written = publish.chart_set(fake_export(items), tmp_path, redact=False, sizes=("article",))
    assert len(written) == 5
    table = pd.read_csv(tmp_path / "albums.csv", keep_default_na=False)
    assert "'" + FORMULA in set(table["album"]) and FORMULA not in set(table["album"])
    assert set(DOLLAR_NAMES) <= set(table["album"])
    description = (tmp_path / "albums.desc.txt").read_text(encoding="utf-8")
    assert "Paid $5 and $10" in description and "$x^2$ party" in description  # plain text keeps the real names
    # In the SVG they are text, escaped for XML, in the drawing and in its <desc>.
    svg = (tmp_path / "albums-dark.svg").read_text(encoding="utf-8")
    assert "Paid $5 and $10" in svg and "<script" not in svg


def test_export_chart_csv_cells_never_start_a_formula(tmp_path):
    hostile = (FORMULA, "+1+1", "-2+3", "@SUM(A1)", " =1")
    fig, ax = plt.subplots(figsize=(8, 4))
    plots.plot_by_album(albums(hostile), ax=ax)
    paths = publish.export_chart(fig, "albums", tmp_path, redact=False)
    cells = pd.read_csv(paths["csv"], keep_default_na=False, dtype=str)
    assert set(cells["album"]) == {"'" + name for name in hostile}
    given = publish.export_chart(fig, "given", tmp_path, alt="x", redact=False,
                                 data=pd.DataFrame({"album": [FORMULA], "n": [1]}))
    assert pd.read_csv(given["csv"], dtype=str)["album"].tolist() == ["'" + FORMULA]


def test_chart_set_refuses_an_out_folder_inside_a_loaded_export(tmp_path):
    folder = fbtrees.era_2024(tmp_path / WRAPPER)
    plain = fbtrees.era_2024(tmp_path / "unpacked")  # no dated wrapper name: known only from ex.paths
    for export, out in ((folder, folder / "charts"), (folder, folder), (plain, plain / "my charts")):
        before = sorted(p.relative_to(export) for p in export.rglob("*"))
        with pytest.raises(ValueError, match="inside the export folder.*never writes into an export"):
            publish.chart_set(me.load(export), out)
        assert sorted(p.relative_to(export) for p in export.rglob("*")) == before
    # Beside the export is where charts belong.
    assert len(publish.chart_set(me.load(folder), tmp_path / "charts", sizes=("card",), themes=("dark",))) == 5


def hostile_export(root: Path) -> Path:
    """A 2024-layout Facebook export with user albums whose names hold dollars and a formula."""
    fbtrees.era_2024(root)
    for number, name in enumerate((*DOLLAR_NAMES, FORMULA)):
        media = f"your_facebook_activity/posts/media/Album{number}_{number}/"
        photos = [fbtrees.photo(f"{media}{7700 + 10 * number + i}.jpg", fbtrees.T0 + 100 * number + i, name)
                  for i in range(2)]
        fbtrees.put(root, f"your_facebook_activity/posts/album/{20 + number}.json",
                    {"name": fbtrees.meta(name), "photos": photos})
    return root


def test_the_charts_command_draws_dollar_names_unredacted(tmp_path, capsys):
    export = hostile_export(tmp_path / WRAPPER)
    out = tmp_path / "charts"
    assert cli.main(["charts", str(export), "--out", str(out), "--no-redact", "--sizes", "narrow"]) == 0
    assert "NOT redacted" in capsys.readouterr().out
    table = pd.read_csv(out / "albums.csv", keep_default_na=False)
    assert set(DOLLAR_NAMES) | {"'" + FORMULA} <= set(table["album"])


def test_the_charts_command_refuses_an_out_folder_inside_an_export_it_recognises(tmp_path, capsys):
    # The export is given as a zip; the out folder lies in an unpacked copy, recognised by its layout.
    export = hostile_export(tmp_path / WRAPPER)
    archive = fbtrees.zip_folder(export, tmp_path / f"{WRAPPER}.zip", prefix=f"{WRAPPER}/")
    out = export / "your_facebook_activity" / "charts"
    assert cli.main(["charts", str(archive), "--out", str(out)]) == 2
    assert "inside the export" in capsys.readouterr().err
    assert not out.exists()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_index_shows_album_names_in_alt_text_as_text(tmp_path):
    items = data.items()
    tag, link = "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))"
    items["album"] = items["album"].replace({data.CANARY_ALBUM: tag, "Weekend away": link})
    written = publish.chart_set(fake_export(items), tmp_path, redact=False, sizes=("article",), themes=("light",))
    chart = next(chart for chart in written if chart["name"] == "albums")
    alt = chart["description"]
    assert tag in alt and link in alt  # the description itself is plain text, names as they are
    # Rendered as a blog or a Markdown preview would: only the kit's own images and links, the names as text.
    page = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])(
        (tmp_path / "index.md").read_text(encoding="utf-8"))
    parser = _Tags()
    parser.feed(page)
    targets = [attrs.get("src") or attrs.get("href") for name, attrs in parser.tags if name in ("img", "a")]
    assert targets and all(t in {p.name for p in tmp_path.iterdir()} for t in targets), targets
    alts = [attrs["alt"] for name, attrs in parser.tags if name == "img"]
    assert chart["alt"].strip() in alts
    assert std_html.escape(tag) in page and std_html.escape(link, quote=False) in page
