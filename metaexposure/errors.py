"""Errors for whole inputs, and problem rows for trouble inside a usable export."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Problem:
    """One skipped or suspicious thing: which file, which item in it, and why."""

    file: str
    item: str
    reason: str
    # True when an item was dropped because of this problem: lets a load prove that
    # items seen = items loaded + items skipped.
    skipped: bool = False


class Problems(list):
    """A list of Problem with a shorthand for adding one."""

    def add(self, file: str, item: object, reason: str, *, skipped: bool = False) -> None:
        self.append(Problem(str(file), str(item), reason, skipped))

    @property
    def skipped(self) -> int:
        return sum(p.skipped for p in self)
