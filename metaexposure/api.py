"""The public entry point: ``load(*paths)`` turns exports into frames."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from . import frame, parallel
from .archive import Tree, looks_like_export_path, open_trees
from .audience import infer_audience
from .errors import ExportError, Problems
from .facebook import parse_facebook
from .records import F_CREATED, F_PLATFORM, Fact, Parsed
from .review import Review, open_review

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]


def _parser(platform: str) -> Callable[[Tree, Problems], Parsed]:
    if platform == "instagram":
        from .instagram import parse_instagram

        return parse_instagram
    return parse_facebook


@dataclass
class Export:
    """A loaded export: the frames of DESIGN.md section 4 plus what was read and how."""

    items: pd.DataFrame
    albums: pd.DataFrame
    account: pd.DataFrame
    problems: pd.DataFrame
    sources: pd.DataFrame
    # seen = loaded + merged + skipped: records met in the files, rows in items, records
    # folded into another for the same media file, records dropped (each with a problem row).
    stats: dict[str, int] = field(default_factory=dict)
    paths: tuple[str, ...] = ()
    trees: dict[str, Tree] = field(default_factory=dict, repr=False)
    review: Review | None = None
    # Conversations with Meta AI and what it wrote about you; linked apps and off-Meta activity (DESIGN section 4)
    ai: pd.DataFrame = field(default_factory=lambda: frame.ai_frame([]))
    apps: pd.DataFrame = field(default_factory=lambda: frame.apps_frame([]))

    def apply_review(self, review: Review | PathLike | None = None) -> Export:
        """Re-infer audiences with a review's labels (default: this export's, re-read), no reload."""
        if review is None and self.review is not None:
            self.review.refresh()  # labels another window saved since
        self.review = open_review(review, self.paths) if review is not None else self.review
        self.items = infer_audience(self.items, self.account, self.review)
        self.albums = frame.albums_frame(self.items)
        return self

    def media_bytes(self, uri: str) -> bytes | None:
        """The bytes of a media file inside the export, or None when it is absent or remote."""
        for tree in self.trees.values():
            rel = tree.resolve(uri)
            if rel is not None:
                try:
                    return tree.read_bytes(rel)
                except Exception:  # a damaged member: the caller shows a placeholder
                    log.warning("could not read %s", rel, exc_info=True)
                    return None
        return None

    def summary(self) -> pd.DataFrame:
        """Items by platform and kind: a first look at what was loaded."""
        return (self.items.groupby(["platform", "kind"], observed=True).size()
                .rename("items").reset_index())

    def _repr_html_(self) -> str:
        """What a notebook shows for ``ex``: items by platform and kind, problems, dates, the review store."""
        from .summary import export_html

        return export_html(self)

    def __repr__(self) -> str:
        return (f"<Export {', '.join(self.trees) or 'empty'}: {len(self.items):,} items, "
                f"{len(self.albums):,} albums, {len(self.problems):,} problems>")


def _export_facts(trees: dict[str, Tree], parsed: Parsed) -> list[Fact]:
    """When each export was made: the wrapper folder's date, else the newest item as a lower bound."""
    facts = []
    for platform, tree in trees.items():
        if tree.exported is not None:
            facts.append(Fact(platform, "export", "", start=tree.exported, basis="date in the export's folder name"))
            continue
        times = [row[F_CREATED] for row in parsed.items
                 if row[F_PLATFORM] == platform and row[F_CREATED] is not None]
        facts.append(Fact(platform, "export", "", start=max(times) if times else None,
                          basis="export date unknown: newest item time, a lower bound"))
    return facts


_ACTIVITY = {"facebook": "your_facebook_activity/", "instagram": "your_instagram_activity/"}


def _refuse_unrecognised(tree: Tree, parsed: Parsed) -> None:
    """An input taken for an export by its name alone, none of whose files is where an export keeps
    them: loading it would give nothing and say nothing (issue 14), so say what was found instead."""
    if any(status != "unknown" for _, path, status, _ in parsed.sources if path != "(media files)"):
        return
    if any(looks_like_export_path(rel) for rel in tree.members):
        return
    tops = sorted({rel.partition("/")[0] + ("/" if "/" in rel else "") for rel in tree.members})
    found = ", ".join(tops[:3]) + (", ..." if len(tops) > 3 else "")
    raise ExportError(tree.sources[0].path, f"is named like a {tree.platform.capitalize()} export, but none of its "
                      f"{len(tree.members):,} files is where an export keeps them (found: {found}); pass the zip "
                      f"Meta sent, or the folder that holds {_ACTIVITY[tree.platform]}")


# A load reading more JSON than this shows a progress bar unless told otherwise: a 15-year
# export holds ~150 MB and takes seconds; the sample and test fixtures stay quiet.
PROGRESS_BYTES = 20 * 1024**2


@contextmanager
def _progress(trees: dict[str, Tree], progress: bool | None, farm: parallel.Farm | None = None) -> Iterator[None]:
    """Count the JSON bytes the parsers read, or workers parsed, on a tqdm bar (a widget in Jupyter, text in a
    terminal)."""
    sizes = {rel: m.size for t in trees.values() for rel, m in t.members.items() if rel.endswith(".json")}
    if not (progress if progress is not None else sum(sizes.values()) >= PROGRESS_BYTES):
        yield
        return
    # tqdm.auto's widget bar only in a Jupyter kernel; elsewhere the text bar, half the import time.
    if "ipykernel" in sys.modules:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm

    with tqdm(total=sum(sizes.values()), unit="B", unit_scale=True, desc="Reading the export") as bar:
        for tree in trees.values():
            def counted(rel: str, problems: Problems, read: Callable = tree.read_raw) -> bytes | None:
                try:
                    return read(rel, problems)
                finally:
                    bar.update(sizes.get(rel, 0))
            tree.read_raw = counted  # on this instance only, removed below
        if farm is not None:  # counted in this process as each file's rows are taken, so the bar needs no thread
            farm.on_done = lambda rel: bar.update(sizes.get(rel, 0))
        try:
            yield
            bar.update(bar.total - bar.n)  # files known and ignored are never read: end at 100%
        finally:
            for tree in trees.values():
                vars(tree).pop("read_raw", None)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a load builds its objects.

    Parsing makes millions of dicts and lists that stay alive until their file is done, and
    the records and frames grow all the way: each automatic collection walks all of them again,
    which cost a third of a 100k-item load (benchmarks/README.md). None of them form reference
    cycles, so reference counting frees them all the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def load(*paths: PathLike, review: Review | PathLike | None = None, progress: bool | None = None,
         workers: int | None = None) -> Export:
    """Load one person's exports (zips and/or folders, Facebook and/or Instagram, all parts).

    ``progress``: show a progress bar (None: only when there is over 20 MB of JSON to read).
    ``workers``: processes that parse big files in parallel, when there are enough of them to pay for
    starting (``parallel.PARALLEL_BYTES``); None: one per core, 1: all in this process. The result is the same.

    >>> ex = load(*sample_paths())            # doctest: +SKIP
    >>> ex.items.groupby("kind").size()       # doctest: +SKIP
    """
    if not paths:
        raise ExportError("load()", "no export given: pass the path of your export's zip(s) or folder(s)")
    opened = open_review(review, paths)  # a corrupt review file fails before a long load
    problems = Problems()
    trees = {tree.platform: tree for tree in open_trees(paths, problems)}
    parsed = Parsed()
    farm = parallel.start(list(trees.values()), workers)
    try:
        with _progress(trees, progress, farm):
            for platform, tree in trees.items():
                result = _parser(platform)(tree, problems)
                _refuse_unrecognised(tree, result)
                parsed.items.extend(result.items)
                parsed.facts.extend(result.facts)
                parsed.ai.extend(result.ai)
                parsed.apps.extend(result.apps)
                parsed.sources.extend(result.sources)
                parsed.seen += result.seen
    finally:
        parallel.stop(farm, trees.values())
        for tree in trees.values():
            tree.close()
    parsed.facts.extend(_export_facts(trees, parsed))
    records, merged = frame.merge_duplicates(parsed.items)
    account = frame.account_frame(parsed.facts)
    items = infer_audience(frame.items_frame(records, trees), account, opened)
    ex = Export(
        items=items,
        albums=frame.albums_frame(items),
        account=account,
        problems=frame.problems_frame(problems),
        sources=frame.sources_frame(parsed.sources),
        stats={"seen": parsed.seen, "loaded": len(items), "merged": merged, "skipped": problems.skipped},
        paths=tuple(str(p) for p in paths),
        trees=trees,
        review=opened,
        ai=frame.ai_frame(parsed.ai),
        apps=frame.apps_frame(parsed.apps),
    )
    log.info("loaded %s from %d input(s): %s", ex, len(paths), ex.stats)
    return ex
