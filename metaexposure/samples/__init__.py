"""Synthetic sample exports of one fictional person, Ava Synthetic: nothing in them is real.

The committed copies live in ``data/samples/``; ``python -m metaexposure.samples`` regenerates
them byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"

# name -> folder under data/samples; "default" is what every notebook opens.
SETS = {
    "facebook": ("facebook-2024",),
    "facebook-2021": ("facebook-2021",),
    "instagram": ("instagram-2025",),
    "instagram-2021": ("instagram-2021",),
    "default": ("facebook-2024", "instagram-2025"),
}


def sample_paths(name: str = "default", root: Path | None = None) -> list[Path]:
    """Paths of a bundled sample export set, ready for ``load(*sample_paths())``."""
    if name not in SETS:
        raise ValueError(f"unknown sample set {name!r}; choose one of {', '.join(SETS)}")
    base = root or SAMPLES_DIR
    paths = [base / folder for folder in SETS[name]]
    missing = [p for p in paths if not p.is_dir()]
    if missing:
        raise FileNotFoundError(f"sample export {missing[0]} is missing; run `python -m metaexposure.samples` "
                                "in a source checkout to write it")
    return paths


def write_samples(out_dir: Path) -> list[Path]:
    """Write every sample export under out_dir (emptied first); returns the folders written."""
    from .facebook import write_facebook_samples
    from .instagram import write_instagram_samples

    out_dir = Path(out_dir)
    written = []
    for folder in {f for folders in SETS.values() for f in folders}:
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    written += write_facebook_samples(out_dir)
    written += write_instagram_samples(out_dir)
    return written
