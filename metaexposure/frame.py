"""The only place DataFrames are built: explicit dtypes, full columns even when empty."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

import numpy as np
import pandas as pd

from .archive import Tree, normalize
from .errors import Problem, Summary
from .records import (
    F_ALBUM,
    F_CAPTION,
    F_CREATED,
    F_KIND,
    F_LATITUDE,
    F_LINK,
    F_LONGITUDE,
    F_META_ID,
    F_PLACE,
    F_PLATFORM,
    F_POSTED,
    F_REACHED,
    F_SOURCE_FILE,
    F_STATUS,
    F_TAGGED,
    F_TAKEN,
    F_URI,
    F_WHERE,
    F_WHERE_NAME,
    FIELDS,
    KINDS,
    STATUSES,
    WHERES,
    AiRow,
    AppRow,
    Fact,
    Item,
)

# Threads posts come inside the Instagram export (FORMATS.md section 8) and are a platform of their own.
PLATFORMS = ("facebook", "instagram", "threads")
# The export that holds each platform's files.
TREE_OF = {"facebook": "facebook", "instagram": "instagram", "threads": "instagram"}
AUDIENCES = ("public", "friends_of_friends", "friends", "followers", "custom", "only_me", "unknown")
BASES = ("rule:current-profile-photo", "rule:past-profile-photo", "rule:page-is-public", "rule:story-highlight",
         "ig:account-public", "ig:account-private", "ig:profile-photo", "threads:profile-public",
         "threads:profile-private", "label:item", "label:album", "label:group", "status:archived-or-deleted",
         "status:pending", "whatif:default-audience", "none")

ITEM_COLUMNS = ("item_id", "platform", "kind", "where", "where_name", "created", "taken", "album", "caption", "uri",
                "has_file", "latitude", "longitude", "place", "tagged", "status", "audience", "audience_basis",
                "public_since", "ai_exposed", "link", "reached", "source_file")
AI_COLUMNS = ("platform", "conversation", "created", "author", "text", "kind", "source_file")
AI_KINDS = ("message", "interest")
APP_COLUMNS = ("platform", "name", "kind", "added", "removed", "events", "last_event", "source_file")
APP_KINDS = ("linked_app", "off_meta_activity")
ALBUM_COLUMNS = ("platform", "album", "n_items", "n_public", "first", "last")
ACCOUNT_COLUMNS = ("platform", "fact", "state", "start", "end", "basis", "source_file")
PROBLEM_COLUMNS = ("file", "item", "reason", "skipped", "count", "skipped_count")
SOURCE_COLUMNS = ("platform", "path", "status", "items")

_NAT = np.iinfo(np.int64).min


def utc(seconds: Iterable[int | None]) -> pd.Series:
    """datetime64[ns, UTC] from Unix seconds, None as NaT, exact to the second (no float detour)."""
    # A list then one conversion: about twice as fast as np.fromiter over a generator.
    values = np.array([_NAT if s is None else s * 1_000_000_000 for s in seconds], dtype=np.int64)
    return pd.Series(values.view("datetime64[ns]")).dt.tz_localize("UTC")


def category(values: Iterable[str], categories: Iterable[str]) -> pd.Categorical:
    """A Categorical over fixed categories (a value outside them is NaN, as pd.Categorical does).

    Codes through a dict instead of pandas' hashing of every string: faster at 100k rows.
    """
    categories = list(categories)
    code = {c: i for i, c in enumerate(categories)}
    codes = np.array([code.get(v, -1) for v in values], dtype=np.int8 if len(categories) < 127 else np.int32)
    return pd.Categorical.from_codes(codes, categories=categories)


# When one media file is listed in several files (its album and the post that shared it),
# the records merge. The base record is the most specific kind, then the album file's.
_KIND_RANK = {"profile_photo": 3, "cover_photo": 3, "story": 2, "reel": 2, "photo": 1, "video": 1, "post": 0}
_FILLABLE = (F_CREATED, F_ALBUM, F_CAPTION, F_TAKEN, F_LATITUDE, F_LONGITUDE, F_PLACE, F_LINK, F_META_ID,
             F_REACHED)
_fillable = itemgetter(*_FILLABLE)


def _richness(row: Item) -> tuple[int, int, int]:
    filled = sum(map(bool, _fillable(row))) + (row[F_TAGGED] > 0)
    return _KIND_RANK.get(row[F_KIND], 0), "/album/" in row[F_SOURCE_FILE], filled


def merge_duplicates(items: list[Item]) -> tuple[list[Item], int]:
    """One record per media file (by normalized uri); returns the records and how many merged.

    The richest record of a group stands where the group's first record stood; empty fields are
    filled from the others, and `created` is the sharing post's time whenever a post listed it.
    """
    # Most media files are listed once: only the repeats get a group, so the common case costs
    # one dict entry per item (a list per item cost 0.1 s at 100k items; pandas' duplicated()
    # finding the repeats was slower still, benchmarks/README.md).
    position: dict[str, int] = {}
    repeats: dict[str, list[Item]] = {}
    out: list[Item] = []
    for row in items:
        uri = row[F_URI]
        if uri:
            key = normalize(uri)
            if key in position:
                repeats.setdefault(key, []).append(row)
                continue
            position[key] = len(out)
        out.append(row)
    for key, others in repeats.items():
        at = position[key]
        out[at] = _merge([out[at], *others])
    return out, len(items) - len(out)


def _merge(group: list[Item]) -> Item:
    group.sort(key=_richness, reverse=True)
    base = group[0]
    for other in group[1:]:
        for f in _FILLABLE:
            if not base[f] and other[f]:
                base[f] = other[f]
        base[F_TAGGED] = max(base[F_TAGGED], other[F_TAGGED])
    posts = [row[F_CREATED] for row in group if row[F_POSTED] and row[F_CREATED] is not None]
    if posts and not base[F_POSTED]:
        base[F_CREATED], base[F_POSTED] = min(posts), True
    return base


def _normal_caption(caption: str) -> str:
    return " ".join(caption.casefold().split())


def _hashed_id(platform: str, kind: str, created: int | None, caption: str, uri: str) -> str:
    name = uri.replace("\\", "/").rsplit("/", 1)[-1]
    key = f"{created}|{_normal_caption(caption)}|{name}".encode()
    return f"{platform}:{kind}:h{hashlib.sha1(key).hexdigest()[:16]}"


def item_ids(platforms: Sequence[str], kinds: Sequence[str], meta_ids: Sequence[str], created: Sequence[int | None],
             captions: Sequence[str], uris: Sequence[str]) -> list[str]:
    """Stable ids: platform, kind and Meta's id, else a hash of (created, caption, file name).

    Random album-folder suffixes (older layouts) never enter: only the file name is hashed.
    Same-second posts with the same text (seen in 2019 exports) get -2, -3, ... in file order.
    """
    columns = zip(platforms, kinds, meta_ids, created, captions, uris, strict=True)
    ids = [f"{platform}:{kind}:{meta_id}" if meta_id else _hashed_id(platform, kind, when, caption, uri)
           for platform, kind, meta_id, when, caption, uri in columns]
    if len(set(ids)) == len(ids):
        return ids  # the usual case: only exports with repeats pay for the counter below
    seen: dict[str, int] = {}
    for at, base in enumerate(ids):
        if base in seen:
            seen[base] += 1
            ids[at] = f"{base}-{seen[base]}"
        else:
            seen[base] = 1
    return ids


def _floats(values: Iterable[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _objects(values: Sequence[str]) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def _counts(values: Sequence[int | None]) -> pd.arrays.IntegerArray:
    """A nullable Int64 column; most exports have no insights at all, so that case skips the per-row pass."""
    n = len(values)
    if not any(v is not None for v in values):
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    return pd.array(list(values), dtype="Int64")


def items_frame(items: list[Item], trees: Mapping[str, Tree] | None = None) -> pd.DataFrame:
    """The items frame of DESIGN.md section 5 from item rows; audience columns start as unknown / none."""
    n = len(items)
    # One transpose in C instead of a Python pass per column.
    columns = list(zip(*items, strict=True)) if items else [()] * len(FIELDS)
    platforms, kinds, uris = columns[F_PLATFORM], columns[F_KIND], columns[F_URI]
    platform = category(platforms, PLATFORMS)
    has_file = np.zeros(n, dtype=bool)
    for name, tree in (trees or {}).items():  # one pass over each export's uris
        codes = [PLATFORMS.index(p) for p, holder in TREE_OF.items() if holder == name]
        rows = np.flatnonzero(np.isin(platform.codes, codes))
        has_file[rows] = tree.has_many([uris[at] for at in rows.tolist()])
    frame = pd.DataFrame({
        "item_id": _objects(item_ids(platforms, kinds, columns[F_META_ID], columns[F_CREATED],
                                     columns[F_CAPTION], uris)),
        "platform": platform,
        "kind": category(kinds, KINDS),
        "where": category(columns[F_WHERE], WHERES),
        "where_name": _objects(columns[F_WHERE_NAME]),
        "created": utc(columns[F_CREATED]),
        "taken": utc(columns[F_TAKEN]),
        "album": _objects(columns[F_ALBUM]),
        "caption": _objects(columns[F_CAPTION]),
        "uri": _objects(uris),
        "has_file": has_file,
        "latitude": _floats(columns[F_LATITUDE]),
        "longitude": _floats(columns[F_LONGITUDE]),
        "place": _objects(columns[F_PLACE]),
        "tagged": np.array(columns[F_TAGGED], dtype=np.int64),
        "status": category(columns[F_STATUS], STATUSES),
        "audience": pd.Categorical.from_codes(np.full(n, AUDIENCES.index("unknown"), dtype=np.int8), AUDIENCES),
        "audience_basis": pd.Categorical.from_codes(np.full(n, BASES.index("none"), dtype=np.int8), BASES),
        "public_since": pd.Series(np.full(n, _NAT, dtype=np.int64).view("datetime64[ns]")).dt.tz_localize("UTC"),
        "ai_exposed": np.zeros(n, dtype=bool),
        "link": _objects(columns[F_LINK]),
        "reached": _counts(columns[F_REACHED]),
        "source_file": _objects(columns[F_SOURCE_FILE]),
    }, columns=list(ITEM_COLUMNS))
    return frame


def albums_frame(items: pd.DataFrame) -> pd.DataFrame:
    """One row per (platform, album): item count, public count, first and last item."""
    if items.empty:
        return pd.DataFrame({
            "platform": category([], PLATFORMS), "album": pd.Series([], dtype=object),
            "n_items": pd.Series([], dtype=np.int64), "n_public": pd.Series([], dtype=np.int64),
            "first": utc([]), "last": utc([])}, columns=list(ALBUM_COLUMNS))
    grouped = items.assign(_public=items["audience"] == "public").groupby(
        ["platform", "album"], observed=True, sort=True)
    frame = grouped.agg(n_items=("item_id", "size"), n_public=("_public", "sum"),
                        first=("created", "min"), last=("created", "max")).reset_index()
    frame["album"] = frame["album"].astype(object)
    frame["n_items"] = frame["n_items"].astype(np.int64)
    frame["n_public"] = frame["n_public"].astype(np.int64)
    return frame[list(ALBUM_COLUMNS)]


def account_frame(facts: list[Fact]) -> pd.DataFrame:
    return pd.DataFrame({
        "platform": category((f.platform for f in facts), PLATFORMS),
        "fact": pd.Series([f.fact for f in facts], dtype=object),
        "state": pd.Series([f.state for f in facts], dtype=object),
        "start": utc(f.start for f in facts),
        "end": utc(f.end for f in facts),
        "basis": pd.Series([f.basis for f in facts], dtype=object),
        "source_file": pd.Series([f.source_file for f in facts], dtype=object),
    }, columns=list(ACCOUNT_COLUMNS))


def problems_frame(problems: list[Problem | Summary]) -> pd.DataFrame:
    return pd.DataFrame({
        "file": pd.Series([p.file for p in problems], dtype=object),
        "item": pd.Series([p.item for p in problems], dtype=object),
        "reason": pd.Series([p.reason for p in problems], dtype=object),
        "skipped": np.fromiter((p.skipped for p in problems), dtype=bool, count=len(problems)),
        # 1 and 0/1 on every row but a file's summary row, which stands for the problems beyond the cap
        # (errors.MAX_ROWS_PER_FILE): skipped_count sums to stats["skipped"].
        "count": np.fromiter((p.count for p in problems), dtype=np.int64, count=len(problems)),
        "skipped_count": np.fromiter((p.skipped_count for p in problems), dtype=np.int64, count=len(problems)),
    }, columns=list(PROBLEM_COLUMNS))


def sources_frame(sources: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame({
        "platform": category((s[0] for s in sources), PLATFORMS),
        "path": pd.Series([s[1] for s in sources], dtype=object),
        "status": pd.Series([s[2] for s in sources], dtype=object),
        "items": np.fromiter((s[3] for s in sources), dtype=np.int64, count=len(sources)),
    }, columns=list(SOURCE_COLUMNS))


def ai_frame(rows: Sequence[AiRow]) -> pd.DataFrame:
    """``ex.ai``: one row per message with Meta AI (yours and its replies) and per thing it wrote about you."""
    return pd.DataFrame({
        "platform": category((r.platform for r in rows), PLATFORMS),
        "conversation": pd.Series([r.conversation for r in rows], dtype=object),
        "created": utc(r.created for r in rows),
        "author": pd.Series([r.author for r in rows], dtype=object),
        "text": pd.Series([r.text for r in rows], dtype=object),
        "kind": category((r.kind for r in rows), AI_KINDS),
        "source_file": pd.Series([r.source_file for r in rows], dtype=object),
    }, columns=list(AI_COLUMNS))


def apps_frame(rows: Sequence[AppRow]) -> pd.DataFrame:
    """``ex.apps``: apps and websites linked to the account, and businesses that send Meta your activity."""
    return pd.DataFrame({
        "platform": category((r.platform for r in rows), PLATFORMS),
        "name": pd.Series([r.name for r in rows], dtype=object),
        "kind": category((r.kind for r in rows), APP_KINDS),
        "added": utc(r.added for r in rows),
        "removed": utc(r.removed for r in rows),
        "events": np.fromiter((r.events for r in rows), dtype=np.int64, count=len(rows)),
        "last_event": utc(r.last_event for r in rows),
        "source_file": pd.Series([r.source_file for r in rows], dtype=object),
    }, columns=list(APP_COLUMNS))
