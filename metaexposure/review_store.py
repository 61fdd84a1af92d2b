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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from . import review_json
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


def load(conn: sqlite3.Connection) -> Loaded:
    """Everything in the store, checked as strictly as a JSON review file is; one read transaction."""
    out = Loaded()
    own = not conn.in_transaction  # inside a write's transaction (a reload before it) there is one already
    if own:
        conn.execute("BEGIN")
    try:
        out.version = data_version(conn)
        for item_id, *values in conn.execute(f"SELECT {_COLUMNS['flags']} FROM flags"):
            if not isinstance(item_id, str):
                raise StoreProblem(f"has a flag whose item id is not text ({QUOTE.repr(item_id)})")
            out.flags[item_id] = entry(item_id, *values)
        for kind, key, audience in conn.execute("SELECT kind, key, audience FROM labels"):
            if kind not in LABEL_KINDS or not isinstance(key, str) or audience not in AUDIENCES:
                raise StoreProblem(f"{LABEL_KINDS.get(kind, 'labels')}[{QUOTE.repr(key)}] = "
                                   f"{QUOTE.repr(audience)} is not an audience ({', '.join(AUDIENCES)})")
            out.labels[kind][key] = audience
        out.meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    finally:
        if own:
            conn.execute("COMMIT")
    return out


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


def last_actions(conn: sqlite3.Connection, n: int) -> tuple[list[int], list[tuple[str, str, str | None]]]:
    """The ids of the last ``n`` actions not undone, and their changes, latest action first."""
    ids = [i for (i,) in conn.execute("SELECT id FROM actions WHERE undone = 0 ORDER BY id DESC LIMIT ?", (n,))]
    changes: list[tuple[str, str, str | None]] = []
    for action_id in ids:
        changes += conn.execute("SELECT kind, key, before FROM changes WHERE action_id = ?", (action_id,))
    return ids, changes


def history(conn: sqlite3.Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT id, at, call, what, count, undone FROM actions ORDER BY id DESC LIMIT ?",
                        (limit,)).fetchall()
    return [{"id": i, "when": str(at), "call": str(call), "what": str(what), "items": count,
             "undone": bool(undone)} for i, at, call, what, count, undone in rows]


# ---------------------------------------------------------------- opening, and importing a JSON review

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


def dumps_flag(flag: dict[str, Any] | None) -> str | None:
    """A flag's whole entry as an undo record keeps it (None: no flag)."""
    return None if flag is None else json.dumps(flag, ensure_ascii=False)


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
