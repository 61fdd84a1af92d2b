"""Opening the review store: made when there is none, importing the JSON review beside it once, checked and
probed for writing when there is one (DESIGN.md section 8). The SQL itself is in ``review_store``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import review_json
from .errors import ReviewFileError
from .review_store import (
    LABEL_KINDS,
    SET_FLAG,
    SET_LABEL,
    SQL_ERRORS,
    Loaded,
    StoreProblem,
    connect,
    create,
    dumps_flag,
    is_new,
    log,
    now_iso,
    open_error,
    probe_write,
    row,
)

# Folders that only an export has at its top; a review file must never be written among them.
_EXPORT_MARKERS = ("your_facebook_activity", "your_instagram_activity", "your_activity_across_facebook",
                   "this_profile's_activity_across_facebook", "photos_and_videos")
_WRAPPER_WITH_DATE = re.compile(r"^(facebook|instagram)-.+-(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})"
                                r"(-[A-Za-z0-9]{6,12})?$")


def export_folder_around(path: Path, exports: Iterable[str | os.PathLike[str]] = ()) -> Path | None:
    """The export folder that ``path`` lies in, if any (given exports, or one that looks like one)."""
    path = Path(path).expanduser().resolve()
    for export in exports:
        folder = Path(export).expanduser().resolve()
        if folder.is_dir() and path.is_relative_to(folder):
            return folder
    for folder in path.parents:
        if _WRAPPER_WITH_DATE.match(folder.name) or any((folder / m).is_dir() for m in _EXPORT_MARKERS):
            return folder
    return None


def refuse_inside_export(path: Path, exports: Iterable[str | os.PathLike[str]]) -> None:
    inside = export_folder_around(path, exports)
    if inside is not None:
        raise ReviewFileError(path, f"lies inside the export folder {inside}; the kit never writes into an "
                              "export: keep the review file beside it, e.g. in your working folder")


def store_paths(path: str | os.PathLike[str]) -> tuple[Path, Path, bool]:
    """(store, the JSON review beside it, whether the JSON was the path given)."""
    given = Path(path).expanduser().absolute()
    named_json = given.suffix.lower() == ".json"
    store = given.with_suffix(".sqlite") if named_json else given
    return store, given if named_json else store.with_suffix(".json"), named_json


def open_connection(store: Path, legacy: Path, read_only: bool) -> tuple[sqlite3.Connection, int | None]:
    """A connection to a checked store, created (and the JSON imported) when there is none; the count imported.

    A bad JSON review fails before anything is created. Read-only and no store yet: an in-memory one, so a
    command that only reads (``metaexposure charts``) never writes a file beside someone's review.
    """
    target = store.resolve()  # a symlinked store is followed: SQLite writes its target, its journal beside that
    if target.exists() and not target.is_file():
        raise ReviewFileError(store, "is not a regular file (a folder?); give the path of a review store, "
                              "or one where none exists yet")
    existed = target.exists()
    document = None if existed else read_legacy(legacy)
    conn = None
    try:
        if not existed and not read_only:
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(target if existed or not read_only else None, read_only)
        new = is_new(conn)
        if new and existed:  # a zero-byte file, or one whose creation was killed before it committed
            document = read_legacy(legacy)
            if read_only:
                conn.close()
                conn = connect(None)
        imported = None
        if new:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if is_new(conn):  # another notebook may have made it while we waited
                    create(conn, now_iso())
                    imported = import_document(conn, document, legacy) if document is not None else None
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        elif not read_only:
            probe_write(conn)
        return conn, imported
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, (*SQL_ERRORS, StoreProblem, OSError)):
            raise open_error(store, target, exc, creating=not existed) from exc
        raise


def read_legacy(legacy: Path) -> dict[str, Any] | None:
    raw = review_json.read(legacy)
    return review_json.parse(legacy, raw) if raw is not None else None


def import_document(conn: sqlite3.Connection, document: dict[str, Any], source: Path,
                    current: Loaded | None = None) -> int:
    """Write a JSON review's decisions into the store as one undoable action (``current``: what the store
    holds, for the undo record; None for a new store); returns how many decisions."""
    current = current or Loaded()
    flags = {review_json.valid_unicode(k): v for k, v in document["flags"].items()}
    conn.executemany(SET_FLAG, [row(item_id, flag) for item_id, flag in flags.items()])
    labels = [(kind, review_json.valid_unicode(key), audience) for kind, section in LABEL_KINDS.items()
              for key, audience in document[section].items()]
    conn.executemany(SET_LABEL, labels)
    extra = {k: v for k, v in document.items() if k not in ("schema", "version", *review_json.SECTIONS)}
    if extra:  # fields a later tool wrote at the top: kept for export_json
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('json_extra', ?)",
                     (json.dumps(extra, ensure_ascii=False),))
    now = now_iso()
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     [("imported_from", source.name), ("imported_at", now)])
    before = ([("flag", k, dumps_flag(current.flags.get(k))) for k in flags]
              + [(kind, key, current.labels[kind].get(key)) for kind, key, _ in labels])
    log(conn, now, "import", f"Import {len(flags):,} flag(s) and {len(labels):,} label(s) from {source.name}",
        before, len(before))
    return len(before)
