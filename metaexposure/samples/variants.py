"""Copies of a sample export that differ in one way: after a clean-up, or under another privacy law.

write_cleanup_variant deletes some posts, to try ``compare`` on. Only files the parsers read as items
are touched. Deleting a photo deletes the whole post that shares it, and with it that post's other
photos wherever they are listed, as Meta does.

write_jurisdiction_variant changes the privacy jurisdiction of a Facebook export (the bundled one is
the United States), to see the AI-training start and objection rights of the UK or the EU.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import facebook, instagram
from ..archive import normalize
from ._public import jurisdiction_record
from ._write import write_json

JURISDICTION_FILE = "logged_information/location/your_privacy_jurisdiction.json"


def _is_item_file(rel: str) -> bool:
    return facebook.route(rel)[1] is not None or instagram.route(rel)[1] is not None


def _item_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(JSON file, its export root) for every file a parser reads items from."""
    for path in sorted(folder.rglob("*.json")):
        parts = path.relative_to(folder).parts
        for skip in range(len(parts)):  # the wrapper folder(s) above the export root
            if _is_item_file("/".join(parts[skip:])):
                yield path, folder.joinpath(*parts[:skip])
                break


def _uris(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {normalize(node["uri"])} if isinstance(node.get("uri"), str) else set()
        return found.union(*(_uris(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_uris(v) for v in node))
    return set()


def _entries(node: Any) -> Iterator[tuple[list, int]]:
    """(list, index) of each outermost list entry: a post, an album photo, a story."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _entries(value)
    elif isinstance(node, list):
        for index, entry in enumerate(node):
            if isinstance(entry, dict) and isinstance(entry.get("photos"), list):
                yield from _entries(entry["photos"])  # 2018 photos.json: albums hold the photos
            else:
                yield node, index


def _remove(data: Any, gone: set[str]) -> tuple[bool, set[str]]:
    """Drop every outermost entry that lists a gone uri; (changed, every uri those entries had)."""
    doomed = [(owner, index, uris) for owner, index in _entries(data)
              if (uris := _uris(owner[index])) & gone]
    for owner, index, _ in sorted(doomed, key=lambda d: d[1], reverse=True):
        del owner[index]
    return bool(doomed), set().union(*(d[2] for d in doomed))


def write_cleanup_variant(src: Path, dst: Path, *, delete: int, seed: int, overwrite: bool = False) -> list[str]:
    """Copy the export folder src to dst, delete ``delete`` random photos/videos with their posts.

    Returns the media uris that are gone (their files are removed too). Deterministic for a seed.
    """
    src, dst = Path(src), Path(dst)
    _copy(src, dst, overwrite)
    files = {path: (root, json.loads(path.read_text(encoding="utf-8"))) for path, root in _item_files(dst)}
    candidates = sorted(set().union(*(_uris(data) for _, data in files.values())))
    gone = set(random.Random(seed).sample(candidates, min(delete, len(candidates))))
    changed: set[Path] = set()
    while True:  # a removed post's other photos go too, and the posts sharing those
        before = len(gone)
        for path, (_, data) in files.items():
            removed, uris = _remove(data, gone)
            if removed:
                changed.add(path)
                gone |= uris
        if len(gone) == before:
            break
    for path in sorted(changed):
        path.write_text(json.dumps(files[path][1], indent=2, ensure_ascii=True) + "\n", encoding="utf-8")
    roots = {root for root, _ in files.values()}
    for uri in gone:
        for root in roots:
            (root / uri).unlink(missing_ok=True)
    return sorted(gone)


def _copy(src: Path, dst: Path, overwrite: bool) -> None:
    if dst.exists():
        if not overwrite:
            raise FileExistsError(f"{dst} exists; pass overwrite=True to replace it")
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


def write_jurisdiction_variant(src: Path, dst: Path, jurisdiction: str = "United Kingdom", *,
                               overwrite: bool = False) -> Path:
    """Copy the Facebook export folder src to dst with ``jurisdiction`` as its privacy jurisdiction.

    Returns the rewritten file. How Meta words the value is not documented publicly (a country name
    is assumed), so pass whatever a test needs: "United Kingdom", "Germany", "European Union"...
    """
    src, dst = Path(src), Path(dst)
    found = sorted(src.glob(f"*/{JURISDICTION_FILE}")) + sorted(src.glob(JURISDICTION_FILE))
    if not found:
        raise FileNotFoundError(f"no {JURISDICTION_FILE} in {src}")
    _copy(src, dst, overwrite)
    target = dst / found[0].relative_to(src)
    records = json.loads(target.read_text(encoding="utf-8"))
    exported = records[0].get("timestamp", 0) if isinstance(records, list) and records else 0
    return write_json(target, jurisdiction_record(jurisdiction, exported))
