"""The one palette of data colours: charts and the Explorer draw exposure and flags with these.

Okabe-Ito colours, distinct under the common colour-vision deficiencies. Public is the warm alarm colour,
not public the cool one, unknown a neutral grey because the export does not say. Flags take the Okabe-Ito
colours no exposure class uses, each with a shape too, so a flag never reads as an audience (a red "delete"
beside a red "public" did). Widget chrome (backgrounds, text, borders) is not here: it follows the
JupyterLab theme through its ``--jp-*`` CSS variables.
"""

from __future__ import annotations

EXPOSURES = ("public", "unknown", "not_public")
FLAGS = ("delete", "make_private", "keep")

# What the charts draw with (on white): the light variant.
EXPOSURE_COLORS = {"public": "#D55E00", "unknown": "#999999", "not_public": "#0072B2"}
# The same classes on a dark background (JupyterLab Dark): lighter tones of the same hues, each at least
# 4.5:1 against the dark theme's backgrounds, where the light blue would fall to about 3:1.
EXPOSURE_COLORS_DARK = {"public": "#EE7F3B", "unknown": "#AAAAAA", "not_public": "#56B4E9"}
FLAG_COLORS = {"delete": "#CC79A7", "make_private": "#F0E442", "keep": "#009E73"}
# Shapes DejaVu Sans has (no emoji font needed): a cross, a half-covered circle, a tick.
FLAG_SHAPES = {"delete": "✕", "make_private": "◐", "keep": "✓"}

BLACK, WHITE = "#000000", "#ffffff"


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"{colour!r}: give a colour as #rrggbb")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour, as WCAG 2 defines it (0 black, 1 white)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _channels(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better as text on ``colour``."""
    return BLACK if contrast(colour, BLACK) >= contrast(colour, WHITE) else WHITE
