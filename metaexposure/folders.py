"""Listing an unzipped export folder: every regular file, and a problem row for anything else.

Links: Meta's exports never contain any, so a link means a tree someone arranged by hand. A link
to a file inside the export is read like the file. A link to a folder is not followed: its files
may already be listed where they really are (then they would count twice), it may loop, and what
it was meant to stand for cannot be known. Each such link is a problem row naming it, so nothing
under it is lost without a word (issue 14).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import Problems


def list_folder(root: Path, problems: Problems) -> Iterable[tuple[str, int | None]]:
    """(relative name, size) of every regular file under root; links leading outside are skipped.

    Only JSON files are measured here (their sizes bound what is read and drive the progress
    bar). A real export holds tens of thousands of media files, and a stat call for each was
    most of the time of listing it (benchmarks/README.md): their size stays None until
    ``archive.measured`` needs it. Folders are walked with os.scandir in os.walk's order.
    """
    real_root = os.path.realpath(root)
    pending = [(os.fspath(root), "")]
    while pending:
        path, folder = pending.pop()
        subfolders = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    rel = folder + entry.name
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            subfolders.append((entry.path, rel + "/"))
                        elif entry.is_symlink():
                            size = _linked_size(entry.path, rel, real_root, problems)
                            if size is not None:
                                yield rel, size
                        elif entry.is_file(follow_symlinks=False):
                            yield rel, entry.stat(follow_symlinks=False).st_size if rel.endswith(".json") else None
                        else:  # reading a named pipe would wait forever
                            problems.add(rel, "", "is not a regular file (a pipe, socket or device); skipped")
                    except OSError as exc:
                        problems.add(rel, "", f"cannot be read ({exc.strerror or exc}); skipped")
        except OSError as exc:  # os.walk skipped such a folder without a word
            problems.add(folder or os.fspath(root), "", f"is a folder that cannot be listed ({exc.strerror or exc}); "
                         "its files were skipped")
        pending.extend(reversed(subfolders))  # depth first, in listing order


def _linked_size(full: str, rel: str, real_root: str, problems: Problems) -> int | None:
    """The size of the regular file a link inside the export leads to; None, with a problem row,
    for anything else."""
    try:
        info = os.stat(full)
    except OSError:
        problems.add(rel, "", "is a broken link; skipped")
        return None
    target = os.path.realpath(full)
    if os.path.commonpath([real_root, target]) != real_root:
        problems.add(rel, "", "is a link pointing outside the export; not followed")
        return None
    if stat.S_ISREG(info.st_mode):
        return info.st_size
    inside = os.path.relpath(target, real_root).replace(os.sep, "/")
    if stat.S_ISDIR(info.st_mode):
        problems.add(rel, "", f"is a link to the folder {inside}/ of this export; links to folders are not "
                     "followed, so files under this name were not read (pass a copy without links to read them)")
    else:
        problems.add(rel, "", f"is a link to {inside}, which is not a regular file (a pipe, socket or device); "
                     "skipped")
    return None
