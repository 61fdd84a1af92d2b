"""The one palette (charts and Explorer draw with the same colours) and the one table of friendly words."""

from __future__ import annotations

import pytest

from metaexposure import frame, palette, words
from metaexposure.plots import style
from metaexposure.records import KINDS, STATUSES, WHERES

# JupyterLab's own backgrounds (--jp-layout-color0/1 of each theme), where the Explorer's colours land
LIGHT_BACKGROUNDS = ("#ffffff", "#eeeeee")
DARK_BACKGROUNDS = ("#111111", "#212121")


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in palette._channels(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(first: str, second: str) -> float:
    return sum((a - b) ** 2 for a, b in zip(lab(first), lab(second), strict=True)) ** 0.5


def test_charts_take_their_exposure_colours_from_the_palette():
    assert style.EXPOSURE_COLORS is palette.EXPOSURE_COLORS
    assert set(palette.EXPOSURE_COLORS) == set(palette.EXPOSURE_COLORS_DARK) == set(palette.EXPOSURES)


def test_no_flag_looks_like_an_audience():
    exposure = {c.lower() for table in (palette.EXPOSURE_COLORS, palette.EXPOSURE_COLORS_DARK)
                for c in table.values()}
    flags = {c.lower() for c in palette.FLAG_COLORS.values()}
    assert len(flags) == 3 and not flags & exposure
    assert set(palette.FLAG_COLORS) == set(palette.FLAG_SHAPES) == set(palette.FLAGS)
    assert len(set(palette.FLAG_SHAPES.values())) == 3  # a shape per flag, for those who cannot tell colours
    # delete was once the same red as public: now every flag is far from every exposure colour (CIE76 delta E;
    # 2.3 is a just-noticeable difference, the old delete red and public red were about 5 apart)
    for flag in flags:
        for other in exposure:
            assert delta_e(flag, other) > 30, (flag, other)
    assert delta_e("#b71c1c", "#c62828") < 6


@pytest.mark.parametrize("colour", [*palette.EXPOSURE_COLORS.values(), *palette.EXPOSURE_COLORS_DARK.values(),
                                    *palette.FLAG_COLORS.values()])
def test_badge_text_is_readable_on_every_data_colour(colour):
    assert palette.contrast(palette.ink_on(colour), colour) >= 4.5


def test_dark_variants_stand_out_on_dark_backgrounds():
    for colour in palette.EXPOSURE_COLORS_DARK.values():
        assert min(palette.contrast(colour, bg) for bg in DARK_BACKGROUNDS) >= 4.5, colour
    # the light blue, as the charts draw it, would be too faint there: that is why a dark variant exists
    assert palette.contrast(palette.EXPOSURE_COLORS["not_public"], DARK_BACKGROUNDS[1]) < 3.5


def test_contrast_follows_wcag():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast("#777777", "#777777") == pytest.approx(1)
    assert palette.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's own example grey
    assert palette.ink_on("#ffffff") == palette.BLACK and palette.ink_on("#000000") == palette.WHITE
    with pytest.raises(ValueError, match="#rrggbb"):
        palette.luminance("red")


@pytest.mark.parametrize(("table", "codes"), [
    (words.BASIS_WORDS, frame.BASES), (words.STATUS_WORDS, STATUSES), (words.WHERE_WORDS, WHERES),
    (words.AUDIENCE_WORDS, frame.AUDIENCES), (words.KIND_WORDS, KINDS),
])
def test_every_code_a_person_can_meet_has_words(table, codes):
    assert set(codes) <= set(table), set(codes) - set(table)
    for code in codes:
        text = table[code]
        assert text and ":" not in text and "_" not in text, (code, text)  # words, not another code


def test_words_examples():
    assert words.BASIS_WORDS["rule:current-profile-photo"].endswith("(always public)")
    assert words.word(words.BASIS_WORDS, "rule:page-is-public") == "on a Facebook Page (Pages are public)"
    assert words.word(words.STATUS_WORDS, "some_new_status") == "some new status"  # a new code still reads
    assert words.word(words.FLAG_WORDS, "make_private") == "make private"


@pytest.mark.parametrize(("n", "expected"), [(0, "0 problems"), (1, "1 problem"), (2, "2 problems"),
                                             (1200, "1,200 problems")])
def test_plural(n, expected):
    assert words.plural(n, "problem") == expected


def test_plural_of_odd_words():
    assert words.plural(1, "entry", "entries") == "1 entry" and words.plural(3, "entry", "entries") == "3 entries"
