"""The typed fast path (metaexposure/typed.py) gives the tolerant parser's rows exactly, or leaves the file.

For every file kind with a fast path: where the fast path takes a file, the tolerant parser must give
the same rows and the same count of records seen, and report no problem at all in it (the fast path
leaves every file with a problem to the tolerant parser). Checked on the samples, on a generated
large export, on the layout fixtures, and on Hypothesis mutations of the fuzzing exports.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import metaexposure as me
from metaexposure import archive, facebook, instagram, typed
from metaexposure.errors import Problems
from metaexposure.instagram_visibility import VisibilitySources
from metaexposure.records import Parsed
from metaexposure.samples import SAMPLES_DIR
from metaexposure.samples.large import write_large_export
from tests import fbtrees
from tests.test_fuzz import EXPORTS, _encode, _get, _mutate, _paths, _write, fuzz_settings

MODULES = {"facebook": facebook, "instagram": instagram}


def _fast_files(tree: archive.Tree) -> list[tuple[str, Any]]:
    module = MODULES[tree.platform]
    return [(rel, parser) for rel in tree.paths() if (parser := module.route(rel)[1]) and hasattr(parser, "fast")]


def tolerant(tree: archive.Tree, rel: str, parser: Any, raw: bytes) -> tuple[list, int, list[str]]:
    problems = Problems()
    parsed = Parsed()
    data = archive.parse_json(raw, rel, problems)
    if tree.platform == "facebook":
        ctx = facebook._Context(tree, rel, parsed, problems)
    else:
        ctx = instagram._Context(tree, rel, parsed, problems, VisibilitySources())
    if data is not None:
        parser(ctx, data)
    return parsed.items, parsed.seen, [p.reason for p in problems]


def fast(parser: Any, rel: str, raw: bytes) -> tuple[list, int] | None:
    try:
        return parser.fast.rows(parser.fast.decoder.decode(raw), rel)
    except (*typed.DECODE_ERRORS, typed.Unclean):
        return None


def agrees(tree: archive.Tree, rel: str, parser: Any, raw: bytes) -> bool:
    """True when the fast path took the file (and then matched the tolerant parser); False when it left it."""
    result = fast(parser, rel, raw)
    if result is None:
        return False
    rows, seen, problems = tolerant(tree, rel, parser, raw)
    assert problems == [], f"the fast path took {rel}, which has problems: {problems}"
    assert result[1] == seen, rel
    for at, (quick, slow) in enumerate(zip(result[0], rows, strict=True)):
        assert quick == slow, (rel, at)
    return True


def trees(*paths: Path | str) -> list[archive.Tree]:
    return archive.open_trees([Path(p) for p in paths], Problems())


@pytest.mark.parametrize("name", ["facebook-2024", "facebook-2021", "instagram-2025", "instagram-2021"])
def test_the_samples_big_files_take_the_fast_path_and_match(name):
    sample = SAMPLES_DIR / name
    checked = [(rel, agrees(tree, rel, parser, tree.read_bytes(rel)))
               for tree in trees(sample) for rel, parser in _fast_files(tree)]
    if name != "instagram-2021":  # media.json (<=2020) has no fast path
        assert checked, "no file with a fast path: the test would prove nothing"
    # A file is left to the tolerant parser only for a problem in it (the 2024 sample plants a time of 0
    # in its uncategorized photos); every clean one is taken.
    for tree in trees(sample):
        for rel, parser in _fast_files(tree):
            if (rel, False) in checked:
                assert tolerant(tree, rel, parser, tree.read_bytes(rel))[2], f"{rel} is clean but was left"
    assert sum(taken for _, taken in checked) >= len(checked) - 1


def test_a_large_export_takes_the_fast_path_everywhere_it_can(tmp_path):
    paths = write_large_export(tmp_path, media=3000, posts=600)
    taken = {tree.platform: [agrees(tree, rel, parser, tree.read_bytes(rel)) for rel, parser in _fast_files(tree)]
             for tree in trees(*paths)}
    assert taken["facebook"] and all(taken["facebook"])
    assert taken["instagram"] and all(taken["instagram"])


@pytest.mark.parametrize("era", ["era_2024", "era_2022", "era_late_2021", "era_2019", "era_2018", "era_pages_2025"])
def test_the_layout_fixtures_agree_wherever_the_fast_path_takes_a_file(tmp_path, era):
    root = getattr(fbtrees, era)(tmp_path / "facebook-ava-2024-11-18-AbCdEfGh")
    for tree in trees(root):
        for rel, parser in _fast_files(tree):
            agrees(tree, rel, parser, tree.read_bytes(rel))


def test_a_file_with_one_odd_record_is_left_to_the_tolerant_parser_whole(tmp_path):
    root = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    fbtrees.put(root, "your_facebook_activity/posts/album/0.json", {"name": "Holidays", "photos": [
        fbtrees.photo("your_facebook_activity/posts/media/Holidays_1/101.jpg", fbtrees.T0),
        {**fbtrees.photo("your_facebook_activity/posts/media/Holidays_1/102.jpg", fbtrees.T0), "creation_timestamp": 0},
    ]})
    (tree,) = trees(root)
    rel = "your_facebook_activity/posts/album/0.json"
    assert fast(facebook.parse_album, rel, tree.read_bytes(rel)) is None
    ex = me.load(root)
    assert len(ex.items) == 2 and ex.stats["seen"] == 2
    assert list(ex.problems.reason) == ["creation_timestamp: timestamp is 0 (Meta's placeholder for unknown)"]


def test_a_bug_in_the_fast_path_costs_nothing(tmp_path, monkeypatch, caplog):
    sample = SAMPLES_DIR / "facebook-2024"
    expected = me.load(sample).items

    def broken(data: Any, source: str) -> Any:
        raise KeyError("a bug")
    monkeypatch.setattr(facebook.parse_album, "fast", typed.Fast(facebook.parse_album.fast.decoder, broken))
    with caplog.at_level(logging.WARNING, logger="metaexposure.typed"):
        items = me.load(sample).items
    assert items.equals(expected)
    assert "fast path failed" in caplog.text


def _fast_rels(platform: str) -> list[str]:
    module = MODULES[platform]
    return sorted(rel for rel in EXPORTS[platform][1]
                  if (parser := module.route(rel)[1]) is not None and hasattr(parser, "fast"))


# Values of the same JSON type as the one they replace, chosen at the edges of what the parsers
# check: the fast path then still decodes the file, and must decide exactly as the tolerant parser.
SAME_TYPE = {
    str: st.sampled_from(["", " ", "x.jpg", " media/posts/1.jpg ", "no_extension", "caf\u00c3\u00a9",
                          "caf\u00e9", "a/b/12345678901.mp4", "A/B/x_n_42.MOV", "2019:08:10 14:20:35",
                          "2019:02:30 10:00:00", "000", "Profile pictures", "Cover photos", "\u00e2\u0080\u0099"]),
    int: st.sampled_from([0, 1, -5, 1072915199, 1072915200, 1_600_000_000, 4_102_444_800, 2**53]),
    float: st.sampled_from([0.0, -0.0, 38.7, -9.1, 90.0, 90.5, -180.0, 181.0, 1e308]),
}


def _same_type_mutate(data: st.DataObject, document: Any) -> Any:
    """Replace one scalar by another of its type, drop a key, or empty / repeat a list."""
    paths = [path for path in _paths(document) if path]
    if not paths:
        return document
    path = data.draw(st.sampled_from(paths), label="path")
    parent, step = _get(document, path[:-1]), path[-1]
    target = parent[step]
    kind = type(target)
    if kind in SAME_TYPE:
        parent[step] = data.draw(SAME_TYPE[kind], label="value")
    elif isinstance(target, list) and target:
        if data.draw(st.booleans(), label="empty"):
            target.clear()
        else:
            target.append(json.loads(json.dumps(target[-1])))
    elif isinstance(parent, dict):
        del parent[step]
    return document


def _mutation_property(platform: str, data: st.DataObject, tmp_path: Path) -> None:
    rel = data.draw(st.sampled_from(_fast_rels(platform)), label="file")
    document = json.loads(EXPORTS[platform][1][rel])
    structural = data.draw(st.booleans(), label="structural")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        document = _mutate(data, document) if structural else _same_type_mutate(data, document)
    raw = _encode(document)
    root = _write(tmp_path, platform, {rel: raw})
    (tree,) = trees(root)
    agrees(tree, rel, MODULES[platform].route(rel)[1], raw)


@fuzz_settings(200)
@given(data=st.data())
def test_mutated_facebook_files_agree_or_are_left(data, tmp_path_factory):
    _mutation_property("facebook", data, tmp_path_factory.mktemp("fb"))


@fuzz_settings(200)
@given(data=st.data())
def test_mutated_instagram_files_agree_or_are_left(data, tmp_path_factory):
    _mutation_property("instagram", data, tmp_path_factory.mktemp("ig"))
