"""Hypothesis fuzzing of whole exports: load raises nothing but ExportError, and nothing is lost.

A small synthetic export (the 2024 Facebook fixture with the comments, groups, Pages, Meta AI,
apps and other account files of fbtrees.public_files, a 2025 Instagram tree) is mutated one file
at a time, structurally (drop keys, swap types, wrap in lists, nest in dicts, None, huge ints,
NaN-like strings) and textually (truncate, flip bytes, insert mojibake and broken escapes), and
the zip of it byte by byte. Every load must then:

- raise nothing but ``ExportError`` (a mutated file inside an export never should);
- keep ``seen == loaded + merged + skipped``;
- leave every other file's items alone (their per-file counts in ``sources`` do not move);
- need no parser safety net (no "please report this bug" problem row).

Examples are derandomized and bounded so the file runs in well under a minute on two cores;
``METAEXPOSURE_FUZZ_EXAMPLES=2000`` runs more, with fresh random examples.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import metaexposure as me
from tests import fbtrees
from tests.test_bad_input import IG_WRAPPER, ig_2025

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"
_MORE = int(os.environ.get("METAEXPOSURE_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=_MORE or examples, deadline=None, derandomize=not _MORE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build_exports() -> dict[str, tuple[str, dict[str, bytes]]]:
    with tempfile.TemporaryDirectory() as tmp:
        facebook = fbtrees.public_files(fbtrees.era_2024(Path(tmp) / WRAPPER))
        fbtrees.put(facebook, "your_facebook_activity/posts/trash.json", [
            {"timestamp": fbtrees.T0 + 5, "fbid": "778", "media": [fbtrees.photo("x/7781.jpg", fbtrees.T0)],
             "label_values": [{"label": "Message", "value": fbtrees.meta("Gel\u00f6scht")}]}])
        instagram = ig_2025(Path(tmp) / IG_WRAPPER)
        fbtrees.put(instagram, "security_and_login_information/login_and_profile_creation/"
                    "profile_privacy_changes.json", {"account_history_account_privacy_history": [
                        {"title": "Account switched to public", "media_map_data": {},
                         "string_map_data": {"Time": {"href": "", "value": "", "timestamp": fbtrees.T0 + 50}}}]})
        return {"facebook": (WRAPPER, _read_tree(facebook)), "instagram": (IG_WRAPPER, _read_tree(instagram))}


EXPORTS = _build_exports()


def _baseline(platform: str) -> tuple[dict[str, int], list[str]]:
    """Items per file of the unmutated export, and the files a parser reads (the ones worth fuzzing)."""
    with tempfile.TemporaryDirectory() as tmp:
        ex = me.load(_write(Path(tmp), platform, {}))
    return _per_file(ex), sorted(ex.sources.path[ex.sources.status == "parsed"])


def _per_file(ex: me.Export) -> dict[str, int]:
    return dict(zip(ex.sources.path, ex.sources["items"], strict=True))


def _write(tmp: Path, platform: str, replace: dict[str, bytes]) -> Path:
    wrapper, files = EXPORTS[platform]
    root = tmp / wrapper
    for rel, data in {**files, **replace}.items():
        fbtrees.put(root, rel, data)
    return root


BASELINES = {platform: _baseline(platform) for platform in EXPORTS}


def _json_files(platform: str) -> list[str]:
    return BASELINES[platform][1]


def load_checked(paths: list[Path], platform: str | None = None, mutated: str | None = None) -> None:
    """The fuzz oracle: only ExportError, the books balance, other files untouched, no safety net."""
    try:
        ex = me.load(*paths)
    except me.ExportError:
        return
    stats = ex.stats
    assert stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"], stats
    reasons = list(ex.problems.reason)
    assert not any("please report this bug" in r for r in reasons), reasons
    assert ex.items.item_id.map(lambda s: isinstance(s, str) and bool(s.encode("utf-8"))).all()
    if platform is not None:
        counts = _per_file(ex)
        for path, expected in BASELINES[platform][0].items():
            # "(media files...)" rows count the export's media files, not one file's records.
            if path != mutated and not path.startswith("(media files"):
                assert counts.get(path) == expected, (path, counts.get(path), expected, reasons)


# --- structural mutations ----------------------------------------------------------------------

ODD_VALUES = st.sampled_from([
    None, True, 0, -1, 2**63, 2**64 + 1, 10**30, -(10**30), 10**400, 1e308, -0.0, float("nan"), float("inf"),
    "", "NaN", "Infinity", "-0", "1e999", "0x10", "[object Object]", "\u00c3\u00a9", "\ud800", "null",
    "../../etc/passwd", "/etc/hostname", "https://example.invalid/x.jpg", [], {}, [None], {"": None},
])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12))


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path (keys and indexes) into a JSON value, the root included."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _draw_path(data: st.DataObject, document: Any) -> tuple:
    """A path, drawn by the name of its last step first: a rare key ('data', 'exif_data') is as
    likely a target as the hundred list entries beside it."""
    groups: dict[str, list[tuple]] = {}
    for path in _paths(document):
        name = "(root)" if not path else "[]" if isinstance(path[-1], int) else path[-1]
        groups.setdefault(name, []).append(path)
    name = data.draw(st.sampled_from(sorted(groups)), label="name")
    return data.draw(st.sampled_from(groups[name]), label="path")


def _mutate(data: st.DataObject, document: Any) -> Any:
    """Apply one structural mutation at a drawn path; returns the new document."""
    path = _draw_path(data, document)
    target = _get(document, path)
    # Type swaps find the most crashes, so they come up more often.
    operation = data.draw(st.sampled_from(["drop", "odd", "odd", "scalar", "scalar", "wrap", "nest", "empty",
                                           "duplicate"]), label="operation")
    if operation == "drop" and path:
        parent = _get(document, path[:-1])
        del parent[path[-1]]
        return document
    if operation == "duplicate" and isinstance(target, list) and target:
        target.append(json.loads(json.dumps(target[0])))
        return document
    replacement = {
        # A copy: sampled_from hands out the same [] and {} each time, and a later mutation
        # would change them for every following example.
        "odd": lambda: copy.deepcopy(data.draw(ODD_VALUES, label="odd")),
        "scalar": lambda: data.draw(SCALARS, label="scalar"),
        "wrap": lambda: [target],
        "nest": lambda: {data.draw(st.sampled_from(["data", "media", "x"]), label="key"): target},
        "empty": lambda: type(target)() if isinstance(target, (list, dict, str)) else None,
        "drop": lambda: None,
        "duplicate": lambda: target,
    }[operation]()
    if not path:
        return replacement
    _get(document, path[:-1])[path[-1]] = replacement
    return document


def _encode(document: Any) -> bytes:
    # Python's json writes NaN/Infinity and huge ints (orjson refuses both), and with
    # ensure_ascii an unpaired surrogate as a \\ud800 escape: the stdlib fallback parser's inputs.
    return json.dumps(document, ensure_ascii=True).encode()


def _weighted_files(platform: str) -> list[str]:
    """Each parsed file as often as it has distinct key names: the posts file, with two dozen,
    is drawn far more often than an album with eight."""
    weighted = []
    for rel in _json_files(platform):
        document = json.loads(EXPORTS[platform][1][rel])
        names = {path[-1] for path in _paths(document) if path and isinstance(path[-1], str)}
        weighted += [rel] * max(1, len(names))
    return weighted


def structural(platform: str, examples: int):
    @fuzz_settings(examples)
    @given(data=st.data())
    def test(data: st.DataObject) -> None:
        rel = data.draw(st.sampled_from(_weighted_files(platform)), label="file")
        document = json.loads(EXPORTS[platform][1][rel])
        for _ in range(data.draw(st.integers(1, 4), label="mutations")):
            document = _mutate(data, document)
        with tempfile.TemporaryDirectory() as tmp:
            load_checked([_write(Path(tmp), platform, {rel: _encode(document)})], platform, rel)
    return test


test_structural_mutations_of_facebook_files = structural("facebook", 200)
test_structural_mutations_of_instagram_files = structural("instagram", 120)


# --- textual mutations -------------------------------------------------------------------------

JUNK = st.sampled_from([
    b"\x00", b"\xff", b"\xc3", b"\xc3\xa9", b"\xef\xbb\xbf", b"\\u00c3\\u00a9", b"\\ud800", b"\\udfff",
    b"\\", b'"', b"[object Object]", b"NaN", b"99999999999999999999999", b"]", b"{", b",", b"\xe2\x80",
])


@fuzz_settings(200)
@given(data=st.data())
def test_textual_mutations_of_json_files(data: st.DataObject) -> None:
    platform = data.draw(st.sampled_from(sorted(EXPORTS)), label="platform")
    rel = data.draw(st.sampled_from(_json_files(platform)), label="file")
    raw = bytearray(EXPORTS[platform][1][rel])
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        operation = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete"]), label="operation")
        if operation == "truncate":
            del raw[at:]
        elif operation == "flip" and at < len(raw):
            raw[at] ^= data.draw(st.integers(1, 255), label="mask")
        elif operation == "insert":
            raw[at:at] = data.draw(JUNK, label="junk")
        else:
            del raw[at:at + data.draw(st.integers(1, 40), label="length")]
    with tempfile.TemporaryDirectory() as tmp:
        load_checked([_write(Path(tmp), platform, {rel: bytes(raw)})], platform, rel)


# --- the zip itself ----------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{WRAPPER}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel, data in EXPORTS["facebook"][1].items():
                archive.writestr(f"{WRAPPER}/{rel}", data)
        return path.read_bytes()


ZIP = _zip_bytes()


@fuzz_settings(100)
@given(data=st.data())
def test_byte_mutations_of_the_zip(data: st.DataObject) -> None:
    """Damaged downloads: flipped, cut or overwritten bytes anywhere in the zip, headers included."""
    raw = bytearray(ZIP)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        operation = data.draw(st.sampled_from(["flip", "flip", "zero", "truncate"]), label="operation")
        if operation == "flip":
            raw[at] ^= data.draw(st.integers(1, 255), label="mask")
        elif operation == "zero":
            raw[at:at + 8] = bytes(len(raw[at:at + 8]))
        elif at > 0:
            del raw[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{WRAPPER}.zip"
        path.write_bytes(bytes(raw))
        load_checked([path])


def test_the_fuzzed_exports_load_cleanly_unmutated(tmp_path):
    # The oracle's baseline: both trees load without a single problem row, every fuzzed file parsed.
    ex = me.load(_write(tmp_path, "facebook", {}), _write(tmp_path, "instagram", {}))
    # A row naming the export itself says a whole category is missing from it (issue 15), not that a file is odd;
    # the Facebook fixture holds every category its era has.
    assert ex.problems[~ex.problems.file.isin([WRAPPER, IG_WRAPPER])].empty and len(ex.items) > 15
    assert not ex.problems.file.eq(WRAPPER).any()
    assert len(_json_files("facebook")) >= 25 and len(_json_files("instagram")) >= 4
    assert "your_facebook_activity/messages/ai_conversations.json" in _json_files("facebook")
