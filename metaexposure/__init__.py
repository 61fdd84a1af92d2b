"""metaexposure: what of your Facebook and Instagram life is public, since when, and what to do about it."""

from .api import Export, load
from .audience import default_audience_whatif, exposure_class, infer_audience
from .errors import ExportError, ReviewFileError
from .exposure import (
    by_album,
    by_audience,
    by_kind,
    by_year,
    compare,
    exposure_timeline,
    location_exposure,
    policy_milestones,
)
from .plots import (
    plot_by_album,
    plot_by_audience,
    plot_by_year_kind,
    plot_exposure_timeline,
    plot_location_exposure,
    theme,
)
from .publish import chart_set, export_chart, redact_items, redact_tidy
from .review import Review
from .samples import sample_paths
from .widgets import Explorer
from .worklist import worklist

__all__ = ["Export", "ExportError", "ReviewFileError", "load", "sample_paths"]
__all__ += ["Review", "by_album", "by_audience", "by_kind", "by_year", "compare", "default_audience_whatif",
            "exposure_class", "exposure_timeline", "infer_audience", "location_exposure", "policy_milestones",
            "worklist"]
__all__ += ["Explorer"]
__all__ += ["chart_set", "export_chart", "plot_by_album", "plot_by_audience", "plot_by_year_kind",
            "plot_exposure_timeline", "plot_location_exposure", "redact_items", "redact_tidy", "theme"]
__version__ = "0.1.0"
