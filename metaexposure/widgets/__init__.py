"""Widgets for JupyterLab: the Explorer and the pure filtering rules behind it."""

from __future__ import annotations

from typing import Any

from .filters import FilterIndex, Filters, apply_filters, refresh_view_data
from .model import ExplorerModel

__all__ = ["Explorer", "ExplorerModel", "FilterIndex", "Filters", "apply_filters", "refresh_view_data"]


def __getattr__(name: str) -> Any:
    # the Explorer pulls in ipywidgets; the filter rules (and their benchmark) need only pandas
    if name == "Explorer":
        from .explorer import Explorer

        return Explorer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
