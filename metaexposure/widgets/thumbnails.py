"""Thumbnails for the Explorer: made lazily from the media inside the export, cached per user.

The cache lives in ``$XDG_CACHE_HOME/metaexposure/thumbs`` (or ``~/.cache/...``), one folder per
export, owner-only (0o700 folders, 0o600 files); nothing is ever written into the export.
Thumbnails are re-encoded JPEGs, so the EXIF of the original (GPS included) never reaches the cache.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..records import VIDEO_EXTENSIONS

log = logging.getLogger(__name__)

TILE = 160
DETAIL = 320  # with a 4-5 column grid beside it in a laptop-wide notebook
_VERSION = "1"  # bump when the thumbnail recipe changes, so stale files are not reused


class MediaSource(Protocol):
    """What the cache needs of an Export."""

    paths: tuple[str, ...]

    def media_bytes(self, uri: str) -> bytes | None: ...


def cache_root() -> Path:
    """The per-user thumbnail folder: ``$XDG_CACHE_HOME/metaexposure/thumbs`` or ``~/.cache/...``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "metaexposure" / "thumbs"


def export_identity(ex: MediaSource) -> str:
    """A hash naming one export: its input paths with their size and modification time."""
    digest = hashlib.sha256(_VERSION.encode())
    for path in sorted(str(p) for p in getattr(ex, "paths", ())):
        resolved = Path(path).resolve()
        try:
            stat = resolved.stat()
            digest.update(f"{resolved}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{resolved}\0missing\n".encode())
    return digest.hexdigest()[:24]


def _is_video(uri: str) -> bool:
    return os.path.splitext(uri.lower())[1] in VIDEO_EXTENSIONS


@lru_cache(maxsize=32)
def placeholder(label: str, size: int = TILE) -> bytes:
    """A grey JPEG square with a short label, shown when there is no picture to show."""
    image = Image.new("RGB", (size, size), (236, 239, 241))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size - 1, size - 1), outline=(176, 190, 197))
    if label == "video":  # a play triangle says "video" at a glance
        r = size // 6
        cx, cy = size // 2, size // 2 - size // 12
        draw.polygon([(cx - r // 2, cy - r), (cx - r // 2, cy + r), (cx + r, cy)], fill=(120, 144, 156))
    font = ImageFont.load_default(size=max(11, size // 11))
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    y = size * 0.66 if label == "video" else (size - (bottom - top)) / 2
    draw.text(((size - (right - left)) / 2, y), label, fill=(84, 110, 122), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_thumbnail(data: bytes, size: int = TILE, *, square: bool = True) -> bytes:
    """A JPEG thumbnail of image bytes: cropped to a square for tiles, else fitted inside size."""
    with warnings.catch_warnings():
        # a big panorama is a normal photo here; Pillow still refuses real decompression bombs
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as original:
            original.draft("RGB", (size * 2, size * 2))  # JPEG: decode at a reduced scale, much faster
            image = ImageOps.exif_transpose(original)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            if square:
                image = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
            else:
                image.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


class ThumbnailCache:
    """Thumbnails of one export, made on first use and kept on disk for the next session."""

    def __init__(self, ex: MediaSource, *, root: Path | str | None = None) -> None:
        self.ex = ex
        self.root = Path(root) if root is not None else cache_root()
        self.folder = self.root / export_identity(ex)
        self._writable: bool | None = None
        self._memory: dict[str, bytes] = {}  # when the cache folder cannot be written

    def _prepare(self) -> bool:
        if self._writable is None:
            try:
                # only our own folders are tightened: metaexposure/, thumbs/ and the export's
                for folder in (self.root.parent, self.root, self.folder):
                    _private_dir(folder)
                self._writable = True
            except OSError as exc:
                log.warning("thumbnail cache %s not writable (%s); keeping thumbnails in memory",
                            self.folder, exc)
                self._writable = False
        return self._writable

    def key(self, uri: str, size: int, square: bool) -> str:
        """File name of one thumbnail: a hash of the uri and its recipe, never the uri itself."""
        recipe = f"{uri}\0{size}\0{int(square)}"
        return hashlib.sha256(recipe.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".jpg"

    def _write(self, path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".jpg")  # mkstemp: 0o600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _cached(self, uri: str, size: int, square: bool) -> bytes | None:
        if not uri:
            return placeholder("text post", size)
        if _is_video(uri):
            return placeholder("video", size)
        name = self.key(uri, size, square)
        if not self._prepare():
            return self._memory.get(name)
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def _store(self, uri: str, size: int, square: bool, thumb: bytes) -> None:
        name = self.key(uri, size, square)
        if not self._writable:
            self._memory[name] = thumb
            return
        try:
            self._write(self.folder / name, thumb)
        except OSError as exc:
            log.warning("could not cache a thumbnail in %s: %s", self.folder, exc)

    def _make(self, uri: str, data: bytes | None, size: int, square: bool) -> bytes:
        if data is None:
            return placeholder("not in export", size)
        try:
            thumb = make_thumbnail(data, size, square=square)
        except Exception as exc:  # noqa: BLE001 - any undecodable file (or a bomb) gets a placeholder
            log.info("no thumbnail for %s: %s", uri, exc)
            return placeholder("cannot show", size)
        self._store(uri, size, square, thumb)
        return thumb

    def get(self, uri: str, size: int = TILE, *, square: bool = True) -> bytes:
        """JPEG bytes of the thumbnail of ``uri``, or of a placeholder saying why there is none."""
        cached = self._cached(uri, size, square)
        return cached if cached is not None else self._make(uri, self.ex.media_bytes(uri), size, square)

    def many(self, uris: Iterable[str], size: int = TILE) -> list[bytes]:
        """Tile thumbnails of several uris, in order; the missing ones are decoded in parallel."""
        uris = list(uris)
        out = [self._cached(uri, size, True) for uri in uris]
        todo = [i for i, thumb in enumerate(out) if thumb is None]
        # reading stays in this thread (the export's zip handles are not shared across threads);
        # JPEG decoding releases the GIL, so a page of cold thumbnails uses every core
        data = [self.ex.media_bytes(uris[i]) for i in todo]
        workers = min(len(todo), os.cpu_count() or 1, 8)
        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                made = list(pool.map(lambda j: self._make(uris[todo[j]], data[j], size, True), range(len(todo))))
        else:
            made = [self._make(uris[i], d, size, True) for i, d in zip(todo, data, strict=True)]
        for i, thumb in zip(todo, made, strict=True):
            out[i] = thumb
        return out  # type: ignore[return-value]

    def clear(self) -> None:
        """Delete this export's cached thumbnails."""
        self._memory.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
        self._writable = None

    def __repr__(self) -> str:
        return f"<ThumbnailCache {self.folder}>"

