"""What a notebook shows of export text, kept out of MathJax's reach.

JupyterLab 4 typesets every HTML output with MathJax 3, DataFrame tables included, so an album named
``$\\href{https://…}{x}$`` became a link in ``ex.items`` and ``ex.albums`` (pandas' own switch,
``display.html.use_mathjax``, marks tables "tex2jax_ignore", a class MathJax 3 no longer reads). In an IPython
kernel, DataFrames are shown inside ``escape.no_math``: the same table, which MathJax leaves alone.
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

from . import escape


def frame_html(frame: pd.DataFrame) -> str | None:
    """pandas' HTML table of ``frame`` inside a MathJax-ignored element (None when pandas gives none)."""
    markup = frame._repr_html_()
    return None if markup is None else escape.no_math(markup)


def install(shell: Any = None) -> bool:
    """Show DataFrames through ``frame_html`` in the running IPython kernel; False outside one.

    Only when IPython is already imported: the command line and batch loads never import it.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters or "text/html" not in formatters:
        return False
    formatters["text/html"].for_type(pd.DataFrame, frame_html)
    return True
