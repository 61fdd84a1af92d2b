"""The review store's SQLite layer: schema, checks on open, loading, the action log, and errors that say
what to do (DESIGN.md section 8). ``review.Review`` is the API on top; nothing else talks SQL.

Journal mode: the rollback journal (``DELETE``), not WAL. WAL keeps two more files (``-wal``, ``-shm``)
beside the store for as long as it is open, needs shared memory that network drives (SMB, NFS) do not
give, and cannot even be read from a read-only folder unless those files already exist. The rollback
journal is one short-lived file per commit, works on any file system SQLite supports, and a commit costs
a few milliseconds more than WAL's, which a click does not feel. ``synchronous=FULL``: a commit is on the
disk, not only handed to the OS, before the call returns.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from .errors import ReviewFileError
from .frame import AUDIENCES
from .review_json import ACTIONS, QUOTE

# In the file header (PRAGMA application_id): tells our store from any other SQLite file. "MXRV".
APPLICATION_ID = 0x4D585256
STORE_VERSION = 1  # PRAGMA user_version; a newer one is refused, not guessed at
# Two notebooks writing at once wait for each other: a commit holds the lock for milliseconds, so only a
# program that keeps the file locked (a database browser mid-edit) makes a writer give up.
BUSY_SECONDS = 15.0
# Undo reaches this far back; older actions (and the before-states they keep) are dropped as new ones come.
HISTORY_ACTIONS = 500
LABEL_KINDS = {"item": "item_labels", "album": "album_labels", "group": "group_labels"}
CHANGE_KINDS = ("flag", *LABEL_KINDS)

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # snapshot and extra: JSON text (extra = fields of an imported flag this version does not use, kept)
    "CREATE TABLE flags (item_id TEXT PRIMARY KEY, action TEXT NOT NULL CHECK (action IN ("
    + ", ".join(f"'{a}'" for a in ACTIONS) + ")), note TEXT NOT NULL, \"when\" TEXT NOT NULL, snapshot TEXT, "
    "extra TEXT) WITHOUT ROWID",
    # Audiences are checked in Python, not by a CHECK: a new audience must not make older stores "wrong".
    "CREATE TABLE labels (kind TEXT NOT NULL CHECK (kind IN ('item', 'album', 'group')), key TEXT NOT NULL, "
    "audience TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
    "CREATE TABLE actions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, call TEXT NOT NULL, what TEXT NOT NULL, "
    "count INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0)",
    # before: a flag's whole entry as JSON, a label's audience; NULL when the key had none
    "CREATE TABLE changes (action_id INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, before TEXT, "
    "PRIMARY KEY (action_id, kind, key)) WITHOUT ROWID",
)
_COLUMNS = {"meta": "key, value", "flags": "item_id, action, note, \"when\", snapshot, extra",
            "labels": "kind, key, audience", "actions": "id, at, call, what, count, undone",
            "changes": "action_id, kind, key, before"}

SET_FLAG = "INSERT OR REPLACE INTO flags VALUES (?, ?, ?, ?, ?, ?)"
DELETE_FLAG = "DELETE FROM flags WHERE item_id = ?"
SET_LABEL = "INSERT OR REPLACE INTO labels VALUES (?, ?, ?)"
DELETE_LABEL = "DELETE FROM labels WHERE kind = ? AND key = ?"
# Plan steps the person marked done (issue 18) live in meta as "step_done:<key>" -> when: no schema change, so
# a store made before plans opens as it is.
STEP_PREFIX = "step_done:"
SET_META = "INSERT OR REPLACE INTO meta VALUES (?, ?)"
DELETE_META = "DELETE FROM meta WHERE key = ?"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# What a query can raise: SQLite's errors, and Python failing to decode one whose message quotes damaged bytes.
SQL_ERRORS = (sqlite3.Error, UnicodeDecodeError)


class StoreProblem(Exception):
    """What makes a database no usable review store (the caller adds the file and what to do)."""


@dataclass
class Loaded:
    """Everything in the store, as the Review's caches hold it, and the data_version it was read at."""

    flags: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: {kind: {} for kind in LABEL_KINDS})
    meta: dict[str, str] = field(default_factory=dict)
    version: int = 0
    seen: int = 0  # the last action in the log when read: changes after it are what another window did


def connect(target: Path | None, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); ``None``: an in-memory store."""
    if target is None:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    elif read_only:
        conn = sqlite3.connect(f"file:{urllib.parse.quote(str(target))}?mode=ro", uri=True, timeout=BUSY_SECONDS,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(target), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    # Text is ours or the person's, but a file edited by another tool may hold bytes that are not UTF-8:
    # shown with U+FFFD rather than refused while reading.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    if target is not None and not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")  # see the module docstring; also undoes a WAL set by hand
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def is_new(conn: sqlite3.Connection) -> bool:
    """True for an empty database (a new or zero-byte file); StoreProblem when it is not one of our stores."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]  # the first read: NOTADB shows here
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    if application_id == 0 and not objects:
        return True
    if application_id != APPLICATION_ID:
        raise StoreProblem("is an SQLite database, but not a metaexposure review store")
    if version > STORE_VERSION:
        raise StoreProblem(f"was written by a newer metaexposure (store version {version}); update the package")
    if version < 1:
        raise StoreProblem(f"has no valid store version ({QUOTE.repr(version)})")
    if any(kind in ("trigger", "view") for kind, _ in objects):
        # No store of ours has them; one that does would run someone else's SQL on every write.
        raise StoreProblem("holds triggers or views, which no review store has")
    for table, columns in _COLUMNS.items():
        try:
            conn.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        except sqlite3.OperationalError as exc:
            raise StoreProblem(f"lacks what a review store holds ({exc})") from exc
    return False


def create(conn: sqlite3.Connection, now: str) -> None:
    """Make the schema in an empty database; inside the caller's transaction."""
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {STORE_VERSION}")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("store", "metaexposure-review"), ("created", now)])


def probe_write(conn: sqlite3.Connection) -> None:
    """Make SQLite write (its journal and the file) and roll back: a store it cannot write fails here, at open.

    Opening alone proves nothing: SQLite opens a read-only file read-only without a word and creates its
    journal only at the first change, so without this a person would find out at their first click.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        # A real change: SQLite skips rewriting a row with identical content, and then opens no journal.
        conn.execute("UPDATE meta SET value = value || '.' WHERE key = 'store'")
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits (never for our own commits): the cheap change check."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def json_value(text: str | None, what: str) -> Any:
    if text is None:
        return None
    if not isinstance(text, str):
        raise StoreProblem(f"{what} is not text ({QUOTE.repr(text)})")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        try:  # orjson refuses some valid JSON (integers past 64 bits); Python's reader is the judge
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise StoreProblem(f"{what} is not valid JSON") from exc


def entry(item_id: str, action: Any, note: Any, when: Any, snapshot: str | None, extra: str | None
          ) -> dict[str, Any]:
    """A flags row as the mapping every view reads; StoreProblem when a value is not what we write."""
    if action not in ACTIONS:
        raise StoreProblem(f"flag of {QUOTE.repr(item_id)} has no action among {', '.join(ACTIONS)}")
    if not isinstance(note, str) or not isinstance(when, str):
        raise StoreProblem(f"flag of {QUOTE.repr(item_id)} has a note or time that is not text")
    fields = json_value(extra, f"flag of {QUOTE.repr(item_id)}: extra") or {}
    if not isinstance(fields, dict):
        raise StoreProblem(f"flag of {QUOTE.repr(item_id)}: extra is not an object")
    out = {**fields, "action": action, "note": note, "when": when}
    if snapshot is not None:
        out["snapshot"] = json_value(snapshot, f"snapshot of {QUOTE.repr(item_id)}")
    return out


def row(item_id: str, flag: dict[str, Any]) -> tuple[str, str, str, str, str | None, str | None]:
    """The flags row of an entry (the inverse of ``entry``)."""
    extra = {k: v for k, v in flag.items() if k not in ("action", "note", "when", "snapshot")}
    snapshot = json.dumps(flag["snapshot"], ensure_ascii=False) if "snapshot" in flag else None
    return (item_id, flag["action"], flag.get("note", ""), flag.get("when", ""), snapshot,
            json.dumps(extra, ensure_ascii=False) if extra else None)


def _flag_rows(conn: sqlite3.Connection, where: str = "", params: tuple[str, ...] = ()
               ) -> Iterable[tuple[str, dict[str, Any]]]:
    for item_id, *values in conn.execute(f"SELECT {_COLUMNS['flags']} FROM flags {where}", params):
        if not isinstance(item_id, str):
            raise StoreProblem(f"has a flag whose item id is not text ({QUOTE.repr(item_id)})")
        yield item_id, entry(item_id, *values)


def _label_rows(conn: sqlite3.Connection, where: str = "", params: tuple[str, ...] = ()
                ) -> Iterable[tuple[str, str, str]]:
    for kind, key, audience in conn.execute(f"SELECT kind, key, audience FROM labels {where}", params):
        if kind not in LABEL_KINDS or not isinstance(key, str) or audience not in AUDIENCES:
            raise StoreProblem(f"{LABEL_KINDS.get(kind, 'labels')}[{QUOTE.repr(key)}] = "
                               f"{QUOTE.repr(audience)} is not an audience ({', '.join(AUDIENCES)})")
        yield kind, key, audience


@contextlib.contextmanager
def _reading(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (a consistent view), unless the caller's write transaction is open already."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if own:
            conn.execute("COMMIT")


def _tail(conn: sqlite3.Connection, out: Loaded) -> Loaded:
    out.version = data_version(conn)
    out.meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    out.seen = conn.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0]
    return out


def load(conn: sqlite3.Connection) -> Loaded:
    """Everything in the store, checked as strictly as a JSON review file is; one read transaction."""
    out = Loaded()
    with _reading(conn):
        out.flags.update(_flag_rows(conn))
        for kind, key, audience in _label_rows(conn):
            out.labels[kind][key] = audience
        return _tail(conn, out)


def load_changes(conn: sqlite3.Connection, seen: int) -> tuple[Loaded, set[tuple[str, str]]] | None:
    """The keys the actions after ``seen`` touched, and what they hold now (a key missing from the flags or
    labels returned has none); None when the log cannot tell: its oldest actions were dropped, or someone
    wrote without it (a database browser). Costs what the other window changed, not what the store holds."""
    with _reading(conn):
        first = conn.execute("SELECT min(id) FROM actions WHERE id > ?", (seen,)).fetchone()[0]
        if first != seen + 1:
            return None
        keys = set(conn.execute("SELECT DISTINCT kind, key FROM changes WHERE action_id > ?", (seen,)))
        out = Loaded()
        flags = [key for kind, key in keys if kind == "flag"]
        for start in range(0, len(flags), 500):  # 500 parameters a query: under every SQLite's limit
            chunk = tuple(flags[start:start + 500])
            out.flags.update(_flag_rows(conn, f"WHERE item_id IN ({', '.join('?' * len(chunk))})", chunk))
        for kind, key in keys:
            if kind != "flag":
                for _, _, audience in _label_rows(conn, "WHERE kind = ? AND key = ?", (kind, key)):
                    out.labels[kind][key] = audience
        return _tail(conn, out), keys


def dumps_flag(flag: dict[str, Any] | None) -> str | None:
    """A flag's whole entry as an undo record keeps it (None: no flag)."""
    return None if flag is None else json.dumps(flag, ensure_ascii=False)


def log(conn: sqlite3.Connection, at: str, call: str, what: str,
        before: Iterable[tuple[str, str, str | None]], count: int) -> None:
    """Record one action and what each key it touched held before (undo); drop actions past the history."""
    action_id = conn.execute("INSERT INTO actions (at, call, what, count) VALUES (?, ?, ?, ?)",
                             (at, call, what, count)).lastrowid
    conn.executemany("INSERT INTO changes VALUES (?, ?, ?, ?)", ((action_id, *b) for b in before))
    cutoff = action_id - HISTORY_ACTIONS
    if cutoff > 0:  # both deletes are range seeks on a primary key: nothing to drop costs nothing
        conn.execute("DELETE FROM changes WHERE action_id <= ?", (cutoff,))
        conn.execute("DELETE FROM actions WHERE id <= ?", (cutoff,))


def last_actions(conn: sqlite3.Connection, n: int
                 ) -> tuple[list[int], list[str], list[tuple[str, str, str | None]]]:
    """The ids and descriptions of the last ``n`` actions not undone, and their changes, latest first."""
    # An undo is logged too (another window learns from the log what it changed), but is not itself undone.
    found = conn.execute("SELECT id, what FROM actions WHERE undone = 0 AND call != 'undo' "
                         "ORDER BY id DESC LIMIT ?", (n,)).fetchall()
    changes: list[tuple[str, str, str | None]] = []
    for action_id, _ in found:
        changes += conn.execute("SELECT kind, key, before FROM changes WHERE action_id = ?", (action_id,))
    return [i for i, _ in found], [str(w) for _, w in found], changes


def put_back(conn: sqlite3.Connection, restore: dict[tuple[str, str], str | None]
             ) -> dict[str, dict[str, Any] | None]:
    """Write the before-states of an undo; returns the flags as entries (None: no flag), for the caches."""
    flags: dict[str, dict[str, Any] | None] = {}
    for (kind, key), before in restore.items():
        if kind == "flag":
            flags[key] = json_value(before, "an undo record")
            if flags[key] is None:
                conn.execute(DELETE_FLAG, (key,))
            else:
                conn.execute(SET_FLAG, row(key, flags[key]))
        elif before is None:
            conn.execute(DELETE_LABEL, (kind, key))
        else:
            conn.execute(SET_LABEL, (kind, key, before))
    return flags


def history(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT id, at, call, what, count, undone FROM actions ORDER BY id DESC LIMIT ?",
                        (limit,)).fetchall()
    return [{"id": i, "when": str(at), "call": str(call), "what": str(what), "items": count,
             "undone": bool(undone)} for i, at, call, what, count, undone in rows]


# ---------------------------------------------------------------- errors that say what to do

def kind_of(exc: BaseException) -> str:
    """What went wrong, from SQLite's error name (Python 3.11+) or, before that, its message."""
    if isinstance(exc, UnicodeDecodeError):
        return "corrupt"
    name, message = getattr(exc, "sqlite_errorname", ""), str(exc).lower()
    for kind, names, phrases in (("cantopen", ("READONLY_DIRECTORY",), ()),  # the journal's folder
                                 ("readonly", ("READONLY",), ("readonly",)),
                                 ("busy", ("BUSY", "LOCKED"), ("is locked",)),
                                 ("full", ("FULL",), ("is full",)),
                                 ("cantopen", ("CANTOPEN",), ("unable to open",)),
                                 ("corrupt", ("NOTADB", "CORRUPT"), ("not a database", "malformed"))):
        if any(n in name for n in names) or any(p in message for p in phrases):
            return kind
    return "other"


def _damaged_advice(path: Path) -> str:
    beside = path.with_suffix(".json")
    again = f" ({beside.name} beside it is then imported again)" if beside.exists() else ""
    return ("it was left untouched: restore it from a backup (or a copy written by export_json), or move it "
            f"away (rename it) to start with an empty review{again}")


def open_error(path: Path, target: Path, exc: BaseException, *, creating: bool) -> ReviewFileError:
    """Why a store could not be opened: one that cannot be written (or made) is told apart from a damaged one."""
    kind = "" if isinstance(exc, (OSError, StoreProblem)) else kind_of(exc)
    writable = os.access(target, os.W_OK) and os.access(target.parent, os.W_OK)
    if isinstance(exc, OSError) or kind in ("cantopen", "full") or (kind == "readonly" and not writable):
        return write_error(path, exc, creating=creating)
    if kind == "readonly":  # file and folder writable, yet SQLite will only read it: its header says so
        return ReviewFileError(path, "is not a usable review store (SQLite can only read it: a newer file format, "
                               f"or a damaged header); {_damaged_advice(path)}")
    return read_error(path, exc)


def read_error(path: Path, exc: BaseException) -> ReviewFileError:
    """A store that cannot be read: the file is named, and what to do."""
    if isinstance(exc, StoreProblem):
        return ReviewFileError(path, f"{exc}; {_damaged_advice(path)}")
    kind = kind_of(exc)
    if kind == "busy":
        return ReviewFileError(path, f"is locked by another program for more than {BUSY_SECONDS:.0f} s; "
                               "close it (a database browser?) and open the review again")
    if kind == "corrupt":
        return ReviewFileError(path, f"is not a usable review store ({exc}); {_damaged_advice(path)}")
    return ReviewFileError(path, f"cannot be read ({exc}); if the disk or network drive it is on is fine and "
                           f"you may read it, it is damaged: {_damaged_advice(path)}")


def write_error(path: Path, exc: BaseException, *, creating: bool = False) -> ReviewFileError:
    """A store that cannot be written (or, ``creating``, made): nothing was saved, and what to do."""
    folder, kind = path.resolve().parent, kind_of(exc)
    somewhere_else = "or keep the review in a folder you can write in (copy the .sqlite there)"
    if isinstance(exc, OSError) or (creating and kind in ("readonly", "cantopen")):
        why = ("a file is where that folder should be" if isinstance(exc, (FileExistsError, NotADirectoryError))
               else exc.strerror if isinstance(exc, OSError) else "the folder is read-only or not yours to write in")
        return ReviewFileError(path, f"cannot be created in {folder} ({why}); nothing was saved: make that "
                               f"folder writable, or open a review in a folder you can write in")
    reason = {
        "readonly": f"cannot be written: the file or its folder is read-only; nothing was saved. Make "
                    f"{path.name} and {folder} writable, {somewhere_else}",
        "cantopen": f"cannot be written: SQLite cannot create its journal ({path.name}-journal) in {folder}, "
                    f"which is read-only or not yours to write in; nothing was saved. Make that folder "
                    f"writable, {somewhere_else}",
        "busy": f"is locked by another notebook or program for more than {BUSY_SECONDS:.0f} s; nothing was "
                "saved: try again, or close what holds it (a database browser?)",
        "full": "cannot be written: the disk is full; nothing was saved: free some space and try again",
        "corrupt": f"is damaged ({exc}); nothing was saved, and {_damaged_advice(path)}",
    }.get(kind, f"cannot be written ({exc}); nothing was saved: check the disk or network drive it is on "
                "and try again")
    return ReviewFileError(path, reason)
