"""The bad-input corpus: every way an export arrives broken, each with its expected outcome.

Each case builds its input in tmp_path from small text fixtures (tests/fbtrees.py, the Instagram
tree below, hand-made zips from tests/badzips.py) and expects one of two outcomes:

- a clear ``ExportError``: the message names the input and says what to do; or
- a load that goes on: problem rows naming the bad file, the good items intact, and
  ``seen == loaded + merged + skipped``.

Decision, Facebook and Instagram of "different people": the two platforms have separate user
names, so ``facebook-ava`` and ``instagram-ava.s`` may well be one person. They load together,
each tree keeping its own account name; two accounts on the *same* platform are refused.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import metaexposure as me
from metaexposure.archive import TWO_GIB
from tests import badzips, fbtrees
from tests.fbtrees import T0, photo, post, put
from tests.test_instagram import every_category

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"
IG_WRAPPER = "instagram-ava.s-2024-11-18-AbCdEfGh"
FB = "your_facebook_activity/"
ALBUM = FB + "posts/album/9.json"  # a file era_2024 does not have: its items add to the 14
POSTS = FB + "posts/your_posts__check_ins__photos_and_videos_2.json"
BASE = 14  # items of fbtrees.era_2024
IG_BASE = 4  # items of ig_2025 below


def two_photos(name: str = "Extra", **extra: Any) -> dict:
    """An album of two new photos: loading it adds exactly 2 items."""
    return {"name": name, "photos": [photo(f"{FB}posts/media/Extra_9/{9901 + i}.jpg", T0 + 900 + i, **extra)
                                     for i in range(2)]}


def fb(*files: tuple[str, Any]) -> Callable[[Path], list[Path]]:
    """Build: the 2024 fixture export (14 items) plus ``files`` (export-relative path, content)."""
    def build(tmp: Path) -> list[Path]:
        root = fbtrees.era_2024(tmp / WRAPPER)
        for rel, content in files:
            put(root, rel, content)
        return [root]
    return build


def ig_2025(root: Path) -> Path:
    """A 2025 Instagram export: 4 items, a public account."""
    base = "your_instagram_activity/media/"
    uri = "media/posts/202407/450124567_850539960325047_1014258811537594829_n_{}.jpg"
    put(root, base + "posts_1.json", [
        {"media": [{"uri": uri.format(17926160567808540), "creation_timestamp": T0, "title": ""},
                   {"uri": uri.format(17926160567808541), "creation_timestamp": T0 + 1, "title": ""}],
         "title": "Two photos", "creation_timestamp": T0 + 2},
        {"media": [{"uri": uri.format(17926160567808542), "creation_timestamp": T0 + 3, "title": "One"}]}])
    put(root, base + "stories.json", {"ig_stories": [
        {"uri": "media/stories/202407/1_2_3_n_17926160567808543.jpg", "creation_timestamp": T0 + 4, "title": ""}]})
    put(root, "personal_information/personal_information/personal_information.json",
        {"profile_user": [{"string_map_data": {"Private Account": {"value": "False", "href": "", "timestamp": 0}}}]})
    return root


def ig(*files: tuple[str, Any]) -> Callable[[Path], list[Path]]:
    def build(tmp: Path) -> list[Path]:
        root = ig_2025(tmp / IG_WRAPPER)
        for rel, content in files:
            put(root, rel, content)
        return [root]
    return build


def fb_zip(tmp: Path, *extra: badzips.Raw, prefix: str = WRAPPER + "/", name: str = WRAPPER + ".zip") -> Path:
    folder = tmp / "src" / WRAPPER
    if not folder.exists():
        fbtrees.era_2024(folder)
    return badzips.write_zip(tmp / name, [*badzips.folder_members(folder, prefix), *extra])


def zipped(*extra: badzips.Raw, **kwargs: Any) -> Callable[[Path], list[Path]]:
    return lambda tmp: [fb_zip(tmp, *extra, **kwargs)]


# --- builders for inputs that are more than one export with a file added -----------------------


def empty_zip(tmp: Path) -> list[Path]:
    with zipfile.ZipFile(tmp / "facebook-ava.zip", "w"):
        pass
    return [tmp / "facebook-ava.zip"]


def empty_folder(tmp: Path) -> list[Path]:
    (tmp / WRAPPER).mkdir()
    return [tmp / WRAPPER]


def unrelated_zip(tmp: Path) -> list[Path]:
    return [badzips.write_zip(tmp / "holiday.zip", [badzips.member("IMG_0001.jpg", b"\xff\xd8\xff\xd9"),
                                                     badzips.member("notes/todo.txt", "buy milk")])]


def zip_of_zips(tmp: Path) -> list[Path]:
    part = fb_zip(tmp)
    return [badzips.write_zip(tmp / "all-parts.zip", [badzips.member("meta-2026-Apr-06.zip", part.read_bytes())])]


def truncated_zip(tmp: Path) -> list[Path]:
    data = fb_zip(tmp).read_bytes()
    (tmp / "part.zip").write_bytes(data[: len(data) // 2])
    return [tmp / "part.zip"]


def cut_at_two_gib(tmp: Path) -> list[Path]:
    data = fb_zip(tmp).read_bytes()
    path = tmp / "meta-2026-Apr-06-00-26-54 2.zip"
    with path.open("wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.truncate(TWO_GIB)  # sparse: the download stopped at 2 GiB, no end record
    return [path]


def exactly_two_gib(tmp: Path) -> list[Path]:
    """A valid zip that is exactly 2 GiB: zip readers find the end record and skip the prefix."""
    data = fb_zip(tmp).read_bytes()
    path = tmp / "meta-2026-Apr-06-00-26-54.zip"
    with path.open("wb") as handle:
        handle.truncate(TWO_GIB - len(data))  # sparse prefix: no 2 GiB write
        handle.seek(TWO_GIB - len(data))
        handle.write(data)
    assert path.stat().st_size == TWO_GIB
    return [path]


def encrypted(member_suffix: str) -> Callable[[Path], list[Path]]:
    """Set the ZipCrypto flag bit on one member by hand (zipfile cannot encrypt)."""
    def build(tmp: Path) -> list[Path]:
        path = fb_zip(tmp)
        members = [badzips.member(i.filename, zipfile.ZipFile(path).read(i),
                                  flags=badzips.ENCRYPTED if i.filename.endswith(member_suffix) else 0)
                   for i in zipfile.ZipFile(path).infolist()]
        return [badzips.write_zip(tmp / "locked.zip", members)]
    return build


def damaged_central_directory(tmp: Path) -> list[Path]:
    """A flipped byte in a central directory entry's "version needed" field (found by test_fuzz)."""
    data = bytearray(fb_zip(tmp).read_bytes())
    data[data.find(b"PK\x01\x02") + 6] = 0x54  # "needs zip version 8.4": zipfile raises NotImplementedError
    (tmp / "damaged.zip").write_bytes(bytes(data))
    return [tmp / "damaged.zip"]


def one_json_file(tmp: Path) -> list[Path]:
    put(tmp, "your_posts_1.json", [post(T0, "hello")])
    return [tmp / "your_posts_1.json"]


def html_export(tmp: Path) -> list[Path]:
    root = tmp / WRAPPER
    put(root, FB + "posts/your_posts__check_ins__photos_and_videos_1.html", "<html><body>posts</body></html>")
    put(root, "personal_information/profile_information/profile_information.html", "<html/>")
    put(root, FB + "posts/media/Album_1/1.jpg", b"\xff\xd8\xff\xd9")
    return [root]


def html_export_zip(tmp: Path) -> list[Path]:
    root = html_export(tmp / "src")[0]
    return [badzips.write_zip(tmp / f"{WRAPPER}.zip", badzips.folder_members(root, WRAPPER + "/"))]


def wrapper_date_beyond_2262(tmp: Path) -> list[Path]:
    return [fbtrees.era_2024(tmp / "facebook-ava-7024-11-18-AbCdEfGh")]  # a flipped digit (found by test_fuzz)


def two_accounts(tmp: Path) -> list[Path]:
    return [fbtrees.era_2024(tmp / WRAPPER), fbtrees.era_2019(tmp / "facebook-bob-2024-11-18-ZyXwVuTs")]


def two_accounts_in_one_zip(tmp: Path) -> list[Path]:
    ava = fbtrees.era_2024(tmp / "a" / WRAPPER)
    bob = fbtrees.era_2019(tmp / "b" / "facebook-bob-2024-11-18-ZyXwVuTs")
    return [badzips.write_zip(tmp / "family.zip", [*badzips.folder_members(ava, WRAPPER + "/"),
                                                    *badzips.folder_members(bob, bob.name + "/")])]


def two_instagram_accounts(tmp: Path) -> list[Path]:
    return [ig_2025(tmp / IG_WRAPPER), ig_2025(tmp / "instagram-bob-2024-11-18-ZyXwVuTs")]


def facebook_and_instagram_names_differ(tmp: Path) -> list[Path]:
    # every Instagram category present, so the only thing to say would be the names (nothing: quiet)
    return [fbtrees.era_2024(tmp / WRAPPER), every_category(ig_2025(tmp / IG_WRAPPER))]


def split_parts(same_size: bool, rel: str = FB + "posts/your_posts__check_ins__photos_and_videos_1.json",
                ) -> Callable[[Path], list[Path]]:
    """Two folder parts that both hold ``rel`` (a re-download mixed with the first one)."""
    def build(tmp: Path) -> list[Path]:
        first = fbtrees.era_2024(tmp / "p1" / "facebook-ava-2024-11-18-Aa11Bb22")
        second = tmp / "p2" / "facebook-ava-2024-11-18-Cc33Dd44"
        data = (first / rel).read_bytes()
        put(second, rel, data if same_size else data + b"\n")
        return [first, second]
    return build


def names_rewritten(rewrite: Callable[[str], str]) -> Callable[[Path], list[Path]]:
    """The fixture zip with every member name rewritten (backslashes, a leading slash...)."""
    def build(tmp: Path) -> list[Path]:
        folder = fbtrees.era_2024(tmp / "src" / WRAPPER)
        members = badzips.folder_members(folder, WRAPPER + "/")
        for raw in members:
            raw.name = rewrite(raw.name)
        return [badzips.write_zip(tmp / "export.zip", members)]
    return build


def link(kind: str) -> Callable[[Path], list[Path]]:
    """A folder export with a link to outside it: a file, a folder, or nothing."""
    def build(tmp: Path) -> list[Path]:
        root = fbtrees.era_2024(tmp / WRAPPER)
        outside = tmp / "outside"
        put(outside, "album.json", two_photos("Someone else's"))
        if kind == "file":
            os.symlink(outside / "album.json", root / ALBUM)
        elif kind == "folder":
            os.symlink(outside, root / FB / "posts" / "album" / "more")
        else:
            os.symlink(tmp / "nowhere.json", root / ALBUM)
        return [root]
    return build


def fifo(tmp: Path) -> list[Path]:
    root = fbtrees.era_2024(tmp / WRAPPER)
    os.mkfifo(root / ALBUM)  # reading it would block forever
    return [root]


def non_utf8_file_name(tmp: Path) -> list[Path]:
    root = fbtrees.era_2024(tmp / WRAPPER)
    (root / FB / "posts").joinpath(os.fsdecode(b"caf\xe9.json")).write_text("{}")
    return [root]


def corrupt_member(tmp: Path) -> list[Path]:
    path = fb_zip(tmp, badzips.member(f"{WRAPPER}/{ALBUM}", json.dumps(two_photos())))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(f"{WRAPPER}/{ALBUM}")
    start = info.header_offset + 30 + len(info.filename.encode())
    for offset in range(4, 24):
        data[start + offset] ^= 0x5A  # a damaged download: bytes flipped inside the deflate stream
    path.write_bytes(bytes(data))
    return [path]


def ig_html_export(tmp: Path) -> list[Path]:
    put(tmp / IG_WRAPPER, "your_instagram_activity/media/posts_1.html", "<html/>")
    return [tmp / IG_WRAPPER]


def duplicate_names_in_one_zip(tmp: Path) -> list[Path]:
    rel = f"{WRAPPER}/{ALBUM}"
    return [fb_zip(tmp, badzips.member(rel, json.dumps(two_photos("First"))),
                   badzips.member(rel, json.dumps(two_photos("Second"))))]


# --- checks beyond problems and counts ---------------------------------------------------------


def no_coordinates_on_extra(ex: me.Export) -> None:
    extra = ex.items[ex.items.album == "Extra"]
    assert len(extra) == 2 and extra.latitude.isna().all()


def extra_created_is_nat(ex: me.Export) -> None:
    extra = ex.items[ex.items.album == "Extra"]
    assert len(extra) == 2 and extra.created.isna().all()


def replacement_character_in_album(ex: me.Export) -> None:
    assert "\ufffd" in "".join(ex.items.album) and ex.items.item_id.map(lambda s: s.encode("utf-8")).all()


def nothing_outside_is_read(ex: me.Export) -> None:
    assert not (ex.items.album == "Someone else's").any()


def outside_uris_resolve_to_nothing(ex: me.Export) -> None:
    outside = ex.items[ex.items.uri.str.contains("etc/")]
    assert len(outside) == 2 and not outside.has_file.any()
    assert all(ex.media_bytes(uri) is None for uri in outside.uri)


def missing_media_is_normal(ex: me.Export) -> None:
    assert ex.items.has_file.sum() == 3 and (~ex.items.has_file).sum() == BASE - 3


def media_still_found(ex: me.Export) -> None:
    assert ex.items.has_file.sum() == 3


def both_platforms_each_with_its_account(ex: me.Export) -> None:
    assert ex.trees["facebook"].account == "ava" and ex.trees["instagram"].account == "ava.s"
    assert set(ex.items.platform) == {"facebook", "instagram"}


def export_date_unknown(ex: me.Export) -> None:
    export = ex.account[ex.account.fact == "export"]
    assert export.basis.str.startswith("export date unknown").all()


def second_zip_member_wins(ex: me.Export) -> None:
    assert (ex.items.album == "Second").sum() == 2  # zipfile reads the last of two same-named members


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[Path]]
    error: str = ""  # ExportError: a pattern for its message, which must also name the input
    problems: tuple[str, ...] = ()  # patterns, each matching one "file | item | reason" row
    items: int | None = None
    check: Callable[[me.Export], None] | None = None
    quiet: str = ""  # a pattern no problem row may match: the input is odd but fine


def album_with(**fields: Any) -> str:
    return json.dumps({"name": "Extra", "photos": [photo(f"{FB}posts/media/Extra_9/9901.jpg", T0, **fields),
                                                   photo(f"{FB}posts/media/Extra_9/9902.jpg", T0)]})


def exif(**fields: Any) -> dict:
    return {"media_metadata": {"photo_metadata": {"exif_data": [fields]}}}


# JSON has no NaN or Infinity, but Python's json writes them and the stdlib parser reads them.
NAN_ALBUM = (f'{{"name": "Extra", "photos": [{{"uri": "{FB}posts/media/Extra_9/9901.jpg", "creation_timestamp": NaN,'
             ' "media_metadata": {"photo_metadata": {"exif_data": [{"latitude": Infinity, "longitude": -Infinity}]}}},'
             f' {{"uri": "{FB}posts/media/Extra_9/9902.jpg", "creation_timestamp": {T0}}}]}}')


CASES = [
    # Inputs unusable as a whole: ExportError naming the input and saying what to do.
    Case("empty zip", empty_zip, error=r"is empty; pass the zip Meta sent"),
    Case("empty folder", empty_folder, error=r"is empty; pass the zip Meta sent or the folder"),
    Case("zip of unrelated files", unrelated_zip, error=r"not a Facebook or Instagram export"),
    Case("zip of the export's zips", zip_of_zips, error=r"holds zip files.*pass those zips themselves"),
    Case("truncated zip", truncated_zip, error=r"not a zip file or a folder \(damaged or incomplete download"),
    Case("zip with a damaged central directory", damaged_central_directory,
         error=r"damaged\.zip: cannot be opened as a zip \(zip file version 8\.4\); download it again"),
    Case("zip cut off at exactly 2 GiB", cut_at_two_gib, error=r"exactly 2 GiB.*download this part again"),
    Case("encrypted zip (ZipCrypto flag)", encrypted("_1.json"), error=r"password-protected.*download it again"),
    Case("encrypted media member only", encrypted("5001.jpg"), error=r"password-protected.*download it again"),
    Case("one JSON file instead of the export", one_json_file, error=r"not one file from it"),
    Case("path that does not exist", lambda tmp: [tmp / "facebook-ava.zip"], error=r"does not exist; check"),
    Case("HTML export (folder)", html_export, error=r"HTML format.*Format: JSON"),
    Case("HTML export (zip)", html_export_zip, error=r"HTML format.*Format: JSON"),
    Case("second Facebook account mixed in", two_accounts, error=r"'bob'.*'ava'.*load each account separately"),
    Case("two accounts in one zip", two_accounts_in_one_zip, error=r"load each account separately"),
    Case("second Instagram account mixed in", two_instagram_accounts, error=r"load each account separately"),
    # Bad files inside a usable export: problem rows, the good items intact.
    Case("mixed HTML and JSON parts", fb((ALBUM.replace(".json", ".html"), "<html/>")),
         problems=(r"album/9\.html \|  \| is in HTML format.*Format: JSON",), items=BASE),
    Case("invalid JSON", fb((ALBUM, '{"name": "Broken", "photos": [')),
         problems=(r"album/9\.json \|  \| is not valid JSON",), items=BASE),
    Case("[object Object] file", fb((FB + "stories/archived_stories.json", "[object Object]")),
         problems=(r"archived_stories\.json \|  \| is not valid JSON \(Meta wrote '\[object Object\]'",),
         items=BASE - 1),
    Case("empty file", fb((ALBUM, b"")), problems=(r"album/9\.json \|  \| is not valid JSON",), items=BASE),
    Case("JSON null file", fb((ALBUM, "null")), problems=(r"album/9\.json \|  \| holds only 'null'",), items=BASE),
    Case("UTF-8 BOM", fb((ALBUM, b"\xef\xbb\xbf" + json.dumps(two_photos()).encode())), items=BASE + 2,
         quiet="album/9"),
    Case("UTF-16 file (Notepad 'Unicode')", fb((ALBUM, json.dumps(two_photos("Caf\u00e9")).encode("utf-16"))),
         items=BASE + 2, quiet="album/9"),
    Case("non-UTF-8 bytes", fb((ALBUM, json.dumps(two_photos("Caf\u00e9"), ensure_ascii=False).encode("latin-1"))),
         problems=(r"album/9\.json \|  \| is not valid UTF-8; undecodable bytes were replaced",), items=BASE + 2,
         check=replacement_character_in_album),
    Case("unpaired surrogate escape", fb((ALBUM, json.dumps(two_photos()).replace('"Extra"', '"Ex\\ud800tra"'))),
         problems=(r"album/9\.json \|  \| has 1 broken \\u escape",), items=BASE + 2,
         check=replacement_character_in_album),
    Case("NaN and Infinity literals", fb((ALBUM, NAN_ALBUM)),
         problems=(r"photos\[0\] \| creation_timestamp: timestamp is not a number",), items=BASE + 2),
    Case("int beyond 64 bits as timestamp", fb((ALBUM, two_photos(creation_timestamp=10**30))),
         problems=(r"photos\[0\] \| creation_timestamp: timestamp 1000000000000000019884624838656 is in the future",),
         items=BASE + 2, check=extra_created_is_nat),
    Case("int beyond float range as latitude", fb((ALBUM, two_photos(**exif(latitude=10**400, longitude=1)))),
         items=BASE + 2, check=no_coordinates_on_extra),
    Case("negative timestamp", fb((ALBUM, two_photos(creation_timestamp=-86400))),
         problems=(r"timestamp -86400 is before 2004",), items=BASE + 2, check=extra_created_is_nat),
    Case("zero timestamp", fb((ALBUM, two_photos(creation_timestamp=0))),
         problems=(r"timestamp is 0 \(Meta's placeholder",), items=BASE + 2, check=extra_created_is_nat),
    Case("far-future timestamp (year 3000)", fb((ALBUM, two_photos(creation_timestamp=32503680000))),
         problems=(r"timestamp 32503680000 is in the future",), items=BASE + 2, check=extra_created_is_nat),
    Case("timestamp of the wrong type", fb((ALBUM, {"name": "Extra", "photos": [
        photo(f"{FB}posts/media/Extra_9/9901.jpg", {"seconds": 1}),
        photo(f"{FB}posts/media/Extra_9/9902.jpg", "yesterday")]})),
         problems=(r"photos\[0\] \| creation_timestamp: timestamp is not a number: \{'seconds'",
                   r"photos\[1\] \| creation_timestamp: timestamp is not a number: 'yesterday'"), items=BASE + 2),
    Case("wrong shape: file (an object of unknown keys)", fb((POSTS, {"unexpected": [post(T0, "x")]})),
         problems=(r"_2\.json \|  \| has none of the expected records",), items=BASE),
    Case("wrong shape: file (a bare number)", fb((POSTS, "42")),
         problems=(r"_2\.json \|  \| has none of the expected records",), items=BASE),
    Case("wrong shape: album file is a list", fb((ALBUM, [two_photos()])),
         problems=(r"album/9\.json \|  \| album file holds a list",), items=BASE),
    Case("wrong shape: record list is an object", fb((ALBUM, {"name": "Extra", "photos": {"0": {}}})),
         problems=(r"album/9\.json \| photos \| 'photos' is a dict, not a list",), items=BASE),
    Case("wrong shape: records are not objects", fb((POSTS, ["text", 5, None, [1], post(T0 + 7, "kept")])),
         problems=(r"\[0\] \| post is a str, not an object; skipped", r"\[1\] \| post is a int",
                   r"\[2\] \| post is a NoneType", r"\[3\] \| post is a list"), items=BASE + 1),
    Case("wrong shape: record fields", fb((POSTS, [{"timestamp": T0 + 8, "data": 5, "tags": {"a": 1},
                                                     "title": ["x"], "attachments": None}])), items=BASE + 1),
    Case("wrong shape: attachments", fb((POSTS, [
        {"timestamp": T0 + 8, "attachments": {"data": [{"media": photo("x/9911.jpg", T0)}]}},
        {"timestamp": T0 + 9, "attachments": ["a string", {"data": {"media": {}}}]}])),
         problems=(r"\[0\] \| 'attachments' is a dict, not a list", r"\[1\]\.attachments\[0\] \| attachment is not",
                   r"\[1\]\.attachments\[1\] \| attachment is not"), items=BASE + 2),
    Case("wrong shape: media", fb((POSTS, [
        post(T0 + 8, "wrapped", media=[[photo("x/9912.jpg", T0)]]), post(T0 + 9, "text", media=["x/9913.jpg"]),
        {"attachments": [{"data": [{"media": {"title": "no uri, no time"}}]}]},
        post(T0 + 10, "good", media=[photo(f"{FB}posts/media/Extra_9/9914.jpg", T0)])])),
         problems=(r"\[0\]\.media\[0\] \| media entry is a list, not an object; skipped",
                   r"\[1\]\.media\[0\] \| media entry is a str", r"\[2\]\.media\[0\] \| media entry has neither uri"),
         items=BASE + 1),
    Case("wrong shape: media metadata", fb((ALBUM, album_with(media_metadata=[{"photo_metadata": {}}]))),
         items=BASE + 2),
    Case("wrong shape: photo metadata", fb((ALBUM, album_with(media_metadata={"photo_metadata": "none"}))),
         items=BASE + 2),
    Case("wrong shape: EXIF", fb((ALBUM, {"name": "Extra", "photos": [
        photo(f"{FB}posts/media/Extra_9/9901.jpg", T0, media_metadata={"photo_metadata": {"exif_data": {"a": 1}}}),
        photo(f"{FB}posts/media/Extra_9/9902.jpg", T0, **exif(taken_timestamp="noon", latitude="north"))]})),
         problems=(r"photos\[1\] \| taken_timestamp: timestamp is not a number: 'noon'",), items=BASE + 2,
         check=no_coordinates_on_extra),
    Case("wrong shape: label_values records", fb((FB + "posts/trash.json", [
        {"timestamp": T0 + 1, "label_values": 5, "media": 7, "fbid": {"x": 1}},
        {"timestamp": T0 + 2, "label_values": [{"label": "Message", "value": "kept"}], "media": ["x", 3]}])),
         problems=(r"\[1\]\.media\[0\] \| media entry is a str", r"\[1\]\.media\[1\] \| media entry is a int"),
         items=BASE + 1),
    Case("JSON nested 600 levels deep", fb(("preferences/preferences/privacy_settings.json",
                                            '{"a": [' * 600 + "1" + "]}" * 600)),
         problems=(r"privacy_settings\.json \|  \| is nested too deeply to read",), items=BASE),
    Case("missing media files", fb(), items=BASE, check=missing_media_is_normal, quiet="."),
    Case("media uris pointing outside the export", fb((POSTS, [
        post(T0 + 8, "up", media=[photo("../../../etc/passwd", T0)]),
        post(T0 + 9, "root", media=[photo("/etc/hostname", T0)])])), items=BASE + 2,
         check=outside_uris_resolve_to_nothing),
    Case("duplicate members across parts, same size", split_parts(same_size=True), items=BASE,
         check=media_still_found, quiet="."),
    Case("duplicate members across parts, different sizes", split_parts(same_size=False),
         problems=(r"_1\.json \|  \| is in two parts with different sizes .* the first \(facebook-ava",), items=BASE),
    # Folder media files are measured only when needed (archive._list_folder): still compared.
    Case("duplicate media file across folder parts, different sizes",
         split_parts(same_size=False, rel=FB + "posts/media/Lisbon2012_1001/5001.jpg"),
         problems=(r"5001\.jpg \|  \| is in two parts with different sizes \(4 and 5 bytes\)",), items=BASE,
         check=media_still_found),
    Case("part of exactly 2 GiB (valid zip)", exactly_two_gib,
         problems=(r"meta-2026-Apr-06-00-26-54\.zip \|  \| is exactly 2 GiB",), items=BASE, check=media_still_found),
    Case("Windows backslash member names", names_rewritten(lambda n: n.replace("/", "\\")), items=BASE,
         check=media_still_found, quiet="."),
    # Never extracted, so a leading slash cannot write anywhere: read as export-relative.
    Case("absolute member names", names_rewritten(lambda n: "/" + n), items=BASE, check=media_still_found,
         quiet="."),
    Case("'..' member names", zipped(badzips.member(f"{WRAPPER}/../{ALBUM}", json.dumps(two_photos())),
                                     badzips.member(f"../../{ALBUM}", json.dumps(two_photos()))),
         problems=(r"\.\./\.\./your_facebook_activity/posts/album/9\.json \|  \| has '\.\.' in its name; skipped",
                   r"AbCdEfGh/\.\./your_facebook_activity/posts/album/9\.json \|  \| has '\.\.'"), items=BASE),
    Case("symlinked file pointing outside (folder export)", link("file"),
         problems=(r"album/9\.json \|  \| is a link pointing outside the export; not followed",), items=BASE,
         check=nothing_outside_is_read),
    Case("symlinked folder pointing outside", link("folder"),
         problems=(r"album/more \|  \| is a link pointing outside the export; not followed",), items=BASE,
         check=nothing_outside_is_read),
    Case("broken symlink", link("broken"), problems=(r"album/9\.json \|  \| is a broken link; skipped",), items=BASE),
    Case("named pipe in a folder export", fifo, problems=(r"album/9\.json \|  \| is not a regular file",), items=BASE),
    Case("file name that is not UTF-8", non_utf8_file_name, items=BASE, quiet="."),
    Case("corrupt deflate data in a member", corrupt_member,
         problems=(r"album/9\.json \|  \| cannot be read from the zip .*download this part again",), items=BASE),
    Case("CRC mismatch", zipped(badzips.member(f"{WRAPPER}/{ALBUM}", json.dumps(two_photos()), crc=1)),
         problems=(r"album/9\.json \|  \| cannot be read from the zip \(Bad CRC-32",), items=BASE),
    Case("Deflate64 member", zipped(badzips.member(f"{WRAPPER}/{ALBUM}", json.dumps(two_photos()),
                                                   method=badzips.DEFLATE64)),
         problems=(r"album/9\.json \|  \| uses a zip compression method this kit cannot read.*unzip",), items=BASE),
    Case("wrapper folder dated 7024", wrapper_date_beyond_2262, items=BASE, check=export_date_unknown),
    Case("zip entry without a name", zipped(badzips.member("", "x")),
         problems=(r"\.zip \|  \| holds an entry without a name",), items=BASE),
    Case("same member name twice in one zip", duplicate_names_in_one_zip, items=BASE + 2,
         problems=(r"\.zip:your_facebook_activity/posts/album/9\.json \|  \| is in this input twice, as '.*9\.json' "
                   r"and '.*9\.json', of 251 and 252 bytes; the second was used",), check=second_zip_member_wins),
    Case("Facebook and Instagram of different user names", facebook_and_instagram_names_differ,
         items=BASE + IG_BASE, check=both_platforms_each_with_its_account, quiet="."),
    # Instagram.
    Case("Instagram HTML export", ig_html_export, error=r"HTML format.*Instagram's Accounts Center.*Format: JSON"),
    Case("Instagram posts file holding one object", ig(("your_instagram_activity/media/posts_2.json",
                                                        {"media": [{"uri": "media/posts/1_n_17926160567808549.jpg",
                                                                    "creation_timestamp": T0, "title": "x"}]})),
         problems=(r"posts_2\.json \|  \| holds one record object instead of a list",), items=IG_BASE + 1),
    Case("Instagram stories of the wrong type", ig(("your_instagram_activity/media/stories.json",
                                                    {"ig_stories": "none"})),
         problems=(r"stories\.json \| ig_stories \| 'ig_stories' is a str, not a list; file skipped",),
         items=IG_BASE - 1),
    Case("Instagram media that are not objects", ig(("your_instagram_activity/media/posts_2.json",
                                                     [{"media": ["x", None, 3]}, 7])),
         problems=(r"\[0\]\.media\[0\] \| media entry is a str", r"\[1\] \| media entry is a int"),
         items=IG_BASE),
    Case("Instagram invalid JSON and null", ig(("your_instagram_activity/media/reels.json", "{"),
                                               ("your_instagram_activity/media/archived_posts.json", "null")),
         problems=(r"reels\.json \|  \| is not valid JSON", r"archived_posts\.json \|  \| holds only 'null'"),
         items=IG_BASE),
    Case("Instagram account state of the wrong shape", ig((
        "personal_information/personal_information/personal_information.json", {"profile_user": "private"})),
         problems=(r"personal_information\.json",), items=IG_BASE),
    Case("Instagram 2020 media.json with bad values", ig(("media.json", {"photos": [
        {"path": "photos/201901/a.jpg", "taken_at": "not a time"}, "x"], "videos": 5}),),
         problems=(r"photos\[0\] \| taken_at: not an ISO timestamp", r"photos\[1\] \| entry is a str",
                   r"videos \| 'videos' is a int, not a list"), items=IG_BASE + 1),
    Case("Instagram JSON nested 600 levels deep", ig(("your_instagram_activity/media/posts_2.json",
                                                      "[" * 600 + "]" * 600)), items=IG_BASE),
]


def test_the_corpus_has_at_least_40_cases():
    assert len(CASES) >= 40 and len({case.name for case in CASES}) == len(CASES)


def rows(ex: me.Export) -> list[str]:
    return list(ex.problems.file + " | " + ex.problems.item + " | " + ex.problems.reason)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    paths = case.build(tmp_path)
    if case.error:
        with pytest.raises(me.ExportError) as info:
            me.load(*paths)
        message = str(info.value)
        assert re.search(case.error, message), message
        assert any(path.name in message for path in paths), f"the message names no input: {message}"
        return
    ex = me.load(*paths)
    found = rows(ex)
    for pattern in case.problems:
        assert any(re.search(pattern, row) for row in found), f"no problem row matches {pattern!r}: {found}"
    assert not any("please report this bug" in row for row in found), found
    stats = ex.stats
    assert stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"], stats
    if case.items is not None:
        assert len(ex.items) == case.items, (len(ex.items), found)
    if case.quiet:
        assert not any(re.search(case.quiet, row) for row in found), found
    if case.check is not None:
        case.check(ex)
