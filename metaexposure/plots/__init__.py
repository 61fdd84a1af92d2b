"""Seaborn-style plot functions: ``plot_x(data, *, ax=None) -> Axes`` over the exposure.py outputs."""

from .bars import plot_by_album, plot_by_audience
from .describe import describe
from .heatmap import plot_by_year_kind
from .location import plot_location_exposure
from .style import EXPOSURE_COLORS, EXPOSURE_LABELS, EXPOSURES, Plotted, plotted, theme
from .timeline import plot_exposure_timeline
from .where import plot_by_where

__all__ = [
    "EXPOSURES", "EXPOSURE_COLORS", "EXPOSURE_LABELS", "Plotted", "describe", "plot_by_album",
    "plot_by_audience", "plot_by_where", "plot_by_year_kind", "plot_exposure_timeline", "plot_location_exposure",
    "plotted", "theme",
]
