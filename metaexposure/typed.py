"""The fast path for big, well-formed files: typed decoding (msgspec) straight to item rows.

A 100k-item export is mostly three kinds of file: Facebook album files, Facebook posts files and
Instagram's posts / stories / reels. For those, msgspec decodes only the fields the parsers read
into typed structs (2.3x faster than a full orjson parse, which builds every EXIF and backup_uri
value), and rows are built from attributes without the tolerant parser's type checks.

Contract: a fast function returns the rows the tolerant parser would give for the file, or
raises ``Unclean`` at the first record the tolerant parser would report in ``problems`` or treat
specially. A file whose shape does not fit the structs fails to decode. Either way the caller
runs the tolerant parser on that file, so odd files cost a second parse and nothing else, and
every problem row still comes from one place. tests/test_typed.py checks, file by file, that both
paths give the same rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec

from .archive import Tree
from .errors import Problems
from .jsonfile import parse_json
from .records import Item, Parsed, coordinates, kind_and_id
from .text import EARLIEST, FUTURE_SLACK, repair

log = logging.getLogger(__name__)


class Unclean(Exception):
    """A record the tolerant parser reports or treats specially: leave the file to it."""


# --- the structs: only what the parsers read; any other field is skipped unread -----------------

class Exif(msgspec.Struct):
    taken_timestamp: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    date_time_original: str | None = None  # Instagram


class ExifBlock(msgspec.Struct):
    exif_data: list[Exif] | None = None
    # <=2020 album files put EXIF straight in the block (FORMATS.md section 1).
    taken_timestamp: int | None = None
    latitude: float | None = None
    longitude: float | None = None


class Metadata(msgspec.Struct):
    photo_metadata: ExifBlock | None = None
    video_metadata: ExifBlock | None = None


class Media(msgspec.Struct):
    uri: str = ""
    creation_timestamp: int | None = None
    title: str = ""
    description: str = ""
    media_metadata: Metadata | None = None
    # Only post-like records have a media list; on a media entry it means the file is not what it seems.
    media: Any = msgspec.UNSET


class Coordinate(msgspec.Struct):
    latitude: float | None = None
    longitude: float | None = None


class Place(msgspec.Struct):
    name: str = ""
    coordinate: Coordinate | None = None


class ExternalContext(msgspec.Struct):
    url: str = ""


class AttachmentEntry(msgspec.Struct):
    media: Media | None = None
    place: Place | None = None
    external_context: ExternalContext | None = None
    text: str | None = None


class Attachment(msgspec.Struct):
    data: list[AttachmentEntry] = []


class PostText(msgspec.Struct):
    post: str | None = None


class Post(msgspec.Struct):
    """A Facebook post (posts files, 2019+)."""

    timestamp: int | None = None
    data: list[PostText] = []
    attachments: list[Attachment] | None = None
    tags: list[Any] = []
    label_values: Any = msgspec.UNSET  # a 2022+ label record (archive, trash): the tolerant parser's


class Album(msgspec.Struct):
    """A Facebook album file."""

    photos: list[Media]
    name: str = ""


class IgPost(msgspec.Struct):
    """An Instagram post-like record: its media, and the caption and time of the whole post."""

    media: list[Media]
    title: str = ""
    creation_timestamp: int | None = None


ABSENT = msgspec.UNSET  # a field the file does not have


def decoder(kind: Any) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(kind)


def wrapped(keys: tuple[str, ...], kind: Any) -> msgspec.json.Decoder:
    """A decoder for ``{"<key>": <kind>}`` with any of ``keys`` (their names changed over the years)."""
    fields = [(key, kind | msgspec.UnsetType, msgspec.UNSET) for key in keys]
    return msgspec.json.Decoder(msgspec.defstruct("Wrapped_" + "_".join(keys), fields))


def records(data: Any, keys: tuple[str, ...]) -> list:
    """The records of a ``wrapped`` file under the first of ``keys`` it has, as the tolerant parsers pick."""
    for key in keys:
        value = getattr(data, key)
        if value is not ABSENT:
            return value
    raise Unclean  # none of the keys: "has none of the expected records"


DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)


class Fast(NamedTuple):
    """A file kind's fast path: its decoder, and the function from the decoded file to (rows, records seen)."""

    decoder: msgspec.json.Decoder
    rows: Callable[[Any, str], tuple[list[Item], int]]


def read(tree: Tree, rel: str, problems: Problems, fast: Fast | None) -> tuple[tuple[list[Item], int] | None, Any]:
    """((rows, records seen), None) when the fast path takes the file, else (None, its JSON as read_json gives it).

    The bytes are read once either way; a file the fast path leaves is parsed again by orjson. A file
    a worker process already parsed (parallel.py) is not read here at all.
    """
    if fast is not None and tree.parsed_elsewhere is not None:
        done = tree.parsed_elsewhere(rel)
        if done is not None:
            return done, None
    raw = tree.read_raw(rel, problems)
    if raw is None:
        return None, None
    if fast is not None:
        # A file the fast path declines goes to the tolerant parser without a word: that parser reports
        # what matters as problem rows. msgspec raises RecursionError on values nested thousands deep in
        # fields typed Any; taken for a bug, it printed a traceback that looked like a crash in a notebook
        # (issue 14).
        try:
            return fast.rows(fast.decoder.decode(raw), rel), None
        except (*DECODE_ERRORS, RecursionError, Unclean):
            pass
        except Exception:  # a bug here must not cost the file: the tolerant parser still reads it
            log.warning("fast path failed on %s; read by the tolerant parser", rel, exc_info=True)
    return None, parse_json(raw, tree.label(rel), problems)


def add(parsed: Parsed, platform: str, rel: str, result: tuple[list[Item], int]) -> None:
    """Take a file's fast-path result into ``parsed`` as the tolerant parser would have."""
    rows, seen = result
    parsed.items.extend(rows)
    parsed.seen += seen
    parsed.sources.append((platform, rel, "parsed", len(rows)))


def latest() -> float:
    """The newest plausible time now (text.timestamp's rule), read once per file."""
    return time.time() + FUTURE_SLACK


def plausible(seconds: int | None, newest: float) -> int | None:
    """``seconds`` when text.timestamp would take it without a word, else Unclean."""
    if seconds is not None and not EARLIEST <= seconds <= newest:
        raise Unclean
    return seconds


def media_row(media: Media, platform: str, source: str, newest: float, *, kind: str | None = None,
              created: int | None = None, caption: str = "", album: str = "", status: str = "live") -> Item:
    """records.media_item for a typed entry: the same row, or Unclean where it would add a problem."""
    uri = repair(media.uri).strip()
    own_created = media.creation_timestamp
    if own_created is not None and not EARLIEST <= own_created <= newest:  # plausible(), inlined: 110k calls
        raise Unclean
    if not uri and own_created is None and created is None:
        raise Unclean
    taken = lat = lon = None
    metadata = media.media_metadata
    if metadata is not None:
        block = metadata.photo_metadata if metadata.photo_metadata is not None else metadata.video_metadata
        if block is not None:
            if block.exif_data is None:
                taken, lat, lon = block.taken_timestamp, block.latitude, block.longitude
            else:
                for entry in block.exif_data:  # later entries win over earlier ones; 0 is "unknown"
                    taken = entry.taken_timestamp or taken
                    lat = lat if not entry.latitude else entry.latitude
                    lon = lon if not entry.longitude else entry.longitude
            taken = plausible(taken or None, newest)
            if lat is not None or lon is not None:
                lat, lon = coordinates(lat, lon)
    if not caption:
        caption = repair(media.description)
    kind, meta_id = kind_and_id(uri, kind)
    posted = created is not None
    return [platform, kind, created if posted else own_created, album, caption, uri, taken, lat, lon, "", 0,
            status, "", meta_id, source, posted, "own", "", None]
