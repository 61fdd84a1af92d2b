"""Regenerate the bundled sample exports: ``python -m metaexposure.samples [OUT_DIR]``.

OUT_DIR defaults to the source checkout's data/samples; the sample folders in it are replaced.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import SAMPLES_DIR, write_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metaexposure.samples",
                                     description="Regenerate the bundled synthetic sample exports.")
    parser.add_argument("out_dir", nargs="?", type=Path, default=SAMPLES_DIR,
                        help=f"where to write the samples (default: {SAMPLES_DIR})")
    args = parser.parse_args(argv)
    for folder in sorted(write_samples(args.out_dir)):
        print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
