"""The README's list of what is read matches the routing tables."""

import re
from pathlib import Path

import pytest

from metaexposure import facebook, instagram

README = (Path(__file__).parents[1] / "README.md").read_text()


def table_paths(heading: str) -> list[str]:
    section = README.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [p for row in rows for p in re.findall(r"`([^`]+\.json)`", row.split("|")[1])]


@pytest.mark.parametrize("path", table_paths("Facebook"))
def test_every_documented_facebook_path_is_parsed(path):
    known, parser = facebook.route(path)
    assert parser is not None, f"README lists {path} but no parser reads it"
    assert facebook.route(f"your_facebook_activity/{path}")[1] is parser


def test_the_first_screen_gives_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:15])
    assert "make lab" in first_screen and "make test" in first_screen


@pytest.mark.parametrize("path", table_paths("Instagram"))
def test_every_documented_instagram_path_is_parsed(path):
    known, parser = instagram.route(path)
    assert parser is not None, f"README lists {path} but no parser reads it"
