"""Meta's text and time quirks, fixed in one place."""

from __future__ import annotations

import re
import time
from typing import Any

# Every export we have seen (2018 through 2026, both platforms) writes each UTF-8 byte of
# non-ASCII text as its own \u00XX escape, so "ř" arrives as "\u00c5\u0099" ("Å\x99").
# Repair is guarded so that correct text comes out unchanged: only strings whose every
# character is <= U+00FF (latin-1 encodable) and that decode as UTF-8 are changed. "café"
# written correctly ("caf\u00e9") is not valid UTF-8 as bytes, so it is kept.


def repair(value: str) -> str:
    """Undo Meta's per-byte escaping of UTF-8: ``repair("caf\\u00c3\\u00a9") == "café"``."""
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def repair_tree(obj: Any) -> Any:
    """Repair every string, keys included, in a parsed JSON value; returns a new value."""
    if isinstance(obj, str):
        return repair(obj)
    if isinstance(obj, dict):
        return {repair(k): repair_tree(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [repair_tree(v) for v in obj]
    return obj


SURROGATE = re.compile("[\ud800-\udfff]")  # a UTF-16 surrogate, paired or not


def replace_lone_surrogates(obj: Any) -> tuple[Any, int]:
    """Replace unpaired UTF-16 surrogates by U+FFFD in a parsed JSON value, in place; returns (value, count).

    A damaged file can hold an escape like ``\\ud800`` with no partner. json.loads keeps it as a
    lone surrogate, which no UTF-8 writer (ids, CSV, the review file) accepts. Meta never writes
    one (its escapes are all below U+0100), so this runs only on files orjson refused. Iterative:
    the value may be nested deeper than Python's recursion limit.
    """
    count = 0

    def clean(value: str) -> str:
        nonlocal count
        fixed, n = SURROGATE.subn("\ufffd", value)
        count += n
        return fixed

    if isinstance(obj, str):
        return clean(obj), count
    stack = [obj] if isinstance(obj, (dict, list)) else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and any(SURROGATE.search(key) for key in node):
            cleaned = {clean(key): value for key, value in node.items()}
            node.clear()
            node.update(cleaned)
        for key, value in list(node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(value, str) and SURROGATE.search(value):
                node[key] = clean(value)
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return obj, count


def text(value: Any) -> str:
    """A repaired string from a JSON value that should be text; anything else gives ''."""
    return repair(value) if isinstance(value, str) else ""


# Meta's first public profiles date from 2004; anything earlier is a placeholder (0 occurs
# in 2020-2024 album EXIF as "unknown"). Far-future values (seen in 2022 exports as
# 32503680000 = year 3000) are placeholders too.
EARLIEST = 1072915200  # 2004-01-01
FUTURE_SLACK = 2 * 86400


def timestamp(value: Any) -> tuple[int | None, str | None]:
    """Unix seconds from a JSON value, or (None, reason) when it is missing or not plausible.

    Returns ``(None, None)`` for a value that is simply absent (None), so callers report
    only real oddities.
    """
    # The common case first: a plausible int (every record has one or two; 100k-item exports).
    if type(value) is int and EARLIEST <= value <= time.time() + FUTURE_SLACK:
        return value, None
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, f"timestamp is not a number: {value!r:.40}"
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None, f"timestamp is not a number: {value!r:.40}"
    if value != value:
        return None, "timestamp is not a number"
    if value in (float("inf"), float("-inf")):
        # 1e400, or an integer of over 4,300 digits (jsonfile reads those as infinity, issue 14)
        return None, "timestamp is not plausible (a number too large to be a time)"
    seconds = int(value)
    if seconds == 0:
        return None, "timestamp is 0 (Meta's placeholder for unknown)"
    if seconds < EARLIEST:
        return None, f"timestamp {_shown(seconds)} is before 2004 (not plausible)"
    if seconds > time.time() + FUTURE_SLACK:
        return None, f"timestamp {_shown(seconds)} is in the future"
    return seconds, None


def _shown(seconds: int) -> str:
    """An implausible time as digits, or as its size when it has too many to read (up to 4,300 do)."""
    return str(seconds) if -10**40 < seconds < 10**40 else "of more than 40 digits"


_IG_TAKEN_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def iso_timestamp(value: Any) -> tuple[int | None, str | None]:
    """Unix seconds from an ISO 8601 string (Instagram <=2020 ``taken_at``); naive means UTC."""
    from datetime import datetime, timezone

    if not isinstance(value, str) or not _IG_TAKEN_AT.match(value):
        return None, f"not an ISO timestamp: {value!r:.40}"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None, f"not an ISO timestamp: {value!r:.40}"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return timestamp(int(moment.timestamp()))
