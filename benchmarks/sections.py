"""RESULTS.md sections that a benchmark command writes on its own and ``benchmarks.run`` carries over.

Each lives between ``<!-- name:start -->`` and ``<!-- name:end -->``; writing one replaces it in place, and the
load benchmarks (which rewrite the whole file) keep every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Section:
    name: str

    @property
    def start(self) -> str:
        return f"<!-- {self.name}:start -->"

    @property
    def end(self) -> str:
        return f"<!-- {self.name}:end -->"

    def put(self, results: str, text: str) -> str:
        """RESULTS.md's text with this section put in, replacing an earlier one; the rest as it was."""
        if self.start in results and self.end in results:
            return (results[:results.index(self.start)] + text.rstrip("\n")
                    + results[results.index(self.end) + len(self.end):])
        return results.rstrip("\n") + "\n\n" + text

    def kept(self, old: str, report: str) -> str:
        """A new report with this section carried over from the RESULTS.md it replaces."""
        if self.start in old and self.end in old:
            return self.put(report, old[old.index(self.start):old.index(self.end) + len(self.end)] + "\n")
        return report

    def write(self, path: Path, text: str) -> None:
        """Put ``text`` (this section) into the RESULTS.md at ``path``."""
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(self.put(old, text), encoding="utf-8")


# The sections benchmarks.run keeps when it rewrites RESULTS.md, in the order they appear.
KEPT = (Section("review-store"), Section("scale"), Section("notebooks-1m"))


def keep_all(old: str, report: str) -> str:
    """``benchmarks.run``'s report with every separately written section of the old RESULTS.md carried over."""
    for section in KEPT:
        report = section.kept(old, report)
    return report
