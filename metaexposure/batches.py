"""Summarise many donated exports on Dask: one Parquet table of counts per export (DESIGN.md section 10, issue 19).

For researchers who run the loader over thousands of exports. Each export is loaded in a Dask task and
reduced there to counts by platform, kind, audience, audience basis, where, year and ai_exposed: never
a caption, a name, a place, a coordinate or a file name. Each export is known by a salted hash of its
wrapper name (``facebook-<name or id>-<date>-<suffix>``, which holds the person's name or id); the salt
is made once, kept beside the output and reused, and never leaves this machine: the hashes are computed
here, not in the workers.

Without ``address`` the tasks run on this machine in Dask's process scheduler (spawned processes talking
over pipes: no socket is opened). With ``address`` they run on an existing ``dask.distributed`` cluster,
an explicit choice that sends the work, and so the exports' paths and the counts, off this machine; the
cluster's workers must be able to read the paths.

    >>> me.batch("donations/*.zip", out="summaries")       # doctest: +SKIP
"""

from __future__ import annotations

import glob
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .api import PathLike, load
from .errors import ExportError

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'metaexposure[batch]'"
SALT_FILE = "metaexposure-batch.salt"
COMBINED_FILE = "summary.parquet"
EXPORTS_FILE = "exports.parquet"
# What a summary is counted by: categories the kit defines (frame.py), a year and a flag; no export text.
BY = ("platform", "kind", "audience", "audience_basis", "where", "year", "ai_exposed")
SUMMARY_COLUMNS = ("export", *BY, "items")
EXPORT_COLUMNS = ("export", "status", "reason", "items", "problems", "seconds")


class BatchNeedsDask(ImportError):
    """The optional ``batch`` extra (Dask, distributed, pyarrow) is not installed."""


def _require(*modules: str) -> None:
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise BatchNeedsDask(f"metaexposure.batch needs {', '.join(missing)}, which are not installed: "
                             f"{INSTALL_HINT}")


def expand(paths_or_glob: str | PathLike | Iterable[str | PathLike | Sequence[PathLike]]) -> list[tuple[str, ...]]:
    """The exports to summarise, each a tuple of its parts: a glob, a path, or a list of paths or of tuples."""
    if isinstance(paths_or_glob, (str, os.PathLike)):
        paths_or_glob = [paths_or_glob]
    exports = []
    for entry in paths_or_glob:
        if isinstance(entry, (str, os.PathLike)) and glob.has_magic(os.fspath(entry)):
            found = sorted(glob.glob(os.path.expanduser(os.fspath(entry))))
            if not found:
                raise ExportError(entry, "matches no file or folder")
            exports += [(path,) for path in found]
        elif isinstance(entry, (str, os.PathLike)):
            exports.append((os.fspath(entry),))
        else:
            exports.append(tuple(os.fspath(part) for part in entry))
    return exports


def salt(out: Path) -> bytes:
    """The salt kept beside the output: made once (32 random bytes), read back on every later run."""
    path = out / SALT_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text().strip())


def wrapper_name(parts: tuple[str, ...]) -> str:
    """The name Meta gave the export: its first part's file or folder name without ``.zip``."""
    name = Path(parts[0]).name
    return name[:-4] if name.lower().endswith(".zip") else name


def export_id(parts: tuple[str, ...], key: bytes) -> str:
    """HMAC-SHA256 of the wrapper name under the salt, 20 hex digits (80 bits: no collision in millions)."""
    return hmac.new(key, wrapper_name(parts).encode("utf-8"), hashlib.sha256).hexdigest()[:20]


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_WRAPPERS = re.compile(r"\b(facebook|instagram|meta)-[^\s/:,;)]+", re.IGNORECASE)


def redacted(reason: str, parts: tuple[str, ...]) -> str:
    """A failure's reason without the export's paths, wrapper names or anything quoted (account names)."""
    for part in parts:
        for shown in (part, os.path.abspath(part), Path(part).name, wrapper_name((part,))):
            if shown:
                reason = reason.replace(shown, "<export>")
    return _WRAPPERS.sub("<export>", _QUOTED.sub("'...'", reason))


def counts(items: pd.DataFrame) -> pd.DataFrame:
    """Items counted by BY (observed combinations only); year is the UTC year of ``created``, NA when unknown."""
    table = pd.DataFrame({name: items[name] for name in BY if name != "year"})
    table["year"] = items["created"].dt.year.astype("Int16")
    grouped = table.groupby(list(BY), observed=True, dropna=False).size().rename("items").reset_index()
    for name in ("platform", "kind", "audience", "audience_basis", "where"):
        grouped[name] = grouped[name].astype("string")
    grouped["items"] = grouped["items"].astype("int64")
    grouped["ai_exposed"] = grouped["ai_exposed"].astype(bool)
    return grouped


def summarise(parts: tuple[str, ...]) -> dict[str, Any]:
    """Load one export in this process and count it (a Dask task); a failure is a status, never an exception."""
    started = time.perf_counter()
    try:
        ex = load(*parts, progress=False, workers=1)  # the batch is the parallelism: no pool inside a task
        table = counts(ex.items)
    except ExportError as exc:
        return {"status": "unusable", "reason": redacted(exc.reason, parts), "counts": None, "items": 0,
                "problems": 0, "seconds": time.perf_counter() - started}
    except Exception as exc:  # one export must never cost the batch
        return {"status": "failed", "reason": redacted(f"{type(exc).__name__}: {exc}", parts), "counts": None,
                "items": 0, "problems": 0, "seconds": time.perf_counter() - started}
    return {"status": "ok", "reason": "", "counts": table, "items": len(ex.items), "problems": len(ex.problems),
            "seconds": time.perf_counter() - started}


def _local(exports: list[tuple[str, ...]], workers: int) -> list[dict[str, Any]]:
    """Dask's process scheduler on this machine: spawned workers, pipes, no socket."""
    import dask
    from tqdm.auto import tqdm
    from tqdm.dask import TqdmCallback

    from .parallel import spawn_pool

    tasks = [dask.delayed(summarise, pure=False)(parts) for parts in exports]
    with TqdmCallback(desc="Summarising exports", tqdm_class=tqdm):
        if workers <= 1:
            return list(dask.compute(*tasks, scheduler="synchronous"))
        pool = spawn_pool(workers)
        try:
            return list(dask.compute(*tasks, scheduler="processes", pool=pool, chunksize=1))
        finally:
            pool.shutdown()


def _distributed(exports: list[tuple[str, ...]], address: str) -> list[dict[str, Any]]:
    """An existing dask.distributed cluster: work (the paths, and counts back) leaves this machine."""
    from distributed import Client, as_completed
    from tqdm.auto import tqdm

    log.warning("metaexposure.batch: sending %d export paths to the Dask cluster at %s; the exports are read "
                "there and the counts come back", len(exports), address)
    with Client(address) as client:
        futures = client.map(summarise, exports, pure=False)
        order = {future.key: index for index, future in enumerate(futures)}
        results: list[dict[str, Any]] = [{}] * len(futures)
        with tqdm(total=len(futures), desc="Summarising exports") as bar:
            for future in as_completed(futures):
                results[order[future.key]] = future.result()
                bar.update(1)
    return results


def batch(paths_or_glob: str | PathLike | Iterable[str | PathLike | Sequence[PathLike]], out: PathLike,
          address: str | None = None, *, workers: int | None = None) -> pd.DataFrame:
    """Summarise many exports into ``out``: ``<id>.parquet`` per export, summary.parquet, exports.parquet.

    ``address``: a ``dask.distributed`` scheduler (``tcp://host:8786``) to run on, which sends the work
    off this machine; None (default): Dask's process scheduler here, ``workers`` processes (default one
    per core; 1: in this process). Returns the exports table: one row per export, ``status`` ok, unusable
    or failed and ``reason`` saying why.
    """
    _require("dask", "pyarrow", *(("distributed",) if address else ()))
    from .parallel import cores

    exports = expand(paths_or_glob)
    out = Path(out).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    key = salt(out)
    ids = [export_id(parts, key) for parts in exports]
    results = _distributed(exports, address) if address else _local(exports, workers or cores())
    frames, rows = [], []
    for export, result in zip(ids, results, strict=True):
        rows.append({"export": export, **{name: result[name] for name in EXPORT_COLUMNS[1:]}})
        if result["counts"] is not None:
            table = result["counts"]
            table.insert(0, "export", pd.array([export] * len(table), dtype="string"))
            table.to_parquet(out / f"{export}.parquet", index=False)
            frames.append(table)
    combined = pd.concat(frames, ignore_index=True) if frames else _empty_summary()
    combined.to_parquet(out / COMBINED_FILE, index=False)
    table = pd.DataFrame(rows, columns=list(EXPORT_COLUMNS)).astype(
        {"export": "string", "status": "string", "reason": "string", "items": "int64", "problems": "int64",
         "seconds": "float64"})
    table.to_parquet(out / EXPORTS_FILE, index=False)
    log.info("batch: %d exports, %d ok, written to %s", len(table), int((table["status"] == "ok").sum()), out)
    return table


def _empty_summary() -> pd.DataFrame:
    types = {"export": "string", "platform": "string", "kind": "string", "audience": "string",
             "audience_basis": "string", "where": "string", "year": "Int16", "ai_exposed": "bool", "items": "int64"}
    return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in types.items()})
