"""metaexposure: what of your Facebook and Instagram life is public, since when, and what to do about it."""

from .api import Export, load
from .errors import ExportError, ReviewFileError
from .samples import sample_paths

__all__ = ["Export", "ExportError", "ReviewFileError", "load", "sample_paths"]
__version__ = "0.1.0"
