"""A tiny zip writer for hostile zips: raw deflate data, lying sizes, flag bits Python never writes.

``zipfile`` cannot encrypt, cannot write pre-compressed data and always tells the truth about
sizes, so the bad-input and zip-bomb tests build those zips here, byte by byte (APPNOTE 6.3:
local header, data, central directory, end record; no ZIP64, so every size is under 4 GiB).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

STORED, DEFLATED, DEFLATE64 = 0, 8, 9
ENCRYPTED = 0x1  # general purpose flag bit 0: "traditional PKWARE encryption" (ZipCrypto)
_DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 11 << 5 | 18  # 2024-11-18 00:00


@dataclass
class Raw:
    """One member as it goes into the zip: data already compressed, sizes as declared."""

    name: str
    data: bytes
    crc: int
    size: int  # declared uncompressed size (may lie)
    method: int = DEFLATED
    flags: int = 0
    compressed: int | None = None  # declared compressed size; None = the true one


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def member(name: str, data: bytes | str, **overrides: int) -> Raw:
    """A normal deflated member; ``overrides`` set declared fields (size, crc, flags, method...)."""
    raw = data.encode() if isinstance(data, str) else data
    fields = {"crc": zlib.crc32(raw), "size": len(raw), **overrides}
    return Raw(name, deflate(raw), **fields)


def repeated(name: str, chunk: bytes, times: int, *, declared: int | None = None) -> Raw:
    """A member of ``chunk`` * ``times``, compressed once: a 600 MB bomb costs one chunk's work.

    After a full flush deflate starts afresh, so every repetition compresses to the same bytes;
    the data is those bytes ``times`` over plus an empty final block.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block, "deflate did not restart after a full flush"
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    data = block * times + compressor.flush(zlib.Z_FINISH)
    return Raw(name, data, crc, len(chunk) * times if declared is None else declared)


def framed(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Raw:
    """A member of ``head`` + ``chunk`` * ``times`` + ``tail``, compressed once like ``repeated``: JSON
    such as ``[`` + ``{},`` * 5 million + ``{}]``, 16 MiB from ~16 KB, built in milliseconds."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block, "deflate did not restart after a full flush"
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    data = start + block * times + compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    return Raw(name, data, zlib.crc32(tail, crc), len(head) + len(chunk) * times + len(tail))


def write_zip(path: Path, members: Iterable[Raw], *, prefix: str = "") -> Path:
    """Write ``members`` (names under ``prefix``) as a zip at ``path``."""
    body, central = bytearray(), bytearray()
    count = 0
    for raw in members:
        name = (prefix + raw.name).encode("utf-8")
        compressed = len(raw.data) if raw.compressed is None else raw.compressed
        fields = (raw.flags | 0x800, raw.method, _DOS_TIME, _DOS_DATE, raw.crc, compressed, raw.size, len(name))
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields[:4], *fields[4:7], fields[7], 0)
        body += name + raw.data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *fields[:4], *fields[4:7], fields[7],
                               0, 0, 0, 0, 0o100644 << 16, offset)
        central += name
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def folder_members(folder: Path, prefix: str = "") -> list[Raw]:
    """Every file under ``folder`` as a normal member named ``prefix`` + its relative path."""
    return [member(prefix + p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]
