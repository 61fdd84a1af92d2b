"""Deterministic writing of synthetic export files, in Meta's own text encoding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def mojibake(value: str) -> str:
    """Encode text the way Meta does: each UTF-8 byte becomes one U+00XX character."""
    return value.encode("utf-8").decode("latin-1")


def _meta_encode(obj: Any) -> Any:
    if isinstance(obj, str):
        return mojibake(obj)
    if isinstance(obj, dict):
        return {mojibake(k): _meta_encode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_meta_encode(v) for v in obj]
    return obj


def write_json(path: Path, obj: Any) -> Path:
    """Write obj as Meta does: indented, every non-ASCII byte as a \\u00XX escape."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(_meta_encode(obj), indent=2, ensure_ascii=True) + "\n"
    path.write_bytes(data.encode("ascii"))
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
