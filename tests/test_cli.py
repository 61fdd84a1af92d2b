"""The ``metaexposure`` command end to end: charts from an export, clear errors, nothing personal leaked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import cli
from metaexposure.review import Review
from tests import fbtrees
from tests.test_plots import CANARY_ALBUM, CANARY_CAPTION, CANARY_LAT, CANARY_LON, CANARY_PERSON, CANARY_PLACE
from tests.test_publish import assert_no_canary

NAMES = ("exposure-timeline", "albums", "audience", "year-kind", "locations")
TEXT = (".alt.txt", ".desc.txt", ".csv")
# One size and theme keeps these tests quick; test_charts_writes_the_set_and_says_so writes every one.
ONE = ["--sizes", "article", "--themes", "light"]
CHART_FILES = {f"{name}{suffix}" for name in NAMES for suffix in (".svg", "@2x.png", *TEXT)} | {"index.md",
                                                                                               "index.html"}
EVERY_VARIANT = CHART_FILES | {f"{name}{size}{theme}{suffix}" for name in NAMES for size in ("", "-card", "-narrow")
                               for theme in ("", "-dark") for suffix in (".svg", "@2x.png")} | {
    f"{name}-card{theme}.png" for name in NAMES for theme in ("", "-dark")}


def canary_export(root: Path) -> Path:
    """A 2024-layout Facebook export with a user album full of secrets: caption, person, place, GPS."""
    fbtrees.era_2024(root)
    media = "your_facebook_activity/posts/media/CanaryAlbumZebrafish_2001/"
    exif = {"photo_metadata": {"exif_data": [{"latitude": CANARY_LAT, "longitude": CANARY_LON}]}}
    photos = [fbtrees.photo(f"{media}{9900 + i}.jpg", fbtrees.T0 + 1000 * i, CANARY_ALBUM, media_metadata=exif,
                            description=fbtrees.meta(f"{CANARY_CAPTION} with {CANARY_PERSON}"))
              for i in range(6)]
    fbtrees.put(root, "your_facebook_activity/posts/album/7.json", {"name": fbtrees.meta(CANARY_ALBUM),
                                                                    "photos": photos})
    fbtrees.put(root, "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_2.json", [
        fbtrees.post(fbtrees.T0 + 9000, f"{CANARY_CAPTION}, tagged {CANARY_PERSON}", media=photos[:2],
                     place={"name": CANARY_PLACE, "coordinate": {"latitude": CANARY_LAT, "longitude": CANARY_LON}},
                     tags=[{"name": CANARY_PERSON}])])
    return root


@pytest.fixture
def export(tmp_path) -> Path:
    return canary_export(tmp_path / "facebook-ava-2024-11-18-AbCdEfGh")


@pytest.fixture
def review(tmp_path) -> Path:
    """A review store that labels the canary album public, so its photos reach every chart."""
    path = tmp_path / "work" / "metaexposure-review.sqlite"
    Review.open(path).label_album("facebook", CANARY_ALBUM, "public")
    return path


def test_the_canary_export_really_carries_the_secrets(export, review):
    items = me.load(export, review=review).items
    mine = items[items["album"] == CANARY_ALBUM]
    assert len(mine) == 6 and (mine["audience"] == "public").all()
    assert mine["caption"].str.contains(CANARY_CAPTION).all()
    assert mine["latitude"].round(4).eq(round(CANARY_LAT, 4)).all()
    assert (items["place"] == CANARY_PLACE).any()


def test_charts_writes_the_set_and_says_so(export, review, tmp_path, capsys):
    out = tmp_path / "charts"
    assert cli.main(["charts", str(export), "--out", str(out), "--review", str(review)]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert printed.out.count("\n") == 1
    assert printed.out.startswith("Wrote 5 charts (redacted; 6 sizes and themes each) from ")
    assert str(out / "index.md") in printed.out and str(out / "index.html") in printed.out
    assert {p.name for p in out.iterdir()} == EVERY_VARIANT
    assert_no_canary(out)
    albums = pd.read_csv(out / "albums.csv", keep_default_na=False)
    assert "Album A" in set(albums["album"])  # the canary album is there, under its alias
    located = pd.read_csv(out / "locations.csv")
    assert located["n"].sum() >= 6 and set(located["latitude"]) == {47.5}


def test_no_redact_keeps_the_names(export, review, tmp_path, capsys):
    out = tmp_path / "open"
    assert cli.main(["charts", str(export), "--out", str(out), "--review", str(review), "--no-redact", *ONE]) == 0
    assert "NOT redacted" in capsys.readouterr().out
    assert CANARY_ALBUM in (out / "albums.csv").read_text()


def test_a_zipped_export_gives_the_same_charts(export, review, tmp_path):
    archive = fbtrees.zip_folder(export, tmp_path / "export.zip", prefix=export.name + "/")
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "a"), "--review", str(review), *ONE]) == 0
    assert cli.main(["charts", str(archive), "--out", str(tmp_path / "b"), "--review", str(review), *ONE]) == 0
    for name in sorted(CHART_FILES):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_charts_only_read_the_review_store_or_an_older_json_review(export, review, tmp_path, capsys):
    before = review.read_bytes()
    old = tmp_path / "old" / "metaexposure-review.json"
    Review.open(review).export_json(old)  # the same labels, as an older metaexposure kept them
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "a"), "--review", str(review), *ONE]) == 0
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "b"), "--review", str(old), *ONE]) == 0
    assert capsys.readouterr().err == ""
    assert review.read_bytes() == before
    assert [p.name for p in old.parent.iterdir()] == [old.name]  # read: no store made, nothing imported
    for name in sorted(CHART_FILES):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    with pytest.warns(UserWarning, match="imported"):
        Review.open(old)  # a notebook made the store beside it meanwhile: the command says which file it reads
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "c"), "--review", str(old), *ONE]) == 0
    err = capsys.readouterr().err
    assert err.startswith("metaexposure: note: metaexposure-review.json was given: the review is kept in "
                          "metaexposure-review.sqlite beside it") and err.count("\n") == 1


@pytest.mark.parametrize("make", ["missing", "not_a_zip", "html"])
def test_an_unusable_export_is_a_clear_message_and_exit_2(tmp_path, capsys, make):
    if make == "missing":
        path = tmp_path / "nowhere.zip"
    elif make == "not_a_zip":
        path = tmp_path / "export.zip"
        path.write_text("this is not a zip")
    else:
        path = tmp_path / "facebook-html"
        fbtrees.put(path, "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html",
                    "<html></html>")
        fbtrees.put(path, "index.html", "<html></html>")
    assert cli.main(["charts", str(path), "--out", str(tmp_path / "out"), *ONE]) == 2
    err = capsys.readouterr().err
    assert err.startswith("metaexposure: error: ") and str(path.name) in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_corrupt_review_file_is_exit_2(export, tmp_path, capsys):
    bad = tmp_path / "review.json"
    bad.write_text("{not json")
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "out"), "--review", str(bad), *ONE]) == 2
    assert "review.json" in capsys.readouterr().err


def test_refuses_to_write_into_the_export(export, capsys):
    before = sorted(p for p in export.rglob("*"))
    assert cli.main(["charts", str(export), "--out", str(export / "charts"), *ONE]) == 2
    assert "inside the export" in capsys.readouterr().err
    assert sorted(p for p in export.rglob("*")) == before


def test_usage_errors_exit_2_with_argparse_help(capsys):
    for argv in ([], ["charts"], ["charts", "x.zip"], ["fly"]):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2
    assert "usage: metaexposure" in capsys.readouterr().err


def test_help_names_the_charts_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "charts" in capsys.readouterr().out


def test_runs_as_a_program(export, tmp_path):
    done = subprocess.run([sys.executable, "-m", "metaexposure.cli", "charts", str(export), "--out",
                           str(tmp_path / "out"), *ONE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote 5 charts")
    # python -m metaexposure is the same command (a venv whose scripts are not on PATH).
    done = subprocess.run([sys.executable, "-m", "metaexposure", "charts", str(export), "--out",
                           str(tmp_path / "module"), *ONE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "module" / "albums.csv").read_bytes() == (tmp_path / "out" / "albums.csv").read_bytes()
    done = subprocess.run([sys.executable, "-m", "metaexposure.cli", "charts", str(tmp_path / "nope")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2


def test_charts_on_the_bundled_sample(tmp_path, capsys):
    try:
        paths = me.sample_paths()
    except FileNotFoundError:
        pytest.skip("the bundled sample export is not written yet")
    out = tmp_path / "sample"
    assert cli.main(["charts", *map(str, paths), "--out", str(out), *ONE]) == 0
    # the sample shares things in groups, on Pages and on Threads (issue 15): the where chart comes too
    where = {f"where{suffix}" for suffix in (".svg", "@2x.png", *TEXT)}
    assert {p.name for p in out.iterdir()} == CHART_FILES | where
    index = (out / "index.md").read_text()
    assert index.count("![") == 6 and "Alt text: Area chart: " in index


def test_unknown_counted_as_public_is_the_worst_case(export, tmp_path):
    assert cli.main(["charts", str(export), "--out", str(tmp_path / "worst"), "--unknown", "public", *ONE]) == 0
    audience = pd.read_csv(tmp_path / "worst" / "audience.csv")
    assert set(audience["exposure"]) <= {"public", "not_public"}
    assert (pd.read_csv(tmp_path / "worst" / "albums.csv")["unknown"] == 0).all()
