"""What the curated notebooks share: which export to open, where to write, how to name inputs.

Every notebook's ``parameters`` cell holds plain values (``export = None``, ``work = None``) so
papermill can override them; these helpers turn them into paths. The rules live here, not in cells:

- ``export`` given -> those paths; else ``$METAEXPOSURE_EXPORT`` (paths separated by ``os.pathsep``);
  else the bundled synthetic sample.
- Everything a notebook writes (review store, worklist, charts, a simulated clean-up) goes under one work
  folder: ``work`` given, else ``$METAEXPOSURE_WORK``, else ``work/`` beside the notebooks (git ignores
  it). It is never inside an export or the bundled samples.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import note_origin
from .review import Review
from .samples import SAMPLES_DIR, sample_paths

ENV_EXPORT = "METAEXPOSURE_EXPORT"
ENV_WORK = "METAEXPOSURE_WORK"
# Where a path came from, as an ExportError / ReviewFileError about it says in a notebook (errors.note_origin).
FROM_PARAMETER = "`{name} = ...` in this notebook's parameters cell: correct it there and run the notebook again"
FROM_ENVIRONMENT = ("the {name} environment variable (paths separated by ':', ';' on Windows): correct or unset "
                    "it, then restart JupyterLab, whose kernels inherit it; or set the path in the parameters cell")
FROM_SAMPLE = "the bundled sample in data/samples (neither `export` nor $METAEXPOSURE_EXPORT was set)"
FROM_DEFAULT_WORK = ("the default work folder, work/ beside the notebooks: set `work = ...` in the parameters cell "
                     "or $METAEXPOSURE_WORK to use another")
PathLike = str | os.PathLike[str]


def _split(value: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(value, (str, os.PathLike)):
        parts = [p for p in str(value).split(os.pathsep) if p.strip()]
    else:
        parts = [os.fspath(p) for p in value if str(p).strip()]
    return [Path(p.strip()).expanduser() for p in parts]


def notebook_paths(export: PathLike | Sequence[PathLike] | None = None, *, sample: str = "default",
                   environ: Mapping[str, str] | None = None) -> list[Path]:
    """The export paths a notebook opens: ``export``, else ``$METAEXPOSURE_EXPORT``, else the bundled sample.

    >>> notebook_paths(environ={})[0].name
    'facebook-2024'
    """
    environ = os.environ if environ is None else environ
    if export is not None and _split(export):
        paths, origin = _split(export), FROM_PARAMETER.format(name="export")
    elif environ.get(ENV_EXPORT, "").strip():
        paths, origin = _split(environ[ENV_EXPORT]), FROM_ENVIRONMENT.format(name=ENV_EXPORT)
    else:
        paths, origin = sample_paths(sample), FROM_SAMPLE
    note_origin(paths, origin)  # a bad path's ExportError then says where to correct it
    return paths


def is_sample(path: PathLike) -> bool:
    """True for a path inside the bundled sample folder (data/samples)."""
    return Path(path).expanduser().resolve().is_relative_to(SAMPLES_DIR.resolve())


def input_label(path: PathLike) -> str:
    """How a notebook names an input: ``data/samples/<name>`` for the sample, else the file or folder name.

    Only the last path component of your own export is shown, so a saved notebook never carries
    the folders of your machine.
    """
    path = Path(path).expanduser()
    if is_sample(path):
        return f"data/samples/{path.resolve().relative_to(SAMPLES_DIR.resolve()).as_posix()}"
    return path.name


def folder_size(folder: PathLike) -> int:
    """Bytes of the regular files under ``folder``; symlinks are not followed, unreadable entries not counted.

    An explicit stack, not ``Path.rglob`` (recursive on Python < 3.12): an export nested 1,500 folders
    deep must not end in a RecursionError before it is even loaded.
    """
    total, stack = 0, [os.fspath(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.is_file(follow_symlinks=False):
                            total += entry.stat(follow_symlinks=False).st_size
                    except OSError:  # vanished or unreadable meanwhile: the size is only a hint
                        continue
        except OSError:
            continue
    return total


def describe_inputs(paths: Sequence[PathLike]) -> pd.DataFrame:
    """One row per input: its label, whether it is a zip or a folder, and its size on disk in MB."""
    rows = []
    for path in map(Path, paths):
        path = path.expanduser()
        if path.is_dir():
            kind, size = "folder", folder_size(path)
        elif path.is_file():
            kind, size = "zip" if path.suffix.lower() == ".zip" else "file", path.stat().st_size
        else:
            kind, size = "missing", 0
        rows.append({"input": input_label(path), "type": kind,
                     "synthetic sample": is_sample(path), "MB": round(size / 1e6, 1)})
    return pd.DataFrame(rows, columns=["input", "type", "synthetic sample", "MB"])


def work_dir(work: PathLike | None = None, exports: Sequence[PathLike] = (), *, subfolder: str = "") -> Path:
    """The folder a notebook writes into (created): ``work``, else ``$METAEXPOSURE_WORK``, else ``work/``.

    Relative paths are taken from the current folder: in JupyterLab that is the notebooks folder,
    whose ``work/`` git ignores. A folder inside an export or the bundled samples is refused.
    """
    if work is not None and str(work).strip():
        chosen, origin = work, FROM_PARAMETER.format(name="work")
    elif os.environ.get(ENV_WORK, "").strip():
        chosen, origin = os.environ[ENV_WORK].strip(), FROM_ENVIRONMENT.format(name=ENV_WORK)
    else:
        chosen, origin = "work", FROM_DEFAULT_WORK
    folder = (Path(chosen).expanduser() / subfolder).resolve()
    note_origin([folder], origin)  # a review store there that cannot be opened says where the folder was set
    for protected in [SAMPLES_DIR, *exports]:
        base = Path(protected).expanduser().resolve()
        if base.is_dir() and folder.is_relative_to(base):
            raise ValueError(f"{folder} is inside the export {base.name}: metaexposure never writes into an "
                             "export; pick a work folder elsewhere")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def relative_label(path: PathLike, folder: PathLike) -> str:
    """A written file named from its work folder (``work/charts/x.svg``), never by its absolute path."""
    path, base = Path(path).resolve(), Path(folder).resolve()
    return f"{base.name}/{path.relative_to(base).as_posix()}" if path.is_relative_to(base) else path.name


def review_store(folder: PathLike, paths: Sequence[PathLike]) -> Path:
    """The review store a notebook opens in the work folder ``folder``: ``metaexposure-review.sqlite``, and for
    the bundled sample ``sample/metaexposure-review.sqlite``.

    The sample's own store keeps Ava's example labels (notebook 03 saves them) away from your export: an album
    of yours called "Mobile uploads" must never take her label for hers.
    """
    sample = bool(paths) and all(is_sample(p) for p in paths)
    return Path(folder) / ("sample" if sample else "") / "metaexposure-review.sqlite"


def files_written(folder: PathLike, work: PathLike) -> pd.DataFrame:
    """The files under ``folder`` (inside the work folder ``work``), named from it, with their size in KB."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return pd.DataFrame({"file": [relative_label(p, work) for p in files],
                         "KB": [round(p.stat().st_size / 1024, 1) for p in files]}, columns=["file", "KB"])


def head_lines(path: PathLike, lines: int = 30) -> str:
    """The first ``lines`` lines of a text file, with a note of how many more there are."""
    text = Path(path).read_text(encoding="utf-8").splitlines()
    more = f"\n\n*… {len(text) - lines} more lines in {Path(path).name}*" if len(text) > lines else ""
    return "\n".join(text[:lines]) + more


# Clean-up simulated on the sample for notebook 06: how many photos/videos go, and the seed.
DEMO_CLEANUP = {"facebook": (30, 2024), "instagram": (8, 2025)}


def simulate_cleanup(paths: Sequence[PathLike], work: PathLike | None) -> list[Path]:
    """Write a cleaned-up copy of each bundled sample folder into ``work/cleanup-demo/``; returns their paths.

    Only the bundled sample is copied: an export of yours is never duplicated.
    """
    from .samples.variants import write_cleanup_variant

    out = []
    for path in map(Path, paths):
        if not is_sample(path) or not path.is_dir():
            raise ValueError(f"{input_label(path)}: only the bundled sample is copied for a simulated clean-up; "
                             "for your own, pass the export from before the clean-up as `before`")
        delete, seed = DEMO_CLEANUP["instagram" if path.name.startswith("instagram") else "facebook"]
        target = work_dir(work, paths, subfolder="cleanup-demo") / path.name
        write_cleanup_variant(path, target, delete=delete, seed=seed, overwrite=True)
        out.append(target)
    return out


def cleanup_pair(before: PathLike | Sequence[PathLike] | None, export: PathLike | Sequence[PathLike] | None,
                 work: PathLike | None = None) -> tuple[list[Path], list[Path]]:
    """(before, after) export paths for notebook 06.

    ``before`` given: it against ``export`` (or ``$METAEXPOSURE_EXPORT``). Not given: the bundled
    sample against a simulated clean-up of it, written into the work folder.
    """
    if before is not None and _split(before):
        note_origin(_split(before), FROM_PARAMETER.format(name="before"))
        return _split(before), notebook_paths(export)
    sample = sample_paths()
    return sample, simulate_cleanup(sample, work)


def review_summary(review: Review, work: PathLike) -> str:
    """One line on a review store, named from the work folder: flags by action and labels (group labels
    when there are any)."""
    actions: dict[str, int] = {}
    for flag in review.flags.values():
        actions[flag.get("action", "?")] = actions.get(flag.get("action", "?"), 0) + 1
    flags = ", ".join(f"{n} {action.replace('_', ' ')}" for action, n in sorted(actions.items())) or "no flags"
    groups = f", {len(review.group_labels)} group label(s)" if review.group_labels else ""
    return (f"{relative_label(review.path, work)}: {flags}; {len(review.album_labels)} album label(s), "
            f"{len(review.item_labels)} item label(s){groups}")


# Moved to nbdecisions (what a notebook decides only when asked); notebooks saved before still import them here.
_MOVED = ("SAMPLE_ALBUM_LABELS", "demo_album_labels", "label_albums", "exposure_moves", "flag_unflagged")


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from . import nbdecisions

        return getattr(nbdecisions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
