"""The review's readable JSON form: the hardened reader of a ``metaexposure-review.json`` (imported once
into the SQLite store) and the atomic writer behind ``Review.export_json`` (DESIGN.md section 8).

A JSON review file is text anyone could have edited: every bad one is a ReviewFileError that names it and
says what to do, never a crash, and it is never written to by a read.
"""

from __future__ import annotations

import contextlib
import json
import os
import reprlib
import stat
import tempfile
from pathlib import Path
from typing import Any

from .errors import ReviewFileError
from .frame import AUDIENCES
from .text import SURROGATE, replace_lone_surrogates

SCHEMA = "metaexposure-review"
# 2: "group_labels" (issue 15). A version-1 file has none and imports as it is.
VERSION = 2
ACTIONS = ("delete", "make_private", "keep")
LABEL_SECTIONS = ("item_labels", "album_labels", "group_labels")
SECTIONS = ("flags", *LABEL_SECTIONS)
# A real review stays far below both (500,000 flags with snapshots are ~200 MB, nested 4 deep); past them a
# file is not one we wrote, and reading it would cost memory or recursion (json.dumps) for nothing.
MAX_BYTES = 2**30
MAX_DEPTH = 64
# Values quoted in an error message are cut short: the message is shown in notebooks and terminals.
QUOTE = reprlib.Repr()
QUOTE.maxstring = QUOTE.maxother = 60


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


def problem(data: Any) -> str | None:
    """Why a parsed document is not a review file we can use, or None."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return f"is not a metaexposure review file (no \"schema\": \"{SCHEMA}\")"
    version = data.get("version")
    if type(version) is not int or version < 1:  # bool is an int subclass: true is no version
        return f"has no valid schema version ({QUOTE.repr(version)})"
    if version > VERSION:
        return f"was written by a newer metaexposure (schema version {version}); update the package"
    if _depth_over(data, MAX_DEPTH):
        return f"nests deeper than {MAX_DEPTH} levels, which no review file does"
    for section in SECTIONS:
        if not isinstance(data.get(section, {}), dict):
            return f"\"{section}\" is not an object"
    for item_id, flag in data.get("flags", {}).items():
        if not isinstance(flag, dict) or flag.get("action") not in ACTIONS:
            return f"flag of {QUOTE.repr(item_id)} has no action among {', '.join(ACTIONS)}"
        for field in ("note", "when"):
            # Every view shows them as text (worklist cells, the Explorer); a number or list would not be.
            if not isinstance(flag.get(field, ""), str):
                return (f"flag of {QUOTE.repr(item_id)} has a {field} that is not text "
                        f"({QUOTE.repr(flag[field])})")
    for section in LABEL_SECTIONS:
        for key, audience in data.get(section, {}).items():
            if not isinstance(audience, str) or audience not in AUDIENCES:
                return (f"{section}[{QUOTE.repr(key)}] = {QUOTE.repr(audience)} is not an audience "
                        f"({', '.join(AUDIENCES)})")
    return None


def what_to_do(path: Path) -> str:
    """The advice every unreadable review file gets: nothing was changed, and two ways on."""
    backup = path.with_name(path.name + ".bak")
    restore = (f"copy {backup.name} (the version before the last save) over it" if backup.exists()
               else "restore it from a backup")
    return (f"it was left untouched: repair it, {restore}, or move it away (rename it) to start with an "
            "empty review")


def parse(path: Path, raw: bytes) -> dict[str, Any]:
    """The validated document in ``raw``, every section present; ReviewFileError naming ``path`` if bad."""
    try:
        # utf-8-sig: an editor such as Notepad may have saved the file with a byte-order mark.
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError, MemoryError) as exc:
        # ValueError: bad UTF-8, bad JSON, or an integer past Python's 4,300-digit limit; RecursionError:
        # nested deeper than the decoder's stack. Python's own hint (set_int_max_str_digits) is no advice here.
        detail = {RecursionError: "nested too deep", MemoryError: "too large to read"}.get(
            type(exc), str(exc).split("; use sys.")[0])
        raise ReviewFileError(path, f"is not valid JSON ({detail}); {what_to_do(path)}") from exc
    reason = problem(data)
    if reason:
        raise ReviewFileError(path, f"{reason}; {what_to_do(path)}")
    # A lone escape such as "\\ud83d" parses to an unpaired surrogate, which no UTF-8 writer (SQLite
    # included) accepts: make it U+FFFD now so the rest of the note imports (pairs arrive joined).
    data, _ = replace_lone_surrogates(data)
    for section in SECTIONS:
        data.setdefault(section, {})
    return data


def read(path: Path) -> bytes | None:
    """The bytes of a JSON review file, None when there is none; ReviewFileError when it cannot be one."""
    try:
        info = path.stat()
        # Checked before opening: opening a FIFO would wait for a writer, a huge file would fill memory.
        if not stat.S_ISREG(info.st_mode):
            raise ReviewFileError(path, "is not a regular file (a folder?); give the path of a review file, "
                                  "or one where none exists yet")
        if info.st_size > MAX_BYTES:
            raise ReviewFileError(path, f"is {info.st_size / 2**20:,.0f} MiB, larger than any review file "
                                  f"({MAX_BYTES // 2**20:,} MiB at most); {what_to_do(path)}")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # no file there (a file where a folder would be: none either)
        return None
    except OSError as exc:
        raise ReviewFileError(path, f"cannot be read ({exc.strerror}); {what_to_do(path)}") from exc


def valid_unicode(text: str) -> str:
    """``text`` encodable as UTF-8: surrogate pairs (UTF-16 from a browser) joined, lone ones made U+FFFD."""
    if not SURROGATE.search(text):
        return text
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return replace_lone_surrogates(joined)[0]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # directories cannot be opened on Windows; rename is durable there
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` as readable JSON: temp file, fsync, rename, so a reader never sees half a file."""
    data = (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
    _fsync_dir(path.parent)
