import math

import pytest

from metaexposure.text import repair, repair_tree, timestamp
from tests.fbtrees import meta


@pytest.mark.parametrize("original", [
    "café", "ř and ž", "emoji \U0001F600\U0001F44D", "日本語のキャプション", "Ελληνικά", "mixed ASCII",
])
def test_mojibake_is_repaired(original):
    assert repair(meta(original)) == original


@pytest.mark.parametrize("correct", [
    "café",          # correct Latin-1 text: \xe9 alone is not valid UTF-8
    "naïve façade",
    "Ã(",            # looks like mojibake, is not valid UTF-8
    "plain",
    "",
    "日本 and Ã©",    # a character above U+00FF: never touched
    "\U0001F600",
])
def test_correct_text_is_unchanged(correct):
    assert repair(correct) == correct


def test_repair_tree_fixes_keys_and_values_without_mutating():
    data = {meta("Compte privé"): [meta("Oui ✓"), 3, None, {"k": meta("é")}]}
    fixed = repair_tree(data)
    assert fixed == {"Compte privé": ["Oui ✓", 3, None, {"k": "é"}]}
    assert meta("Compte privé") in data  # the caller's dict is left alone


@pytest.mark.parametrize("value, expected", [
    (1_600_000_000, 1_600_000_000), (1_600_000_000.7, 1_600_000_000), ("1600000000", 1_600_000_000),
    (None, None),
])
def test_timestamps(value, expected):
    assert timestamp(value)[0] == expected


@pytest.mark.parametrize("value", [0, -5, 1708072, 32503680000, True, "soon", math.nan, [1], {"a": 1}])
def test_implausible_timestamps_are_missing_with_a_reason(value):
    seconds, reason = timestamp(value)
    assert seconds is None and reason
