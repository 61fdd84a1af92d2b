"""The review file: flags, audience labels and snapshots, kept safe on disk (DESIGN.md section 8).

One JSON document, versioned. Every change is saved at once with a temp file, fsync and rename,
the previous version kept as ``.bak``. When another writer changed the file since we read it,
our changes are applied on top of theirs (three-way), so no decision is lost.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import reprlib
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from .errors import ReviewFileError
from .frame import AUDIENCES
from .text import SURROGATE, replace_lone_surrogates

SCHEMA = "metaexposure-review"
VERSION = 1
DEFAULT_PATH = Path("metaexposure-review.json")
ACTIONS = ("delete", "make_private", "keep")
SECTIONS = ("flags", "item_labels", "album_labels")
EXCERPT_CHARS = 80
# Without a lock (no flock: Windows), a temp file this old is no live writer's: a save takes milliseconds.
STALE_TEMP_SECONDS = 10 * 60
# A real review stays far below both (500,000 flags with snapshots are ~200 MB, nested 4 deep); past them a
# file is not one we wrote, and reading it would cost memory or recursion (deepcopy, json.dumps) for nothing.
MAX_BYTES = 2**30
MAX_DEPTH = 64
# Values quoted in an error message are cut short: the message is shown in notebooks and terminals.
_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = 60

# Folders that only an export has at its top; a review file must never be written among them.
_EXPORT_MARKERS = ("your_facebook_activity", "your_instagram_activity", "your_activity_across_facebook",
                   "this_profile's_activity_across_facebook", "photos_and_videos")
_WRAPPER_WITH_DATE = re.compile(r"^(facebook|instagram)-.+-(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4})"
                                r"(-[A-Za-z0-9]{6,12})?$")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def snapshot(row: Mapping[str, Any]) -> dict[str, str]:
    """What a worklist needs of an item when the export is not at hand."""
    created = row.get("created")
    return {"created": "" if pd.isna(created) else pd.Timestamp(created).isoformat(),
            "album": str(row.get("album", "")), "caption": excerpt(row.get("caption", "")),
            "link": str(row.get("link", "")), "platform": str(row.get("platform", "")),
            "kind": str(row.get("kind", ""))}


def _empty() -> dict[str, Any]:
    return {"schema": SCHEMA, "version": VERSION, "flags": {}, "item_labels": {}, "album_labels": {}}


def _depth_over(data: Any, limit: int) -> bool:
    """True when ``data`` nests deeper than ``limit``; level by level, so no recursion whatever the depth."""
    level, depth = [data], 1
    while level:
        if depth > limit:
            return True
        level = [child for node in level for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (dict, list))]
        depth += 1
    return False


def _problem(data: Any) -> str | None:
    """Why a parsed document is not a review file we can use, or None."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return f"is not a metaexposure review file (no \"schema\": \"{SCHEMA}\")"
    version = data.get("version")
    if type(version) is not int or version < 1:  # bool is an int subclass: true is no version
        return f"has no valid schema version ({_QUOTE.repr(version)})"
    if version > VERSION:
        return f"was written by a newer metaexposure (schema version {version}); update the package"
    if _depth_over(data, MAX_DEPTH):
        return f"nests deeper than {MAX_DEPTH} levels, which no review file does"
    for section in SECTIONS:
        if not isinstance(data.get(section, {}), dict):
            return f"\"{section}\" is not an object"
    for item_id, flag in data.get("flags", {}).items():
        if not isinstance(flag, dict) or flag.get("action") not in ACTIONS:
            return f"flag of {_QUOTE.repr(item_id)} has no action among {', '.join(ACTIONS)}"
        for field in ("note", "when"):
            # Every view shows them as text (worklist cells, the Explorer); a number or list would not be.
            if not isinstance(flag.get(field, ""), str):
                return (f"flag of {_QUOTE.repr(item_id)} has a {field} that is not text "
                        f"({_QUOTE.repr(flag[field])})")
    for section in ("item_labels", "album_labels"):
        for key, audience in data.get(section, {}).items():
            if not isinstance(audience, str) or audience not in AUDIENCES:
                return (f"{section}[{_QUOTE.repr(key)}] = {_QUOTE.repr(audience)} is not an audience "
                        f"({', '.join(AUDIENCES)})")
    return None


def _what_to_do(path: Path) -> str:
    """The advice every unreadable review file gets: nothing was changed, and two ways on."""
    backup = path.with_name(path.name + ".bak")
    restore = (f"copy {backup.name} (the version before the last save) over it" if backup.exists()
               else "restore it from a backup")
    return (f"it was left untouched: repair it, {restore}, or move it away (rename it) to start with an "
            "empty review")


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        # utf-8-sig: an editor such as Notepad may have saved the file with a byte-order mark.
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError, MemoryError) as exc:
        # ValueError: bad UTF-8, bad JSON, or an integer past Python's 4,300-digit limit; RecursionError:
        # nested deeper than the decoder's stack. Python's own hint (set_int_max_str_digits) is no advice here.
        detail = {RecursionError: "nested too deep", MemoryError: "too large to read"}.get(
            type(exc), str(exc).split("; use sys.")[0])
        raise ReviewFileError(path, f"is not valid JSON ({detail}); {_what_to_do(path)}") from exc
    reason = _problem(data)
    if reason:
        raise ReviewFileError(path, f"{reason}; {_what_to_do(path)}")
    # A lone escape such as "\\ud83d" parses to an unpaired surrogate, which no UTF-8 writer
    # accepts: make it U+FFFD now so the rest of the note loads and saves (pairs arrive joined).
    data, _ = replace_lone_surrogates(data)
    for section in SECTIONS:
        data.setdefault(section, {})
    return data


def _read(path: Path) -> bytes | None:
    try:
        info = path.stat()
        # Checked before opening: opening a FIFO would wait for a writer, a huge file would fill memory.
        if not stat.S_ISREG(info.st_mode):
            raise ReviewFileError(path, "is not a regular file (a folder?); give the path of a review file, "
                                  "or one where none exists yet")
        if info.st_size > MAX_BYTES:
            raise ReviewFileError(path, f"is {info.st_size / 2**20:,.0f} MiB, larger than any review file "
                                  f"({MAX_BYTES // 2**20:,} MiB at most); {_what_to_do(path)}")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReviewFileError(path, f"cannot be read ({exc.strerror}); {_what_to_do(path)}") from exc


def _merge(base: dict, ours: dict, theirs: dict) -> dict:
    """Theirs with every change we made since ``base`` applied on top (ours wins a clash)."""
    merged = copy.deepcopy(theirs)

    def apply(target: dict, before: Mapping, after: Mapping) -> None:
        for key in before.keys() | after.keys():
            if key in after and before.get(key) != after[key]:
                old = target.get(key)
                target[key] = ({**old, **after[key]} if isinstance(old, dict) and isinstance(after[key], dict)
                               else copy.deepcopy(after[key]))
            elif key not in after and key in before:
                target.pop(key, None)

    for section in SECTIONS:
        apply(merged.setdefault(section, {}), base.get(section, {}), ours.get(section, {}))
    top = set(SECTIONS)
    apply(merged, {k: v for k, v in base.items() if k not in top}, {k: v for k, v in ours.items() if k not in top})
    merged["version"] = VERSION
    return merged


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # directories cannot be opened on Windows; rename is durable there
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temp_pattern(path: Path) -> re.Pattern[str]:
    """Names of the temp files _write_atomic makes for ``path`` and its .bak: mkstemp's 8 characters."""
    return re.compile(re.escape(_temp_prefix(path)) + r"(?:bak\.)?[a-z0-9_]{8}\.tmp")


def _remove_stale_temps(path: Path, locked: bool) -> None:
    """Remove temp files of ``path`` (and its .bak) that a killed writer left between mkstemp and rename.

    Each is a full copy of someone's flags and notes. Rule: holding the folder lock, every one is
    stale, because a writer makes its temp files only inside ``_locked`` and removes or renames them
    before leaving it. Without a lock (no flock) a live writer may be mid-save, so only files older
    than STALE_TEMP_SECONDS go. Only regular files whose whole name matches this review file's
    pattern are touched; nothing else in the folder. Failures are ignored: the save already succeeded.
    """
    pattern = _temp_pattern(path)
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        names = [name for name in os.listdir(path.parent) if pattern.fullmatch(name)]
    except OSError:
        return
    for name in names:
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and (locked or info.st_mtime < cutoff):
                leftover.unlink()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[bool]:
    """Serialise read-merge-write among writers of this folder (where flock exists); yields whether locked."""
    try:
        import fcntl
    except ImportError:  # Windows: the merge alone narrows, but cannot close, the race
        yield False
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # closing releases the lock


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


def _valid_unicode(text: str) -> tuple[str, bool]:
    """``text`` encodable as UTF-8: surrogate pairs (UTF-16 from a browser) joined, lone ones made U+FFFD."""
    if not SURROGATE.search(text):
        return text, False
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return replace_lone_surrogates(joined)[0], True


def _ids(item_ids: str | Iterable[str]) -> list[str]:
    return [item_ids] if isinstance(item_ids, str) else list(dict.fromkeys(str(i) for i in item_ids))


class Review:
    """Flags and audience labels of one person's review, saved in one JSON file."""

    def __init__(self, path: str | os.PathLike[str], data: dict[str, Any] | None = None,
                 raw: bytes | None = None) -> None:
        self.path = Path(path)
        self._data = data if data is not None else _empty()
        self._base = copy.deepcopy(self._data)
        self._raw = raw  # the bytes on disk when last read or written; None: no file yet

    @classmethod
    def open(cls, path: str | os.PathLike[str] = DEFAULT_PATH,
             exports: Iterable[str | os.PathLike[str]] = ()) -> Review:
        """The review at ``path``: empty when the file does not exist yet; ReviewFileError when corrupt."""
        path = Path(path).expanduser().absolute()
        inside = export_folder_around(path, exports)
        if inside is not None:
            raise ReviewFileError(path, f"lies inside the export folder {inside}; the kit never writes into an "
                                  "export: keep the review file beside it, e.g. in your working folder")
        raw = _read(path)
        return cls(path, _parse(path, raw) if raw is not None else None, raw)

    @property
    def flags(self) -> Mapping[str, dict[str, Any]]:
        """item_id -> {"action", "note", "when", "snapshot"} (read-only; change with flag/unflag)."""
        return MappingProxyType(self._data["flags"])

    @property
    def item_labels(self) -> Mapping[str, str]:
        return MappingProxyType(self._data["item_labels"])

    @property
    def album_labels(self) -> Mapping[str, str]:
        """"platform/album" -> audience."""
        return MappingProxyType(self._data["album_labels"])

    def flag(self, item_ids: str | Iterable[str], action: str, *, note: str = "",
             items: Any = None) -> int:
        """Flag items for an action and save; ``items`` (items frame or Export) supplies snapshots."""
        if action not in ACTIONS:
            raise ValueError(f"action {action!r}: choose one of {', '.join(ACTIONS)}")
        ids = _ids(item_ids)
        rows = {}
        if items is not None and not isinstance(items, pd.DataFrame):
            items = items.items  # an Export
        if items is not None and len(ids):
            found = items[items["item_id"].isin(ids)]
            rows = {row["item_id"]: snapshot(row) for row in found.to_dict("records")}
        when = now_iso()
        for item_id in ids:
            entry = dict(self._data["flags"].get(item_id, {}))
            entry.update(action=action, note=note, when=when)
            if item_id in rows:
                entry["snapshot"] = rows[item_id]
            self._data["flags"][item_id] = entry
        self.save()
        return len(ids)

    def unflag(self, item_ids: str | Iterable[str]) -> int:
        """Remove flags and save; returns how many there were."""
        removed = [i for i in _ids(item_ids) if self._data["flags"].pop(i, None) is not None]
        if removed:
            self.save()
        return len(removed)

    def label_item(self, item_id: str, audience: str | None) -> None:
        """Say who can see one item (None removes the label) and save."""
        self._label("item_labels", str(item_id), audience)

    def label_album(self, platform: str, album: str, audience: str | None) -> None:
        """Say who can see a whole album (None removes the label) and save."""
        self._label("album_labels", f"{platform}/{album}", audience)

    def _label(self, section: str, key: str, audience: str | None) -> None:
        if audience is None:
            if self._data[section].pop(key, None) is not None:
                self.save()
            return
        if audience not in AUDIENCES:
            raise ValueError(f"audience {audience!r}: choose one of {', '.join(AUDIENCES)}")
        self._data[section][key] = audience
        self.save()

    def refresh(self) -> None:
        """Take in changes another writer saved since we last read or wrote the file."""
        raw = _read(self.path)
        if raw is not None and raw != self._raw:
            theirs = _parse(self.path, raw)
            # base becomes what is on disk, so unsaved changes of ours stay changes
            self._data, self._base, self._raw = _merge(self._base, self._data, theirs), theirs, raw

    def save(self) -> None:
        """Write atomically, keeping the previous version as .bak and merging newer changes on disk."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.parent) as locked:
            raw = _read(self.path)
            # A file that vanished is not "someone removed every decision": write ours whole.
            data = self._data if raw is None or raw == self._raw else _merge(
                self._base, self._data, _parse(self.path, raw))
            text, replaced = _valid_unicode(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True))
            if replaced:
                data = json.loads(text)  # keep in memory exactly what is on disk
            out = (text + "\n").encode("utf-8")
            if raw is not None:
                _write_atomic(self.path.with_name(self.path.name + ".bak"), raw)
            _write_atomic(self.path, out)
            _fsync_dir(self.path.parent)
            # Only after the new version is durable: until then a leftover may be the best copy there is.
            _remove_stale_temps(self.path, locked)
        self._data, self._base, self._raw = data, copy.deepcopy(data), out

    def __repr__(self) -> str:
        return (f"<Review {self.path}: {len(self._data['flags'])} flags, {len(self._data['item_labels'])} "
                f"item labels, {len(self._data['album_labels'])} album labels>")


def open_review(review: Review | str | os.PathLike[str] | None,
                exports: Iterable[str | os.PathLike[str]] = ()) -> Review | None:
    """A Review from a Review, a path or None, refusing a path inside one of ``exports``."""
    if review is None or isinstance(review, Review):
        return review
    return Review.open(review, exports)
