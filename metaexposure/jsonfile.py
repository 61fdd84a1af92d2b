"""One JSON file's bytes to a value, with a problem row for anything odd: the only JSON reader of exports.

Export files are untrusted (issue 14): a file may be damaged, re-saved by an editor, or made to
hurt. What is refused here is refused before a Python object is built for it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
import orjson

from .errors import Problems
from .text import replace_lone_surrogates

# A file of tiny records ([{},{},...], [[],[],...]) makes one Python object per 3 bytes: 16 MiB of
# them took 470 MB to parse and 1.1 GB to decode into the fast path's structs, before a single
# record was looked at (issue 14). Meta's files hold one object or array per 75 bytes or more
# (the samples, the reference exports, the 100k-item synthetic export), 34 or more with every
# space removed; below 24 the file is not Meta's, and at 24 no shape of record costs more than
# about 8x the file's bytes. Files under 64 KiB are left alone: they cannot hold enough objects
# to matter (one nested 600 levels deep is reported as such by the parser).
MIN_BYTES_PER_CONTAINER = 24
_DENSITY_CHECKED_ABOVE = 64 * 1024
_CHUNK = 256 * 1024


def containers(data: bytes) -> int:
    """How many '{' and '[' ``data`` holds (inside strings too): an upper bound on the objects and lists
    a parser would build. '{' (0x7B) and '[' (0x5B) differ only in the bit 0x20, so one OR and one
    comparison find both; in 256 KiB steps through one buffer, 9 ms for the 87 MB of the 100k-item
    synthetic export (two bytes.count calls: 50-100 ms)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    buffer = np.empty(min(_CHUNK, len(codes)), dtype=np.uint8)
    count = 0
    for start in range(0, len(codes), _CHUNK):
        part = codes[start:start + _CHUNK]
        folded = np.bitwise_or(part, 0x20, out=buffer[:len(part)])
        count += int(np.count_nonzero(folded == 0x7B))
    return count


def too_dense(data: bytes, label: str, problems: Problems) -> bool:
    """Whether ``data`` is a record bomb; if so a problem row says why it was not read."""
    if len(data) <= _DENSITY_CHECKED_ABOVE:
        return False
    count = containers(data)
    if count * MIN_BYTES_PER_CONTAINER <= len(data):
        return False
    problems.add(label, "", f"holds {count:,} JSON objects or lists in {len(data):,} bytes, one per "
                 f"{len(data) / count:.1f} bytes; Meta's files hold one per {MIN_BYTES_PER_CONTAINER} bytes or "
                 "more, so it is damaged or not from Meta (a record bomb?); it was not read")
    return True


def parse_json(data: bytes, label: str, problems: Problems) -> Any:
    """orjson first; the standard library for what orjson refuses (huge ints, NaN, bad bytes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM: files re-saved by Windows editors
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    else:
        if value is None:  # callers take None for "unreadable": say why, never silently
            problems.add(label, "", "holds only 'null' instead of data; nothing to read")
        return value
    try:
        # UTF-16/32 when the bytes say so (a file re-saved by Notepad as "Unicode"), else UTF-8.
        decoded = data.decode(json.detect_encoding(data))
    except UnicodeDecodeError:
        decoded = data.decode("utf-8", errors="replace")
        problems.add(label, "", "is not valid UTF-8; undecodable bytes were replaced")
    try:
        value = _loads(decoded)
    except RecursionError:
        problems.add(label, "", "is nested too deeply to read (Meta's files never are)")
        return None
    except json.JSONDecodeError as exc:
        snippet = decoded.strip()[:30]
        hint = " (Meta wrote '[object Object]' instead of the data)" if snippet.startswith("[object") else ""
        problems.add(label, "", f"is not valid JSON{hint}: {exc}", skipped=False)
        return None
    value, replaced = replace_lone_surrogates(value) if "\\u" in decoded else (value, 0)
    if replaced:
        problems.add(label, "", f"has {replaced} broken \\u escape(s) (unpaired surrogates); replaced by U+FFFD")
    return value


def _loads(decoded: str) -> Any:
    """json.loads, with integers too long for Python's int() (over 4,300 digits: ValueError, issue 14)
    read as +-infinity, as orjson reads any integer beyond 64 bits as a float: every reader of a
    number already treats infinity as not plausible."""
    try:
        return json.loads(decoded)
    except json.JSONDecodeError:
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return json.loads(decoded, parse_int=_int)


def _int(digits: str) -> int | float:
    limit = sys.get_int_max_str_digits()
    if not limit or len(digits) - digits.startswith("-") <= limit:
        return int(digits)
    return float("-inf") if digits.startswith("-") else float("inf")  # JSON has no leading zeros: >= 10**4300
