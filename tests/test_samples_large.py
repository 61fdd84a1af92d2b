"""The large synthetic export generator (issue 8): deterministic, exact counts, parts and zips load alike.

Small sizes only: the 100k-item figures belong to benchmarks/, never to timed tests.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure.samples import _large_write, large
from metaexposure.samples._write import _meta_encode
from metaexposure.samples.large import write_large_export

MEDIA, POSTS = 2_000, 400


def _files(paths: list[Path]) -> dict[str, bytes]:
    """Every member of the given folders and zips, by part name and member name."""
    out = {}
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                out[f"{path.name}/{file.relative_to(path).as_posix()}"] = file.read_bytes()
        else:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    out[f"{path.name}:{info.filename}"] = archive.read(info)
    return out


def _items(paths: list[Path]) -> pd.DataFrame:
    ex = me.load(*paths)
    assert ex.problems.empty, ex.problems.head().to_dict("records")
    return ex.items.sort_values("item_id", ignore_index=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_large_export(tmp_path_factory.mktemp("folder"), media=MEDIA, posts=POSTS)


@pytest.fixture(scope="module")
def folder_items(folder: list[Path]) -> pd.DataFrame:
    return _items(folder)


def test_same_seed_gives_identical_files_and_zips(tmp_path: Path, folder: list[Path]) -> None:
    again = write_large_export(tmp_path / "again", media=MEDIA, posts=POSTS)
    assert [p.name for p in again] == [p.name for p in folder]
    assert _files(again) == _files(folder)
    zips = [write_large_export(tmp_path / f"zip{i}", media=300, posts=50, zipped=True, parts=3) for i in (1, 2)]
    assert [p.read_bytes() for p in zips[0]] == [p.read_bytes() for p in zips[1]]


def test_another_seed_gives_another_export(tmp_path: Path, folder: list[Path]) -> None:
    other = write_large_export(tmp_path, media=MEDIA, posts=POSTS, seed=1)
    assert _files(other) != _files(folder)


def test_counts_requested_are_the_items_loaded(folder_items: pd.DataFrame) -> None:
    assert len(folder_items) == MEDIA + POSTS
    assert (folder_items["kind"] == "post").sum() == POSTS
    kinds = set(folder_items["kind"].astype(str))
    assert {"photo", "video", "story", "reel", "profile_photo", "cover_photo", "post"} <= kinds
    by_platform = folder_items.groupby("platform", observed=True).size()
    assert by_platform["facebook"] == MEDIA * 3 // 5 + POSTS
    assert by_platform["instagram"] == MEDIA - MEDIA * 3 // 5
    assert set(folder_items["status"].astype(str)) >= {"live", "archived", "recently_deleted"}
    assert not folder_items["has_file"].any()  # media files absent by default (FORMATS.md section 7)


def test_album_photos_shared_by_posts_merge_into_one_row(folder: list[Path]) -> None:
    ex = me.load(*folder)
    assert ex.stats["merged"] > 0
    assert ex.stats["seen"] == ex.stats["loaded"] + ex.stats["merged"] + ex.stats["skipped"]
    assert ex.items["uri"].loc[ex.items["uri"] != ""].is_unique


def test_text_is_written_as_meta_does_and_repaired_on_load(folder: list[Path],
                                                            folder_items: pd.DataFrame) -> None:
    posts_file = next(folder[0].rglob("your_posts__check_ins__photos_and_videos_1.json")).read_bytes()
    assert posts_file.isascii() and b"\\u00c3" in posts_file  # UTF-8 bytes as \u00XX escapes
    captions = " ".join(folder_items["caption"])
    assert "café" in captions or "Zürich" in captions
    assert "Ã" not in captions and "Å" not in captions  # nothing left unrepaired
    # A literal backslash before "u00c3" is text, not an escape: it must survive the load as written.
    assert 'path C:\\u00c3\\new "quoted"' in captions


def test_encoding_matches_write_json(tmp_path: Path) -> None:
    record = {"title": "Léto 🎉", "n": 3, "f": 52.1, "nested": {"list": [1, "ř", []], "empty": {}}}
    expected = json.dumps(_meta_encode(record), indent=2, ensure_ascii=True).encode()
    assert _large_write.encode(_large_write.meta(record)) == expected


def test_posts_files_split_at_the_record_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(large, "POSTS_PER_FILE", 100)
    paths = write_large_export(tmp_path, media=200, posts=250, platforms=("facebook",))
    posts_files = sorted(paths[0].rglob("your_posts__check_ins__photos_and_videos_*.json"))
    assert len(posts_files) >= 3
    assert all(len(json.loads(f.read_bytes())) <= 100 for f in posts_files)
    assert len(me.load(*paths).items) == 450


def test_zipped_loads_like_the_folder(tmp_path: Path, folder_items: pd.DataFrame) -> None:
    zips = write_large_export(tmp_path, media=MEDIA, posts=POSTS, zipped=True)
    assert all(p.suffix == ".zip" for p in zips)
    pd.testing.assert_frame_equal(_items(zips), folder_items)


def test_multipart_download_merges_and_resolves_media_across_parts(tmp_path: Path,
                                                                     folder_items: pd.DataFrame) -> None:
    parts = write_large_export(tmp_path, media=MEDIA, posts=POSTS, zipped=True, parts=3, with_media_files=True)
    assert [p.name for p in parts] == ["meta-2026-Apr-06-00-26-54.zip", "meta-2026-Apr-06-00-26-54 2.zip",
                                       "meta-2026-Apr-06-00-26-54 3.zip"]
    roots = [{name.split("/", 1)[0] for name in zipfile.ZipFile(p).namelist()} for p in parts]
    assert all(len(r) == 2 for r in roots) and len(set.union(*roots)) == 6  # a suffix of its own per part
    items = _items(parts)
    media = items["kind"] != "post"
    assert items.loc[media, "has_file"].all() and not items.loc[~media, "has_file"].any()
    pd.testing.assert_frame_equal(items.drop(columns="has_file"), folder_items.drop(columns="has_file"))
    # Media sit in other parts than the JSON that names them.
    names = [set(zipfile.ZipFile(p).namelist()) for p in parts]
    uri = items.loc[items["platform"] == "facebook"].loc[media, "uri"].iloc[0]
    holders = [i for i, n in enumerate(names) if any(name.endswith("/" + uri) for name in n)]
    album_files = [i for i, n in enumerate(names) if any("/posts/album/" in name for name in n)]
    assert holders and set(album_files) - set(holders)


@pytest.mark.parametrize("platforms", [("facebook",), ("instagram",)])
def test_one_platform_gets_every_media_item(tmp_path: Path, platforms: tuple[str, ...]) -> None:
    posts = 7 if "facebook" in platforms else 0
    items = _items(write_large_export(tmp_path, media=120, posts=posts, platforms=platforms))
    assert len(items) == 120 + posts and set(items["platform"].astype(str)) == set(platforms)


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Facebook"):
        write_large_export(tmp_path, media=10, posts=5, platforms=("instagram",))
    with pytest.raises(ValueError, match="platforms"):
        write_large_export(tmp_path, media=10, posts=0, platforms=("myspace",))


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    large.main([str(tmp_path), "--media", "50", "--posts", "10", "--zip", "--parts", "2"])
    printed = capsys.readouterr().out.split("\n")
    paths = [Path(line) for line in printed if line]
    assert len(paths) == 2 and len(me.load(*paths).items) == 60
