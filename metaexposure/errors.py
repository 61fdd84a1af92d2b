"""Errors for whole inputs, and problem rows for trouble inside a usable export.

In a notebook an ``ExportError`` or ``ReviewFileError`` is shown as its message and where its path came from
(the parameters cell, an environment variable, the bundled sample), not as a traceback through contextlib and
archive.py that buries that message: ``install_notebook_errors`` registers IPython's custom exception handler
when metaexposure is imported in a running IPython. ``%tb`` still shows the full traceback, and it is logged at
debug level.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)


class _PathError(Exception):
    """An error about one file or folder: ``path``, ``reason`` and ``origin`` (where the path was chosen)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        # Attached when the error is made: the notebook helpers note where each path they hand out came from.
        self.origin: str | None = origin_of(self.path)
        super().__init__(f"{self.path}: {reason}")


class ExportError(_PathError):
    """An input as a whole is unusable; the message names the file and says what to do."""


class ReviewFileError(_PathError):
    """The review file cannot be read; it is left untouched on disk."""


# Where paths came from, noted by nbhelpers.notebook_paths / work_dir / cleanup_pair: absolute path -> a phrase
# such as "the METAEXPOSURE_EXPORT environment variable". A bad path then says where to correct it. Bounded:
# a batch run through the helpers must not grow it without end; the newest notes are the ones that matter.
_ORIGINS: dict[str, str] = {}
MAX_ORIGINS = 1000


def _key(path: object) -> str:
    return os.path.normpath(os.path.abspath(os.path.expanduser(os.fspath(path)))) if path else ""


def note_origin(paths: Iterable[str | os.PathLike[str]], origin: str) -> None:
    """Remember that ``paths`` (and what lies inside them) came from ``origin``; the latest note wins."""
    for path in paths:
        key = _key(path)
        _ORIGINS.pop(key, None)
        _ORIGINS[key] = origin
    while len(_ORIGINS) > MAX_ORIGINS:
        del _ORIGINS[next(iter(_ORIGINS))]


def origin_of(path: str | os.PathLike[str]) -> str | None:
    """Where ``path`` came from: the note for it or for the nearest folder holding it; None if none."""
    if not _ORIGINS or not str(path):
        return None
    try:
        here = Path(_key(path))
    except (TypeError, ValueError):  # "load()" and the like name no file
        return None
    for candidate in (here, *here.parents):
        if str(candidate) in _ORIGINS:
            return _ORIGINS[str(candidate)]
    return None


# ANSI bold red, as IPython colours an exception's name; JupyterLab renders it in the error box.
_NAME = "\x1b[1;31m{}\x1b[0m"


def notebook_lines(error: BaseException) -> list[str]:
    """What a notebook shows for ``error``: its message, where its path came from, how to see the traceback."""
    lines = [f"{_NAME.format(type(error).__name__)}: {error}"]
    origin = getattr(error, "origin", None)
    if origin:
        lines.append(f"This path came from {origin}.")
    lines.append("(Run %tb in a new cell for the full traceback.)")
    return lines


def _show_briefly(shell: Any, etype: type[BaseException], value: BaseException, tb: TracebackType | None,
                  tb_offset: int | None = None) -> None:
    """IPython's custom exception handler: the short lines instead of the traceback, which stays for %tb."""
    # What IPython's own showtraceback records, so that %tb and %debug find this exception.
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    log.debug("%s", value, exc_info=(etype, value, tb))
    shell._showtraceback(etype, value, notebook_lines(value))  # an error output in a kernel, text in a terminal


def install_notebook_errors(shell: Any = None) -> bool:
    """Show ``ExportError`` / ``ReviewFileError`` briefly in the running IPython; False outside one.

    Only when IPython is already imported (the command line never imports it), and never over a custom
    exception handler something else installed: IPython keeps one.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc") or not hasattr(shell, "_showtraceback"):
        return False
    ours = (ExportError, ReviewFileError)
    if getattr(shell, "custom_exceptions", ()) not in ((), ours):
        return False
    shell.set_custom_exc(ours, _show_briefly)
    return True


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped or suspicious thing: which file, which item in it, and why."""

    file: str
    item: str
    reason: str
    # True when an item was dropped because of this problem: lets a load prove that
    # items seen = items loaded + items skipped.
    skipped: bool = False

    @property
    def count(self) -> int:
        """How many problems this row stands for (a file's ``Summary`` row stands for many)."""
        return 1

    @property
    def skipped_count(self) -> int:
        """How many records this row dropped."""
        return int(self.skipped)


# Rows kept per file. A hostile file of 5 million empty records made one row each: 3.6 GB from a
# 52 KB zip (issue 14). The cap is per file, not per reason, because reasons carry numbers and
# names (no stable key to group by) and because what a reader needs from one bad file is a
# sample of what is wrong and a count: 100 rows show every kind of trouble a real file has had
# (a scrubbed 2025 Instagram export gives one row per media file at most), the summary the rest.
MAX_ROWS_PER_FILE = 100


@dataclass(slots=True)
class Summary:
    """The one row standing for a file's problems beyond the first ``MAX_ROWS_PER_FILE``."""

    file: str
    count: int = 0  # problems not listed one by one
    skipped_count: int = 0  # records dropped among them

    item = ""

    @property
    def skipped(self) -> bool:
        return self.skipped_count > 0

    @property
    def reason(self) -> str:
        dropped = f", {self.skipped_count:,} of them records skipped" if self.skipped_count else ""
        return (f"{self.count:,} more problem(s) in this file{dropped}: not listed one by one (the first "
                f"{MAX_ROWS_PER_FILE} are); a file this odd is damaged or not from Meta")


class Problems(list):
    """A list of Problem with a shorthand for adding one; each file keeps at most MAX_ROWS_PER_FILE
    rows, then one ``Summary`` row counts the rest (``skipped`` still counts every dropped record)."""

    def __init__(self, rows: Iterable[Problem] = ()) -> None:
        super().__init__(rows)
        self._rows: dict[str, int] = {}
        self._summaries: dict[str, Summary] = {}

    def add(self, file: str, item: object, reason: str, *, skipped: bool = False) -> None:
        file = str(file)
        kept = self._rows.get(file, 0)
        if kept < MAX_ROWS_PER_FILE:
            self._rows[file] = kept + 1
            self.append(Problem(file, item if isinstance(item, str) else _shown(item), reason, skipped))
            return
        summary = self._summaries.get(file)
        if summary is None:
            summary = self._summaries[file] = Summary(file)
            self.append(summary)
        summary.count += 1
        summary.skipped_count += skipped

    @property
    def skipped(self) -> int:
        return sum(p.skipped_count for p in self)

    def mark(self) -> tuple[int, dict[str, int], dict[str, tuple[int, int]]]:
        """The state to return to with ``rollback``: a file whose parse is undone takes its rows back."""
        return len(self), dict(self._rows), {f: (s.count, s.skipped_count) for f, s in self._summaries.items()}

    def rollback(self, mark: tuple[int, dict[str, int], dict[str, tuple[int, int]]]) -> None:
        length, rows, counts = mark
        del self[length:]
        self._rows = rows
        for file in list(self._summaries):
            if file in counts:
                self._summaries[file].count, self._summaries[file].skipped_count = counts[file]
            else:
                del self._summaries[file]  # its row was added after the mark: already gone


def _shown(value: object) -> str:
    """str(value); an int beyond Python's int-to-str limit (4,300 digits) is described, not shown."""
    try:
        return str(value)
    except ValueError:
        return "<a number too long to show>"


# metaexposure imports this module first thing; in a notebook its errors are then shown briefly from the start.
install_notebook_errors()
