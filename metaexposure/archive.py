"""Open zips and folders as one virtual tree per export, never extracting and never writing.

Paths inside a tree are export-relative: the ``facebook-<user>-<date>-<suffix>/`` wrapper is
stripped, so a parser sees ``your_facebook_activity/posts/album/1.json`` whichever part,
zip or folder it came from.
"""

from __future__ import annotations

import logging
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import ExportError, Problems
from .folders import list_folder as _list_folder
from .jsonfile import parse_json, too_dense
from .text import timestamp

log = logging.getLogger(__name__)

PLATFORMS = ("facebook", "instagram")

# Wrapper folders: facebook-<user|id>-<date>-<8 chars>; the date has been seen as 2024-11-18
# and as 12-4-2025 (2025 exports), so only the platform prefix and the final suffix are relied on.
_WRAPPER = re.compile(r"^(facebook|instagram)-(.+?)(?:-(\d{1,4}-\d{1,2}-\d{1,4}))?(?:-([A-Za-z0-9]{6,12}))?$")
_WRAPPER_HEADS = ("facebook-", "instagram-")

# Sizes: the largest JSON member seen in a real 20-year export is ~40 MB. Anything far beyond
# is refused rather than read into memory (zip bombs, corrupt size fields). Real JSON members
# deflate 6-19x (the samples, the reference exports, a 100k-item synthetic export); deflate's
# limit is ~1030x, reached only by repetitive filler. The ratio cap applies above 16 MiB, so
# peak memory stays near MAX_JSON_BYTES whatever a zip claims.
MAX_JSON_BYTES = 256 * 1024**2
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_ABOVE = 16 * 1024**2
TWO_GIB = 2 * 1024**3

# Prefixes that mark a platform. Paths are checked after wrapper stripping; .html is read as
# .json so that an HTML export is recognised (and then refused with advice).
_FACEBOOK_MARKERS = (
    "your_facebook_activity/", "your_activity_across_facebook/",
    "this_profile's_activity_across_facebook/", "posts/your_posts", "posts/album/",
    "photos_and_videos/", "photos/photos.json", "videos/videos.json", "stories/archived_stories",
    "profile_information/", "personal_information/profile_information/", "preferences/",
    "about_you/", "friends_and_followers/", "posts/your_videos", "posts/your_uncategorized_photos",
)
_INSTAGRAM_MARKERS = (
    "your_instagram_activity/", "media.json", "content/posts_", "content/stories",
    "content/profile_photos", "account_information/", "personal_information/personal_information",
    "followers_and_following/", "connections/followers_and_following/", "likes/liked_posts",
    "comments/post_comments", "login_and_account_creation/", "information_about_you/",
    "content/",  # 2021-22 reels.json, archived_posts.json, ...: not only posts_/stories/profile_photos
)
# 2024 exports seen with everything nested again under this folder: strip it when an era
# folder follows (the legitimate profile_information/*.json files stay where they are).
_NESTED_PREFIX = "personal_information/profile_information/"
_ERA_FOLDERS = ("your_facebook_activity/", "your_activity_across_facebook/",
                "this_profile's_activity_across_facebook/")


def normalize(name: str) -> str:
    """An export-relative member name: forward slashes, no empty or '.' steps (so no leading ./ or /),
    no nested prefix."""
    if "\\" not in name and not name.startswith(("/", "./", _NESTED_PREFIX)):
        return name  # already normal: the case of nearly every uri, and this runs for each item
    name = _steps(name.replace("\\", "/"))
    if name.startswith(_NESTED_PREFIX) and name[len(_NESTED_PREFIX):].startswith(_ERA_FOLDERS):
        name = name[len(_NESTED_PREFIX):]
    return name


def _steps(name: str) -> str:
    """``name`` without empty and '.' steps: a/./b.json and a//b.json name the file a/b.json (issue 14).
    Not in normalize's fast path, which runs for every item: member names and ``resolve`` use it."""
    return "/".join(step for step in name.split("/") if step not in ("", "."))


def _odd_steps(name: str) -> bool:
    return "/." in name or "//" in name or name.startswith(("/", "."))


@dataclass
class Source:
    """One input: a zip file or a folder."""

    path: Path
    is_zip: bool
    _zip: zipfile.ZipFile | None = None

    def zipfile(self) -> zipfile.ZipFile:
        if self._zip is None:
            try:
                self._zip = zipfile.ZipFile(self.path)
            # A damaged central directory also raises NotImplementedError ("zip file version 8.4")
            # and UnicodeDecodeError (a name flagged UTF-8 that is not): the zip is unusable all the same.
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise ExportError(self.path, f"cannot be opened as a zip ({exc}); download it again") from exc
        return self._zip

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


@dataclass(slots=True)
class Member:
    source: Source
    name: str  # name inside the zip, or path relative to the folder
    size: int | None  # None: a folder's media file not measured yet (measured() does it)
    compressed: int | None


@dataclass
class Tree:
    """One export of one account on one platform, merged over all its parts."""

    platform: str
    account: str = ""
    members: dict[str, Member] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # the zips and folders the parts are in
    exported: int | None = None  # export date from the wrapper folder name, when it has one
    # Set while a load parses big files in worker processes (parallel.py): rel -> (rows, records seen) from
    # a worker, or None when this process is to read the file itself. typed.read asks it first.
    parsed_elsewhere: Callable[[str], tuple[list, int] | None] | None = field(default=None, repr=False)

    def paths(self) -> list[str]:
        return sorted(self.members)

    def has(self, uri: str) -> bool:
        """Whether a media ``uri`` from the export names a file present in any part."""
        return self.resolve(uri) is not None

    def has_many(self, uris: Iterable[str]) -> list[bool]:
        """``has`` of each uri. A uri that is already a normal member name and no wrapper path (nearly
        every one) costs one dict lookup instead of a ``resolve`` call: 120k uris in 15 ms, not 50."""
        members, unusual = self.members, ("/", "./", _NESTED_PREFIX, *_WRAPPER_HEADS)
        return [uri in members if not (uri.startswith(unusual) or "\\" in uri or "://" in uri)
                else self.resolve(uri) is not None for uri in uris]

    def resolve(self, uri: str) -> str | None:
        if not uri or "://" in uri:
            return None  # remote URLs (2020 exports, backup_uri) are never fetched
        rel = normalize(_steps(uri) if _odd_steps(uri) else uri)
        if rel in self.members:
            return rel
        head, _, rest = rel.partition("/")
        # The prefix test spares a regex per item when media files are absent (the usual case).
        if head.startswith(_WRAPPER_HEADS) and _WRAPPER.match(head) and rest and normalize(rest) in self.members:
            return normalize(rest)
        return None

    def label(self, rel: str) -> str:
        """How a member is named in messages: its part when there are several."""
        member = self.members.get(rel)
        if member is None or len(self.parts) < 2:
            return rel
        return f"{member.source.path.name}:{rel}"

    def read_bytes(self, rel: str) -> bytes:
        # One refused file is a problem row (_Unreadable), not a failed load (DESIGN section 4).
        member = self.members[rel]
        if (measured(member) or 0) > MAX_JSON_BYTES:
            raise _Unreadable(f"is {member.size:,} bytes, more than this kit reads ({MAX_JSON_BYTES:,}): "
                              "the file is damaged or not from Meta; it was not read")
        if member.source.is_zip:
            if member.size > _RATIO_CHECKED_ABOVE and member.size > MAX_COMPRESSION_RATIO * member.compressed:
                raise _Unreadable(f"would inflate from {member.compressed:,} to {member.size:,} bytes, a "
                                  "compression ratio no real export has (a zip bomb?); it was not read")
            try:
                with member.source.zipfile().open(member.name) as handle:
                    # The declared size bounds zlib's output buffer: a member that lies about its
                    # size (64 KiB declared, 600 MiB of data) is cut there, not inflated.
                    data = handle.read(member.size + 1)
            except NotImplementedError as exc:  # a RuntimeError too: must come first (e.g. Deflate64)
                raise _Unreadable(f"uses a zip compression method this kit cannot read ({exc}): unzip the "
                                  "export with your system's tool and pass the folder") from exc
            except RuntimeError as exc:  # encrypted member
                raise ExportError(member.source.path, f"{rel} is password-protected ({exc}); Meta's "
                                  "downloads are not: download the export again") from exc
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                raise _Unreadable(f"cannot be read from the zip ({exc}): the download is damaged, "
                                  "download this part again") from exc
            if len(data) > MAX_JSON_BYTES:
                raise _Unreadable("inflates beyond its declared size; it was not read")
            return data
        try:
            return (member.source.path / member.name).read_bytes()
        except OSError as exc:
            raise _Unreadable(f"cannot be read ({exc.strerror or exc})") from exc

    def read_raw(self, rel: str, problems: Problems) -> bytes | None:
        """The bytes of one JSON member; a member refused (too big, a record bomb) or unreadable adds a
        problem and gives None."""
        try:
            data = self.read_bytes(rel)
        except _Unreadable as exc:
            problems.add(self.label(rel), "", str(exc))
            return None
        return None if too_dense(data, self.label(rel), problems) else data

    def read_json(self, rel: str, problems: Problems) -> Any:
        """Parse one JSON member; on failure add a problem and return None."""
        data = self.read_raw(rel, problems)
        return None if data is None else parse_json(data, self.label(rel), problems)

    def close(self) -> None:
        """Close the zips (each once, not once per member: 100k media files make 100k members)."""
        for source in self.sources:
            source.close()


class _Unreadable(Exception):
    """A member that could not be read: a problem row, not a failed load."""


def measured(member: Member) -> int | None:
    """A member's size in bytes, measured now for a folder's media file (None if it cannot be)."""
    if member.size is None:
        try:
            member.size = member.compressed = os.stat(member.source.path / member.name).st_size
        except OSError:
            return None
    return member.size


def _list_zip(source: Source, problems: Problems) -> Iterable[tuple[str, int, int]]:
    archive = source.zipfile()
    for info in archive.infolist():
        if not info.filename:  # a damaged entry: ZipInfo.is_dir() would raise IndexError on it
            problems.add(source.path.name, "", "holds an entry without a name (a damaged zip?); skipped")
            continue
        if info.is_dir():
            continue
        yield info.filename, info.file_size, info.compress_size


@dataclass
class _Root:
    source: Source
    prefix: str  # inner prefix to strip, with trailing slash, or ''
    platform_hint: str | None
    account: str
    exported: int | None = None
    members: dict[str, Member] = field(default_factory=dict)


def _wrapper(name: str) -> tuple[str, str, int | None] | None:
    """(platform, account, export date) from a wrapper folder or zip name."""
    match = _WRAPPER.match(name)
    if not match or not (match.group(3) or match.group(4)):
        return None
    return match.group(1), match.group(2), _export_date(match.group(3))


def _export_date(value: str | None) -> int | None:
    """Unix seconds of a wrapper date: 2024-11-18 (to 2024) or 12-4-2025 (US order, 2025 exports)."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts if len(str(parts[0])) == 4 and parts[0] > 31 else [parts[2], parts[0], parts[1]])
    try:
        seconds = int(datetime(year, month, day, tzinfo=timezone.utc).timestamp())
    except ValueError:
        return None
    return timestamp(seconds)[0]  # no export is from before 2004 or after today (a folder named 7024-11-18)


def _split_roots(source: Source, entries: list[tuple[str, int | None, int | None]], problems: Problems) -> list[_Root]:
    """Find the export roots in one input: wrapper folders, or the input itself."""
    own = _wrapper(source.path.stem if source.is_zip else source.path.name)
    roots: dict[str, _Root] = {}
    names = [_steps(n) if "/." in n or "//" in n or n.startswith(("/", ".")) else n  # inline: 100k media files
             for n in (e[0].replace("\\", "/") for e in entries)]
    tops = {n.split("/", 1)[0] for n in names}
    single_top = next(iter(tops)) if len(tops) == 1 else None
    # One plain folder around the whole tree (a re-zipped "My export/") is stripped, decided once
    # for the input: a per-file choice split a 2021 Instagram export whose one top folder is content/.
    if single_top is not None and (_wrapper(single_top) or any(looks_like_export_path(n) for n in names)):
        single_top = None
    # Every media file passes here (100k in a big export): the '..' test is a string test and
    # each top folder's wrapper name is parsed once, not once per file.
    wrappers: dict[str, tuple[str, str, int | None] | None] = {}
    for name, (raw, size, compressed) in zip(names, entries, strict=True):
        if ".." in name and ".." in name.split("/"):
            problems.add(f"{source.path.name}:{raw}", "", "has '..' in its name; skipped")
            continue
        head, _, rest = name.partition("/")
        if rest and head not in wrappers:
            wrappers[head] = _wrapper(head)
        wrapped = wrappers[head] if rest else None
        if wrapped:
            key = head
            if key not in roots:
                roots[key] = _Root(source, head + "/", *wrapped)
        elif rest and head == single_top:
            key = head
            if key not in roots:
                roots[key] = _Root(source, head + "/", *(own or (None, "", None)))
        else:
            key = ""
            if key not in roots:
                roots[key] = _Root(source, "", *(own or (None, "", None)))
        root = roots[key]
        rel = normalize(name[len(root.prefix):])
        if rel:
            member = Member(source, raw, size, compressed)
            first = root.members.setdefault(rel, member)
            if first is not member:
                _same_name(source, rel, first, member, problems)
                root.members[rel] = member
    for root in roots.values():
        _unwrap(root)
    return list(roots.values())


def _same_name(source: Source, rel: str, first: Member, second: Member, problems: Problems) -> None:
    """Two entries of one input that name one file (the same name twice, or a/./b.json and a\\b.json):
    the second is used, as zipfile reads the last of two equal names; a row names both (issue 14)."""
    if first.size is None or second.size is None:  # a folder's media files are not measured yet
        sizes = ""
    elif first.size == second.size:
        sizes = f", both {first.size:,} bytes"
    else:
        sizes = f", of {first.size:,} and {second.size:,} bytes"
    problems.add(f"{source.path.name}:{rel}", "", f"is in this input twice, as {first.name!r} and "
                 f"{second.name!r}{sizes}; the second was used")


def _unwrap(root: _Root) -> None:
    """Strip a wrapper folder repeated inside the root's own: re-zipping the folder Windows' "Extract
    All" makes of an export gives facebook-ava-.../facebook-ava-.../your_facebook_activity/..., which
    loaded nothing (issue 14). Only a wrapper of the same platform and account, holding every file."""
    while root.members:
        head, slash, _ = next(iter(root.members)).partition("/")
        wrapped = _wrapper(head) if slash else None
        if wrapped is None or (root.platform_hint or wrapped[0]) != wrapped[0] or (
                root.account or wrapped[1]) != wrapped[1]:
            return
        prefix = head + "/"
        if not all(rel.startswith(prefix) for rel in root.members):
            return
        root.members = {normalize(rel[len(prefix):]): member for rel, member in root.members.items()}
        root.prefix += prefix
        root.platform_hint, root.account = wrapped[0], wrapped[1]
        root.exported = root.exported or wrapped[2]


def looks_like_export_path(name: str) -> bool:
    """Whether a path (wrapper stripped) is one where a Facebook or Instagram export keeps files."""
    probe = name[:-5] + ".json" if name.endswith(".html") else name
    return probe.startswith(_FACEBOOK_MARKERS + _INSTAGRAM_MARKERS + ("media/", "photos/", "files/"))


def _detect_platform(root: _Root) -> str | None:
    if root.platform_hint:
        return root.platform_hint
    scores = {"facebook": 0, "instagram": 0}
    for rel in root.members:
        probe = rel[:-5] + ".json" if rel.endswith(".html") else rel
        if probe.startswith(_FACEBOOK_MARKERS):
            scores["facebook"] += 1
        if probe.startswith(_INSTAGRAM_MARKERS):
            scores["instagram"] += 1
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


def _open_source(path: Path) -> Source:
    if not path.exists():
        raise ExportError(path, "does not exist; check the path to your export (a .zip or its unzipped folder)")
    if path.is_dir():
        return Source(path, is_zip=False)
    if not zipfile.is_zipfile(path):
        hint = (" - pass the whole export (the .zip Meta sent, or its unzipped folder), not one file from it"
                if path.suffix.lower() in (".json", ".html") else "")
        if path.stat().st_size == TWO_GIB:
            hint = " - it is exactly 2 GiB, the size at which downloads get cut off: download this part again"
        raise ExportError(path, f"is not a zip file or a folder (damaged or incomplete download?){hint}")
    return Source(path, is_zip=True)


def open_trees(paths: Iterable[str | os.PathLike[str]], problems: Problems) -> list[Tree]:
    """One Tree per (platform, account) over all the given zips and folders.

    Raises ExportError when an input is unusable as a whole.
    """
    roots: list[_Root] = []
    for raw_path in paths:
        path = Path(raw_path).expanduser()
        source = _open_source(path)
        if source.is_zip:
            if path.stat().st_size == TWO_GIB:
                problems.add(path.name, "", "is exactly 2 GiB: downloads cut off at that size, check the part "
                             "downloaded completely")
            entries = list(_list_zip(source, problems))
            if any(info.flag_bits & 0x1 for info in source.zipfile().infolist()):
                raise ExportError(path, "is password-protected; Meta's downloads are not: download it again")
        else:
            entries = [(rel, size, size) for rel, size in _list_folder(path, problems)]
        if not entries:
            raise ExportError(path, "is empty; pass the zip Meta sent or the folder it unzips to")
        found = _split_roots(source, entries, problems)
        for root in found:
            root.platform_hint = _detect_platform(root)
        usable = [r for r in found if r.platform_hint]
        if not usable:
            inner = [e[0] for e in entries if e[0].lower().endswith(".zip")]
            hint = f" - it holds zip files ({inner[0]}, ...): pass those zips themselves" if inner else ""
            raise ExportError(path, "is not a Facebook or Instagram export: none of the files an export has "
                              f"(e.g. your_facebook_activity/ or your_instagram_activity/) is in it{hint}")
        for root in found:
            if not root.platform_hint:
                problems.add(f"{path.name}:{root.prefix or '/'}", "", f"{len(root.members)} file(s) beside the "
                             "export that belong to no Facebook or Instagram export; ignored")
        roots.extend(usable)
    return _merge(roots, problems)


def _merge(roots: list[_Root], problems: Problems) -> list[Tree]:
    trees: dict[str, Tree] = {}
    for root in roots:
        platform = root.platform_hint or ""
        tree = trees.setdefault(platform, Tree(platform))
        if root.account and tree.account and root.account != tree.account:
            raise ExportError(root.source.path, f"holds the {platform} export of '{root.account}', but "
                              f"another input is the export of '{tree.account}'; load each account "
                              "separately")
        tree.account = tree.account or root.account
        if root.exported and (tree.exported is None or root.exported > tree.exported):
            tree.exported = root.exported
        label = root.source.path.name + (f":{root.prefix}" if root.prefix else "")
        tree.parts.append(label)
        if not any(source is root.source for source in tree.sources):
            tree.sources.append(root.source)
        for rel, member in root.members.items():
            existing = tree.members.get(rel)
            if existing is None:
                tree.members[rel] = member
                continue
            first, other = measured(existing), measured(member)
            if first is None:  # the first copy cannot be read (gone, no permission): take this one
                if other is not None:
                    tree.members[rel] = member
            elif other is not None and first != other:
                problems.add(rel, "", f"is in two parts with different sizes ({first:,} and "
                             f"{other:,} bytes); the first ({existing.source.path.name}) was used")
    for tree in trees.values():
        _refuse_html(tree)
    return sorted(trees.values(), key=lambda t: PLATFORMS.index(t.platform))


def _refuse_html(tree: Tree) -> None:
    has_json = any(rel.endswith(".json") for rel in tree.members)
    has_html = any(rel.endswith(".html") for rel in tree.members)
    if has_html and not has_json:
        raise ExportError(tree.parts[0].split(":")[0], "is an export in HTML format, which this kit cannot "
                          f"read. In {tree.platform.capitalize()}'s Accounts Center choose Download your "
                          "information again and set Format: JSON")
