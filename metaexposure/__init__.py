"""metaexposure: what of your Facebook and Instagram life is public, since when, and what to do about it."""

from importlib import import_module
from typing import Any

from .api import Export, load
from .audience import default_audience_whatif, exposure_class, infer_audience
from .errors import ExportError, ReviewFileError
from .exposure import (
    by_album,
    by_audience,
    by_kind,
    by_where,
    by_year,
    compare,
    exposure_timeline,
    location_exposure,
    policy_milestones,
)
from .nbhelpers import notebook_paths, work_dir
from .notebook_display import install as _install_notebook_display
from .plan import plan
from .review import Review
from .samples import sample_paths
from .worklist import worklist

# In a notebook, tables of export text are shown where MathJax cannot turn them into links (issue 14).
_install_notebook_display()

# Charts and widgets load matplotlib and ipywidgets (about half a second): only when first used,
# so batch loading of many exports and the command line stay quick to start.
_LAZY = {
    **dict.fromkeys(("plot_by_album", "plot_by_audience", "plot_by_where", "plot_by_year_kind",
                     "plot_exposure_timeline",
                     "plot_location_exposure", "theme"), ".plots"),
    **dict.fromkeys(("chart_set", "export_chart", "redact_items", "redact_tidy"), ".publish"),
    "Explorer": ".widgets",
    "batch": ".batches",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Export", "ExportError", "ReviewFileError", "Review", "by_album", "by_audience", "by_kind", "by_where",
           "by_year", "compare", "default_audience_whatif", "exposure_class", "exposure_timeline", "infer_audience",
           "load", "location_exposure", "notebook_paths", "plan", "policy_milestones", "sample_paths", "work_dir",
           "worklist", *_LAZY]
__version__ = "0.1.0"
