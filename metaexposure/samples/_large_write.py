"""Writing the large synthetic exports (samples/large.py): Meta's JSON text, parts, zips.

Files are streamed a record at a time, so a 300k-item export never sits in memory; zips get
fixed member times so the same arguments give the same bytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from ._write import mojibake

ZIP_TIME = (2026, 4, 6, 0, 26, 54)


def encode(obj: Any) -> bytes:
    """One JSON value as Meta writes it (indent 2, \\u00XX escapes), byte-identical to _write.write_json."""
    data = orjson.dumps(obj, option=orjson.OPT_INDENT_2)
    if data.isascii():
        return data
    return re.sub("[^\x00-\x7f]", lambda m: f"\\u{ord(m.group()):04x}", data.decode("utf-8")).encode("ascii")


def meta(obj: Any) -> Any:
    """Strings as Meta's per-byte text; records here have ASCII keys, so only values change."""
    if isinstance(obj, str):
        return obj if obj.isascii() else mojibake(obj)
    if isinstance(obj, dict):
        return {k: meta(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [meta(v) for v in obj]
    return obj


def _stream(handle: IO[bytes], records: Iterable[Any], key: str | None) -> None:
    """Write a list of records, one at a time, as ``[...]`` or ``{"key": [...]}`` with indent 2."""
    depth = "  " if key is None else "    "
    opening, closing = (b"[", b"]") if key is None else (b'{\n  "' + key.encode() + b'": [', b"  ]\n}")
    handle.write(opening)
    first = True
    for record in records:
        handle.write(b"\n" if first else b",\n")
        first = False
        # Strings never hold a raw newline in JSON, so re-indenting by line is safe.
        handle.write(depth.encode() + encode(meta(record)).replace(b"\n", b"\n" + depth.encode()))
    if first:  # an empty list is written "[]" as the standard library does
        handle.write(b"]" if key is None else b"]\n}")
    else:
        handle.write(b"\n" + (b"]" if key is None else closing))
    handle.write(b"\n")


class Part:
    """One part of the download: a folder or a zip, holding one wrapper root per platform."""

    def __init__(self, path: Path, zipped: bool, roots: dict[str, str]) -> None:
        self.path, self.roots = path, roots
        self.zip = zipfile.ZipFile(path, "w") if zipped else None

    def open(self, platform: str, rel: str, *, compress: bool = True) -> IO[bytes]:
        name = self.roots[platform] + rel
        if self.zip is None:
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            return (self.path / name).open("wb")
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)  # a fixed time: the same zip bytes every run
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return self.zip.open(info, "w")


class Writer:
    """Spreads members over the parts: JSON files round-robin, media files so they land elsewhere."""

    def __init__(self, parts: list[Part], with_media_files: bool) -> None:
        self.parts, self.with_media_files = parts, with_media_files
        self.json_files = self.media_files = 0
        # Media named while a JSON member is being streamed wait here: a zip takes one open member at a time.
        self.pending: list[tuple[str, str]] = []

    def records(self, platform: str, rel: str, records: Iterable[Any], key: str | None = None) -> None:
        self._json(platform, rel, lambda handle: _stream(handle, records, key))

    def document(self, platform: str, rel: str, obj: Any) -> None:
        self._json(platform, rel, lambda handle: handle.write(encode(meta(obj)) + b"\n"))

    def media(self, platform: str, uri: str) -> None:
        # FORMATS.md section 7: media may be absent by choice; the items still count.
        if self.with_media_files:
            self.pending.append((platform, uri))

    def _json(self, platform: str, rel: str, write: Callable[[IO[bytes]], object]) -> None:
        part = self.parts[self.json_files % len(self.parts)]
        self.json_files += 1
        with part.open(platform, rel) as handle:
            write(handle)
        for media_platform, uri in self.pending:
            # Offset by one so that, with several parts, a file is rarely beside the JSON naming it.
            part = self.parts[(self.media_files + 1) % len(self.parts)]
            self.media_files += 1
            # Placeholder bytes: the loader never opens media, so real images would only cost disk.
            with part.open(media_platform, uri, compress=False) as handle:
                handle.write(b"\x00\x00\x00\x18ftypmp42" if uri.endswith(".mp4") else b"\xff\xd8\xff\xd9")
        self.pending.clear()

    def close(self) -> None:
        for part in self.parts:
            if part.zip is not None:
                part.zip.close()
