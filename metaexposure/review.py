"""The review store: flags, audience labels, snapshots and an action log, in one SQLite file (DESIGN.md section 8).

``metaexposure-review.sqlite`` in the work folder. Every decision is one transaction, committed to disk
before the call returns, so a click costs the same with 10 or 500,000 decisions, a kill at any moment
loses nothing committed, and two notebooks can write at once (each waits for the other's commit). The
mappings (``flags``, ``*_labels``) are read-only views of a cache that every write updates and
``changed()`` / ``refresh()`` bring up to date when another connection wrote (re-reading only the keys its
logged actions touched). An existing ``metaexposure-review.json`` is imported once into the ``.sqlite``
beside it and left untouched; ``export_json()`` writes that readable form. The SQL lives in
``review_store``, opening and importing in ``review_open``, the JSON in ``review_json``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from . import review_json, review_open, review_store
from .errors import ReviewFileError
from .frame import AUDIENCES
from .review_json import ACTIONS
from .review_open import export_folder_around as export_folder_around  # its home before; callers import it here
from .review_store import LABEL_KINDS, StoreProblem, now_iso

DEFAULT_PATH = Path("metaexposure-review.sqlite")
EXCERPT_CHARS = 80

class ReviewNotice(UserWarning):
    """Which file now holds the review, when that is not the file the person named (a JSON review)."""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def snapshot(row: Mapping[str, Any]) -> dict[str, str]:
    """What a worklist needs of an item when the export is not at hand."""
    created = row.get("created")
    return {"created": "" if pd.isna(created) else pd.Timestamp(created).isoformat(),
            "album": str(row.get("album", "")), "caption": excerpt(row.get("caption", "")),
            "link": str(row.get("link", "")), "platform": str(row.get("platform", "")),
            "kind": str(row.get("kind", ""))}


def _ids(item_ids: str | Iterable[str]) -> list[str]:
    ids = [item_ids] if isinstance(item_ids, str) else list(dict.fromkeys(str(i) for i in item_ids))
    return [review_json.valid_unicode(i) for i in ids]


class Review:
    """Flags and audience labels of one person's review, kept in one SQLite store."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False, notice: str = "",
                 exports: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.path = path
        self.notice = notice  # which file holds the review, when it is not the one named; else ""
        self.read_only = read_only
        self._conn = conn
        self._exports = tuple(exports)
        self._lock = threading.RLock()  # an Explorer timer may call from another thread
        self._flags: dict[str, dict[str, Any]] = {}
        self._labels: dict[str, dict[str, str]] = {kind: {} for kind in LABEL_KINDS}
        self._meta: dict[str, str] = {}
        self._version = -1  # PRAGMA data_version when the caches were last brought up to date
        self._seen = 0  # the last action of the log the caches hold
        self._reload()

    @classmethod
    def open(cls, path: str | os.PathLike[str] = DEFAULT_PATH, exports: Iterable[str | os.PathLike[str]] = (),
             *, read_only: bool = False) -> Review:
        """The review at ``path`` (a ``.sqlite``; a ``.json`` path means the ``.sqlite`` beside it).

        No store yet: one is created, importing the JSON review beside it once (the JSON is left as it is).
        ReviewFileError when the store lies inside an export, is damaged or not ours, or cannot be written
        (unless ``read_only``: then nothing is created or written, and every change raises).
        """
        store, legacy, named_json = review_open.store_paths(path)
        review_open.refuse_inside_export(store, exports)
        conn, imported = review_open.open_connection(store, legacy, read_only)
        review = cls(store, conn, read_only=read_only, exports=exports)
        if imported is not None and not read_only:
            review.notice = (f"Your review is now kept in {store.name}: the {imported:,} decision(s) of "
                             f"{legacy.name} were imported into it, once. {legacy.name} was left as it was and is "
                             f"no longer read or written; review.export_json(path) writes a readable copy.")
        elif named_json and imported is None:
            since = review._meta.get("imported_at")
            source = f" (imported from {legacy.name} on {since[:10]})" if since else ""
            review.notice = (f"{legacy.name} was given: the review is kept in {store.name} beside it{source}, "
                             f"and {legacy.name} is no longer read or written.")
        if review.notice:
            warnings.warn(review.notice, ReviewNotice, stacklevel=2)
        return review

    # ---------------------------------------------------------------- reading
    @property
    def flags(self) -> Mapping[str, dict[str, Any]]:
        """item_id -> {"action", "note", "when", "snapshot"} (read-only; change with flag/unflag)."""
        return MappingProxyType(self._flags)

    @property
    def item_labels(self) -> Mapping[str, str]:
        return MappingProxyType(self._labels["item"])

    @property
    def album_labels(self) -> Mapping[str, str]:
        """"platform/album" -> audience."""
        return MappingProxyType(self._labels["album"])

    @property
    def group_labels(self) -> Mapping[str, str]:
        """"platform/group name" -> audience."""
        return MappingProxyType(self._labels["group"])

    @property
    def steps_done(self) -> Mapping[str, str]:
        """Plan steps marked done: step key -> when (see ``mark_step``)."""
        prefix = review_store.STEP_PREFIX
        return MappingProxyType({k[len(prefix):]: v for k, v in self._meta.items() if k.startswith(prefix)})

    def mark_step(self, key: str, done: bool = True) -> None:
        """Mark a plan step done in Meta's screens (or not done); committed at once. Not in the undo log:
        ``mark_step(key, False)`` takes it back."""
        meta_key, when = review_store.STEP_PREFIX + review_json.valid_unicode(str(key)), now_iso()
        with self._lock:
            with self._transaction() as conn:  # another window reloads on its next look: no action is logged
                conn.execute(*((review_store.SET_META, (meta_key, when)) if done else
                               (review_store.DELETE_META, (meta_key,))))
            self._meta = {k: v for k, v in self._meta.items() if k != meta_key} | ({meta_key: when} if done else {})

    def _reload(self) -> None:
        """Fill the caches from the whole store, in place (views handed out stay live)."""
        with self._lock:
            try:
                loaded = review_store.load(self._conn)
            except (*review_store.SQL_ERRORS, StoreProblem) as exc:
                raise review_store.read_error(self.path, exc) from exc
            self._flags.clear()
            for kind in self._labels:
                self._labels[kind].clear()
            self._take(loaded, None)

    def _take(self, loaded: review_store.Loaded, keys: set[tuple[str, str]] | None) -> None:
        """Put what was read into the caches: every key given (absent from ``loaded``: removed), or all."""
        for kind, key in keys or ():
            target: dict[str, Any] = self._flags if kind == "flag" else self._labels[kind]
            target.pop(key, None)
        self._flags.update(loaded.flags)
        for kind, labels in loaded.labels.items():
            self._labels[kind].update(labels)
        self._meta, self._version, self._seen = loaded.meta, loaded.version, loaded.seen

    def _sync(self) -> None:
        """Take in what other connections committed: only the keys their logged actions touched (a click in
        another window costs a click here, whatever the store holds), or everything when the log cannot say."""
        with self._lock:
            try:
                found = review_store.load_changes(self._conn, self._seen)
            except (*review_store.SQL_ERRORS, StoreProblem) as exc:
                raise review_store.read_error(self.path, exc) from exc
            if found is None:
                self._reload()
            else:
                self._take(*found)

    def changed(self) -> bool:
        """Whether another notebook or window wrote since we last looked (one cheap read); takes it in if so."""
        with self._lock:
            try:
                version = review_store.data_version(self._conn)
            except review_store.SQL_ERRORS as exc:
                raise review_store.read_error(self.path, exc) from exc
            if version == self._version:
                return False
            self._sync()
            return True

    def refresh(self) -> None:
        """Take in changes another writer committed since we last read (nothing to do otherwise)."""
        self.changed()

    def save(self) -> None:
        """Nothing to do: every change is committed when it is made. Kept for notebooks that call it."""

    def history(self, limit: int = 20) -> list[dict[str, Any]]:
        """The last ``limit`` actions, newest first: {"id", "when", "call", "what", "items", "undone"}."""
        with self._lock:
            try:
                return review_store.history(self._conn, limit)
            except review_store.SQL_ERRORS as exc:
                raise review_store.read_error(self.path, exc) from exc

    # ---------------------------------------------------------------- writing
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: committed when the block ends, else rolled back and a ReviewFileError saying so.

        Taken with BEGIN IMMEDIATE (the write lock first: never a read upgraded, which could deadlock with
        another writer). If another connection committed since our caches were read, they are reloaded
        first, so what the block computes from them, and the undo log it writes, is exact.
        """
        if self.read_only:
            raise ReviewFileError(self.path, "was opened read-only; nothing was saved: open it without "
                                  "read_only=True to change it")
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    if review_store.data_version(self._conn) != self._version:
                        self._sync()  # its read runs inside this transaction: no other writer can interleave
                    yield self._conn
                    # Synced at the start and holding the lock since: the log's last action is now ours.
                    seen = self._conn.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0]
                    self._conn.execute("COMMIT")
                    self._seen = seen
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise
            except review_store.SQL_ERRORS as exc:
                raise review_store.write_error(self.path, exc) from exc

    def flag(self, item_ids: str | Iterable[str], action: str, *, note: str = "", items: Any = None) -> int:
        """Flag items for an action (one transaction, one undoable action); ``items`` (items frame or Export)
        supplies snapshots. Returns how many items were flagged."""
        if action not in ACTIONS:
            raise ValueError(f"action {action!r}: choose one of {', '.join(ACTIONS)}")
        ids, note = _ids(item_ids), review_json.valid_unicode(str(note))
        if not ids:
            return 0
        if items is not None and not isinstance(items, pd.DataFrame):
            items = items.items  # an Export
        snaps = {}
        if items is not None:
            found = items[items["item_id"].isin(ids)]
            snaps = {row["item_id"]: snapshot(row) for row in found.to_dict("records")}
        when = now_iso()
        with self._lock:  # the caches change with the commit, as one step for other threads
            with self._transaction() as conn:
                before = [("flag", i, review_store.dumps_flag(self._flags.get(i))) for i in ids]
                new = {}
                for item_id in ids:
                    entry = {**self._flags.get(item_id, {}), "action": action, "note": note, "when": when}
                    if item_id in snaps:
                        entry["snapshot"] = snaps[item_id]
                    new[item_id] = entry
                conn.executemany(review_store.SET_FLAG, (review_store.row(i, e) for i, e in new.items()))
                what = f"Flag {len(ids):,} item(s): {action.replace('_', ' ')}"
                review_store.log(conn, when, "flag", what, before, len(ids))
            self._flags.update(new)
            return len(ids)

    def unflag(self, item_ids: str | Iterable[str]) -> int:
        """Remove flags (one transaction, one undoable action); returns how many there were."""
        ids = _ids(item_ids)
        if not any(i in self._flags for i in ids) and not self._stale():
            return 0
        with self._lock:
            with self._transaction() as conn:
                removed = [i for i in ids if i in self._flags]
                if removed:
                    before = [("flag", i, review_store.dumps_flag(self._flags[i])) for i in removed]
                    conn.executemany(review_store.DELETE_FLAG, ((i,) for i in removed))
                    review_store.log(conn, now_iso(), "unflag", f"Clear {len(removed):,} flag(s)", before,
                                     len(removed))
            for item_id in removed:
                del self._flags[item_id]
        return len(removed)

    def label_item(self, item_id: str, audience: str | None) -> None:
        """Say who can see one item (None removes the label); committed at once."""
        self._label("item", str(item_id), audience)

    def label_album(self, platform: str, album: str, audience: str | None) -> None:
        """Say who can see a whole album (None removes the label); committed at once."""
        self._label("album", f"{platform}/{album}", audience)

    def label_group(self, platform: str, group: str, audience: str | None) -> None:
        """Say who can see what you posted in a group (None removes the label); committed at once."""
        self._label("group", f"{platform}/{group}", audience)

    def _label(self, kind: str, key: str, audience: str | None) -> None:
        if audience is not None and audience not in AUDIENCES:
            raise ValueError(f"audience {audience!r}: choose one of {', '.join(AUDIENCES)}")
        key, labels = review_json.valid_unicode(key), self._labels[kind]
        if audience is None and key not in labels and not self._stale():
            return
        with self._lock:
            with self._transaction() as conn:
                old = labels.get(key)
                if audience is None and old is None:
                    return  # nothing to remove (another window removed it first)
                if audience is None:
                    conn.execute(review_store.DELETE_LABEL, (kind, key))
                    what = f"Remove the label of {kind} {key}"
                else:
                    conn.execute(review_store.SET_LABEL, (kind, key, audience))
                    what = f"Label {kind} {key}: {audience.replace('_', ' ')}"
                review_store.log(conn, now_iso(), f"label_{kind}", what, [(kind, key, old)], 1)
            if audience is None:
                labels.pop(key, None)
            else:
                labels[key] = audience

    def _stale(self) -> bool:
        """Whether another connection wrote since our caches were read (so "nothing to do" may be wrong)."""
        try:
            return review_store.data_version(self._conn) != self._version
        except review_store.SQL_ERRORS:
            return True  # let the write say what is wrong

    def undo(self, n: int = 1) -> int:
        """Revert the last ``n`` actions (a bulk flag is one), restoring what their items had before; the
        log is in the store, so this works after a restart and across windows. Returns how many."""
        if n < 0:
            raise ValueError(f"n = {n}: undo takes a count of actions, 0 or more")
        if n == 0:
            return 0
        restore: dict[tuple[str, str], str | None] = {}
        with self._lock:
            with self._transaction() as conn:
                ids, whats, changes = review_store.last_actions(conn, n)
                for kind, key, before in changes:  # latest action first: the earliest before-state wins
                    restore[(kind, key)] = before
                try:
                    flags = review_store.put_back(conn, restore)
                except StoreProblem as exc:
                    raise review_store.read_error(self.path, exc) from exc
                if ids:
                    conn.executemany("UPDATE actions SET undone = 1 WHERE id = ?", ((i,) for i in ids))
                    now = [(k, key, review_store.dumps_flag(self._flags.get(key)) if k == "flag"
                            else self._labels[k].get(key)) for k, key in restore]
                    what = f"Undo: {whats[0]}" if len(ids) == 1 else f"Undo {len(ids)} actions"
                    review_store.log(conn, now_iso(), "undo", what, now, len(restore))
            for (kind, key), before in restore.items():
                target: dict[str, Any] = self._flags if kind == "flag" else self._labels[kind]
                value = flags[key] if kind == "flag" else before
                if value is None:
                    target.pop(key, None)
                else:
                    target[key] = value
        return len(ids)

    # ---------------------------------------------------------------- the readable form
    def document(self) -> dict[str, Any]:
        """The review as the JSON schema "metaexposure-review" holds it (what export_json writes)."""
        extra = review_store.json_value(self._meta.get("json_extra"), "json_extra") or {}
        return {**(extra if isinstance(extra, dict) else {}), "schema": review_json.SCHEMA,
                "version": review_json.VERSION, "flags": {k: dict(v) for k, v in self._flags.items()},
                **{section: dict(self._labels[kind]) for kind, section in LABEL_KINDS.items()}}

    def export_json(self, path: str | os.PathLike[str]) -> Path:
        """Write the readable JSON form (for sharing, inspection or a backup) atomically; returns its path."""
        out = Path(path).expanduser().absolute()
        review_open.refuse_inside_export(out, self._exports)
        if out.resolve() == self.path.resolve():
            raise ValueError(f"{out} is the review store itself; give another path for the JSON copy")
        self.refresh()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            review_json.write_atomic(out, self.document())
        except OSError as exc:
            raise ReviewFileError(out, f"cannot be written ({exc.strerror}); choose a folder you can write in") \
                from exc
        return out

    def import_json(self, path: str | os.PathLike[str]) -> int:
        """Take in the decisions of a JSON review (one undoable action; they win over ours on the same key)."""
        source = Path(path).expanduser().absolute()
        document = review_open.read_legacy(source)
        if document is None:
            raise ReviewFileError(source, "does not exist; give the path of a JSON review file")
        with self._transaction() as conn:
            current = review_store.Loaded(self._flags, self._labels)
            count = review_open.import_document(conn, document, source, current)
        self._reload()
        return count

    def close(self) -> None:
        """Close the connection (a forked process or a test that removes the folder needs it closed)."""
        self._conn.close()

    def __repr__(self) -> str:
        return (f"<Review {self.path}: {len(self._flags)} flags, {len(self._labels['item'])} item labels, "
                f"{len(self._labels['album'])} album labels, {len(self._labels['group'])} group labels>")


def open_review(review: Review | str | os.PathLike[str] | None,
                exports: Iterable[str | os.PathLike[str]] = ()) -> Review | None:
    """A Review from a Review, a path or None, refusing a path inside one of ``exports``."""
    if review is None or isinstance(review, Review):
        return review
    return Review.open(review, exports)
