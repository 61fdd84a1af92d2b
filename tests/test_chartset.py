"""The blog chart set (issue 17): every size and theme, accessible SVG, headlines and descriptions from the data."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

import metaexposure as me
from metaexposure import chartset, headline, palette
from metaexposure.audience import exposure_class
from metaexposure.plots import style
from tests.chart_numbers import unexplained_numbers

SVG = "{http://www.w3.org/2000/svg}"
STEMS = {"article": "", "card": "-card", "narrow": "-narrow"}
WIDTHS = {"article": 800, "card": 1200, "narrow": 400}


@pytest.fixture(scope="module")
def sample():
    return me.load(*me.sample_paths())


@pytest.fixture(scope="module")
def charts(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("charts")
    return out, me.chart_set(sample, out)


def svgs(out: Path) -> list[Path]:
    return sorted(out.glob("*.svg"))


def test_every_chart_comes_in_every_size_and_theme(charts):
    out, written = charts
    assert [c["name"] for c in written] == ["exposure-timeline", "albums", "audience", "year-kind", "locations",
                                            "where"]
    for chart in written:
        assert list(chart["variants"]) == [f"{s}-{t}" for s in chartset.SIZES for t in chartset.THEMES]
        for size, stem in STEMS.items():
            for theme in ("", "-dark"):
                name = f"{chart['name']}{stem}{theme}"
                png = Image.open(out / f"{name}@2x.png")
                assert png.size[0] == 2 * WIDTHS[size], name
                if size == "card":  # a social card is exactly 1200x630, and its @2x twice that
                    assert png.size == (2400, 1260)
                    assert Image.open(out / f"{name}.png").size == (1200, 630)
                root = ET.parse(out / f"{name}.svg").getroot()
                assert root.get("width") == str(WIDTHS[size]), name
        for suffix in (".alt.txt", ".desc.txt", ".csv"):
            assert (out / f"{chart['name']}{suffix}").stat().st_size > 0


def test_svg_is_accessible_and_keeps_text_as_text(charts):
    out, written = charts
    by_name = {c["name"]: c for c in written}
    for path in svgs(out):
        root = ET.parse(path).getroot()
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
        chart = by_name[re.sub(r"(-card|-narrow)?(-dark)?$", "", path.stem)]
        assert title.text == chart["title"] and desc.text == chart["description"]
        texts = [t for t in root.iter(f"{SVG}text")]
        assert texts, path.name  # text as text, not glyph outlines
        assert all("sans-serif" in (t.get("style") or "") for t in texts)


def test_ids_are_unique_across_every_chart_so_they_can_share_a_page(charts):
    out, _ = charts
    seen: dict[str, str] = {}
    for path in svgs(out):
        for element in ET.parse(path).getroot().iter():
            ident = element.get("id")
            if ident:
                assert ident not in seen, f"{ident} in {path.name} and {seen[ident]}"
                seen[ident] = path.name
        # Every reference points at an id of the same file.
        text = path.read_text()
        for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', text):
            assert seen.get(ref) == path.name, (ref, path.name)


def font_pixels(path: Path) -> list[float]:
    """Every text's size in CSS pixels at the SVG's display size."""
    root = ET.parse(path).getroot()
    scale = float(root.get("width")) / float(root.get("viewBox").split()[2])
    sizes = []
    for text in root.iter(f"{SVG}text"):
        found = re.search(r"font-size: ([\d.]+)px", text.get("style") or "")
        assert found, path.name
        sizes.append(float(found.group(1)) * scale)
    return sizes


def test_type_stays_at_least_11_px_at_display_size_in_every_size(charts):
    out, _ = charts
    for path in svgs(out):
        assert min(font_pixels(path)) >= 11.0, path.name


def test_short_alt_and_long_description_whose_numbers_are_the_csvs(charts):
    out, written = charts
    for chart in written:
        alt = (out / f"{chart['name']}.alt.txt").read_text().strip()
        assert alt == chart["alt"] and len(alt) <= headline.ALT_LIMIT and "…" not in alt
        description = (out / f"{chart['name']}.desc.txt").read_text().strip()
        assert description == chart["description"] and "…" not in description
        csv = (out / f"{chart['name']}.csv").read_text()
        assert unexplained_numbers(description, csv) == [], chart["name"]


def test_headlines_state_the_findings_computed_from_the_items(charts, sample):
    _, written = charts
    titles = {c["name"]: c["title"] for c in written}
    items = sample.items
    exposed, total = int(items["ai_exposed"].sum()), len(items)
    assert titles["exposure-timeline"].startswith(f"{exposed:,} of my {total:,} items were public after Meta's AI")
    public = int((exposure_class(items["audience"]) == "public").sum())
    unknown = int((exposure_class(items["audience"]) == "unknown").sum())
    assert titles["audience"].startswith(f"{public:,} of my {total:,} items are public")
    assert f"for {unknown:,} the export does not say" in titles["audience"]
    outside = items[items["where"].astype(object) != "own"]
    public_outside = int((exposure_class(outside["audience"]) == "public").sum())
    assert titles["where"] == (f"{len(outside):,} of my {total:,} items were shared outside my profile; "
                               f"{public_outside:,} of those are public")


def test_the_subtitle_gives_the_export_date_and_how_audience_was_inferred(sample):
    facts = headline.facts_of(sample.items, sample.account)
    exported = pd.to_datetime(sample.account.loc[sample.account["fact"] == "export", "start"], utc=True).max()
    assert headline.subtitle(facts).startswith(f"Export of {exported.day} {exported:%b %Y} · audience inferred")


def test_dark_variants_are_drawn_dark(charts):
    out, _ = charts
    for path in svgs(out):
        background = re.search(r'<g id="[^"]*figure_1">\s*<g id="[^"]*patch_1">\s*<path d="[^"]*"\s*'
                               r'style="fill: (#[0-9a-f]{6})', path.read_text())
        assert background, path.name
        want = style.DARK.background if path.stem.endswith("-dark") else style.LIGHT.background
        assert background.group(1) == want, path.name


def test_the_dark_scheme_reads_on_its_background():
    for colour in (style.DARK.ink, style.DARK.muted, *style.DARK.exposure.values()):
        assert palette.contrast(colour, style.DARK.background) >= 4.5, colour
    for colour in (style.LIGHT.ink, style.LIGHT.muted):
        assert palette.contrast(colour, style.LIGHT.background) >= 4.5, colour


def test_the_html_index_previews_every_file_and_fetches_nothing(charts):
    out, written = charts
    page = (out / "index.html").read_text()
    for chart in written:
        for path in chart["variants"].values():
            assert f'src="{path.name}"' in page
    assert "default-src 'none'" in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)


def test_an_author_may_write_the_headline(sample, tmp_path):
    written = me.chart_set(sample, tmp_path, sizes=("narrow",), themes=("dark",),
                           titles={"albums": "Most of my albums were never public; one was"})
    albums = next(c for c in written if c["name"] == "albums")
    assert albums["title"] == "Most of my albums were never public; one was"
    assert albums["alt"] == "Bar chart: Most of my albums were never public; one was."
    assert ET.parse(tmp_path / "albums-narrow-dark.svg").getroot().find(f"{SVG}title").text == albums["title"]
    assert {p.name for p in tmp_path.glob("*.svg")} == {f"{c['name']}-narrow-dark.svg" for c in written}


@pytest.mark.parametrize(("sizes", "message"), [(("poster",), "sizes"), ((), "sizes")])
def test_unknown_sizes_are_refused(sample, tmp_path, sizes, message):
    with pytest.raises(ValueError, match=message):
        me.chart_set(sample, tmp_path, sizes=sizes)


def test_python_dash_m_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "metaexposure", "charts", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "--sizes" in done.stdout and "--themes" in done.stdout


def test_albums_rank_by_size_so_labelling_the_biggest_private_keeps_it():
    from metaexposure.plots.bars import album_table

    rows = [("facebook", "Big", "not_public", 110), ("facebook", "Small", "public", 5),
            *((("facebook", f"Mid {i}", "public", 10 + i)) for i in range(12))]
    data = pd.DataFrame(rows, columns=["platform", "album", "exposure", "n"])
    table, others = album_table(data, top=12)
    assert table["album"].iloc[0] == "Big" and others == 2
    assert "Small" not in set(table["album"])  # the smallest go to "other", whatever their audience


def test_hostile_names_and_titles_stay_text_in_every_svg(tmp_path):
    from types import SimpleNamespace

    from tests import test_plots as data

    items = data.items()
    hostile = "<script>alert(1)</script>\x07\u202e & ]]> $x$"
    items["album"] = [hostile if a and a not in ("Mobile uploads", "Profile pictures") else a for a in items["album"]]
    ex = SimpleNamespace(items=items, account=data.account(), paths=[])
    written = me.chart_set(ex, tmp_path, redact=False, sizes=("narrow",), themes=("dark",), titles={"albums": hostile})
    for path in svgs(tmp_path):
        root = ET.parse(path).getroot()  # still well-formed XML
        assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject"))], path.name
        assert not any(k.startswith("on") for e in root.iter() for k in e.attrib), path.name
    albums = ET.parse(tmp_path / "albums-narrow-dark.svg").getroot()
    assert albums.find(f"{SVG}title").text == "<script>alert(1)</script> & ]]> $x$"  # controls dropped, rest literal
    assert any("<script>" in (t.text or "") for t in albums.iter(f"{SVG}text"))  # drawn as the text it is
    assert next(c for c in written if c["name"] == "albums")["title"] == hostile
