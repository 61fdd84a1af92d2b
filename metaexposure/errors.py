"""Errors for whole inputs, and problem rows for trouble inside a usable export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ExportError(Exception):
    """An input as a whole is unusable; the message names the file and says what to do."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ReviewFileError(Exception):
    """The review file cannot be read; it is left untouched on disk."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


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
